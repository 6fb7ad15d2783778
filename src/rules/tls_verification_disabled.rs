//! tls-verification-disabled: every place where TLS peer verification is turned off.
//!
//! Reads object literals (`rejectUnauthorized`, `checkServerIdentity`, `NODE_TLS_REJECT_UNAUTHORIZED`,
//! proxy `secure`) and member writes of the same names, and asks the model what each value is:
//! a literal false (wherever it was written), a value that depends on the environment or a flag,
//! or something it cannot know (silent).

use swc_common::{Span, Spanned};
use swc_ecma_ast::{Expr, Prop, PropOrSpread};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    FileModel, FunctionBody, FunctionId, Lit, ObjectId, ScopeId, Source, SourceKind, TLS_CALLS,
    TlsCheck, TlsOption, Value, byte_range, member_prop_name, prop_key, tls_call, tls_option,
    unwrap_expr,
};

use super::{FileContext, Rule, RuleMeta};

pub struct TlsVerificationDisabled;

static META: RuleMeta = RuleMeta {
    id: "tls-verification-disabled",
    default_severity: Severity::Error,
    summary: "TLS peer verification turned off (rejectUnauthorized, NODE_TLS_REJECT_UNAUTHORIZED, checkServerIdentity, proxy secure)",
    doc: include_str!("../../rules/tls-verification-disabled.md"),
};

const HELP_REJECT: &str = "keep verification on and trust the peer's CA instead: pass `ca` (for example `ca: fs.readFileSync('ca.pem')`) or set NODE_EXTRA_CA_CERTS";
const HELP_RUNTIME: &str = "keep `rejectUnauthorized: true` in every environment; give development its own CA through `ca` rather than a switch that production can inherit";
const HELP_ENV: &str =
    "delete the assignment; trust a private CA with NODE_EXTRA_CA_CERTS or the `ca` option instead";
const HELP_IDENTITY: &str = "return `tls.checkServerIdentity(host, cert)` (after any pin checks of your own), so that a mismatch returns an Error";
const HELP_PROXY: &str = "set `secure: true` and give the proxy the upstream's CA (the `ca` option of its agent or target)";

