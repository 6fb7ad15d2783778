//! The process boundary: arguments in, exit code out.

use std::io::{self, IsTerminal};

use clap::Parser;
use koalint::{
    Outcome, Terminal,
    cli::{Cli, Command},
    run, serve_lsp,
};

// Many short-lived syntax trees: glibc's malloc spent a quarter of the run in allocation and
// freeing; mimalloc (what swc and oxc ship with) roughly halves that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                Outcome::Error.exit_code()
            } else {
                0
            });
        }
    };
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("koalint: cannot read the working directory: {e}");
            std::process::exit(Outcome::Error.exit_code());
        }
    };
    // The language server reads and writes the standard streams from threads of its own: they
    // must not be locked here.
    if matches!(cli.command, Command::Lsp) {
        std::process::exit(serve_lsp(&cwd).exit_code());
    }
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let term = Terminal {
        stdout_is_tty: io::stdout().is_terminal(),
        no_color: set("NO_COLOR"),
        force_color: set("FORCE_COLOR"),
    };
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let outcome = run(cli, &cwd, term, &mut stdout, &mut stderr);
    std::process::exit(outcome.exit_code());
}
