//! swc set-up: the syntax a file is parsed with follows its extension.

use std::path::Path;

use swc_common::comments::{Comments, SingleThreadedComments};
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::Program;
use swc_ecma_parser::{EsSyntax, FlowSyntax, Parser, StringInput, Syntax, TsSyntax};

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
            // Babel's `decorators-legacy`: `@connect(…) export default class …`.
            decorators_before_export: true,
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

/// Parses `text`, and when `keep_comments` also returns its comments in source order. Code
/// nested deeper than [`MAX_NESTING`] is a failure, reported where the limit is crossed.
pub fn parse_with_comments(
    path: &Path,
    text: &str,
    keep_comments: bool,
) -> Result<(Program, Vec<Comment>), ParseFailure> {
    if let Some(at) = nesting_exceeds(text, MAX_NESTING) {
        return Err(ParseFailure {
            range: at..at,
            message: format!(
                "the code is nested too deeply here for koalint to parse safely (more than \
                 {MAX_NESTING} levels of brackets and operators); if it is generated, exclude it \
                 with `ignore`"
            ),
        });
    }
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
    let syntax = syntax_for(path);
    let failure = match parse_as(syntax, text, comments) {
        Ok(program) => return Ok(program),
        Err(failure) => failure,
    };
    // Babel's common presets parse Flow annotations in `.js` files (`@babel/preset-flow`); swc
    // keeps them apart. Only a file that fails as plain JavaScript pays for the second parse,
    // and when both fail the JavaScript error is the one reported.
    match syntax {
        Syntax::Es(es) => parse_as(flow_syntax(es), text, comments).map_err(|_| failure),
        _ => Err(failure),
    }
}

fn flow_syntax(es: EsSyntax) -> Syntax {
    Syntax::Flow(FlowSyntax {
        jsx: es.jsx,
        decorators: es.decorators,
        enums: true,
        ..Default::default()
    })
}

