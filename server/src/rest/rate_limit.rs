//! The per-token rate limit of the public API: each token's requests come out of
//! its own bucket (`domain::rate_limit`); one too many is answered 429 with
//! `Retry-After`. Buckets live in this process: with several replicas behind a
//! balancer, each replica allows a token its own allowance.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::domain::rate_limit::{Bucket, RateLimit};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::problem::Problem;
use crate::startup::AppState;

/// Full buckets are forgotten once this many tokens are tracked.
const TRACKED_MAX: usize = 10_000;

#[derive(Clone)]
pub struct RateLimiter {
    limit: RateLimit,
    started: Instant,
    buckets: Arc<Mutex<HashMap<String, Bucket>>>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit,
            started: Instant::now(),
            buckets: Arc::default(),
        }
    }

    /// Takes one request of the token with this digest: the requests left, or
    /// how long until it may call again.
    fn take(&self, token: &str) -> Result<u32, Duration> {
        let now = self.started.elapsed();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= TRACKED_MAX {
            buckets.retain(|_, bucket| !bucket.is_full(self.limit, now));
        }
        buckets
            .entry(token.to_owned())
            .or_insert_with(|| Bucket::full(self.limit, now))
            .take(self.limit, now)
            .map_err(|retry| retry.0)
    }
}

/// Counts each token's requests to `/api/v1`; requests without a token (a
/// browser's session reading the API reference) are not the API's clients.
pub async fn limit_tokens(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let token = crate::security::bearer_token(request.headers())
        .filter(|_| request.uri().path().starts_with("/api/v1/"))
        .map(app::security::token::digest);
    let Some(token) = token else {
        return next.run(request).await;
    };
    let limiter = &state.api_limiter;
    match limiter.take(&token) {
        Ok(left) => {
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert(
                "ratelimit-limit",
                HeaderValue::from(limiter.limit.allowance()),
            );
            headers.insert("ratelimit-remaining", HeaderValue::from(left));
            response
        }
        Err(wait) => {
            let seconds = app::domain::rate_limit::RetryAfter(wait).seconds();
            Problem {
                retry_after: Some(seconds),
                ..Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    format!(
                        "this token may make {} requests a minute: retry in {seconds} s",
                        limiter.limit.allowance()
                    ),
                )
            }
            .into_response()
        }
    }
}
