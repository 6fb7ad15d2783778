//! Untrusted code never controls the terminal or forges report lines: file names and source
//! lines holding controls, escape sequences and bidi overrides are linted in every format. The
//! pretty and compact formats and everything on stderr show them as text (paths quoted as
//! `git` quotes them); JSON and SARIF carry the names exactly; the GitHub format escapes as the
//! Actions toolkit does. Every finding stays on its file, line and column.
//!
//! Names with control characters can be made on Unix only.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{external_tool, koalint, koalint_env, stderr, stdout, tree};
use serde_json::Value;

/// The span `tls-verification-disabled` reports.
const SPAN: &str = "rejectUnauthorized: false";
const RULE: &str = "tls-verification-disabled";

/// File names an attacker can commit: a forged GitHub workflow command on a line of its own,
/// ESC with a title-setting OSC and a screen clear, DEL, the C1 controls NEL and CSI, and a
/// right-to-left override.
const HOSTILE_NAMES: &[&str] = &[
    "evil\n::error file=x.js,line=1::injected\n.js",
    "esc\x1b]0;title\x07\x1b[2J.js",
    "del\x7f.js",
    "c1\u{85}next\u{9b}31m.js",
    "bidi\u{202e}sj.js",
];

/// A source whose finding sits under a line that would set the terminal's title, clear the
/// screen and reverse the rest of the line.
const HOSTILE_SOURCE: &str = "const https = require('https');\n\
    // \x1b]0;title\x07\x1b[2J \u{202e} reversed \u{202c} \u{2066}isolate\u{2069}\n\
    const agent = new https.Agent({ rejectUnauthorized: false });\n";

/// Hostile characters on the finding's own line, before the span: each is one UTF-16 unit in the
/// source and several characters once escaped.
const SAME_LINE: &str = "const https = require('https');\n\
    /* \x1b]0;t\x07\x1b[2J\u{202e}\x7f\u{9b}\u{200f} */ const agent = new https.Agent({ rejectUnauthorized: false }); // \u{2067}\n";

/// JavaScript's other line ends before the finding: a lone CR and U+2028.
const LINE_ENDS: &str = "const https = require('https');\r\
    /* a\u{2028}b\x1b[2J */ const agent = new https.Agent({ rejectUnauthorized: false });\n";

/// Where [`SPAN`] starts in `source`, counted as koalint promises: 1-based lines split at
/// JavaScript's line ends, 1-based columns in UTF-16 units of the source.
fn expected_position(source: &str) -> (u64, u64) {
    let offset = source.find(SPAN).expect("the source has the span");
    let before = &source[..offset];
    let (mut line, mut line_start) = (1, 0);
    let mut chars = before.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends_line = match c {
            '\n' | '\u{2028}' | '\u{2029}' => true,
            '\r' => chars.peek().map(|&(_, next)| next) != Some('\n'),
            _ => false,
        };
        if ends_line {
            line += 1;
            line_start = at + c.len_utf8();
        }
    }
    let column = before[line_start..].encode_utf16().count() as u64 + 1;
    (line, column)
}

/// A long line (the pretty format shows an excerpt instead of a snippet) with hostile bytes just
/// before the span.
fn long_line_source() -> String {
    format!(
        "const https = require('https');\nconst pad = '{}'; /*\x1b]0;t\x07\u{202e}*/ const agent = new https.Agent({{ rejectUnauthorized: false }});\n",
        "a".repeat(300)
    )
}

const LONG_NAME: &str = "long\n::warning::forged\x1b[2J.js";

/// Every file of the hostile tree: name and source.
fn hostile_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = HOSTILE_NAMES
        .iter()
        .map(|n| (n.to_string(), HOSTILE_SOURCE.to_string()))
        .collect();
    files.push(("same-line.js".into(), SAME_LINE.into()));
    files.push(("line-ends.js".into(), LINE_ENDS.into()));
    files.push((LONG_NAME.into(), long_line_source()));
    files
}

fn hostile_tree() -> (tempfile::TempDir, Vec<(String, String)>) {
    let files = hostile_files();
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_bytes()))
        .collect();
    (tree(&entries), files)
}

