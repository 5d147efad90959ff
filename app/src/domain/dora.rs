//! The four keys of software delivery performance (DORA), computed from the
//! deployments and incidents teams send, and classified Elite / High / Medium / Low.
//!
//! Definitions (also in README and on the page):
//! - **Deployment frequency**: successful deployments to production in the range,
//!   per day.
//! - **Lead time for changes**: for every commit in a successful production
//!   deployment in the range, deployed at − committed at; median and 85th
//!   percentile (nearest rank).
//! - **Change failure rate**: production deployments in the range that failed or
//!   caused an incident ÷ all production deployments in the range.
//! - **Time to restore**: for incidents that started in the range and have ended,
//!   ended − started; the median.
//!
//! Bands follow the software delivery performance clusters of DORA's Accelerate
//! State of DevOps Report 2023 (dora.dev/research), made contiguous where the
//! report's ranges leave gaps (each band runs up to the next one's edge):
//!
//! | key | Elite | High | Medium | Low |
//! |---|---|---|---|---|
//! | deployment frequency | ≥ 1 a day (on demand) | ≥ 1 a week | ≥ 1 a month | less |
//! | lead time for changes (median) | < 1 day | < 1 week | < 1 month | longer |
//! | change failure rate | ≤ 5 % | ≤ 10 % | ≤ 15 % | higher |
//! | time to restore (median) | < 1 hour | < 1 day | < 1 week | longer |

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::flow::{percentile, DayRange};
use super::labels::labelled_enum;
use uuid::Uuid;

labelled_enum! {
    /// How a deployment ended.
    DeploymentStatus, "deployment status" {
        Success => ("success", "Success"),
        Failure => ("failure", "Failure"),
    }
}

labelled_enum! {
    /// A DORA performance band.
    Band, "band" {
        Elite => ("elite", "Elite"),
        High => ("high", "High"),
        Medium => ("medium", "Medium"),
        Low => ("low", "Low"),
    }
}

/// How a key moved between two windows, judged by its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trend {
    Better,
    Steady,
    Worse,
    /// One of the windows had nothing to measure.
    Unknown,
}

impl Trend {
    pub fn between(before: Option<Key>, now: Option<Key>) -> Trend {
        let rank = |band: Band| Band::ALL.iter().position(|b| *b == band);
        match (before.map(|k| rank(k.band)), now.map(|k| rank(k.band))) {
            (Some(before), Some(now)) if now < before => Trend::Better,
            (Some(before), Some(now)) if now > before => Trend::Worse,
            (Some(_), Some(_)) => Trend::Steady,
            _ => Trend::Unknown,
        }
    }

    /// An arrow and its words, for screens and screen readers.
    pub fn symbol(self) -> (&'static str, &'static str) {
        match self {
            Trend::Better => ("↑", "better than the 30 days before"),
            Trend::Steady => ("→", "the same band as the 30 days before"),
            Trend::Worse => ("↓", "worse than the 30 days before"),
            Trend::Unknown => ("", "nothing to compare with"),
        }
    }
}

/// The environment whose deployments count.
pub const PRODUCTION: &str = "production";

/// The environments a sender's name is matched against (any case, around spaces),
/// each with the other names pipelines give it.
pub const ENVIRONMENTS: &[(&str, &[&str])] = &[
    (PRODUCTION, &["prod", "prd", "live"]),
    ("staging", &["stage", "stg", "preprod", "pre-production"]),
    ("test", &["testing", "qa", "uat"]),
    ("development", &["dev"]),
];

/// A deployment's environment as sent, by its known name: `Ok` with it, or `Err`
/// with the name as sent (trimmed, in lower case) when it is none of
/// [`ENVIRONMENTS`], for the sender to hear about.
pub fn environment(sent: &str) -> Result<&'static str, String> {
    let sent = sent.trim().to_lowercase();
    ENVIRONMENTS
        .iter()
        .find(|(name, aliases)| *name == sent || aliases.contains(&sent.as_str()))
        .map(|(name, _)| *name)
        .ok_or(sent)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub id: String,
    pub environment: String,
    pub at: DateTime<Utc>,
    pub status: DeploymentStatus,
    /// When each commit it shipped was made.
    pub commits: Vec<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: String,
    pub started: DateTime<Utc>,
    pub ended: Option<DateTime<Utc>>,
    /// The deployment that caused it, when known.
    pub caused_by: Option<String>,
}

