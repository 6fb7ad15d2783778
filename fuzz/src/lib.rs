//! What both fuzz targets check: linting bytes as a file never panics, and every reported span
//! lies inside the file, on character boundaries, at a line and column that exist.

use std::path::Path;
use std::sync::OnceLock;

use koalint::config::Config;
use koalint::diagnostics::{LineIndex, PlacedLabel};
use koalint::engine::{FileReport, INTERNAL_ERROR, WORKER_STACK};

/// The file kinds the targets lint as: every extension koalint reads.
pub const KINDS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::defaults(Path::new("/fuzz")))
}

/// Lints `bytes` as `src/input.<ext>` on a thread with the worker pool's stack (as the CLI
/// does), and panics — which libFuzzer records as a crash — when the property does not hold.
pub fn check(ext: &str, bytes: &[u8]) {
    let path = format!("src/input.{ext}");
    let report = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, || {
                koalint::lint_source(Path::new(&path), bytes, config())
            })
            .expect("spawn a linting thread")
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    });
    assert_report_is_sound(&report, bytes);
}

/// The property: no internal error (a caught panic), and every label inside the text.
pub fn assert_report_is_sound(report: &FileReport, bytes: &[u8]) {
    for d in &report.diagnostics {
        assert_ne!(d.rule, INTERNAL_ERROR, "caught panic: {}", d.message);
    }
    let Some(text) = report.source.as_deref() else {
        // Only io-errors (undecodable bytes) come without the text; they point at the start.
        for d in &report.diagnostics {
            assert_eq!(d.rule, koalint::engine::IO_ERROR);
            assert_eq!(d.primary.label.range, 0..0);
        }
        return;
    };
    assert_eq!(
        text.len() + report.bom_len,
        bytes.len(),
        "the text is the file minus its BOM"
    );
    let index = LineIndex::new(text);
    let lines = index.position(text, text.len()).line;
    for d in &report.diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            assert_label_inside(label, text, &index, lines, d.rule);
        }
    }
}

fn assert_label_inside(label: &PlacedLabel, text: &str, index: &LineIndex, lines: u32, rule: &str) {
    let r = &label.label.range;
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{rule}: range {r:?} outside a {}-byte file",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{rule}: range {r:?} splits a character"
    );
    for p in [label.start, label.end] {
        assert!(
            p.line >= 1 && p.line <= lines,
            "{rule}: line {} of {lines}",
            p.line
        );
        let line = &text[index.line_range(text, p.line)];
        let width = line.encode_utf16().count() as u32;
        assert!(
            p.column >= 1 && p.column <= width + 2,
            "{rule}: column {} on a line {width} units wide",
            p.column
        );
    }
    assert!(label.start <= label.end, "{rule}: start after end");
}

/// The annotated rule fixtures (`testdata/rules/**`), read once: the seeds the structure-aware
/// target mutates.
pub fn fixtures() -> &'static [(String, Vec<u8>)] {
    static FIXTURES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/rules");
        let mut found = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Some(ext) = path.extension().and_then(|e| e.to_str())
                    && KINDS.contains(&ext)
                    && let Ok(bytes) = std::fs::read(&path)
                {
                    found.push((ext.to_string(), bytes));
                }
            }
        }
        found.sort();
        assert!(!found.is_empty(), "no fixtures under testdata/rules");
        found
    })
}
