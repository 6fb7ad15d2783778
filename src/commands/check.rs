//! `koalint check`: lint, hide what the baseline lists, apply `--quiet` and `--max-warnings`,
//! write the report (and a SARIF copy), then the summary on standard error. What a finding is
//! and how a format looks are decided elsewhere; this module only chooses what is shown where.

use std::io::{self, Read, Write};
use std::path::Path;

use super::lint::lint_command_line;
use super::{Outcome, Terminal};
use crate::baseline;
use crate::cli::{CheckArgs, ColorChoice};
use crate::diagnostics::Severity;
use crate::engine::{self, FileReport};
use crate::report::{self, Format, Theme, Totals, escape};

pub(super) fn check(
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
    let mut reports = match lint_command_line(&args.lint, cwd, input, stderr) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    if args.fix {
        match fix_files(&reports, cwd, stderr) {
            Err(()) => return Outcome::Error,
            // What is left after the fixes, linted afresh.
            Ok(true) => {
                reports = match lint_command_line(&args.lint, cwd, None, stderr) {
                    Ok(r) => r,
                    Err(outcome) => return outcome,
                };
            }
            Ok(false) => {}
        }
    }
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
    reports: &[FileReport],
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

/// `--fix`: writes each file's mechanical fixes (the edits the language server's
/// `source.fixAll.koalint` makes). Whether any file was written; an error (already on `stderr`)
/// when one could not be.
fn fix_files(reports: &[FileReport], cwd: &Path, stderr: &mut dyn Write) -> Result<bool, ()> {
    let (mut files, mut failed) = (0, false);
    for r in reports {
        if r.source.is_none() || r.path.contains('\u{FFFD}') {
            // Nothing to fix, or a name that is not UTF-8: its display path names another file.
            continue;
        }
        // The report's copy of the text has its secrets masked: the fixes are applied to the
        // file as it is on disk (masking keeps every offset).
        let path = crate::files::absolute(Path::new(&r.path), cwd);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes[r.bom_len.min(bytes.len())..]) else {
            continue;
        };
        let Some(fixed) = crate::fix::apply_all(text, &r.diagnostics) else {
            continue;
        };
        let bom = if r.bom_len > 0 { "\u{feff}" } else { "" };
        match std::fs::write(&path, format!("{bom}{fixed}")) {
            Ok(()) => files += 1,
            Err(e) => {
                failed = true;
                let _ = writeln!(
                    stderr,
                    "koalint: cannot write the fixes to {}: {}",
                    escape::path(&r.path),
                    escape::line(&e.to_string())
                );
            }
        }
    }
    if files > 0 {
        let s = if files == 1 { "" } else { "s" };
        let _ = writeln!(stderr, "koalint: fixed {files} file{s}");
    }
    if failed { Err(()) } else { Ok(files > 0) }
}
