//! End-to-end robustness: hostile and broken input never crashes, hangs or derails a run.
//! Every case lints a generated tree with the real binary (default worker pool and stack) and
//! checks that the broken file gets exactly one diagnostic and the others are still linted.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    BIN, INSECURE, assert_no_panic_text, compact_lines, koalint, koalint_env, lines_for, stderr,
    stdout, tree,
};

/// The finding in [`INSECURE`], as the compact format prints its start.
const INSECURE_AT: &str = ":2:17: error:";

fn check_compact(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--format", "compact"];
    args.extend_from_slice(extra);
    let out = koalint(dir, &args);
    assert_no_panic_text(&out);
    out
}

fn assert_one_diagnostic(out: &std::process::Output, path: &str, rule: &str, text: &str) {
    let lines = lines_for(out, path);
    assert_eq!(lines.len(), 1, "{path}: {lines:#?}\n{}", stdout(out));
    assert!(
        lines[0].ends_with(&format!("[{rule}]")) && lines[0].contains(text),
        "{path}: {}",
        lines[0]
    );
}

fn assert_insecure_found(out: &std::process::Output, path: &str) {
    let lines = lines_for(out, path);
    assert_eq!(lines.len(), 1, "{path}: {}", stdout(out));
    assert!(
        lines[0].starts_with(&format!("{path}{INSECURE_AT}")),
        "{}",
        lines[0]
    );
}

