//! `koalint lsp`: the language server (`crate::lsp`) on the process's standard streams.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::report::escape;

/// Serves the Language Server Protocol on the process's standard input and output until the
/// client exits. The server reads and writes them from threads of its own: `main` calls this
/// before it locks either.
pub fn serve_lsp(cwd: &Path) -> Outcome {
    match crate::lsp::serve(cwd) {
        Ok(true) => Outcome::Clean,
        // `exit` without `shutdown`: the protocol asks for exit code 1.
        Ok(false) => Outcome::Findings,
        Err(e) => {
            eprintln!("koalint lsp: {}", escape::line(&e));
            Outcome::Error
        }
    }
}

/// Through [`super::run`], whose caller holds the standard streams, the server cannot run.
pub(super) fn unavailable(stderr: &mut dyn Write) -> Outcome {
    let _ = writeln!(
        stderr,
        "koalint lsp: needs the process's own standard input and output"
    );
    Outcome::Error
}
