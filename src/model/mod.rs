//! The per-file semantic model that every rule shares.
//!
//! One walk over the AST (`build.rs`) records scopes and bindings, and indexes the nodes rules
//! care about: object literals (with where each one goes), calls, member writes, functions and
//! the member names the file reads. Rules never walk the AST; they ask the model what an
//! expression *is* (`value.rs`) and query these indexes.
//!
//! The model owns no rule knowledge: it does not know what `rejectUnauthorized` means.

mod apis;
mod build;
pub use build::{is_relative, project_specifier};
mod calls;
mod carry;
mod koa;
mod secrets;
mod summary;
mod value;

#[cfg(test)]
mod tests;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_atoms::Atom;
use swc_common::{BytePos, Span};
use swc_ecma_ast::{Expr, ExprOrSpread, Function, ObjectLit, Pat, Program, Prop, PropName};

pub use apis::{
    ANY, CREDENTIAL_SINKS, CredentialSink, Form, HEADER_SETTERS, HTTP_CLIENTS, ISSUED_CREDENTIALS,
    IssuedCredential, LOGGER_CONFIGURATION, LOGGER_FACTORIES, LoggerFactory, Made,
    QUERY_STRING_OPTIONS, REPORTER_WRITES, SinkUse, TLS_CALLS, TLS_OPTIONS, TlsCall, TlsCheck,
    TlsOption, UserKind, UserModel, issued_credential, logger_made, secret_source, tls_call,
    tls_option,
};
pub use carry::{Carried, Taint, Via};
pub use koa::{
    CREDENTIAL_HEADERS, Handler, HeaderSet, KoaObj, Vocabulary, is_secret_env, is_secret_name,
};
pub use secrets::{
    KeyFormat, is_cert_identity_field, is_env_name, is_placeholder, is_query_key_name,
    is_sample_jwt, key_format, key_format_ranges, looks_random, names_its_holder,
};
pub use summary::{Exported, Fact, FactKind, ModuleSummary};
pub use value::{Dynamic, Lit, Source, SourceKind, Value, words};

/// Per function (or the top level), where `ctx.status` is set to 4xx/5xx: the scope and position
/// of each write.
pub(crate) type ErrorStatuses = HashMap<Option<FunctionId>, Vec<(ScopeId, BytePos)>>;

/// Index of a scope in [`FileModel::scopes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScopeId(u32);

/// Index of a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BindingId(u32);

/// Index of a function (declaration, expression, arrow, method).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FunctionId(u32);

impl FunctionId {
    /// Its position among the file's functions (source order of their starts).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of an indexed call or `new` expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallId(u32);

/// Index of an indexed object literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ObjectId(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module or script top level; `var` and functions land here.
    Top,
    /// A function's parameters and body.
    Function,
    /// A block, loop head or `switch`.
    Block,
    /// A `catch` clause: its parameter and body.
    Catch,
}

#[derive(Debug)]
pub struct Scope {
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    /// The function whose parameters and body this scope holds.
    pub function: Option<FunctionId>,
    names: HashMap<Atom, BindingId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    Var,
    Let,
    Const,
    Param,
    Function,
    Class,
    Import,
    CatchParam,
}

/// One step from a destructured value to the bound name: `const { a: { b } } = x` binds `b` at
/// `[Key(a), Key(b)]` of `x`.
#[derive(Clone, Debug, PartialEq)]
pub enum PatStep {
    Key(Atom),
    Index(usize),
    /// `...rest`: what is left of the object or array.
    Rest,
    /// A computed key (`const { [k]: v } = x`).
    Computed,
}

/// What a name was bound to where it was declared.
#[derive(Clone, Debug)]
pub enum Init<'a> {
    /// `const x = expr` (and destructuring: `path` leads from `expr` to the name).
    Expr {
        scope: ScopeId,
        expr: &'a Expr,
        path: Vec<PatStep>,
        default: Option<&'a Expr>,
    },
    /// The `index`-th parameter of `function`, destructured along `path`.
    Param {
        function: FunctionId,
        index: usize,
        path: Vec<PatStep>,
        default: Option<&'a Expr>,
    },
    Function(FunctionId),
    /// `import x from 'src'` (`name` None for default and namespace imports).
    Import {
        source: Atom,
        name: Option<Atom>,
    },
    /// Declared without a value we can follow (`let x;`, `for (const x of xs)`, a class).
    Opaque,
}

