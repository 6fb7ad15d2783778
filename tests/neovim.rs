//! `koalint lsp` in a real editor: Neovim's built-in client (Debian's 0.7, whose API is
//! `vim.lsp.start_client` and `vim.lsp.buf_attach_client`), headless, configured with the
//! snippet the README gives for Neovim 0.7, reads the diagnostics and applies a code action.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, external_tool, tree};
use serde_json::Value;

/// The README's configuration for Neovim 0.7 (`vim.lsp.start` and `vim.fs` are 0.8+), as the
/// README gives it: one client per project root, the nearest folder upwards with a
/// `koalint.json` or a `.git`.
fn neovim_07_snippet() -> String {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    readme
        .split("```lua\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(block, _)| block.to_string()))
        .find(|block| block.contains("vim.lsp.start_client"))
        .expect("README has a ```lua block with vim.lsp.start_client")
}

/// What the test script does after the snippet: open the app, wait for its diagnostics, write
/// them out; ask for the code actions on the `header-logging` line, apply the one that ignores
/// the rule there, write the buffer out. Any Lua error is written to `error.txt`; Neovim
/// always quits.
const SCRIPT: &str = r#"
local ok, err = pcall(function()
  vim.cmd('edit src/app.js')
  local bufnr = vim.api.nvim_get_current_buf()
  vim.wait(10000, function()
    return #vim.diagnostic.get(bufnr) >= 2
  end, 20)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(found, {
      code = d.code or lsp.code,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
    })
  end
  vim.fn.writefile({ vim.fn.json_encode(found) }, 'diagnostics.json')

  local line = 5
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  local titles = {}
  local chosen = nil
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.title == 'Ignore `header-logging` on this line' then
        chosen = action
      end
    end
  end
  vim.fn.writefile({ vim.fn.json_encode(titles) }, 'actions.json')
  if chosen and chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  end
  vim.fn.writefile(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), 'buffer.txt')
end)
if not ok then
  vim.fn.writefile(vim.split(tostring(err), '\n'), 'error.txt')
end
vim.cmd('qa!')
"#;

/// The app Neovim opens: its TLS finding is at byte column 52 on line 3 (UTF-16 column 49 from
/// the server), so Neovim must convert.
const APP: &str = common::KOA_APP_NON_ASCII;

/// What Neovim saw and did.
struct Session {
    diagnostics: Vec<Value>,
    action_titles: Vec<String>,
    buffer: String,
}

/// Runs Neovim headless in a fresh project with the snippet and [`SCRIPT`]; `None` when Neovim
/// is not installed (a skip, or a failure in CI).
fn neovim_session() -> Option<Session> {
    let version = external_tool("nvim", &["--version"], "apt-get install neovim")?;
    eprintln!("{version}");
    let dir = tree(&[("src/app.js", APP.as_bytes())]);
    let root = dir.path();
    fs::write(
        root.join("koalint-test.lua"),
        format!("{}\n{SCRIPT}", neovim_07_snippet()),
    )
    .expect("write script");
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let log = fs::File::create(root.join("nvim.log")).expect("log file");
    let mut cmd = Command::new("nvim");
    cmd.args(["--headless", "--clean", "-c", "luafile koalint-test.lua"])
        .current_dir(root)
        .env("PATH", path)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log);
    // Neovim's own files (the LSP log among them) stay in the project.
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "xdg/config"),
        ("XDG_DATA_HOME", "xdg/data"),
        ("XDG_STATE_HOME", "xdg/state"),
        ("XDG_CACHE_HOME", "xdg/cache"),
    ] {
        cmd.env(var, root.join(sub));
    }
    let mut child = cmd.spawn().expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Neovim still runs after 60 s: {}", output_of(root));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Ok(error) = fs::read_to_string(root.join("error.txt")) {
        panic!("the Lua script failed: {error}\n{}", output_of(root));
    }
    assert!(status.success(), "nvim: {status}; {}", output_of(root));
    let read = |name: &str| {
        fs::read_to_string(root.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; {}", output_of(root)))
    };
    let diagnostics: Value = serde_json::from_str(&read("diagnostics.json")).expect("JSON");
    let titles: Value = serde_json::from_str(&read("actions.json")).expect("JSON");
    Some(Session {
        diagnostics: diagnostics.as_array().expect("list").clone(),
        action_titles: titles
            .as_array()
            .expect("list")
            .iter()
            .map(|t| t.as_str().expect("title").to_string())
            .collect(),
        buffer: read("buffer.txt"),
    })
}

/// What Neovim printed and what its LSP client logged, for a failure's message.
fn output_of(root: &Path) -> String {
    let nvim = fs::read_to_string(root.join("nvim.log")).unwrap_or_default();
    let lsp = fs::read_to_string(root.join("xdg/cache/nvim/lsp.log")).unwrap_or_default();
    format!("nvim output:\n{nvim}\nlsp.log:\n{lsp}")
}

#[test]
fn neovim_07_shows_the_findings_at_their_byte_columns_and_offers_the_ignore_actions() {
    let Some(session) = neovim_session() else {
        return;
    };
    let mut found: Vec<(String, u64, u64, u64, u64)> = session
        .diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["lnum"].as_u64().expect("lnum"),
                d["col"].as_u64().expect("col"),
                d["end_lnum"].as_u64().expect("end_lnum"),
                d["end_col"].as_u64().expect("end_col"),
            )
        })
        .collect();
    found.sort();
    // 0-based lines; Neovim's columns are bytes.
    assert_eq!(
        found,
        [
            ("header-logging".to_string(), 5, 14, 5, 33),
            ("tls-verification-disabled".to_string(), 3, 52, 3, 77),
        ],
        "{:#?}",
        session.diagnostics
    );
    for d in &session.diagnostics {
        assert_eq!(d["source"], "koalint", "{d}");
        assert_eq!(d["severity"], 1, "an error: {d}");
    }
    for title in [
        "Ignore `header-logging` on this line",
        "Ignore `header-logging` in this file",
    ] {
        assert!(
            session.action_titles.iter().any(|t| t == title),
            "{title}: {:?}",
            session.action_titles
        );
    }
}

#[test]
fn neovim_07_applies_the_ignore_on_this_line_action_above_the_finding() {
    let Some(session) = neovim_session() else {
        return;
    };
    let want = APP.replace(
        "  console.log(ctx.request.headers);\n",
        "  // koalint-ignore header-logging -- \n  console.log(ctx.request.headers);\n",
    );
    assert_eq!(session.buffer, want);
}
