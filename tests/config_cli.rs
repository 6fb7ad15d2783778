//! End-to-end: configuration and rule selection through the real binary — `koalint.json`
//! discovery, `--config` / `--no-config`, overrides, ignore globs, settings, every kind of broken
//! configuration, the selection flags, colour, inline suppressions and their diagnostics,
//! `--include-suppressed`, `init`, `print-config` and `schema`.
//!
//! Every temporary tree has its own `.git` folder, so that discovery stops at the tree and no
//! `koalint.json` above it (in /tmp or /) can leak in.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{INSECURE, assert_config_error, koalint, koalint_env, stderr, stdout, tree};
use serde_json::{Value, json};

/// The lines of stdout (compact format: one finding a line).
fn lines(o: &Output) -> Vec<String> {
    stdout(o).lines().map(str::to_string).collect()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(o),
            stderr(o)
        )
    })
}

/// `header-logging` (error by default) at 4:15.
const LOGS_HEADERS: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  console.log(ctx.headers);\n});\n";

const TLS_MSG: &str = "`rejectUnauthorized: false` turns TLS certificate verification off: any peer is trusted [tls-verification-disabled]";
const LOG_MSG: &str = "logged value carries all request headers, including authorization, cookie, x-api-key, … [header-logging]";

fn tls(path: &str, line: u32, col: u32, severity: &str) -> String {
    format!("{path}:{line}:{col}: {severity}: {TLS_MSG}")
}

fn logged(path: &str, severity: &str) -> String {
    format!("{path}:4:15: {severity}: {LOG_MSG}")
}

fn print_config(cwd: &Path, args: &[&str]) -> Value {
    let mut all = vec!["print-config"];
    all.extend_from_slice(args);
    let out = koalint(cwd, &all);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    json_of(&out)
}

const DEFAULT_LEVELS: &[(&str, &str)] = &[
    ("debug-echo-route", "error"),
    ("hardcoded-secret", "error"),
    ("header-logging", "error"),
    ("key-in-query", "warn"),
    ("missing-reason", "warn"),
    ("mtls-client-unverified", "error"),
    ("timing-unsafe-compare", "error"),
    ("tls-verification-disabled", "error"),
    ("unknown-rule", "error"),
    ("unused-ignore", "warn"),
    ("verbose-error", "error"),
];

/// The default levels with some changed.
fn levels(changes: &[(&str, &str)]) -> Value {
    let mut map = serde_json::Map::new();
    for (id, level) in DEFAULT_LEVELS {
        map.insert(id.to_string(), json!(level));
    }
    for (id, level) in changes {
        assert!(map.contains_key(*id), "unknown id {id} in the test");
        map.insert(id.to_string(), json!(level));
    }
    Value::Object(map)
}

fn empty_settings() -> Value {
    json!({ "credentialHeaders": [], "debugRoutes": [], "loggers": [], "models": [], "secretNames": [] })
}

// ---------------------------------------------------------------------------------------------
// Discovery, --config, --no-config
// ---------------------------------------------------------------------------------------------

#[test]
fn config_at_the_repository_root_is_found_from_a_subdirectory() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"rules\": { \"tls-verification-disabled\": \"warn\" } }",
        ),
        ("src/app.js", INSECURE),
    ]);
    let out = koalint(&dir.path().join("src"), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "warning")]);
    assert_eq!(out.status.code(), Some(0), "warnings alone exit 0");
    assert_eq!(stderr(&out), "1 problem (0 errors, 1 warning) in 1 file\n");
}

#[test]
fn the_nearest_config_file_wins() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"rules\": { \"tls-verification-disabled\": \"off\" } }",
        ),
        (
            "svc/koalint.json",
            b"{ \"rules\": { \"tls-verification-disabled\": \"warn\" } }",
        ),
        ("svc/lib/app.js", INSECURE),
    ]);
    let out = koalint(
        &dir.path().join("svc/lib"),
        &["check", "--format", "compact"],
    );
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "warning")]);

    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), Vec::<String>::new());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn discovery_stops_at_the_repository_root() {
    // A broken koalint.json above an inner repository must not be read from inside it.
    let dir = tree(&[
        ("koalint.json", b"{ \"rulez\": {} }"),
        ("inner/.git/HEAD", b"ref: refs/heads/main\n"),
        ("inner/src/app.js", INSECURE),
    ]);
    for cwd in ["inner", "inner/src"] {
        let out = koalint(&dir.path().join(cwd), &["check", "--format", "compact"]);
        assert_eq!(out.status.code(), Some(1), "{cwd}: {}", stderr(&out));
        assert_eq!(lines(&out).len(), 1, "{cwd}: {}", stdout(&out));
        assert!(lines(&out)[0].ends_with(TLS_MSG), "{}", stdout(&out));
    }
    // Outside the inner repository the broken file is found.
    let out = koalint(dir.path(), &["check"]);
    assert_config_error(&out);
}

#[test]
fn config_flag_replaces_discovery() {
    let dir = tree(&[
        ("koalint.json", b"{ \"rulez\": {} }"),
        (
            "ci/strict.json",
            b"{ \"rules\": { \"tls-verification-disabled\": \"warn\" } }",
        ),
        ("app.js", INSECURE),
    ]);
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--config", "ci/strict.json"],
    );
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "warning")]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
}

