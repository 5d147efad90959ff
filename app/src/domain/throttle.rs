//! Slowing down and then refusing repeated failed sign-ins, per account and per
//! client address. Pure: the caller stores the [`Attempts`] and passes `now`.

use chrono::{DateTime, Duration, Utc};

/// Failures are forgotten this long after the last one.
pub const FORGET_AFTER: Duration = Duration::minutes(15);
/// Failures allowed before each further attempt must wait.
pub const FREE_FAILURES: u32 = 3;
/// Failures after which the key is locked for [`LOCKOUT`].
pub const LOCK_AFTER: u32 = 10;
pub const LOCKOUT: Duration = Duration::minutes(15);

/// Failed sign-ins recorded for one key (an account or an address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    pub failures: u32,
    pub last_failure_at: DateTime<Utc>,
}

/// Why a sign-in attempt is refused before the password is even checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too soon after the last failure; retry after this many seconds.
    SlowDown { retry_after_seconds: i64 },
    /// Too many failures; locked until the lockout ends.
    Locked { retry_after_seconds: i64 },
}

impl Refusal {
    pub fn retry_after_seconds(self) -> i64 {
        match self {
            Refusal::SlowDown {
                retry_after_seconds,
            }
            | Refusal::Locked {
                retry_after_seconds,
            } => retry_after_seconds,
        }
    }

    pub fn message(self) -> String {
        match self {
            Refusal::SlowDown {
                retry_after_seconds,
            } => format!(
                "Too many failed sign-ins: wait {retry_after_seconds} s before trying again."
            ),
            Refusal::Locked {
                retry_after_seconds,
            } => format!(
                "Sign-in is locked after repeated failures: try again in {} min.",
                (retry_after_seconds + 59) / 60
            ),
        }
    }
}

impl Attempts {
    /// Whether an attempt may go ahead now.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        let since = now - self.last_failure_at;
        if since >= FORGET_AFTER.max(LOCKOUT) {
            return Ok(());
        }
        if self.failures >= LOCK_AFTER {
            let wait = LOCKOUT - since;
            return if wait > Duration::zero() {
                Err(Refusal::Locked {
                    retry_after_seconds: ceil_seconds(wait),
                })
            } else {
                Ok(())
            };
        }
        let wait = delay_after(self.failures) - since;
        if wait > Duration::zero() {
            Err(Refusal::SlowDown {
                retry_after_seconds: ceil_seconds(wait),
            })
        } else {
            Ok(())
        }
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(previous: Option<Attempts>, now: DateTime<Utc>) -> Attempts {
        let failures = match previous {
            Some(p) if now - p.last_failure_at < FORGET_AFTER.max(LOCKOUT) => p.failures + 1,
            _ => 1,
        };
        Attempts {
            failures,
            last_failure_at: now,
        }
    }
}

/// Wait required after `failures` failures: none for the first few, then doubling
/// from 2 s (2, 4, 8, ... capped at 60 s).
fn delay_after(failures: u32) -> Duration {
    if failures <= FREE_FAILURES {
        return Duration::zero();
    }
    let exponent = (failures - FREE_FAILURES).min(6);
    Duration::seconds((1i64 << exponent).min(60))
}

fn ceil_seconds(duration: Duration) -> i64 {
    let millis = duration.num_milliseconds();
    (millis + 999) / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn failures(count: u32, last_at: i64) -> Attempts {
        Attempts {
            failures: count,
            last_failure_at: at(last_at),
        }
    }

    #[test]
    fn the_first_failures_cost_nothing_then_each_waits_longer() {
        let cases = [
            (1, 0, Ok(())),
            (3, 0, Ok(())),
            (
                4,
                0,
                Err(Refusal::SlowDown {
                    retry_after_seconds: 2,
                }),
            ),
            (4, 2, Ok(())),
            (
                5,
                1,
                Err(Refusal::SlowDown {
                    retry_after_seconds: 3,
                }),
            ),
            (
                9,
                0,
                Err(Refusal::SlowDown {
                    retry_after_seconds: 60,
                }),
            ),
        ];
        for (count, elapsed, expected) in cases {
            assert_eq!(
                failures(count, 0).check(at(elapsed)),
                expected,
                "{count} after {elapsed}s"
            );
        }
    }

    #[test]
    fn ten_failures_lock_for_fifteen_minutes() {
        let locked = failures(LOCK_AFTER, 0);
        assert_eq!(
            locked.check(at(60)),
            Err(Refusal::Locked {
                retry_after_seconds: 840
            })
        );
        assert_eq!(locked.check(at(15 * 60)), Ok(()));
        assert_eq!(
            Refusal::Locked {
                retry_after_seconds: 840
            }
            .message(),
            "Sign-in is locked after repeated failures: try again in 14 min."
        );
    }

    #[test]
    fn failures_are_counted_and_forgotten_after_a_quiet_period() {
        let first = Attempts::after_failure(None, at(0));
        assert_eq!(first.failures, 1);
        let second = Attempts::after_failure(Some(first), at(10));
        assert_eq!(second, failures(2, 10));
        let much_later = Attempts::after_failure(Some(failures(9, 0)), at(16 * 60));
        assert_eq!(much_later.failures, 1);
    }
}
