//! Model tests: what the model says an expression is. Each source calls `probe(…)` on the
//! expression under test; the test reads what the model says of `probe`'s arguments.

use std::path::Path;

use swc_ecma_ast::Expr;

use super::{Carried, FileModel, KoaObj, Value, unwrap_expr};
use crate::parse;

/// Runs `f` on the model of `src` and the arguments of every `probe(…)` call, in source order.
fn with_probes(
    src: &str,
    ext: &str,
    f: impl for<'a> FnOnce(&FileModel<'a>, Vec<(super::ScopeId, &'a Expr)>),
) {
    let program = parse::parse(Path::new(&format!("t.{ext}")), src).expect("test source parses");
    let model = FileModel::build(&program, super::Vocabulary::standard());
    let probes = model
        .calls
        .iter()
        .filter(|c| matches!(c.callee.map(unwrap_expr), Some(Expr::Ident(i)) if &*i.sym == "probe"))
        .map(|c| (c.scope, &*c.args[0].expr))
        .collect();
    f(&model, probes);
}

fn has(left: &[swc_atoms::Atom], name: &str) -> bool {
    left.iter().any(|h| h == name)
}

fn carried(src: &str, ext: &str) -> Vec<Vec<Carried>> {
    let mut out = Vec::new();
    with_probes(src, ext, |m, probes| {
        for (scope, e) in probes {
            out.push(m.carried(scope, e).into_iter().map(|t| t.what).collect());
        }
    });
    out
}

fn is_context(src: &str, ext: &str) -> Vec<bool> {
    let mut out = Vec::new();
    with_probes(src, ext, |m, probes| {
        for (scope, e) in probes {
            out.push(matches!(m.value(scope, e), Value::Koa(KoaObj::Context, _)));
        }
    });
    out
}

#[test]
fn handlers_are_found_by_position_whatever_the_parameter_is_called() {
    let src = r#"
const Koa = require('koa');
const Router = require('@koa/router');
const compose = require('koa-compose');
const app = new Koa();
const router = new Router();
app.use(async (c, next) => { probe(c); });
router.get('/x', auth, async function (context) { probe(context); });
async function named(k, next) { probe(k); }
app.use(named);
app.use(compose([async (z, next) => { probe(z); }]));
module.exports = (api) => { api.use(async (q) => { probe(q); }); };
function helper(ctx) { probe(ctx); }
"#;
    assert_eq!(is_context(src, "js"), [true, true, true, true, true, false]);
}

#[test]
fn exported_factories_typed_parameters_and_koa1_generators() {
    let src = r#"
import type { Context, ParameterizedContext } from 'koa';
export default () => async (ctx, next) => { probe(ctx); await next(); };
export function typed(c: Context) { probe(c); }
export const param = (c: ParameterizedContext) => { probe(c); };
export function notMiddleware(a, b) { probe(a); return a + b; }
"#;
    assert_eq!(is_context(src, "ts"), [true, true, true, false]);
    let koa1 = "const app = require('koa')();\napp.use(function* (next) { probe(this); yield next; });\nfunction plain() { probe(this); }\n";
    assert_eq!(is_context(koa1, "js"), [true, false]);
}

#[test]
fn header_sources_and_destructuring_including_parameters() {
    let src = r#"
const app = new (require('koa'))();
app.use(async ({ request, headers: h }, next) => {
  const { authorization: auth } = h;
  const { headers } = request;
  probe(auth);
  probe(headers);
  probe(request.get('X-API-Key'));
  probe(h['user-agent']);
});
"#;
    let got = carried(src, "js");
    assert_eq!(got[0], [Carried::Header("authorization".into())]);
    assert!(matches!(&got[1][..], [Carried::AllHeaders(left)] if has(left, "cookie")));
    assert_eq!(got[2], [Carried::Header("x-api-key".into())]);
    assert!(got[3].is_empty(), "user-agent is harmless");
}

#[test]
fn shadowing_a_header_binding_hides_it() {
    let src = r#"
const app = new (require('koa'))();
app.use(async (ctx) => {
  const headers = ctx.headers;
  [1].forEach((headers) => probe(headers));
  { const headers = { accept: 'json' }; probe(headers); }
  probe(headers);
});
"#;
    let got = carried(src, "js");
    assert!(got[0].is_empty() && got[1].is_empty());
    assert_eq!(got[2].len(), 1);
}

#[test]
fn redacted_copies_carry_only_what_is_left() {
    let all_but_key = r#"
const app = new (require('koa'))();
app.use(async (ctx) => {
  probe({ ...ctx.headers, 'x-api-key': '[REDACTED]' });
  const copy = { ...ctx.request.headers };
  delete copy.authorization;
  delete copy.cookie;
  copy['set-cookie'] = undefined;
  probe(copy);
  const none = Object.assign({}, ctx.headers);
  for (const h of ['a']) {}
  probe(JSON.stringify(none));
});
"#;
    let got = carried(all_but_key, "js");
    let Carried::AllHeaders(left) = &got[0][0] else {
        panic!("{:?}", got[0])
    };
    assert!(has(left, "authorization") && has(left, "cookie") && !has(left, "x-api-key"));
    let Carried::AllHeaders(left) = &got[1][0] else {
        panic!("{:?}", got[1])
    };
    assert!(!has(left, "authorization") && !has(left, "cookie") && !has(left, "set-cookie"));
    assert!(has(left, "x-api-key"));
    assert!(matches!(&got[2][..], [Carried::AllHeaders(_)]));

    let every = super::CREDENTIAL_HEADERS
        .iter()
        .map(|h| format!("'{h}': undefined"))
        .collect::<Vec<_>>()
        .join(", ");
    let clean = format!(
        "const app = new (require('koa'))();\napp.use(async (ctx) => {{ probe({{ ...ctx.headers, {every} }}); }});\n"
    );
    assert_eq!(carried(&clean, "js"), [Vec::<Carried>::new()]);
}

#[test]
fn flows_through_strings_calls_and_bindings() {
    let src = r#"
const util = require('util');
const app = new (require('koa'))();
app.use(async (ctx) => {
  let line = `auth=${ctx.get('authorization')}`;
  probe(line);
  probe('key: ' + ctx.cookies.get('sid'));
  probe(util.inspect(ctx.request));
  probe(String(process.env.API_KEY));
  probe(ctx.get('authorization').length);
  probe([ctx.method, ctx.url, ctx.status]);
  probe({ env: process.env });
});
"#;
    let got = carried(src, "js");
    assert_eq!(got[0], [Carried::Header("authorization".into())]);
    assert_eq!(got[1], [Carried::Cookie("sid".into())]);
    assert_eq!(got[2], [Carried::WholeRequest(KoaObj::Request)]);
    assert_eq!(got[3], [Carried::SecretEnv("API_KEY".into())]);
    assert!(got[4].is_empty(), ".length is harmless");
    assert!(got[5].is_empty(), "method, url, status are harmless");
    assert_eq!(got[6], [Carried::ProcessEnv]);
}

/// The model of `src` (a `.js` file) handed to `f`.
fn with_model(src: &str, f: impl for<'a> FnOnce(&FileModel<'a>)) {
    with_probes(src, "js", |m, _| f(m));
}

