'use strict';

// Settings of the orders API. Production reads everything from the environment;
// the literals below are what a developer laptop runs with.
module.exports = {
  port: Number(process.env.PORT) || 3000,
  env: process.env.NODE_ENV || 'development',
  jwt: {
    // expect: hardcoded-secret
    secret: 'shhhhh',
    // Refresh tokens are signed with their own key so they can be rotated apart.
    refresh: 'keyboard cat',
    issuer: 'orders-api',
    expiresIn: '1h',
  },
  session: {
    key: 'orders.sid',
    maxAge: 24 * 60 * 60 * 1000,
  },
  cookieKeys: (process.env.COOKIE_KEYS || '').split(',').filter(Boolean),
  partners: {
    // Tokens issued by the partner portal; only the portal knows this one.
    jwtSecret: process.env.PARTNER_JWT_SECRET,
    apiKey: process.env.PARTNER_API_KEY,
  },
  carrier: {
    webhookToken: process.env.CARRIER_WEBHOOK_TOKEN || 'dev-token',
  },
  webhooks: {
    signingKey: process.env.WEBHOOK_SIGNING_KEY,
  },
  legacy: {
    // Substituted by the deploy job when it renders config for the old cluster.
    secret: '${LEGACY_JWT_SECRET}',
  },
};
