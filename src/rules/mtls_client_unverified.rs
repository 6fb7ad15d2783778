//! mtls-client-unverified: mutual TLS that does not authenticate the client.
//!
//! Three shapes, all read from the model: server options that request client certificates but
//! let unverified ones through (`rejectUnauthorized` off, or switched by the environment) with no
//! check of `.authorized` anywhere in the file; `requestCert` itself switched by the environment
//! or a flag; and identity taken from `getPeerCertificate()` (its `subject`, fingerprint, serial)
//! with no `authorized` check before it on that path, in a file whose server does not reject
//! unauthorized clients.

use swc_common::{Span, Spanned};
use swc_ecma_ast::{Expr, Prop, PropOrSpread};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    FileModel, Init, ObjectId, PatStep, ScopeId, Value, byte_range, is_cert_identity_field,
    member_prop_name, prop_key, unwrap_expr,
};

use super::tls_verification_disabled::{
    Off, falsy_setting, property_value, requests_client_certs, runtime_cause, source_label,
    value_span, verification_off,
};
use super::{FileContext, Rule, RuleMeta};

pub struct MtlsClientUnverified;

static META: RuleMeta = RuleMeta {
    id: "mtls-client-unverified",
    default_severity: Severity::Error,
    summary: "Mutual TLS that accepts unverified client certificates or trusts a peer certificate without checking `authorized`",
    doc: include_str!("../../rules/mtls-client-unverified.md"),
};

const HELP_REJECT: &str = "keep `rejectUnauthorized: true` (the default) with `ca` set to the CA that signs your clients; to answer with a 401 instead, check `ctx.req.client.authorized` in a middleware before anything else runs";
const HELP_SWITCH: &str = "request client certificates unconditionally; give development its own client CA instead of a switch that turns mTLS off";
const HELP_PEER: &str = "check `ctx.req.client.authorized` (or `ctx.socket.authorized`) and answer 401 when it is false before reading identity from the certificate";

impl Rule for MtlsClientUnverified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        for id in m.object_ids() {
            server_options(m, id, out);
        }
        for w in &m.member_writes {
            match &*w.prop {
                "requestCert" => {
                    if let Some(f) = switched_request_cert(m, w.scope, w.value, w.span) {
                        out.push(f);
                    }
                }
                "rejectUnauthorized" => {
                    let object = m.value(w.scope, w.object);
                    if matches!(object, Value::Object { .. }) && requests_client_certs(m, &object) {
                        let off = verification_off(&m.setting(w.scope, w.value), w.value.span());
                        if let Some(f) = off.and_then(|off| accepts_any_client(m, w.span, off)) {
                            out.push(f);
                        }
                    }
                }
                _ => {}
            }
        }
        peer_identity(m, out);
    }
}

/// `requestCert` and `rejectUnauthorized` in one object literal.
fn server_options(m: &FileModel<'_>, id: ObjectId, out: &mut Vec<Finding>) {
    let site = m.object(id);
    let mut request_cert = None;
    let mut reject = None;
    for p in &site.lit.props {
        let PropOrSpread::Prop(p) = p else { continue };
        match prop_key(p).as_deref() {
            Some("requestCert") => request_cert = Some(&**p),
            Some("rejectUnauthorized") => reject = Some(&**p),
            _ => {}
        }
    }
    if let Some(p) = request_cert {
        if let Prop::KeyValue(kv) = p {
            if let Some(f) = switched_request_cert(m, site.scope, &kv.value, p.span()) {
                out.push(f);
            }
        }
    }
    let Some(p) = reject else { return };
    let object = m.object_value(id);
    // A client's options (`https.request({ requestCert: true, … })`): its verification of the
    // server is tls-verification-disabled's.
    if !requests_client_certs(m, &object) || m.is_client_options(id) {
        return;
    }
    let off = verification_off(&property_value(m, site.scope, p), value_span(p));
    if let Some(f) = off.and_then(|off| accepts_any_client(m, p.span(), off)) {
        out.push(f);
    }
}

/// `rejectUnauthorized` off on a server that requests client certificates. The documented
/// pattern — let the handshake finish, then answer 401 after reading `.authorized` — is not
/// reported when the file reads `.authorized`.
fn accepts_any_client(m: &FileModel<'_>, span: Span, off: Off) -> Option<Finding> {
    if m.reads_authorized() {
        return None;
    }
    Some(match off {
        Off::Always { value, .. } => Finding {
            message: format!(
                "{} on a server that requests client certificates, and nothing in this file checks `authorized`: any client certificate is accepted, self-signed ones included",
                falsy_setting("rejectUnauthorized", &value)
            ),
            help: HELP_REJECT.into(),
            primary: Label::new(
                byte_range(span),
                "unverified client certificates accepted here",
            ),
            secondary: Vec::new(),
        },
        Off::Runtime { source } => Finding {
            message: format!(
                "Client certificate verification depends on {}: mutual TLS can be switched off at run time",
                runtime_cause(&source)
            ),
            help: HELP_REJECT.into(),
            primary: Label::new(
                byte_range(span),
                "client verification depends on the environment",
            ),
            secondary: source.iter().map(source_label).collect(),
        },
    })
}

