//! Koa facts: which functions are middleware or route handlers (their first parameter is the
//! context, whatever its name), what the parts of a context are, and which header names and
//! value names hold credentials.

use rustc_hash::FxHashMap as HashMap;

use swc_atoms::Atom;
use swc_common::Span;
use swc_ecma_ast::{Expr, Lit as AstLit, Pat};

use super::{
    BindingId, CallId, FileModel, FunctionBody, FunctionId, Init, Site, str_atom, unwrap_expr,
    value::{Value, words},
};

/// The parts of a Koa context the model tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KoaObj {
    /// `ctx` (and `this` in Koa 1 generator middleware).
    Context,
    /// `ctx.request`.
    Request,
    /// `ctx.req`, Node's `IncomingMessage`.
    NodeRequest,
    /// `ctx.response`.
    Response,
    /// `ctx.cookies`.
    Cookies,
    /// `ctx.query`, `ctx.request.query`.
    Query,
    /// `this` in a method of an Egg controller or service: `this.ctx` is the context.
    Controller,
    /// `this` in a method of a ThinkJS controller or logic: `this.ctx` is the context,
    /// `this.header(name)` a request header and `this.get(name)` a query parameter.
    ThinkController,
}

impl KoaObj {
    pub fn describe(self) -> &'static str {
        match self {
            KoaObj::Context => "ctx",
            KoaObj::Request => "ctx.request",
            KoaObj::NodeRequest => "ctx.req",
            KoaObj::Response => "ctx.response",
            KoaObj::Cookies => "ctx.cookies",
            KoaObj::Query => "ctx.query",
            KoaObj::Controller | KoaObj::ThinkController => "this (a controller)",
        }
    }
}

/// All request headers, or a copy of them with some names overwritten or deleted.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderSet {
    /// Where the headers were read.
    pub span: Span,
    /// Lower-case names no longer carried.
    pub removed: Vec<Atom>,
}

/// What counts as a credential: header names and the words of secret names. The defaults are
/// built in; a configuration adds to them.
#[derive(Clone, Debug, PartialEq)]
pub struct Vocabulary {
    /// Lower-case credential header names.
    pub credential_headers: Vec<String>,
    /// Extra lower-case words that make a name a secret (`pin`, `otp`).
    pub secret_words: Vec<String>,
    /// The user's rows of the API catalogue (`settings.models`).
    pub models: Vec<super::apis::UserModel>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            credential_headers: CREDENTIAL_HEADERS.iter().map(|h| h.to_string()).collect(),
            secret_words: Vec::new(),
            models: Vec::new(),
        }
    }
}

impl Vocabulary {
    /// The built-in vocabulary, for callers without a configuration.
    pub fn standard() -> &'static Vocabulary {
        static STANDARD: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        STANDARD.get_or_init(Vocabulary::default)
    }

    pub fn is_credential_header(&self, name: &str) -> bool {
        self.credential_headers
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
    }

    pub fn is_secret_name(&self, name: &str) -> bool {
        is_secret_name(name) || self.has_extra_word(name)
    }

    pub fn is_secret_env(&self, name: &str) -> bool {
        is_secret_env(name) || self.has_extra_word(name)
    }

    fn has_extra_word(&self, name: &str) -> bool {
        !self.secret_words.is_empty()
            && words(name)
                .iter()
                .any(|w| self.secret_words.iter().any(|s| s == w))
    }

    /// The credential headers a set of headers still carries.
    pub fn remaining(&self, set: &HeaderSet) -> Vec<Atom> {
        self.credential_headers
            .iter()
            .filter(|c| !set.removed.iter().any(|r| r.eq_ignore_ascii_case(c)))
            .map(|c| Atom::from(c.as_str()))
            .collect()
    }
}

/// What the model knows of one handler.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// The route path it was registered for (`router.get('/debug', …)`), when literal.
    pub route: Option<Atom>,
    /// Which parameter is the context: 0 for middleware, 1 for `app.on('error', (err, ctx) => …)`.
    pub context_param: usize,
}

impl Handler {
    fn middleware(route: Option<Atom>) -> Self {
        Handler {
            route,
            context_param: 0,
        }
    }
}

