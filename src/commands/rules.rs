//! `koalint rules`: one line per rule (id, default severity, summary), in catalogue order.

use std::io::{self, Write};

use crate::rules::RULES;

pub(super) fn list_rules(out: &mut dyn Write) -> io::Result<()> {
    for rule in RULES {
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
