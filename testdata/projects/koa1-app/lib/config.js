'use strict';

var env = process.env;

module.exports = {
  port: env.PORT || 4000,
  // Comma-separated list in production, rotated by ops.
  cookieKeys: (env.LEDGER_COOKIE_KEYS || '').split(','),
  token: {
    // Shared with the v2 service during the migration.
    phrase: env.LEDGER_TOKEN_PHRASE || 'ledger-v1-phrase',
    ttl: 3600,
  },
  reports: {
    // Reports are signed with a key only the reporting cluster has.
    signingKey: env.REPORTS_SIGNING_KEY,
  },
};
