//! Every rule has a page in `rules/<id>.md` in the catalogue's form, and every fenced example
//! on it is linted: a `js bad` / `ts bad` block must trigger the rule, a `… good` block must not.

use std::path::Path;

use koalint::engine::Linter;
use koalint::rules::RULES;

struct Example {
    lang: String,
    bad: bool,
    code: String,
    line: usize,
}

/// Where the reader stands in a page.
enum Fence {
    Outside,
    /// In a fenced block that is not an example (`jsonc`, `sh`…).
    Other,
    Example(Example),
}

fn examples(page: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut fence = Fence::Outside;
    for (i, line) in page.lines().enumerate() {
        let marker = line.strip_prefix("```");
        fence = match (fence, marker) {
            (Fence::Outside, Some(info)) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_string();
                match words.next() {
                    Some(kind @ ("bad" | "good")) => Fence::Example(Example {
                        lang,
                        bad: kind == "bad",
                        code: String::new(),
                        line: i + 1,
                    }),
                    _ => Fence::Other,
                }
            }
            (Fence::Outside, None) => Fence::Outside,
            (Fence::Other, Some("")) => Fence::Outside,
            (Fence::Other, _) => Fence::Other,
            (Fence::Example(ex), Some("")) => {
                out.push(ex);
                Fence::Outside
            }
            (Fence::Example(mut ex), _) => {
                ex.code.push_str(line);
                ex.code.push('\n');
                Fence::Example(ex)
            }
        };
    }
    out
}

#[test]
fn every_rule_page_example_behaves_as_labelled() {
    let linter = Linter::default();
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let found = examples(meta.doc);
        let tagged = meta
            .doc
            .lines()
            .filter(|l| l.starts_with("```") && (l.ends_with(" bad") || l.ends_with(" good")))
            .count();
        assert_eq!(
            found.len(),
            tagged,
            "rules/{}.md: every tagged block is read",
            meta.id
        );
        let bad = found.iter().filter(|e| e.bad).count();
        let good = found.len() - bad;
        assert!(
            bad >= 2 && good >= 2,
            "rules/{}.md needs at least two bad and two good examples",
            meta.id
        );
        for ex in &found {
            let ext = match ex.lang.as_str() {
                "ts" | "typescript" => "ts",
                "tsx" => "tsx",
                "js" | "javascript" => "js",
                other => panic!(
                    "rules/{}.md:{}: unknown example language {other:?}",
                    meta.id, ex.line
                ),
            };
            let name = format!("rules/{}.md:{}", meta.id, ex.line);
            let report = linter.lint_bytes(
                &name,
                Path::new(&format!("example.{ext}")),
                ex.code.as_bytes(),
            );
            let hits = report
                .diagnostics
                .iter()
                .filter(|d| d.rule == meta.id)
                .count();
            let other: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| matches!(d.rule, "parse-error" | "io-error" | "internal-error"))
                .map(|d| d.message.clone())
                .collect();
            if !other.is_empty() {
                failures.push(format!("{name}: example does not lint cleanly: {other:?}"));
            } else if ex.bad && hits == 0 {
                failures.push(format!(
                    "{name}: `bad` example does not trigger {}",
                    meta.id
                ));
            } else if !ex.bad && hits > 0 {
                failures.push(format!(
                    "{name}: `good` example triggers {} {hits} time(s)",
                    meta.id
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rule page examples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_rule_page_has_front_matter_and_the_catalogue_sections() {
    for rule in RULES {
        let meta = rule.meta();
        let page = meta.doc;
        let front = page
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
            .map(|(f, _)| f)
            .unwrap_or_else(|| panic!("rules/{}.md has no front matter", meta.id));
        assert!(
            front.contains(&format!("id: {}", meta.id)),
            "rules/{}.md: front matter id",
            meta.id
        );
        assert!(
            front.contains(&format!("severity: {}", meta.default_severity.as_str())),
            "rules/{}.md: front matter severity differs from the rule's default",
            meta.id
        );
        for key in ["category:", "cwe:"] {
            assert!(
                front.contains(key),
                "rules/{}.md: front matter lacks {key}",
                meta.id
            );
        }
        for section in [
            "## What it finds",
            "## Why it matters",
            "## How to fix",
            "## Configuration",
            "## Examples",
        ] {
            assert!(
                page.contains(section),
                "rules/{}.md lacks a '{section}' section",
                meta.id
            );
        }
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{}.md", meta.id));
        assert!(on_disk.is_file(), "{} is missing", on_disk.display());
    }
}
