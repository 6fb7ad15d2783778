//! End-to-end: the user's own catalogue rows, `settings.models` in `koalint.json`, through the
//! real binary. Each kind of row (`logger`, `log-function`, `secret-source`, `credential-sink`)
//! turns a call of an in-house package into a finding at an exact line, and the same file without
//! the row is the negative control. Broken rows are configuration errors: exit 2, nothing linted,
//! the file and the offending string named.
//!
//! Every temporary tree has its own `.git` folder, so that discovery stops at the tree and no
//! `koalint.json` above it can leak in.

mod common;

use common::{assert_config_error, koalint, stderr, stdout, tree};
use serde_json::{Value, json};

/// A `koalint.json` with these `settings.models` rows.
fn config(rows: &[Value]) -> Vec<u8> {
    serde_json::to_vec_pretty(&json!({ "settings": { "models": rows } })).expect("JSON")
}

/// `(line, rule)` of every finding `check --format json` reports for `file` in a tree made of
/// `koalint.json` (with `rows`, or none at all) and the file.
fn findings(rows: Option<&[Value]>, file: &str, source: &str) -> Vec<(u64, String)> {
    let cfg = rows.map(config);
    let mut files: Vec<(&str, &[u8])> = vec![(file, source.as_bytes())];
    if let Some(cfg) = &cfg {
        files.push(("koalint.json", cfg));
    }
    let dir = tree(&files);
    let out = koalint(dir.path(), &["check", "--format", "json", file]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        )
    });
    let mut found: Vec<(u64, String)> = report
        .as_array()
        .expect("an array of files")
        .iter()
        .flat_map(|f| f["messages"].as_array().expect("messages").clone())
        .map(|m| {
            (
                m["line"].as_u64().expect("line"),
                m["ruleId"].as_str().expect("ruleId").to_string(),
            )
        })
        .collect();
    found.sort();
    // Every rule here is an error by default: findings exit 1, none exit 0.
    let code = if found.is_empty() { 0 } else { 1 };
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(&out));
    found
}

fn at(line: u64, rule: &str) -> (u64, String) {
    (line, rule.to_string())
}

// ---------------------------------------------------------------------------------------------
// logger
// ---------------------------------------------------------------------------------------------

const ACME_LOGGER: &str = "\
import Koa from 'koa';
import Router from '@koa/router';
import { log, createAudit } from '@acme/logger';
import { log as localLog } from '@acme/metrics';

const app = new Koa();
const router = new Router();
const audit = createAudit('partners');

router.get('/partners/:id', async (ctx) => {
  log.event(ctx.headers);
  audit.record('lookup', ctx.get('authorization'));
  localLog.event(ctx.headers);
  log.event({ method: ctx.method, url: ctx.url });
  ctx.body = { id: ctx.params.id };
});

app.use(router.routes());
export default app;
";

#[test]
fn a_logger_row_makes_every_method_of_the_export_a_log_write() {
    let rows = [
        json!({ "package": "@acme/logger", "path": "Member[log]", "kind": "logger" }),
        json!({ "package": "@acme/logger", "path": "Member[createAudit].ReturnValue", "kind": "logger" }),
    ];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_LOGGER),
        [at(11, "header-logging"), at(12, "header-logging")],
        "`log.event(ctx.headers)` and the made logger's `record`; not another package's `log`, \
         not the method and url"
    );
}

#[test]
fn spaces_around_a_step_and_inside_its_brackets_are_not_part_of_the_name() {
    let rows = [
        json!({ "package": "@acme/logger", "path": "Member[ log ]", "kind": "logger" }),
        json!({ "package": "@acme/logger", "path": " Member[createAudit] . ReturnValue", "kind": "logger" }),
    ];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_LOGGER),
        [at(11, "header-logging"), at(12, "header-logging")]
    );
}

#[test]
fn without_the_logger_row_an_unknown_method_of_log_writes_nothing() {
    assert_eq!(findings(None, "src/app.js", ACME_LOGGER), []);
    assert_eq!(findings(Some(&[]), "src/app.js", ACME_LOGGER), []);
    // A row for another package leaves `@acme/logger` unknown.
    let other = [json!({ "package": "@acme/log", "path": "Member[log]", "kind": "logger" })];
    assert_eq!(findings(Some(&other), "src/app.js", ACME_LOGGER), []);
}

