//! Lints one file (read, decode, parse, model, rules) and many in parallel, then sorts.
//!
//! Each file is one unit of work with nothing shared: the worker drops the AST and the model
//! before taking the next file and keeps the text only when a diagnostic needs a snippet.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Finding, Label, LineIndex, Severity};
use crate::files::FileEntry;
use crate::model::{FileModel, ModuleSummary};
use crate::rules::{FileContext, Question, RULES};
use crate::{parse, suppress};

/// Rule ids of the engine's own diagnostics.
pub const PARSE_ERROR: &str = "parse-error";
pub const IO_ERROR: &str = "io-error";
pub const INTERNAL_ERROR: &str = "internal-error";

/// The result for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user would type it.
    pub path: String,
    /// The text after any BOM, kept only when there are diagnostics to show.
    pub source: Option<String>,
    /// Length of the BOM that was removed (byte offsets in output are into the file).
    pub bom_len: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings that inline directives silenced (`None` when the run does not report them).
    pub suppressed: Option<Vec<Suppressed>>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The engine's suppression diagnostics and their default levels.
pub const META_RULES: &[(&str, Severity)] = &[
    (UNUSED_IGNORE, Severity::Warning),
    (UNKNOWN_RULE, Severity::Error),
    (MISSING_REASON, Severity::Warning),
];
pub const UNUSED_IGNORE: &str = "unused-ignore";
pub const UNKNOWN_RULE: &str = "unknown-rule";
pub const MISSING_REASON: &str = "missing-reason";

/// One line on what each of `META_RULES` reports (for SARIF's rule list).
pub fn meta_rule_summary(id: &str) -> &'static str {
    match id {
        UNUSED_IGNORE => "a koalint-ignore directive that silenced nothing",
        UNKNOWN_RULE => "a koalint-ignore directive that names no rule or an unknown rule",
        MISSING_REASON => "a koalint-ignore directive without a `-- reason`",
        _ => "a koalint diagnostic",
    }
}

/// A finding a directive silenced, kept for `--include-suppressed`.
#[derive(Debug)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub reason: Option<String>,
}

/// Lints files with a configuration.
pub struct Linter {
    config: Config,
    /// Where relative paths start (to match configuration globs).
    cwd: PathBuf,
    /// Benchmarking: parse and stop (the parse floor of the same file set).
    parse_only: bool,
}

impl Default for Linter {
    fn default() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        Linter {
            config: Config::defaults(&cwd),
            cwd,
            parse_only: false,
        }
    }
}

/// Stack for worker threads: deeply nested code recurses in the parser and the model.
pub const WORKER_STACK: usize = 64 * 1024 * 1024;

impl Linter {
    pub fn new(config: Config, cwd: PathBuf) -> Self {
        Linter {
            config,
            cwd,
            parse_only: false,
        }
    }

    /// Only parse (for measuring the parse floor on exactly the files koalint lints).
    pub fn parse_only(mut self, yes: bool) -> Self {
        self.parse_only = yes;
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Lints every file on a pool of `threads` workers (0: one per core); the reports come back
    /// sorted by path, their diagnostics by position and rule.
    pub fn lint_files(
        &self,
        files: &[FileEntry],
        threads: usize,
    ) -> Result<Vec<FileReport>, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("koalint-{i}"))
            .build()
            .map_err(|e| format!("cannot start worker threads: {e}"))?;
        // Largest files first, one file per task: a big file started last would leave the
        // other cores idle at the end.
        let mut order: Vec<&FileEntry> = files.iter().collect();
        order.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.display.cmp(&b.display)));
        let units: Vec<Analysed> = pool.install(|| {
            order
                .par_iter()
                .with_max_len(1)
                .map(|f| self.analyse_file(f))
                .collect()
        });
        let mut reports = settle(units, &self.config, &self.cwd);
        reports.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(reports)
    }

    fn analyse_file(&self, file: &FileEntry) -> Analysed {
        let abs = crate::files::absolute(&file.path, &self.cwd);
        if let Some(message) = &file.error {
            return Analysed::done(io_report(&file.display, message.clone()), abs);
        }
        match std::fs::read(&file.path) {
            Ok(bytes) => analyse(
                &self.config,
                &self.cwd,
                self.parse_only,
                &file.display,
                &file.path,
                &bytes,
            ),
            Err(e) => Analysed::done(
                io_report(
                    &file.display,
                    format!("cannot read file: {}", io_reason(&e)),
                ),
                abs,
            ),
        }
    }

    /// Lints file contents as if they were at `path` (which chooses the syntax and, through
    /// the configuration's overrides, the rule levels). Imports of the project's own modules
    /// are resolved from disk.
    pub fn lint_bytes(&self, display: &str, path: &Path, bytes: &[u8]) -> FileReport {
        lint_source(
            &self.config,
            &self.cwd,
            self.parse_only,
            display,
            path,
            bytes,
        )
    }
}