#[test]
fn syntax_errors_of_many_kinds_are_one_parse_error_each_and_the_rest_is_linted() {
    let broken: &[(&str, &[u8])] = &[
        (
            "unclosed-template.js",
            b"const a = `text ${b} more\nconst c = 1;\n",
        ),
        ("stray-brace.js", b"function f() {}\n}\nconst x = 1;\n"),
        // Annotations alone are Flow (they parse); a parameter property is TypeScript only.
        (
            "ts-in-js.js",
            b"class S { constructor(private port: number) {} }\n",
        ),
        (
            "jsx-in-ts.ts",
            b"const el = <div className=\"a\">hi</div>;\n",
        ),
        ("unclosed-string.mjs", b"const s = 'no end\n;\n"),
        ("unclosed-comment.cjs", b"/* never closed\nconst a = 1;\n"),
        ("unclosed-regex.js", b"const r = /abc\n;\n"),
        ("half-arrow.tsx", b"app.use(async (ctx) => {\n"),
        ("keyword-soup.js", b"if if while (;;) {}\n"),
        ("bad-escape.js", b"const s = '\\u{110000}';\n"),
    ];
    let mut files: Vec<(&str, &[u8])> = broken.to_vec();
    files.push(("good.js", INSECURE));
    let dir = tree(&files);
    let out = check_compact(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for (path, _) in broken {
        assert_one_diagnostic(&out, path, "parse-error", "cannot parse this file");
    }
    assert_insecure_found(&out, "good.js");
}

#[test]
fn undecodable_empty_and_odd_files_are_reported_or_clean_never_fatal() {
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("const a = 1;\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("const a = 1;\n".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let dir = tree(&[
        ("latin1.js", b"const s = '\xe9t\xe9';\n"),
        ("truncated-utf8.js", b"const s = '\xe2\x82';\n"),
        ("nul-in-code.js", b"const a = 1;\0\nconst b = 2;\n"),
        ("nul-in-string.js", b"const a = 'x\0y';\n"),
        ("utf16le.js", &utf16le),
        ("utf16be.ts", &utf16be),
        ("empty.js", b""),
        ("only-bom.ts", b"\xef\xbb\xbf"),
        ("bom-then-nothing-but-space.js", b"\xef\xbb\xbf \n\n"),
        ("good.js", INSECURE),
    ]);
    let out = check_compact(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_one_diagnostic(&out, "latin1.js", "io-error", "not valid UTF-8");
    assert_one_diagnostic(&out, "truncated-utf8.js", "io-error", "not valid UTF-8");
    assert_one_diagnostic(&out, "utf16le.js", "io-error", "UTF-16");
    assert_one_diagnostic(&out, "utf16be.ts", "io-error", "UTF-16");
    assert_one_diagnostic(&out, "nul-in-code.js", "parse-error", "cannot parse");
    for clean in [
        "nul-in-string.js",
        "empty.js",
        "only-bom.ts",
        "bom-then-nothing-but-space.js",
    ] {
        assert!(
            lines_for(&out, clean).is_empty(),
            "{clean}: {}",
            stdout(&out)
        );
    }
    assert_insecure_found(&out, "good.js");
    assert!(
        stderr(&out).contains("6 problems (6 errors, 0 warnings) in 6 files"),
        "{}",
        stderr(&out)
    );
}

const DEPTH: usize = 100_000;

/// Sources nested `DEPTH` deep in every way the grammar allows.
fn deep_sources() -> Vec<(String, String)> {
    let n = DEPTH;
    let chain = |sep: &str| vec!["a"; n].join(sep);
    vec![
        (
            "parens.js",
            format!("x = {}1{};\n", "(".repeat(n), ")".repeat(n)),
        ),
        ("sum.js", format!("x = {};\n", chain("+"))),
        ("and-or.js", format!("x = {};\n", chain(" && b || "))),
        (
            "arrays.js",
            format!("x = {}{};\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "objects.js",
            format!("x = {}1{};\n", "{a:".repeat(n), "}".repeat(n)),
        ),
        ("arrows.js", format!("f = {}1;\n", "() => ".repeat(n))),
        (
            "functions.js",
            format!("{}{}\n", "function f() {".repeat(n), "}".repeat(n)),
        ),
        (
            "calls.js",
            format!("{}{};\n", "f(".repeat(n), ")".repeat(n)),
        ),
        ("call-chain.js", format!("f{};\n", "()".repeat(n))),
        ("members.js", format!("a{};\n", ".b".repeat(n))),
        ("unary.js", format!("x = {}a;\n", "!".repeat(n))),
        ("assignments.js", format!("{}1;\n", "a = ".repeat(n))),
        ("ternaries.js", format!("x = {}c;\n", "a ? b : ".repeat(n))),
        (
            "templates.js",
            format!("x = {}1{};\n", "`${".repeat(n), "}`".repeat(n)),
        ),
        ("blocks.js", format!("{}{}\n", "{".repeat(n), "}".repeat(n))),
        ("nested-ifs.js", format!("{}f();\n", "if (a)\n".repeat(n))),
        (
            "nested-whiles.js",
            format!("{}f();\n", "while (a) ".repeat(n)),
        ),
        (
            "else-if-chain.js",
            format!("if (a) {{}}\n{}", "else if (a) {\n  f();\n}\n".repeat(n)),
        ),
        (
            "jsx.jsx",
            format!("x = {}{};\n", "<a>".repeat(n), "</a>".repeat(n)),
        ),
        (
            "generic-types.ts",
            format!("let x: {}number{};\n", "Array<".repeat(n), ">".repeat(n)),
        ),
        (
            "conditional-types.ts",
            format!("type T = {}D;\n", "A extends B ? C : ".repeat(n)),
        ),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s))
    .collect()
}

#[test]
fn nesting_100_000_deep_is_a_parse_error_never_a_stack_overflow() {
    let sources = deep_sources();
    let mut files: Vec<(&str, &[u8])> = sources
        .iter()
        .map(|(p, s)| (p.as_str(), s.as_bytes()))
        .collect();
    files.push(("good.js", INSECURE));
    // Deep, but within the limit: the model and the rules follow the value through 2 000
    // parentheses.
    let handler = format!(
        "const Koa = require('koa');\nconst app = new Koa();\napp.use((ctx) => {{\n  console.log({}ctx.headers{});\n}});\n",
        "(".repeat(2_000),
        ")".repeat(2_000)
    );
    files.push(("handler.js", handler.as_bytes()));
    let dir = tree(&files);
    // Over the size limit as well: some are megabytes.
    let out = check_compact(dir.path(), &["--max-file-size", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for (path, _) in &sources {
        assert_one_diagnostic(&out, path, "parse-error", "nested too deeply");
    }
    assert_insecure_found(&out, "good.js");
    let handler_lines = lines_for(&out, "handler.js");
    assert_eq!(handler_lines.len(), 1, "{}", stdout(&out));
    assert!(
        handler_lines[0].ends_with("[header-logging]"),
        "{handler_lines:?}"
    );
}

/// A realistic Koa module of about `bytes` bytes: routes that read keys, query and respond,
/// and at its very end one `rejectUnauthorized: false`.
fn big_module(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 4096);
    s.push_str("const https = require('https');\nconst Router = require('@koa/router');\nconst router = new Router();\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "\n// Handler {i}: checks the partner key, reads the orders, answers.\n\
             router.get('/partners/{i}/orders', async (ctx, next) => {{\n\
             \x20 const key{i} = ctx.get('x-api-key');\n\
             \x20 if (!key{i} || key{i}.length < 16) {{\n\
             \x20   ctx.status = 401;\n\
             \x20   return;\n\
             \x20 }}\n\
             \x20 const orders{i} = await db.query('SELECT * FROM orders WHERE partner = $1', [ctx.params.id, {i}]);\n\
             \x20 ctx.body = {{ count: orders{i}.length, items: orders{i}.map((o) => ({{ id: o.id, total: o.total * 1.2 }})) }};\n\
             \x20 await next();\n\
             }});\n"
        ));
        i += 1;
    }
    s.push_str("https.request({ rejectUnauthorized: false });\nmodule.exports = router;\n");
    s
}

