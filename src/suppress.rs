//! Inline suppressions: `// koalint-ignore <ids> -- reason` silences those rules on the next
//! line, `/* koalint-ignore-file <ids> -- reason */` before any code silences them in the file.
//!
//! Directives come from swc's comment tokens only, so text that looks like one inside a string
//! or template literal does nothing. The engine, not the rules, applies them, and reports the
//! directives themselves: `unused-ignore`, `unknown-rule`, `missing-reason`.

use std::ops::Range;

/// One comment of the file: its byte range, text, and the line it ends on.
#[derive(Debug)]
pub struct Comment {
    pub range: Range<usize>,
    pub text: String,
}

#[derive(Debug)]
pub struct Directive {
    /// `koalint-ignore-file` (else `koalint-ignore`).
    pub whole_file: bool,
    pub ids: Vec<String>,
    pub reason: Option<String>,
    /// The comment.
    pub range: Range<usize>,
    /// For a line directive: the byte offset where the comment ends (the next line is silenced).
    pub end: usize,
    /// Whether a file directive stands before any code.
    pub before_code: bool,
}

const LINE: &str = "koalint-ignore";
const FILE: &str = "koalint-ignore-file";

/// Cheap test before asking the parser to keep comments.
pub fn may_have_directives(text: &str) -> bool {
    text.contains(LINE)
}

/// The directives among a file's comments. `first_code` is where the first statement starts.
pub fn directives(comments: &[Comment], first_code: usize) -> Vec<Directive> {
    comments
        .iter()
        .filter_map(|c| {
            let body = c.text.trim().trim_start_matches('*').trim_start();
            let (whole_file, rest) = if let Some(rest) = body.strip_prefix(FILE) {
                (true, rest)
            } else if let Some(rest) = body.strip_prefix(LINE) {
                (false, rest)
            } else {
                return None;
            };
            // `koalint-ignored` is not a directive.
            if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
                return None;
            }
            let (ids, reason) = match rest.split_once("--") {
                Some((ids, reason)) => (ids, Some(reason.trim().to_string())),
                None => (rest, None),
            };
            Some(Directive {
                whole_file,
                ids: ids
                    .split(|ch: char| ch == ',' || ch.is_whitespace())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                reason: reason.filter(|r| !r.is_empty()),
                range: c.range.clone(),
                end: c.range.end,
                before_code: c.range.end <= first_code,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str, at: usize) -> Comment {
        Comment {
            range: at..at + text.len() + 2,
            text: text.to_string(),
        }
    }

    #[test]
    fn directives_read_ids_and_reasons() {
        let found = directives(
            &[
                comment(
                    " koalint-ignore header-logging, debug-echo-route -- audited in #12",
                    0,
                ),
                comment(" koalint-ignore-file tls-verification-disabled", 100),
                comment("* koalint-ignored: not a directive", 200),
                comment(" see koalint-ignore docs", 300),
            ],
            150,
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].ids, ["header-logging", "debug-echo-route"]);
        assert_eq!(found[0].reason.as_deref(), Some("audited in #12"));
        assert!(!found[0].whole_file);
        assert!(found[1].whole_file && found[1].before_code && found[1].reason.is_none());
    }
}