#[test]
fn a_scope_row_names_every_package_of_the_scope() {
    let rows = [json!({ "package": "@acme/*", "path": "Member[log]", "kind": "logger" })];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_LOGGER),
        [at(11, "header-logging"), at(13, "header-logging")],
        "`@acme/*` covers `@acme/logger` and `@acme/metrics`; `createAudit` has no row"
    );
}

// ---------------------------------------------------------------------------------------------
// secret-source
// ---------------------------------------------------------------------------------------------

const ACME_VAULT: &str = "\
import Koa from 'koa';
import Router from '@koa/router';
import vault from '@acme/vault';

const app = new Koa();
const router = new Router();

router.get('/partners/:id', async (ctx) => {
  const key = await vault.read('partner');
  console.log(key);
  if (ctx.get('x-api-key') === key) {
    ctx.body = { ok: true };
  }
  const region = await vault.region('partner');
  console.log(region);
});

app.use(router.routes());
export default app;
";

#[test]
fn a_secret_source_row_makes_the_value_read_a_secret_to_log() {
    let rows = [
        json!({ "package": "@acme/vault", "path": "Member[read].ReturnValue", "kind": "secret-source" }),
    ];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_VAULT),
        [
            at(10, "header-logging"),
            // The comparison is reported because `x-api-key` is a credential header, with or
            // without the row (the next test gives the row its own comparison).
            at(11, "timing-unsafe-compare"),
        ],
        "the secret read is logged; `vault.region(…)` is no secret"
    );
}

#[test]
fn without_the_secret_source_row_the_value_read_is_not_a_secret() {
    assert_eq!(
        findings(None, "src/app.js", ACME_VAULT),
        [at(11, "timing-unsafe-compare")]
    );
}

/// What a secret-source row should also do: a comparison of the stored secret with a request
/// value that is not itself a credential header is timing-unsafe. Today only the header side of
/// a comparison makes it a finding (`secret_source` values reach header-logging, not
/// timing-unsafe-compare).
#[test]
fn a_secret_source_row_makes_a_comparison_with_the_value_read_timing_unsafe() {
    let source = "\
import Koa from 'koa';
import Router from '@koa/router';
import vault from '@acme/vault';

const app = new Koa();
const router = new Router();

router.get('/partners/:id', async (ctx) => {
  const key = await vault.read('partner');
  if (ctx.get('x-partner-ref') === key) {
    ctx.body = { ok: true };
  }
});

app.use(router.routes());
export default app;
";
    let rows = [
        json!({ "package": "@acme/vault", "path": "Member[read].ReturnValue", "kind": "secret-source" }),
    ];
    assert_eq!(findings(None, "src/app.js", source), []);
    assert_eq!(
        findings(Some(&rows), "src/app.js", source),
        [at(10, "timing-unsafe-compare")]
    );
}

// ---------------------------------------------------------------------------------------------
// credential-sink
// ---------------------------------------------------------------------------------------------

const ACME_AUTH: &str = "\
import Koa from 'koa';
import Router from '@koa/router';
import { signToken, connect } from '@acme/auth';

const app = new Koa();
const router = new Router();
const directory = connect({ host: 'directory.internal', password: 'changeme' });

router.post('/tokens', async (ctx) => {
  const payload = { sub: ctx.request.body.partnerId };
  const token = signToken(payload, 'hunter2');
  const signed = signToken(payload, process.env.PARTNER_SIGNING_KEY);
  const labelled = signToken('hunter2-label', process.env.PARTNER_SIGNING_KEY);
  ctx.body = { token, signed, labelled, directory };
});

app.use(router.routes());
export default app;
";

#[test]
fn a_credential_sink_row_makes_a_literal_at_the_argument_a_hardcoded_secret() {
    let rows = [
        json!({ "package": "@acme/auth", "path": "Member[signToken].Argument[1]", "kind": "credential-sink" }),
        json!({ "package": "@acme/auth", "path": "Member[connect].Argument[0].Member[password]", "kind": "credential-sink" }),
    ];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_AUTH),
        [at(7, "hardcoded-secret"), at(11, "hardcoded-secret")],
        "the option and argument 1 as literals; not the environment, not argument 0"
    );
}

