//! koalint: a security linter for JavaScript and TypeScript Koa services.
//!
//! The library lints sources; the binary (`main.rs`) turns a command line into a [`run`] and
//! the [`Outcome`] into an exit code. Every output is a view of one sorted list of diagnostics.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod files;
pub mod model;
pub mod parse;
mod project;
pub mod report;
pub mod rules;
pub mod suppress;

use std::io::{self, Read, Write};
use std::path::Path;

use cli::{BaselineArgs, CheckArgs, Cli, ColorChoice, Command, LintArgs};
use diagnostics::Severity;
use report::escape;
use report::{Format, Theme, Totals};

/// Lints the contents of one file as if it were at `path` (relative paths are taken from
/// `config.base`): the extension chooses the syntax, the configuration's overrides choose the rule
/// levels. Nothing is read from disk. A panic inside the model or a rule becomes an
/// `internal-error` diagnostic; this function itself does not panic.
///
/// Deeply nested sources recurse in the parser: call it on a thread with a stack of at least
/// [`engine::WORKER_STACK`] bytes (the worker pool's), as the CLI does.
pub fn lint_source(path: &Path, bytes: &[u8], config: &config::Config) -> engine::FileReport {
    let display = files::display_path(path, &config.base);
    engine::lint_source(config, &config.base, false, &display, path, bytes)
}

/// How a run ended; `main` maps it to the exit code in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing of severity error was found.
    Clean,
    /// At least one error-severity finding.
    Findings,
    /// Usage error, bad path, or an internal error.
    Error,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

/// What the process environment says about colour, read once by `main`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub no_color: bool,
    pub force_color: bool,
}

/// Runs a parsed command line against `cwd`, writing findings to `stdout` and notes to `stderr`;
/// `--stdin-filename` reads the process's standard input.
pub fn run(
    cli: Cli,
    cwd: &Path,
    term: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    run_with_stdin(cli, cwd, term, &mut io::stdin().lock(), stdout, stderr)
}

/// [`run`] with standard input given (what `--stdin-filename` lints).
pub fn run_with_stdin(
    cli: Cli,
    cwd: &Path,
    term: Terminal,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    match cli.command {
        Command::Check(args) => check(&args, cwd, term, stdin, stdout, stderr),
        Command::Baseline(args) => write_baseline(&args, cwd, stderr),
        Command::Rules => quietly(list_rules(stdout), Outcome::Clean),
        Command::Explain { rule } => explain(&rule, stdout, stderr),
        Command::Init => init(cwd, stdout, stderr),
        Command::Schema => quietly(
            stdout.write_all(config::schema_json().as_bytes()),
            Outcome::Clean,
        ),
        Command::PrintConfig { file, config } => print_config(&file, &config, cwd, stdout, stderr),
    }
}

