//! `koalint lsp` as an editor sees it: the real binary spawned with piped standard streams and
//! spoken to in JSON-RPC with `Content-Length` framing by a small synchronous client. Every wait
//! has a deadline, so a server that hangs fails its test instead of hanging the suite.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{BIN, tree};
use serde_json::{Value, json};

/// The longest any test waits for one message or for the process to end.
const WAIT: Duration = Duration::from_secs(10);

/// The server's debounce after an edit (`src/lsp/mod.rs`); a publish after a change comes no
/// sooner than this.
const DEBOUNCE: Duration = Duration::from_millis(120);

/// A Koa app with two findings (0-based lines, columns of ASCII text):
/// `tls-verification-disabled` at 3:32–3:57 and `header-logging` at 5:14–5:33.
const APP: &str = concat!(
    "const Koa = require('koa');\n",
    "const https = require('https');\n",
    "const app = new Koa();\n",
    "const agent = new https.Agent({ rejectUnauthorized: false });\n",
    "app.use(async (ctx, next) => {\n",
    "  console.log(ctx.request.headers);\n",
    "  await next();\n",
    "});\n",
    "module.exports = { app, agent };\n",
);

/// [`APP`] without the header logging: only `tls-verification-disabled` is left.
const APP_WITHOUT_LOGGING: &str = concat!(
    "const Koa = require('koa');\n",
    "const https = require('https');\n",
    "const app = new Koa();\n",
    "const agent = new https.Agent({ rejectUnauthorized: false });\n",
    "app.use(async (ctx, next) => {\n",
    "  await next();\n",
    "});\n",
    "module.exports = { app, agent };\n",
);

/// [`APP`] with `'é😀'` before the TLS option on its line.
const APP_NON_ASCII: &str = common::KOA_APP_NON_ASCII;

const TLS: &str = "tls-verification-disabled";
const HEADERS: &str = "header-logging";

// ---------------------------------------------------------------------------------------------
// The client.

/// A running `koalint lsp` and the client's side of the conversation.
struct Server {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Result<Value, String>>,
    /// Messages that arrived while the test waited for another one, oldest first.
    unread: VecDeque<Value>,
    /// Every message the server sent, in order.
    log: Vec<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
}