/// Request headers that carry credentials (lower case).
pub const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "x-api-key",
    "proxy-authorization",
    "set-cookie",
    "x-auth-token",
    "x-access-token",
    "x-csrf-token",
    "api-key",
    "apikey",
];

/// Words that make a name read like a secret value.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "passcode",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
];
/// Pairs of consecutive words that do: `api key`, `private key`…
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("private", "key"),
    ("access", "key"),
    ("signing", "key"),
    ("hmac", "key"),
    ("secret", "key"),
    ("master", "key"),
    ("session", "key"),
    // Two-factor recovery and backup codes: each one signs in in place of the second factor.
    ("recovery", "key"),
    ("recovery", "keys"),
    ("recovery", "code"),
    ("recovery", "codes"),
    ("backup", "code"),
    ("backup", "codes"),
];
/// A last word that makes the name about the secret, not the secret itself.
const NOT_SECRET_LAST: &[&str] = &[
    "type",
    "types",
    "length",
    "len",
    "count",
    "size",
    "expires",
    "expiry",
    "exp",
    "ttl",
    "at",
    "id",
    "ids",
    "name",
    "names",
    "url",
    "uri",
    "endpoint",
    "header",
    "headers",
    "field",
    "prefix",
    "path",
    "file",
    "policy",
    "required",
    "valid",
    "validator",
    "schema",
    "label",
    "hint",
    "format",
    "regex",
    "audience",
    "issuer",
    "scope",
    "scopes",
    "version",
    "mode",
    "pattern",
    "store",
    "service",
    "manager",
    "provider",
    "client",
    "strategy",
    "error",
    "errors",
    "message",
    // JOSE and OIDC metadata: `id_token_encrypted_response_alg`, `token_endpoint_auth_method`,
    // `…_values_supported`.
    "alg",
    "algorithm",
    "algorithms",
    "enc",
    "method",
    "methods",
    "supported",
    // Outcomes of an action or a request (`REFRESH_TOKEN_SUCCESS`, `tokenRequest`).
    "success",
    "failure",
    "fail",
    "failed",
    "request",
    "requested",
    "received",
    // A stored hash of a password is not the password (`passwordHash`, `hashedPassword` reads
    // `hashed` first and stays a secret name only by its last word).
    "hash",
];
/// Words that say a value was derived from a secret (a hash, a cipher text, a mask).
const DERIVED_ANYWHERE: &[&str] = &[
    "hashed",
    "encrypted",
    "crypted",
    "bcrypted",
    "salted",
    "masked",
    "redacted",
    "obfuscated",
    "digested",
];
/// Last words that say the same: `passwordMd5`, `token_sha256`.
const DERIVED_LAST: &[&str] = &["md", "sha", "digest"];
/// A first word that makes the name a predicate (`hasToken`, `isSecret`).
const PREDICATE_FIRST: &[&str] = &["is", "has", "should", "needs", "can", "use", "with", "no"];

/// `apiKey`, `API_KEY`, `token`, `clientSecret`, `password` — not `tokenType`, `hasToken`,
/// `apiKeyHeader`, `passwordLength`.
pub fn is_secret_name(name: &str) -> bool {
    static HINTS: super::value::Needles =
        super::value::Needles::new(&["pass", "secret", "token", "key", "credential", "code"]);
    if !HINTS.found_in(name) {
        return false;
    }
    let w = words(name);
    let (Some(first), Some(last)) = (w.first(), w.last()) else {
        return false;
    };
    if NOT_SECRET_LAST.contains(&last.as_str()) || PREDICATE_FIRST.contains(&first.as_str()) {
        return false;
    }
    if w.iter().any(|x| x == "public") {
        return false;
    }
    // Derived from the secret, not the secret: `hashedPassword`, `encryptedPassword`,
    // `_passwordMD5`, `password_sha` (the sanitizers by name).
    // Digits are a word of their own: `MD5` is `md`, `5`.
    let before_digits = match w.len() {
        n if n >= 2 && last.bytes().all(|b| b.is_ascii_digit()) => w[n - 2].as_str(),
        _ => last.as_str(),
    };
    if w.iter().any(|x| DERIVED_ANYWHERE.contains(&x.as_str()))
        || DERIVED_LAST.contains(&before_digits)
    {
        return false;
    }
    // Pagination cursors: `nextPageToken`, `page_token`, `continuationToken`.
    if w.iter().any(|x| {
        matches!(
            x.as_str(),
            "page" | "pagination" | "cursor" | "continuation" | "next" | "sync"
        )
    }) {
        return false;
    }
    w.iter().any(|x| SECRET_WORDS.contains(&x.as_str()))
        || w.windows(2)
            .any(|p| SECRET_PAIRS.contains(&(p[0].as_str(), p[1].as_str())))
}

