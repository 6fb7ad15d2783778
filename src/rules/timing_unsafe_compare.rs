//! timing-unsafe-compare: a secret compared in time that depends on its content.
//!
//! Reads the model's comparisons (`===`, `!=`, `switch` cases), calls of string and array search
//! methods, `Buffer.compare` and `.equals`, and hand-written compare functions (a loop that
//! returns at the first differing character, an early exit when the lengths differ). A side is a
//! secret when the model says what it is — a credential header, a key from the query, a secret
//! environment variable, a secret-named value, an HMAC digest or a request signature — and the
//! other side is not a harmless value (`null`, a boolean, a number, a scheme word such as
//! `'Bearer'`, `typeof`, a length).

use swc_atoms::Atom;
use swc_common::{Span, Spanned};
use swc_ecma_ast::{Expr, MemberProp, UnaryOp};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    BindingId, Carried, Fact, FactKind, FileModel, FunctionId, Init, KoaObj, Lit, ScopeId, Site,
    Taint, Value, byte_range, looks_random, member_prop_name, unwrap_expr, words,
};

use super::{Ask, FileContext, Question, Rule, RuleMeta, capitalise};

pub struct TimingUnsafeCompare;

static META: RuleMeta = RuleMeta {
    id: "timing-unsafe-compare",
    default_severity: Severity::Error,
    summary: "Secrets (API keys, tokens, signatures) compared in time that depends on their content",
    doc: include_str!("../../rules/timing-unsafe-compare.md"),
};

const HELP: &str = "hash both sides (or HMAC them with a server-side key) and compare the equal-length digests with `crypto.timingSafeEqual`";
const HELP_LENGTH: &str = "compare fixed-length digests instead: hash (or HMAC) both values first, then `crypto.timingSafeEqual` needs no length check";

/// Search methods whose time depends on where the strings first differ.
const SEARCH_METHODS: &[&str] = &[
    "startsWith",
    "endsWith",
    "includes",
    "indexOf",
    "lastIndexOf",
    "localeCompare",
];

/// What a compared side is, for the message.
#[derive(Clone)]
struct Secret {
    what: String,
    label: String,
    span: Span,
    /// Known only by its name (`apiKey`, `signature`), not by where its value comes from.
    by_name: bool,
    /// The call that handed it to a helper's parameter: where and the label.
    via: Option<(Span, String)>,
    /// A keyed digest whose key is a string literal (at `span`).
    literal_key: bool,
}

impl Rule for TimingUnsafeCompare {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        let memo = Memo::default();
        record_compared_params(cx);
        if m.has_handlers() {
            ask_imported(cx, &memo);
        }
        let mut switches_reported = Vec::new();
        for c in &m.comparisons {
            if c.switch.is_some_and(|s| switches_reported.contains(&s)) {
                continue;
            }
            if let Some(f) = hand_rolled(cx, c) {
                out.push(f);
                continue;
            }
            if c.switch.is_none() {
                if let Some(f) = literal_password_check(cx, c) {
                    out.push(f);
                    continue;
                }
            }
            // Most comparisons in any code base test against `null`, a type name, a number or
            // `typeof`: nothing a secret is compared with, decided without evaluating anything.
            if plainly_harmless(c.left) || plainly_harmless(c.right) {
                continue;
            }
            let Some((secret, other)) = memo
                .secret_side(m, c.scope, c.left, c.right)
                .or_else(|| signed_digest_side(m, c.scope, c.left, c.right))
            else {
                continue;
            };
            if harmless(m, c.scope, other)
                || same_request_fields(m, c.scope, c.left, c.right)
                || (request_input(m, c.scope, c.left) && request_input(m, c.scope, c.right))
            {
                continue;
            }
            let how = match (c.switch, c.negated, c.strict) {
                (Some(s), ..) => {
                    switches_reported.push(s);
                    "a `switch` over it".to_string()
                }
                (None, false, true) => "`===`".into(),
                (None, true, true) => "`!==`".into(),
                (None, false, false) => "`==`".into(),
                (None, true, false) => "`!=`".into(),
            };
            out.push(finding(
                &secret,
                c.span,
                format!(
                    "{} is compared with {how}, which stops at the first differing character: response times reveal how much of a guess is right",
                    capitalise(&secret.what)
                ),
                HELP,
            ));
        }
        for call in &m.calls {
            let Some(Expr::Member(member)) = call.callee.map(unwrap_expr) else {
                continue;
            };
            let Some(method) = member_prop_name(&member.prop) else {
                continue;
            };
            let first = call
                .args
                .first()
                .filter(|a| a.spread.is_none())
                .map(|a| &*a.expr);
            let found = match &*method {
                m_name if SEARCH_METHODS.contains(&m_name) => {
                    let Some(arg) = first else { continue };
                    if plainly_harmless(arg) || plainly_harmless(&member.obj) {
                        continue;
                    }
                    memo.secret_side(m, call.scope, &member.obj, arg)
                        .filter(|(_, other)| !harmless(m, call.scope, other))
                        .map(|(s, _)| (s, format!("`.{m_name}()`")))
                }
                "compare" if is_global(m, call.scope, &member.obj, "Buffer") => {
                    let [a, b, ..] = call.args else { continue };
                    memo.secret_side(m, call.scope, &a.expr, &b.expr)
                        .map(|(s, _)| (s, "`Buffer.compare()`".into()))
                }
                "equals" => {
                    let Some(arg) = first else { continue };
                    if plainly_harmless(arg) {
                        continue;
                    }
                    memo.secret_side(m, call.scope, &member.obj, arg)
                        .filter(|(_, other)| !harmless(m, call.scope, other))
                        .map(|(s, _)| (s, "`.equals()`".into()))
                }
                _ => None,
            };
            if let Some((secret, how)) = found {
                out.push(finding(
                    &secret,
                    call.span,
                    format!(
                        "{} is compared with {how}, which stops at the first differing byte: response times reveal how much of a guess is right",
                        capitalise(&secret.what)
                    ),
                    HELP,
                ));
            }
        }
    }
}

