//! header-logging: request headers, credentials and secrets written to logs.
//!
//! Finds logging calls (console, process.stdout/stderr, loggers created in the file, receivers
//! named like loggers, `debug` functions, and functions of the file that pass their parameters on
//! to a logger) and asks the model what each argument carries. Also request-logging middleware
//! (`koa-pino-logger`, `pino-http`) mounted without redaction.

use std::collections::HashMap;

use swc_atoms::Atom;
use swc_common::Spanned;
use swc_ecma_ast::Expr;

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    byte_range, unwrap_expr, CallSite, FileModel, FunctionId, Init, ScopeId, Taint, Value, words,
};

use super::{FileContext, Rule, RuleMeta};

pub struct HeaderLogging;

static META: RuleMeta = RuleMeta {
    id: "header-logging",
    default_severity: Severity::Error,
    summary: "Request headers, credentials or secrets written to logs",
    doc: include_str!("../../rules/header-logging.md"),
};

const CONSOLE_METHODS: &[&str] = &["log", "info", "warn", "error", "debug", "trace", "dir", "table"];
const OUTPUT_METHODS: &[&str] = &[
    "trace", "debug", "info", "warn", "warning", "error", "fatal", "log", "silly", "verbose",
    "http", "notice", "critical", "crit", "alert", "emerg",
];
const REQUEST_LOGGER_MODULES: &[&str] = &["koa-pino-logger", "pino-http", "koa-pino-http"];

const HELP: &str = "log what identifies the request (method, path, status, request id) instead; if headers must be logged, copy them with every credential header removed, or configure the logger's redaction (pino `redact: ['req.headers.authorization', 'req.headers.cookie', …]`)";
const HELP_MIDDLEWARE: &str = "pass `redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers[\"x-api-key\"]']` (or a `serializers.req` that drops them) to the request logger";

/// Which arguments of a logging call are written out.
#[derive(Clone, Debug, PartialEq)]
enum Logged {
    All,
    /// A wrapper forwards these parameter positions (and, with `rest_from`, every later one).
    Forwarded { indices: Vec<usize>, rest_from: Option<usize> },
}

impl Logged {
    fn includes(&self, i: usize) -> bool {
        match self {
            Logged::All => true,
            Logged::Forwarded { indices, rest_from } => {
                indices.contains(&i) || rest_from.is_some_and(|r| i >= r)
            }
        }
    }
}

impl Rule for HeaderLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        let wrappers = find_wrappers(m);
        for call in &m.calls {
            if let Some(f) = request_logger_without_redaction(m, call) {
                out.push(f);
                continue;
            }
            let Some(logged) = logging_call(m, call, &wrappers) else {
                continue;
            };
            let redacted = pino_redact_paths(m, call);
            for (index, arg) in call.args.iter().enumerate() {
                if !logged.includes(index) {
                    continue;
                }
                let taints: Vec<Taint> = m
                    .carried(call.scope, &arg.expr)
                    .into_iter()
                    .filter(|t| !covered_by_redaction(t, redacted.as_deref()))
                    .collect();
                if taints.is_empty() {
                    continue;
                }
                out.push(finding(&arg.expr, &taints));
            }
        }
    }
}

fn finding(arg: &Expr, taints: &[Taint]) -> Finding {
    let what: Vec<String> = taints.iter().take(3).map(|t| t.what.describe()).collect();
    let more = if taints.len() > 3 { " and more" } else { "" };
    Finding {
        message: format!("logged value carries {}{more}", what.join("; ")),
        help: HELP.into(),
        primary: Label::new(byte_range(arg.span()), "written to the log here"),
        secondary: taints
            .iter()
            .take(3)
            .map(|t| Label::new(byte_range(t.span), t.what.origin_label()))
            .collect(),
    }
}

/// Whether `call` writes its arguments to a log, and which of them.
fn logging_call(
    m: &FileModel<'_>,
    call: &CallSite<'_>,
    wrappers: &HashMap<FunctionId, Logged>,
) -> Option<Logged> {
    let callee = unwrap_expr(call.callee?);
    match m.value(call.scope, callee) {
        Value::Global(name) => {
            let name = &*name;
            let console = name
                .strip_prefix("console.")
                .is_some_and(|method| CONSOLE_METHODS.contains(&method));
            let stdio = name == "process.stdout.write" || name == "process.stderr.write";
            return (console || stdio).then_some(Logged::All);
        }
        Value::Module { source, path } if is_logger_path(&source, &path) => {
            return Some(Logged::All);
        }
        Value::Function(f) => return wrappers.get(&f).cloned(),
        _ => {}
    }
    // `logger.info(…)`, `ctx.log.warn(…)`, `this.logger.error(…)`: a receiver named like a logger.
    if let Expr::Member(member) = callee {
        let method = crate::model::member_prop_name(&member.prop)?;
        if OUTPUT_METHODS.contains(&&*method) && named_like_logger(&member.obj) {
            return Some(Logged::All);
        }
    }
    None
}

