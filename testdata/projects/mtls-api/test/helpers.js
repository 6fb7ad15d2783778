'use strict';

// The test certificates are self-signed, so let the test client accept them.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const https = require('node:https');
const { createApp, tlsOptions } = require('../src/server');

async function startServer() {
  const server = https.createServer(tlsOptions, createApp().callback());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, baseUrl: `https://127.0.0.1:${port}` };
}

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { headers }, (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          raw += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode, body: raw ? JSON.parse(raw) : null });
        });
      })
      .on('error', reject);
  });
}

async function stopServer(server) {
  await new Promise((resolve) => server.close(resolve));
}

module.exports = { startServer, stopServer, get };
