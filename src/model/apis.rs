//! The API catalogue: what third-party calls do with the values passed to them, as data.
//!
//! One table per concern, one row per fact, in the spirit of CodeQL's models as data: a package,
//! the access path from its export to the call, and what the call does. A path is the members
//! from the package's export to the function called, with `()` where a call (or `new`) is made
//! on the way: `sign` is `require('jsonwebtoken').sign`, `[]` the export itself, `["Pool"]`
//! `new (require('pg').Pool)(…)`. Two wildcards: `*` is any one member, `..` any run of members
//! and calls (`["SignJWT", "()", "..", "sign"]`: `new SignJWT(p).setIssuedAt().sign(key)`). A
//! package ending in `/*` names every package of a scope (`@aws-sdk/*`).
//!
//! The tables:
//! - [`CREDENTIAL_SINKS`]: where a call takes a credential (a literal there is a hard-coded key);
//! - [`TLS_OPTIONS`] and [`TLS_CALLS`]: options and calls that turn TLS verification off;
//! - [`LOGGER_FACTORIES`]: loggers by construction, whose every method writes a log;
//! - [`ISSUED_CREDENTIALS`]: calls whose result is a credential just issued;
//! - [`HTTP_CLIENTS`], [`QUERY_STRING_OPTIONS`]: clients whose errors carry their request, and
//!   their query-string options;
//! - [`SANITIZERS`]: hashes, key derivations and masks: what comes out is no longer the secret
//!   (to log; a digest compared with `===` is still the comparison rule's, which reads its own
//!   `HASH_FUNCTIONS`).
//!
//! Users add rows of the same shape in `koalint.json` (`settings.models`, [`UserModel`]); every
//! lookup here reads the built-in table and then the user's rows.

use swc_atoms::Atom;
use swc_ecma_ast::{Expr, Prop, PropOrSpread};

use super::{FileModel, ObjectId, ScopeId, Value, prop_key, unwrap_expr};

/// Any argument position (an HTTP client's options may be its first, second or third argument).
pub const ANY: usize = usize::MAX;

/// What at a credential sink is the credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The value itself: a key, a password, a token.
    Key,
    /// A connection URI: only the password of its userinfo (`postgres://app:pw@db/x`).
    Uri,
    /// An `Authorization` header's value: the credential after its scheme (`Bearer …`).
    Header,
    /// A login written `user:password` (node's `http.request({ auth })`): the password.
    Login,
}

/// Where a call takes a credential: a value that reaches one *is* a credential, whatever its
/// name, and a literal there is the key that signs or verifies, or the password that logs in.
pub struct CredentialSink {
    pub package: &'static str,
    /// The access path from the package's export to the function called (see the module docs).
    pub path: &'static [&'static str],
    /// The argument position, or [`ANY`].
    pub argument: usize,
    /// A property path in the options object at `argument` (`["auth", "pass"]`); `[]`: the
    /// argument itself.
    pub option: &'static [&'static str],
    pub form: Form,
    /// What the value is, for messages.
    pub what: &'static str,
}