/// `API_KEY`, `JWT_SECRET`, `DB_PASSWORD`, `GITHUB_TOKEN` — not `PUBLIC_KEY`, `NODE_ENV`.
pub fn is_secret_env(name: &str) -> bool {
    let w = words(name);
    // About the secret, not the secret: `TOKEN_TTL_SECONDS`, `KEY_ID`, `STRIPE_PUBLISHABLE_KEY`.
    const NOT_SECRET: &[&str] = &[
        "public",
        "publishable",
        "id",
        "url",
        "uri",
        "ttl",
        "expiry",
        "expires",
        "seconds",
        "minutes",
        "hours",
        "days",
        "timeout",
        "length",
        "size",
        "count",
        "header",
        "name",
        "path",
        "file",
        "type",
        "endpoint",
        "host",
        "port",
        "prefix",
        "enabled",
        "disabled",
    ];
    if w.iter().any(|x| NOT_SECRET.contains(&x.as_str())) {
        return false;
    }
    w.iter().any(|x| {
        matches!(
            x.as_str(),
            "key" | "secret" | "token" | "password" | "passwd" | "credentials" | "apikey"
        )
    })
}

/// Methods of a Koa app or router that register middleware and handlers.
const REGISTER_METHODS: &[&str] = &[
    "use", "get", "post", "put", "patch", "delete", "del", "all", "head", "options",
];
const ROUTER_MODULES: &[&str] = &["koa-router", "@koa/router", "koa-tree-router"];
const COMPOSE_MODULES: &[&str] = &["koa-compose"];

/// What receives a registration.
enum Receiver {
    Koa,
    /// Something we cannot resolve (a parameter, an import from another file).
    Opaque,
}

fn receiver_kind(v: &Value<'_>) -> Option<Receiver> {
    match v {
        Value::Module { source, path } => {
            let instance = path.len() == 1 && &*path[0] == "()";
            // `websockify(new Koa()).ws.use(…)` (koa-websocket): `ws` is a middleware stack.
            let websocket = &**source == "koa-websocket"
                && path.len() == 2
                && &*path[0] == "()"
                && &*path[1] == "ws";
            if websocket || instance && (&**source == "koa" || ROUTER_MODULES.contains(&&**source))
            {
                Some(Receiver::Koa)
            } else if source.starts_with('.') || source.starts_with('/') {
                Some(Receiver::Opaque)
            } else {
                None
            }
        }
        Value::Unknown => Some(Receiver::Opaque),
        _ => None,
    }
}

fn is_module(v: &Value<'_>, modules: &[&str]) -> bool {
    matches!(v, Value::Module { source, path } if path.is_empty() && modules.contains(&&**source))
}

