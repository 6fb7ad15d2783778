//! verbose-error: error output that hands a caller secrets or internals.
//!
//! Reads `ctx.throw(…)` calls, errors constructed inside handlers, `ctx.body` writes that are
//! error responses (in a `catch`, in an error listener, or after `ctx.status` is set to 4xx/5xx)
//! and `err.expose = true`. Asks the model what the message or body carries: a credential, the
//! request headers, `process.env`, a stack trace, the whole error object, or an HTTP client
//! error's `config`/`request` (axios errors carry the outbound headers, keys included). Output
//! guarded by a development check (`app.env === 'development'`, `NODE_ENV !== 'production'`,
//! `isDev ? err.stack : undefined`) is not reported.

use swc_common::Span;
use swc_ecma_ast::{BinaryOp, Expr, Lit as AstLit, PropOrSpread, UnaryOp};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    BindingKind, FileModel, Init, KoaObj, ScopeId, Taint, Value, byte_range, member_prop_name,
    prop_key, unwrap_expr, words,
};

use super::{FileContext, Rule, RuleMeta};

pub struct VerboseError;

static META: RuleMeta = RuleMeta {
    id: "verbose-error",
    default_severity: Severity::Error,
    summary: "Error responses and messages that carry credentials, stack traces or HTTP client internals",
    doc: include_str!("../../rules/verbose-error.md"),
};

const HELP: &str = "answer with a fixed message and a request id; log the details on the server (without credentials) and look them up by that id";

/// What an error response carries.
enum Leak {
    Secret(Taint),
    Stack(Span),
    WholeError(Span),
    Outbound(Span, &'static str),
}

impl Leak {
    /// `http_client`: the file uses an HTTP client, so the error may be one of its errors.
    fn describe(&self, http_client: bool) -> String {
        match self {
            Leak::Secret(t) => t.what.describe(),
            Leak::Stack(_) => "the stack trace".into(),
            Leak::WholeError(_) if http_client => {
                "the whole error object (an HTTP client's error serialises its request, headers and keys included)".into()
            }
            Leak::WholeError(_) => {
                "the whole error object (every property a library put on it: queries, options, internal state)".into()
            }
            Leak::Outbound(_, part) => {
                format!("the failed request's `{part}` (its headers carry the service's own keys)")
            }
        }
    }

    fn label(&self) -> (Span, String) {
        match self {
            Leak::Secret(t) => (t.span, t.what.origin_label()),
            Leak::Stack(s) => (*s, "stack trace read here".into()),
            Leak::WholeError(s) => (*s, "the whole error".into()),
            Leak::Outbound(s, part) => (*s, format!("`{part}` of an HTTP client error")),
        }
    }
}

impl Rule for VerboseError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        for w in &m.member_writes {
            match &*w.prop {
                "body" if m.is_error_response(w) => {
                    let leaks = leaks(m, w.scope, w.value);
                    if !leaks.is_empty() && !dev_only(m, w.scope, w.span) {
                        out.push(finding(
                            m,
                            w.span,
                            &leaks,
                            "The error response sends",
                            "sent to the caller here",
                        ));
                    }
                }
                "expose" if truthy(m, w.scope, w.value) => {
                    let Some(message) = created_message(m, w.scope, w.object) else {
                        continue;
                    };
                    // Created inside a handler: already reported where it was created.
                    if m.enclosing_handler(message.0).is_some() {
                        continue;
                    }
                    let leaks = leaks(m, message.0, message.1);
                    if !leaks.is_empty() && !dev_only(m, w.scope, w.span) {
                        out.push(finding(
                            m,
                            w.span,
                            &leaks,
                            "`expose = true` makes Koa send this error's message, which carries",
                            "Koa sends the message to the caller",
                        ));
                    }
                }
                _ => {}
            }
        }
        for call in &m.calls {
            let Some(callee) = call.callee.map(unwrap_expr) else {
                continue;
            };
            let mut skip = 0;
            let (lead, label) = match callee {
                Expr::Member(mem)
                    if member_prop_name(&mem.prop)
                        .is_some_and(|p| p == "throw" || p == "assert")
                        && matches!(
                            m.value(call.scope, &mem.obj),
                            Value::Koa(KoaObj::Context, _)
                        ) =>
                {
                    // `ctx.assert(condition, status, message)`: the condition is not sent.
                    if member_prop_name(&mem.prop).is_some_and(|p| p == "assert") {
                        skip = 1;
                    }
                    (
                        "Koa sends the caller an error message that carries",
                        "thrown to the caller here",
                    )
                }
                Expr::Ident(id)
                    if call.is_new
                        && is_error_class(&id.sym)
                        && m.enclosing_handler(call.scope).is_some() =>
                {
                    (
                        "An error raised in a request handler carries",
                        "error created here",
                    )
                }
                // `createError(429, msg)`, `new createError.TooManyRequests(msg)` (http-errors)
                _ if is_http_errors(m, call.scope, callee) => (
                    "An HTTP error sent to the caller carries",
                    "error created here",
                ),
                _ => continue,
            };
            // An error's message is what is sent: secrets and stacks written into it. An error
            // passed along (`createError(400, err)`, `ctx.throw(502, err)`) lends only its own
            // message, which this rule does not judge.
            let mut found = Vec::new();
            for a in call.args.iter().skip(skip).filter(|a| a.spread.is_none()) {
                found.extend(
                    leaks(m, call.scope, &a.expr)
                        .into_iter()
                        .filter(|l| matches!(l, Leak::Secret(_) | Leak::Stack(_))),
                );
            }
            if !found.is_empty() && !dev_only(m, call.scope, call.span) {
                out.push(finding(m, call.span, &found, lead, label));
            }
        }
    }
}

