//! `koalint baseline`: lints like `check`, then writes today's findings' fingerprints (or, with
//! `--prune`, drops the entries that no longer occur). The file format and fingerprints belong
//! to `crate::baseline`; this module only runs the lint and words the notes.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use super::lint::lint_command_line;
use crate::baseline::{Baseline, Place};
use crate::cli::BaselineArgs;
use crate::engine;
use crate::report::{self, escape};

/// `koalint baseline`: writes today's findings' fingerprints, or with `--prune` removes the
/// entries that no longer occur.
pub(super) fn write_baseline(args: &BaselineArgs, cwd: &Path, stderr: &mut dyn Write) -> Outcome {
    let place = Place::new(&args.baseline, cwd);
    let target = cwd.join(&args.baseline);
    let previous = if args.prune {
        match Baseline::read(&target) {
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
    let reports = match lint_command_line(&args.lint, cwd, None, stderr) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let current = Baseline::of(&reports, &place);
    let written = match &previous {
        Some(old) => old.pruned(&current, &Baseline::keys(&reports, &place), &place),
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