/// `pino()…info`, `winston.createLogger()…warn`, `bunyan.createLogger()…`, `log4js.getLogger()…`,
/// `require('debug')('ns')` itself, and `.child(…)` loggers of any of them.
fn is_logger_path(source: &str, path: &[Atom]) -> bool {
    let rest: &[Atom] = match (source, path) {
        ("debug", [call]) => return &**call == "()",
        ("pino", [call, rest @ ..]) if &**call == "()" => rest,
        ("winston" | "bunyan", [make, call, rest @ ..]) if &**make == "createLogger" && &**call == "()" => rest,
        ("log4js", [make, call, rest @ ..]) if &**make == "getLogger" && &**call == "()" => rest,
        ("winston", [method]) => return OUTPUT_METHODS.contains(&&**method),
        _ => return false,
    };
    let mut rest = rest;
    while let [child, call, tail @ ..] = rest {
        if &**child != "child" || &**call != "()" {
            break;
        }
        rest = tail;
    }
    matches!(rest, [method] if OUTPUT_METHODS.contains(&&**method))
}

/// `logger`, `log`, `auditLogger`, `ctx.log`, `this.logger`.
fn named_like_logger(expr: &Expr) -> bool {
    let name = match unwrap_expr(expr) {
        Expr::Ident(i) => i.sym.clone(),
        Expr::Member(m) => match crate::model::member_prop_name(&m.prop) {
            Some(n) => n,
            None => return false,
        },
        _ => return false,
    };
    let w = words(&name);
    w.last().is_some_and(|l| l == "logger" || l == "log") && w.len() <= 3
}

/// Functions of the file that pass (some of) their parameters on to a logger.
fn find_wrappers(m: &FileModel<'_>) -> HashMap<FunctionId, Logged> {
    let mut wrappers: HashMap<FunctionId, Logged> = HashMap::new();
    // Two rounds: a wrapper of a wrapper.
    for _ in 0..2 {
        let mut found = Vec::new();
        for call in &m.calls {
            let Some(f) = m.function_of_scope(call.scope) else {
                continue;
            };
            if wrappers.contains_key(&f) {
                continue;
            }
            let Some(logged) = logging_call(m, call, &wrappers) else {
                continue;
            };
            let mut indices = Vec::new();
            let mut rest_from = None;
            for (i, arg) in call.args.iter().enumerate() {
                if !logged.includes(i) {
                    continue;
                }
                for b in param_refs(m, call.scope, &arg.expr) {
                    if let Init::Param { function, index, .. } = &m.binding(b).init {
                        if *function != f {
                            continue;
                        }
                        let is_rest = matches!(m.function(f).params.get(*index), Some(swc_ecma_ast::Pat::Rest(_)));
                        if is_rest {
                            rest_from = Some(*index);
                        } else {
                            indices.push(*index);
                        }
                    }
                }
            }
            if !indices.is_empty() || rest_from.is_some() {
                found.push((f, Logged::Forwarded { indices, rest_from }));
            }
        }
        if found.is_empty() {
            break;
        }
        for (f, logged) in found {
            wrappers.entry(f).or_insert(logged);
        }
    }
    wrappers
}

/// Parameter bindings an argument hands on: `msg`, `...args`, `{ data }`, `` `${msg}` ``.
fn param_refs(m: &FileModel<'_>, scope: ScopeId, arg: &Expr) -> Vec<crate::model::BindingId> {
    let mut out = Vec::new();
    let mut push = |e: &Expr| {
        if let Some(b) = m.ident_binding(scope, e) {
            if matches!(m.binding(b).init, Init::Param { .. }) {
                out.push(b);
            }
        }
    };
    match unwrap_expr(arg) {
        Expr::Object(o) => {
            for p in &o.props {
                match p {
                    swc_ecma_ast::PropOrSpread::Spread(s) => push(&s.expr),
                    swc_ecma_ast::PropOrSpread::Prop(p) => match &**p {
                        swc_ecma_ast::Prop::Shorthand(id) => push(&Expr::Ident(id.clone())),
                        swc_ecma_ast::Prop::KeyValue(kv) => push(&kv.value),
                        _ => {}
                    },
                }
            }
        }
        Expr::Tpl(t) => t.exprs.iter().for_each(|e| push(e)),
        other => push(other),
    }
    out
}

