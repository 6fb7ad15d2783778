//! The baseline: per file and rule, the fingerprints of the findings a codebase had when it
//! adopted koalint, so that `check --baseline` reports only new ones.
//!
//! Paths are relative to the baseline file's folder (so the file works from any working
//! directory); fingerprints come from `report::fingerprint` and never hold source text. A
//! fingerprint matches at most one finding, so a second copy of a baselined line is new.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::{FileReport, INTERNAL_ERROR, IO_ERROR, PARSE_ERROR};
use crate::files;
use crate::report::fingerprint;

pub const DEFAULT_FILE: &str = "koalint-baseline.json";

/// file → rule id → fingerprints (sorted).
pub type Entries = BTreeMap<String, BTreeMap<String, Vec<String>>>;

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version of this file.
    pub version: u32,
    pub files: Entries,
}

/// What applying a baseline to a run did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings the baseline listed, removed from the reports.
    pub baselined: usize,
    /// Baselined findings that no longer occur: (file, rule, how many).
    pub stale: Vec<(String, String, usize)>,
}

/// Where a baseline lives and what its paths are relative to.
pub struct Place {
    /// The run's working directory (report paths are relative to it).
    pub cwd: PathBuf,
    /// The baseline file's folder.
    pub dir: PathBuf,
}

impl Place {
    pub fn new(file: &Path, cwd: &Path) -> Place {
        let abs = files::absolute(file, cwd);
        let dir = abs
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        Place {
            cwd: cwd.to_path_buf(),
            dir,
        }
    }

    /// A report's path as the baseline names it.
    fn key(&self, report_path: &str) -> String {
        let abs = files::absolute(Path::new(report_path), &self.cwd);
        files::display_path(&abs, &self.dir)
    }

    fn exists(&self, key: &str) -> bool {
        files::absolute(Path::new(key), &self.dir).exists()
    }
}

/// Engine diagnostics about the run on a file are never baselined: they are always shown.
fn baselinable(rule: &str) -> bool {
    rule != PARSE_ERROR && rule != IO_ERROR && rule != INTERNAL_ERROR
}

impl Baseline {
    pub const VERSION: u32 = 1;

    /// Today's findings of `reports`.
    pub fn of(reports: &[FileReport], place: &Place) -> Baseline {
        let mut files = Entries::new();
        for r in reports {
            let fps = fingerprint::of_report(r);
            for (d, fp) in r.diagnostics.iter().zip(fps) {
                if !baselinable(d.rule) {
                    continue;
                }
                files
                    .entry(place.key(&r.path))
                    .or_default()
                    .entry(d.rule.to_string())
                    .or_default()
                    .push(fp);
            }
        }
        for rules in files.values_mut() {
            for fps in rules.values_mut() {
                fps.sort();
            }
        }
        Baseline {
            version: Self::VERSION,
            files,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("not a koalint baseline file: {e}"))?;
        if baseline.version != Self::VERSION {
            return Err(format!(
                "baseline version {} is not supported (this koalint writes version {})",
                baseline.version,
                Self::VERSION
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn count(&self) -> usize {
        self.files
            .values()
            .flat_map(|rules| rules.values())
            .map(Vec::len)
            .sum()
    }

    /// Removes from `reports` the findings this baseline lists, and finds the listed findings
    /// that no longer occur in the files of this run (or whose file is gone).
    pub fn apply(&self, reports: &mut [FileReport], place: &Place) -> Applied {
        let mut applied = Applied::default();
        let mut seen_files = std::collections::BTreeSet::new();
        for r in reports.iter_mut() {
            let key = place.key(&r.path);
            let listed = self.files.get(&key);
            seen_files.insert(key.clone());
            let fps = fingerprint::of_report(r);
            let mut left: BTreeMap<&str, Vec<&str>> = listed
                .map(|rules| {
                    rules
                        .iter()
                        .map(|(rule, fps)| {
                            (rule.as_str(), fps.iter().map(String::as_str).collect())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut keep = Vec::with_capacity(r.diagnostics.len());
            for (d, fp) in r.diagnostics.drain(..).zip(fps) {
                let matched = baselinable(d.rule)
                    && left.get_mut(d.rule).is_some_and(|fps| {
                        fps.iter()
                            .position(|f| *f == fp)
                            .map(|i| fps.swap_remove(i))
                            .is_some()
                    });
                if matched {
                    applied.baselined += 1;
                } else {
                    keep.push(d);
                }
            }
            r.diagnostics = keep;
            for (rule, fps) in left {
                if !fps.is_empty() {
                    applied
                        .stale
                        .push((key.clone(), rule.to_string(), fps.len()));
                }
            }
        }
        for (file, rules) in &self.files {
            if !seen_files.contains(file) && !place.exists(file) {
                for (rule, fps) in rules {
                    applied.stale.push((file.clone(), rule.clone(), fps.len()));
                }
            }
        }
        applied.stale.sort();
        applied
    }

    /// This baseline without the entries that `current` (a baseline of a new run over
    /// `linted` files) no longer has; files outside the run are kept while they exist.
    pub fn pruned(&self, current: &Baseline, linted: &[String], place: &Place) -> Baseline {
        let mut files = Entries::new();
        for (file, rules) in &self.files {
            let in_run = linted.contains(file);
            if !in_run {
                if place.exists(file) {
                    files.insert(file.clone(), rules.clone());
                }
                continue;
            }
            for (rule, fps) in rules {
                let mut now: Vec<&String> = current
                    .files
                    .get(file)
                    .and_then(|r| r.get(rule))
                    .map(|v| v.iter().collect())
                    .unwrap_or_default();
                let kept: Vec<String> = fps
                    .iter()
                    .filter(|fp| match now.iter().position(|n| n == fp) {
                        Some(i) => {
                            now.swap_remove(i);
                            true
                        }
                        None => false,
                    })
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    files
                        .entry(file.clone())
                        .or_default()
                        .insert(rule.clone(), kept);
                }
            }
        }
        Baseline {
            version: Self::VERSION,
            files,
        }
    }

    /// The baseline's names for the files of `reports`.
    pub fn keys(reports: &[FileReport], place: &Place) -> Vec<String> {
        reports.iter().map(|r| place.key(&r.path)).collect()
    }
}
