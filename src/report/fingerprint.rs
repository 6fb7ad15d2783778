//! Fingerprints of findings that survive unrelated edits: a hash of the rule id, the text of the
//! primary span's lines with all whitespace removed, and the finding's rank among findings with
//! the same key in the file. No line number goes in, so adding lines above a finding, moving it
//! within the file or re-indenting it keeps its fingerprint; the line's text never leaves this
//! module except hashed (it may hold a secret).

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::engine::FileReport;

/// The fingerprint of each of `report.diagnostics`, in the same order.
pub fn of_report(report: &FileReport) -> Vec<String> {
    of_diagnostics(report.source.as_deref(), report.diagnostics.iter())
}

/// The fingerprint of each diagnostic of one file whose text is `source`, in the given order.
/// The order matters only among findings with the same key, and it is the sorted order of the
/// file's diagnostics, which follows the code.
pub fn of_diagnostics<'d>(
    source: Option<&str>,
    diagnostics: impl Iterator<Item = &'d Diagnostic>,
) -> Vec<String> {
    let index = source.map(LineIndex::new);
    let mut seen: Vec<(u64, u32)> = Vec::new();
    diagnostics
        .map(|d| {
            let key = match (&index, source) {
                (Some(index), Some(text)) => key(d, index, text),
                _ => fnv1a(&[d.rule.as_bytes(), b"\0", d.message.as_bytes()]),
            };
            let rank = match seen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((key, 0));
                    0
                }
            };
            format!("{:016x}", fnv1a(&[&key.to_le_bytes(), &rank.to_le_bytes()]))
        })
        .collect()
}

fn key(d: &Diagnostic, index: &LineIndex, text: &str) -> u64 {
    let first = d.primary.start.line;
    let last = d.primary.end.line.max(first);
    let mut lines: Vec<u8> = Vec::new();
    for line in first..=last {
        let range = index.line_range(text, line);
        lines.extend(text[range].bytes().filter(|b| !b.is_ascii_whitespace()));
        lines.push(b'\n');
    }
    fnv1a(&[d.rule.as_bytes(), b"\0", &lines])
}

/// FNV-1a, 64 bits: small, stable across versions and platforms, and enough to tell apart the
/// findings of one file (the fingerprint is an identity, not a security boundary).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Label, Severity};

    fn finding(text: &str, needle: &str, nth: usize) -> Diagnostic {
        let start = text.match_indices(needle).nth(nth).expect("needle").0;
        let index = LineIndex::new(text);
        Diagnostic {
            rule: "header-logging",
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            primary: index.place(text, Label::new(start..start + needle.len(), "")),
            secondary: Vec::new(),
            related: Vec::new(),
        }
    }

    #[test]
    fn lines_added_above_and_reindentation_keep_the_fingerprint() {
        let before = "app.use(f);\nlog(ctx.headers);\n";
        let after = "// a comment\nconst x = 1;\n\napp.use(f);\n    log( ctx.headers );\n";
        let a = of_diagnostics(Some(before), [finding(before, "ctx.headers", 0)].iter());
        let b = of_diagnostics(Some(after), [finding(after, "ctx.headers", 0)].iter());
        assert_eq!(a, b);
    }

    #[test]
    fn identical_lines_get_distinct_fingerprints_by_rank() {
        let text = "log(ctx.headers);\nlog(ctx.headers);\n";
        let ds = [
            finding(text, "ctx.headers", 0),
            finding(text, "ctx.headers", 1),
        ];
        let fps = of_diagnostics(Some(text), ds.iter());
        assert_ne!(fps[0], fps[1]);
    }

    #[test]
    fn the_fingerprint_does_not_contain_the_line() {
        let text = "log('sk_live_abcdef');\n";
        let fps = of_diagnostics(Some(text), [finding(text, "sk_live", 0)].iter());
        assert_eq!(fps[0].len(), 16);
        assert!(fps[0].bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