impl Server {
    /// Spawns `koalint lsp` in `dir` (its working directory) with `env` set.
    fn spawn(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.arg("lsp")
            .current_dir(dir)
            .env_remove("KOALINT_DEBUG_PANIC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("koalint lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let mut err_pipe = child.stderr.take().expect("stderr");
        let (tx, inbox) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let msg = read_message(&mut reader);
                let end = !matches!(msg, Ok(Some(_)));
                let sent = match msg {
                    Ok(Some(v)) => tx.send(Ok(v)),
                    Ok(None) => break,
                    Err(e) => tx.send(Err(e)),
                };
                if end || sent.is_err() {
                    break;
                }
            }
        });
        // Drained so that a chatty server never blocks on a full pipe; shown when a test fails.
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buf[..n]).to_string();
                sink.lock().expect("stderr lock").push_str(&text);
            }
        });
        Server {
            child,
            stdin,
            inbox,
            unread: VecDeque::new(),
            log: Vec::new(),
            stderr,
            next_id: 0,
        }
    }

    /// Spawns the server in `dir` and completes `initialize` with `capabilities`, the
    /// workspace being `dir`; returns the `InitializeResult`.
    fn start(dir: &Path, env: &[(&str, &str)], capabilities: Value) -> (Server, Value) {
        let mut server = Server::spawn(dir, env);
        let root = file_uri(dir);
        let result = server.call(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root,
                "workspaceFolders": [{ "uri": root, "name": "project" }],
                "capabilities": capabilities,
            }),
        );
        server.notify("initialized", json!({}));
        (server, result)
    }

    fn stderr_text(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("JSON");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.stdin
            .write_all(&frame)
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("write to the server: {e}; stderr: {}", self.stderr_text()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request; returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// Sends a request that must succeed; returns its `result`.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response.get("result").cloned().expect("a result")
    }

    /// The next message from the server, within `deadline`. A request from the server is
    /// answered with `null` (what a client that has nothing to say answers).
    fn next(&mut self, deadline: Instant, what: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = match self.inbox.recv_timeout(left) {
            Ok(Ok(msg)) => msg,
            Ok(Err(e)) => panic!(
                "bad frame from the server ({e}); stderr: {}",
                self.stderr_text()
            ),
            Err(RecvTimeoutError::Timeout) => panic!(
                "no {what} within {WAIT:?}; received so far: {}; stderr: {}",
                summary(&self.log),
                self.stderr_text()
            ),
            Err(RecvTimeoutError::Disconnected) => panic!(
                "the server closed its output while the test waited for {what}; stderr: {}",
                self.stderr_text()
            ),
        };
        assert_eq!(msg["jsonrpc"], "2.0", "{msg}");
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let id = msg["id"].clone();
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
        }
        self.log.push(msg.clone());
        msg
    }

    /// The first message (already received or still to come) that `wanted` accepts.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&wanted) {
            return self.unread.remove(i).expect("index in range");
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let msg = self.next(deadline, what);
            if wanted(&msg) {
                return msg;
            }
            self.unread.push_back(msg);
        }
    }

    /// The next `publishDiagnostics` for `uri` with `version` (`None`: a publish without one,
    /// as for a closed document or a configuration file); its diagnostics.
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let what = format!("publishDiagnostics for {uri} (version {version:?})");
        let msg = self.wait_for(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"].get("version").and_then(Value::as_i64) == version
        });
        msg["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }

    /// The `publishDiagnostics` received so far for `uri`, as (version, rule ids).
    fn publishes_for(&self, uri: &str) -> Vec<(Option<i64>, Vec<String>)> {
        self.log
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| {
                let params = &m["params"];
                let diagnostics = params["diagnostics"].as_array().expect("diagnostics");
                (params["version"].as_i64(), codes(diagnostics))
            })
            .collect()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "javascript", "version": 1, "text": text,
            }}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// `shutdown` (which must answer `null`), then `exit`; the process's exit status.
    fn shutdown_and_exit(&mut self) -> ExitStatus {
        let result = self.call("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            match self.child.try_wait().expect("try_wait") {
                Some(status) => return status,
                None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                None => panic!(
                    "koalint lsp still runs {WAIT:?} after exit; stderr: {}",
                    self.stderr_text()
                ),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A test that failed half-way leaves no server behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One line per message: its method (or the id it answers), its document and version.
fn summary(log: &[Value]) -> String {
    let lines: Vec<String> = log
        .iter()
        .map(|m| {
            let what = m["method"]
                .as_str()
                .map_or_else(|| format!("response {}", m["id"]), str::to_string);
            let params = &m["params"];
            match params["uri"].as_str() {
                Some(uri) => format!(
                    "{what} {uri} v{} {:?}",
                    params["version"],
                    codes(params["diagnostics"].as_array().map_or(&[], Vec::as_slice))
                ),
                None => what,
            }
        })
        .collect();
    format!("[\n  {}\n]", lines.join("\n  "))
}

/// One `Content-Length` frame; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Result<Option<Value>, String> {
    let mut length = None;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).map_err(|e| e.to_string())?;
        if n == 0 {
            return match length {
                None => Ok(None),
                Some(_) => Err("the stream ended inside a header".into()),
            };
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("not a header: {line:?}"))?;
        if name.eq_ignore_ascii_case("Content-Length") {
            length = Some(value.trim().parse::<usize>().map_err(|e| e.to_string())?);
        }
    }
    let length = length.ok_or("a frame without Content-Length")?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}

/// The `file:` URI of an absolute path (the characters the server leaves as they are; a temp
/// folder's name needs nothing more).
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().expect("a UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Projects, positions, edits.

/// A temporary project (with `.git`, so that nothing above it applies) holding `files`; the
/// documents the tests open need not be on disk.
fn project(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tree(files);
    let root = dir.path().canonicalize().expect("canonical temp dir");
    (dir, root)
}

/// No capabilities: UTF-16 columns, diagnostics pushed.
/// A project with `src/app.js` open as `text` (version 1) in a server started with `caps`: the
/// project (kept alive by the caller), the server and the document's URI.
fn opened(caps: Value, text: &str) -> (tempfile::TempDir, Server, String) {
    let (dir, root) = project(&[]);
    let (mut server, _) = Server::start(&root, &[], caps);
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, text);
    (dir, server, uri)
}