/// Rows are written `sink(package, path, argument, option path, what)`; `.with(Form::Uri)`,
/// `.with(Form::Header)` and `.with(Form::Login)` rows take a connection URI, an `Authorization`
/// value or a `user:password` login.
#[rustfmt::skip]
pub const CREDENTIAL_SINKS: &[CredentialSink] = &[
    // jsonwebtoken: the HMAC secret (or private key) that signs, and the one that verifies.
    sink("jsonwebtoken", &["sign"], 1, &[], "the JWT signing key"),
    sink("jsonwebtoken", &["verify"], 1, &[], "the JWT verification key"),
    // jwt-simple: encode(payload, secret) / decode(token, secret).
    sink("jwt-simple", &["encode"], 1, &[], "the JWT signing key"),
    sink("jwt-simple", &["decode"], 1, &[], "the JWT verification key"),
    // jose: `new SignJWT(claims)….sign(key)`, `jwtVerify(token, key)`, the v2 `JWK.asKey(secret)`
    // and `createSecretKey(bytes)` (also node's crypto): the key signs or verifies.
    sink("jose", &["SignJWT", "()", "..", "sign"], 0, &[], "the JWT signing key"),
    sink("jose", &["EncryptJWT", "()", "..", "encrypt"], 0, &[], "the JWT encryption key"),
    sink("jose", &["jwtVerify"], 1, &[], "the JWT verification key"),
    sink("jose", &["jwtDecrypt"], 1, &[], "the JWT decryption key"),
    sink("jose", &["compactVerify"], 1, &[], "the JWS verification key"),
    sink("jose", &["JWT", "sign"], 1, &[], "the JWT signing key"),
    sink("jose", &["JWT", "verify"], 1, &[], "the JWT verification key"),
    sink("jose", &["JWS", "sign"], 1, &[], "the JWS signing key"),
    sink("jose", &["JWS", "verify"], 1, &[], "the JWS verification key"),
    sink("jose", &["JWK", "asKey"], 0, &[], "a JWK secret key"),
    sink("jose", &["createSecretKey"], 0, &[], "a secret key"),
    // Koa/Express JWT middleware: `secret` verifies every bearer token.
    sink("koa-jwt", &[], 0, &["secret"], "koa-jwt's `secret`"),
    sink("koa-jwt2", &[], 0, &["secret"], "koa-jwt2's `secret`"),
    sink("express-jwt", &[], 0, &["secret"], "express-jwt's `secret`"),
    sink("express-jwt", &["expressjwt"], 0, &["secret"], "express-jwt's `secret`"),
    // passport strategies: the JWT key, and the OAuth client's secret with its provider.
    sink("passport-jwt", &["Strategy"], 0, &["secretOrKey"], "passport-jwt's `secretOrKey`"),
    sink("passport-google-oauth20", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-google-oauth20", &[], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-google-oauth2", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-google-oauth1", &["Strategy"], 0, &["consumerSecret"], "the OAuth consumer secret"),
    sink("passport-auth0", &[], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-auth0", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-oauth1", &["Strategy"], 0, &["consumerSecret"], "the OAuth consumer secret"),
    sink("passport-oauth", &["OAuth2Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-oauth", &["OAuthStrategy"], 0, &["consumerSecret"], "the OAuth consumer secret"),
    sink("passport-facebook", &[], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-github2", &[], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-jwt", &[], 0, &["secretOrKey"], "passport-jwt's `secretOrKey`"),
    sink("passport-google-oauth", &["OAuth2Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-github", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-github2", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-facebook", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-oauth2", &[], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-oauth2", &["Strategy"], 0, &["clientSecret"], "the OAuth client secret"),
    sink("passport-twitter", &["Strategy"], 0, &["consumerSecret"], "the OAuth consumer secret"),
    sink("passport-oauth1", &[], 0, &["consumerSecret"], "the OAuth consumer secret"),
    // Sessions and signed cookies: the secret signs the session cookie.
    sink("express-session", &[], 0, &["secret"], "the session secret"),
    sink("cookie-session", &[], 0, &["secret"], "the session secret"),
    sink("cookie-session", &[], 0, &["keys"], "the session cookie keys"),
    sink("cookie-parser", &[], 0, &[], "the cookie-signing secret"),
    sink("koa", &[], 0, &["keys"], "Koa's cookie-signing keys"),
    // node's crypto: the HMAC key, the cipher key, a secret key object.
    sink("crypto", &["createHmac"], 1, &[], "the HMAC key"),
    sink("crypto", &["createCipheriv"], 1, &[], "the cipher key"),
    sink("crypto", &["createDecipheriv"], 1, &[], "the cipher key"),
    sink("crypto", &["createCipher"], 1, &[], "the cipher password"),
    sink("crypto", &["createDecipher"], 1, &[], "the cipher password"),
    sink("crypto", &["createSecretKey"], 0, &[], "a secret key"),
    // Key derivation: the password a key is derived from.
    sink("crypto", &["pbkdf2"], 0, &[], "the password a key is derived from"),
    sink("crypto", &["pbkdf2Sync"], 0, &[], "the password a key is derived from"),
    sink("crypto", &["scrypt"], 0, &[], "the password a key is derived from"),
    sink("crypto", &["scryptSync"], 0, &[], "the password a key is derived from"),
    sink("crypto", &["hkdf"], 1, &[], "the key material of a derivation"),
    sink("crypto", &["hkdfSync"], 1, &[], "the key material of a derivation"),
    sink("node:crypto", &["pbkdf2"], 0, &[], "the password a key is derived from"),
    sink("node:crypto", &["pbkdf2Sync"], 0, &[], "the password a key is derived from"),
    sink("node:crypto", &["scrypt"], 0, &[], "the password a key is derived from"),
    sink("node:crypto", &["scryptSync"], 0, &[], "the password a key is derived from"),
    sink("node:crypto", &["createHmac"], 1, &[], "the HMAC key"),
    sink("node:crypto", &["createCipheriv"], 1, &[], "the cipher key"),
    sink("node:crypto", &["createDecipheriv"], 1, &[], "the cipher key"),
    sink("node:crypto", &["createSecretKey"], 0, &[], "a secret key"),
    // crypto-js: `HmacSHA256(message, key)`, `AES.encrypt(message, key)`.
    sink("crypto-js", &["HmacSHA256"], 1, &[], "the HMAC key"),
    sink("crypto-js", &["HmacSHA512"], 1, &[], "the HMAC key"),
    sink("crypto-js", &["HmacSHA1"], 1, &[], "the HMAC key"),
    sink("crypto-js", &["HmacMD5"], 1, &[], "the HMAC key"),
    sink("crypto-js", &["AES", "encrypt"], 1, &[], "the cipher key"),
    sink("crypto-js", &["AES", "decrypt"], 1, &[], "the cipher key"),
    sink("crypto-js/aes", &["encrypt"], 1, &[], "the cipher key"),
    sink("crypto-js/aes", &["decrypt"], 1, &[], "the cipher key"),
    sink("crypto-js/hmac-sha256", &[], 1, &[], "the HMAC key"),
    // HTTP basic auth middleware: the password every request is checked against.
    sink("koa-basic-auth", &[], 0, &["pass"], "the basic-auth password"),
    sink("koa-basic-auth", &[], 0, &["password"], "the basic-auth password"),
    // Database and cache clients: the password they log in with, or a URI that holds it.
    sink("pg", &["Pool"], 0, &["password"], "the database password"),
    sink("pg", &["Client"], 0, &["password"], "the database password"),
    sink("pg", &["Pool"], 0, &["connectionString"], "a database URI's password").with(Form::Uri),
    sink("pg", &["Client"], 0, &["connectionString"], "a database URI's password").with(Form::Uri),
    sink("pg", &["Client"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mysql", &["createConnection"], 0, &["password"], "the database password"),
    sink("mysql", &["createPool"], 0, &["password"], "the database password"),
    sink("mysql", &["createConnection"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mysql2", &["createConnection"], 0, &["password"], "the database password"),
    sink("mysql2", &["createPool"], 0, &["password"], "the database password"),
    sink("mysql2", &["createConnection"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mysql2/promise", &["createConnection"], 0, &["password"], "the database password"),
    sink("mysql2/promise", &["createPool"], 0, &["password"], "the database password"),
    sink("mongoose", &["connect"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mongoose", &["createConnection"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mongoose", &["connect"], 1, &["pass"], "the database password"),
    sink("mongoose", &["createConnection"], 1, &["pass"], "the database password"),
    sink("mongodb", &["MongoClient"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mongodb", &["MongoClient", "connect"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("mongodb", &["MongoClient"], 1, &["auth", "password"], "the database password"),
    // `new Sequelize(database, username, password, options)`, `new Sequelize(uri)`,
    // `new Sequelize({ password })`.
    sink("sequelize", &[], 2, &[], "the database password"),
    sink("sequelize", &["Sequelize"], 2, &[], "the database password"),
    sink("sequelize", &[], 0, &["password"], "the database password"),
    sink("sequelize", &["Sequelize"], 0, &["password"], "the database password"),
    sink("sequelize", &[], 0, &[], "a database URI's password").with(Form::Uri),
    sink("sequelize", &["Sequelize"], 0, &[], "a database URI's password").with(Form::Uri),
    sink("sequelize-typescript", &["Sequelize"], 2, &[], "the database password"),
    sink("sequelize-typescript", &["Sequelize"], 0, &["password"], "the database password"),
    sink("typeorm", &["DataSource"], 0, &["password"], "the database password"),
    sink("typeorm", &["createConnection"], 0, &["password"], "the database password"),
    // `knex({ connection: { password } })` or a connection URI.
    sink("knex", &[], 0, &["connection", "password"], "the database password"),
    sink("knex", &[], 0, &["connection"], "a database URI's password").with(Form::Uri),
    // ioredis: `new Redis({ password })`, `new Redis(port, host, { password })`, a URI.
    sink("ioredis", &[], 0, &["password"], "the Redis password"),
    sink("ioredis", &[], 2, &["password"], "the Redis password"),
    sink("ioredis", &[], 0, &[], "a Redis URI's password").with(Form::Uri),
    sink("redis", &["createClient"], 0, &["password"], "the Redis password"),
    sink("redis", &["createClient"], 0, &["url"], "a Redis URI's password").with(Form::Uri),
    // nodemailer: the SMTP login.
    sink("nodemailer", &["createTransport"], 0, &["auth", "pass"], "the SMTP password"),
    // HTTP clients: basic-auth passwords and Authorization headers sent with every request.
    sink("axios", &[], ANY, &["auth", "password"], "an HTTP basic-auth password"),
    sink("axios", &["*"], ANY, &["auth", "password"], "an HTTP basic-auth password"),
    sink("axios", &[], ANY, &["headers", "Authorization"], "an Authorization header").with(Form::Header),
    sink("axios", &["*"], ANY, &["headers", "Authorization"], "an Authorization header").with(Form::Header),
    sink("got", &[], ANY, &["headers", "authorization"], "an Authorization header").with(Form::Header),
    sink("got", &["*"], ANY, &["headers", "authorization"], "an Authorization header").with(Form::Header),
    sink("got", &[], ANY, &["password"], "an HTTP basic-auth password"),
    sink("node-fetch", &[], 1, &["headers", "Authorization"], "an Authorization header").with(Form::Header),
    sink("undici", &["request"], 1, &["headers", "authorization"], "an Authorization header").with(Form::Header),
    sink("undici", &["fetch"], 1, &["headers", "Authorization"], "an Authorization header").with(Form::Header),
    sink("superagent", &["..", "auth"], 1, &[], "an HTTP basic-auth password"),
    // request: `request.get(url).auth(user, pass, sendImmediately, bearer)`, `{ auth: { pass } }`.
    sink("request", &["..", "auth"], 1, &[], "an HTTP basic-auth password"),
    sink("request", &["..", "auth"], 3, &[], "a bearer token"),
    sink("request", &[], ANY, &["auth", "pass"], "an HTTP basic-auth password"),
    sink("request", &["*"], ANY, &["auth", "pass"], "an HTTP basic-auth password"),
    sink("request", &[], ANY, &["auth", "password"], "an HTTP basic-auth password"),
    sink("request", &["*"], ANY, &["auth", "password"], "an HTTP basic-auth password"),
    sink("request", &[], ANY, &["auth", "bearer"], "a bearer token"),
    sink("request", &["*"], ANY, &["auth", "bearer"], "a bearer token"),
    // node's http and https: `auth: 'user:password'`.
    sink("http", &["request"], ANY, &["auth"], "an HTTP basic-auth password").with(Form::Login),
    sink("http", &["get"], ANY, &["auth"], "an HTTP basic-auth password").with(Form::Login),
    sink("https", &["request"], ANY, &["auth"], "an HTTP basic-auth password").with(Form::Login),
    sink("https", &["get"], ANY, &["auth"], "an HTTP basic-auth password").with(Form::Login),
    // Basic-auth middleware: the passwords every request is checked against.
    sink("express-basic-auth", &[], 0, &["users", "*"], "a basic-auth password"),
    sink("basic-auth-connect", &[], 1, &[], "the basic-auth password"),
    // Next.js auth: the secret that signs its session tokens.
    sink("next-auth", &[], 0, &["secret"], "NextAuth's `secret`"),
    // Cloud and payment SDKs: the account's secret key.
    sink("aws-sdk", &["Config"], 0, &["secretAccessKey"], "the AWS secret access key"),
    sink("aws-sdk", &["config", "update"], 0, &["secretAccessKey"], "the AWS secret access key"),
    sink("aws-sdk", &["*"], 0, &["secretAccessKey"], "the AWS secret access key"),
    sink("aws-sdk", &["Credentials"], 1, &[], "the AWS secret access key"),
    sink("aws-sdk", &["Config", "()", "update"], 0, &["secretAccessKey"], "the AWS secret access key"),
    // Other clouds: Azure's logins, DigitalOcean's token, pkgcloud's provider credentials.
    sink("ms-rest-azure", &["loginWithUsernamePassword"], 1, &[], "the Azure password"),
    sink("ms-rest-azure", &["loginWithServicePrincipalSecret"], 1, &[], "the Azure service principal's secret"),
    sink("digitalocean", &["client"], 0, &[], "the DigitalOcean API token"),
    sink("pkgcloud", &["..", "createClient"], 0, &["password"], "a cloud provider's password"),
    sink("pkgcloud", &["..", "createClient"], 0, &["apiKey"], "a cloud provider's API key"),
    sink("pkgcloud", &["..", "createClient"], 0, &["key"], "a cloud provider's key"),
    sink("pkgcloud", &["..", "createClient"], 0, &["token"], "a cloud provider's token"),
    sink("pkgcloud", &["..", "createClient"], 0, &["storageAccessKey"], "a cloud storage access key"),
    sink("@aws-sdk/*", &["*"], 0, &["credentials", "secretAccessKey"], "the AWS secret access key"),
    sink("stripe", &[], 0, &[], "the Stripe secret key"),
    sink("stripe", &["Stripe"], 0, &[], "the Stripe secret key"),
    sink("twilio", &[], 1, &[], "the Twilio auth token"),
    sink("twilio", &["Twilio"], 1, &[], "the Twilio auth token"),
    sink("@sendgrid/mail", &["setApiKey"], 0, &[], "the SendGrid API key"),
];

/// Sanitizers: calls whose result is derived from a secret but is not it — a hash, a key
/// derivation, a password hash. Logging one leaks nothing usable; a name over one
/// (`const password = await bcrypt.hash(plain, 10)`) does not make it a secret.
#[rustfmt::skip]
pub const SANITIZERS: &[(&str, &[&str])] = &[
    // node's crypto: a digest (`createHash('sha256').update(pw).digest('hex')`) and the key
    // derivations' output.
    ("crypto", &["createHash", "()", "..", "digest"]),
    ("node:crypto", &["createHash", "()", "..", "digest"]),
    ("crypto", &["createHmac", "()", "..", "digest"]),
    ("node:crypto", &["createHmac", "()", "..", "digest"]),
    ("crypto", &["pbkdf2Sync"]),
    ("crypto", &["scryptSync"]),
    ("node:crypto", &["pbkdf2Sync"]),
    ("node:crypto", &["scryptSync"]),
    // Password hashing libraries.
    ("bcrypt", &["hash"]),
    ("bcrypt", &["hashSync"]),
    ("bcryptjs", &["hash"]),
    ("bcryptjs", &["hashSync"]),
    ("argon2", &["hash"]),
    ("@node-rs/argon2", &["hash"]),
    ("@node-rs/bcrypt", &["hash"]),
    // Digest helpers.
    ("md5", &[]),
    ("sha1", &[]),
    ("crypto-js", &["SHA256"]),
    ("crypto-js", &["SHA1"]),
    ("crypto-js", &["MD5"]),
    ("crypto-js", &["SHA512"]),
    ("crypto-js", &["HmacSHA256"]),
];

/// Words in a function's name that say its result is derived, not the secret
/// (`hashPassword(pw)`, `encrypt(token)`, `maskKey(key)`).
pub const SANITIZER_WORDS: &[&str] = &[
    "hash",
    "hashed",
    "crypt",
    "encrypt",
    "encrypted",
    "digest",
    "mask",
    "masked",
    "redact",
    "redacted",
    "obfuscate",
    "scrypt",
    "pbkdf2",
    "bcrypt",
    "argon2",
];

/// Methods that set one request header by name, whatever the client (`superagent`'s and
/// `request`'s `.set(name, value)`, `Headers#append`/`set`, `req.setHeader`, `.header(…)`): a
/// credential header set to a literal there is a hard-coded credential.
pub const HEADER_SETTERS: &[&str] = &["set", "append", "setHeader", "header"];

/// Calls that make a key object from key material (their first argument): a literal given to
/// one and the result given to a sink is a hard-coded key (`JWT.sign(p, JWK.asKey('…'))`,
/// `jwtVerify(t, new TextEncoder().encode('…'))`). Globals are written as their dotted name.
pub const KEY_WRAPPERS: &[(&str, &[&str])] = &[
    ("jose", &["JWK", "asKey"]),
    ("jose", &["createSecretKey"]),
    ("crypto", &["createSecretKey"]),
    ("node:crypto", &["createSecretKey"]),
    ("<global>", &["Buffer", "from"]),
    ("<global>", &["TextEncoder", "()", "encode"]),
];

/// How an option turns TLS verification off, and which check of the rule reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsCheck {
    /// `rejectUnauthorized`: off when falsy (a server's, when it requests client certificates,
    /// is mtls-client-unverified's).
    RejectUnauthorized,
    /// Off when falsy.
    OffWhenFalse,
    /// Off when true as the MongoDB driver reads its options: `true`, or the string `'true'`
    /// (it parses option strings as a connection string's, so `'false'` is false).
    OffWhenTrue,
    /// A proxy's `secure`: off when falsy, in an options object given to one of `packages`.
    ProxySecure,
    /// A `checkServerIdentity` callback that accepts every peer.
    IdentityCallback,
    /// `NODE_TLS_REJECT_UNAUTHORIZED`: off for the whole process when `'0'`.
    ProcessSwitch,
}

/// An option of a TLS client, driver or proxy that can turn peer verification off.
pub struct TlsOption {
    pub name: &'static str,
    pub check: TlsCheck,
    /// Only in options given to these packages' calls (`[]`: wherever the option is written).
    pub packages: &'static [&'static str],
    /// What turning it off does, for messages ("turns TLS certificate verification off").
    pub effect: &'static str,
}

#[rustfmt::skip]
pub const TLS_OPTIONS: &[TlsOption] = &[
    // node's tls/https (`https.Agent`, `tls.connect`, `https.request`), and every client that
    // passes its options on: axios' `httpsAgent`, got's `https`, undici's `connect`, ws, pg's
    // and sequelize's `ssl`/`dialectOptions.ssl`, mysql2's `ssl`, ioredis' `tls`, nodemailer's
    // `tls`, Egg's httpclient.
    tls("rejectUnauthorized", TlsCheck::RejectUnauthorized, &[], "turns TLS certificate verification off: any peer is trusted"),
    tls("checkServerIdentity", TlsCheck::IdentityCallback, &[], "accepts every certificate's identity"),
    tls("NODE_TLS_REJECT_UNAUTHORIZED", TlsCheck::ProcessSwitch, &[], "turns verification off for every TLS connection of the process"),
    // request / request-promise: `strictSSL: false` is `rejectUnauthorized: false`.
    tls("strictSSL", TlsCheck::OffWhenFalse, &[], "turns TLS certificate verification off (request's `strictSSL`): any peer is trusted"),
    // libcurl's options, as node-curl and node-libcurl name them.
    tls("SSL_VERIFYPEER", TlsCheck::OffWhenFalse, &[], "turns libcurl's certificate verification off: any peer is trusted"),
    tls("SSL_VERIFYHOST", TlsCheck::OffWhenFalse, &[], "turns libcurl's host name verification off: a certificate for any host is accepted"),
    // MongoDB's driver (and mongoose): certificate and host name checks of the server.
    tls("sslValidate", TlsCheck::OffWhenFalse, &[], "turns the MongoDB driver's certificate validation off: any server is trusted"),
    tls("tlsAllowInvalidCertificates", TlsCheck::OffWhenTrue, &[], "accepts any certificate the server presents: any peer is trusted"),
    tls("tlsAllowInvalidHostnames", TlsCheck::OffWhenTrue, &[], "accepts a certificate issued for any host: host name verification is off"),
    tls("tlsInsecure", TlsCheck::OffWhenTrue, &[], "turns certificate and host name validation off: any peer is trusted"),
    tls("sslAllowInvalidCertificates", TlsCheck::OffWhenTrue, &[], "accepts any certificate the server presents: any peer is trusted"),
    tls("sslAllowInvalidHostnames", TlsCheck::OffWhenTrue, &[], "accepts a certificate issued for any host: host name verification is off"),
    // Proxies: `secure: false` stops verifying the upstream's certificate.
    tls("secure", TlsCheck::ProxySecure, &["http-proxy", "koa-proxies", "koa-better-http-proxy", "http-proxy-middleware"], "stops the proxy verifying the upstream's certificate"),
];

/// TLS clients: options given to these calls configure the client side of a connection, so a
/// `requestCert` among them asks nothing of anyone (`https.request({ requestCert: true,
/// rejectUnauthorized: false })` is a client that trusts any server).
pub const TLS_CLIENT_CALLS: &[(&str, &[&str])] = &[
    ("https", &["request"]),
    ("https", &["get"]),
    ("https", &["Agent"]),
    ("node:https", &["request"]),
    ("node:https", &["get"]),
    ("node:https", &["Agent"]),
    ("tls", &["connect"]),
    ("node:tls", &["connect"]),
    ("request", &[]),
    ("request", &["*"]),
    ("request-promise", &[]),
    ("request-promise", &["*"]),
    ("request-promise-native", &[]),
    ("request-promise-native", &["*"]),
    ("axios", &[]),
    ("axios", &["*"]),
    ("got", &[]),
    ("got", &["*"]),
    ("undici", &["*"]),
    ("node-fetch", &[]),
    ("ws", &[]),
];

/// Calls that turn verification off by themselves.
pub struct TlsCall {
    pub package: &'static str,
    pub path: &'static [&'static str],
    pub effect: &'static str,
}

pub const TLS_CALLS: &[TlsCall] = &[
    // superagent: `request.get(url).disableTLSCerts()` trusts any certificate for that request.
    TlsCall {
        package: "superagent",
        path: &["..", "disableTLSCerts"],
        effect: "`disableTLSCerts()` turns TLS certificate verification off for this request: any peer is trusted",
    },
];

/// What a logger factory's result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// A function that writes its arguments: `require('debug')('ns')`, `util.debuglog('ns')`;
    /// its console-like methods (`info`, `warn`, `error`, `dir`, `log`) write too.
    LogFunction,
    /// An object whose every method writes its arguments (except the configuration methods of
    /// [`LOGGER_CONFIGURATION`]), and whose `.child(…)` is another such object: `pino()`,
    /// `winston.createLogger()`.
    Logger,
    /// An error reporter whose calls ship what they are given off the machine (Sentry).
    Reporter,
}

/// Loggers by construction: a package, the access path from its export to the logger (ending
/// in `()` for a factory; `[]`: the export is a logger itself), and what it makes.
pub struct LoggerFactory {
    pub package: &'static str,
    pub path: &'static [&'static str],
    pub made: Made,
}

#[rustfmt::skip]
pub const LOGGER_FACTORIES: &[LoggerFactory] = &[
    logger("debug", &["()"], Made::LogFunction),
    logger("util", &["debuglog", "()"], Made::LogFunction),
    logger("node:util", &["debuglog", "()"], Made::LogFunction),
    logger("util", &["debug", "()"], Made::LogFunction),
    logger("pino", &["()"], Made::Logger),
    logger("pino", &["pino", "()"], Made::Logger),
    logger("winston", &["createLogger", "()"], Made::Logger),
    // winston's default logger: `winston.info(…)`, and its registry: `winston.loggers.get(name)`.
    logger("winston", &[], Made::Logger),
    logger("winston", &["loggers", "get", "()"], Made::Logger),
    logger("winston", &["loggers", "add", "()"], Made::Logger),
    logger("bunyan", &["createLogger", "()"], Made::Logger),
    logger("log4js", &["getLogger", "()"], Made::Logger),
    logger("loglevel", &[], Made::Logger),
    logger("loglevel", &["getLogger", "()"], Made::Logger),
    logger("npmlog", &[], Made::Logger),
    logger("consola", &[], Made::Logger),
    logger("consola", &["consola"], Made::Logger),
    logger("consola", &["createConsola", "()"], Made::Logger),
    logger("consola", &["create", "()"], Made::Logger),
    logger("consola", &["withTag", "()"], Made::Logger),
    logger("signale", &[], Made::Logger),
    logger("signale", &["Signale", "()"], Made::Logger),
    logger("signale", &["scope", "()"], Made::Logger),
    // fancy-log: the export writes, and so do its `info`, `warn`, `error` and `dir`.
    logger("fancy-log", &[], Made::LogFunction),
    logger("tracer", &["console", "()"], Made::Logger),
    logger("tracer", &["colorConsole", "()"], Made::Logger),
    logger("roarr", &["Roarr"], Made::Logger),
    logger("@egg/logger", &["Logger", "()"], Made::Logger),
    logger("egg-logger", &["Logger", "()"], Made::Logger),
    logger("egg-logger", &["EggLogger", "()"], Made::Logger),
    // Error reporters: what they are given leaves the machine with the event.
    logger("@sentry/node", &[], Made::Reporter),
    logger("@sentry/browser", &[], Made::Reporter),
    logger("raven", &[], Made::Reporter),
];

/// Methods of a logger that configure it rather than write: not log writes.
#[rustfmt::skip]
pub const LOGGER_CONFIGURATION: &[&str] = &[
    "child", "level", "setLevel", "getLevel", "isLevelEnabled", "levelVal", "isEnabledFor",
    "isDebugEnabled", "isInfoEnabled", "bindings", "setBindings", "flush", "on", "once", "off",
    "add", "remove", "clear", "close", "configure", "addContext", "removeContext", "mockTypes",
    "wrapAll", "restoreAll", "pauseLogs", "resumeLogs", "setReporters", "addReporter",
    "removeReporter", "create", "withTag", "withDefaults", "scope", "unscope", "config",
    "enableAll", "disableAll", "setDefaultLevel", "getLogger", "startTimer", "profile", "exceptions",
    "rejections", "transports", "format", "end", "pipe", "emit", "init", "setTag", "setUser",
    "configureScope", "withScope", "addBreadcrumb", "startTransaction", "addSecrets",
    "clearSecrets", "addColors", "addLevel", "addStream", "addSerializers", "setLevels",
    "levels", "stream", "destination", "transport", "multistream",
];

/// Methods of an error reporter that ship what they are given (Sentry's).
#[rustfmt::skip]
pub const REPORTER_WRITES: &[&str] = &[
    "captureException", "captureMessage", "captureEvent", "setContext", "setExtra", "setExtras",
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

/// A row of the user's own catalogue (`settings.models` in `koalint.json`), parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserModel {
    pub package: String,
    /// Members with `()` for calls, as in the built-in tables.
    pub path: Vec<String>,
    pub kind: UserKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserKind {
    /// The value at `path` is a logger: every method call on it writes a log.
    Logger,
    /// Calling the value at `path` writes its arguments to a log.
    LogFunction,
    /// The value at `path` (usually a call's result) is a secret: `vault.read(…)`.
    SecretSource,
    /// Argument `argument` (or its option at `option`) of the call at `path` is a credential.
    CredentialSink {
        argument: usize,
        option: Vec<String>,
    },
}

/// Whether a row's package names `source` (`@aws-sdk/*` names every package of the scope).
fn package_matches(row: &str, source: &str) -> bool {
    match row.strip_suffix("/*") {
        Some(scope) => source
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('/')),
        None => row == source,
    }
}

/// Whether a row's access path names `path` (with `default` left out): `*` is one member, `..`
/// any run of steps.
fn path_matches<S: AsRef<str>>(row: &[S], path: &[&Atom]) -> bool {
    match row.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first.as_ref() == ".." => {
            (0..=path.len()).any(|skip| path_matches(rest, &path[skip..]))
        }
        Some((first, rest)) => path.split_first().is_some_and(|(p, tail)| {
            let first = first.as_ref();
            (first == &***p || (first == "*" && &***p != "()")) && path_matches(rest, tail)
        }),
    }
}

/// A module path without its `default` steps (`import x from …` and `require(…)` name the same
/// export).
fn plain(path: &[Atom]) -> Vec<&Atom> {
    path.iter().filter(|p| &***p != "default").collect()
}

/// The logger that a value read from `source` at `path` starts with, and the rest of the path
/// after it (`pino()` then `child`, `()`, `info`); the user's rows after the built-in ones.
pub fn logger_made<'p>(
    models: &[UserModel],
    source: &str,
    path: &'p [Atom],
) -> Option<(Made, Vec<&'p Atom>)> {
    // Most module values are of no logging package: decided before looking at any row.
    let builtin_package = LOGGER_FACTORIES
        .iter()
        .any(|row| package_matches(row.package, source));
    if !builtin_package && models.is_empty() {
        return None;
    }
    let path = plain(path);
    let prefix = |row: &[&str]| -> bool {
        path.len() >= row.len() && row.iter().zip(&path).all(|(a, b)| *a == &***b)
    };
    // The longest row that names a prefix of the path: `new Signale()` is a factory's logger
    // before it is a read of the default export.
    let builtin = LOGGER_FACTORIES
        .iter()
        .filter(|row| package_matches(row.package, source) && prefix(row.path))
        .map(|row| (row.path.len(), row.made));
    let user = models.iter().filter_map(|row| {
        let made = match row.kind {
            UserKind::Logger => Made::Logger,
            UserKind::LogFunction => Made::LogFunction,
            _ => return None,
        };
        let steps: Vec<&str> = row.path.iter().map(String::as_str).collect();
        (package_matches(&row.package, source) && prefix(&steps)).then_some((steps.len(), made))
    });
    let (len, made) = builtin.chain(user).max_by_key(|(len, _)| *len)?;
    Some((made, path[len..].to_vec()))
}

/// What a value read from `source` at `path` is, when it is the result of a call that issues a
/// credential (`jwt.sign(…)`).
pub fn issued_credential(source: &str, path: &[Atom]) -> Option<&'static str> {
    let path = plain(path);
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

/// Whether a value read from `source` at `path` is a secret by the user's catalogue
/// (`vault.read(…)`).
pub fn secret_source(models: &[UserModel], source: &str, path: &[Atom]) -> bool {
    let path = plain(path);
    models.iter().any(|row| {
        row.kind == UserKind::SecretSource
            && package_matches(&row.package, source)
            && path_matches(&row.path, &path)
    })
}

/// Calls of `source` at `path` that turn TLS verification off by themselves.
pub fn tls_call(source: &str, path: &[Atom]) -> Option<&'static TlsCall> {
    let path = plain(path);
    TLS_CALLS
        .iter()
        .find(|row| package_matches(row.package, source) && path_matches(row.path, &path))
}

/// The catalogue's TLS option of this name.
pub fn tls_option(name: &str) -> Option<&'static TlsOption> {
    TLS_OPTIONS.iter().find(|o| o.name == name)
}

const fn sink(
    package: &'static str,
    path: &'static [&'static str],
    argument: usize,
    option: &'static [&'static str],
    what: &'static str,
) -> CredentialSink {
    CredentialSink {
        package,
        path,
        argument,
        option,
        form: Form::Key,
        what,
    }
}

impl CredentialSink {
    /// The same row with another form (`.with(Form::Uri)`: the credential is a URI's password).
    const fn with(self, form: Form) -> CredentialSink {
        CredentialSink { form, ..self }
    }
}

const fn tls(
    name: &'static str,
    check: TlsCheck,
    packages: &'static [&'static str],
    effect: &'static str,
) -> TlsOption {
    TlsOption {
        name,
        check,
        packages,
        effect,
    }
}