fn finding(m: &FileModel<'_>, span: Span, leaks: &[Leak], lead: &str, label: &str) -> Finding {
    let http_client = leaks.iter().any(|l| matches!(l, Leak::WholeError(_)))
        && m.uses_package(crate::model::HTTP_CLIENTS);
    let what: Vec<String> = leaks
        .iter()
        .take(3)
        .map(|l| l.describe(http_client))
        .collect();
    Finding {
        message: format!("{lead} {}", what.join("; ")),
        help: HELP.into(),
        primary: Label::new(byte_range(span), label),
        secondary: leaks
            .iter()
            .take(3)
            .map(Leak::label)
            .filter(|(s, _)| !s.is_dummy() && *s != span)
            .map(|(s, text)| Label::new(byte_range(s), text))
            .collect(),
    }
}

fn is_http_errors<'a>(m: &FileModel<'a>, scope: ScopeId, callee: &'a Expr) -> bool {
    // Only names that can be http-errors are evaluated: this runs for every call.
    let root = match callee {
        Expr::Ident(id) => id,
        Expr::Member(mem) => match unwrap_expr(&mem.obj) {
            Expr::Ident(id) => id,
            _ => return false,
        },
        _ => return false,
    };
    let name = root.sym.to_ascii_lowercase();
    (name.contains("error") || name.contains("http"))
        && matches!(m.value(scope, callee), Value::Module { source, .. } if &*source == "http-errors")
}

fn is_error_class(name: &str) -> bool {
    name.ends_with("Error") || name == "HttpError"
}

fn truthy<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    matches!(m.value(scope, e), Value::Lit(l, _) if l.truthy())
}

/// The message an error object was created with: `const err = new Error(msg)`.
fn created_message<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    object: &'a Expr,
) -> Option<(ScopeId, &'a Expr)> {
    let (s, init) = m.initializer(scope, object)?;
    match unwrap_expr(init) {
        Expr::New(n) => n
            .args
            .as_ref()
            .and_then(|a| a.first())
            .map(|a| (s, &*a.expr)),
        _ => None,
    }
}

/// Secrets and internals a value carries.
fn leaks<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Vec<Leak> {
    let mut out: Vec<Leak> = m
        .carried(scope, expr)
        .into_iter()
        // A token the service has just issued is handed to its owner, not leaked.
        .filter(|t| !matches!(t.what, crate::model::Carried::Issued(_)))
        .map(Leak::Secret)
        .collect();
    internals(m, scope, expr, 0, &mut out);
    out
}

