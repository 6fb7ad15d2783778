// A small parser for the gateway's route DSL. Not a Koa file: its `token` is a lexer token.
function* tokens(source) {
  for (const token of source.split(/\s+/)) {
    yield token;
  }
}

function parseRoutes(source) {
  const routes = [];
  for (const token of tokens(source)) {
    if (token.startsWith('/')) {
      routes.push(token);
    } else {
      // ok: header-logging
      console.warn('unknown directive "' + token + '"');
    }
  }
  return routes;
}

function describe(next) {
  const token = next();
  // ok: header-logging
  console.debug('next token', token);
  // ok: header-logging
  console.debug('token length', token.length);
}

module.exports = { parseRoutes, describe };