/// Loads the configuration, collects the files (or, with `stdin`, reads the buffer that stands
/// for the named file) and lints them. On failure the error has been written to `stderr` and
/// the outcome is returned.
fn lint(
    args: &LintArgs,
    cwd: &Path,
    stdin: Option<(&Path, &mut dyn Read)>,
    stderr: &mut dyn Write,
) -> Result<Vec<engine::FileReport>, Outcome> {
    // Standard input stands for the file at `--stdin-filename`: its configuration is the one
    // found from that file's folder, as it would be for the file itself.
    let stdin_path = stdin.as_ref().map(|(p, _)| files::absolute(p, cwd));
    if stdin_path.is_some() && args.paths.iter().any(|p| p != Path::new(".")) {
        let _ = writeln!(
            stderr,
            "koalint: --stdin-filename lints standard input; give no paths with it"
        );
        return Err(Outcome::Error);
    }
    let config_dir = stdin_path.as_deref().and_then(Path::parent).unwrap_or(cwd);
    let mut config = match load_config(&args.config, cwd, config_dir) {
        Ok(c) => c,
        Err(e) => return Err(config_failure(&e, cwd, stderr)),
    };
    config.selection = config::Selection {
        only: args.rules.clone(),
        disable: args.disable.clone(),
        warn: args.warn.clone(),
        deny: args.deny.clone(),
    };
    if let Err(e) = config.check_selection() {
        let _ = writeln!(stderr, "koalint: {}", escape::line(&e));
        return Err(Outcome::Error);
    }
    if let Some((name, input)) = stdin {
        return lint_stdin(args, name, config, cwd, input, stderr);
    }
    let files = match files::collect(&args.paths, cwd, Some(&config)) {
        Ok(f) => f,
        Err(files::MissingPath(p)) => {
            // One line, and the run stops before anything is linted: a typo in a path should not
            // pass as a clean run of the other paths.
            let _ = match std::fs::metadata(cwd.join(&p)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    let reason = e.to_string();
                    let reason = reason.split(" (os error").next().unwrap_or(&reason);
                    writeln!(
                        stderr,
                        "koalint: cannot read {}: {}",
                        escape::path(&p),
                        reason.to_lowercase()
                    )
                }
                _ => writeln!(
                    stderr,
                    "koalint: no such file or directory: {}",
                    escape::path(&p)
                ),
            };
            return Err(Outcome::Error);
        }
    };
    let (files, too_large): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| args.max_file_size == 0 || f.size <= args.max_file_size);
    if !too_large.is_empty() {
        let shown: Vec<_> = too_large
            .iter()
            .take(3)
            .map(|f| escape::path(&f.display))
            .collect();
        let more = if too_large.len() > 3 { ", …" } else { "" };
        let _ = writeln!(
            stderr,
            "koalint: skipped {} larger than --max-file-size {}: {}{more}",
            report::plural(too_large.len(), "file"),
            human_size(args.max_file_size),
            shown.join(", ")
        );
    }
    let linter = engine::Linter::new(config, cwd.to_path_buf()).parse_only(args.parse_only);
    linter.lint_files(&files, args.threads).map_err(|e| {
        let _ = writeln!(stderr, "koalint: {}", escape::line(&e));
        Outcome::Error
    })
}

/// Lints standard input as the file `name`. A name that is not JavaScript or TypeScript, or
/// that the configuration ignores, gives no report at all.
fn lint_stdin(
    args: &LintArgs,
    name: &Path,
    config: config::Config,
    cwd: &Path,
    stdin: &mut dyn Read,
    stderr: &mut dyn Write,
) -> Result<Vec<engine::FileReport>, Outcome> {
    let mut bytes = Vec::new();
    if let Err(e) = stdin.read_to_end(&mut bytes) {
        let _ = writeln!(stderr, "koalint: cannot read standard input: {e}");
        return Err(Outcome::Error);
    }
    let Some(display) = files::stdin_target(name, cwd, &config) else {
        return Ok(Vec::new());
    };
    if args.max_file_size != 0 && bytes.len() as u64 > args.max_file_size {
        let _ = writeln!(
            stderr,
            "koalint: skipped standard input ({}), larger than --max-file-size {}",
            escape::path(&display),
            human_size(args.max_file_size)
        );
        return Ok(Vec::new());
    }
    let linter = engine::Linter::new(config, cwd.to_path_buf()).parse_only(args.parse_only);
    Ok(vec![linter.lint_bytes(&display, name, &bytes)])
}

