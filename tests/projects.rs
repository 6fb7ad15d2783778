//! Whole projects under `testdata/projects/<name>/` whose findings hinge on other functions and
//! other files (a config module, a logger module, helpers, framework controllers). Every file's
//! `// expect: <rule-id>` and `// ok: <rule-id>` annotations (on the line above) are checked as
//! in `tests/fixtures.rs`, three ways that must agree:
//! - the whole project linted at once, on one thread and on two;
//! - each file linted alone (its imports resolved from disk, as an editor buffer's are).
//!
//! A project with an `EXPECTED.md` instead of annotations is checked by the CLI tests.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use koalint::config::Config;
use koalint::engine::{FileReport, Linter};

fn projects() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("testdata/projects")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.join("EXPECTED.md").exists())
        .collect();
    out.sort();
    out
}

/// `(line, rule)` of every `expect` annotation in `text` (the line below the comment).
fn expected(text: &str) -> BTreeSet<(u32, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("//") else {
            continue;
        };
        if let Some(ids) = rest.trim_start().strip_prefix("expect:") {
            let ids = ids.split("--").next().unwrap_or("");
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                out.insert((i as u32 + 2, id.to_string()));
            }
        }
    }
    out
}

fn reported(report: &FileReport) -> BTreeSet<(u32, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.primary.start.line, d.rule.to_string()))
        .collect()
}

fn compare(
    what: &str,
    file: &str,
    want: &BTreeSet<(u32, String)>,
    got: &BTreeSet<(u32, String)>,
    failures: &mut Vec<String>,
) {
    for (line, rule) in want.difference(got) {
        failures.push(format!(
            "{what}: {file}:{line}: expected {rule}, not reported"
        ));
    }
    for (line, rule) in got.difference(want) {
        failures.push(format!("{what}: {file}:{line}: unexpected {rule}"));
    }
}

#[test]
fn projects_report_exactly_their_annotations_whole_or_file_by_file() {
    let mut failures = Vec::new();
    let mut files_checked = 0;
    let all = projects();
    assert!(
        all.len() >= 5,
        "expected the framework projects, found {all:?}"
    );
    for project in all {
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        let files = koalint::files::collect(std::slice::from_ref(&project), &project, None)
            .expect("walk the project");
        assert!(files.len() >= 2, "{name}: a project has several files");
        let linter = Linter::new(Config::defaults(&project), project.clone());
        let one = linter.lint_files(&files, 1).expect("lint on one thread");
        let two = linter.lint_files(&files, 2).expect("lint on two threads");
        assert_eq!(
            format!("{one:?}"),
            format!("{two:?}"),
            "{name}: one and two threads differ"
        );
        let mut expected_somewhere = 0;
        for entry in &files {
            let report = one
                .iter()
                .find(|r| r.path == entry.display)
                .expect("a report per file");
            let text = std::fs::read_to_string(&entry.path).expect("UTF-8 fixture");
            let want = expected(&text);
            expected_somewhere += want.len();
            let file = format!("{name}/{}", entry.display);
            compare(
                "whole project",
                &file,
                &want,
                &reported(report),
                &mut failures,
            );
            let alone = linter.lint_bytes(&entry.display, &entry.path, text.as_bytes());
            compare("file alone", &file, &want, &reported(&alone), &mut failures);
            files_checked += 1;
        }
        assert!(expected_somewhere > 0, "{name}: no expect annotations");
    }
    assert!(files_checked > 0);
    assert!(
        failures.is_empty(),
        "project mismatches:\n{}",
        failures.join("\n")
    );
}

/// A finding that hinges on another file names that file and line: in a label of the pretty
/// and compact outputs' message, as a SARIF related location and in the JSON `related` list.
#[test]
fn cross_file_findings_link_the_other_file_in_sarif_and_json() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects/koa-modules-app");
    let settings = std::fs::read_to_string(project.join("lib/settings.js")).expect("settings");
    let line = settings
        .lines()
        .position(|l| l.contains("current:"))
        .expect("the literal's line") as u64
        + 1;
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_koalint"))
            .args(["check", "--no-config", "--format", format, "app.js"])
            .current_dir(&project)
            .output()
            .expect("run koalint");
        assert_eq!(out.status.code(), Some(1), "findings expected");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON output")
    };
    let sarif = run("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let secret = results
        .iter()
        .find(|r| r["ruleId"] == "hardcoded-secret")
        .expect("the imported literal at app.keys");
    let linked = secret["relatedLocations"]
        .as_array()
        .expect("related locations")
        .iter()
        .any(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"] == "lib/settings.js"
                && l["physicalLocation"]["region"]["startLine"] == line
        });
    assert!(linked, "{secret:#}");
    let json = run("json");
    let related = json[0]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["ruleId"] == "hardcoded-secret")
        .map(|m| m["related"].clone())
        .expect("the finding");
    assert_eq!(related[0]["filePath"], "lib/settings.js");
    assert_eq!(related[0]["line"], line);
    // The secret's value is not in the output, only its first characters.
    assert!(
        !serde_json::to_string(&json)
            .unwrap()
            .contains("autumn-2026-cookie")
    );
}
