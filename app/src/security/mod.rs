//! Server-side security: password hashing, secret tokens, the session cookie, and
//! the guard every server function passes through.

pub mod cookie;
pub mod guard;
pub mod password;
pub mod token;

/// The Content-Security-Policy of every response: scripts only from this site (the
/// inline hydration bootstrap by its per-response nonce), WebAssembly allowed, no
/// framing, no plugins.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script_nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{script_nonce} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}
