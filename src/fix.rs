//! Edits for diagnostics: the mechanical fixes (a literal `rejectUnauthorized: false` set to
//! `true`, an assignment of `'0'` to `NODE_TLS_REJECT_UNAUTHORIZED` deleted), the directives that
//! silence a finding, and the removal of a directive that silenced nothing.
//!
//! Everything here is a pure function of the file's text (after any BOM) and a diagnostic the
//! engine reported on that text; offsets are bytes into that text. It never parses: it reads
//! the text at and around the reported span, and offers no fix unless that text is exactly the
//! shape it knows, because a wrong edit is worse than none. It does not decide when fixes are
//! applied or shown; the CLI and the language server do.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::engine::UNUSED_IGNORE;
use crate::suppress;

/// One replacement of a byte range of the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A mechanical fix for a diagnostic, when there is one: its title and edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

const TLS_RULE: &str = "tls-verification-disabled";
const REJECT: &str = "rejectUnauthorized";
const ENV_SWITCH: &str = "NODE_TLS_REJECT_UNAUTHORIZED";

/// The fix for a diagnostic whose reported text is a shape with one right answer; `None` for
/// everything else (a value from a variable, the environment or a condition needs a person).
pub fn mechanical_fix(text: &str, d: &Diagnostic) -> Option<Fix> {
    if d.rule != TLS_RULE {
        return None;
    }
    let range = d.primary.label.range.clone();
    let reported = text.get(range.clone())?;
    if let Some(value) = literal_reject_value(reported) {
        let value = range.start + value.start..range.start + value.end;
        return Some(Fix {
            title: format!("Set `{REJECT}` to `true`"),
            edits: vec![Edit {
                range: value,
                new_text: "true".into(),
            }],
        });
    }
    let deletion = env_switch_statement(text, range)?;
    Some(Fix {
        title: format!("Delete the assignment to `{ENV_SWITCH}`"),
        edits: vec![Edit {
            range: deletion,
            new_text: String::new(),
        }],
    })
}

/// `// koalint-ignore <rule> -- ` on its own line above the diagnostic's line (or
/// `{/* koalint-ignore <rule> -- */}` among JSX children), and where the cursor goes in the new
/// text: where the reason is typed. A directive already on the line above gets the rule added
/// to its list instead, since a second directive between it and the code would take its place.
pub fn ignore_line(text: &str, d: &Diagnostic) -> (Edit, usize) {
    let rule = d.rule;
    let at = clamp(text, d.primary.label.range.start);
    let index = LineIndex::new(text);
    let line = index.position(text, at).line;
    let this = index.line_range(text, line);
    let above = (line > 1).then(|| index.line_range(text, line - 1));
    if let Some(edit) = above.and_then(|r| merge_into_directive(text, r, rule)) {
        return edit;
    }
    let indent_len = text[this.clone()]
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(this.len());
    let indent = &text[this.start..this.start + indent_len];
    let eol = line_ending(text, this.end);
    let (open, close) = if among_jsx_children(text, &index, line) {
        ("{/* ", " */}")
    } else {
        ("// ", "")
    };
    let head = format!("{indent}{open}koalint-ignore {rule} -- ");
    let cursor = this.start + head.len();
    (
        Edit {
            range: this.start..this.start,
            new_text: format!("{head}{close}{eol}"),
        },
        cursor,
    )
}

/// `/* koalint-ignore-file <rule> -- */` at the top of the file: after a shebang, and after a
/// header comment that a blank line separates from the code (a comment right above code
/// documents that code, or is a line directive for it, and stays with it).
pub fn ignore_file(text: &str, d: &Diagnostic) -> (Edit, usize) {
    let eol = line_ending(text, text.find(['\n', '\r']).unwrap_or(text.len()));
    let mut at = 0;
    let mut lead = "";
    if text.starts_with("#!") {
        let end = line_end(text, 0);
        at = after_terminator(text, end);
        if at == end {
            // A file that is a shebang and nothing else.
            lead = eol;
        }
    }
    if lead.is_empty() {
        at = after_header_comment(text, at);
    }
    let head = format!("{lead}/* koalint-ignore-file {} -- ", d.rule);
    let cursor = at + head.len();
    let new_text = if lead.is_empty() {
        format!("{head} */{eol}")
    } else {
        format!("{head} */")
    };
    (
        Edit {
            range: at..at,
            new_text,
        },
        cursor,
    )
}

