//! The subcommands: one module each, over the shared lint entry point in [`lint`].
//!
//! This room turns a parsed command line into writes on `stdout`/`stderr` and an [`Outcome`];
//! it owns the exit-code mapping and the wording of command-line errors. It must not analyse
//! sources itself (that is the engine's job) nor format findings (that is `report`'s).

mod baseline;
mod check;
pub mod explain;
mod init;
pub mod lint;
pub mod lsp;
mod print_config;
mod rules;

use std::io::{self, Read, Write};
use std::path::Path;

use crate::cli::{self, Cli, Command};
use crate::config;
use crate::diagnostics::{self, Severity};
use crate::engine;
use crate::files;
use crate::report::{self, Format, Theme, escape};

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
        Command::Check(args) => check::check(&args, cwd, term, stdin, stdout, stderr),
        Command::Baseline(args) => baseline::write_baseline(&args, cwd, stderr),
        Command::Rules => quietly(rules::list_rules(stdout), Outcome::Clean),
        Command::Explain { rule } => explain::explain(&rule, stdout, stderr),
        Command::Init => init::init(cwd, stdout, stderr),
        Command::Schema => quietly(
            stdout.write_all(config::schema_json().as_bytes()),
            Outcome::Clean,
        ),
        Command::PrintConfig { file, config } => {
            print_config::print_config(&file, &config, cwd, stdout, stderr)
        }
        Command::Lsp => lsp::unavailable(stderr),
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

/// `outcome`, unless writing failed for a reason other than a closed pipe (`koalint … | head`).
fn quietly(result: io::Result<()>, outcome: Outcome) -> Outcome {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Outcome::Error,
        _ => outcome,
    }
}
