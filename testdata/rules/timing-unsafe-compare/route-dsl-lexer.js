// A lexer and parser for the gateway's route DSL (`GET /v1/keys -> keys`).
// Not a Koa file: its `token` is a lexer token, and nothing here is a secret.
const KEYWORDS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

function* tokenize(source) {
  for (const token of source.split(/\s+/)) {
    // ok: timing-unsafe-compare -- an empty lexer token
    if (token === '') continue;
    yield token;
  }
}

function expect(tokens, expected) {
  const token = tokens.next().value;
  // ok: timing-unsafe-compare -- a lexer token against the grammar
  if (token !== expected) {
    throw new SyntaxError(`expected ${expected}, got ${token}`);
  }
  return token;
}

function tokensEqual(a, b) {
  // ok: timing-unsafe-compare -- lexer tokens, not secrets
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    // ok: timing-unsafe-compare -- lexer tokens, not secrets
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function parseRoute(line) {
  const tokens = tokenize(line);
  const method = tokens.next().value;
  // ok: timing-unsafe-compare -- a keyword list, not a key list
  if (KEYWORDS.indexOf(method) === -1) throw new SyntaxError(`unknown method ${method}`);
  const path = tokens.next().value;
  expect(tokens, '->');
  const target = tokens.next().value;
  return { method, path, target };
}

function classify(token) {
  switch (token) {
    // ok: timing-unsafe-compare -- a lexer token against punctuation
    case '->':
      return 'arrow';
    // ok: timing-unsafe-compare -- a lexer token against punctuation
    case '#':
      return 'comment';
    default:
      // ok: timing-unsafe-compare -- a lexer token, not a secret
      return token.startsWith('/') ? 'path' : 'word';
  }
}

function sameRoutes(left, right) {
  return tokensEqual(left.map((route) => route.path), right.map((route) => route.path));
}

function sortTokens(tokens) {
  // ok: timing-unsafe-compare -- sorting lexer tokens
  return [...tokens].sort((token, other) => token.localeCompare(other));
}

module.exports = { parseRoute, classify, sameRoutes, sortTokens };
