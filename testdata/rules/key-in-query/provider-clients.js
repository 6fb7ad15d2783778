// Outbound calls of a mini-program backend to its payment and messaging providers, written with
// request-promise (`qs` option objects) and got (`searchParams`), and a captcha image URL.
const rp = require('request-promise');
const got = require('got');
const settings = require('./settings');

async function exchangeCode(code) {
  const options = {
    uri: 'https://api.provider.example/sns/session',
    qs: {
      grant_type: 'authorization_code',
      js_code: code,
      appid: settings.get('provider.appid'),
      // expect: key-in-query
      secret: settings.get('provider.secret'),
    },
    json: true,
  };
  return rp(options);
}

async function fetchProfile(output) {
  // expect: key-in-query
  return rp({ uri: 'https://api.provider.example/me', qs: { access_token: output.access_token } });
}

async function tokenRequest(provider, query) {
  const options = { method: 'POST', uri: provider.token_url, form: {} };
  if (provider.legacy) {
    options.qs = {
      code: query.code,
      client_id: provider.key,
      // expect: key-in-query
      client_secret: provider.secret,
    };
  }
  return rp(options);
}

async function pushMessage(token, body) {
  // expect: key-in-query
  const url = 'https://api.provider.example/message/send?access_token=' + token;
  return rp({ method: 'POST', uri: url, body, json: true });
}

async function search(term, apiKey) {
  return got('https://search.example/v1', {
    // expect: key-in-query
    searchParams: { q: term, api_key: apiKey },
  });
}

// ok: key-in-query
const arcgis = () => rp({ uri: 'https://arcgis.example/self', qs: { f: 'json' } });

async function page(cursor) {
  // ok: key-in-query
  return rp({ uri: 'https://api.provider.example/items', qs: { page_token: cursor, limit: 50 } });
}

function captcha(baseURL, login) {
  const { refreshToken } = login;
  // ok: key-in-query
  return `${baseURL}api/captcha?v=${refreshToken}`;
}

function openInvite(baseURL, inviteToken) {
  // ok: key-in-query
  return `${baseURL}join?invite=${inviteToken}`;
}

module.exports = { exchangeCode, fetchProfile, tokenRequest, pushMessage, search, arcgis, page, captcha, openInvite };

// The application's public client key, required by the provider as `api_key`.
// ok: key-in-query
const contacts = (provider) => rp({ uri: 'https://api.contacts.example/v2/me', qs: { api_key: provider.key } });
module.exports.contacts = contacts;

// Egg's HttpClient: `data` of a GET is the query string, of a POST the body.
const { Service } = require('egg');

class GithubService extends Service {
  async user(accessToken) {
    return this.ctx.curl('https://api.github.example/user', {
      dataType: 'json',
      // expect: key-in-query
      data: { access_token: accessToken },
    });
  }

  async token(code, clientSecret) {
    return this.ctx.curl('https://github.example/login/oauth/access_token', {
      method: 'POST',
      // ok: key-in-query
      data: { code, client_secret: clientSecret },
    });
  }
}

// A `curl` method of some other object is not Egg's HttpClient.
function mirror(shell, accessToken) {
  // ok: key-in-query
  return shell.curl('https://mirror.example/sync', { data: { access_token: accessToken } });
}

// A provider that wants the token request as a GET: the prepared form moves into the query.
async function legacyToken(provider, code) {
  const options = {
    method: 'POST',
    uri: provider.token_url,
    form: { grant_type: 'authorization_code', code, client_id: provider.key, client_secret: provider.secret },
    filters: { page: 1 },
  };
  if (provider.getOnly) {
    options.method = 'GET';
    // expect: key-in-query
    options.qs = options.form;
    delete options.form;
  }
  // ok: key-in-query
  options.qs = options.filters;
  return rp(options);
}
module.exports.more = { GithubService, mirror, legacyToken };
