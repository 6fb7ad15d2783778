//! `check --stdin-filename PATH`: standard input is linted as if it were the file at PATH —
//! its syntax, the configuration found from its folder, overrides and ignore globs.

mod common;

use common::{INSECURE, koalint_stdin, stderr, stdout, tree};

/// TypeScript-only syntax, then a finding at 3:17.
/// Parameter properties are TypeScript only (a plain annotation would parse as Flow in `.js`).
const TS_INSECURE: &[u8] = b"const https = require('https');\nclass P { constructor(private port: number) {} }\nhttps.request({ rejectUnauthorized: false, port: 443 });\n";

#[test]
fn the_buffer_is_reported_under_the_given_path_with_its_syntax() {
    let dir = tree(&[]);
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "src/app.ts",
        ],
        TS_INSECURE,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&out));
    assert!(
        lines[0].starts_with("src/app.ts:3:17: error:"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("[tls-verification-disabled]"));

    // The same text named .js does not parse: the name chose the syntax.
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "src/app.js",
        ],
        TS_INSECURE,
    );
    assert!(stdout(&out).contains("src/app.js:2:"), "{}", stdout(&out));
    assert!(stdout(&out).contains("[parse-error]"), "{}", stdout(&out));
}

#[test]
fn the_file_on_disk_is_not_read() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    let clean = b"const https = require('https');\nhttps.request({ rejectUnauthorized: true });\n";
    let out = koalint_stdin(
        dir.path(),
        &["check", "--stdin-filename", "src/app.js"],
        clean,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn configuration_comes_from_the_paths_folder_with_its_overrides() {
    let config = br#"{
      "rules": { "tls-verification-disabled": "warn" },
      "overrides": [ { "files": ["test/**"], "rules": { "tls-verification-disabled": "off" } } ]
    }"#;
    let dir = tree(&[("svc/koalint.json", config)]);
    // From the repository root: svc/koalint.json applies because the path is under svc/.
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "svc/src/app.js",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("svc/src/app.js:2:17: warning:"),
        "{}",
        stdout(&out)
    );
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "svc/test/app.js",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    // Outside svc/ the defaults apply.
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "other/app.js",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(": error:"), "{}", stdout(&out));
}

#[test]
fn an_ignored_or_non_js_path_gives_no_output_and_exit_0() {
    let dir = tree(&[("koalint.json", br#"{ "ignore": ["generated/**"] }"#)]);
    for name in ["generated/client.ts", "README.md", "src/styles.css"] {
        let out = koalint_stdin(
            dir.path(),
            &["check", "--format", "compact", "--stdin-filename", name],
            INSECURE,
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{name}");
    }
    // Control: the same buffer under a linted name is reported.
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "src/client.ts",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn paths_beside_stdin_filename_are_a_usage_error() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    let out = koalint_stdin(
        dir.path(),
        &["check", "--stdin-filename", "a.js", "src"],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--stdin-filename"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stdin_works_with_the_machine_formats() {
    let dir = tree(&[]);
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "src/app.js",
        ],
        INSECURE,
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json[0]["filePath"], "src/app.js");
    assert_eq!(json[0]["messages"][0]["line"], 2);
}

#[test]
fn a_buffer_over_max_file_size_is_skipped_with_a_note_and_the_baseline_applies_to_it() {
    let dir = tree(&[]);
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--max-file-size",
            "16",
            "--stdin-filename",
            "src/app.js",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("skipped standard input (src/app.js)"),
        "{}",
        stderr(&out)
    );

    // An editor linting a buffer of a baselined file sees only new findings.
    std::fs::write(dir.path().join("src.js"), INSECURE).expect("write");
    let out = common::koalint(dir.path(), &["baseline", "src.js"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = koalint_stdin(
        dir.path(),
        &[
            "check",
            "--baseline",
            "koalint-baseline.json",
            "--stdin-filename",
            "src.js",
        ],
        INSECURE,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("1 finding baselined"),
        "{}",
        stderr(&out)
    );
}