fn check(
    args: &CheckArgs,
    cwd: &Path,
    term: Terminal,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    // Read the baseline before linting: a broken one is a usage error, found early.
    let baseline = match &args.baseline {
        Some(path) => match baseline::Baseline::read(&cwd.join(path)) {
            Ok(b) => Some((b, baseline::Place::new(path, cwd), path)),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "koalint: {}: {}",
                    escape::os_path(path),
                    escape::line(&e)
                );
                return Outcome::Error;
            }
        },
        None => None,
    };
    let input = args.stdin_filename.as_deref().map(|name| (name, stdin));
    let mut reports = match lint(&args.lint, cwd, input, stderr) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let applied = baseline
        .as_ref()
        .map(|(b, place, path)| (b.apply(&mut reports, place), *path));
    // `--max-warnings` counts the warnings `--quiet` does not show.
    let warnings_before_quiet = Totals::of(&reports).warnings;
    if args.quiet {
        for r in &mut reports {
            r.diagnostics.retain(|d| d.severity == Severity::Error);
        }
    }
    if !args.include_suppressed {
        for r in &mut reports {
            r.suppressed = None;
        }
    }
    let totals = Totals::of(&reports);
    let internal = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.rule == engine::INTERNAL_ERROR);
    let too_many_warnings = args
        .max_warnings
        .is_some_and(|max| warnings_before_quiet > max);
    let outcome = if internal {
        Outcome::Error
    } else if totals.errors > 0 || too_many_warnings {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    let theme = match (args.color, &args.output_file) {
        (ColorChoice::Always, _) => Theme::Color,
        (ColorChoice::Never, _) | (ColorChoice::Auto, Some(_)) => Theme::Plain,
        (ColorChoice::Auto, None) if term.force_color => Theme::Color,
        (ColorChoice::Auto, None) if term.stdout_is_tty && !term.no_color => Theme::Color,
        (ColorChoice::Auto, None) => Theme::Plain,
    };
    if let Some(path) = &args.sarif_output {
        if let Err(e) = write_report_file(Format::Sarif, &reports, Theme::Plain, &cwd.join(path)) {
            let _ = writeln!(
                stderr,
                "koalint: cannot write {}: {e}",
                escape::os_path(path)
            );
            return Outcome::Error;
        }
    }
    let written = match &args.output_file {
        Some(path) => write_report_file(args.format, &reports, theme, &cwd.join(path))
            .map_err(|e| (e, escape::os_path(path))),
        None => report::write(args.format, &reports, theme, stdout)
            .and_then(|_| stdout.flush())
            .map_err(|e| (e, "the report".to_string())),
    };
    if let Err((e, what)) = written {
        if e.kind() == io::ErrorKind::BrokenPipe && args.output_file.is_none() {
            return outcome;
        }
        let _ = writeln!(stderr, "koalint: cannot write {what}: {e}");
        return Outcome::Error;
    }
    let machine_readable = matches!(args.format, Format::Json | Format::Sarif);
    if !machine_readable || args.output_file.is_some() {
        let _ = writeln!(stderr, "{}", totals.summary());
    }
    if let Some((applied, path)) = &applied {
        baseline_note(applied, path, stderr);
    }
    if let (true, Some(max)) = (too_many_warnings, args.max_warnings) {
        let _ = writeln!(
            stderr,
            "koalint: {} is more than --max-warnings {max}",
            report::plural(warnings_before_quiet, "warning")
        );
    }
    outcome
}

/// Writes a whole report to a file (created or truncated).
fn write_report_file(
    format: Format,
    reports: &[engine::FileReport],
    theme: Theme,
    path: &Path,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(std::fs::File::create(path)?);
    report::write(format, reports, theme, &mut out)?;
    out.flush()
}

/// How many findings the baseline hid, and which of its entries no longer occur.
fn baseline_note(applied: &baseline::Applied, path: &Path, stderr: &mut dyn Write) {
    let _ = writeln!(
        stderr,
        "koalint: {} baselined in {} (not shown)",
        report::plural(applied.baselined, "finding"),
        escape::os_path(path)
    );
    if applied.stale.is_empty() {
        return;
    }
    let gone: usize = applied.stale.iter().map(|(_, _, n)| n).sum();
    let _ = writeln!(
        stderr,
        "koalint: {} in the baseline no longer {}; `koalint baseline --prune` removes {}:",
        report::plural(gone, "finding"),
        if gone == 1 { "occurs" } else { "occur" },
        if gone == 1 { "it" } else { "them" },
    );
    for (file, rule, n) in &applied.stale {
        let _ = writeln!(
            stderr,
            "  {}: {} ×{n}",
            escape::path(file),
            escape::line(rule)
        );
    }
}

