//! What an expression *is*: the model's abstract values and the evaluator that finds them by
//! following bindings, destructuring, spreads, member writes and `Object.assign` within scope.
//!
//! Anything the evaluator cannot prove is `Unknown`. A value computed at run time from the
//! environment or a mode flag is `Dynamic`, carrying where that dependency comes from, so that
//! rules can say "can be switched off at run time" and point at the switch.

use std::cell::{Cell, RefCell};

use swc_atoms::Atom;
use swc_common::{Span, Spanned};
use swc_ecma_ast::{self as ast, BinaryOp, Expr, ObjectLit, Prop, PropOrSpread, UnaryOp};

use super::calls::Frame;
use super::koa::{HeaderSet, KoaObj};
use super::{
    BindingId, FileModel, FunctionId, Init, PatStep, ScopeId, member_prop_name, prop_key, str_atom,
    unwrap_expr,
};

/// A primitive the model knows exactly.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Bool(bool),
    Num(f64),
    Str(Atom),
    Null,
    Undefined,
}

impl Lit {
    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Lit::Bool(b) => *b,
            Lit::Num(n) => *n != 0.0 && !n.is_nan(),
            Lit::Str(s) => !s.is_empty(),
            Lit::Null | Lit::Undefined => false,
        }
    }

    fn strict_eq(&self, other: &Lit) -> bool {
        match (self, other) {
            (Lit::Num(a), Lit::Num(b)) => a == b,
            _ => self == other,
        }
    }

    fn loose_eq(&self, other: &Lit) -> Option<bool> {
        match (self, other) {
            (Lit::Null | Lit::Undefined, Lit::Null | Lit::Undefined) => Some(true),
            (Lit::Null | Lit::Undefined, _) | (_, Lit::Null | Lit::Undefined) => Some(false),
            (Lit::Num(a), Lit::Str(s)) | (Lit::Str(s), Lit::Num(a)) => {
                s.trim().parse::<f64>().ok().map(|b| *a == b)
            }
            (Lit::Bool(a), Lit::Num(n)) | (Lit::Num(n), Lit::Bool(a)) => {
                Some(f64::from(u8::from(*a)) == *n)
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {
                Some(a.strict_eq(b))
            }
            _ => None,
        }
    }

    fn to_js_string(&self) -> String {
        match self {
            Lit::Bool(b) => b.to_string(),
            Lit::Num(n) => n.to_string(),
            Lit::Str(s) => s.to_string(),
            Lit::Null => "null".into(),
            Lit::Undefined => "undefined".into(),
        }
    }
}

/// Why a value is only known at run time.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceKind {
    /// Read from `process.env.NAME`.
    Env(Atom),
    /// A mode switch such as `isDev`, `config.insecure`.
    Flag(Atom),
    /// A command-line argument (`process.argv`).
    Argv,
    /// A default taken when nothing was configured (`x ?? false`, `{ x = false } = opts`).
    Fallback,
    /// A later assignment to the binding.
    Reassigned,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    pub span: Span,
}

/// A value computed at run time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dynamic {
    pub sources: Vec<Source>,
    /// Literal outcomes the value can take, with where each is written.
    pub outcomes: Vec<(Lit, Span)>,
    /// The value can also be something other than `outcomes` (a comparison's result, a raw
    /// environment string).
    pub open: bool,
}

impl Dynamic {
    /// Whether the value can be falsy at run time.
    pub fn may_be_falsy(&self) -> bool {
        self.open || self.outcomes.iter().any(|(l, _)| !l.truthy())
    }
}

#[derive(Clone, Debug)]
pub enum Value<'a> {
    Lit(Lit, Span),
    /// `process.env.NAME`, read where `span` is.
    Env(Atom, Span),
    /// `process.env` itself.
    ProcessEnv,
    /// `process.argv`.
    Argv,
    Dynamic(Dynamic),
    /// An object literal, with the binding it was assigned to (for later member writes).
    Object {
        scope: ScopeId,
        lit: &'a ObjectLit,
        binding: Option<BindingId>,
    },
    Function(FunctionId),
    /// An array literal.
    Array {
        scope: ScopeId,
        lit: &'a ast::ArrayLit,
    },
    /// Something exported by a module: `require('https').Agent` is `https` + `[Agent]`; a call
    /// adds `()`.
    Module {
        source: Atom,
        path: Vec<Atom>,
    },
    /// A global that no binding shadows, by dotted path (`console.log`, `JSON.stringify`).
    Global(Atom),
    /// A Koa context or one of its parts.
    Koa(KoaObj, Span),
    /// All request headers (or a copy of them).
    Headers(HeaderSet),
    /// One request header's value (lower-case name), or a cookie's (`cookie: true`).
    Header {
        name: Atom,
        span: Span,
        cookie: bool,
    },
    /// One query-string parameter (`ctx.query.api_key`).
    QueryParam(Atom, Span),
    Unknown,
}

impl Value<'_> {
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// A value decided outside this file: unknown, or read from a module or a global
    /// (`config.tls.verify` with `config = require('./config')`).
    pub fn is_opaque(&self) -> bool {
        matches!(
            self,
            Value::Unknown | Value::Module { .. } | Value::Global(_)
        )
    }

    /// The run-time dependencies of this value.
    pub fn sources(&self) -> Vec<Source> {
        match self {
            Value::Env(name, span) => vec![Source {
                kind: SourceKind::Env(name.clone()),
                span: *span,
            }],
            Value::Argv => Vec::new(),
            Value::Dynamic(d) => d.sources.clone(),
            _ => Vec::new(),
        }
    }

    fn outcomes(&self) -> Vec<(Lit, Span)> {
        match self {
            Value::Lit(l, s) => vec![(l.clone(), *s)],
            Value::Dynamic(d) => d.outcomes.clone(),
            _ => Vec::new(),
        }
    }

    fn open(&self) -> bool {
        match self {
            Value::Lit(..) => false,
            Value::Dynamic(d) => d.open,
            _ => true,
        }
    }
}

/// Recursion bound for one question: deep or cyclic bindings end as `Unknown`, never as a
/// stack overflow or a hang.
const MAX_DEPTH: u32 = 48;
/// Bindings written more often than this are not followed.
pub(crate) const MAX_WRITES: usize = 8;
/// Work bound for one question (branches multiply).
const FUEL: u32 = 600;