#[test]
fn comparisons_know_loops_early_exits_and_switch_cases() {
    let src = "function eq(a, b) {\n  if (a.length !== b.length) return false;\n  for (let i = 0; i < a.length; i++) {\n    if (a[i] !== b[i]) { ok = false; break; }\n  }\n  const same = a == b;\n  switch (a) { case 'x': case y: break; }\n  const inner = () => a === b;\n  return a.length === b.length && same;\n}\n";
    with_model(src, |m| {
        let facts: Vec<(bool, bool, bool, Option<u32>)> = m
            .comparisons
            .iter()
            .map(|c| (c.negated, c.in_loop, c.exits, c.switch))
            .collect();
        assert_eq!(
            facts,
            [
                (true, false, true, None),   // length exit
                (true, true, true, None),    // per-element exit inside the loop
                (false, false, false, None), // plain `==`
                (false, false, false, Some(0)),
                (false, false, false, Some(0)),
                (false, false, false, None), // inside a nested arrow: its own function
                (false, false, true, None),  // left of `&&` in a return
            ]
        );
        assert!(!m.comparisons[2].strict && m.comparisons[0].strict);
    });
}

#[test]
fn guards_catch_scopes_and_watched_reads() {
    let src = "try { run(); } catch (err) {\n  probe(err);\n}\nif (app.env === 'development') { show(); } else hide();\nconst k = ctx.query.api_key;\nconst cn = cert.subject.CN;\nconst n = obj.name;\n";
    with_probes(src, "js", |m, probes| {
        let (scope, _) = probes[0];
        let catch = m
            .in_catch(scope)
            .expect("the probe stands in a catch clause");
        let param = m.catch_param(catch).expect("the catch clause declares err");
        assert_eq!(&*m.binding(param).name, "err");
        assert_eq!(m.guards.len(), 1);
        assert!(m.guards[0].alt.is_some() && !m.guards[0].cons_exits);
        let reads: Vec<&str> = m.named_reads.iter().map(|r| &*r.prop).collect();
        assert_eq!(reads, ["api_key", "subject"]);
    });
}

