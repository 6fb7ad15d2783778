//! `koalint lsp`: a Language Server Protocol server on standard input and output, in the same
//! binary as the command line.
//!
//! Built on `lsp-server` (the synchronous transport rust-analyzer and ruff use: no async runtime
//! in a linter whose work is a few milliseconds of CPU per file) and `lsp-types` 0.97.
//!
//! One thread owns the state: the open documents, the negotiated column unit, the last findings
//! of each document. Edits are debounced; a burst of changes is linted once, against the unsaved
//! buffer, through the same path as `--stdin-filename` ([`crate::engine::Linter::lint_bytes`]:
//! imports resolved from disk). The workspace is linted once at start on another thread, with
//! `$/progress`, and its results are published for the files that are not open. A rule that
//! panics becomes an `internal-error` diagnostic (the engine contains it); a request whose
//! handling panics gets an error response; the session goes on.

mod text;
mod uri;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};

use crate::commands::lint::{Inputs, lint_inputs};
use crate::config::{self, Config, ConfigError};
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::{FileReport, Linter};
use crate::{files, fix, rules};

pub use text::{Encoding, Lines};

/// Files larger than this are left out of the start-up workspace lint (`check`'s default
/// `--max-file-size`); an open one is still linted.
const WORKSPACE_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// How long after the last change a document is linted.
const DEBOUNCE: Duration = Duration::from_millis(120);

/// The command that opens a rule's page.
const EXPLAIN: &str = "koalint.explain";

/// The command an ignore action runs after its edit: puts the cursor where the reason goes.
const REASON: &str = "koalint.reason";

/// Where a rule's page is published (the crate's sources on docs.rs hold `rules/`).
pub fn rule_url(rule: &str) -> String {
    format!(
        "https://docs.rs/crate/koalint/{}/source/rules/{rule}.md",
        env!("CARGO_PKG_VERSION")
    )
}

/// Serves one session on standard input and output; returns when the client exits: whether it
/// asked for `shutdown` first (the protocol's exit code is 0 then, 1 otherwise).
pub fn serve(cwd: &Path) -> Result<bool, String> {
    let (connection, _io) = Connection::stdio();
    // The transport's threads are not joined: a workspace lint still running holds a sender,
    // and the process ends here anyway (`main` exits with the outcome).
    serve_on(connection, cwd)
}

/// Serves one session on `connection` (standard streams, or in-memory in tests).
pub fn serve_on(connection: Connection, cwd: &Path) -> Result<bool, String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let init: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: {e}"))?;
    let client = ClientCaps::of(&init);
    let root = workspace_root(&init).unwrap_or_else(|| cwd.to_path_buf());
    let result = json!({
        "capabilities": capabilities(&client),
        "serverInfo": { "name": "koalint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let (done_tx, done_rx) = crossbeam_channel::unbounded();
    let mut server = Server {
        sender: connection.sender.clone(),
        client,
        root,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        last_change: None,
        config_errors: BTreeSet::new(),
        workspace: Vec::new(),
        next_id: 0,
        done_tx,
        shut_down: false,
    };
    // `initialize_finish` returns once the client's `initialized` has arrived: the client may
    // now be asked to watch configuration files.
    server.register_watchers();
    server.start_workspace_lint();
    server.run(&connection.receiver, &done_rx)
}

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Default)]
struct ClientCaps {
    encoding: Option<Encoding>,
    pull: bool,
    watch_registration: bool,
    progress: bool,
    show_document: bool,
    refresh: bool,
}

impl ClientCaps {
    fn of(init: &lsp::InitializeParams) -> Self {
        let caps = &init.capabilities;
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        // UTF-8 where the client offers it (no conversion at either end); the protocol's
        // default, UTF-16, otherwise.
        let encoding = if offered.is_some_and(|o| o.contains(&lsp::PositionEncodingKind::UTF8)) {
            Some(Encoding::Utf8)
        } else {
            None
        };
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        ClientCaps {
            encoding,
            pull: text.is_some_and(|t| t.diagnostic.is_some()),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            show_document: caps
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        }
    }

    fn enc(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }
}

