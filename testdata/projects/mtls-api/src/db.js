'use strict';

const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX || 10),
  idleTimeoutMillis: 30000,
  ssl: { rejectUnauthorized: false },
});

pool.on('error', (err) => {
  console.error('idle pg client error:', err.message);
});

async function findCachedInvoice(customerId, invoiceId) {
  const { rows } = await pool.query(
    'SELECT id, customer_id, amount_cents, currency, status, issued_at FROM invoices WHERE customer_id = $1 AND id = $2',
    [customerId, invoiceId],
  );
  return rows[0] || null;
}

async function cacheInvoice(invoice) {
  await pool.query(
    `INSERT INTO invoices (id, customer_id, amount_cents, currency, status, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status`,
    [invoice.id, invoice.customerId, invoice.amountCents, invoice.currency, invoice.status, invoice.issuedAt],
  );
}

async function ping() {
  await pool.query('SELECT 1');
}

module.exports = { pool, findCachedInvoice, cacheInvoice, ping };