/// `koalint baseline`: writes today's findings' fingerprints, or with `--prune` removes the
/// entries that no longer occur.
fn write_baseline(args: &BaselineArgs, cwd: &Path, stderr: &mut dyn Write) -> Outcome {
    let place = baseline::Place::new(&args.baseline, cwd);
    let target = cwd.join(&args.baseline);
    let previous = if args.prune {
        match baseline::Baseline::read(&target) {
            Ok(b) => Some(b),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "koalint: {}: {}",
                    escape::os_path(&args.baseline),
                    escape::line(&e)
                );
                return Outcome::Error;
            }
        }
    } else {
        None
    };
    let reports = match lint(&args.lint, cwd, None, stderr) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let current = baseline::Baseline::of(&reports, &place);
    let written = match &previous {
        Some(old) => old.pruned(
            &current,
            &baseline::Baseline::keys(&reports, &place),
            &place,
        ),
        None => current,
    };
    if let Err(e) = std::fs::write(&target, written.to_json()) {
        let _ = writeln!(
            stderr,
            "koalint: cannot write {}: {e}",
            escape::os_path(&args.baseline)
        );
        return Outcome::Error;
    }
    let what = match &previous {
        Some(old) => match old.count() - written.count() {
            1 => "removed 1 entry that no longer occurs".to_string(),
            n => format!("removed {n} entries that no longer occur"),
        },
        None => format!(
            "{} in {}",
            report::plural(written.count(), "finding"),
            report::plural(written.files.len(), "file")
        ),
    };
    let _ = writeln!(
        stderr,
        "koalint: wrote {}: {what}",
        escape::os_path(&args.baseline)
    );
    let unlisted = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| {
            [
                engine::PARSE_ERROR,
                engine::IO_ERROR,
                engine::INTERNAL_ERROR,
            ]
            .contains(&d.rule)
        })
        .count();
    if unlisted > 0 {
        let _ = writeln!(
            stderr,
            "koalint: {} could not be read or parsed and {} never baselined (`koalint check` shows {})",
            report::plural(unlisted, "file"),
            if unlisted == 1 { "is" } else { "are" },
            if unlisted == 1 { "it" } else { "them" },
        );
    }
    Outcome::Clean
}

/// `2 MiB`, `512 KiB`, `100 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The configuration the command line asks for: `--no-config`, `--config PATH`, or the
/// `koalint.json` found from `from` up.
fn load_config(
    args: &cli::ConfigArgs,
    cwd: &Path,
    from: &Path,
) -> Result<config::Config, config::ConfigError> {
    if args.no_config {
        Ok(config::Config::defaults(cwd))
    } else if let Some(path) = &args.config {
        config::Config::load(&cwd.join(path))
    } else {
        config::Config::discover(from)
    }
}

/// Shows a configuration error as a report pointing into the file, and ends the run.
fn config_failure(e: &config::ConfigError, cwd: &Path, stderr: &mut dyn Write) -> Outcome {
    let path = files::display_path(&e.path, cwd);
    let Some(text) = &e.text else {
        let _ = writeln!(
            stderr,
            "koalint: {}: {}",
            escape::path(&path),
            escape::line(&e.message)
        );
        return Outcome::Error;
    };
    let index = diagnostics::LineIndex::new(text);
    let start = e.range.start.min(text.len());
    let end = e.range.end.clamp(start, text.len());
    let diagnostic = diagnostics::Diagnostic {
        rule: "config-error",
        severity: Severity::Error,
        message: format!("invalid configuration: {}", e.message),
        help: e.help.clone(),
        primary: index.place(text, diagnostics::Label::new(start..end, "here")),
        secondary: Vec::new(),
        related: Vec::new(),
    };
    let report = engine::FileReport {
        path,
        source: Some(text.clone()),
        bom_len: 0,
        diagnostics: vec![diagnostic],
        suppressed: None,
    };
    let _ = report::write(Format::Pretty, &[report], Theme::Plain, stderr);
    Outcome::Error
}

