//! A board page read again before anything changed is answered from memory, as
//! rendered and compressed the first time: teams reload their board all day, and
//! rendering a board of 500 cards costs the server a hundred times a no-op request.
//!
//! A kept page is served only while the database's data version
//! (`app::store::data_version`) is the one read before the page was rendered, so
//! no change is ever missed, whichever server or command made it; and for at most
//! [`FRESH_FOR`], since a page also works out figures from the clock. Pages are
//! kept per reader (what a page shows depends on who reads it: the navigation,
//! what they may move) and per address and accepted encodings; a page showing a
//! refused form's reason, a page answered with a cookie, and a page not answered
//! 200 are never kept.
//!
//! A kept page keeps its Content-Security-Policy nonce. It still does its job: a
//! nonce is only ever seen by the reader the page was rendered for, and any text
//! someone writes to smuggle a script in changes the data version, so the page
//! that would carry it is rendered anew with a nonce of its own.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use app::security::guard::RequestIdentity;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use futures::Stream;

use crate::startup::AppState;

/// The longest a kept page is served: how long each card has sat in its column,
/// the last 30 days' delivery and the last two weeks of done work are then at
/// most this old, as on a page its reader loaded this long ago.
pub const FRESH_FOR: Duration = Duration::from_secs(60);

/// The pages kept, all rendered at one data version.
#[derive(Clone)]
pub struct PageCache {
    shelf: Arc<Mutex<Shelf>>,
}

/// What one page's reading depends on besides the data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The signed-in reader; none for a guest.
    reader: Option<uuid::Uuid>,
    /// The path and query.
    address: String,
    /// The `Accept-Encoding` the page was compressed for.
    encodings: Option<HeaderValue>,
}

/// A page as it was answered.
struct Kept {
    rendered_at: Instant,
    headers: HeaderMap,
    body: Bytes,
}

impl Kept {
    fn size(&self, key: &Key) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        self.body.len() + headers + key.address.len()
    }
}

struct Shelf {
    version: i64,
    pages: HashMap<Key, Kept>,
    bytes: usize,
    capacity: usize,
}

impl PageCache {
    /// Keeps up to `capacity` bytes of pages; 0 keeps none.
    pub fn new(capacity: usize) -> PageCache {
        PageCache {
            shelf: Arc::new(Mutex::new(Shelf::new(capacity))),
        }
    }

    fn shelf(&self) -> std::sync::MutexGuard<'_, Shelf> {
        self.shelf
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn is_off(&self) -> bool {
        self.shelf().capacity == 0
    }

    fn find(&self, key: &Key, version: i64, now: Instant) -> Option<Response> {
        let mut shelf = self.shelf();
        let kept = shelf.find(key, version, now)?;
        let mut response = Response::new(Body::from(kept.body.clone()));
        *response.headers_mut() = kept.headers.clone();
        Some(response)
    }

    fn keep(&self, key: Key, version: i64, kept: Kept) {
        self.shelf().keep(key, version, kept);
    }
}

impl Shelf {
    fn new(capacity: usize) -> Shelf {
        Shelf {
            version: i64::MIN,
            pages: HashMap::new(),
            bytes: 0,
            capacity,
        }
    }

    /// Moves on to `version` when it is newer, dropping every page rendered at an
    /// older one; whether the shelf is at `version` (a request that read the
    /// version before another saw a newer one finds and keeps nothing).
    fn at_version(&mut self, version: i64) -> bool {
        if version > self.version {
            self.pages.clear();
            self.bytes = 0;
            self.version = version;
        }
        version == self.version
    }

    fn find(&mut self, key: &Key, version: i64, now: Instant) -> Option<&Kept> {
        if !self.at_version(version) {
            return None;
        }
        let fresh = self
            .pages
            .get(key)
            .is_some_and(|kept| now.saturating_duration_since(kept.rendered_at) < FRESH_FOR);
        if !fresh {
            self.remove(key);
            return None;
        }
        self.pages.get(key)
    }

    /// The largest page kept: a larger one would push out many others.
    fn largest(&self) -> usize {
        self.capacity / 4
    }