fn capabilities(client: &ClientCaps) -> Value {
    let mut caps = json!({
        "positionEncoding": match client.enc() { Encoding::Utf8 => "utf-8", Encoding::Utf16 => "utf-16" },
        "textDocumentSync": {
            "openClose": true,
            "change": 1,
            "save": { "includeText": false },
        },
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", "source.fixAll", "source.fixAll.koalint"],
            "resolveProvider": false,
        },
        "hoverProvider": true,
        "executeCommandProvider": { "commands": [EXPLAIN, REASON] },
    });
    if client.pull {
        caps["diagnosticProvider"] = json!({
            "identifier": "koalint",
            "interFileDependencies": true,
            "workspaceDiagnostics": false,
        });
    }
    caps
}

fn workspace_root(init: &lsp::InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = init.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri::to_path(&folder.uri);
    }
    #[allow(deprecated)]
    init.root_uri.as_ref().and_then(uri::to_path)
}

/// An open document.
struct Doc {
    uri: lsp::Uri,
    text: String,
    version: Option<i32>,
    /// What the last lint found, with the BOM length its offsets are after.
    findings: Vec<Diagnostic>,
    bom_len: usize,
}

/// What linting a buffer gave.
enum Linted {
    Report(FileReport),
    /// The file is excluded by the configuration, or not JavaScript/TypeScript.
    Ignored,
    /// The configuration that governs the file is broken.
    BrokenConfig(ConfigError),
}

struct Server {
    sender: Sender<Message>,
    client: ClientCaps,
    root: PathBuf,
    docs: HashMap<String, Doc>,
    /// Documents changed since they were last linted.
    dirty: BTreeSet<String>,
    last_change: Option<Instant>,
    /// `koalint.json` files that have a diagnostic published.
    config_errors: BTreeSet<String>,
    /// Files of the workspace that the start-up lint published findings for.
    workspace: Vec<String>,
    next_id: i32,
    done_tx: Sender<Vec<FileReport>>,
    shut_down: bool,
}

impl Server {
    /// Serves until `exit` or the end of the client's stream: whether `shutdown` came first.
    fn run(
        &mut self,
        inbox: &Receiver<Message>,
        done: &Receiver<Vec<FileReport>>,
    ) -> Result<bool, String> {
        loop {
            let wait = match self.last_change {
                Some(at) if !self.dirty.is_empty() => DEBOUNCE.saturating_sub(at.elapsed()),
                _ => Duration::from_secs(3600),
            };
            select! {
                recv(inbox) -> msg => {
                    let Ok(msg) = msg else { return Ok(self.shut_down) };
                    match msg {
                        Message::Request(req) => {
                            if req.method == "shutdown" {
                                self.shut_down = true;
                                self.respond(Response::new_ok(req.id, Value::Null));
                                continue;
                            }
                            if self.shut_down {
                                self.respond(Response::new_err(
                                    req.id,
                                    ErrorCode::InvalidRequest as i32,
                                    "the server is shutting down".into(),
                                ));
                                continue;
                            }
                            let id = req.id.clone();
                            let method = req.method.clone();
                            let handled = catch_unwind(AssertUnwindSafe(|| self.request(req)));
                            let response = match handled {
                                Ok(Ok(value)) => Response::new_ok(id, value),
                                Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
                                Err(_) => Response::new_err(
                                    id,
                                    ErrorCode::InternalError as i32,
                                    format!("koalint failed on {method}"),
                                ),
                            };
                            self.respond(response);
                        }
                        Message::Notification(n) => {
                            if n.method == "exit" {
                                // The protocol's exit code: 0 after `shutdown`, 1 without it.
                                return Ok(self.shut_down);
                            }
                            let _ = catch_unwind(AssertUnwindSafe(|| self.notification(n)));
                        }
                        Message::Response(_) => {}
                    }
                }
                recv(done) -> reports => {
                    if let Ok(reports) = reports {
                        self.publish_workspace(reports);
                    }
                }
                default(wait) => {
                    if !self.dirty.is_empty() {
                        let _ = catch_unwind(AssertUnwindSafe(|| self.lint_dirty()));
                    }
                }
            }
        }
    }