/// Stack traces, whole error objects and HTTP client internals in a value.
fn internals<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    expr: &'a Expr,
    depth: u32,
    out: &mut Vec<Leak>,
) {
    if depth > 8 {
        return;
    }
    let d = depth + 1;
    match unwrap_expr(expr) {
        Expr::Member(mem) => member_internals(m, scope, mem, out),
        Expr::OptChain(o) => {
            if let swc_ecma_ast::OptChainBase::Member(mem) = &*o.base {
                member_internals(m, scope, mem, out);
            }
        }
        Expr::Ident(id) => ident_internals(m, scope, id, d, out),
        Expr::Object(o) => {
            for p in &o.props {
                match p {
                    PropOrSpread::Spread(s) => internals(m, scope, &s.expr, d, out),
                    PropOrSpread::Prop(p) => match &**p {
                        swc_ecma_ast::Prop::KeyValue(kv) => internals(m, scope, &kv.value, d, out),
                        swc_ecma_ast::Prop::Shorthand(id) => {
                            // `{ stack }` from `const { stack } = err`
                            let destructured_stack = prop_key(p).is_some_and(|k| k == "stack")
                                && m.resolve(scope, &id.sym).is_some_and(|b| {
                                    matches!(&m.binding(b).init, Init::Expr { path, .. } if !path.is_empty())
                                });
                            if destructured_stack {
                                out.push(Leak::Stack(id.span));
                            } else {
                                ident_internals(m, scope, id, d, out);
                            }
                        }
                        _ => {}
                    },
                }
            }
        }
        Expr::Tpl(t) => t.exprs.iter().for_each(|e| internals(m, scope, e, d, out)),
        Expr::Bin(b)
            if matches!(
                b.op,
                BinaryOp::Add | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing
            ) =>
        {
            internals(m, scope, &b.left, d, out);
            internals(m, scope, &b.right, d, out);
        }
        Expr::Cond(c) => match dev_branch(m, scope, &c.test) {
            Some(true) => internals(m, scope, &c.alt, d, out),
            Some(false) => internals(m, scope, &c.cons, d, out),
            None => {
                internals(m, scope, &c.cons, d, out);
                internals(m, scope, &c.alt, d, out);
            }
        },
        Expr::Array(a) => {
            for el in a.elems.iter().flatten() {
                internals(m, scope, &el.expr, d, out);
            }
        }
        Expr::Call(call) => {
            let passes = call
                .callee
                .as_expr()
                .is_some_and(|c| match m.value(scope, c) {
                    Value::Global(g) => matches!(&*g, "JSON.stringify" | "String"),
                    Value::Module { source, path } => {
                        matches!(&*source, "util" | "node:util")
                            && path
                                .first()
                                .is_some_and(|p| matches!(&**p, "inspect" | "format"))
                    }
                    _ => false,
                });
            if passes {
                for a in &call.args {
                    internals(m, scope, &a.expr, d, out);
                }
            }
        }
        _ => {}
    }
}

/// `err.stack`, `err.config`, `err.request`, `err.response.config` (also `err.response?.config`).
fn member_internals<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    mem: &'a swc_ecma_ast::MemberExpr,
    out: &mut Vec<Leak>,
) {
    let Some(prop) = member_prop_name(&mem.prop) else {
        return;
    };
    let part = match &*prop {
        "stack" => return out.push(Leak::Stack(mem.span)),
        "config" => "config",
        "request" => "request",
        _ => return,
    };
    let base = unwrap_expr(&mem.obj);
    let response_of_error = |e: &'a Expr| match unwrap_expr(e) {
        Expr::Member(inner) => {
            member_prop_name(&inner.prop).is_some_and(|p| p == "response")
                && is_error(m, scope, &inner.obj, 0)
        }
        Expr::OptChain(o) => match &*o.base {
            swc_ecma_ast::OptChainBase::Member(inner) => {
                member_prop_name(&inner.prop).is_some_and(|p| p == "response")
                    && is_error(m, scope, &inner.obj, 0)
            }
            _ => false,
        },
        _ => false,
    };
    if is_error(m, scope, base, 0) || response_of_error(base) {
        out.push(Leak::Outbound(mem.span, part));
    }
}

/// A name: a caught error itself, or what its binding was initialised with.
fn ident_internals<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    id: &swc_ecma_ast::Ident,
    d: u32,
    out: &mut Vec<Leak>,
) {
    let Some(b) = m.resolve(scope, &id.sym) else {
        return;
    };
    if is_error_binding(m, b, 0) {
        out.push(Leak::WholeError(id.span));
        return;
    }
    if let Some((s, init)) = m.binding_initializer(b) {
        internals(m, s, init, d, out);
    }
}

/// A caught error: a `catch` parameter, the error of an error listener or of a `.catch(…)`
/// callback, or a name bound to one of these.
fn is_error<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    let Expr::Ident(id) = unwrap_expr(expr) else {
        return false;
    };
    m.resolve(scope, &id.sym)
        .is_some_and(|b| is_error_binding(m, b, depth))
}

fn is_error_binding(m: &FileModel<'_>, b: crate::model::BindingId, depth: u32) -> bool {
    let binding = m.binding(b);
    match &binding.init {
        _ if binding.kind == BindingKind::CatchParam => true,
        Init::Param {
            function,
            index: 0,
            path,
            ..
        } if path.is_empty() => m.is_error_callback(*function),
        _ => m
            .binding_initializer(b)
            .is_some_and(|(s, init)| depth < 4 && is_error(m, s, init, depth + 1)),
    }
}

/// Whether a position only runs in development: inside the branch of an `if` that a development
/// check takes, or after `if (production) return;` in the same function.
fn dev_only(m: &FileModel<'_>, scope: ScopeId, span: Span) -> bool {
    let f = m.function_of_scope(scope);
    m.guards.iter().any(|g| {
        let Some(dev) = dev_branch(m, g.scope, g.test) else {
            return false;
        };
        let within = |s: Span| s.lo <= span.lo && span.hi <= s.hi;
        (dev && within(g.cons))
            || (!dev && g.alt.is_some_and(within))
            || (!dev && g.cons_exits && g.cons.hi <= span.lo && m.function_of_scope(g.scope) == f)
    })
}

