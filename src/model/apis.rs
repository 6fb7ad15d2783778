//! The API catalogue: what third-party calls do with the values passed to them, as data.
//!
//! One row per fact, in the spirit of CodeQL's models as data: a package, the access path from
//! its export to the call (`sign` is `require('jsonwebtoken').sign`; an empty path is the export
//! itself, called), which argument, and — for an options object — which property. A library is
//! added by adding rows; the model reads them in [`FileModel::credential_sinks`].
//!
//! Besides sinks: loggers by construction (`pino()`, `util.debuglog('ns')`), read by
//! [`logger_made`], and calls whose result is a credential just issued (`jwt.sign(…)`), read by
//! [`issued_credential`].

use swc_atoms::Atom;
use swc_ecma_ast::{Expr, Prop, PropOrSpread};

use super::{FileModel, ScopeId, Value, prop_key, unwrap_expr};

/// Where a call takes a credential: a value that reaches one *is* a credential, whatever its
/// name, and a literal there is the key that signs or verifies.
pub struct CredentialSink {
    pub package: &'static str,
    /// Members from the package's export to the function called; `[]`: the export itself.
    pub path: &'static [&'static str],
    pub argument: usize,
    /// A property of the options object at `argument`, instead of the argument itself.
    pub option: Option<&'static str>,
    /// What the value is, for messages.
    pub what: &'static str,
}

pub const CREDENTIAL_SINKS: &[CredentialSink] = &[
    sink("jsonwebtoken", &["sign"], 1, None, "the JWT signing key"),
    sink(
        "jsonwebtoken",
        &["verify"],
        1,
        None,
        "the JWT verification key",
    ),
    sink("koa-jwt", &[], 0, Some("secret"), "koa-jwt's `secret`"),
    sink(
        "express-jwt",
        &[],
        0,
        Some("secret"),
        "express-jwt's `secret`",
    ),
    sink(
        "express-jwt",
        &["expressjwt"],
        0,
        Some("secret"),
        "express-jwt's `secret`",
    ),
    sink("koa-jwt2", &[], 0, Some("secret"), "koa-jwt2's `secret`"),
    sink("crypto", &["createHmac"], 1, None, "the HMAC key"),
    sink("node:crypto", &["createHmac"], 1, None, "the HMAC key"),
    sink(
        "express-session",
        &[],
        0,
        Some("secret"),
        "the session secret",
    ),
    sink(
        "cookie-session",
        &[],
        0,
        Some("secret"),
        "the session secret",
    ),
    sink("cookie-parser", &[], 0, None, "the cookie-signing secret"),
];

/// What a logger factory's result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// A function that writes its arguments: `require('debug')('ns')`, `util.debuglog('ns')`.
    LogFunction,
    /// An object whose output methods (`info`, `warn`, …) write, and whose `.child(…)` is
    /// another such object: `pino()`, `winston.createLogger()`.
    Logger,
}

/// Loggers by construction: a package, the members from its export to the factory (`[]`: the
/// export itself, called; `None`: the export is a logger without a call), and what it makes.
pub struct LoggerFactory {
    pub package: &'static str,
    pub path: Option<&'static [&'static str]>,
    pub made: Made,
}

pub const LOGGER_FACTORIES: &[LoggerFactory] = &[
    logger("debug", Some(&[]), Made::LogFunction),
    logger("util", Some(&["debuglog"]), Made::LogFunction),
    logger("node:util", Some(&["debuglog"]), Made::LogFunction),
    logger("pino", Some(&[]), Made::Logger),
    logger("winston", Some(&["createLogger"]), Made::Logger),
    // winston's default logger: `winston.info(…)`.
    logger("winston", None, Made::Logger),
    logger("bunyan", Some(&["createLogger"]), Made::Logger),
    logger("log4js", Some(&["getLogger"]), Made::Logger),
];

/// Calls whose result is a credential the service has just issued: a bearer token from the
/// moment it exists.
pub struct IssuedCredential {
    pub package: &'static str,
    /// Members from the package's export to the function called; `[]`: the export itself.
    pub path: &'static [&'static str],
    /// What the result is, for messages.
    pub what: &'static str,
}

pub const ISSUED_CREDENTIALS: &[IssuedCredential] = &[
    IssuedCredential {
        package: "jsonwebtoken",
        path: &["sign"],
        what: "a token signed with jsonwebtoken's sign()",
    },
    IssuedCredential {
        package: "jwt-simple",
        path: &["encode"],
        what: "a token encoded with jwt-simple's encode()",
    },
];

/// HTTP clients whose errors carry the request they made (`err.config.headers`, `err.request`).
pub const HTTP_CLIENTS: &[&str] = &[
    "axios",
    "got",
    "node-fetch",
    "superagent",
    "request",
    "request-promise",
    "request-promise-native",
    "undici",
    "needle",
    "ky",
    "urllib",
    "phin",
];