fn parse_as(
    syntax: Syntax,
    text: &str,
    comments: Option<&dyn Comments>,
) -> Result<Program, ParseFailure> {
    // Positions start at 1: swc reserves 0 for "no position".
    let end = BytePos(1 + text.len() as u32);
    let input = StringInput::new(text, BytePos(1), end);
    let mut parser = Parser::new(syntax, input, comments);
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

/// How deeply a file may nest before it is reported instead of parsed. The unit is the
/// estimate of [`nesting_exceeds`]: open brackets plus the tokens of the unfinished expressions
/// and statements that enclose a point. swc's parser, the syntax tree's destructor and the model
/// recurse once or more per level, and swc grows its stack only for `if` statements: measured on
/// the workers' 64 MiB stack, a debug build parses 10 000 nested parentheses and overflows at
/// 30 000 (2 KiB of stack per level), so this leaves a margin of three for heavier constructs.
/// Hand-written code stays below a few hundred; only generated code comes near.
pub const MAX_NESTING: usize = 10_000;

/// Where the estimated nesting of `text` first exceeds `limit`, if it does. A byte scan, much
/// cheaper than lexing: it skips comments, strings, template text and (by the usual heuristic)
/// regular expressions, keeps a stack of open brackets, and counts the tokens of the current
/// expression at each level — every operator character counts, since `!!!!x` or `a.b.c…` nest
/// without brackets. A `,` or `;`, or a line break that ends a statement, closes an expression.
/// The estimate errs high: what it lets through, the parser and the model survive.
pub fn nesting_exceeds(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Every unit of the estimate is a byte of the text: a short file cannot exceed the limit.
    if bytes.len() <= limit {
        return None;
    }
    // Per open bracket: its kind and the tokens its parent level had counted when it opened.
    let mut stack: Vec<(u8, usize, bool)> = Vec::new();
    let mut enclosing = 0; // tokens counted at the levels below the innermost
    let mut seg = 0; // tokens of the current expression at the innermost level
    // A `<` or `>` in the current expression: JSX text can hold what looks like a statement end
    // (`<a>x\ny<a>…`), so such an expression is not ended by a line break.
    let mut angle = false;
    let mut prev = b';'; // last significant byte ('a' for any word, '0' for literals)
    let mut word_ends_stmt = true; // the last word can end a statement (not `else`, `return`…)
    let mut after_header = false; // a `)` that closed `if (…)`, `while (…)`, `for (…)`, `with (…)`
    let mut last_word: &[u8] = b"";
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        i += 1;
        let counted = match b {
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                i += bytes[i..]
                    .iter()
                    .position(|&c| !matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c))
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'\n' => {
                // ASI: a line break between a complete expression and the start of another
                // statement ends the first (`a.b\n.c` and `x =\ny` go on).
                let in_block = stack.last().is_none_or(|&(k, _, _)| k == b'{');
                let ends = matches!(prev, b'a' | b'0' | b')' | b']' | b'}')
                    && (prev != b'a' || word_ends_stmt)
                    && !(prev == b')' && after_header);
                // Whitespace is skipped here in one go: looking ahead from every line break of
                // a run of them would be quadratic.
                let next = bytes[i..]
                    .iter()
                    .position(|c| !c.is_ascii_whitespace())
                    .map_or(bytes.len(), |p| i + p);
                if in_block && ends && !angle && starts_statement(&text[next..], b"}'\"@#") {
                    seg = 0;
                }
                i = next;
                continue;
            }
            b'/' if bytes.get(i) == Some(&b'/') => {
                i = bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                continue;
            }
            b'/' if bytes.get(i) == Some(&b'*') => {
                i = text[i + 1..]
                    .find("*/")
                    .map_or(bytes.len(), |p| i + 1 + p + 2);
                continue;
            }
            b'/' if regex_may_start(prev, last_word) => {
                i = skip_regex(bytes, i);
                prev = b'0';
                1
            }
            b'\'' | b'"' => {
                i = skip_string(bytes, i, b);
                prev = b'0';
                1
            }
            b'`' => {
                i = skip_template(bytes, i, &mut stack, &mut enclosing, &mut seg, &mut angle);
                prev = if stack.last().is_some_and(|&(k, _, _)| k == b'`') {
                    b'{'
                } else {
                    b'0'
                };
                1
            }
            b'(' | b'[' | b'{' => {
                // `h`: the parenthesised head of `if`, `while`, `for` or `with`, whose body may
                // start on the next line.
                let header = b == b'(' && matches!(last_word, b"if" | b"while" | b"for" | b"with");
                stack.push((if header { b'h' } else { b }, seg + 1, angle));
                enclosing += seg + 1;
                seg = 0;
                angle = false;
                after_header = false;
                last_word = b"";
                prev = b;
                0
            }
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.last() {
                    Some(&(k, parent, parent_angle))
                        if k == open || (b == b')' && k == b'h') || (b == b'}' && k == b'`') =>
                    {
                        stack.pop();
                        enclosing -= parent;
                        seg = parent;
                        angle = parent_angle;
                        after_header = k == b'h';
                        // Minified code runs statements together without a separator:
                        // `function f(){…}function g(){…}`: a block that closes before a word
                        // ends its statement.
                        let in_block = stack.last().is_none_or(|&(k, _, _)| k == b'{');
                        if k == b'{' && in_block && !angle && starts_statement(&text[i..], b"") {
                            seg = 0;
                        }
                        if k == b'`' {
                            // Back inside the template's text: skip to its next `${` or end.
                            i = skip_template(
                                bytes,
                                i,
                                &mut stack,
                                &mut enclosing,
                                &mut seg,
                                &mut angle,
                            );
                        }
                    }
                    _ => {}
                }
                last_word = b"";
                prev = b;
                1
            }
            b',' | b';' => {
                seg = 0;
                angle = false;
                prev = b';';
                last_word = b"";
                after_header = false;
                continue;
            }
            c if WORD[c as usize] => {
                i += bytes[i..]
                    .iter()
                    .position(|&c| !WORD[c as usize])
                    .unwrap_or(bytes.len() - i);
                let word = &bytes[start..i];
                if c.is_ascii_digit() {
                    prev = b'0';
                } else {
                    prev = b'a';
                    word_ends_stmt = !matches!(
                        word,
                        b"else"
                            | b"do"
                            | b"return"
                            | b"throw"
                            | b"typeof"
                            | b"void"
                            | b"delete"
                            | b"await"
                            | b"yield"
                            | b"new"
                            | b"in"
                            | b"of"
                            | b"instanceof"
                            | b"extends"
                            | b"case"
                            | b"async"
                            | b"let"
                            | b"const"
                            | b"var"
                            | b"export"
                            | b"default"
                            | b"import"
                            | b"keyof"
                            | b"readonly"
                            | b"declare"
                            | b"abstract"
                            | b"static"
                            | b"get"
                            | b"set"
                    );
                    last_word = word;
                }
                after_header = false;
                1
            }
            _ => {
                // An operator or other punctuation character: each counts.
                angle |= matches!(b, b'<' | b'>');
                prev = b;
                last_word = b"";
                after_header = false;
                1
            }
        };
        seg += counted;
        if enclosing + seg > limit {
            return Some(start);
        }
    }
    None
}

/// Bytes of identifiers, keywords and numbers (any non-ASCII byte counts: a scan, not a lexer).
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'\\' || c >= 0x80;
        b += 1;
    }
    t
};

/// Whether `rest` (what follows a possible statement end) starts a statement: a word that is
/// not one of those that continue one (`else`, `catch`, `in`…), or one of `also`.
fn starts_statement(rest: &str, also: &[u8]) -> bool {
    let rest = rest.trim_start();
    let Some(&first) = rest.as_bytes().first() else {
        return false;
    };
    if also.contains(&first) {
        return true;
    }
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'$') || first >= 0x80) {
        return false;
    }
    let word_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(rest.len());
    !matches!(
        &rest[..word_end],
        "else" | "catch" | "finally" | "in" | "of" | "instanceof" | "as" | "satisfies"
    )
}