fn plain() -> Value {
    json!({})
}

/// A client that offers UTF-8 columns first.
fn offers_utf8() -> Value {
    json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } })
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

fn find<'d>(diagnostics: &'d [Value], rule: &str) -> &'d Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {diagnostics:#?}"))
}

/// The byte offset of a protocol position in `text`, columns counted in `unit` ("utf-8" or
/// "utf-16").
fn offset_of(text: &str, pos: &Value, unit: &str) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let character = pos["character"].as_u64().expect("character") as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let rest = &text[start..];
    let mut units = 0;
    for (i, ch) in rest.char_indices() {
        if units >= character || ch == '\n' {
            return start + i;
        }
        units += if unit == "utf-8" {
            ch.len_utf8()
        } else {
            ch.len_utf16()
        };
    }
    text.len()
}

/// The text after a code action's `WorkspaceEdit` (`documentChanges` for `uri`, which must name
/// `version`).
fn apply(text: &str, action: &Value, uri: &str, version: i64, unit: &str) -> String {
    let changes = action["edit"]["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("no documentChanges: {action:#}"));
    let mut edits = Vec::new();
    for change in changes {
        assert_eq!(change["textDocument"]["uri"], uri, "{change}");
        assert_eq!(change["textDocument"]["version"], version, "{change}");
        for e in change["edits"].as_array().expect("edits") {
            let from = offset_of(text, &e["range"]["start"], unit);
            let to = offset_of(text, &e["range"]["end"], unit);
            edits.push((
                from,
                to,
                e["newText"].as_str().expect("newText").to_string(),
            ));
        }
    }
    // From the end, so that earlier offsets stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (from, to, new) in edits {
        out.replace_range(from..to, &new);
    }
    out
}

/// The code actions offered at the start of the line of `diagnostic`.
fn actions_at(
    server: &mut Server,
    uri: &str,
    diagnostic: &Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [diagnostic] });
    if let Some(kinds) = only {
        context["only"] = json!(kinds);
    }
    let line = diagnostic["range"]["start"]["line"].as_u64().expect("line") as u32;
    let result = server.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((line, 0), (line, 0)),
            "context": context,
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
}

// ---------------------------------------------------------------------------------------------
// Initialisation and shutdown.

#[test]
fn initialize_announces_utf16_columns_full_sync_and_the_features() {
    let (_dir, root) = project(&[]);
    let (mut server, result) = Server::start(&root, &[], plain());
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{result:#}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(
        caps["textDocumentSync"]["change"], 1,
        "full synchronisation"
    );
    assert!(caps["textDocumentSync"]["save"].is_object(), "{result:#}");
    assert_eq!(caps["hoverProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .expect("code action kinds");
    assert!(kinds.contains(&json!("quickfix")), "{kinds:?}");
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["koalint.explain", "koalint.reason"])
    );
    // Push diagnostics only, unless the client can pull.
    assert!(caps.get("diagnosticProvider").is_none(), "{result:#}");
    assert_eq!(result["serverInfo"]["name"], "koalint");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn initialize_agrees_on_utf8_columns_when_the_client_offers_them() {
    let (_dir, root) = project(&[]);
    let (mut server, result) = Server::start(&root, &[], offers_utf8());
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));

    // Offered, but only UTF-16: UTF-16.
    let caps = json!({ "general": { "positionEncodings": ["utf-16"] } });
    let (mut server, result) = Server::start(&root, &[], caps);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn shutdown_then_exit_ends_the_process_with_code_zero() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    server.diagnostics(&uri, Some(1));
    let status = server.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "stderr: {}", server.stderr_text());
}

// ---------------------------------------------------------------------------------------------
// Diagnostics through a document's life.

