//! `koalint init`: writes a starter `koalint.json` (and its schema, unless one is there) into the
//! working directory. It never overwrites an existing configuration.

use std::io::Write;
use std::path::Path;

use super::{Outcome, quietly};
use crate::config;

pub(super) fn init(cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    let target = cwd.join(config::FILE_NAME);
    if target.exists() {
        let _ = writeln!(
            stderr,
            "koalint: {} already exists; not overwriting it",
            config::FILE_NAME
        );
        return Outcome::Error;
    }
    let schema = cwd.join("koalint.schema.json");
    let write_schema = !schema.exists();
    let written = std::fs::write(&target, config::starter()).and_then(|_| {
        if write_schema {
            std::fs::write(&schema, config::schema_json())
        } else {
            Ok(())
        }
    });
    match written {
        Ok(()) => {
            let what = if write_schema {
                format!("wrote {} and koalint.schema.json", config::FILE_NAME)
            } else {
                format!(
                    "wrote {} (kept the existing koalint.schema.json)",
                    config::FILE_NAME
                )
            };
            quietly(writeln!(stdout, "{what}"), Outcome::Clean)
        }
        Err(e) => {
            let _ = writeln!(stderr, "koalint: cannot write {}: {e}", config::FILE_NAME);
            Outcome::Error
        }
    }
}
