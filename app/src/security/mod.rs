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

/// Whether the request is a plain HTML form posted to a server function (the page
/// before or without its WebAssembly), rather than a call from the WebAssembly.
pub fn is_html_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.uri.path().starts_with("/api/")
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// After signing in or out: a plain form post is redirected to `path`; the
/// WebAssembly reloads `path` itself, fully, since everything on screen depends on
/// who is signed in (see `components::reload_on_success`).
pub fn redirect_form_post(path: &str) {
    if is_html_form_post() {
        leptos_axum::redirect(path);
    }
}