impl<'a> FileModel<'a> {
    /// What `expr`, standing in `scope`, evaluates to.
    pub fn value(&self, scope: ScopeId, expr: &'a Expr) -> Value<'a> {
        Evaluator::new(self).eval(scope, expr, 0)
    }

    /// What `expr` evaluates to when it is used as a setting (an option's value): a name that
    /// reads like a mode switch and is opaque (`isProduction`, `config.insecure`) is a flag.
    pub fn setting(&self, scope: ScopeId, expr: &'a Expr) -> Value<'a> {
        Evaluator::new(self).operand(scope, expr, 0)
    }

    /// Like [`FileModel::value`], spending from a caller's work budget (so that a query made
    /// of many value questions stays bounded as a whole).
    pub(crate) fn value_budgeted(
        &self,
        scope: ScopeId,
        expr: &'a Expr,
        fuel: &Cell<u32>,
    ) -> Value<'a> {
        let e = Evaluator::new(self);
        e.fuel.set(fuel.get().min(FUEL));
        let v = e.operand(scope, expr, 0);
        fuel.set(
            fuel.get()
                .saturating_sub(FUEL.min(fuel.get()) - e.fuel.get()),
        );
        v
    }

    /// [`FileModel::value_budgeted`] inside calls being applied (see `calls.rs`).
    pub(crate) fn value_in_frames(
        &self,
        scope: ScopeId,
        expr: &'a Expr,
        fuel: &Cell<u32>,
        frames: &[Frame<'a>],
    ) -> Value<'a> {
        let e = Evaluator::new(self);
        e.frames.borrow_mut().extend_from_slice(frames);
        e.fuel.set(fuel.get().min(FUEL));
        let v = e.operand(scope, expr, 0);
        fuel.set(
            fuel.get()
                .saturating_sub(FUEL.min(fuel.get()) - e.fuel.get()),
        );
        v
    }

    /// A binding's value, spending from a caller's work budget.
    pub(crate) fn binding_value_budgeted(&self, binding: BindingId, fuel: &Cell<u32>) -> Value<'a> {
        let e = Evaluator::new(self);
        e.fuel.set(fuel.get().min(FUEL));
        let v = e.binding(binding, 0);
        fuel.set(
            fuel.get()
                .saturating_sub(FUEL.min(fuel.get()) - e.fuel.get()),
        );
        v
    }

    /// What a bare identifier (`{ verify }` shorthand) evaluates to.
    pub fn ident_value(&self, scope: ScopeId, id: &ast::Ident) -> Value<'a> {
        let v = Evaluator::new(self).ident(scope, id, 0);
        flag_or(v, &id.sym, id.span)
    }

    /// The value of a binding (its initialiser joined with later writes).
    pub fn binding_value(&self, binding: BindingId) -> Value<'a> {
        Evaluator::new(self).binding(binding, 0)
    }

    /// The value of property `key` of an object value (`None`: the object has no such key).
    pub fn property(&self, object: &Value<'a>, key: &str, span: Span) -> Option<Value<'a>> {
        Evaluator::new(self).member_of(object, &Atom::from(key), span, 0)
    }
}

struct Evaluator<'m, 'a> {
    model: &'m FileModel<'a>,
    fuel: Cell<u32>,
    /// Set when a bound cut the work short: such a result is not the whole answer.
    truncated: Cell<bool>,
    /// Calls of the file's functions being applied (see `calls.rs`).
    frames: RefCell<Vec<Frame<'a>>>,
}

impl<'m, 'a> Evaluator<'m, 'a> {
    fn new(model: &'m FileModel<'a>) -> Self {
        Evaluator {
            model,
            fuel: Cell::new(FUEL),
            truncated: Cell::new(false),
            frames: RefCell::new(Vec::new()),
        }
    }

    /// Whether a binding's value depends on a call being applied: it is declared inside a
    /// function that a frame applies (its parameters, or names computed from them).
    fn framed(&self, id: BindingId) -> bool {
        let frames = self.frames.borrow();
        !frames.is_empty() && {
            let scope = self.model.binding(id).scope;
            frames
                .iter()
                .any(|fr| self.model.scope_within(scope, fr.function))
        }
    }

