//! The project's module graph, for the second pass: resolves relative specifiers to files and
//! follows exports (through re-exports) to what a question asks about. The design is in
//! `model/summary.rs`.
//!
//! Files of the run are known by their summaries; a file the run did not name (a single file
//! or an editor buffer on the command line, or a module the configuration excludes) is read
//! from disk once and summarised, so a file's findings do not depend on which other files were
//! named. `node_modules` is never entered.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;
use swc_atoms::Atom;

use crate::config::Config;
use crate::diagnostics::Finding;
use crate::model::{Exported, Fact, MODULE_EXPORTS, ModuleSummary, is_relative};
use crate::rules::{Answer, Ask, Question};

/// Extensions tried after a specifier without one, in this order (Node's, then TypeScript's).
const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];
/// Steps through re-exports and imported values before giving up (cycles end here too).
const MAX_HOPS: u32 = 8;
/// Files read from disk for the second pass are skipped above this size.
const MAX_DISK_FILE: u64 = 2 * 1024 * 1024;

struct Module {
    display: String,
    summary: Rc<ModuleSummary>,
}

/// What an export turned out to be.
enum Found {
    Str {
        text: Box<str>,
        line: u32,
        fallback: bool,
        reported: bool,
    },
    Function(Vec<Fact>),
    Logger,
}

pub(crate) struct Resolver<'c> {
    config: &'c Config,
    cwd: &'c Path,
    /// Files of the run that export something.
    run: HashMap<PathBuf, Module>,
    /// Files read from disk (`None`: missing, unreadable or exporting nothing).
    disk: RefCell<HashMap<PathBuf, Option<Rc<Module>>>>,
}

impl<'c> Resolver<'c> {
    pub(crate) fn new(config: &'c Config, cwd: &'c Path) -> Self {
        Resolver {
            config,
            cwd,
            run: HashMap::default(),
            disk: RefCell::new(HashMap::default()),
        }
    }

    /// A file of the run and what it exports.
    pub(crate) fn add(&mut self, abs: PathBuf, display: String, summary: ModuleSummary) {
        self.run.insert(
            abs,
            Module {
                display,
                summary: Rc::new(summary),
            },
        );
    }

    /// The finding a question of the file at `asker` becomes, if its condition holds.
    pub(crate) fn settle(&self, asker: &Path, q: &Question) -> Option<Finding> {
        let file = self.resolve(asker, &q.specifier)?;
        let (display, found) = self.lookup(&file, &q.path, 0)?;
        match (&q.ask, &found) {
            (Ask::Fact(kind), Found::Function(facts)) => facts
                .iter()
                .find(|f| f.kind == *kind)
                .and_then(|fact| crate::rules::settle(q, Answer::Fact(fact), &display)),
            // Reported where it is written: once is enough.
            (_, Found::Str { reported: true, .. }) => None,
            (
                _,
                Found::Str {
                    text,
                    line,
                    fallback,
                    ..
                },
            ) => crate::rules::settle(
                q,
                Answer::Str {
                    text,
                    line: *line,
                    fallback: *fallback,
                },
                &display,
            ),
            (_, Found::Logger) => crate::rules::settle(q, Answer::Logger, &display),
            _ => None,
        }
    }

