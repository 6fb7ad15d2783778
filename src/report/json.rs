//! ESLint's JSON formatter shape, so that tools which read ESLint reports read ours:
//! `[{ filePath, messages: [{ ruleId, severity, message, line, column, endLine, endColumn }],
//! errorCount, warningCount, … }]`, plus `help`, byte offsets and secondary labels.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, PlacedLabel, Severity};
use crate::engine::{FileReport, IO_ERROR, PARSE_ERROR};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFile<'a> {
    file_path: &'a str,
    messages: Vec<JsonMessage<'a>>,
    /// ESLint's shape for findings that inline directives silenced (`--include-suppressed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_messages: Option<Vec<JsonMessage<'a>>>,
    error_count: usize,
    warning_count: usize,
    fatal_error_count: usize,
    fixable_error_count: usize,
    fixable_warning_count: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonMessage<'a> {
    rule_id: &'a str,
    /// 1 warning, 2 error (ESLint's numbers).
    severity: u8,
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fatal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// Byte offset of the primary span in the file.
    offset: usize,
    /// Byte length of the primary span.
    length: usize,
    labels: Vec<JsonLabel<'a>>,
    /// Places in other files the finding depends on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<JsonSuppression<'a>>,
}

/// A place in another file: `{ filePath, line, message }` (`line` 0: the file as a whole).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonRelated<'a> {
    file_path: &'a str,
    line: u32,
    message: &'a str,
}

/// ESLint's `{ kind: "directive", justification }`.
#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonLabel<'a> {
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    offset: usize,
    length: usize,
}

fn label(l: &PlacedLabel, bom: usize) -> JsonLabel<'_> {
    JsonLabel {
        message: &l.label.message,
        line: l.start.line,
        column: l.start.column,
        end_line: l.end.line,
        end_column: l.end.column,
        offset: l.label.range.start + bom,
        length: l.label.range.len(),
    }
}

fn message<'a>(
    d: &'a Diagnostic,
    bom: usize,
    suppressed: Option<&'a Option<String>>,
) -> JsonMessage<'a> {
    JsonMessage {
        rule_id: d.rule,
        severity: match d.severity {
            Severity::Warning => 1,
            Severity::Error => 2,
        },
        message: &d.message,
        line: d.primary.start.line,
        column: d.primary.start.column,
        end_line: d.primary.end.line,
        end_column: d.primary.end.column,
        fatal: d.rule == PARSE_ERROR || d.rule == IO_ERROR,
        help: d.help.as_deref(),
        offset: d.primary.label.range.start + bom,
        length: d.primary.label.range.len(),
        labels: d.secondary.iter().map(|l| label(l, bom)).collect(),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file_path: &r.path,
                line: r.line,
                message: &r.message,
            })
            .collect(),
        suppressions: suppressed
            .map(|reason| JsonSuppression {
                kind: "directive",
                justification: reason.as_deref().unwrap_or(""),
            })
            .into_iter()
            .collect(),
    }
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let files: Vec<JsonFile<'_>> = reports
        .iter()
        .map(|r| {
            let messages: Vec<JsonMessage<'_>> = r
                .diagnostics
                .iter()
                .map(|d| message(d, r.bom_len, None))
                .collect();
            JsonFile {
                file_path: &r.path,
                fatal_error_count: messages.iter().filter(|m| m.fatal).count(),
                error_count: r.count(Severity::Error),
                warning_count: r.count(Severity::Warning),
                fixable_error_count: 0,
                fixable_warning_count: 0,
                messages,
                suppressed_messages: r.suppressed.as_ref().map(|list| {
                    list.iter()
                        .map(|s| message(&s.diagnostic, r.bom_len, Some(&s.reason)))
                        .collect()
                }),
            }
        })
        .collect();
    // `From` keeps an I/O error's kind, so that a closed stdout is seen as one.
    serde_json::to_writer_pretty(&mut *out, &files).map_err(io::Error::from)?;
    writeln!(out)
}