/// For the files that import them: which parameters of the file's functions are compared in
/// variable time (`===`, a prefix search, an early exit on the length, a per-character loop),
/// against anything but a harmless value.
fn record_compared_params(cx: &FileContext<'_, '_>) {
    let m = cx.model;
    if !m.exports_anything() {
        return;
    }
    let record = |f: FunctionId, index: usize, span: Span| {
        cx.record(
            f,
            Fact {
                kind: FactKind::ComparesParam(index),
                range: byte_range(span),
                what: String::new(),
            },
        );
    };
    for c in &m.comparisons {
        if c.switch.is_some() || plainly_harmless(c.left) || plainly_harmless(c.right) {
            let lengths = is_length(c.left) && is_length(c.right) && c.exits;
            if !lengths {
                continue;
            }
        }
        for (side, other) in [(c.left, c.right), (c.right, c.left)] {
            let Some((f, index)) = compared_param(m, c.scope, side) else {
                continue;
            };
            if m.handler(f).is_some()
                || !m.may_be_exported(f)
                || (!is_length(side) && harmless(m, c.scope, other))
            {
                continue;
            }
            record(f, index, c.span);
        }
    }
    for call in &m.calls {
        let Some(Expr::Member(member)) = call.callee.map(unwrap_expr) else {
            continue;
        };
        if !member_prop_name(&member.prop).is_some_and(|p| SEARCH_METHODS.contains(&&*p)) {
            continue;
        }
        let Some(arg) = call.args.first() else {
            continue;
        };
        for (side, other) in [(&*member.obj, &*arg.expr), (&*arg.expr, &*member.obj)] {
            if let Some((f, index)) = compared_param(m, call.scope, side) {
                if m.handler(f).is_none() && m.may_be_exported(f) && !harmless(m, call.scope, other)
                {
                    record(f, index, call.span);
                }
            }
        }
    }
}

/// The parameter (of the function it belongs to) that a compared side is: `key`, `key.length`,
/// `key[i]`, `key.trim()`.
fn compared_param(m: &FileModel<'_>, scope: ScopeId, side: &Expr) -> Option<(FunctionId, usize)> {
    let e = crate::model::chain_root(side);
    let b = m.ident_binding(scope, e)?;
    match &m.binding(b).init {
        Init::Param {
            function,
            index,
            path,
            ..
        } if path.is_empty() => Some((*function, *index)),
        _ => None,
    }
}

/// A secret passed to a function imported from the project's own modules: a finding if the
/// other file says that function compares the argument in variable time.
fn ask_imported<'a>(cx: &FileContext<'_, 'a>, memo: &Memo) {
    let m = cx.model;
    for call in &m.calls {
        let Some(callee) = call.callee else {
            continue;
        };
        // A relative import, or (in a file that serves requests) one a `tsconfig` may map:
        // library code calling its packages is not asked about.
        let asked = m.imported_from_project(call.scope, callee)
            || (m.has_handlers() && m.imported_root(call.scope, callee));
        if !asked || call.args.iter().all(|a| plainly_harmless(&a.expr)) {
            continue;
        }
        let Value::Module { source, path } = m.value(call.scope, callee) else {
            continue;
        };
        if !crate::model::project_specifier(&source) || path.iter().any(|p| &**p == "()") {
            continue;
        }
        let name = crate::model::read_name(callee)
            .map_or("the function".to_string(), |n| format!("`{n}`"));
        for (index, arg) in call.args.iter().enumerate() {
            if arg.spread.is_some() {
                break;
            }
            if plainly_harmless(&arg.expr) {
                continue;
            }
            let Some(secret) = memo.secret(m, call.scope, &arg.expr) else {
                continue;
            };
            let mut found = finding(
                &secret,
                arg.expr.span(),
                format!(
                    "{} is passed to {name}, which compares it in variable time: response times reveal how much of a guess is right",
                    capitalise(&secret.what)
                ),
                HELP,
            );
            found.primary.message = format!("passed to {name} here");
            cx.ask(Question {
                specifier: source.clone(),
                path: path.clone(),
                ask: Ask::Fact(FactKind::ComparesParam(index)),
                finding: found,
                use_range: byte_range(callee.span()),
                group: Some(byte_range(call.span)),
            });
        }
    }
}

/// How a keyed digest's literal key is described.
const LITERAL_KEY: &str = "a hard-coded key";

/// String literals that are the key of a request signature the file checks
/// (`sha1([ 'k9Lm…', timestamp, nonce ].sort().join(''))` compared with the request's
/// signature): whoever reads the literal can sign requests.
pub fn signing_key_literals(m: &FileModel<'_>, source: &str) -> Vec<Span> {
    let mut out = Vec::new();
    // A file that names no hash function (`createHash`, `md5`, `sha1`…) computes no digest.
    // Asked once, and only of a file with a comparison worth a look: each needle is a
    // substring of `createHash` or of a package of [`HASH_FUNCTIONS`] (a test checks).
    let mut names_a_hash = None;
    for c in &m.comparisons {
        if c.switch.is_some() || plainly_harmless(c.left) || plainly_harmless(c.right) {
            continue;
        }
        if !*names_a_hash.get_or_insert_with(|| HASH_NEEDLES.iter().any(|n| source.contains(n))) {
            return out;
        }
        for (side, other) in [(c.left, c.right), (c.right, c.left)] {
            if let Some(secret) = keyed_digest(m, c.scope, side) {
                if secret.literal_key && !out.contains(&secret.span) {
                    out.push(secret.span);
                }
                continue;
            }
            // A digest compared with the request's signature: a word-like literal hashed in
            // with the request's fields (`['myshoptoken', timestamp, nonce]`) is the shared
            // token too, however guessable.
            let Some(inputs) = hash_inputs(m, c.scope, side, 0) else {
                continue;
            };
            if signature(m, c.scope, other, 0).is_none() {
                continue;
            }
            let mut parts = Vec::new();
            for (s, input) in inputs {
                input_parts(m, s, input, 0, &mut parts);
            }
            if parts.len() < 2 {
                continue;
            }
            for (_, part) in parts {
                let Expr::Lit(swc_ecma_ast::Lit::Str(text)) = unwrap_expr(part) else {
                    continue;
                };
                let token = text.value.as_str().is_some_and(|t| {
                    t.chars().count() >= 8
                        && t.chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || "-_".contains(ch))
                        && !crate::model::is_placeholder(t)
                });
                if token && !out.contains(&text.span) {
                    out.push(text.span);
                }
            }
        }
    }
    out
}

/// String literals that a secret is compared with (`presented === 'k9Lm…'`): credentials too,
/// masked in snippets.
pub fn compared_literals(m: &FileModel<'_>) -> Vec<Span> {
    let mut out = Vec::new();
    for c in &m.comparisons {
        for (lit, other) in [(c.left, c.right), (c.right, c.left)] {
            let Expr::Lit(swc_ecma_ast::Lit::Str(s)) = unwrap_expr(lit) else {
                continue;
            };
            let credential = s
                .value
                .as_str()
                .is_some_and(|t| looks_random(t) || crate::model::key_format(t).is_some());
            if credential && secret(m, c.scope, other).is_some() {
                out.push(s.span);
            }
        }
        if let Some((_, literal)) = hardcoded_password(m, c) {
            out.push(literal.span);
        }
    }
    out
}