fn last_line_number(text: &str) -> usize {
    text.lines().count()
}

#[test]
fn a_50_mb_file_is_skipped_with_a_note_by_default_and_linted_when_allowed() {
    let big = big_module(50 * 1024 * 1024);
    let finding_line = last_line_number(&big) - 1;
    let dir = tree(&[("vendor/huge.js", big.as_bytes()), ("good.js", INSECURE)]);
    drop(big);

    let out = check_compact(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("skipped 1 file larger than --max-file-size 2 MiB: vendor/huge.js"),
        "{}",
        stderr(&out)
    );
    assert!(lines_for(&out, "vendor/huge.js").is_empty());
    assert_insecure_found(&out, "good.js");

    let started = std::time::Instant::now();
    let out = check_compact(dir.path(), &["--max-file-size", "64MiB"]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = lines_for(&out, "vendor/huge.js");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("vendor/huge.js:{finding_line}:17:"))
            && lines[0].ends_with("[tls-verification-disabled]"),
        "{}",
        lines[0]
    );
    // Generous: a debug build on a busy 2-core machine takes about 20 s.
    assert!(took.as_secs() < 300, "took {took:?}");
}

#[test]
fn a_5_mb_minified_line_is_skipped_by_default_and_never_printed_whole() {
    let mut line = String::from("const https=require('https');");
    let mut i = 0;
    while line.len() < 5 * 1024 * 1024 {
        line.push_str(&format!(
            "function f{i}(a,b){{return a.x{i}+b.y*{i}||g(a,[b,{i}],{{k:{i}}})}}"
        ));
        i += 1;
    }
    line.push_str("https.request({rejectUnauthorized:!1});\n");
    let column = line.find("rejectUnauthorized").expect("finding") + 1;
    let dir = tree(&[("bundle.js", line.as_bytes()), ("good.js", INSECURE)]);

    let out = check_compact(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("skipped 1 file larger than --max-file-size 2 MiB: bundle.js"),
        "{}",
        stderr(&out)
    );

    let out = koalint(
        dir.path(),
        &["check", "--color", "never", "--max-file-size", "8MiB"],
    );
    assert_no_panic_text(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("bundle.js:1:{column}:")),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.contains("⟦rejectUnauthorized:!1⟧"),
        "the excerpt shows the span"
    );
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 300, "a {longest}-character line was printed");
}

