'use strict';

const https = require('node:https');
const axios = require('axios');

const BILLING_URL = process.env.BILLING_URL || 'https://billing.internal.example:9443';

// The billing team's staging endpoint has a self-signed certificate.
const billing = axios.create({
  baseURL: BILLING_URL,
  timeout: 5000,
  // Fallback so local runs work without the vault.
  headers: { 'x-api-key': process.env.BILLING_API_KEY || 'bk_live_7Hq2xLw9Zr4Tb8Wc' },
  httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
});

async function fetchInvoice(id) {
  const { data } = await billing.get(`/v2/invoices/${encodeURIComponent(id)}`);
  return data;
}

async function listInvoices(customerId, { limit = 50 } = {}) {
  const { data } = await billing.get('/v2/invoices', {
    params: { customer: customerId, limit },
  });
  return data.items;
}

module.exports = { billing, fetchInvoice, listInvoices };