#[test]
fn an_opened_document_gets_its_findings_with_rule_ids_links_severities_and_exact_ranges() {
    // `header-logging` as a warning, to see both severities.
    let (_dir, root) = project(&[(
        "koalint.json",
        br#"{ "rules": { "header-logging": "warn" } }"#,
    )]);
    let (mut server, _) = Server::start(&root, &[], plain());
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP);
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(codes(&diagnostics), [TLS, HEADERS], "{diagnostics:#?}");

    let tls = find(&diagnostics, TLS);
    assert_eq!(tls["range"], range((3, 32), (3, 57)));
    assert_eq!(tls["severity"], 1, "error");
    assert_eq!(tls["source"], "koalint");
    let href = tls["codeDescription"]["href"].as_str().expect("href");
    assert!(href.starts_with("https://"), "{href}");
    assert!(href.ends_with(&format!("/rules/{TLS}.md")), "{href}");
    let message = tls["message"].as_str().expect("message");
    assert!(message.contains("rejectUnauthorized: false"), "{message}");
    assert!(
        message.contains("\nhelp: "),
        "the help line travels with the message: {message}"
    );

    let headers = find(&diagnostics, HEADERS);
    assert_eq!(headers["range"], range((5, 14), (5, 33)));
    assert_eq!(headers["severity"], 2, "warning");
    assert_eq!(headers["source"], "koalint");
    let href = headers["codeDescription"]["href"].as_str().expect("href");
    assert!(href.ends_with(&format!("/rules/{HEADERS}.md")), "{href}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn an_edit_that_removes_a_finding_publishes_again_after_the_debounce() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS, HEADERS]);

    let changed = Instant::now();
    server.change(&uri, 2, APP_WITHOUT_LOGGING);
    let diagnostics = server.diagnostics(&uri, Some(2));
    assert!(
        changed.elapsed() >= DEBOUNCE - Duration::from_millis(20),
        "published {:?} after the change: no debounce",
        changed.elapsed()
    );
    assert_eq!(codes(&diagnostics), [TLS]);
    assert_eq!(find(&diagnostics, TLS)["range"], range((3, 32), (3, 57)));

    // And back: the finding returns with the text.
    server.change(&uri, 3, APP);
    assert_eq!(codes(&server.diagnostics(&uri, Some(3))), [TLS, HEADERS]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_burst_of_edits_is_linted_once_at_its_last_version() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    server.diagnostics(&uri, Some(1));
    // Sent back to back, far quicker than the debounce.
    server.change(&uri, 2, APP_WITHOUT_LOGGING);
    server.change(&uri, 3, APP);
    server.change(&uri, 4, APP_WITHOUT_LOGGING);
    assert_eq!(codes(&server.diagnostics(&uri, Some(4))), [TLS]);
    // A request after the burst is answered after any pending publish would have been sent.
    server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    let publishes = server.publishes_for(&uri);
    assert_eq!(
        publishes,
        [
            (Some(1), vec![TLS.to_string(), HEADERS.to_string()]),
            (Some(4), vec![TLS.to_string()])
        ]
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_request_during_the_debounce_does_not_swallow_the_publish() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    server.diagnostics(&uri, Some(1));
    // Editors ask for code actions (and hovers) as the cursor moves, right after typing.
    server.change(&uri, 2, APP_WITHOUT_LOGGING);
    let actions = server.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((3, 0), (3, 0)),
            "context": { "diagnostics": [] },
        }),
    );
    assert!(actions.is_array(), "{actions}");
    assert_eq!(codes(&server.diagnostics(&uri, Some(2))), [TLS]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn save_lints_again_under_the_configuration_now_on_disk() {
    let (dir, root) = project(&[]);
    let (mut server, _) = Server::start(&root, &[], plain());
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP);
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS, HEADERS]);

    // The rule turned off on disk; the document itself unchanged.
    std::fs::write(
        dir.path().join("koalint.json"),
        r#"{ "rules": { "header-logging": "off" } }"#,
    )
    .expect("write config");
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS]);

    // Saving the configuration itself (opened in the editor) lints the open documents again.
    std::fs::write(dir.path().join("koalint.json"), r#"{ "rules": {} }"#).expect("write config");
    let config = file_uri(&root.join("koalint.json"));
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config } }),
    );
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS, HEADERS]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn closing_a_document_publishes_an_empty_list() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    assert_eq!(server.diagnostics(&uri, Some(1)).len(), 2);
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(server.diagnostics(&uri, None), Vec::<Value>::new());
    // Closed: nothing to hover any more.
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 40 } }),
    );
    assert_eq!(hover, Value::Null);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn files_on_disk_that_are_not_open_get_the_start_up_lint() {
    let (_dir, root) = project(&[("src/app.js", APP.as_bytes())]);
    let caps = json!({ "window": { "workDoneProgress": true } });
    let (mut server, _) = Server::start(&root, &[], caps);
    let uri = file_uri(&root.join("src/app.js"));
    // Without a version: the file's text on disk, not a buffer.
    let diagnostics = server.diagnostics(&uri, None);
    assert_eq!(codes(&diagnostics), [TLS, HEADERS]);
    assert_eq!(find(&diagnostics, TLS)["range"], range((3, 32), (3, 57)));
    // With progress, in a token the server asked the client to create first.
    server.wait_for("the end of the workspace progress", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let methods: Vec<&str> = server
        .log
        .iter()
        .filter_map(|m| m["method"].as_str())
        .filter(|m| *m != "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(
        methods,
        ["window/workDoneProgress/create", "$/progress", "$/progress"],
        "{:#?}",
        server.log
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Configuration errors.

/// Opens a document under a broken `koalint.json`; the diagnostic published on the
/// configuration; then the configuration is fixed and the watched-files notification clears it.
fn broken_config_round_trip(config: &str, want_range: Value, want_message: &str) {
    let (dir, root) = project(&[("koalint.json", config.as_bytes())]);
    let (mut server, _) = Server::start(&root, &[], plain());
    let uri = file_uri(&root.join("src/app.js"));
    let config_uri = file_uri(&root.join("koalint.json"));
    server.open(&uri, APP);
    let on_config = server.diagnostics(&config_uri, None);
    assert_eq!(on_config.len(), 1, "{on_config:#?}");
    let d = &on_config[0];
    assert_eq!(d["range"], want_range, "{d:#}");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "koalint");
    assert_eq!(d["code"], "config-error");
    let message = d["message"].as_str().expect("message");
    assert!(message.contains(want_message), "{message}");
    // The document is not linted under a configuration that cannot be read.
    assert_eq!(server.diagnostics(&uri, Some(1)), Vec::<Value>::new());

    // Still serving.
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover, Value::Null);

    std::fs::write(dir.path().join("koalint.json"), r#"{ "rules": {} }"#).expect("fix config");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    assert_eq!(server.diagnostics(&config_uri, None), Vec::<Value>::new());
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS, HEADERS]);
    assert_eq!(
        server.shutdown_and_exit().code(),
        Some(0),
        "{}",
        server.stderr_text()
    );
}