/// Finds every Koa handler in the file, by position and by type.
pub(super) fn find_handlers(m: &FileModel<'_>) -> HashMap<FunctionId, Handler> {
    let mut found = HashMap::default();
    for (i, call) in m.calls.iter().enumerate() {
        let Some(callee) = call.callee.map(unwrap_expr) else {
            continue;
        };
        // `compose([a, b])`: every element is middleware.
        if matches!(callee, Expr::Ident(_))
            && is_module(&m.value(call.scope, callee), COMPOSE_MODULES)
        {
            for f in m.functions_at_call(CallId(i as u32)) {
                found.entry(f).or_insert(Handler::middleware(None));
            }
            continue;
        }
        let Expr::Member(member) = callee else {
            continue;
        };
        let Some(method) = super::member_prop_name(&member.prop) else {
            continue;
        };
        // koa-joi-router: `router.route({ method, path, validate, handler })` (or an array of
        // such specs): the handlers are middleware.
        if &*method == "route" {
            for (route, f) in m.route_spec_handlers(CallId(i as u32)) {
                found.entry(f).or_insert(Handler::middleware(route));
            }
            continue;
        }
        let error_listener = &*method == "on" && first_string(call.args) == Some("error".into());
        if !REGISTER_METHODS.contains(&&*method) && !error_listener {
            continue;
        }
        // A router's verbs always take a path first (`'/keys'`, `/re/`, `['/a', '/b']`, or a
        // route name then a path): `map.get(key)` and the like need no further look.
        let path_like = |e: &Expr| {
            matches!(
                unwrap_expr(e),
                Expr::Lit(AstLit::Str(_) | AstLit::Regex(_)) | Expr::Array(_) | Expr::Tpl(_)
            )
        };
        let route_shaped = &*method == "use"
            || error_listener
            || call.args.iter().take(2).any(|a| path_like(&a.expr));
        if !route_shaped {
            continue;
        }
        if is_interceptor_chain(&member.obj) {
            continue;
        }
        let Some(receiver) = receiver_kind(&m.value(call.scope, &member.obj)) else {
            continue;
        };
        // `app.on('error', (err, ctx) => …)`: Koa passes the context second.
        if error_listener {
            if let (Receiver::Koa, Some(arg)) = (&receiver, call.args.get(1)) {
                for f in m.middleware_in(call.scope, &arg.expr) {
                    found.entry(f).or_insert(Handler {
                        route: None,
                        context_param: 1,
                    });
                }
            }
            continue;
        }
        // On a receiver we cannot resolve, only router-shaped calls count: `use`, or a method
        // given a route path (`api.get('/keys', …)`), so that `cache.get(k, (err, v) => …)`
        // does not make a context of `err`.
        let routed = &*method == "use"
            || call
                .args
                .iter()
                .take(2)
                .any(|a| match unwrap_expr(&a.expr) {
                    Expr::Lit(AstLit::Str(s)) => str_atom(&s.value).starts_with('/'),
                    _ => false,
                });
        if matches!(receiver, Receiver::Opaque) && !routed {
            continue;
        }
        let path = call.args.first().and_then(|a| match unwrap_expr(&a.expr) {
            Expr::Lit(AstLit::Str(s)) => Some(str_atom(&s.value)),
            _ => None,
        });
        // `new Router({ prefix: '/debug' })` puts every route of the router under its prefix.
        let route = match (router_prefix(m, call.scope, &member.obj), path) {
            (Some(prefix), Some(path)) => Some(Atom::from(format!("{prefix}{path}"))),
            (prefix, path) => path.or(prefix),
        };
        for arg in call.args.iter().filter(|a| a.spread.is_none()) {
            for f in m.middleware_in(call.scope, &arg.expr) {
                let fits = match receiver {
                    Receiver::Koa => true,
                    Receiver::Opaque => m.function(f).params.len() <= 2,
                };
                if fits {
                    found.entry(f).or_insert(Handler::middleware(route.clone()));
                }
            }
        }
    }
    // A file that mounts routes itself says which of its functions handle requests; a module
    // of actions that mounts none is mounted by another file.
    let mounts_routes = !found.is_empty();
    for (i, f) in m.functions.iter().enumerate() {
        let id = FunctionId(i as u32);
        if found.contains_key(&id) {
            continue;
        }
        let candidate = f.params.len() == 2;
        if f.koa_typed
            || (candidate && m.is_exported_function(id) && m.looks_like_middleware(id))
            || (!mounts_routes
                && f.params.len() == 1
                && m.may_be_exported(id)
                && m.takes_context(id))
            || (f.is_generator
                && f.params.len() == 1
                && m.is_exported_function(id)
                && m.yields_param(id))
        {
            found.insert(id, Handler::middleware(None));
        }
    }
    found
}

fn first_string(args: &[swc_ecma_ast::ExprOrSpread]) -> Option<Atom> {
    match args.first().map(|a| unwrap_expr(&a.expr)) {
        Some(Expr::Lit(AstLit::Str(s))) => Some(str_atom(&s.value)),
        _ => None,
    }
}

/// The `prefix` option a router was constructed with, when literal.
fn router_prefix<'a>(m: &FileModel<'a>, scope: super::ScopeId, router: &'a Expr) -> Option<Atom> {
    let (scope, _, args) = m.creation(scope, router)?;
    let options = m.value(scope, &args.first()?.expr);
    match m.property(&options, "prefix", swc_common::DUMMY_SP)? {
        Value::Lit(super::Lit::Str(p), _) => Some(p),
        _ => None,
    }
}

