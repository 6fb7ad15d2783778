//! The one way to lint: [`lint_inputs`] over files on disk or one in-memory buffer, and the
//! command line's road to it (configuration, rule selection, file collection, size limit).
//!
//! Front ends differ only in how they gather inputs and what they do with the reports; this
//! room must not format findings nor choose an exit code beyond reporting its own failures.

use std::io::{self, Read, Write};
use std::path::Path;

use super::{Outcome, config_failure, load_config};
use crate::cli::LintArgs;
use crate::config;
use crate::engine::{self, FileReport, Linter};
use crate::files::{self, FileEntry};
use crate::report::{self, escape};

/// What one lint reads.
pub enum Inputs<'a> {
    /// Files found on disk, linted on a pool of `threads` workers (0: one per core).
    Files {
        files: &'a [FileEntry],
        threads: usize,
    },
    /// One buffer standing for the file at `path` (an unsaved editor buffer, standard input):
    /// its extension chooses the syntax, its place the configuration's overrides; reports name
    /// it `display`.
    Buffer {
        display: &'a str,
        path: &'a Path,
        bytes: &'a [u8],
    },
}

/// Lints `inputs` with `linter`'s configuration: one report per file, sorted by path. The CLI
/// (`check` and `baseline` on files, `--stdin-filename` on a buffer) and the language server all
/// lint through here. The only error is failing to start the worker threads.
pub fn lint_inputs(linter: &Linter, inputs: Inputs<'_>) -> Result<Vec<FileReport>, String> {
    match inputs {
        Inputs::Files { files, threads } => linter.lint_files(files, threads),
        Inputs::Buffer {
            display,
            path,
            bytes,
        } => Ok(vec![linter.lint_bytes(display, path, bytes)]),
    }
}

/// Lints the contents of one file as if it were at `path` (relative paths are taken from
/// `config.base`): the extension chooses the syntax, the configuration's overrides choose the rule
/// levels. Nothing is read from disk. A panic inside the model or a rule becomes an
/// `internal-error` diagnostic; this function itself does not panic.
///
/// Deeply nested sources recurse in the parser: call it on a thread with a stack of at least
/// [`engine::WORKER_STACK`] bytes (the worker pool's), as the CLI does.
pub fn lint_source(path: &Path, bytes: &[u8], config: &config::Config) -> FileReport {
    let display = files::display_path(path, &config.base);
    engine::lint_source(config, &config.base, false, &display, path, bytes)
}

/// Loads the configuration, collects the files (or, with `stdin`, reads the buffer that stands
/// for the named file) and lints them. On failure the error has been written to `stderr` and
/// the outcome is returned.
pub(super) fn lint_command_line(
    args: &LintArgs,
    cwd: &Path,
    stdin: Option<(&Path, &mut dyn Read)>,
    stderr: &mut dyn Write,
) -> Result<Vec<FileReport>, Outcome> {
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
    let config = configure(args, cwd, config_dir, stderr)?;
    let linter = Linter::new(config, cwd.to_path_buf()).parse_only(args.parse_only);
    match stdin {
        Some((name, input)) => lint_stdin(args, name, &linter, cwd, input, stderr),
        None => lint_paths(args, &linter, cwd, stderr),
    }
}

/// The configuration found from `config_dir`, with the command line's rule selection on top.
fn configure(
    args: &LintArgs,
    cwd: &Path,
    config_dir: &Path,
    stderr: &mut dyn Write,
) -> Result<config::Config, Outcome> {
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
    Ok(config)
}

/// Lints the files under the command line's paths, less those over `--max-file-size`.
fn lint_paths(
    args: &LintArgs,
    linter: &Linter,
    cwd: &Path,
    stderr: &mut dyn Write,
) -> Result<Vec<FileReport>, Outcome> {
    let files = match files::collect(&args.paths, cwd, Some(linter.config())) {
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
    let files = within_size_limit(files, args.max_file_size, stderr);
    let inputs = Inputs::Files {
        files: &files,
        threads: args.threads,
    };
    lint_inputs(linter, inputs).map_err(|e| lint_failure(&e, stderr))
}

/// The files no larger than `max_file_size` (0: no limit); one note names the others.
fn within_size_limit(
    files: Vec<FileEntry>,
    max_file_size: u64,
    stderr: &mut dyn Write,
) -> Vec<FileEntry> {
    let (files, too_large): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| max_file_size == 0 || f.size <= max_file_size);
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
            human_size(max_file_size),
            shown.join(", ")
        );
    }
    files
}

/// Lints standard input as the file `name`. A name that is not JavaScript or TypeScript, or
/// that the configuration ignores, gives no report at all.
fn lint_stdin(
    args: &LintArgs,
    name: &Path,
    linter: &Linter,
    cwd: &Path,
    stdin: &mut dyn Read,
    stderr: &mut dyn Write,
) -> Result<Vec<FileReport>, Outcome> {
    let mut bytes = Vec::new();
    if let Err(e) = stdin.read_to_end(&mut bytes) {
        let _ = writeln!(stderr, "koalint: cannot read standard input: {e}");
        return Err(Outcome::Error);
    }
    let Some(display) = files::stdin_target(name, cwd, linter.config()) else {
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
    let inputs = Inputs::Buffer {
        display: &display,
        path: name,
        bytes: &bytes,
    };
    lint_inputs(linter, inputs).map_err(|e| lint_failure(&e, stderr))
}

/// Reports a lint that could not run at all, and ends the run.
fn lint_failure(e: &str, stderr: &mut dyn Write) -> Outcome {
    let _ = writeln!(stderr, "koalint: {}", escape::line(e));
    Outcome::Error
}

/// `2 MiB`, `512 KiB`, `100 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}