#[test]
fn an_unknown_rule_in_koalint_json_is_a_diagnostic_on_its_key_until_fixed() {
    let config = "{\n  \"rules\": {\n    \"no-such-rule\": \"error\"\n  }\n}\n";
    // The key with its quotes: line 2, columns 4 to 18.
    broken_config_round_trip(
        config,
        range((2, 4), (2, 18)),
        "unknown rule id 'no-such-rule'",
    );
}

#[test]
fn invalid_json_in_koalint_json_is_a_diagnostic_where_the_parser_stopped_until_fixed() {
    // The missing `:` is noticed at the value, line 2 column 21.
    let config = "{\n  \"rules\": {\n    \"header-logging\" \"warn\"\n  }\n}\n";
    broken_config_round_trip(config, range((2, 21), (2, 21)), "expected `:`");
}

// ---------------------------------------------------------------------------------------------
// Columns.

/// [`APP_NON_ASCII`] opened with `caps`: the TLS finding's columns on line 3 are `tls`, and a
/// hover at column `inside` finds it and answers its range.
fn columns_after_non_ascii_text(caps: Value, tls: (u32, u32), inside: u32) {
    let (_dir, mut server, uri) = opened(caps, APP_NON_ASCII);
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(codes(&diagnostics), [TLS, HEADERS]);
    let want = range((3, tls.0), (3, tls.1));
    assert_eq!(find(&diagnostics, TLS)["range"], want);
    assert_eq!(
        find(&diagnostics, HEADERS)["range"],
        range((5, 14), (5, 33))
    );
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": inside } }),
    );
    assert_eq!(hover["range"], want, "{hover:#}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn columns_after_non_ascii_text_count_utf16_units_by_default() {
    columns_after_non_ascii_text(plain(), (49, 74), 50);
}

