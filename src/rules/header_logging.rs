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
    CallSite, Carried, Fact, FactKind, FileModel, FunctionId, Init, KoaObj, LOGGER_CONFIGURATION,
    LOGGER_FACTORIES, Made, PatStep, REPORTER_WRITES, ScopeId, Taint, UserKind, UserModel, Value,
    byte_range, logger_made, member_prop_name, unwrap_expr, words,
};

use super::{Ask, FileContext, Question, Rule, RuleMeta};

pub struct HeaderLogging;

static META: RuleMeta = RuleMeta {
    id: "header-logging",
    default_severity: Severity::Error,
    summary: "Request headers, credentials or secrets written to logs",
    doc: include_str!("../../rules/header-logging.md"),
};

const CONSOLE_METHODS: &[&str] = &[
    "log", "info", "warn", "error", "debug", "trace", "dir", "table",
];
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
    Forwarded {
        indices: Vec<usize>,
        rest_from: Option<usize>,
    },
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
        let constructed = constructs_loggers(m);
        // One look at every callee; everything below reuses it.
        let callees: Vec<Value<'_>> = m
            .calls
            .iter()
            .map(|c| match c.callee.map(unwrap_expr) {
                // `this.logToken(…)`: a method of the class, maybe a wrapper.
                Some(e @ Expr::Member(mem)) if matches!(unwrap_expr(&mem.obj), Expr::This(_)) => m
                    .local_callee(c.scope, e)
                    .map(Value::Function)
                    .unwrap_or_else(|| {
                        if may_log(e, constructed) {
                            m.value(c.scope, e)
                        } else {
                            Value::Unknown
                        }
                    }),
                // `util.named(…)` with `util` a module of the project: maybe a wrapper there.
                Some(e) if may_log(e, constructed) || m.imported_from_project(c.scope, e) => {
                    m.value(c.scope, e)
                }
                _ => Value::Unknown,
            })
            .collect();
        let direct: Vec<Option<Logged>> = m
            .calls
            .iter()
            .zip(&callees)
            .map(|(c, v)| direct_logging(c, v, &cx.settings.loggers, &m.vocab.models))
            .collect();
        let wrappers = find_wrappers(m, &callees, &direct);
        record_wrappers(cx, &callees, &direct, &wrappers);
        record_context_loggers(cx, &direct);
        for (i, call) in m.calls.iter().enumerate() {
            if let Some(f) = request_logger_without_redaction(m, call, &callees[i]) {
                out.push(f);
                continue;
            }
            let Some(logged) = logged_args(i, &callees, &direct, &wrappers) else {
                if m.has_handlers() {
                    ask_imported(cx, call, &callees[i]);
                }
                continue;
            };
            // A log that only runs under tests is test code: it writes test credentials.
            if only_under_tests(m, call.span) {
                continue;
            }
            let redacted = pino_redact_paths(m, call);
            // In a wrapper, what its callers hand in is reported at those calls.
            let forwarded: Vec<swc_common::Span> = m
                .function_of_scope(call.scope)
                .filter(|f| wrappers.contains_key(f))
                .map(|f| m.callers(f).iter().map(|c| m.call(*c).span).collect())
                .unwrap_or_default();
            for (index, arg) in call.args.iter().enumerate() {
                if !logged.includes(index) {
                    continue;
                }
                let mut taints = match &redacted {
                    None => m.carried(call.scope, &arg.expr),
                    Some(paths) => unredacted(m, call.scope, &arg.expr, paths),
                };
                taints.retain(|t| !t.via.as_ref().is_some_and(|v| forwarded.contains(&v.call)));
                if taints.is_empty() {
                    if redacted.is_none() {
                        if let Some(f) = body_with_secret(m, call.scope, &arg.expr) {
                            out.push(f);
                        }
                    }
                    continue;
                }
                out.push(finding(&arg.expr, &taints));
            }
        }
    }
}

/// Whether `span` lies in the branch of an `if` that runs only in a test environment:
/// `if (env.isTestEnv())`, `if (environment.is(TEST))`, `if (process.env.NODE_ENV === 'test')`.
/// Not `if (!env.isProduction())`: development and staging logs are kept and shipped too.
fn only_under_tests(m: &FileModel<'_>, span: swc_common::Span) -> bool {
    m.guards
        .iter()
        .any(|g| g.cons.contains(span) && tests_only(g.test))
}

