//! key-in-query: a credential carried in a URL.
//!
//! Query strings end up in access logs, proxy logs, browser history and `Referer` headers. Two
//! shapes: a handler that reads a key-like parameter (`api_key`, `token`, `secret`, …) from
//! `ctx.query`, `ctx.request.query`, a parsed `ctx.querystring` or a `URLSearchParams` over the
//! request URL; and an outbound URL whose query string is built from a secret (a template
//! literal, a `+` chain, `searchParams.set(…)`).

use swc_common::{Span, Spanned};
use swc_ecma_ast::{BinaryOp, Expr, Prop, PropOrSpread};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    Carried, FileModel, Init, KoaObj, PatStep, ScopeId, Value, byte_range, is_query_key_name,
    member_prop_name, prop_name, unwrap_expr, words,
};

use super::{FileContext, Rule, RuleMeta};

pub struct KeyInQuery;

static META: RuleMeta = RuleMeta {
    id: "key-in-query",
    default_severity: Severity::Warning,
    summary: "API keys and tokens read from or written into URL query strings",
    doc: include_str!("../../rules/key-in-query.md"),
};

const HELP_READ: &str = "accept the key in a header (`Authorization` or `x-api-key`) and reject requests that put it in the URL, where access logs, proxies and `Referer` headers keep it";
const HELP_BUILD: &str = "send the key in a request header (`Authorization: Bearer …` or the API's key header), never in the URL";

impl Rule for KeyInQuery {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        // One finding per parameter a function reads: `if (ctx.query.token) t = ctx.query.token`
        // is one place that accepts the key.
        let mut read = rustc_hash::FxHashSet::default();
        for r in &m.named_reads {
            if key_name(m, &r.prop)
                && is_request_query(m, r.scope, r.object)
                && !(link_token(&r.prop) && serves_one_time_link(m, r.scope))
                && read.insert((m.function_of_scope(r.scope), r.prop.clone()))
            {
                out.push(read_finding(r.span, &r.prop));
            }
        }
        // `const { api_key } = ctx.query`
        for (_, b) in m.bindings() {
            let Init::Expr {
                scope, expr, path, ..
            } = &b.init
            else {
                continue;
            };
            let [PatStep::Key(name)] = path.as_slice() else {
                continue;
            };
            if key_name(m, name)
                && is_request_query(m, *scope, expr)
                && !(link_token(name) && serves_one_time_link(m, *scope))
            {
                out.push(read_finding(b.span, name));
            }
        }
        for call in &m.calls {
            let Some(Expr::Member(mem)) = call.callee.map(unwrap_expr) else {
                continue;
            };
            let Some(method) = member_prop_name(&mem.prop) else {
                continue;
            };
            let name = call.args.first().and_then(|a| match unwrap_expr(&a.expr) {
                Expr::Lit(swc_ecma_ast::Lit::Str(s)) => s.value.as_str().map(str::to_string),
                _ => None,
            });
            match (&*method, name) {
                // `new URLSearchParams(ctx.querystring).get('api_key')`
                ("get" | "getAll", Some(name))
                    if is_query_key_name(&name) && is_search_params(m, call.scope, &mem.obj) =>
                {
                    out.push(read_finding(call.span, &name));
                }
                // `url.searchParams.set('api_key', key)`
                ("set" | "append", Some(name)) if is_url_search_params(m, call.scope, &mem.obj) => {
                    let Some(value) = call.args.get(1) else {
                        continue;
                    };
                    if let Some(what) = secret_in_url(m, call.scope, &value.expr, &name) {
                        out.push(build_finding(call.span, &name, &what));
                    }
                }
                _ => {}
            }
        }
        for (scope, e) in &m.url_parts {
            for (name, value) in query_params(e) {
                if let Some(what) = credential_in_url(m, *scope, value, &name) {
                    out.push(build_finding(value.span(), &name, &what));
                }
            }
        }
        // The query-string options of HTTP clients: `request`'s `qs: { … }` (also written as
        // `options.qs = { … }`) and `got`'s `searchParams: { … }`.
        for site in &m.objects {
            for prop in &site.lit.props {
                let PropOrSpread::Prop(prop) = prop else {
                    continue;
                };
                let Prop::KeyValue(kv) = &**prop else {
                    continue;
                };
                let key = prop_name(&kv.key);
                if key.as_deref().is_some_and(is_query_option)
                    || (key.as_deref() == Some("data") && curl_query_data(m, site))
                {
                    query_option(m, site.scope, &kv.value, out);
                }
            }
        }
        for w in &m.member_writes {
            if is_query_option(&w.prop) {
                if matches!(unwrap_expr(w.value), Expr::Object(_)) {
                    query_option(m, w.scope, w.value, out);
                } else if let Value::Object { scope, lit, .. } = m.value(w.scope, w.value) {
                    // `options.qs = options.form`: the form's fields become the query string.
                    if let Some(name) = credential_field(m, scope, lit) {
                        out.push(build_finding(
                            w.span,
                            &name,
                            "A credential of the moved object",
                        ));
                    }
                }
            }
            // `options.qs.secret = provider.secret`
            let on_query_option = matches!(unwrap_expr(w.object), Expr::Member(o)
                if member_prop_name(&o.prop).is_some_and(|p| is_query_option(&p)));
            if on_query_option {
                if let Some(what) = credential_in_url(m, w.scope, w.value, &w.prop) {
                    out.push(build_finding(w.span, &w.prop, &what));
                }
            }
        }
    }
}