/// For an `unused-ignore` diagnostic: removes the directive (its line, when it is alone there),
/// or only the unused rule id when the directive lists others.
pub fn remove_directive(text: &str, d: &Diagnostic) -> Option<Edit> {
    if d.rule != UNUSED_IGNORE {
        return None;
    }
    let id = unused_id(&d.message)?;
    directive_edit(text, d.primary.label.range.clone(), &[id])
}

/// Every mechanical fix of a file's diagnostics and the removal of its unused directives,
/// applied together: the new text, or `None` when there is nothing to fix. When two edits
/// overlap, the first in the file wins; the other finding stays for the next run.
pub fn apply_all(text: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    let mut edits: Vec<Edit> = diagnostics
        .iter()
        .filter_map(|d| mechanical_fix(text, d))
        .flat_map(|f| f.edits)
        .collect();
    // The unused ids of one directive are removed in one edit. A file directive placed after
    // code is left alone: it was meant to silence something, and moving it is the user's call.
    let mut unused: Vec<(Range<usize>, Vec<&str>)> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.rule == UNUSED_IGNORE) {
        let Some(id) = unused_id(&d.message) else {
            continue;
        };
        if d.message.contains("before any code") {
            continue;
        }
        let range = d.primary.label.range.clone();
        match unused.iter_mut().find(|(r, _)| *r == range) {
            Some((_, ids)) => ids.push(id),
            None => unused.push((range, vec![id])),
        }
    }
    edits.extend(
        unused
            .into_iter()
            .filter_map(|(range, ids)| directive_edit(text, range, &ids)),
    );
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        let overlaps = kept.last().is_some_and(|last| {
            e.range.start < last.range.end || (e.range.start == last.range.start)
        });
        if !overlaps {
            kept.push(e);
        }
    }
    if kept.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for e in &kept {
        out.push_str(&text[from..e.range.start]);
        out.push_str(&e.new_text);
        from = e.range.end;
    }
    out.push_str(&text[from..]);
    Some(out)
}

// --- rejectUnauthorized ---------------------------------------------------------------------

/// Where the value is, inside `rejectUnauthorized: false` (any quoting of the key) or
/// `<object>.rejectUnauthorized = 0` (or `['rejectUnauthorized']`), when the value is a
/// literal `false` or `0`.
fn literal_reject_value(reported: &str) -> Option<Range<usize>> {
    let value = ["false", "0"].into_iter().find(|v| reported.ends_with(v))?;
    let value_start = reported.len() - value.len();
    let before = reported[..value_start].trim_end();
    let is_property = before
        .strip_suffix(':')
        .is_some_and(|key| is_key(key.trim_end(), REJECT));
    let is_write = before
        .strip_suffix('=')
        .is_some_and(|target| names_member(target.trim_end(), REJECT));
    (is_property || is_write).then_some(value_start..reported.len())
}

/// `name`, `'name'` or `"name"`.
fn is_key(text: &str, name: &str) -> bool {
    text == name
        || [('\'', '\''), ('"', '"')].iter().any(|&(open, close)| {
            text.strip_prefix(open)
                .and_then(|t| t.strip_suffix(close))
                .is_some_and(|t| t == name)
        })
}

/// Whether an assignment target ends with `.name`, `['name']` or `["name"]`.
fn names_member(target: &str, name: &str) -> bool {
    if let Some(head) = target.strip_suffix(name) {
        return head.trim_end().ends_with('.') && head.trim_end().len() > 1;
    }
    target
        .strip_suffix(']')
        .and_then(|t| t.trim_end().rsplit_once('['))
        .is_some_and(|(object, key)| !object.trim().is_empty() && is_key(key.trim(), name))
}

// --- NODE_TLS_REJECT_UNAUTHORIZED -------------------------------------------------------------

/// The text to delete for `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` when it is a whole
/// statement: the statement with its `;`, and its line when nothing else is on it.
fn env_switch_statement(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let reported = text.get(range.clone())?;
    let value = ["'0'", "\"0\"", "`0`", "0"]
        .into_iter()
        .find(|v| reported.ends_with(v))?;
    let target = reported[..reported.len() - value.len()]
        .trim_end()
        .strip_suffix('=')?
        .trim_end();
    // A plain access path only: deleting it must not delete a call or any other effect.
    let plain = target.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && target.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '[' | ']' | '\'' | '"')
        });
    if !plain || !names_member(target, ENV_SWITCH) {
        return None;
    }
    let stmt_end = statement_end(text, range.end)?;
    if !starts_statement(text, range.start, stmt_end)? {
        return None;
    }
    let start = line_start(text, range.start);
    let end = line_end(text, stmt_end);
    let alone_before = is_blank(&text[start..range.start]);
    let alone_after = is_blank(&text[stmt_end..end]);
    Some(match (alone_before, alone_after) {
        (true, true) => start..after_terminator(text, end),
        (false, true) => {
            let before = text[start..range.start].trim_end_matches([' ', '\t']);
            start + before.len()..end
        }
        _ => {
            let rest = &text[stmt_end..];
            range.start..stmt_end + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
        }
    })
}