fn tests_only(test: &Expr) -> bool {
    let has =
        |name: &str, wanted: &[&str]| words(name).iter().any(|w| wanted.contains(&w.as_str()));
    let about_env = |e: &Expr| match unwrap_expr(e) {
        Expr::Ident(i) => has(&i.sym, &["env", "environment"]),
        Expr::Member(mem) => member_prop_name(&mem.prop)
            .is_some_and(|p| has(&p, &["env", "environment"]) || &*p == "NODE_ENV"),
        _ => false,
    };
    match unwrap_expr(test) {
        // `isTestEnv()`, `env.isTest()`, `environment.is(TEST)`, `env.is('test')`; not
        // `isTestAccount(user)` or `ab.inTestGroup(user)`.
        Expr::Call(c) => {
            let callee = c.callee.as_expr().map(|e| unwrap_expr(e));
            let (name, receiver) = match callee {
                Some(Expr::Ident(i)) => (Some(i.sym.clone()), None),
                Some(Expr::Member(mem)) => (member_prop_name(&mem.prop), Some(&*mem.obj)),
                _ => (None, None),
            };
            let Some(name) = name else { return false };
            let on_env = receiver.is_some_and(about_env);
            let says_test = has(&name, &["test", "testing"]) && name.as_str() != "test";
            let named = says_test && (on_env || has(&name, &["env", "environment", "mode"]));
            let asks = on_env
                && name.as_str() == "is"
                && c.args.iter().any(|a| match unwrap_expr(&a.expr) {
                    Expr::Ident(i) => has(&i.sym, &["test", "testing"]),
                    Expr::Member(mem) => {
                        member_prop_name(&mem.prop).is_some_and(|p| has(&p, &["test", "testing"]))
                    }
                    Expr::Lit(swc_ecma_ast::Lit::Str(s)) => s
                        .value
                        .as_str()
                        .is_some_and(|t| t == "test" || t == "testing"),
                    _ => false,
                });
            named || asks
        }
        // `process.env.NODE_ENV === 'test'`: the environment's name, not a request's field.
        Expr::Bin(b)
            if matches!(
                b.op,
                swc_ecma_ast::BinaryOp::EqEqEq | swc_ecma_ast::BinaryOp::EqEq
            ) =>
        {
            [(&b.left, &b.right), (&b.right, &b.left)]
                .iter()
                .any(|(lit, other)| {
                    matches!(unwrap_expr(lit), Expr::Lit(swc_ecma_ast::Lit::Str(s))
                    if s.value.as_str().is_some_and(|t| t == "test" || t == "testing"))
                        && about_env(other)
                })
        }
        Expr::Bin(b) if b.op == swc_ecma_ast::BinaryOp::LogicalAnd => {
            tests_only(&b.left) || tests_only(&b.right)
        }
        _ => false,
    }
}

/// The whole request body logged by a handler that reads a credential out of that body
/// (`console.log(data)` where `data = ctx.request.body` and the handler checks
/// `data.password`): the log gets the password of every such request.
fn body_with_secret<'a>(m: &FileModel<'a>, scope: ScopeId, arg: &'a Expr) -> Option<Finding> {
    let body = request_body(m, scope, arg)?;
    let f = m.function_of_scope(scope)?;
    let in_f = |s: ScopeId| m.function_of_scope(s) == Some(f);
    let field = m
        .named_reads
        .iter()
        .find(|r| {
            in_f(r.scope)
                && m.vocab.is_secret_name(&r.prop)
                && request_body(m, r.scope, r.object).is_some()
        })
        .map(|r| (r.prop.clone(), r.span))
        .or_else(|| {
            m.bindings().find_map(|(_, b)| match &b.init {
                Init::Expr {
                    scope, expr, path, ..
                } if in_f(*scope) => match path.as_slice() {
                    [PatStep::Key(name)]
                        if m.vocab.is_secret_name(name)
                            && request_body(m, *scope, expr).is_some() =>
                    {
                        Some((name.clone(), b.span))
                    }
                    _ => None,
                },
                _ => None,
            })
        })?;
    Some(Finding {
        message: format!(
            "logged value is the whole request body, which carries the credential `{}`",
            field.0
        ),
        help: HELP.into(),
        primary: Label::new(byte_range(arg.span()), "written to the log here"),
        secondary: vec![
            Label::new(byte_range(body), "request body read here"),
            Label::new(
                byte_range(field.1),
                format!("`{}` read from the same body here", field.0),
            ),
        ],
    })
}

