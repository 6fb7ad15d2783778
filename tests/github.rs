//! `--format github` (workflow commands the Actions runner turns into annotations) and the output
//! files: `--output-file` for the main format, `--sarif-output` beside it in the same run.

mod common;

use std::fs;

use common::{INSECURE, koalint, stderr, stdout, tree};
use serde_json::Value;

const WARN_CONFIG: &[u8] = br#"{ "rules": { "header-logging": "warn" } }"#;
const LOGS_HEADERS: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx, next) => {\n  console.log(ctx.headers);\n  await next();\n});\n";

/// `::command key=value,…::data` split into its parts.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, data) = rest.split_once("::").expect("second ::");
    let (command, props) = head.split_once(' ').expect("properties");
    let props = props
        .split(',')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    (command.to_string(), props, data.to_string())
}

/// The toolkit's escaping undone (what the runner does).
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn annotations_carry_the_positions_and_message_of_the_json_report() {
    let dir = tree(&[
        ("koalint.json", WARN_CONFIG),
        ("src/app.js", INSECURE),
        ("src/log.js", LOGS_HEADERS),
    ]);
    let gh = koalint(dir.path(), &["check", "--format", "github"]);
    assert_eq!(gh.status.code(), Some(1));
    let json = koalint(dir.path(), &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&json)).expect("json");
    let mut expected = Vec::new();
    for file in json.as_array().expect("files") {
        for m in file["messages"].as_array().expect("messages") {
            expected.push((
                file["filePath"].as_str().unwrap_or("").to_string(),
                m.clone(),
            ));
        }
    }
    let lines: Vec<String> = stdout(&gh).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), expected.len(), "{lines:?}");
    assert_eq!(lines.len(), 2);
    for (line, (path, m)) in lines.iter().zip(&expected) {
        let (command, props, data) = parse_command(line);
        let want = if m["severity"] == 2 {
            "error"
        } else {
            "warning"
        };
        assert_eq!(command, want, "{line}");
        let prop = |k: &str| {
            props
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| unescape(v))
                .unwrap_or_else(|| panic!("{k} missing in {line}"))
        };
        assert_eq!(prop("file"), *path);
        assert_eq!(prop("line"), m["line"].to_string());
        assert_eq!(prop("endLine"), m["endLine"].to_string());
        assert_eq!(prop("col"), m["column"].to_string());
        assert_eq!(prop("endColumn"), m["endColumn"].to_string());
        assert_eq!(
            prop("title"),
            format!("koalint ({})", m["ruleId"].as_str().unwrap_or(""))
        );
        let text = unescape(&data);
        assert!(
            text.starts_with(m["message"].as_str().unwrap_or("")),
            "{text}"
        );
        assert!(text.contains("\nhelp: "), "{text}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with("::warning ")),
        "{lines:?}"
    );
}

#[test]
fn properties_and_messages_are_escaped_as_the_toolkit_does() {
    let dir = tree(&[("src/a,b:c%.js", INSECURE)]);
    let out = koalint(dir.path(), &["check", "--format", "github"]);
    let line = stdout(&out);
    assert!(
        line.starts_with("::error file=src/a%2Cb%3Ac%25.js,line=2,"),
        "{line}"
    );
    let (_, _, data) = parse_command(line.trim_end());
    assert!(!data.contains('\n') && data.contains("%0Ahelp: "), "{data}");
    assert!(
        line.contains(",title=koalint (tls-verification-disabled)::"),
        "{line}"
    );
}

#[test]
fn output_file_and_sarif_output_in_one_run_match_the_formats_on_stdout() {
    let dir = tree(&[("src/app.js", INSECURE), ("src/log.js", LOGS_HEADERS)]);
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "github",
            "--output-file",
            "gh.txt",
            "--sarif-output",
            "out.sarif",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "the report went to the file");
    assert!(stderr(&out).contains("2 problems"), "{}", stderr(&out));
    let gh = koalint(dir.path(), &["check", "--format", "github"]);
    let sarif = koalint(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("gh.txt")).expect("gh.txt"),
        stdout(&gh)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out.sarif")).expect("out.sarif"),
        stdout(&sarif)
    );

    // The readable log on stdout and the SARIF file.
    let out = koalint(dir.path(), &["check", "--sarif-output", "again.sarif"]);
    assert!(stdout(&out).contains("tls-verification-disabled"));
    let again: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("again.sarif")).expect("again"))
            .expect("json");
    assert_eq!(
        again["runs"][0]["results"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn an_unwritable_output_file_is_an_error() {
    let dir = tree(&[("src/app.js", INSECURE)]);
    let out = koalint(
        dir.path(),
        &["check", "--output-file", "no/such/dir/report.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/dir/report.txt"),
        "{}",
        stderr(&out)
    );
    let out = koalint(
        dir.path(),
        &["check", "--sarif-output", "no/such/dir/r.sarif"],
    );
    assert_eq!(out.status.code(), Some(2));
}