/// `Some(true)` when the test holds in development (`app.env === 'development'`, `isDev`,
/// `NODE_ENV !== 'production'`), `Some(false)` when it holds in production, `None` otherwise.
fn dev_branch<'a>(m: &FileModel<'a>, scope: ScopeId, test: &'a Expr) -> Option<bool> {
    match unwrap_expr(test) {
        Expr::Unary(u) if u.op == UnaryOp::Bang => dev_branch(m, scope, &u.arg).map(|b| !b),
        Expr::Bin(b) => match b.op {
            BinaryOp::EqEqEq | BinaryOp::EqEq | BinaryOp::NotEqEq | BinaryOp::NotEq => {
                let negated = matches!(b.op, BinaryOp::NotEqEq | BinaryOp::NotEq);
                let (lit, other) = match (unwrap_expr(&b.left), unwrap_expr(&b.right)) {
                    (Expr::Lit(AstLit::Str(s)), o) | (o, Expr::Lit(AstLit::Str(s))) => (s, o),
                    _ => return None,
                };
                if !names_environment(m, scope, other) {
                    return None;
                }
                let dev = match lit.value.as_str()? {
                    "development" | "dev" | "local" | "test" => true,
                    "production" | "prod" => false,
                    _ => return None,
                };
                Some(dev != negated)
            }
            // `a && b` holds only where both do: one development side makes it development-only.
            BinaryOp::LogicalAnd => {
                dev_branch(m, scope, &b.left).or_else(|| dev_branch(m, scope, &b.right))
            }
            // `a || b` holds where either does: both sides must agree.
            BinaryOp::LogicalOr => {
                let left = dev_branch(m, scope, &b.left)?;
                (dev_branch(m, scope, &b.right)? == left).then_some(left)
            }
            _ => None,
        },
        Expr::Ident(id) => mode_word(&id.sym),
        // `config.debug`, not `ctx.query.debug`: a caller chooses what the request says.
        Expr::Member(mem) => {
            if matches!(m.value(scope, &mem.obj), Value::Koa(..) | Value::Headers(_)) {
                return None;
            }
            member_prop_name(&mem.prop).and_then(|p| mode_word(&p))
        }
        _ => None,
    }
}

/// `app.env`, `ctx.app.env`, `process.env.NODE_ENV`, `config.env`, `NODE_ENV`.
fn names_environment<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    if let Value::Env(name, _) = m.value(scope, e) {
        return name.ends_with("ENV");
    }
    match unwrap_expr(e) {
        Expr::Member(mem) => member_prop_name(&mem.prop)
            .is_some_and(|p| p == "env" || p.ends_with("ENV") || p == "environment"),
        Expr::Ident(id) => {
            let w = words(&id.sym);
            w.iter().any(|x| x == "env" || x == "environment")
        }
        _ => false,
    }
}

/// `isDev`, `DEBUG`, `isProduction` as a mode.
fn mode_word(name: &str) -> Option<bool> {
    let w = words(name);
    if w.iter()
        .any(|x| matches!(x.as_str(), "prod" | "production"))
    {
        Some(false)
    } else if w
        .iter()
        .any(|x| matches!(x.as_str(), "dev" | "development" | "debug" | "local"))
    {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::engine::Linter;

    fn messages(src: &str) -> Vec<String> {
        Linter::default()
            .lint_bytes("t.js", Path::new("t.js"), src.as_bytes())
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    const HANDLER: &str = "app.use(async (ctx, next) => {\n  try {\n    await next();\n  } catch (err) {\n    ctx.status = 500;\n    ctx.body = { message: err.message, ...err };\n  }\n});\n";

    #[test]
    fn a_spread_error_names_http_client_requests_only_where_a_client_is_used() {
        let plain = messages(&format!(
            "const Koa = require('koa');\nconst app = new Koa();\n{HANDLER}"
        ));
        assert_eq!(plain.len(), 1, "{plain:?}");
        assert!(!plain[0].contains("HTTP client"), "{plain:?}");
        let with_client = messages(&format!(
            "const Koa = require('koa');\nconst axios = require('axios');\nconst app = new Koa();\n{HANDLER}"
        ));
        assert_eq!(with_client.len(), 1, "{with_client:?}");
        assert!(with_client[0].contains("HTTP client"), "{with_client:?}");
        let imported = messages(&format!(
            "import Koa from 'koa';\nimport got from 'got';\nconst app = new Koa();\n{HANDLER}"
        ));
        assert!(imported[0].contains("HTTP client"), "{imported:?}");
    }
}