/// The `redact` paths of the pino logger a call logs through, when it was created in this file.
fn pino_redact_paths(m: &FileModel<'_>, call: &CallSite<'_>) -> Option<Vec<String>> {
    let Expr::Member(member) = unwrap_expr(call.callee?) else {
        return None;
    };
    let b = m.ident_binding(call.scope, &member.obj)?;
    let Init::Expr { scope, expr, path, .. } = &m.binding(b).init else {
        return None;
    };
    if !path.is_empty() {
        return None;
    }
    let Expr::Call(create) = unwrap_expr(expr) else {
        return None;
    };
    let swc_ecma_ast::Callee::Expr(create_callee) = &create.callee else {
        return None;
    };
    match m.value(*scope, create_callee) {
        Value::Module { source, path } if &*source == "pino" && path.is_empty() => {}
        _ => return None,
    }
    let options = m.value(*scope, &create.args.first()?.expr);
    let redact = m.property(&options, "redact", create.span)?;
    let list = match &redact {
        Value::Object { .. } => m.property(&redact, "paths", create.span)?,
        _ => redact,
    };
    string_array(m, &list)
}

/// The strings of an array value (`['a', 'b']`); `None` if any element is not a known string.
fn string_array(m: &FileModel<'_>, v: &Value<'_>) -> Option<Vec<String>> {
    let Value::Array { scope, lit } = v else {
        return None;
    };
    lit.elems
        .iter()
        .map(|el| match el.as_ref().map(|e| m.value(*scope, &e.expr)) {
            Some(Value::Lit(crate::model::Lit::Str(s), _)) => Some(s.to_string()),
            _ => None,
        })
        .collect()
}

/// A credential is covered when every header name it is about has a redact path ending in it.
fn covered_by_redaction(t: &Taint, redact: Option<&[String]>) -> bool {
    let Some(paths) = redact else {
        return false;
    };
    let names = t.what.header_names();
    !names.is_empty()
        && names.iter().all(|name| {
            paths.iter().any(|p| {
                let p = p.trim_end_matches(['"', '\'', ']']).to_ascii_lowercase();
                p.ends_with(&format!(".{name}")) || p.ends_with(&format!("[\"{name}")) || p.ends_with(&format!("['{name}")) || p == *name
            })
        })
}

/// `app.use(pinoLogger())` with neither `redact` nor `serializers.req`: every request's headers
/// go to the log.
fn request_logger_without_redaction(m: &FileModel<'_>, call: &CallSite<'_>) -> Option<Finding> {
    let callee = call.callee?;
    match m.value(call.scope, callee) {
        Value::Module { source, path }
            if REQUEST_LOGGER_MODULES.contains(&&*source) && path.len() <= 1 && !path.iter().any(|p| &**p == "()") => {}
        _ => return None,
    }
    let safe = match call.args.first() {
        None => false,
        Some(a) => {
            let options = m.value(call.scope, &a.expr);
            match &options {
                Value::Object { .. } => {
                    let redact = m.property(&options, "redact", call.span);
                    let serializer = m
                        .property(&options, "serializers", call.span)
                        .and_then(|s| m.property(&s, "req", call.span));
                    redact.is_some_and(|r| !matches!(r, Value::Lit(..)))
                        || serializer.is_some_and(|s| !matches!(s, Value::Lit(..)))
                }
                // Options we cannot see: stay silent.
                _ => true,
            }
        }
    };
    if safe {
        return None;
    }
    let name = match unwrap_expr(callee) {
        Expr::Ident(i) => i.sym.to_string(),
        _ => "the request logger".into(),
    };
    Some(Finding {
        message: format!("`{name}` logs every request with all its headers, including authorization and cookie: it has no `redact` option or `serializers.req`"),
        help: HELP_MIDDLEWARE.into(),
        primary: Label::new(byte_range(call.span), "request logger mounted without redaction"),
        secondary: Vec::new(),
    })
}
