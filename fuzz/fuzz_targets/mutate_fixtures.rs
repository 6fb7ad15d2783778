//! Structure-aware: a fixture from `testdata/rules/` (chosen by index) edited by a few
//! line- and token-level mutations — delete, duplicate, move and splice lines (also from other
//! fixtures), insert JS/TS tokens, cut bytes — then linted as its own kind or another.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    fixture: u16,
    /// Lint as another kind (`None`: the fixture's own extension).
    kind: Option<u8>,
    edits: Vec<Edit>,
}

#[derive(Debug, Arbitrary)]
enum Edit {
    DeleteLine(u16),
    DuplicateLine {
        from: u16,
        to: u16,
    },
    MoveLine {
        from: u16,
        to: u16,
    },
    SpliceLines {
        fixture: u16,
        from: u16,
        count: u8,
        to: u16,
    },
    InsertToken {
        at: u16,
        token: u8,
    },
    RepeatToken {
        at: u16,
        token: u8,
        times: u8,
    },
    DeleteBytes {
        at: u16,
        len: u8,
    },
    WrapLine {
        line: u16,
        wrapper: u8,
    },
}

/// Tokens that open, close or bend syntax, and names the rules care about.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "`",
    "${",
    "'",
    "\"",
    "/",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    ";",
    ",",
    ".",
    "?.",
    "...",
    "=>",
    "=",
    "!",
    "?",
    ":",
    "<",
    ">",
    "</",
    "/>",
    "<a>",
    "</a>",
    "@",
    "#",
    "\\",
    "\u{feff}",
    "\u{2028}",
    "é",
    "😀",
    "\0",
    "async ",
    "await ",
    "function ",
    "class ",
    "new ",
    "return ",
    "yield ",
    "typeof ",
    "as ",
    "satisfies ",
    "enum ",
    "type ",
    "interface ",
    "declare ",
    "import ",
    "export ",
    "require(",
    "ctx",
    "ctx.headers",
    "ctx.get('authorization')",
    "ctx.request",
    "process.env",
    "rejectUnauthorized: false",
    "console.log(",
    "app.use(",
    "router.get(",
    "JSON.stringify(",
    "Object.assign(",
    "{...",
    "// koalint-ignore header-logging -- r\n",
    "/* koalint-ignore-file tls-verification-disabled */",
    "const ",
    "let ",
    "var ",
    "if (",
    "else ",
    "delete ",
    "x",
    "0",
    "1n",
    "0x",
    "1e",
    "<T>",
    "<div>",
    "</div>",
    "{ctx.headers}",
];

fn lines(text: &[u8]) -> Vec<Vec<u8>> {
    text.split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(text: Vec<u8>, edit: &Edit, fixtures: &[(String, Vec<u8>)]) -> Vec<u8> {
    let at = |i: u16, len: usize| if len == 0 { 0 } else { i as usize % (len + 1) };
    match *edit {
        Edit::DeleteLine(i) => {
            let mut l = lines(&text);
            if !l.is_empty() {
                let n = l.len();
                l.remove(i as usize % n);
            }
            l.concat()
        }
        Edit::DuplicateLine { from, to } | Edit::MoveLine { from, to } => {
            let mut l = lines(&text);
            if l.is_empty() {
                return text;
            }
            let n = l.len();
            let line = if matches!(edit, Edit::MoveLine { .. }) {
                l.remove(from as usize % n)
            } else {
                l[from as usize % n].clone()
            };
            let n = l.len();
            l.insert(at(to, n), line);
            l.concat()
        }
        Edit::SpliceLines {
            fixture,
            from,
            count,
            to,
        } => {
            let other = lines(&fixtures[fixture as usize % fixtures.len()].1);
            let mut l = lines(&text);
            if other.is_empty() {
                return text;
            }
            let start = from as usize % other.len();
            let end = (start + count as usize).min(other.len());
            let n = l.len();
            let pos = at(to, n);
            l.splice(pos..pos, other[start..end].iter().cloned());
            l.concat()
        }
        Edit::InsertToken { at: i, token } => {
            let mut t = text;
            let pos = at(i, t.len());
            let tok = TOKENS[token as usize % TOKENS.len()].as_bytes();
            t.splice(pos..pos, tok.iter().copied());
            t
        }
        Edit::RepeatToken {
            at: i,
            token,
            times,
        } => {
            let mut t = text;
            let pos = at(i, t.len());
            let tok = TOKENS[token as usize % TOKENS.len()].repeat(times as usize);
            t.splice(pos..pos, tok.bytes());
            t
        }
        Edit::DeleteBytes { at: i, len } => {
            let mut t = text;
            let pos = at(i, t.len());
            let end = (pos + len as usize).min(t.len());
            t.drain(pos..end);
            t
        }
        Edit::WrapLine { line, wrapper } => {
            let mut l = lines(&text);
            if l.is_empty() {
                return text;
            }
            let n = l.len();
            let i = line as usize % n;
            let (open, close): (&[u8], &[u8]) = match wrapper % 6 {
                0 => (b"(() => {\n", b"})();\n"),
                1 => (b"if (x) {\n", b"}\n"),
                2 => (b"app.use(async (ctx, next) => {\n", b"});\n"),
                3 => (b"/*", b"*/\n"),
                4 => (b"`${", b"}`\n"),
                _ => (b"try {\n", b"} catch (e) {}\n"),
            };
            let mut wrapped = open.to_vec();
            wrapped.extend_from_slice(&l[i]);
            wrapped.extend_from_slice(close);
            l[i] = wrapped;
            l.concat()
        }
    }
}

fuzz_target!(|input: Input| {
    let fixtures = koalint_fuzz::fixtures();
    let (own_ext, seed) = &fixtures[input.fixture as usize % fixtures.len()];
    let mut text = seed.clone();
    for edit in input.edits.iter().take(16) {
        text = apply(text, edit, fixtures);
    }
    let ext = match input.kind {
        Some(k) => koalint_fuzz::KINDS[k as usize % koalint_fuzz::KINDS.len()],
        None => own_ext.as_str(),
    };
    // To turn an artifact into a fixture: KOALINT_FUZZ_DUMP=out.<ext> mutate_fixtures <artifact>
    if let Some(dump) = std::env::var_os("KOALINT_FUZZ_DUMP") {
        std::fs::write(&dump, &text).expect("write the mutated source");
        eprintln!("linted as .{ext}");
    }
    koalint_fuzz::check(ext, &text);
});
