//! hardcoded-secret: a credential written into the source.
//!
//! A string literal is a credential when it is what a secret-named binding, property, member
//! write or credential header holds (directly, as a fallback after `||` / `??`, in an array, or
//! through a constant it names), when it is Koa's cookie-signing `keys`, or when it carries a
//! well-known key format (AWS, Stripe, GitHub, Slack, Google, PEM) wherever it stands.
//! Placeholders and short or low-entropy words are not credentials. The diagnostic shows at most
//! the literal's first four characters and its length; the engine masks every literal found
//! here in the source it keeps for snippets, whichever rules run.

use swc_common::{Span, Spanned};
use swc_ecma_ast::{BinaryOp, Expr, Lit as AstLit, Prop, PropOrSpread};

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{
    FileModel, Init, ScopeId, Value, byte_range, is_placeholder, key_format, looks_random,
    prop_key, unwrap_expr,
};

use super::{FileContext, Rule, RuleMeta, capitalise};

pub struct HardcodedSecret;

static META: RuleMeta = RuleMeta {
    id: "hardcoded-secret",
    default_severity: Severity::Error,
    summary: "API keys, tokens, passwords and private keys written into the source",
    doc: include_str!("../../rules/hardcoded-secret.md"),
};

const HELP: &str = "read the secret from the environment or a secret manager at start-up, fail to start when it is missing, and rotate the leaked value — it is in the repository's history";

/// One credential literal.
#[derive(Clone, Debug)]
pub struct SecretLiteral {
    /// The literal, quotes included.
    pub span: Span,
    /// The secret's text length in characters.
    pub len: usize,
    /// Its first characters (at most four).
    pub shown: String,
    /// What holds it: `` `API_KEY` ``, "the 'x-api-key' header", "Koa's cookie-signing keys".
    pub holder: Option<(String, Span)>,
    /// A well-known key format it carries.
    pub format: Option<&'static str>,
    /// Written as the fallback of an environment variable.
    pub fallback: bool,
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>) {
        for s in secret_literals(cx.model, cx.source) {
            let kind = s.format.unwrap_or("credential");
            let shown = format!("(`{}…`, {} characters)", s.shown, s.len);
            let message = match (&s.holder, s.fallback) {
                (Some((holder, _)), true) => {
                    format!(
                        "{} falls back to a hard-coded {kind} {shown}",
                        capitalise(holder)
                    )
                }
                (Some((holder, _)), false) => {
                    format!("{} holds a hard-coded {kind} {shown}", capitalise(holder))
                }
                (None, _) => format!("Hard-coded {kind} {shown}"),
            };
            let mut secondary = Vec::new();
            if let Some((holder, span)) = &s.holder {
                let overlaps = span.lo < s.span.hi && s.span.lo < span.hi;
                if !span.is_dummy() && !overlaps {
                    secondary.push(Label::new(byte_range(*span), format!("{holder} set here")));
                }
            }
            out.push(Finding {
                message: format!("{message}: anyone with the source or its history has it"),
                help: HELP.into(),
                primary: Label::new(byte_range(s.span), "credential literal"),
                secondary,
            });
        }
    }
}

/// Every credential literal of a file, in source order, each once.
pub fn secret_literals(m: &FileModel<'_>, source: &str) -> Vec<SecretLiteral> {
    let mut found = Finder {
        m,
        source,
        out: Vec::new(),
    };
    found.bindings();
    found.named_values();
    found.objects();
    found.member_writes();
    found.call_fallbacks();
    for (span, format) in &m.key_literals {
        found.push_format(*span, format);
    }
    let mut out = found.out;
    out.sort_by_key(|s| (s.span.lo, std::cmp::Reverse(s.holder.is_some())));
    out.dedup_by_key(|s| s.span.lo);
    out
}

/// A literal found in a value, with whether it is a fallback.
struct Candidate {
    span: Span,
    text: String,
    fallback: bool,
}

struct Finder<'m, 'a> {
    m: &'m FileModel<'a>,
    source: &'m str,
    out: Vec<SecretLiteral>,
}

