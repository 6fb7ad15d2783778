//! Which files are linted: walkdir over each path, the JS/TS extensions, the default excludes,
//! and `.gitignore` rules (the `ignore` crate's matcher). Explicitly named files skip the
//! excludes; explicitly named non-JS files are skipped silently.
//!
//! Symbolic links met during a walk are not followed (as ripgrep does), so a link loop cannot
//! trap the walk; a link named on the command line is followed.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use ignore::Match;
use ignore::gitignore::Gitignore;
use walkdir::WalkDir;

use crate::config::Config;
use crate::parse::is_lintable;

/// Directory names never walked into unless named explicitly. `flow-typed` holds Flow's library
/// declarations, the `.d.ts` files of Flow: types, no code that runs.
const EXCLUDED_DIRS: &[&str] = &[
    "node_modules",
    ".git",
    "dist",
    "build",
    "coverage",
    "flow-typed",
];

#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Where to read it.
    pub path: PathBuf,
    /// How to show it: as the user would type it, `/`-separated.
    pub display: String,
    pub size: u64,
    /// Set when the walk itself could not reach this path (it becomes an `io-error`).
    pub error: Option<String>,
}

/// A command-line path that does not exist: a usage error.
#[derive(Debug)]
pub struct MissingPath(pub String);

/// Collects the files under `paths`, sorted by display path and without duplicates.
/// The configuration's `ignore` globs apply everywhere, to named files too (a pre-commit hook
/// names every staged file).
pub fn collect(
    paths: &[PathBuf],
    cwd: &Path,
    config: Option<&Config>,
) -> Result<Vec<FileEntry>, MissingPath> {
    let mut found = BTreeMap::new();
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|_| MissingPath(root.display().to_string()))?;
        if meta.is_dir() {
            walk(root, cwd, config, &mut found);
        } else if is_lintable(root)
            && !config.is_some_and(|c| c.ignores(&absolute(root, cwd), false))
        {
            let display = display_path(root, cwd);
            found.entry(display.clone()).or_insert(FileEntry {
                path: root.clone(),
                display,
                size: meta.len(),
                error: None,
            });
        }
    }
    Ok(found.into_values().collect())
}

/// The path reports name for standard input linted as the file `name`, or `None` when that
/// file would not be linted: not JavaScript or TypeScript, or excluded by the configuration's
/// `ignore` globs (as for a named file, whose fate it shares).
pub fn stdin_target(name: &Path, cwd: &Path, config: &Config) -> Option<String> {
    (is_lintable(name) && !config.ignores(&absolute(name, cwd), false))
        .then(|| display_path(name, cwd))
}

fn walk(root: &Path, cwd: &Path, config: Option<&Config>, found: &mut BTreeMap<String, FileEntry>) {
    let abs_root = absolute(root, cwd);
    // `.gitignore` files above the walked folder, up to the repository root, apply too.
    let mut matchers: Vec<(usize, Gitignore)> = ancestor_gitignores(&abs_root)
        .into_iter()
        .map(|g| (0, g))
        .collect();
    let inherited = matchers.len();
    let mut it = WalkDir::new(root).sort_by_file_name().into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                if let Some(path) = err.path() {
                    let display = display_path(path, cwd);
                    let reason = err
                        .io_error()
                        .map(|e| match e.kind() {
                            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                            _ => e.to_string(),
                        })
                        .unwrap_or_else(|| err.to_string());
                    found.entry(display.clone()).or_insert(FileEntry {
                        path: path.to_path_buf(),
                        display,
                        size: 0,
                        error: Some(format!("cannot read directory: {reason}")),
                    });
                }
                continue;
            }
        };
        let depth = entry.depth();
        // Matchers of folders we have left no longer apply.
        while matchers.len() > inherited && matchers.last().is_some_and(|(d, _)| *d >= depth) {
            matchers.pop();
        }
        let file_type = entry.file_type();
        let is_dir = file_type.is_dir();
        if depth > 0 {
            if file_type.is_symlink() || excluded_by_default(entry.file_name(), is_dir) {
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
            let abs = absolute(entry.path(), cwd);
            let by_config = config.is_some_and(|c| c.ignores(&abs, is_dir));
            if by_config || ignored(&matchers, &abs, is_dir) {
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir {
            let gitignore = entry.path().join(".gitignore");
            if gitignore.is_file() {
                let (matcher, _) = Gitignore::new(absolute(&gitignore, cwd));
                matchers.push((depth, matcher));
            }
            continue;
        }
        if file_type.is_file() && is_lintable(entry.path()) {
            let display = display_path(entry.path(), cwd);
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.entry(display.clone()).or_insert(FileEntry {
                path: entry.path().to_path_buf(),
                display,
                size,
                error: None,
            });
        }
    }
}

fn excluded_by_default(name: &std::ffi::OsStr, is_dir: bool) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    if is_dir {
        return EXCLUDED_DIRS.contains(&name);
    }
    name.ends_with(".min.js")
        || name.ends_with(".d.ts")
        || name.ends_with(".d.mts")
        || name.ends_with(".d.cts")
}

/// The deepest matcher with an opinion decides (a nested `!pattern` can re-include).
fn ignored(matchers: &[(usize, Gitignore)], abs: &Path, is_dir: bool) -> bool {
    for (_, m) in matchers.iter().rev() {
        match m.matched(abs, is_dir) {
            Match::Ignore(_) => return true,
            Match::Whitelist(_) => return false,
            Match::None => {}
        }
    }
    false
}

fn ancestor_gitignores(abs_root: &Path) -> Vec<Gitignore> {
    let mut dirs = Vec::new();
    let mut repo_found = false;
    for dir in abs_root.ancestors().skip(1) {
        dirs.push(dir.to_path_buf());
        if dir.join(".git").exists() {
            repo_found = true;
            break;
        }
    }
    if !repo_found {
        return Vec::new();
    }
    dirs.reverse();
    dirs.into_iter()
        .map(|d| d.join(".gitignore"))
        .filter(|g| g.is_file())
        .map(|g| Gitignore::new(g).0)
        .collect()
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    normalize(&joined)
}

/// Removes `.` components and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path as the user would type it: relative to `cwd` when under it, without `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = if path.is_absolute() {
        let normal = normalize(path);
        match normal.strip_prefix(cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => normal,
        }
    } else {
        path.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_dot_and_cwd() {
        let cwd = Path::new("/work/app");
        assert_eq!(display_path(Path::new("./src/a.js"), cwd), "src/a.js");
        assert_eq!(
            display_path(Path::new("/work/app/src/a.js"), cwd),
            "src/a.js"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.js"), cwd),
            "/elsewhere/a.js"
        );
        assert_eq!(display_path(Path::new("../lib/a.js"), cwd), "../lib/a.js");
    }
}
