'use strict';

module.exports = appInfo => {
  const config = {};

  // ok: hardcoded-secret -- the cookie keys are provided by the deployment
  config.keys = process.env.EGG_COOKIE_KEYS;

  config.middleware = ['apiAuth'];
  config.apiAuth = {
    match: '/api',
  };

  config.security = {
    csrf: { ignore: '/api' },
  };

  config.partner = {
    baseUrl: process.env.PARTNER_BASE_URL || 'https://partners.shop.internal',
    timeout: 5000,
  };

  // Partner callbacks are signed with this phrase; the refresh phrase comes from the deployment.
  config.callbacks = {
    phrase: 'partner-hooks-2026',
    refreshPhrase: process.env.PARTNER_REFRESH_PHRASE,
  };

  config.logger = {
    dir: `${appInfo.root}/logs/${appInfo.name}`,
  };

  return config;
};
