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
use crate::diagnostics::{Finding, Related};
use crate::model::{
    EGG_APP, Exported, Fact, FactKind, MODULE_EXPORTS, ModuleSummary, is_relative,
    project_specifier,
};
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
        offset: usize,
        fallback: bool,
        reported: bool,
    },
    Function(Vec<Fact>),
    Logger,
}

/// Where an answer was found: the file and how the user would type its path.
struct Place {
    file: PathBuf,
    display: String,
}

pub(crate) struct Resolver<'c> {
    config: &'c Config,
    cwd: &'c Path,
    /// Files of the run that export something.
    run: HashMap<PathBuf, Module>,
    /// Files read from disk (`None`: missing, unreadable or exporting nothing).
    disk: RefCell<HashMap<PathBuf, Option<Rc<Module>>>>,
    /// The TypeScript configuration that applies in each folder asked about.
    tsconfigs: RefCell<HashMap<PathBuf, Option<Rc<TsConfig>>>>,
}

impl<'c> Resolver<'c> {
    pub(crate) fn new(config: &'c Config, cwd: &'c Path) -> Self {
        Resolver {
            config,
            cwd,
            run: HashMap::default(),
            disk: RefCell::new(HashMap::default()),
            tsconfigs: RefCell::new(HashMap::default()),
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
    pub(crate) fn settle(&self, asker: &Path, q: &Question) -> Option<(Finding, Related)> {
        let (place, found) = if &*q.specifier == EGG_APP {
            // `this.app.config.jwt.secret`: the app's `config/config.default.js`.
            let [first, rest @ ..] = &q.path[..] else {
                return None;
            };
            if &**first != "config" {
                return None;
            }
            let file = self.egg_config(asker)?;
            self.lookup(&file, rest, 0)?
        } else {
            let file = self.resolve(asker, &q.specifier)?;
            self.lookup(&file, &q.path, 0)?
        };
        let display = &place.display;
        let (finding, line, what) = match (&q.ask, &found) {
            (Ask::Fact(kind), Found::Function(facts)) => {
                let fact = facts.iter().find(|f| f.kind == *kind)?;
                let line = self.line_at(&place.file, fact.range.start);
                let what = match kind {
                    FactKind::LogsParam(_) => "the argument is written to a log here",
                    FactKind::ComparesParam(_) => "the argument is compared in variable time here",
                    FactKind::LogsContextParam(_) => "credentials of the context are logged here",
                };
                let f = crate::rules::settle(q, Answer::Fact(fact), display, line)?;
                (f, line, what)
            }
            // Reported where it is written: once is enough.
            (_, Found::Str { reported: true, .. }) => return None,
            (
                _,
                Found::Str {
                    text,
                    offset,
                    fallback,
                    ..
                },
            ) => {
                let line = self.line_at(&place.file, *offset);
                let answer = Answer::Str {
                    text,
                    fallback: *fallback,
                };
                let f = crate::rules::settle(q, answer, display, line)?;
                (f, line, "the hard-coded credential")
            }
            (_, Found::Logger) => {
                let f = crate::rules::settle(q, Answer::Logger, display, 0)?;
                (f, 0, "the logger is made here")
            }
            _ => return None,
        };
        let related = Related {
            path: display.clone(),
            line,
            message: what.to_string(),
        };
        Some((finding, related))
    }

    /// The configuration file of the Egg application a file belongs to: `config/config.default`
    /// in the nearest folder above it that has one.
    fn egg_config(&self, asker: &Path) -> Option<PathBuf> {
        asker.ancestors().skip(1).take(12).find_map(|dir| {
            ["js", "ts"]
                .iter()
                .map(|ext| dir.join(format!("config/config.default.{ext}")))
                .find(|p| self.run.contains_key(p) || p.is_file())
        })
    }

    /// The 1-based line of a byte offset in a file (counted as koalint counts them: after any
    /// BOM, every ECMAScript line terminator), read again for the few answers that name one.
    fn line_at(&self, file: &Path, offset: usize) -> u32 {
        let Ok(bytes) = std::fs::read(file) else {
            return 0;
        };
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
        let text = String::from_utf8_lossy(body);
        crate::diagnostics::LineIndex::new(&text)
            .position(&text, offset.min(text.len()))
            .line
    }

    /// The file a specifier names from the file at `from`: a relative one from `from`'s
    /// folder, a bare one through the `paths` and `baseUrl` of the nearest `tsconfig.json` (or
    /// `jsconfig.json`). Packages resolve to nothing.
    fn resolve(&self, from: &Path, specifier: &str) -> Option<PathBuf> {
        let dir = from.parent()?;
        if is_relative(specifier) {
            // Within a package that is linted itself, its own relative imports resolve; no
            // import leads into `node_modules` from outside.
            let found = self.file_at(&dir.join(specifier))?;
            return (node_modules_depth(&found) <= node_modules_depth(dir)).then_some(found);
        }
        if !project_specifier(specifier) {
            return None;
        }
        let config = self.tsconfig(dir)?;
        config
            .candidates(specifier)
            .iter()
            .filter_map(|base| self.file_at(base))
            .find(|f| node_modules_depth(f) <= node_modules_depth(dir))
    }

    /// The file a path without its extension names: the path itself, with an extension added,
    /// a TypeScript source for a `.js` path, or an `index` file.
    fn file_at(&self, path: &Path) -> Option<PathBuf> {
        let base = crate::files::absolute(path, self.cwd);
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

    /// The nearest `tsconfig.json` or `jsconfig.json` at or above `dir` (cached per folder).
    fn tsconfig(&self, dir: &Path) -> Option<Rc<TsConfig>> {
        if let Some(known) = self.tsconfigs.borrow().get(dir) {
            return known.clone();
        }
        let found = ["tsconfig.json", "jsconfig.json"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
            .and_then(|p| TsConfig::read(&p, 0).map(Rc::new))
            .or_else(|| dir.parent().and_then(|up| self.tsconfig(up)));
        self.tsconfigs
            .borrow_mut()
            .insert(dir.to_path_buf(), found.clone());
        found
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
    fn lookup(&self, file: &Path, path: &[Atom], hops: u32) -> Option<(Place, Found)> {
        if hops > MAX_HOPS {
            return None;
        }
        let (display, summary) = self.module(file)?;
        // The whole module (`require('x')`, a default import of a bare specifier): its
        // `module.exports`, else its default export.
        if path.is_empty() {
            let v = summary
                .get(MODULE_EXPORTS)
                .or_else(|| summary.get("default"))?;
            return self.walk(file, &display, v, &[], hops);
        }
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
    ) -> Option<(Place, Found)> {
        let place = || Place {
            file: file.to_path_buf(),
            display: display.to_string(),
        };
        for (i, key) in path.iter().enumerate() {
            // The configuration a factory returns is read through as what it is.
            while let Exported::Config(inner) = value {
                value = inner;
            }
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
                    return Some((place(), Found::Logger));
                }
                _ => return None,
            };
        }
        let found = match value {
            Exported::Str {
                text,
                offset,
                fallback,
                reported,
            } => Found::Str {
                text: text.clone(),
                offset: *offset,
                fallback: *fallback,
                reported: *reported,
            },
            Exported::Function(facts) => Found::Function(facts.clone()),
            Exported::Logger(_) => Found::Logger,
            Exported::Import { source, path: p } => {
                let target = self.resolve(file, source)?;
                return self.lookup(&target, p, hops + 1);
            }
            Exported::Object(_) | Exported::Config(_) | Exported::Unknown => return None,
        };
        Some((place(), found))
    }
}

/// How many `node_modules` folders a path lies in.
fn node_modules_depth(path: &Path) -> usize {
    path.components()
        .filter(|c| c.as_os_str() == "node_modules")
        .count()
}

/// The module-resolution part of a `tsconfig.json`: `compilerOptions.baseUrl` and `paths`
/// (following `extends` to files of the project).
struct TsConfig {
    /// Where `paths` targets start (`baseUrl`, else the configuration's folder).
    root: PathBuf,
    base_url: bool,
    /// Patterns with at most one `*`, and their targets.
    paths: Vec<(String, Vec<String>)>,
}

impl TsConfig {
    fn read(file: &Path, depth: u32) -> Option<TsConfig> {
        let text = std::fs::read_to_string(file).ok()?;
        let json: serde_json::Value = serde_json::from_str(&strip_jsonc(&text)).ok()?;
        let dir = file.parent()?;
        let mut config = match json.get("extends").and_then(|e| e.as_str()) {
            Some(parent) if is_relative(parent) && depth < 4 => {
                let mut p = dir.join(parent);
                if p.extension().is_none() {
                    p.set_extension("json");
                }
                TsConfig::read(&p, depth + 1)
            }
            _ => None,
        }
        .unwrap_or(TsConfig {
            root: dir.to_path_buf(),
            base_url: false,
            paths: Vec::new(),
        });
        let options = json.get("compilerOptions");
        if let Some(base) = options
            .and_then(|o| o.get("baseUrl"))
            .and_then(|b| b.as_str())
        {
            config.root = dir.join(base);
            config.base_url = true;
        }
        if let Some(paths) = options
            .and_then(|o| o.get("paths"))
            .and_then(|p| p.as_object())
        {
            if !config.base_url {
                config.root = dir.to_path_buf();
            }
            config.paths = paths
                .iter()
                .map(|(k, v)| {
                    let targets = v
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|t| t.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    (k.clone(), targets)
                })
                .collect();
        }
        Some(config)
    }

    /// Paths (without extension handling) a bare specifier may name.
    fn candidates(&self, specifier: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for (pattern, targets) in &self.paths {
            let captured = match pattern.split_once('*') {
                Some((prefix, suffix)) => specifier
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_suffix(suffix))
                    .map(str::to_string),
                None => (pattern == specifier).then(String::new),
            };
            if let Some(c) = captured {
                out.extend(
                    targets
                        .iter()
                        .map(|t| self.root.join(t.replacen('*', &c, 1))),
                );
            }
        }
        if self.base_url {
            out.push(self.root.join(specifier));
        }
        out
    }
}

/// JSON with comments and trailing commas (what `tsconfig.json` allows) made plain JSON.
fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            (',', _) => {
                // A comma followed only by blanks and a closing bracket is dropped.
                let rest: String = chars.clone().take_while(|n| n.is_whitespace()).collect();
                let after = chars.clone().nth(rest.chars().count());
                if !matches!(after, Some('}' | ']')) {
                    out.push(',');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsconfig_text_with_comments_and_trailing_commas_is_json() {
        let text =
            "{\n  // a comment\n  \"a\": \"x // not a comment\", /* b */\n  \"b\": [1, 2,],\n}";
        let v: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).expect("json");
        assert_eq!(v["a"], "x // not a comment");
        assert_eq!(v["b"], serde_json::json!([1, 2]));
    }

    #[test]
    fn builtins_and_node_prefixes_are_not_project_modules() {
        assert!(project_specifier("./config"));
        assert!(project_specifier("config/auth.secret"));
        assert!(project_specifier("@/lib/log"));
        assert!(!project_specifier("node:crypto"));
        assert!(!project_specifier("crypto"));
        assert!(!project_specifier("fs/promises"));
    }

    #[test]
    fn paths_patterns_capture_one_star() {
        let c = TsConfig {
            root: PathBuf::from("/p/src"),
            base_url: true,
            paths: vec![("@lib/*".into(), vec!["lib/*".into(), "vendor/*".into()])],
        };
        assert_eq!(
            c.candidates("@lib/log"),
            vec![
                PathBuf::from("/p/src/lib/log"),
                PathBuf::from("/p/src/vendor/log"),
                PathBuf::from("/p/src/@lib/log")
            ]
        );
    }
}
