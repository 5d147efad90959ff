//! Request-level security, applied to every route: who is asking (from the session
//! cookie), sign-in required for pages, cross-site writes refused, and the security
//! headers on every response.

use std::net::SocketAddr;

use app::domain::access::Principal;
use app::security::{
    content_security_policy, cookie::session_token, guard::RequestIdentity, token,
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::startup::AppState;

/// Establishes the request's [`RequestIdentity`]: from an `Authorization: Bearer`
/// API token, else from the session cookie. An unknown or revoked token is refused
/// outright; an ended or expired session just leaves the request anonymous (a guest
/// who may read, where guests are allowed).
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let client_address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let now = chrono::Utc::now();
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let session = headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(session_token)
        .filter(|_| !is_static_asset(request.uri().path()))
        .map(token::digest);

    let found = match (bearer, &session) {
        (Some(secret), _) => match app::store::api_tokens::find(&state.db, secret, now).await {
            Ok(None) => return revoked_token(),
            found => found,
        },
        (None, Some(digest)) => app::store::sessions::find(&state.db, digest, now).await,
        (None, None) => Ok(None),
    };
    let mut identity = RequestIdentity {
        client_address,
        ..RequestIdentity::default()
    };
    match found {
        Ok(Some((principal, user))) => {
            identity.principal = Some(principal);
            identity.user = Some(user);
            identity.session = session.filter(|_| bearer.is_none());
            identity.via_token = bearer.is_some();
        }
        Ok(None) if state.guest_read => identity.principal = Some(Principal::guest()),
        Ok(None) => {}
        Err(error) => {
            tracing::error!(%error, "identifying the request failed");
            return (StatusCode::SERVICE_UNAVAILABLE, error.to_string()).into_response();
        }
    }
    request.extensions_mut().insert(identity);
    next.run(request).await
}

fn revoked_token() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"sign_in_required","message":"the API token is unknown or revoked"}"#,
    )
        .into_response()
}

/// Pages need a signed-in user: anonymous visitors go to the sign-in page (or, on an
/// installation with no account yet, to the first-run page).
pub async fn require_sign_in(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let signed_in = request
        .extensions()
        .get::<RequestIdentity>()
        .is_some_and(|identity| identity.principal.is_some());
    let is_page = request.method() == Method::GET
        && !is_static_asset(path)
        && !path.starts_with("/api/")
        && path != "/healthz";
    if !is_page || signed_in {
        return next.run(request).await;
    }
    let has_users = match app::store::users::count(&state.db).await {
        Ok(count) => count > 0,
        Err(error) => return (StatusCode::SERVICE_UNAVAILABLE, error.to_string()).into_response(),
    };
    match (path, has_users) {
        ("/setup", false) | ("/login", true) => next.run(request).await,
        (_, false) => Redirect::to("/setup").into_response(),
        (_, true) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            if path == "/setup" || wanted == "/" {
                return Redirect::to("/login").into_response();
            }
            let next: String = url::form_urlencoded::byte_serialize(wanted.as_bytes()).collect();
            Redirect::to(&format!("/login?next={next}")).into_response()
        }
    }
}

/// Refuses state-changing requests that come from another site: a browser always
/// sends `Origin` (or at least `Referer`) with them, and it must name this host.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let method = request.method();
    if method == Method::GET || method == Method::HEAD || method == Method::OPTIONS {
        return next.run(request).await;
    }
    let headers = request.headers();
    let carries_session = headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(session_token)
        .is_some();
    match claimed_origin(headers) {
        Some(origin) if same_site(&origin, headers) => next.run(request).await,
        None if !carries_session => next.run(request).await,
        _ => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"forbidden","action":"send this request from another site"}"#,
        )
            .into_response(),
    }
}

/// `nosniff`, no framing, same-origin referrers, and a Content-Security-Policy on
/// every response (pages set their own, with the nonce of their inline script).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(policy) = HeaderValue::from_str(&content_security_policy(None)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}

fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

/// `scheme://host[:port]` from `Origin`, else from `Referer`.
fn claimed_origin(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))?
        .to_str()
        .ok()?;
    let (scheme, rest) = value.split_once("://")?;
    let authority = rest.split('/').next()?;
    Some(format!("{scheme}://{authority}"))
}

fn same_site(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    #[test]
    fn the_origin_must_name_this_host() {
        let cases = [
            (Some("http://127.0.0.1:3000"), true),
            (Some("http://evil.example"), false),
            (Some("http://127.0.0.1:3001"), false),
            (None, false),
        ];
        for (origin, expected) in cases {
            let mut pairs = vec![(header::HOST, "127.0.0.1:3000")];
            if let Some(origin) = origin {
                pairs.push((header::ORIGIN, origin));
            }
            let headers = headers(&pairs);
            let same = claimed_origin(&headers).is_some_and(|o| same_site(&o, &headers));
            assert_eq!(same, expected, "{origin:?}");
        }
    }

    #[test]
    fn the_referer_stands_in_for_a_missing_origin() {
        let headers = headers(&[
            (header::HOST, "example.com"),
            (header::REFERER, "https://example.com/teams/1?x=y"),
        ]);
        assert_eq!(
            claimed_origin(&headers).as_deref(),
            Some("https://example.com")
        );
    }
}
