//! swc set-up: the syntax a file is parsed with follows its extension.

use std::path::Path;

use swc_common::comments::{Comments, SingleThreadedComments};
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::Program;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax};

use crate::model::byte_range;
use crate::suppress::Comment;

/// The extensions koalint lints.
pub const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

pub fn is_lintable(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

pub fn syntax_for(path: &Path) -> Syntax {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "ts" | "mts" | "cts" | "tsx" => Syntax::Typescript(TsSyntax {
            tsx: ext == "tsx",
            decorators: true,
            dts: [".d.ts", ".d.mts", ".d.cts"]
                .iter()
                .any(|s| name.ends_with(s)),
            ..Default::default()
        }),
        _ => Syntax::Es(EsSyntax {
            jsx: true,
            decorators: true,
            import_attributes: true,
            allow_return_outside_function: ext != "mjs",
            explicit_resource_management: true,
            ..Default::default()
        }),
    }
}

/// Why a file could not be parsed: the first error, at its byte range.
#[derive(Debug)]
pub struct ParseFailure {
    pub range: std::ops::Range<usize>,
    pub message: String,
}

/// Parses `text` (BOM already removed). Recovered errors count as failures too: a file with a
/// syntax error is reported once and not linted, as ESLint does.
pub fn parse(path: &Path, text: &str) -> Result<Program, ParseFailure> {
    parse_with_comments(path, text, false).map(|(p, _)| p)
}

/// Parses `text`, and when `keep_comments` also returns its comments in source order.
pub fn parse_with_comments(
    path: &Path,
    text: &str,
    keep_comments: bool,
) -> Result<(Program, Vec<Comment>), ParseFailure> {
    let comments = SingleThreadedComments::default();
    let program = parse_inner(
        path,
        text,
        keep_comments.then_some(&comments as &dyn Comments),
    )?;
    if !keep_comments {
        return Ok((program, Vec::new()));
    }
    let (leading, trailing) = comments.take_all();
    let mut all: Vec<Comment> = leading
        .borrow()
        .values()
        .chain(trailing.borrow().values())
        .flatten()
        .map(|c| Comment {
            range: byte_range(c.span),
            text: c.text.to_string(),
        })
        .collect();
    all.sort_by_key(|c| c.range.start);
    all.dedup_by_key(|c| c.range.start);
    Ok((program, all))
}

fn parse_inner(
    path: &Path,
    text: &str,
    comments: Option<&dyn Comments>,
) -> Result<Program, ParseFailure> {
    // Positions start at 1: swc reserves 0 for "no position".
    let end = BytePos(1 + text.len() as u32);
    let input = StringInput::new(text, BytePos(1), end);
    let mut parser = Parser::new(syntax_for(path), input, comments);
    let result = parser.parse_program();
    let mut errors = parser.take_errors();
    match result {
        Ok(program) if errors.is_empty() => Ok(program),
        Ok(_) => {
            errors.sort_by_key(|e| e.span().lo);
            let first = &errors[0];
            Err(ParseFailure {
                range: byte_range(first.span()),
                message: first.kind().msg().into_owned(),
            })
        }
        Err(e) => Err(ParseFailure {
            range: byte_range(e.span()),
            message: e.kind().msg().into_owned(),
        }),
    }
}
