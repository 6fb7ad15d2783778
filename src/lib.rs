//! koalint: a security linter for JavaScript and TypeScript Koa services.
//!
//! The library lints sources; the binary (`main.rs`) turns a command line into a [`run`] and
//! the [`Outcome`] into an exit code. Every output is a view of one sorted list of diagnostics.

pub mod cli;
pub mod diagnostics;
pub mod engine;
pub mod files;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;

use std::io::{self, Write};
use std::path::Path;

use cli::{CheckArgs, Cli, ColorChoice, Command};
use report::{Format, Theme, Totals};

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

/// Runs a parsed command line against `cwd`, writing findings to `stdout` and notes to `stderr`.
pub fn run(
    cli: Cli,
    cwd: &Path,
    term: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    match cli.command {
        Command::Check(args) => check(&args, cwd, term, stdout, stderr),
        Command::Rules => quietly(list_rules(stdout), Outcome::Clean),
        Command::Explain { rule } => explain(&rule, stdout, stderr),
    }
}

fn check(
    args: &CheckArgs,
    cwd: &Path,
    term: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    let files = match files::collect(&args.paths, cwd) {
        Ok(f) => f,
        Err(files::MissingPath(p)) => {
            let _ = writeln!(stderr, "koalint: no such file or directory: {p}");
            return Outcome::Error;
        }
    };
    let mut selected = Vec::new();
    for id in &args.rules {
        match rules::find(id) {
            Some(rule) => selected.push(rule),
            None => {
                let _ = writeln!(stderr, "koalint: unknown rule '{id}'{}", did_you_mean(id));
                return Outcome::Error;
            }
        }
    }
    let linter = if selected.is_empty() {
        engine::Linter::default()
    } else {
        engine::Linter::with_rules(selected)
    };
    let reports = match linter.lint_files(&files, args.threads) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "koalint: {e}");
            return Outcome::Error;
        }
    };
    let totals = Totals::of(&reports);
    let internal = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.rule == engine::INTERNAL_ERROR);
    let outcome = if internal {
        Outcome::Error
    } else if totals.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    let theme = match args.color {
        ColorChoice::Always => Theme::Color,
        ColorChoice::Never => Theme::Plain,
        ColorChoice::Auto if term.force_color => Theme::Color,
        ColorChoice::Auto if term.stdout_is_tty && !term.no_color => Theme::Color,
        ColorChoice::Auto => Theme::Plain,
    };
    if let Err(e) = report::write(args.format, &reports, theme, stdout).and_then(|_| stdout.flush())
    {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return outcome;
        }
        let _ = writeln!(stderr, "koalint: cannot write the report: {e}");
        return Outcome::Error;
    }
    if args.format != Format::Json {
        let _ = writeln!(stderr, "{}", totals.summary());
    }
    outcome
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
            "koalint: unknown rule '{id}'{} (`koalint rules` lists them)",
            did_you_mean(id)
        );
        return Outcome::Error;
    };
    quietly(
        stdout.write_all(rule_page_body(rule.meta().doc).as_bytes()),
        Outcome::Clean,
    )
}

/// "; did you mean 'x'?" for the known rule id nearest to a misspelt one.
fn did_you_mean(id: &str) -> String {
    rules::RULES
        .iter()
        .map(|r| r.meta().id)
        .min_by_key(|known| edit_distance(id, known))
        .filter(|known| edit_distance(id, known) <= 3)
        .map(|known| format!("; did you mean '{known}'?"))
        .unwrap_or_default()
}

/// A rule page without its front matter.
pub fn rule_page_body(doc: &str) -> &str {
    doc.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(doc, |(_, body)| body.trim_start_matches('\n'))
}

fn quietly(result: io::Result<()>, outcome: Outcome) -> Outcome {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Outcome::Error,
        _ => outcome,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