fn finding(secret: &Secret, span: Span, message: String, help: &str) -> Finding {
    let primary = Label::new(byte_range(span), "compared here in variable time");
    let mut secondary = Vec::new();
    if !secret.span.is_dummy() && secret.span != span {
        secondary.push(Label::new(byte_range(secret.span), secret.label.clone()));
    }
    if let Some((call, label)) = &secret.via {
        secondary.push(Label::new(byte_range(*call), label.clone()));
    }
    Finding {
        message,
        help: help.into(),
        primary,
        secondary,
    }
}

/// What each name a comparison reads is, worked out once per file: generated code compares the
/// same few names thousands of times.
#[derive(Default)]
struct Memo {
    names: std::cell::RefCell<rustc_hash::FxHashMap<crate::model::BindingId, Option<Secret>>>,
}

impl Memo {
    fn secret_side<'a>(
        &self,
        m: &FileModel<'a>,
        scope: ScopeId,
        left: &'a Expr,
        right: &'a Expr,
    ) -> Option<(Secret, &'a Expr)> {
        if let Some(s) = self.secret(m, scope, left) {
            return Some((s, right));
        }
        self.secret(m, scope, right).map(|s| (s, left))
    }

    /// A secret side. Outside a request handler a name alone is not evidence enough: parsers
    /// compare `questionToken`s and `MethodSignature`s, drivers compare stored passwords, and
    /// tests compare the tokens they issued.
    /// A parameter named like a key in a Koa service file is a key, whatever the caller passes.
    fn secret<'a>(&self, m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Option<Secret> {
        let param = || {
            m.has_handlers()
                && m.ident_binding(scope, expr)
                    .is_some_and(|b| matches!(m.binding(b).kind, crate::model::BindingKind::Param))
        };
        self.lookup(m, scope, expr).filter(|s| {
            !s.by_name
                || m.enclosing_handler(scope).is_some()
                || param()
                || presented_credential(m, scope, expr)
        })
    }

    fn lookup<'a>(&self, m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Option<Secret> {
        let Some(b) = m.ident_binding(scope, expr) else {
            return secret(m, scope, expr);
        };
        if let Some(known) = self.names.borrow().get(&b) {
            return known.clone();
        }
        let found = secret(m, scope, expr);
        self.names.borrow_mut().insert(b, found.clone());
        found
    }
}

fn secret<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Option<Secret> {
    if is_length(expr) {
        return None;
    }
    if let Some(t) = m.secret_value(scope, expr) {
        return Some(from_taint(&t));
    }
    signature(m, scope, expr, 0).or_else(|| secret_named_header(m, scope, expr))
}

/// A secret-named binding that holds a request header the vocabulary does not list
/// (`const adminToken = ctx.get('x-admin-token')`): the name says what the header is.
fn secret_named_header<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Option<Secret> {
    let Expr::Ident(id) = unwrap_expr(expr) else {
        return None;
    };
    if !m.vocab.is_secret_name(&id.sym) {
        return None;
    }
    let b = m.resolve(scope, &id.sym)?;
    match m.binding_value(b) {
        Value::Header { name, span, .. } => Some(Secret {
            what: format!("the secret `{}` (request header '{name}')", id.sym),
            label: format!("'{name}' header read here"),
            span,
            by_name: false,
            via: None,
            literal_key: false,
        }),
        // `const API_KEY = 'k9Lm…'`: a hard-coded key is still a key.
        Value::Lit(Lit::Str(text), span)
            if looks_random(&text) && !crate::model::names_its_holder(&id.sym, &text) =>
        {
            Some(Secret {
                what: format!("the key `{}`", id.sym),
                label: format!("`{}` holds a key", id.sym),
                span,
                by_name: false,
                via: None,
                literal_key: false,
            })
        }
        _ => None,
    }
}

/// Callbacks a library calls with a credential a client presented, as (method, argument): an
/// OAuth2 server's model (`oauth2-server`, `koa-oauth-server`) is asked
/// `getClient(clientId, clientSecret)` and `getUser(username, password)`.
const CREDENTIAL_CALLBACKS: &[(&str, usize)] = &[("getClient", 1), ("getUser", 1)];

/// A parameter that receives a presented credential: the argument of a [`CREDENTIAL_CALLBACKS`]
/// method defined as `model.getClient = function …`, `Model.prototype.getUser = …`,
/// `module.exports.getClient = …` or in an object literal (`{ getUser(username, password) {} }`).
fn presented_credential<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> bool {
    let Some(b) = m.ident_binding(scope, expr) else {
        return false;
    };
    let Init::Param {
        function,
        index,
        path,
        ..
    } = &m.binding(b).init
    else {
        return false;
    };
    path.is_empty()
        && method_names(m, *function)
            .iter()
            .any(|name| CREDENTIAL_CALLBACKS.contains(&(&**name, *index)))
}

/// The property names function `f` is stored under: member writes and object-literal properties.
fn method_names(m: &FileModel<'_>, f: FunctionId) -> Vec<Atom> {
    let is_f = |e: &Expr| m.function_at(unwrap_expr(e).span()) == Some(f);
    let mut out: Vec<Atom> = m
        .member_writes
        .iter()
        .filter(|w| is_f(w.value))
        .map(|w| w.prop.clone())
        .collect();
    for id in m.object_ids() {
        for prop in &m.object(id).lit.props {
            let Some(p) = prop.as_prop() else { continue };
            let stored = match &**p {
                swc_ecma_ast::Prop::KeyValue(kv) => is_f(&kv.value),
                swc_ecma_ast::Prop::Method(mp) => m.function_at(mp.function.span) == Some(f),
                _ => false,
            };
            if stored {
                out.extend(crate::model::prop_key(p));
            }
        }
    }
    out
}

fn from_taint(t: &Taint) -> Secret {
    let what = match &t.what {
        Carried::Header(h) => format!("the '{h}' request header"),
        Carried::QueryKey(q) => format!("the key in query parameter '{q}'"),
        other => other.describe(),
    };
    Secret {
        what,
        label: t.what.origin_label(),
        span: t.span,
        by_name: matches!(t.what, Carried::SecretName(_) | Carried::ConfigSecret(_)),
        via: t.via_label(),
        literal_key: false,
    }
}

/// Words of a name that hold a signature or an HMAC.
fn signature_name(name: &str) -> bool {
    let w = words(name);
    let last = w.last().map(String::as_str);
    if matches!(
        last,
        Some("length" | "len" | "header" | "name" | "type" | "algorithm" | "alg" | "version")
    ) {
        return false;
    }
    w.iter().any(|x| matches!(x.as_str(), "signature" | "hmac")) || matches!(last, Some("sig"))
}

