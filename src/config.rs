//! `koalint.json`: discovery, the schema (generated from these types), validation with errors
//! that point into the file, and the effective rule levels and settings for one source file.
//!
//! The file is JSON with comments and trailing commas. A broken file is never half-used: any
//! error stops the run before anything is linted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Severity;
use crate::engine::META_RULES;
use crate::model::Vocabulary;
use crate::rules::{RULES, RuleSettings};

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "koalint.json";

/// A rule's level in the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warn,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warn => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// The contents of `koalint.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "koalint configuration")]
pub struct ConfigFile {
    /// The JSON Schema of this file (for editors).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Rule levels by rule id: `"off"`, `"warn"` or `"error"`.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// What counts as a credential, a logger or a debug route in your code.
    #[serde(default)]
    pub settings: Settings,
    /// Files not to lint, as gitignore-style globs relative to this file.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Test code: which files it is, and the rule levels there (by default every rule is off in
    /// test code; `overrides` still win over these).
    #[serde(default)]
    pub tests: Tests,
    /// Rule levels for some files: later entries win.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// Test code, fixtures and mocks: a finding there ships nowhere (a dummy session key, a local
/// self-signed server, a test that logs its own headers), so by default no rule reports in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Tests {
    /// Gitignore-style globs of test code, relative to this file; replaces the built-in list
    /// (`test/`, `tests/`, `__tests__/`, `__mocks__/`, `spec/`, `*.test.*`, `*.spec.*`). An empty
    /// list lints tests as application code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
    /// Rule levels in test code, over the default of `"off"` for every rule: for example
    /// `{ "hardcoded-secret": "warn" }`.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// The built-in globs of test code.
pub const DEFAULT_TEST_GLOBS: &[&str] = &[
    "test/",
    "tests/",
    "__tests__/",
    "__mocks__/",
    "spec/",
    "*.test.*",
    "*.spec.*",
];

/// Additions to koalint's built-in vocabulary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Settings {
    /// Extra request headers that carry credentials (case-insensitive), e.g. `x-partner-key`.
    #[serde(default)]
    pub credential_headers: Vec<String>,
    /// Extra words that make a name a secret (`pin` makes `cardPin` one).
    #[serde(default)]
    pub secret_names: Vec<String>,
    /// Extra receiver names that are loggers (`audit` makes `audit.info(…)` a logging call).
    #[serde(default)]
    pub loggers: Vec<String>,
    /// Extra route prefixes treated as debug routes, e.g. `/internal`.
    #[serde(default)]
    pub debug_routes: Vec<String>,
    /// Your own rows of koalint's API catalogue: what your in-house libraries do with values
    /// (a logger, a secret store, a function that takes a credential).
    #[serde(default)]
    pub models: Vec<ModelRow>,
}

/// One row of the API catalogue, in the shape of CodeQL's models as data: a package, an access
/// path from its export, and what the value there is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelRow {
    /// The package as it is imported or required: `@acme/logger`; `@acme/*` names every
    /// package of the scope.
    pub package: String,
    /// The access path from the package's export, steps joined by `.`: `Member[name]` (a
    /// property), `ReturnValue` (what a call returns; also `new`), and, for a credential sink,
    /// `Argument[n]` then `Member[option]` steps into an options object. Empty: the export
    /// itself. Examples: `Member[log]`, `Member[createLogger].ReturnValue`,
    /// `Member[read].ReturnValue`, `Member[connect].Argument[0].Member[password]`.
    #[serde(default)]
    pub path: String,
    /// What the value at the path is.
    pub kind: ModelKind,
}

/// What a catalogue row says about the value at its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// A logger: every method called on it writes its arguments to a log (except configuration
    /// methods such as `level` or `child`).
    Logger,
    /// A function that writes its arguments to a log when called.
    LogFunction,
    /// A secret: the value (usually a call's result, `vault.read(…)`) must not be logged,
    /// echoed or compared in variable time.
    SecretSource,
    /// Where a credential goes: the path ends at an `Argument[n]` (and option), and a literal
    /// there is a hard-coded secret.
    CredentialSink,
}

