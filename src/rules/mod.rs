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

use std::cell::RefCell;
use std::ops::Range;

use swc_atoms::Atom;

use crate::diagnostics::{Finding, Label, Severity};
use crate::model::{Fact, FactKind, FileModel, FunctionId};

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
    /// Findings that hinge on a binding imported from another file of the project, settled
    /// in the second pass (see `model/summary.rs`).
    pub questions: RefCell<Vec<Question>>,
    /// What rules found out about the file's functions, for the files that import them.
    pub facts: RefCell<Vec<(FunctionId, Fact)>>,
}

/// A finding that stands only if the binding it hinges on — imported from the project's own
/// module `specifier`, at member `path` — is what `ask` says.
#[derive(Clone, Debug)]
pub struct Question {
    pub specifier: Atom,
    pub path: Vec<Atom>,
    pub ask: Ask,
    /// The finding as it stands if the answer is yes.
    pub finding: Finding,
    /// The use of the imported binding, where the label naming the other file goes.
    pub use_range: Range<usize>,
    /// Questions of one group (the arguments of one call) make at most one finding: the first
    /// that holds.
    pub group: Option<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// A hard-coded string where only a key can go (`holder` describes the place, e.g. "the
    /// JWT signing secret"). The message is made when the literal is known.
    Credential { holder: String },
    /// A function with this fact about the argument.
    Fact(FactKind),
    /// A logger or log function made by a catalogued factory.
    Logger,
}

/// What the second pass found the imported binding to be.
#[derive(Clone, Copy, Debug)]
pub enum Answer<'s> {
    Str { text: &'s str, fallback: bool },
    Fact(&'s Fact),
    Logger,
}

/// The finding a question becomes once answered (`None`: the answer does not make one).
/// `other` is the exporting file, as the user would type its path, and `line` the line there
/// that the answer stands on.
pub fn settle(q: &Question, answer: Answer<'_>, other: &str, line: u32) -> Option<Finding> {
    let mut f = q.finding.clone();
    let (range, label) = match (&q.ask, answer) {
        (Ask::Credential { holder }, Answer::Str { text, fallback }) => {
            return hardcoded_secret::imported_literal(holder, text, fallback, other, line, q);
        }
        (Ask::Fact(kind), Answer::Fact(fact)) if *kind == fact.kind => {
            let what = match kind {
                FactKind::LogsParam(_) => "written to a log",
                FactKind::ComparesParam(_) => "compared in variable time",
                FactKind::LogsContextParam(_) => {
                    f.message = f.message.replace("{what}", &fact.what);
                    "its credentials are written to a log"
                }
            };
            (q.use_range.clone(), format!("{what} in {other}:{line}"))
        }
        (Ask::Logger, Answer::Logger) => (q.use_range.clone(), format!("a logger made in {other}")),
        _ => return None,
    };
    f.secondary.push(Label::new(range, label));
    Some(f)
}

impl FileContext<'_, '_> {
    /// Leaves a finding to the second pass.
    pub fn ask(&self, q: Question) {
        self.questions.borrow_mut().push(q);
    }

    /// Records a fact about a function of the file.
    pub fn record(&self, f: FunctionId, fact: Fact) {
        self.facts.borrow_mut().push((f, fact));
    }

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