#[derive(Debug)]
pub struct Binding<'a> {
    pub name: Atom,
    pub kind: BindingKind,
    pub scope: ScopeId,
    /// The declaring identifier.
    pub span: Span,
    pub init: Init<'a>,
    /// Later `x = e` (and `x ||= e`, `x ??= e`) writes, in source order.
    pub writes: Vec<(ScopeId, &'a Expr, Span)>,
    /// A write we cannot follow (`x += 1`, `[x] = pair`, `x++`).
    pub opaque_write: bool,
    /// Declared by `export const …` / `export function …`.
    pub exported: bool,
}

/// What the file does to the object a binding names (built the first time a question needs it).
#[derive(Debug, Default)]
pub struct Mutations {
    /// `b.prop = v` (indexes into `member_writes`, in source order).
    pub member_writes: Vec<usize>,
    /// `delete b.prop` (indexes into `member_deletes`).
    pub member_deletes: Vec<usize>,
    /// `Object.assign(b, …)`.
    pub object_assigns: Vec<CallId>,
}

/// The calls a binding takes part in (built the first time a question needs it).
#[derive(Debug, Default)]
pub struct CallUses {
    /// Calls that are passed `b` itself as an argument.
    pub passed_to: Vec<CallId>,
    /// Calls of `b` itself: `b(…)`.
    pub called_at: Vec<CallId>,
}

/// Where an object literal or a function expression stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// Argument `index` of a call or `new`.
    CallArg(CallId, usize),
    /// The value of a property of another object literal.
    PropValue(ObjectId),
    /// The initialiser of a binding (`const opts = { … }`).
    Init(BindingId),
    /// Exported: `export default …`, `module.exports = …`, `exports.x = …`.
    Export,
    /// Returned by a function (`return …`, or an arrow's expression body).
    Return(FunctionId),
    Other,
}

#[derive(Debug)]
pub struct ObjectSite<'a> {
    pub scope: ScopeId,
    pub lit: &'a ObjectLit,
    pub site: Site,
}

#[derive(Debug)]
pub struct CallSite<'a> {
    pub scope: ScopeId,
    pub span: Span,
    /// `None` for `super(…)` and `import(…)`.
    pub callee: Option<&'a Expr>,
    pub args: &'a [ExprOrSpread],
    pub is_new: bool,
}

/// `delete obj.prop` with a static property name.
#[derive(Debug)]
pub struct MemberDelete<'a> {
    pub scope: ScopeId,
    pub object: &'a Expr,
    pub prop: Atom,
}

/// `obj.prop = value` or `obj['prop'] = value` with a static property name.
#[derive(Debug)]
pub struct MemberWrite<'a> {
    pub scope: ScopeId,
    /// The whole assignment expression.
    pub span: Span,
    pub object: &'a Expr,
    pub prop: Atom,
    pub value: &'a Expr,
}

/// `a === b`, `a != b`, or one `case` of a `switch` (`left` is the discriminant).
#[derive(Debug)]
pub struct Comparison<'a> {
    pub scope: ScopeId,
    pub span: Span,
    pub left: &'a Expr,
    pub right: &'a Expr,
    /// `!==` / `!=`.
    pub negated: bool,
    /// `===` / `!==` (and `case`).
    pub strict: bool,
    /// Inside a loop of its own function.
    pub in_loop: bool,
    /// In the test of an `if` whose branch returns or throws at once.
    pub exits: bool,
    /// The `switch` this `case` belongs to (numbered in source order).
    pub switch: Option<u32>,
}

/// An `if` statement: its test and where its branches lie.
#[derive(Debug)]
pub struct Guard<'a> {
    pub scope: ScopeId,
    pub test: &'a Expr,
    pub cons: Span,
    pub alt: Option<Span>,
    /// The branch taken when the test holds returns or throws at once.
    pub cons_exits: bool,
}

/// A read of a member whose name rules ask about (key-like query names, certificate identity
/// fields): `ctx.query.api_key`, `cert.subject`.
#[derive(Debug)]
pub struct NamedRead<'a> {
    pub scope: ScopeId,
    pub object: &'a Expr,
    pub prop: Atom,
    /// The whole member expression.
    pub span: Span,
}

