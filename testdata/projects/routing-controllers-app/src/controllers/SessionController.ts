import { Body, HeaderParam, JsonController, Post, UnauthorizedError } from 'routing-controllers';
import jwt from 'jsonwebtoken';
import jwtSecret from '@config/jwt-secret';
import { settings } from '../config';
import { debugDump } from '../lib/debug';

interface LoginBody {
  driverId: string;
  pin: string;
}

@JsonController('/session')
export class SessionController {
  @Post('/')
  async login(@Body() body: LoginBody) {
    // ok: header-logging -- the driver id only
    debugDump('login', { driverId: body.driverId });
    // expect: hardcoded-secret
    const token = jwt.sign({ sub: body.driverId }, jwtSecret, { expiresIn: '12h', issuer: settings.jwt.issuer });
    return { token };
  }

  @Post('/console')
  async consoleLogin(@HeaderParam('authorization') authorization: string) {
    // expect: header-logging
    debugDump('console login', authorization);
    const raw = authorization.replace(/^Bearer\s+/i, '');
    try {
      // ok: hardcoded-secret -- the console key is read from the environment only
      const claims = jwt.verify(raw, settings.jwt.consoleKey) as { sub: string };
      return { operator: claims.sub };
    } catch {
      throw new UnauthorizedError('invalid console token');
    }
  }
}
