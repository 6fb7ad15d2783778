//! `koalint baseline` and `check --baseline`: only new findings are reported, moved and shifted
//! findings stay baselined, disappeared ones are listed and pruned, and no source text is kept.

mod common;

use std::fs;
use std::path::Path;

use common::{koalint, stderr, stdout, tree};
use serde_json::Value;

const APP: &str = "const https = require('https');\n\
function a() {\n  https.request({ rejectUnauthorized: false });\n}\n\
function b() {\n  https.get({ rejectUnauthorized: 0 });\n}\n";

const LOG: &str = "const Koa = require('koa');\nconst app = new Koa();\n\
app.use(async (ctx, next) => {\n  console.log(ctx.headers);\n  await next();\n});\n";

fn project() -> tempfile::TempDir {
    tree(&[
        ("src/app.js", APP.as_bytes()),
        ("src/log.js", LOG.as_bytes()),
    ])
}

fn compact_lines(out: &std::process::Output) -> Vec<String> {
    stdout(out).lines().map(str::to_string).collect()
}

fn baseline_json(dir: &Path) -> Value {
    let text = fs::read_to_string(dir.join("koalint-baseline.json")).expect("baseline written");
    serde_json::from_str(&text).expect("baseline is JSON")
}

#[test]
fn a_baselined_codebase_checks_clean_and_says_how_many_were_baselined() {
    let dir = project();
    let before = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(compact_lines(&before).len(), 3, "{}", stdout(&before));

    let out = koalint(dir.path(), &["baseline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 findings in 2 files"),
        "{}",
        stderr(&out)
    );
    let json = baseline_json(dir.path());
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["files"]["src/app.js"]["tls-verification-disabled"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        json["files"]["src/log.js"]["header-logging"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "koalint-baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("3 findings baselined in koalint-baseline.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn moving_code_and_adding_lines_above_keeps_findings_baselined_and_a_new_one_is_reported() {
    let dir = project();
    assert_eq!(koalint(dir.path(), &["baseline"]).status.code(), Some(0));
    // b() moved above a(), lines added at the top and between, indentation changed; and one
    // new finding at the end.
    let edited = "// header\n'use strict';\n\nconst https = require('https');\n\
function b() {\n\n\n    https.get({ rejectUnauthorized: 0 });\n}\n\
function a() {\n  https.request({ rejectUnauthorized: false });\n}\n\
https.request({ rejectUnauthorized: null });\n";
    fs::write(dir.path().join("src/app.js"), edited).expect("write");
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "koalint-baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = compact_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("src/app.js:13:"), "{lines:?}");
    assert!(
        stderr(&out).contains("3 findings baselined"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("no longer occur"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_second_copy_of_a_baselined_line_is_new() {
    let dir = tree(&[(
        "a.js",
        b"const https = require('https');\nhttps.request({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(koalint(dir.path(), &["baseline"]).status.code(), Some(0));
    fs::write(
        dir.path().join("a.js"),
        "const https = require('https');\nhttps.request({ rejectUnauthorized: false });\nhttps.request({ rejectUnauthorized: false });\n",
    )
    .expect("write");
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "koalint-baseline.json",
        ],
    );
    assert_eq!(compact_lines(&out).len(), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("1 finding baselined"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn disappeared_findings_are_listed_and_prune_removes_them() {
    let dir = project();
    assert_eq!(koalint(dir.path(), &["baseline"]).status.code(), Some(0));
    // One finding fixed in app.js; log.js deleted.
    fs::write(
        dir.path().join("src/app.js"),
        APP.replace("rejectUnauthorized: 0", "rejectUnauthorized: true"),
    )
    .expect("write");
    fs::remove_file(dir.path().join("src/log.js")).expect("rm");
    let out = koalint(
        dir.path(),
        &["check", "--baseline", "koalint-baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("1 finding baselined"), "{err}");
    assert!(
        err.contains("2 findings in the baseline no longer occur"),
        "{err}"
    );
    assert!(
        err.contains("src/app.js: tls-verification-disabled ×1"),
        "{err}"
    );
    assert!(err.contains("src/log.js: header-logging ×1"), "{err}");
    assert!(err.contains("koalint baseline --prune"), "{err}");

    let out = koalint(dir.path(), &["baseline", "--prune"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 2 entries"),
        "{}",
        stderr(&out)
    );
    let json = baseline_json(dir.path());
    assert!(json["files"].get("src/log.js").is_none(), "{json}");
    assert_eq!(
        json["files"]["src/app.js"]["tls-verification-disabled"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let out = koalint(
        dir.path(),
        &["check", "--baseline", "koalint-baseline.json"],
    );
    assert!(
        !stderr(&out).contains("no longer occur"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn prune_adds_no_new_finding() {
    let dir = project();
    assert_eq!(koalint(dir.path(), &["baseline"]).status.code(), Some(0));
    let before = baseline_json(dir.path());
    fs::write(
        dir.path().join("src/new.js"),
        "const https = require('https');\nhttps.request({ rejectUnauthorized: false });\n",
    )
    .expect("write");
    assert_eq!(
        koalint(dir.path(), &["baseline", "--prune"]).status.code(),
        Some(0)
    );
    assert_eq!(baseline_json(dir.path()), before);
}

#[test]
fn the_baseline_holds_no_source_text_and_paths_are_relative_to_its_folder() {
    let secret_line = "const apiKey = 'sk_live_0123456789abcdef';";
    let src = format!(
        "const Koa = require('koa');\nconst app = new Koa();\n{secret_line}\napp.use(async (ctx) => {{ console.log(apiKey, ctx.headers); }});\n"
    );
    let dir = tree(&[("svc/src/a.js", src.as_bytes())]);
    let out = koalint(
        dir.path(),
        &["baseline", "--baseline", "svc/koalint-baseline.json", "svc"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("svc/koalint-baseline.json")).expect("written");
    assert!(text.contains("\"src/a.js\""), "{text}");
    assert!(text.contains("header-logging"), "{text}");
    assert!(!text.contains("sk_live"), "{text}");
    assert!(!text.contains("console.log"), "{text}");
    // The same baseline from inside the folder.
    let out = koalint(
        &dir.path().join("svc"),
        &["check", "--baseline", "koalint-baseline.json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{} {}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_missing_or_broken_baseline_is_a_usage_error() {
    let dir = project();
    let out = koalint(dir.path(), &["check", "--baseline", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.json"), "{}", stderr(&out));
    fs::write(dir.path().join("bad.json"), "{\"files\": 3}").expect("write");
    let out = koalint(dir.path(), &["check", "--baseline", "bad.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a koalint baseline"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn parse_errors_are_never_baselined() {
    let dir = tree(&[("a.js", b"const = ;\n")]);
    let out = koalint(dir.path(), &["baseline"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("never baselined"), "{}", stderr(&out));
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "koalint-baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("[parse-error]"), "{}", stdout(&out));
}

#[test]
fn the_baseline_file_is_identical_whatever_the_thread_count() {
    let dir = project();
    koalint(dir.path(), &["baseline", "--threads", "1"]);
    let one = fs::read(dir.path().join("koalint-baseline.json")).expect("one");
    koalint(dir.path(), &["baseline", "--threads", "2"]);
    let two = fs::read(dir.path().join("koalint-baseline.json")).expect("two");
    assert_eq!(one, two);
}