fn print_config(
    file: &Path,
    args: &cli::ConfigArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    let config = match load_config(args, cwd, cwd) {
        Ok(c) => c,
        Err(e) => return config_failure(&e, cwd, stderr),
    };
    let abs = files::absolute(file, cwd);
    let levels: std::collections::BTreeMap<&str, &str> = config
        .levels_for(&abs)
        .into_iter()
        .map(|(id, sev)| {
            let level = match sev {
                None => "off",
                Some(Severity::Warning) => "warn",
                Some(Severity::Error) => "error",
            };
            (id, level)
        })
        .collect();
    let effective = serde_json::json!({
        "file": files::display_path(file, cwd),
        "configFile": config.path.as_ref().map(|p| files::display_path(p, cwd)),
        "ignored": config.ignores(&abs, false),
        "testCode": config.is_test_code(&abs),
        "rules": levels,
        "settings": config.file.settings,
    });
    let text = serde_json::to_string_pretty(&effective).unwrap_or_default();
    quietly(writeln!(stdout, "{text}"), Outcome::Clean)
}

fn init(cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    let target = cwd.join(config::FILE_NAME);
    if target.exists() {
        let _ = writeln!(
            stderr,
            "koalint: {} already exists; not overwriting it",
            config::FILE_NAME
        );
        return Outcome::Error;
    }
    let schema = cwd.join("koalint.schema.json");
    let write_schema = !schema.exists();
    let written = std::fs::write(&target, config::starter()).and_then(|_| {
        if write_schema {
            std::fs::write(&schema, config::schema_json())
        } else {
            Ok(())
        }
    });
    match written {
        Ok(()) => {
            let what = if write_schema {
                format!("wrote {} and koalint.schema.json", config::FILE_NAME)
            } else {
                format!(
                    "wrote {} (kept the existing koalint.schema.json)",
                    config::FILE_NAME
                )
            };
            quietly(writeln!(stdout, "{what}"), Outcome::Clean)
        }
        Err(e) => {
            let _ = writeln!(stderr, "koalint: cannot write {}: {e}", config::FILE_NAME);
            Outcome::Error
        }
    }
}

fn list_rules(out: &mut dyn Write) -> io::Result<()> {
    for rule in rules::RULES {
        let m = rule.meta();
        writeln!(
            out,
            "{:<28} {:<8} {}",
            m.id,
            m.default_severity.as_str(),
            m.summary
        )?;
    }
    Ok(())
}

fn explain(id: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    let Some(rule) = rules::find(id) else {
        let _ = writeln!(
            stderr,
            "koalint: unknown rule '{}'{} (`koalint rules` lists them)",
            escape::line(id),
            did_you_mean(id)
        );
        return Outcome::Error;
    };
    quietly(
        stdout.write_all(escape::lines(rule_page_body(rule.meta().doc)).as_bytes()),
        Outcome::Clean,
    )
}

/// "; did you mean 'x'?" for the known rule id nearest to a misspelt one.
fn did_you_mean(id: &str) -> String {
    config::did_you_mean(id, &config::known_ids())
}

/// A rule page split into its front matter and its body.
fn split_rule_page(doc: &str) -> Option<(&str, &str)> {
    doc.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
}

/// A rule page without its front matter.
pub fn rule_page_body(doc: &str) -> &str {
    split_rule_page(doc).map_or(doc, |(_, body)| body.trim_start_matches('\n'))
}

/// The value of `key` in a rule page's front matter (`id`, `severity`, `category`, `cwe`).
pub fn rule_page_field<'d>(doc: &'d str, key: &str) -> Option<&'d str> {
    let (front, _) = split_rule_page(doc)?;
    front.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

fn quietly(result: io::Result<()>, outcome: Outcome) -> Outcome {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Outcome::Error,
        _ => outcome,
    }
}
