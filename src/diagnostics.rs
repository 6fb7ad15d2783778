//! `Diagnostic`: the one record every output format is a view of, and the position arithmetic
//! (byte offsets to 1-based lines and UTF-16 columns) that all of them share.

use std::ops::Range;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A byte range in the file's text (after any BOM) and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub range: Range<usize>,
    pub message: String,
}

impl Label {
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        Label {
            range,
            message: message.into(),
        }
    }
}

/// What a rule reports. The engine adds the rule id and the configured severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub message: String,
    pub help: String,
    pub primary: Label,
    /// Where the value came from, where it goes: context for the primary span.
    pub secondary: Vec<Label>,
}

/// 1-based line, 1-based column in UTF-16 code units (what ESLint, SARIF and LSP count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedLabel {
    pub label: Label,
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub primary: PlacedLabel,
    pub secondary: Vec<PlacedLabel>,
    /// Places in other files that the finding depends on (a config module's literal, a
    /// helper's comparison), for formats that link across files (SARIF, JSON).
    pub related: Vec<Related>,
}

/// A place in another file: its path as the user would type it, its line, what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: String,
    pub line: u32,
    pub message: String,
}

impl Diagnostic {
    /// Sort key: position, then rule id (the file is the outer key).
    pub fn sort_key(&self) -> (Position, &'static str, usize) {
        (
            self.primary.start,
            self.rule,
            self.primary.label.range.start,
        )
    }
}

/// Line starts of a text, for offset → position. Line terminators are those of ECMAScript:
/// `\n`, `\r\n`, a lone `\r`, U+2028 and U+2029.
pub struct LineIndex {
    starts: Vec<usize>,
    /// For each non-ASCII character: its offset, and how many more bytes than UTF-16 units the
    /// text has up to and including it. A column is then a subtraction and a binary search,
    /// not a count along the line: a minified line with thousands of findings stays linear.
    wide: Vec<(u32, u32)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut extra = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0xC0 {
                // A leading byte: 2 or 3 bytes are 1 UTF-16 unit, 4 bytes are 2.
                extra += match b {
                    0xC0..=0xDF => 1,
                    _ => 2,
                };
                wide.push((i as u32, extra));
            }
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    starts.push(i + 3);
                    i += 2;
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, wide }
    }

    /// Bytes minus UTF-16 units in `text[..offset]`.
    fn extra_before(&self, offset: usize) -> usize {
        let k = self.wide.partition_point(|&(at, _)| (at as usize) < offset);
        k.checked_sub(1).map_or(0, |k| self.wide[k].1 as usize)
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = (offset - start) - (self.extra_before(offset) - self.extra_before(start));
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    pub fn place(&self, text: &str, label: Label) -> PlacedLabel {
        PlacedLabel {
            start: self.position(text, label.range.start),
            end: self.position(text, label.range.end),
            label,
        }
    }

    /// The byte range of line `line` (1-based) without its terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Range<usize> {
        let i = (line as usize).saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[i];
        let mut end = self.starts.get(i + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_and_lines_honour_crlf() {
        let text = "a\r\n😀x\rb\u{2028}c";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        // '😀' is 4 bytes and 2 UTF-16 units: 'x' sits in column 3 of line 2.
        assert_eq!(idx.position(text, 7), Position { line: 2, column: 3 });
        assert_eq!(idx.position(text, 9), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 13), Position { line: 4, column: 1 });
    }

    #[test]
    fn columns_agree_with_counting_utf16_units() {
        let text = "aé😀\u{2028}x€😀b\nçd😀\r\n\u{feff}z";
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = idx.starts[idx.starts.partition_point(|&s| s <= offset) - 1];
            let expected = text[line_start..offset].encode_utf16().count() as u32 + 1;
            assert_eq!(idx.position(text, offset).column, expected, "at {offset}");
        }
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }
}
