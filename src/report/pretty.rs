//! Graphical reports (miette): the source snippet, the primary span labelled, secondary labels
//! where the value came from or went, the rule id as the code, and the help line.
//!
//! Everything taken from the input passes through [`escape`] first: miette is handed a copy of
//! the snippet with hostile characters shown as text and every line end a line feed, spans
//! moved onto that copy (so the carets sit under the same source text), and the quoted path;
//! the `line:column` it prints is the source's own (UTF-16 columns), not the copy's.

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::escape;
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::engine::FileReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Color,
    Plain,
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a Windowed<'a>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape::line(&self.diagnostic.message))
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape::line(&self.diagnostic.message))
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(escape::line(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source?;
        let d = self.diagnostic;
        let text = |m: &str| (!m.is_empty()).then(|| escape::line(m).into_owned());
        let primary = LabeledSpan::new_primary_with_span(
            text(&d.primary.label.message),
            source.shown_span(&d.primary.label.range),
        );
        let secondary = d.secondary.iter().map(move |l| {
            LabeledSpan::new_with_span(text(&l.label.message), source.shown_span(&l.label.range))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

pub fn write(reports: &[FileReport], theme: Theme, out: &mut dyn Write) -> io::Result<()> {
    let theme = match theme {
        Theme::Color => GraphicalTheme::unicode(),
        Theme::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    for r in reports {
        if r.diagnostics.is_empty() {
            continue;
        }
        let source = r.source.as_deref().map(|text| Windowed::new(&r.path, text));
        for d in &r.diagnostics {
            // A minified or generated line would print in full: show an excerpt instead.
            let long_line = source.as_ref().is_some_and(|s| touches_long_line(s, d));
            let shown = Shown {
                diagnostic: d,
                source: source.as_ref().filter(|_| !long_line),
            };
            let mut text = String::new();
            handler
                .render_report(&mut text, &shown)
                .map_err(io::Error::other)?;
            if shown.source.is_none() {
                // No snippet to show: say where.
                writeln!(
                    out,
                    "{}:{}:{}:",
                    escape::path(&r.path),
                    d.primary.start.line,
                    d.primary.start.column
                )?;
            }
            out.write_all(text.as_bytes())?;
            if let (true, Some(source)) = (long_line, &source) {
                writeln!(
                    out,
                    "  excerpt: {}",
                    excerpt(source, &d.primary.label.range)
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Lines longer than this are not printed whole.
const MAX_LINE: usize = 240;
/// Characters shown on each side of a span in an excerpt.
const EXCERPT_SIDE: usize = 40;

/// Whether a diagnostic's snippet (its labelled lines and one line of context) has a line that
/// would print longer than [`MAX_LINE`] bytes.
fn touches_long_line(source: &Windowed<'_>, d: &Diagnostic) -> bool {
    let first = d.primary.start.line.saturating_sub(1).max(1);
    let last = d
        .secondary
        .iter()
        .map(|l| l.end.line)
        .chain([d.primary.end.line])
        .max()
        .unwrap_or(first)
        + 1;
    let first = d
        .secondary
        .iter()
        .map(|l| l.start.line.saturating_sub(1).max(1))
        .chain([first])
        .min()
        .unwrap_or(first);
    (first as usize - 1..last as usize)
        .take_while(|&line| line < source.line_count())
        .any(|line| source.line(line).len() > MAX_LINE)
}

/// A one-line excerpt around a byte range of the source: `…before⟦span⟧after…`, at most a few
/// dozen characters of the source, each piece escaped.
fn excerpt(source: &Windowed<'_>, range: &Range<usize>) -> String {
    let text = source.text;
    let start = floor_boundary(text, range.start.min(text.len()));
    let end = floor_boundary(text, range.end.min(text.len()).max(start));
    let line_of = |offset| source.index.position(text, offset).line;
    let line_start = source.index.line_range(text, line_of(start)).start;
    let line_end = source.index.line_range(text, line_of(end)).end.max(end);
    let before: String = text[line_start..start]
        .chars()
        .rev()
        .take(EXCERPT_SIDE)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let span: String = text[start..end.min(line_end)]
        .chars()
        .take(2 * EXCERPT_SIDE)
        .collect();
    let after: String = text[end.min(line_end)..line_end]
        .chars()
        .take(EXCERPT_SIDE)
        .collect();
    let lead = if before.len() < start - line_start {
        "…"
    } else {
        ""
    };
    let trail = if end.min(line_end) + after.len() < line_end {
        "…"
    } else {
        ""
    };
    format!(
        "{lead}{}⟦{}⟧{}{trail}",
        escape::line(&before),
        escape::line(&span),
        escape::line(&after)
    )
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The file's text for miette, read around each span.
///
/// miette is shown `shown`, not the source: the source with every escaped character written
/// out ([`escape::push_visible`]) and every line end a line feed (CRLF stays CRLF, which miette
/// reads as one), so that miette's lines are koalint's lines and nothing in them reaches the
/// terminal raw. Spans are moved onto `shown` by `shifts`; miette then places the carets under
/// the escaped text of the span, and the header's column is counted in the source.
///
/// miette's `SourceCode` for a string scans from the start of the file to every snippet, which
/// made a large file with many findings quadratic; this one finds the lines by binary search
/// and hands miette only those.
struct Windowed<'a> {
    name: String,
    /// The source (after any BOM), which spans and columns refer to.
    text: &'a str,
    index: LineIndex,
    shown: String,
    /// Offsets of the `\n`s in `shown` (miette's lines).
    newlines: Vec<usize>,
    /// `(source offset, shown offset)` pairs, ascending in both, at each point after which the
    /// two offsets differ by a new amount.
    shifts: Vec<(usize, usize)>,
}

impl<'a> Windowed<'a> {
    fn new(name: &str, text: &'a str) -> Self {
        let mut shown = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let crlf = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
            if c == '\n' || crlf {
                shown.push(c);
            } else if c == '\r' {
                // A line end of its own, as for JavaScript: the same length as a line feed.
                shown.push('\n');
            } else if escape::is_escaped(c) {
                shifts.push((at, shown.len()));
                escape::push_visible(c, &mut shown);
                if escape::is_line_separator(c) {
                    shown.push('\n');
                }
                shifts.push((at + c.len_utf8(), shown.len()));
            } else {
                shown.push(c);
            }
        }
        let newlines = shown.match_indices('\n').map(|(i, _)| i).collect();
        Windowed {
            name: escape::path(name).into_owned(),
            text,
            index: LineIndex::new(text),
            shown,
            newlines,
            shifts,
        }
    }

    /// Where a source offset is in `shown`.
    fn to_shown(&self, offset: usize) -> usize {
        let k = self.shifts.partition_point(|&(source, _)| source <= offset);
        match k.checked_sub(1).map(|k| self.shifts[k]) {
            Some((source, shown)) => shown + (offset - source),
            None => offset,
        }
    }

    /// Where an offset of `shown` came from in the source (inside an escape: that character).
    fn to_source(&self, offset: usize) -> usize {
        let k = self.shifts.partition_point(|&(_, shown)| shown <= offset);
        match k.checked_sub(1).map(|k| self.shifts[k]) {
            Some((source, shown)) => {
                let next = self.shifts.get(k).map_or(self.text.len(), |&(s, _)| s);
                (source + (offset - shown)).min(next)
            }
            None => offset,
        }
    }

    /// A source range as miette's span of `shown`.
    fn shown_span(&self, range: &Range<usize>) -> SourceSpan {
        let start = self.to_shown(range.start);
        let end = self.to_shown(range.end).max(start);
        (start, end - start).into()
    }

    fn line_count(&self) -> usize {
        self.newlines.len() + 1
    }

    /// The 0-based line `offset` of `shown` is on.
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&nl| nl < offset)
    }

    /// The byte range of 0-based line `line` of `shown`, without its `\n`.
    fn line(&self, line: usize) -> Range<usize> {
        let start = match line {
            0 => 0,
            l => self
                .newlines
                .get(l - 1)
                .map_or(self.shown.len(), |nl| nl + 1),
        };
        let end = self.newlines.get(line).copied().unwrap_or(self.shown.len());
        start..end.max(start)
    }
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let len = self.shown.len();
        let start = span.offset().min(len);
        let end = (span.offset() + span.len()).clamp(start, len);
        let first = self.line_of(start).saturating_sub(before);
        let last = (self.line_of(end) + after).min(self.line_count() - 1);
        let window_start = self.line(first).start;
        let window_end = self.newlines.get(last).map_or(len, |nl| nl + 1);
        let window = &self.shown[window_start..window_end];
        let inner = window.read_span(
            &SourceSpan::new((start - window_start).into(), end - start),
            before,
            after,
        )?;
        // The header's `line:column` is the span's start in the source, in UTF-16 units.
        let column = self.index.position(self.text, self.to_source(start)).column - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + first,
            column as usize,
            inner.line_count(),
        )))
    }
}