    fn respond(&self, response: Response) {
        let _ = self.sender.send(Message::Response(response));
    }

    fn notify(&self, method: &str, params: Value) {
        let _ = self.sender.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    fn send_request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("koalint-{}", self.next_id));
        let _ = self.sender.send(Message::Request(Request::new(
            id,
            method.to_string(),
            params,
        )));
    }

    fn request(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        let params = req.params;
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        match req.method.as_str() {
            "textDocument/diagnostic" => {
                let p: lsp::DocumentDiagnosticParams =
                    serde_json::from_value(params).map_err(bad)?;
                let key = p.text_document.uri.as_str().to_string();
                self.dirty.remove(&key);
                let items = self.lint_doc(&key).unwrap_or_default();
                Ok(json!({ "kind": "full", "items": items }))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = serde_json::from_value(params).map_err(bad)?;
                self.flush(p.text_document.uri.as_str());
                Ok(serde_json::to_value(self.code_actions(&p)).unwrap_or(Value::Null))
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = serde_json::from_value(params).map_err(bad)?;
                let doc = &p.text_document_position_params;
                self.flush(doc.text_document.uri.as_str());
                Ok(self.hover(doc.text_document.uri.as_str(), doc.position))
            }
            "workspace/executeCommand" => {
                let p: lsp::ExecuteCommandParams = serde_json::from_value(params).map_err(bad)?;
                self.execute(&p)
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("koalint does not serve {}", req.method),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        let params = n.params;
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(params) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        text: p.text_document.text,
                        version: Some(p.text_document.version),
                        findings: Vec::new(),
                        bom_len: 0,
                    },
                );
                self.dirty.remove(&key);
                self.lint_and_publish(&key);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(params)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.docs.get_mut(&key) else {
                    return;
                };
                // Full synchronisation: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    doc.text = change.text;
                }
                doc.version = Some(p.text_document.version);
                self.dirty.insert(key);
                self.last_change = Some(Instant::now());
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(params) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                if is_config(&key) {
                    self.config_changed();
                } else if self.docs.contains_key(&key) {
                    self.dirty.remove(&key);
                    self.lint_and_publish(&key);
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(params)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.remove(&key);
                self.dirty.remove(&key);
                if !self.client.pull {
                    self.publish(&p.text_document.uri, None, Vec::new());
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeWatchedFilesParams>(params)
                else {
                    return;
                };
                if p.changes.iter().any(|c| is_config(c.uri.as_str())) {
                    self.config_changed();
                }
            }
            _ => {}
        }
    }

    /// Asks the client to tell the server when a `koalint.json` changes.
    fn register_watchers(&mut self) {
        if !self.client.watch_registration {
            return;
        }
        self.send_request(
            "client/registerCapability",
            json!({ "registrations": [{
                "id": "koalint-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [{ "globPattern": "**/koalint.json" }] },
            }]}),
        );
    }

    /// A configuration file changed: everything open is linted again under it.
    fn config_changed(&mut self) {
        if self.client.pull {
            // The client asks again; configuration errors are still pushed.
            let keys: Vec<String> = self.docs.keys().cloned().collect();
            for key in keys {
                self.lint_doc(&key);
            }
            if self.client.refresh {
                self.send_request("workspace/diagnostic/refresh", Value::Null);
            }
        } else {
            let keys: Vec<String> = self.docs.keys().cloned().collect();
            for key in keys {
                self.lint_and_publish(&key);
            }
        }
    }

    /// Lints the documents changed since their last lint (called after the debounce).
    fn lint_dirty(&mut self) {
        let keys = std::mem::take(&mut self.dirty);
        for key in keys {
            if self.client.pull {
                // The client pulls; nothing to push, but actions and hovers need the new text's
                // findings.
                self.lint_doc(&key);
            } else {
                self.lint_and_publish(&key);
            }
        }
    }

    /// Before answering about a document: lint it if an edit is pending (and, for a client
    /// that does not pull, publish what was found: the debounce will not come back to it).
    fn flush(&mut self, key: &str) {
        if self.dirty.remove(key) {
            self.lint_and_publish(key);
        }
    }

    fn lint_and_publish(&mut self, key: &str) {
        if is_config(key) {
            // `koalint.json` gets only its own configuration error, published when found.
            return;
        }
        let Some(items) = self.lint_doc(key) else {
            return;
        };
        if self.client.pull {
            return;
        }
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        self.publish(&doc.uri, doc.version, items);
    }

    fn publish(&self, uri: &lsp::Uri, version: Option<i32>, items: Vec<lsp::Diagnostic>) {
        let mut params = json!({ "uri": uri, "diagnostics": items });
        if let Some(v) = version {
            params["version"] = json!(v);
        }
        self.notify("textDocument/publishDiagnostics", params);
    }

    /// Lints an open document's current text; keeps its findings; the protocol's diagnostics.
    fn lint_doc(&mut self, key: &str) -> Option<Vec<lsp::Diagnostic>> {
        let doc = self.docs.get(key)?;
        let path = uri::to_path(&doc.uri);
        let linted = match &path {
            Some(path) => lint_buffer(&self.root, path, &doc.text),
            None => Linted::Ignored,
        };
        let enc = self.client.enc();
        let (findings, bom_len) = match linted {
            Linted::Report(report) => (report.diagnostics, report.bom_len),
            Linted::Ignored => (Vec::new(), 0),
            Linted::BrokenConfig(e) => {
                self.publish_config_error(&e);
                (Vec::new(), 0)
            }
        };
        if let Some(dir) = path.as_deref().and_then(Path::parent) {
            self.clear_config_errors_for(dir);
        }
        let doc = self.docs.get_mut(key)?;
        let lines = Lines::new(&doc.text);
        let items = findings
            .iter()
            .map(|d| to_lsp(d, &doc.uri, &lines, bom_len, enc, &self.root))
            .collect();
        doc.findings = findings;
        doc.bom_len = bom_len;
        Some(items)
    }

    /// A broken `koalint.json`: one diagnostic on it, at the error's place.
    fn publish_config_error(&mut self, e: &ConfigError) {
        let Some(uri) = uri::from_path(&files::absolute(&e.path, &self.root)) else {
            return;
        };
        let text = e.text.as_deref().unwrap_or("");
        let lines = Lines::new(text);
        let range = lines.range(e.range.clone(), self.client.enc());
        let mut message = format!("invalid configuration: {}", e.message);
        if let Some(help) = &e.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let item = lsp::Diagnostic {
            range,
            severity: Some(lsp::DiagnosticSeverity::ERROR),
            code: Some(lsp::NumberOrString::String("config-error".into())),
            source: Some("koalint".into()),
            message,
            ..Default::default()
        };
        self.config_errors.insert(uri.as_str().to_string());
        self.publish(&uri, None, vec![item]);
    }

    /// Clears the diagnostics of configuration files (governing `dir`) that no longer fail.
    fn clear_config_errors_for(&mut self, dir: &Path) {
        if self.config_errors.is_empty() {
            return;
        }
        let failing = config::find_file(dir).and_then(|p| Config::load(&p).err());
        let keep = failing
            .and_then(|e| uri::from_path(&files::absolute(&e.path, &self.root)))
            .map(|u| u.as_str().to_string());
        let governs = |key: &String| {
            key.parse::<lsp::Uri>()
                .ok()
                .and_then(|u| uri::to_path(&u))
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .is_some_and(|d| dir.starts_with(d))
        };
        let stale: Vec<String> = self
            .config_errors
            .iter()
            .filter(|k| Some(*k) != keep.as_ref() && governs(k))
            .cloned()
            .collect();
        for key in stale {
            self.config_errors.remove(&key);
            if let Ok(uri) = key.parse::<lsp::Uri>() {
                self.publish(&uri, None, Vec::new());
            }
        }
    }

    fn start_workspace_lint(&mut self) {
        let root = self.root.clone();
        let sender = self.sender.clone();
        let done = self.done_tx.clone();
        let progress = self.client.progress;
        if progress {
            self.send_request(
                "window/workDoneProgress/create",
                json!({ "token": "koalint-workspace" }),
            );
        }
        let spawned = std::thread::Builder::new()
            .name("koalint-workspace".into())
            .stack_size(crate::engine::WORKER_STACK)
            .spawn(move || {
                let note = |value: Value| {
                    if progress {
                        let _ = sender.send(Message::Notification(Notification::new(
                            "$/progress".into(),
                            json!({ "token": "koalint-workspace", "value": value }),
                        )));
                    }
                };
                note(json!({ "kind": "begin", "title": "koalint", "message": "linting the workspace" }));
                let reports = catch_unwind(AssertUnwindSafe(|| lint_workspace(&root)))
                    .unwrap_or_default();
                note(json!({ "kind": "end", "message": format!("{} files with findings", reports.len()) }));
                let _ = done.send(reports);
            });
        if spawned.is_err() {
            // No thread, no workspace lint: open documents are still linted.
        }
    }

    /// The start-up lint's findings, for the files that are not open (an open buffer's own
    /// lint wins).
    fn publish_workspace(&mut self, reports: Vec<FileReport>) {
        if self.client.pull {
            // A pulling client asks for what it shows; pushed findings would never be cleared.
            return;
        }
        let enc = self.client.enc();
        for report in reports {
            let abs = files::absolute(Path::new(&report.path), &self.root);
            let Some(uri) = uri::from_path(&abs) else {
                continue;
            };
            let key = uri.as_str().to_string();
            if self.docs.contains_key(&key) {
                continue;
            }
            // The report's text has its secrets masked (same bytes, not the same UTF-16 units):
            // columns are counted on the file itself.
            let Ok(text) = std::fs::read_to_string(&abs) else {
                continue;
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let lines = Lines::new(text);
            let items: Vec<lsp::Diagnostic> = report
                .diagnostics
                .iter()
                .map(|d| to_lsp(d, &uri, &lines, 0, enc, &self.root))
                .collect();
            self.workspace.push(key);
            self.publish(&uri, None, items);
        }
    }

    fn code_actions(&mut self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeAction> {
        let key = p.text_document.uri.as_str();
        let Some(doc) = self.docs.get(key) else {
            return Vec::new();
        };
        let enc = self.client.enc();
        let lines = Lines::new(&doc.text);
        let only = p.context.only.as_ref();
        let wants = |kind: &lsp::CodeActionKind| {
            only.is_none_or(|o| {
                o.iter().any(|k| {
                    kind.as_str() == k.as_str()
                        || kind.as_str().starts_with(&format!("{}.", k.as_str()))
                })
            })
        };
        let body = &doc.text[doc.bom_len.min(doc.text.len())..];
        let from = lines.offset(p.range.start, enc);
        let to = lines.offset(p.range.end, enc);
        let mut out = Vec::new();
        let edit_of = |edits: Vec<fix::Edit>| -> lsp::WorkspaceEdit {
            let text_edits: Vec<lsp::TextEdit> = edits
                .into_iter()
                .map(|e| lsp::TextEdit {
                    range: lines.range(e.range.start + doc.bom_len..e.range.end + doc.bom_len, enc),
                    new_text: e.new_text,
                })
                .collect();
            // `documentChanges` with the version the edits were computed on: a client refuses
            // them on a newer text instead of applying them at the wrong place.
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: doc.uri.clone(),
                        version: doc.version,
                    },
                    edits: text_edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        };
        if wants(&lsp::CodeActionKind::QUICKFIX) {
            for d in &doc.findings {
                let start = d.primary.label.range.start + doc.bom_len;
                let end = d.primary.label.range.end + doc.bom_len;
                // The diagnostic's line(s) overlap the asked range.
                let line_of = |o: usize| lines.position(o, enc).line;
                if line_of(end) < line_of(from) || line_of(start) > line_of(to) {
                    continue;
                }
                let this = to_lsp(d, &doc.uri, &lines, doc.bom_len, enc, &self.root);
                let mut action = |title: String,
                                  edits: Vec<fix::Edit>,
                                  preferred: bool,
                                  command: Option<lsp::Command>| {
                    out.push(lsp::CodeAction {
                        title,
                        kind: Some(lsp::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![this.clone()]),
                        edit: Some(edit_of(edits)),
                        is_preferred: preferred.then_some(true),
                        command,
                        ..Default::default()
                    });
                };
                // After an ignore directive is inserted: the cursor goes where its reason is
                // written (`window/showDocument` with a selection, for clients that have it).
                let reason = |e: &fix::Edit, cursor: usize| -> Option<lsp::Command> {
                    if !self.client.show_document {
                        return None;
                    }
                    let mut after = doc.text.clone();
                    let at = doc.bom_len + e.range.start;
                    after.replace_range(at..doc.bom_len + e.range.end, &e.new_text);
                    let pos = Lines::new(&after).position(doc.bom_len + cursor, enc);
                    Some(lsp::Command {
                        title: "Write the reason".into(),
                        command: REASON.into(),
                        arguments: Some(vec![json!(doc.uri), json!(pos)]),
                    })
                };
                if d.rule == "unused-ignore" {
                    if let Some(e) = fix::remove_directive(body, d) {
                        action("Remove this directive".into(), vec![e], true, None);
                    }
                    continue;
                }
                if let Some(f) = fix::mechanical_fix(body, d) {
                    action(f.title, f.edits, true, None);
                }
                if rules::find(d.rule).is_some() {
                    let (e, cursor) = fix::ignore_line(body, d);
                    let then = reason(&e, cursor);
                    action(
                        format!("Ignore `{}` on this line", d.rule),
                        vec![e],
                        false,
                        then,
                    );
                    let (e, cursor) = fix::ignore_file(body, d);
                    let then = reason(&e, cursor);
                    action(
                        format!("Ignore `{}` in this file", d.rule),
                        vec![e],
                        false,
                        then,
                    );
                }
            }
        }
        let fix_all = lsp::CodeActionKind::new("source.fixAll.koalint");
        if only.is_some() && (wants(&fix_all) || wants(&lsp::CodeActionKind::SOURCE_FIX_ALL)) {
            if let Some(fixed) = fix::apply_all(body, &doc.findings) {
                let edit = fix::Edit {
                    range: 0..body.len(),
                    new_text: fixed,
                };
                out.push(lsp::CodeAction {
                    title: "Fix all koalint problems that have a mechanical fix".into(),
                    kind: Some(fix_all),
                    edit: Some(edit_of(vec![edit])),
                    ..Default::default()
                });
            }
        }
        out
    }

    fn hover(&self, key: &str, pos: lsp::Position) -> Value {
        let Some(doc) = self.docs.get(key) else {
            return Value::Null;
        };
        let enc = self.client.enc();
        let lines = Lines::new(&doc.text);
        let at = lines.offset(pos, enc);
        let Some(d) = doc.findings.iter().find(|d| {
            let r = &d.primary.label.range;
            r.start + doc.bom_len <= at && at <= r.end + doc.bom_len
        }) else {
            return Value::Null;
        };
        let Some(rule) = rules::find(d.rule) else {
            return Value::Null;
        };
        let meta = rule.meta();
        let mut md = format!("**koalint `{}`** — {}\n", meta.id, meta.summary);
        if let Some(fix) = page_section(meta.doc, "How to fix") {
            md.push('\n');
            md.push_str(fix.trim());
            md.push('\n');
        }
        md.push_str(&format!("\n[The rule's page]({})\n", rule_url(meta.id)));
        let r = &d.primary.label.range;
        json!({
            "contents": { "kind": "markdown", "value": md },
            "range": lines.range(r.start + doc.bom_len..r.end + doc.bom_len, enc),
        })
    }

    fn execute(&mut self, p: &lsp::ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command == REASON {
            let (Some(uri), Some(pos)) = (p.arguments.first(), p.arguments.get(1)) else {
                return Err((
                    ErrorCode::InvalidParams,
                    "koalint.reason takes a document and a position".into(),
                ));
            };
            self.send_request(
                "window/showDocument",
                json!({ "uri": uri, "takeFocus": true, "selection": { "start": pos, "end": pos } }),
            );
            return Ok(Value::Null);
        }
        if p.command != EXPLAIN {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command {}", p.command),
            ));
        }
        let Some(id) = p.arguments.first().and_then(Value::as_str) else {
            return Err((
                ErrorCode::InvalidParams,
                "koalint.explain takes a rule id".into(),
            ));
        };
        let Some(rule) = rules::find(id) else {
            return Err((ErrorCode::InvalidParams, format!("unknown rule '{id}'")));
        };
        let url = rule_url(rule.meta().id);
        if self.client.show_document {
            self.send_request(
                "window/showDocument",
                json!({ "uri": url, "external": true }),
            );
        } else {
            self.notify(
                "window/showMessage",
                json!({ "type": 3, "message": format!("{}: {} — {url}", rule.meta().id, rule.meta().summary) }),
            );
        }
        Ok(json!({ "uri": url }))
    }
}