/// The request's body: `ctx.request.body` (koa-body, koa-bodyparser, Egg), also through names,
/// or ThinkJS's `this.post()` without a name. Not `ctx.body`, which is the response.
fn request_body<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> Option<swc_common::Span> {
    let (scope, origin) = m.origin(scope, e);
    match origin {
        Expr::Member(mem)
            if member_prop_name(&mem.prop).is_some_and(|p| p == "body")
                && matches!(m.value(scope, &mem.obj), Value::Koa(KoaObj::Request, _)) =>
        {
            Some(mem.span)
        }
        Expr::Call(call) if call.args.is_empty() => {
            let callee = call.callee.as_expr()?;
            match unwrap_expr(callee) {
                Expr::Member(mem)
                    if member_prop_name(&mem.prop).is_some_and(|p| p == "post")
                        && matches!(
                            m.value(scope, &mem.obj),
                            Value::Koa(KoaObj::ThinkController, _)
                        ) =>
                {
                    Some(call.span)
                }
                _ => None,
            }
        }
        _ => None,
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
            .flat_map(|t| {
                std::iter::once(Label::new(byte_range(t.span), t.what.origin_label())).chain(
                    t.via_label()
                        .map(|(call, label)| Label::new(byte_range(call), label)),
                )
            })
            .collect(),
    }
}

