// The storage model handed to the OAuth2 server middleware (`new OAuthServer({ model })`). The
// server calls it with what the client presented at the token endpoint.
const db = require('./db');

function MemoryModel(seed) {
  this.clients = seed.clients;
  this.users = seed.users;
  this.tokens = [];
}

MemoryModel.prototype.getClient = async function (clientId, clientSecret) {
  return this.clients.find(
    // expect: timing-unsafe-compare
    (c) => c.id === clientId && c.secret === clientSecret,
  );
};

MemoryModel.prototype.getUser = async function (username, password) {
  const user = this.users.find((u) => u.username === username);
  // expect: timing-unsafe-compare
  if (!user || user.password !== password) {
    return false;
  }
  return user;
};

// ok: timing-unsafe-compare -- a token lookup, not a presented client secret
MemoryModel.prototype.getAccessToken = async function (accessToken) {
  return this.tokens.find((t) => t.accessToken === accessToken) || false;
};

const sqlModel = {
  async getClient(clientId, clientSecret) {
    const row = await db.one('select * from oauth_clients where id = $1', [clientId]);
    // ok: timing-unsafe-compare -- a public client presents no secret
    if (!row || (row.public && clientSecret == null)) {
      return row;
    }
    // expect: timing-unsafe-compare
    return row.client_secret === clientSecret ? row : false;
  },
  async getUser(username, password) {
    const row = await db.one('select * from users where username = $1', [username]);
    // ok: timing-unsafe-compare -- the stored hash of the presented password is compared
    return row && row.password_hash === db.hashPassword(password, row.salt) ? row : false;
  },
};

function sameSecret(stored, clientSecret) {
  // ok: timing-unsafe-compare -- outside a service and no model callback
  return stored.secret === clientSecret;
}

module.exports = { MemoryModel, sqlModel, sameSecret };
