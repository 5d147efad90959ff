//! Lists a page at a time: `limit` items, and an opaque `cursor` naming where the
//! next page starts (the last item's sort time and id, with the order it was
//! listed in). A cursor is only good for the order it was made for.

use app::store::item_query::{After, Order, SortKey};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::problem::Problem;

/// The order telemetry is listed in: as it was recorded.
pub const ORDER_RECORDED: Order = Order {
    key: SortKey::CreatedAt,
    descending: false,
};

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// `sort`: `created_at` (the default), `updated_at`, or either with `-` before it
/// for newest first.
pub fn order(raw: Option<&str>) -> Result<Order, Problem> {
    let raw = raw.unwrap_or("created_at");
    let (descending, name) = match raw.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, raw),
    };
    let key = match name {
        "created_at" => SortKey::CreatedAt,
        "updated_at" => SortKey::UpdatedAt,
        _ => {
            return Err(Problem::invalid(
                "sort",
                format!(
                    "“{raw}” is not a sort: use created_at or updated_at, with - for newest first"
                ),
            ))
        }
    };
    Ok(Order { key, descending })
}

fn sort_name(order: Order) -> String {
    let name = match order.key {
        SortKey::CreatedAt => "created_at",
        SortKey::UpdatedAt => "updated_at",
    };
    if order.descending {
        format!("-{name}")
    } else {
        name.to_owned()
    }
}

pub fn limit(raw: Option<&str>) -> Result<u64, Problem> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|limit| (1..=MAX_LIMIT).contains(limit))
            .ok_or_else(|| {
                Problem::invalid(
                    "limit",
                    format!("“{raw}” is not a page size: give 1 to {MAX_LIMIT}"),
                )
            }),
    }
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    sort: String,
    at: String,
    id: uuid::Uuid,
}

/// The cursor of the page after the one ending at `after`.
pub fn cursor(order: Order, after: After) -> String {
    let cursor = Cursor {
        sort: sort_name(order),
        at: after.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        id: after.id,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
}

/// Where the page named by `raw` starts, if it was made for `order`.
pub fn after(order: Order, raw: Option<&str>) -> Result<Option<After>, Problem> {
    let Some(raw) = raw else { return Ok(None) };
    let bad = || {
        Problem::invalid(
            "cursor",
            "that is not a cursor this API gave: pass next_cursor as it came",
        )
    };
    let cursor: Cursor = URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(&cursor.at)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    if cursor.sort != sort_name(order) {
        return Err(Problem::invalid(
            "cursor",
            format!(
                "that cursor continues a list sorted by {}: ask with the same sort",
                cursor.sort
            ),
        ));
    }
    Ok(Some(After { at, id: cursor.id }))
}

/// One more row than asked was read: whether another page follows, and its
/// cursor (after the last row kept, at `place`).
pub fn next_page<T>(
    rows: &mut Vec<T>,
    limit: u64,
    order: Order,
    place: impl Fn(&T) -> After,
) -> Option<String> {
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    more.then(|| rows.last())
        .flatten()
        .map(|last| cursor(order, place(last)))
}

/// The query's parameters; an unknown one is refused, naming it.
pub fn query<T: DeserializeOwned + Default>(raw: Option<&str>) -> Result<T, Problem> {
    let Some(raw) = raw.filter(|raw| !raw.is_empty()) else {
        return Ok(T::default());
    };
    let pairs: Map<String, Value> = url::form_urlencoded::parse(raw.as_bytes())
        .map(|(name, value)| (name.into_owned(), Value::String(value.into_owned())))
        .collect();
    serde_json::from_value(Value::Object(pairs)).map_err(|error| Problem {
        field: error
            .to_string()
            .split('`')
            .nth(1)
            .map(str::to_owned)
            .or(Some("query".into())),
        ..Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_field",
            format!("the query is not understood: {error}"),
        )
    })
}

/// An id given in the parameter `field`.
pub fn id(field: &str, raw: Option<String>) -> Result<Option<uuid::Uuid>, Problem> {
    raw.map(|raw| {
        uuid::Uuid::parse_str(&raw)
            .map_err(|_| Problem::invalid(field, format!("“{raw}” is not an id")))
    })
    .transpose()
}

/// A time (RFC 3339) given in the parameter `field`.
pub fn time(field: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, Problem> {
    raw.map(|raw| {
        DateTime::parse_from_rfc3339(raw)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|_| {
                Problem::invalid(
                    field,
                    format!("“{raw}” is not a time like 2026-11-27T09:30:00Z"),
                )
            })
    })
    .transpose()
}

/// A page as answered: its JSON, and a `Link` to the next page (the same query
/// with the `next` cursor) when there is one.
pub fn answer(
    page: impl IntoResponse,
    next: Option<&str>,
    path: &str,
    raw: Option<&str>,
) -> Response {
    let link = next.map(|cursor| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if name != "cursor" {
                query.append_pair(&name, &value);
            }
        }
        query.append_pair("cursor", cursor);
        format!("<{path}?{}>; rel=\"next\"", query.finish())
    });
    let mut response = page.into_response();
    if let Some(link) = link.and_then(|link| HeaderValue::from_str(&link).ok()) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_names_the_same_place_back_to_the_nanosecond() {
        let order = order(Some("-updated_at")).unwrap();
        let place = After {
            at: DateTime::parse_from_rfc3339("2026-11-27T12:30:01.123456789Z")
                .unwrap()
                .with_timezone(&Utc),
            id: uuid::Uuid::new_v4(),
        };
        assert_eq!(after(order, Some(&cursor(order, place))), Ok(Some(place)));
    }

    #[test]
    fn a_cursor_of_another_order_or_of_nothing_we_made_is_refused_naming_the_cursor() {
        let place = After {
            at: Utc::now(),
            id: uuid::Uuid::new_v4(),
        };
        let made = cursor(order(None).unwrap(), place);
        let other = after(order(Some("updated_at")).unwrap(), Some(&made)).unwrap_err();
        assert_eq!(other.field.as_deref(), Some("cursor"));
        assert!(other.detail.contains("created_at"), "{}", other.detail);
        for junk in ["", "abc", "eyJ9", &URL_SAFE_NO_PAD.encode(b"{\"sort\":1}")] {
            let refused = after(order(None).unwrap(), Some(junk)).unwrap_err();
            assert_eq!(refused.field.as_deref(), Some("cursor"), "{junk}");
        }
    }

    #[test]
    fn sort_and_limit_take_only_what_is_listed() {
        assert_eq!(
            order(Some("-created_at")).unwrap(),
            Order {
                key: SortKey::CreatedAt,
                descending: true
            }
        );
        assert_eq!(
            order(Some("title")).unwrap_err().field.as_deref(),
            Some("sort")
        );
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(limit(Some("200")).unwrap(), 200);
        for bad in ["0", "201", "-1", "ten"] {
            assert_eq!(
                limit(Some(bad)).unwrap_err().field.as_deref(),
                Some("limit")
            );
        }
    }
}