/// Where the statement whose expression ends at `end` ends: after its `;`, or at `end` when
/// the line (or the block) ends there. `None` when more of an expression follows.
fn statement_end(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let after = rest.trim_start_matches([' ', '\t']);
    let at = end + (rest.len() - after.len());
    if after.starts_with(';') {
        return Some(at + 1);
    }
    let line_ends =
        after.is_empty() || after.starts_with(['\n', '\r', '}']) || after.starts_with("//");
    // `process.env.X = '0'` then `, other()` on the next line is one expression.
    (line_ends && code_after(text, at) != Some(',')).then_some(end)
}

/// Whether the expression at `start` begins a statement: after `;` (not inside the brackets
/// of a `for` on the same line), after a block's `{` or a `}`, or at the start of the file.
/// `None` when comments make it unclear.
fn starts_statement(text: &str, start: usize, stmt_end: usize) -> Option<bool> {
    let Some((at, c)) = code_before(text, start)? else {
        return Some(true);
    };
    Some(match c {
        ';' => {
            let line = &text[line_start(text, at)..at];
            line.matches('(').count() <= line.matches(')').count()
        }
        '{' => opens_block(text, at),
        // `}` may end an object literal: once the statement is gone, what follows must not
        // read as a continuation of it (`{}` then `[1, 2].forEach(…)`).
        '}' => match code_after(text, stmt_end) {
            None => true,
            Some(c) => {
                let word: String = text[stmt_end..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                    .collect();
                matches!(c, '{' | '}' | ';' | '\'' | '"')
                    || ((c.is_alphabetic() || c == '_' || c == '$')
                        && word != "in"
                        && word != "instanceof")
            }
        },
        _ => false,
    })
}

/// Whether the `{` at `at` opens a block: it follows `)`, `=>`, `else`, `try`, `finally` or
/// `do` (not `${`, `={` or a JSX child's `>{`).
fn opens_block(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    if before.ends_with(')') || before.ends_with("=>") {
        return true;
    }
    ["else", "try", "finally", "do"].iter().any(|kw| {
        before.strip_suffix(kw).is_some_and(|head| {
            !head
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
        })
    })
}

/// The last character of code before `pos` and its offset, skipping whitespace and comments:
/// `Some(None)` at the start of the file, `None` when a line's comment cannot be told from a
/// string or a regular expression without parsing.
fn code_before(text: &str, mut pos: usize) -> Option<Option<(usize, char)>> {
    loop {
        let head = text[..pos].trim_end();
        pos = head.len();
        if pos == 0 {
            return Some(None);
        }
        if head.ends_with("*/") {
            pos = head[..pos - 2].rfind("/*")?;
            continue;
        }
        let start = line_start(text, pos);
        let line = &text[start..pos];
        if let Some(i) = line.find("//") {
            if line[..i].contains(['\'', '"', '`', '/']) {
                return None;
            }
            pos = start + i;
            continue;
        }
        let c = head.chars().next_back()?;
        return Some(Some((pos - c.len_utf8(), c)));
    }
}

/// The first character of code at or after `pos`, skipping whitespace and comments; `None` at
/// the end of the file.
fn code_after(text: &str, mut pos: usize) -> Option<char> {
    loop {
        let rest = text[pos..].trim_start();
        pos = text.len() - rest.len();
        if rest.starts_with("//") {
            pos = line_end(text, pos);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            pos += 2 + comment.find("*/")? + 2;
        } else {
            return rest.chars().next();
        }
    }
}

// --- Directives -----------------------------------------------------------------------------

/// The rule id in "koalint-ignore for 'header-logging' silenced nothing".
fn unused_id(message: &str) -> Option<&str> {
    let rest = message.split_once(" for '")?.1;
    Some(rest.split_once('\'')?.0)
}

/// A rule id written in a directive, and where.
struct IdAt<'a> {
    id: &'a str,
    range: Range<usize>,
}

