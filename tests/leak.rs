//! koalint's own output never contains a secret it found: `testdata/leak/` holds distinctive fake
//! credentials (listed in `keys.txt`) in literals, fallbacks, comparisons, logged template
//! strings, class fields and a file that does not parse; every output format, stdout and stderr,
//! snippets included, must be free of all of them.

mod common;

use std::path::Path;

use common::{koalint, stderr, stdout};

fn keys() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/leak/keys.txt");
    let text = std::fs::read_to_string(path).expect("keys.txt");
    let keys: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    assert!(keys.len() >= 8, "the leak fixtures list their keys");
    keys
}

fn assert_no_key(what: &str, text: &str, keys: &[String]) {
    for k in keys {
        assert!(
            !text.contains(k.as_str()),
            "{what} contains the fixture key {}…:\n{text}",
            &k[..4]
        );
    }
}

#[test]
fn no_output_format_contains_a_found_secret() {
    let keys = keys();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The fixtures do hold every key (else this test could not fail).
    let mut all_sources = String::new();
    for f in ["service.js", "config.ts", "broken.js"] {
        all_sources += &std::fs::read_to_string(root.join("testdata/leak").join(f)).unwrap();
    }
    for k in &keys {
        assert!(
            all_sources.contains(k.as_str()),
            "no fixture holds {}…",
            &k[..4]
        );
    }
    let runs: &[&[&str]] = &[
        &["check", "--no-config", "--color", "always", "testdata/leak"],
        &["check", "--no-config", "--color", "never", "testdata/leak"],
        &[
            "check",
            "--no-config",
            "--format",
            "compact",
            "testdata/leak",
        ],
        &["check", "--no-config", "--format", "json", "testdata/leak"],
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--include-suppressed",
            "testdata/leak",
        ],
        &["check", "--no-config", "--format", "sarif", "testdata/leak"],
        &[
            "check",
            "--no-config",
            "--format",
            "github",
            "testdata/leak",
        ],
    ];
    for args in runs {
        let out = koalint(root, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let what = format!("koalint {}", args.join(" "));
        assert!(!stdout(&out).is_empty(), "{what} reported nothing");
        assert_no_key(&format!("stdout of {what}"), &stdout(&out), &keys);
        assert_no_key(&format!("stderr of {what}"), &stderr(&out), &keys);
    }
}

#[test]
fn snippets_show_the_line_with_the_literal_masked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = koalint(
        root,
        &[
            "check",
            "--no-config",
            "--color",
            "never",
            "testdata/leak/service.js",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("const API_KEY = '******************';"),
        "the snippet keeps the line, masked:\n{text}"
    );
    assert!(
        text.contains("=== '******************')"),
        "a literal compared with a secret is masked:\n{text}"
    );
}

#[test]
fn written_reports_and_the_baseline_hold_no_found_secret() {
    let keys = keys();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("leak");
    std::fs::create_dir(&copy).unwrap();
    for f in ["service.js", "config.ts", "broken.js"] {
        std::fs::copy(root.join("testdata/leak").join(f), copy.join(f)).unwrap();
    }
    let sarif = dir.path().join("report.sarif");
    let text = dir.path().join("report.txt");
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "compact",
            "--output-file",
            text.to_str().unwrap(),
            "--sarif-output",
            sarif.to_str().unwrap(),
            "leak",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = koalint(dir.path(), &["baseline", "--no-config", "leak"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_no_key("baseline stderr", &stderr(&out), &keys);
    let baseline = dir.path().join("koalint-baseline.json");
    for (what, path) in [
        ("--output-file", &text),
        ("--sarif-output", &sarif),
        ("baseline", &baseline),
    ] {
        let written = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{what} wrote {}: {e}", path.display()));
        assert!(!written.is_empty(), "{what} is empty");
        assert_no_key(what, &written, &keys);
    }
}
