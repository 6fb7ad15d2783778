// Outbound clients of the keys API: billing, the ledger, Stripe, Slack alerts,
// GitHub (for the partner SDK releases) and S3 (for key-delivery receipts).
// Each client is built once and shared by the route handlers.
import Stripe from 'stripe';
import { WebClient } from '@slack/web-api';
import { Octokit } from '@octokit/rest';
import { S3Client } from '@aws-sdk/client-s3';
import axios, { type AxiosInstance } from 'axios';

const BILLING_URL = process.env.BILLING_URL ?? 'https://billing.internal.partner-bank.io/v2';

export const billing: AxiosInstance = axios.create({
  baseURL: BILLING_URL,
  timeout: 5000,
  headers: {
    // ok: hardcoded-secret -- not a credential header
    'Content-Type': 'application/json',
    // ok: hardcoded-secret -- a correlation id, not a credential header
    'X-Request-Source': 'keys-api-9f3c',
    // expect: hardcoded-secret
    'X-Api-Key': 'lGMDN2sF5mvLbpIHtf92GnWN0TXHk8Fw',
  },
});

export const ledger: AxiosInstance = axios.create({
  baseURL: process.env.LEDGER_URL,
  headers: {
    common: {
      // expect: hardcoded-secret
      Authorization: 'Bearer q65uujwMTm1ZlgTGOn1s0Ng3mw2Qp7yi',
    },
  },
});

export function reportingClient(token: string): AxiosInstance {
  return axios.create({
    baseURL: process.env.REPORTING_URL,
    headers: {
      // ok: hardcoded-secret -- only the scheme is literal; the token is a parameter
      Authorization: 'Bearer ' + token,
      // ok: hardcoded-secret -- a documentation placeholder after the scheme
      'Proxy-Authorization': 'Basic <credentials>',
    },
  });
}

export async function fetchStatements(accountId: string): Promise<unknown> {
  const response = await fetch(`${BILLING_URL}/accounts/${accountId}/statements`, {
    headers: {
      accept: 'application/json',
      // expect: hardcoded-secret
      authorization: 'Basic YmlsbGluZy1zdmM6M0FoS3BOMlNHVDlQSXowN0FzSzA=',
      // expect: hardcoded-secret
      cookie: 'portal.sid=HUjGxFUVgSmhl8X6r9m04mQsgymrBTDG; portal.sid.sig=x4bI3nvrLF3FShXD',
    },
  });
  return response.json();
}

export async function fetchRates(): Promise<unknown> {
  const response = await fetch('https://rates.partner-bank.io/v1/fx', {
    headers: {
      // ok: hardcoded-secret -- `Bearer` with nothing that looks like a credential after it
      Authorization: 'Bearer test',
      // ok: hardcoded-secret -- an interpolation placeholder filled in by the deploy tooling
      'x-auth-token': '${RATES_TOKEN}',
    },
  });
  return response.json();
}

// The sanctions-screening vendor, reached through the egress proxy.
const EGRESS_PROXY_HEADERS = {
  // expect: hardcoded-secret
  'Proxy-Authorization': 'Basic cHJveHkta2V5cy1hcGk6eU1NR0JlZ1ZGRDVzOG93ZXg4',
};

export async function screenPartner(name: string): Promise<unknown> {
  const response = await fetch('https://api.sanctions-screen.io/v3/search', {
    method: 'POST',
    headers: {
      ...EGRESS_PROXY_HEADERS,
      'content-type': 'application/json',
      // expect: hardcoded-secret
      'x-access-token': 'AW0Vb8WxYHEHBVbPN6hhzqQrMlS5',
    },
    body: JSON.stringify({ name }),
  });
  return response.json();
}

export const geocoder: AxiosInstance = axios.create({
  baseURL: 'https://geo.partner-bank.io/v1',
  // expect: hardcoded-secret
  headers: { apikey: 'b7LoW6Rqn7CWee4BZ57T8U83' },
});

export const kyc: AxiosInstance = axios.create({
  baseURL: 'https://kyc.partner-bank.io/api',
  // expect: hardcoded-secret
  headers: { 'Api-Key': 'dZgBuC6rx5GBaTv8L9vbr3PsOEMnuX4y' },
});

// expect: hardcoded-secret
export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_live_nsg4koxPISm7HF1hXv42nU7v', {
  apiVersion: '2024-06-20',
});

// ok: hardcoded-secret -- a Stripe test-mode key moves no money
export const stripeSandbox = new Stripe(process.env.STRIPE_TEST_KEY || 'sk_test_cIFwF9fG6SptB3WDHN3sMOGq', {
  apiVersion: '2024-06-20',
});

// ok: hardcoded-secret -- a publishable key is meant to be public
export const STRIPE_PUBLISHABLE_KEY = 'pk_live_rOMaIePAAaqj46iEnLGmNb7Qko6l3mr7';

// The Slack token is a call argument, not a named binding: the format gives it away.
// expect: hardcoded-secret
export const alerts = new WebClient('xoxb-5170757447187-8550420459059-qJh2AFTeVIwLovW15yhmNxQD');

// expect: hardcoded-secret
export const github = new Octokit({ auth: 'ghp_QJVqnrQCL0VfAZDvxfIuDJtcZfMeoBhZP3gc' });

export const receipts = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // expect: hardcoded-secret
    accessKeyId: 'AKIA0R1C0OR3F85JLVUO',
    // expect: hardcoded-secret
    secretAccessKey: 'HapTau6o+oGB3auqW8ByF0Sg+ghdJs7QIMzYeQ+O',
  },
});

export const receiptsLocal = new S3Client({
  region: 'eu-west-1',
  endpoint: 'http://localhost:4566',
  credentials: {
    // ok: hardcoded-secret -- AWS's documented example access key id
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    // ok: hardcoded-secret -- AWS's documented example secret, paired with the id above
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