impl<'a> FileModel<'a> {
    /// Functions an argument hands over as middleware: a function (inline or by name), the
    /// functions a factory call returns (`app.use(auth())`), and `compose([…])`'s elements.
    fn middleware_in(&self, scope: super::ScopeId, arg: &'a Expr) -> Vec<FunctionId> {
        match self.value(scope, arg) {
            Value::Function(f) => vec![f],
            _ => match unwrap_expr(arg) {
                Expr::Call(c) => match &c.callee {
                    swc_ecma_ast::Callee::Expr(callee) => match self.value(scope, callee) {
                        Value::Function(factory) => self.returned_functions(factory),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
        }
    }

    /// The handlers of route specs passed to `.route(…)`: objects with `method`, `path` and
    /// `handler` (one function or an array), with each spec's literal path.
    fn route_spec_handlers(&self, call: CallId) -> Vec<(Option<Atom>, FunctionId)> {
        let site = self.call(call);
        let Some(first) = site.args.first().filter(|a| a.spread.is_none()) else {
            return Vec::new();
        };
        let specs = super::elements_or_self(&first.expr);
        let mut out = Vec::new();
        for spec in specs {
            let Value::Object { .. } = self.value(site.scope, spec) else {
                continue;
            };
            let v = self.value(site.scope, spec);
            let has = |k: &str| self.property(&v, k, site.span).is_some();
            if !(has("method") && has("path")) {
                continue;
            }
            let route = match self.property(&v, "path", site.span) {
                Some(Value::Lit(super::Lit::Str(p), _)) => Some(p),
                _ => None,
            };
            let Some(handler) = self.property(&v, "handler", site.span) else {
                continue;
            };
            match handler {
                Value::Function(f) => out.push((route, f)),
                Value::Array { scope, lit } => {
                    for el in lit.elems.iter().flatten().filter(|e| e.spread.is_none()) {
                        if let Value::Function(f) = self.value(scope, &el.expr) {
                            out.push((route.clone(), f));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Functions passed at a call's argument positions (array elements included).
    fn functions_at_call(&self, call: CallId) -> Vec<FunctionId> {
        let site = self.call(call);
        let mut out = Vec::new();
        for a in site.args.iter().filter(|a| a.spread.is_none()) {
            match unwrap_expr(&a.expr) {
                Expr::Array(arr) => {
                    for el in arr.elems.iter().flatten().filter(|e| e.spread.is_none()) {
                        out.extend(self.middleware_in(site.scope, &el.expr));
                    }
                }
                other => out.extend(self.middleware_in(site.scope, other)),
            }
        }
        out
    }

    /// The functions `f` returns (`return async (ctx, next) => …`, `() => async ctx => …`).
    pub fn returned_functions(&self, f: FunctionId) -> Vec<FunctionId> {
        let facts = self.function(f);
        let mut out = Vec::new();
        match facts.body {
            FunctionBody::Expr(e) => {
                if let Value::Function(g) = self.value(facts.scope, e) {
                    out.push(g);
                }
            }
            FunctionBody::Block => {
                for (scope, arg, _) in &facts.returns {
                    if let Some(Value::Function(g)) = arg.map(|e| self.value(*scope, e)) {
                        out.push(g);
                    }
                }
            }
        }
        out
    }

    /// Exported directly, or returned by an exported factory.
    fn is_exported_function(&self, f: FunctionId) -> bool {
        let binding_exported = |b: BindingId| self.binding(b).exported || self.exported_by_name(b);
        let exported = |site: Site| match site {
            Site::Export => true,
            Site::Init(b) => binding_exported(b),
            _ => false,
        };
        let by_declaration =
            |f: FunctionId| self.declared_function(f).is_some_and(binding_exported);
        match self.function(f).site {
            Site::Return(outer) => exported(self.function(outer).site) || by_declaration(outer),
            site => exported(site) || by_declaration(f),
        }
    }

    /// `module.exports = mw` / `export default mw` where `mw` names this binding.
    fn exported_by_name(&self, b: BindingId) -> bool {
        self.exported_names.contains(&b)
    }

    /// `(ctx, next)`: two parameters, the second named `next` or called in the body.
    fn looks_like_middleware(&self, f: FunctionId) -> bool {
        let facts = self.function(f);
        if facts.params.len() != 2 {
            return false;
        }
        if matches!(facts.params.get(1), Some(Pat::Ident(b)) if &*b.id.sym == "next") {
            return true;
        }
        let Some(next) = self.param_binding(f, 1) else {
            return false;
        };
        // Koa's `next` takes no arguments: a callback called with some is something else.
        let calls = &self.call_uses(next).called_at;
        !calls.is_empty() && calls.iter().all(|c| self.call(*c).args.is_empty())
    }

    /// A controller action mounted from another file (`async function login(ctx) { … }` in
    /// `module.exports = { login }`, a method of an exported class): its one parameter is named
    /// as Koa names the context and is used as one — the response body or status is written on
    /// it (`ctx.body = …`), or it throws or asserts an HTTP error (`ctx.throw(401)`) — and it is
    /// not annotated with some other type.
    fn takes_context(&self, f: FunctionId) -> bool {
        // A type other than `any` says what it is (Koa's own types make a handler already).
        if let Some(Pat::Ident(b)) = self.function(f).params.get(0) {
            let untyped = b.type_ann.as_deref().is_none_or(|t| {
                matches!(&*t.type_ann, swc_ecma_ast::TsType::TsKeywordType(k)
                    if k.kind == swc_ecma_ast::TsKeywordTypeKind::TsAnyKeyword)
            });
            if !untyped {
                return false;
            }
        }
        let Some(p) = self.param_binding(f, 0) else {
            return false;
        };
        if !matches!(&*self.binding(p).name, "ctx" | "context") {
            return false;
        }
        let writes = self
            .mutations(p)
            .member_writes
            .iter()
            .any(|&w| matches!(&*self.member_writes[w].prop, "body" | "status"));
        writes
            || self.calls.iter().any(|c| {
                let Some(Expr::Member(mem)) = c.callee.map(unwrap_expr) else {
                    return false;
                };
                super::member_prop_name(&mem.prop)
                    .is_some_and(|n| matches!(&*n, "throw" | "assert"))
                    && self.ident_binding(c.scope, &mem.obj) == Some(p)
            })
    }

    /// Koa 1 middleware (`function* (next) { … yield next; }`): a generator that hands control
    /// on by yielding its one parameter.
    fn yields_param(&self, f: FunctionId) -> bool {
        let Some(next) = self.param_binding(f, 0) else {
            return false;
        };
        self.yielded
            .iter()
            .any(|(scope, name)| self.resolve(*scope, name) == Some(next))
    }

    /// The binding of parameter `index` of `f`, when it is a plain name.
    pub fn param_binding(&self, f: FunctionId, index: usize) -> Option<BindingId> {
        let scope = self.scope(self.function(f).scope);
        scope.names.values().copied().find(|b| {
            matches!(&self.binding(*b).init, Init::Param { function, index: i, path, .. }
                if *function == f && *i == index && path.is_empty())
        })
    }
}

impl<'a> FileModel<'a> {
    /// A `ctx.body` write that answers an error: inside a `catch`, in an error listener
    /// (`app.on('error', (err, ctx) => …)`) or a `.catch(…)` callback, or after `ctx.status` is
    /// set to 4xx/5xx in the same function, in a scope around the write.
    pub fn is_error_response(&self, w: &super::MemberWrite<'a>) -> bool {
        if !matches!(
            self.value(w.scope, w.object),
            Value::Koa(KoaObj::Context | KoaObj::Response, _)
        ) {
            return false;
        }
        if self.in_catch(w.scope).is_some()
            || self
                .enclosing_handler(w.scope)
                .is_some_and(|(_, h)| h.context_param == 1)
        {
            return true;
        }
        let f = self.function_of_scope(w.scope);
        if f.is_some_and(|f| self.is_error_callback(f)) {
            return true;
        }
        self.error_statuses().get(&f).is_some_and(|writes| {
            writes
                .iter()
                .any(|(scope, at)| *at < w.span.lo && self.scope_encloses(*scope, w.scope))
        })
    }

    /// An error listener (`app.on('error', (err, ctx) => …)`) or a `.catch(err => …)` callback.
    pub fn is_error_callback(&self, f: FunctionId) -> bool {
        if self.handler(f).is_some_and(|h| h.context_param == 1) {
            return true;
        }
        let Site::CallArg(call, 0) = self.function(f).site else {
            return false;
        };
        matches!(self.call(call).callee.map(unwrap_expr), Some(Expr::Member(mem))
            if super::member_prop_name(&mem.prop).is_some_and(|p| p == "catch"))
    }

    /// Where each function sets `ctx.status` to 4xx/5xx (built the first time it is asked, once
    /// per file, for every rule that asks).
    fn error_statuses(&self) -> &super::ErrorStatuses {
        self.error_statuses.get_or_init(|| {
            let mut by_function: HashMap<_, Vec<_>> = HashMap::default();
            for s in self.member_writes.iter().filter(|s| &*s.prop == "status") {
                let error_status = matches!(self.value(s.scope, s.value),
                        Value::Lit(super::Lit::Num(n), _) if n >= 400.0)
                    && matches!(
                        self.value(s.scope, s.object),
                        Value::Koa(KoaObj::Context | KoaObj::Response, _)
                    );
                if error_status {
                    by_function
                        .entry(self.function_of_scope(s.scope))
                        .or_default()
                        .push((s.scope, s.span.lo));
                }
            }
            by_function
        })
    }

    /// Whether scope `outer` is `inner` or one of its ancestors.
    pub fn scope_encloses(&self, outer: super::ScopeId, inner: super::ScopeId) -> bool {
        let mut current = Some(inner);
        while let Some(id) = current {
            if id == outer {
                return true;
            }
            current = self.scope(id).parent;
        }
        false
    }
}

/// `client.interceptors.request` / `.response`: an HTTP client's interceptor chain (axios),
/// whose `use(onFulfilled, onRejected)` takes a request config or a response, not a context.
fn is_interceptor_chain(receiver: &Expr) -> bool {
    let Expr::Member(chain) = unwrap_expr(receiver) else {
        return false;
    };
    let Expr::Member(parent) = unwrap_expr(&chain.obj) else {
        return false;
    };
    super::member_prop_name(&parent.prop).is_some_and(|p| p == "interceptors")
        && super::member_prop_name(&chain.prop).is_some_and(|p| p == "request" || p == "response")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_values_not_things_about_them() {
        for yes in [
            "apiKey",
            "API_KEY",
            "token",
            "accessToken",
            "clientSecret",
            "password",
            "privateKey",
            "x_api_key",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "tokenType",
            "hasToken",
            "apiKeyHeader",
            "passwordLength",
            "tokenCount",
            "tokenUrl",
            "publicKey",
            "keys",
            "monkey",
            "isSecret",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    #[test]
    fn secret_env_names() {
        assert!(is_secret_env("API_KEY"));
        assert!(is_secret_env("JWT_SECRET"));
        assert!(is_secret_env("STRIPE_SECRET_KEY"));
        assert!(!is_secret_env("PUBLIC_KEY"));
        assert!(!is_secret_env("NODE_ENV"));
        assert!(!is_secret_env("KEYCLOAK_URL"));
        assert!(!is_secret_env("TOKEN_TTL_SECONDS") && !is_secret_env("STRIPE_PUBLISHABLE_KEY"));
    }

    #[test]
    fn header_sets_track_what_was_removed() {
        let set = HeaderSet {
            span: Span::default(),
            removed: vec![Atom::from("x-api-key")],
        };
        let left = Vocabulary::standard().remaining(&set);
        assert!(left.iter().any(|h| h == "authorization") && left.iter().any(|h| h == "cookie"));
        assert!(!left.iter().any(|h| h == "x-api-key"));
    }

    #[test]
    fn configured_words_and_headers_extend_the_defaults() {
        let vocab = Vocabulary {
            credential_headers: vec!["x-partner-key".into()],
            secret_words: vec!["pin".into()],
            models: Vec::new(),
        };
        assert!(vocab.is_credential_header("X-Partner-Key"));
        assert!(vocab.is_secret_name("cardPin") && vocab.is_secret_name("apiKey"));
        assert!(!Vocabulary::standard().is_secret_name("cardPin"));
    }
}
