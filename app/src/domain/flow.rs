//! Flow of work through the boards: how long items have been in progress.
//! Day counts follow the Kanban Guide: an item started and finished (or looked
//! at) on the same calendar day is one day old.

use chrono::{DateTime, Utc};

/// Calendar days from `started` to `now`, counting both ends (UTC days).
pub fn age_in_days(started: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now.date_naive() - started.date_naive()).num_days().max(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn age_counts_calendar_days_including_the_first() {
        let cases = [
            ("2026-11-22T08:00:00Z", "2026-11-22T08:01:00Z", 1), // same minute-ish: 1 day
            ("2026-11-22T23:59:00Z", "2026-11-23T00:01:00Z", 2), // crossed midnight
            ("2026-11-01T12:00:00Z", "2026-11-22T12:00:00Z", 22),
            // A start stamped after "now" (clock skew) is not a negative age.
            ("2026-11-23T00:00:00Z", "2026-11-22T00:00:00Z", 1),
        ];
        for (started, now, days) in cases {
            assert_eq!(age_in_days(at(started), at(now)), days, "{started} → {now}");
        }
    }
}