    /// What parameter `index` of `f` holds: the argument of the frame that applies `f`, or the
    /// one value every call of the file agrees on (see `calls.rs`).
    fn param(&self, f: FunctionId, index: usize, d: u32) -> Option<Value<'a>> {
        let frames = self.frames.borrow().clone();
        let at = frames.iter().rposition(|fr| fr.function == f);
        let args = self.model.param_arguments(f, index, at.map(|i| &frames[i]));
        if args.is_empty() {
            return None;
        }
        if let Some(i) = at {
            self.frames.borrow_mut().truncate(i);
        }
        let values: Vec<Value<'a>> = args.iter().map(|a| self.eval(a.scope, a.expr, d)).collect();
        *self.frames.borrow_mut() = frames;
        agreed(values)
    }

    /// A call of a function of the file: what its return statements agree on, with its
    /// parameters bound to this call's arguments.
    fn apply(&self, scope: ScopeId, call: &'a ast::CallExpr, f: FunctionId, d: u32) -> Value<'a> {
        if self.frames.borrow().iter().any(|fr| fr.function == f) {
            return Value::Unknown;
        }
        let returned = self.model.returned(f);
        if returned.is_empty() {
            return Value::Unknown;
        }
        self.frames.borrow_mut().push(Frame {
            function: f,
            scope,
            args: &call.args,
            span: call.span,
        });
        let values: Vec<Value<'a>> = returned.iter().map(|(s, e)| self.eval(*s, e, d)).collect();
        self.frames.borrow_mut().pop();
        agreed(values).unwrap_or(Value::Unknown)
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

    /// A binding's value, from the file's cache when an earlier question computed it in full.
    /// Only complete (untruncated) answers are cached, so answers do not depend on the order of
    /// questions.
    fn binding(&self, id: BindingId, depth: u32) -> Value<'a> {
        // Inside a frame, what a binding of the applied function holds is that call's own.
        if self.framed(id) {
            return self.binding_uncached(id, depth);
        }
        if let Some(v) = self.model.binding_cache.borrow().get(&id) {
            return v.clone();
        }
        let outer = self.truncated.replace(false);
        let v = self.binding_uncached(id, depth);
        if !self.truncated.get() {
            self.model.binding_cache.borrow_mut().insert(id, v.clone());
        }
        self.truncated.set(outer || self.truncated.get());
        v
    }

    fn eval(&self, scope: ScopeId, expr: &'a Expr, depth: u32) -> Value<'a> {
        if !self.spend(depth) {
            return Value::Unknown;
        }
        let d = depth + 1;
        let expr = unwrap_expr(expr);
        match expr {
            Expr::Lit(lit) => literal(lit),
            Expr::Ident(id) => self.ident(scope, id, d),
            Expr::Unary(u) => match u.op {
                UnaryOp::Bang => negate(self.operand(scope, &u.arg, d), u.span),
                UnaryOp::Void => Value::Lit(Lit::Undefined, u.span),
                UnaryOp::Minus => match self.operand(scope, &u.arg, d) {
                    Value::Lit(Lit::Num(n), _) => Value::Lit(Lit::Num(-n), u.span),
                    v => dynamic_of(&[&v]),
                },
                _ => dynamic_of(&[&self.operand(scope, &u.arg, d)]),
            },
            Expr::Bin(b) => self.binary(scope, b, d),
            Expr::Cond(c) => {
                let test = self.operand(scope, &c.test, d);
                if let Value::Lit(l, _) = &test {
                    let branch = if l.truthy() { &c.cons } else { &c.alt };
                    return self.operand(scope, branch, d);
                }
                let cons = self.operand(scope, &c.cons, d);
                let alt = self.operand(scope, &c.alt, d);
                let mut sources = test.sources();
                sources.extend(cons.sources());
                sources.extend(alt.sources());
                if sources.is_empty() {
                    return match (&cons, &alt) {
                        (Value::Lit(a, s), Value::Lit(b, _)) if a.strict_eq(b) => {
                            Value::Lit(a.clone(), *s)
                        }
                        _ => Value::Unknown,
                    };
                }
                let mut outcomes = cons.outcomes();
                outcomes.extend(alt.outcomes());
                Value::Dynamic(Dynamic {
                    sources,
                    outcomes,
                    open: cons.open() || alt.open(),
                })
            }
            Expr::Member(m) => {
                let object = self.eval(scope, &m.obj, d);
                match member_prop_name(&m.prop) {
                    Some(key) => self
                        .member_of(&object, &key, m.span, d)
                        .unwrap_or(Value::Lit(Lit::Undefined, m.span)),
                    None => Value::Unknown,
                }
            }
            Expr::Call(call) => self.call(scope, call, d),
            Expr::New(n) => match self.eval(scope, &n.callee, d) {
                Value::Module { source, mut path } => {
                    path.push(Atom::from("()"));
                    Value::Module { source, path }
                }
                _ => Value::Unknown,
            },
            Expr::Object(lit) => Value::Object {
                scope,
                lit,
                binding: None,
            },
            Expr::Array(lit) => Value::Array { scope, lit },
            Expr::Fn(f) => self
                .model
                .function_at(f.function.span)
                .map_or(Value::Unknown, Value::Function),
            Expr::Arrow(a) => self
                .model
                .function_at(a.span)
                .map_or(Value::Unknown, Value::Function),
            Expr::Tpl(t) => {
                let mut text = String::new();
                let mut parts = Vec::new();
                for (i, q) in t.quasis.iter().enumerate() {
                    match &q.cooked {
                        Some(c) => text.push_str(&str_atom(c)),
                        None => return Value::Unknown,
                    }
                    if let Some(e) = t.exprs.get(i) {
                        let v = self.eval(scope, e, d);
                        match &v {
                            Value::Lit(l, _) => text.push_str(&l.to_js_string()),
                            _ => parts.push(v),
                        }
                    }
                }
                if parts.is_empty() {
                    Value::Lit(Lit::Str(Atom::from(text)), t.span)
                } else {
                    dynamic_of(&parts.iter().collect::<Vec<_>>())
                }
            }
            Expr::Seq(s) => match s.exprs.last() {
                Some(last) => self.eval(scope, last, d),
                None => Value::Unknown,
            },
            Expr::Assign(a) if a.op == ast::AssignOp::Assign => self.eval(scope, &a.right, d),
            Expr::Await(a) => self.eval(scope, &a.arg, d),
            Expr::This(t) => self.this(scope, t.span),
            _ => Value::Unknown,
        }
    }

    /// The value of an expression used as an operand or stored in a binding: a name or member
    /// that evaluates to something opaque and reads like a mode switch (`isDev`,
    /// `config.insecure`) is a flag.
    fn operand(&self, scope: ScopeId, expr: &'a Expr, depth: u32) -> Value<'a> {
        let v = self.eval(scope, expr, depth);
        if !v.is_opaque() {
            return v;
        }
        match unwrap_expr(expr) {
            Expr::Ident(id) => flag_or(v, &id.sym, id.span),
            Expr::Member(m) => match member_prop_name(&m.prop) {
                Some(key) => flag_or(v, &key, m.span),
                None => v,
            },
            _ => v,
        }
    }

    /// `this` in Koa 1 generator middleware is the context.
    fn this(&self, scope: ScopeId, span: Span) -> Value<'a> {
        let m = self.model;
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = m.scope(id);
            if let Some(f) = s.function {
                let facts = m.function(f);
                if !facts.is_arrow {
                    if facts.is_generator && m.handler(f).is_some() {
                        return Value::Koa(KoaObj::Context, span);
                    }
                    if let Some((s, base)) = facts.super_class {
                        if let Some(kind) = self.controller_base(s, base) {
                            return Value::Koa(kind, span);
                        }
                        if self.model.think_controller_of_project_base(f, s, base) {
                            return Value::Koa(KoaObj::ThinkController, span);
                        }
                    }
                    return Value::Unknown;
                }
            }
            current = s.parent;
        }
        Value::Unknown
    }

    /// A parameter of a routing-controllers action, by its decorator: `@HeaderParam('x')` is
    /// that request header, `@HeaderParams()` all of them, `@CookieParam('sid')` a cookie,
    /// `@QueryParam('token')` a query parameter, `@Ctx()` the context, `@Req()` the request.
    fn decorated_param(&self, f: FunctionId, index: usize, span: Span) -> Option<Value<'a>> {
        let facts = self.model.function(f);
        let super::Params::Function(params) = facts.params else {
            return None;
        };
        let param = params.get(index)?;
        param.decorators.iter().find_map(|d| {
            let Expr::Call(call) = unwrap_expr(&d.expr) else {
                return None;
            };
            let ast::Callee::Expr(callee) = &call.callee else {
                return None;
            };
            let Value::Module { source, path } = self.eval(facts.scope, callee, 0) else {
                return None;
            };
            if &*source != "routing-controllers" || path.len() != 1 {
                return None;
            }
            let name = || match call.args.first().map(|a| unwrap_expr(&a.expr)) {
                Some(Expr::Lit(ast::Lit::Str(s))) => Some(str_atom(&s.value)),
                _ => None,
            };
            Some(match &*path[0] {
                "HeaderParam" => Value::Header {
                    name: name()?.to_ascii_lowercase(),
                    span,
                    cookie: false,
                },
                "HeaderParams" => Value::Headers(HeaderSet {
                    span,
                    removed: Vec::new(),
                }),
                "CookieParam" => Value::Header {
                    name: name()?,
                    span,
                    cookie: true,
                },
                "QueryParam" => Value::QueryParam(name()?, span),
                "Ctx" => Value::Koa(KoaObj::Context, span),
                "Req" => Value::Koa(KoaObj::Request, span),
                _ => return None,
            })
        })
    }

    /// The base classes whose instances carry the request's context as `this.ctx`: Egg's
    /// `Controller`, `Service` and `Subscription` (`require('egg').Controller`,
    /// `import { Controller } from 'egg'`, `app.Controller`), ThinkJS's `think.Controller`,
    /// `think.Logic` and `think.Service`.
    fn controller_base(&self, scope: ScopeId, base: &'a Expr) -> Option<KoaObj> {
        const BASES: &[&str] = &[
            "Controller",
            "Service",
            "Subscription",
            "Logic",
            "BaseContextClass",
        ];
        let egg = match self.eval(scope, base, 0) {
            Value::Module { source, path } => {
                matches!(&*source, "egg" | "midway")
                    && path.last().is_some_and(|p| BASES.contains(&&**p))
            }
            // ThinkJS: controllers and logic have the request helpers; a service has no request.
            Value::Global(g) => {
                return match g.strip_prefix("think.") {
                    Some("Controller" | "Logic") => Some(KoaObj::ThinkController),
                    _ => None,
                };
            }
            // `module.exports = app => class extends app.Controller { … }`
            _ => matches!(unwrap_expr(base), Expr::Member(mem)
                if matches!(unwrap_expr(&mem.obj), Expr::Ident(o) if o.sym == "app")
                    && member_prop_name(&mem.prop).is_some_and(|p| BASES.contains(&&*p))),
        };
        egg.then_some(KoaObj::Controller)
    }

    fn ident(&self, scope: ScopeId, id: &ast::Ident, d: u32) -> Value<'a> {
        match self.model.resolve(scope, &id.sym) {
            Some(b) => self.binding(b, d),
            None => match &*id.sym {
                "undefined" => Value::Lit(Lit::Undefined, id.span),
                "NaN" => Value::Lit(Lit::Num(f64::NAN), id.span),
                _ => Value::Global(id.sym.clone()),
            },
        }
    }

    fn binding_uncached(&self, id: BindingId, depth: u32) -> Value<'a> {
        if !self.spend(depth) {
            return Value::Unknown;
        }
        let d = depth + 1;
        let b = self.model.binding(id);
        // A name written many times is state, not a setting: too many values to follow.
        if b.opaque_write || b.writes.len() > MAX_WRITES {
            return Value::Unknown;
        }
        let initial = match &b.init {
            Init::Expr {
                scope,
                expr,
                path,
                default,
            } => {
                let mut v = self.eval(*scope, expr, d);
                if path.is_empty() {
                    if let Value::Object { binding, .. } = &mut v {
                        binding.get_or_insert(id);
                    }
                }
                let v = self.follow(v, path, b.span, d);
                self.with_default(v, *scope, *default, d)
            }
            Init::Param {
                function,
                index,
                path,
                default,
            } => {
                let facts = self.model.function(*function);
                let is_context = !facts.is_generator
                    && self
                        .model
                        .handler(*function)
                        .is_some_and(|h| h.context_param == *index)
                    || self.model.assumed_context() == Some((*function, *index));
                if is_context {
                    let ctx = Value::Koa(KoaObj::Context, b.span);
                    self.follow(ctx, path, b.span, d)
                } else if let Some(v) = self.decorated_param(*function, *index, b.span) {
                    self.follow(v, path, b.span, d)
                } else if let Some(v) = (self.model.handler(*function).is_none()
                    && self.model.follows_calls())
                .then(|| self.param(*function, *index, d))
                .flatten()
                {
                    let scope = self.model.function_param_scope(id);
                    let v = self.follow(v, path, b.span, d);
                    self.with_default(v, scope, *default, d)
                } else {
                    let scope = self.model.function_param_scope(id);
                    self.with_default(Value::Unknown, scope, *default, d)
                }
            }
            Init::Function(f) => Value::Function(*f),
            Init::Import { source, name } => Value::Module {
                source: source.clone(),
                path: name.iter().cloned().collect(),
            },
            Init::Opaque => {
                if b.writes.is_empty() {
                    return Value::Unknown;
                }
                let values: Vec<_> = b
                    .writes
                    .iter()
                    .map(|(s, e, span)| (self.eval(*s, e, d), *span))
                    .collect();
                return join(values);
            }
        };
        if b.writes.is_empty() {
            return initial;
        }
        let mut values = vec![(initial, b.span)];
        values.extend(
            b.writes
                .iter()
                .map(|(s, e, span)| (self.eval(*s, e, d), *span)),
        );
        join(values)
    }

    /// A destructuring default applies when the value is missing: an unknown value may be.
    fn with_default(
        &self,
        value: Value<'a>,
        scope: ScopeId,
        default: Option<&'a Expr>,
        d: u32,
    ) -> Value<'a> {
        let Some(default) = default else {
            return value;
        };
        match value {
            Value::Lit(Lit::Undefined, _) => self.eval(scope, default, d),
            Value::Unknown => match self.eval(scope, default, d) {
                Value::Lit(l, span) => Value::Dynamic(Dynamic {
                    sources: vec![Source {
                        kind: SourceKind::Fallback,
                        span,
                    }],
                    outcomes: vec![(l, span)],
                    open: false,
                }),
                _ => Value::Unknown,
            },
            v => v,
        }
    }

    fn follow(&self, mut v: Value<'a>, path: &[PatStep], span: Span, d: u32) -> Value<'a> {
        for step in path {
            v = match step {
                PatStep::Key(k) => self
                    .member_of(&v, k, span, d)
                    .unwrap_or(Value::Lit(Lit::Undefined, span)),
                PatStep::Rest => match v {
                    Value::Object { .. } | Value::ProcessEnv | Value::Headers(_) => v,
                    _ => Value::Unknown,
                },
                PatStep::Index(_) | PatStep::Computed => Value::Unknown,
            };
        }
        v
    }

    /// Property `key` of `object`; `None` when the object certainly has no such key.
    fn member_of(&self, object: &Value<'a>, key: &Atom, span: Span, d: u32) -> Option<Value<'a>> {
        if !self.spend(d) {
            return Some(Value::Unknown);
        }
        Some(match object {
            Value::Object {
                scope,
                lit,
                binding,
            } => return self.object_prop(*scope, lit, *binding, key, d + 1),
            Value::Module { source, path } => {
                let mut path = path.clone();
                path.push(key.clone());
                Value::Module {
                    source: source.clone(),
                    path,
                }
            }
            Value::Global(name) if &**name == "process" => match &**key {
                "env" => Value::ProcessEnv,
                "argv" => Value::Argv,
                _ => Value::Global(Atom::from(format!("process.{key}"))),
            },
            Value::Koa(obj, _) => koa_member(*obj, key, span),
            Value::Headers(_) => Value::Header {
                name: key.to_ascii_lowercase(),
                span,
                cookie: false,
            },
            // Methods and parts of a credential are the credential (`auth.split(' ')`); its
            // length is not.
            Value::Header { .. } if &**key == "length" => Value::Unknown,
            Value::Header { .. } => object.clone(),
            Value::Global(name) => Value::Global(Atom::from(format!("{name}.{key}"))),
            Value::ProcessEnv => Value::Env(key.clone(), span),
            _ => Value::Unknown,
        })
    }

    fn object_prop(
        &self,
        scope: ScopeId,
        lit: &'a ObjectLit,
        binding: Option<BindingId>,
        key: &Atom,
        d: u32,
    ) -> Option<Value<'a>> {
        if let Some(b) = binding {
            if let Some(v) = self.written_prop(b, key, d) {
                return Some(v);
            }
        }
        for prop in lit.props.iter().rev() {
            match prop {
                PropOrSpread::Spread(s) => {
                    let spread = self.eval(scope, &s.expr, d);
                    match &spread {
                        Value::Object { .. } | Value::ProcessEnv => {
                            if let Some(v) = self.member_of(&spread, key, s.expr.span(), d) {
                                return Some(v);
                            }
                        }
                        Value::Lit(..) => {}
                        // An unknown spread may supply the key.
                        _ => return Some(Value::Unknown),
                    }
                }
                PropOrSpread::Prop(p) => {
                    if prop_key(p).as_ref() != Some(key) {
                        continue;
                    }
                    return Some(match &**p {
                        Prop::KeyValue(kv) => self.operand(scope, &kv.value, d),
                        Prop::Shorthand(id) => {
                            let v = self.ident(scope, id, d);
                            flag_or(v, &id.sym, id.span)
                        }
                        Prop::Method(m) => self
                            .model
                            .function_at(m.function.span)
                            .map_or(Value::Unknown, Value::Function),
                        _ => Value::Unknown,
                    });
                }
            }
        }
        None
    }

    /// The last `b.key = v` or `Object.assign(b, { key: v })` for an object bound to `b`.
    fn written_prop(&self, b: BindingId, key: &Atom, d: u32) -> Option<Value<'a>> {
        let m = self.model;
        let uses = m.mutations(b);
        let write = uses
            .member_writes
            .iter()
            .map(|&i| &m.member_writes[i])
            .filter(|w| &w.prop == key)
            .map(|w| (w.span.lo, w.scope, w.value))
            .next_back();
        let assign = uses
            .object_assigns
            .iter()
            .map(|&c| m.call(c))
            .filter_map(|c| {
                c.args[1..].iter().rev().find_map(|a| {
                    let v = self.eval(c.scope, &a.expr, d);
                    self.member_of(&v, key, a.expr.span(), d)
                        .map(|v| (c.span.lo, v))
                })
            })
            .next_back();
        match (write, assign) {
            (Some((wpos, s, e)), Some((apos, v))) => {
                Some(if wpos > apos { self.eval(s, e, d) } else { v })
            }
            (Some((_, s, e)), None) => Some(self.eval(s, e, d)),
            (None, Some((_, v))) => Some(v),
            (None, None) => None,
        }
    }

    fn call(&self, scope: ScopeId, call: &'a ast::CallExpr, d: u32) -> Value<'a> {
        let ast::Callee::Expr(callee) = &call.callee else {
            return Value::Unknown;
        };
        let first = call.args.first().filter(|a| a.spread.is_none());
        // `require('mod')`
        if let (Expr::Ident(id), Some(arg)) = (unwrap_expr(callee), first) {
            if &*id.sym == "require" && self.model.resolve(scope, &id.sym).is_none() {
                if let Expr::Lit(ast::Lit::Str(s)) = unwrap_expr(&arg.expr) {
                    return Value::Module {
                        source: str_atom(&s.value),
                        path: Vec::new(),
                    };
                }
            }
        }
        // The callee's value; for a method, worked out from the receiver evaluated once.
        let callee_value;
        if let Expr::Member(m) = unwrap_expr(callee) {
            // `this.helper(…)` in a method of the class that has `helper`.
            if matches!(unwrap_expr(&m.obj), Expr::This(_)) && self.model.follows_calls() {
                if let Some(f) = self.model.local_callee(scope, callee) {
                    return self.apply(scope, call, f, d);
                }
            }
            let receiver = self.eval(scope, &m.obj, d);
            let method = member_prop_name(&m.prop);
            let name_arg = || match first.map(|a| unwrap_expr(&a.expr)) {
                Some(Expr::Lit(ast::Lit::Str(s))) => str::to_ascii_lowercase(&str_atom(&s.value)),
                _ => "?".to_string(),
            };
            match (&receiver, method.as_deref()) {
                // `ctx.get('x-api-key')`, `ctx.request.get(…)`
                (Value::Koa(KoaObj::Context | KoaObj::Request, _), Some("get")) => {
                    return Value::Header {
                        name: Atom::from(name_arg()),
                        span: call.span,
                        cookie: false,
                    };
                }
                // ThinkJS: `this.header('x-api-key')` reads a request header, `this.get('token')`
                // a query parameter.
                // One argument: `this.header(name, value)` sets a response header.
                (Value::Koa(KoaObj::ThinkController, _), Some("header"))
                    if call.args.len() == 1 =>
                {
                    return Value::Header {
                        name: Atom::from(name_arg()),
                        span: call.span,
                        cookie: false,
                    };
                }
                (Value::Koa(KoaObj::ThinkController, _), Some("get")) if call.args.len() == 1 => {
                    return Value::QueryParam(Atom::from(name_arg()), call.span);
                }
                // `ctx.cookies.get('sid')`: cookie names are case-sensitive, kept as written.
                (Value::Koa(KoaObj::Cookies, _), Some("get")) => {
                    let name = match first.map(|a| unwrap_expr(&a.expr)) {
                        Some(Expr::Lit(ast::Lit::Str(s))) => str_atom(&s.value),
                        _ => Atom::from("?"),
                    };
                    return Value::Header {
                        name,
                        span: call.span,
                        cookie: true,
                    };
                }
                // `this.ctx.cookies.get('sid')` on a context the model cannot see: `.cookies.get`
                // is the request-cookie API of the `cookies` package that Koa exposes, whatever
                // object holds it.
                (Value::Unknown, Some("get")) if self.foreign_cookies(scope, &m.obj, d) => {
                    return Value::Header {
                        name: Atom::from(name_arg()),
                        span: call.span,
                        cookie: true,
                    };
                }
                // `auth.split(' ')`, `token.trim()`: still the credential.
                (Value::Header { .. }, Some(_)) => return receiver,
                _ => {}
            }
            // `process.argv.includes('--insecure')` and friends
            if matches!(receiver, Value::Argv) {
                return Value::Dynamic(Dynamic {
                    sources: vec![Source {
                        kind: SourceKind::Argv,
                        span: call.span,
                    }],
                    outcomes: Vec::new(),
                    open: true,
                });
            }
            callee_value = match &method {
                Some(key) => self
                    .member_of(&receiver, key, m.span, d)
                    .unwrap_or(Value::Lit(Lit::Undefined, m.span)),
                None => Value::Unknown,
            };
        } else {
            callee_value = self.eval(scope, callee, d);
        }
        match callee_value {
            Value::Module { source, mut path } => {
                path.push(Atom::from("()"));
                Value::Module { source, path }
            }
            Value::Function(f) if self.model.follows_calls() => self.apply(scope, call, f, d),
            Value::Global(name) => {
                let arg = first.map_or(Value::Unknown, |a| self.eval(scope, &a.expr, d));
                match (&*name, &arg) {
                    ("Boolean", Value::Lit(l, s)) => Value::Lit(Lit::Bool(l.truthy()), *s),
                    ("String", Value::Lit(l, s)) => {
                        Value::Lit(Lit::Str(Atom::from(l.to_js_string())), *s)
                    }
                    _ => dynamic_of(&[&arg]),
                }
            }
            _ => Value::Unknown,
        }
    }

    /// `x.cookies` where `x` is nothing the file built (a parameter, `this.ctx`): a local
    /// `cookies` binding or a property of a local object is whatever the file put there.
    fn foreign_cookies(&self, scope: ScopeId, expr: &'a Expr, d: u32) -> bool {
        match unwrap_expr(expr) {
            Expr::Member(m) if member_prop_name(&m.prop).as_deref() == Some("cookies") => {
                self.eval(scope, &m.obj, d).is_unknown()
            }
            _ => false,
        }
    }

    fn binary(&self, scope: ScopeId, b: &'a ast::BinExpr, d: u32) -> Value<'a> {
        let left = self.operand(scope, &b.left, d);
        match b.op {
            BinaryOp::LogicalOr | BinaryOp::LogicalAnd | BinaryOp::NullishCoalescing => {
                if let Value::Lit(l, _) = &left {
                    let take_left = match b.op {
                        BinaryOp::LogicalOr => l.truthy(),
                        BinaryOp::LogicalAnd => !l.truthy(),
                        _ => !matches!(l, Lit::Null | Lit::Undefined),
                    };
                    return if take_left {
                        left
                    } else {
                        self.operand(scope, &b.right, d)
                    };
                }
                let right = self.operand(scope, &b.right, d);
                let mut sources = left.sources();
                sources.extend(right.sources());
                if sources.is_empty() {
                    // `configured ?? false`: the literal is what runs when nothing is configured.
                    return match (&left, &right) {
                        (l_value, Value::Lit(l, span))
                            if l_value.is_opaque() && b.op != BinaryOp::LogicalAnd =>
                        {
                            Value::Dynamic(Dynamic {
                                sources: vec![Source {
                                    kind: SourceKind::Fallback,
                                    span: *span,
                                }],
                                outcomes: vec![(l.clone(), *span)],
                                // The configured side is unknown, and unknown stays silent.
                                open: false,
                            })
                        }
                        _ => Value::Unknown,
                    };
                }
                let mut outcomes = left.outcomes();
                outcomes.extend(right.outcomes());
                Value::Dynamic(Dynamic {
                    sources,
                    outcomes,
                    open: left.open() || right.open(),
                })
            }
            op => {
                let right = self.operand(scope, &b.right, d);
                if let (Value::Lit(l, _), Value::Lit(r, _)) = (&left, &right) {
                    if let Some(folded) = fold(op, l, r) {
                        return Value::Lit(folded, b.span);
                    }
                }
                dynamic_of(&[&left, &right])
            }
        }
    }
}

impl<'a> FileModel<'a> {
    fn function_param_scope(&self, binding: BindingId) -> ScopeId {
        self.binding(binding).scope
    }

    /// Whether the file has controllers of a framework on top of Koa: a class extending Egg's
    /// or ThinkJS's base classes, or actions of routing-controllers.
    pub(super) fn finds_controllers(&self) -> bool {
        let e = Evaluator::new(self);
        self.functions.iter().enumerate().any(|(i, f)| {
            f.super_class.is_some_and(|(scope, base)| {
                e.controller_base(scope, base).is_some()
                    || self.think_controller_of_project_base(FunctionId(i as u32), scope, base)
            })
        }) || self.bindings().any(|(_, b)| {
            // routing-controllers' decorators are TypeScript: its actions come with an `import`.
            matches!(&b.init, Init::Import { source, .. } if &**source == "routing-controllers")
        })
    }

    /// A ThinkJS controller that extends the project's own base controller
    /// (`class extends require('./base.js')` with `indexAction()` methods): ThinkJS routes
    /// requests to the methods named `…Action`, so a class of the project with such methods is
    /// a controller whatever its base is called.
    pub(super) fn think_controller_of_project_base(
        &self,
        method: FunctionId,
        scope: ScopeId,
        base: &'a Expr,
    ) -> bool {
        let Some(class) = self.function(method).class else {
            return false;
        };
        let project_base = match self.value(scope, base) {
            Value::Module { source, .. } => super::project_specifier(&source),
            _ => false,
        };
        project_base
            && self.functions.iter().any(|f| {
                f.class == Some(class)
                    && f.name
                        .as_ref()
                        .is_some_and(|n| n.len() > "Action".len() && n.ends_with("Action"))
            })
    }
}

fn koa_member<'a>(obj: KoaObj, key: &Atom, span: Span) -> Value<'a> {
    let headers = || {
        Value::Headers(HeaderSet {
            span,
            removed: Vec::new(),
        })
    };
    match (obj, &**key) {
        (KoaObj::Context | KoaObj::Request, "headers" | "header") => headers(),
        (KoaObj::NodeRequest, "headers" | "rawHeaders") => headers(),
        (KoaObj::Context, "request") | (KoaObj::Response, "request") => {
            Value::Koa(KoaObj::Request, span)
        }
        (KoaObj::Context | KoaObj::Request, "req") => Value::Koa(KoaObj::NodeRequest, span),
        (KoaObj::Context | KoaObj::Request, "response") => Value::Koa(KoaObj::Response, span),
        (KoaObj::Context, "cookies") => Value::Koa(KoaObj::Cookies, span),
        (KoaObj::Context | KoaObj::Request, "query") => Value::Koa(KoaObj::Query, span),
        (
            KoaObj::Request | KoaObj::Response | KoaObj::Controller | KoaObj::ThinkController,
            "ctx",
        ) => Value::Koa(KoaObj::Context, span),
        (KoaObj::Query, _) => Value::QueryParam(key.clone(), span),
        // Egg: `this.app` is the application, `this.config` its configuration.
        (KoaObj::Controller, "app") => Value::Module {
            source: Atom::from(super::EGG_APP),
            path: Vec::new(),
        },
        (KoaObj::Controller, "config") => Value::Module {
            source: Atom::from(super::EGG_APP),
            path: vec![Atom::from("config")],
        },
        _ => Value::Unknown,
    }
}

fn literal<'a>(lit: &ast::Lit) -> Value<'a> {
    let span = lit.span();
    let l = match lit {
        ast::Lit::Bool(b) => Lit::Bool(b.value),
        ast::Lit::Num(n) => Lit::Num(n.value),
        ast::Lit::Str(s) => Lit::Str(str_atom(&s.value)),
        ast::Lit::Null(_) => Lit::Null,
        _ => return Value::Unknown,
    };
    Value::Lit(l, span)
}

fn negate(v: Value<'_>, span: Span) -> Value<'_> {
    match v {
        Value::Lit(l, _) => Value::Lit(Lit::Bool(!l.truthy()), span),
        Value::Env(..) => Value::Dynamic(Dynamic {
            sources: v.sources(),
            outcomes: Vec::new(),
            open: true,
        }),
        Value::Dynamic(d) => Value::Dynamic(Dynamic {
            outcomes: d
                .outcomes
                .iter()
                .map(|(l, s)| (Lit::Bool(!l.truthy()), *s))
                .collect(),
            ..d
        }),
        _ => Value::Unknown,
    }
}

/// A value computed from `parts`: `Dynamic` when any part depends on the environment or a flag.
fn dynamic_of<'a>(parts: &[&Value<'a>]) -> Value<'a> {
    let sources: Vec<Source> = parts.iter().flat_map(|p| p.sources()).collect();
    if sources.is_empty() {
        Value::Unknown
    } else {
        Value::Dynamic(Dynamic {
            sources,
            outcomes: Vec::new(),
            open: true,
        })
    }
}