/// What no terminal-bound output may hold: a C0 control but line feed and tab, DEL, a C1
/// control, a bidi control, a line or paragraph separator.
fn assert_terminal_safe(what: &str, text: &str) {
    for (at, c) in text.char_indices() {
        let hostile = match c {
            '\n' | '\t' => false,
            '\0'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}' => true,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
            '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        assert!(
            !hostile,
            "{what}: raw U+{:04X} at byte {at}: {:?}",
            c as u32,
            &text[at.saturating_sub(40)..(at + 40).min(text.len())]
        );
    }
}

/// `git`'s C-style unquoting (`unquote_c_style`): a name printed in double quotes with `\"`,
/// `\\`, `\a \b \t \n \v \f \r` and octal bytes. A name without quotes is itself.
fn unquote_git(shown: &str) -> String {
    let Some(inner) = shown.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return shown.to_string();
    };
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let e = it.next().expect("an escape after a backslash");
        bytes.push(match e {
            b'a' => 0x07,
            b'b' => 0x08,
            b't' => b'\t',
            b'n' => b'\n',
            b'v' => 0x0b,
            b'f' => 0x0c,
            b'r' => b'\r',
            b'"' | b'\\' => e,
            b'0'..=b'3' => {
                let d2 = it.next().expect("octal");
                let d3 = it.next().expect("octal");
                (e - b'0') * 64 + (d2 - b'0') * 8 + (d3 - b'0')
            }
            other => panic!("unknown escape \\{}", other as char),
        });
    }
    String::from_utf8(bytes).expect("the quoted name is UTF-8")
}

/// A shown path at the start of `text` (quoted or not) and the rest after it.
fn split_path(text: &str) -> (String, &str) {
    if text.starts_with('"') {
        let bytes = text.as_bytes();
        let mut i = 1;
        while bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        (unquote_git(&text[..=i]), &text[i + 1..])
    } else {
        let (path, _) = text.split_once(':').expect("path:…");
        (path.to_string(), &text[path.len()..])
    }
}

/// `path:line:col: severity: message [rule]` lines as (original path, line, column, rule).
fn compact_findings(text: &str) -> Vec<(String, u64, u64, String)> {
    text.lines()
        .map(|l| {
            let (path, rest) = split_path(l);
            let mut parts = rest.splitn(4, ':');
            assert_eq!(parts.next(), Some(""), "{l}");
            let line = parts.next().and_then(|n| n.parse().ok()).expect("line");
            let column = parts.next().and_then(|n| n.parse().ok()).expect("column");
            let rule = l
                .rsplit_once(" [")
                .map(|(_, r)| r.trim_end_matches(']').to_string())
                .expect("rule");
            (path, line, column, rule)
        })
        .collect()
}