/// Whether the directive comment at `range` is a file directive, and its ids with their
/// offsets in the file.
fn directive_ids<'t>(text: &'t str, range: &Range<usize>) -> Option<(bool, Vec<IdAt<'t>>)> {
    let comment = text.get(range.clone())?;
    let body_range = if let Some(body) = comment.strip_prefix("//") {
        range.start + 2..range.start + 2 + body.len()
    } else {
        let body = comment.strip_prefix("/*")?.strip_suffix("*/")?;
        range.start + 2..range.start + 2 + body.len()
    };
    let body = &text[body_range.clone()];
    // The engine's own reading of the comment says whether it is a directive at all.
    let parsed = suppress::directives(
        &[suppress::Comment {
            range: range.clone(),
            text: body.to_string(),
        }],
        usize::MAX,
    );
    let directive = parsed.first()?;
    let keyword = if directive.whole_file {
        "koalint-ignore-file"
    } else {
        "koalint-ignore"
    };
    let ids_start = body.find(keyword)? + keyword.len();
    let ids_end = body[ids_start..]
        .find("--")
        .map_or(body.len(), |i| ids_start + i);
    let mut found = Vec::new();
    let mut at = ids_start;
    for piece in body[ids_start..ids_end].split(|c: char| c == ',' || c.is_whitespace()) {
        if !piece.is_empty() {
            let start = body_range.start + at;
            found.push(IdAt {
                id: piece,
                range: start..start + piece.len(),
            });
        }
        at += piece.len() + 1;
    }
    // Whitespace inside the list is any Unicode whitespace, which can be longer than one
    // byte: check each offset against the text rather than trust the count.
    let consistent = found
        .iter()
        .map(|f| f.id)
        .eq(directive.ids.iter().map(String::as_str))
        && found
            .iter()
            .all(|f| text.get(f.range.clone()) == Some(f.id));
    consistent.then_some((directive.whole_file, found))
}

/// The edit that takes `unused` out of the directive at `range` (each entry once; an id listed
/// twice keeps its first mention, the one the engine counts as used), or the whole directive
/// when none of its ids is left.
fn directive_edit(text: &str, range: Range<usize>, unused: &[&str]) -> Option<Edit> {
    let (_, ids) = directive_ids(text, &range)?;
    let mut drop = vec![false; ids.len()];
    for id in unused {
        let last_kept = (0..ids.len())
            .rev()
            .find(|&i| ids[i].id == *id && !drop[i])?;
        drop[last_kept] = true;
    }
    if drop.iter().all(|d| *d) {
        return Some(remove_comment(text, range));
    }
    let kept: Vec<&str> = ids
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(i, _)| i.id)
        .collect();
    let first = ids.first()?.range.start;
    let last = ids.last()?.range.end;
    Some(Edit {
        range: first..last,
        new_text: kept.join(", "),
    })
}

/// Removes a comment: its whole line when it stands alone there (with the braces of a JSX
/// `{/* … */}`), else the comment and the blanks that separate it from the code.
fn remove_comment(text: &str, range: Range<usize>) -> Edit {
    let deleted = |range| Edit {
        range,
        new_text: String::new(),
    };
    let mut range = range;
    let before = text[..range.start].trim_end_matches([' ', '\t']);
    let after = text[range.end..].trim_start_matches([' ', '\t']);
    if before.ends_with('{') && after.starts_with('}') {
        range = before.len() - 1..text.len() - after.len() + 1;
    }
    let start = line_start(text, range.start);
    let end = line_end(text, range.end);
    let alone_before = is_blank(&text[start..range.start]);
    let alone_after = is_blank(&text[range.end..end]);
    match (alone_before, alone_after) {
        (true, true) => deleted(start..after_terminator(text, end)),
        (_, true) => deleted(text[..range.start].trim_end_matches([' ', '\t']).len()..end),
        _ => {
            let rest = &text[range.end..];
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let spaced_before = text[..range.start].ends_with([' ', '\t']);
            if blanks == 0 && !spaced_before {
                // `a/* … */b` must not become `ab`.
                Edit {
                    range,
                    new_text: " ".into(),
                }
            } else {
                deleted(range.start..range.end + blanks)
            }
        }
    }
}