/// A request signature or an HMAC digest: `ctx.get('x-hub-signature-256')`,
/// `crypto.createHmac(…).update(body).digest('hex')`, a binding named `signature` or `hmac`.
fn signature<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr, depth: u32) -> Option<Secret> {
    if depth > 6 {
        return None;
    }
    let expr = unwrap_expr(expr);
    if let Value::Header { name, span, .. } = m.value(scope, expr) {
        if signature_name(&name) {
            return Some(Secret {
                what: format!("the request signature in header '{name}'"),
                label: format!("'{name}' header read here"),
                span,
                by_name: false,
                via: None,
                literal_key: false,
            });
        }
    }
    match expr {
        Expr::Call(_) if is_hmac_digest(m, scope, expr, 0) => Some(Secret {
            what: "an HMAC digest".into(),
            label: "HMAC computed here".into(),
            span: expr.span(),
            by_name: false,
            via: None,
            literal_key: false,
        }),
        Expr::Ident(id) => {
            let binding = m.binding(m.resolve(scope, &id.sym)?);
            if let Some(found) = m
                .initializer(scope, expr)
                .and_then(|(s, init)| signature(m, s, init, depth + 1))
            {
                return Some(found);
            }
            signature_name(&id.sym).then(|| Secret {
                what: format!("the signature `{}`", id.sym),
                label: format!("`{}` holds a signature", id.sym),
                span: binding.span,
                by_name: true,
                via: None,
                literal_key: false,
            })
        }
        Expr::Member(mem) => {
            let name = member_prop_name(&mem.prop)?;
            signature_name(&name).then(|| Secret {
                what: format!("the signature `{name}`"),
                label: format!("`{name}` read here"),
                span: mem.span,
                by_name: true,
                via: None,
                literal_key: false,
            })
        }
        Expr::Tpl(t) => t
            .exprs
            .iter()
            .find_map(|e| signature(m, scope, e, depth + 1)),
        // `Buffer.from(digest)`, `String(signature)`
        Expr::Call(call) => {
            let wraps = call.callee.as_expr().is_some_and(|c| {
                matches!(m.value(scope, c), Value::Global(g) if matches!(&*g, "Buffer.from" | "String"))
            });
            call.args
                .first()
                .filter(|_| wraps)
                .and_then(|a| signature(m, scope, &a.expr, depth + 1))
        }
        _ => None,
    }
}

/// `createHmac(…).update(…).digest(…)`, also through a binding of the Hmac object.
fn is_hmac_digest<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr, depth: u32) -> bool {
    if depth > 8 {
        return false;
    }
    match unwrap_expr(expr) {
        Expr::Call(call) => {
            let Some(callee) = call.callee.as_expr() else {
                return false;
            };
            match unwrap_expr(callee) {
                Expr::Member(mem) => {
                    member_prop_name(&mem.prop).is_some_and(|p| p == "createHmac")
                        || is_hmac_digest(m, scope, &mem.obj, depth + 1)
                }
                Expr::Ident(id) => id.sym == "createHmac",
                _ => false,
            }
        }
        Expr::Ident(_) => m
            .initializer(scope, expr)
            .is_some_and(|(s, init)| is_hmac_digest(m, s, init, depth + 1)),
        _ => false,
    }
}

/// Hash functions of packages, as (package, export; `""` for the package itself): a digest made
/// with one is as plain as `crypto.createHash(…)`'s.
const HASH_FUNCTIONS: &[(&str, &str)] = &[
    ("md5", ""),
    ("blueimp-md5", ""),
    ("js-md5", ""),
    ("md5-hex", ""),
    ("sha1", ""),
    ("js-sha1", ""),
    ("js-sha1", "sha1"),
    ("js-sha256", "sha256"),
    ("utility", "md5"),
    ("utility", "sha1"),
    ("utility", "sha256"),
    ("utility", "sha512"),
    ("crypto-js", "MD5"),
    ("crypto-js", "SHA1"),
    ("crypto-js", "SHA256"),
    ("crypto-js", "SHA512"),
    ("crypto-js/md5", ""),
    ("crypto-js/sha1", ""),
    ("crypto-js/sha256", ""),
];

/// Text a file that names a hash function contains: `createHash` and, for every package of
/// [`HASH_FUNCTIONS`], a part of its name.
const HASH_NEEDLES: &[&str] = &[
    "createHash",
    "md5",
    "sha1",
    "sha256",
    "utility",
    "crypto-js",
];

/// Methods whose result is still the digest they are called on.
const DIGEST_TEXT_METHODS: &[&str] = &[
    "toUpperCase",
    "toLowerCase",
    "toString",
    "trim",
    "slice",
    "substring",
    "substr",
];

fn is_hash_function(v: &Value<'_>) -> bool {
    let Value::Module { source, path } = v else {
        return false;
    };
    let export = match path.as_slice() {
        [] => "",
        [one] if &**one == "default" => "",
        [one] => one,
        _ => return false,
    };
    HASH_FUNCTIONS
        .iter()
        .any(|(p, e)| *p == &**source && *e == export)
}

/// The inputs of a plain hash digest: `createHash(…).update(a).update(b).digest(…)` (also with
/// the hash object bound to a name and fed by `h.update(…)` statements), `md5(a)`,
/// `utility.sha1(a)`, seen through names and `.toUpperCase()`. `None` when `expr` is no digest.
fn hash_inputs<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    expr: &'a Expr,
    depth: u32,
) -> Option<Vec<(ScopeId, &'a Expr)>> {
    if depth > 8 {
        return None;
    }
    match unwrap_expr(expr) {
        Expr::Ident(_) => {
            let (s, init) = m.initializer(scope, expr)?;
            hash_inputs(m, s, init, depth + 1)
        }
        Expr::Call(call) => {
            let callee = unwrap_expr(call.callee.as_expr()?);
            if let Expr::Member(mem) = callee {
                match member_prop_name(&mem.prop).as_deref() {
                    Some("digest") => return hash_chain(m, scope, &mem.obj),
                    Some(t) if DIGEST_TEXT_METHODS.contains(&t) => {
                        return hash_inputs(m, scope, &mem.obj, depth + 1);
                    }
                    _ => {}
                }
            }
            if is_hash_function(&m.value(scope, callee)) {
                return Some(call.args.iter().map(|a| (scope, &*a.expr)).collect());
            }
            // `this.signQuery(query)`: what a helper of the file returns.
            let f = m.local_callee(scope, callee)?;
            let [(s, returned)] = m.returned(f)[..] else {
                return None;
            };
            hash_inputs(m, s, returned, depth + 1)
        }
        _ => None,
    }
}

