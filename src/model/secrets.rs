//! What a literal or a name says about secrets: well-known key formats, placeholders, how random
//! a string looks, which query-parameter names carry keys, which certificate fields name a peer.
//!
//! These are facts about values, shared by every rule that needs them; none of them prints or
//! keeps the text it looks at.

/// The kind of a well-known key format, for messages ("Stripe live secret key").
pub type KeyFormat = &'static str;

/// The well-known format a literal carries, if any: AWS access key ids, Stripe live keys, GitHub
/// tokens, Slack tokens, Google API keys, PEM private keys. Documentation examples
/// (`AKIAIOSFODNN7EXAMPLE`) and masked values (`ghp_xxxx…`) are not keys.
pub fn key_format(text: &str) -> Option<KeyFormat> {
    // Cheap refusal first: this runs on every string literal of every file.
    if text.len() < 20 {
        return None;
    }
    if text.contains("-----BEGIN") {
        return pem_private_key(text);
    }
    const PREFIXES: &[&str] = &[
        "AKIA",
        "ASIA",
        "sk_live_",
        "rk_live_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "xox",
        "AIza",
    ];
    if !PREFIXES.iter().any(|p| text.contains(p)) {
        return None;
    }
    // The key may stand inside a longer string: a URL, an HTML snippet, a config line.
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|t| t.len() >= 20)
        .find_map(|t| token_format(t).filter(|_| !is_placeholder(t)))
}

const PEM: KeyFormat = "PEM private key";

