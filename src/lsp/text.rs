//! Positions as the Language Server Protocol counts them: lines end at `\n`, `\r\n` or a lone
//! `\r` (not at U+2028/U+2029, which ECMAScript also counts), and a column is a count of UTF-16
//! code units unless the client and server agreed on UTF-8 bytes.

use lsp_types::{Position, Range};

/// The column unit agreed at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf16,
    Utf8,
}

/// Line starts of a document's text.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        Lines { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, rounded down to a character).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let part = &self.text[start..offset];
        let character = match enc {
            Encoding::Utf8 => part.len(),
            Encoding::Utf16 => part.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, range: std::ops::Range<usize>, enc: Encoding) -> Range {
        Range::new(
            self.position(range.start, enc),
            self.position(range.end, enc),
        )
    }

    /// The byte offset of a position; a column past the end of its line is the line's end, a
    /// line past the end is the end of the text.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.trim_end_matches(['\n', '\r']);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            if units >= want {
                return start + i;
            }
            units += match enc {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_where_the_protocol_says_and_columns_count_the_agreed_unit() {
        let text = "a\r\n😀x\rb\u{2028}c\né";
        let lines = Lines::new(text);
        // '😀' is 4 bytes and 2 UTF-16 units: 'x' is at column 2 (UTF-16) or 4 (UTF-8).
        assert_eq!(lines.position(7, Encoding::Utf16), Position::new(1, 2));
        assert_eq!(lines.position(7, Encoding::Utf8), Position::new(1, 4));
        // U+2028 does not end a line for the protocol: 'c' stays on line 2.
        assert_eq!(lines.position(13, Encoding::Utf16), Position::new(2, 2));
        assert_eq!(lines.position(13, Encoding::Utf8), Position::new(2, 4));
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            // Every character but a line terminator's is a place a position can name.
            for (offset, _) in text
                .char_indices()
                .filter(|(_, c)| !matches!(c, '\r' | '\n'))
            {
                assert_eq!(lines.offset(lines.position(offset, enc), enc), offset);
            }
        }
        // Past the end of a line: its end; past the last line: the end of the text.
        assert_eq!(lines.offset(Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(
            lines.offset(Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }
}
