//! `koalint explain RULE`: a rule's page without its front matter, and the reading of rule pages
//! (body, front-matter fields) that the SARIF report shares. The pages themselves live in
//! `rules/<rule-id>.md`; this module never edits or renders them beyond escaping.

use std::io::Write;

use super::{Outcome, quietly};
use crate::config;
use crate::report::escape;
use crate::rules;

pub(super) fn explain(id: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    let Some(rule) = rules::find(id) else {
        let _ = writeln!(
            stderr,
            "koalint: unknown rule '{}'{} (`koalint rules` lists them)",
            escape::line(id),
            did_you_mean(id)
        );
        return Outcome::Error;
    };
    quietly(
        stdout.write_all(escape::lines(rule_page_body(rule.meta().doc)).as_bytes()),
        Outcome::Clean,
    )
}

/// "; did you mean 'x'?" for the known rule id nearest to a misspelt one.
fn did_you_mean(id: &str) -> String {
    config::did_you_mean(id, &config::known_ids())
}

/// A rule page split into its front matter and its body.
fn split_rule_page(doc: &str) -> Option<(&str, &str)> {
    doc.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
}

/// A rule page without its front matter.
pub fn rule_page_body(doc: &str) -> &str {
    split_rule_page(doc).map_or(doc, |(_, body)| body.trim_start_matches('\n'))
}

/// The value of `key` in a rule page's front matter (`id`, `severity`, `category`, `cwe`).
pub fn rule_page_field<'d>(doc: &'d str, key: &str) -> Option<&'d str> {
    let (front, _) = split_rule_page(doc)?;
    front.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}
