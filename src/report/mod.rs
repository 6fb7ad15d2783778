//! Output formats. Each is a view of the same sorted `FileReport`s; none re-derives facts.

mod compact;
pub mod escape;
pub mod fingerprint;
mod github;
mod json;
mod pretty;
pub mod sarif;

use std::io::{self, Write};

use crate::diagnostics::Severity;
use crate::engine::FileReport;

pub use pretty::Theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports with source snippets (miette).
    Pretty,
    /// One line per finding: path:line:col: severity: message [rule-id]
    Compact,
    /// ESLint's JSON formatter shape.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
}

/// Writes the findings of `reports` to `out` in `format`.
pub fn write(
    format: Format,
    reports: &[FileReport],
    theme: Theme,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(reports, theme, out),
        Format::Compact => compact::write(reports, out),
        Format::Json => json::write(reports, out),
        Format::Sarif => sarif::write(reports, out),
        Format::Github => github::write(reports, out),
    }
}

/// Counts over a run, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub files_with_problems: usize,
    pub files_checked: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut t = Totals {
            files_checked: reports.len(),
            ..Totals::default()
        };
        for r in reports {
            t.errors += r.count(Severity::Error);
            t.warnings += r.count(Severity::Warning);
            t.files_with_problems += usize::from(!r.diagnostics.is_empty());
        }
        t
    }

    /// `3 problems (2 errors, 1 warning) in 2 files`
    pub fn summary(&self) -> String {
        let problems = self.errors + self.warnings;
        if problems == 0 {
            return format!("no problems in {}", plural(self.files_checked, "file"));
        }
        format!(
            "{} ({}, {}) in {}",
            plural(problems, "problem"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files_with_problems, "file")
        )
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