const fn logger(package: &'static str, path: &'static [&'static str], made: Made) -> LoggerFactory {
    LoggerFactory {
        package,
        path,
        made,
    }
}

/// A value the file passes to a credential sink.
pub struct SinkUse<'a> {
    pub scope: ScopeId,
    pub value: &'a Expr,
    /// What the value is, for messages.
    pub what: &'a str,
    pub form: Form,
}

impl<'a> FileModel<'a> {
    /// Every value the file passes to a credential sink, built-in or the user's.
    pub fn credential_sinks(&self) -> Vec<SinkUse<'a>> {
        let mut out = Vec::new();
        let models = &self.vocab.models;
        // Most files use none of the catalogue's packages: decided before evaluating any call.
        let user: Vec<&str> = models
            .iter()
            .filter(|m| matches!(m.kind, UserKind::CredentialSink { .. }))
            .map(|m| m.package.trim_end_matches("/*"))
            .collect();
        if !self.uses_package(sink_packages()) && !self.uses_package(&user) {
            return out;
        }
        // A method call can only match a row that ends in its name, unless the file uses a
        // package with a row that ends in any member (`axios.*`) or the user has rows.
        let (last_steps, wild_packages) = sink_steps();
        let any_method = !models.is_empty() || self.uses_package(wild_packages);
        for call in &self.calls {
            let Some(callee) = call.callee else { continue };
            // Only calls of a module's export can match: decided before evaluating anything.
            match unwrap_expr(callee) {
                Expr::Ident(_) | Expr::Call(_) | Expr::New(_) => {}
                Expr::Member(m) => {
                    let named = any_method
                        || super::member_prop_name(&m.prop)
                            .is_some_and(|p| last_steps.contains(&&*p));
                    if !named {
                        continue;
                    }
                }
                _ => continue,
            }
            let Value::Module { source, path } = self.value(call.scope, callee) else {
                continue;
            };
            let path = plain(&path);
            let mut take = |argument: usize, option: &[&str], form: Form, what: &'a str| {
                for (n, arg) in call.args.iter().enumerate() {
                    if arg.spread.is_some() || (argument != ANY && argument != n) {
                        continue;
                    }
                    if option.is_empty() {
                        out.push(SinkUse {
                            scope: call.scope,
                            value: &arg.expr,
                            what,
                            form,
                        });
                    } else {
                        for (scope, v) in self.option_path(call.scope, &arg.expr, option) {
                            out.push(SinkUse {
                                scope,
                                value: v,
                                what,
                                form,
                            });
                        }
                    }
                }
            };
            for row in CREDENTIAL_SINKS {
                if package_matches(row.package, &source) && path_matches(row.path, &path) {
                    take(row.argument, row.option, row.form, row.what);
                }
            }
            for row in models {
                if let UserKind::CredentialSink { argument, option } = &row.kind {
                    if package_matches(&row.package, &source) && path_matches(&row.path, &path) {
                        let option: Vec<&str> = option.iter().map(String::as_str).collect();
                        take(
                            *argument,
                            &option,
                            Form::Key,
                            "a credential (settings.models)",
                        );
                    }
                }
            }
        }
        out
    }

    /// Whether `expr` (through `await`) is a call of a sanitizer ([`SANITIZERS`], or a function
    /// named for one: `hashPassword(…)`, `encrypt(…)`).
    pub fn is_sanitized(&self, scope: ScopeId, expr: &'a Expr) -> bool {
        let expr = match unwrap_expr(expr) {
            Expr::Await(a) => unwrap_expr(&a.arg),
            e => e,
        };
        let Expr::Call(call) = expr else {
            return false;
        };
        let Some(callee) = call.callee.as_expr() else {
            return false;
        };
        let name = match unwrap_expr(callee) {
            Expr::Ident(i) => Some(i.sym.clone()),
            Expr::Member(m) => super::member_prop_name(&m.prop),
            _ => None,
        };
        if name.is_some_and(|n| {
            super::words(&n)
                .iter()
                .any(|w| SANITIZER_WORDS.contains(&w.as_str()))
        }) {
            return true;
        }
        match self.value(scope, callee) {
            Value::Module { source, path } => {
                let path = plain(&path);
                SANITIZERS
                    .iter()
                    .any(|(p, row)| *p == &*source && path_matches(row, &path))
            }
            _ => false,
        }
    }

    /// The key material of a call that makes a key ([`KEY_WRAPPERS`]): its first argument.
    pub fn key_material(
        &self,
        scope: ScopeId,
        call: &'a swc_ecma_ast::CallExpr,
    ) -> Option<&'a Expr> {
        let callee = call.callee.as_expr()?;
        let wraps = match self.value(scope, callee) {
            Value::Module { source, path } => {
                let path = plain(&path);
                KEY_WRAPPERS
                    .iter()
                    .any(|(p, row)| *p == &*source && path_matches(row, &path))
            }
            Value::Global(name) => KEY_WRAPPERS
                .iter()
                .any(|(p, row)| *p == "<global>" && row.join(".") == *name),
            // `new TextEncoder().encode(…)`.
            _ => match unwrap_expr(callee) {
                Expr::Member(m) => {
                    super::member_prop_name(&m.prop).is_some_and(|p| &*p == "encode")
                        && matches!(unwrap_expr(&m.obj), Expr::New(n)
                            if matches!(unwrap_expr(&n.callee), Expr::Ident(i) if &*i.sym == "TextEncoder"))
                }
                _ => false,
            },
        };
        if !wraps {
            return None;
        }
        call.args
            .first()
            .filter(|a| a.spread.is_none())
            .map(|a| &*a.expr)
    }

    /// Whether the options object `id` is given to a TLS client ([`TLS_CLIENT_CALLS`]; also
    /// `https.request(…)` with `https` never imported).
    pub fn is_client_options(&self, id: ObjectId) -> bool {
        self.receiving_calls(id).into_iter().any(|(call, _)| {
            let site = self.call(call);
            let Some(callee) = site.callee else {
                return false;
            };
            match self.value(site.scope, callee) {
                Value::Module { source, path } => {
                    let path = plain(&path);
                    TLS_CLIENT_CALLS
                        .iter()
                        .any(|(p, row)| *p == &*source && path_matches(row, &path))
                }
                Value::Global(name) => matches!(
                    &*name,
                    "https.request" | "https.get" | "https.Agent" | "tls.connect"
                ),
                _ => false,
            }
        })
    }

    /// The values at a property path of an options object (written in place or bound first):
    /// `["auth", "pass"]` of `{ auth: { user, pass } }`; `*` is every property
    /// (`["users", "*"]` of `{ users: { admin: '…' } }`).
    fn option_path(
        &self,
        scope: ScopeId,
        options: &'a Expr,
        path: &[&str],
    ) -> Vec<(ScopeId, &'a Expr)> {
        let mut current = vec![(scope, options)];
        for name in path {
            let mut next = Vec::new();
            for (scope, value) in current {
                if *name == "*" {
                    let (scope, value) = self.origin(scope, value);
                    if let Expr::Object(lit) = value {
                        for p in &lit.props {
                            if let PropOrSpread::Prop(p) = p {
                                if let Prop::KeyValue(kv) = &**p {
                                    next.push((scope, &*kv.value));
                                }
                            }
                        }
                    }
                } else if let Some(found) = self.option_value(scope, value, name) {
                    next.push(found);
                }
            }
            current = next;
        }
        current
    }

    /// The value of property `name` of an options object (written in place or bound first).
    pub(crate) fn option_value(
        &self,
        scope: ScopeId,
        options: &'a Expr,
        name: &str,
    ) -> Option<(ScopeId, &'a Expr)> {
        // `const opts = {}; opts.secretOrKey = '…'`: a later write to the bound object wins.
        if let Some(b) = self.ident_binding(scope, options) {
            let written = self
                .mutations(b)
                .member_writes
                .iter()
                .rev()
                .map(|&i| &self.member_writes[i])
                .find(|w| w.prop.eq_ignore_ascii_case(name));
            if let Some(w) = written {
                return Some((w.scope, w.value));
            }
        }
        // `new JwtStrategy(this.options)` with `this.options = { … }` in the constructor.
        let (scope, options) = self
            .this_field_origin(scope, options)
            .unwrap_or((scope, options));
        let (scope, options) = self.origin(scope, options);
        let Expr::Object(lit) = options else {
            return None;
        };
        // The last write wins; a spread after it may override it, so nothing is known then.
        for p in lit.props.iter().rev() {
            match p {
                PropOrSpread::Spread(_) => return None,
                PropOrSpread::Prop(p) => {
                    if !prop_key(p).is_some_and(|k| k.eq_ignore_ascii_case(name)) {
                        continue;
                    }
                    return match &**p {
                        Prop::KeyValue(kv) => Some((scope, &*kv.value)),
                        // `{ secret }`: what the name was bound to.
                        Prop::Shorthand(id) => self
                            .resolve(scope, &id.sym)
                            .and_then(|b| self.binding_initializer(b)),
                        _ => None,
                    };
                }
            }
        }
        None
    }
}

