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

  config.logger = {
    dir: `${appInfo.root}/logs/${appInfo.name}`,
  };

  return config;
};