/// The `.update(…)` arguments of a `createHash(…)` chain, ending at `createHash` (an HMAC is not
/// a plain hash).
fn hash_chain<'a>(
    m: &FileModel<'a>,
    mut scope: ScopeId,
    expr: &'a Expr,
) -> Option<Vec<(ScopeId, &'a Expr)>> {
    let mut inputs = Vec::new();
    let mut e = unwrap_expr(expr);
    for _ in 0..12 {
        match e {
            Expr::Call(call) => match unwrap_expr(call.callee.as_expr()?) {
                Expr::Member(mem) => match member_prop_name(&mem.prop).as_deref() {
                    Some("update") => {
                        inputs.extend(call.args.first().map(|a| (scope, &*a.expr)));
                        e = unwrap_expr(&mem.obj);
                    }
                    Some("createHash") => return Some(inputs),
                    _ => return None,
                },
                Expr::Ident(id) if id.sym == "createHash" => return Some(inputs),
                _ => return None,
            },
            Expr::Ident(_) => {
                let b = m.ident_binding(scope, e)?;
                // `const h = crypto.createHash('sha1'); h.update(data); h.digest('hex')`
                for call in &m.calls {
                    let Some(Expr::Member(mem)) = call.callee.map(unwrap_expr) else {
                        continue;
                    };
                    if member_prop_name(&mem.prop).is_some_and(|p| p == "update")
                        && m.ident_binding(call.scope, &mem.obj) == Some(b)
                    {
                        inputs.extend(call.args.first().map(|a| (call.scope, &*a.expr)));
                    }
                }
                let (s, init) = m.initializer(scope, e)?;
                scope = s;
                e = unwrap_expr(init);
            }
            _ => return None,
        }
    }
    None
}

/// The parts a hashed input is put together from: the operands of `+`, the pieces of a
/// template, the elements of `[…].sort().join('')`, through names bound to such a whole.
fn input_parts<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    expr: &'a Expr,
    depth: u32,
    out: &mut Vec<(ScopeId, &'a Expr)>,
) {
    if depth > 8 || out.len() > 32 {
        return;
    }
    let d = depth + 1;
    match unwrap_expr(expr) {
        Expr::Bin(b) if b.op == swc_ecma_ast::BinaryOp::Add => {
            input_parts(m, scope, &b.left, d, out);
            input_parts(m, scope, &b.right, d, out);
        }
        Expr::Tpl(t) => {
            if t.quasis.iter().any(|q| !q.raw.is_empty()) {
                out.push((scope, expr));
            }
            for e in &t.exprs {
                input_parts(m, scope, e, d, out);
            }
        }
        Expr::Array(a) => {
            for el in a.elems.iter().flatten().filter(|e| e.spread.is_none()) {
                input_parts(m, scope, &el.expr, d, out);
            }
        }
        Expr::Call(call) => match call.callee.as_expr().map(|c| unwrap_expr(c)) {
            Some(Expr::Member(mem))
                if member_prop_name(&mem.prop)
                    .is_some_and(|p| matches!(&*p, "join" | "sort" | "concat" | "toString")) =>
            {
                input_parts(m, scope, &mem.obj, d, out);
                if member_prop_name(&mem.prop).is_some_and(|p| p == "concat") {
                    for a in &call.args {
                        input_parts(m, scope, &a.expr, d, out);
                    }
                }
            }
            _ => out.push((scope, expr)),
        },
        // `query = query + '&key=' + partnerKey` before it is hashed: the parts of that write.
        e @ Expr::Ident(_) if single_write(m, scope, e).is_some() => {
            let (s, w) = single_write(m, scope, e).expect("checked");
            input_parts(m, s, w, d, out);
        }
        e @ Expr::Ident(_) => match m.initializer(scope, e) {
            Some((s, init))
                if matches!(
                    unwrap_expr(init),
                    Expr::Bin(_) | Expr::Tpl(_) | Expr::Array(_) | Expr::Call(_)
                ) =>
            {
                let before = out.len();
                input_parts(m, s, init, d, out);
                // A name bound to a single opaque call is itself one part.
                if out.len() == before + 1 && std::ptr::eq(out[before].1, init) {
                    out[before] = (scope, expr);
                }
            }
            _ => out.push((scope, expr)),
        },
        _ => out.push((scope, expr)),
    }
}

/// The one value a parameter or `let` is given after its declaration, when it has exactly one
/// write and no initial value of its own.
fn single_write<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> Option<(ScopeId, &'a Expr)> {
    let b = m.binding(m.ident_binding(scope, e)?);
    let no_initial = matches!(b.init, Init::Param { .. } | Init::Opaque);
    match b.writes.as_slice() {
        [(s, w, _)] if no_initial && !b.opaque_write => Some((*s, *w)),
        _ => None,
    }
}

/// A key the service holds, by its name: `session_secret`, `partnerKey`, `API_SECRET` — not a
/// password (a password's hash is a stored hash, not a signature) and not a bare `token`.
fn key_name(name: &str) -> bool {
    let w = words(name);
    let keyish = w
        .iter()
        .any(|x| matches!(x.as_str(), "secret" | "key" | "apikey"));
    let other = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "password" | "passwd" | "pass" | "pwd" | "passhash" | "passphrase" | "token" | "hash"
        )
    });
    keyish && !other
}

/// A key read from the service's configuration (`config.payment.merchantKey`): named like a
/// key only by its last word, which a name elsewhere (`cacheKey`) would not be trusted for.
fn configured_key<'a>(m: &FileModel<'a>, scope: ScopeId, part: &'a Expr) -> Option<Atom> {
    // `think.config('weixin.partner_key')`, `config.get('stripe.secretKey')`: a configuration
    // getter given the setting's dotted name.
    if let Expr::Call(call) = unwrap_expr(part) {
        let callee = unwrap_expr(call.callee.as_expr()?);
        let getter = match callee {
            Expr::Member(mem) => member_prop_name(&mem.prop)
                .is_some_and(|p| matches!(&*p, "config" | "get" | "getConfig")),
            _ => false,
        };
        let Some(Expr::Lit(swc_ecma_ast::Lit::Str(s))) =
            call.args.first().map(|a| unwrap_expr(&a.expr))
        else {
            return None;
        };
        let setting = s.value.as_str()?;
        let name = setting.rsplit('.').next()?;
        let last = words(name).pop()?;
        let opaque = m.value(scope, callee).is_opaque();
        return (getter && opaque && matches!(last.as_str(), "key" | "secret") && key_name(name))
            .then(|| Atom::from(name));
    }
    let Expr::Member(mem) = unwrap_expr(part) else {
        return None;
    };
    let name = member_prop_name(&mem.prop)?;
    let last = words(&name).pop()?;
    let configured = match m.value(scope, part) {
        Value::Module { path, .. } => path.iter().all(|p| &**p != "()"),
        Value::Global(_) => true,
        _ => false,
    };
    (configured && matches!(last.as_str(), "key" | "secret") && key_name(&name)).then_some(name)
}

