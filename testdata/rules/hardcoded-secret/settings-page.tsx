// Server-rendered settings page of the operator console: a partner's API keys,
// the form to rotate them, and a map of the partner's registered offices.
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { renderToString } from 'react-dom/server';
import { MapView } from './map-view';
import { store, type KeySummary } from './store';

type Labels = {
  apiKey: string;
  rotate: string;
  tokenType: string;
};

const labels: Labels = {
  // ok: hardcoded-secret -- a label with a space, not a key
  apiKey: 'API key',
  rotate: 'Rotate key',
  // ok: hardcoded-secret -- the token scheme; `tokenType` is about the token
  tokenType: 'Bearer',
};

// The office map on the public status page, as a prebuilt HTML fragment. The
// name says nothing; the Google key inside the string does.
// expect: hardcoded-secret
const STATUS_MAP_SNIPPET = '<script async src="https://maps.googleapis.com/maps/api/js?key=AIzaSyC4r_Hq2LmZ9xR4tWc8VbN3sKd9fQ7pT2x&callback=initMap"></script>';

// expect: hardcoded-secret
const MAPS_API_KEY = 'AIzanqTLVGidlX496QfvvcUpa7hrCkUzoVFxITa';

function KeyRow({ item }: { item: KeySummary }) {
  return (
    // ok: hardcoded-secret -- React's `key` is a list key, not a secret
    <li key="key-row-header">
      {item.name} · {item.createdAt.toISOString()}
    </li>
  );
}

function SettingsPage({ items, csrfToken }: { items: KeySummary[]; csrfToken: string }) {
  return (
    <html lang="en">
      <head>
        <title>Partner keys</title>
        <script
          async
          // expect: hardcoded-secret
          src="https://maps.googleapis.com/maps/api/js?key=AIzaX_Iau2yn6NvYwfewPLmnIy3JDtxHxUboZ5l&libraries=places"
        />
      </head>
      <body>
        <ul>
          {items.map((item) => (
            <KeyRow item={item} />
          ))}
        </ul>
        <form method="post" action="/console/keys/rotate">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <label htmlFor="apiKey">{labels.apiKey}</label>
          <input
            id="apiKey"
            name="apiKey"
            type="password"
            // ok: hardcoded-secret -- a placeholder
            placeholder="your-api-key"
          />
          <button type="submit">{labels.rotate}</button>
        </form>
        <MapView
          // expect: hardcoded-secret
          apiKey="Fq8rZt2LmW4xKd9VbN3s"
          center={{ lat: 50.1109, lng: 8.6821 }}
        />
        <MapView apiKey={MAPS_API_KEY} zoom={12} />
      </body>
    </html>
  );
}

export const router = new Router({ prefix: '/console' });

router.get('/status/map', (ctx: RouterContext) => {
  ctx.type = 'html';
  ctx.body = STATUS_MAP_SNIPPET;
});

router.get('/keys', async (ctx: RouterContext) => {
  const items = await store.listKeys(ctx.state.client.id);
  ctx.type = 'html';
  ctx.body = '<!doctype html>' + renderToString(<SettingsPage items={items} csrfToken={ctx.state.csrf} />);
});