/// For the files that import them: which parameters of the file's wrappers reach a log, and
/// where.
fn record_wrappers(
    cx: &FileContext<'_, '_>,
    callees: &[Value<'_>],
    direct: &[Option<Logged>],
    wrappers: &HashMap<FunctionId, Logged>,
) {
    let m = cx.model;
    if !m.exports_anything() {
        return;
    }
    let mut ids: Vec<&FunctionId> = wrappers.keys().collect();
    ids.sort_by_key(|f| f.index());
    for f in ids {
        let Logged::Forwarded { indices, rest_from } = &wrappers[f] else {
            continue;
        };
        if !m.may_be_exported(*f) {
            continue;
        }
        // The first logging call inside the wrapper is where its parameters are written.
        let Some(at) = m.calls.iter().enumerate().find_map(|(i, c)| {
            (m.function_of_scope(c.scope) == Some(*f)
                && logged_args(i, callees, direct, wrappers).is_some())
            .then_some(c.span)
        }) else {
            continue;
        };
        let rest = rest_from.map_or(0..0, |r| r..r + 8);
        for index in indices.iter().copied().chain(rest) {
            cx.record(
                *f,
                Fact {
                    kind: FactKind::LogsParam(index),
                    range: byte_range(at),
                    what: String::new(),
                },
            );
        }
    }
}

/// For the files that import them: the file's exported helpers that, given the request's
/// context, log credentials read from it (`function logRequest(c) { log.info({ headers:
/// c.headers }) }`). Each parameter that reads like a context (`c.headers`, `c.get(`…) is taken
/// to be one in turn, and the helper's own log calls are asked what they carry then.
fn record_context_loggers(cx: &FileContext<'_, '_>, direct: &[Option<Logged>]) {
    let m = cx.model;
    if !m.exports_anything() || direct.iter().all(Option::is_none) {
        return;
    }
    // The log calls of each function, in source order (the functions in order of their ids).
    let mut grouped: HashMap<FunctionId, Vec<usize>> = HashMap::default();
    for (c, call) in m.calls.iter().enumerate() {
        if let Some(f) = direct[c].as_ref().and(m.function_of_scope(call.scope)) {
            grouped.entry(f).or_default().push(c);
        }
    }
    let mut by_function: Vec<(FunctionId, Vec<usize>)> = grouped.into_iter().collect();
    by_function.sort_by_key(|(f, _)| f.index());
    for (f, logs) in by_function {
        let facts = m.function(f);
        if m.handler(f).is_some() || facts.params.is_empty() || !m.may_be_exported(f) {
            continue;
        }
        let text = cx.source.get(byte_range(facts.span)).unwrap_or("");
        for index in 0..facts.params.len() {
            let Some(b) = m.param_binding(f, index) else {
                continue;
            };
            let name = &m.binding(b).name;
            let reads_like_context = [
                ".headers", ".header", ".get(", ".request", ".req.", ".cookies",
            ]
            .iter()
            .any(|part| text.contains(&format!("{name}{part}")));
            if !reads_like_context {
                continue;
            }
            m.assume_context(Some((f, index)));
            let found = logs.iter().find_map(|&c| {
                let call = &m.calls[c];
                call.args.iter().find_map(|a| {
                    let taints = m.carried(call.scope, &a.expr);
                    let t = taints.iter().find(|t| {
                        matches!(
                            t.what,
                            Carried::AllHeaders(_) | Carried::Header(_) | Carried::Cookie(_)
                        )
                    })?;
                    Some((call.span, t.what.describe()))
                })
            });
            m.assume_context(None);
            if let Some((at, what)) = found {
                cx.record(
                    f,
                    Fact {
                        kind: FactKind::LogsContextParam(index),
                        range: byte_range(at),
                        what,
                    },
                );
            }
        }
    }
}

/// A call of a function or logger imported from the project's own modules, with arguments
/// that carry credentials: a log write if the other file says the callee is a wrapper that
/// logs that argument, or a logger made by a catalogued factory.
fn ask_imported<'a>(cx: &FileContext<'_, 'a>, call: &CallSite<'a>, callee: &Value<'a>) {
    let Value::Module { source, path } = callee else {
        return;
    };
    if !crate::model::project_specifier(source) || path.iter().any(|p| &**p == "()") {
        return;
    }
    let Some(callee_expr) = call.callee else {
        return;
    };
    let m = cx.model;
    // `log.info(…)`: the receiver must be a logger; `debugLog(…)`: the function itself.
    let method = match unwrap_expr(callee_expr) {
        Expr::Member(mem) => member_prop_name(&mem.prop),
        _ => None,
    };
    let logger_path = match &method {
        Some(name) if OUTPUT_METHODS.contains(&&**name) || CONSOLE_METHODS.contains(&&**name) => {
            Some(path[..path.len() - 1].to_vec())
        }
        Some(_) => None,
        None => Some(path.clone()),
    };
    let use_range = byte_range(callee_expr.span());
    for (index, arg) in call.args.iter().enumerate() {
        if arg.spread.is_some() {
            break;
        }
        // `logRequest(ctx)`: the context itself, whose credentials the helper may log.
        if matches!(
            m.value(call.scope, &arg.expr),
            Value::Koa(KoaObj::Context | KoaObj::Request, _)
        ) {
            let name = crate::model::read_name(callee_expr)
                .map_or("the helper".to_string(), |n| format!("`{n}`"));
            cx.ask(Question {
                specifier: source.clone(),
                path: path.clone(),
                ask: Ask::Fact(FactKind::LogsContextParam(index)),
                finding: Finding {
                    message: format!(
                        "the request context is passed to {name}, which logs {{what}} from it"
                    ),
                    help: HELP.into(),
                    primary: Label::new(
                        byte_range(arg.expr.span()),
                        format!("passed to {name} here"),
                    ),
                    secondary: Vec::new(),
                },
                use_range: use_range.clone(),
                group: None,
            });
            continue;
        }
        let taints = m.carried(call.scope, &arg.expr);
        if taints.is_empty() {
            continue;
        }
        let found = finding(&arg.expr, &taints);
        cx.ask(Question {
            specifier: source.clone(),
            path: path.clone(),
            ask: Ask::Fact(FactKind::LogsParam(index)),
            finding: found.clone(),
            use_range: use_range.clone(),
            group: None,
        });
        if let Some(p) = &logger_path {
            cx.ask(Question {
                specifier: source.clone(),
                path: p.clone(),
                ask: Ask::Logger,
                finding: found,
                use_range: use_range.clone(),
                group: None,
            });
        }
    }
}

