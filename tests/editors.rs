//! The compact format in editors: real Vim reads it (`:cgetfile` with the default
//! `errorformat`, and `:make` with the README's settings), and VS Code's `$gcc` problem-matcher
//! pattern (the README's task uses the same one) matches every line.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{BIN, external_tool, koalint, manifest_dir, stderr, stdout, tree};
use regex_automata::meta::Regex;
use serde_json::Value;

/// The `$gcc` pattern as Microsoft's C/C++ extension contributes it (vscode-cpptools,
/// `Extension/package.json`, `problemMatchers[name=gcc].pattern.regexp`).
const VSCODE_GCC: &str = r"^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$";

const WARN_CONFIG: &[u8] = br#"{ "rules": { "header-logging": "warn" } }"#;
const LOGS_HEADERS: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx, next) => {\n  console.log(ctx.headers);\n  await next();\n});\n";

/// An ASCII project (Vim counts bytes, we count UTF-16 units: they agree on ASCII) with errors
/// and a warning in several files.
fn project() -> tempfile::TempDir {
    let demo = manifest_dir().join("testdata/projects/mtls-api/src");
    let read = |rel: &str| fs::read(demo.join(rel)).expect("demo file");
    let (db, server, upstream, debug) = (
        read("db.js"),
        read("server.js"),
        read("upstream.js"),
        read("routes/debug.js"),
    );
    for text in [&db, &server, &upstream, &debug] {
        assert!(text.is_ascii(), "the Vim fixture must be ASCII");
    }
    tree(&[
        ("koalint.json", WARN_CONFIG),
        ("src/db.js", &db),
        ("src/server.js", &server),
        ("src/upstream.js", &upstream),
        ("src/routes/debug.js", &debug),
        ("src/log.js", LOGS_HEADERS),
    ])
}

/// One expected quickfix entry, from the JSON report (not from the compact text).
#[derive(Debug, PartialEq)]
struct Entry {
    file: String,
    line: u64,
    column: u64,
    severity: &'static str,
    message: String,
    rule: String,
}

fn expected(dir: &Path) -> Vec<Entry> {
    let out = koalint(dir, &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("json");
    let mut entries = Vec::new();
    for file in json.as_array().expect("files") {
        for m in file["messages"].as_array().expect("messages") {
            entries.push(Entry {
                file: file["filePath"].as_str().expect("path").to_string(),
                line: m["line"].as_u64().expect("line"),
                column: m["column"].as_u64().expect("column"),
                severity: if m["severity"] == 2 {
                    "error"
                } else {
                    "warning"
                },
                message: m["message"].as_str().expect("message").to_string(),
                rule: m["ruleId"].as_str().expect("rule").to_string(),
            });
        }
    }
    assert!(entries.len() >= 5, "{entries:?}");
    assert!(entries.iter().any(|e| e.severity == "warning"));
    entries
}

/// The README's fenced block of `lang` that contains `needle`.
fn readme_block(lang: &str, needle: &str) -> String {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).expect("README");
    let fence = format!("```{lang}\n");
    readme
        .split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(block, _)| block.to_string()))
        .find(|block| block.contains(needle))
        .unwrap_or_else(|| panic!("README has no ```{lang} block with {needle}"))
}

