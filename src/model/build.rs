//! The one walk over a file's AST that builds the [`FileModel`].
//!
//! swc's `Visit` trait hands out references without the tree's lifetime, so a model built with it
//! could not keep them; this walker is lifetime-aware and covers every node that can hold runtime
//! code (types are skipped). It tracks lexical scopes as it goes: `var` and functions hoist to
//! the enclosing function, `let`/`const`/`class` stay in their block.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_atoms::Atom;
use swc_common::{Span, Spanned};
use swc_ecma_ast::*;

use super::{
    Binding, BindingId, BindingKind, CallId, CallSite, Comparison, ExportItem, FileModel,
    FunctionBody as Body, FunctionFacts, FunctionId, Guard, Init, MODULE_EXPORTS, MemberDelete,
    MemberWrite, NamedRead, NamedValue, ObjectId, ObjectSite, Params, PatStep, Scope, ScopeId,
    ScopeKind, Site, member_prop_name, prop_name, str_atom,
};

/// A pending write to a plain name, resolved once every declaration is known.
struct NameWrite<'a> {
    scope: ScopeId,
    name: &'a Atom,
    value: Option<&'a Expr>,
    span: Span,
}

pub(super) struct Builder<'a> {
    m: FileModel<'a>,
    scope: ScopeId,
    fn_stack: Vec<FunctionId>,
    name_writes: Vec<NameWrite<'a>>,
    /// Inside `export const … = …` / `export function …`.
    exporting: bool,
    /// Names exported by reference, resolved once every declaration is known.
    export_refs: Vec<(ScopeId, &'a Atom)>,
    /// Loops around the current position, within the current function.
    loop_depth: u32,
    /// Walking the test of an `if` whose branch returns or throws at once.
    exit_test: bool,
    /// Switches seen so far (numbers the cases' comparisons).
    switches: u32,
    /// Classes seen so far (numbers their methods' class).
    classes: u32,
    /// Member names already tested for being watched (a file reads the same names again and
    /// again).
    watched: rustc_hash::FxHashMap<Atom, bool>,
}

/// A name bound by a pattern, with the path from the bound value to it.
struct Bound<'a> {
    ident: &'a Ident,
    path: Vec<PatStep>,
    default: Option<&'a Expr>,
}