/// Lints file contents as if they were at `path`: decode, parse, model, rules, the second pass
/// (imports resolved from disk), suppressions. A panic inside becomes an `internal-error`
/// diagnostic on the file.
pub fn lint_source(
    config: &Config,
    cwd: &Path,
    parse_only: bool,
    display: &str,
    path: &Path,
    bytes: &[u8],
) -> FileReport {
    let unit = analyse(config, cwd, parse_only, display, path, bytes);
    settle(vec![unit], config, cwd)
        .pop()
        .expect("one report per unit")
}

/// What the first pass keeps of one file: its report (final unless `pending`), what it exports,
/// and the questions it left for the second pass.
struct Analysed {
    report: FileReport,
    abs: PathBuf,
    summary: Option<ModuleSummary>,
    pending: Option<Pending>,
}

impl Analysed {
    fn done(report: FileReport, abs: PathBuf) -> Self {
        Analysed {
            report,
            abs,
            summary: None,
            pending: None,
        }
    }
}

/// A file's questions, and what is needed to finish its report once they are answered: its
/// diagnostics are not yet filtered by its inline directives.
struct Pending {
    questions: Vec<(&'static str, Severity, Question)>,
    directives: Vec<suppress::Directive>,
    levels: BTreeMap<&'static str, Option<Severity>>,
}

/// What [`check_text`] found in one file.
#[derive(Default)]
struct Checked {
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<Suppressed>,
    masks: Vec<Range<usize>>,
    summary: Option<ModuleSummary>,
    /// When set, `diagnostics` are raw: the directives are applied after the second pass.
    pending: Option<Pending>,
}

/// The first pass over one file.
fn analyse(
    config: &Config,
    cwd: &Path,
    parse_only: bool,
    display: &str,
    path: &Path,
    bytes: &[u8],
) -> Analysed {
    let abs = crate::files::absolute(path, cwd);
    let (text, bom_len) = match decode(bytes) {
        Ok(t) => t,
        Err(message) => return Analysed::done(io_report(display, message), abs),
    };
    if text.len() >= u32::MAX as usize - 2 {
        return Analysed::done(
            io_report(display, "file is too large to parse (4 GiB or more)".into()),
            abs,
        );
    }
    let levels = config.levels_for(&abs);
    let outcome = contained(|| check_text(config, parse_only, display, path, text, &levels));
    let checked = match outcome {
        Ok(c) => c,
        Err(what) => {
            let d = file_diagnostic(
                INTERNAL_ERROR,
                text,
                0..0,
                format!(
                    "internal error while linting this file ({what}); please report it with koalint {}",
                    env!("CARGO_PKG_VERSION")
                ),
            );
            Checked {
                diagnostics: vec![d],
                ..Checked::default()
            }
        }
    };
    let Checked {
        mut diagnostics,
        mut suppressed,
        masks,
        summary,
        pending,
    } = checked;
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    suppressed.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
    let keep = !diagnostics.is_empty() || !suppressed.is_empty() || pending.is_some();
    Analysed {
        report: FileReport {
            path: display.to_string(),
            source: keep.then(|| masked(text, &masks)),
            bom_len,
            diagnostics,
            suppressed: Some(suppressed),
        },
        abs,
        summary: summary.filter(|s| !s.is_empty()),
        pending,
    }
}

/// The second pass: answers every file's questions from the summaries of the files it imports
/// (linted in this run, or read from disk), then applies those files' inline directives.
fn settle(units: Vec<Analysed>, config: &Config, cwd: &Path) -> Vec<FileReport> {
    let mut resolver = crate::project::Resolver::new(config, cwd);
    let mut reports = Vec::with_capacity(units.len());
    let mut waiting = Vec::new();
    for unit in units {
        if let Some(summary) = unit.summary {
            resolver.add(unit.abs.clone(), unit.report.path.clone(), summary);
        }
        match unit.pending {
            Some(p) => waiting.push((unit.report, unit.abs, p)),
            None => reports.push(unit.report),
        }
    }
    for (mut report, abs, pending) in waiting {
        let text = report.source.take().unwrap_or_default();
        let index = LineIndex::new(&text);
        let mut diagnostics = std::mem::take(&mut report.diagnostics);
        let mut groups_done: Vec<(&str, Range<usize>)> = Vec::new();
        for (rule, severity, q) in &pending.questions {
            let done = |g: &Range<usize>| groups_done.iter().any(|(r, d)| r == rule && d == g);
            if q.group.as_ref().is_some_and(done) {
                continue;
            }
            if let Some((f, related)) = resolver.settle(&abs, q) {
                let mut d = place(&index, &text, rule, *severity, f);
                d.related.push(related);
                diagnostics.push(d);
                if let Some(g) = &q.group {
                    groups_done.push((rule, g.clone()));
                }
            }
        }
        let (mut kept, mut suppressed) = if pending.directives.is_empty() {
            (diagnostics, Vec::new())
        } else {
            apply_directives(
                &index,
                &text,
                diagnostics,
                &pending.directives,
                &pending.levels,
            )
        };
        kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        suppressed.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
        if !kept.is_empty() || !suppressed.is_empty() {
            report.source = Some(text);
        }
        report.diagnostics = kept;
        report.suppressed = Some(suppressed);
        reports.push(report);
    }
    reports
}

/// Only the first pass over one file, for a module the run did not name (its summary).
pub(crate) fn summarise(
    config: &Config,
    cwd: &Path,
    path: &Path,
    bytes: &[u8],
) -> Option<ModuleSummary> {
    analyse(config, cwd, false, "", path, bytes).summary
}

fn check_text(
    config: &Config,
    parse_only: bool,
    display: &str,
    path: &Path,
    text: &str,
    levels: &BTreeMap<&'static str, Option<Severity>>,
) -> Checked {
    if parse_only {
        // The result is dropped here, as a real run drops it after the rules.
        let _ = parse::parse(path, text);
        return Checked::default();
    }
    let keep_comments = suppress::may_have_directives(text);
    // swc's parser panics on a few broken inputs (`<e:e.p` in a .js file, found by fuzzing):
    // the file does not parse, and says so.
    let parsed = contained(|| parse::parse_with_comments(path, text, keep_comments))
        .unwrap_or_else(|what| {
            Err(parse::ParseFailure {
                range: 0..0,
                message: format!(
                    "swc's parser failed on it ({what}); please report it with koalint {}",
                    env!("CARGO_PKG_VERSION")
                ),
            })
        });
    let (program, comments) = match parsed {
        Ok(p) => p,
        Err(failure) => {
            let message = format!("cannot parse this file: {}", failure.message);
            let d = file_diagnostic(PARSE_ERROR, text, failure.range, message);
            // No syntax tree to say which literals are credentials: mask what has a
            // well-known key format.
            return Checked {
                diagnostics: vec![d],
                masks: crate::model::key_format_ranges(text),
                ..Checked::default()
            };
        }
    };
    let model = FileModel::build(&program, &config.vocab);
    let cx = FileContext {
        path: display,
        source: text,
        model: &model,
        settings: &config.rule_settings,
        questions: Default::default(),
        facts: Default::default(),
    };
    let mut questions = Vec::new();
    // Most files have no findings: build the line index only for those that do.
    let mut index: Option<LineIndex> = None;
    let mut out = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let Some(Some(severity)) = levels.get(meta.id) else {
            continue;
        };
        let mut findings = Vec::new();
        #[cfg(debug_assertions)]
        debug_panic::check(meta.id, text);
        rule.check(&cx, &mut findings);
        questions.extend(
            cx.questions
                .borrow_mut()
                .drain(..)
                .map(|q| (meta.id, *severity, q)),
        );
        if findings.is_empty() {
            continue;
        }
        let index = index.get_or_insert_with(|| LineIndex::new(text));
        out.extend(
            findings
                .into_iter()
                .map(|f| place(index, text, meta.id, *severity, f)),
        );
    }
    // What the file exports, for the files that import it.
    let summary = model.exports_anything().then(|| {
        let reported = |offset: usize| out.iter().any(|d| d.primary.label.range.start == offset);
        // Egg reads `config/config.default.js` itself: its factory's result is the app's config.
        let egg_config = path.file_stem().is_some_and(|s| s == "config.default")
            && path
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|d| d == "config");
        model.summary(&cx.facts.borrow(), &reported, egg_config)
    });
    // The source is kept for snippets only when something is reported; credential literals
    // in it are masked whichever rules ran.
    let masks = if out.is_empty() && questions.is_empty() {
        Vec::new()
    } else {
        crate::rules::credential_literals(&model, text)
    };
    let directives = if comments.is_empty() {
        Vec::new()
    } else {
        let first_code = first_code_offset(&program).unwrap_or(text.len());
        suppress::directives(&comments, first_code)
    };
    if !questions.is_empty() {
        return Checked {
            diagnostics: out,
            masks,
            summary,
            pending: Some(Pending {
                questions,
                directives,
                levels: levels.clone(),
            }),
            ..Checked::default()
        };
    }
    if directives.is_empty() {
        return Checked {
            diagnostics: out,
            masks,
            summary,
            ..Checked::default()
        };
    }
    let index = index.get_or_insert_with(|| LineIndex::new(text));
    let (kept, suppressed) = apply_directives(index, text, out, &directives, levels);
    Checked {
        diagnostics: kept,
        suppressed,
        masks,
        summary,
        pending: None,
    }
}