impl ModelRow {
    /// The row as the model reads it, or what is wrong with its path.
    pub fn to_model(&self) -> Result<crate::model::UserModel, String> {
        use crate::model::UserKind;
        if self.package.trim().is_empty() {
            return Err("a model's package is empty".into());
        }
        if self.package.starts_with('.') || self.package.starts_with('/') {
            return Err(format!(
                "a model's package is a package name, not a path: `{}`",
                self.package
            ));
        }
        let mut path = Vec::new();
        let mut argument = None;
        let mut option = Vec::new();
        let steps: Vec<&str> = if self.path.trim().is_empty() {
            Vec::new()
        } else {
            self.path.split('.').map(str::trim).collect()
        };
        for step in steps {
            let inner = |name: &str| {
                step.strip_prefix(name)
                    .and_then(|r| r.strip_prefix('['))
                    .and_then(|r| r.strip_suffix(']'))
                    // `Member[ log ]` is `Member[log]`: no property name starts or ends in a space.
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
            };
            if let Some(member) = inner("Member") {
                match argument {
                    Some(_) => option.push(member.to_string()),
                    None => path.push(member.to_string()),
                }
            } else if step == "ReturnValue" || step == "Instance" {
                if argument.is_some() {
                    return Err(format!(
                        "`{step}` after `Argument[…]` in the access path `{}`: only `Member[option]` steps can follow an argument",
                        self.path
                    ));
                }
                path.push("()".into());
            } else if let Some(n) = inner("Argument") {
                if argument.is_some() {
                    return Err(format!(
                        "two `Argument[…]` steps in the access path `{}`",
                        self.path
                    ));
                }
                let n: usize = n.parse().map_err(|_| {
                    format!(
                        "`{step}` in the access path `{}`: the argument is a number from 0",
                        self.path
                    )
                })?;
                argument = Some(n);
            } else {
                return Err(format!(
                    "unknown step `{step}` in the access path `{}`: the steps are `Member[name]`, `ReturnValue`, `Instance` and `Argument[n]`",
                    self.path
                ));
            }
        }
        let kind = match (self.kind, argument) {
            (ModelKind::CredentialSink, Some(argument)) => {
                UserKind::CredentialSink { argument, option }
            }
            (ModelKind::CredentialSink, None) => {
                return Err(format!(
                    "a credential sink's access path ends at the argument that takes the credential (`…Argument[n]`): {}",
                    if self.path.is_empty() {
                        "the path is empty".to_string()
                    } else {
                        format!("`{}`", self.path)
                    }
                ));
            }
            (_, Some(_)) => {
                return Err(format!(
                    "`Argument[…]` only belongs in a `credential-sink` row's access path: `{}`",
                    self.path
                ));
            }
            (ModelKind::Logger, None) => UserKind::Logger,
            (ModelKind::LogFunction, None) => UserKind::LogFunction,
            (ModelKind::SecretSource, None) => UserKind::SecretSource,
        };
        Ok(crate::model::UserModel {
            package: self.package.clone(),
            path,
            kind,
        })
    }
}

/// Rule levels for the files some globs match.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Override {
    /// Gitignore-style globs relative to the configuration file, e.g. `test/**`.
    pub files: Vec<String>,
    /// Rule levels for those files.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// Rule selection from the command line; it wins over the file.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--rule`: only these rules.
    pub only: Vec<String>,
    pub disable: Vec<String>,
    pub warn: Vec<String>,
    pub deny: Vec<String>,
}

/// A configuration error, with where in the file it is.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// The file's text (`None` when it could not be read).
    pub text: Option<String>,
    pub range: std::ops::Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// The configuration in force for a run.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Globs are relative to this folder.
    pub base: PathBuf,
    pub file: ConfigFile,
    ignore: Option<Gitignore>,
    tests: Option<Gitignore>,
    overrides: Vec<(Gitignore, BTreeMap<String, Level>)>,
    pub selection: Selection,
    pub vocab: Vocabulary,
    pub rule_settings: RuleSettings,
}

/// Every id a configuration may name: the rules and the engine's suppression diagnostics.
pub fn known_ids() -> Vec<&'static str> {
    RULES
        .iter()
        .map(|r| r.meta().id)
        .chain(META_RULES.iter().map(|(id, _)| *id))
        .collect()
}