/// A signature made with a plain hash: a digest over data and a key the service holds
/// (`md5(query + '&key=' + config.partnerKey)`,
/// `createHash('sha1').update(rawData + session.session_key).digest('hex')`). The digest is the
/// key's stand-in: a guess compared with it byte by byte forges the signature.
fn keyed_digest<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> Option<Secret> {
    let inputs = hash_inputs(m, scope, expr, 0)?;
    let mut parts = Vec::new();
    for (s, input) in inputs {
        input_parts(m, s, input, 0, &mut parts);
    }
    if parts.len() < 2 {
        return None;
    }
    // `md5(password + 'a8Kf…')`: a salted password hash, not a signature; the salt is no key.
    let hashes_a_password = parts.iter().any(|(_, part)| {
        crate::model::read_name(part).is_some_and(|n| {
            words(&n)
                .iter()
                .any(|w| matches!(w.as_str(), "password" | "passwd" | "pwd" | "pass"))
        })
    });
    let key = parts.iter().find_map(|(s, part)| {
        if hashes_a_password {
            return None;
        }
        if let Expr::Lit(swc_ecma_ast::Lit::Str(text)) = unwrap_expr(part) {
            return text
                .value
                .as_str()
                .filter(|t| looks_random(t))
                .map(|_| (LITERAL_KEY.to_string(), text.span));
        }
        if let Some(name) = configured_key(m, *s, part) {
            return Some((format!("`{name}`"), part.span()));
        }
        m.carried(*s, part).into_iter().find_map(|t| match &t.what {
            Carried::SecretEnv(n) | Carried::ConfigSecret(n) | Carried::SecretName(n)
                if key_name(n) =>
            {
                Some((format!("`{n}`"), t.span))
            }
            _ => None,
        })
    })?;
    Some(Secret {
        what: format!("a signature hashed with {}", key.0),
        label: "key hashed in here".into(),
        span: key.1,
        by_name: false,
        via: None,
        literal_key: key.0 == LITERAL_KEY,
    })
}

/// A signature check the names alone would not show outside a handler: a plain hash digest
/// (keyed, or compared with a value named like a signature, `params.signature`).
fn signed_digest_side<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    left: &'a Expr,
    right: &'a Expr,
) -> Option<(Secret, &'a Expr)> {
    for (digest, other) in [(left, right), (right, left)] {
        if let Some(s) = keyed_digest(m, scope, digest) {
            return Some((s, other));
        }
    }
    for (digest, other) in [(left, right), (right, left)] {
        if hash_inputs(m, scope, digest, 0).is_some() {
            if let Some(s) = signature(m, scope, other, 0) {
                return Some((s, digest));
            }
        }
    }
    None
}

fn is_length(expr: &Expr) -> bool {
    match unwrap_expr(expr) {
        Expr::Member(mem) => member_prop_name(&mem.prop)
            .is_some_and(|p| matches!(&*p, "length" | "byteLength" | "size")),
        _ => false,
    }
}

/// A side that tells nothing about a secret's content: `null`, `undefined`, booleans, numbers,
/// words (`'Bearer'`, `'access'`), `typeof x`, a length, another comparison.
fn harmless<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> bool {
    let e = unwrap_expr(expr);
    match e {
        Expr::Unary(u) if matches!(u.op, UnaryOp::TypeOf | UnaryOp::Bang | UnaryOp::Void) => {
            return true;
        }
        Expr::Bin(b) if b.op.precedence() <= 7 => return true,
        _ if is_length(e) => return true,
        _ => {}
    }
    match m.value(scope, expr) {
        Value::Lit(l, _) => harmless_lit(&l),
        // `x ?? ''`: the fallback is harmless, the configured side is not known to be.
        Value::Dynamic(d) => {
            !d.open
                && !d
                    .sources
                    .iter()
                    .any(|s| s.kind == crate::model::SourceKind::Fallback)
                && d.outcomes.iter().all(|(l, _)| harmless_lit(l))
        }
        _ => false,
    }
}

/// A password checked against a string written in the source (`if (password === 'mypass')`),
/// in or out of a handler: the password is hard-coded and the check leaks it a character at a
/// time. Only names whose last word is the password (`password`, `adminPasswd`, `passphrase`,
/// not `passwordStrength`), and not a comparison with a sentinel (`''`, `'undefined'`, `'null'`,
/// a mask such as `'******'`) or a flag's value (`'true'`, `'on'`, `'1'`).
fn literal_password_check<'a>(
    cx: &FileContext<'_, 'a>,
    c: &crate::model::Comparison<'a>,
) -> Option<Finding> {
    let (name, literal) = hardcoded_password(cx.model, c)?;
    let how = match (c.negated, c.strict) {
        (false, true) => "`===`",
        (true, true) => "`!==`",
        (false, false) => "`==`",
        (true, false) => "`!=`",
    };
    Some(Finding {
        message: format!(
            "`{name}` is checked against a password written in the source with {how}, which stops at the first differing character: response times reveal it a character at a time"
        ),
        help: "keep only a salted hash of the password (bcrypt, scrypt, argon2) outside the source and verify with the library's compare, which takes the same time for every guess".into(),
        primary: Label::new(byte_range(c.span), "compared here in variable time"),
        secondary: vec![Label::new(byte_range(literal.span), "password written here")],
    })
}

/// The name and the literal of a comparison that checks a password against one written in the
/// source (see [`literal_password_check`]).
fn hardcoded_password<'a>(
    m: &FileModel<'a>,
    c: &crate::model::Comparison<'a>,
) -> Option<(Atom, &'a swc_ecma_ast::Str)> {
    let (name, literal) = [(c.left, c.right), (c.right, c.left)]
        .into_iter()
        .find_map(|(named, lit)| {
            let Expr::Lit(swc_ecma_ast::Lit::Str(s)) = unwrap_expr(lit) else {
                return None;
            };
            let name = match unwrap_expr(named) {
                Expr::Ident(i) => i.sym.clone(),
                Expr::Member(mem) => member_prop_name(&mem.prop)?,
                _ => return None,
            };
            Some((name, s))
        })?;
    let words = crate::model::words(&name);
    let last = words.last()?;
    if !matches!(
        last.as_str(),
        "password" | "passwd" | "passphrase" | "passcode"
    ) || !m.vocab.is_secret_name(&name)
    {
        return None;
    }
    let text = literal.value.as_str()?;
    // A guard against a default (`config.db.password === 'changeme'` → refuse to start) reads
    // configuration or the environment, which no caller controls: not a check of a caller.
    let named_side = if std::ptr::eq(unwrap_expr(c.left), unwrap_expr(literal_expr(c, literal))) {
        c.right
    } else {
        c.left
    };
    // Markers, not passwords: a constant's name (`'SSO_ACCOUNT'`) or a lock flag (`'*LK*'`,
    // `'!locked'`).
    let marker =
        text.starts_with(|c: char| c.is_ascii_punctuation()) || crate::model::is_env_name(text);
    // Configuration: the environment, or a module's exported data (not what a call returned).
    let configured = match m.value(c.scope, named_side) {
        Value::Env(..) => true,
        Value::Module { path, .. } => !path.iter().any(|p| &**p == "()"),
        _ => false,
    };
    if configured || stand_in(text) || marker {
        return None;
    }
    let first = text.chars().next()?;
    // Sentinels, masks, the values of a form's flag (`body.change_password === 'true'`), and
    // how a tool is to obtain the password (`opts.password === 'prompt'`).
    let sentinel = matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "undefined"
            | "null"
            | "none"
            | ""
            | "true"
            | "false"
            | "on"
            | "off"
            | "yes"
            | "no"
            | "0"
            | "1"
            | "prompt"
            | "ask"
            | "interactive"
            | "stdin"
            | "env"
            | "keychain"
    ) || text.chars().all(|ch| ch == first);
    (!sentinel).then_some((name, literal))
}

