// Upstream connections of the shipping API: the carrier SOAP bridge (request),
// the label printer (superagent), the tracking store (mongoose) and the rate
// cache. Every one of them crosses the VPC peering link.
'use strict';

const https = require('https');
const Koa = require('koa');
const Router = require('@koa/router');
const request = require('request');
const superagent = require('superagent');
const mongoose = require('mongoose');
const { MongoClient } = require('mongodb');
const session = require('koa-session');

const app = new Koa();
app.keys = [process.env.SHIPPING_COOKIE_KEY];
const router = new Router({ prefix: '/shipments' });

const carrier = request.defaults({
  baseUrl: 'https://soap.carrier.example.net/v3',
  // expect: tls-verification-disabled
  strictSSL: false,
  timeout: 10000,
});

const carrierSandbox = request.defaults({
  baseUrl: 'https://sandbox.carrier.example.net/v3',
  // ok: tls-verification-disabled -- verification stays on
  strictSSL: true,
});

mongoose.connect(process.env.TRACKING_MONGO_URL, {
  tls: true,
  // expect: tls-verification-disabled
  tlsAllowInvalidCertificates: true,
  // expect: tls-verification-disabled
  tlsAllowInvalidHostnames: true,
});

const archive = mongoose.createConnection(process.env.ARCHIVE_MONGO_URL, {
  ssl: true,
  // expect: tls-verification-disabled
  sslValidate: false,
});

const reporting = new MongoClient(process.env.REPORTING_MONGO_URL, {
  tls: true,
  // expect: tls-verification-disabled
  tlsAllowInvalidCertificates: process.env.MONGO_INSECURE === '1',
});

const metrics = new MongoClient(process.env.METRICS_MONGO_URL, {
  tls: true,
  // ok: tls-verification-disabled -- certificates are checked
  tlsAllowInvalidCertificates: false,
  // ok: tls-verification-disabled -- validation is on
  sslValidate: true,
  // ok: tls-verification-disabled -- host names are checked
  tlsAllowInvalidHostnames: false,
});

// Options copied from a connection string's text: the driver reads 'false' as false.
const billing = new MongoClient(process.env.BILLING_MONGO_URL, {
  tls: 'true',
  // ok: tls-verification-disabled -- the string 'false' is false to the driver
  tlsAllowInvalidCertificates: 'false',
  // expect: tls-verification-disabled
  tlsAllowInvalidHostnames: 'true',
});

// The label printer's own HTTP client; its `disableTLSCerts` only stops the
// printer from asking for a client certificate.
class PrinterLink {
  constructor(host) {
    this.host = host;
    this.clientCerts = true;
  }

  disableTLSCerts() {
    this.clientCerts = false;
    return this;
  }
}

// ok: tls-verification-disabled -- a local class, not superagent
const printer = new PrinterLink('printer-3.warehouse.internal').disableTLSCerts();

app.use(session({
  key: 'shipping.sess',
  httpOnly: true,
  // ok: tls-verification-disabled -- a cookie's `secure` flag, not TLS verification
  secure: false,
}, app));

router.post('/:id/label', async (ctx) => {
  const url = 'https://labels.carrier.example.net/v1/labels';
  // expect: tls-verification-disabled
  const res = await superagent.post(url).disableTLSCerts().send({ shipment: ctx.params.id });
  ctx.body = res.body;
});

router.get('/:id/proof', async (ctx) => {
  // ok: tls-verification-disabled -- superagent with verification on
  const res = await superagent.get(`https://proof.carrier.example.net/v1/${ctx.params.id}`).timeout(5000);
  ctx.body = res.body;
});

router.get('/:id/track', async (ctx) => {
  ctx.body = await new Promise((resolve, reject) => {
    carrier.get(`/track/${encodeURIComponent(ctx.params.id)}`, { json: true }, (err, resp, body) =>
      err ? reject(err) : resolve(body));
  });
});

router.get('/:id/rates', async (ctx) => {
  ctx.body = await new Promise((resolve, reject) => {
    https.get({
      host: 'rates.carrier.example.net',
      path: `/v1/rates/${encodeURIComponent(ctx.params.id)}`,
      // expect: tls-verification-disabled
      rejectUnauthorized: false,
    }, (res) => {
      let data = '';
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => resolve(JSON.parse(data)));
    }).on('error', reject);
  });
});

// libcurl bindings take libcurl's own option names.
const curl = require('node-curl');

function fetchManifest(url, done) {
  curl(url, {
    // expect: tls-verification-disabled
    SSL_VERIFYPEER: 0,
    // ok: tls-verification-disabled -- 2 is libcurl's "verify the host name"
    SSL_VERIFYHOST: 2,
  }, done);
}

app.use(router.routes());

module.exports = { app, fetchManifest, carrierSandbox, archive, reporting, metrics, printer };