/// The one value all of `values` are, for values a parameter receives at several calls or a
/// function returns from several places: the same Koa object, all headers, the same header, the
/// same literal. `None` when they differ.
fn agreed(values: Vec<Value<'_>>) -> Option<Value<'_>> {
    let mut it = values.into_iter();
    let first = it.next()?;
    for v in it {
        let same = match (&first, &v) {
            (Value::Koa(a, _), Value::Koa(b, _)) => a == b,
            (Value::Headers(_), Value::Headers(_)) => true,
            (Value::Header { name: a, .. }, Value::Header { name: b, .. }) => a == b,
            (Value::Lit(a, _), Value::Lit(b, _)) => a.strict_eq(b),
            (Value::Function(a), Value::Function(b)) => a == b,
            _ => false,
        };
        if !same {
            return None;
        }
    }
    Some(first)
}

/// Joins the values a reassigned binding can hold.
fn join<'a>(values: Vec<(Value<'a>, Span)>) -> Value<'a> {
    if let [(only, _)] = values.as_slice() {
        return only.clone();
    }
    if let Some((Value::Lit(first, _), _)) = values.first() {
        if values
            .iter()
            .all(|(v, _)| matches!(v, Value::Lit(l, _) if l.strict_eq(first)))
        {
            return values[0].0.clone();
        }
    }
    let mut d = Dynamic::default();
    for (i, (v, span)) in values.iter().enumerate() {
        d.sources.extend(v.sources());
        d.outcomes.extend(v.outcomes());
        d.open |= v.open();
        if i > 0 {
            d.sources.push(Source {
                kind: SourceKind::Reassigned,
                span: *span,
            });
        }
    }
    Value::Dynamic(d)
}