/// Whether `call` writes its arguments to a log by itself (not through a wrapper).
fn direct_logging(
    call: &CallSite<'_>,
    callee_value: &Value<'_>,
    extra_loggers: &[String],
    models: &[UserModel],
) -> Option<Logged> {
    match callee_value {
        Value::Global(name) => {
            let name = &**name;
            let console = name
                .strip_prefix("console.")
                .is_some_and(|method| CONSOLE_METHODS.contains(&method));
            let stdio = name == "process.stdout.write" || name == "process.stderr.write";
            if console || stdio {
                return Some(Logged::All);
            }
        }
        Value::Module { source, path } if is_logger_path(models, source, path) => {
            return Some(Logged::All);
        }
        _ => {}
    }
    // `logger.info(…)`, `ctx.log.warn(…)`, `this.logger.error(…)`: a receiver named like a logger.
    if let Expr::Member(member) = unwrap_expr(call.callee?) {
        let method = crate::model::member_prop_name(&member.prop)?;
        if OUTPUT_METHODS.contains(&&*method) && named_like_logger(&member.obj, extra_loggers) {
            return Some(Logged::All);
        }
    }
    None
}

/// Callees worth asking the model about: a function called by name (a `debug` function, a
/// wrapper, a request-logger factory), a called call (`require('debug')('ns')(…)`), or a method
/// with a logging name. `map.get(…)` and the like are not, unless the file makes a logger from a
/// catalogued package (`constructed`): then any method may be a write of one (`log.audit(…)`).
fn may_log(callee: &Expr, constructed: bool) -> bool {
    match callee {
        Expr::Ident(_) | Expr::Call(_) => true,
        Expr::Member(m) => crate::model::member_prop_name(&m.prop).is_some_and(|p| {
            constructed
                || CONSOLE_METHODS.contains(&&*p)
                || OUTPUT_METHODS.contains(&&*p)
                || &*p == "write"
        }),
        _ => false,
    }
}

/// Whether the file imports a package of the logger catalogue that makes logger objects (built-in
/// or the user's): only then can a method of any name be a log write. A built-in log function's
/// (`debug('ns')`) own methods are console-like names, asked about anyway.
fn constructs_loggers(m: &FileModel<'_>) -> bool {
    static BUILT_IN: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let built_in = BUILT_IN.get_or_init(|| {
        let mut p: Vec<&str> = LOGGER_FACTORIES
            .iter()
            .filter(|r| r.made != Made::LogFunction)
            .map(|r| r.package)
            .collect();
        p.dedup();
        p
    });
    // The user's rows name their own methods (`Member[emit]` of a log function): always asked.
    let user: Vec<&str> = m
        .vocab
        .models
        .iter()
        .filter(|row| matches!(row.kind, UserKind::Logger | UserKind::LogFunction))
        .map(|row| row.package.trim_end_matches("/*"))
        .collect();
    m.uses_package(built_in) || m.uses_package(&user)
}

