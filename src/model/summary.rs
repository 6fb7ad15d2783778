//! Module summaries: what a file's exports are, in owned data that outlives its syntax tree.
//!
//! # Across files: the design
//!
//! koalint parses every file once, in parallel, and drops each tree when the file is done. What
//! crosses files is small and owned:
//!
//! 1. **First pass (per file, in parallel).** The model is built and every rule runs, as for a
//!    lone file. Two things come out besides findings:
//!    - the file's [`ModuleSummary`]: each export (`export …`, `module.exports = …`,
//!      `exports.x = …`, re-exports) as an [`Exported`] value — a string literal (with its
//!      place), an object of such values, a logger made by a catalogued factory, a function
//!      with the [`Fact`]s rules recorded about its parameters (this one is written to a log,
//!      that one is compared in variable time), or another module's export;
//!    - **questions**: findings a rule could not settle because they hinge on a binding imported
//!      from the project's own modules (`jwt.sign(p, config.jwtSecret)` with
//!      `config = require('./config')`; `debugLog(ctx.headers)` with `debugLog` imported). Each
//!      question carries its finding, fully built, and what must hold for it to stand.
//!      Questions about what an imported *function* does with its arguments (logs them,
//!      compares them) are asked only by files that serve requests: every argument of every
//!      such call has to be evaluated to ask, and outside request-serving code the arguments
//!      that matter (request credentials, a helper's parameters) are not known anyway.
//! 2. **Second pass (once, sequential, cheap).** Each relative specifier is resolved to a file
//!    (extensions `.js .mjs .cjs .ts .mts .cts .tsx .jsx`, `index` files) among the linted
//!    files, or read from disk when the file was not linted (a single file or an editor buffer
//!    still sees its project); re-exports are followed a bounded number of steps. A question
//!    whose condition holds becomes a finding of the file that asked — the span stays where
//!    the problem is (the use), and a label names the other file and line — before that
//!    file's inline directives are applied. `node_modules` is never followed: packages are the
//!    API catalogue's business.
//!
//! The second pass never parses a file the first pass parsed, holds no syntax tree, and gives
//! the same answer whatever order the first pass finished in.

use std::ops::Range;

use swc_atoms::Atom;
use swc_common::{Span, Spanned};
use swc_ecma_ast::{Expr, Prop};

use super::apis::{Made, logger_made};
use super::build::project_specifier;
use super::value::{Lit, SourceKind, Value};
use super::{BindingId, ExportItem, FileModel, FunctionId, ScopeId, byte_range, unwrap_expr};

/// Objects are summarised this deep, with at most this many keys each.
const MAX_DEPTH: u32 = 4;
const MAX_KEYS: usize = 64;

/// What a rule found out about a function's parameter, for files that import the function.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub kind: FactKind,
    /// Where in the exporting file it happens.
    pub range: Range<usize>,
    /// What is written or compared, described (never a value): "all request headers".
    pub what: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactKind {
    /// The parameter at this index is written to a log.
    LogsParam(usize),
    /// The parameter at this index is compared in variable time (`===`, a hand-written loop,
    /// an early exit on its length).
    ComparesParam(usize),
    /// Given the request's context at this index, the function logs credentials read from it
    /// (`function logRequest(c) { log.info({ headers: c.headers }) }`).
    LogsContextParam(usize),
}

/// One exported value, owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Exported {
    /// A string literal: its text, and its byte offset (lines are counted only for the few
    /// that a finding names). `fallback`: it is what runs when the environment does not set
    /// the value (`process.env.KEY || '…'`).
    Str {
        text: Box<str>,
        offset: usize,
        fallback: bool,
        /// The exporting file reports this literal itself (a use elsewhere adds nothing).
        reported: bool,
    },
    Object(Vec<(Atom, Exported)>),
    /// A function, with what rules recorded about its parameters.
    Function(Vec<Fact>),
    /// A logger or log function made by a catalogued factory (`pino()`, `debug('app')`).
    Logger(Made),
    /// Another module's export: `module.exports = require('./x')`, `export { a } from './x'`.
    Import {
        source: Atom,
        path: Vec<Atom>,
    },
    /// What an Egg configuration factory returns (`module.exports = appInfo => { …; return
    /// config }` in `config/config.default.js`): the application's configuration.
    Config(Box<Exported>),
    Unknown,
}