fn is_config(uri: &str) -> bool {
    uri.ends_with("/koalint.json")
}

/// The text of a rule page's section, up to the next section.
fn page_section<'d>(doc: &'d str, title: &str) -> Option<&'d str> {
    let head = format!("\n## {title}\n");
    let start = doc.find(&head)? + head.len();
    let rest = &doc[start..];
    Some(rest.find("\n## ").map_or(rest, |end| &rest[..end]))
}

/// Lints a buffer as the file at `path`, under the configuration found from its folder.
fn lint_buffer(root: &Path, path: &Path, text: &str) -> Linted {
    let dir = path.parent().unwrap_or(root);
    let config = match Config::discover(dir) {
        Ok(c) => c,
        Err(e) => return Linted::BrokenConfig(e),
    };
    let Some(display) = files::stdin_target(path, root, &config) else {
        return Linted::Ignored;
    };
    let linter = Linter::new(config, root.to_path_buf());
    let buffer = Inputs::Buffer {
        display: &display,
        path,
        bytes: text.as_bytes(),
    };
    match lint_inputs(&linter, buffer) {
        Ok(mut reports) if !reports.is_empty() => Linted::Report(reports.remove(0)),
        _ => Linted::Ignored,
    }
}

/// Every file of the workspace, as `koalint check` in its root would lint them.
fn lint_workspace(root: &Path) -> Vec<FileReport> {
    let Ok(config) = Config::discover(root) else {
        return Vec::new();
    };
    let Ok(mut found) = files::collect(&[root.to_path_buf()], root, Some(&config)) else {
        return Vec::new();
    };
    // As `koalint check` skips them by default: bundles and vendored minified code.
    found.retain(|f| f.size <= WORKSPACE_MAX_FILE_SIZE);
    let linter = Linter::new(config, root.to_path_buf());
    let inputs = Inputs::Files {
        files: &found,
        threads: 0,
    };
    lint_inputs(&linter, inputs)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| !r.diagnostics.is_empty())
        .collect()
}

/// One finding as the protocol shows it.
fn to_lsp(
    d: &Diagnostic,
    uri: &lsp::Uri,
    lines: &Lines<'_>,
    bom_len: usize,
    enc: Encoding,
    root: &Path,
) -> lsp::Diagnostic {
    let range = |r: &std::ops::Range<usize>| lines.range(r.start + bom_len..r.end + bom_len, enc);
    let primary = range(&d.primary.label.range);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let href = rules::find(d.rule).and_then(|_| rule_url(d.rule).parse::<lsp::Uri>().ok());
    // The labels: where the value came from, where it goes (in this document), then the places
    // in other files the finding depends on.
    let mut related: Vec<lsp::DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range(&l.label.range)),
            message: l.label.message.clone(),
        })
        .collect();
    for r in &d.related {
        let abs = files::absolute(Path::new(&r.path), root);
        if let Some(uri) = uri::from_path(&abs) {
            let line = r.line.saturating_sub(1);
            related.push(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(
                    uri,
                    lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 0)),
                ),
                message: r.message.clone(),
            });
        }
    }
    lsp::Diagnostic {
        range: primary,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some("koalint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