/// Whether a `/` after `prev` starts a regular expression rather than a division.
fn regex_may_start(prev: u8, last_word: &[u8]) -> bool {
    match prev {
        b'a' => matches!(
            last_word,
            b"return"
                | b"typeof"
                | b"case"
                | b"do"
                | b"else"
                | b"in"
                | b"of"
                | b"new"
                | b"delete"
                | b"void"
                | b"throw"
                | b"yield"
                | b"await"
                | b"instanceof"
        ),
        b'0' | b')' | b']' | b'}' => false,
        _ => true,
    }
}

fn skip_string(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_regex(bytes: &[u8], mut i: usize) -> usize {
    let mut class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skips template text from `i` to the closing backtick, or to a `${`, which opens a level.
fn skip_template(
    bytes: &[u8],
    mut i: usize,
    stack: &mut Vec<(u8, usize, bool)>,
    enclosing: &mut usize,
    seg: &mut usize,
    angle: &mut bool,
) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                stack.push((b'`', *seg + 1, *angle));
                *enclosing += *seg + 1;
                *seg = 0;
                *angle = false;
                return i + 2;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{nesting_exceeds, parse};

    #[test]
    fn legacy_decorators_before_export_parse_in_javascript() {
        let text = "@observer\nexport default class Panel extends React.Component {}\n";
        assert!(parse(Path::new("panel.jsx"), text).is_ok());
        assert!(parse(Path::new("panel.js"), text).is_ok());
    }

    #[test]
    fn flow_annotations_parse_when_plain_javascript_fails() {
        let text = "// @flow\nimport type { Context } from 'koa';\n\
                    type Opts = {| strict: boolean |};\n\
                    export default function mw(opts: ?Opts): (ctx: Context) => void {\n\
                    return (ctx) => { ctx.body = <b>{String(opts)}</b>; };\n}\n";
        assert!(parse(Path::new("mw.js"), text).is_ok());
    }

    #[test]
    fn a_file_broken_for_both_parsers_reports_the_javascript_error() {
        let failure = parse(Path::new("broken.js"), "const x = ;\n").unwrap_err();
        assert_eq!(failure.range.start, 10, "{failure:?}");
    }

    fn depth_fits(text: &str, limit: usize) -> bool {
        nesting_exceeds(text, limit).is_none()
    }

    #[test]
    fn nesting_counts_brackets_and_operator_chains() {
        let parens = format!("x = {}1{};", "(".repeat(50), ")".repeat(50));
        assert!(depth_fits(&parens, 60) && !depth_fits(&parens, 40));
        let chain = format!("x = a{};", ".b".repeat(50));
        assert!(!depth_fits(&chain, 60), "a.b.b… nests without brackets");
        let nots = format!("x = {}a;", "!".repeat(50));
        assert_eq!(nesting_exceeds(&nots, 40), Some(4 + 38));
    }

    #[test]
    fn brackets_in_strings_comments_regexes_and_template_text_do_not_count() {
        let noise = "'((((((((', \"[[[[[[[[\", /* {{{{{{{{ */ /\\(((((((((/, `((((((((${a}((((((`";
        let text = format!("f({noise});\n// ((((((((((((\n");
        assert!(depth_fits(&text, 12), "{:?}", nesting_exceeds(&text, 12));
        let inside = format!("x = `${{{}1{}}}`;", "(".repeat(30), ")".repeat(30));
        assert!(!depth_fits(&inside, 20), "a template's `${{…}}` is code");
    }

    #[test]
    fn statements_end_at_semicolons_commas_and_line_breaks() {
        let many = "const a = b.c.d(e) + f\n".repeat(2_000);
        assert!(depth_fits(&many, 50));
        let with_semis = "a.b.c = d;".repeat(2_000);
        assert!(depth_fits(&with_semis, 50));
        // Linear: a line break does not look ahead over the whole run of blank lines.
        let blank = format!("a{}b", "\n".repeat(4_000_000));
        assert!(depth_fits(&blank, 50));
        let minified = "function f(a,b){return a.x+b.y||g(a,[b],{k:0})}".repeat(2_000);
        assert!(depth_fits(&minified, 50));
        // `while (a)` and `else` continue onto the next line: that is nesting.
        let loops = "while (a)\n".repeat(100);
        assert!(!depth_fits(&loops, 50));
        let chain = format!("if (a) {{}}\n{}", "else if (a) {}\n".repeat(100));
        assert!(!depth_fits(&chain, 50));
        // JSX text can look like a statement end.
        let jsx = format!("x = {};", "<a>x\ny".repeat(100));
        assert!(!depth_fits(&jsx, 50));
    }
}