/// Options under which HTTP clients take the query string as an object: request's and
/// request-promise's `qs`, got's `searchParams`.
pub const QUERY_STRING_OPTIONS: &[&str] = &["qs", "searchParams"];

/// The logger that a value read from `source` at `path` starts with, and the rest of the path
/// after it (`pino()` then `child`, `()`, `info`).
pub fn logger_made<'p>(source: &str, path: &'p [Atom]) -> Option<(Made, Vec<&'p Atom>)> {
    let path: Vec<&Atom> = path.iter().filter(|p| &***p != "default").collect();
    LOGGER_FACTORIES.iter().find_map(|row| {
        if row.package != source {
            return None;
        }
        let rest = match row.path {
            None => &path[..],
            Some(members) => {
                let called = members.len() + 1;
                if path.len() < called
                    || members.iter().zip(&path).any(|(a, b)| *a != &***b)
                    || &*path[members.len()] != "()"
                {
                    return None;
                }
                &path[called..]
            }
        };
        Some((row.made, rest.to_vec()))
    })
}

/// What a value read from `source` at `path` is, when it is the result of a call that issues a
/// credential (`jwt.sign(…)`).
pub fn issued_credential(source: &str, path: &[Atom]) -> Option<&'static str> {
    let path: Vec<&Atom> = path.iter().filter(|p| &***p != "default").collect();
    let (call, members) = path.split_last()?;
    if &***call != "()" {
        return None;
    }
    ISSUED_CREDENTIALS
        .iter()
        .find(|row| {
            row.package == source
                && row.path.len() == members.len()
                && row.path.iter().zip(members).all(|(a, b)| *a == &***b)
        })
        .map(|row| row.what)
}

const fn logger(
    package: &'static str,
    path: Option<&'static [&'static str]>,
    made: Made,
) -> LoggerFactory {
    LoggerFactory {
        package,
        path,
        made,
    }
}

const fn sink(
    package: &'static str,
    path: &'static [&'static str],
    argument: usize,
    option: Option<&'static str>,
    what: &'static str,
) -> CredentialSink {
    CredentialSink {
        package,
        path,
        argument,
        option,
        what,
    }
}

impl<'a> FileModel<'a> {
    /// Every value the file passes to a credential sink: `(scope, value, what it is)`.
    pub fn credential_sinks(&self) -> Vec<(ScopeId, &'a Expr, &'static str)> {
        let mut out = Vec::new();
        // Most files use none of the catalogue's packages: decided before evaluating any call.
        let packages: Vec<&str> = CREDENTIAL_SINKS.iter().map(|r| r.package).collect();
        if !self.uses_package(&packages) {
            return out;
        }
        for call in &self.calls {
            let Some(callee) = call.callee else { continue };
            // Only calls of a module's export can match: decided before evaluating anything.
            if !matches!(
                unwrap_expr(callee),
                Expr::Ident(_) | Expr::Member(_) | Expr::Call(_)
            ) {
                continue;
            }
            let Value::Module { source, path } = self.value(call.scope, callee) else {
                continue;
            };
            let path: Vec<&Atom> = path.iter().filter(|p| &***p != "default").collect();
            for row in CREDENTIAL_SINKS {
                if row.package != &*source
                    || row.path.len() != path.len()
                    || row.path.iter().zip(&path).any(|(a, b)| *a != &***b)
                {
                    continue;
                }
                let Some(arg) = call.args.get(row.argument).filter(|a| a.spread.is_none()) else {
                    continue;
                };
                match row.option {
                    None => out.push((call.scope, &*arg.expr, row.what)),
                    Some(name) => {
                        if let Some((scope, v)) = self.option_value(call.scope, &arg.expr, name) {
                            out.push((scope, v, row.what));
                        }
                    }
                }
            }
        }
        out
    }

    /// The value of property `name` of an options object (written in place or bound first).
    fn option_value(
        &self,
        scope: ScopeId,
        options: &'a Expr,
        name: &str,
    ) -> Option<(ScopeId, &'a Expr)> {
        let (scope, options) = self.origin(scope, options);
        let Expr::Object(lit) = options else {
            return None;
        };
        // The last write wins; a spread after it may override it, so nothing is known then.
        for p in lit.props.iter().rev() {
            match p {
                PropOrSpread::Spread(_) => return None,
                PropOrSpread::Prop(p) => {
                    if let Prop::KeyValue(kv) = &**p {
                        if prop_key(p).is_some_and(|k| &*k == name) {
                            return Some((scope, &*kv.value));
                        }
                    }
                }
            }
        }
        None
    }
}
