//! koalint: a security linter for JavaScript and TypeScript Koa services.
//!
//! The library lints sources; the binary (`main.rs`) turns a command line into a [`run`] and
//! the [`Outcome`] into an exit code. Every output is a view of one sorted list of diagnostics.
//! Each subcommand lives in its own module under `commands`, over one shared lint entry point.

pub mod baseline;
pub mod cli;
mod commands;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod files;
pub mod fix;
pub mod lsp;
pub mod model;
pub mod parse;
mod project;
pub mod report;
pub mod rules;
pub mod suppress;

pub use commands::explain::{rule_page_body, rule_page_field};
pub use commands::lint::lint_source;
pub use commands::lsp::serve_lsp;
pub use commands::{Outcome, Terminal, run, run_with_stdin};
