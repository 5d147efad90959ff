//! Versions as entity tags: a single read answers `ETag: "<version>"`, and a
//! change must say which version it changes with `If-Match`, so two clients can
//! never silently overwrite each other (412 when the item moved on since).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::problem::Problem;

pub fn etag(version: i32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// `body` answered with `status` and the `ETag` of its `version`; when it was
/// just made (201), with its address in `Location` too.
pub fn versioned(
    status: StatusCode,
    body: impl serde::Serialize,
    version: i32,
    location: &str,
) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    if status == StatusCode::CREATED {
        if let Ok(location) = HeaderValue::from_str(location) {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    response
}

/// The version `If-Match` holds the change to, checked against the item's
/// `current` one: 428 without the header, 400 when it is no tag of ours, 412 when
/// the item has changed since. `*` takes whatever version is current.
pub fn if_match(headers: &HeaderMap, current: i32) -> Result<i32, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(Problem {
            field: Some("If-Match".into()),
            ..Problem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition_required",
                "send If-Match with the ETag of the version you are changing",
            )
        });
    };
    let tags = value.to_str().ok().and_then(parse_tags).ok_or_else(|| {
        Problem::invalid(
            "If-Match",
            "If-Match must hold * or ETags as this API sends them (\"3\")",
        )
    })?;
    match tags {
        Tags::Any => Ok(current),
        Tags::Versions(versions) if versions.contains(&current) => Ok(current),
        Tags::Versions(_) => Err(Problem {
            field: Some("If-Match".into()),
            ..Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "precondition_failed",
                format!(
                    "the item has changed since that version: it is at \"{current}\" now; read it again"
                ),
            )
        }),
    }
}

/// Whether `If-None-Match` already holds the current version (answer 304).
pub fn not_modified(headers: &HeaderMap, current: i32) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_tags)
        .is_some_and(|tags| match tags {
            Tags::Any => true,
            Tags::Versions(versions) => versions.contains(&current),
        })
}

#[derive(Debug, PartialEq)]
enum Tags {
    Any,
    Versions(Vec<i32>),
}

fn parse_tags(value: &str) -> Option<Tags> {
    if value.trim() == "*" {
        return Some(Tags::Any);
    }
    value
        .split(',')
        .map(|tag| {
            let tag = tag.trim();
            // A weak tag compares weakly: still the same version here.
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag.strip_prefix('"')?
                .strip_suffix('"')?
                .parse::<i32>()
                .ok()
        })
        .collect::<Option<Vec<_>>>()
        .map(Tags::Versions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_if_match(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_change_needs_the_current_version_in_if_match() {
        assert_eq!(if_match(&with_if_match("\"3\""), 3), Ok(3));
        assert_eq!(if_match(&with_if_match("\"2\", \"3\""), 3), Ok(3));
        assert_eq!(if_match(&with_if_match("*"), 7), Ok(7));
        assert_eq!(
            if_match(&with_if_match("\"2\""), 3).unwrap_err().status,
            412
        );
        assert_eq!(if_match(&HeaderMap::new(), 3).unwrap_err().status, 428);
        for junk in ["3", "\"three\"", "", "\"3"] {
            let refused = if_match(&with_if_match(junk), 3).unwrap_err();
            assert_eq!(
                (refused.status.as_u16(), refused.field.as_deref()),
                (400, Some("If-Match")),
                "{junk}"
            );
        }
    }

    #[test]
    fn a_read_of_the_version_the_client_holds_is_not_modified() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"4\""));
        assert!(not_modified(&headers, 4));
        assert!(!not_modified(&headers, 5));
        assert!(!not_modified(&HeaderMap::new(), 4));
        assert_eq!(etag(4), HeaderValue::from_static("\"4\""));
    }
}
