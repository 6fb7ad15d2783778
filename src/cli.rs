//! Command-line definitions (clap). No behaviour lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "koalint",
    version,
    about = "A security linter for Koa services: keys that leak behind mutual TLS",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: the current directory).
    Check(CheckArgs),
    /// Write the fingerprints of today's findings to a baseline file, so that `check --baseline`
    /// reports only new ones.
    Baseline(BaselineArgs),
    /// List every rule: id, default severity, summary.
    Rules,
    /// Print a rule's page.
    Explain {
        /// The rule id, as `koalint rules` lists it.
        rule: String,
    },
    /// Write a commented starter koalint.json (and its schema) in the current directory.
    Init,
    /// Print the JSON Schema of koalint.json.
    Schema,
    /// Serve the Language Server Protocol on standard input and output (for editors).
    Lsp,
    /// Print the configuration in force for a file.
    PrintConfig {
        /// The source file to resolve the configuration for.
        file: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for koalint.json.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Use the built-in defaults; ignore any koalint.json.
    #[arg(long)]
    pub no_config: bool,
}

/// What to lint and with which rules: shared by `check` and `baseline`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files and directories to lint.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Turn this rule off (repeatable).
    #[arg(long, value_name = "ID")]
    pub disable: Vec<String>,

    /// Report this rule as a warning (repeatable).
    #[arg(long, value_name = "ID")]
    pub warn: Vec<String>,

    /// Report this rule as an error (repeatable).
    #[arg(long, value_name = "ID")]
    pub deny: Vec<String>,

    /// Skip files larger than this (bytes, or with a K/M/G suffix in binary units; 0: no limit).
    /// Generated bundles and vendored minified code are rarely what a review can act on.
    #[arg(long, value_name = "SIZE", default_value = "2MiB", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Benchmarking only: walk, read and parse the same files, run no model and no rule.
    #[arg(long, hide = true)]
    pub parse_only: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,

    /// Lint standard input as if it were the file at PATH (its syntax, configuration and
    /// ignore globs); for editors linting unsaved buffers.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Write the report (in --format) to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Also write a SARIF report to this file, in the same run (for a code-scanning upload
    /// beside a readable log).
    #[arg(long, value_name = "PATH")]
    pub sarif_output: Option<PathBuf>,

    /// Report only findings that this baseline file (from `koalint baseline`) does not list.
    #[arg(long, value_name = "PATH")]
    pub baseline: Option<PathBuf>,

    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Report errors only.
    #[arg(long)]
    pub quiet: bool,

    /// Apply the mechanical fixes (`rejectUnauthorized: false` → `true`, a
    /// `NODE_TLS_REJECT_UNAUTHORIZED = '0'` assignment removed, unused ignore directives removed)
    /// to the files, then report what is left.
    #[arg(long, conflicts_with = "stdin_filename")]
    pub fix: bool,

    /// Keep findings silenced by koalint-ignore in the JSON and SARIF output, marked as
    /// suppressed.
    #[arg(long)]
    pub include_suppressed: bool,

    /// When to use colours in the pretty format.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub lint: LintArgs,

    /// The baseline file to write.
    #[arg(long, value_name = "PATH", default_value = "koalint-baseline.json")]
    pub baseline: PathBuf,

    /// Only remove the entries of findings that no longer occur; add none.
    #[arg(long)]
    pub prune: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `2MiB`, `512K`, `1048576`, `0`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let (number, unit) = t.split_at(digits);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size (for example 2MiB, 512K, 1048576)"))?;
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit '{other}' (use K, M or G)")),
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("'{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_read_binary_units() {
        assert_eq!(parse_size("2MiB"), Ok(2 * 1024 * 1024));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("0"), Ok(0));
        assert!(parse_size("lots").is_err() && parse_size("3 parsecs").is_err());
    }
}
