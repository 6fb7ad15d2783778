//! Function summaries within a file: which calls of the file certainly invoke a function, what
//! its parameters receive there, and what its return statements give back.
//!
//! The model does not build a summary table ahead of time; it answers the two questions a
//! summary answers, when a rule's question reaches them, from the same indexes:
//! - **A parameter** of a function that is not a handler's context is what the file's calls of
//!   that function pass (`logHeaders(ctx)` makes `c` in `function logHeaders(c)` the context).
//!   Inside a call being applied (below) it is that call's argument only; elsewhere it is what
//!   any of the calls pass — each call is a real flow, so a finding on one is a real finding.
//! - **A call** of a function of the file (`getKey(ctx)`) is what its return statements are,
//!   with its parameters bound to that call's arguments (a *frame*).
//!
//! A function gets callers only when the name it is called by certainly names it: a
//! declaration, a `const`/`let` bound to the function and never written again, or an instance
//! method called as `this.name(…)` from a method of its own class. A function
//! that escapes (passed as a callback, exported) keeps the callers the file has; the others are
//! unknown and add nothing. Recursion is cut: a function already being applied is not applied
//! again, and every question keeps its depth and work bounds.

use swc_atoms::Atom;
use swc_common::Span;
use swc_ecma_ast::{Expr, ExprOrSpread, Pat};

use super::{
    BindingId, CallId, FileModel, FunctionBody, FunctionId, Init, ScopeId, member_prop_name,
    unwrap_expr,
};

/// At most this many calls of one function are looked at for one parameter.
const MAX_CALLERS: usize = 16;

/// A call being applied: `function`'s parameters are this call's arguments.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame<'a> {
    pub function: FunctionId,
    /// The scope the call stands in (where its arguments are evaluated).
    pub scope: ScopeId,
    pub args: &'a [ExprOrSpread],
    pub span: Span,
}

/// One argument a parameter receives: evaluated in `scope`, at the call `call`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Argument<'a> {
    pub scope: ScopeId,
    pub expr: &'a Expr,
    pub call: Span,
}

/// The file's classes, indexed (see `FileModel::classes`).
#[derive(Debug, Default)]
pub(crate) struct ClassIndex {
    /// (class, name) → the method, or `None` when the class has more than one by that name.
    methods: rustc_hash::FxHashMap<(u32, Atom), Option<FunctionId>>,
    /// (class, field) → the member writes to `this.field` in the class's methods.
    this_writes: rustc_hash::FxHashMap<(u32, Atom), Vec<usize>>,
    /// (function, field) → the writes to `this.field` outside classes, by the function whose
    /// `this` they see (`None`: the module's top level).
    loose_this_writes: rustc_hash::FxHashMap<(Option<FunctionId>, Atom), Vec<usize>>,
}

impl<'a> FileModel<'a> {
    /// The binding a function is called by, when that name certainly names it.
    pub(crate) fn callable_binding(&self, f: FunctionId) -> Option<BindingId> {
        let b = match self.function(f).site {
            super::Site::Init(b) => Some(b),
            _ => self.declared_function(f),
        }?;
        let binding = self.binding(b);
        (binding.writes.is_empty() && !binding.opaque_write).then_some(b)
    }

    /// The calls of the file that invoke `f` by a name that certainly names it (not `new`).
    pub(crate) fn callers(&self, f: FunctionId) -> Vec<CallId> {
        let mut out: Vec<CallId> = match self.callable_binding(f) {
            Some(b) => self
                .call_uses(b)
                .called_at
                .iter()
                .copied()
                .filter(|c| !self.call(*c).is_new)
                .collect(),
            None => Vec::new(),
        };
        if self.function(f).class.is_some() {
            if let Some(calls) = self.method_callers().get(&f) {
                out.extend(calls);
                out.sort_by_key(|c| c.0);
            }
        }
        out
    }

    /// `this.name(…)` in a method of the same class, by the method called (built once, for
    /// the first question about a method).
    fn method_callers(&self) -> &rustc_hash::FxHashMap<FunctionId, Vec<CallId>> {
        self.callers.get_or_init(|| {
            let mut out: rustc_hash::FxHashMap<FunctionId, Vec<CallId>> = Default::default();
            let methods = &self.classes().methods;
            if methods.is_empty() {
                return out;
            }
            for (i, call) in self.calls.iter().enumerate() {
                let Some(Expr::Member(m)) = call.callee.map(unwrap_expr) else {
                    continue;
                };
                if call.is_new || !matches!(unwrap_expr(&m.obj), Expr::This(_)) {
                    continue;
                }
                let Some(name) = member_prop_name(&m.prop) else {
                    continue;
                };
                let Some(class) = self
                    .this_function(call.scope)
                    .and_then(|f| self.function(f).class)
                else {
                    continue;
                };
                if let Some(Some(f)) = methods.get(&(class, name)) {
                    out.entry(*f).or_default().push(CallId(i as u32));
                }
            }
            out
        })
    }