    fn keep(&mut self, key: Key, version: i64, kept: Kept) {
        let size = kept.size(&key);
        if !self.at_version(version) || size > self.largest() {
            return;
        }
        self.remove(&key);
        while self.bytes + size > self.capacity {
            let oldest = self
                .pages
                .iter()
                .min_by_key(|(_, kept)| kept.rendered_at)
                .map(|(key, _)| key.clone());
            match oldest {
                Some(oldest) => self.remove(&oldest),
                None => break,
            }
        }
        self.bytes += size;
        self.pages.insert(key, kept);
    }

    fn remove(&mut self, key: &Key) {
        if let Some(kept) = self.pages.remove(key) {
            self.bytes -= kept.size(key);
        }
    }
}

/// Answers a board page from memory when a kept one is still true, and keeps the
/// page it renders otherwise.
pub async fn answer_from_memory(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let pages = state.pages.clone();
    let key = match key_of(&request) {
        Some(key) if !pages.is_off() => key,
        _ => return next.run(request).await,
    };
    let version = match app::store::data_version::current(&state.db).await {
        Ok(version) => version,
        Err(error) => {
            tracing::warn!(%error, "reading the data version failed; the page is rendered");
            return next.run(request).await;
        }
    };
    let rendered_at = Instant::now();
    if let Some(response) = pages.find(&key, version, rendered_at) {
        return response;
    }
    let response = next.run(request).await;
    if !worth_keeping(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let headers = parts.headers.clone();
    let largest = pages.shelf().largest();
    let body = Copied {
        stream: body.into_data_stream(),
        copy: Vec::new(),
        largest,
        done: Some(move |body| {
            let kept = Kept {
                rendered_at,
                headers,
                body,
            };
            pages.keep(key, version, kept);
        }),
    };
    Response::from_parts(parts, Body::from_stream(body))
}

/// The key of a board page read that may be answered from memory.
fn key_of(request: &Request) -> Option<Key> {
    if request.method() != Method::GET || !is_board_page(request.uri().path()) {
        return None;
    }
    let shows_a_refusal = app::security::cookie::posted_error_in(request.headers()).is_some();
    let identity = request.extensions().get::<RequestIdentity>()?;
    if shows_a_refusal || identity.via_token || identity.principal.is_none() {
        return None;
    }
    Some(Key {
        reader: identity.user.as_ref().map(|user| user.id),
        address: request.uri().path_and_query()?.to_string(),
        encodings: request.headers().get(header::ACCEPT_ENCODING).cloned(),
    })
}

/// The portfolio's board, a product's and a team's.
fn is_board_page(path: &str) -> bool {
    let one_segment = |rest: &str| !rest.is_empty() && !rest.contains('/');
    path == "/"
        || path.strip_prefix("/teams/").is_some_and(one_segment)
        || path.strip_prefix("/products/").is_some_and(one_segment)
}

fn worth_keeping(response: &Response) -> bool {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    response.status() == StatusCode::OK
        && html
        && !response.headers().contains_key(header::SET_COOKIE)
}

/// A body passed on as it is rendered, and handed to `done` whole once it ended
/// (not when it failed, or grew past `largest` bytes).
struct Copied<S, F> {
    stream: S,
    copy: Vec<u8>,
    largest: usize,
    done: Option<F>,
}

impl<S, F> Stream for Copied<S, F>
where
    S: Stream<Item = Result<Bytes, axum::Error>> + Unpin,
    F: FnOnce(Bytes) + Unpin,
{
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let next = Pin::new(&mut this.stream).poll_next(context);
        match &next {
            Poll::Ready(Some(Ok(chunk))) if this.done.is_some() => {
                if this.copy.len() + chunk.len() > this.largest {
                    this.done = None;
                    this.copy = Vec::new();
                } else {
                    this.copy.extend_from_slice(chunk);
                }
            }
            Poll::Ready(Some(Err(_))) => this.done = None,
            Poll::Ready(None) => {
                if let Some(done) = this.done.take() {
                    done(Bytes::from(std::mem::take(&mut this.copy)));
                }
            }
            _ => {}
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(reader: u128, address: &str) -> Key {
        Key {
            reader: Some(uuid::Uuid::from_u128(reader)),
            address: address.to_owned(),
            encodings: Some(HeaderValue::from_static("br")),
        }
    }

    fn page(rendered_at: Instant, body: &str) -> Kept {
        Kept {
            rendered_at,
            headers: HeaderMap::new(),
            body: Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    fn body_of(shelf: &mut Shelf, key: &Key, version: i64, now: Instant) -> Option<String> {
        shelf
            .find(key, version, now)
            .map(|kept| String::from_utf8_lossy(&kept.body).into_owned())
    }

    #[test]
    fn a_page_is_served_at_its_version_only_and_for_a_minute_at_most() {
        let start = Instant::now();
        let mut shelf = Shelf::new(10_000);
        let board = key(1, "/teams/a");
        shelf.keep(board.clone(), 7, page(start, "seven"));
        assert_eq!(
            body_of(&mut shelf, &board, 7, start).as_deref(),
            Some("seven")
        );
        assert_eq!(
            body_of(
                &mut shelf,
                &board,
                7,
                start + FRESH_FOR - Duration::from_millis(1)
            ),
            Some("seven".into())
        );
        assert_eq!(body_of(&mut shelf, &board, 7, start + FRESH_FOR), None);

        shelf.keep(board.clone(), 7, page(start, "seven"));
        assert_eq!(
            body_of(&mut shelf, &board, 8, start),
            None,
            "the data changed"
        );
        assert_eq!(shelf.bytes, 0, "pages of older versions are dropped");
        assert_eq!(body_of(&mut shelf, &board, 7, start), None, "no way back");
    }

    #[test]
    fn a_page_rendered_at_an_older_version_than_the_shelf_is_not_kept() {
        let now = Instant::now();
        let mut shelf = Shelf::new(10_000);
        shelf.keep(key(1, "/"), 9, page(now, "nine"));
        shelf.keep(key(1, "/teams/a"), 8, page(now, "eight"));
        assert_eq!(body_of(&mut shelf, &key(1, "/teams/a"), 9, now), None);
        assert_eq!(
            body_of(&mut shelf, &key(1, "/"), 9, now).as_deref(),
            Some("nine")
        );
    }

    #[test]
    fn readers_addresses_and_encodings_each_have_their_own_page() {
        let now = Instant::now();
        let mut shelf = Shelf::new(10_000);
        shelf.keep(key(1, "/teams/a"), 1, page(now, "ada's"));
        assert_eq!(body_of(&mut shelf, &key(2, "/teams/a"), 1, now), None);
        assert_eq!(
            body_of(&mut shelf, &key(1, "/teams/a?done=all"), 1, now),
            None
        );
        let gzip = Key {
            encodings: Some(HeaderValue::from_static("gzip")),
            ..key(1, "/teams/a")
        };
        assert_eq!(body_of(&mut shelf, &gzip, 1, now), None);
    }

    #[test]
    fn the_oldest_pages_make_room_and_none_outgrows_a_quarter_of_the_shelf() {
        let start = Instant::now();
        let later = |seconds| start + Duration::from_secs(seconds);
        let body = "x".repeat(200);
        let mut shelf = Shelf::new(1_000);
        for (n, address) in ["/a", "/b", "/c", "/d", "/e"].iter().enumerate() {
            shelf.keep(key(1, address), 1, page(later(n as u64), &body));
        }
        assert!(shelf.bytes <= 1_000);
        assert_eq!(body_of(&mut shelf, &key(1, "/a"), 1, later(5)), None);
        assert!(body_of(&mut shelf, &key(1, "/e"), 1, later(5)).is_some());

        shelf.keep(key(1, "/big"), 1, page(start, &"x".repeat(300)));
        assert_eq!(body_of(&mut shelf, &key(1, "/big"), 1, start), None);
    }

    #[test]
    fn only_the_boards_are_kept() {
        for path in ["/", "/teams/7b71", "/products/01d4"] {
            assert!(is_board_page(path), "{path}");
        }
        for path in [
            "/teams/7b71/columns",
            "/teams/",
            "/items/1",
            "/account",
            "/teamsx",
        ] {
            assert!(!is_board_page(path), "{path}");
        }
    }
}