/// Runs Vim headless in `dir` with `commands` (Ex lines), then writes the quickfix list as
/// JSON; returns its entries.
fn vim_quickfix(dir: &Path, commands: &str) -> Vec<Value> {
    let script = format!(
        "{commands}\n\
         let s:qf = map(getqflist(), {{_, e -> {{'file': bufname(e.bufnr), 'lnum': e.lnum, 'col': e.col, 'vcol': e.vcol, 'type': e.type, 'text': e.text, 'valid': e.valid}}}})\n\
         call writefile([json_encode(s:qf)], 'qf.json')\n\
         qall!\n"
    );
    fs::write(dir.join("qf.vim"), script).expect("write script");
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("vim")
        .args(["-N", "-u", "NONE", "-i", "NONE", "-n", "-es"])
        .args(["--cmd", "set encoding=utf-8"])
        .args(["-c", "source qf.vim"])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("vim runs");
    let text = fs::read_to_string(dir.join("qf.json")).unwrap_or_else(|_| {
        panic!(
            "Vim wrote no quickfix list: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let json: Value = serde_json::from_str(&text).expect("qf.json");
    json.as_array().expect("list").clone()
}

#[test]
fn vim_reads_the_compact_report_with_its_default_errorformat() {
    let Some(version) = external_tool("vim", &["--version"], "apt-get install vim") else {
        return;
    };
    eprintln!("{version}");
    let dir = project();
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    fs::write(dir.path().join("report.txt"), &out.stdout).expect("write report");
    let qf = vim_quickfix(dir.path(), "cgetfile report.txt");
    let want = expected(dir.path());
    assert_eq!(qf.len(), want.len(), "{qf:?}");
    for (entry, e) in qf.iter().zip(&want) {
        assert_eq!(entry["valid"], 1, "{entry}");
        assert_eq!(entry["file"], e.file.as_str(), "{entry}");
        assert_eq!(entry["lnum"], e.line, "{entry}");
        assert_eq!(entry["col"], e.column, "{entry}");
        assert_eq!(entry["vcol"], 0, "a byte column, not a screen column");
        // `%f:%l:%c:%m`: the text is everything after the column's colon.
        let text = format!(" {}: {} [{}]", e.severity, e.message, e.rule);
        assert_eq!(entry["text"], text.as_str(), "{entry}");
    }
}

#[test]
fn vim_make_with_the_readme_settings_fills_the_quickfix_list_with_types() {
    let Some(_) = external_tool("vim", &["--version"], "apt-get install vim") else {
        return;
    };
    let settings = readme_block("vim", "set makeprg=");
    assert!(settings.contains("set errorformat="), "{settings}");
    let dir = project();
    let qf = vim_quickfix(dir.path(), &format!("{settings}\nsilent make!"));
    let want = expected(dir.path());
    // `%-G%.%#` drops the summary line koalint writes on stderr.
    assert_eq!(qf.len(), want.len(), "{qf:?}");
    for (entry, e) in qf.iter().zip(&want) {
        assert_eq!(entry["valid"], 1, "{entry}");
        assert_eq!(entry["file"], e.file.as_str(), "{entry}");
        assert_eq!(entry["lnum"], e.line, "{entry}");
        assert_eq!(entry["col"], e.column, "{entry}");
        // `%t` keeps the letter's case; Vim shows 'e'/'E' as "error" and 'w'/'W' as "warning".
        let kind = if e.severity == "error" { "e" } else { "w" };
        assert_eq!(entry["type"], kind, "{entry}");
        assert_eq!(
            entry["text"],
            format!("{} [{}]", e.message, e.rule).as_str(),
            "{entry}"
        );
    }
}

/// Applies a problem-matcher pattern to each line: (file, line, column, severity, message).
fn matched(pattern: &str, report: &str) -> Vec<(String, u64, u64, String, String)> {
    let re = Regex::new(pattern).expect("the pattern compiles");
    report
        .lines()
        .map(|line| {
            let mut caps = re.create_captures();
            re.captures(line, &mut caps);
            assert!(caps.is_match(), "not matched: {line}");
            let group = |i: usize| {
                caps.get_group(i)
                    .map_or("", |s| &line[s.range()])
                    .to_string()
            };
            (
                group(1),
                group(2).parse().expect("line"),
                group(3).parse().expect("column"),
                group(4),
                group(5),
            )
        })
        .collect()
}

#[test]
fn vscode_gcc_problem_matcher_pattern_reads_every_compact_line() {
    let dir = project();
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    let want: Vec<(String, u64, u64, String, String)> = expected(dir.path())
        .into_iter()
        .map(|e| {
            (
                e.file,
                e.line,
                e.column,
                e.severity.to_string(),
                format!("{} [{}]", e.message, e.rule),
            )
        })
        .collect();
    assert_eq!(matched(VSCODE_GCC, &stdout(&out)), want);

    // The README's task uses this very pattern, with the groups in this order.
    let task: Value =
        serde_json::from_str(&readme_block("json", "\"problemMatcher\"")).expect("tasks.json");
    let matcher = &task["tasks"][0]["problemMatcher"];
    assert_eq!(matcher["pattern"]["regexp"], VSCODE_GCC);
    for (key, group) in [
        ("file", 1),
        ("line", 2),
        ("column", 3),
        ("severity", 4),
        ("message", 5),
    ] {
        assert_eq!(matcher["pattern"][key], group, "{key}");
    }
    assert_eq!(
        task["tasks"][0]["command"],
        "koalint check --format compact"
    );
}

#[test]
fn a_path_with_colons_still_matches_the_gcc_pattern() {
    // `(.*?)` is lazy: a colon inside the path must not end the file name early when the rest
    // of the line still matches.
    let dir = tree(&[("src/a:b.js", common::INSECURE)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    let got = matched(VSCODE_GCC, &stdout(&out));
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].0.as_str(), got[0].1, got[0].2),
        ("src/a:b.js", 2, 17)
    );
}
