//! debug-echo-route: responses that reflect request headers, credentials, `process.env` or the
//! whole request back to the caller.
//!
//! Reads writes of `ctx.body` / `ctx.response.body` and calls of `ctx.set` / `ctx.append` on a
//! Koa context (found by the model, whatever the parameter's name) and asks the model what the
//! written value carries. The route path only shapes the message.

use swc_ecma_ast::Expr;

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    Carried, FileModel, KoaObj, ScopeId, Taint, Value, byte_range, member_prop_name, unwrap_expr,
};

use super::{FileContext, Rule, RuleMeta, capitalise};

pub struct DebugEchoRoute;

static META: RuleMeta = RuleMeta {
    id: "debug-echo-route",
    default_severity: Severity::Error,
    summary: "Responses that echo request headers, credentials, process.env or the whole request",
    doc: include_str!("../../rules/debug-echo-route.md"),
};

const HELP_BODY: &str = "return only what the caller needs (method, path, a request id); never echo headers, keys or the environment — remove debug routes from production builds";
const HELP_HEADER: &str = "do not copy a credential into a response header; send a non-secret identifier (a key id or request id) instead";

/// Path prefixes and names of diagnostic routes.
const DIAGNOSTIC_SEGMENTS: &[&str] = &["debug", "echo", "headers", "_env", "env", "test", "dump"];

impl Rule for DebugEchoRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        for w in &m.member_writes {
            if &*w.prop != "body" || !is_response_target(m, w.scope, w.object) {
                continue;
            }
            // Error responses are verbose-error's.
            if m.is_error_response(w) {
                continue;
            }
            let taints = echoed(m.carried(w.scope, w.value));
            if !taints.is_empty() {
                out.push(finding(cx, w.scope, w.span, &taints, "the response body"));
            }
        }
        for call in &m.calls {
            let Some(Expr::Member(member)) = call.callee.map(unwrap_expr) else {
                continue;
            };
            let Some(method) = member_prop_name(&member.prop) else {
                continue;
            };
            if !matches!(&*method, "set" | "append")
                || !is_response_target(m, call.scope, &member.obj)
            {
                continue;
            }
            // `ctx.set(name, value)` or `ctx.set({ name: value })`
            let value = match call.args {
                [_, value, ..] => &value.expr,
                [fields] => &fields.expr,
                [] => continue,
            };
            let taints = echoed(m.carried(call.scope, value));
            if !taints.is_empty() {
                out.push(finding(
                    cx,
                    call.scope,
                    call.span,
                    &taints,
                    "a response header",
                ));
            }
        }
    }
}

/// What the caller sent, or the server's environment: a value that is a secret only by its name
/// (`{ token }` from a login route), or a token the route has just issued, is what the route
/// exists to hand out, not an echo.
fn echoed(taints: Vec<Taint>) -> Vec<Taint> {
    taints
        .into_iter()
        .filter(|t| !matches!(t.what, Carried::SecretName(_) | Carried::Issued(_)))
        .collect()
}

/// `ctx`, `ctx.response`, `this` in Koa 1 middleware: what `body` and `set` answer the caller with.
fn is_response_target<'a>(m: &FileModel<'a>, scope: ScopeId, object: &'a Expr) -> bool {
    matches!(
        m.value(scope, object),
        Value::Koa(KoaObj::Context | KoaObj::Response, _)
    )
}

fn finding(
    cx: &FileContext<'_, '_>,
    scope: ScopeId,
    span: swc_common::Span,
    taints: &[Taint],
    into: &str,
) -> Finding {
    let what: Vec<String> = taints.iter().take(3).map(|t| t.what.describe()).collect();
    let route = cx
        .model
        .enclosing_handler(scope)
        .and_then(|(_, h)| h.route.clone())
        .filter(|r| is_diagnostic_route(r, &cx.settings.debug_routes));
    let message = match &route {
        Some(r) => format!(
            "the diagnostic route '{r}' sends {} back to the caller in {into}",
            what.join("; ")
        ),
        None => format!(
            "{} sent back to the caller in {into}",
            capitalise(&what.join("; "))
        ),
    };
    let help = if into == "a response header" {
        HELP_HEADER
    } else {
        HELP_BODY
    };
    Finding {
        message,
        help: help.into(),
        primary: Label::new(byte_range(span), "echoed to the caller here"),
        secondary: taints
            .iter()
            .take(3)
            .map(|t| Label::new(byte_range(t.span), t.what.origin_label()))
            .collect(),
    }
}

/// `/debug`, `/echo`, `/headers`, `/_env`, `/__anything`, `/test`, `/dump` (any segment), and
/// the configured prefixes.
fn is_diagnostic_route(route: &str, extra_prefixes: &[String]) -> bool {
    if extra_prefixes.iter().any(|p| route.starts_with(p.as_str())) {
        return true;
    }
    route.split('/').any(|seg| {
        let seg = seg.trim_start_matches(':').to_ascii_lowercase();
        seg.starts_with("__") || DIAGNOSTIC_SEGMENTS.contains(&seg.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::is_diagnostic_route;

    #[test]
    fn diagnostic_routes_by_segment() {
        for r in [
            "/debug",
            "/api/debug/headers",
            "/echo",
            "/_env",
            "/__internal",
            "/test",
            "/dump",
        ] {
            assert!(is_diagnostic_route(r, &[]), "{r}");
        }
        for r in ["/invoices", "/debugger-docs", "/testimonials", "/"] {
            assert!(!is_diagnostic_route(r, &[]), "{r}");
        }
        assert!(is_diagnostic_route(
            "/internal/state",
            &["/internal".to_string()]
        ));
    }
}