    /// The file's classes: their methods by name, and the writes to `this.name` in their
    /// methods (built once, for the first question about a class).
    fn classes(&self) -> &ClassIndex {
        self.classes.get_or_init(|| {
            let mut index = ClassIndex::default();
            for (i, facts) in self.functions.iter().enumerate() {
                if let (Some(class), Some(name)) = (facts.class, &facts.name) {
                    index
                        .methods
                        .entry((class, name.clone()))
                        .and_modify(|f| *f = None)
                        .or_insert(Some(FunctionId(i as u32)));
                }
            }
            for (i, w) in self.member_writes.iter().enumerate() {
                if !matches!(unwrap_expr(w.object), Expr::This(_)) {
                    continue;
                }
                let this_fn = self.this_function(w.scope);
                match this_fn.and_then(|f| self.function(f).class) {
                    Some(class) => index
                        .this_writes
                        .entry((class, w.prop.clone()))
                        .or_default()
                        .push(i),
                    None => index
                        .loose_this_writes
                        .entry((this_fn, w.prop.clone()))
                        .or_default()
                        .push(i),
                }
            }
            index
        })
    }

    /// Takes parameter `index` of `f` to be the request's context (or stops, with `None`), for
    /// questions about what the function does when a caller in another file passes one. Values
    /// worked out before are forgotten, so that no answer outlives its assumption.
    pub(crate) fn assume_context(&self, param: Option<(FunctionId, usize)>) {
        self.assumed.set(param);
        self.binding_cache.borrow_mut().clear();
        self.param_taints.borrow_mut().clear();
        self.binding_taints.borrow_mut().clear();
    }

    pub(crate) fn assumed_context(&self) -> Option<(FunctionId, usize)> {
        self.assumed.get()
    }

    /// Whether the file exports anything (only then are facts about its functions worth
    /// recording).
    pub(crate) fn exports_anything(&self) -> bool {
        !self.exports.is_empty() || self.bindings.iter().any(|b| b.exported)
    }

    /// Whether the evaluator applies summaries in this file: one that serves requests (a
    /// handler or a controller). Elsewhere — libraries, build scripts — what a value *is* rarely
    /// hinges on a helper's callers, and every question would pay for them; what a value
    /// *carries* (`carry.rs`) is asked far less often and always follows calls.
    pub(crate) fn follows_calls(&self) -> bool {
        self.has_handlers()
    }

    /// Whether a function may be seen by another file: exported itself, a property of an
    /// exported object or a method of an exported class (by its name), or returned by such a
    /// function. Errs on the side of yes: it only decides whether facts are worth recording.
    pub(crate) fn may_be_exported(&self, f: FunctionId) -> bool {
        let mut site = self.function(f).site;
        for _ in 0..8 {
            let binding = match site {
                super::Site::Export => return true,
                super::Site::Init(b) => Some(b),
                super::Site::PropValue(o) => {
                    site = self.object(o).site;
                    continue;
                }
                super::Site::Return(outer) => {
                    site = self.function(outer).site;
                    continue;
                }
                _ => self.declared_function(f),
            };
            return match binding {
                Some(b) => self.binding(b).exported || self.exported_names.contains(&b),
                // A class method, or a function we cannot place: keep it.
                None => self.function(f).class.is_some() || !self.exports.is_empty(),
            };
        }
        true
    }

