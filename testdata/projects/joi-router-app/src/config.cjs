'use strict';

module.exports = {
  port: Number(process.env.PORT || 8080),
  publicUrl: process.env.PUBLIC_URL || 'http://localhost:8080',
  invites: {
    ttlHours: 72,
    // Only used to sign invite links; local runs share a fixed phrase.
    linkPhrase: process.env.INVITE_LINK_PHRASE || 'invites-local',
  },
  admin: {
    // The admin console's token key lives in the environment only.
    tokenKey: process.env.ADMIN_TOKEN_KEY,
  },
};
