//! What credentials a value carries: all request headers, a credential header, a secret, the
//! whole request, `process.env`. Follows values through bindings, template literals, `+`,
//! `JSON.stringify`, `util.inspect`/`format`, `String()`, `.toString()`, object and array
//! literals, spreads and `Object.assign`, and drops header names that a copy overwrote or
//! deleted (`{ ...ctx.headers, authorization: '[REDACTED]' }`, `delete copy.cookie`).

use rustc_hash::FxHashSet as HashSet;
use std::cell::{Cell, RefCell};

use swc_atoms::Atom;
use swc_common::{Span, Spanned};
use swc_ecma_ast::{BinaryOp, Callee, Expr, ObjectLit, Prop, PropOrSpread};

use super::apis::{issued_credential, secret_source};
use super::calls::Frame;
use super::koa::KoaObj;
use super::value::{SourceKind, Value};
use super::{
    BindingId, FileModel, FunctionId, Init, PatStep, ScopeId, member_prop_name, prop_key,
    unwrap_expr,
};

/// One credential a value carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Carried {
    /// All request headers, still holding these credential headers.
    AllHeaders(Vec<Atom>),
    /// The value of a credential header (lower-case name).
    Header(Atom),
    /// The value of a cookie.
    Cookie(Atom),
    /// `process.env.NAME` where the name reads like a secret.
    SecretEnv(Atom),
    /// A value whose name reads like a secret (`apiKey`, `token`).
    SecretName(Atom),
    /// A secret-named value read from configuration (a module or a global):
    /// `config.oauth.clientSecret`.
    ConfigSecret(Atom),
    /// A query-string parameter whose name reads like a key.
    QueryKey(Atom),
    /// The whole `ctx`, `ctx.request` or `ctx.req`: their inspection prints the headers.
    WholeRequest(KoaObj),
    /// The whole `process.env`.
    ProcessEnv,
    /// A credential the service has just issued (the result of `jwt.sign(…)`), described.
    Issued(&'static str),
    /// A secret from a secret store of the user's catalogue (`vault.read(…)`), with the package.
    Stored(Atom),
}

impl Carried {
    /// A short description for messages; never the value.
    pub fn describe(&self) -> String {
        match self {
            Carried::AllHeaders(left) => {
                let shown: Vec<&str> = left.iter().take(3).map(|h| &**h).collect();
                let more = if left.len() > 3 { ", …" } else { "" };
                format!("all request headers, including {}{more}", shown.join(", "))
            }
            Carried::Header(name) => format!("the '{name}' request header"),
            Carried::Cookie(name) if &**name == "?" => "a request cookie".into(),
            Carried::Cookie(name) => format!("the cookie '{name}'"),
            Carried::SecretEnv(name) => format!("the secret process.env.{name}"),
            Carried::SecretName(name) => format!("the secret `{name}`"),
            Carried::ConfigSecret(name) => format!("the secret `{name}` read from configuration"),
            Carried::QueryKey(name) => format!("the key in query parameter '{name}'"),
            Carried::WholeRequest(obj) => {
                format!(
                    "the whole {} (its inspection includes the request headers)",
                    obj.describe()
                )
            }
            Carried::ProcessEnv => "the whole process.env".into(),
            Carried::Issued(what) => format!("{what}, a credential just issued"),
            Carried::Stored(package) => format!("a secret read from `{package}`"),
        }
    }