/// The last member names of the built-in sinks' paths, and the packages with a row whose path
/// ends in any member (`*`).
fn sink_steps() -> &'static (Vec<&'static str>, Vec<&'static str>) {
    static STEPS: std::sync::OnceLock<(Vec<&'static str>, Vec<&'static str>)> =
        std::sync::OnceLock::new();
    STEPS.get_or_init(|| {
        // `jwt.default.sign` and `koaJwt.default(…)` (transpiled imports) name the same rows.
        let mut last = vec!["default"];
        let mut wild = Vec::new();
        for row in CREDENTIAL_SINKS {
            match row.path.iter().rev().find(|s| **s != "()") {
                Some(&"*") | Some(&"..") => wild.push(row.package.trim_end_matches("/*")),
                Some(step) => last.push(*step),
                None => {}
            }
        }
        last.sort_unstable();
        last.dedup();
        wild.sort_unstable();
        wild.dedup();
        (last, wild)
    })
}

/// The packages of the built-in credential sinks (`@aws-sdk/*` as its scope).
fn sink_packages() -> &'static [&'static str] {
    static PACKAGES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    PACKAGES.get_or_init(|| {
        let mut p: Vec<&str> = CREDENTIAL_SINKS
            .iter()
            .map(|r| r.package.trim_end_matches("/*"))
            .collect();
        p.dedup();
        p
    })
}