/// One key's value and band; `None` when the range has nothing to measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Key {
    pub value: f64,
    pub band: Band,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FourKeys {
    /// Successful production deployments per day.
    pub deployment_frequency: Option<Key>,
    /// Median lead time for changes, in hours; `lead_time_p85_hours` beside it.
    pub lead_time_hours: Option<Key>,
    pub lead_time_p85_hours: Option<f64>,
    /// Share of production deployments that failed or caused an incident, 0..1.
    pub change_failure_rate: Option<Key>,
    /// Median time to restore, in hours.
    pub time_to_restore_hours: Option<Key>,
    pub deployments: u32,
    pub incidents: u32,
}

const DAY_HOURS: f64 = 24.0;

pub fn frequency_band(per_day: f64) -> Band {
    if per_day >= 1.0 {
        Band::Elite
    } else if per_day >= 1.0 / 7.0 {
        Band::High
    } else if per_day >= 1.0 / 30.0 {
        Band::Medium
    } else {
        Band::Low
    }
}

pub fn lead_time_band(hours: f64) -> Band {
    if hours < DAY_HOURS {
        Band::Elite
    } else if hours < 7.0 * DAY_HOURS {
        Band::High
    } else if hours < 30.0 * DAY_HOURS {
        Band::Medium
    } else {
        Band::Low
    }
}

pub fn failure_rate_band(rate: f64) -> Band {
    if rate <= 0.05 {
        Band::Elite
    } else if rate <= 0.10 {
        Band::High
    } else if rate <= 0.15 {
        Band::Medium
    } else {
        Band::Low
    }
}

pub fn restore_band(hours: f64) -> Band {
    if hours < 1.0 {
        Band::Elite
    } else if hours < DAY_HOURS {
        Band::High
    } else if hours < 7.0 * DAY_HOURS {
        Band::Medium
    } else {
        Band::Low
    }
}

/// Median and 85th percentile of durations, in hours (nearest rank, to the minute).
fn hours(mut durations: Vec<Duration>) -> Option<(f64, f64)> {
    durations.sort_unstable();
    let minutes: Vec<i64> = durations.iter().map(|d| d.num_minutes()).collect();
    Some((
        percentile(&minutes, 50)? as f64 / 60.0,
        percentile(&minutes, 85)? as f64 / 60.0,
    ))
}

/// The four keys over `range` (the days' deployments and the incidents that
/// started in it).
pub fn four_keys(deployments: &[Deployment], incidents: &[Incident], range: DayRange) -> FourKeys {
    let in_range = |at: DateTime<Utc>| range.contains(at.date_naive());
    let production: Vec<&Deployment> = deployments
        .iter()
        .filter(|d| d.environment == PRODUCTION && in_range(d.at))
        .collect();
    let succeeded: Vec<&&Deployment> = production
        .iter()
        .filter(|d| d.status == DeploymentStatus::Success)
        .collect();
    let days = range.days().count().max(1) as f64;

    let deployment_frequency = (!production.is_empty()).then(|| {
        let per_day = succeeded.len() as f64 / days;
        Key {
            value: per_day,
            band: frequency_band(per_day),
        }
    });

    let lead_times = succeeded
        .iter()
        .flat_map(|d| d.commits.iter().map(move |commit| d.at - *commit))
        .collect();
    let lead = hours(lead_times);

    let failed = production
        .iter()
        .filter(|d| {
            d.status == DeploymentStatus::Failure
                || incidents
                    .iter()
                    .any(|i| i.caused_by.as_deref() == Some(d.id.as_str()))
        })
        .count();
    let change_failure_rate = (!production.is_empty()).then(|| {
        let rate = failed as f64 / production.len() as f64;
        Key {
            value: rate,
            band: failure_rate_band(rate),
        }
    });

    let in_range_incidents: Vec<&Incident> =
        incidents.iter().filter(|i| in_range(i.started)).collect();
    let restore = hours(
        in_range_incidents
            .iter()
            .filter_map(|i| Some(i.ended? - i.started))
            .collect(),
    );

    FourKeys {
        deployment_frequency,
        lead_time_hours: lead.map(|(median, _)| Key {
            value: median,
            band: lead_time_band(median),
        }),
        lead_time_p85_hours: lead.map(|(_, p85)| p85),
        change_failure_rate,
        time_to_restore_hours: restore.map(|(median, _)| Key {
            value: median,
            band: restore_band(median),
        }),
        deployments: production.len() as u32,
        incidents: in_range_incidents.len() as u32,
    }
}

/// A time as a machine sends it (RFC 3339), at most a day ahead of `now`.
pub fn parse_time(what: &str, raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let at = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| format!("{what} “{raw}” is not a timestamp like 2026-11-22T09:30:00Z"))?
        .with_timezone(&Utc);
    if at > now + Duration::days(1) {
        return Err(format!("{what} {raw} is more than a day in the future"));
    }
    Ok(at)
}