impl Config {
    /// The defaults, with `base` as the folder globs are relative to.
    pub fn defaults(base: &Path) -> Config {
        Config::from_file(ConfigFile::default(), None, base.to_path_buf())
            .expect("the empty configuration is valid")
    }

    /// Finds `koalint.json` in `cwd` or a parent (up to the repository root) and reads it.
    pub fn discover(cwd: &Path) -> Result<Config, ConfigError> {
        match find_file(cwd) {
            Some(path) => Config::load(&path),
            None => Ok(Config::defaults(cwd)),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: None,
            range: 0..0,
            message: format!("cannot read the configuration: {e}"),
            help: None,
        })?;
        let file = parse(path, &text)?;
        // Globs are relative to the file's folder: absolute, with `..` resolved, so that every
        // path matched against them (made the same way) can be compared.
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = crate::files::absolute(path.parent().unwrap_or(Path::new(".")), &cwd);
        Config::from_file(file, Some(path.to_path_buf()), base).map_err(|(range, message, help)| {
            // A bad glob: point at it.
            let range = message
                .split('\'')
                .nth(1)
                .filter(|_| message.starts_with("bad glob"))
                .and_then(|glob| {
                    text.find(&format!("\"{glob}\""))
                        .map(|at| at..at + glob.len() + 2)
                })
                .unwrap_or(range);
            ConfigError {
                path: path.to_path_buf(),
                text: Some(text.clone()),
                range,
                message,
                help,
            }
        })
    }

    fn from_file(
        file: ConfigFile,
        path: Option<PathBuf>,
        base: PathBuf,
    ) -> Result<Config, (std::ops::Range<usize>, String, Option<String>)> {
        let matcher = |globs: &[String]| -> Result<Gitignore, String> {
            let mut b = GitignoreBuilder::new(&base);
            for g in globs {
                b.add_line(None, g)
                    .map_err(|e| format!("bad glob '{g}': {e}"))?;
            }
            b.build().map_err(|e| e.to_string())
        };
        let ignore = if file.ignore.is_empty() {
            None
        } else {
            Some(matcher(&file.ignore).map_err(|m| (0..0, m, None))?)
        };
        let test_globs: Vec<String> = match &file.tests.files {
            Some(globs) => globs.clone(),
            None => DEFAULT_TEST_GLOBS.iter().map(|g| g.to_string()).collect(),
        };
        let tests = if test_globs.is_empty() {
            None
        } else {
            Some(matcher(&test_globs).map_err(|m| (0..0, m, None))?)
        };
        let mut overrides = Vec::new();
        for o in &file.overrides {
            overrides.push((
                matcher(&o.files).map_err(|m| (0..0, m, None))?,
                o.rules.clone(),
            ));
        }
        let mut vocab = Vocabulary::default();
        for h in &file.settings.credential_headers {
            let h = h.to_ascii_lowercase();
            if !vocab.credential_headers.contains(&h) {
                vocab.credential_headers.push(h);
            }
        }
        vocab.secret_words = file
            .settings
            .secret_names
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        for row in &file.settings.models {
            vocab
                .models
                .push(row.to_model().map_err(|m| (0..0, m, None))?);
        }
        let rule_settings = RuleSettings {
            loggers: file.settings.loggers.clone(),
            debug_routes: file.settings.debug_routes.clone(),
        };
        Ok(Config {
            path,
            base,
            file,
            ignore,
            tests,
            overrides,
            selection: Selection::default(),
            vocab,
            rule_settings,
        })
    }

    /// Whether the configuration's `ignore` globs exclude `abs` (an absolute path).
    pub fn ignores(&self, abs: &Path, is_dir: bool) -> bool {
        self.ignore.as_ref().is_some_and(|m| {
            abs.starts_with(self.base_abs())
                && m.matched_path_or_any_parents(abs, is_dir).is_ignore()
        })
    }

    fn base_abs(&self) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        crate::files::absolute(&self.base, &cwd)
    }

    /// The level of every id (rules and suppression diagnostics) for the file at `abs`.
    pub fn levels_for(&self, abs: &Path) -> BTreeMap<&'static str, Option<Severity>> {
        let mut levels: BTreeMap<&'static str, Option<Severity>> = RULES
            .iter()
            .map(|r| (r.meta().id, Some(r.meta().default_severity)))
            .chain(META_RULES.iter().map(|(id, sev)| (*id, Some(*sev))))
            .collect();
        let mut apply = |rules: &BTreeMap<String, Level>| {
            for (id, level) in rules {
                if let Some((k, _)) = levels.iter().find(|(k, _)| **k == id.as_str()) {
                    let k = *k;
                    levels.insert(k, level.severity());
                }
            }
        };
        apply(&self.file.rules);
        let base = self.base_abs();
        if self.is_test_code(abs) {
            let mut in_tests: BTreeMap<String, Level> = RULES
                .iter()
                .map(|r| (r.meta().id.to_string(), Level::Off))
                .collect();
            in_tests.extend(self.file.tests.rules.clone());
            apply(&in_tests);
        }
        for (matcher, rules) in &self.overrides {
            if abs.starts_with(&base) && matcher.matched_path_or_any_parents(abs, false).is_ignore()
            {
                apply(rules);
            }
        }
        let s = &self.selection;
        for (id, level) in levels.iter_mut() {
            let named = |list: &[String]| list.iter().any(|x| x == id);
            if !s.only.is_empty() && !named(&s.only) && !META_RULES.iter().any(|(m, _)| m == id) {
                *level = None;
            }
            // `--rule X` runs X even where the file turned it off.
            if named(&s.only) && level.is_none() {
                *level = RULES
                    .iter()
                    .find(|r| r.meta().id == *id)
                    .map(|r| r.meta().default_severity)
                    .or(META_RULES
                        .iter()
                        .find(|(m, _)| m == id)
                        .map(|(_, sev)| *sev));
            }
            if named(&s.warn) {
                *level = Some(Severity::Warning);
            }
            if named(&s.deny) {
                *level = Some(Severity::Error);
            }
            if named(&s.disable) {
                *level = None;
            }
        }
        levels
    }

    /// Whether `abs` (an absolute path) is test code by the `tests.files` globs.
    pub fn is_test_code(&self, abs: &Path) -> bool {
        // The matcher asserts that the path lies under its root: only absolute paths under a
        // known base are asked (an unknown working directory leaves the base empty).
        let base = self.base_abs();
        self.tests.as_ref().is_some_and(|m| {
            base.has_root()
                && abs.has_root()
                && abs.starts_with(&base)
                && m.matched_path_or_any_parents(abs, false).is_ignore()
        })
    }

    /// Checks command-line rule ids; returns the first unknown one with a suggestion.
    pub fn check_selection(&self) -> Result<(), String> {
        let s = &self.selection;
        for id in s
            .only
            .iter()
            .chain(&s.disable)
            .chain(&s.warn)
            .chain(&s.deny)
        {
            if !known_ids().contains(&id.as_str()) {
                return Err(format!(
                    "unknown rule '{id}'{}",
                    did_you_mean(id, &known_ids())
                ));
            }
        }
        Ok(())
    }
}

