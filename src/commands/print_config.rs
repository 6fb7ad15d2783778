//! `koalint print-config FILE`: the configuration as it applies to one file (rule levels,
//! ignored, test code, settings), as JSON. It reads the configuration only; nothing is linted.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::{Outcome, config_failure, load_config, quietly};
use crate::cli::ConfigArgs;
use crate::diagnostics::Severity;
use crate::files;

pub(super) fn print_config(
    file: &Path,
    args: &ConfigArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Outcome {
    let config = match load_config(args, cwd, cwd) {
        Ok(c) => c,
        Err(e) => return config_failure(&e, cwd, stderr),
    };
    let abs = files::absolute(file, cwd);
    let levels: BTreeMap<&str, &str> = config
        .levels_for(&abs)
        .into_iter()
        .map(|(id, sev)| {
            let level = match sev {
                None => "off",
                Some(Severity::Warning) => "warn",
                Some(Severity::Error) => "error",
            };
            (id, level)
        })
        .collect();
    let effective = serde_json::json!({
        "file": files::display_path(file, cwd),
        "configFile": config.path.as_ref().map(|p| files::display_path(p, cwd)),
        "ignored": config.ignores(&abs, false),
        "testCode": config.is_test_code(&abs),
        "rules": levels,
        "settings": config.file.settings,
    });
    let text = serde_json::to_string_pretty(&effective).unwrap_or_default();
    quietly(writeln!(stdout, "{text}"), Outcome::Clean)
}
