'use strict';

// Database, cache, queue and mail connections of the keys API. All of them
// cross the network between the Koa pods and managed services, so each TLS
// connection must verify the server certificate.

const fs = require('node:fs');
const { Pool } = require('pg');
const { Sequelize } = require('sequelize');
const Redis = require('ioredis');
const mysql = require('mysql2/promise');
const mongoose = require('mongoose');
const nodemailer = require('nodemailer');
const { Kafka } = require('kafkajs');
const amqp = require('amqplib');
const knex = require('knex');

const config = require('./config');

const rdsCa = fs.readFileSync('/etc/ssl/certs/rds-combined-ca-bundle.pem', 'utf8');

// Primary Postgres pool.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
  // expect: tls-verification-disabled
  ssl: { rejectUnauthorized: false },
});

// Sequelize models for the audit schema.
const sequelize = new Sequelize(process.env.AUDIT_DATABASE_URL, {
  dialect: 'postgres',
  logging: false,
  dialectOptions: {
    ssl: {
      require: true,
      // expect: tls-verification-disabled
      rejectUnauthorized: false,
    },
  },
});

// Session cache.
const redis = new Redis({
  host: config.redis.host,
  port: 6380,
  tls: {
    servername: config.redis.host,
    // expect: tls-verification-disabled
    rejectUnauthorized: false,
  },
});

// Reporting replica: verification decided by an environment variable.
const reportingDb = mysql.createPool({
  uri: process.env.REPORTING_DATABASE_URL,
  ssl: {
    ca: rdsCa,
    // expect: tls-verification-disabled
    rejectUnauthorized: process.env.MYSQL_SSL_VERIFY === 'true',
  },
});

// Outgoing mail through the corporate relay (STARTTLS on 587).
const mailer = nodemailer.createTransport({
  host: config.smtp.host,
  port: 587,
  // ok: tls-verification-disabled
  secure: false,
  requireTLS: true,
  tls: {
    // expect: tls-verification-disabled
    rejectUnauthorized: false,
  },
});

// Event stream.
const kafka = new Kafka({
  clientId: 'keys-api',
  brokers: config.kafka.brokers,
  ssl: {
    ca: [rdsCa],
    // expect: tls-verification-disabled
    rejectUnauthorized: !config.insecure,
  },
});

// Job queue.
async function connectQueue() {
  return amqp.connect(process.env.AMQP_URL, {
    ca: [rdsCa],
    // expect: tls-verification-disabled
    rejectUnauthorized: 0,
  });
}

// A binding declared with `let` and never reassigned.
let verifyWarehouseCert = false;

const warehouse = knex({
  client: 'pg',
  connection: {
    connectionString: process.env.WAREHOUSE_URL,
    // expect: tls-verification-disabled
    ssl: { ca: rdsCa, rejectUnauthorized: verifyWarehouseCert },
  },
});

// Shorthand property bound to a constant. The declaration itself is not an
// options object; the property that uses it is.
// ok: tls-verification-disabled
const rejectUnauthorized = false;
const analyticsPool = new Pool({
  connectionString: process.env.ANALYTICS_DATABASE_URL,
  ssl: {
    ca: rdsCa,
    // expect: tls-verification-disabled
    rejectUnauthorized,
  },
});

// Module-level setting is safe, but the function shadows it with `false`.
const verifyCerts = true;

function billingPool() {
  const verifyCerts = false;
  return new Pool({
    connectionString: process.env.BILLING_DATABASE_URL,
    // expect: tls-verification-disabled
    ssl: { rejectUnauthorized: verifyCerts },
  });
}

// Look-alikes below: none of these turn verification off.

function ledgerPool() {
  return new Pool({
    connectionString: process.env.LEDGER_DATABASE_URL,
    // ok: tls-verification-disabled
    ssl: { ca: rdsCa, rejectUnauthorized: verifyCerts },
  });
}

// Local sockets do not use TLS at all; `ssl: false` is a different property.
const localPool = new Pool({
  host: '/var/run/postgresql',
  // ok: tls-verification-disabled
  ssl: false,
});

const rateLimitRedis = new Redis({
  host: config.rateLimit.host,
  tls: {
    // ok: tls-verification-disabled
    rejectUnauthorized: config.rateLimit.tlsVerify,
  },
});

// Mongo has its own names for this: the driver's `sslValidate: false` trusts any server.
mongoose.connect(process.env.MONGO_URL, {
  tls: true,
  tlsCAFile: '/etc/ssl/certs/mongo-ca.pem',
  // expect: tls-verification-disabled
  sslValidate: false,
});

const notificationsMailer = nodemailer.createTransport({
  host: config.smtp.host,
  port: 587,
  // ok: tls-verification-disabled
  secure: false,
  // ok: tls-verification-disabled
  tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
});

const replica = mysql.createPool({
  uri: process.env.REPLICA_DATABASE_URL,
  // ok: tls-verification-disabled
  ssl: { ca: rdsCa, rejectUnauthorized: 'yes' },
});

const searchCache = new Redis({
  host: config.searchCache.host,
  // ok: tls-verification-disabled
  tls: { rejectUnauthorized: 1 },
});

function describeTls(options) {
  // ok: tls-verification-disabled
  if (options.ssl && options.ssl.rejectUnauthorized === false) {
    return 'tls (unverified)';
  }
  return options.ssl ? 'tls' : 'plain';
}

// ok: tls-verification-disabled
// ssl: { rejectUnauthorized: false } was removed once the RDS CA bundle shipped
const POOL_HEALTH_QUERY = 'SELECT 1';

module.exports = {
  pool,
  sequelize,
  redis,
  reportingDb,
  mailer,
  kafka,
  connectQueue,
  warehouse,
  analyticsPool,
  billingPool,
  ledgerPool,
  localPool,
  rateLimitRedis,
  notificationsMailer,
  replica,
  searchCache,
  describeTls,
  POOL_HEALTH_QUERY,
};
