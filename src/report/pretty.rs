//! Graphical reports (miette): the source snippet, the primary span labelled, secondary labels
//! where the value came from or went, the rule id as the code, and the help line.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::FileReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Color,
    Plain,
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a NamedSource<String>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let d = self.diagnostic;
        let text = |m: &str| (!m.is_empty()).then(|| m.to_string());
        let primary = LabeledSpan::new_primary_with_span(
            text(&d.primary.label.message),
            (d.primary.label.range.start, d.primary.label.range.len()),
        );
        let secondary = d.secondary.iter().map(move |l| {
            LabeledSpan::new_with_span(
                text(&l.label.message),
                (l.label.range.start, l.label.range.len()),
            )
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
        let source = r
            .source
            .as_ref()
            .map(|s| NamedSource::new(&r.path, s.clone()));
        for d in &r.diagnostics {
            let shown = Shown {
                diagnostic: d,
                source: source.as_ref(),
            };
            let mut text = String::new();
            handler
                .render_report(&mut text, &shown)
                .map_err(io::Error::other)?;
            if source.is_none() {
                // No snippet to show: say where.
                writeln!(out, "{}:", r.path)?;
            }
            out.write_all(text.as_bytes())?;
            writeln!(out)?;
        }
    }
    Ok(())
}