/// A class field or a TypeScript parameter property with its initial value:
/// `apiKey = '…'`, `constructor(private token = '…')`.
#[derive(Debug)]
pub struct NamedValue<'a> {
    pub scope: ScopeId,
    pub name: Atom,
    pub name_span: Span,
    pub value: &'a Expr,
}

/// A function's parameters, borrowed from its node.
#[derive(Clone, Copy, Debug)]
pub enum Params<'a> {
    Function(&'a [swc_ecma_ast::Param]),
    Arrow(&'a [Pat]),
    /// A constructor (its parameters are bound, not indexed).
    None,
}

impl<'a> Params<'a> {
    pub fn len(&self) -> usize {
        match self {
            Params::Function(p) => p.len(),
            Params::Arrow(p) => p.len(),
            Params::None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<&'a Pat> {
        match self {
            Params::Function(p) => p.get(index).map(|p| &p.pat),
            Params::Arrow(p) => p.get(index),
            Params::None => None,
        }
    }
}

#[derive(Debug)]
pub enum FunctionBody<'a> {
    Block,
    /// An arrow's expression body: `() => value`.
    Expr(&'a Expr),
}

/// What one function looks like from outside and what its own body (not nested functions) does.
#[derive(Debug)]
pub struct FunctionFacts<'a> {
    pub span: Span,
    pub scope: ScopeId,
    pub params: Params<'a>,
    pub body: FunctionBody<'a>,
    /// The `return` statements of its own body, with the scope each stands in.
    pub returns: Vec<(ScopeId, Option<&'a Expr>, Span)>,
    pub throws: bool,
    pub is_arrow: bool,
    pub is_async: bool,
    pub is_generator: bool,
    /// Its first parameter is annotated with Koa's context type.
    pub koa_typed: bool,
    pub site: Site,
    /// The function node itself when it is not an arrow.
    pub node: Option<&'a Function>,
    /// For a class method: the class's `extends` expression and the scope it stands in.
    pub super_class: Option<(ScopeId, &'a Expr)>,
    /// Its own name: a declaration's or a named expression's, or a method's key.
    pub name: Option<Atom>,
    /// For an instance method: the class it belongs to (numbered in source order).
    pub class: Option<u32>,
}

/// The specifier of an Egg application's own objects: `this.app.config.jwt.secret` in a
/// controller reads `[config, jwt, secret]` of it, settled against `config/config.default.js`.
pub const EGG_APP: &str = "egg:app";

/// The name under which `module.exports = …` (and TypeScript's `export = …`) is recorded.
pub const MODULE_EXPORTS: &str = "module.exports";

/// One thing a file exports, as written (see `summary.rs` for what it is).
#[derive(Debug)]
pub enum ExportItem<'a> {
    /// `export default e`, `module.exports = e` (named [`MODULE_EXPORTS`]), `exports.x = e`,
    /// `module.exports.x = e`.
    Expr {
        name: Atom,
        scope: ScopeId,
        expr: &'a Expr,
    },
    /// `export { local as name }`.
    Local {
        name: Atom,
        local: Atom,
        scope: ScopeId,
    },
    /// `export default function () {}`.
    Function { name: Atom, function: FunctionId },
    /// `export { imported as name } from 'source'`, `export * as name from 'source'`
    /// (`imported` None), `export * from 'source'` (both None).
    From {
        name: Option<Atom>,
        source: Atom,
        imported: Option<Atom>,
    },
}

/// The semantic model of one file. Borrows the AST it was built from.
#[derive(Debug)]
pub struct FileModel<'a> {
    /// What counts as a credential in this run.
    pub vocab: &'a Vocabulary,
    scopes: Vec<Scope>,
    bindings: Vec<Binding<'a>>,
    pub objects: Vec<ObjectSite<'a>>,
    pub calls: Vec<CallSite<'a>>,
    pub member_writes: Vec<MemberWrite<'a>>,
    pub member_deletes: Vec<MemberDelete<'a>>,
    pub functions: Vec<FunctionFacts<'a>>,
    /// Koa middleware and route handlers (their first parameter is the context).
    handlers: HashMap<FunctionId, koa::Handler>,
    /// Bindings exported by name: `module.exports = mw`, `export { mw }`, `export default mw`.
    exported_names: HashSet<BindingId>,
    /// What the file exports, in source order (`export const` declarations are bindings with
    /// `exported` set instead).
    pub exports: Vec<ExportItem<'a>>,
    /// Names yielded as they are (`yield next`), with the scope of each `yield`.
    yielded: Vec<(ScopeId, Atom)>,
    /// The file has controllers of a framework on top of Koa.
    controllers: bool,
    /// Per binding: what is done to the object it names, and the calls it is passed to.
    mutations: std::cell::OnceCell<HashMap<BindingId, Mutations>>,
    imported_sources: std::cell::OnceCell<Vec<Atom>>,
    call_uses: std::cell::OnceCell<HashMap<BindingId, CallUses>>,
    /// A parameter taken to be the request's context, to learn what a helper does when it is
    /// given one (see `FileModel::assume_context`).
    assumed: std::cell::Cell<Option<(FunctionId, usize)>>,
    /// Per function: the binding its declaration makes (built the first time it is asked).
    declarations: std::cell::OnceCell<Vec<Option<BindingId>>>,
    /// Per instance method: the `this.name(…)` calls of its class (see `calls.rs`).
    callers: std::cell::OnceCell<HashMap<FunctionId, Vec<CallId>>>,
    /// Per class: its methods by name and the `this.name = …` writes of its methods.
    classes: std::cell::OnceCell<calls::ClassIndex>,
    /// Where each function sets an error status (see `FileModel::is_error_response`).
    error_statuses: std::cell::OnceCell<ErrorStatuses>,
    /// Bindings whose value has been worked out in full (see `value.rs`).
    binding_cache: std::cell::RefCell<HashMap<BindingId, Value<'a>>>,
    /// Parameters whose callers have been asked what they pass (see `carry.rs`).
    param_taints: std::cell::RefCell<HashMap<BindingId, Vec<carry::Taint>>>,
    /// What each binding carries, worked out in full (see `carry.rs`).
    binding_taints: std::cell::RefCell<HashMap<BindingId, Vec<carry::Taint>>>,
    /// Functions by the start of their span, to resolve a function expression to its facts.
    function_at: HashMap<BytePos, FunctionId>,
    /// Reads of `.authorized` (a TLS socket's check of the client's certificate).
    authorized_reads: Vec<(ScopeId, BytePos)>,
    /// Equality comparisons and `switch` cases, in source order.
    pub comparisons: Vec<Comparison<'a>>,
    /// `if` statements, in source order.
    pub guards: Vec<Guard<'a>>,
    /// Reads of watched member names (see [`NamedRead`]).
    pub named_reads: Vec<NamedRead<'a>>,
    /// String literals in a well-known key format.
    pub key_literals: Vec<(Span, KeyFormat)>,
    /// Template literals and `+` chains that build a query string (`?key=${k}`).
    pub url_parts: Vec<(ScopeId, &'a Expr)>,
    /// Class fields and parameter properties with an initial value.
    pub named_values: Vec<NamedValue<'a>>,
    /// JSX attributes with a string value: name, name span, literal span.
    pub jsx_strings: Vec<(Atom, Span, Span)>,
}

impl<'a> FileModel<'a> {
    /// Builds the model with one walk over `program`.
    pub fn build(program: &'a Program, vocab: &'a Vocabulary) -> Self {
        build::Builder::run(program, vocab)
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }

    pub fn binding(&self, id: BindingId) -> &Binding<'a> {
        &self.bindings[id.0 as usize]
    }

    pub fn call(&self, id: CallId) -> &CallSite<'a> {
        &self.calls[id.0 as usize]
    }

    pub fn object(&self, id: ObjectId) -> &ObjectSite<'a> {
        &self.objects[id.0 as usize]
    }

    pub fn function(&self, id: FunctionId) -> &FunctionFacts<'a> {
        &self.functions[id.0 as usize]
    }

    /// A function's name: its own (declaration, named expression, method key) or the name it is
    /// bound to (`const resetPassword = async (ctx) => …`).
    pub fn function_name(&self, f: FunctionId) -> Option<Atom> {
        let facts = self.function(f);
        facts.name.clone().or_else(|| match facts.site {
            Site::Init(b) => Some(self.binding(b).name.clone()),
            _ => self
                .declared_function(f)
                .map(|b| self.binding(b).name.clone()),
        })
    }

    /// Whether the file imports or requires one of `packages` (by its bare name or a subpath).
    pub fn uses_package(&self, packages: &[&str]) -> bool {
        self.imported_sources().iter().any(|source| {
            packages.iter().any(|p| {
                &**source == *p
                    || source
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        })
    }

    /// Every specifier the file imports or requires (`import … from 'x'`, `require('x')`),
    /// collected once.
    fn imported_sources(&self) -> &[Atom] {
        self.imported_sources.get_or_init(|| {
            let mut out: Vec<Atom> = Vec::new();
            for b in &self.bindings {
                if let Init::Import { source, .. } = &b.init {
                    if !out.contains(source) {
                        out.push(source.clone());
                    }
                }
            }
            for c in &self.calls {
                let required = matches!(c.callee.map(unwrap_expr), Some(Expr::Ident(id)) if &*id.sym == "require");
                if !required {
                    continue;
                }
                if let Some(Expr::Lit(swc_ecma_ast::Lit::Str(s))) =
                    c.args.first().map(|a| unwrap_expr(&a.expr))
                {
                    let source = str_atom(&s.value);
                    if !out.contains(&source) {
                        out.push(source);
                    }
                }
            }
            out
        })
    }

    /// An indexed object literal as a value (with the binding it initialises, so that later
    /// member writes and spreads count).
    pub fn object_value(&self, id: ObjectId) -> Value<'a> {
        let site = self.object(id);
        Value::Object {
            scope: site.scope,
            lit: site.lit,
            binding: match site.site {
                Site::Init(b) => Some(b),
                _ => None,
            },
        }
    }

    pub fn object_ids(&self) -> impl Iterator<Item = ObjectId> + '_ {
        (0..self.objects.len() as u32).map(ObjectId)
    }

    /// The binding that `name` refers to from `scope`, or `None` for a global.
    pub fn resolve(&self, scope: ScopeId, name: &Atom) -> Option<BindingId> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = self.scope(id);
            if let Some(b) = s.names.get(name) {
                return Some(*b);
            }
            current = s.parent;
        }
        None
    }

    /// The innermost function whose scope holds `scope`.
    pub fn function_of_scope(&self, scope: ScopeId) -> Option<FunctionId> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = self.scope(id);
            if let Some(f) = s.function {
                return Some(f);
            }
            current = s.parent;
        }
        None
    }

    /// Whether `scope` lies inside function `f` (at any depth).
    pub fn scope_within(&self, scope: ScopeId, f: FunctionId) -> bool {
        let target = self.function(f).scope;
        let mut current = Some(scope);
        while let Some(id) = current {
            if id == target {
                return true;
            }
            current = self.scope(id).parent;
        }
        false
    }

    /// Whether the file serves requests: it has Koa middleware or a route handler, or a
    /// controller of a framework on top of Koa (Egg, ThinkJS, routing-controllers).
    pub fn has_handlers(&self) -> bool {
        !self.handlers.is_empty() || self.controllers
    }

    /// The handler facts of `f` when it is Koa middleware or a route handler.
    pub fn handler(&self, f: FunctionId) -> Option<&koa::Handler> {
        self.handlers.get(&f)
    }

    /// The nearest enclosing handler of a scope, with the function itself.
    pub fn enclosing_handler(&self, scope: ScopeId) -> Option<(FunctionId, &koa::Handler)> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = self.scope(id);
            if let Some(h) = s.function.and_then(|f| self.handler(f).map(|h| (f, h))) {
                return Some(h);
            }
            current = s.parent;
        }
        None
    }

    /// Whether the file reads `.authorized` on anything — a TLS socket's check that the client's
    /// certificate was verified (writes do not count).
    pub fn reads_authorized(&self) -> bool {
        !self.authorized_reads.is_empty()
    }

    /// Where `.authorized` is read, with the scope of each read.
    pub fn authorized_reads(&self) -> &[(ScopeId, BytePos)] {
        &self.authorized_reads
    }

    /// Every binding, in declaration order.
    pub fn bindings(&self) -> impl Iterator<Item = (BindingId, &Binding<'a>)> + '_ {
        self.bindings
            .iter()
            .enumerate()
            .map(|(i, b)| (BindingId(i as u32), b))
    }

    /// The binding that names function `f` where it is declared (`function f() {}`).
    pub fn declared_function(&self, f: FunctionId) -> Option<BindingId> {
        self.declarations
            .get_or_init(|| {
                let mut out = vec![None; self.functions.len()];
                for (i, b) in self.bindings.iter().enumerate() {
                    if let Init::Function(g) = b.init {
                        if let Some(slot) = out.get_mut(g.0 as usize) {
                            slot.get_or_insert(BindingId(i as u32));
                        }
                    }
                }
                out
            })
            .get(f.0 as usize)
            .copied()
            .flatten()
    }

    /// The innermost `catch` clause around `scope` within its function, if any.
    pub fn in_catch(&self, scope: ScopeId) -> Option<ScopeId> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let s = self.scope(id);
            match s.kind {
                ScopeKind::Catch => return Some(id),
                ScopeKind::Function | ScopeKind::Top => return None,
                ScopeKind::Block => current = s.parent,
            }
        }
        None
    }

    /// The `catch` parameter declared in a catch scope.
    pub fn catch_param(&self, catch: ScopeId) -> Option<BindingId> {
        self.scope(catch)
            .names
            .values()
            .copied()
            .find(|b| self.binding(*b).kind == BindingKind::CatchParam)
    }

    /// The function whose node starts at `span`, if the model indexed one there.
    pub fn function_at(&self, span: Span) -> Option<FunctionId> {
        self.function_at.get(&span.lo).copied()
    }

    /// The calls that receive an object literal: the call it is an argument of (`direct`), or,
    /// when the object was first bound to a name, every call that is passed that name (in source
    /// order). An object nested in another literal goes where the outer one goes;
    /// `Object.assign(target, { … })` sends it where `target` goes.
    pub fn receiving_calls(&self, id: ObjectId) -> Vec<(CallId, bool)> {
        let mut site = self.object(id).site;
        for _ in 0..64 {
            match site {
                Site::PropValue(outer) => site = self.object(outer).site,
                Site::CallArg(call, index) if index > 0 && self.is_object_assign(call) => {
                    let c = self.call(call);
                    return c
                        .args
                        .first()
                        .and_then(|target| self.ident_binding(c.scope, &target.expr))
                        .map(|b| self.calls_passing(b).map(|c| (c, false)).collect())
                        .unwrap_or_default();
                }
                Site::CallArg(call, _) => return vec![(call, true)],
                Site::Init(binding) => {
                    return self.calls_passing(binding).map(|c| (c, false)).collect();
                }
                Site::Export | Site::Return(_) | Site::Other => break,
            }
        }
        Vec::new()
    }

    /// The calls (in source order) that pass the binding itself as an argument.
    pub fn calls_passing(&self, binding: BindingId) -> impl Iterator<Item = CallId> + '_ {
        self.call_uses(binding).passed_to.iter().copied()
    }

    /// What the file does to the object a binding names.
    pub fn mutations(&self, binding: BindingId) -> &Mutations {
        static NONE: std::sync::OnceLock<Mutations> = std::sync::OnceLock::new();
        self.mutations
            .get_or_init(|| self.index_mutations())
            .get(&binding)
            .unwrap_or_else(|| NONE.get_or_init(Mutations::default))
    }

    /// The calls a binding is passed to or called by.
    pub fn call_uses(&self, binding: BindingId) -> &CallUses {
        static NONE: std::sync::OnceLock<CallUses> = std::sync::OnceLock::new();
        self.call_uses
            .get_or_init(|| self.index_call_uses())
            .get(&binding)
            .unwrap_or_else(|| NONE.get_or_init(CallUses::default))
    }

    fn index_mutations(&self) -> HashMap<BindingId, Mutations> {
        let mut out: HashMap<BindingId, Mutations> = HashMap::default();
        for (i, w) in self.member_writes.iter().enumerate() {
            if let Some(b) = self.ident_binding(w.scope, w.object) {
                out.entry(b).or_default().member_writes.push(i);
            }
        }
        for (i, del) in self.member_deletes.iter().enumerate() {
            if let Some(b) = self.ident_binding(del.scope, del.object) {
                out.entry(b).or_default().member_deletes.push(i);
            }
        }
        for (i, call) in self.calls.iter().enumerate() {
            let id = CallId(i as u32);
            if !self.is_object_assign(id) {
                continue;
            }
            if let Some(b) = call
                .args
                .first()
                .and_then(|a| self.ident_binding(call.scope, &a.expr))
            {
                out.entry(b).or_default().object_assigns.push(id);
            }
        }
        out
    }

    fn index_call_uses(&self) -> HashMap<BindingId, CallUses> {
        let mut out: HashMap<BindingId, CallUses> = HashMap::default();
        for (i, call) in self.calls.iter().enumerate() {
            let id = CallId(i as u32);
            if let Some(b) = call.callee.and_then(|c| self.ident_binding(call.scope, c)) {
                out.entry(b).or_default().called_at.push(id);
            }
            for a in call.args.iter().filter(|a| a.spread.is_none()) {
                let Some(b) = self.ident_binding(call.scope, &a.expr) else {
                    continue;
                };
                let entry = out.entry(b).or_default();
                if entry.passed_to.last() != Some(&id) {
                    entry.passed_to.push(id);
                }
            }
        }
        out
    }

    /// The call or `new` whose result a name holds (`const router = new Router({ prefix })`,
    /// `const log = pino({ redact })`): where it stands, its callee and its arguments.
    pub fn creation(
        &self,
        scope: ScopeId,
        name: &Expr,
    ) -> Option<(ScopeId, &'a Expr, &'a [ExprOrSpread])> {
        let b = self.ident_binding(scope, name)?;
        let Init::Expr {
            scope, expr, path, ..
        } = &self.binding(b).init
        else {
            return None;
        };
        if !path.is_empty() {
            return None;
        }
        match unwrap_expr(expr) {
            Expr::New(n) => Some((*scope, &*n.callee, n.args.as_deref().unwrap_or(&[]))),
            Expr::Call(c) => match &c.callee {
                swc_ecma_ast::Callee::Expr(callee) => Some((*scope, &**callee, &c.args[..])),
                _ => None,
            },
            _ => None,
        }
    }

    /// The expression a name stands for, with the scope it stands in: `expr` of
    /// `const x = expr` (or of a `let` never written again). `None` for parameters, destructured
    /// and reassigned names, globals and anything that is not a name.
    pub fn initializer(&self, scope: ScopeId, expr: &Expr) -> Option<(ScopeId, &'a Expr)> {
        self.binding_initializer(self.ident_binding(scope, expr)?)
    }

    /// Where a value was written: follows names to their initialisers (see
    /// [`FileModel::initializer`]) until an expression that is not such a name, seeing through
    /// parentheses and TS wrappers. `const p = new URLSearchParams(q); const r = p;` leads from
    /// `r` to `new URLSearchParams(q)`.
    pub fn origin(&self, mut scope: ScopeId, expr: &'a Expr) -> (ScopeId, &'a Expr) {
        let mut expr = unwrap_expr(expr);
        for _ in 0..16 {
            match self.initializer(scope, expr) {
                Some((s, init)) => {
                    scope = s;
                    expr = unwrap_expr(init);
                }
                None => break,
            }
        }
        (scope, expr)
    }

    /// [`FileModel::initializer`] of a binding.
    pub fn binding_initializer(&self, b: BindingId) -> Option<(ScopeId, &'a Expr)> {
        let binding = self.binding(b);
        match &binding.init {
            Init::Expr {
                scope, expr, path, ..
            } if path.is_empty() && binding.writes.is_empty() && !binding.opaque_write => {
                Some((*scope, *expr))
            }
            _ => None,
        }
    }

    /// The binding an expression names, seeing through parentheses and TS wrappers.
    pub fn ident_binding(&self, scope: ScopeId, expr: &Expr) -> Option<BindingId> {
        match unwrap_expr(expr) {
            Expr::Ident(id) => self.resolve(scope, &id.sym),
            _ => None,
        }
    }

    fn is_object_assign(&self, call: CallId) -> bool {
        let site = self.call(call);
        match site.callee.map(unwrap_expr) {
            Some(Expr::Member(m)) => {
                matches!(unwrap_expr(&m.obj), Expr::Ident(o) if o.sym == "Object"
                    && self.resolve(site.scope, &o.sym).is_none())
                    && member_prop_name(&m.prop).as_deref() == Some("assign")
            }
            _ => false,
        }
    }
}