/// Adds `rule` to a `koalint-ignore` directive that ends the line at `above`, and the cursor at
/// the end of its reason.
fn merge_into_directive(text: &str, above: Range<usize>, rule: &str) -> Option<(Edit, usize)> {
    let line = &text[above.clone()];
    let trimmed = line.trim_end();
    let comment = if trimmed.ends_with("*/") || trimmed.ends_with("*/}") {
        let close = above.start + trimmed.rfind("*/")? + 2;
        let open = above.start + line.rfind("/*")?;
        open..close
    } else {
        let keyword = line.rfind("koalint-ignore")?;
        let open = line[..keyword].rfind("//")?;
        // An odd number of quotes before it: the `//` may be inside a string.
        let balanced = ['\'', '"', '`']
            .iter()
            .all(|q| line[..open].matches(*q).count() % 2 == 0);
        if !balanced {
            return None;
        }
        above.start + open..above.start + trimmed.len()
    };
    let (whole_file, ids) = directive_ids(text, &comment)?;
    if whole_file {
        return None;
    }
    let last = ids.last()?;
    let reason_end = comment.end
        - if text[comment.clone()].ends_with("*/") {
            2
        } else {
            0
        };
    let reason_end = text[..reason_end].trim_end().len().max(last.range.end);
    let insert = format!(", {rule}");
    let cursor = reason_end + insert.len();
    Some((
        Edit {
            range: last.range.end..last.range.end,
            new_text: insert,
        },
        cursor,
    ))
}

/// Whether line `line` is among JSX children, where `//` would be text: the line above that is
/// not blank ends a tag (`>`, not `=>`) or is a child expression (`{…}`, not a `{...spread}`
/// attribute), and this line starts an element or an expression.
fn among_jsx_children(text: &str, index: &LineIndex, line: u32) -> bool {
    let this = text[index.line_range(text, line)].trim();
    if !this.starts_with(['<', '{']) {
        return false;
    }
    let Some(above) = (1..line)
        .rev()
        .map(|l| text[index.line_range(text, l)].trim())
        .find(|l| !l.is_empty())
    else {
        return false;
    };
    (above.ends_with('>') && !above.ends_with("=>"))
        || (above.starts_with('{') && above.ends_with('}') && !above.starts_with("{..."))
}

/// After the header comment at `at`, when a blank line follows it; else `at`.
fn after_header_comment(text: &str, at: usize) -> usize {
    let mut pos = at;
    let mut saw_comment = false;
    loop {
        let end = line_end(text, pos);
        let line = text[pos..end].trim();
        if line.starts_with("//") {
            pos = after_terminator(text, end);
        } else if line.starts_with("/*") {
            let Some(close) = text[pos..].find("*/").map(|i| pos + i + 2) else {
                return at;
            };
            let close_line_end = line_end(text, close);
            if !is_blank(&text[close..close_line_end]) {
                return at;
            }
            pos = after_terminator(text, close_line_end);
        } else {
            let blank_follows = line.is_empty() && end < text.len();
            return if saw_comment && blank_follows {
                pos
            } else {
                at
            };
        }
        saw_comment = true;
        if pos >= text.len() {
            return at;
        }
    }
}

// --- Lines ----------------------------------------------------------------------------------