#[test]
fn columns_after_non_ascii_text_count_bytes_when_utf8_was_agreed() {
    columns_after_non_ascii_text(offers_utf8(), (52, 77), 53);
}

// ---------------------------------------------------------------------------------------------
// A rule that panics.

#[cfg(debug_assertions)]
#[test]
fn a_rule_that_panics_is_an_internal_error_diagnostic_and_the_server_goes_on() {
    let (_dir, root) = project(&[]);
    let env = [("KOALINT_DEBUG_PANIC", HEADERS)];
    let (mut server, _) = Server::start(&root, &env, plain());
    let boom = file_uri(&root.join("src/boom.js"));
    server.open(&boom, &format!("// koalint-debug-panic\n{APP}"));
    let diagnostics = server.diagnostics(&boom, Some(1));
    let internal = find(&diagnostics, "internal-error");
    let message = internal["message"].as_str().expect("message");
    assert!(
        message.contains("header-logging panics on request"),
        "{message}"
    );
    assert_eq!(internal["source"], "koalint");
    assert_eq!(internal["severity"], 1);

    // Another document still gets its findings (the armed rule included: no marker text).
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP);
    assert_eq!(codes(&server.diagnostics(&uri, Some(1))), [TLS, HEADERS]);
    // The broken one again, after an edit: still an internal error, still serving.
    server.change(
        &boom,
        2,
        &format!("// koalint-debug-panic\n{APP_WITHOUT_LOGGING}"),
    );
    let again = server.diagnostics(&boom, Some(2));
    find(&again, "internal-error");
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 5, "character": 20 } }),
    );
    assert!(hover["contents"]["value"].as_str().is_some(), "{hover:#}");
    assert_eq!(
        server.shutdown_and_exit().code(),
        Some(0),
        "{}",
        server.stderr_text()
    );
}

// ---------------------------------------------------------------------------------------------
// Hover and commands.