/// `koalint.json` in `cwd` or the nearest parent, not above the repository root.
pub fn find_file(cwd: &Path) -> Option<PathBuf> {
    for dir in cwd.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Parses and validates the text of a configuration file.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let json = strip_jsonc(text);
    let error =
        |range: std::ops::Range<usize>, message: String, help: Option<String>| ConfigError {
            path: path.to_path_buf(),
            text: Some(text.to_string()),
            range,
            message,
            help,
        };
    let file: ConfigFile = serde_json::from_str(&json).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let raw = e.to_string();
        let message = raw
            .rsplit_once(" at line ")
            .map_or(raw.as_str(), |(m, _)| m)
            .to_string();
        let help = suggestion_for(&message);
        // serde points after an unknown name: point at the quoted name itself.
        let range = message
            .split('`')
            .nth(1)
            .filter(|_| message.starts_with("unknown "))
            .and_then(|name| {
                let quoted = format!("\"{name}\"");
                let upto = (offset + 1).min(json.len());
                json[..upto].rfind(&quoted).map(|at| at..at + quoted.len())
            })
            .or_else(|| value_before(&json, offset, &message))
            .unwrap_or(offset..offset);
        error(range, message, help)
    })?;
    let known = known_ids();
    let all_rule_maps = [&file.rules, &file.tests.rules]
        .into_iter()
        .chain(file.overrides.iter().map(|o| &o.rules));
    for rules in all_rule_maps {
        for id in rules.keys() {
            if !known.contains(&id.as_str()) {
                let at = key_offset(&json, id).unwrap_or(0);
                let hint = did_you_mean(id, &known);
                return Err(error(
                    at..at + id.len() + 2,
                    format!("unknown rule id '{id}'"),
                    Some(if hint.is_empty() {
                        "`koalint rules` lists the rule ids".to_string()
                    } else {
                        hint.trim_start_matches("; ").to_string()
                    }),
                ));
            }
        }
    }
    let models_at = key_offset(&json, "models").unwrap_or(0);
    let rows = object_spans(&json, models_at);
    for (i, row) in file.settings.models.iter().enumerate() {
        if let Err(message) = row.to_model() {
            // Point at what is wrong, in this row's own object: its package or its path.
            let package_error = row.package.trim().is_empty()
                || row.package.starts_with('.')
                || row.package.starts_with('/');
            let key = if package_error || row.path.is_empty() {
                "package"
            } else {
                "path"
            };
            let range = rows
                .get(i)
                .and_then(|span| {
                    let within = &json[span.clone()];
                    let at = key_offset(within, key)?;
                    let after = &within[at + key.len() + 2..];
                    let colon = after.find(':')?;
                    let value = after[colon + 1..].trim_start();
                    let start = span.start + (within.len() - value.len());
                    let end = if value.starts_with('"') {
                        string_end(json.as_bytes(), start).min(span.end)
                    } else {
                        start + 1
                    };
                    Some(start..end)
                })
                .unwrap_or(models_at..models_at + 8);
            return Err(error(
                range,
                message,
                Some("see `settings.models` in the README for the row format".into()),
            ));
        }
    }
    Ok(file)
}

