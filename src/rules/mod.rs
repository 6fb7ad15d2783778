//! The rule contract and the registry.
//!
//! A rule is a unit struct with static metadata and a check over a file's [`FileModel`]. Rules
//! never walk the AST, never choose their severity and never print: they push [`Finding`]s.

mod debug_echo_route;
mod hardcoded_secret;
mod header_logging;
mod key_in_query;
mod mtls_client_unverified;
mod timing_unsafe_compare;
mod tls_verification_disabled;
mod verbose_error;

use crate::diagnostics::{Finding, Severity};
use crate::model::FileModel;

pub use debug_echo_route::DebugEchoRoute;
pub use hardcoded_secret::{HardcodedSecret, SecretLiteral, secret_literals};
pub use header_logging::HeaderLogging;
pub use key_in_query::KeyInQuery;
pub use mtls_client_unverified::MtlsClientUnverified;
pub use timing_unsafe_compare::TimingUnsafeCompare;
pub use tls_verification_disabled::TlsVerificationDisabled;
pub use verbose_error::VerboseError;

/// What `koalint rules` lists and `koalint explain` prints.
pub struct RuleMeta {
    pub id: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
    /// The rule's page, `rules/<id>.md`.
    pub doc: &'static str,
}

/// Names from the configuration that rules use beyond the model's vocabulary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSettings {
    /// Extra receiver names that are loggers.
    pub loggers: Vec<String>,
    /// Extra route prefixes that are debug routes.
    pub debug_routes: Vec<String>,
}

/// Everything a rule may read about one file.
pub struct FileContext<'m, 'a> {
    pub path: &'m str,
    pub source: &'m str,
    pub model: &'m FileModel<'a>,
    pub settings: &'m RuleSettings,
}

impl FileContext<'_, '_> {
    /// The source text of a byte range, shortened to one line of at most `max` characters.
    pub fn snippet(&self, range: std::ops::Range<usize>, max: usize) -> String {
        let text = self.source.get(range).unwrap_or("");
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() <= max {
            one_line
        } else {
            let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
            format!("{cut}…")
        }
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &FileContext<'_, '_>, out: &mut Vec<Finding>);
}

/// Every rule koalint has, in id order.
pub static RULES: &[&dyn Rule] = &[
    &DebugEchoRoute,
    &HardcodedSecret,
    &HeaderLogging,
    &KeyInQuery,
    &MtlsClientUnverified,
    &TimingUnsafeCompare,
    &TlsVerificationDisabled,
    &VerboseError,
];

/// Byte ranges of the text of the credential literals of a file (quotes excluded) — hard-coded
/// secrets, well-known key formats, literals a secret is compared with — which every snippet
/// masks.
pub fn credential_literals(model: &FileModel<'_>, source: &str) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = secret_literals(model, source)
        .iter()
        .map(|s| s.span)
        .chain(timing_unsafe_compare::compared_literals(model))
        .filter_map(|span| inside_delimiters(source, crate::model::byte_range(span)))
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// A literal's range without its first and last character (its quotes or delimiters).
fn inside_delimiters(source: &str, r: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let text = source.get(r.clone())?;
    let first = text.chars().next()?.len_utf8();
    let last = text.chars().next_back()?.len_utf8();
    (r.start + first <= r.end - last).then(|| r.start + first..r.end - last)
}

/// `the x` → `The x`, for messages that start with a description.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}