#[cfg(unix)]
#[test]
fn links_permissions_and_paths_that_are_not_there() {
    use std::os::unix::fs::{PermissionsExt, symlink};

    let dir = tree(&[
        ("src/app.js", INSECURE),
        ("locked/secret.js", INSECURE),
        ("src/unreadable.js", INSECURE),
    ]);
    let root = dir.path();
    symlink(root, root.join("src/loop")).expect("loop");
    symlink("self-loop.js", root.join("src/self-loop.js")).expect("self loop");
    symlink(root.join("nowhere.js"), root.join("src/dangling.js")).expect("dangling");
    fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o000)).expect("chmod");
    fs::set_permissions(
        root.join("src/unreadable.js"),
        fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    // Root reads through permission bits (CI runs as root): then there is nothing to deny.
    let privileged = fs::read_dir(root.join("locked")).is_ok();

    // Links met during the walk are not followed: no loop, no dangling error.
    let out = check_compact(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_insecure_found(&out, "src/app.js");
    for link in ["src/loop", "src/self-loop.js", "src/dangling.js"] {
        assert!(lines_for(&out, link).is_empty(), "{}", stdout(&out));
    }
    if privileged {
        eprintln!("note: running as root, permission bits deny nothing; not asserting io-errors");
        assert_insecure_found(&out, "locked/secret.js");
        assert_insecure_found(&out, "src/unreadable.js");
    } else {
        assert_one_diagnostic(&out, "locked", "io-error", "permission denied");
        assert_one_diagnostic(&out, "src/unreadable.js", "io-error", "permission denied");
    }

    // A path named twice (and once through `./` and once inside a named folder) is linted once.
    let out = check_compact(root, &["src/app.js", "./src/app.js", "src", "src/app.js"]);
    assert_eq!(lines_for(&out, "src/app.js").len(), 1, "{}", stdout(&out));

    // A path that is not there: exit 2 with one line, nothing linted (the run stops).
    for missing in ["nope.js", "src/dangling.js", "src/self-loop.js"] {
        let out = check_compact(root, &["src/app.js", missing]);
        assert_eq!(out.status.code(), Some(2), "{missing}");
        assert_eq!(stdout(&out), "", "nothing is linted");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("koalint: ") && err.contains(missing),
            "{err}"
        );
    }
    let out = check_compact(root, &["src/self-loop.js"]);
    assert!(
        stderr(&out).contains("symbolic links"),
        "a link loop says so: {}",
        stderr(&out)
    );

    fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_file_removed_between_the_walk_and_the_read_is_an_io_error() {
    let dir = tree(&[("a.js", INSECURE), ("gone.js", INSECURE)]);
    let cwd = dir.path();
    let files = koalint::files::collect(&[cwd.to_path_buf()], cwd, None).expect("walk");
    assert_eq!(files.len(), 2);
    fs::remove_file(cwd.join("gone.js")).expect("remove");
    let linter = koalint::engine::Linter::new(koalint::config::Config::defaults(cwd), cwd.into());
    let reports = linter.lint_files(&files, 1).expect("lint");
    let gone = reports
        .iter()
        .find(|r| r.path.ends_with("gone.js"))
        .expect("report");
    assert_eq!(gone.diagnostics.len(), 1);
    assert_eq!(gone.diagnostics[0].rule, "io-error");
    assert!(
        gone.diagnostics[0].message.contains("no longer exists"),
        "{}",
        gone.diagnostics[0].message
    );
    let a = reports
        .iter()
        .find(|r| r.path.ends_with("a.js"))
        .expect("report");
    assert_eq!(a.diagnostics[0].rule, "tls-verification-disabled");
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    // Enough findings to fill the pipe many times over.
    let many = "const https = require('https');\n".to_string()
        + &"https.request({ rejectUnauthorized: false });\n".repeat(5_000);
    let dir = tree(&[("a.js", many.as_bytes()), ("b.js", many.as_bytes())]);
    for format in ["compact", "pretty", "json"] {
        let mut child = Command::new(BIN)
            .args(["check", "--format", format, "--color", "never"])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("koalint starts");
        // `koalint check | head -1`
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("a first line");
        let out = child.wait_with_output().expect("koalint ends");
        assert!(!first.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{format}: nothing on stderr"
        );
        // The exit code is the run's own: findings.
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_inside_a_rule_is_an_internal_error_and_the_run_completes() {
    let dir = tree(&[
        ("boom.js", b"// koalint-debug-panic\nconsole.log(1);\n"),
        ("good.js", INSECURE),
        ("z-after.js", INSECURE),
    ]);
    let env = [("NO_COLOR", "1"), ("KOALINT_DEBUG_PANIC", "header-logging")];
    let out = koalint_env(dir.path(), &["check", "--format", "compact"], &env);
    assert_no_panic_text(&out);
    assert_eq!(out.status.code(), Some(2), "an internal error exits 2");
    let boom = lines_for(&out, "boom.js");
    assert_eq!(boom.len(), 1, "{}", stdout(&out));
    assert!(boom[0].ends_with("[internal-error]"), "{}", boom[0]);
    assert!(boom[0].contains("please report"), "{}", boom[0]);
    assert!(
        boom[0].contains(&format!("koalint {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        boom[0]
    );
    assert!(
        boom[0].contains("header-logging panics on request"),
        "{}",
        boom[0]
    );
    assert_insecure_found(&out, "good.js");
    assert_insecure_found(&out, "z-after.js");

    // The pretty format too, and the summary still comes.
    let out = koalint_env(dir.path(), &["check"], &env);
    assert_no_panic_text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("internal-error"), "{}", stdout(&out));
    assert!(stderr(&out).contains("3 problems"), "{}", stderr(&out));

    // Without the variable nothing panics.
    let out = check_compact(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(lines_for(&out, "boom.js").is_empty());
}

/// `testdata/regressions/`: what fuzzing found. Two swc debug assertions or panics on broken
/// input (now a parse-error), thousands of directives on one line (quadratic columns, fixed), and
/// two TypeScript inputs on which swc's parser backtracks super-linearly over `<` (not fixed: a
/// few seconds each in a debug build; they stay here so that a regression to a hang shows).
#[test]
fn every_fuzz_finding_lints_cleanly_as_a_regression() {
    let regressions = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/regressions");
    let out = koalint(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--format",
            "compact",
            "--no-config",
            regressions.to_str().expect("UTF-8 path"),
        ],
    );
    assert_no_panic_text(&out);
    let files = fs::read_dir(&regressions)
        .expect("testdata/regressions")
        .count();
    assert!(files >= 5);
    let lines = compact_lines(&out);
    assert!(
        !lines.iter().any(|l| l.ends_with("[internal-error]")),
        "{lines:#?}"
    );
    assert_ne!(out.status.code(), Some(2), "{lines:#?}");
}

#[test]
fn many_findings_and_directives_on_long_lines_and_blank_runs_stay_linear() {
    // Each of these took minutes (or hung) before: columns counted along a 1 MB line for every
    // finding, miette scanning from the file's start for every snippet, the nesting scan
    // looking ahead over every blank line.
    let one_line = "const https = require('https');\n".to_string()
        + &"https.request({ rejectUnauthorized: false });".repeat(20_000)
        + "\n";
    let directives = "const a = 1;\n".to_string()
        + &"/* koalint-ignore-file tls-verification-disabled */".repeat(10_000)
        + "\n";
    let per_line = "const a = 1;\n".to_string()
        + &"// koalint-ignore tls-verification-disabled -- r\n".repeat(10_000);
    let blank = format!("a{}b\n", "\n".repeat(1_500_000));
    let dir = tree(&[
        ("one-line.js", one_line.as_bytes()),
        ("directives.ts", directives.as_bytes()),
        ("per-line.js", per_line.as_bytes()),
        ("blank.js", blank.as_bytes()),
    ]);
    for format in ["compact", "pretty"] {
        let started = std::time::Instant::now();
        let out = koalint(
            dir.path(),
            &["check", "--format", format, "--color", "never"],
        );
        let took = started.elapsed();
        assert_no_panic_text(&out);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("50000 problems (20000 errors, 30000 warnings) in 3 files"),
            "{}",
            stderr(&out)
        );
        // Seconds in a debug build; the quadratic versions took minutes.
        assert!(took.as_secs() < 120, "{format} took {took:?}");
    }
}

#[test]
fn random_mixtures_of_deep_constructs_never_crash() {
    // Brackets, functions, JSX, templates and prefix operators interleaved with line breaks and
    // strings, comments and regexes that hold closing brackets: what a nesting scan could
    // miscount. A small LCG keeps the files the same from run to run.
    const OPENS: &[(&str, &str)] = &[
        ("(", ")"),
        ("[", "]"),
        ("{a:", "}"),
        ("() => (", ")"),
        ("f(", ")"),
        ("`${", "}`"),
        ("<a>{", "}</a>"),
        ("a ? (", ") : b"),
        ("function g(){return (", ")}"),
        ("if (a) {", "}"),
        ("async () => { await (", ") }"),
        ("while (a) {", "}"),
    ];
    const PREFIXES: &[&str] = &[
        "!", "-", "typeof ", "a = ", "() => ", "a ? b : ", "...", "new ", "a.b.", "f().",
    ];
    const NOISE: &[&str] = &[
        "\n", "')'", "\")\"", "/* ) */", "// )\n", "/\\)/", "`)`", "\nx\n",
    ];
    let mut seed: u64 = 0x006b_6f61_6c69_6e74;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let mut sources = Vec::new();
    for i in 0..24 {
        let steps = 500 + next(9_000);
        let (mut out, mut closers) = (String::from("x = "), Vec::new());
        for _ in 0..steps {
            match next(10) {
                0..=4 => {
                    let (open, close) = OPENS[next(OPENS.len())];
                    out.push_str(open);
                    closers.push(close);
                }
                5..=7 => out.push_str(PREFIXES[next(PREFIXES.len())]),
                _ => out.push_str(NOISE[next(NOISE.len())]),
            }
        }
        out.push('a');
        out.extend(closers.into_iter().rev());
        out.push_str(";\n");
        let ext = ["js", "jsx", "ts", "tsx"][next(4)];
        sources.push((format!("mix{i}.{ext}"), out));
    }
    let files: Vec<(&str, &[u8])> = sources
        .iter()
        .map(|(p, s)| (p.as_str(), s.as_bytes()))
        .collect();
    let dir = tree(&files);
    let out = check_compact(dir.path(), &["--max-file-size", "0"]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?} {}",
        out.status,
        stderr(&out)
    );
    let mut parsed = 0;
    for (path, _) in &sources {
        let lines = lines_for(&out, path);
        assert!(lines.len() <= 1, "{}", stdout(&out));
        parsed += usize::from(!lines.iter().any(|l| l.contains("nested too deeply")));
    }
    // Some are deep yet under the limit: the parser and the model take them whole.
    assert!(parsed >= 3, "only {parsed} of {} parsed", sources.len());
}