/// The byte spans of the objects of the array that follows `from` (the `models` key): `{…}`
/// matched with strings and their escapes skipped.
fn object_spans(json: &str, from: usize) -> Vec<std::ops::Range<usize>> {
    let bytes = json.as_bytes();
    let Some(open) = json[from..].find('[').map(|i| from + i) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(start..i + 1);
                }
            }
            b']' if depth == 0 => break,
            _ => {}
        }
    }
    out
}

/// A "did you mean" for serde's unknown-field and unknown-variant messages.
fn suggestion_for(message: &str) -> Option<String> {
    if !message.starts_with("unknown ") {
        return None;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (found, expected) = quoted.split_first()?;
    nearest(found, expected).map(|best| format!("did you mean `{best}`?"))
}

/// serde reports a wrong type after the value: the value starts after the last `:` (or `[`, `,`)
/// before that point.
fn value_before(json: &str, offset: usize, message: &str) -> Option<std::ops::Range<usize>> {
    if !(message.starts_with("invalid type") || message.starts_with("invalid value")) {
        return None;
    }
    let end = offset.min(json.len());
    let colon = json[..end].rfind(':')?;
    let after = &json[colon + 1..];
    let start = colon + 1 + after.len() - after.trim_start().len();
    Some(start..end.max(start + 1).min(json.len()))
}

/// "; did you mean 'x'?" for the nearest of `known`, or "".
pub fn did_you_mean(id: &str, known: &[&str]) -> String {
    nearest(id, known)
        .map(|k| format!("; did you mean '{k}'?"))
        .unwrap_or_default()
}

/// The candidate within three edits of `name`, the nearest first.
fn nearest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .copied()
        .min_by_key(|c| edit_distance(name, c))
        .filter(|c| edit_distance(name, c) <= 3)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Where `"key"` stands as an object key.
fn key_offset(json: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = json[from..].find(&quoted) {
        let at = from + i;
        if json[at + quoted.len()..].trim_start().starts_with(':') {
            return Some(at);
        }
        from = at + quoted.len();
    }
    None
}

/// Blanks out comments and trailing commas, keeping every other byte (and every newline) where
/// it was, so that positions in the result are positions in the file.
pub fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    // A byte-order mark (Windows editors write one) becomes three spaces.
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        out[..3].copy_from_slice(b"   ");
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                let end = (i + 2).min(b.len());
                for c in &mut out[start..end] {
                    if *c != b'\n' {
                        *c = b' ';
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Trailing commas: a comma whose next non-blank byte closes an object or array.
    let mut i = 0;
    while i < out.len() {
        match out[i] {
            b'"' => {
                i = string_end(&out, i);
                continue;
            }
            b',' => {
                let next = out[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                if matches!(next, Some(b'}' | b']')) {
                    out[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced, and only with spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The index just past the JSON string that starts at `start` (escapes skipped).
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i + 1
}

/// The JSON Schema of `koalint.json`, as committed in `koalint.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The commented starter file `koalint init` writes.
pub fn starter() -> String {
    let rules: Vec<String> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            format!(
                "    // {}\n    \"{}\": \"{}\",",
                m.summary,
                m.id,
                match m.default_severity {
                    Severity::Error => "error",
                    Severity::Warning => "warn",
                }
            )
        })
        .collect();
    format!(
        r#"// koalint configuration. JSON with comments; trailing commas are fine.
// Every key is optional: delete what you do not change.
{{
  "$schema": "./koalint.schema.json",
  // Rule levels: "off", "warn" or "error".
  "rules": {{
{}
  }},
  "settings": {{
    // Extra request headers that carry credentials (case-insensitive).
    "credentialHeaders": [],
    // Extra words that make a name a secret ("pin" makes `cardPin` one).
    "secretNames": [],
    // Extra receiver names that are loggers ("audit" makes `audit.info(…)` a logging call).
    "loggers": [],
    // Extra route prefixes treated as debug routes.
    "debugRoutes": [],
  }},
  // Files not to lint (gitignore-style, relative to this file).
  "ignore": [],
  // Test code: no rule reports there unless turned on here. "files" replaces the built-in
  // globs (test/, tests/, __tests__/, __mocks__/, spec/, *.test.*, *.spec.*); [] lints tests
  // as application code.
  "tests": {{
    "rules": {{}},
  }},
  // Levels for some files; later entries win, and win over "tests". For example:
  //   {{ "files": ["scripts/**"], "rules": {{ "header-logging": "off" }} }}
  "overrides": [],
}}
"#,
        rules.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_are_blanked_in_place() {
        let text = "{ // c\n  \"a\": [1, 2,], /* x\n y */ \"b\": \"//not\",\n}";
        let json = strip_jsonc(text);
        assert_eq!(json.len(), text.len());
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["b"], "//not");
        assert_eq!(json.lines().count(), text.lines().count());
    }

    #[test]
    fn unknown_keys_and_levels_point_into_the_file_with_a_suggestion() {
        let text = "{\n  \"rulez\": {}\n}\n";
        let e = parse(Path::new("koalint.json"), text).unwrap_err();
        assert!(e.message.contains("unknown field `rulez`"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean `rules`?"));
        assert!(text[..e.range.start].contains('\n'), "points at line 2");

        let text = "{ \"rules\": { \"header-logging\": \"warning\" } }";
        let e = parse(Path::new("koalint.json"), text).unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `warn`?"));

        let text = "{ \"rules\": { \"header-loging\": \"warn\" } }";
        let e = parse(Path::new("koalint.json"), text).unwrap_err();
        assert_eq!(e.message, "unknown rule id 'header-loging'");
        assert_eq!(&text[e.range.clone()], "\"header-loging\"");
        assert_eq!(e.help.as_deref(), Some("did you mean 'header-logging'?"));
    }

    #[test]
    fn the_starter_file_is_a_valid_configuration() {
        let file = parse(Path::new("koalint.json"), &starter()).expect("starter parses");
        assert_eq!(file.rules.len(), RULES.len());
    }
}

#[cfg(test)]
mod schema_tests {
    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let committed = include_str!("koalint.schema.json");
        assert!(
            committed == super::schema_json(),
            "src/koalint.schema.json is stale: run `cargo run -- schema > src/koalint.schema.json`"
        );
    }
}