/// How a value turns verification off.
pub(super) enum Off {
    /// Always, with this value; `origin` is where the value was written when that is not the
    /// property itself.
    Always { value: Lit, origin: Option<Span> },
    /// At run time, depending on `source`.
    Runtime { source: Option<Source> },
}

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        for id in m.object_ids() {
            let site = m.object(id);
            for prop in &site.lit.props {
                let PropOrSpread::Prop(p) = prop else {
                    continue;
                };
                let Some(key) = prop_key(p) else {
                    continue;
                };
                // The catalogue's TLS options (src/model/apis.rs): one check per kind.
                let Some(option) = tls_option(&key) else {
                    continue;
                };
                let value = || property_value(m, site.scope, p);
                let finding = match option.check {
                    TlsCheck::RejectUnauthorized => {
                        let off = verification_off(&value(), value_span(p));
                        off.filter(|_| !serves_client_certs(m, id))
                            .map(|off| reject_finding(cx, p.span(), off))
                    }
                    TlsCheck::ProcessSwitch => {
                        env_off(&value(), value_span(p)).map(|off| env_finding(cx, p.span(), off))
                    }
                    TlsCheck::IdentityCallback => {
                        accepts_every_peer(m, &value()).then(|| identity_finding(cx, p.span()))
                    }
                    TlsCheck::ProxySecure => verification_off(&value(), value_span(p))
                        .and_then(|off| proxy_finding(cx, id, p.span(), off, option.packages)),
                    TlsCheck::OffWhenFalse => verification_off(&value(), value_span(p))
                        .map(|off| option_finding(cx, p.span(), option, off)),
                    TlsCheck::OffWhenTrue => verification_on(&value(), value_span(p))
                        .map(|off| option_finding(cx, p.span(), option, off)),
                };
                if let Some(mut f) = finding {
                    if let Some(label) = receiving_call_label(cx, id) {
                        f.secondary.push(label);
                    }
                    out.push(f);
                }
            }
        }
        for w in &m.member_writes {
            let Some(option) = tls_option(&w.prop) else {
                continue;
            };
            let finding = match option.check {
                TlsCheck::RejectUnauthorized => {
                    let off = verification_off(&m.setting(w.scope, w.value), w.value.span());
                    // A server's check of client certificates is mtls-client-unverified's.
                    let exempt = match m.value(w.scope, w.object) {
                        object @ Value::Object { .. } => requests_client_certs(m, &object),
                        _ => false,
                    };
                    off.filter(|_| !exempt)
                        .map(|off| reject_finding(cx, w.span, off))
                }
                TlsCheck::ProcessSwitch => match m.value(w.scope, w.object) {
                    Value::ProcessEnv => env_off(&m.setting(w.scope, w.value), w.value.span())
                        .map(|off| env_finding(cx, w.span, off)),
                    _ => None,
                },
                TlsCheck::IdentityCallback => accepts_every_peer(m, &m.value(w.scope, w.value))
                    .then(|| identity_finding(cx, w.span)),
                TlsCheck::OffWhenFalse => {
                    verification_off(&m.setting(w.scope, w.value), w.value.span())
                        .map(|off| option_finding(cx, w.span, option, off))
                }
                TlsCheck::OffWhenTrue => {
                    verification_on(&m.setting(w.scope, w.value), w.value.span())
                        .map(|off| option_finding(cx, w.span, option, off))
                }
                // A proxy's options are read where they are written as an object.
                TlsCheck::ProxySecure => None,
            };
            if let Some(mut f) = finding {
                let passed = m
                    .ident_binding(w.scope, w.object)
                    .and_then(|b| m.calls_passing(b).next());
                if let Some(call) = passed {
                    f.secondary.push(call_label(cx, call));
                }
                out.push(f);
            }
        }
        // The catalogue's calls that turn verification off by themselves
        // (`superagent.get(url).disableTLSCerts()`).
        let packages: Vec<&str> = TLS_CALLS.iter().map(|c| c.package).collect();
        if m.uses_package(&packages) {
            for call in &m.calls {
                let Some(callee) = call.callee else { continue };
                let Expr::Member(member) = unwrap_expr(callee) else {
                    continue;
                };
                let named = member_prop_name(&member.prop).is_some_and(|p| {
                    TLS_CALLS
                        .iter()
                        .any(|c| c.path.last().is_some_and(|last| *last == &*p))
                });
                if !named {
                    continue;
                }
                if let Value::Module { source, path } = m.value(call.scope, callee) {
                    if let Some(row) = tls_call(&source, &path) {
                        // From the method's name to the call's end: a chain that starts
                        // lines above is reported where the switch is.
                        let span = Span::new(member.prop.span().lo, call.span.hi);
                        out.push(Finding {
                            message: row.effect.to_string(),
                            help: HELP_REJECT.into(),
                            primary: Label::new(byte_range(span), "verification turned off here"),
                            secondary: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}

pub(super) fn property_value<'a>(m: &FileModel<'a>, scope: ScopeId, p: &'a Prop) -> Value<'a> {
    match p {
        Prop::KeyValue(kv) => m.setting(scope, &kv.value),
        Prop::Shorthand(id) => m.ident_value(scope, id),
        Prop::Method(method) => m
            .function_at(method.function.span)
            .map_or(Value::Unknown, Value::Function),
        _ => Value::Unknown,
    }
}

pub(super) fn value_span(p: &Prop) -> Span {
    match p {
        Prop::KeyValue(kv) => kv.value.span(),
        other => other.span(),
    }
}

/// Whether a value used as `rejectUnauthorized` (or `secure`) turns verification off.
pub(super) fn verification_off(v: &Value<'_>, value_span: Span) -> Option<Off> {
    match v {
        Value::Lit(l, span) if !l.truthy() => Some(Off::Always {
            value: l.clone(),
            origin: (*span != value_span && !value_span.contains(*span)).then_some(*span),
        }),
        Value::Env(..) => Some(Off::Runtime {
            source: v.sources().into_iter().next(),
        }),
        Value::Dynamic(d)
            if !d.sources.is_empty() && d.may_be_falsy() && !mirrors_node_default(&d.sources) =>
        {
            Some(Off::Runtime {
                source: d.sources.first().cloned(),
            })
        }
        _ => None,
    }
}

/// Whether a value used as an option that turns verification off when true
/// (`tlsAllowInvalidCertificates`) does so.
fn verification_on(v: &Value<'_>, value_span: Span) -> Option<Off> {
    // The drivers that read these options parse strings as booleans: `'false'` is false.
    let on = |l: &Lit| match l {
        Lit::Str(s) => s.eq_ignore_ascii_case("true"),
        l => l.truthy(),
    };
    match v {
        Value::Lit(l, span) if on(l) => Some(Off::Always {
            value: l.clone(),
            origin: (*span != value_span && !value_span.contains(*span)).then_some(*span),
        }),
        Value::Env(..) => Some(Off::Runtime {
            source: v.sources().into_iter().next(),
        }),
        Value::Dynamic(d)
            if !d.sources.is_empty() && (d.open || d.outcomes.iter().any(|(l, _)| on(l))) =>
        {
            Some(Off::Runtime {
                source: d.sources.first().cloned(),
            })
        }
        _ => None,
    }
}

/// `rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0'` repeats what Node
/// does anyway: the process-wide switch is reported where it is set, not where it is read.
fn mirrors_node_default(sources: &[Source]) -> bool {
    sources.iter().all(
        |s| matches!(&s.kind, SourceKind::Env(name) if &**name == "NODE_TLS_REJECT_UNAUTHORIZED"),
    )
}

/// Whether a value assigned to NODE_TLS_REJECT_UNAUTHORIZED is `'0'` (always or at run time).
fn env_off(v: &Value<'_>, value_span: Span) -> Option<Off> {
    let is_zero = |l: &Lit| match l {
        Lit::Str(s) => &**s == "0",
        Lit::Num(n) => *n == 0.0,
        _ => false,
    };
    match v {
        Value::Lit(l, span) if is_zero(l) => Some(Off::Always {
            value: l.clone(),
            origin: (*span != value_span && !value_span.contains(*span)).then_some(*span),
        }),
        Value::Dynamic(d) if d.outcomes.iter().any(|(l, _)| is_zero(l)) => Some(Off::Runtime {
            source: d.sources.first().cloned(),
        }),
        _ => None,
    }
}

/// A `checkServerIdentity` that never reports a mismatch: no `throw`, and every `return` gives
/// nothing or a falsy literal.
fn accepts_every_peer(m: &FileModel<'_>, v: &Value<'_>) -> bool {
    match v {
        Value::Function(f) => function_accepts_all(m, *f),
        Value::Module { path, .. } => path.last().is_some_and(|p| &**p == "noop"),
        _ => false,
    }
}

fn function_accepts_all(m: &FileModel<'_>, f: FunctionId) -> bool {
    let facts = m.function(f);
    if facts.throws {
        return false;
    }
    let falsy_or_nothing = |scope: ScopeId, e| match m.value(scope, e) {
        Value::Lit(l, _) => !l.truthy(),
        _ => false,
    };
    match facts.body {
        FunctionBody::Expr(e) => falsy_or_nothing(facts.scope, e),
        FunctionBody::Block => facts
            .returns
            .iter()
            .all(|(scope, arg, _)| arg.is_none_or(|e| falsy_or_nothing(*scope, e))),
    }
}

/// Server options that request client certificates: whether `rejectUnauthorized` there verifies
/// clients is mtls-client-unverified's question, not this rule's.
fn serves_client_certs(m: &FileModel<'_>, id: ObjectId) -> bool {
    let object = m.object_value(id);
    requests_client_certs(m, &object) && !m.is_client_options(id)
}

/// `requestCert` set, or set at run time.
pub(super) fn requests_client_certs<'a>(m: &FileModel<'a>, object: &Value<'a>) -> bool {
    match m.property(object, "requestCert", Span::default()) {
        Some(Value::Lit(l, _)) => l.truthy(),
        Some(Value::Dynamic(_) | Value::Env(..)) => true,
        _ => false,
    }
}

/// "`rejectUnauthorized: false`", or "`rejectUnauthorized` set to 0" for other falsy values.
pub(super) fn falsy_setting(name: &str, value: &Lit) -> String {
    let shown = match value {
        Lit::Bool(b) => b.to_string(),
        Lit::Num(n) => n.to_string(),
        Lit::Str(s) if s.is_empty() => "''".into(),
        Lit::Str(_) => "a string".into(),
        Lit::Null => "null".into(),
        Lit::Undefined => "undefined".into(),
    };
    if matches!(value, Lit::Bool(false)) {
        format!("`{name}: false`")
    } else {
        format!("`{name}` set to {shown}")
    }
}

pub(super) fn runtime_cause(source: &Option<Source>) -> String {
    match source.as_ref().map(|s| &s.kind) {
        Some(SourceKind::Env(name)) => format!("process.env.{name}"),
        Some(SourceKind::Flag(name)) => format!("the flag `{name}`"),
        Some(SourceKind::Argv) => "a command-line argument".into(),
        Some(SourceKind::Fallback) => "a fallback taken when nothing is configured".into(),
        Some(SourceKind::Reassigned) => "a later reassignment".into(),
        None => "a run-time value".into(),
    }
}

pub(super) fn source_label(source: &Source) -> Label {
    let text = match &source.kind {
        SourceKind::Env(name) => format!("read from process.env.{name} here"),
        SourceKind::Flag(name) => format!("`{name}` decides here"),
        SourceKind::Argv => "read from the command line here".into(),
        SourceKind::Fallback => "used when nothing is configured".into(),
        SourceKind::Reassigned => "reassigned here".into(),
    };
    Label::new(byte_range(source.span), text)
}

fn reject_finding(cx: &FileContext<'_, '_>, span: Span, off: Off) -> Finding {
    match off {
        Off::Always { value, origin } => Finding {
            message: format!(
                "{} turns TLS certificate verification off: any peer is trusted",
                falsy_setting("rejectUnauthorized", &value)
            ),
            help: HELP_REJECT.into(),
            primary: Label::new(byte_range(span), "verification turned off here"),
            secondary: origin_label(cx, origin),
        },
        Off::Runtime { source } => Finding {
            message: format!(
                "`rejectUnauthorized` depends on {}: TLS certificate verification can be switched off at run time",
                runtime_cause(&source)
            ),
            help: HELP_RUNTIME.into(),
            primary: Label::new(byte_range(span), "verification depends on the environment"),
            secondary: source.iter().map(source_label).collect(),
        },
    }
}

fn env_finding(cx: &FileContext<'_, '_>, span: Span, off: Off) -> Finding {
    let (message, secondary) = match off {
        Off::Always { origin, .. } => (
            "NODE_TLS_REJECT_UNAUTHORIZED is set to '0': no TLS connection this process makes verifies its peer".to_string(),
            origin_label(cx, origin),
        ),
        Off::Runtime { source } => (
            format!(
                "NODE_TLS_REJECT_UNAUTHORIZED can be set to '0' depending on {}: TLS verification can be switched off for the whole process",
                runtime_cause(&source)
            ),
            source.iter().map(source_label).collect(),
        ),
    };
    Finding {
        message,
        help: HELP_ENV.into(),
        primary: Label::new(byte_range(span), "verification turned off for the process"),
        secondary,
    }
}

fn identity_finding(_cx: &FileContext<'_, '_>, span: Span) -> Finding {
    Finding {
        message: "`checkServerIdentity` accepts every peer: it never returns an error, so a certificate for any host is trusted".into(),
        help: HELP_IDENTITY.into(),
        primary: Label::new(byte_range(span), "host name check replaced by a no-op"),
        secondary: Vec::new(),
    }
}

/// "value `false` set here", where a value written elsewhere came from.
fn origin_label(cx: &FileContext<'_, '_>, origin: Option<Span>) -> Vec<Label> {
    origin
        .map(|o| {
            Label::new(
                byte_range(o),
                format!("value `{}` set here", cx.snippet(byte_range(o), 30)),
            )
        })
        .into_iter()
        .collect()
}

/// A catalogued client or driver option that turns verification off (`strictSSL: false`,
/// `tlsAllowInvalidCertificates: true`).
fn option_finding(cx: &FileContext<'_, '_>, span: Span, option: &TlsOption, off: Off) -> Finding {
    match off {
        Off::Always { value, origin } => Finding {
            message: format!("{} {}", literal_setting(option.name, &value), option.effect),
            help: HELP_REJECT.into(),
            primary: Label::new(byte_range(span), "verification turned off here"),
            secondary: origin_label(cx, origin),
        },
        Off::Runtime { source } => Finding {
            message: format!(
                "`{}` depends on {}: when it is {}, it {}",
                option.name,
                runtime_cause(&source),
                if option.check == TlsCheck::OffWhenTrue {
                    "true"
                } else {
                    "false"
                },
                option.effect
            ),
            help: HELP_RUNTIME.into(),
            primary: Label::new(byte_range(span), "verification depends on the environment"),
            secondary: source.iter().map(source_label).collect(),
        },
    }
}

/// "`name: true`", "`name: false`", or "`name` set to …".
fn literal_setting(name: &str, value: &Lit) -> String {
    match value {
        Lit::Bool(b) => format!("`{name}: {b}`"),
        Lit::Str(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
            format!("`{name}: '{s}'`")
        }
        _ if value.truthy() => format!("`{name}` set to a truthy value"),
        _ => falsy_setting(name, value),
    }
}

fn proxy_finding(
    cx: &FileContext<'_, '_>,
    id: ObjectId,
    span: Span,
    off: Off,
    packages: &[&str],
) -> Option<Finding> {
    let m = cx.model;
    let module = m.receiving_calls(id).into_iter().find_map(|(call, _)| {
        let site = m.call(call);
        match m.value(site.scope, site.callee?) {
            Value::Module { source, .. } if packages.contains(&&*source) => Some(source),
            _ => None,
        }
    })?;
    let (message, secondary) = match off {
        Off::Always { .. } => (
            format!(
                "`secure` is falsy in {module} options: the proxy does not verify the upstream's TLS certificate"
            ),
            Vec::new(),
        ),
        Off::Runtime { source } => (
            format!(
                "`secure` in {module} options depends on {}: upstream TLS verification can be switched off at run time",
                runtime_cause(&source)
            ),
            source.iter().map(source_label).collect(),
        ),
    };
    Some(Finding {
        message,
        help: HELP_PROXY.into(),
        primary: Label::new(byte_range(span), "upstream verification turned off here"),
        secondary,
    })
}

/// "options passed to https.createServer here", when the options reach the call by name.
fn receiving_call_label(cx: &FileContext<'_, '_>, id: ObjectId) -> Option<Label> {
    match cx.model.receiving_calls(id).first()? {
        (call, false) => Some(call_label(cx, *call)),
        (_, true) => None,
    }
}

fn call_label(cx: &FileContext<'_, '_>, call: crate::model::CallId) -> Label {
    let site = cx.model.call(call);
    let span = site.callee.map_or(site.span, |c| c.span());
    let name = cx.snippet(byte_range(span), 40);
    let new = if site.is_new { "new " } else { "" };
    Label::new(
        byte_range(span),
        format!("options passed to {new}{name} here"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::engine::Linter;

    fn report(src: &str) -> crate::engine::FileReport {
        Linter::default().lint_bytes("t.js", Path::new("t.js"), src.as_bytes())
    }

    /// `(line, message)` of every finding in `src`, linted as a `.js` file.
    fn lint(src: &str) -> Vec<(u32, String)> {
        let report = report(src);
        report
            .diagnostics
            .iter()
            .map(|d| (d.primary.start.line, d.message.clone()))
            .collect()
    }

    fn lines(src: &str) -> Vec<u32> {
        lint(src).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn a_block_scoped_true_shadows_an_outer_false() {
        let src = "const v = false;\n{\n  const v = true;\n  tls.connect({ rejectUnauthorized: v });\n}\ntls.connect({ rejectUnauthorized: v });\n";
        assert_eq!(lines(src), [6]);
    }

    #[test]
    fn var_hoists_out_of_its_block_but_not_out_of_its_function() {
        let src = "function f(x) {\n  if (x) { var v = false; }\n  return tls.connect({ rejectUnauthorized: v });\n}\nfunction g(v) {\n  return tls.connect({ rejectUnauthorized: v });\n}\n";
        assert_eq!(lines(src), [3]);
    }

    #[test]
    fn a_hoisted_no_op_function_declaration_is_followed_by_name() {
        let src = "tls.connect({ host, checkServerIdentity: skip });\nfunction skip(host, cert) {\n  console.log(host);\n}\n";
        assert_eq!(lines(src), [1]);
    }

    #[test]
    fn a_catch_parameter_shadows_a_module_binding() {
        let src = "const e = false;\ntry { run(); } catch (e) {\n  tls.connect({ rejectUnauthorized: e });\n}\n";
        assert!(lines(src).is_empty());
    }

    #[test]
    fn a_reassigned_let_is_a_run_time_switch_with_the_write_labelled() {
        let src = "let verify = true;\nif (process.argv[2]) verify = false;\nhttps.get(url, { rejectUnauthorized: verify });\n";
        let report = report(src);
        assert_eq!(report.diagnostics.len(), 1);
        let d = &report.diagnostics[0];
        assert!(
            d.message.contains("can be switched off at run time"),
            "{}",
            d.message
        );
        assert!(
            d.secondary.iter().any(|l| l.start.line == 2),
            "{:?}",
            d.secondary
        );
    }

    #[test]
    fn a_false_from_a_binding_labels_where_it_was_set() {
        let src = "const verify = !1;\n\nhttps.get(url, { rejectUnauthorized: verify });\n";
        let report = report(src);
        let d = &report.diagnostics[0];
        assert_eq!(d.primary.start.line, 3);
        assert_eq!(d.secondary[0].start.line, 1);
        assert!(
            d.secondary[0].label.message.contains("`!1`"),
            "{:?}",
            d.secondary
        );
    }

    #[test]
    fn spread_of_a_verified_base_then_an_override_is_reported_at_the_override() {
        let src = "const base = { ca, rejectUnauthorized: true };\nconst opts = { ...base, rejectUnauthorized: false };\n";
        assert_eq!(lines(src), [2]);
    }

    #[test]
    fn requestcert_through_a_spread_still_exempts_the_documented_mtls_pattern() {
        let src = "const mtls = { requestCert: true };\nconst opts = { ...mtls, rejectUnauthorized: false };\nhttps.createServer(opts, (req, res) => {\n  if (!req.socket.authorized) res.statusCode = 401;\n});\n";
        assert!(lines(src).is_empty());
        let without_check = src.replace("req.socket.authorized", "req.socket.encrypted");
        assert_eq!(lines(&without_check), [2]);
    }

    #[test]
    fn the_env_var_is_only_reported_when_written_to_process_env() {
        let src = "const env = {};\nenv.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = `0`;\nconst p = process;\np.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;\n";
        assert_eq!(lines(src), [3, 5]);
    }

    #[test]
    fn mirroring_node_s_own_switch_is_not_a_new_way_to_turn_verification_off() {
        let src = "https.get(url, { rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0' });\n";
        assert!(lines(src).is_empty());
    }

    #[test]
    fn proxy_options_count_when_any_call_that_receives_them_is_a_proxy() {
        let src = "const proxy = require('koa-proxies');\nconst opts = { target, secure: false };\nlog.debug(opts);\napp.use(proxy('/api', opts));\n";
        assert_eq!(lines(src), [2]);
        let mailer =
            "const opts = { host, port: 587, secure: false };\nnodemailer.createTransport(opts);\n";
        assert!(lines(mailer).is_empty());
    }

    #[test]
    fn messages_name_the_switch_not_a_value() {
        let src = "const { INSECURE_TLS } = process.env;\nhttps.get(url, { rejectUnauthorized: !INSECURE_TLS });\n";
        let found = lint(src);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.contains("process.env.INSECURE_TLS"),
            "{}",
            found[0].1
        );
    }
}