#[test]
fn without_the_credential_sink_row_a_weak_literal_is_no_secret() {
    assert_eq!(findings(None, "src/app.js", ACME_AUTH), []);
    // A row for another argument does not make argument 1 a sink.
    let rows = [
        json!({ "package": "@acme/auth", "path": "Member[signToken].Argument[2]", "kind": "credential-sink" }),
    ];
    assert_eq!(findings(Some(&rows), "src/app.js", ACME_AUTH), []);
}

// ---------------------------------------------------------------------------------------------
// log-function
// ---------------------------------------------------------------------------------------------

const ACME_TRACE: &str = "\
const Koa = require('koa');
const Router = require('@koa/router');
const { emit, span } = require('@acme/trace');

const app = new Koa();
const router = new Router();
const trace = span('partners');

router.get('/partners/:id', async (ctx) => {
  emit('partner.lookup', ctx.get('authorization'));
  trace(ctx.request.headers);
  emit('partner.lookup', { method: ctx.method, path: ctx.path });
  ctx.body = { id: ctx.params.id };
});

app.use(router.routes());
module.exports = app;
";

#[test]
fn a_log_function_row_makes_calls_of_the_function_log_writes() {
    let rows = [
        json!({ "package": "@acme/trace", "path": "Member[emit]", "kind": "log-function" }),
        json!({ "package": "@acme/trace", "path": "Member[span].ReturnValue", "kind": "log-function" }),
    ];
    assert_eq!(
        findings(Some(&rows), "src/app.js", ACME_TRACE),
        [at(10, "header-logging"), at(11, "header-logging")],
        "the header through `emit` and the headers through the function `span` made"
    );
}

#[test]
fn without_the_log_function_row_the_calls_write_nothing() {
    assert_eq!(findings(None, "src/app.js", ACME_TRACE), []);
}

// ---------------------------------------------------------------------------------------------
// Broken rows
// ---------------------------------------------------------------------------------------------

/// Runs `check` in a tree whose `koalint.json` has the one row `row` (on line 4) and returns
/// stderr's message with the wrapping of long lines undone, and the `file:line:column` it points at.
fn broken_row(row: &str) -> (String, String) {
    let cfg = format!("{{\n  \"settings\": {{\n    \"models\": [\n      {row}\n    ]\n  }}\n}}\n");
    let dir = tree(&[
        ("koalint.json", cfg.as_bytes()),
        (
            "app.js",
            b"const Koa = require('koa');\nconst app = new Koa();\nmodule.exports = app;\n",
        ),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "json"]);
    let err = assert_config_error(&out);
    let message = message_of(&err);
    let location = err
        .split("╭─[")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_else(|| panic!("no location: {err}"))
        .to_string();
    assert!(
        err.contains("help: see `settings.models` in the README for the row format")
            || message.starts_with("unknown variant"),
        "{err}"
    );
    (message, location)
}

/// The message after `invalid configuration: `, its continuation lines (`│ …`) joined.
fn message_of(err: &str) -> String {
    let start = err.find("invalid configuration: ").expect("message") + 23;
    let mut message = String::new();
    for (i, line) in err[start..].lines().enumerate() {
        let text = if i == 0 {
            line
        } else {
            match line.trim_start().strip_prefix('│') {
                Some(rest) => rest,
                None => break,
            }
        };
        if !message.is_empty() {
            message.push(' ');
        }
        message.push_str(text.trim());
    }
    message
}

#[test]
fn an_unknown_step_is_an_error_at_the_path() {
    let (message, location) = broken_row(
        r#"{ "package": "@acme/logger", "path": "Member[log].Bogus", "kind": "logger" }"#,
    );
    assert_eq!(
        message,
        "unknown step `Bogus` in the access path `Member[log].Bogus`: the steps are \
         `Member[name]`, `ReturnValue`, `Instance` and `Argument[n]`"
    );
    assert_eq!(location, "koalint.json:4:44");
}