/// What every file of the tree should report: (name, line, column, rule).
fn expected_findings(files: &[(String, String)]) -> Vec<(String, u64, u64, String)> {
    let mut want: Vec<_> = files
        .iter()
        .map(|(name, source)| {
            let (line, column) = expected_position(source);
            (name.clone(), line, column, RULE.to_string())
        })
        .collect();
    want.sort();
    want
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = koalint(dir, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    out
}

#[test]
fn pretty_compact_and_stderr_never_carry_a_raw_control_or_bidi_character() {
    let (dir, files) = hostile_tree();
    for format in ["pretty", "compact", "json", "sarif", "github"] {
        let out = run(
            dir.path(),
            &["check", "--format", format, "--color", "never"],
        );
        assert_terminal_safe(&format!("{format} stderr"), &stderr(&out));
        if matches!(format, "pretty" | "compact") {
            assert_terminal_safe(format, &stdout(&out));
        }
    }
    // The hostile text is shown, as text, not dropped.
    let pretty = stdout(&run(dir.path(), &["check", "--color", "never"]));
    assert!(
        pretty.contains("\\x1b]0;title\\x07\\x1b[2J <U+202E> reversed <U+202C>"),
        "{pretty}"
    );
    let compact = stdout(&run(dir.path(), &["check", "--format", "compact"]));
    assert!(
        compact.contains("\"evil\\n::error file=x.js,line=1::injected\\n.js\":3:33: error:"),
        "{compact}"
    );
    // One line per finding: nothing starts a line of its own.
    assert_eq!(compact.lines().count(), files.len(), "{compact}");
    assert!(compact.lines().all(|l| !l.starts_with("::")), "{compact}");
}

#[test]
fn every_finding_keeps_its_file_line_and_column_in_compact_and_pretty() {
    let (dir, files) = hostile_tree();
    let want = expected_findings(&files);

    let compact = stdout(&run(dir.path(), &["check", "--format", "compact"]));
    let mut found = compact_findings(&compact);
    found.sort();
    assert_eq!(found, want, "{compact}");

    // The pretty format: `╭─[path:line:col]` over each snippet; a long line gets
    // `path:line:col:` and an excerpt instead.
    let pretty = stdout(&run(dir.path(), &["check", "--color", "never"]));
    let mut found = Vec::new();
    for l in pretty.lines() {
        let location = match l.split_once("╭─[") {
            Some((_, header)) => header.strip_suffix(']').expect("header ends with ]"),
            None if l.ends_with(':') && !l.starts_with(' ') => l.trim_end_matches(':'),
            None => continue,
        };
        let (path, rest) = split_path(location);
        let mut parts = rest.split(':').skip(1);
        let line = parts.next().and_then(|n| n.parse().ok()).expect("line");
        let column = parts.next().and_then(|n| n.parse().ok()).expect("column");
        found.push((path, line, column, RULE.to_string()));
    }
    found.sort();
    assert_eq!(found, want, "{pretty}");
    assert!(
        pretty.contains(
            "excerpt: …0;t\\x07<U+202E>*/ const agent = new https.Agent({ ⟦rejectUnauthorized: false⟧ });"
        ),
        "{pretty}"
    );
}

/// Each source line miette printed (`N │ text`) with the underline below it (`· ──┬──`), as the
/// text the underline covers.
fn underlined(pretty: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = pretty.lines().map(|l| l.chars().collect()).collect();
    let mut covered = Vec::new();
    for pair in lines.windows(2) {
        let (text, under) = (&pair[0], &pair[1]);
        let Some(bar) = text.iter().position(|&c| c == '│') else {
            continue;
        };
        if under.get(bar) != Some(&'·') || !under.contains(&'┬') {
            continue;
        }
        let marks: Vec<usize> = (bar + 2..under.len())
            .filter(|&i| matches!(under[i], '─' | '┬'))
            .collect();
        let (first, last) = (marks[0], marks[marks.len() - 1]);
        covered.push(text[first..=last].iter().collect());
    }
    covered
}

#[test]
fn carets_sit_under_the_source_span_and_columns_count_the_source_not_the_escapes() {
    let (dir, files) = hostile_tree();
    let out = run(
        dir.path(),
        &["check", "--color", "never", "same-line.js", "line-ends.js"],
    );
    let pretty = stdout(&out);
    // Escaping widens the line before the span; the underline still covers exactly the span.
    let covered = underlined(&pretty);
    assert_eq!(covered, vec![SPAN.to_string(); 2], "{pretty}");
    assert!(
        pretty.contains("/* \\x1b]0;t\\x07\\x1b[2J<U+202E>\\x7f<U+009B><U+200F> */ const agent"),
        "{pretty}"
    );
    // The header's column is the source's: each hostile character is one UTF-16 unit there.
    for name in ["same-line.js", "line-ends.js"] {
        let source = &files.iter().find(|(n, _)| n == name).expect("file").1;
        let (line, column) = expected_position(source);
        assert!(
            pretty.contains(&format!("╭─[{name}:{line}:{column}]")),
            "{name} at {line}:{column}: {pretty}"
        );
    }
    // Same line, same column in every format.
    let compact = stdout(&run(
        dir.path(),
        &["check", "--format", "compact", "same-line.js"],
    ));
    let (line, column) = expected_position(SAME_LINE);
    assert!(
        compact.starts_with(&format!("same-line.js:{line}:{column}: error:")),
        "{compact}"
    );
    // U+2028 ends a line for JavaScript and for koalint's line numbers; the snippet shows it
    // and breaks the line there.
    assert!(pretty.contains("/* a<U+2028>\n"), "{pretty}");
}

/// Removes the SGR sequences (`ESC [ digits ; … m`) koalint's colour theme writes, asserting
/// that every ESC starts one.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let seq = &rest[at + 1..];
        let params = seq
            .strip_prefix('[')
            .expect("an ESC that is not a colour code");
        let len = params
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .expect("a complete sequence");
        assert_eq!(&params[len..len + 1], "m", "not a colour code: {seq:.20?}");
        rest = &params[len + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn colour_codes_are_koalints_own_and_the_input_adds_none() {
    let (dir, _) = hostile_tree();
    let coloured = koalint_env(dir.path(), &["check", "--color", "always"], &[]);
    assert_eq!(coloured.status.code(), Some(1));
    let plain = stdout(&run(dir.path(), &["check", "--color", "never"]));
    let text = stdout(&coloured);
    assert!(text.contains('\x1b'), "koalint's own colours stay");
    // With koalint's colour codes taken out, what is left is the plain report: no escape
    // sequence came from a name or a snippet.
    let stripped = strip_sgr(&text);
    assert_terminal_safe("pretty --color always", &stripped);
    assert_eq!(stripped, plain);
    assert_terminal_safe("stderr --color always", &stderr(&coloured));
}

#[test]
fn json_and_sarif_round_trip_to_the_original_names() {
    let (dir, files) = hostile_tree();
    let want = expected_findings(&files);

    let json = run(dir.path(), &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let mut found = Vec::new();
    for file in json.as_array().expect("files") {
        let path = file["filePath"].as_str().expect("filePath").to_string();
        for m in file["messages"].as_array().expect("messages") {
            found.push((
                path.clone(),
                m["line"].as_u64().expect("line"),
                m["column"].as_u64().expect("column"),
                m["ruleId"].as_str().expect("ruleId").to_string(),
            ));
        }
    }
    found.sort();
    assert_eq!(found, want);

    let sarif = run(dir.path(), &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&sarif.stdout).expect("valid JSON");
    let mut found = Vec::new();
    for r in sarif["runs"][0]["results"].as_array().expect("results") {
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        found.push((
            percent_decode(uri),
            location["region"]["startLine"].as_u64().expect("startLine"),
            location["region"]["startColumn"]
                .as_u64()
                .expect("startColumn"),
            r["ruleId"].as_str().expect("ruleId").to_string(),
        ));
    }
    found.sort();
    assert_eq!(found, want);
}

/// A URI reference's `%XX` escapes undone.
fn percent_decode(uri: &str) -> String {
    let mut bytes = Vec::new();
    let raw = uri.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).expect("hex");
            bytes.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).expect("UTF-8 name")
}

#[test]
fn github_commands_escape_line_breaks_so_no_line_is_injected() {
    let (dir, files) = hostile_tree();
    let out = run(dir.path(), &["check", "--format", "github"]);
    let text = stdout(&out);
    assert!(!text.contains('\r'), "{text:?}");
    // One workflow command per finding, each on its own line: no forged `::error` line.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), files.len(), "{text:?}");
    let mut found = Vec::new();
    for l in &lines {
        let props = l.strip_prefix("::error ").expect("an ::error command");
        let (props, _message) = props.split_once("::").expect("::message");
        let prop = |key: &str| {
            props
                .split(',')
                .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
                .map(|v| {
                    // `@actions/core`'s escaping undone, as the runner does.
                    v.replace("%0D", "\r")
                        .replace("%0A", "\n")
                        .replace("%3A", ":")
                        .replace("%2C", ",")
                        .replace("%25", "%")
                })
                .unwrap_or_else(|| panic!("{key} in {l:?}"))
        };
        found.push((
            prop("file"),
            prop("line").parse().expect("line"),
            prop("col").parse().expect("col"),
            RULE.to_string(),
        ));
    }
    found.sort();
    assert_eq!(found, expected_findings(&files));
}

#[test]
fn paths_are_quoted_as_git_quotes_them() {
    // git quotes every byte above 0x7f as octal (`core.quotePath`, its default); the hostile
    // names are ASCII but for the characters koalint escapes, so git and koalint agree.
    let Some(_) = external_tool("git", &["--version"], "apt-get install git") else {
        return;
    };
    let files: Vec<(&str, &[u8])> = HOSTILE_NAMES
        .iter()
        .map(|n| (*n, HOSTILE_SOURCE.as_bytes()))
        .collect();
    let dir = tree(&files);
    fs::remove_dir(dir.path().join(".git")).expect("rmdir .git");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs")
    };
    assert!(git(&["init", "-q"]).status.success());
    let listed = git(&["-c", "core.quotePath=true", "ls-files", "--others"]);
    let mut by_git: Vec<String> = stdout(&listed).lines().map(str::to_string).collect();
    by_git.sort();
    assert_eq!(by_git.len(), HOSTILE_NAMES.len(), "{by_git:?}");

    let compact = stdout(&run(dir.path(), &["check", "--format", "compact"]));
    let mut by_koalint: Vec<String> = compact
        .lines()
        .map(|l| {
            let (_, rest) = split_path(l);
            l[..l.len() - rest.len()].to_string()
        })
        .collect();
    by_koalint.sort();
    assert_eq!(by_koalint, by_git);
}