/// The first field of an object literal that a query string would carry as a credential.
fn credential_field<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    lit: &'a swc_ecma_ast::ObjectLit,
) -> Option<String> {
    lit.props.iter().find_map(|prop| {
        let PropOrSpread::Prop(prop) = prop else {
            return None;
        };
        let Prop::KeyValue(kv) = &**prop else {
            return None;
        };
        let name = prop_name(&kv.key)?;
        credential_in_url(m, scope, &kv.value, &name).map(|_| name.to_string())
    })
}

/// Egg's and urllib's `curl(url, { data })`: without a `method`, or with `GET`, `data` is sent
/// as the query string.
fn curl_query_data<'a>(m: &FileModel<'a>, site: &crate::model::ObjectSite<'a>) -> bool {
    let crate::model::Site::CallArg(call, 1) = site.site else {
        return false;
    };
    // Egg's `ctx.curl` (also `this.ctx.curl` in a controller) and urllib's own `curl`.
    let site_call = m.call(call);
    let is_curl = site_call.callee.is_some_and(|c| match unwrap_expr(c) {
        Expr::Member(mem) if member_prop_name(&mem.prop).is_some_and(|p| p == "curl") => {
            matches!(
                m.value(site_call.scope, &mem.obj),
                Value::Koa(KoaObj::Context | KoaObj::Controller, _)
            ) || matches!(m.value(site_call.scope, c),
                Value::Module { source, .. } if &*source == "urllib")
        }
        _ => false,
    });
    let method = site.lit.props.iter().find_map(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) if prop_name(&kv.key).is_some_and(|k| &*k == "method") => {
                Some(&*kv.value)
            }
            _ => None,
        },
        _ => None,
    });
    let get = match method.map(unwrap_expr) {
        None => true,
        Some(Expr::Lit(swc_ecma_ast::Lit::Str(s))) => s
            .value
            .as_str()
            .is_some_and(|v| v.eq_ignore_ascii_case("get")),
        Some(_) => false,
    };
    is_curl && get
}

/// Option names under which HTTP clients take the query string as an object.
fn is_query_option(name: &str) -> bool {
    crate::model::QUERY_STRING_OPTIONS.contains(&name)
}

/// The credentials among the parameters of a query-string option object.
fn query_option<'a>(m: &FileModel<'a>, scope: ScopeId, value: &'a Expr, out: &mut Vec<Finding>) {
    let Expr::Object(params) = unwrap_expr(value) else {
        return;
    };
    for prop in &params.props {
        let PropOrSpread::Prop(prop) = prop else {
            continue;
        };
        let (name, value) = match &**prop {
            Prop::KeyValue(kv) => match prop_name(&kv.key) {
                Some(name) => (name, &*kv.value),
                None => continue,
            },
            Prop::Shorthand(_) => continue,
            _ => continue,
        };
        if let Some(what) = credential_in_url(m, scope, value, &name) {
            out.push(build_finding(value.span(), &name, &what));
        }
    }
}

/// What credential `value`, put into the query parameter `name`, is: a secret by what the value
/// is, or a non-literal value under a parameter that only a credential is sent as
/// (`access_token`, `client_secret`; see [`credential_parameter`]).
fn credential_in_url<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    value: &'a Expr,
    name: &str,
) -> Option<String> {
    if let Some(what) = secret_in_url(m, scope, value, name) {
        return Some(what);
    }
    let computed = !matches!(unwrap_expr(value), Expr::Lit(_) | Expr::Tpl(_));
    (computed && credential_parameter(name) && !named_public(value))
        .then(|| "A credential".to_string())
}

/// `process.env.MAPS_PUBLIC_TOKEN`, `publishableKey`: a token meant to be seen.
fn named_public(value: &Expr) -> bool {
    crate::model::read_name(value).is_some_and(|n| {
        words(&n)
            .iter()
            .any(|w| w == "public" || w == "publishable")
    })
}