    /// The file a relative specifier names from the file at `from`: the path itself, with an
    /// extension added, a TypeScript source for a `.js` specifier, or an `index` file.
    fn resolve(&self, from: &Path, specifier: &str) -> Option<PathBuf> {
        if !is_relative(specifier) {
            return None;
        }
        let base = crate::files::absolute(&from.parent()?.join(specifier), self.cwd);
        if base.components().any(|c| c.as_os_str() == "node_modules") {
            return None;
        }
        let mut candidates = vec![base.clone()];
        let name = base.file_name()?.to_string_lossy().into_owned();
        for ext in EXTENSIONS {
            candidates.push(base.with_file_name(format!("{name}.{ext}")));
        }
        // `import './x.js'` written for `x.ts` (TypeScript's convention for ES modules).
        if let Some((stem, ext)) = name.rsplit_once('.') {
            let ts: &[&str] = match ext {
                "js" => &["ts", "tsx"],
                "mjs" => &["mts"],
                "cjs" => &["cts"],
                "jsx" => &["tsx"],
                _ => &[],
            };
            for t in ts {
                candidates.push(base.with_file_name(format!("{stem}.{t}")));
            }
        }
        for ext in EXTENSIONS {
            candidates.push(base.join(format!("index.{ext}")));
        }
        candidates.into_iter().find(|c| {
            let lintable = c
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e));
            lintable && (self.run.contains_key(c) || c.is_file())
        })
    }

    /// The summary of a file: from the run, or read from disk once.
    fn module(&self, file: &Path) -> Option<(String, Rc<ModuleSummary>)> {
        if let Some(m) = self.run.get(file) {
            return Some((m.display.clone(), m.summary.clone()));
        }
        if let Some(known) = self.disk.borrow().get(file) {
            return known
                .as_ref()
                .map(|m| (m.display.clone(), m.summary.clone()));
        }
        let loaded = self.load(file).map(Rc::new);
        self.disk
            .borrow_mut()
            .insert(file.to_path_buf(), loaded.clone());
        loaded.map(|m| (m.display.clone(), m.summary.clone()))
    }

    fn load(&self, file: &Path) -> Option<Module> {
        let meta = std::fs::metadata(file).ok()?;
        if !meta.is_file() || meta.len() > MAX_DISK_FILE {
            return None;
        }
        let bytes = std::fs::read(file).ok()?;
        let summary = crate::engine::summarise(self.config, self.cwd, file, &bytes)?;
        let display = file
            .strip_prefix(self.cwd)
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        Some(Module {
            display,
            summary: Rc::new(summary),
        })
    }

    /// What export `path` of the file is, following re-exports and imported values.
    fn lookup(&self, file: &Path, path: &[Atom], hops: u32) -> Option<(String, Found)> {
        if hops > MAX_HOPS {
            return None;
        }
        let (display, summary) = self.module(file)?;
        let is_default = path.first().is_some_and(|p| &**p == "default");
        let (value, rest): (&Exported, &[Atom]) =
            if let (true, Some(v)) = (is_default, summary.get("default")) {
                (v, &path[1..])
            } else if let Some(v) = summary.get(MODULE_EXPORTS) {
                // CommonJS: `require` and a default import both give `module.exports`.
                (v, if is_default { &path[1..] } else { path })
            } else {
                // The module's namespace: a default import of a module without a default export
                // (transpiled interop) reads its named exports.
                let named = if is_default { &path[1..] } else { path };
                let first = named.first()?;
                match summary.get(first) {
                    Some(v) => (v, &named[1..]),
                    None => {
                        return summary.stars.iter().find_map(|star| {
                            let target = self.resolve(file, star)?;
                            self.lookup(&target, named, hops + 1)
                        });
                    }
                }
            };
        self.walk(file, &display, value, rest, hops)
    }

    fn walk(
        &self,
        file: &Path,
        display: &str,
        mut value: &Exported,
        path: &[Atom],
        hops: u32,
    ) -> Option<(String, Found)> {
        for (i, key) in path.iter().enumerate() {
            value = match value {
                Exported::Object(_) => value.member(key)?,
                Exported::Import { source, path: p } => {
                    let target = self.resolve(file, source)?;
                    let mut full = p.clone();
                    full.extend_from_slice(&path[i..]);
                    return self.lookup(&target, &full, hops + 1);
                }
                // A logger's methods are its output.
                Exported::Logger(_) if i + 1 == path.len() => {
                    return Some((display.to_string(), Found::Logger));
                }
                _ => return None,
            };
        }
        let found = match value {
            Exported::Str {
                text,
                line,
                fallback,
                reported,
            } => Found::Str {
                text: text.clone(),
                line: *line,
                fallback: *fallback,
                reported: *reported,
            },
            Exported::Function(facts) => Found::Function(facts.clone()),
            Exported::Logger(_) => Found::Logger,
            Exported::Import { source, path: p } => {
                let target = self.resolve(file, source)?;
                return self.lookup(&target, p, hops + 1);
            }
            Exported::Object(_) | Exported::Unknown => return None,
        };
        Some((display.to_string(), found))
    }
}
