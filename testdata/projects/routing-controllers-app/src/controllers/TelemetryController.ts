import {
  Body,
  CookieParam,
  Ctx,
  Get,
  HeaderParam,
  JsonController,
  Param,
  Post,
  QueryParam,
  UnauthorizedError,
} from 'routing-controllers';
import type { Context } from 'koa';
import { digestEquals, tokensMatch } from '@lib/compare';
import { debugDump } from '../lib/debug';
import { settings } from '../config';

interface Reading {
  vehicleId: string;
  lat: number;
  lng: number;
  at: string;
}

@JsonController('/telemetry')
export class TelemetryController {
  @Post('/readings')
  async ingest(@HeaderParam('x-api-key') apiKey: string, @Body() readings: Reading[]) {
    // expect: timing-unsafe-compare
    if (!tokensMatch(apiKey, process.env.TELEMETRY_INGEST_KEY)) {
      throw new UnauthorizedError('bad ingest key');
    }
    return { accepted: readings.length };
  }

  @Post('/readings/batch')
  async ingestBatch(@HeaderParam('x-api-key') apiKey: string, @Body() readings: Reading[]) {
    // ok: timing-unsafe-compare -- digestEquals hashes, then timingSafeEqual
    if (!digestEquals(apiKey, settings.telemetry.ingestKey)) {
      throw new UnauthorizedError('bad ingest key');
    }
    return { accepted: readings.length };
  }

  @Get('/vehicles/:id')
  async vehicle(@Param('id') id: string, @QueryParam('region') region: string, @Ctx() ctx: Context) {
    // ok: timing-unsafe-compare -- the region is not a secret
    const local = tokensMatch(region, 'eu-central');
    // ok: header-logging -- method and path only
    debugDump('vehicle lookup', { method: ctx.method, path: ctx.path, local });
    // expect: header-logging
    debugDump('vehicle lookup headers', ctx.headers);
    return { id, local };
  }

  @Get('/live')
  async live(@CookieParam('fleet_sid') sid: string, @Ctx() ctx: Context) {
    // expect: timing-unsafe-compare
    if (!tokensMatch(sid, ctx.state.session?.id)) {
      throw new UnauthorizedError('session expired');
    }
    return { stream: `/telemetry/live/${ctx.state.session.vehicle}` };
  }
}
