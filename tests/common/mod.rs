//! What the end-to-end tests share: running the real binary and building temporary trees.

#![allow(dead_code)] // each test crate uses its own part of this module

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_koalint");

/// A Koa app for the editor tests: `tls-verification-disabled` and `header-logging`, with
/// `'é😀'` before the TLS option on line 4 ('é' is 2 bytes and 1 UTF-16 unit, '😀' 4 bytes and
/// 2 units), so `rejectUnauthorized` starts at UTF-16 column 49 and byte 52 (0-based).
pub const KOA_APP_NON_ASCII: &str = concat!(
    "const Koa = require('koa');\n",
    "const https = require('https');\n",
    "const app = new Koa();\n",
    "const s = 'é😀'; const agent = new https.Agent({ rejectUnauthorized: false });\n",
    "app.use(async (ctx, next) => {\n",
    "  console.log(ctx.request.headers);\n",
    "  await next();\n",
    "});\n",
    "module.exports = { app, agent, s };\n",
);

/// `tls-verification-disabled` (error by default) at 2:17.
pub const INSECURE: &[u8] =
    b"const https = require('https');\nhttps.request({ rejectUnauthorized: false });\n";

/// The binary without colour.
pub fn koalint(cwd: &Path, args: &[&str]) -> Output {
    koalint_env(cwd, args, &[("NO_COLOR", "1")])
}

/// The binary with `FORCE_COLOR` and `NO_COLOR` removed, then `env` set.
pub fn koalint_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("koalint runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

/// A temporary repository (it has a `.git` folder, so that no `koalint.json` or `.gitignore`
/// above it applies) from `(relative path, contents)` pairs.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join(".git")).expect("mkdir .git");
    for (rel, contents) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, contents).expect("write");
    }
    dir
}

/// The binary without colour, with `input` on standard input.
pub fn koalint_stdin(cwd: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("FORCE_COLOR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("koalint starts");
    // A run that stops before reading (a usage error) closes the pipe: not a test failure.
    let written = child.stdin.take().expect("stdin").write_all(input);
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("koalint runs")
}

/// The repository this test suite belongs to.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An external program a test drives (a validator, pre-commit, Vim), found by running it with
/// `version_args`: its version line. When it is missing, the test fails in CI (`CI` set) and
/// elsewhere is skipped with a note on stderr, never passed silently.
pub fn external_tool(program: &str, version_args: &[&str], install: &str) -> Option<String> {
    let found = Command::new(program)
        .args(version_args)
        .output()
        .ok()
        .filter(|o| o.status.success());
    match found {
        Some(o) => {
            let text = String::from_utf8_lossy(&o.stdout).to_string()
                + &String::from_utf8_lossy(&o.stderr);
            Some(text.lines().next().unwrap_or("").trim().to_string())
        }
        None => missing_consumer(program, install),
    }
}

/// A missing consumer (program, package or file): a failure in CI (`CI` set), elsewhere a skip
/// with a note on the process's stderr. Always `None`.
pub fn missing_consumer<T>(what: &str, install: &str) -> Option<T> {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{what} is required in CI ({install}); .ci/run installs it");
    }
    // Straight to the process's stderr: libtest would capture `eprintln!` and the skip would
    // go unseen.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {what} is not installed ({install}); set CI to make this a failure"
    );
    None
}

/// The compact-format lines of a run's stdout.
pub fn compact_lines(o: &Output) -> Vec<String> {
    stdout(o).lines().map(str::to_string).collect()
}

/// The compact lines about one file (its path followed by `:`).
pub fn lines_for(o: &Output, path: &str) -> Vec<String> {
    let prefix = format!("{path}:");
    compact_lines(o)
        .into_iter()
        .filter(|l| l.starts_with(&prefix))
        .collect()
}

/// What Rust's default panic hook prints: never on a koalint run's stderr.
pub fn assert_no_panic_text(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("panicked at")
            && !err.contains("stack backtrace")
            && !err.contains("overflow"),
        "stderr: {err}"
    );
}

/// What a broken configuration must do: exit 2, lint nothing, and say it on stderr.
pub fn assert_config_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(out));
    assert_eq!(stdout(out), "", "nothing is linted");
    let err = stderr(out);
    assert!(err.contains("invalid configuration: "), "{err}");
    assert!(
        !err.contains("problem"),
        "no summary after a config error: {err}"
    );
    err
}