/// What a chain of member reads and calls starts from: `config` of `config.jwt.secret`, `key`
/// of `key.trim()`, `require` of `require('./x').a`, `this` of `this.app.config`.
pub fn chain_root(expr: &Expr) -> &Expr {
    let mut e = unwrap_expr(expr);
    loop {
        e = match e {
            Expr::Member(m) => unwrap_expr(&m.obj),
            Expr::Call(c) => match &c.callee {
                swc_ecma_ast::Callee::Expr(callee) => unwrap_expr(callee),
                _ => return e,
            },
            Expr::Await(a) => unwrap_expr(&a.arg),
            _ => return e,
        };
    }
}

/// The elements of an array literal (spreads left out), or the expression itself.
pub fn elements_or_self(expr: &Expr) -> Vec<&Expr> {
    match unwrap_expr(expr) {
        Expr::Array(arr) => arr
            .elems
            .iter()
            .flatten()
            .filter(|e| e.spread.is_none())
            .map(|e| &*e.expr)
            .collect(),
        e => vec![e],
    }
}

/// Sees through parentheses and TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>x`).
pub fn unwrap_expr(mut expr: &Expr) -> &Expr {
    loop {
        expr = match expr {
            Expr::Paren(e) => &e.expr,
            Expr::TsAs(e) => &e.expr,
            Expr::TsSatisfies(e) => &e.expr,
            Expr::TsNonNull(e) => &e.expr,
            Expr::TsTypeAssertion(e) => &e.expr,
            Expr::TsConstAssertion(e) => &e.expr,
            Expr::TsInstantiation(e) => &e.expr,
            _ => return expr,
        }
    }
}

