//! A form posted without JavaScript that the server refuses comes back to its page
//! with the reason. Leptos sends the browser back with the error in the address
//! (`?__path=…&__err=<base64>`): a blob people then read, bookmark and share. This
//! layer moves it into a short-lived cookie instead, the page the browser returns
//! to shows it (`app::components::provide_posted_error`), and the next page read
//! clears it, so a reason is shown once.

use app::security::cookie::posted_error_in;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use url::Url;

use crate::startup::AppState;

pub async fn keep_out_of_the_address(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let reads_a_page =
        request.method() == Method::GET && !path.starts_with("/api/") && !path.starts_with("/pkg/");
    let carries_one = posted_error_in(request.headers()).is_some();
    let mut response = next.run(request).await;
    let refusal = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .and_then(refusal_in_address);
    let policy = state.cookie_policy;
    let cookie = match refusal {
        Some(Refusal {
            address,
            function,
            error,
        }) => {
            if let Ok(address) = HeaderValue::from_str(&address) {
                response.headers_mut().insert(header::LOCATION, address);
            }
            Some(policy.set_posted_error(&function, &error))
        }
        // The page just rendered has shown it.
        None if carries_one && reads_a_page => Some(policy.clear_posted_error()),
        None => None,
    };
    if let Some(Ok(cookie)) = cookie.map(|cookie| HeaderValue::from_str(&cookie)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A redirect's address that carries a refusal, taken apart.
#[derive(Debug, PartialEq)]
struct Refusal {
    /// The address without the refusal.
    address: String,
    /// The refusing server function's path.
    function: String,
    /// Its error, as leptos encoded it.
    error: String,
}

fn refusal_in_address(location: &str) -> Option<Refusal> {
    // Leptos sends the form's own page (the Referer) back, which is absolute.
    let mut url = Url::parse(location).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let (function, error) = (value("__path")?, value("__err")?);
    let kept: Vec<_> = pairs
        .iter()
        .filter(|(key, _)| key != "__path" && key != "__err")
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(Refusal {
        address: url.into(),
        function,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_taken_out_and_the_rest_of_the_address_kept() {
        let refusal = refusal_in_address(
            "http://127.0.0.1:3000/teams/1?q=motor&__path=%2Fapi%2Fmove_card&__err=eyJ4IjoxfQ%3D%3D",
        );
        assert_eq!(
            refusal,
            Some(Refusal {
                address: "http://127.0.0.1:3000/teams/1?q=motor".into(),
                function: "/api/move_card".into(),
                error: "eyJ4IjoxfQ==".into(),
            })
        );
        let alone = refusal_in_address("http://h/login?__path=/api/sign_in&__err=e30=").unwrap();
        assert_eq!(alone.address, "http://h/login");
    }

    #[test]
    fn an_address_without_a_refusal_is_left_alone() {
        assert_eq!(refusal_in_address("http://h/teams/1?q=motor"), None);
        assert_eq!(refusal_in_address("/account"), None);
    }
}