/// Query parameters that carry nothing but a credential. Not `token` or `key` alone (share
/// links, cache keys), not `id_token` (OIDC's `id_token_hint` is sent this way by design), not
/// `api_key` (many APIs take the application's public client key so; a value that is a secret
/// by what it is still counts).
fn credential_parameter(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "access_token"
            | "client_secret"
            | "secret"
            | "app_secret"
            | "appsecret"
            | "password"
            | "passwd"
            | "auth_token"
            | "refresh_token"
            | "private_token"
    )
}

/// A key-like parameter name, including the configured secret words.
fn key_name(m: &FileModel<'_>, name: &str) -> bool {
    is_query_key_name(name) || m.vocab.is_secret_name(name)
}

fn read_finding(span: Span, name: &str) -> Finding {
    Finding {
        message: format!(
            "A credential is read from the query parameter '{name}': URLs are written to access logs, proxy logs and `Referer` headers"
        ),
        help: HELP_READ.into(),
        primary: Label::new(byte_range(span), "key taken from the URL here"),
        secondary: Vec::new(),
    }
}

fn build_finding(span: Span, name: &str, what: &str) -> Finding {
    Finding {
        message: format!(
            "{what} is put into the query parameter '{name}' of a URL: every log and proxy on the way keeps it"
        ),
        help: HELP_BUILD.into(),
        primary: Label::new(
            byte_range(span),
            "credential placed in the query string here",
        ),
        secondary: Vec::new(),
    }
}

/// `url.searchParams` of a URL (a bare `new URLSearchParams()` may as well be a form body).
fn is_url_search_params<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    matches!(m.origin(scope, e).1, Expr::Member(mem)
        if member_prop_name(&mem.prop).is_some_and(|p| p == "searchParams"))
}

/// `ctx.query`, `ctx.request.query`, `qs.parse(ctx.querystring)`.
fn is_request_query<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    if matches!(m.value(scope, e), Value::Koa(KoaObj::Query, _)) {
        return true;
    }
    match unwrap_expr(e) {
        Expr::Call(call) => {
            let parse = call.callee.as_expr().is_some_and(|c| match unwrap_expr(c) {
                Expr::Member(mem) => member_prop_name(&mem.prop).is_some_and(|p| p == "parse"),
                _ => false,
            });
            parse
                && call
                    .args
                    .first()
                    .is_some_and(|a| from_request_url(m, scope, &a.expr, 0))
        }
        Expr::Ident(_) => m
            .initializer(scope, e)
            .is_some_and(|(s, init)| is_request_query(m, s, init)),
        _ => false,
    }
}

/// A `URLSearchParams` (or `url.searchParams`) over the request's URL.
fn is_search_params<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    match m.origin(scope, e) {
        (scope, Expr::New(n)) => {
            matches!(unwrap_expr(&n.callee), Expr::Ident(id) if id.sym == "URLSearchParams")
                && n.args
                    .as_ref()
                    .and_then(|a| a.first())
                    .is_some_and(|a| from_request_url(m, scope, &a.expr, 0))
        }
        (scope, Expr::Member(mem)) => {
            member_prop_name(&mem.prop).is_some_and(|p| p == "searchParams")
                && from_request_url(m, scope, &mem.obj, 0)
        }
        _ => false,
    }
}

/// The request's URL or query string: `ctx.querystring`, `ctx.search`, `ctx.url`, `ctx.href`,
/// `ctx.originalUrl`, `ctx.URL`, `ctx.req.url`, or `new URL(…)` over one of them.
fn from_request_url<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr, depth: u32) -> bool {
    if depth > 6 {
        return false;
    }
    match unwrap_expr(e) {
        Expr::Member(mem) => {
            member_prop_name(&mem.prop).is_some_and(|p| {
                matches!(
                    &*p,
                    "querystring" | "search" | "url" | "href" | "originalUrl" | "URL" | "query"
                )
            }) && matches!(
                m.value(scope, &mem.obj),
                Value::Koa(KoaObj::Context | KoaObj::Request | KoaObj::NodeRequest, _)
            )
        }
        Expr::New(n) => n
            .args
            .as_ref()
            .and_then(|a| a.first())
            .is_some_and(|a| from_request_url(m, scope, &a.expr, depth + 1)),
        Expr::Tpl(t) => t
            .exprs
            .iter()
            .any(|x| from_request_url(m, scope, x, depth + 1)),
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            from_request_url(m, scope, &b.left, depth + 1)
                || from_request_url(m, scope, &b.right, depth + 1)
        }
        Expr::Ident(_) => m
            .initializer(scope, e)
            .is_some_and(|(s, init)| from_request_url(m, s, init, depth + 1)),
        _ => false,
    }
}

