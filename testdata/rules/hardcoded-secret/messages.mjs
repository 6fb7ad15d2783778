// User-facing messages of the keys API and the operator console, in English
// and German. The keys name credentials; the values only talk about them.
import Router from '@koa/router';

export const messages = {
  en: {
    // ok: hardcoded-secret -- a sentence about a key, not a key
    apiKey: 'API key',
    // ok: hardcoded-secret -- a sentence about a key, not a key
    invalidApiKey: 'Invalid API key',
    // ok: hardcoded-secret -- a sentence, not a password
    password: 'Your password',
    // ok: hardcoded-secret -- a sentence, not a password
    passwordTooShort: 'Passwords need at least 16 characters.',
    // ok: hardcoded-secret -- a sentence, not a token
    token: 'Access token',
    // ok: hardcoded-secret -- a sentence, not a token
    tokenExpired: 'Your session has expired. Sign in again.',
    // ok: hardcoded-secret -- a sentence, not a secret
    clientSecret: 'Client secret (shown once)',
    // ok: hardcoded-secret -- a single word, too weak to be a credential
    secret: 'secret',
  },
  de: {
    // ok: hardcoded-secret -- a sentence about a key, not a key
    apiKey: 'Ihr API-Schlüssel',
    // ok: hardcoded-secret -- a sentence about a key, not a key
    invalidApiKey: 'Ungültiger API-Schlüssel',
    // ok: hardcoded-secret -- a sentence, not a password
    password: 'Ihr Passwort',
    // ok: hardcoded-secret -- a sentence, not a password
    passwordTooShort: 'Passwörter brauchen mindestens 16 Zeichen.',
    // ok: hardcoded-secret -- a sentence, not a token
    token: 'Token für den Zugriff',
    // ok: hardcoded-secret -- a sentence, not a secret
    clientSecret: 'Client-Geheimnis (wird einmal angezeigt)',
  },
};

// A demo value left in the translation file "so the screenshot looks real".
export const samples = {
  // expect: hardcoded-secret
  apiKey: 'ak_live_OV7UlEIPcWNPa1iXGBo0KVg8',
  // ok: hardcoded-secret -- a hint about the key's shape, with spaces; `apiKeyHint` is about the key
  apiKeyHint: 'Live keys start with ak_live_',
};

export const router = new Router();

router.get('/i18n/:lang', async (ctx) => {
  ctx.body = messages[ctx.params.lang] ?? messages.en;
});
