//! GitHub Actions workflow commands: `::error file=…,line=…,endLine=…,col=…,endColumn=…,
//! title=koalint (rule-id)::message`, which the runner turns into annotations on the diff.
//! Escaping follows `@actions/core`: `%`, CR and LF in the message; also `:` and `,` in
//! properties.

use std::io::{self, Write};

use crate::diagnostics::Severity;
use crate::engine::FileReport;

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                escape_property(&r.path),
                d.primary.start.line,
                d.primary.end.line,
                d.primary.start.column,
                d.primary.end.column,
                escape_property(&format!("koalint ({})", d.rule)),
                escape_data(&message),
            )?;
        }
    }
    Ok(())
}

/// `escapeData` of `@actions/core`.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