impl<'a> Builder<'a> {
    pub(super) fn run(program: &'a Program, vocab: &'a super::Vocabulary) -> FileModel<'a> {
        // Size the indexes from the file's length once: growing large vectors by doubling cost
        // more than the walk itself (fresh pages for every reallocation).
        let bytes = program.span().hi.0 as usize;
        let mut scopes = Vec::with_capacity(bytes / 160 + 1);
        scopes.push(Scope {
            parent: None,
            kind: ScopeKind::Top,
            function: None,
            names: HashMap::default(),
        });
        let mut b = Builder {
            m: FileModel {
                vocab,
                scopes,
                bindings: Vec::with_capacity(bytes / 100),
                objects: Vec::with_capacity(bytes / 400),
                calls: Vec::with_capacity(bytes / 40),
                member_writes: Vec::with_capacity(bytes / 800),
                member_deletes: Vec::new(),
                functions: Vec::with_capacity(bytes / 300),
                handlers: HashMap::default(),
                exported_names: HashSet::default(),
                exports: Vec::new(),
                yielded: Vec::new(),
                controllers: false,
                mutations: Default::default(),
                imported_sources: Default::default(),
                call_uses: Default::default(),
                callers: Default::default(),
                classes: Default::default(),
                declarations: Default::default(),
                assumed: Default::default(),
                binding_cache: Default::default(),
                param_taints: Default::default(),
                binding_taints: Default::default(),
                error_statuses: Default::default(),
                function_at: HashMap::with_capacity_and_hasher(bytes / 300, Default::default()),
                authorized_reads: Vec::new(),
                comparisons: Vec::new(),
                guards: Vec::new(),
                named_reads: Vec::new(),
                key_literals: Vec::new(),
                url_parts: Vec::new(),
                named_values: Vec::new(),
                jsx_strings: Vec::new(),
            },
            scope: ScopeId(0),
            fn_stack: Vec::new(),
            name_writes: Vec::new(),
            exporting: false,
            export_refs: Vec::new(),
            loop_depth: 0,
            exit_test: false,
            switches: 0,
            classes: 0,
            watched: Default::default(),
        };
        match program {
            Program::Module(m) => b.module_items(&m.body),
            Program::Script(s) => b.stmts(&s.body),
        }
        let mut model = b.finish();
        model.handlers = super::koa::find_handlers(&model);
        model.controllers = model.finds_controllers();
        // Values worked out before the handlers were known may have missed a context.
        model.binding_cache.get_mut().clear();
        model.binding_taints.get_mut().clear();
        model
    }

    fn finish(mut self) -> FileModel<'a> {
        for (scope, name) in std::mem::take(&mut self.export_refs) {
            if let Some(id) = self.m.resolve(scope, name) {
                self.m.exported_names.insert(id);
            }
        }
        for w in std::mem::take(&mut self.name_writes) {
            let Some(id) = self.m.resolve(w.scope, w.name) else {
                continue;
            };
            let binding = &mut self.m.bindings[id.0 as usize];
            match w.value {
                Some(v) => binding.writes.push((w.scope, v, w.span)),
                None => binding.opaque_write = true,
            }
        }
        self.m
    }

    // ---- scopes and bindings -------------------------------------------------------------

    fn enter(&mut self, kind: ScopeKind) -> ScopeId {
        let prev = self.scope;
        self.m.scopes.push(Scope {
            parent: Some(prev),
            kind,
            function: None,
            names: HashMap::default(),
        });
        self.scope = ScopeId(self.m.scopes.len() as u32 - 1);
        prev
    }

    fn leave(&mut self, prev: ScopeId) {
        self.scope = prev;
    }

    /// Where `var` declarations of the current position land.
    fn var_scope(&self) -> ScopeId {
        let mut id = self.scope;
        loop {
            let s = self.m.scope(id);
            match (s.kind, s.parent) {
                (ScopeKind::Block | ScopeKind::Catch, Some(p)) => id = p,
                _ => return id,
            }
        }
    }

    fn declare(
        &mut self,
        scope: ScopeId,
        ident: &Ident,
        kind: BindingKind,
        init: Init<'a>,
    ) -> BindingId {
        let names = &self.m.scopes[scope.0 as usize].names;
        if let Some(&existing) = names.get(&ident.sym) {
            // `var x = 1; var x = 2;` is one binding with two values.
            let b = &mut self.m.bindings[existing.0 as usize];
            if b.kind == BindingKind::Var && kind == BindingKind::Var {
                if let Init::Expr {
                    scope, expr, path, ..
                } = init
                {
                    // `var crypto = require('crypto')` written again (files that concatenate
                    // examples or modules): the same module is no second value.
                    let same_require = matches!(&b.init, Init::Expr { expr: first, path: p, .. }
                        if p.is_empty() && path.is_empty()
                            && required_module(first).is_some()
                            && required_module(first) == required_module(expr));
                    if same_require {
                        return existing;
                    }
                    if path.is_empty() {
                        b.writes.push((scope, expr, ident.span));
                    } else {
                        b.opaque_write = true;
                    }
                }
                return existing;
            }
        }
        let id = BindingId(self.m.bindings.len() as u32);
        self.m.bindings.push(Binding {
            name: ident.sym.clone(),
            kind,
            scope,
            span: ident.span,
            init,
            writes: Vec::new(),
            opaque_write: false,
            exported: self.exporting && scope == ScopeId(0),
        });
        self.m.scopes[scope.0 as usize]
            .names
            .insert(ident.sym.clone(), id);
        id
    }

    /// Declares every name a pattern binds; `init` builds each one's initialiser from its path.
    fn declare_pat(
        &mut self,
        pat: &'a Pat,
        scope: ScopeId,
        kind: BindingKind,
        init: impl Fn(Vec<PatStep>, Option<&'a Expr>) -> Init<'a>,
    ) -> Option<BindingId> {
        // The common case, a plain name, without collecting anything.
        if let Pat::Ident(b) = pat {
            return Some(self.declare(scope, &b.id, kind, init(Vec::new(), None)));
        }
        let mut bound = Vec::new();
        collect_pat(pat, &mut Vec::new(), None, &mut bound);
        for b in bound {
            self.declare(scope, b.ident, kind, init(b.path, b.default));
        }
        None
    }

    /// Walks the code inside a pattern: defaults and computed keys.
    fn pat_code(&mut self, pat: &'a Pat) {
        match pat {
            Pat::Array(a) => a.elems.iter().flatten().for_each(|p| self.pat_code(p)),
            Pat::Rest(r) => self.pat_code(&r.arg),
            Pat::Object(o) => {
                for p in &o.props {
                    match p {
                        ObjectPatProp::KeyValue(kv) => {
                            if let PropName::Computed(c) = &kv.key {
                                self.expr(&c.expr);
                            }
                            self.pat_code(&kv.value);
                        }
                        ObjectPatProp::Assign(a) => {
                            if let Some(v) = &a.value {
                                self.expr(v);
                            }
                        }
                        ObjectPatProp::Rest(r) => self.pat_code(&r.arg),
                    }
                }
            }
            Pat::Assign(a) => {
                self.pat_code(&a.left);
                self.expr(&a.right);
            }
            Pat::Expr(e) => self.expr(e),
            Pat::Ident(_) | Pat::Invalid(_) => {}
        }
    }

    // ---- module items and statements ------------------------------------------------------

    fn module_items(&mut self, items: &'a [ModuleItem]) {
        for item in items {
            match item {
                ModuleItem::Stmt(s) => self.stmt(s),
                ModuleItem::ModuleDecl(d) => self.module_decl(d),
            }
        }
    }

    fn module_decl(&mut self, d: &'a ModuleDecl) {
        match d {
            ModuleDecl::Import(i) if !i.type_only => {
                let source = str_atom(&i.src.value);
                for spec in &i.specifiers {
                    let (local, name) = match spec {
                        ImportSpecifier::Named(n) if n.is_type_only => continue,
                        ImportSpecifier::Named(n) => {
                            let imported = match &n.imported {
                                Some(ModuleExportName::Ident(i)) => i.sym.clone(),
                                Some(ModuleExportName::Str(s)) => str_atom(&s.value),
                                None => n.local.sym.clone(),
                            };
                            let name = (&*imported != "default").then_some(imported);
                            (&n.local, name)
                        }
                        // A default import of the project's own module is its `default`
                        // export (resolved across files); a package's is the package.
                        ImportSpecifier::Default(d) if is_relative(&source) => {
                            (&d.local, Some(Atom::from("default")))
                        }
                        ImportSpecifier::Default(d) => (&d.local, None),
                        ImportSpecifier::Namespace(n) => (&n.local, None),
                    };
                    let init = Init::Import {
                        source: source.clone(),
                        name,
                    };
                    self.declare(self.scope, local, BindingKind::Import, init);
                }
            }
            ModuleDecl::Import(_) => {}
            ModuleDecl::ExportDecl(e) => {
                self.exporting = true;
                self.decl(&e.decl);
                self.exporting = false;
            }
            ModuleDecl::ExportDefaultDecl(e) => match &e.decl {
                DefaultDecl::Fn(f) => {
                    let fid = self.next_function();
                    if let Some(id) = &f.ident {
                        self.declare(self.scope, id, BindingKind::Function, Init::Function(fid));
                    }
                    self.m.exports.push(ExportItem::Function {
                        name: Atom::from("default"),
                        function: fid,
                    });
                    self.function(&f.function, Site::Export, None);
                }
                DefaultDecl::Class(c) => {
                    if let Some(id) = &c.ident {
                        self.declare(self.scope, id, BindingKind::Class, Init::Opaque);
                    }
                    self.class(&c.class);
                }
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleDecl::ExportDefaultExpr(e) => {
                self.m.exports.push(ExportItem::Expr {
                    name: Atom::from("default"),
                    scope: self.scope,
                    expr: &e.expr,
                });
                self.expr_at(&e.expr, Site::Export)
            }
            ModuleDecl::TsImportEquals(i) if !i.is_type_only => {
                let init = match &i.module_ref {
                    TsModuleRef::TsExternalModuleRef(r) => Init::Import {
                        source: str_atom(&r.expr.value),
                        name: None,
                    },
                    TsModuleRef::TsEntityName(_) => Init::Opaque,
                };
                self.declare(self.scope, &i.id, BindingKind::Import, init);
            }
            ModuleDecl::TsExportAssignment(e) => {
                self.m.exports.push(ExportItem::Expr {
                    name: Atom::from(MODULE_EXPORTS),
                    scope: self.scope,
                    expr: &e.expr,
                });
                self.expr_at(&e.expr, Site::Export)
            }
            ModuleDecl::ExportNamed(e) if e.src.is_none() => {
                for spec in &e.specifiers {
                    if let ExportSpecifier::Named(n) = spec {
                        if let ModuleExportName::Ident(id) = &n.orig {
                            self.export_refs.push((self.scope, &id.sym));
                            if !n.is_type_only {
                                let name = n.exported.as_ref().map_or(id.sym.clone(), export_name);
                                self.m.exports.push(ExportItem::Local {
                                    name,
                                    local: id.sym.clone(),
                                    scope: self.scope,
                                });
                            }
                        }
                    }
                }
            }
            ModuleDecl::ExportNamed(e) if !e.type_only => {
                let Some(src) = &e.src else { return };
                let source = str_atom(&src.value);
                for spec in &e.specifiers {
                    let item = match spec {
                        ExportSpecifier::Named(n) if n.is_type_only => continue,
                        ExportSpecifier::Named(n) => {
                            let imported = export_name(&n.orig);
                            ExportItem::From {
                                name: Some(
                                    n.exported.as_ref().map_or(imported.clone(), export_name),
                                ),
                                source: source.clone(),
                                imported: Some(imported),
                            }
                        }
                        ExportSpecifier::Namespace(n) => ExportItem::From {
                            name: Some(export_name(&n.name)),
                            source: source.clone(),
                            imported: None,
                        },
                        ExportSpecifier::Default(d) => ExportItem::From {
                            name: Some(d.exported.sym.clone()),
                            source: source.clone(),
                            imported: Some(Atom::from("default")),
                        },
                    };
                    self.m.exports.push(item);
                }
            }
            ModuleDecl::ExportAll(e) if !e.type_only => {
                self.m.exports.push(ExportItem::From {
                    name: None,
                    source: str_atom(&e.src.value),
                    imported: None,
                });
            }
            ModuleDecl::TsImportEquals(_)
            | ModuleDecl::ExportNamed(_)
            | ModuleDecl::ExportAll(_)
            | ModuleDecl::TsNamespaceExport(_) => {}
        }
    }

    fn stmts(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn block(&mut self, b: &'a BlockStmt) {
        let prev = self.enter(ScopeKind::Block);
        self.stmts(&b.stmts);
        self.leave(prev);
    }

    fn stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Block(b) => self.block(b),
            Stmt::Expr(e) => self.expr(&e.expr),
            Stmt::Return(r) => {
                if let Some(&f) = self.fn_stack.last() {
                    let scope = self.scope;
                    self.m.functions[f.0 as usize]
                        .returns
                        .push((scope, r.arg.as_deref(), r.span));
                }
                if let Some(a) = &r.arg {
                    // `return a.length === b.length && …`: the left of `&&` decides an early
                    // exit as an `if` would.
                    let prev = self.exit_test;
                    if matches!(&**a, Expr::Bin(b) if b.op == BinaryOp::LogicalAnd) {
                        self.exit_test = true;
                    }
                    match self.fn_stack.last() {
                        Some(&f) => self.expr_at(a, Site::Return(f)),
                        None => self.expr(a),
                    }
                    self.exit_test = prev;
                }
            }
            Stmt::Throw(t) => {
                if let Some(&f) = self.fn_stack.last() {
                    self.m.functions[f.0 as usize].throws = true;
                }
                self.expr(&t.arg);
            }
            Stmt::If(i) => {
                let cons_exits = exits_at_once(&i.cons);
                self.m.guards.push(Guard {
                    scope: self.scope,
                    test: &i.test,
                    cons: i.cons.span(),
                    alt: i.alt.as_ref().map(|a| a.span()),
                    cons_exits,
                });
                let prev = std::mem::replace(&mut self.exit_test, cons_exits);
                self.expr(&i.test);
                self.exit_test = prev;
                self.stmt(&i.cons);
                if let Some(alt) = &i.alt {
                    self.stmt(alt);
                }
            }
            Stmt::Switch(sw) => {
                self.expr(&sw.discriminant);
                let prev = self.enter(ScopeKind::Block);
                let switch = self.switches;
                self.switches += 1;
                for case in &sw.cases {
                    if let Some(t) = &case.test {
                        self.m.comparisons.push(Comparison {
                            scope: self.scope,
                            span: t.span(),
                            left: &sw.discriminant,
                            right: t,
                            negated: false,
                            strict: true,
                            in_loop: self.loop_depth > 0,
                            exits: false,
                            switch: Some(switch),
                        });
                        self.expr(t);
                    }
                    self.stmts(&case.cons);
                }
                self.leave(prev);
            }
            Stmt::Try(t) => {
                self.block(&t.block);
                if let Some(h) = &t.handler {
                    let prev = self.enter(ScopeKind::Catch);
                    if let Some(p) = &h.param {
                        self.declare_pat(p, self.scope, BindingKind::CatchParam, |_, _| {
                            Init::Opaque
                        });
                        self.pat_code(p);
                    }
                    self.stmts(&h.body.stmts);
                    self.leave(prev);
                }
                if let Some(f) = &t.finalizer {
                    self.block(f);
                }
            }
            Stmt::While(w) => {
                self.loop_depth += 1;
                self.expr(&w.test);
                self.stmt(&w.body);
                self.loop_depth -= 1;
            }
            Stmt::DoWhile(w) => {
                self.loop_depth += 1;
                self.stmt(&w.body);
                self.expr(&w.test);
                self.loop_depth -= 1;
            }
            Stmt::For(f) => {
                self.loop_depth += 1;
                let prev = self.enter(ScopeKind::Block);
                match &f.init {
                    Some(VarDeclOrExpr::VarDecl(v)) => self.var_decl(v),
                    Some(VarDeclOrExpr::Expr(e)) => self.expr(e),
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expr(t);
                }
                if let Some(u) = &f.update {
                    self.expr(u);
                }
                self.stmt(&f.body);
                self.leave(prev);
                self.loop_depth -= 1;
            }
            Stmt::ForIn(f) => {
                self.loop_depth += 1;
                self.for_each(&f.left, &f.right, &f.body);
                self.loop_depth -= 1;
            }
            Stmt::ForOf(f) => {
                self.loop_depth += 1;
                self.for_each(&f.left, &f.right, &f.body);
                self.loop_depth -= 1;
            }
            Stmt::Labeled(l) => self.stmt(&l.body),
            Stmt::With(w) => {
                self.expr(&w.obj);
                self.stmt(&w.body);
            }
            Stmt::Decl(d) => self.decl(d),
            Stmt::Empty(_) | Stmt::Debugger(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
        }
    }

    fn for_each(&mut self, left: &'a ForHead, right: &'a Expr, body: &'a Stmt) {
        let prev = self.enter(ScopeKind::Block);
        self.expr(right);
        match left {
            ForHead::VarDecl(v) => {
                let kind = var_kind(v.kind);
                let scope = if kind == BindingKind::Var {
                    self.var_scope()
                } else {
                    self.scope
                };
                for d in &v.decls {
                    self.declare_pat(&d.name, scope, kind, |_, _| Init::Opaque);
                    self.pat_code(&d.name);
                }
            }
            ForHead::UsingDecl(u) => {
                for d in &u.decls {
                    self.declare_pat(&d.name, self.scope, BindingKind::Const, |_, _| Init::Opaque);
                }
            }
            ForHead::Pat(p) => self.pattern_write(p),
        }
        self.stmt(body);
        self.leave(prev);
    }

    fn decl(&mut self, d: &'a Decl) {
        match d {
            Decl::Fn(f) => {
                let fid = self.next_function();
                self.declare(
                    self.scope,
                    &f.ident,
                    BindingKind::Function,
                    Init::Function(fid),
                );
                self.function(&f.function, Site::Other, None);
            }
            Decl::Class(c) => {
                self.declare(self.scope, &c.ident, BindingKind::Class, Init::Opaque);
                self.class(&c.class);
            }
            Decl::Var(v) => self.var_decl(v),
            Decl::Using(u) => {
                for d in &u.decls {
                    self.declarator(d, BindingKind::Const, self.scope);
                }
            }
            Decl::TsEnum(e) => {
                self.declare(self.scope, &e.id, BindingKind::Const, Init::Opaque);
                for m in &e.members {
                    if let Some(init) = &m.init {
                        self.expr(init);
                    }
                }
            }
            Decl::TsModule(m) => {
                let prev = self.enter(ScopeKind::Function);
                let mut body = m.body.as_ref();
                while let Some(b) = body {
                    match b {
                        TsNamespaceBody::TsModuleBlock(block) => {
                            self.module_items(&block.body);
                            body = None;
                        }
                        TsNamespaceBody::TsNamespaceDecl(n) => body = Some(&n.body),
                    }
                }
                self.leave(prev);
            }
            Decl::TsInterface(_) | Decl::TsTypeAlias(_) => {}
        }
    }

    fn var_decl(&mut self, v: &'a VarDecl) {
        let kind = var_kind(v.kind);
        let scope = if kind == BindingKind::Var {
            self.var_scope()
        } else {
            self.scope
        };
        for d in &v.decls {
            self.declarator(d, kind, scope);
        }
    }

    fn declarator(&mut self, d: &'a VarDeclarator, kind: BindingKind, scope: ScopeId) {
        let ids = match &d.init {
            Some(init) => {
                let here = self.scope;
                self.declare_pat(&d.name, scope, kind, |path, default| Init::Expr {
                    scope: here,
                    expr: init,
                    path,
                    default,
                })
            }
            None => self.declare_pat(&d.name, scope, kind, |_, _| Init::Opaque),
        };
        self.pat_code(&d.name);
        if let Some(init) = &d.init {
            let site = ids.map_or(Site::Other, Site::Init);
            self.expr_at(init, site);
        }
    }

    // ---- functions and classes -------------------------------------------------------------

    fn next_function(&self) -> FunctionId {
        FunctionId(self.m.functions.len() as u32)
    }

    fn new_function(
        &mut self,
        span: Span,
        params: Params<'a>,
        site: Site,
        node: Option<&'a Function>,
        is_arrow: bool,
        is_async: bool,
    ) -> FunctionId {
        let id = self.next_function();
        let prev = self.enter(ScopeKind::Function);
        self.m.scopes[self.scope.0 as usize].function = Some(id);
        let koa_typed = params.get(0).is_some_and(koa_context_type);
        self.m.functions.push(FunctionFacts {
            span,
            scope: self.scope,
            params,
            body: Body::Block,
            returns: Vec::new(),
            throws: false,
            is_arrow,
            is_async,
            is_generator: node.is_some_and(|f| f.is_generator),
            koa_typed,
            site,
            node,
            super_class: None,
            class: None,
            name: None,
        });
        self.m.function_at.insert(span.lo, id);
        self.leave(prev);
        id
    }

    /// Walks a function: its own scope, its parameters as bindings, then its body.
    fn function(&mut self, f: &'a Function, site: Site, name: Option<&'a Ident>) -> FunctionId {
        for d in &f.decorators {
            self.expr(&d.expr);
        }
        let id = self.new_function(
            f.span,
            Params::Function(&f.params),
            site,
            Some(f),
            false,
            f.is_async,
        );
        let prev = self.scope;
        self.scope = self.m.functions[id.0 as usize].scope;
        if let Some(name) = name {
            self.m.functions[id.0 as usize].name = Some(name.sym.clone());
            self.declare(self.scope, name, BindingKind::Function, Init::Function(id));
        }
        for (index, p) in f.params.iter().enumerate() {
            for d in &p.decorators {
                self.expr(&d.expr);
            }
            self.param(id, index, &p.pat);
        }
        self.fn_stack.push(id);
        let outer = self.enter_body();
        if let Some(body) = &f.body {
            self.stmts(&body.stmts);
        }
        self.leave_body(outer);
        self.fn_stack.pop();
        self.scope = prev;
        id
    }

    /// A function body starts outside any loop or `if` test; returns the outer state.
    fn enter_body(&mut self) -> (u32, bool) {
        (
            std::mem::take(&mut self.loop_depth),
            std::mem::take(&mut self.exit_test),
        )
    }

    fn leave_body(&mut self, (loop_depth, exit_test): (u32, bool)) {
        self.loop_depth = loop_depth;
        self.exit_test = exit_test;
    }

    fn param(&mut self, function: FunctionId, index: usize, pat: &'a Pat) {
        let scope = self.scope;
        self.declare_pat(pat, scope, BindingKind::Param, |path, default| {
            Init::Param {
                function,
                index,
                path,
                default,
            }
        });
        self.pat_code(pat);
    }

    fn arrow(&mut self, a: &'a ArrowExpr, site: Site) -> FunctionId {
        let id = self.new_function(
            a.span,
            Params::Arrow(&a.params),
            site,
            None,
            true,
            a.is_async,
        );
        let prev = self.scope;
        self.scope = self.m.functions[id.0 as usize].scope;
        for (index, p) in a.params.iter().enumerate() {
            self.param(id, index, p);
        }
        self.fn_stack.push(id);
        let outer = self.enter_body();
        match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => self.stmts(&b.stmts),
            ArrowFunctionBody::Expr(e) => {
                self.m.functions[id.0 as usize].body = Body::Expr(e);
                // `(a, b) => a.length === b.length && …` exits early as a `return` would.
                self.exit_test = matches!(&**e, Expr::Bin(b) if b.op == BinaryOp::LogicalAnd);
                self.expr_at(e, Site::Return(id));
            }
        }
        self.leave_body(outer);
        self.fn_stack.pop();
        self.scope = prev;
        id
    }

    fn class(&mut self, c: &'a Class) {
        for d in &c.decorators {
            self.expr(&d.expr);
        }
        if let Some(s) = &c.super_class {
            self.expr(s);
        }
        let extends = c.super_class.as_deref().map(|s| (self.scope, s));
        let class = self.classes;
        self.classes += 1;
        for member in &c.body {
            match member {
                ClassMember::Constructor(ctor) => {
                    self.prop_name_code(&ctor.key);
                    let id =
                        self.new_function(ctor.span, Params::None, Site::Other, None, false, false);
                    // The constructor's `this` is the instance: its writes are the instance's
                    // fields as much as a method's are.
                    self.m.functions[id.0 as usize].class = Some(class);
                    self.m.functions[id.0 as usize].super_class = extends;
                    let prev = self.scope;
                    self.scope = self.m.functions[id.0 as usize].scope;
                    for (index, p) in ctor.params.iter().enumerate() {
                        match p {
                            ParamOrTsParamProp::Param(p) => self.param(id, index, &p.pat),
                            ParamOrTsParamProp::TsParamProp(tp) => match &tp.param {
                                TsParamPropParam::Ident(b) => {
                                    self.declare(
                                        self.scope,
                                        &b.id,
                                        BindingKind::Param,
                                        Init::Opaque,
                                    );
                                }
                                TsParamPropParam::Assign(a) => {
                                    self.declare_pat(
                                        &a.left,
                                        self.scope,
                                        BindingKind::Param,
                                        |_, _| Init::Opaque,
                                    );
                                    if let Pat::Ident(b) = &*a.left {
                                        self.m.named_values.push(NamedValue {
                                            scope: self.scope,
                                            name: b.id.sym.clone(),
                                            name_span: b.id.span,
                                            value: &a.right,
                                        });
                                    }
                                    self.expr(&a.right);
                                }
                            },
                        }
                    }
                    self.fn_stack.push(id);
                    if let Some(body) = &ctor.body {
                        self.stmts(&body.stmts);
                    }
                    self.fn_stack.pop();
                    self.scope = prev;
                }
                ClassMember::Method(m) => {
                    self.prop_name_code(&m.key);
                    let id = self.function(&m.function, Site::Other, None);
                    // A static method's `this` is the class, not an instance.
                    if !m.is_static {
                        self.m.functions[id.0 as usize].super_class = extends;
                        if m.kind == MethodKind::Method {
                            self.m.functions[id.0 as usize].class = Some(class);
                        }
                    }
                    self.m.functions[id.0 as usize].name = prop_name(&m.key);
                }
                ClassMember::PrivateMethod(m) => {
                    let id = self.function(&m.function, Site::Other, None);
                    if !m.is_static {
                        self.m.functions[id.0 as usize].super_class = extends;
                    }
                }
                ClassMember::ClassProp(p) => {
                    self.prop_name_code(&p.key);
                    for d in &p.decorators {
                        self.expr(&d.expr);
                    }
                    if let Some(v) = &p.value {
                        if let Some(name) = prop_name(&p.key) {
                            self.m.named_values.push(NamedValue {
                                scope: self.scope,
                                name,
                                name_span: p.key.span(),
                                value: v,
                            });
                        }
                        self.expr(v);
                    }
                }
                ClassMember::PrivateProp(p) => {
                    if let Some(v) = &p.value {
                        self.m.named_values.push(NamedValue {
                            scope: self.scope,
                            name: p.key.name.clone(),
                            name_span: p.key.span,
                            value: v,
                        });
                        self.expr(v);
                    }
                }
                ClassMember::StaticBlock(b) => {
                    let prev = self.enter(ScopeKind::Function);
                    self.stmts(&b.body.stmts);
                    self.leave(prev);
                }
                ClassMember::AutoAccessor(a) => {
                    if let Some(v) = &a.value {
                        self.expr(v);
                    }
                }
                ClassMember::TsIndexSignature(_) | ClassMember::Empty(_) => {}
            }
        }
    }

    fn prop_name_code(&mut self, key: &'a PropName) {
        if let PropName::Computed(c) = key {
            self.expr(&c.expr);
        }
    }

    // ---- expressions -------------------------------------------------------------------------

    fn expr(&mut self, e: &'a Expr) {
        self.expr_at(e, Site::Other);
    }

    /// Walks an expression standing at `site` (which object literals and functions remember).
    fn expr_at(&mut self, e: &'a Expr, site: Site) {
        if site == Site::Export {
            match e {
                Expr::Ident(id) => self.export_refs.push((self.scope, &id.sym)),
                // `module.exports = { auth, audit: auditLog }`
                Expr::Object(o) => {
                    for p in o.props.iter().filter_map(|p| p.as_prop()) {
                        match &**p {
                            Prop::Shorthand(id) => self.export_refs.push((self.scope, &id.sym)),
                            Prop::KeyValue(kv) => {
                                if let Expr::Ident(id) = &*kv.value {
                                    self.export_refs.push((self.scope, &id.sym));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        match e {
            Expr::Paren(p) => self.expr_at(&p.expr, site),
            Expr::TsAs(t) => self.expr_at(&t.expr, site),
            Expr::TsSatisfies(t) => self.expr_at(&t.expr, site),
            Expr::TsNonNull(t) => self.expr_at(&t.expr, site),
            Expr::TsTypeAssertion(t) => self.expr_at(&t.expr, site),
            Expr::TsConstAssertion(t) => self.expr_at(&t.expr, site),
            Expr::TsInstantiation(t) => self.expr_at(&t.expr, site),
            Expr::Object(o) => self.object(o, site),
            Expr::Fn(f) => {
                self.function(&f.function, site, f.ident.as_ref());
            }
            Expr::Arrow(a) => {
                self.arrow(a, site);
            }
            Expr::Call(c) => {
                let callee = match &c.callee {
                    Callee::Expr(e) => Some(&**e),
                    Callee::Super(_) | Callee::Import(_) => None,
                };
                self.call(c.span, callee, &c.args, false);
            }
            Expr::New(n) => {
                let args = n.args.as_deref().unwrap_or(&[]);
                self.call(n.span, Some(&n.callee), args, true);
            }
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.member(m),
                OptChainBase::Call(c) => self.call(o.span, Some(&c.callee), &c.args, false),
            },
            Expr::Assign(a) => self.assign(a),
            Expr::Member(m) => self.member(m),
            Expr::SuperProp(s) => {
                if let SuperProp::Computed(c) = &s.prop {
                    self.expr(&c.expr);
                }
            }
            Expr::Array(a) => {
                for el in a.elems.iter().flatten() {
                    self.expr(&el.expr);
                }
            }
            Expr::Unary(u) => {
                if let (UnaryOp::Delete, Expr::Member(m)) = (u.op, super::unwrap_expr(&u.arg)) {
                    if let Some(prop) = member_prop_name(&m.prop) {
                        self.m.member_deletes.push(MemberDelete {
                            scope: self.scope,
                            object: &m.obj,
                            prop,
                        });
                    }
                }
                self.expr(&u.arg);
            }
            Expr::Update(u) => {
                if let Expr::Ident(id) = &*u.arg {
                    self.name_writes.push(NameWrite {
                        scope: self.scope,
                        name: &id.sym,
                        value: None,
                        span: u.span,
                    });
                }
                self.expr(&u.arg);
            }
            Expr::Bin(b) => self.binary(e, b),
            Expr::Cond(c) => {
                self.expr(&c.test);
                self.expr(&c.cons);
                self.expr(&c.alt);
            }
            Expr::Seq(s) => s.exprs.iter().for_each(|e| self.expr(e)),
            Expr::Tpl(t) => {
                if t.exprs.is_empty() {
                    if let Some(text) = t.quasis.first().and_then(|q| q.cooked.as_ref()) {
                        self.key_literal(t.span, text.as_str().unwrap_or(""));
                    }
                } else {
                    if t.quasis.iter().any(|q| query_string_part(&q.raw)) {
                        self.m.url_parts.push((self.scope, e));
                    }
                    // A key inside a template's text: `` `Bearer ghp_…${suffix}` ``.
                    // The span is widened by the delimiters around the text (`` ` ``, `}`, `${`)
                    // so that, like a string literal's, its first and last characters are not
                    // the key's.
                    for q in &t.quasis {
                        if let Some(text) = q.cooked.as_ref().and_then(|c| c.as_str()) {
                            let lo = swc_common::BytePos(q.span.lo.0.saturating_sub(1));
                            let hi = swc_common::BytePos(q.span.hi.0 + 1);
                            self.key_literal(Span::new(lo, hi), text);
                        }
                    }
                }
                t.exprs.iter().for_each(|e| self.expr(e));
            }
            Expr::TaggedTpl(t) => {
                self.expr(&t.tag);
                t.tpl.exprs.iter().for_each(|e| self.expr(e));
            }
            Expr::Class(c) => {
                let prev = self.enter(ScopeKind::Block);
                if let Some(id) = &c.ident {
                    self.declare(self.scope, id, BindingKind::Class, Init::Opaque);
                }
                self.class(&c.class);
                self.leave(prev);
            }
            Expr::Yield(y) => {
                if let Some(a) = &y.arg {
                    if let Expr::Ident(id) = super::unwrap_expr(a) {
                        self.m.yielded.push((self.scope, id.sym.clone()));
                    }
                    self.expr(a);
                }
            }
            Expr::Await(a) => self.expr(&a.arg),
            Expr::JSXElement(el) => self.jsx_element(el),
            Expr::JSXFragment(f) => self.jsx_children(&f.children),
            Expr::Lit(Lit::Str(s)) => {
                if let Some(text) = s.value.as_str() {
                    self.key_literal(s.span, text);
                }
            }
            Expr::Ident(_)
            | Expr::Lit(_)
            | Expr::This(_)
            | Expr::MetaProp(_)
            | Expr::PrivateName(_)
            | Expr::JSXMember(_)
            | Expr::JSXNamespacedName(_)
            | Expr::JSXEmpty(_)
            | Expr::Invalid(_) => {}
        }
    }

    /// `a + b + c + …` nests to the left; walk the spine in a loop so long chains cost no stack.
    fn binary(&mut self, e: &'a Expr, b: &'a BinExpr) {
        self.comparison(b);
        let mut rights = vec![&*b.right];
        let mut left = &*b.left;
        let mut url = false;
        while let Expr::Bin(inner) = left {
            self.comparison(inner);
            url |= inner.op == BinaryOp::Add && is_query_string_lit(&inner.right);
            rights.push(&inner.right);
            left = &inner.left;
        }
        if b.op == BinaryOp::Add
            && (url || is_query_string_lit(&b.right) || is_query_string_lit(left))
        {
            self.m.url_parts.push((self.scope, e));
        }
        self.expr(left);
        for r in rights.into_iter().rev() {
            self.expr(r);
        }
    }

    fn comparison(&mut self, b: &'a BinExpr) {
        let (negated, strict) = match b.op {
            BinaryOp::EqEqEq => (false, true),
            BinaryOp::NotEqEq => (true, true),
            BinaryOp::EqEq => (false, false),
            BinaryOp::NotEq => (true, false),
            _ => return,
        };
        self.m.comparisons.push(Comparison {
            scope: self.scope,
            span: b.span,
            left: &b.left,
            right: &b.right,
            negated,
            strict,
            in_loop: self.loop_depth > 0,
            exits: self.exit_test,
            switch: None,
        });
    }

    /// A string literal in a well-known key format.
    fn key_literal(&mut self, span: Span, text: &str) {
        if let Some(format) = super::secrets::key_format(text) {
            self.m.key_literals.push((span, format));
        } else if super::secrets::url_query_credential(text) {
            self.m
                .key_literals
                .push((span, super::secrets::URL_QUERY_CREDENTIAL));
        }
    }

    fn object(&mut self, o: &'a ObjectLit, site: Site) {
        let id = ObjectId(self.m.objects.len() as u32);
        self.m.objects.push(ObjectSite {
            scope: self.scope,
            lit: o,
            site,
        });
        let here = Site::PropValue(id);
        for p in &o.props {
            match p {
                PropOrSpread::Spread(s) => self.expr(&s.expr),
                PropOrSpread::Prop(p) => match &**p {
                    Prop::Shorthand(_) => {}
                    Prop::KeyValue(kv) => {
                        self.prop_name_code(&kv.key);
                        self.expr_at(&kv.value, here);
                    }
                    Prop::Assign(a) => self.expr(&a.value),
                    Prop::Getter(g) => {
                        self.prop_name_code(&g.key);
                        self.function(&g.function, here, None);
                    }
                    Prop::Setter(s) => {
                        self.prop_name_code(&s.key);
                        self.function(&s.function, here, None);
                    }
                    Prop::Method(m) => {
                        self.prop_name_code(&m.key);
                        self.function(&m.function, here, None);
                    }
                },
            }
        }
    }

    fn call(
        &mut self,
        span: Span,
        callee: Option<&'a Expr>,
        args: &'a [ExprOrSpread],
        is_new: bool,
    ) {
        let id = CallId(self.m.calls.len() as u32);
        self.m.calls.push(CallSite {
            scope: self.scope,
            span,
            callee,
            args,
            is_new,
        });
        if let Some(c) = callee {
            self.expr(c);
        }
        for (i, a) in args.iter().enumerate() {
            match &*a.expr {
                _ if a.spread.is_some() => self.expr(&a.expr),
                // `compose([a, b])`, `router.use([mw])`: elements stand where the array does.
                Expr::Array(arr) => {
                    for el in arr.elems.iter().flatten() {
                        match el.spread {
                            Some(_) => self.expr(&el.expr),
                            None => self.expr_at(&el.expr, Site::CallArg(id, i)),
                        }
                    }
                }
                _ => self.expr_at(&a.expr, Site::CallArg(id, i)),
            }
        }
    }

    /// A member read: `obj.name` records `name` as read.
    fn is_watched(&mut self, name: &Atom) -> bool {
        if let Some(&known) = self.watched.get(name) {
            return known;
        }
        let watched = super::secrets::is_watched_read(name, &self.m.vocab.secret_words);
        self.watched.insert(name.clone(), watched);
        watched
    }

    fn member(&mut self, m: &'a MemberExpr) {
        match member_prop_name(&m.prop) {
            Some(name) => {
                // A TLS socket's `authorized` check.
                if &*name == "authorized" {
                    self.m.authorized_reads.push((self.scope, m.span.lo));
                } else if self.is_watched(&name) {
                    self.m.named_reads.push(NamedRead {
                        scope: self.scope,
                        object: &m.obj,
                        prop: name,
                        span: m.span,
                    });
                }
            }
            None => {
                if let MemberProp::Computed(c) = &m.prop {
                    self.expr(&c.expr);
                }
            }
        }
        self.expr(&m.obj);
    }

    fn assign(&mut self, a: &'a AssignExpr) {
        let mut exported = false;
        let followable = matches!(
            a.op,
            AssignOp::Assign | AssignOp::OrAssign | AssignOp::NullishAssign | AssignOp::AndAssign
        );
        match &a.left {
            AssignTarget::Simple(target) => match simple_target(target) {
                Target::Name(id) => self.name_writes.push(NameWrite {
                    scope: self.scope,
                    name: &id.sym,
                    value: followable.then_some(&*a.right),
                    span: a.span,
                }),
                Target::Member(m) => {
                    if is_module_export(m) {
                        exported = true;
                        if a.op == AssignOp::Assign {
                            let whole = matches!(super::unwrap_expr(&m.obj), Expr::Ident(i) if &*i.sym == "module");
                            let name = if whole {
                                Some(Atom::from(MODULE_EXPORTS))
                            } else {
                                member_prop_name(&m.prop)
                            };
                            if let Some(name) = name {
                                self.m.exports.push(ExportItem::Expr {
                                    name,
                                    scope: self.scope,
                                    expr: &a.right,
                                });
                            }
                        }
                    }
                    if let (AssignOp::Assign, Some(prop)) = (a.op, member_prop_name(&m.prop)) {
                        self.m.member_writes.push(MemberWrite {
                            scope: self.scope,
                            span: a.span,
                            object: &m.obj,
                            prop,
                            value: &a.right,
                        });
                    }
                    if let MemberProp::Computed(c) = &m.prop {
                        self.expr(&c.expr);
                    }
                    self.expr(&m.obj);
                }
                Target::Other(e) => self.expr(e),
                Target::Nothing => {}
            },
            AssignTarget::Pat(p) => match p {
                AssignTargetPat::Array(arr) => {
                    for el in arr.elems.iter().flatten() {
                        self.pattern_write(el);
                    }
                }
                AssignTargetPat::Object(o) => {
                    for prop in &o.props {
                        match prop {
                            ObjectPatProp::KeyValue(kv) => self.pattern_write(&kv.value),
                            ObjectPatProp::Assign(ap) => {
                                self.name_writes.push(NameWrite {
                                    scope: self.scope,
                                    name: &ap.key.id.sym,
                                    value: None,
                                    span: ap.span,
                                });
                                if let Some(v) = &ap.value {
                                    self.expr(v);
                                }
                            }
                            ObjectPatProp::Rest(r) => self.pattern_write(&r.arg),
                        }
                    }
                }
                AssignTargetPat::Invalid(_) => {}
            },
        }
        let site = if exported { Site::Export } else { Site::Other };
        self.expr_at(&a.right, site);
    }

    /// Names written by a destructuring assignment or a `for (x of …)` head: values we do not follow.
    fn pattern_write(&mut self, p: &'a Pat) {
        let mut bound = Vec::new();
        collect_pat(p, &mut Vec::new(), None, &mut bound);
        for b in bound {
            self.name_writes.push(NameWrite {
                scope: self.scope,
                name: &b.ident.sym,
                value: None,
                span: b.ident.span,
            });
        }
        self.pat_code(p);
    }

    fn jsx_element(&mut self, el: &'a JSXElement) {
        for attr in &el.opening.attrs {
            match attr {
                JSXAttrOrSpread::JSXAttr(a) => match &a.value {
                    Some(JSXAttrValue::JSXExprContainer(c)) => self.jsx_expr(&c.expr),
                    Some(JSXAttrValue::JSXElement(e)) => self.jsx_element(e),
                    Some(JSXAttrValue::JSXFragment(f)) => self.jsx_children(&f.children),
                    Some(JSXAttrValue::Str(lit)) => {
                        if let Some(text) = lit.value.as_str() {
                            self.key_literal(lit.span, text);
                        }
                        if let JSXAttrName::Ident(name) = &a.name {
                            self.m
                                .jsx_strings
                                .push((name.sym.clone(), name.span, lit.span));
                        }
                    }
                    None => {}
                },
                JSXAttrOrSpread::SpreadElement(s) => self.expr(&s.expr),
            }
        }
        self.jsx_children(&el.children);
    }

    fn jsx_children(&mut self, children: &'a [JSXElementChild]) {
        for c in children {
            match c {
                JSXElementChild::JSXExprContainer(c) => self.jsx_expr(&c.expr),
                JSXElementChild::JSXSpreadChild(s) => self.expr(&s.expr),
                JSXElementChild::JSXElement(e) => self.jsx_element(e),
                JSXElementChild::JSXFragment(f) => self.jsx_children(&f.children),
                JSXElementChild::JSXText(_) => {}
            }
        }
    }

    fn jsx_expr(&mut self, e: &'a JSXExpr) {
        if let JSXExpr::Expr(e) = e {
            self.expr(e);
        }
    }
}

/// `return …;`, `throw …;`, or a block that starts with one.
fn exits_at_once(s: &Stmt) -> bool {
    match s {
        Stmt::Return(_) | Stmt::Throw(_) | Stmt::Break(_) => true,
        // `{ ok = false; break; }`
        Stmt::Block(b) => b
            .stmts
            .iter()
            .any(|s| matches!(s, Stmt::Return(_) | Stmt::Throw(_) | Stmt::Break(_))),
        _ => false,
    }
}

/// Template text that builds a query string: `?key=`, `&token=`.
fn query_string_part(raw: &Atom) -> bool {
    raw.contains('=') && (raw.contains('?') || raw.contains('&'))
}

fn is_query_string_lit(e: &Expr) -> bool {
    match e {
        Expr::Lit(Lit::Str(s)) => s
            .value
            .as_str()
            .is_some_and(|t| t.contains('=') && (t.contains('?') || t.contains('&'))),
        _ => false,
    }
}

fn var_kind(kind: VarDeclKind) -> BindingKind {
    match kind {
        VarDeclKind::Var => BindingKind::Var,
        VarDeclKind::Let => BindingKind::Let,
        VarDeclKind::Const => BindingKind::Const,
    }
}

/// What a simple assignment target writes to.
enum Target<'a> {
    Name(&'a Ident),
    Member(&'a MemberExpr),
    Other(&'a Expr),
    Nothing,
}

/// Sees through parentheses and TS wrappers: `(opts as any).rejectUnauthorized = false`.
fn simple_target(t: &SimpleAssignTarget) -> Target<'_> {
    let inner: &Expr = match t {
        SimpleAssignTarget::Ident(b) => return Target::Name(&b.id),
        SimpleAssignTarget::Member(m) => return Target::Member(m),
        SimpleAssignTarget::Paren(p) => &p.expr,
        SimpleAssignTarget::TsAs(e) => &e.expr,
        SimpleAssignTarget::TsSatisfies(e) => &e.expr,
        SimpleAssignTarget::TsNonNull(e) => &e.expr,
        SimpleAssignTarget::TsTypeAssertion(e) => &e.expr,
        SimpleAssignTarget::TsInstantiation(e) => &e.expr,
        SimpleAssignTarget::SuperProp(_)
        | SimpleAssignTarget::OptChain(_)
        | SimpleAssignTarget::Invalid(_) => return Target::Nothing,
    };
    match super::unwrap_expr(inner) {
        Expr::Ident(id) => Target::Name(id),
        Expr::Member(m) => Target::Member(m),
        e => Target::Other(e),
    }
}

fn collect_pat<'a>(
    pat: &'a Pat,
    path: &mut Vec<PatStep>,
    default: Option<&'a Expr>,
    out: &mut Vec<Bound<'a>>,
) {
    match pat {
        Pat::Ident(b) => out.push(Bound {
            ident: &b.id,
            path: path.clone(),
            default,
        }),
        Pat::Object(o) => {
            for p in &o.props {
                match p {
                    ObjectPatProp::KeyValue(kv) => {
                        path.push(prop_name(&kv.key).map_or(PatStep::Computed, PatStep::Key));
                        collect_pat(&kv.value, path, None, out);
                        path.pop();
                    }
                    ObjectPatProp::Assign(a) => {
                        path.push(PatStep::Key(a.key.id.sym.clone()));
                        out.push(Bound {
                            ident: &a.key.id,
                            path: path.clone(),
                            default: a.value.as_deref(),
                        });
                        path.pop();
                    }
                    ObjectPatProp::Rest(r) => {
                        path.push(PatStep::Rest);
                        collect_pat(&r.arg, path, None, out);
                        path.pop();
                    }
                }
            }
        }
        Pat::Array(a) => {
            for (i, el) in a.elems.iter().enumerate() {
                if let Some(el) = el {
                    path.push(PatStep::Index(i));
                    collect_pat(el, path, None, out);
                    path.pop();
                }
            }
        }
        Pat::Rest(r) => {
            path.push(PatStep::Rest);
            collect_pat(&r.arg, path, None, out);
            path.pop();
        }
        Pat::Assign(a) => collect_pat(&a.left, path, Some(&a.right), out),
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

/// `module.exports`, `module.exports.x`, `exports.x`.
/// Node's built-in modules, which no project file can stand for.
const BUILTINS: &[&str] = &[
    "assert",
    "buffer",
    "child_process",
    "cluster",
    "crypto",
    "dgram",
    "dns",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "net",
    "os",
    "path",
    "process",
    "querystring",
    "readline",
    "stream",
    "string_decoder",
    "tls",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "worker_threads",
    "zlib",
];

/// A specifier that may name a file of the project: relative, or bare and resolved through a
/// `tsconfig.json`'s `paths`/`baseUrl` (`config/auth`, `@/lib/log`); never `node:…` or a
/// built-in module.
pub fn project_specifier(specifier: &str) -> bool {
    if is_relative(specifier) {
        return true;
    }
    let first = specifier.split('/').next().unwrap_or(specifier);
    !specifier.starts_with("node:") && !BUILTINS.contains(&first) && !specifier.is_empty()
}

/// A specifier that names a file of the project (`./x`, `../x`), not a package.
pub fn is_relative(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

fn export_name(n: &ModuleExportName) -> Atom {
    match n {
        ModuleExportName::Ident(i) => i.sym.clone(),
        ModuleExportName::Str(s) => str_atom(&s.value),
    }
}

fn is_module_export(m: &MemberExpr) -> bool {
    let is_module = |e: &Expr| matches!(e, Expr::Ident(i) if &*i.sym == "module");
    let is_exports = |p: &MemberProp| member_prop_name(p).as_deref() == Some("exports");
    match super::unwrap_expr(&m.obj) {
        Expr::Ident(i) if &*i.sym == "exports" => true,
        Expr::Ident(_) => is_module(&m.obj) && is_exports(&m.prop),
        Expr::Member(inner) => is_module(&inner.obj) && is_exports(&inner.prop),
        _ => false,
    }
}

/// A parameter annotated with Koa's context type: `ctx: Koa.Context`, `ctx: ParameterizedContext`,
/// `({ request }: RouterContext)`.
fn koa_context_type(p: &Pat) -> bool {
    let ann = match p {
        Pat::Ident(b) => b.type_ann.as_deref(),
        Pat::Object(o) => o.type_ann.as_deref(),
        Pat::Assign(a) => return koa_context_type(&a.left),
        _ => None,
    };
    let Some(TsType::TsTypeRef(r)) = ann.map(|a| &*a.type_ann) else {
        return false;
    };
    let last = match &r.type_name {
        TsEntityName::Ident(i) => &i.sym,
        TsEntityName::TsQualifiedName(q) => &q.right.sym,
    };
    matches!(
        &**last,
        "Context"
            | "ParameterizedContext"
            | "RouterContext"
            | "DefaultContext"
            | "ExtendableContext"
    )
}

/// The module of `require('m')` or `require('m').member` (with the member), as written.
fn required_module(expr: &Expr) -> Option<(String, Option<Atom>)> {
    use super::unwrap_expr;
    let (call, member) = match unwrap_expr(expr) {
        Expr::Call(c) => (c, None),
        Expr::Member(m) => match unwrap_expr(&m.obj) {
            Expr::Call(c) => (c, Some(super::member_prop_name(&m.prop)?)),
            _ => return None,
        },
        _ => return None,
    };
    let callee = call.callee.as_expr()?;
    if !matches!(unwrap_expr(callee), Expr::Ident(i) if &*i.sym == "require") {
        return None;
    }
    match call.args.as_slice() {
        [arg] if arg.spread.is_none() => match unwrap_expr(&arg.expr) {
            Expr::Lit(swc_ecma_ast::Lit::Str(s)) => Some((s.value.as_str()?.to_string(), member)),
            _ => None,
        },
        _ => None,
    }
}