impl<'a> Finder<'_, 'a> {
    fn bindings(&mut self) {
        let m = self.m;
        for (_, b) in m.bindings() {
            // Most bindings cannot hold a literal (functions, imports, calls, parameters without
            // a default): decided before the name is read.
            let shaped = match &b.init {
                Init::Expr { expr, default, .. } => default.is_some() || may_be_literal(expr),
                Init::Param { default, .. } => default.is_some(),
                _ => false,
            };
            if !shaped && !b.writes.iter().any(|(_, w, _)| may_be_literal(w)) {
                continue;
            }
            if !m.vocab.is_secret_name(&b.name) {
                // `const billing = process.env.BILLING_KEY || '…'`: the environment names it.
                if let Init::Expr {
                    scope, expr, path, ..
                } = &b.init
                {
                    if path.is_empty() {
                        self.env_fallback(*scope, expr);
                    }
                }
                continue;
            }
            let holder = (format!("`{}`", b.name), b.span);
            match &b.init {
                Init::Expr {
                    scope,
                    expr,
                    path,
                    default,
                } => {
                    if path.is_empty() {
                        self.value(*scope, expr, &holder, false);
                    }
                    if let Some(d) = default {
                        self.value(*scope, d, &holder, true);
                    }
                }
                Init::Param {
                    function,
                    default: Some(d),
                    ..
                } => {
                    let scope = m.function(*function).scope;
                    self.value(scope, d, &holder, true);
                }
                _ => {}
            }
            for (scope, w, _) in &b.writes {
                self.value(*scope, w, &holder, false);
            }
        }
    }

    /// Class fields, parameter properties and JSX attributes: `apiKey = '…'`,
    /// `constructor(private token = '…')`, `<Map apiKey="…" />`.
    fn named_values(&mut self) {
        let m = self.m;
        for v in &m.named_values {
            if m.vocab.is_secret_name(&v.name) {
                let holder = (format!("`{}`", v.name), v.name_span);
                self.value(v.scope, v.value, &holder, false);
            }
        }
        for (name, name_span, lit) in &m.jsx_strings {
            if m.vocab.is_secret_name(name) {
                let holder = (format!("`{name}`"), *name_span);
                if let Some(text) = literal_text(self.source, *lit) {
                    let text = text.to_string();
                    self.consider(*lit, &text, &holder, false);
                }
            }
        }
    }

    fn objects(&mut self) {
        let m = self.m;
        for id in m.object_ids() {
            let site = m.object(id);
            // Worked out once per object, and only for one that holds a possible literal.
            let mut headers = None;
            for p in site.lit.props.iter() {
                let PropOrSpread::Prop(p) = p else { continue };
                let Prop::KeyValue(kv) = &**p else { continue };
                if !may_be_literal(&kv.value) {
                    continue;
                }
                let Some(key) = prop_key(p) else { continue };
                let headers = *headers.get_or_insert_with(|| is_headers_object(m, id));
                if let Some(holder) = holder_of_key(m, &key, headers) {
                    let holder = (holder, kv.key.span());
                    if !headers {
                        self.value(site.scope, &kv.value, &holder, false);
                    } else if key.eq_ignore_ascii_case("cookie") {
                        self.cookies(site.scope, &kv.value, &holder);
                    } else {
                        self.authorization(site.scope, &kv.value, &holder);
                    }
                } else if &*key == "keys" && self.koa_options(id) {
                    let holder = ("Koa's cookie-signing `keys`".to_string(), kv.key.span());
                    self.value(site.scope, &kv.value, &holder, false);
                }
            }
        }
    }

    /// An object passed to `new Koa({ … })`.
    fn koa_options(&self, id: crate::model::ObjectId) -> bool {
        let m = self.m;
        m.receiving_calls(id).iter().any(|(call, _)| {
            let site = m.call(*call);
            site.is_new && site.callee.is_some_and(|c| is_koa(&m.value(site.scope, c)))
        })
    }

    fn member_writes(&mut self) {
        let m = self.m;
        for w in &m.member_writes {
            if let Some(holder) = holder_of_key(m, &w.prop, false) {
                let holder = (holder, w.object.span());
                self.value(w.scope, w.value, &holder, false);
            } else if &*w.prop == "keys" && is_koa_app(&m.value(w.scope, w.object)) {
                let holder = (
                    "Koa's cookie-signing `app.keys`".to_string(),
                    w.object.span(),
                );
                self.value(w.scope, w.value, &holder, false);
            }
        }
    }

    /// `stripe(process.env.STRIPE_KEY || '…')`: a fallback for a secret environment variable
    /// passed straight to a call.
    fn call_fallbacks(&mut self) {
        let m = self.m;
        for call in &m.calls {
            for a in call.args.iter() {
                self.env_fallback(call.scope, &a.expr);
            }
        }
    }

    /// `process.env.SECRET || '…'` / `?? '…'`.
    fn env_fallback(&mut self, scope: ScopeId, expr: &'a Expr) {
        let m = self.m;
        let Expr::Bin(b) = unwrap_expr(expr) else {
            return;
        };
        if !matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) {
            return;
        }
        if let Value::Env(name, span) = m.value(scope, &b.left) {
            if m.vocab.is_secret_env(&name) {
                let holder = (format!("`process.env.{name}`"), span);
                self.value(scope, &b.right, &holder, true);
            }
        }
    }

    /// `cookie: 'sid=…; sid.sig=…'`: each cookie's value is a credential.
    fn cookies(&mut self, scope: ScopeId, value: &'a Expr, holder: &(String, Span)) {
        let mut found = Vec::new();
        candidates(self.m, scope, value, false, 0, &mut found);
        for c in found {
            let hit = c
                .text
                .split(';')
                .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.trim()))
                .find(|v| key_format(v).is_some() || (!is_placeholder(v) && looks_random(v)))
                .map(str::to_string);
            if let Some(v) = hit {
                self.consider(c.span, &v, holder, c.fallback);
            }
        }
    }

    /// `Authorization: 'Bearer …'` / `'Basic …'`: the part after the scheme is the credential.
    fn authorization(&mut self, scope: ScopeId, value: &'a Expr, holder: &(String, Span)) {
        let mut found = Vec::new();
        candidates(self.m, scope, value, false, 0, &mut found);
        for c in found {
            let secret = c
                .text
                .split_once(' ')
                .map_or(c.text.as_str(), |(_, rest)| rest.trim());
            self.consider(c.span, secret, holder, c.fallback);
        }
    }

    fn value(&mut self, scope: ScopeId, value: &'a Expr, holder: &(String, Span), fallback: bool) {
        let mut found = Vec::new();
        candidates(self.m, scope, value, fallback, 0, &mut found);
        for c in found {
            self.consider(c.span, &c.text, holder, c.fallback);
        }
    }

    fn consider(&mut self, span: Span, text: &str, holder: &(String, Span), fallback: bool) {
        let format = key_format(text);
        if format.is_none() && (is_placeholder(text) || !looks_random(text)) {
            return;
        }
        self.out.push(SecretLiteral {
            span,
            len: text.chars().count(),
            shown: text.chars().take(4).collect(),
            holder: Some(holder.clone()),
            format,
            fallback,
        });
    }

    fn push_format(&mut self, span: Span, format: &'static str) {
        let text = literal_text(self.source, span).unwrap_or("");
        self.out.push(SecretLiteral {
            span,
            len: text.chars().count(),
            shown: text.chars().take(4).collect(),
            holder: None,
            format: Some(format),
            fallback: false,
        });
    }
}

