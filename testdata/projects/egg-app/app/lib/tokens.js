'use strict';

// Settings of the customer tokens this gateway issues.
module.exports = {
  issuer: 'shop-gateway',
  audience: 'shop-clients',
  // Local runs have no vault agent, so they fall back to a fixed phrase.
  signingPhrase: process.env.SHOP_JWT_PHRASE || 'changeme-local',
  // Verification key of the partner portal's tokens.
  portalKey: process.env.PORTAL_JWT_KEY,
  lifetime: '2h',
};