/// `requestCert: process.env.MTLS !== 'off'`: a switch that turns mutual TLS off.
fn switched_request_cert<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    value: &'a Expr,
    span: Span,
) -> Option<Finding> {
    let v = m.setting(scope, value);
    let sources = match &v {
        Value::Env(..) => v.sources(),
        Value::Dynamic(d) if !d.sources.is_empty() && d.may_be_falsy() => d.sources.clone(),
        _ => return None,
    };
    let source = sources.first().cloned();
    Some(Finding {
        message: format!(
            "`requestCert` depends on {}: client certificates are not requested at all when it is off, and mutual TLS silently falls back to no client authentication",
            runtime_cause(&source)
        ),
        help: HELP_SWITCH.into(),
        primary: Label::new(byte_range(span), "mutual TLS can be switched off here"),
        secondary: source.iter().map(source_label).collect(),
    })
}

/// Identity read from a peer certificate with no `authorized` check before it.
fn peer_identity(m: &FileModel<'_>, out: &mut Vec<Finding>) {
    if server_rejects_unauthorized(m) {
        return;
    }
    let mut reported: Vec<Span> = Vec::new();
    let mut report = |m: &FileModel<'_>, scope: ScopeId, span: Span, field: &str, cert: Span| {
        // Identity is decided in request handling; a helper that names the peer for a log
        // line is not where trust is placed.
        if reported.contains(&cert)
            || m.enclosing_handler(scope).is_none()
            || checked_before(m, scope, span)
        {
            return;
        }
        reported.push(cert);
        out.push(Finding {
            message: format!(
                "The client's identity is taken from the peer certificate's `{field}` without checking `authorized`: an unverified or self-signed certificate can claim any identity"
            ),
            help: HELP_PEER.into(),
            primary: Label::new(byte_range(span), "identity read from an unverified certificate"),
            secondary: (cert != span)
                .then(|| Label::new(byte_range(cert), "peer certificate read here"))
                .into_iter()
                .collect(),
        });
    };
    for r in &m.named_reads {
        if !is_cert_identity_field(&r.prop) {
            continue;
        }
        if let Some(cert) = peer_certificate(m, r.scope, r.object, 0) {
            report(m, r.scope, r.span, &r.prop, cert);
        }
    }
    // `const { subject, fingerprint256 } = socket.getPeerCertificate()`
    for (_, b) in m.bindings() {
        let Init::Expr {
            scope, expr, path, ..
        } = &b.init
        else {
            continue;
        };
        let Some(PatStep::Key(field)) = path.first() else {
            continue;
        };
        if !is_cert_identity_field(field) {
            continue;
        }
        if let Some(cert) = peer_certificate(m, *scope, expr, 0) {
            report(m, b.scope, b.span, field, cert);
        }
    }
}

/// Where the certificate was read, when `expr` is `….getPeerCertificate(…)` or a name bound to
/// one.
fn peer_certificate<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    expr: &'a Expr,
    depth: u32,
) -> Option<Span> {
    if depth > 6 {
        return None;
    }
    match unwrap_expr(expr) {
        Expr::Call(call) => {
            let callee = call.callee.as_expr()?;
            match unwrap_expr(callee) {
                Expr::Member(mem)
                    if member_prop_name(&mem.prop).is_some_and(|p| {
                        matches!(&*p, "getPeerCertificate" | "getPeerX509Certificate")
                    }) =>
                {
                    Some(call.span)
                }
                _ => None,
            }
        }
        Expr::Await(a) => peer_certificate(m, scope, &a.arg, depth + 1),
        Expr::Ident(_) => {
            let (s, init) = m.initializer(scope, expr)?;
            peer_certificate(m, s, init, depth + 1)
        }
        _ => None,
    }
}

/// An `authorized` read before `span` in the same function or one around it, or in Koa
/// middleware of this file (a gate that runs before the routes).
fn checked_before(m: &FileModel<'_>, scope: ScopeId, span: Span) -> bool {
    m.authorized_reads().iter().any(|(s, pos)| {
        let gate = m
            .enclosing_handler(*s)
            .is_some_and(|(f, h)| h.route.is_none() && !m.scope_within(scope, f));
        if gate {
            return true;
        }
        *pos < span.lo
            && match m.function_of_scope(*s) {
                Some(f) => m.scope_within(scope, f),
                None => true,
            }
    })
}

/// A server in this file that requests client certificates and rejects unverified ones: the
/// handshake fails before any handler reads the certificate.
fn server_rejects_unauthorized(m: &FileModel<'_>) -> bool {
    m.object_ids().any(|id| {
        let object = m.object_value(id);
        let requests = matches!(
            m.property(&object, "requestCert", Span::default()),
            Some(Value::Lit(l, _)) if l.truthy()
        );
        requests
            && match m.property(&object, "rejectUnauthorized", Span::default()) {
                None => true,
                Some(Value::Lit(l, _)) => l.truthy(),
                Some(_) => false,
            }
    })
}
