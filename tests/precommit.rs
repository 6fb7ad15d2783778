//! pre-commit: the hook manifest is valid for the real `pre-commit`; a commit of a file with a
//! finding is refused with the finding printed, a clean one passes, and files the configuration
//! ignores (and non-JS files) are skipped silently — through the README's remote snippet
//! (pre-commit builds this repository with `cargo install`) and its `repo: local` variant.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use common::{BIN, INSECURE, external_tool, koalint, manifest_dir, stderr, stdout, tree};

const CLEAN: &[u8] =
    b"const https = require('https');\nhttps.request({ rejectUnauthorized: true });\n";
const IGNORING_CONFIG: &[u8] = br#"{ "ignore": ["generated/**"] }"#;

#[test]
fn explicit_ignored_and_non_js_files_are_skipped_silently_and_none_left_is_clean() {
    let dir = tree(&[
        ("koalint.json", IGNORING_CONFIG),
        ("generated/client.js", INSECURE),
        ("README.md", b"# x\n"),
        ("styles.css", b"a {}\n"),
        ("src/ok.js", CLEAN),
    ]);
    let out = koalint(
        dir.path(),
        &["check", "generated/client.js", "README.md", "styles.css"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(!stderr(&out).contains("ignored"), "{}", stderr(&out));
    let out = koalint(dir.path(), &["check", "generated/client.js", "src/ok.js"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("no problems in 1 file"),
        "{}",
        stderr(&out)
    );
    // Control: without the configuration the same file is linted.
    let out = koalint(dir.path(), &["check", "--no-config", "generated/client.js"]);
    assert_eq!(out.status.code(), Some(1));
}

/// The real pre-commit on PATH: its version line.
fn pre_commit() -> Option<String> {
    external_tool(
        "pre-commit",
        &["--version"],
        "pip install pre-commit==4.7.0",
    )
}

#[test]
fn the_hook_manifest_is_valid_for_pre_commit() {
    let Some(version) = pre_commit() else {
        return;
    };
    eprintln!("{version}");
    let manifest = manifest_dir().join(".pre-commit-hooks.yaml");
    let out = Command::new("pre-commit")
        .arg("validate-manifest")
        .arg(&manifest)
        .output()
        .expect("pre-commit runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = fs::read_to_string(&manifest).expect("manifest");
    for needle in [
        "- id: koalint",
        "language: rust",
        "entry: koalint check",
        "types_or: [javascript, jsx, ts, tsx]",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    // And a broken manifest is rejected (the validation is real).
    let dir = tempfile::tempdir().expect("tmp");
    let broken = dir.path().join("hooks.yaml");
    fs::write(
        &broken,
        text.replace("language: rust", "language: no-such-language"),
    )
    .expect("w");
    let out = Command::new("pre-commit")
        .arg("validate-manifest")
        .arg(&broken)
        .output()
        .expect("pre-commit runs");
    assert!(!out.status.success());
}

/// The README's fenced yaml block that contains `needle`.
fn readme_yaml(needle: &str) -> String {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).expect("README");
    readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(b, _)| b.to_string()))
        .find(|b| b.contains(needle))
        .unwrap_or_else(|| panic!("README has no yaml block with {needle}"))
}

struct Repo {
    dir: std::path::PathBuf,
    env: Vec<(String, String)>,
}

impl Repo {
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new(program);
        cmd.args(args).current_dir(&self.dir);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.env_remove("GIT_DIR").env_remove("GIT_INDEX_FILE");
        cmd.output()
            .unwrap_or_else(|e| panic!("{program} runs: {e}"))
    }

    fn git(&self, args: &[&str]) -> Output {
        let out = self.run("git", args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn write(&self, rel: &str, contents: &[u8]) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    /// `git commit` through the installed hook: (succeeded, everything printed).
    fn commit(&self, message: &str) -> (bool, String) {
        let out = self.run("git", &["commit", "-m", message]);
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }
}

/// A temporary git repository for the hooks, with pre-commit's cache in it.
fn hook_repo(tmp: &Path, extra_path: Option<&Path>) -> Repo {
    let mut env = vec![
        (
            "PRE_COMMIT_HOME".to_string(),
            tmp.join("cache").display().to_string(),
        ),
        ("GIT_AUTHOR_NAME".into(), "koalint test".into()),
        ("GIT_AUTHOR_EMAIL".into(), "test@koalint.invalid".into()),
        ("GIT_COMMITTER_NAME".into(), "koalint test".into()),
        ("GIT_COMMITTER_EMAIL".into(), "test@koalint.invalid".into()),
        ("NO_COLOR".into(), "1".into()),
        // Incremental across local runs of this test; a fresh machine builds once.
        (
            "CARGO_TARGET_DIR".into(),
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("pre-commit-target")
                .display()
                .to_string(),
        ),
    ];
    if let Some(dir) = extra_path {
        let path = format!(
            "{}:{}",
            dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        env.push(("PATH".into(), path));
    }
    let dir = tmp.join("repo");
    fs::create_dir_all(&dir).expect("mkdir repo");
    let repo = Repo { dir, env };
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["config", "commit.gpgsign", "false"]);
    repo
}

/// A README snippet with its `repo:` made this checkout and its `rev:` the commit `head`.
fn pointed_at_head(snippet: &str, head: &str) -> String {
    let lines: Vec<String> = snippet
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("- repo:") {
                format!("  - repo: {}", manifest_dir().display())
            } else if l.trim_start().starts_with("rev:") {
                format!("    rev: {head}")
            } else {
                l.to_string()
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

/// The three commits every variant must handle: clean passes, a finding is refused with the
/// finding shown, an ignored file passes silently.
fn exercise(repo: &Repo, config: &str, label: &str) {
    repo.write(".pre-commit-config.yaml", config.as_bytes());
    repo.write("koalint.json", IGNORING_CONFIG);
    repo.write("src/ok.js", CLEAN);
    repo.write("notes.md", b"# notes\n");
    repo.git(&[
        "add",
        ".pre-commit-config.yaml",
        "koalint.json",
        "src/ok.js",
        "notes.md",
    ]);
    let out = repo.run("pre-commit", &["install"]);
    assert!(
        out.status.success(),
        "{label}: install: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let started = Instant::now();
    let (ok, text) = repo.commit("clean");
    eprintln!(
        "{label}: first commit (hook set-up included) took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(ok, "{label}: the clean commit was refused:\n{text}");
    assert!(
        text.contains("koalint") && text.contains("Passed"),
        "{label}:\n{text}"
    );

    repo.write("src/bad.js", INSECURE);
    repo.git(&["add", "src/bad.js"]);
    let (ok, text) = repo.commit("insecure");
    assert!(
        !ok,
        "{label}: the commit with a finding went through:\n{text}"
    );
    assert!(text.contains("Failed"), "{label}:\n{text}");
    assert!(text.contains("src/bad.js"), "{label}:\n{text}");
    assert!(
        text.contains("tls-verification-disabled"),
        "{label}:\n{text}"
    );
    let log = repo.git(&["log", "--oneline"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).lines().count(),
        1,
        "{label}"
    );
    repo.git(&["rm", "-q", "--cached", "src/bad.js"]);
    fs::remove_file(repo.dir.join("src/bad.js")).expect("rm");

    // The configuration ignores generated/: the hook gets the name and says nothing about it.
    repo.write("generated/client.js", INSECURE);
    repo.git(&["add", "generated/client.js"]);
    let (ok, text) = repo.commit("generated");
    assert!(ok, "{label}: an ignored file was reported:\n{text}");
    assert!(
        !text.contains("tls-verification-disabled"),
        "{label}:\n{text}"
    );
    assert!(!text.to_lowercase().contains("ignored"), "{label}:\n{text}");
}

#[test]
fn pre_commit_refuses_a_commit_with_a_finding_and_passes_clean_and_ignored_files() {
    let Some(version) = pre_commit() else {
        return;
    };
    let Some(git) = external_tool("git", &["--version"], "apt-get install git") else {
        return;
    };
    eprintln!("{version}; {git}");
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(manifest_dir())
        .output()
        .expect("git rev-parse");
    assert!(head.status.success(), "this repository is a git checkout");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let dirty = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(manifest_dir())
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if dirty {
        eprintln!(
            "note: pre-commit installs koalint at HEAD {head}; uncommitted changes are not in it"
        );
    }

    // The README's snippet, pointed at this checkout and its HEAD commit.
    let remote = pointed_at_head(&readme_yaml("rev:"), &head);
    assert!(!remote.contains("repo: local"), "{remote}");
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = hook_repo(tmp.path(), None);
    exercise(&repo, &remote, "remote hook (language: rust)");

    // The README's variant for .mts/.cts (same repository and rev: no second build).
    let by_name = pointed_at_head(&readme_yaml("types_or: [file]"), &head);
    repo.write(".pre-commit-config.yaml", by_name.as_bytes());
    repo.git(&["add", ".pre-commit-config.yaml"]);
    repo.write("src/client.mts", INSECURE);
    repo.git(&["add", "src/client.mts"]);
    let (ok, text) = repo.commit("mts");
    assert!(!ok, "the .mts file with a finding went through:\n{text}");
    assert!(text.contains("src/client.mts"), "{text}");

    // The `repo: local` variant, with the binary under test on PATH.
    let local = readme_yaml("repo: local");
    let tmp = tempfile::tempdir().expect("tmp");
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let repo = hook_repo(tmp.path(), Some(bin_dir));
    exercise(&repo, &(local + "\n"), "local hook (language: system)");
}