#[test]
fn key_literals_and_query_string_builds_are_indexed() {
    let aws = format!("AKIA{}", "Q3ZMPLB7ZJ4NQWKR");
    let src = format!(
        "const a = '{aws}';\nconst b = 'AKIAIOSFODNN7EXAMPLE';\nconst c = `Bearer {aws} ${{x}}`;\nconst u = `https://h/p?key=${{k}}`;\nconst v = 'https://h/p?key=' + k;\nconst w = `https://h/p/${{k}}`;\n"
    );
    with_model(&src, |m| {
        assert_eq!(m.key_literals.len(), 2, "{:?}", m.key_literals);
        assert!(
            m.key_literals
                .iter()
                .all(|(_, f)| *f == "AWS access key id")
        );
        assert_eq!(m.url_parts.len(), 2);
    });
}

#[test]
fn class_fields_parameter_properties_and_jsx_strings_are_named_values() {
    let src = "class C {\n  apiKey = 'x';\n  #token = 'y';\n  constructor(private secret = 'z') {}\n}\nconst el = <Map apiKey=\"k\" label=\"l\" />;\n";
    let program = parse::parse(Path::new("t.tsx"), src).expect("parses");
    let model = FileModel::build(&program, super::Vocabulary::standard());
    let names: Vec<&str> = model.named_values.iter().map(|v| &*v.name).collect();
    assert_eq!(names, ["apiKey", "token", "secret"]);
    let attrs: Vec<&str> = model.jsx_strings.iter().map(|(n, _, _)| &**n).collect();
    assert_eq!(attrs, ["apiKey", "label"]);
}

#[test]
fn digits_are_words_and_pagination_cursors_are_not_secrets() {
    assert_eq!(super::words("apiKey2"), ["api", "key", "2"]);
    assert_eq!(super::words("oauth2Token"), ["oauth", "2", "token"]);
    assert!(super::is_secret_name("apiKey2"));
    for name in [
        "nextPageToken",
        "page_token",
        "continuationToken",
        "cursorToken",
    ] {
        assert!(!super::is_secret_name(name), "{name}");
    }
}

#[test]
fn initializers_and_origins_follow_names_written_once() {
    let src = "const p = new URLSearchParams(q);\nconst r = p;\nlet c = 1;\nc = 2;\nconst { d } = o;\nfunction f(e) { probe(e); }\nprobe(r);\nprobe(c);\nprobe(d);\nprobe(undeclared);\n";
    with_probes(src, "js", |m, probes| {
        let (e, r, c, d, u) = (probes[0], probes[1], probes[2], probes[3], probes[4]);
        assert!(
            m.initializer(e.0, e.1).is_none(),
            "a parameter has no initializer"
        );
        let (_, origin) = m.origin(r.0, r.1);
        assert!(
            matches!(origin, Expr::New(_)),
            "r leads through p to `new URLSearchParams`"
        );
        assert!(
            m.initializer(r.0, r.1)
                .is_some_and(|(_, i)| matches!(i, Expr::Ident(_)))
        );
        assert!(m.initializer(c.0, c.1).is_none(), "a reassigned let");
        assert!(m.initializer(d.0, d.1).is_none(), "a destructured name");
        assert!(m.initializer(u.0, u.1).is_none(), "a global");
        assert!(
            matches!(m.origin(c.0, c.1).1, Expr::Ident(_)),
            "origin stops at c"
        );
    });
}

#[test]
fn error_responses_are_catch_listener_and_error_status_bodies() {
    let src = "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx, next) => {\n  try { await next(); } catch (err) { ctx.body = 1; }\n  if (x) { ctx.status = 401; return; }\n  ctx.body = 2;\n  ctx.status = 502;\n  ctx.body = 3;\n});\napp.on('error', (err, ctx) => { ctx.body = 4; });\n";
    with_model(src, |m| {
        let bodies: Vec<bool> = m
            .member_writes
            .iter()
            .filter(|w| &*w.prop == "body")
            .map(|w| m.is_error_response(w))
            .collect();
        // In a catch; after a status set inside an `if` that returned (not around it); after a
        // 5xx status in the same scope; in an error listener.
        assert_eq!(bodies, [true, false, true, true]);
    });
}

#[test]
fn function_declarations_and_named_expressions_are_found_by_the_function_they_name() {
    let src = "function a() { function b() {} return b; }\nfunction b() { const a = () => 1; return a; }\nconst c = function d() {};";
    let program = parse::parse(Path::new("t.js"), src).expect("parses");
    let m = FileModel::build(&program, super::Vocabulary::standard());
    let mut declared = Vec::new();
    for i in 0..m.functions.len() {
        let f = super::FunctionId(i as u32);
        if let Some(b) = m.declared_function(f) {
            let binding = m.binding(b);
            let text = &src[super::byte_range(m.function(f).span)];
            assert!(
                text.starts_with(&format!("function {}(", binding.name)),
                "function {i} is `{text}`, declared as `{}`",
                binding.name
            );
            declared.push(binding.name.to_string());
        }
    }
    declared.sort();
    assert_eq!(declared, ["a", "b", "b", "d"]);
}
