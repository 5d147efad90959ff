//! Request-level security, applied to every route: who is asking (from the session
//! cookie), sign-in required for pages, cross-site writes refused, and the security
//! headers on every response.

use std::net::SocketAddr;

use app::domain::access::{decide, Action, Decision, Principal};
use app::error::AppError;
use app::security::{
    content_security_policy, cookie::session_token, guard::RequestIdentity, token,
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Json,
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
    let bearer = bearer_token(headers);
    let session = session_of(headers)
        .filter(|_| !is_static_asset(request.uri().path()))
        .map(token::digest);

    let found = match (bearer, &session) {
        (Some(secret), _) => match app::store::api_tokens::find(&state.db, secret, now).await {
            Ok(None) => return revoked_token(request.uri().path()),
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

/// In the public API's problem details on `/api/v1`, as the server functions'
/// errors elsewhere.
fn revoked_token(path: &str) -> Response {
    const WHY: &str = "the API token is unknown or revoked";
    if path.starts_with("/api/v1/") {
        return crate::rest::problem::Problem::new(
            StatusCode::UNAUTHORIZED,
            AppError::SignInRequired.kind(),
            WHY,
        )
        .into_response();
    }
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        format!(r#"{{"error":"sign_in_required","message":"{WHY}"}}"#),
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

/// Refuses state-changing requests that come from another site. A browser sends
/// `Origin` (or at least `Referer`) with every such request, so a request without
/// an API token must name this site in one of them, scheme and host: this covers
/// signing in (no hostile page may sign a victim into its own account) and
/// `Origin: null` (sandboxed frames, `data:` pages) is refused. A browser cannot
/// add an `Authorization` header to a cross-site request without a CORS preflight,
/// which this server never grants, so token requests need no origin (nor do
/// cookie-less calls of the token-only `/api/v1`, which answer them 401).
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let method = request.method();
    if method == Method::GET || method == Method::HEAD || method == Method::OPTIONS {
        return next.run(request).await;
    }
    let headers = request.headers();
    // `/api/v1` takes tokens only: without a cookie, its own 401 says what is missing.
    let machine = session_of(headers).is_none()
        && (bearer_token(headers).is_some() || request.uri().path().starts_with("/api/v1/"));
    if machine || claimed_origin(headers).is_some_and(|origin| same_origin(&origin, headers)) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"forbidden","message":"this request must come from a page of this site (its Origin header names another site or none)","action":"send this request from another site"}"#,
    )
        .into_response()
}

/// `nosniff`, no framing, same-origin referrers, and a Content-Security-Policy on
/// every response (pages set their own, with the nonce of their inline script);
/// `Strict-Transport-Security` when the session cookie is `Secure` (the site is
/// meant to be reached over HTTPS); and `Cache-Control: no-store` on everything but
/// the static assets, since pages and answers show what one user may read.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let asset = is_static_asset(request.uri().path());
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
    if state.cookie_policy.secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
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

/// The secret of an `Authorization: Bearer` header; the scheme's name is matched
/// case-insensitively (RFC 9110).
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| secret.trim())
        .filter(|secret| !secret.is_empty())
}

fn session_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(session_token)
}

/// `scheme://host[:port]` from `Origin`, else from `Referer`.
fn claimed_origin(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))?
        .to_str()
        .ok()?;
    let (scheme, rest) = value.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some(format!("{}://{authority}", scheme.to_ascii_lowercase()))
}

/// Whether `origin` is this site as the request reached it: the `Host` it was sent
/// to, over the scheme the client used. This server speaks plain HTTP; behind a
/// TLS proxy, the proxy's `X-Forwarded-Proto` says the client's scheme.
fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "http".to_owned());
    origin
        .split_once("://")
        .is_some_and(|(claimed_scheme, authority)| {
            claimed_scheme == scheme && authority.eq_ignore_ascii_case(host)
        })
}

/// The response refusing a request with `error`, as JSON.
pub(crate) fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(error)).into_response()
}

/// 401 without a principal, 403 when it may not `action`.
pub(crate) fn authorize(identity: &RequestIdentity, action: Action) -> Result<(), AppError> {
    match decide(identity.principal.as_ref(), action) {
        Decision::Allowed => Ok(()),
        Decision::SignInRequired => Err(AppError::SignInRequired),
        Decision::Forbidden => Err(AppError::Forbidden {
            action: action.describe().into(),
        }),
    }
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
            (Some("https://127.0.0.1:3000"), false),
            (Some("null"), false),
            (Some("http://127.0.0.1:3000.evil.example"), false),
            (None, false),
        ];
        for (origin, expected) in cases {
            let mut pairs = vec![(header::HOST, "127.0.0.1:3000")];
            if let Some(origin) = origin {
                pairs.push((header::ORIGIN, origin));
            }
            let headers = headers(&pairs);
            let same = claimed_origin(&headers).is_some_and(|o| same_origin(&o, &headers));
            assert_eq!(same, expected, "{origin:?}");
        }
    }

    #[test]
    fn behind_a_tls_proxy_the_origin_must_be_https() {
        let headers = headers(&[
            (header::HOST, "plan.example.com"),
            (header::ORIGIN, "https://plan.example.com"),
            (
                header::HeaderName::from_static("x-forwarded-proto"),
                "https",
            ),
        ]);
        assert!(claimed_origin(&headers).is_some_and(|o| same_origin(&o, &headers)));
    }

    #[test]
    fn a_bearer_token_is_found_whatever_the_scheme_name_s_case() {
        for value in ["Bearer abc", "bearer abc", "BEARER  abc"] {
            let headers = headers(&[(header::AUTHORIZATION, value)]);
            assert_eq!(bearer_token(&headers), Some("abc"), "{value}");
        }
        for value in ["Basic abc", "Bearer ", "Bearerabc"] {
            let headers = headers(&[(header::AUTHORIZATION, value)]);
            assert_eq!(bearer_token(&headers), None, "{value}");
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
