//! How fast one API token may call: a bucket holding a minute's allowance that
//! refills steadily, so a client may burst up to the allowance and then goes at
//! the steady rate. Pure: the caller keeps the [`Bucket`] and passes the time.

use std::time::Duration;

/// Requests a token may make per minute (and in one burst).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    per_minute: u32,
}

impl RateLimit {
    /// `None` for zero: a limit that refuses everything is a mistake.
    pub fn per_minute(per_minute: u32) -> Option<RateLimit> {
        (per_minute > 0).then_some(RateLimit { per_minute })
    }

    pub fn allowance(self) -> u32 {
        self.per_minute
    }

    fn seconds_per_request(self) -> f64 {
        60.0 / f64::from(self.per_minute)
    }
}

/// What is left of one token's allowance, as of `at` (time since any fixed
/// origin the caller keeps: a monotonic clock's start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    requests: f64,
    at: Duration,
}

/// A request refused: the earliest a retry can succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, rounded up, as `Retry-After` says it (at least 1).
    pub fn seconds(self) -> u64 {
        self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)
    }
}

impl Bucket {
    pub fn full(limit: RateLimit, now: Duration) -> Bucket {
        Bucket {
            requests: f64::from(limit.per_minute),
            at: now,
        }
    }

    /// Takes one request from the bucket, refilled up to `now`: the requests
    /// left after it, or how long until one is back.
    pub fn take(&mut self, limit: RateLimit, now: Duration) -> Result<u32, RetryAfter> {
        self.refill(limit, now);
        if self.requests >= 1.0 {
            self.requests -= 1.0;
            // Whole requests left; the fraction is still refilling.
            Ok(self.requests as u32)
        } else {
            let missing = 1.0 - self.requests;
            Err(RetryAfter(Duration::from_secs_f64(
                missing * limit.seconds_per_request(),
            )))
        }
    }

    /// Whether the bucket is full again by `now` (so forgetting it changes nothing).
    pub fn is_full(&self, limit: RateLimit, now: Duration) -> bool {
        let mut refilled = *self;
        refilled.refill(limit, now);
        refilled.requests >= f64::from(limit.per_minute)
    }

    fn refill(&mut self, limit: RateLimit, now: Duration) {
        // A clock that went backwards refills nothing.
        let elapsed = now.saturating_sub(self.at).as_secs_f64();
        self.requests = (self.requests + elapsed / limit.seconds_per_request())
            .min(f64::from(limit.per_minute));
        self.at = self.at.max(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn a_burst_of_the_allowance_passes_and_the_next_request_waits_for_the_refill() {
        let limit = RateLimit::per_minute(60).unwrap();
        let mut bucket = Bucket::full(limit, seconds(0.0));
        for left in (0..60).rev() {
            assert_eq!(bucket.take(limit, seconds(0.0)), Ok(left));
        }
        let refused = bucket.take(limit, seconds(0.0)).unwrap_err();
        assert_eq!(refused.seconds(), 1);
        assert!((refused.0.as_secs_f64() - 1.0).abs() < 1e-9);
        // Half a second later, half a request is back: wait the other half.
        let refused = bucket.take(limit, seconds(0.5)).unwrap_err();
        assert!((refused.0.as_secs_f64() - 0.5).abs() < 1e-9);
        assert_eq!(refused.seconds(), 1);
        assert_eq!(bucket.take(limit, seconds(1.0)), Ok(0));
    }

    #[test]
    fn the_bucket_refills_at_the_steady_rate_and_never_beyond_the_allowance() {
        let limit = RateLimit::per_minute(120).unwrap();
        let mut bucket = Bucket::full(limit, seconds(0.0));
        for _ in 0..120 {
            bucket.take(limit, seconds(0.0)).unwrap();
        }
        // Two a second come back.
        assert_eq!(bucket.take(limit, seconds(5.0)), Ok(9));
        assert!(!bucket.is_full(limit, seconds(30.0)));
        assert!(bucket.is_full(limit, seconds(3600.0)));
        assert_eq!(bucket.take(limit, seconds(3600.0)), Ok(119));
    }

    #[test]
    fn a_clock_that_goes_backwards_refills_nothing() {
        let limit = RateLimit::per_minute(1).unwrap();
        let mut bucket = Bucket::full(limit, seconds(100.0));
        assert_eq!(bucket.take(limit, seconds(100.0)), Ok(0));
        assert!(bucket.take(limit, seconds(50.0)).is_err());
        assert!(bucket.take(limit, seconds(159.0)).is_err());
        assert_eq!(bucket.take(limit, seconds(160.0)), Ok(0));
    }

    #[test]
    fn a_limit_of_zero_is_refused_as_a_mistake() {
        assert_eq!(RateLimit::per_minute(0), None);
        assert_eq!(RateLimit::per_minute(5).map(RateLimit::allowance), Some(5));
    }
}
