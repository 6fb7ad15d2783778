//! SARIF 2.1.0, for code-scanning uploads (GitHub and others).
//!
//! `tool.driver.rules` comes from the rule registry and each rule's page (front matter for the
//! CWE, the first paragraph for the full description, the page for `help.markdown`); results
//! carry the rule index, a region in UTF-16 columns relative to `%SRCROOT%`, related locations
//! for secondary labels and a fingerprint (see `fingerprint`). Parse, I/O and internal errors
//! are tool execution notifications, not results. No source text is written: a snippet could
//! hold a secret.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::fingerprint;
use crate::diagnostics::{Diagnostic, PlacedLabel, Severity};
use crate::engine::{self, FileReport, INTERNAL_ERROR, IO_ERROR, PARSE_ERROR};
use crate::rules::RULES;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://crates.io/crates/koalint";
/// The key under which results carry their fingerprint.
pub const FINGERPRINT_KEY: &str = "koalint/v1";

/// GitHub ranks alerts by this 0–10 score: 7.0 and up is "high", 4.0 to 6.9 "medium".
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "7.5",
        Severity::Warning => "5.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Whether a diagnostic is about koalint's own run on a file rather than a finding in it.
fn is_notification(d: &Diagnostic) -> bool {
    d.rule == PARSE_ERROR || d.rule == IO_ERROR || d.rule == INTERNAL_ERROR
}

/// `tool.driver.rules`: every rule of the registry, then the engine's directive checks.
fn rule_descriptors() -> (Vec<Value>, Vec<&'static str>) {
    let mut ids = Vec::new();
    let mut rules = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let body = crate::rule_page_body(meta.doc);
        let mut tags = vec!["security".to_string()];
        if let Some(cwe) = crate::rule_page_field(meta.doc, "cwe") {
            // GitHub's tag form: the number alone after `cwe-` (a page may write `CWE-295`).
            let number = cwe.trim_start_matches(|c: char| !c.is_ascii_digit());
            tags.push(format!("external/cwe/cwe-{number}"));
        }
        let mut properties = json!({
            "tags": tags,
            "security-severity": security_severity(meta.default_severity),
            "precision": "high",
        });
        if let Some(category) = crate::rule_page_field(meta.doc, "category") {
            properties["category"] = json!(category);
        }
        ids.push(meta.id);
        rules.push(json!({
            "id": meta.id,
            "name": meta.id,
            "shortDescription": { "text": meta.summary },
            "fullDescription": { "text": first_paragraph(body).unwrap_or_else(|| meta.summary.to_string()) },
            "help": {
                "text": format!("{} — `koalint explain {}` prints the rule's page.", meta.summary, meta.id),
                "markdown": body,
            },
            "defaultConfiguration": { "level": level(meta.default_severity) },
            "properties": properties,
        }));
    }
    for (id, severity) in engine::META_RULES {
        let summary = engine::meta_rule_summary(id);
        ids.push(id);
        rules.push(json!({
            "id": id,
            "name": id,
            "shortDescription": { "text": summary },
            "fullDescription": { "text": summary },
            "defaultConfiguration": { "level": level(*severity) },
            "properties": { "tags": ["maintainability"] },
        }));
    }
    (rules, ids)
}

/// The first paragraph after the page's title, as one line.
fn first_paragraph(body: &str) -> Option<String> {
    let text: Vec<&str> = body
        .lines()
        .skip_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    (!text.is_empty()).then(|| text.join(" "))
}

/// A path as a URI reference: relative paths against `%SRCROOT%`, absolute ones as `file:` URIs.
fn artifact_location(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", percent_encode(path)) })
    } else {
        json!({ "uri": percent_encode(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(l: &PlacedLabel) -> Value {
    json!({
        "startLine": l.start.line,
        "startColumn": l.start.column,
        "endLine": l.end.line,
        "endColumn": l.end.column,
    })
}

fn location(path: &str, l: &PlacedLabel, with_region: bool) -> Value {
    let mut physical = json!({ "artifactLocation": artifact_location(path) });
    if with_region {
        physical["region"] = region(l);
    }
    json!({ "physicalLocation": physical })
}

fn result(
    r: &FileReport,
    d: &Diagnostic,
    fingerprint: &str,
    rule_ids: &[&str],
    suppression: Option<&Option<String>>,
) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(&r.path, &d.primary, true)],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Some(index) = rule_ids.iter().position(|id| *id == d.rule) {
        result["ruleIndex"] = json!(index);
    }
    if !d.secondary.is_empty() || !d.related.is_empty() {
        let mut related: Vec<Value> = d
            .secondary
            .iter()
            .map(|l| {
                let mut loc = location(&r.path, l, true);
                if !l.label.message.is_empty() {
                    loc["message"] = json!({ "text": l.label.message });
                }
                loc
            })
            .collect();
        // Places in other files (a config module's literal, a helper's comparison): a line,
        // or the file as a whole.
        for other in &d.related {
            let mut physical = json!({ "artifactLocation": artifact_location(&other.path) });
            if other.line > 0 {
                physical["region"] = json!({ "startLine": other.line });
            }
            related.push(json!({
                "physicalLocation": physical,
                "message": { "text": other.message },
            }));
        }
        for (i, loc) in related.iter_mut().enumerate() {
            loc["id"] = json!(i + 1);
        }
        result["relatedLocations"] = json!(related);
    }
    if let Some(reason) = suppression {
        let mut s = json!({ "kind": "inSource" });
        if let Some(reason) = reason {
            s["justification"] = json!(reason);
        }
        result["suppressions"] = json!([s]);
    }
    result
}

fn notification(r: &FileReport, d: &Diagnostic) -> Value {
    // An io-error has no text to point into: the file is the location.
    let with_region = r.source.is_some();
    json!({
        "level": "error",
        "message": { "text": d.message },
        "locations": [location(&r.path, &d.primary, with_region)],
        "descriptor": { "id": d.rule },
    })
}

/// The whole SARIF log as a JSON value.
pub fn log(reports: &[FileReport]) -> Value {
    let (rules, rule_ids) = rule_descriptors();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut internal = false;
    for r in reports {
        let fingerprints = fingerprint::of_report(r);
        for (d, fp) in r.diagnostics.iter().zip(&fingerprints) {
            if is_notification(d) {
                internal |= d.rule == INTERNAL_ERROR;
                notifications.push(notification(r, d));
            } else {
                results.push(result(r, d, fp, &rule_ids, None));
            }
        }
        if let Some(suppressed) = &r.suppressed {
            let fps = fingerprint::of_diagnostics(
                r.source.as_deref(),
                suppressed.iter().map(|s| &s.diagnostic),
            );
            for (s, fp) in suppressed.iter().zip(&fps) {
                results.push(result(r, &s.diagnostic, fp, &rule_ids, Some(&s.reason)));
            }
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "koalint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": !internal,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    // Serialised first, so that a closed stdout is the writer's BrokenPipe, not serde's error.
    let text = serde_json::to_string_pretty(&log(reports)).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            artifact_location("src/a b%.ts"),
            json!({ "uri": "src/a%20b%25.ts", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/srv/app/é.js"),
            json!({ "uri": "file:///srv/app/%C3%A9.js" })
        );
    }

    #[test]
    fn the_full_description_is_the_first_paragraph_of_the_page() {
        let body = "# x\n\nFirst line\nsecond line.\n\n## More\n";
        assert_eq!(
            first_paragraph(body).as_deref(),
            Some("First line second line.")
        );
    }
}