#[test]
fn hover_on_a_finding_explains_its_rule_in_markdown() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    server.diagnostics(&uri, Some(1));
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 40 } }),
    );
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover:#}");
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains(TLS), "{text}");
    assert!(
        text.contains(&format!("/rules/{TLS}.md")),
        "a link to the rule's page: {text}"
    );
    assert_eq!(hover["range"], range((3, 32), (3, 57)));

    // Away from any finding: nothing.
    let hover = server.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 3 } }),
    );
    assert_eq!(hover, Value::Null);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn explain_command_answers_with_the_rule_page_and_refuses_an_unknown_rule() {
    let (_dir, root) = project(&[]);
    let (mut server, _) = Server::start(&root, &[], plain());
    let result = server.call(
        "workspace/executeCommand",
        json!({ "command": "koalint.explain", "arguments": [TLS] }),
    );
    let page = result["uri"].as_str().expect("the page's address");
    assert!(page.ends_with(&format!("/rules/{TLS}.md")), "{page}");
    // A client that cannot show documents is told in a message.
    let shown = server.wait_for("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    let text = shown["params"]["message"].as_str().expect("message");
    assert!(text.contains(TLS) && text.contains(page), "{text}");

    let refused = server.request(
        "workspace/executeCommand",
        json!({ "command": "koalint.explain", "arguments": ["no-such-rule"] }),
    );
    assert_eq!(refused["error"]["code"], -32602, "{refused:#}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Code actions.

#[test]
fn code_actions_on_a_finding_line_offer_to_ignore_its_rule_on_the_line_and_in_the_file() {
    let (_dir, mut server, uri) = opened(plain(), APP);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let headers = find(&diagnostics, HEADERS).clone();
    let actions = actions_at(&mut server, &uri, &headers, None);
    for title in [
        format!("Ignore `{HEADERS}` on this line"),
        format!("Ignore `{HEADERS}` in this file"),
    ] {
        let action = titled(&actions, &title);
        assert_eq!(action["kind"], "quickfix", "{action:#}");
        assert_eq!(action["diagnostics"][0]["code"], HEADERS, "{action:#}");
        assert!(action["edit"]["documentChanges"].is_array(), "{action:#}");
    }
    // Only the finding on that line: nothing about the TLS option two lines up.
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap_or("").contains(TLS)),
        "{actions:#?}"
    );
    // A line without findings: no actions.
    let none = server.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((0, 0), (0, 0)),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(none, json!([]));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// Opens [`APP`]-like `text`, applies the action titled `title` offered for `rule`, sends the
/// result as the next version; the new text and its findings.
fn apply_action(text: &str, caps: Value, rule: &str, title: &str) -> (String, Vec<String>) {
    let (_dir, root) = project(&[]);
    let (mut server, result) = Server::start(&root, &[], caps);
    let unit = result["capabilities"]["positionEncoding"]
        .as_str()
        .expect("encoding")
        .to_string();
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, text);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let diagnostic = find(&diagnostics, rule).clone();
    let actions = actions_at(&mut server, &uri, &diagnostic, None);
    let edited = apply(text, titled(&actions, title), &uri, 1, &unit);
    server.change(&uri, 2, &edited);
    let after = codes(&server.diagnostics(&uri, Some(2)));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    (edited, after)
}

#[test]
fn ignore_on_this_line_inserts_a_directive_above_with_the_line_indentation() {
    let title = format!("Ignore `{HEADERS}` on this line");
    let (edited, after) = apply_action(APP, plain(), HEADERS, &title);
    let want = APP.replace(
        "  console.log(ctx.request.headers);\n",
        "  // koalint-ignore header-logging -- \n  console.log(ctx.request.headers);\n",
    );
    assert_eq!(edited, want);
    assert!(!after.contains(&HEADERS.to_string()), "{after:?}");
    assert!(after.contains(&TLS.to_string()), "{after:?}");
}

#[test]
fn ignore_in_this_file_inserts_a_file_directive_at_the_top() {
    let title = format!("Ignore `{TLS}` in this file");
    let (edited, after) = apply_action(APP, plain(), TLS, &title);
    assert_eq!(
        edited,
        format!("/* koalint-ignore-file tls-verification-disabled --  */\n{APP}")
    );
    assert!(!after.contains(&TLS.to_string()), "{after:?}");
    assert!(after.contains(&HEADERS.to_string()), "{after:?}");
}

/// The TLS quick fix on the line with non-ASCII text before the option, in `caps`' unit.
fn tls_quick_fix(caps: Value) {
    let (_dir, root) = project(&[]);
    let (mut server, result) = Server::start(&root, &[], caps);
    let unit = result["capabilities"]["positionEncoding"]
        .as_str()
        .expect("encoding")
        .to_string();
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP_NON_ASCII);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let tls = find(&diagnostics, TLS).clone();
    let actions = actions_at(&mut server, &uri, &tls, None);
    let preferred: Vec<&Value> = actions
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1, "one preferred fix: {actions:#?}");
    assert_eq!(preferred[0]["kind"], "quickfix");
    let edited = apply(APP_NON_ASCII, preferred[0], &uri, 1, &unit);
    assert_eq!(
        edited,
        APP_NON_ASCII.replace("rejectUnauthorized: false", "rejectUnauthorized: true")
    );
    server.change(&uri, 2, &edited);
    assert_eq!(codes(&server.diagnostics(&uri, Some(2))), [HEADERS]);

    // The same edit through "fix all", asked for by kind.
    let all = actions_at(&mut server, &uri, &tls, Some(&["source.fixAll.koalint"]));
    assert!(all.is_empty(), "nothing left to fix: {all:#?}");
    server.change(&uri, 3, APP_NON_ASCII);
    server.diagnostics(&uri, Some(3));
    let all = actions_at(&mut server, &uri, &tls, Some(&["source.fixAll"]));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.koalint");
    assert_eq!(apply(APP_NON_ASCII, &all[0], &uri, 3, &unit), edited);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn tls_quick_fix_turns_verification_back_on_with_utf16_columns() {
    tls_quick_fix(plain());
}