/// An environment variable's or a constant's name (`JWT_SECRET`, `YOUR_API_KEY`, `SSO_ONLY`):
/// upper case, digits and underscores, with an underscore — a name standing where a value goes.
pub fn is_env_name(text: &str) -> bool {
    text.contains('_')
        && text.bytes().any(|b| b.is_ascii_uppercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// What [`url_query_credential`] finds, for messages.
pub const URL_QUERY_CREDENTIAL: KeyFormat = "credential in a URL's query string";

/// A URL written with a credential in its query string
/// (`https://host/x?password=…`, `…&api_key=…`): a query parameter named like a key whose value
/// is written out — not a template's stand-in, an environment variable's name or a placeholder.
pub fn url_query_credential(text: &str) -> bool {
    // Cheap refusal first: this runs on every string literal of every file.
    if text.len() < 16 || !text.contains("://") {
        return false;
    }
    let Some((_, query)) = text.split_once('?') else {
        return false;
    };
    let query = query.split('#').next().unwrap_or("");
    query.split('&').any(|pair| {
        let Some((name, value)) = pair.split_once('=') else {
            return false;
        };
        let templated = value.starts_with(['$', '{', '<', ':', '%', '[']);
        let env_name = is_env_name(value);
        // `?auth=github`, `?token=expired`: a mode or a state, not a key. The value must look
        // like one.
        is_query_key_name(name)
            && !name.eq_ignore_ascii_case("key")
            && !name.eq_ignore_ascii_case("auth")
            && value.len() >= 6
            && !templated
            && !env_name
            && !is_placeholder(value)
            && (looks_random(value) || key_format(value).is_some())
    })
}

/// Byte ranges of the tokens of `text` that carry a well-known key format, for sources without
/// a syntax tree (a file that does not parse). PEM bodies are not recognised here.
pub fn key_format_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let token_char = c.is_ascii_alphanumeric() || c == '_' || c == '-';
        match (token_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let token = &text[s..i];
                if token.len() >= 20 && key_format(token).is_some() {
                    out.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn pem_private_key(text: &str) -> Option<KeyFormat> {
    let begin = text.find("-----BEGIN")?;
    let header_end = text[begin..]
        .find("-----\n")
        .or(text[begin..].find("-----\r"))?;
    let header = &text[begin..begin + header_end];
    if !header.contains("PRIVATE KEY") {
        return None;
    }
    // A header alone (documentation, a regex source) is not a key: a key has a body.
    let body = &text[begin + header_end + 5..];
    let body_chars = body
        .chars()
        .take_while(|c| *c != '-')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .count();
    (body_chars >= 40).then_some(PEM)
}

fn token_format(t: &str) -> Option<KeyFormat> {
    let rest_of = |prefix: &str| t.strip_prefix(prefix);
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let upper_alnum = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    let url_safe = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    for prefix in ["AKIA", "ASIA"] {
        if let Some(rest) = rest_of(prefix) {
            if rest.len() == 16 && upper_alnum(rest) {
                return Some("AWS access key id");
            }
        }
    }
    for (prefix, what) in [
        ("sk_live_", "Stripe live secret key"),
        ("rk_live_", "Stripe live restricted key"),
    ] {
        if let Some(rest) = rest_of(prefix) {
            if rest.len() >= 16 && alnum(rest) {
                return Some(what);
            }
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(rest) = rest_of(prefix) {
            if rest.len() >= 30 && alnum(rest) {
                return Some("GitHub token");
            }
        }
    }
    if let Some(rest) = rest_of("github_pat_") {
        if rest.len() >= 22 && url_safe(rest) {
            return Some("GitHub token");
        }
    }
    if let Some(rest) = t.strip_prefix("xox") {
        let mut chars = rest.chars();
        if matches!(chars.next(), Some('a' | 'b' | 'p' | 'r' | 's' | 'e'))
            && chars.next() == Some('-')
        {
            let tail = &rest[2..];
            if tail.len() >= 10 && url_safe(tail) && tail.bytes().any(|b| b.is_ascii_digit()) {
                return Some("Slack token");
            }
        }
    }
    if let Some(rest) = rest_of("AIza") {
        if rest.len() == 35 && url_safe(rest) {
            return Some("Google API key");
        }
    }
    None
}

/// Values that stand in for a secret rather than being one: empty, `changeme`, `your-api-key`,
/// `<API_KEY>`, `xxxx…`, `test`, `dummy`, `${API_KEY}`, `REPLACE_ME`.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "changeme",
        "change-me",
        "change_me",
        "your",
        "example",
        "placeholder",
        "dummy",
        "demo",
        "fake",
        "sample",
        "replace",
        "redacted",
        "todo",
        "xxxx",
        "****",
        "....",
        "<",
        "${",
        "{{",
        "%s",
        "insert",
        "test",
        "mock",
        "notasecret",
        "not-a-secret",
        "secret-here",
        "here",
        // A value that names itself (`secret123`, `mypassword1`) is a demo value.
        "secret",
        "password",
        "passwd",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // The hex words that stand in for data (`…cafebabe…`, `deadbeef`), and padding: a run of
    // eight of one character, which a generated key all but never has.
    if ["cafebabe", "deadbeef", "feedface", "baadf00d"]
        .iter()
        .any(|w| lower.contains(w))
        || has_run(t, 8)
    {
        return true;
    }
    // One character repeated (`aaaaaaaa`, `00000000`).
    let first = t.chars().next();
    t.chars().all(|c| Some(c) == first) || counts_up(t)
}

/// Whether `t` has `n` of one character in a row.
fn has_run(t: &str, n: usize) -> bool {
    let mut run = 0;
    let mut prev = None;
    for c in t.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        if run >= n {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// A keyboard walk up the digits or the alphabet (`0123456789012345…`, `12345678`, `abcdefgh`):
/// three in four neighbouring characters are consecutive. A generated key almost never is.
fn counts_up(t: &str) -> bool {
    let bytes = t.as_bytes();
    if bytes.len() < 6 {
        return false;
    }
    let next = |a: u8, b: u8| {
        b == a.wrapping_add(1) && (a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
            || (a, b) == (b'9', b'0')
    };
    let steps = bytes.windows(2).filter(|w| next(w[0], w[1])).count();
    steps * 4 >= (bytes.len() - 1) * 3
}

/// A value that spells its holder's name (`GET_TOKEN = 'app/project/GET_TOKEN'`,
/// `SESSION_KEY: 'session_key'`): an identifier — an action type, a message key, a column — not
/// a secret. Compared without case and separators.
pub fn names_its_holder(holder: &str, text: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (h, t) = (norm(holder), norm(text));
    if h.len() < 4 || !t.contains(&h) {
        return false;
    }
    // `'secret-k9Lm2Qx7Zr4Tb8Wc'` names its holder and still carries a key after the name.
    let rest = t.replacen(&h, "", 1);
    rest.len() < 4 || !looks_random(&rest)
}

/// The JWT that jwt.io and countless tutorials show (`"name": "John Doe"`, `"sub": "1234567890"`):
/// public, signed with a published key.
pub fn is_sample_jwt(text: &str) -> bool {
    let mut parts = text.trim().split('.');
    let (Some(header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if !header.starts_with("eyJ") {
        return false;
    }
    let decoded = base64url_decode(payload);
    let decoded = String::from_utf8_lossy(&decoded);
    decoded.contains("\"John Doe\"") && decoded.contains("1234567890")
}

fn base64url_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'-' | b'+' => Some(62),
            b'_' | b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in s.bytes().map_while(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Whether a literal on a secret-named binding looks like a real value rather than a short or
/// low-entropy word: at least 8 characters, no spaces, and either long and varied or mixing
/// letters with digits or symbols. `s3cr3t-k3y-2024` is; `secret`, `password`, `enabled`,
/// `Invalid API key`, `./keys/server.pem`, `API_KEY` are not.
pub fn looks_random(text: &str) -> bool {
    let t = text.trim();
    let len = t.chars().count();
    if len < 8 || t.chars().any(char::is_whitespace) {
        return false;
    }
    // Paths, URLs and environment-variable names are about a secret, not the secret.
    if t.starts_with('/')
        || t.starts_with("./")
        || t.starts_with("../")
        || t.contains("://")
        || t.ends_with(".pem")
        || t.ends_with(".key")
        || t.ends_with(".json")
    {
        return false;
    }
    if t.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
        return false;
    }
    // Letters only: a word or an identifier (`Password`, `rawToken`, `?InterpolationInTemplate`)
    // unless it is as long as a passphrase.
    let core = t.trim_matches(|c: char| !c.is_alphanumeric());
    if core.chars().all(char::is_alphabetic) && (core.chars().count() < 20 || camel_case(core)) {
        return false;
    }
    // Lower-case words joined by separators: `same-origin`, `db-password`, `app_secret`.
    if t.contains(['-', '_', '.', ':'])
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || matches!(c, '-' | '_' | '.' | ':'))
        && len < 24
    {
        return false;
    }
    let classes = [
        t.chars().any(|c| c.is_ascii_lowercase()),
        t.chars().any(|c| c.is_ascii_uppercase()),
        t.chars().any(|c| c.is_ascii_digit()),
        t.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    let entropy = shannon_entropy(t);
    (len >= 12 && entropy >= 3.0) || (classes >= 2 && entropy >= 2.5)
}

/// `InterpolationInTemplate`: every capital starts a lower-case word.
fn camel_case(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.iter().any(|c| c.is_uppercase())
        && chars
            .iter()
            .enumerate()
            .all(|(i, c)| !c.is_uppercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()))
}

/// Bits per character.
fn shannon_entropy(t: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in t.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Query-parameter names that carry a credential: `api_key`, `apikey`, `key`, `token`,
/// `access_token`, `secret`, `password`, and any name that reads like a secret. Not `signature`:
/// a pre-signed link carries its signature in the URL by design.
pub fn is_query_key_name(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "api_key",
        "apikey",
        "api-key",
        "key",
        "token",
        "access_token",
        "auth_token",
        "id_token",
        "refresh_token",
        "secret",
        "client_secret",
        "password",
        "pass",
        "passwd",
        "auth",
        "authorization",
    ];
    // Written without separators (`accesstoken`, `apiKey` as `apikey`, `clientsecret`): one word
    // to the splitter, the same parameter to the server.
    const JOINED: &[&str] = &[
        "accesstoken",
        "authtoken",
        "apitoken",
        "refreshtoken",
        "clientsecret",
        "appsecret",
        "accesskey",
        "secretkey",
        "privatetoken",
    ];
    // The anti-forgery token of a session (`_csrf`, `csrf_token`, `xsrf-token`).
    let csrf = {
        let lower = name.to_ascii_lowercase();
        lower.contains("csrf") || lower.contains("xsrf")
    };
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        || JOINED.iter().any(|n| n.eq_ignore_ascii_case(name))
        || csrf
        || super::koa::is_secret_name(name)
}

/// Fields of a peer certificate that identify the client.
pub fn is_cert_identity_field(name: &str) -> bool {
    matches!(
        name,
        "subject"
            | "fingerprint"
            | "fingerprint256"
            | "fingerprint512"
            | "subjectaltname"
            | "serialNumber"
            | "issuer"
            | "raw"
    )
}

/// Member names whose reads the model indexes: a cheap superset of key-like names (rules ask
/// the precise question) and the certificate fields. This runs on every member read.
pub(super) fn is_watched_read(name: &str, extra_words: &[String]) -> bool {
    static HINTS: super::value::Needles = super::value::Needles::new(&[
        "key",
        "token",
        "secret",
        "pass",
        "auth",
        "credential",
        "csrf",
        "xsrf",
    ]);
    is_cert_identity_field(name)
        || HINTS.found_in(name)
        || extra_words
            .iter()
            .any(|w| super::value::contains_ignore_ascii_case(name, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_formats() {
        let aws = format!("AKIA{}", "Q3EXAMPLB7ZJ4NQW");
        assert_eq!(key_format(&aws), Some("AWS access key id"));
        assert_eq!(key_format("AKIAIOSFODNN7EXAMPLE"), None);
        let stripe = format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dc");
        assert_eq!(key_format(&stripe), Some("Stripe live secret key"));
        assert_eq!(key_format("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), None);
        let gh = format!("ghp_{}", "16C7e42F292c6912E7710c838347Ae178B4a");
        assert_eq!(key_format(&gh), Some("GitHub token"));
        assert_eq!(key_format("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), None);
        let pem = format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
            "MIIEowIBAAKCAQEA7bq0Z1q9pQ2nYc3e5XrT8uV0wLmKjHgFdSaQwErTyUiOpAsDfGh"
        );
        assert_eq!(key_format(&pem), Some("PEM private key"));
        assert_eq!(
            key_format(
                "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n"
            ),
            None
        );
        assert_eq!(key_format("the quick brown fox jumps over"), None);
    }

    #[test]
    fn placeholders_and_randomness() {
        for p in [
            "",
            "changeme",
            "your-api-key",
            "<API_KEY>",
            "xxxxxxxxxxxx",
            "test",
            "dummy",
            "${API_KEY}",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("k9Lm2Qx7Zr4Tb8Wc"));
        // Keyboard walks are stand-ins; a key that merely contains a short run is not.
        for walk in [
            "01234567890123456789012345678901",
            "12345678",
            "abcdefghijkl",
            "1234abcd",
        ] {
            assert!(is_placeholder(walk), "{walk}");
        }
        for key in [
            "a1b2c3d4e5f6a7b8",
            "9f86d081884c7d65",
            "sk_123456Qx7Zr4Tb8WcLm",
        ] {
            assert!(!is_placeholder(key), "{key}");
        }
        for r in [
            "s3cr3t-k3y-2024",
            "k9Lm2Qx7Zr4Tb8Wc",
            "correcthorsebatterystaple",
        ] {
            assert!(looks_random(r), "{r}");
        }
        for r in [
            "secret",
            "password",
            "Invalid API key",
            "./keys/server.pem",
            "API_KEY",
            "aaaaaaaaaaaa",
            "?InterpolationInTemplate",
            "same-origin",
        ] {
            assert!(!looks_random(r), "{r}");
        }
    }
}