    /// What parameter `index` of `f` receives: from `frame` when it applies `f`, else at every
    /// call of the file (bounded). Empty for a rest parameter, an argument after a spread, and a
    /// function the file does not call.
    pub(crate) fn param_arguments(
        &self,
        f: FunctionId,
        index: usize,
        frame: Option<&Frame<'a>>,
    ) -> Vec<Argument<'a>> {
        if matches!(
            self.function(f).params.get(index),
            Some(Pat::Rest(_)) | None
        ) {
            return Vec::new();
        }
        let pick = |scope: ScopeId, args: &'a [ExprOrSpread], call: Span| {
            if args.iter().take(index + 1).any(|a| a.spread.is_some()) {
                return None;
            }
            args.get(index).map(|a| Argument {
                scope,
                expr: &a.expr,
                call,
            })
        };
        if let Some(frame) = frame.filter(|fr| fr.function == f) {
            return pick(frame.scope, frame.args, frame.span)
                .into_iter()
                .collect();
        }
        self.callers(f)
            .iter()
            .take(MAX_CALLERS)
            .filter_map(|c| {
                let c = self.call(*c);
                pick(c.scope, c.args, c.span)
            })
            .collect()
    }

    /// The binding a member chain starts from (`config` of `config.jwt.secret`).
    fn root_binding(&self, scope: ScopeId, expr: &Expr) -> Option<BindingId> {
        self.ident_binding(scope, super::chain_root(expr))
    }

    /// Whether an expression reads from a binding made by `import` or `require(…)`
    /// (`config.jwt.secret`, `check`): a cheap test before asking what it is.
    pub(crate) fn imported_root(&self, scope: ScopeId, expr: &Expr) -> bool {
        let Some(b) = self.root_binding(scope, expr) else {
            return false;
        };
        match &self.binding(b).init {
            Init::Import { .. } => true,
            Init::Expr { expr, .. } => {
                matches!(super::chain_root(expr), Expr::Ident(id) if &*id.sym == "require")
            }
            _ => false,
        }
    }

    /// `this.name = value` in the methods of the class whose method `scope` is in (the
    /// values an instance field can hold), in source order.
    pub(crate) fn instance_field_writes(
        &self,
        scope: ScopeId,
        name: &Atom,
    ) -> Vec<(ScopeId, &'a Expr)> {
        let Some(class) = self
            .this_function(scope)
            .and_then(|f| self.function(f).class)
        else {
            return Vec::new();
        };
        let Some(writes) = self.classes().this_writes.get(&(class, name.clone())) else {
            return Vec::new();
        };
        writes
            .iter()
            .take(8)
            .map(|&i| (self.member_writes[i].scope, self.member_writes[i].value))
            .collect()
    }

    /// The one value `this.name` is given in its class (`this.options = { … }` in the
    /// constructor, read by another method), when the class writes it exactly once.
    pub fn this_field_origin(&self, scope: ScopeId, expr: &Expr) -> Option<(ScopeId, &'a Expr)> {
        let Expr::Member(m) = unwrap_expr(expr) else {
            return None;
        };
        if !matches!(unwrap_expr(&m.obj), Expr::This(_)) {
            return None;
        }
        let name = super::member_prop_name(&m.prop)?;
        let this_fn = self.this_function(scope);
        let in_class = this_fn.is_some_and(|f| self.function(f).class.is_some());
        if in_class {
            return match self.instance_field_writes(scope, &name).as_slice() {
                [one] => Some(*one),
                _ => None,
            };
        }
        // Outside a class: the writes that see the same `this` (the same function, or the
        // module's top level for arrows there).
        match self
            .classes()
            .loose_this_writes
            .get(&(this_fn, name))
            .map(Vec::as_slice)
        {
            Some([one]) => {
                let w = &self.member_writes[*one];
                Some((w.scope, w.value))
            }
            _ => None,
        }
    }

    /// Whether an expression reads from a binding imported from a relative specifier
    /// (`util.note` with `util = require('./lib/util')`): a cheap test, before asking what it is.
    pub(crate) fn imported_from_project(&self, scope: ScopeId, expr: &Expr) -> bool {
        let Some(b) = self.root_binding(scope, expr) else {
            return false;
        };
        match &self.binding(b).init {
            Init::Import { source, .. } => super::is_relative(source),
            Init::Expr { expr, .. } => match unwrap_expr(expr) {
                Expr::Call(c) => {
                    matches!(c.callee.as_expr().map(|c| unwrap_expr(c)), Some(Expr::Ident(id)) if &*id.sym == "require")
                        && matches!(c.args.first().map(|a| unwrap_expr(&a.expr)),
                            Some(Expr::Lit(swc_ecma_ast::Lit::Str(s))) if s.value.as_str().is_some_and(super::is_relative))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The function whose `this` a scope sees: the innermost enclosing function that is not
    /// an arrow.
    fn this_function(&self, scope: ScopeId) -> Option<FunctionId> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = self.scope(id);
            if let Some(f) = s.function {
                if !self.function(f).is_arrow {
                    return Some(f);
                }
            }
            current = s.parent;
        }
        None
    }

    /// The function of the file that a callee names (`getKey` of `getKey(ctx)`, `this.audit`
    /// of `this.audit(ctx)` in a method of the class that has `audit`), when the name certainly
    /// names it.
    pub(crate) fn local_callee(&self, scope: ScopeId, callee: &Expr) -> Option<FunctionId> {
        if let Expr::Member(m) = unwrap_expr(callee) {
            if !matches!(unwrap_expr(&m.obj), Expr::This(_)) {
                return None;
            }
            let name = member_prop_name(&m.prop)?;
            let class = self
                .this_function(scope)
                .and_then(|f| self.function(f).class)?;
            return self
                .classes()
                .methods
                .get(&(class, name))
                .copied()
                .flatten();
        }
        let b = self.ident_binding(scope, callee)?;
        let binding = self.binding(b);
        if !binding.writes.is_empty() || binding.opaque_write {
            return None;
        }
        match &binding.init {
            Init::Function(f) => Some(*f),
            Init::Expr { expr, path, .. } if path.is_empty() => match unwrap_expr(expr) {
                Expr::Arrow(a) => self.function_at(a.span),
                Expr::Fn(f) => self.function_at(f.function.span),
                _ => None,
            },
            _ => None,
        }
    }

    /// What a function gives back: its returned expressions, with the scope each stands in.
    /// Generators give back an iterator, not these.
    pub(crate) fn returned(&self, f: FunctionId) -> Vec<(ScopeId, &'a Expr)> {
        let facts = self.function(f);
        if facts.is_generator {
            return Vec::new();
        }
        match facts.body {
            FunctionBody::Expr(e) => vec![(facts.scope, e)],
            FunctionBody::Block => facts
                .returns
                .iter()
                .filter_map(|(s, e, _)| e.map(|e| (*s, e)))
                .collect(),
        }
    }
}