fn fold(op: BinaryOp, l: &Lit, r: &Lit) -> Option<Lit> {
    Some(match op {
        BinaryOp::EqEqEq => Lit::Bool(l.strict_eq(r)),
        BinaryOp::NotEqEq => Lit::Bool(!l.strict_eq(r)),
        BinaryOp::EqEq => Lit::Bool(l.loose_eq(r)?),
        BinaryOp::NotEq => Lit::Bool(!l.loose_eq(r)?),
        BinaryOp::Add => match (l, r) {
            (Lit::Num(a), Lit::Num(b)) => Lit::Num(a + b),
            (Lit::Str(_), _) | (_, Lit::Str(_)) => {
                Lit::Str(Atom::from(l.to_js_string() + &r.to_js_string()))
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// An unknown value under a name that reads like a mode switch is a flag.
fn flag_or<'a>(v: Value<'a>, name: &str, span: Span) -> Value<'a> {
    // A module instance (`new Koa()`) is not a setting, whatever its name (`debugApp`).
    let instance =
        matches!(&v, Value::Module { path, .. } if path.last().is_some_and(|p| &**p == "()"));
    if v.is_opaque() && !instance && is_flag_name(name) {
        Value::Dynamic(Dynamic {
            sources: vec![Source {
                kind: SourceKind::Flag(Atom::from(name)),
                span,
            }],
            outcomes: Vec::new(),
            open: true,
        })
    } else {
        v
    }
}

const FLAG_WORDS: &[&str] = &[
    "dev",
    "development",
    "debug",
    "test",
    "testing",
    "local",
    "insecure",
    "unsafe",
    "prod",
    "production",
    "staging",
    "sandbox",
    "e2e",
];

/// `isDev`, `INSECURE`, `allow_self_signed`: a name made of words, one of which is a mode.
pub(crate) fn is_flag_name(name: &str) -> bool {
    // Most names contain no mode word at all: rule them out without allocating.
    if !FLAG_HINTS.found_in(name) {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    if lower.contains("insecure") || lower.contains("selfsigned") || lower.contains("self_signed") {
        return true;
    }
    words(name).iter().any(|w| FLAG_WORDS.contains(&w.as_str()))
}

/// Substrings without which a name cannot be a flag (a cheap first test).
static FLAG_HINTS: Needles = Needles::new(&[
    "dev", "debug", "test", "local", "secure", "safe", "prod", "staging", "sandbox", "e2e",
    "signed",
]);

pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A set of lower-case ASCII needles (two bytes or longer) to look for in names, ignoring
/// ASCII case, in one pass: each pair of adjacent bytes is looked up in a table of the needles'
/// first two bytes, and only a hit is compared in full. Names are tested this way on every
/// member read and every evaluated name.
pub(crate) struct Needles {
    needles: &'static [&'static str],
    /// Bit `(a << 8) | b` is set when some needle starts with the bytes `a b`.
    starts: [u64; 1024],
}

impl Needles {
    pub(crate) const fn new(needles: &'static [&'static str]) -> Self {
        let mut starts = [0u64; 1024];
        let mut i = 0;
        while i < needles.len() {
            let n = needles[i].as_bytes();
            assert!(n.len() >= 2, "needles are two bytes or longer");
            let key =
                ((n[0].to_ascii_lowercase() as usize) << 8) | n[1].to_ascii_lowercase() as usize;
            starts[key >> 6] |= 1 << (key & 63);
            i += 1;
        }
        Needles { needles, starts }
    }

    /// Whether `haystack` contains one of the needles, ignoring ASCII case.
    pub(crate) fn found_in(&self, haystack: &str) -> bool {
        let h = haystack.as_bytes();
        h.windows(2).enumerate().any(|(i, pair)| {
            let key = ((pair[0].to_ascii_lowercase() as usize) << 8)
                | pair[1].to_ascii_lowercase() as usize;
            self.starts[key >> 6] & (1 << (key & 63)) != 0
                && self.needles.iter().any(|n| {
                    h.get(i..i + n.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(n.as_bytes()))
                })
        })
    }
}

/// Splits camelCase, snake_case, kebab-case and SCREAMING_CASE into lower-case words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        let before = prev.replace(c);
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let boundary = before.is_some_and(|p| {
            c.is_uppercase()
                && (p.is_lowercase()
                    || chars.peek().is_some_and(|n| n.is_lowercase()) && p.is_uppercase())
                // `apiKey2`, `oauth2Token`: digits are a word of their own.
                || c.is_ascii_digit() != p.is_ascii_digit()
        });
        if boundary && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_lower_case_words_at_case_digits_and_separators() {
        let cases: &[(&str, &[&str])] = &[
            ("apiKey", &["api", "key"]),
            ("API_KEY", &["api", "key"]),
            ("XMLHttpRequest", &["xml", "http", "request"]),
            ("oauth2Token", &["oauth", "2", "token"]),
            ("apiKey2", &["api", "key", "2"]),
            ("x-api-key", &["x", "api", "key"]),
            ("__proto__", &["proto"]),
            ("jwt_secret_", &["jwt", "secret"]),
            ("HS256", &["hs", "256"]),
            ("getURLForKey", &["get", "url", "for", "key"]),
            ("a", &["a"]),
            ("", &[]),
            ("_", &[]),
            ("9lives", &["9", "lives"]),
            ("ABCdef", &["ab", "cdef"]),
            ("sessionSecret$", &["session", "secret"]),
            ("clÉSecrète", &["cl", "é", "secrète"]),
            ("ÜberToken", &["über", "token"]),
            ("mot_de_passeÀ2", &["mot", "de", "passe", "à", "2"]),
        ];
        for (name, expected) in cases {
            assert_eq!(words(name), *expected, "{name}");
        }
    }

    #[test]
    fn one_pass_search_agrees_with_one_search_per_needle() {
        static SETS: [Needles; 3] = [
            Needles::new(&["key"]),
            Needles::new(&["key", "token", "pass"]),
            Needles::new(&["key", "token", "pass", "auth", "csrf", "ke"]),
        ];
        let lists: [&[&str]; 3] = [
            &["key"],
            &["key", "token", "pass"],
            &["key", "token", "pass", "auth", "csrf", "ke"],
        ];
        let names = [
            "",
            "k",
            "K",
            "apiKey",
            "API_KEY",
            "tok",
            "TOKEN",
            "xToKeN",
            "passwd",
            "bypass",
            "author",
            "aut",
            "CSRF",
            "xsrf",
            "length",
            "then",
            "héllo_key",
            "ключ",
            "ke",
            "kE",
            "monkeys",
            "a_very_long_name_that_ends_with_an_api_token_somewhere_far_away",
        ];
        for (set, list) in SETS.iter().zip(lists) {
            for n in names {
                let naive = list.iter().any(|x| contains_ignore_ascii_case(n, x));
                assert_eq!(set.found_in(n), naive, "{n} {list:?}");
            }
        }
    }

    #[test]
    fn words_split_every_casing() {
        assert_eq!(words("isDev"), ["is", "dev"]);
        assert_eq!(words("NODE_ENV"), ["node", "env"]);
        assert_eq!(words("allowHTTPInsecure"), ["allow", "http", "insecure"]);
        assert_eq!(words("skip-tls-verify"), ["skip", "tls", "verify"]);
    }

    #[test]
    fn flag_names_are_mode_switches_only() {
        assert!(is_flag_name("isDev"));
        assert!(is_flag_name("INSECURE"));
        assert!(is_flag_name("allowSelfSigned") || is_flag_name("allow_self_signed"));
        assert!(!is_flag_name("verify"));
        assert!(!is_flag_name("rejectUnauthorized"));
        assert!(!is_flag_name("latest"));
        assert!(!is_flag_name("device"));
    }
}
