//! `file:` URIs and paths (RFC 8089): what the editor names a document by, and where koalint
//! looks for it and its configuration.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI (`file:///a/b%20c.ts`, `file://localhost/a`); `None` for other
/// schemes (`untitled:`) and for URIs naming another host.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = match rest.strip_prefix("localhost") {
        Some(p) => p,
        None => rest,
    };
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        // `file:///C:/x` names `C:/x`.
        let text = String::from_utf8(bytes).ok()?;
        let text = text
            .strip_prefix('/')
            .filter(|t| t.get(1..2) == Some(":"))
            .unwrap_or(&text);
        Some(PathBuf::from(text.to_string()))
    }
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip() {
        for p in [
            "/srv/keys api/src/ä.ts",
            "/a/b#c?.js",
            "/x/%41.js",
            "/plain/file.mjs",
        ] {
            let uri = from_path(Path::new(p)).expect("an absolute path has a URI");
            assert_eq!(
                to_path(&uri).as_deref(),
                Some(Path::new(p)),
                "{}",
                uri.as_str()
            );
        }
        let u = Uri::from_str("file://localhost/etc/app.js").unwrap();
        assert_eq!(to_path(&u).as_deref(), Some(Path::new("/etc/app.js")));
        let u = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(to_path(&u), None);
    }
}
