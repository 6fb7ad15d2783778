//! `path:line:col: severity: message [rule-id]`, the gcc / ESLint-unix shape that editors'
//! problem matchers read. The path and the message pass through [`escape`]: one finding is
//! always one line.

use std::io::{self, Write};

use super::escape;
use crate::engine::FileReport;

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                escape::path(&r.path),
                d.primary.start.line,
                d.primary.start.column,
                d.severity.as_str(),
                escape::line(&d.message),
                d.rule
            )?;
        }
    }
    Ok(())
}
