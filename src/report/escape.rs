//! The one escaping policy for text that leaves koalint for a terminal or a line-oriented reader:
//! the `pretty` and `compact` formats, the summary and notes on stderr, `koalint explain`.
//!
//! koalint prints what it read from code it does not trust — file names, snippets, names taken
//! from the code inside messages and labels. None of it may move the cursor, set a title, write
//! the clipboard, start a line the reader did not expect (a fake finding, a GitHub workflow
//! command) or reorder what the reader sees. So every character that could is shown as text
//! instead: C0 controls but tab (`\n`, `\r`, `\x1b`…), DEL (`\x7f`), C1 controls (`<U+009B>`),
//! the Unicode bidirectional controls (`<U+202E>`, the "Trojan Source" characters) and the
//! line and paragraph separators U+2028/U+2029, which JavaScript counts as line ends. Paths
//! that hold any of them are quoted as `git` quotes them (`core.quotePath`).
//!
//! JSON, SARIF and GitHub's workflow commands escape by their own formats' rules and do not use
//! this module; colour codes koalint writes itself are added after escaping, never escaped.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown escaped wherever koalint prints text it read. Tab is not (it only moves
/// to the next tab stop); line feed is, except where a caller keeps its lines.
pub fn is_escaped(c: char) -> bool {
    match c {
        '\t' => false,
        '\0'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}' => true,
        c => is_bidi_control(c) || is_line_separator(c),
    }
}

/// The characters that change the order in which text is displayed: the embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible marks
/// (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// U+2028 and U+2029: line ends to JavaScript (and koalint's line numbers), not to a terminal.
pub fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Appends how an escaped character is shown: `\n`, `\r`, `\x1b` for C0 controls and DEL,
/// `<U+202E>` for the rest.
pub fn push_visible(c: char, out: &mut String) {
    let _ = match c {
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\0'..='\x1f' | '\x7f' => write!(out, "\\x{:02x}", c as u32),
        c => write!(out, "<U+{:04X}>", c as u32),
    };
}

/// Text for one line of output (a message, a label, a rule id someone typed): every escaped
/// character shown visibly, line feeds included. Borrowed when there is nothing to escape.
pub fn line(text: &str) -> Cow<'_, str> {
    escape_where(text, is_escaped)
}

/// Text of several lines (a rule's page): line feeds stay line feeds; a carriage return before
/// one is dropped; everything else as in [`line`].
pub fn lines(text: &str) -> Cow<'_, str> {
    let text = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    match escape_where(&text, |c| c != '\n' && is_escaped(c)) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => Cow::Owned(escaped),
    }
}

fn escape_where(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            push_visible(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as koalint prints it: as is, unless it holds an escaped character, a tab or a double
/// quote; then quoted as `git` quotes a path (`core.quotePath`): in double quotes, with `\"`,
/// `\\`, `\a \b \t \n \v \f \r`, and the other escaped characters as octal bytes (`\033`,
/// `\342\200\256`). `git`'s own unquoting gives the name back. A backslash alone does not
/// quote: koalint shows paths with `/`, and Windows users type `\`.
pub fn path(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\t' || c == '"' || is_escaped(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    out.push('"');
    for c in text.chars() {
        let named = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\x07' => "\\a",
            '\x08' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\x0b' => "\\v",
            '\x0c' => "\\f",
            '\r' => "\\r",
            c if is_escaped(c) => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(out, "\\{b:03o}");
                }
                continue;
            }
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(named);
    }
    out.push('"');
    Cow::Owned(out)
}

/// [`path`] of a path given as one (a baseline or output file named on the command line).
pub fn os_path(p: &std::path::Path) -> String {
    path(&p.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_paths_are_borrowed_unchanged() {
        for text in ["src/app.js", "héllo wörld 😀", "a\\b.js", "tab\there"] {
            assert!(matches!(line(text), Cow::Borrowed(t) if t == text));
            assert!(matches!(lines(text), Cow::Borrowed(t) if t == text));
        }
        assert!(matches!(path("src/é.js"), Cow::Borrowed("src/é.js")));
    }

    #[test]
    fn controls_and_bidi_characters_are_shown_as_text() {
        assert_eq!(
            line("a\nb\r\x1b]0;t\x07\x1b[2J\x7f\u{85}\u{9b}\u{202e}\u{2066}\u{200f}\u{2028}z"),
            "a\\nb\\r\\x1b]0;t\\x07\\x1b[2J\\x7f<U+0085><U+009B><U+202E><U+2066><U+200F><U+2028>z"
        );
        assert_eq!(line("keep\ttabs"), "keep\ttabs");
    }

    #[test]
    fn several_lines_keep_their_line_feeds_only() {
        assert_eq!(lines("# x\r\n\nbody\x1b[31m\n"), "# x\n\nbody\\x1b[31m\n");
        assert_eq!(lines("lone\rreturn\n"), "lone\\rreturn\n");
    }

    #[test]
    fn paths_are_quoted_as_git_quotes_them() {
        assert_eq!(
            path("evil\n::error file=x.js,line=1::injected\n.js"),
            "\"evil\\n::error file=x.js,line=1::injected\\n.js\""
        );
        assert_eq!(path("a\x1bb\x7f.js"), "\"a\\033b\\177.js\"");
        assert_eq!(path("\u{202e}sj.js"), "\"\\342\\200\\256sj.js\"");
        assert_eq!(path("c1\u{85}.js"), "\"c1\\302\\205.js\"");
        assert_eq!(path("a\"b\\c\td.js"), "\"a\\\"b\\\\c\\td.js\"");
    }

    #[test]
    fn nothing_escaped_is_left_in_any_output() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        for shown in [line(&all), path(&all)] {
            assert!(
                !shown.chars().any(|c| c == '\n' || is_escaped(c)),
                "{shown}"
            );
        }
        assert!(!lines(&all).chars().any(|c| c != '\n' && is_escaped(c)));
    }
}