#[test]
fn an_argument_that_is_not_a_number_is_an_error_at_the_path() {
    let (message, location) = broken_row(
        r#"{ "package": "@acme/auth", "path": "Member[signToken].Argument[x]", "kind": "credential-sink" }"#,
    );
    assert_eq!(
        message,
        "`Argument[x]` in the access path `Member[signToken].Argument[x]`: the argument is a \
         number from 0"
    );
    assert_eq!(location, "koalint.json:4:42");
}

#[test]
fn a_credential_sink_without_an_argument_is_an_error_at_the_path() {
    let (message, location) = broken_row(
        r#"{ "package": "@acme/auth", "path": "Member[signToken]", "kind": "credential-sink" }"#,
    );
    assert_eq!(
        message,
        "a credential sink's access path ends at the argument that takes the credential \
         (`…Argument[n]`): `Member[signToken]`"
    );
    assert_eq!(location, "koalint.json:4:42");
}

#[test]
fn an_argument_in_a_logger_row_is_an_error_at_the_path() {
    let (message, location) = broken_row(
        r#"{ "package": "@acme/logger", "path": "Member[log].Argument[0]", "kind": "logger" }"#,
    );
    assert_eq!(
        message,
        "`Argument[…]` only belongs in a `credential-sink` row's access path: \
         `Member[log].Argument[0]`"
    );
    assert_eq!(location, "koalint.json:4:44");
}

#[test]
fn a_relative_package_is_an_error() {
    let (message, location) =
        broken_row(r#"{ "package": "./lib/log", "path": "Member[log]", "kind": "logger" }"#);
    assert_eq!(
        message,
        "a model's package is a package name, not a path: `./lib/log`"
    );
    assert!(location.starts_with("koalint.json:4:"), "{location}");
}

/// The error is about the package, so it points at `"./lib/log"` (column 20), not at the row's
/// path.
#[test]
fn a_relative_package_is_an_error_at_the_package() {
    let (_, location) =
        broken_row(r#"{ "package": "./lib/log", "path": "Member[log]", "kind": "logger" }"#);
    assert_eq!(location, "koalint.json:4:20");
}

/// The second row is the broken one; its path is written the same as the first row's, and the
/// error points at the second row (line 5), not at the first occurrence of the string.
#[test]
fn a_broken_row_is_pointed_at_even_when_an_earlier_row_has_the_same_path() {
    let cfg = "{\n  \"settings\": {\n    \"models\": [\n      { \"package\": \"@acme/logger\", \"path\": \"Member[log]\", \"kind\": \"logger\" },\n      { \"package\": \"@acme/auth\", \"path\": \"Member[log]\", \"kind\": \"credential-sink\" }\n    ]\n  }\n}\n";
    let dir = tree(&[
        ("koalint.json", cfg.as_bytes()),
        ("app.js", b"module.exports = {};\n"),
    ]);
    let err = assert_config_error(&koalint(dir.path(), &["check"]));
    assert!(err.contains("╭─[koalint.json:5:42]"), "{err}");
}

#[test]
fn an_unknown_kind_is_an_error_at_the_kind() {
    let (message, location) =
        broken_row(r#"{ "package": "@acme/logger", "path": "Member[log]", "kind": "audit-log" }"#);
    assert_eq!(
        message,
        "unknown variant `audit-log`, expected one of `logger`, `log-function`, `secret-source`, \
         `credential-sink`"
    );
    assert_eq!(location, "koalint.json:4:67");
}

#[test]
fn a_good_row_next_to_nothing_broken_lints() {
    // The control for the broken rows: the same tree with a valid row exits 0 and lints.
    let cfg =
        config(&[json!({ "package": "@acme/logger", "path": "Member[log]", "kind": "logger" })]);
    let dir = tree(&[
        ("koalint.json", cfg.as_slice()),
        (
            "app.js",
            b"const Koa = require('koa');\nconst app = new Koa();\nmodule.exports = app;\n",
        ),
    ]);
    let out = koalint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(!stderr(&out).contains("invalid configuration"));
}
