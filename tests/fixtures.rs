//! Lints every fixture under `testdata/rules/<rule-id>/` and checks that the set of
//! `(line, rule)` it reports equals the `// expect: <rule-id>` annotations exactly (each
//! annotation names the line below it). `// ok:` lines document look-alikes; exact equality is
//! what asserts them silent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use koalint::engine::Linter;
use koalint::rules::RULES;

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules")
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable fixture folder") {
            let path = entry.expect("fixture entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if koalint::parse::is_lintable(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `(kind, line it applies to, rule)` for every annotation in `text`.
fn annotations(text: &str) -> Vec<(&'static str, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("//") else {
            continue;
        };
        let rest = rest.trim_start();
        for kind in ["expect", "ok"] {
            if let Some(ids) = rest.strip_prefix(kind).and_then(|r| r.strip_prefix(':')) {
                let ids = ids.split("--").next().unwrap_or("");
                for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    out.push((kind, i + 2, id.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_fixture_reports_exactly_its_expect_annotations() {
    let linter = Linter::default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in fixture_files(&fixture_root()) {
        let bytes = std::fs::read(&path).expect("readable fixture");
        let text = String::from_utf8_lossy(&bytes);
        let display = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path);
        let display = display.to_string_lossy();
        let report = linter.lint_bytes(&display, &path, &bytes);
        let expected: BTreeSet<(usize, String)> = annotations(&text)
            .into_iter()
            .filter(|(kind, _, _)| *kind == "expect")
            .map(|(_, line, id)| (line, id))
            .collect();
        let reported: BTreeSet<(usize, String)> = report
            .diagnostics
            .iter()
            .map(|d| (d.primary.start.line as usize, d.rule.to_string()))
            .collect();
        for (line, rule) in expected.difference(&reported) {
            failures.push(format!("{display}:{line}: expected {rule}, not reported"));
        }
        for d in &report.diagnostics {
            let key = (d.primary.start.line as usize, d.rule.to_string());
            if !expected.contains(&key) {
                failures.push(format!(
                    "{display}:{}:{}: unexpected {}: {}",
                    d.primary.start.line, d.primary.start.column, d.rule, d.message
                ));
            }
        }
        checked += 1;
    }
    assert!(
        checked > 0,
        "no fixtures found under {}",
        fixture_root().display()
    );
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_fixtures_with_as_many_look_alikes_as_hits() {
    for rule in RULES {
        let id = rule.meta().id;
        let dir = fixture_root().join(id);
        let files = fixture_files(&dir);
        assert!(
            !files.is_empty(),
            "rule {id} has no fixtures in {}",
            dir.display()
        );
        let (mut hits, mut oks) = (0, 0);
        let mut has_js = false;
        let mut has_ts = false;
        for f in &files {
            let text = std::fs::read_to_string(f).expect("UTF-8 fixture");
            for (kind, _, rule) in annotations(&text) {
                if rule == id {
                    if kind == "expect" {
                        hits += 1
                    } else {
                        oks += 1
                    }
                }
            }
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            has_ts |= ext.contains("ts");
            has_js |= ext.contains("js");
        }
        assert!(
            hits >= 20,
            "rule {id}: only {hits} expected hits in its fixtures"
        );
        assert!(
            oks >= hits,
            "rule {id}: {hits} hits but only {oks} look-alikes"
        );
        assert!(
            has_js && has_ts,
            "rule {id}: fixtures need both JS and TS files"
        );
    }
}

#[test]
fn annotations_name_known_rules() {
    let known: BTreeSet<&str> = RULES.iter().map(|r| r.meta().id).collect();
    for path in fixture_files(&fixture_root()) {
        let text = std::fs::read_to_string(&path).expect("UTF-8 fixture");
        for (_, line, id) in annotations(&text) {
            assert!(
                known.contains(id.as_str()),
                "{}:{}: annotation names unknown rule {id}",
                path.display(),
                line - 1
            );
        }
    }
}