    /// The label for where it was read.
    pub fn origin_label(&self) -> String {
        match self {
            Carried::AllHeaders(_) => "request headers read here".into(),
            Carried::Header(name) => format!("'{name}' header read here"),
            Carried::Cookie(name) if &**name == "?" => "cookie read here".into(),
            Carried::Cookie(name) => format!("cookie '{name}' read here"),
            Carried::SecretEnv(name) => format!("process.env.{name} read here"),
            Carried::SecretName(name) => format!("`{name}` holds a secret"),
            Carried::ConfigSecret(name) => format!("`{name}` read from configuration here"),
            Carried::QueryKey(name) => format!("query parameter '{name}' read here"),
            Carried::WholeRequest(obj) => format!("{} is the whole request", obj.describe()),
            Carried::ProcessEnv => "process.env read here".into(),
            Carried::Issued(_) => "credential issued here".into(),
            Carried::Stored(_) => "secret read here".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Taint {
    pub what: Carried,
    /// Where the credential was read.
    pub span: Span,
    /// The call of a function of the file that handed it in as an argument, when it reached
    /// the place in question through a parameter.
    pub via: Option<Via>,
}

impl Taint {
    pub fn new(what: Carried, span: Span) -> Self {
        Taint {
            what,
            span,
            via: None,
        }
    }

    /// The label for the call that handed the credential in, if it came through one.
    pub fn via_label(&self) -> Option<(Span, String)> {
        let via = self.via.as_ref()?;
        Some((
            via.call,
            match &via.function {
                Some(name) => format!("passed to `{name}` here"),
                None => "passed in here".into(),
            },
        ))
    }
}

/// A call through which a credential reached a function's parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Via {
    pub call: Span,
    /// The called function's name, when it has one.
    pub function: Option<Atom>,
}

const MAX_DEPTH: u32 = 32;
const FUEL: u32 = 1_000;

/// Calls whose result carries what their arguments carry.
const PASS_THROUGH_GLOBALS: &[&str] = &[
    "JSON.stringify",
    "String",
    "Object.assign",
    "Object.values",
    "Object.entries",
    "Buffer.from",
    "encodeURIComponent",
    "encodeURI",
    "btoa",
    "Array.of",
];
const PASS_THROUGH_UTIL: &[&str] = &["inspect", "format", "formatWithOptions"];
/// Methods whose result carries what their receiver (and arguments) carry.
const PASS_THROUGH_METHODS: &[&str] = &[
    "toString",
    "valueOf",
    "toJSON",
    "join",
    "concat",
    "slice",
    "split",
    "trim",
    "trimStart",
    "trimEnd",
    "toLowerCase",
    "toUpperCase",
    "replace",
    "replaceAll",
    "substring",
    "substr",
    "padStart",
    "padEnd",
    "map",
    "filter",
    "flat",
];

impl<'a> FileModel<'a> {
    /// The credentials a bare name (`{ headers }` shorthand) carries.
    pub fn carried_ident(&self, scope: ScopeId, id: &'a swc_ecma_ast::Ident) -> Vec<Taint> {
        let c = Carrier::new(self);
        let mut out = Vec::new();
        c.ident(scope, id, 0, &mut out);
        dedup(out)
    }

    /// The credentials `expr` (standing in `scope`) carries, with where each was read.
    pub fn carried(&self, scope: ScopeId, expr: &'a Expr) -> Vec<Taint> {
        let c = Carrier::new(self);
        let mut out = Vec::new();
        c.expr(scope, expr, 0, &mut out);
        dedup(out)
    }
}

impl<'a> FileModel<'a> {
    /// The credential that `expr` itself is, not merely contains: the value of a credential
    /// header or cookie, a secret environment variable, a secret-named value, a key from the
    /// query string — seen through bindings, `trim()`, `replace(…)`, `split(…)[i]`, `Buffer.from`.
    pub fn secret_value(&self, scope: ScopeId, expr: &'a Expr) -> Option<Taint> {
        self.carried(scope, expr).into_iter().find(|t| {
            matches!(
                t.what,
                Carried::Header(_)
                    | Carried::Cookie(_)
                    | Carried::SecretEnv(_)
                    | Carried::SecretName(_)
                    | Carried::ConfigSecret(_)
                    | Carried::QueryKey(_)
                    | Carried::Stored(_)
            )
        })
    }
}

fn dedup(taints: Vec<Taint>) -> Vec<Taint> {
    let mut out: Vec<Taint> = Vec::new();
    for t in taints {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

struct Carrier<'m, 'a> {
    m: &'m FileModel<'a>,
    fuel: Cell<u32>,
    /// Calls of the file's functions being applied (see `calls.rs`).
    frames: RefCell<Vec<Frame<'a>>>,
    /// Parameters whose arguments are being looked at (recursion cut).
    params: RefCell<Vec<BindingId>>,
    /// Set when a bound (depth, fuel, a recursion cut) cut the work short: such a result is not
    /// the whole answer, and is not kept.
    truncated: Cell<bool>,
}

impl<'m, 'a> Carrier<'m, 'a> {
    fn new(m: &'m FileModel<'a>) -> Self {
        Carrier {
            m,
            fuel: Cell::new(FUEL),
            frames: RefCell::new(Vec::new()),
            params: RefCell::new(Vec::new()),
            truncated: Cell::new(false),
        }
    }

    /// What the arguments of parameter `index` of `f` carry, each tagged with the call that
    /// passes it. Inside a frame that applies `f`, that frame's argument only; the arguments are
    /// looked at from their callers (outside the frames that apply `f`).
    fn param(&self, b: BindingId, f: FunctionId, index: usize, d: u32, out: &mut Vec<Taint>) {
        if self.params.borrow().contains(&b) {
            self.truncated.set(true);
            return;
        }
        // Outside any call being applied and any other parameter, what the callers pass is the
        // same for every question: worked out once per file (with fuel of its own).
        if self.frames.borrow().is_empty() && self.params.borrow().is_empty() {
            if let Some(known) = self.m.param_taints.borrow().get(&b) {
                out.extend(known.iter().cloned());
                return;
            }
            let mut found = Vec::new();
            Carrier::new(self.m).arguments(b, f, index, d, &mut found);
            self.m.param_taints.borrow_mut().insert(b, found.clone());
            out.extend(found);
            return;
        }
        self.arguments(b, f, index, d, out);
    }

    fn arguments(&self, b: BindingId, f: FunctionId, index: usize, d: u32, out: &mut Vec<Taint>) {
        let frames = self.frames.borrow().clone();
        let at = frames.iter().rposition(|fr| fr.function == f);
        let args = self.m.param_arguments(f, index, at.map(|i| &frames[i]));
        if args.is_empty() {
            return;
        }
        let name = self.m.function_name(f);
        if let Some(i) = at {
            self.frames.borrow_mut().truncate(i);
        }
        self.params.borrow_mut().push(b);
        for a in args {
            let mut found = Vec::new();
            self.expr(a.scope, a.expr, d, &mut found);
            for mut t in found {
                t.via.get_or_insert_with(|| Via {
                    call: a.call,
                    function: name.clone(),
                });
                out.push(t);
            }
        }
        self.params.borrow_mut().pop();
        *self.frames.borrow_mut() = frames;
    }

    /// What a call of a function of the file carries: what its return statements carry, with
    /// its parameters bound to this call's arguments.
    fn apply(
        &self,
        scope: ScopeId,
        call: &'a swc_ecma_ast::CallExpr,
        f: FunctionId,
        d: u32,
        out: &mut Vec<Taint>,
    ) {
        self.frames.borrow_mut().push(Frame {
            function: f,
            scope,
            args: &call.args,
            span: call.span,
        });
        for (s, e) in self.m.returned(f) {
            self.expr(s, e, d, out);
        }
        self.frames.borrow_mut().pop();
    }

    fn applying(&self, f: FunctionId) -> bool {
        self.frames.borrow().iter().any(|fr| fr.function == f)
    }

    /// A name that reads like a secret. A bare `token` is one only in a Koa service: elsewhere it
    /// is as likely a lexer's token.
    fn secret_named(&self, name: &str) -> bool {
        self.m.vocab.is_secret_name(name)
            && (self.m.has_handlers() || !name.eq_ignore_ascii_case("token"))
    }

    fn spend(&self, depth: u32) -> bool {
        let left = self.fuel.get();
        if left == 0 || depth > MAX_DEPTH {
            self.truncated.set(true);
            return false;
        }
        self.fuel.set(left - 1);
        true
    }

    fn expr(&self, scope: ScopeId, expr: &'a Expr, depth: u32, out: &mut Vec<Taint>) {
        if !self.spend(depth) {
            return;
        }
        let d = depth + 1;
        match unwrap_expr(expr) {
            Expr::Tpl(t) => t.exprs.iter().for_each(|e| self.expr(scope, e, d, out)),
            Expr::Bin(b) => match b.op {
                BinaryOp::Add | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing => {
                    self.expr(scope, &b.left, d, out);
                    self.expr(scope, &b.right, d, out);
                }
                // `a && b` is `a` only when `a` is falsy, and a falsy value carries nothing.
                BinaryOp::LogicalAnd => self.expr(scope, &b.right, d, out),
                // Comparisons, arithmetic: the result is not the credential.
                _ => {}
            },
            Expr::Cond(c) => {
                self.expr(scope, &c.cons, d, out);
                self.expr(scope, &c.alt, d, out);
            }
            Expr::Array(a) => {
                for el in a.elems.iter().flatten() {
                    self.expr(scope, &el.expr, d, out);
                }
            }
            Expr::Object(o) => self.object(scope, o, None, d, out),
            Expr::Seq(s) => {
                if let Some(last) = s.exprs.last() {
                    self.expr(scope, last, d, out);
                }
            }
            Expr::Await(a) => self.expr(scope, &a.arg, d, out),
            Expr::Assign(a) => self.expr(scope, &a.right, d, out),
            Expr::Call(call) => {
                let Callee::Expr(callee) = &call.callee else {
                    return;
                };
                if masks(call) {
                    // `key.replace(/./g, '*')`, `key.slice(-4)`: what is left is not the secret.
                } else if self.passes_through(scope, callee) {
                    if let Expr::Member(m) = unwrap_expr(callee) {
                        if is_method(m, PASS_THROUGH_METHODS) {
                            self.expr(scope, &m.obj, d, out);
                        }
                    }
                    for a in &call.args {
                        self.expr(scope, &a.expr, d, out);
                    }
                } else if let Some(f) = self
                    .m
                    .follows_calls()
                    .then(|| self.m.local_callee(scope, callee))
                    .flatten()
                    .filter(|f| !self.applying(*f))
                {
                    let before = out.len();
                    self.apply(scope, call, f, d, out);
                    if out.len() == before {
                        self.value(scope, expr, None, d, out);
                    }
                } else {
                    // `getPassword()`, `config.getApiKey()`: a getter of a secret, by its name,
                    // when nothing else is known of what it returns.
                    let getter = secret_getter(callee);
                    self.value(scope, expr, getter.as_ref(), d, out);
                }
            }
            Expr::Ident(id) => self.ident(scope, id, d, out),
            Expr::Member(m) => {
                let name = member_prop_name(&m.prop);
                if name.as_deref() == Some("length") {
                    return;
                }
                let before = out.len();
                self.value(scope, expr, name.as_ref(), d, out);
                // `header.split(' ')[1]`: an element of a split credential is the credential.
                let index = matches!(&m.prop, swc_ecma_ast::MemberProp::Computed(c)
                    if matches!(unwrap_expr(&c.expr), Expr::Lit(swc_ecma_ast::Lit::Num(_))));
                if out.len() == before && index {
                    self.expr(scope, &m.obj, d, out);
                }
                // `config.x` with `const config = { x: password }` (or `config.x = password`
                // later): what the property holds.
                let object_literal = out.len() == before
                    && self
                        .m
                        .ident_binding(scope, &m.obj)
                        .and_then(|b| self.m.binding_initializer(b))
                        .is_some_and(|(_, init)| matches!(unwrap_expr(init), Expr::Object(_)));
                if object_literal {
                    if let Some((s, v)) = name
                        .as_ref()
                        .and_then(|n| self.m.option_value(scope, &m.obj, n))
                    {
                        self.expr(s, v, d + 1, out);
                    }
                }
                // `this.externalKey` in a method: what the class's methods write there.
                if out.len() == before && matches!(unwrap_expr(&m.obj), Expr::This(_)) {
                    if let Some(name) = &name {
                        for (s, v) in self.m.instance_field_writes(scope, name) {
                            self.expr(s, v, d, out);
                        }
                    }
                }
            }
            _ => self.value(scope, expr, None, d, out),
        }
    }

    fn passes_through(&self, scope: ScopeId, callee: &'a Expr) -> bool {
        if let Expr::Member(m) = unwrap_expr(callee) {
            if is_method(m, PASS_THROUGH_METHODS) {
                return true;
            }
        }
        match self.m.value_budgeted(scope, callee, &self.fuel) {
            Value::Global(name) => PASS_THROUGH_GLOBALS.contains(&&*name),
            Value::Module { source, path } => {
                matches!(&*source, "util" | "node:util")
                    && path.len() == 1
                    && PASS_THROUGH_UTIL.contains(&&*path[0])
            }
            _ => false,
        }
    }

    fn ident(&self, scope: ScopeId, id: &'a swc_ecma_ast::Ident, d: u32, out: &mut Vec<Taint>) {
        let Some(b) = self.m.resolve(scope, &id.sym) else {
            let v = self.m.ident_value(scope, id);
            return self.value_of(v, Some(&id.sym), id.span, d, out);
        };
        // Outside any call being applied, what a binding carries is the same for every
        // question: worked out once per file, when no bound cut it short (every rule asks about
        // the same few names; following a parameter asks about every caller's). A parameter
        // being followed matters only where it cuts a cycle, and a cut is a bound.
        if !self.frames.borrow().is_empty() {
            return self.binding(b, &id.sym, d, out);
        }
        if let Some(known) = self.m.binding_taints.borrow().get(&b) {
            out.extend(known.iter().cloned());
            return;
        }
        let outer = self.truncated.replace(false);
        let mut found = Vec::new();
        self.binding(b, &id.sym, d, &mut found);
        // The evaluator shares the fuel: an answer it cut short leaves none.
        if !self.truncated.get() && self.fuel.get() > 0 {
            self.m.binding_taints.borrow_mut().insert(b, found.clone());
        }
        self.truncated.set(outer || self.truncated.get());
        out.extend(found);
    }

    /// What binding `b`, read by its name `sym`, carries (see [`Carrier::ident`]).
    fn binding(&self, b: BindingId, sym: &Atom, d: u32, out: &mut Vec<Taint>) {
        let binding = self.m.binding(b);
        // A name written more often than the evaluator follows is judged by its name alone, as
        // `value.rs` does (minified code reuses one `let` for hundreds of values).
        if binding.writes.len() > super::value::MAX_WRITES {
            let v = Value::Unknown;
            return self.value_of(v, Some(sym), binding.span, d, out);
        }
        match &binding.init {
            Init::Expr {
                scope: s,
                expr,
                path,
                ..
            } if path.is_empty() => {
                let mut found = Vec::new();
                match unwrap_expr(expr) {
                    Expr::Object(o) => self.object(*s, o, Some(b), d, &mut found),
                    _ => self.expr(*s, expr, d, &mut found),
                }
                for (ws, w, _) in &binding.writes {
                    self.expr(*ws, w, d, &mut found);
                }
                self.remove_redacted(b, &mut found, d);
                // `const password = await bcrypt.hash(plain, 10)`: a sanitizer's result is not
                // the secret its name says — unless the name says it is a key: a key derived
                // by a hash or a KDF (`signingKey = hmac(secret, date)`) signs as the secret did.
                if found.is_empty()
                    && !binding.opaque_write
                    && self.secret_named(sym)
                    && !(names_a_password(sym) && self.m.is_sanitized(*s, expr))
                    && !literal_on_every_branch(expr)
                {
                    // Nothing known flows in: a secret-like name over an opaque value still is one.
                    let v = self.m.binding_value_budgeted(b, &self.fuel);
                    let what = if read_from_configuration(&v) {
                        Some(Carried::ConfigSecret(sym.clone()))
                    } else if v.is_opaque() {
                        Some(Carried::SecretName(sym.clone()))
                    } else {
                        None
                    };
                    if let Some(what) = what {
                        found.push(Taint::new(what, binding.span));
                    }
                }
                out.extend(found);
            }
            Init::Opaque if !binding.writes.is_empty() => {
                let mut found = Vec::new();
                for (ws, w, _) in &binding.writes {
                    self.expr(*ws, w, d, &mut found);
                }
                self.remove_redacted(b, &mut found, d);
                // `let token; … token = await issue(user)`: judged by its name, as a `const` is.
                if found.is_empty() && !binding.opaque_write && self.secret_named(sym) {
                    let opaque = binding
                        .writes
                        .iter()
                        .all(|(ws, w, _)| self.m.value_budgeted(*ws, w, &self.fuel).is_opaque());
                    if opaque {
                        found.push(Taint::new(Carried::SecretName(sym.clone()), binding.span));
                    }
                }
                out.extend(found);
            }
            // `const [, token] = header.split(' ')`: an element of a split credential is the
            // credential.
            Init::Expr {
                scope: s,
                expr,
                path,
                ..
            } if path.iter().all(|p| matches!(p, PatStep::Index(_)))
                && !matches!(unwrap_expr(expr), Expr::Array(_)) =>
            {
                let before = out.len();
                self.expr(*s, expr, d, out);
                if out.len() == before {
                    let v = self.m.binding_value_budgeted(b, &self.fuel);
                    self.value_of(v, Some(sym), binding.span, d, out);
                }
            }
            // A parameter of a function of the file: what its calls pass.
            Init::Param {
                function,
                index,
                path,
                ..
            } if path.is_empty()
                && self.m.handler(*function).is_none()
                // Outside files that serve requests, only methods: a class that keeps a
                // request's credentials (a session store) hands them between its methods.
                && (self.m.follows_calls() || self.m.function(*function).class.is_some()) =>
            {
                let before = out.len();
                self.param(b, *function, *index, d, out);
                if out.len() == before {
                    let v = self.m.binding_value_budgeted(b, &self.fuel);
                    self.value_of(v, Some(sym), binding.span, d, out);
                }
            }
            _ => {
                let v = self.m.binding_value_budgeted(b, &self.fuel);
                self.value_of(v, Some(sym), binding.span, d, out);
            }
        }
    }

    /// Classifies the value of `expr`.
    fn value(
        &self,
        scope: ScopeId,
        expr: &'a Expr,
        name: Option<&Atom>,
        d: u32,
        out: &mut Vec<Taint>,
    ) {
        let frames = self.frames.borrow().clone();
        let v = self.m.value_in_frames(scope, expr, &self.fuel, &frames);
        let before = out.len();
        self.value_of(v, name, expr.span(), d, out);
        if out.len() > before {
            if let Some(via) = self.param_root_via(scope, expr, &frames) {
                for t in &mut out[before..] {
                    t.via.get_or_insert_with(|| via.clone());
                }
            }
        }
    }

    /// `c.headers` where `c` is a parameter of a function of the file: the call that handed
    /// `c` in (the applying frame's, or the first of the file's calls).
    fn param_root_via(&self, scope: ScopeId, expr: &'a Expr, frames: &[Frame<'a>]) -> Option<Via> {
        let b = self.m.ident_binding(scope, super::chain_root(expr))?;
        let Init::Param { function, .. } = &self.m.binding(b).init else {
            return None;
        };
        if self.m.handler(*function).is_some() {
            return None;
        }
        let call = match frames.iter().rev().find(|fr| fr.function == *function) {
            Some(fr) => fr.span,
            None => self.m.call(*self.m.callers(*function).first()?).span,
        };
        Some(Via {
            call,
            function: self.m.function_name(*function),
        })
    }

    fn value_of(
        &self,
        v: Value<'a>,
        name: Option<&Atom>,
        span: Span,
        d: u32,
        out: &mut Vec<Taint>,
    ) {
        let what = match v {
            Value::Headers(set) => {
                let left = self.m.vocab.remaining(&set);
                if left.is_empty() {
                    return;
                }
                out.push(Taint::new(Carried::AllHeaders(left), set.span));
                return;
            }
            Value::Header { name, span, cookie } => {
                let what = if cookie {
                    Carried::Cookie(name)
                } else if self.m.vocab.is_credential_header(&name) {
                    Carried::Header(name)
                } else {
                    return;
                };
                out.push(Taint::new(what, span));
                return;
            }
            Value::Koa(obj @ (KoaObj::Context | KoaObj::Request | KoaObj::NodeRequest), s) => {
                out.push(Taint::new(Carried::WholeRequest(obj), s));
                return;
            }
            Value::ProcessEnv => Carried::ProcessEnv,
            Value::Module { source, path }
                if secret_source(&self.m.vocab.models, &source, &path) =>
            {
                Carried::Stored(source)
            }
            Value::Module { source, path } if issued_credential(&source, &path).is_some() => {
                match issued_credential(&source, &path) {
                    Some(what) => Carried::Issued(what),
                    None => return,
                }
            }
            Value::Env(env, s) if self.m.vocab.is_secret_env(&env) => {
                out.push(Taint::new(Carried::SecretEnv(env), s));
                return;
            }
            Value::QueryParam(q, s)
                if self.m.vocab.is_secret_name(&q)
                    || self.m.vocab.is_credential_header(&q)
                    || super::secrets::is_query_key_name(&q) =>
            {
                out.push(Taint::new(Carried::QueryKey(q), s));
                return;
            }
            Value::Object {
                scope,
                lit,
                binding,
            } => return self.object(scope, lit, binding, d, out),
            Value::Dynamic(dynamic) => {
                for s in dynamic.sources {
                    if let SourceKind::Env(env) = s.kind {
                        if self.m.vocab.is_secret_env(&env) {
                            out.push(Taint::new(Carried::SecretEnv(env), s.span));
                        }
                    }
                }
                return;
            }
            v if v.is_opaque() => match name {
                Some(n) if self.secret_named(n) => {
                    if read_from_configuration(&v) {
                        Carried::ConfigSecret(n.clone())
                    } else {
                        Carried::SecretName(n.clone())
                    }
                }
                _ => return,
            },
            _ => return,
        };
        out.push(Taint::new(what, span));
    }

    /// An object literal carries what its properties carry; a spread of headers loses the
    /// names that later properties (or writes and deletes on `binding`) replace.
    fn object(
        &self,
        scope: ScopeId,
        lit: &'a ObjectLit,
        binding: Option<BindingId>,
        d: u32,
        out: &mut Vec<Taint>,
    ) {
        let mut later_keys: HashSet<String> = HashSet::default();
        let mut found = Vec::new();
        for prop in lit.props.iter().rev() {
            match prop {
                PropOrSpread::Spread(s) => {
                    let mut spread = Vec::new();
                    self.expr(scope, &s.expr, d, &mut spread);
                    for mut t in spread {
                        if let Carried::AllHeaders(left) = &mut t.what {
                            left.retain(|h| !later_keys.contains(&**h));
                            if left.is_empty() {
                                continue;
                            }
                        }
                        found.push(t);
                    }
                }
                PropOrSpread::Prop(p) => {
                    let key = prop_key(p).map(|k| str::to_ascii_lowercase(&k));
                    if let Some(k) = &key {
                        if !later_keys.insert(k.clone()) {
                            continue;
                        }
                    }
                    match &**p {
                        Prop::KeyValue(kv) => self.expr(scope, &kv.value, d, &mut found),
                        Prop::Shorthand(id) => self.ident(scope, id, d, &mut found),
                        _ => {}
                    }
                }
            }
        }
        if let Some(b) = binding {
            self.remove_redacted(b, &mut found, d);
        }
        out.extend(found);
    }

    /// Applies `copy.authorization = '…'`, `delete copy.cookie` and
    /// `Object.assign(copy, { … })` on a binding to what it carries, and adds what the written
    /// values themselves carry.
    fn remove_redacted(&self, b: BindingId, found: &mut Vec<Taint>, d: u32) {
        let m = self.m;
        let uses = m.mutations(b);
        let mut removed: Vec<String> = Vec::new();
        let mut added = Vec::new();
        for w in uses.member_writes.iter().map(|&i| &m.member_writes[i]) {
            removed.push(str::to_ascii_lowercase(&w.prop));
            self.expr(w.scope, w.value, d, &mut added);
        }
        for del in uses.member_deletes.iter().map(|&i| &m.member_deletes[i]) {
            removed.push(str::to_ascii_lowercase(&del.prop));
        }
        for call in uses.object_assigns.iter().map(|&c| m.call(c)) {
            for a in &call.args[1..] {
                if let Expr::Object(o) = unwrap_expr(&a.expr) {
                    for p in o.props.iter().filter_map(|p| p.as_prop()) {
                        if let Some(k) = prop_key(p) {
                            removed.push(str::to_ascii_lowercase(&k));
                        }
                    }
                }
            }
        }
        if !removed.is_empty() {
            found.retain_mut(|t| match &mut t.what {
                Carried::AllHeaders(left) => {
                    left.retain(|h| !removed.iter().any(|r| *r == **h));
                    !left.is_empty()
                }
                _ => true,
            });
        }
        found.extend(added);
    }
}

/// `password ? null : '(hidden)'`: whatever the test, the value is one of the literals written.
fn literal_on_every_branch(expr: &Expr) -> bool {
    match unwrap_expr(expr) {
        Expr::Cond(c) => literal_on_every_branch(&c.cons) && literal_on_every_branch(&c.alt),
        Expr::Lit(_) => true,
        Expr::Tpl(t) => t.exprs.is_empty(),
        Expr::Ident(i) => &*i.sym == "undefined",
        _ => false,
    }
}

/// What a getter named for a secret returns, by its name: `getPassword` gives `password`,
/// `fetchApiKey` gives `apiKey`.
fn secret_getter(callee: &Expr) -> Option<Atom> {
    let name = match unwrap_expr(callee) {
        Expr::Ident(i) => i.sym.clone(),
        Expr::Member(m) => member_prop_name(&m.prop)?,
        _ => return None,
    };
    let rest = ["get", "fetch", "read", "load"]
        .iter()
        .find_map(|verb| name.strip_prefix(verb))?;
    let first = rest.chars().next()?;
    if !(first.is_ascii_uppercase() || first == '_') {
        return None;
    }
    let rest = rest.trim_start_matches('_');
    let mut chars = rest.chars();
    let lowered: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    // The thing got must be the secret (`getApiKey`), not something about it
    // (`getSecretArn`, `getPasswordRules`, `getTokenInfo`).
    let last_is_secret = super::words(&lowered).last().is_some_and(|w| {
        matches!(
            w.as_str(),
            "password"
                | "passwd"
                | "passphrase"
                | "passcode"
                | "secret"
                | "token"
                | "key"
                | "apikey"
                | "credential"
                | "credentials"
        )
    });
    (last_is_secret && super::is_secret_name(&lowered)).then(|| Atom::from(lowered))
}

/// `password`, `adminPasswd`, `passphrase`, `pin`: a name whose last word is a password. A
/// sanitizer over one (`bcrypt.hash(plain)`) makes a verifier, not the password; over a token
/// or a key (`resetToken = sha1(random)`, `signingKey = hmac(…)`) it makes the credential itself.
fn names_a_password(name: &str) -> bool {
    let words = super::words(name);
    // `password_1`, `adminPassword2`: the digits are a word of their own.
    let last = words
        .iter()
        .rev()
        .find(|w| !w.bytes().all(|b| b.is_ascii_digit()));
    last.is_some_and(|w| {
        matches!(
            w.as_str(),
            "password" | "passwd" | "passphrase" | "passcode" | "pin" | "pwd"
        )
    })
}

/// A call that masks its receiver: `.replace(/./g, '*')` (a pattern of one character of any
/// kind, global), or `.slice(-4)` / `.substr(-4)` (the last few characters only).
fn masks(call: &swc_ecma_ast::CallExpr) -> bool {
    let Some(Expr::Member(m)) = call.callee.as_expr().map(|c| unwrap_expr(c)) else {
        return false;
    };
    let Some(method) = member_prop_name(&m.prop) else {
        return false;
    };
    let arg = |i: usize| call.args.get(i).map(|a| unwrap_expr(&a.expr));
    match &*method {
        "replace" | "replaceAll" => match arg(0) {
            // `new RegExp('.', 'g')`.
            Some(Expr::New(n)) if matches!(unwrap_expr(&n.callee), Expr::Ident(i) if &*i.sym == "RegExp") =>
            {
                let text = |i: usize| {
                    n.args.as_ref().and_then(|a| a.get(i)).and_then(|a| {
                        match unwrap_expr(&a.expr) {
                            Expr::Lit(swc_ecma_ast::Lit::Str(s)) => {
                                s.value.as_str().map(str::to_string)
                            }
                            _ => None,
                        }
                    })
                };
                text(0).as_deref() == Some(".") && text(1).is_some_and(|f| f.contains('g'))
            }
            Some(Expr::Lit(swc_ecma_ast::Lit::Regex(r))) => {
                r.flags.contains('g')
                    && matches!(
                        &*r.exp,
                        "." | "[^]"
                            | "[\\s\\S]"
                            | "[\\S\\s]"
                            | "\\w"
                            | "\\S"
                            | "[a-zA-Z0-9]"
                            | "[^\\s]"
                    )
            }
            _ => false,
        },
        "slice" | "substr" => match (arg(0), call.args.len()) {
            (Some(Expr::Unary(u)), 1) if u.op == swc_ecma_ast::UnaryOp::Minus => {
                matches!(unwrap_expr(&u.arg), Expr::Lit(swc_ecma_ast::Lit::Num(n)) if n.value <= 4.0)
            }
            _ => false,
        },
        _ => false,
    }
}

fn is_method(m: &swc_ecma_ast::MemberExpr, methods: &[&str]) -> bool {
    member_prop_name(&m.prop).is_some_and(|p| methods.contains(&&*p))
}

/// A property read from a module or a global (`config.oauth.clientSecret`), not the result of a
/// call (`await issueToken(…)`).
fn read_from_configuration(v: &Value<'_>) -> bool {
    match v {
        // A module's exported data (`config.jwt.secret`), not what a call returned
        // (`users.byName(name).passwordHash` is a record).
        Value::Module { path, .. } => !path.is_empty() && !path.iter().any(|p| &**p == "()"),
        Value::Global(_) => true,
        _ => false,
    }
}