#[test]
fn notes_on_stderr_quote_paths_and_escape_what_was_typed() {
    let (dir, _) = hostile_tree();

    // Too large to lint: the note names the file.
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--max-file-size", "300"],
    );
    let err = stderr(&out);
    assert_terminal_safe("--max-file-size note", &err);
    let note = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("koalint: skipped 1 file larger than --max-file-size 300 bytes: ")
        })
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(unquote_git(note), LONG_NAME);

    // A path that does not exist: one line.
    let missing = "nope\x1b]0;t\x07\n::error::x/";
    let out = koalint(dir.path(), &["check", missing]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_terminal_safe("missing path", &err);
    assert_eq!(err.lines().count(), 1, "{err}");

    // A baseline entry that no longer occurs is listed by its file.
    assert_eq!(koalint(dir.path(), &["baseline"]).status.code(), Some(0));
    let gone = HOSTILE_NAMES[0];
    fs::write(dir.path().join(gone), "const a = 1;\n").expect("rewrite");
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
    let err = stderr(&out);
    assert_terminal_safe("baseline note", &err);
    let stale: Vec<String> = err
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(|l| {
            let (path, rest) = split_path(l);
            assert_eq!(rest, format!(": {RULE} ×1"), "{l}");
            path
        })
        .collect();
    assert_eq!(stale, vec![gone.to_string()], "{err}");

    // A rule id typed with escape sequences.
    let out = koalint(dir.path(), &["explain", "x\x1b]0;t\x07\u{202e}"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_terminal_safe("explain", &err);
    assert!(err.contains("'x\\x1b]0;t\\x07<U+202E>'"), "{err}");
    let out = koalint(dir.path(), &["check", "--rule", "y\x1b[2J"]);
    assert_eq!(out.status.code(), Some(2));
    assert_terminal_safe("--rule", &stderr(&out));
    let page = koalint(dir.path(), &["explain", RULE]);
    assert_eq!(page.status.code(), Some(0));
    assert_terminal_safe("explain page", &stdout(&page));
    assert!(stdout(&page).lines().count() > 5);
}

#[test]
fn standard_input_named_with_hostile_characters_is_quoted() {
    let name = "in\n::error::x\x1b[2J.js";
    let out = common::koalint_stdin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--no-config",
            "--format",
            "compact",
            "--stdin-filename",
            name,
        ],
        HOSTILE_SOURCE.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert_terminal_safe("stdin compact", &text);
    let found = compact_findings(&text);
    let (line, column) = expected_position(HOSTILE_SOURCE);
    assert_eq!(
        found,
        vec![(name.to_string(), line, column, RULE.to_string())]
    );
}

#[test]
fn the_expected_positions_are_counted_as_the_source_counts() {
    // The helper the other tests trust: U+202E and ESC are one unit each, a lone CR and U+2028
    // end lines, CRLF ends one.
    assert_eq!(
        expected_position("\u{202e}\x1b rejectUnauthorized: false"),
        (1, 4)
    );
    assert_eq!(
        expected_position("a\rb\r\nc\u{2028}😀rejectUnauthorized: false"),
        (4, 3)
    );
}
