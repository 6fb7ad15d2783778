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
    FileModel, Form, Init, ScopeId, Value, byte_range, is_placeholder, is_sample_jwt, key_format,
    looks_random, names_its_holder, prop_key, unwrap_expr,
};

use super::{Ask, FileContext, Question, Rule, RuleMeta, capitalise};

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
        let (literals, imported) = find(cx.model, cx.source);
        ask_imported(cx, imported);
        // One finding per line that holds secrets: `app.keys = ['…', '…', '…']` is one mistake.
        // (Every literal is still masked in snippets: the engine masks all of them.)
        let mut lines = rustc_hash::FxHashSet::default();
        for s in literals {
            let line_start = cx.source[..byte_range(s.span).start.min(cx.source.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            if !lines.insert(line_start) {
                continue;
            }
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

/// Credential sinks that receive a value imported from the project's own modules
/// (`jwt.sign(p, config.jwtSecret)`): whether it is a literal is settled across files.
fn ask_imported<'a>(cx: &FileContext<'_, 'a>, imported: Vec<(ScopeId, &'a Expr, String)>) {
    let m = cx.model;
    for (scope, value, what) in imported {
        if let Value::Module { source, path } = m.value(scope, value) {
            if !crate::model::project_specifier(&source) {
                continue;
            }
            let range = byte_range(value.span());
            cx.ask(Question {
                specifier: source,
                path,
                ask: Ask::Credential { holder: what },
                finding: Finding {
                    message: String::new(),
                    help: HELP.into(),
                    primary: Label::new(range.clone(), "credential literal"),
                    secondary: Vec::new(),
                },
                use_range: range,
                group: None,
            });
        }
    }
}

/// The finding for a literal credential that another file of the project exports and this
/// one puts where only a key can go.
pub(super) fn imported_literal(
    holder: &str,
    text: &str,
    fallback: bool,
    other: &str,
    line: u32,
    q: &Question,
) -> Option<Finding> {
    if !key_at_sink(text) {
        return None;
    }
    let shown = format!("(`{}…`, {} characters)", shown(text), text.chars().count());
    let how = if fallback { "falls back to" } else { "holds" };
    Some(Finding {
        message: format!(
            "{} {how} a hard-coded credential {shown}, written in {other}:{line}: anyone with the source or its history has it",
            capitalise(holder)
        ),
        help: HELP.into(),
        primary: Label::new(q.use_range.clone(), format!("hard-coded in {other}:{line}")),
        secondary: Vec::new(),
    })
}

/// Every credential literal of a file, in source order, each once.
pub fn secret_literals(m: &FileModel<'_>, source: &str) -> Vec<SecretLiteral> {
    find(m, source).0
}

/// The credential literals of a file, and the values imported from the project's own modules
/// that stand where only a key can go (with what that place is).
fn find<'a>(
    m: &FileModel<'a>,
    source: &str,
) -> (Vec<SecretLiteral>, Vec<(ScopeId, &'a Expr, String)>) {
    let mut found = Finder {
        m,
        source,
        out: Vec::new(),
        imported: Vec::new(),
    };
    found.bindings();
    found.named_values();
    found.objects();
    found.member_writes();
    found.call_fallbacks();
    found.sinks();
    found.header_setters();
    found.signing_keys();
    for (span, format) in &m.key_literals {
        found.push_format(*span, format);
    }
    let mut out = found.out;
    out.sort_by_key(|s| (s.span.lo, std::cmp::Reverse(s.holder.is_some())));
    out.dedup_by_key(|s| s.span.lo);
    (out, found.imported)
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
    /// Values imported from the project's own modules where only a key can go.
    imported: Vec<(ScopeId, &'a Expr, String)>,
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
                if let Some(holder) = signing_slot(m, id, &key) {
                    let holder = (holder, kv.key.span());
                    self.strict(site.scope, &kv.value, &holder);
                    continue;
                }
                let headers = *headers.get_or_insert_with(|| is_headers_object(m, id));
                if is_password_key(&key) && is_login(site.lit, &key) {
                    // `auth: { user, pass }` (nodemailer, basic auth), `{ username, password }`
                    // (a database, a basic-auth middleware): the password of an account.
                    let holder = (format!("the password `{key}` of a login"), kv.key.span());
                    self.login_password(site.scope, &kv.value, &holder);
                } else if let Some(holder) = holder_of_key(m, &key, headers) {
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
                    self.strict(site.scope, &kv.value, &holder);
                } else if &*key == "keys"
                    && matches!(site.site, crate::model::Site::Export)
                    && matches!(
                        unwrap_expr(&kv.value),
                        Expr::Lit(AstLit::Str(_)) | Expr::Bin(_)
                    )
                {
                    // An exported configuration's `keys` (Egg, ThinkJS): the cookie-signing keys.
                    let holder = ("the cookie-signing `keys`".to_string(), kv.key.span());
                    self.strict(site.scope, &kv.value, &holder);
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
            if signing_name(&w.prop) && !is_process_env(m, w.scope, w.object) {
                let holder = (format!("`{}`", w.prop), w.object.span());
                self.strict(w.scope, w.value, &holder);
                continue;
            }
            if &*w.prop == "keys" && is_config_object(w.object) {
                // `config.keys = appInfo.name + '_…'` (Egg): the cookie-signing keys.
                let holder = ("the cookie-signing `keys`".to_string(), w.object.span());
                self.strict(w.scope, w.value, &holder);
                continue;
            }
            if let Some(holder) = holder_of_key(m, &w.prop, false) {
                let holder = (holder, w.object.span());
                self.value(w.scope, w.value, &holder, false);
            } else if &*w.prop == "keys" && is_koa_app(&m.value(w.scope, w.object)) {
                let holder = (
                    "Koa's cookie-signing `app.keys`".to_string(),
                    w.object.span(),
                );
                self.strict(w.scope, w.value, &holder);
            }
        }
    }

    /// What reaches a credential sink of the API catalogue (`jwt.sign(payload, '…')`,
    /// `koaJwt({ secret: '…' })`, `createHmac('sha256', '…')`): there the literal *is* the key,
    /// so a short or guessable one is reported too (`'secret'`, `'changeme'`).
    fn sinks(&mut self) {
        let m = self.m;
        for sink in m.credential_sinks() {
            let holder = (sink.what.to_string(), sink.value.span());
            let mut found = Vec::new();
            candidates(m, sink.scope, sink.value, false, 0, &mut found);
            for c in found {
                match sink.form {
                    Form::Key => self.consider_at_sink(c.span, &c.text, &holder, c.fallback),
                    // Only the password in a URI's userinfo is the secret: a URI without one
                    // names a server.
                    Form::Uri => {
                        if uri_password(&c.text).is_some_and(key_at_sink) {
                            self.push_held(c.span, &c.text, &holder, c.fallback);
                        }
                    }
                    // `user:password`: the password.
                    Form::Login => {
                        let password = c.text.split_once(':').map(|(_, p)| p);
                        if password.is_some_and(|p| !p.is_empty() && key_at_sink(p)) {
                            self.push_held(c.span, &c.text, &holder, c.fallback);
                        }
                    }
                    // `Bearer …`, `Basic …`, `token …`: the credential after the scheme.
                    Form::Header => {
                        if let Some(credential) = header_credential(&c.text) {
                            self.consider_at_sink(c.span, credential, &holder, c.fallback);
                        }
                    }
                }
            }
            if sink.form == Form::Key {
                self.note_imported(sink.scope, sink.value, &holder.0);
            }
        }
    }

    /// `.set('Authorization', 'Bearer …')`, `headers.append('x-api-key', '…')`: a credential
    /// header set by name to a literal.
    fn header_setters(&mut self) {
        let m = self.m;
        for call in &m.calls {
            let Some(Expr::Member(member)) = call.callee.map(unwrap_expr) else {
                continue;
            };
            let [name, value, ..] = call.args else {
                continue;
            };
            let is_setter = crate::model::member_prop_name(&member.prop)
                .is_some_and(|p| crate::model::HEADER_SETTERS.contains(&&*p));
            if !is_setter {
                continue;
            }
            let Expr::Lit(AstLit::Str(header)) = unwrap_expr(&name.expr) else {
                continue;
            };
            let Some(header) = header.value.as_str() else {
                continue;
            };
            if !m.vocab.is_credential_header(header) || header.eq_ignore_ascii_case("cookie") {
                continue;
            }
            let holder = (
                format!("the '{}' header", header.to_ascii_lowercase()),
                value.expr.span(),
            );
            let mut found = Vec::new();
            candidates(m, call.scope, &value.expr, false, 0, &mut found);
            for c in found {
                if let Some(credential) = header_credential(&c.text) {
                    self.consider(c.span, credential, &holder, c.fallback);
                }
            }
        }
    }

    /// The literal key of a request signature the file checks (a plain hash over the key and
    /// the request's fields, compared with the signature the request carries).
    fn signing_keys(&mut self) {
        for span in super::timing_unsafe_compare::signing_key_literals(self.m, self.source) {
            let Some(text) = literal_text(self.source, span) else {
                continue;
            };
            let holder = ("the key of a request signature".to_string(), span);
            let text = text.to_string();
            self.push_held(span, &text, &holder, false);
        }
    }

    /// `config.jwt.secret`, `[config.cookieKey]`: a value (or an array's elements) read from
    /// a module of the project, to be settled across files.
    fn note_imported(&mut self, scope: ScopeId, value: &'a Expr, holder: &str) {
        for e in crate::model::elements_or_self(value) {
            // `this.app.config.jwt.secret` in an Egg controller or service: the app's config.
            let this_rooted = matches!(crate::model::chain_root(e), Expr::This(_));
            if this_rooted || self.m.imported_root(scope, e) {
                self.imported.push((scope, e, holder.to_string()));
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
        let holder_name = holder.0.trim_matches('`');
        if format.is_none()
            && (is_placeholder(text)
                || !looks_random(text)
                || names_its_holder(holder_name, text)
                || is_sample_jwt(text))
        {
            return;
        }
        self.push_held(span, text, holder, fallback);
    }

    /// Records a credential literal held by `holder`.
    fn push_held(&mut self, span: Span, text: &str, holder: &(String, Span), fallback: bool) {
        self.out.push(SecretLiteral {
            span,
            len: text.chars().count(),
            shown: shown(text),
            holder: Some(holder.clone()),
            format: key_format(text),
            fallback,
        });
    }

    /// Every literal `value` can be where only a key can go, including the literal parts of a
    /// concatenation (`appInfo.name + '_1519…'`: the name is public, the rest is the key).
    fn strict(&mut self, scope: ScopeId, value: &'a Expr, holder: &(String, Span)) {
        let mut found = Vec::new();
        candidates(self.m, scope, value, false, 0, &mut found);
        concatenated_literals(value, &mut found);
        for c in found {
            self.consider_at_sink(c.span, &c.text, holder, c.fallback);
        }
        self.note_imported(scope, value, &holder.0);
    }

    /// The password of a login pair: a short or common password is still the account's
    /// password (`'123456'`, `'admin'`), but a form label, a type or a validation rule is not.
    fn login_password(&mut self, scope: ScopeId, value: &'a Expr, holder: &(String, Span)) {
        let mut found = Vec::new();
        candidates(self.m, scope, value, false, 0, &mut found);
        for c in found {
            let t = c.text.trim();
            let label = t.chars().next().is_some_and(char::is_uppercase)
                && t.chars().skip(1).all(|ch| ch.is_lowercase() || ch == ' ');
            let schema = matches!(
                t.to_ascii_lowercase().as_str(),
                "string" | "number" | "text" | "password" | "required" | "optional" | "any"
            ) || t.contains(['|', ':', ' ']);
            // Stand-ins that announce themselves; a weak password (`'123456'`) is not one.
            let lower = t.to_ascii_lowercase();
            let stand_in = ["your", "xxxx", "****", "example", "placeholder", "replace"]
                .iter()
                .any(|w| lower.contains(w));
            // `'login.password'`, `'user_pwd'`, `'#password'`: a key, a column or a selector.
            let identifier = t
                .chars()
                .all(|c| c.is_ascii_lowercase() || matches!(c, '.' | '_' | '-'));
            let names_a_password = crate::model::words(t)
                .iter()
                .any(|w| matches!(w.as_str(), "password" | "passwd" | "pwd" | "pass"));
            let reference = (identifier && names_a_password)
                || t.starts_with(['#', '$', '.', '['])
                || (t.contains('.')
                    && t.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'));
            if t.chars().count() < 4 || !t.is_ascii() || label || schema || stand_in || reference {
                continue;
            }
            self.consider_at_sink(c.span, &c.text, holder, c.fallback);
        }
    }

    /// A literal where only a key can go: anything but an empty string or a template's
    /// stand-in (`${JWT_SECRET}`, `{{secret}}`, `<your key>`).
    fn consider_at_sink(
        &mut self,
        span: Span,
        text: &str,
        holder: &(String, Span),
        fallback: bool,
    ) {
        if !key_at_sink(text) {
            return;
        }
        self.push_held(span, text, holder, fallback);
    }

    fn push_format(&mut self, span: Span, format: &'static str) {
        let text = literal_text(self.source, span).unwrap_or("");
        self.out.push(SecretLiteral {
            span,
            len: text.chars().count(),
            shown: shown(text),
            holder: None,
            format: Some(format),
            fallback: false,
        });
    }
}

/// The password of a URI's userinfo (`postgres://app:pw@db/x` gives `pw`), when there is one.
pub(crate) fn uri_password(text: &str) -> Option<&str> {
    let (_, rest) = text.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    (!password.is_empty()).then_some(password)
}

/// The credential of an `Authorization` header's value: what follows its scheme (`Bearer`,
/// `Basic`, `token`) — any value, as at every sink, but not a scheme alone.
fn header_credential(text: &str) -> Option<&str> {
    let t = text.trim();
    let credential = match t.split_once(' ') {
        Some((scheme, rest)) if scheme.bytes().all(|b| b.is_ascii_alphabetic()) => rest.trim(),
        Some(_) => return None,
        None => t,
    };
    let scheme_only = ["bearer", "basic", "token", "digest", "bot"]
        .iter()
        .any(|s| credential.eq_ignore_ascii_case(s));
    (!scheme_only && !credential.contains(' ') && key_at_sink(credential)).then_some(credential)
}

/// Whether a literal where only a key can go is one: anything but an empty string or a
/// template's stand-in (`${JWT_SECRET}`, `{{secret}}`, `<your key>`), an environment variable's
/// name, a public key or a sentence.
fn key_at_sink(text: &str) -> bool {
    let t = text.trim();
    let env_name = crate::model::is_env_name(t);
    // A vendor's documented example (`AKIAIOSFODNN7EXAMPLE`) or a Stripe test-mode key (it
    // moves no money) is not the service's credential.
    let example = t.contains("EXAMPLE") || t.starts_with("sk_test_") || t.starts_with("rk_test_");
    let public = t.contains("-----BEGIN PUBLIC KEY-----")
        || t.contains("-----BEGIN CERTIFICATE-----")
        || t.contains("-----BEGIN RSA PUBLIC KEY-----");
    // A sentence is a message about the secret (`INVALID_SESSION_SECRET: 'Invalid session
    // secret.'`), not the secret.
    let prose = t.contains(' ') && t.ends_with(['.', '!', '?']);
    !(t.is_empty()
        || env_name
        || prose
        || example
        || public
        || ["${", "{{", "<", "%s"].iter().any(|p| t.contains(p)))
}

/// The first characters of a secret, enough to find it again and too few to use: at most four,
/// and at most a quarter of it (a short password shows one or two).
fn shown(text: &str) -> String {
    let n = (text.chars().count() / 4).min(4);
    text.chars().take(n).collect()
}

/// The literal parts of a `+` chain or template that joins them with names:
/// `appInfo.name + '_1519887194138_3450'`, `` `${pkg.name}-k3y` ``.
fn concatenated_literals(e: &Expr, out: &mut Vec<Candidate>) {
    match unwrap_expr(e) {
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            for side in [&b.left, &b.right] {
                match unwrap_expr(side) {
                    Expr::Lit(AstLit::Str(s)) => {
                        // Separators alone (`'_'`, `'-v2'`) are not key material.
                        let text = s
                            .value
                            .as_str()
                            .filter(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 4);
                        if let Some(text) = text {
                            out.push(Candidate {
                                span: s.span,
                                text: text.to_string(),
                                fallback: false,
                            });
                        }
                    }
                    other => concatenated_literals(other, out),
                }
            }
        }
        Expr::Tpl(t) if !t.exprs.is_empty() => {
            let text: String = t
                .quasis
                .iter()
                .filter_map(|q| q.cooked.as_ref().and_then(|c| c.as_str()))
                .collect();
            // Separators alone (`${a}-${b}`) are not key material.
            if text.chars().filter(|c| c.is_alphanumeric()).count() >= 4 {
                out.push(Candidate {
                    span: t.span,
                    text,
                    fallback: false,
                });
            }
        }
        _ => {}
    }
}

/// A name for what signs tokens, sessions or cookies: a subsystem word and a secret word
/// (`sessionSecret`, `session_secret`, `jwtSecret`, `cookieSecret`, `signingKey`, `hmacKey`).
/// Not `sessionKey` or `cookieKey`: session libraries name their cookie with `key`.
fn signing_name(name: &str) -> bool {
    // The last word is `secret`, `secrets`, `key` or `keys`: decided on the text first, since
    // most names of a file are not (splitting every name into words is the cost of this rule).
    let tail = name
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .as_bytes();
    let ends = |word: &str| {
        tail.len() > word.len()
            && tail[tail.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    if !(ends("secret") || ends("secrets") || ends("key") || ends("keys")) {
        return false;
    }
    let w = crate::model::words(name);
    let has = |set: &[&str]| w.iter().any(|x| set.contains(&x.as_str()));
    // The secret word last: `jwtKeyPath`, `signingKeyAlgorithm`, `jwtSecretFile` are about it.
    let last = w.last().map(String::as_str);
    w.len() >= 2
        && ((matches!(last, Some("secret" | "secrets" | "keys"))
            && has(&["jwt", "session", "cookie", "signing", "hmac", "csrf"]))
            || (last == Some("key") && has(&["jwt", "signing", "hmac"])))
}

/// A key of an object literal that holds what signs tokens, sessions or cookies: a signing name
/// (`session_secret: '…'`), or `secret` / `keys` in an object about JWTs, sessions or
/// cookies (`jwt: { secret: '…' }`, `config.jwt = { secret: '…' }`).
fn signing_slot(m: &FileModel<'_>, id: crate::model::ObjectId, key: &str) -> Option<String> {
    if signing_name(key) {
        return Some(format!("`{key}`"));
    }
    // Not `key`: `session: { key: 'koa.sess' }` names the cookie.
    if !matches!(key, "secret" | "keys") {
        return None;
    }
    let parent = object_name(m, id)?;
    let about = crate::model::words(&parent)
        .iter()
        .any(|w| matches!(w.as_str(), "jwt" | "session" | "cookie" | "csrf"));
    about.then(|| format!("`{parent}.{key}`"))
}

/// The name an object literal is known by: the key it is the value of, the binding it
/// initialises, or the member it is written to.
fn object_name(m: &FileModel<'_>, id: crate::model::ObjectId) -> Option<String> {
    use crate::model::Site;
    let site = m.object(id);
    match site.site {
        Site::PropValue(outer) => m.object(outer).lit.props.iter().find_map(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) if kv.value.span() == site.lit.span => {
                    prop_key(p).map(|k| k.to_string())
                }
                _ => None,
            },
            _ => None,
        }),
        Site::Init(b) => Some(m.binding(b).name.to_string()),
        _ => m
            .member_writes
            .iter()
            .find(|w| unwrap_expr(w.value).span() == site.lit.span)
            .map(|w| w.prop.to_string()),
    }
}

fn is_password_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "password" | "pass" | "passwd" | "pwd"
    )
}

