// Clients for the weather, maps and tiles providers behind the delivery-estimate
// service. Every provider also accepts its key in a header; the `v2` functions
// at the bottom use that, the others are being migrated.
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { config } from './config.js';

const WEATHER_BASE = 'https://api.openweathermap.org/data/2.5';
const MAPS_BASE = 'https://maps.googleapis.com/maps/api';
const TILES_BASE = 'https://tiles.example-maps.com/v3';

export async function currentWeather(city: string): Promise<unknown> {
  const res = await fetch(
    // expect: key-in-query -- reported at the key's `${…}`
    `${WEATHER_BASE}/weather?q=${encodeURIComponent(city)}&units=metric&appid=${process.env.WEATHER_API_KEY}`,
  );
  return res.json();
}

export async function forecast(lat: number, lon: number): Promise<unknown> {
  // ok: key-in-query -- coordinates and a count
  const query = `lat=${lat}&lon=${lon}&cnt=${5 * 8}`;
  // expect: key-in-query -- `!` does not hide the env var
  const url = `${WEATHER_BASE}/forecast?${query}&appid=${process.env.WEATHER_API_KEY!}`;
  return (await fetch(url)).json();
}

export async function geocode(address: string): Promise<unknown> {
  const url =
    // ok: key-in-query -- the address is an ordinary parameter
    MAPS_BASE + '/geocode/json?address=' + encodeURIComponent(address) +
    // expect: key-in-query
    '&key=' + process.env.MAPS_API_KEY;
  return (await fetch(url)).json();
}

export async function directions(from: string, to: string, apiKey: string): Promise<unknown> {
  const url = new URL(`${MAPS_BASE}/directions/json`);
  // ok: key-in-query -- the origin
  url.searchParams.set('origin', from);
  // ok: key-in-query -- the destination
  url.searchParams.set('destination', to);
  // expect: key-in-query -- a parameter named like a secret
  url.searchParams.set('key', apiKey);
  return (await fetch(url)).json();
}

export async function distanceMatrix(origins: string[], destinations: string[]): Promise<unknown> {
  const url = new URL(`${MAPS_BASE}/distancematrix/json`);
  // ok: key-in-query -- a list of places
  url.searchParams.append('origins', origins.join('|'));
  url.searchParams.append('destinations', destinations.join('|'));
  // expect: key-in-query -- a secret from the configuration
  url.searchParams.append('api_key', config.mapsApiKey);
  return (await fetch(url)).json();
}

// Places returns 20 results a page and a `next_page_token` for the rest.
export async function moreNearby(nextPageToken: string): Promise<unknown> {
  const url = new URL(`${MAPS_BASE}/place/nearbysearch/json`);
  // ok: key-in-query -- Places' `pagetoken` is a pagination cursor, not a credential
  url.searchParams.set('pagetoken', nextPageToken);
  const res = await fetch(url, { headers: { 'X-Goog-Api-Key': config.mapsApiKey } });
  return res.json();
}

export const router = new Router();

// The tile proxy forwards the caller's own credential to the provider.
router.get('/v1/tiles/:z/:x/:y', async (ctx: RouterContext) => {
  const presented = ctx.get('authorization');
  const { z, x, y } = ctx.params;
  // expect: key-in-query -- the Authorization header's value moved into the URL
  const res = await fetch(`${TILES_BASE}/${z}/${x}/${y}.png?auth=${presented}`);
  ctx.type = 'image/png';
  ctx.body = Buffer.from(await res.arrayBuffer());
});

// The estimate endpoint: the city comes from our caller's query, which is fine.
router.get('/v1/estimates', async (ctx: RouterContext) => {
  // ok: key-in-query -- a city name
  const city = String(ctx.query.city ?? 'Berlin');
  ctx.body = { weather: await currentWeatherV2(city) };
});

// v2: the keys in headers, the URLs carry only the question.
export async function currentWeatherV2(city: string): Promise<unknown> {
  // ok: key-in-query -- the base URL from the environment is not a secret
  const url = `${process.env.WEATHER_API_URL}/weather?q=${encodeURIComponent(city)}&units=metric`;
  const res = await fetch(url, {
    headers: { 'x-api-key': process.env.WEATHER_API_KEY as string },
  });
  return res.json();
}

export async function geocodeV2(address: string): Promise<unknown> {
  const url = new URL(`${MAPS_BASE}/geocode/json`);
  // ok: key-in-query -- the address
  url.searchParams.set('address', address);
  // ok: key-in-query -- a language code
  url.searchParams.set('language', config.language);
  const res = await fetch(url, { headers: { 'X-Goog-Api-Key': config.mapsApiKey } });
  return res.json();
}

// The browser map loads tiles with the provider's public token, meant to be seen.
export function tileTemplate(style: string): string {
  // ok: key-in-query -- a public (publishable) token is not a secret
  return `${TILES_BASE}/styles/${style}/{z}/{x}/{y}.png?access_token=${process.env.MAPS_PUBLIC_TOKEN}`;
}