#[test]
fn tls_quick_fix_turns_verification_back_on_with_utf8_columns() {
    tls_quick_fix(offers_utf8());
}

// ---------------------------------------------------------------------------------------------
// Pull diagnostics, the reason's cursor, unused directives.

#[test]
fn a_client_that_pulls_diagnostics_is_served_by_textdocument_diagnostic_and_not_pushed_to() {
    let (_dir, root) = project(&[]);
    let caps = json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } });
    let (mut server, result) = Server::start(&root, &[], caps);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"], "koalint",
        "{result:#}"
    );
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP);
    let pull = |server: &mut Server| {
        let report = server.call(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert_eq!(report["kind"], "full", "{report:#}");
        codes(report["items"].as_array().expect("items"))
    };
    assert_eq!(pull(&mut server), [TLS, HEADERS]);
    // An edit is pulled at once, debounce or not.
    server.change(&uri, 2, APP_WITHOUT_LOGGING);
    assert_eq!(pull(&mut server), [TLS]);
    std::thread::sleep(DEBOUNCE * 3);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    assert!(
        server.publishes_for(&uri).is_empty(),
        "a pulling client is not pushed to: {:?}",
        server.publishes_for(&uri)
    );
}

#[test]
fn an_ignore_action_then_puts_the_cursor_where_the_reason_goes() {
    let (_dir, root) = project(&[]);
    let caps = json!({ "window": { "showDocument": { "support": true } } });
    let (mut server, _) = Server::start(&root, &[], caps);
    let uri = file_uri(&root.join("src/app.js"));
    server.open(&uri, APP);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let headers = find(&diagnostics, HEADERS).clone();
    let line = headers["range"]["start"]["line"].as_u64().expect("line");
    let actions = actions_at(&mut server, &uri, &headers, None);
    let action = titled(&actions, &format!("Ignore `{HEADERS}` on this line"));
    let command = action["command"].clone();
    assert_eq!(command["command"], "koalint.reason", "{action:#}");
    server.call(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let show = server.wait_for("window/showDocument", |m| {
        m["method"] == "window/showDocument"
    });
    // The directive is inserted on the finding's line, which moves down: the cursor is on the
    // new line, after `// koalint-ignore header-logging -- ` and its two-space indentation.
    let want = "  // koalint-ignore header-logging -- "
        .encode_utf16()
        .count();
    assert_eq!(show["params"]["uri"], uri);
    assert_eq!(show["params"]["takeFocus"], true);
    assert_eq!(
        show["params"]["selection"]["start"],
        json!({ "line": line, "character": want }),
        "{show:#}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn an_unused_directive_can_be_removed_by_its_code_action() {
    let text = "const x = 1;\n// koalint-ignore header-logging -- not needed any more\nmodule.exports = x;\n";
    let (_dir, root) = project(&[]);
    let (mut server, _) = Server::start(&root, &[], plain());
    let uri = file_uri(&root.join("src/quiet.js"));
    server.open(&uri, text);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let unused = find(&diagnostics, "unused-ignore").clone();
    let actions = actions_at(&mut server, &uri, &unused, None);
    let action = titled(&actions, "Remove this directive");
    let edited = apply(text, action, &uri, 1, "utf-16");
    assert_eq!(edited, "const x = 1;\nmodule.exports = x;\n");
    server.change(&uri, 2, &edited);
    assert!(server.diagnostics(&uri, Some(2)).is_empty());
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_the_process_with_code_one() {
    let (_dir, root) = project(&[]);
    let (mut server, _) = Server::start(&root, &[], plain());
    server.notify("exit", json!(null));
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert_eq!(status.code(), Some(1));
            break;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_client_that_can_watch_files_is_asked_to_watch_koalint_json() {
    let (_dir, root) = project(&[]);
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut server, _) = Server::start(&root, &[], caps);
    let register = server.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/koalint.json"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
