//! The API catalogue: what third-party calls do with the values passed to them, as data.
//!
//! One row per fact, in the spirit of CodeQL's models as data: a package, the access path from
//! its export to the call (`sign` is `require('jsonwebtoken').sign`; an empty path is the export
//! itself, called), which argument, and — for an options object — which property. A library is
//! added by adding rows; the model reads them in [`FileModel::credential_sinks`].

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
        lit.props.iter().rev().find_map(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) if prop_key(p).is_some_and(|k| &*k == name) => {
                    Some((scope, &*kv.value))
                }
                _ => None,
            },
            PropOrSpread::Spread(_) => None,
        })
    }
}
