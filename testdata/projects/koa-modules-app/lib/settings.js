'use strict';

// Cookie-signing keys rotate every season; the current one was left in the source.
module.exports = {
  rotation: { current: 'autumn-2026-cookie', previous: process.env.PREVIOUS_COOKIE_KEY },
  port: Number(process.env.PORT || 8080),
};