/// `(name, value)` for each `name=${value}` of a template literal or `+` chain.
fn query_params(e: &Expr) -> Vec<(String, &Expr)> {
    // Flatten into literal text and expressions, in order.
    enum Part<'e> {
        Text(String),
        Value(&'e Expr),
    }
    let mut parts: Vec<Part<'_>> = Vec::new();
    match unwrap_expr(e) {
        Expr::Tpl(t) => {
            for (i, q) in t.quasis.iter().enumerate() {
                parts.push(Part::Text(q.raw.to_string()));
                if let Some(x) = t.exprs.get(i) {
                    parts.push(Part::Value(x));
                }
            }
        }
        Expr::Bin(_) => {
            let mut stack = vec![unwrap_expr(e)];
            let mut ordered = Vec::new();
            // In-order walk of the `+` tree without recursion.
            while let Some(x) = stack.pop() {
                match x {
                    Expr::Bin(b) if b.op == BinaryOp::Add => {
                        stack.push(&b.right);
                        stack.push(&b.left);
                    }
                    other => ordered.push(other),
                }
            }
            for x in ordered {
                match unwrap_expr(x) {
                    Expr::Lit(swc_ecma_ast::Lit::Str(s)) => {
                        parts.push(Part::Text(s.value.to_string_lossy().into_owned()))
                    }
                    other => parts.push(Part::Value(other)),
                }
            }
        }
        _ => return Vec::new(),
    }
    let mut out = Vec::new();
    let mut in_query = false;
    let mut pending: Option<String> = None;
    for p in parts {
        match p {
            Part::Text(t) => {
                if t.contains('?') {
                    in_query = true;
                }
                pending = None;
                if in_query {
                    if let Some(before) = t.strip_suffix('=') {
                        let name = before.rsplit(['?', '&']).next().unwrap_or("").to_string();
                        if !name.is_empty() {
                            pending = Some(name);
                        }
                    }
                }
            }
            Part::Value(v) => {
                if let Some(name) = pending.take() {
                    out.push((name, v));
                }
            }
        }
    }
    out
}

/// The parameter names a link carries its token under (`?token=`, `?key=`, `?code=`, `?t=`);
/// never a service credential such as `api_key` or `access_token`.
fn link_token(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "token" | "key" | "code" | "t" | "k"
    )
}

/// A handler that an e-mailed one-time link points at (`resetPassword`, `activeAccount`,
/// `verifyEmail`): the token arrives in the URL by design.
fn serves_one_time_link(m: &FileModel<'_>, scope: ScopeId) -> bool {
    let named = m
        .function_of_scope(scope)
        .and_then(|f| m.function_name(f))
        .is_some_and(|name| one_time_link(&name));
    // `router.get('/share/:id', …)`, `/password/reset`: the route says what the link is for.
    let routed = m.enclosing_handler(scope).is_some_and(|(_, h)| {
        h.route
            .as_ref()
            .is_some_and(|r| r.split(['/', '-', '_', ':']).any(one_time_link))
    });
    named || routed
}

/// Links meant to carry a one-time token (password reset, invitations, e-mail verification):
/// the URL is the delivery channel, by design.
fn one_time_link(name: &str) -> bool {
    words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "reset"
                | "invite"
                | "invitation"
                | "verify"
                | "verification"
                | "confirm"
                | "confirmation"
                | "magic"
                | "unsubscribe"
                | "activation"
                | "activate"
                | "active"
                | "share"
                | "shared"
                | "sharing"
                | "signup"
        )
    })
}

/// What secret a value put into the query parameter `name` is, for the message.
fn secret_in_url<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    value: &'a Expr,
    name: &str,
) -> Option<String> {
    // A one-time link built where its e-mail is made (`sendResetPassMail`, `sendActiveMail`):
    // the token is meant to travel in the URL.
    if link_token(name) && serves_one_time_link(m, scope) {
        return None;
    }
    let t = m.secret_value(scope, value)?;
    match &t.what {
        Carried::SecretName(n) | Carried::ConfigSecret(n)
            if one_time_link(n) || one_time_link(name) =>
        {
            None
        }
        // A secret only by its name (`refreshToken`) sent as a parameter that is not a key
        // (`?v=${refreshToken}`, a cache-buster): the name alone is not enough.
        Carried::SecretName(_) if !key_name(m, name) => None,
        other => Some(super::capitalise(&other.describe())),
    }
}
