//! End-to-end: the real binary on real trees — exit codes, every format, broken files beside
//! good ones, excludes and explicit paths, positions, and thread-count independence.

mod common;

use std::fs;
use std::path::Path;

use common::{INSECURE, koalint, stderr, stdout, tree};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const SECURE: &[u8] =
    b"const https = require('https');\nhttps.request({ rejectUnauthorized: true });\n";

#[test]
fn demo_project_findings_in_compact_format_and_exit_code_1() {
    let out = koalint(
        manifest_dir(),
        &["check", "--format", "compact", "testdata/projects/mtls-api"],
    );
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let found: Vec<(String, String)> = stdout(&out)
        .lines()
        .map(|l| {
            // `path:line:col: severity: message [rule]`
            let location = l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":");
            let rule = l
                .rsplit_once(" [")
                .map(|(_, r)| r.trim_end_matches(']').to_string());
            (location, rule.unwrap_or_default())
        })
        .collect();
    let expected = [
        ("src/db.js:9:10", "tls-verification-disabled"),
        (
            "src/middleware/client-identity.js:7:25",
            "mtls-client-unverified",
        ),
        ("src/middleware/request-log.js:26:79", "header-logging"),
        ("src/routes/debug.js:9:3", "debug-echo-route"),
        ("src/routes/debug.js:19:3", "debug-echo-route"),
        ("src/routes/invoices.js:11:45", "key-in-query"),
        ("src/routes/invoices.js:12:7", "timing-unsafe-compare"),
        ("src/routes/invoices.js:45:5", "verbose-error"),
        ("src/server.js:55:3", "mtls-client-unverified"),
        ("src/upstream.js:13:58", "hardcoded-secret"),
        ("src/upstream.js:14:50", "tls-verification-disabled"),
    ]
    .map(|(loc, rule)| {
        (
            format!("testdata/projects/mtls-api/{loc}"),
            rule.to_string(),
        )
    });
    assert_eq!(found, expected);
    assert!(
        stderr(&out).contains("11 problems (10 errors, 1 warning) in 7 files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn clean_tree_exits_0_and_says_so() {
    let dir = tree(&[("src/app.js", SECURE)]);
    let out = koalint(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("no problems in 1 file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_path_is_a_usage_error_with_one_line() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    let out = koalint(dir.path(), &["check", "src", "nope/"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("nope/"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = koalint(manifest_dir(), &["check", "--formatt", "json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_is_eslint_shaped_with_offsets_and_labels() {
    let dir = tree(&[("a.js", INSECURE), ("b.js", SECURE)]);
    let out = koalint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "", "json runs print nothing on stderr");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let files = v.as_array().expect("array of files");
    assert_eq!(
        files.len(),
        2,
        "every linted file is listed, as ESLint does"
    );
    assert_eq!(files[0]["filePath"], "a.js");
    assert_eq!(files[0]["errorCount"], 1);
    assert_eq!(files[0]["warningCount"], 0);
    assert_eq!(files[1]["filePath"], "b.js");
    assert_eq!(files[1]["messages"].as_array().map(Vec::len), Some(0));
    let m = &files[0]["messages"][0];
    assert_eq!(m["ruleId"], "tls-verification-disabled");
    assert_eq!(m["severity"], 2);
    assert_eq!(
        (m["line"].as_u64(), m["column"].as_u64()),
        (Some(2), Some(17))
    );
    assert_eq!(
        (m["endLine"].as_u64(), m["endColumn"].as_u64()),
        (Some(2), Some(42))
    );
    let offset = m["offset"].as_u64().expect("offset") as usize;
    let length = m["length"].as_u64().expect("length") as usize;
    assert_eq!(
        &INSECURE[offset..offset + length],
        b"rejectUnauthorized: false"
    );
    assert!(m["help"].as_str().is_some_and(|h| !h.is_empty()));
}

#[test]
fn pretty_shows_snippet_code_help_and_summary() {
    let dir = tree(&[("src/server.js", b"const https = require('https');\nconst opts = { rejectUnauthorized: false };\nhttps.createServer(opts);\n")]);
    let out = koalint(dir.path(), &["check", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("tls-verification-disabled"), "{text}");
    assert!(text.contains("[src/server.js:2:16]"), "{text}");
    assert!(text.contains("verification turned off here"), "{text}");
    assert!(
        text.contains("options passed to https.createServer here"),
        "{text}"
    );
    assert!(text.contains("help:"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes with --color never"
    );
    assert!(
        stderr(&out).contains("1 problem (1 error, 0 warnings) in 1 file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn parse_error_is_one_diagnostic_and_other_files_are_still_linted() {
    let dir = tree(&[
        ("bad.js", b"const a = {\n  b: `unclosed\n"),
        ("good.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("bad.js:") && lines[0].ends_with("[parse-error]"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("good.js:2:17:") && lines[1].ends_with("[tls-verification-disabled]"),
        "{text}"
    );
}

#[test]
fn typescript_only_syntax_in_a_js_file_is_a_parse_error() {
    // Plain annotations in a `.js` file are Flow (Babel's preset-flow): they parse. Parameter
    // properties are TypeScript only.
    let source = b"class A { constructor(private x: number) {} }\n";
    let dir = tree(&[("a.js", source), ("a.ts", source)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    let text = stdout(&out);
    assert!(
        text.contains("a.js:1:") && text.contains("[parse-error]"),
        "{text}"
    );
    assert!(!text.contains("a.ts"), "{text}");
}

#[test]
fn non_utf8_file_is_an_io_error_and_others_are_linted() {
    let dir = tree(&[
        ("latin1.js", b"const s = '\xe9t\xe9';\n"),
        ("good.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("latin1.js:1:1: error: file is not valid UTF-8"),
        "{text}"
    );
    assert!(text.contains("[io-error]"), "{text}");
    assert!(text.contains("good.js:2:17:"), "{text}");
}

#[test]
fn default_excludes_and_gitignore_apply_to_walks_but_not_to_named_files() {
    let dir = tree(&[
        ("src/app.js", INSECURE),
        ("dist/bundle.js", INSECURE),
        ("node_modules/dep/index.js", INSECURE),
        ("flow-typed/npm/dep_v1.x.x.js", INSECURE),
        ("vendor.min.js", INSECURE),
        ("types.d.ts", b"declare const x: number;\n"),
        ("generated/client.js", INSECURE),
        ("src/keep/again.js", INSECURE),
        (
            ".gitignore",
            b"generated/\nsrc/keep/*\n!src/keep/again.js\n",
        ),
        ("README.md", b"rejectUnauthorized: false\n"),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split(':').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(files, ["src/app.js", "src/keep/again.js"]);

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "dist/bundle.js",
            "generated/client.js",
            "README.md",
        ],
    );
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split(':').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        files,
        ["dist/bundle.js", "generated/client.js"],
        "named files are linted; a named non-JS file is skipped"
    );
}

#[test]
fn paths_are_shown_as_typed_and_a_path_given_twice_is_linted_once() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    let abs = dir.path().join("src/app.js");
    let abs = abs.to_str().expect("UTF-8 temp path");
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "./src", abs, "src/app.js"],
    );
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>().len(),
        1,
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).starts_with("src/app.js:2:17:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bom_and_crlf_positions_are_exact_in_utf16_columns() {
    let src = "\u{feff}// é😀\r\nconst tls = require('tls');\r\n/* 😀 */ tls.connect({ rejectUnauthorized: false });\r\n";
    let dir = tree(&[("client.js", src.as_bytes())]);
    let out = koalint(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let m = &v[0]["messages"][0];
    // "/* 😀 */ tls.connect({ " is 23 UTF-16 units (the emoji counts 2).
    assert_eq!(
        (m["line"].as_u64(), m["column"].as_u64()),
        (Some(3), Some(24))
    );
    let offset = m["offset"].as_u64().expect("offset") as usize;
    assert_eq!(
        &src.as_bytes()[offset..offset + 18],
        b"rejectUnauthorized",
        "offsets count the BOM"
    );
}

#[test]
fn output_is_identical_on_one_and_two_threads() {
    for format in ["json", "compact", "pretty"] {
        let one = koalint(
            manifest_dir(),
            &[
                "check",
                "--color",
                "never",
                "--format",
                format,
                "--threads",
                "1",
                "testdata",
            ],
        );
        let two = koalint(
            manifest_dir(),
            &[
                "check",
                "--color",
                "never",
                "--format",
                format,
                "--threads",
                "2",
                "testdata",
            ],
        );
        assert_eq!(one.status.code(), Some(1));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, two.stdout,
            "{format} output differs between thread counts"
        );
        assert_eq!(one.stderr, two.stderr);
    }
}

#[test]
fn symlink_loops_do_not_trap_the_walk() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path(), dir.path().join("src/loop")).expect("symlink");
        std::os::unix::fs::symlink(
            dir.path().join("missing.js"),
            dir.path().join("src/dangling.js"),
        )
        .expect("symlink");
    }
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
}

#[test]
fn rules_lists_and_explain_prints_the_page() {
    let out = koalint(manifest_dir(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("tls-verification-disabled") && l.contains("error")),
        "{listing}"
    );

    let out = koalint(manifest_dir(), &["explain", "tls-verification-disabled"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(
        page.starts_with("# tls-verification-disabled"),
        "front matter is not printed"
    );
    let on_disk = fs::read_to_string(manifest_dir().join("rules/tls-verification-disabled.md"))
        .expect("page");
    assert!(
        on_disk.ends_with(&page),
        "explain prints the page from rules/"
    );

    let out = koalint(manifest_dir(), &["explain", "tls-verification-disable"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean 'tls-verification-disabled'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_finding_on_a_minified_line_shows_an_excerpt_not_the_whole_line() {
    let line = format!(
        "const https = require('https');{}https.request({{ rejectUnauthorized: false }});{}\n",
        "var a = 1;".repeat(5000),
        "var b = 2;".repeat(5000)
    );
    let dir = tree(&[("bundle.js", line.as_bytes())]);
    let out = koalint(dir.path(), &["check", "--color", "never", "bundle.js"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines().all(|l| l.chars().count() < 300),
        "a long line was printed whole"
    );
    assert!(text.contains("bundle.js:1:"), "{text}");
    assert!(text.contains("⟦rejectUnauthorized: false⟧"), "{text}");
}

#[test]
fn files_above_max_file_size_are_skipped_with_a_note() {
    let mut big =
        b"const https = require('https');\nhttps.request({ rejectUnauthorized: false });\n"
            .to_vec();
    big.extend(std::iter::repeat_n(b'\n', 3 * 1024 * 1024));
    let dir = tree(&[("vendor-bundle.js", &big), ("app.js", SECURE)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped 1 file larger than --max-file-size 2 MiB: vendor-bundle.js"),
        "{}",
        stderr(&out)
    );
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--max-file-size", "0"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("vendor-bundle.js:2:17:"),
        "{}",
        stdout(&out)
    );
    let out = koalint(dir.path(), &["check", "--max-file-size", "lots"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fix_writes_the_mechanical_fixes_and_reports_what_is_left() {
    let dir = tree(&[
        (
            "src/client.js",
            b"const https = require('https');\n\
              const agent = new https.Agent({ rejectUnauthorized: false });\n\
              process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n\
              const opts = { rejectUnauthorized: process.env.STRICT === 'no' ? false : true };\n\
              module.exports = { agent, opts };\n",
        ),
        (
            // Reports mask secrets; the fix must be applied to the file, not to a report.
            "src/sign.js",
            b"const jwt = require('jsonwebtoken');\n\
              const https = require('https');\n\
              exports.sign = (p) => jwt.sign(p, 'k9Lm2xQ7vR4tZ8wB1nC5');\n\
              exports.agent = new https.Agent({ rejectUnauthorized: false });\n",
        ),
        ("src/clean.js", SECURE),
    ]);
    let out = koalint(
        dir.path(),
        &["check", "--fix", "--format", "compact", "src"],
    );
    // The literal `false` is turned on and the assignment removed; the conditional is a choice
    // the user makes, so it stays, reported.
    let fixed = fs::read_to_string(dir.path().join("src/client.js")).expect("read back");
    assert_eq!(
        fixed,
        "const https = require('https');\n\
         const agent = new https.Agent({ rejectUnauthorized: true });\n\
         const opts = { rejectUnauthorized: process.env.STRICT === 'no' ? false : true };\n\
         module.exports = { agent, opts };\n"
    );
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("src/sign.js")).expect("read back"),
        "const jwt = require('jsonwebtoken');\n\
         const https = require('https');\n\
         exports.sign = (p) => jwt.sign(p, 'k9Lm2xQ7vR4tZ8wB1nC5');\n\
         exports.agent = new https.Agent({ rejectUnauthorized: true });\n",
        "the secret is kept as it was: only the fix is written"
    );
    let report = stdout(&out);
    assert_eq!(report.lines().count(), 2, "{report}");
    assert!(report.starts_with("src/client.js:3:"), "{report}");
    assert!(report.contains("src/sign.js:3:"), "{report}");
    assert!(stderr(&out).contains("fixed 2 files"), "{}", stderr(&out));
    assert_eq!(
        fs::read(dir.path().join("src/clean.js")).expect("read"),
        SECURE,
        "a file without fixes is not rewritten"
    );
    // Nothing is fixed in a buffer read from standard input.
    let out = koalint(
        dir.path(),
        &["check", "--fix", "--stdin-filename", "src/a.js"],
    );
    assert_eq!(out.status.code(), Some(2));
}