/// The text between the quotes of the literal at `span`.
fn literal_text(source: &str, span: Span) -> Option<&str> {
    let raw = source.get(byte_range(span))?;
    let mut chars = raw.chars();
    chars.next();
    chars.next_back();
    Some(chars.as_str())
}

/// Whether an expression can stand for a string literal (see [`candidates`]).
fn may_be_literal(e: &Expr) -> bool {
    match unwrap_expr(e) {
        Expr::Lit(AstLit::Str(_))
        | Expr::Tpl(_)
        | Expr::Bin(_)
        | Expr::Cond(_)
        | Expr::Array(_)
        | Expr::Ident(_) => true,
        // `Buffer.from('…')`
        Expr::Call(c) => c.callee.as_expr().is_some_and(|callee| {
            matches!(unwrap_expr(callee), Expr::Member(m)
                if crate::model::member_prop_name(&m.prop).is_some_and(|p| p == "from"))
        }),
        _ => false,
    }
}

/// Literals a value can be: the literal itself, both sides of a conditional, the fallback of
/// `a || '…'` / `a ?? '…'`, array elements, `Buffer.from('…')`, and through a constant.
fn candidates<'a>(
    m: &FileModel<'a>,
    scope: ScopeId,
    expr: &'a Expr,
    fallback: bool,
    depth: u32,
    out: &mut Vec<Candidate>,
) {
    if depth > 4 {
        return;
    }
    match unwrap_expr(expr) {
        Expr::Lit(AstLit::Str(s)) => {
            if let Some(text) = s.value.as_str() {
                out.push(Candidate {
                    span: s.span,
                    text: text.to_string(),
                    fallback,
                });
            }
        }
        Expr::Tpl(t) if t.exprs.is_empty() => {
            if let Some(text) = t.quasis.first().and_then(|q| q.cooked.as_ref()) {
                out.push(Candidate {
                    span: t.span,
                    text: text.as_str().unwrap_or("").to_string(),
                    fallback,
                });
            }
        }
        // `process.env.API_KEY || 'prod-key-…'`: the right side is what runs when the
        // environment is missing the key.
        Expr::Bin(b)
            if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing)
                && !matches!(unwrap_expr(&b.left), Expr::Lit(_)) =>
        {
            candidates(m, scope, &b.right, true, depth + 1, out);
        }
        Expr::Cond(c) => {
            candidates(m, scope, &c.cons, fallback, depth + 1, out);
            candidates(m, scope, &c.alt, fallback, depth + 1, out);
        }
        Expr::Array(a) => {
            for el in a.elems.iter().flatten().filter(|e| e.spread.is_none()) {
                candidates(m, scope, &el.expr, fallback, depth + 1, out);
            }
        }
        Expr::Call(call) => {
            let from = call.callee.as_expr().is_some_and(
                |c| matches!(m.value(scope, c), Value::Global(g) if &*g == "Buffer.from"),
            );
            if let (true, Some(a)) = (from, call.args.first()) {
                candidates(m, scope, &a.expr, fallback, depth + 1, out);
            }
        }
        Expr::Ident(_) => {
            if let Some((s, init)) = m.initializer(scope, expr) {
                candidates(m, s, init, fallback, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// What a secret-named key or credential header holds, for messages. Header names count as
/// headers only in a headers object (koa-jwt's `cookie: 'name'` option names a cookie).
fn holder_of_key(m: &FileModel<'_>, key: &str, headers: bool) -> Option<String> {
    if headers && m.vocab.is_credential_header(key) {
        Some(format!("the '{}' header", key.to_ascii_lowercase()))
    } else if m.vocab.is_secret_name(key) {
        Some(format!("`{key}`"))
    } else {
        None
    }
}

/// An object literal of request headers: the value of a `headers` property, or bound to a name
/// about headers (`const authHeaders = { … }`), or passed to `new Headers(…)`.
fn is_headers_object(m: &FileModel<'_>, id: crate::model::ObjectId) -> bool {
    use crate::model::Site;
    let about_headers = |name: &str| {
        crate::model::words(name)
            .iter()
            .any(|w| w == "headers" || w == "header")
    };
    // Up to three levels: `headers: { common: { Authorization: '…' } }` (axios defaults).
    let mut id = id;
    for _ in 0..3 {
        let site = m.object(id);
        match site.site {
            Site::PropValue(outer) => {
                let key = m.object(outer).lit.props.iter().find_map(|p| match p {
                    PropOrSpread::Prop(p) => match &**p {
                        Prop::KeyValue(kv) if kv.value.span() == site.lit.span => prop_key(p),
                        _ => None,
                    },
                    _ => None,
                });
                if key.is_some_and(|k| about_headers(&k)) {
                    return true;
                }
                id = outer;
            }
            Site::Init(b) => return about_headers(&m.binding(b).name),
            Site::CallArg(call, _) => {
                let c = m.call(call);
                return c.is_new
                    && c.callee.is_some_and(
                        |e| matches!(unwrap_expr(e), Expr::Ident(i) if i.sym == "Headers"),
                    );
            }
            _ => return false,
        }
    }
    false
}

/// `Koa` itself (`require('koa')`, `import Koa from 'koa'`).
fn is_koa(v: &Value<'_>) -> bool {
    matches!(v, Value::Module { source, path } if &**source == "koa" && path.iter().all(|p| &**p == "default"))
}

/// A Koa application (`new Koa()`).
fn is_koa_app(v: &Value<'_>) -> bool {
    matches!(v, Value::Module { source, path } if &**source == "koa" && path.last().is_some_and(|p| &**p == "()"))
}
