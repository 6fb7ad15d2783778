//! `path:line:col: severity: message [rule-id]`, the gcc / ESLint-unix shape that editors'
//! problem matchers read.

use std::io::{self, Write};

use crate::engine::FileReport;

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                r.path,
                d.primary.start.line,
                d.primary.start.column,
                d.severity.as_str(),
                d.message,
                d.rule
            )?;
        }
    }
    Ok(())
}