/// The static name of a property key: `a`, `'a'`, `1`, `['a']`.
pub fn prop_name(key: &PropName) -> Option<Atom> {
    match key {
        PropName::Ident(i) => Some(i.sym.clone()),
        PropName::Str(s) => Some(str_atom(&s.value)),
        PropName::Num(n) => Some(Atom::from(n.value.to_string())),
        PropName::Computed(c) => match unwrap_expr(&c.expr) {
            Expr::Lit(swc_ecma_ast::Lit::Str(s)) => Some(str_atom(&s.value)),
            _ => None,
        },
        PropName::BigInt(_) => None,
    }
}

/// The static name of a member access: `a.b`, `a['b']`, `` a[`b`] ``.
pub fn member_prop_name(prop: &swc_ecma_ast::MemberProp) -> Option<Atom> {
    use swc_ecma_ast::MemberProp;
    match prop {
        MemberProp::Ident(i) => Some(i.sym.clone()),
        MemberProp::Computed(c) => match unwrap_expr(&c.expr) {
            Expr::Lit(swc_ecma_ast::Lit::Str(s)) => Some(str_atom(&s.value)),
            Expr::Tpl(t) if t.exprs.is_empty() => t
                .quasis
                .first()
                .and_then(|q| q.cooked.as_ref())
                .map(str_atom),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

/// The key of an object-literal property, if static.
/// The name an expression reads by: an identifier's, or a member's property (`config.apiKey` is
/// `apiKey`).
pub fn read_name(e: &Expr) -> Option<Atom> {
    match unwrap_expr(e) {
        Expr::Ident(id) => Some(id.sym.clone()),
        Expr::Member(mem) => member_prop_name(&mem.prop),
        _ => None,
    }
}

pub fn prop_key(prop: &Prop) -> Option<Atom> {
    match prop {
        Prop::Shorthand(i) => Some(i.sym.clone()),
        Prop::KeyValue(kv) => prop_name(&kv.key),
        Prop::Assign(a) => Some(a.key.sym.clone()),
        Prop::Getter(g) => prop_name(&g.key),
        Prop::Setter(s) => prop_name(&s.key),
        Prop::Method(m) => prop_name(&m.key),
    }
}

pub(crate) fn str_atom(value: &swc_atoms::Wtf8Atom) -> Atom {
    match value.as_str() {
        Some(s) => Atom::from(s),
        None => Atom::from(value.to_string_lossy().as_ref()),
    }
}

/// Byte range of a span in the source text the parser was given (positions start at 1).
pub fn byte_range(span: Span) -> std::ops::Range<usize> {
    let lo = span.lo.0.saturating_sub(1) as usize;
    let hi = span.hi.0.saturating_sub(1) as usize;
    lo..hi.max(lo)
}
