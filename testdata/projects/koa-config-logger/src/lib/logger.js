'use strict';

const pino = require('pino');

// Audit trail of partner actions, shipped to the SIEM.
const audit = pino({ name: 'orders-audit', level: process.env.AUDIT_LEVEL || 'info' });

// Quick debugging aid: prints a label and a JSON dump of whatever it is given.
const debugLog = (label, data) => {
  if (process.env.DEBUG_ORDERS) {
    console.log(`[orders] ${label}`, JSON.stringify(data));
  }
};

module.exports = { audit, debugLog };