/// An incident must not end before it starts.
pub fn check_incident(started: DateTime<Utc>, ended: Option<DateTime<Utc>>) -> Result<(), String> {
    match ended {
        Some(ended) if ended < started => Err(format!(
            "the incident ends ({ended}) before it starts ({started}): check the sender's clock"
        )),
        _ => Ok(()),
    }
}

/// A commit made after the deployment that shipped it is a clock error.
pub fn check_deployment(at: DateTime<Utc>, commits: &[DateTime<Utc>]) -> Result<(), String> {
    match commits.iter().find(|c| **c > at) {
        Some(commit) => Err(format!(
            "a commit ({commit}) is dated after its deployment ({at}): check the sender's clock"
        )),
        None => Ok(()),
    }
}

/// A team's four keys now and over the window before, for their trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamKeys {
    pub team: crate::domain::NamedRef,
    /// The team's board, whose metrics page shows the keys in full.
    pub board_id: Uuid,
    pub keys: crate::domain::dora::FourKeys,
    pub previous: crate::domain::dora::FourKeys,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_are_matched_by_name_or_alias_in_any_case() {
        assert_eq!(environment("production"), Ok(PRODUCTION));
        assert_eq!(environment(" Prod "), Ok(PRODUCTION));
        assert_eq!(environment("PRD"), Ok(PRODUCTION));
        assert_eq!(environment("Staging"), Ok("staging"));
        assert_eq!(environment("qa"), Ok("test"));
        assert_eq!(environment("Prodution"), Err("prodution".to_owned()));
    }
    use chrono::NaiveDate;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn deploy(id: &str, when: &str, status: DeploymentStatus, commits: &[&str]) -> Deployment {
        Deployment {
            id: id.into(),
            environment: PRODUCTION.into(),
            at: at(when),
            status,
            commits: commits.iter().map(|c| at(c)).collect(),
        }
    }

    fn range(first: u32, last: u32) -> DayRange {
        DayRange {
            first: NaiveDate::from_ymd_opt(2026, 11, first).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 11, last).unwrap(),
        }
    }

    /// Ten days, 2026-11-01 .. 11-10, worked out by hand:
    /// - d1 11-02 12:00 success, commits at 10:00 and 11:00 (lead 2 h, 1 h)
    /// - d2 11-04 12:00 success, commit 11-03 12:00 (24 h); caused incident i1
    /// - d3 11-06 12:00 failure, commit 11-06 06:00 (not counted: failed)
    /// - d4 11-08 12:00 success, commits 11-08 08:00 and 11-07 12:00 (4 h, 24 h)
    /// - s1 11-09 to staging: ignored
    /// - d0 10-30 (before the range): ignored
    ///
    /// Production deploys in range: 4, successful: 3 → 0.3 a day → High (≥ 1/7).
    /// Lead times sorted 1, 2, 4, 24, 24 h → median rank 3 = 4 h (Elite < 1 day),
    /// p85 rank ⌈4.25⌉ = 5 = 24 h.
    /// Failures: d3 failed, d2 caused i1 → 2 of 4 = 50 % → Low.
    /// Incidents started in range: i1 (30 min), i2 (3 h), i3 (open) → restore median
    /// of 30 min and 3 h: rank ⌈1⌉ = 30 min → 0.5 h, Elite.
    #[test]
    fn the_four_keys_of_ten_days() {
        use DeploymentStatus::{Failure, Success};
        let deployments = [
            deploy(
                "d0",
                "2026-10-30T12:00:00Z",
                Success,
                &["2026-10-30T11:00:00Z"],
            ),
            deploy(
                "d1",
                "2026-11-02T12:00:00Z",
                Success,
                &["2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z"],
            ),
            deploy(
                "d2",
                "2026-11-04T12:00:00Z",
                Success,
                &["2026-11-03T12:00:00Z"],
            ),
            deploy(
                "d3",
                "2026-11-06T12:00:00Z",
                Failure,
                &["2026-11-06T06:00:00Z"],
            ),
            deploy(
                "d4",
                "2026-11-08T12:00:00Z",
                Success,
                &["2026-11-08T08:00:00Z", "2026-11-07T12:00:00Z"],
            ),
            Deployment {
                environment: "staging".into(),
                ..deploy("s1", "2026-11-09T12:00:00Z", Success, &[])
            },
        ];
        let incidents = [
            Incident {
                id: "i1".into(),
                started: at("2026-11-04T13:00:00Z"),
                ended: Some(at("2026-11-04T13:30:00Z")),
                caused_by: Some("d2".into()),
            },
            Incident {
                id: "i2".into(),
                started: at("2026-11-07T00:00:00Z"),
                ended: Some(at("2026-11-07T03:00:00Z")),
                caused_by: None,
            },
            Incident {
                id: "i3".into(),
                started: at("2026-11-10T09:00:00Z"),
                ended: None,
                caused_by: None,
            },
        ];
        let keys = four_keys(&deployments, &incidents, range(1, 10));
        assert_eq!(keys.deployments, 4);
        assert_eq!(keys.incidents, 3);
        let frequency = keys.deployment_frequency.unwrap();
        assert!((frequency.value - 0.3).abs() < 1e-9);
        assert_eq!(frequency.band, Band::High);
        assert_eq!(
            keys.lead_time_hours,
            Some(Key {
                value: 4.0,
                band: Band::Elite
            })
        );
        assert_eq!(keys.lead_time_p85_hours, Some(24.0));
        assert_eq!(
            keys.change_failure_rate,
            Some(Key {
                value: 0.5,
                band: Band::Low
            })
        );
        assert_eq!(
            keys.time_to_restore_hours,
            Some(Key {
                value: 0.5,
                band: Band::Elite
            })
        );
    }

    #[test]
    fn an_empty_range_has_no_keys_rather_than_zeros() {
        let keys = four_keys(&[], &[], range(1, 10));
        assert_eq!(keys.deployment_frequency, None);
        assert_eq!(keys.lead_time_hours, None);
        assert_eq!(keys.change_failure_rate, None);
        assert_eq!(keys.time_to_restore_hours, None);
    }

    #[test]
    fn each_band_starts_where_the_table_says() {
        let cases = [
            (frequency_band(1.0), Band::Elite),
            (frequency_band(0.99), Band::High),
            (frequency_band(1.0 / 7.0), Band::High),
            (frequency_band(1.0 / 30.0), Band::Medium),
            (frequency_band(0.03), Band::Low),
            (lead_time_band(23.9), Band::Elite),
            (lead_time_band(24.0), Band::High),
            (lead_time_band(168.0), Band::Medium),
            (lead_time_band(720.0), Band::Low),
            (failure_rate_band(0.05), Band::Elite),
            (failure_rate_band(0.06), Band::High),
            (failure_rate_band(0.15), Band::Medium),
            (failure_rate_band(0.16), Band::Low),
            (restore_band(0.9), Band::Elite),
            (restore_band(1.0), Band::High),
            (restore_band(24.0), Band::Medium),
            (restore_band(168.0), Band::Low),
        ];
        for (i, (got, expected)) in cases.into_iter().enumerate() {
            assert_eq!(got, expected, "case {i}");
        }
    }

    #[test]
    fn times_are_rfc_3339_and_not_far_ahead() {
        let now = at("2026-11-22T12:00:00Z");
        assert_eq!(
            parse_time("deployed_at", "2026-11-22T09:30:00+01:00", now),
            Ok(at("2026-11-22T08:30:00Z"))
        );
        assert!(parse_time("deployed_at", "2026-11-23T11:59:00Z", now).is_ok());
        assert!(parse_time("deployed_at", "2026-11-23T12:01:00Z", now).is_err());
        assert!(parse_time("deployed_at", "yesterday", now)
            .unwrap_err()
            .contains("deployed_at"));
    }

    #[test]
    fn a_trend_compares_bands() {
        let key = |band| Some(Key { value: 1.0, band });
        assert_eq!(
            Trend::between(key(Band::Medium), key(Band::High)),
            Trend::Better
        );
        assert_eq!(
            Trend::between(key(Band::Elite), key(Band::Low)),
            Trend::Worse
        );
        assert_eq!(
            Trend::between(key(Band::High), key(Band::High)),
            Trend::Steady
        );
        assert_eq!(Trend::between(None, key(Band::High)), Trend::Unknown);
    }

    #[test]
    fn clock_skew_is_refused() {
        let t = at("2026-11-04T12:00:00Z");
        assert!(check_incident(t, Some(t - Duration::minutes(1))).is_err());
        assert!(check_incident(t, Some(t)).is_ok(), "same minute is fine");
        assert!(check_incident(t, None).is_ok());
        assert!(check_deployment(t, &[t + Duration::seconds(1)]).is_err());
        assert!(check_deployment(t, &[t, t - Duration::hours(1)]).is_ok());
    }
}