/// `text` with each masked range replaced by `*`, byte for byte, so that every offset and line
/// stays where it was.
fn masked(text: &str, masks: &[Range<usize>]) -> String {
    if masks.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in masks {
        // Only whole characters are replaced, each by as many ASCII bytes as it had, so the
        // result stays UTF-8.
        if text.get(r.clone()).is_none() {
            continue;
        }
        for b in &mut bytes[r.clone()] {
            *b = b'*';
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// Where the first statement starts (file directives must come before it).
fn first_code_offset(program: &swc_ecma_ast::Program) -> Option<usize> {
    use swc_common::Spanned;
    use swc_ecma_ast::{Expr, ModuleItem, Stmt};
    // A directive prologue (`'use strict';`) is not code.
    let prologue = |s: &Stmt| matches!(s, Stmt::Expr(e) if matches!(&*e.expr, Expr::Lit(swc_ecma_ast::Lit::Str(_))));
    let span = match program {
        swc_ecma_ast::Program::Module(m) => m
            .body
            .iter()
            .find(|i| !matches!(i, ModuleItem::Stmt(s) if prologue(s)))
            .map(|i| i.span()),
        swc_ecma_ast::Program::Script(s) => s.body.iter().find(|i| !prologue(i)).map(|i| i.span()),
    }?;
    Some(crate::model::byte_range(span).start)
}

/// Silences what the directives name, and reports the directives that are wrong or unused.
fn apply_directives(
    index: &LineIndex,
    text: &str,
    diagnostics: Vec<Diagnostic>,
    directives: &[suppress::Directive],
    levels: &BTreeMap<&'static str, Option<Severity>>,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let known = crate::config::known_ids();
    // (directive, id) pairs that silenced something.
    let mut used = vec![vec![false; 0]; directives.len()];
    for (i, d) in directives.iter().enumerate() {
        used[i] = vec![false; d.ids.len()];
    }
    let target_line = |d: &suppress::Directive| index.position(text, d.end).line + 1;
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for diag in diagnostics {
        let hit = directives.iter().enumerate().find_map(|(i, d)| {
            let applies = if d.whole_file {
                d.before_code
            } else {
                target_line(d) == diag.primary.start.line
            };
            let slot = d.ids.iter().position(|id| id == diag.rule)?;
            applies.then_some((i, slot))
        });
        match hit {
            Some((i, slot)) => {
                used[i][slot] = true;
                suppressed.push(Suppressed {
                    diagnostic: diag,
                    reason: directives[i].reason.clone(),
                });
            }
            None => kept.push(diag),
        }
    }
    let meta = |id: &'static str, range: std::ops::Range<usize>, message: String, help: &str| {
        levels
            .get(id)
            .copied()
            .flatten()
            .map(|severity| Diagnostic {
                rule: id,
                severity,
                message,
                help: Some(help.to_string()),
                primary: index.place(text, Label::new(range, "")),
                secondary: Vec::new(),
                related: Vec::new(),
            })
    };
    for (i, d) in directives.iter().enumerate() {
        let range = d.range.clone();
        let kind = if d.whole_file {
            "koalint-ignore-file"
        } else {
            "koalint-ignore"
        };
        if d.ids.is_empty() {
            kept.extend(meta(
                UNKNOWN_RULE,
                range.clone(),
                format!("{kind} names no rule"),
                "name the rules to silence: `koalint-ignore <rule-id> -- reason`",
            ));
        }
        for (slot, id) in d.ids.iter().enumerate() {
            if !known.contains(&id.as_str()) {
                let hint = crate::config::did_you_mean(id, &known);
                kept.extend(meta(
                    UNKNOWN_RULE,
                    range.clone(),
                    format!("{kind} names an unknown rule '{id}'{hint}"),
                    "`koalint rules` lists the rule ids",
                ));
                continue;
            }
            let enabled = levels.get(id.as_str()).copied().flatten().is_some();
            if enabled && !used[i][slot] {
                let why = if d.whole_file && !d.before_code {
                    " (a koalint-ignore-file directive must come before any code)"
                } else {
                    ""
                };
                kept.extend(meta(
                    UNUSED_IGNORE,
                    range.clone(),
                    format!("{kind} for '{id}' silenced nothing{why}"),
                    "remove the directive, or move it to the line above the finding",
                ));
            }
        }
        if d.reason.is_none() && !d.ids.is_empty() {
            kept.extend(meta(
                MISSING_REASON,
                range,
                format!("{kind} gives no reason"),
                "say why the finding is safe: `koalint-ignore <rule-id> -- reason`",
            ));
        }
    }
    (kept, suppressed)
}

thread_local! {
    /// Set while [`contained`] runs on this thread: panics are captured, not printed.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic captured on this thread.
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that, while [`contained`] runs, records the panic's
/// message and place for the diagnostic instead of printing it; other panics go to the hook
/// that was there before (Rust's default one: message on stderr).
pub fn contain_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CONTAINING.with(Cell::get) {
                // A dependency's path is shown from its crate's folder, without the registry's.
                let place = info
                    .location()
                    .map(|l| {
                        let file = l.file();
                        let file = file
                            .find("/registry/src/")
                            .and_then(|i| file[i + 14..].split_once('/'))
                            .map_or(file, |(_, rest)| rest);
                        format!(" at {file}:{}", l.line())
                    })
                    .unwrap_or_default();
                let message = panic_message(info.payload());
                CAPTURED.with(|c| *c.borrow_mut() = Some(format!("{message}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside becomes `Err` with its message and place, and prints nothing.
fn contained<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    contain_panics();
    let outer = CONTAINING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(outer));
    result.map_err(|payload| {
        CAPTURED
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| panic_message(&*payload))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Debug builds only (never a release): `KOALINT_DEBUG_PANIC=<rule-id>` makes that rule panic
/// on files that contain the text `koalint-debug-panic`, so that the end-to-end tests can show
/// a panic inside a rule is contained. Read once per process.
#[cfg(debug_assertions)]
mod debug_panic {
    use std::sync::OnceLock;

    pub(super) fn check(rule: &str, text: &str) {
        static RULE: OnceLock<Option<String>> = OnceLock::new();
        let armed = RULE.get_or_init(|| std::env::var("KOALINT_DEBUG_PANIC").ok());
        if armed.as_deref() == Some(rule) && text.contains("koalint-debug-panic") {
            panic!("KOALINT_DEBUG_PANIC: {rule} panics on request");
        }
    }
}

fn place(
    index: &LineIndex,
    text: &str,
    rule: &'static str,
    severity: Severity,
    f: Finding,
) -> Diagnostic {
    Diagnostic {
        rule,
        severity,
        message: f.message,
        help: Some(f.help),
        // Inside a one-line primary span a label says nothing the primary does not show (and
        // the two underlines collide); inside a multi-line one it points at the part that
        // matters.
        secondary: f
            .secondary
            .into_iter()
            .filter(|l| {
                let inside =
                    f.primary.range.start <= l.range.start && l.range.end <= f.primary.range.end;
                let one_line = !text
                    .get(f.primary.range.clone())
                    .is_some_and(|t| t.contains('\n'));
                !(inside && one_line)
            })
            .map(|l| index.place(text, l))
            .collect(),
        primary: index.place(text, f.primary),
        related: Vec::new(),
    }
}

fn file_diagnostic(
    rule: &'static str,
    text: &str,
    range: std::ops::Range<usize>,
    message: String,
) -> Diagnostic {
    let index = LineIndex::new(text);
    let range = range.start.min(text.len())..range.end.min(text.len());
    Diagnostic {
        rule,
        severity: Severity::Error,
        message,
        help: None,
        primary: index.place(text, Label::new(range, "")),
        secondary: Vec::new(),
        related: Vec::new(),
    }
}

fn io_report(display: &str, message: String) -> FileReport {
    FileReport {
        path: display.to_string(),
        source: None,
        bom_len: 0,
        diagnostics: vec![file_diagnostic(IO_ERROR, "", 0..0, message)],
        suppressed: Some(Vec::new()),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it no longer exists".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// UTF-8 with an optional BOM; anything else is an `io-error`.
fn decode(bytes: &[u8]) -> Result<(&str, usize), String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("file is UTF-16 encoded; koalint reads UTF-8 only".into());
    }
    let (body, bom_len) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    std::str::from_utf8(body)
        .map(|t| (t, bom_len))
        .map_err(|e| {
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to() + bom_len
            )
        })
}