fn clamp(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// The offset after the line terminator at `end` (`\r\n`, `\n` or `\r`); `end` at the end of
/// the file.
fn after_terminator(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    end + if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// The terminator of the line that ends at `end`, or else the file's first, or else `\n`.
fn line_ending(text: &str, end: usize) -> &'static str {
    let ending = |rest: &str| {
        if rest.starts_with("\r\n") {
            Some("\r\n")
        } else if rest.starts_with('\n') {
            Some("\n")
        } else if rest.starts_with('\r') {
            Some("\r")
        } else {
            None
        }
    };
    ending(&text[end..])
        .or_else(|| text.find(['\n', '\r']).and_then(|i| ending(&text[i..])))
        .unwrap_or("\n")
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c == ' ' || c == '\t')
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::engine::Linter;

    fn lint(path: &str, src: &str) -> Vec<Diagnostic> {
        Linter::default()
            .lint_bytes(path, Path::new(path), src.as_bytes())
            .diagnostics
    }

    fn rules(path: &str, src: &str) -> Vec<(u32, &'static str)> {
        lint(path, src)
            .iter()
            .map(|d| (d.primary.start.line, d.rule))
            .collect()
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let mut out = text.to_string();
        out.replace_range(edit.range.clone(), &edit.new_text);
        out
    }

    /// The one diagnostic of `rule` in `src`.
    fn only(path: &str, src: &str, rule: &str) -> Diagnostic {
        let found: Vec<Diagnostic> = lint(path, src)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        found.into_iter().next().unwrap()
    }

    /// `src` with every mechanical fix applied, checked to leave no TLS finding behind.
    fn fix_all(path: &str, src: &str) -> String {
        let fixed = apply_all(src, &lint(path, src)).expect("something to fix");
        assert!(
            !rules(path, &fixed).iter().any(|(_, r)| *r == TLS_RULE),
            "{fixed}"
        );
        fixed
    }

    #[test]
    fn a_literal_false_property_is_set_to_true() {
        let src =
            "const https = require('https');\nhttps.get(url, { rejectUnauthorized: false });\n";
        let d = only("t.js", src, TLS_RULE);
        let fix = mechanical_fix(src, &d).unwrap();
        assert_eq!(fix.title, "Set `rejectUnauthorized` to `true`");
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(
            apply(src, &fix.edits[0]),
            "const https = require('https');\nhttps.get(url, { rejectUnauthorized: true });\n"
        );
        assert!(rules("t.js", &apply(src, &fix.edits[0])).is_empty());
    }

    #[test]
    fn zero_quoted_keys_and_member_writes_are_set_to_true() {
        let src = "const a = { 'rejectUnauthorized': 0, ca };\nconst b = { \"rejectUnauthorized\" : false };\nopts.rejectUnauthorized = false;\nagent.options['rejectUnauthorized'] = 0;\n";
        assert_eq!(
            fix_all("t.js", src),
            "const a = { 'rejectUnauthorized': true, ca };\nconst b = { \"rejectUnauthorized\" : true };\nopts.rejectUnauthorized = true;\nagent.options['rejectUnauthorized'] = true;\n"
        );
    }

    #[test]
    fn values_that_are_not_a_literal_false_or_zero_get_no_fix() {
        let src = "const verify = false;\nconst a = { rejectUnauthorized: verify };\nconst b = { rejectUnauthorized: process.env.VERIFY_TLS };\nconst c = { rejectUnauthorized: isDev ? false : true };\nconst d = { rejectUnauthorized: !1 };\nconst e = { rejectUnauthorized: (false) };\nopts.rejectUnauthorized = isDev && false;\n";
        let found = lint("t.js", src);
        let lines: Vec<u32> = found.iter().map(|d| d.primary.start.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7], "{found:#?}");
        for d in &found {
            assert_eq!(mechanical_fix(src, d), None, "{d:#?}");
        }
        assert_eq!(apply_all(src, &found), None);
    }

    #[test]
    fn the_process_wide_switch_is_deleted_with_its_line() {
        let src = "const https = require('https');\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0\nfoo(); process.env.NODE_TLS_REJECT_UNAUTHORIZED = \"0\"; bar();\nbaz(); process.env.NODE_TLS_REJECT_UNAUTHORIZED = `0`;\nhttps.get(url);\n";
        let d = &lint("t.js", src)[0];
        assert_eq!(
            mechanical_fix(src, d).unwrap().title,
            "Delete the assignment to `NODE_TLS_REJECT_UNAUTHORIZED`"
        );
        assert_eq!(
            fix_all("t.js", src),
            "const https = require('https');\nfoo(); bar();\nbaz();\nhttps.get(url);\n"
        );
    }

    #[test]
    fn the_switch_inside_a_block_after_a_comment_is_deleted() {
        let src = "if (dev) {\n  // self-signed certificates in development\n  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'\n}\nif (test) { process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' }\n";
        assert_eq!(
            fix_all("t.js", src),
            "if (dev) {\n  // self-signed certificates in development\n}\nif (test) { }\n"
        );
    }

    #[test]
    fn the_switch_that_is_not_a_whole_statement_is_left_alone() {
        let src = "if (dev) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nconst old = process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nconst run = () => process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0', start();\nspawn(cmd, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = process.env.CI ? '0' : '1';\n";
        let found = lint("t.js", src);
        let lines: Vec<u32> = found.iter().map(|d| d.primary.start.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6], "{found:#?}");
        assert_eq!(apply_all(src, &found), None);
    }

    #[test]
    fn the_switch_in_a_for_header_or_a_jsx_attribute_is_left_alone() {
        let src = "for (; process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';) run();\nexport const A = () => <B on={() => {}} x={process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'} />;\n";
        let found = lint("t.jsx", src);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(apply_all(src, &found), None);
    }

    #[test]
    fn an_object_literal_before_the_switch_keeps_its_statement_apart() {
        // Without the assignment, `{}` and `[…]` would read as one member expression.
        let src = "const seen = {}\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n[1, 2].forEach(run)\n";
        assert_eq!(rules("t.js", src), [(2, TLS_RULE)]);
        assert_eq!(apply_all(src, &lint("t.js", src)), None);
    }

    #[test]
    fn crlf_and_tabs_are_kept() {
        let src = "function connect() {\r\n\tprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\r\n\treturn https.get(url, {\r\n\t\trejectUnauthorized: false,\r\n\t});\r\n}\r\n";
        assert_eq!(
            fix_all("t.js", src),
            "function connect() {\r\n\treturn https.get(url, {\r\n\t\trejectUnauthorized: true,\r\n\t});\r\n}\r\n"
        );
    }

    /// `src` with `d` silenced by `edit` and a reason typed at `cursor`.
    fn with_reason(src: &str, (edit, cursor): (Edit, usize)) -> String {
        let mut out = apply(src, &edit);
        out.insert_str(cursor, "pinned CA checked by the agent");
        out
    }

    #[test]
    fn a_line_directive_goes_above_with_the_line_s_indentation() {
        let src = "function connect() {\r\n\treturn https.get(url, {\r\n\t\trejectUnauthorized: false,\r\n\t});\r\n}\r\n";
        let d = only("t.js", src, TLS_RULE);
        let silenced = with_reason(src, ignore_line(src, &d));
        assert_eq!(
            silenced,
            "function connect() {\r\n\treturn https.get(url, {\r\n\t\t// koalint-ignore tls-verification-disabled -- pinned CA checked by the agent\r\n\t\trejectUnauthorized: false,\r\n\t});\r\n}\r\n"
        );
        assert!(rules("t.js", &silenced).is_empty());
    }

    #[test]
    fn a_directive_already_above_gets_the_rule_added() {
        let src = "const app = new (require('koa'))();\napp.use(async (ctx) => {\n  // koalint-ignore header-logging -- request ids only\n  console.log(ctx.request.headers); https.get(u, { rejectUnauthorized: false });\n});\n";
        assert_eq!(rules("t.js", src), [(4, TLS_RULE)]);
        let d = only("t.js", src, TLS_RULE);
        let (edit, cursor) = ignore_line(src, &d);
        let silenced = apply(src, &edit);
        assert_eq!(
            silenced,
            "const app = new (require('koa'))();\napp.use(async (ctx) => {\n  // koalint-ignore header-logging, tls-verification-disabled -- request ids only\n  console.log(ctx.request.headers); https.get(u, { rejectUnauthorized: false });\n});\n"
        );
        assert_eq!(&silenced[cursor - 4..cursor], "only");
        assert!(rules("t.js", &silenced).is_empty());
    }

    const JSX: &str = "export function Status() {\n  return (\n    <div>\n      <Probe agent={new https.Agent({ rejectUnauthorized: false })} />\n    </div>\n  );\n}\n";

    #[test]
    fn among_jsx_children_the_directive_is_a_jsx_comment() {
        let d = only("t.jsx", JSX, TLS_RULE);
        let silenced = with_reason(JSX, ignore_line(JSX, &d));
        assert_eq!(
            silenced,
            "export function Status() {\n  return (\n    <div>\n      {/* koalint-ignore tls-verification-disabled -- pinned CA checked by the agent */}\n      <Probe agent={new https.Agent({ rejectUnauthorized: false })} />\n    </div>\n  );\n}\n"
        );
        assert!(rules("t.jsx", &silenced).is_empty());
        assert_eq!(
            fix_all("t.jsx", JSX),
            JSX.replace("rejectUnauthorized: false", "rejectUnauthorized: true")
        );
    }

    #[test]
    fn outside_jsx_children_a_jsx_file_gets_a_line_comment() {
        let src = "const agent = new https.Agent({ rejectUnauthorized: false });\nexport const App = () => <div />;\n";
        let d = only("t.jsx", src, TLS_RULE);
        let (edit, _) = ignore_line(src, &d);
        assert_eq!(
            edit.new_text,
            "// koalint-ignore tls-verification-disabled -- \n"
        );
    }

    #[test]
    fn a_file_directive_goes_after_the_shebang() {
        let src =
            "#!/usr/bin/env node\n'use strict';\nhttps.get(url, { rejectUnauthorized: false });\n";
        let d = only("t.js", src, TLS_RULE);
        let silenced = with_reason(src, ignore_file(src, &d));
        assert_eq!(
            silenced,
            "#!/usr/bin/env node\n/* koalint-ignore-file tls-verification-disabled -- pinned CA checked by the agent */\n'use strict';\nhttps.get(url, { rejectUnauthorized: false });\n"
        );
        assert!(rules("t.js", &silenced).is_empty());
    }

    #[test]
    fn a_file_directive_goes_after_a_header_but_not_between_a_doc_comment_and_its_code() {
        let header = "// Copyright 2024 Example\r\n// SPDX-License-Identifier: MIT\r\n\r\nhttps.get(url, { rejectUnauthorized: false });\r\n";
        let d = only("t.js", header, TLS_RULE);
        let silenced = with_reason(header, ignore_file(header, &d));
        assert_eq!(
            silenced,
            "// Copyright 2024 Example\r\n// SPDX-License-Identifier: MIT\r\n/* koalint-ignore-file tls-verification-disabled -- pinned CA checked by the agent */\r\n\r\nhttps.get(url, { rejectUnauthorized: false });\r\n"
        );
        assert!(rules("t.js", &silenced).is_empty());
        let doc = "/** Calls the partner API. */\nhttps.get(url, { rejectUnauthorized: false });\n";
        let d = only("t.js", doc, TLS_RULE);
        assert_eq!(ignore_file(doc, &d).0.range, 0..0);
    }

    #[test]
    fn an_unused_directive_alone_on_its_line_is_removed_with_the_line() {
        let src =
            "const a = 1;\r\n\t// koalint-ignore header-logging -- legacy\r\nconst b = 2;\r\n";
        let d = only("t.js", src, UNUSED_IGNORE);
        let fixed = apply(src, &remove_directive(src, &d).unwrap());
        assert_eq!(fixed, "const a = 1;\r\nconst b = 2;\r\n");
        assert_eq!(apply_all(src, &lint("t.js", src)).unwrap(), fixed);
    }

    #[test]
    fn an_unused_trailing_or_inline_directive_is_removed_alone() {
        let src = "foo(); // koalint-ignore header-logging -- legacy\nconst a = 1;/* koalint-ignore debug-echo-route -- x */const b = 2;\n";
        let fixed = apply_all(src, &lint("t.js", src)).unwrap();
        assert_eq!(fixed, "foo();\nconst a = 1; const b = 2;\n");
        assert!(rules("t.js", &fixed).is_empty());
    }

    #[test]
    fn only_the_unused_id_is_removed_from_a_list() {
        let src = "foo(); // koalint-ignore header-logging, tls-verification-disabled -- r\nconst b = { rejectUnauthorized: false };\n";
        let d = only("t.js", src, UNUSED_IGNORE);
        let fixed = apply(src, &remove_directive(src, &d).unwrap());
        assert_eq!(
            fixed,
            "foo(); // koalint-ignore tls-verification-disabled -- r\nconst b = { rejectUnauthorized: false };\n"
        );
        assert!(rules("t.js", &fixed).is_empty());
        // Both unused: fixing all removes the directive, not one id and then nothing.
        let both = "// koalint-ignore header-logging, debug-echo-route -- r\nconst b = 1;\n";
        assert_eq!(
            apply_all(both, &lint("t.js", both)).unwrap(),
            "const b = 1;\n"
        );
    }

    #[test]
    fn an_unused_jsx_directive_goes_with_its_braces_and_line() {
        let src = "export const App = () => (\n  <div>\n    {/* koalint-ignore header-logging -- r */}\n    <span />\n  </div>\n);\n";
        let d = only("t.jsx", src, UNUSED_IGNORE);
        let fixed = apply(src, &remove_directive(src, &d).unwrap());
        assert_eq!(
            fixed,
            "export const App = () => (\n  <div>\n    <span />\n  </div>\n);\n"
        );
        assert!(rules("t.jsx", &fixed).is_empty());
    }

    #[test]
    fn a_file_directive_after_code_is_not_removed_by_fix_all() {
        let src = "const a = 1;\n/* koalint-ignore-file header-logging -- r */\n";
        let found = lint("t.js", src);
        assert!(found[0].message.contains("before any code"), "{found:#?}");
        assert!(remove_directive(src, &found[0]).is_some());
        assert_eq!(apply_all(src, &found), None);
    }

    #[test]
    fn fixes_and_directive_removals_apply_together() {
        let src = "// koalint-ignore header-logging -- old\nconst a = { rejectUnauthorized: false };\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n";
        assert_eq!(
            fix_all("t.js", src),
            "const a = { rejectUnauthorized: true };\n"
        );
    }

    #[test]
    fn other_rules_and_engine_diagnostics_get_no_mechanical_fix() {
        let src = "app.use(async (ctx) => { console.log(ctx.headers); });\nconst x = ;\n";
        for d in lint("t.js", src) {
            assert_eq!(mechanical_fix(src, &d), None);
            assert_eq!(remove_directive(src, &d), None);
        }
        let clean = "const a = 1;\n";
        assert_eq!(apply_all(clean, &lint("t.js", clean)), None);
    }
}