/// A value written to be replaced (`'changeme'`, `'<password>'`, `'your-password'`), unlike a
/// weak password (`'password'`, `'123456'`), which is the worst kind to check against.
fn stand_in(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "changeme",
        "change-me",
        "change_me",
        "your",
        "placeholder",
        "replace",
        "xxxx",
        "<",
        "${",
        "{{",
        "todo",
        "redacted",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The side of a comparison that is `literal`.
fn literal_expr<'a>(c: &crate::model::Comparison<'a>, literal: &swc_ecma_ast::Str) -> &'a Expr {
    match unwrap_expr(c.left) {
        Expr::Lit(swc_ecma_ast::Lit::Str(s)) if s.span == literal.span => c.left,
        _ => c.right,
    }
}

/// A side that is harmless by its syntax alone: a literal other than a random-looking string,
/// `undefined`, `typeof x`, `!x`, a length, a comparison.
fn plainly_harmless(expr: &Expr) -> bool {
    match unwrap_expr(expr) {
        Expr::Lit(swc_ecma_ast::Lit::Str(s)) => s.value.as_str().is_some_and(|t| !looks_random(t)),
        Expr::Lit(_) => true,
        Expr::Ident(id) => id.sym == "undefined",
        Expr::Unary(u) => matches!(u.op, UnaryOp::TypeOf | UnaryOp::Bang | UnaryOp::Void),
        Expr::Bin(b) => b.op.precedence() <= 7,
        e => is_length(e),
    }
}

fn harmless_lit(l: &Lit) -> bool {
    match l {
        Lit::Str(s) => !looks_random(s),
        _ => true,
    }
}

/// Two fields of the same object (`const { password, confirmPassword } = ctx.request.body`): the
/// caller knows both, so timing tells them nothing.
fn same_request_fields<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    left: &'a Expr,
    right: &'a Expr,
) -> bool {
    let origin = |e: &'a Expr| -> Option<*const Expr> {
        let b = m.ident_binding(scope, e)?;
        match &m.binding(b).init {
            Init::Expr { expr, path, .. } if !path.is_empty() => Some(*expr as *const Expr),
            _ => None,
        }
    };
    match (origin(left), origin(right)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A field the caller sent in the body, query or route parameters (`ctx.request.body.password`,
/// also through a name or destructuring). Two such fields compared (`password === confirm`)
/// hold nothing the server keeps: the caller already knows both.
fn request_input<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    let (scope, mut e) = match m.ident_binding(scope, e).map(|b| &m.binding(b).init) {
        Some(Init::Expr { scope, expr, .. }) => (*scope, unwrap_expr(expr)),
        _ => m.origin(scope, e),
    };
    let is_input = |p: &str| matches!(p, "body" | "query" | "params");
    for _ in 0..8 {
        let Expr::Member(mem) = e else {
            // `const { body } = ctx.request; body.password`: the chain starts at a destructured
            // input.
            let Some(b) = m.ident_binding(scope, e) else {
                return false;
            };
            return match &m.binding(b).init {
                Init::Expr {
                    scope: s,
                    expr,
                    path,
                    ..
                } => {
                    matches!(path.first(), Some(crate::model::PatStep::Key(k)) if is_input(k))
                        && matches!(
                            m.value(*s, expr),
                            Value::Koa(KoaObj::Context | KoaObj::Request, _)
                        )
                }
                _ => false,
            };
        };
        let input = member_prop_name(&mem.prop).is_some_and(|p| is_input(&p));
        if input
            && matches!(
                m.value(scope, &mem.obj),
                Value::Koa(KoaObj::Context | KoaObj::Request, _)
            )
        {
            return true;
        }
        e = unwrap_expr(&mem.obj);
    }
    false
}

/// Whether function `f` itself calls `timingSafeEqual` (`crypto.timingSafeEqual(a, b)`, or the
/// function imported by name).
fn guards_timing_safe_equal(m: &FileModel<'_>, f: FunctionId) -> bool {
    m.calls.iter().any(|call| {
        m.function_of_scope(call.scope) == Some(f)
            && call.callee.is_some_and(|c| {
                // Node's, not a local helper that happens to carry the name.
                matches!(m.value(call.scope, c), Value::Module { source, path }
                    if matches!(&*source, "crypto" | "node:crypto")
                        && path.last().is_some_and(|p| &**p == "timingSafeEqual"))
            })
    })
}

fn is_global<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr, name: &str) -> bool {
    matches!(unwrap_expr(expr), Expr::Ident(id) if id.sym == name && m.resolve(scope, &id.sym).is_none())
}

/// A compare function written by hand: a loop that returns at the first differing character
/// (`if (a[i] !== b[i]) return false`), or an early return when the lengths differ — in a
/// function that compares secrets (its name, its parameters, or a call that passes one).
fn hand_rolled<'a>(cx: &FileContext<'_, 'a>, c: &crate::model::Comparison<'a>) -> Option<Finding> {
    let m = cx.model;
    if c.switch.is_some() {
        return None;
    }
    let f = m.function_of_scope(c.scope)?;
    if is_length(c.left) && is_length(c.right) && c.exits {
        let secret_len = [c.left, c.right]
            .iter()
            .find_map(|side| match unwrap_expr(side) {
                Expr::Member(mem) if !is_digest(m, c.scope, &mem.obj) => {
                    secret(m, c.scope, &mem.obj)
                }
                _ => None,
            });
        // A fixed-length digest on one side: the lengths say nothing about the secret.
        let digests = [c.left, c.right]
            .iter()
            .any(|side| match unwrap_expr(side) {
                Expr::Member(mem) => is_digest(m, c.scope, &mem.obj),
                _ => false,
            });
        // The guard `crypto.timingSafeEqual` needs (it throws on a length mismatch): the length
        // is all that leaks, and the content is compared in constant time.
        if digests || guards_timing_safe_equal(m, f) {
            return None;
        }
        let what = match secret_len {
            Some(s) => s.what,
            None if compares_secrets(m, f) => "the compared secret".into(),
            None => return None,
        };
        return Some(Finding {
            message: format!(
                "Returns early when the lengths differ: the response time reveals the length of {what}"
            ),
            help: HELP_LENGTH.into(),
            primary: Label::new(byte_range(c.span), "length compared before the content"),
            secondary: Vec::new(),
        });
    }
    let in_loop = c.in_loop && c.exits || in_every_callback(m, f);
    let element =
        |e| is_element(e) || in_every_callback(m, f) && is_callback_element(m, c.scope, f, e);
    let per_element = (element(c.left) && element(c.right))
        || (element_difference(c.left) && is_number(c.right))
        || (element_difference(c.right) && is_number(c.left));
    if !in_loop || !per_element {
        return None;
    }
    let compare_fn = if in_every_callback(m, f) {
        enclosing_function(m, f).unwrap_or(f)
    } else {
        f
    };
    if !compares_secrets(m, compare_fn) {
        return None;
    }
    Some(Finding {
        message: "Hand-written comparison returns at the first differing character: response times reveal how much of a guessed secret is right".into(),
        help: HELP.into(),
        primary: Label::new(byte_range(c.span), "returns at the first difference"),
        secondary: Vec::new(),
    })
}