/// Which arguments of call `i` are logged, directly or through a wrapper function.
fn logged_args(
    i: usize,
    callees: &[Value<'_>],
    direct: &[Option<Logged>],
    wrappers: &HashMap<FunctionId, Logged>,
) -> Option<Logged> {
    direct[i].clone().or_else(|| match &callees[i] {
        Value::Function(f) => wrappers.get(f).cloned(),
        _ => None,
    })
}

/// A write of a logger made by a library the catalogue knows (`pino()…info`,
/// `winston.createLogger()…audit`, `require('debug')('ns')`, `util.debuglog('ns')`), of
/// `.child(…)` loggers of one, or of an error reporter (`Sentry.captureException`).
fn is_logger_path(models: &[UserModel], source: &str, path: &[Atom]) -> bool {
    let Some((made, rest)) = logger_made(models, source, path) else {
        return false;
    };
    let mut rest = &rest[..];
    match made {
        Made::LogFunction => match rest {
            [] => true,
            [method] => matches!(&***method, "info" | "warn" | "error" | "dir" | "log"),
            _ => false,
        },
        Made::Reporter => matches!(rest, [method] if REPORTER_WRITES.contains(&&***method)),
        Made::Logger => {
            while let [child, call, tail @ ..] = rest {
                if &***child != "child" || &***call != "()" {
                    break;
                }
                rest = tail;
            }
            // A package's own factories (`winston.createLogger(…)`, `new Signale(…)`) make a
            // logger from options: they write nothing.
            let factory = |method: &str| {
                LOGGER_FACTORIES
                    .iter()
                    .any(|r| r.package == source && r.path.first() == Some(&method))
            };
            matches!(rest, [method] if !LOGGER_CONFIGURATION.contains(&&***method) && !factory(method))
        }
    }
}

/// `logger`, `log`, `auditLogger`, `ctx.log`, `this.logger`, and the configured names.
fn named_like_logger(expr: &Expr, extra: &[String]) -> bool {
    let name = match unwrap_expr(expr) {
        Expr::Ident(i) => i.sym.clone(),
        Expr::Member(m) => match crate::model::member_prop_name(&m.prop) {
            Some(n) => n,
            None => return false,
        },
        _ => return false,
    };
    if extra.iter().any(|e| e.as_str() == &*name) {
        return true;
    }
    let w = words(&name);
    w.last().is_some_and(|l| l == "logger" || l == "log") && w.len() <= 3
}

/// Functions of the file that pass (some of) their parameters on to a logger.
fn find_wrappers(
    m: &FileModel<'_>,
    callees: &[Value<'_>],
    direct: &[Option<Logged>],
) -> HashMap<FunctionId, Logged> {
    let mut wrappers: HashMap<FunctionId, Logged> = HashMap::new();
    // Two rounds: a wrapper of a wrapper.
    for _ in 0..2 {
        let mut found = Vec::new();
        for (i, call) in m.calls.iter().enumerate() {
            let Some(logged) = logged_args(i, callees, direct, &wrappers) else {
                continue;
            };
            let Some(f) = m.function_of_scope(call.scope) else {
                continue;
            };
            if wrappers.contains_key(&f) {
                continue;
            }
            let mut indices = Vec::new();
            let mut rest_from = None;
            for (n, arg) in call.args.iter().enumerate() {
                if !logged.includes(n) {
                    continue;
                }
                for b in param_refs(m, call.scope, &arg.expr) {
                    if let Init::Param {
                        function, index, ..
                    } = &m.binding(b).init
                    {
                        if *function != f {
                            continue;
                        }
                        let param = m.function(f).params.get(*index);
                        if matches!(param, Some(swc_ecma_ast::Pat::Rest(_))) {
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
        Expr::Tpl(t) => {
            for e in &t.exprs {
                out.extend(param_refs(m, scope, e));
            }
        }
        // `'headers: ' + JSON.stringify(data)`: the text of both sides.
        Expr::Bin(b) if b.op == swc_ecma_ast::BinaryOp::Add => {
            out.extend(param_refs(m, scope, &b.left));
            out.extend(param_refs(m, scope, &b.right));
        }
        // `JSON.stringify(data)`, `util.inspect(data)`, `String(data)`: the text of the value.
        Expr::Call(call) if serialises(call) => {
            for a in &call.args {
                out.extend(param_refs(m, scope, &a.expr));
            }
        }
        other => push(other),
    }
    out
}

/// A call that turns its argument into text: `JSON.stringify`, `util.inspect`/`format`,
/// `String`.
fn serialises(call: &swc_ecma_ast::CallExpr) -> bool {
    let swc_ecma_ast::Callee::Expr(callee) = &call.callee else {
        return false;
    };
    match unwrap_expr(callee) {
        Expr::Ident(id) => &*id.sym == "String",
        Expr::Member(mem) => member_prop_name(&mem.prop)
            .is_some_and(|p| matches!(&*p, "stringify" | "inspect" | "format")),
        _ => false,
    }
}

/// The `redact` paths of the pino logger a call logs through, when it was created in this file.
fn pino_redact_paths<'a>(m: &FileModel<'a>, call: &CallSite<'a>) -> Option<Vec<String>> {
    let Expr::Member(member) = unwrap_expr(call.callee?) else {
        return None;
    };
    let (scope, callee, args) = m.creation(call.scope, &member.obj)?;
    match m.value(scope, callee) {
        Value::Module { source, path } if &*source == "pino" && path.is_empty() => {}
        _ => return None,
    }
    let options = m.value(scope, &args.first()?.expr);
    let redact = m.property(&options, "redact", call.span)?;
    let list = match &redact {
        Value::Object { .. } => m.property(&redact, "paths", call.span)?,
        _ => redact,
    };
    string_array(m, &list)
}

/// The strings of an array value (`['a', 'b']`); `None` if any element is not a known string.
fn string_array<'a>(m: &FileModel<'a>, v: &Value<'a>) -> Option<Vec<String>> {
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

/// What a logged argument carries that the logger's `redact` paths do not hide. Paths are
/// relative to the logged object: `{ headers: ctx.headers }` is hidden by `headers.authorization`
/// (and `headers.cookie`, …), `{ auth: ctx.get('authorization') }` only by `auth`.
fn unredacted<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    arg: &'a Expr,
    paths: &[String],
) -> Vec<Taint> {
    let paths: Vec<String> = paths.iter().map(|p| normalise_path(p)).collect();
    let mut out = Vec::new();
    match unwrap_expr(arg) {
        Expr::Object(o) => {
            for prop in &o.props {
                let (key, taints) = match prop {
                    swc_ecma_ast::PropOrSpread::Spread(s) => {
                        (String::new(), m.carried(scope, &s.expr))
                    }
                    swc_ecma_ast::PropOrSpread::Prop(p) => {
                        let key = crate::model::prop_key(p)
                            .map(|k| str::to_ascii_lowercase(&k))
                            .unwrap_or_default();
                        let taints = match &**p {
                            swc_ecma_ast::Prop::KeyValue(kv) => m.carried(scope, &kv.value),
                            swc_ecma_ast::Prop::Shorthand(id) => m.carried_ident(scope, id),
                            _ => Vec::new(),
                        };
                        (key, taints)
                    }
                };
                out.extend(
                    taints
                        .into_iter()
                        .filter(|t| !redact_covers(&paths, &key, t)),
                );
            }
        }
        _ => out.extend(
            m.carried(scope, arg)
                .into_iter()
                .filter(|t| !redact_covers(&paths, "", t)),
        ),
    }
    out
}

/// `req.headers["x-api-key"]` → `req.headers.x-api-key`, lower case.
fn normalise_path(p: &str) -> String {
    p.replace("[\"", ".")
        .replace("['", ".")
        .replace("\"]", "")
        .replace("']", "")
        .to_ascii_lowercase()
}

/// Whether redact `paths` hide a credential found under `key` of the logged object.
fn redact_covers(paths: &[String], key: &str, t: &Taint) -> bool {
    let has = |p: String| paths.contains(&p);
    let under = |name: &str| {
        if key.is_empty() {
            has(name.to_string()) || has(format!("*.{name}"))
        } else {
            has(key.to_string()) || has(format!("{key}.{name}")) || has(format!("*.{name}"))
        }
    };
    match &t.what {
        Carried::AllHeaders(left) => left.iter().all(|n| under(n)),
        Carried::WholeRequest(_) | Carried::ProcessEnv => false,
        // A single value sits at `key` itself.
        _ => !key.is_empty() && (has(key.to_string()) || has(format!("*.{key}"))),
    }
}

/// `app.use(pinoLogger())` with neither `redact` nor `serializers.req`: every request's headers
/// go to the log.
fn request_logger_without_redaction<'a>(
    m: &FileModel<'a>,
    call: &CallSite<'a>,
    callee_value: &Value<'a>,
) -> Option<Finding> {
    let callee = call.callee?;
    match callee_value {
        Value::Module { source, path }
            if REQUEST_LOGGER_MODULES.contains(&&**source)
                && path.len() <= 1
                && !path.iter().any(|p| &**p == "()") => {}
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
        message: format!(
            "`{name}` logs every request with all its headers, including authorization and cookie: it has no `redact` option or `serializers.req`"
        ),
        help: HELP_MIDDLEWARE.into(),
        primary: Label::new(
            byte_range(call.span),
            "request logger mounted without redaction",
        ),
        secondary: Vec::new(),
    })
}