/// An object that names an account and its password: `{ user, pass }`, `{ username, password }`,
/// basic-auth's `{ name, pass }` — not a record with a display `name` and a `password`.
fn is_login(lit: &swc_ecma_ast::ObjectLit, password_key: &str) -> bool {
    lit.props.iter().any(|p| match p {
        PropOrSpread::Prop(p) => {
            prop_key(p).is_some_and(|k| match k.to_ascii_lowercase().as_str() {
                "user" | "username" | "user_name" | "login" | "account" => true,
                "name" => password_key.eq_ignore_ascii_case("pass"),
                _ => false,
            })
        }
        _ => false,
    })
}

/// `process.env`: writing a variable sets configuration for this process (tests do).
fn is_process_env<'a>(m: &FileModel<'a>, scope: ScopeId, e: &'a Expr) -> bool {
    match unwrap_expr(e) {
        Expr::Member(mem) => {
            crate::model::member_prop_name(&mem.prop).is_some_and(|p| p == "env")
                && matches!(unwrap_expr(&mem.obj), Expr::Ident(id)
                    if id.sym == "process" && m.resolve(scope, &id.sym).is_none())
        }
        _ => false,
    }
}

/// `config` / `exports` of a framework's configuration file (`config.keys = …`).
fn is_config_object(e: &Expr) -> bool {
    matches!(unwrap_expr(e), Expr::Ident(id) if matches!(&*id.sym, "config" | "exports"))
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
        // `Buffer.from('…')`, `JWK.asKey('…')`: key material made into a key.
        Expr::Call(call) => {
            if let Some(material) = m.key_material(scope, call) {
                candidates(m, scope, material, fallback, depth + 1, out);
            }
        }
        Expr::Ident(_) => {
            if let Some((s, init)) = m.initializer(scope, expr) {
                candidates(m, s, init, fallback, depth + 1, out);
            }
        }
        // `jwt.sign(p, this.secret)` with `this.secret = '…'` written once in the class.
        Expr::Member(_) => {
            if let Some((s, value)) = m.this_field_origin(scope, expr) {
                candidates(m, s, value, fallback, depth + 1, out);
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

#[cfg(test)]
mod tests {
    use super::signing_name;

    #[test]
    fn signing_names_end_in_a_secret_word_after_a_subsystem_word() {
        for name in [
            "jwtSecret",
            "JWT_SECRET",
            "session_secrets",
            "signingKey",
            "hmac-key",
            "jwt_secret_",
            "cookieKeys",
        ] {
            assert!(signing_name(name), "{name}");
        }
        for name in [
            "sessionKey",
            "jwtSecretFile",
            "secret",
            "cookieKey",
            "jwtSecret2",
            "Xsecret",
            "apiSecret",
            "",
            "__",
        ] {
            assert!(!signing_name(name), "{name}");
        }
    }
}