/// The function around `f`.
fn enclosing_function(m: &FileModel<'_>, f: FunctionId) -> Option<FunctionId> {
    let parent = m.scope(m.function(f).scope).parent?;
    m.function_of_scope(parent)
}

/// `a.every((c, i) => c === b[i])`, `.some(…)`: the callback stops at the first difference.
fn in_every_callback(m: &FileModel<'_>, f: FunctionId) -> bool {
    let Site::CallArg(call, 0) = m.function(f).site else {
        return false;
    };
    match m.call(call).callee.map(unwrap_expr) {
        Some(Expr::Member(mem)) => {
            member_prop_name(&mem.prop).is_some_and(|p| matches!(&*p, "every" | "some"))
        }
        _ => false,
    }
}

/// `a[i]`, `a.charCodeAt(i)`, `a.charAt(i)`, `a.codePointAt(i)`, `a.at(i)`.
fn is_element(expr: &Expr) -> bool {
    match unwrap_expr(expr) {
        Expr::Member(mem) => matches!(mem.prop, MemberProp::Computed(_)),
        Expr::Call(call) => call.callee.as_expr().is_some_and(|c| match unwrap_expr(c) {
            Expr::Member(mem) => member_prop_name(&mem.prop)
                .is_some_and(|p| matches!(&*p, "charCodeAt" | "charAt" | "codePointAt" | "at")),
            _ => false,
        }),
        _ => false,
    }
}

/// The element a `.every((c, i) => …)` callback receives: its first parameter.
fn is_callback_element<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    f: FunctionId,
    expr: &'a Expr,
) -> bool {
    m.ident_binding(scope, expr)
        .is_some_and(|b| m.param_binding(f, 0) == Some(b))
}

/// `a.charCodeAt(i) - b.charCodeAt(i)`, `a[i] ^ b[i]`.
fn element_difference(expr: &Expr) -> bool {
    matches!(unwrap_expr(expr), Expr::Bin(b)
        if matches!(b.op, swc_ecma_ast::BinaryOp::Sub | swc_ecma_ast::BinaryOp::BitXor)
            && is_element(&b.left) && is_element(&b.right))
}

fn is_number(expr: &Expr) -> bool {
    matches!(unwrap_expr(expr), Expr::Lit(swc_ecma_ast::Lit::Num(_)))
}

/// A fixed-length digest: `createHash(…)…digest()`, `createHmac(…)…digest()`, or a binding of one.
fn is_digest<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr) -> bool {
    fn calls_digest<'a>(m: &FileModel<'a>, scope: ScopeId, expr: &'a Expr, depth: u32) -> bool {
        if depth > 6 {
            return false;
        }
        match unwrap_expr(expr) {
            Expr::Call(call) => call.callee.as_expr().is_some_and(|c| match unwrap_expr(c) {
                Expr::Member(mem) => member_prop_name(&mem.prop).is_some_and(|p| p == "digest"),
                _ => false,
            }),
            Expr::Ident(_) => m
                .initializer(scope, expr)
                .is_some_and(|(s, init)| calls_digest(m, s, init, depth + 1)),
            _ => false,
        }
    }
    calls_digest(m, scope, expr, 0)
}

/// Whether function `f` compares secrets: its name says so (`safeCompare`, `verifyApiKey`,
/// `timingSafeEqual`), a parameter is named like a secret, or a call of it passes one.
fn compares_secrets(m: &FileModel<'_>, f: FunctionId) -> bool {
    let binding = function_binding(m, f);
    if let Some(b) = binding {
        let name = &m.binding(b).name;
        let w = words(name);
        let safe = w
            .iter()
            .any(|x| matches!(x.as_str(), "safe" | "secure" | "constant" | "timing"));
        if safe || secret_named(m, name) {
            return true;
        }
        for call in &m.call_uses(b).called_at {
            let site = m.call(*call);
            // Digests passed in are the recommended fix (hash both sides), not a secret.
            if site.args.iter().any(|a| {
                !is_digest(m, site.scope, &a.expr)
                    && secret(m, site.scope, &a.expr)
                        .is_some_and(|s| !s.by_name || m.has_handlers())
            }) {
                return true;
            }
        }
    }
    let params = m.function(f).params;
    (0..params.len()).any(|i| {
        m.param_binding(f, i)
            .is_some_and(|b| secret_named(m, &m.binding(b).name))
    })
}

/// A name that says "secret". Outside a Koa service file, `token` and `signature` alone do not
/// (`areEqualTokenLists`, `compareSignatures` in a parser).
fn secret_named(m: &FileModel<'_>, name: &str) -> bool {
    if m.has_handlers() {
        return m.vocab.is_secret_name(name) || signature_name(name);
    }
    m.vocab.is_secret_name(name)
        && words(name).iter().any(|w| {
            matches!(
                w.as_str(),
                "password" | "passwd" | "passphrase" | "secret" | "apikey" | "credential" | "key"
            )
        })
}

/// The binding that names function `f`: `function f() {}` or `const f = () => …`.
fn function_binding(m: &FileModel<'_>, f: FunctionId) -> Option<BindingId> {
    if let Site::Init(b) = m.function(f).site {
        return Some(b);
    }
    m.declared_function(f)
}

#[cfg(test)]
mod tests {
    use super::{HASH_FUNCTIONS, HASH_NEEDLES};

    /// The text prefilter may only skip files that name none of the hash functions.
    #[test]
    fn every_hash_package_contains_a_needle() {
        for (package, _) in HASH_FUNCTIONS {
            assert!(
                HASH_NEEDLES.iter().any(|n| package.contains(n)),
                "{package} has no needle"
            );
        }
        assert!(HASH_NEEDLES.iter().any(|n| "createHash".contains(n)));
    }
}