impl Exported {
    /// Property `key` of an exported object.
    pub fn member(&self, key: &str) -> Option<&Exported> {
        match self {
            Exported::Object(fields) => fields.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// What a file exports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModuleSummary {
    /// By export name; `default` for `export default`, [`super::MODULE_EXPORTS`] for
    /// `module.exports = …`.
    pub exports: Vec<(Atom, Exported)>,
    /// `export * from '…'` sources.
    pub stars: Vec<Atom>,
}

impl ModuleSummary {
    pub fn is_empty(&self) -> bool {
        self.exports.is_empty() && self.stars.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&Exported> {
        self.exports
            .iter()
            .rev()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }
}

impl<'a> FileModel<'a> {
    /// The file's exports, summarised. `facts` are what rules recorded about functions;
    /// `reported` says whether the file's own findings start at a byte offset.
    pub fn summary(
        &self,
        facts: &[(FunctionId, Fact)],
        reported: &dyn Fn(usize) -> bool,
        egg_config: bool,
    ) -> ModuleSummary {
        let mut out = ModuleSummary::default();
        let s = Summariser {
            m: self,
            facts,
            reported,
        };
        for (id, b) in self.bindings() {
            if b.exported {
                out.exports.push((b.name.clone(), s.binding(id)));
            }
        }
        for item in &self.exports {
            match item {
                ExportItem::Expr { name, scope, expr } => {
                    let config = egg_config.then(|| s.config_factory(*scope, expr)).flatten();
                    let value = config.unwrap_or_else(|| s.expr(*scope, expr, 0));
                    out.exports.push((name.clone(), value));
                }
                ExportItem::Local { name, local, scope } => {
                    let v = match self.resolve(*scope, local) {
                        Some(b) => s.binding(b),
                        None => Exported::Unknown,
                    };
                    out.exports.push((name.clone(), v));
                }
                ExportItem::Function { name, function } => {
                    out.exports
                        .push((name.clone(), Exported::Function(s.facts_of(*function))));
                }
                ExportItem::From {
                    name: Some(name),
                    source,
                    imported,
                } => out.exports.push((
                    name.clone(),
                    Exported::Import {
                        source: source.clone(),
                        path: imported.iter().cloned().collect(),
                    },
                )),
                ExportItem::From {
                    name: None, source, ..
                } => out.stars.push(source.clone()),
            }
        }
        out
    }
}

fn is_string(expr: &Expr) -> bool {
    matches!(unwrap_expr(expr), Expr::Lit(swc_ecma_ast::Lit::Str(_)))
}

/// An object literal's static keys (the first of each, at most [`MAX_KEYS`]), each with what
/// `value` says it holds.
fn fields<'l>(
    lit: &'l swc_ecma_ast::ObjectLit,
    value: impl Fn(&'l Prop, &Atom) -> Exported,
) -> Exported {
    let mut fields: Vec<(Atom, Exported)> = Vec::new();
    for p in lit.props.iter().filter_map(|p| p.as_prop()).take(MAX_KEYS) {
        let Some(key) = super::prop_key(p) else {
            continue;
        };
        if fields.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let v = value(p, &key);
        fields.push((key, v));
    }
    Exported::Object(fields)
}

struct Summariser<'s, 'm, 'a> {
    m: &'m FileModel<'a>,
    facts: &'s [(FunctionId, Fact)],
    reported: &'s dyn Fn(usize) -> bool,
}

impl<'a> Summariser<'_, '_, 'a> {
    fn facts_of(&self, f: FunctionId) -> Vec<Fact> {
        self.facts
            .iter()
            .filter(|(g, _)| *g == f)
            .map(|(_, fact)| fact.clone())
            .collect()
    }

    /// An Egg configuration factory's result: the one object it returns.
    fn config_factory(&self, scope: ScopeId, expr: &'a Expr) -> Option<Exported> {
        let (scope, expr) = self.m.origin(scope, expr);
        let f = match self.m.value(scope, expr) {
            Value::Function(f) => f,
            _ => return None,
        };
        let [(s, returned)] = self.m.returned(f)[..] else {
            return None;
        };
        Some(Exported::Config(Box::new(self.value_of(s, returned))))
    }

    /// A returned or bound object with the properties written to it afterwards
    /// (`config.keys = …; return config`).
    fn value_of(&self, scope: ScopeId, expr: &'a Expr) -> Exported {
        match self.m.ident_binding(scope, expr) {
            Some(b) => {
                let v = self.m.binding_value(b);
                self.convert(&v, expr.span(), 0)
            }
            None => self.expr(scope, expr, 0),
        }
    }

    fn binding(&self, b: BindingId) -> Exported {
        match &self.m.binding(b).init {
            super::Init::Function(f) => return Exported::Function(self.facts_of(*f)),
            super::Init::Opaque if self.m.binding(b).writes.is_empty() => return Exported::Unknown,
            _ => {}
        }
        match self.m.binding_initializer(b) {
            Some((scope, expr)) => self.expr(scope, expr, 0),
            None => {
                let v = self.m.binding_value(b);
                self.convert(&v, self.m.binding(b).span, 0)
            }
        }
    }

    /// An exported expression: its value, except that a logger made with redaction
    /// (`pino({ redact: […] })`) is not a logger that leaks, and an object literal's
    /// properties are followed by their own expressions.
    fn expr(&self, scope: ScopeId, expr: &'a Expr, depth: u32) -> Exported {
        let (scope, expr) = self.m.origin(scope, expr);
        // Most exports are functions and classes: known by their syntax, nothing to evaluate.
        match unwrap_expr(expr) {
            Expr::Fn(f) => {
                return self
                    .m
                    .function_at(f.function.span)
                    .map_or(Exported::Unknown, |f| Exported::Function(self.facts_of(f)));
            }
            Expr::Arrow(a) => {
                return self
                    .m
                    .function_at(a.span)
                    .map_or(Exported::Unknown, |f| Exported::Function(self.facts_of(f)));
            }
            Expr::Class(_) | Expr::This(_) | Expr::Lit(_) if !is_string(expr) => {
                return Exported::Unknown;
            }
            _ => {}
        }
        let v = self.m.value(scope, expr);
        match (&v, unwrap_expr(expr)) {
            (Value::Module { .. }, _) => match self.convert(&v, expr.span(), depth) {
                Exported::Logger(_) if self.redacts(scope, expr) => Exported::Unknown,
                other => other,
            },
            (Value::Object { .. }, Expr::Object(lit)) if depth < MAX_DEPTH => {
                fields(lit, |p, key| match p {
                    Prop::KeyValue(kv) => self.expr(scope, &kv.value, depth + 1),
                    Prop::Shorthand(id) => match self.m.resolve(scope, &id.sym) {
                        Some(b) => self.binding(b),
                        None => Exported::Unknown,
                    },
                    _ => self
                        .m
                        .property(&v, key, expr.span())
                        .map_or(Exported::Unknown, |pv| {
                            self.convert(&pv, expr.span(), depth + 1)
                        }),
                })
            }
            _ => self.convert(&v, expr.span(), depth),
        }
    }

    /// A call or `new` given options with `redact` or `serializers` (how pino, bunyan and
    /// their wrappers hide fields).
    fn redacts(&self, scope: ScopeId, expr: &'a Expr) -> bool {
        let args = match unwrap_expr(expr) {
            Expr::Call(c) => &c.args[..],
            Expr::New(n) => n.args.as_deref().unwrap_or(&[]),
            _ => return false,
        };
        args.iter().any(|a| {
            let v = self.m.value(scope, &a.expr);
            if !matches!(v, Value::Object { .. }) {
                return false;
            }
            ["redact", "serializers"].iter().any(|k| {
                self.m
                    .property(&v, k, a.expr.span())
                    .is_some_and(|p| !matches!(p, Value::Lit(Lit::Undefined, _)))
            })
        })
    }

    fn string(&self, text: &Atom, span: Span, fallback: bool) -> Exported {
        let start = byte_range(span).start;
        Exported::Str {
            text: Box::from(&**text),
            offset: start,
            fallback,
            // The finding's span is the literal's text, inside its quotes or at it.
            reported: (self.reported)(start) || (self.reported)(start + 1),
        }
    }

    fn convert(&self, v: &Value<'a>, span: Span, depth: u32) -> Exported {
        match v {
            Value::Lit(Lit::Str(s), at) => self.string(s, *at, false),
            Value::Dynamic(d) => {
                let fallback = d
                    .sources
                    .iter()
                    .any(|s| matches!(s.kind, SourceKind::Fallback | SourceKind::Env(_)));
                match d.outcomes.iter().find(|(l, _)| matches!(l, Lit::Str(_))) {
                    Some((Lit::Str(s), at)) if fallback => self.string(s, *at, true),
                    _ => Exported::Unknown,
                }
            }
            Value::Object { lit, binding, .. } if depth < MAX_DEPTH => {
                let value = |key: &Atom| {
                    self.m
                        .property(v, key, span)
                        .map_or(Exported::Unknown, |pv| self.convert(&pv, span, depth + 1))
                };
                let mut out = fields(lit, |_, key| value(key));
                // `config.keys = …` after `const config = {}`: the written keys too.
                if let (Exported::Object(fields), Some(b)) = (&mut out, binding) {
                    for &w in self.m.mutations(*b).member_writes.iter().take(MAX_KEYS) {
                        let key = &self.m.member_writes[w].prop;
                        if !fields.iter().any(|(k, _)| k == key) {
                            fields.push((key.clone(), value(key)));
                        }
                    }
                }
                out
            }
            Value::Function(f) => Exported::Function(self.facts_of(*f)),
            Value::Module { source, path }
                if project_specifier(source)
                    && logger_made(&self.m.vocab.models, source, path).is_none() =>
            {
                Exported::Import {
                    source: source.clone(),
                    path: path.clone(),
                }
            }
            Value::Module { source, path } => match logger_made(&self.m.vocab.models, source, path)
            {
                Some((made, rest)) if rest.is_empty() => Exported::Logger(made),
                _ => Exported::Unknown,
            },
            _ => Exported::Unknown,
        }
    }
}