#[test]
fn no_config_flag_uses_the_defaults_even_beside_a_broken_file() {
    let dir = tree(&[("koalint.json", b"{ \"rulez\": {} }"), ("app.js", INSECURE)]);
    assert_config_error(&koalint(dir.path(), &["check"]));
    let out = koalint(dir.path(), &["check", "--format", "compact", "--no-config"]);
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "error")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn config_and_no_config_together_is_a_usage_error() {
    let dir = tree(&[("app.js", INSECURE)]);
    let out = koalint(
        dir.path(),
        &["check", "--config", "koalint.json", "--no-config"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("'--config <PATH>' cannot be used with '--no-config'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_config_file_is_exit_2_with_one_line_naming_it() {
    let dir = tree(&[("app.js", INSECURE)]);
    let out = koalint(dir.path(), &["check", "--config", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("koalint: nope.json: cannot read the configuration: "),
        "{err}"
    );
}

#[test]
fn globs_of_a_named_config_are_relative_to_that_file() {
    // `src/**` in configs/koalint.json means configs/src/**, not the project's src/.
    let dir = tree(&[
        (
            "configs/koalint.json",
            b"{ \"ignore\": [\"src/**\"], \"overrides\": [{ \"files\": [\"lib/**\"], \"rules\": { \"tls-verification-disabled\": \"warn\" } }] }",
        ),
        ("configs/src/app.js", INSECURE),
        ("configs/lib/app.js", INSECURE),
        ("src/app.js", INSECURE),
        ("lib/app.js", INSECURE),
    ]);
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--config",
            "configs/koalint.json",
        ],
    );
    assert_eq!(
        lines(&out),
        [
            tls("configs/lib/app.js", 2, 17, "warning"),
            tls("lib/app.js", 2, 17, "error"),
            tls("src/app.js", 2, 17, "error"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Overrides and ignore
// ---------------------------------------------------------------------------------------------

const SCRIPTS_TLS_OFF: &[u8] = br#"{
  // maintenance scripts talk to a self-signed staging host
  "overrides": [
    { "files": ["scripts/**"], "rules": { "tls-verification-disabled": "off" } },
  ],
}
"#;

#[test]
fn override_turns_a_rule_off_for_matching_files_only() {
    let dir = tree(&[
        ("koalint.json", SCRIPTS_TLS_OFF),
        ("src/app.js", INSECURE),
        ("scripts/helpers.js", INSECURE),
        ("scripts/unit/deep.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("src/app.js", 2, 17, "error")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "1 problem (1 error, 0 warnings) in 1 file\n");

    // Named explicitly, the test file is still under the override.
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "scripts/helpers.js"],
    );
    assert_eq!(lines(&out), Vec::<String>::new());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn print_config_shows_the_override_for_a_matching_file_only() {
    let dir = tree(&[
        ("koalint.json", SCRIPTS_TLS_OFF),
        ("src/app.js", INSECURE),
        ("scripts/helpers.js", INSECURE),
    ]);
    let v = print_config(dir.path(), &["scripts/helpers.js"]);
    assert_eq!(
        v,
        json!({
            "file": "scripts/helpers.js",
            "configFile": "koalint.json",
            "ignored": false,
            "testCode": false,
            "rules": levels(&[("tls-verification-disabled", "off")]),
            "settings": empty_settings(),
        })
    );
    let v = print_config(dir.path(), &["src/app.js"]);
    assert_eq!(v["rules"], levels(&[]));
}

#[test]
fn later_overrides_win() {
    let config = br#"{
  "rules": { "header-logging": "warn" },
  "overrides": [
    { "files": ["scripts/**"], "rules": { "tls-verification-disabled": "warn", "header-logging": "off" } },
    { "files": ["scripts/fixtures/**"], "rules": { "tls-verification-disabled": "off" } },
  ],
}"#;
    let dir = tree(&[
        ("koalint.json", config),
        ("src/log.js", LOGS_HEADERS),
        ("scripts/a.js", INSECURE),
        ("scripts/fixtures/b.js", INSECURE),
        ("scripts/log.js", LOGS_HEADERS),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            tls("scripts/a.js", 2, 17, "warning"),
            logged("src/log.js", "warning")
        ]
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        print_config(dir.path(), &["scripts/fixtures/b.js"])["rules"],
        levels(&[
            ("tls-verification-disabled", "off"),
            ("header-logging", "off")
        ])
    );
}

#[test]
fn ignored_files_are_skipped_in_walks_and_when_named() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"ignore\": [\"generated/**\", \"*.spec.ts\"] }",
        ),
        ("src/app.js", INSECURE),
        ("src/app.spec.ts", INSECURE),
        ("generated/client.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("src/app.js", 2, 17, "error")]);
    assert_eq!(stderr(&out), "1 problem (1 error, 0 warnings) in 1 file\n");

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "generated/client.js",
            "src/app.spec.ts",
        ],
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "zero files to lint is not a failure"
    );
    assert_eq!(stderr(&out), "no problems in 0 files\n");

    let out = koalint(dir.path(), &["check", "--format", "compact", "generated"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn ignore_globs_are_relative_to_the_config_file_not_the_working_directory() {
    let dir = tree(&[
        ("koalint.json", b"{ \"ignore\": [\"src/generated/**\"] }"),
        ("src/app.js", INSECURE),
        ("src/generated/client.js", INSECURE),
    ]);
    let out = koalint(&dir.path().join("src"), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "error")]);
    let out = koalint(
        &dir.path().join("src"),
        &["check", "--format", "compact", "generated/client.js"],
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_negated_ignore_glob_keeps_a_file() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"ignore\": [\"scripts/**\", \"!scripts/keep.js\"] }",
        ),
        ("scripts/a.js", INSECURE),
        ("scripts/keep.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("scripts/keep.js", 2, 17, "error")]);
}

#[test]
fn print_config_says_whether_a_file_is_ignored() {
    let dir = tree(&[
        ("koalint.json", b"{ \"ignore\": [\"generated/\"] }"),
        ("src/app.js", INSECURE),
        ("generated/client.js", INSECURE),
    ]);
    assert_eq!(
        print_config(dir.path(), &["generated/client.js"])["ignored"],
        true
    );
    assert_eq!(print_config(dir.path(), &["src/app.js"])["ignored"], false);
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

#[test]
fn credential_headers_setting_makes_a_custom_header_in_a_log_a_finding() {
    let src: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  console.log(ctx.get('x-partner-key'));\n});\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(stdout(&out), "", "not a credential header by default");
    assert_eq!(out.status.code(), Some(0));

    fs::write(
        dir.path().join("koalint.json"),
        "{ \"settings\": { \"credentialHeaders\": [\"X-Partner-Key\"] } }",
    )
    .expect("write");
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            "a.js:4:15: error: logged value carries the 'x-partner-key' request header [header-logging]"
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn loggers_setting_makes_a_named_receiver_a_logging_call() {
    let src: &[u8] = b"const audit = require('./audit');\nconst Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  audit.info(ctx.headers);\n});\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(stdout(&out), "", "`audit` is not a logger by default");
    assert_eq!(out.status.code(), Some(0));

    fs::write(
        dir.path().join("koalint.json"),
        "{ \"settings\": { \"loggers\": [\"audit\"] } }",
    )
    .expect("write");
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [format!("a.js:5:14: error: {LOG_MSG}")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn loggers_setting_counts_a_global_receiver() {
    let src: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  audit.info(ctx.headers);\n});\n";
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"settings\": { \"loggers\": [\"audit\"] } }",
        ),
        ("a.js", src),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [format!("a.js:4:14: error: {LOG_MSG}")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn secret_names_setting_makes_a_name_a_secret() {
    let src: &[u8] = b"const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  const cardPin = lookup(ctx.query.card);\n  console.log(cardPin);\n});\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(stdout(&out), "");

    fs::write(
        dir.path().join("koalint.json"),
        "{ \"settings\": { \"secretNames\": [\"PIN\"] } }",
    )
    .expect("write");
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        ["a.js:5:15: error: logged value carries the secret `cardPin` [header-logging]"]
    );
}

#[test]
fn debug_routes_setting_changes_only_the_message() {
    let src: &[u8] = b"const Router = require('@koa/router');\nconst router = new Router();\nrouter.get('/internal/whoami', (ctx) => {\n  ctx.body = ctx.headers;\n});\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            "a.js:4:3: error: All request headers, including authorization, cookie, x-api-key, … sent back to the caller in the response body [debug-echo-route]"
        ]
    );

    fs::write(
        dir.path().join("koalint.json"),
        "{ \"settings\": { \"debugRoutes\": [\"/internal\"] } }",
    )
    .expect("write");
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            "a.js:4:3: error: the diagnostic route '/internal/whoami' sends all request headers, including authorization, cookie, x-api-key, … back to the caller in the response body [debug-echo-route]"
        ]
    );
}

#[test]
fn print_config_shows_the_settings() {
    let dir = tree(&[(
        "koalint.json",
        b"{ \"settings\": { \"credentialHeaders\": [\"x-partner-key\"], \"secretNames\": [\"pin\"], \"loggers\": [\"audit\"], \"debugRoutes\": [\"/internal\"] } }",
    )]);
    assert_eq!(
        print_config(dir.path(), &["src/app.js"]),
        json!({
            "file": "src/app.js",
            "configFile": "koalint.json",
            "ignored": false,
            "testCode": false,
            "rules": levels(&[]),
            "settings": {
                "credentialHeaders": ["x-partner-key"],
                "debugRoutes": ["/internal"],
                "loggers": ["audit"],
                "models": [],
                "secretNames": ["pin"],
            },
        })
    );
}

#[test]
fn print_config_without_a_config_file_shows_the_defaults() {
    let dir = tree(&[("koalint.json", b"{ \"rulez\": {} }")]);
    let v = print_config(dir.path(), &["--no-config", "src/app.js"]);
    assert_eq!(
        v,
        json!({
            "file": "src/app.js",
            "configFile": null,
            "ignored": false,
            "testCode": false,
            "rules": levels(&[]),
            "settings": empty_settings(),
        })
    );
    // And with the broken file it fails as `check` does.
    let out = koalint(dir.path(), &["print-config", "src/app.js"]);
    assert_config_error(&out);
}

// ---------------------------------------------------------------------------------------------
// Broken configurations
// ---------------------------------------------------------------------------------------------

fn broken(config: &str) -> String {
    let dir = tree(&[("koalint.json", config.as_bytes()), ("app.js", INSECURE)]);
    assert_config_error(&koalint(dir.path(), &["check", "--format", "compact"]))
}

#[test]
fn unknown_key_is_reported_at_the_key_with_a_suggestion() {
    let err = broken("{\n  \"rules\": {},\n  \"rulez\": {}\n}\n");
    assert!(
        err.contains("invalid configuration: unknown field `rulez`, expected one of `$schema`, `rules`, `settings`,"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:3:3]"), "{err}");
    assert!(err.contains("help: did you mean `rules`?"), "{err}");
}

#[test]
fn unknown_settings_key_is_reported_with_a_suggestion() {
    let err = broken("{\n  \"settings\": {\n    \"loger\": []\n  }\n}\n");
    assert!(err.contains("unknown field `loger`"), "{err}");
    assert!(err.contains("╭─[koalint.json:3:5]"), "{err}");
    assert!(err.contains("help: did you mean `loggers`?"), "{err}");
}

#[test]
fn unknown_rule_id_is_reported_at_the_key_with_a_suggestion() {
    let err = broken("{\n  \"rules\": {\n    \"header-loging\": \"warn\"\n  }\n}\n");
    assert!(
        err.contains("invalid configuration: unknown rule id 'header-loging'"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:3:5]"), "{err}");
    assert!(
        err.contains("help: did you mean 'header-logging'?"),
        "{err}"
    );
}

#[test]
fn unknown_rule_id_far_from_any_points_to_the_rules_list() {
    let err = broken("{ \"rules\": { \"no-such-rule\": \"off\" } }");
    assert!(err.contains("unknown rule id 'no-such-rule'"), "{err}");
    assert!(err.contains("╭─[koalint.json:1:14]"), "{err}");
    assert!(
        err.contains("help: `koalint rules` lists the rule ids"),
        "{err}"
    );
}

#[test]
fn unknown_rule_id_in_an_override_is_reported_there() {
    let err = broken(
        "{\n  \"overrides\": [\n    { \"files\": [\"test/**\"], \"rules\": { \"tls-verifcation-disabled\": \"off\" } }\n  ]\n}\n",
    );
    assert!(
        err.contains("unknown rule id 'tls-verifcation-disabled'"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:3:40]"), "{err}");
    assert!(
        err.contains("help: did you mean 'tls-verification-disabled'?"),
        "{err}"
    );
}

#[test]
fn unknown_level_is_reported_at_the_value_with_a_suggestion() {
    let err = broken("{\n  \"rules\": {\n    \"header-logging\": \"warning\"\n  }\n}\n");
    assert!(
        err.contains("unknown variant `warning`, expected one of `off`, `warn`, `error`"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:3:23]"), "{err}");
    assert!(err.contains("help: did you mean `warn`?"), "{err}");
}

#[test]
fn wrong_type_is_reported_on_its_line() {
    let err = broken("{\n  \"ignore\": \"dist\"\n}\n");
    assert!(
        err.contains("invalid configuration: invalid type: string \"dist\", expected a sequence"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:2:"), "{err}");
    assert!(err.contains(" 2 │   \"ignore\": \"dist\""), "{err}");

    let err = broken("{\n  \"rules\": []\n}\n");
    assert!(
        err.contains("invalid type: sequence, expected a map"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:2:"), "{err}");
}

#[test]
fn wrong_type_points_at_the_start_of_the_value() {
    let err = broken("{\n  \"ignore\": \"dist\"\n}\n");
    assert!(err.contains("╭─[koalint.json:2:13]"), "{err}");
    let err = broken("{\n  \"rules\": []\n}\n");
    assert!(err.contains("╭─[koalint.json:2:12]"), "{err}");
}

#[test]
fn missing_override_files_is_a_config_error() {
    let err = broken("{\n  \"overrides\": [ { \"rules\": {} } ]\n}\n");
    assert!(err.contains("missing field `files`"), "{err}");
    assert!(err.contains("╭─[koalint.json:2:"), "{err}");
}

#[test]
fn syntax_error_is_reported_at_its_position() {
    let err = broken(
        "{\n  \"rules\": {\n    \"header-logging\": \"warn\"\n    \"tls-verification-disabled\": \"off\"\n  }\n}\n",
    );
    assert!(
        err.contains("invalid configuration: expected `,` or `}`"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:4:5]"), "{err}");

    let err = broken("{\n  \"rules\": { \"header-logging\" \"warn\" }\n}\n");
    assert!(err.contains("invalid configuration: expected `:`"), "{err}");
    assert!(err.contains("╭─[koalint.json:2:31]"), "{err}");
}

#[test]
fn syntax_error_gets_no_misleading_did_you_mean() {
    let err = broken(
        "{\n  \"rules\": {\n    \"header-logging\": \"warn\"\n    \"tls-verification-disabled\": \"off\"\n  }\n}\n",
    );
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn unterminated_file_is_a_syntax_error() {
    let err = broken("{\n  \"rules\": {\n    \"header-logging\": \"warn\"\n");
    assert!(
        err.contains("invalid configuration: EOF while parsing an object"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:4:1]"), "{err}");
}

#[test]
fn empty_file_is_a_syntax_error() {
    let err = broken("");
    assert!(
        err.contains("invalid configuration: EOF while parsing a value"),
        "{err}"
    );
    assert!(err.contains("╭─[koalint.json:1:1]"), "{err}");
}

#[test]
fn bad_glob_is_a_config_error() {
    let err = broken("{\n  \"ignore\": [\"[z-a]\"]\n}\n");
    assert!(
        err.contains("invalid configuration: bad glob '[z-a]'"),
        "{err}"
    );
}

#[test]
fn bad_glob_points_at_the_glob() {
    let err = broken("{\n  \"ignore\": [\"[z-a]\"]\n}\n");
    // At the quoted glob or at its first character.
    assert!(
        err.contains("╭─[koalint.json:2:14]") || err.contains("╭─[koalint.json:2:15]"),
        "{err}"
    );
}

#[test]
fn a_bom_in_the_config_file_is_accepted() {
    let dir = tree(&[
        (
            "koalint.json",
            b"\xef\xbb\xbf{ \"rules\": { \"tls-verification-disabled\": \"warn\" } }\n",
        ),
        ("app.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "warning")]);
}

#[test]
fn a_broken_config_stops_json_runs_too_and_names_a_config_given_by_flag() {
    let dir = tree(&[
        ("ci/strict.json", b"{\n  \"rulez\": {}\n}\n"),
        ("app.js", INSECURE),
    ]);
    let out = koalint(
        dir.path(),
        &["check", "--format", "json", "--config", "ci/strict.json"],
    );
    let err = assert_config_error(&out);
    assert!(err.contains("╭─[ci/strict.json:2:3]"), "{err}");
}

#[test]
fn a_broken_config_found_from_a_subdirectory_is_reported_with_its_location() {
    let dir = tree(&[
        ("koalint.json", b"{\n  \"rulez\": {}\n}\n"),
        ("src/app.js", INSECURE),
    ]);
    let err = assert_config_error(&koalint(&dir.path().join("src"), &["check"]));
    assert!(err.contains("koalint.json:2:3]"), "{err}");
    assert!(err.contains("help: did you mean `rules`?"), "{err}");
}

#[test]
fn comments_trailing_commas_and_comment_look_alikes_in_strings_are_read_right() {
    let config = br#"// project settings
{
  "$schema": "https://example.com/koalint.schema.json", // a URL with //
  /* "rules": { "tls-verification-disabled": "off" }, */
  "rules": { "header-logging": "warn", },
  "ignore": ["src/**/*.gen.js", "a\"b//c",], // "x"
}
"#;
    let dir = tree(&[
        ("koalint.json", config),
        ("src/app.js", INSECURE),
        ("src/client.gen.js", INSECURE),
        ("src/log.js", LOGS_HEADERS),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            tls("src/app.js", 2, 17, "error"),
            logged("src/log.js", "warning")
        ]
    );
}

#[test]
fn the_readme_example_configuration_is_valid() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let example: String = readme
        .split("```jsonc\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```jsonc block in README.md")
        .to_string();
    let dir = tree(&[("koalint.json", example.as_bytes()), ("app.js", INSECURE)]);
    // Whatever the example sets, it must load: the run lints instead of stopping with exit 2.
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert!(
        !stderr(&out).contains("invalid configuration"),
        "{}",
        stderr(&out)
    );
    assert_ne!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).ends_with(" in 1 file\n"),
        "the file was linted: {}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Rule selection flags
// ---------------------------------------------------------------------------------------------

fn two_rules() -> tempfile::TempDir {
    tree(&[("src/log.js", LOGS_HEADERS), ("src/tls.js", INSECURE)])
}

#[test]
fn rule_flag_runs_only_the_named_rules() {
    let dir = two_rules();
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--rule", "header-logging"],
    );
    assert_eq!(lines(&out), [logged("src/log.js", "error")]);
    assert_eq!(out.status.code(), Some(1));

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--rule",
            "header-logging",
            "--rule",
            "tls-verification-disabled",
        ],
    );
    assert_eq!(
        lines(&out),
        [
            logged("src/log.js", "error"),
            tls("src/tls.js", 2, 17, "error")
        ]
    );

    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--rule", "debug-echo-route"],
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn disable_flag_turns_a_rule_off() {
    let dir = two_rules();
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--disable",
            "header-logging",
        ],
    );
    assert_eq!(lines(&out), [tls("src/tls.js", 2, 17, "error")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn warn_flag_turns_an_error_into_a_warning_and_exit_0() {
    let dir = tree(&[("src/tls.js", INSECURE)]);
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--warn",
            "tls-verification-disabled",
        ],
    );
    assert_eq!(lines(&out), [tls("src/tls.js", 2, 17, "warning")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "1 problem (0 errors, 1 warning) in 1 file\n");
}

#[test]
fn deny_flag_turns_a_warning_into_an_error_and_wins_over_the_file() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"rules\": { \"header-logging\": \"warn\", \"tls-verification-disabled\": \"off\" } }",
        ),
        ("src/log.js", LOGS_HEADERS),
        ("src/tls.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [logged("src/log.js", "warning")]);
    assert_eq!(out.status.code(), Some(0));

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--deny",
            "header-logging",
            "--deny",
            "tls-verification-disabled",
        ],
    );
    assert_eq!(
        lines(&out),
        [
            logged("src/log.js", "error"),
            tls("src/tls.js", 2, 17, "error")
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn max_warnings_exceeded_exits_1_with_a_line_on_stderr() {
    let dir = tree(&[("src/log.js", LOGS_HEADERS)]);
    let args = [
        "check",
        "--format",
        "compact",
        "--warn",
        "header-logging",
        "--max-warnings",
    ];
    let out = koalint(dir.path(), &[&args[..], &["0"]].concat());
    assert_eq!(lines(&out), [logged("src/log.js", "warning")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let err_lines: Vec<&str> = err.lines().collect();
    assert_eq!(err_lines.len(), 2, "{err}");
    assert_eq!(err_lines[0], "1 problem (0 errors, 1 warning) in 1 file");
    assert!(
        err_lines[1].starts_with("koalint: 1 warning")
            && err_lines[1].ends_with(" more than --max-warnings 0"),
        "{err}"
    );

    let out = koalint(dir.path(), &[&args[..], &["1"]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "1 problem (0 errors, 1 warning) in 1 file\n");
}

#[test]
fn max_warnings_line_is_singular_for_one_warning() {
    let dir = tree(&[("src/log.js", LOGS_HEADERS)]);
    let out = koalint(
        dir.path(),
        &["check", "--warn", "header-logging", "--max-warnings", "0"],
    );
    assert!(
        stderr(&out).contains("koalint: 1 warning is more than --max-warnings 0\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quiet_reports_errors_only() {
    let dir = two_rules();
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--quiet",
            "--warn",
            "header-logging",
        ],
    );
    assert_eq!(lines(&out), [tls("src/tls.js", 2, 17, "error")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "1 problem (1 error, 0 warnings) in 1 file\n");

    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--quiet",
            "--warn",
            "header-logging",
            "--disable",
            "tls-verification-disabled",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v[0]["filePath"], "src/log.js");
    assert_eq!(v[0]["messages"], json!([]));
    assert_eq!(v[0]["warningCount"], 0);
}

#[test]
fn unknown_id_in_any_selection_flag_is_exit_2_with_a_suggestion() {
    let dir = two_rules();
    for flag in ["--rule", "--disable", "--warn", "--deny"] {
        let out = koalint(dir.path(), &["check", flag, "header-loging"]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert_eq!(stdout(&out), "", "{flag}: nothing linted");
        assert_eq!(
            stderr(&out),
            "koalint: unknown rule 'header-loging'; did you mean 'header-logging'?\n",
            "{flag}"
        );
    }
    let out = koalint(dir.path(), &["check", "--warn", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "koalint: unknown rule 'nope'\n");
}

#[test]
fn selection_flags_accept_the_suppression_diagnostics() {
    let src: &[u8] = b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\n\nhttps.request({ rejectUnauthorized: false });\n";
    let dir = tree(&[("a.js", src)]);
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--deny",
            "unused-ignore",
            "--disable",
            "tls-verification-disabled",
        ],
    );
    // With the rule off the directive is not reported as unused.
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));

    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--deny", "unused-ignore"],
    );
    assert_eq!(
        lines(&out),
        [
            "a.js:2:1: error: koalint-ignore for 'tls-verification-disabled' silenced nothing [unused-ignore]".to_string(),
            tls("a.js", 4, 17, "error"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Colour
// ---------------------------------------------------------------------------------------------

fn has_ansi(o: &Output) -> bool {
    o.stdout.contains(&0x1b)
}

#[test]
fn color_auto_is_plain_in_a_pipe_unless_force_color_is_set() {
    let dir = tree(&[("a.js", INSECURE)]);
    let out = koalint_env(dir.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!has_ansi(&out), "{}", stdout(&out));
    let out = koalint_env(dir.path(), &["check"], &[("FORCE_COLOR", "1")]);
    assert!(has_ansi(&out), "{}", stdout(&out));
    let out = koalint_env(
        dir.path(),
        &["check"],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert!(
        has_ansi(&out),
        "FORCE_COLOR forces colour even with NO_COLOR"
    );
    let out = koalint_env(dir.path(), &["check"], &[("FORCE_COLOR", "")]);
    assert!(!has_ansi(&out), "an empty FORCE_COLOR is not set");
}

#[test]
fn color_never_and_always_win_over_the_environment() {
    let dir = tree(&[("a.js", INSECURE)]);
    let out = koalint_env(
        dir.path(),
        &["check", "--color", "never"],
        &[("FORCE_COLOR", "1")],
    );
    assert!(!has_ansi(&out), "{}", stdout(&out));
    let out = koalint_env(
        dir.path(),
        &["check", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(has_ansi(&out), "{}", stdout(&out));
    assert!(stdout(&out).contains("tls-verification-disabled"));
    // Colour is for the pretty format only.
    let out = koalint_env(
        dir.path(),
        &["check", "--color", "always", "--format", "compact"],
        &[],
    );
    assert_eq!(lines(&out), [tls("a.js", 2, 17, "error")]);
}

// ---------------------------------------------------------------------------------------------
// Inline suppressions
// ---------------------------------------------------------------------------------------------

fn check_compact(files: &[(&str, &[u8])]) -> Output {
    let dir = tree(files);
    koalint(dir.path(), &["check", "--format", "compact"])
}

#[test]
fn line_directive_silences_the_next_line() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\nhttps.request({ rejectUnauthorized: false });\nhttps.get({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(lines(&out), [tls("a.js", 4, 13, "error")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn line_directive_silences_only_the_rules_it_names() {
    let src: &[u8] = b"const Koa = require('koa');\nconst https = require('https');\nconst app = new Koa();\napp.use(async (ctx) => {\n  // koalint-ignore header-logging -- reviewed in SEC-1\n  console.log(ctx.headers, https.request({ rejectUnauthorized: false }));\n});\n";
    let out = check_compact(&[("a.js", src)]);
    assert_eq!(lines(&out), [tls("a.js", 6, 44, "error")]);
}

#[test]
fn two_ids_in_one_directive_silence_both() {
    let src: &[u8] = b"const Koa = require('koa');\nconst https = require('https');\nconst app = new Koa();\napp.use(async (ctx) => {\n  // koalint-ignore header-logging, tls-verification-disabled -- reviewed in SEC-1\n  console.log(ctx.headers, https.request({ rejectUnauthorized: false }));\n});\n";
    let out = check_compact(&[("a.js", src)]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "no problems in 1 file\n");
}

#[test]
fn block_comment_line_directive_silences_the_next_line() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n/* koalint-ignore tls-verification-disabled -- test CA only */\nhttps.request({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn file_directive_silences_the_whole_file_in_block_and_line_form() {
    let block: &[u8] = b"/* koalint-ignore-file tls-verification-disabled -- fixtures use a self-signed CA */\nconst https = require('https');\nhttps.request({ rejectUnauthorized: false });\n\nhttps.get({ rejectUnauthorized: false });\n";
    let line: &[u8] = b"#!/usr/bin/env node\n// koalint-ignore-file tls-verification-disabled -- fixtures use a self-signed CA\nconst https = require('https');\nhttps.request({ rejectUnauthorized: false });\n";
    let ts: &[u8] = b"/* koalint-ignore-file tls-verification-disabled -- fixtures */\nimport https from 'https';\nhttps.request({ rejectUnauthorized: false } as any);\n";
    let out = check_compact(&[("block.js", block), ("line.js", line), ("c.ts", ts)]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "no problems in 3 files\n");
}

#[test]
fn directive_on_the_wrong_line_is_unused_and_the_finding_stays() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\n\nhttps.request({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            "a.js:2:1: warning: koalint-ignore for 'tls-verification-disabled' silenced nothing [unused-ignore]".to_string(),
            tls("a.js", 4, 17, "error"),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unused_directive_alone_is_a_warning_and_exit_0() {
    let out = check_compact(&[(
        "a.js",
        b"// koalint-ignore header-logging -- nothing is logged here\nconst x = 1;\n",
    )]);
    assert_eq!(
        lines(&out),
        ["a.js:1:1: warning: koalint-ignore for 'header-logging' silenced nothing [unused-ignore]"]
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_trailing_directive_does_not_silence_its_own_line() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\nhttps.request({ rejectUnauthorized: false }); // koalint-ignore tls-verification-disabled -- same line\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            tls("a.js", 2, 17, "error"),
            "a.js:2:47: warning: koalint-ignore for 'tls-verification-disabled' silenced nothing [unused-ignore]".to_string(),
        ]
    );
}

#[test]
fn directive_text_in_strings_and_template_literals_does_nothing() {
    let src: &[u8] = b"const https = require('https');\nconst a = '// koalint-ignore tls-verification-disabled -- no';\nconst b = `\n/* koalint-ignore tls-verification-disabled -- no */`;\nhttps.request({ rejectUnauthorized: false });\nconst c = `\n// koalint-ignore tls-verification-disabled -- no\n${https.get({ rejectUnauthorized: false })}`;\n";
    let out = check_compact(&[("a.js", src)]);
    assert_eq!(
        lines(&out),
        [tls("a.js", 5, 17, "error"), tls("a.js", 8, 15, "error")],
        "no suppression and no unused-ignore for look-alikes"
    );
    assert_eq!(out.status.code(), Some(1));

    let file_lookalike: &[u8] = b"const s = '/* koalint-ignore-file tls-verification-disabled -- no */';\nconst https = require('https');\nhttps.request({ rejectUnauthorized: false });\n";
    let out = check_compact(&[("b.js", file_lookalike)]);
    assert_eq!(lines(&out), [tls("b.js", 3, 17, "error")]);
}

#[test]
fn file_directive_after_code_is_unused_with_a_note() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n/* koalint-ignore-file tls-verification-disabled -- too late */\nhttps.request({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            "a.js:2:1: warning: koalint-ignore-file for 'tls-verification-disabled' silenced nothing (a koalint-ignore-file directive must come before any code) [unused-ignore]".to_string(),
            tls("a.js", 3, 17, "error"),
        ]
    );
}

#[test]
fn unknown_rule_in_a_directive_is_an_error_with_a_suggestion() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n// koalint-ignore tls-verification-disable -- typo\nhttps.request({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            "a.js:2:1: error: koalint-ignore names an unknown rule 'tls-verification-disable'; did you mean 'tls-verification-disabled'? [unknown-rule]".to_string(),
            tls("a.js", 3, 17, "error"),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unknown_rule_alone_exits_1_and_a_directive_naming_nothing_is_one() {
    let out = check_compact(&[(
        "a.js",
        b"// koalint-ignore-file no-such-rule -- typo\n// koalint-ignore -- no ids\nconst x = 1;\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            "a.js:1:1: error: koalint-ignore-file names an unknown rule 'no-such-rule' [unknown-rule]",
            "a.js:2:1: error: koalint-ignore names no rule [unknown-rule]",
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_reason_is_a_warning_and_the_directive_still_works() {
    let out = check_compact(&[(
        "a.js",
        b"const https = require('https');\n// koalint-ignore tls-verification-disabled\nhttps.request({ rejectUnauthorized: false });\n// koalint-ignore tls-verification-disabled --\nhttps.get({ rejectUnauthorized: false });\n",
    )]);
    assert_eq!(
        lines(&out),
        [
            "a.js:2:1: warning: koalint-ignore gives no reason [missing-reason]",
            "a.js:4:1: warning: koalint-ignore gives no reason [missing-reason]",
        ]
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "2 problems (0 errors, 2 warnings) in 1 file\n"
    );
}

#[test]
fn suppression_diagnostic_levels_are_set_in_the_config() {
    let src: &[u8] = b"const https = require('https');\n// koalint-ignore tls-verification-disabled\nhttps.request({ rejectUnauthorized: false });\n// koalint-ignore header-logging -- nothing logged\nconst x = 1;\n// koalint-ignore header-loggin -- typo\nconst y = 2;\n";
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"rules\": { \"unused-ignore\": \"error\", \"missing-reason\": \"off\", \"unknown-rule\": \"warn\" } }",
        ),
        ("a.js", src),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            "a.js:4:1: error: koalint-ignore for 'header-logging' silenced nothing [unused-ignore]",
            "a.js:6:1: warning: koalint-ignore names an unknown rule 'header-loggin'; did you mean 'header-logging'? [unknown-rule]",
        ]
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        print_config(dir.path(), &["a.js"])["rules"],
        levels(&[
            ("unused-ignore", "error"),
            ("missing-reason", "off"),
            ("unknown-rule", "warn")
        ])
    );
}

#[test]
fn quiet_drops_suppression_warnings() {
    let dir = tree(&[(
        "a.js",
        b"// koalint-ignore header-logging\nconst x = 1;\n" as &[u8],
    )]);
    let out = koalint(dir.path(), &["check", "--format", "compact", "--quiet"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "no problems in 1 file\n");
}

// ---------------------------------------------------------------------------------------------
// --include-suppressed
// ---------------------------------------------------------------------------------------------

#[test]
fn include_suppressed_adds_suppressed_messages_with_the_justification() {
    let reasoned: &[u8] = b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\nhttps.request({ rejectUnauthorized: false });\n";
    let bare: &[u8] = b"/* koalint-ignore-file tls-verification-disabled */\nconst https = require('https');\nhttps.request({ rejectUnauthorized: false });\n";
    let dir = tree(&[("a.js", reasoned), ("b.js", bare)]);
    let out = koalint(
        dir.path(),
        &["check", "--format", "json", "--include-suppressed"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "suppressed findings do not fail"
    );
    let v = json_of(&out);
    let a = &v[0];
    assert_eq!(a["filePath"], "a.js");
    assert_eq!(a["messages"], json!([]));
    assert_eq!(
        (a["errorCount"].as_u64(), a["warningCount"].as_u64()),
        (Some(0), Some(0))
    );
    let s = a["suppressedMessages"]
        .as_array()
        .expect("suppressedMessages");
    assert_eq!(s.len(), 1, "{a}");
    assert_eq!(s[0]["ruleId"], "tls-verification-disabled");
    assert_eq!(s[0]["severity"], 2);
    assert_eq!(
        (s[0]["line"].as_u64(), s[0]["column"].as_u64()),
        (Some(3), Some(17))
    );
    assert_eq!(
        s[0]["suppressions"],
        json!([{ "kind": "directive", "justification": "test CA only" }])
    );

    let b = &v[1];
    assert_eq!(b["filePath"], "b.js");
    assert_eq!(
        b["messages"]
            .as_array()
            .map(|m| m.iter().map(|m| m["ruleId"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("missing-reason")])
    );
    assert_eq!(
        b["suppressedMessages"][0]["suppressions"],
        json!([{ "kind": "directive", "justification": "" }])
    );
}

#[test]
fn without_include_suppressed_json_has_no_suppressed_messages() {
    let dir = tree(&[(
        "a.js",
        b"const https = require('https');\n// koalint-ignore tls-verification-disabled -- test CA only\nhttps.request({ rejectUnauthorized: false });\n" as &[u8],
    )]);
    let out = koalint(dir.path(), &["check", "--format", "json"]);
    let v = json_of(&out);
    assert_eq!(v[0]["messages"], json!([]));
    assert!(v[0].get("suppressedMessages").is_none(), "{v}");

    // Other formats do not show suppressed findings even with the flag.
    let out = koalint(
        dir.path(),
        &["check", "--format", "compact", "--include-suppressed"],
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn test_code_is_quiet_by_default_and_every_other_file_is_not() {
    let dir = tree(&[
        ("src/app.js", INSECURE),
        ("src/test-utils.js", INSECURE),
        ("test/helpers.js", INSECURE),
        ("packages/api/__tests__/client.js", INSECURE),
        ("lib/session.spec.ts", INSECURE),
        ("lib/session.test.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--no-config", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            tls("src/app.js", 2, 17, "error"),
            tls("src/test-utils.js", 2, 17, "error")
        ]
    );
    let v = print_config(dir.path(), &["--no-config", "lib/session.spec.ts"]);
    assert_eq!(v["testCode"], true);
    assert_eq!(
        v["rules"],
        levels(&[
            ("debug-echo-route", "off"),
            ("hardcoded-secret", "off"),
            ("header-logging", "off"),
            ("key-in-query", "off"),
            ("mtls-client-unverified", "off"),
            ("timing-unsafe-compare", "off"),
            ("tls-verification-disabled", "off"),
            ("verbose-error", "off"),
        ])
    );
}

#[test]
fn tests_rules_turn_a_rule_back_on_in_test_code_and_overrides_still_win() {
    let config = br#"{
  "tests": { "rules": { "tls-verification-disabled": "warn" } },
  "overrides": [ { "files": ["test/e2e/**"], "rules": { "tls-verification-disabled": "error" } } ],
}"#;
    let dir = tree(&[
        ("koalint.json", config),
        ("test/helpers.js", INSECURE),
        ("test/e2e/live.js", INSECURE),
        ("test/log.js", LOGS_HEADERS),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            tls("test/e2e/live.js", 2, 17, "error"),
            tls("test/helpers.js", 2, 17, "warning")
        ]
    );
}

#[test]
fn tests_files_replace_the_built_in_globs_and_an_empty_list_lints_tests_as_code() {
    let dir = tree(&[
        ("koalint.json", br#"{ "tests": { "files": ["qa/**"] } }"#),
        ("qa/smoke.js", INSECURE),
        ("test/helpers.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("test/helpers.js", 2, 17, "error")]);

    fs::write(
        dir.path().join("koalint.json"),
        r#"{ "tests": { "files": [] } }"#,
    )
    .expect("write");
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(
        lines(&out),
        [
            tls("qa/smoke.js", 2, 17, "error"),
            tls("test/helpers.js", 2, 17, "error")
        ]
    );
}

#[test]
fn an_unknown_rule_id_under_tests_is_a_config_error() {
    let dir = tree(&[(
        "koalint.json",
        br#"{ "tests": { "rules": { "tls-verfication-disabled": "warn" } } }"#,
    )]);
    let out = koalint(dir.path(), &["check"]);
    let err = assert_config_error(&out);
    assert!(
        err.contains("unknown rule id 'tls-verfication-disabled'"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// init, schema
// ---------------------------------------------------------------------------------------------

#[test]
fn init_writes_a_working_starter_and_the_schema() {
    let dir = tree(&[("src/app.js", INSECURE), ("test/helpers.js", INSECURE)]);
    let out = koalint(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), "wrote koalint.json and koalint.schema.json\n");

    let starter = fs::read_to_string(dir.path().join("koalint.json")).expect("koalint.json");
    assert!(
        starter.starts_with("// koalint configuration."),
        "{starter}"
    );
    assert!(
        starter.contains("\"$schema\": \"./koalint.schema.json\""),
        "{starter}"
    );
    let schema = fs::read_to_string(dir.path().join("koalint.schema.json")).expect("schema");
    let printed = koalint(dir.path(), &["schema"]);
    assert_eq!(schema, stdout(&printed), "init writes what `schema` prints");

    // The starter is a valid configuration, found and used by check and print-config. Its
    // override is only an example in a comment; test code is quiet as by default.
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(lines(&out), [tls("src/app.js", 2, 17, "error")]);
    let v = print_config(dir.path(), &["src/app.js"]);
    assert_eq!(v["configFile"], "koalint.json");
    assert_eq!(v["rules"], levels(&[]));
}

#[test]
fn init_refuses_to_overwrite_an_existing_config() {
    let dir = tree(&[("koalint.json", b"{ /* mine */ }")]);
    let out = koalint(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "koalint: koalint.json already exists; not overwriting it\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("koalint.json")).expect("read"),
        "{ /* mine */ }"
    );
    assert!(!dir.path().join("koalint.schema.json").exists());

    // A second init after a first one fails the same way.
    let dir = tree(&[]);
    assert_eq!(koalint(dir.path(), &["init"]).status.code(), Some(0));
    let out = koalint(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_does_not_claim_to_write_a_schema_it_kept() {
    let dir = tree(&[("koalint.schema.json", b"{\"old\": true}")]);
    let out = koalint(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let schema = fs::read_to_string(dir.path().join("koalint.schema.json")).expect("schema");
    let current = stdout(&koalint(dir.path(), &["schema"]));
    assert!(
        schema == current
            || stdout(&out).contains("kept the existing koalint.schema.json")
            || !stdout(&out).contains("koalint.schema.json"),
        "kept the old schema but said: {}",
        stdout(&out)
    );
}

#[test]
fn schema_describes_the_config_file() {
    let dir = tree(&[]);
    let out = koalint(dir.path(), &["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["title"], "koalint configuration");
    assert_eq!(v["additionalProperties"], false);
    let mut keys: Vec<&str> = v["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "$schema",
            "ignore",
            "overrides",
            "rules",
            "settings",
            "tests"
        ]
    );
    assert_eq!(v["$defs"]["Level"]["enum"], json!(["off", "warn", "error"]));
    let schema_text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/koalint.schema.json"))
            .expect("committed schema");
    assert_eq!(stdout(&out), schema_text);
}

// ---------------------------------------------------------------------------------------------
// Paths reached through `..` (bugs)
// ---------------------------------------------------------------------------------------------

#[test]
fn overrides_apply_to_files_reached_through_dot_dot() {
    let dir = tree(&[
        ("koalint.json", SCRIPTS_TLS_OFF),
        ("src/app.js", INSECURE),
        ("scripts/a.js", INSECURE),
    ]);
    let src = dir.path().join("src");
    let out = koalint(&src, &["check", "--format", "compact", "../scripts"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
    let out = koalint(&src, &["check", "--format", "compact", ".."]);
    assert_eq!(lines(&out), [tls("../src/app.js", 2, 17, "error")]);
    assert_eq!(
        print_config(&src, &["../scripts/a.js"])["rules"],
        levels(&[("tls-verification-disabled", "off")])
    );
}

#[test]
fn print_config_agrees_with_check_on_ignored_files_reached_through_dot_dot() {
    let dir = tree(&[
        ("koalint.json", b"{ \"ignore\": [\"test/**\"] }"),
        ("test/a.js", INSECURE),
    ]);
    let src = dir.path().join("src");
    fs::create_dir_all(&src).expect("mkdir");
    let out = koalint(&src, &["check", "--format", "compact", "../test/a.js"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(print_config(&src, &["../test/a.js"])["ignored"], true);
}

#[test]
fn a_config_named_through_dot_dot_keeps_its_globs() {
    let dir = tree(&[
        (
            "koalint.json",
            b"{ \"ignore\": [\"test/**\"], \"overrides\": [{ \"files\": [\"src/**\"], \"rules\": { \"tls-verification-disabled\": \"warn\" } }] }",
        ),
        ("src/app.js", INSECURE),
        ("test/a.js", INSECURE),
    ]);
    let src = dir.path().join("src");
    let out = koalint(
        &src,
        &[
            "check",
            "--format",
            "compact",
            "--config",
            "../koalint.json",
        ],
    );
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "warning")]);
    let out = koalint(
        &src,
        &[
            "check",
            "--format",
            "compact",
            "--config",
            "../koalint.json",
            "..",
        ],
    );
    assert_eq!(lines(&out), [tls("../src/app.js", 2, 17, "warning")]);
}

#[test]
fn rule_flag_runs_a_rule_the_file_turned_off() {
    let dir = tree(&[
        (".git/HEAD", b""),
        (
            "koalint.json",
            b"{ \"rules\": { \"tls-verification-disabled\": \"off\" } }",
        ),
        ("app.js", INSECURE),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(0));
    let out = koalint(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--rule",
            "tls-verification-disabled",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out), [tls("app.js", 2, 17, "error")]);
}

#[test]
fn max_warnings_counts_the_warnings_quiet_hides() {
    let dir = tree(&[(".git/HEAD", b""), ("app.js", INSECURE)]);
    let args = [
        "check",
        "--format",
        "compact",
        "--warn",
        "tls-verification-disabled",
        "--quiet",
        "--max-warnings",
        "0",
    ];
    let out = koalint(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("koalint: 1 warning is more than --max-warnings 0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_directive_after_the_use_strict_prologue_still_counts() {
    let src = b"'use strict';\n// koalint-ignore-file tls-verification-disabled -- fixtures use a self-signed CA\nconst https = require('https');\nhttps.request({ rejectUnauthorized: false });\n";
    let dir = tree(&[(".git/HEAD", b""), ("app.js", src)]);
    let out = koalint(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn include_suppressed_lists_suppressed_messages_for_every_file() {
    let dir = tree(&[(".git/HEAD", b""), ("clean.js", b"const a = 1;\n")]);
    let out = koalint(
        dir.path(),
        &["check", "--format", "json", "--include-suppressed"],
    );
    let v = json_of(&out);
    assert_eq!(
        v[0]["suppressedMessages"],
        json!([]),
        "ESLint writes an empty array"
    );
    let out = koalint(dir.path(), &["check", "--format", "json"]);
    assert!(json_of(&out)[0].get("suppressedMessages").is_none());
}
