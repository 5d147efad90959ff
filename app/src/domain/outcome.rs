//! Outcome metrics: how far a metric has moved from its baseline towards its target,
//! and whether it is on track for the target date. Works the same for metrics that
//! should go down (target below baseline); a target equal to the baseline, and a
//! metric never measured, are states of their own rather than a division by zero.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::hierarchy::{ChainLink, ItemRef};
use super::labels::labelled_enum;
use super::planning::FieldError;
use uuid::Uuid;

labelled_enum! {
    /// Which way a metric should move.
    Direction, "direction" {
        Increase => ("increase", "Increase"),
        Decrease => ("decrease", "Decrease"),
    }
}

/// Where a metric starts and where, by when, it should get.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub direction: Direction,
    pub baseline: f64,
    pub baseline_date: NaiveDate,
    pub target: f64,
    pub target_date: NaiveDate,
}

/// How far the current value has come from the baseline towards the target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    /// Nothing measured yet.
    NotMeasured,
    /// The target is the baseline (hold the line): met or not.
    Hold { met: bool },
    /// `raw` = (current − baseline) / (target − baseline): 1.0 is the target,
    /// below 0 went the wrong way, above 1 overshot.
    Ratio { raw: f64 },
}

impl Progress {
    /// The share to draw on a bar, 0 to 100.
    pub fn display_percent(self) -> u8 {
        match self {
            Progress::NotMeasured => 0,
            Progress::Hold { met } => {
                if met {
                    100
                } else {
                    0
                }
            }
            Progress::Ratio { raw } => (raw.clamp(0.0, 1.0) * 100.0).round() as u8,
        }
    }
}

/// Whether a metric is where a straight line from baseline to target says it
/// should be by now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    NotMeasured,
    OnTrack,
    /// Behind the line by less than [`AT_RISK_MARGIN`].
    AtRisk,
    OffTrack,
}

impl Status {
    /// A stable name for styles and tests.
    pub fn key(self) -> &'static str {
        match self {
            Status::NotMeasured => "not_measured",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotMeasured => "Not measured",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
        }
    }
}

/// The largest magnitude of a metric's values (baseline, target, measurements):
/// far past any real figure, and small enough that differences, ratios and chart
/// scales of such values stay finite.
pub const VALUE_MAX: f64 = 1e15;

/// The furthest a progress ratio goes either way: a value a billion times the
/// distance to its target is shown as that, not as infinity.
pub const RATIO_LIMIT: f64 = 1e9;

/// How far behind the expected progress a metric may be and still be "at risk"
/// rather than "off track": a tenth of the way from baseline to target.
pub const AT_RISK_MARGIN: f64 = 0.1;

impl Goal {
    pub fn progress(&self, current: Option<f64>) -> Progress {
        let Some(current) = current else {
            return Progress::NotMeasured;
        };
        let span = self.target - self.baseline;
        if span == 0.0 {
            let met = match self.direction {
                Direction::Increase => current >= self.target,
                Direction::Decrease => current <= self.target,
            };
            return Progress::Hold { met };
        }
        // A span of a few units in the last place divides into a huge number.
        Progress::Ratio {
            raw: ((current - self.baseline) / span).clamp(-RATIO_LIMIT, RATIO_LIMIT),
        }
    }

    /// The progress a straight line from the baseline date to the target date
    /// expects on `today`: 0 before the baseline date, 1 from the target date.
    pub fn expected(&self, today: NaiveDate) -> f64 {
        let total = (self.target_date - self.baseline_date).num_days();
        if total <= 0 {
            return 1.0;
        }
        let elapsed = (today - self.baseline_date).num_days();
        (elapsed as f64 / total as f64).clamp(0.0, 1.0)
    }

    pub fn status(&self, current: Option<f64>, today: NaiveDate) -> Status {
        match self.progress(current) {
            Progress::NotMeasured => Status::NotMeasured,
            Progress::Hold { met: true } => Status::OnTrack,
            Progress::Hold { met: false } => Status::OffTrack,
            Progress::Ratio { raw } => {
                let expected = self.expected(today);
                if raw >= expected {
                    Status::OnTrack
                } else if raw >= expected - AT_RISK_MARGIN {
                    Status::AtRisk
                } else {
                    Status::OffTrack
                }
            }
        }
    }

    /// A goal must point the way its direction says and end after it starts.
    pub fn check(&self) -> Result<(), String> {
        if !(self.baseline.is_finite() && self.target.is_finite()) {
            return Err("baseline and target must be numbers".into());
        }
        if self.target_date <= self.baseline_date {
            return Err("the target date must come after the baseline date".into());
        }
        let wrong_way = match self.direction {
            Direction::Increase => self.target < self.baseline,
            Direction::Decrease => self.target > self.baseline,
        };
        if wrong_way {
            return Err(format!(
                "a metric that should {} needs a target {} its baseline",
                self.direction.key(),
                match self.direction {
                    Direction::Increase => "at or above",
                    Direction::Decrease => "at or below",
                }
            ));
        }
        Ok(())
    }
}

/// A metric as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricForm {
    pub name: String,
    pub description: String,
    pub unit: String,
    pub direction: String,
    pub baseline: String,
    pub baseline_date: String,
    pub target: String,
    pub target_date: String,
    /// A checkbox: present when ticked.
    pub leading: String,
    pub owner: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricDraft {
    pub name: String,
    pub description: String,
    pub unit: String,
    pub goal: Goal,
    pub leading: bool,
    pub owner: Option<String>,
}

impl MetricForm {
    pub fn validate(&self) -> Result<MetricDraft, FieldError> {
        use super::planning::{optional_name, text};
        let refuse = |field, message: String| FieldError { field, message };
        let number = |field, raw: &str| parse_value(raw).map_err(|message| refuse(field, message));
        let day = |field, raw: &str| {
            NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
                refuse(
                    field,
                    format!("“{}” is not a date like 2026-11-22", raw.trim()),
                )
            })
        };
        let name = optional_name("name", &self.name)?
            .ok_or_else(|| refuse("name", "a metric needs a name".into()))?;
        let direction: Direction = self
            .direction
            .trim()
            .parse()
            .map_err(|e: super::UnknownValue| refuse("direction", e.to_string()))?;
        let goal = Goal {
            direction,
            baseline: number("baseline", &self.baseline)?,
            baseline_date: day("baseline_date", &self.baseline_date)?,
            target: number("target", &self.target)?,
            target_date: day("target_date", &self.target_date)?,
        };
        if goal.target_date <= goal.baseline_date {
            return Err(refuse(
                "target_date",
                "the target date must come after the baseline date".into(),
            ));
        }
        goal.check().map_err(|message| refuse("target", message))?;
        Ok(MetricDraft {
            name,
            description: text("description", &self.description)?,
            unit: optional_name("unit", &self.unit)?.unwrap_or_default(),
            goal,
            leading: !self.leading.trim().is_empty(),
            owner: optional_name("owner", &self.owner)?,
        })
    }
}

/// Why a measurement is refused at ingestion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasurementError {
    #[error("the value must be a finite number")]
    NotFinite,
    #[error("the value must lie between -{VALUE_MAX:e} and {VALUE_MAX:e}")]
    OutOfRange,
    #[error("“{0}” is not a timestamp like 2026-11-22T09:30:00Z")]
    BadTimestamp(String),
    #[error("{0} is more than a day in the future")]
    InTheFuture(String),
}

/// A metric's value as a person types it: a finite number within [`VALUE_MAX`].
fn parse_value(raw: &str) -> Result<f64, String> {
    let raw = raw.trim();
    let value = raw
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("“{raw}” is not a number"))?;
    if value.abs() > VALUE_MAX {
        return Err(MeasurementError::OutOfRange.to_string());
    }
    Ok(value)
}

/// Checks a measurement as a machine sends it; answers its time.
pub fn check_measurement(
    value: f64,
    measured_at: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, MeasurementError> {
    if !value.is_finite() {
        return Err(MeasurementError::NotFinite);
    }
    if value.abs() > VALUE_MAX {
        return Err(MeasurementError::OutOfRange);
    }
    let at = DateTime::parse_from_rfc3339(measured_at.trim())
        .map_err(|_| MeasurementError::BadTimestamp(measured_at.to_owned()))?
        .with_timezone(&Utc);
    check_not_future(at, measured_at, now)
}

fn check_not_future(
    at: DateTime<Utc>,
    as_written: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, MeasurementError> {
    if at > now + Duration::days(1) {
        return Err(MeasurementError::InTheFuture(as_written.to_owned()));
    }
    Ok(at)
}

/// A measurement as a person types it: a number, and when (a day, a browser's
/// date and time, or a full timestamp; all UTC; empty means now).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasurementForm {
    pub value: String,
    pub measured_at: String,
}

impl MeasurementForm {
    /// The value and its time, or the field that is wrong and why.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(f64, DateTime<Utc>), FieldError> {
        let value = parse_value(&self.value).map_err(|message| FieldError {
            field: "value",
            message,
        })?;
        let written = self.measured_at.trim();
        let refuse = |error: MeasurementError| FieldError {
            field: "measured_at",
            message: error.to_string(),
        };
        if written.is_empty() {
            return Ok((value, now));
        }
        let at = NaiveDate::parse_from_str(written, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .or_else(|| {
                ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
                    .into_iter()
                    .find_map(|format| chrono::NaiveDateTime::parse_from_str(written, format).ok())
            })
            .map(|local| local.and_utc());
        let at = match at {
            Some(at) => at,
            None => DateTime::parse_from_rfc3339(written)
                .map_err(|_| refuse(MeasurementError::BadTimestamp(written.to_owned())))?
                .with_timezone(&Utc),
        };
        let at = check_not_future(at, written, now).map_err(refuse)?;
        Ok((value, at))
    }
}

/// A measurement corrected (`new`: its value and time now) or deleted, by whom
/// (`None` once their account is gone) and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementChange {
    pub who: Option<String>,
    pub old_value: f64,
    pub old_measured_at: DateTime<Utc>,
    pub new: Option<(f64, DateTime<Utc>)>,
    pub at: DateTime<Utc>,
}

/// Whether `value` lies far outside a metric's measurements so far: beyond their
/// range by more than the range's width, or by half their largest magnitude when
/// that is more (so a flat history is not judged by a width of zero). Answers the
/// range it is judged against. Two measurements at least make a history.
pub fn far_outside(value: f64, history: &[f64]) -> Option<(f64, f64)> {
    if history.len() < 2 {
        return None;
    }
    let low = history.iter().copied().fold(f64::INFINITY, f64::min);
    let high = history.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let margin = (high - low).max(low.abs().max(high.abs()) * 0.5);
    (value > high + margin || value < low - margin).then_some((low, high))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub leading: bool,
    pub owner: Option<String>,
    /// `None` for a metric without baseline and target dates.
    pub progress: Option<Progress>,
    pub status: Option<Status>,
    pub version: i32,
}

/// An item that claims to move a metric, as a link to its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkedItem {
    pub item: ItemRef,
    pub title: String,
}

/// A metric an item serves through one of its ancestors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServedMetric {
    pub via: ChainLink,
    pub metric: crate::domain::outcome::MetricRow,
}

/// The metrics an executive should look at first: off track, then at risk, each
/// group in the order given.
pub fn needing_attention(metrics: Vec<MetricRow>) -> Vec<MetricRow> {
    let mut attention: Vec<MetricRow> = metrics
        .into_iter()
        .filter(|m| matches!(m.status, Some(Status::OffTrack | Status::AtRisk)))
        .collect();
    attention.sort_by_key(|m| m.status != Some(Status::OffTrack));
    attention
}

/// How a theme or an epic stands: the worst status among the metrics it and
/// everything below it claim to move, with the metric behind it and the item
/// claiming that metric (the nearest such, for the same status), and how many
/// metrics were weighed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub status: Status,
    pub metric: String,
    pub metric_id: Uuid,
    pub claimed_by: ChainLink,
    pub metrics: usize,
}

/// How bad a status is, for the roll-up: off track is the worst.
fn severity(status: Status) -> u8 {
    match status {
        Status::NotMeasured => 0,
        Status::OnTrack => 1,
        Status::AtRisk => 2,
        Status::OffTrack => 3,
    }
}

/// `node`'s standing, rolled up from the metrics claimed by it and below it;
/// `None` when nothing there claims a metric with dates to judge it by.
pub fn standing(node: &super::hierarchy::TreeNode) -> Option<Standing> {
    let mut claims: Vec<(&super::hierarchy::TreeNode, &MetricRow, Status)> = Vec::new();
    let mut stack = vec![node];
    // Depth first, the node before its children: on a tie the nearest claim wins.
    while let Some(at) = stack.pop() {
        for metric in &at.metrics {
            if let Some(status) = metric.status {
                if !claims.iter().any(|(_, m, _)| m.id == metric.id) {
                    claims.push((at, metric, status));
                }
            }
        }
        stack.extend(at.children.iter().rev());
    }
    let weighed = claims.len();
    let (by, metric, status) = claims
        .into_iter()
        .rev()
        .max_by_key(|(_, _, status)| severity(*status))?;
    Some(Standing {
        status,
        metric: metric.name.clone(),
        metric_id: metric.id,
        claimed_by: ChainLink {
            kind: by.kind,
            id: by.id,
            title: by.title.clone(),
        },
        metrics: weighed,
    })
}

/// Every way down from the roots to an item claiming `metric`: each path from a
/// theme to the claiming item (the vision left out, unless it is the claimant).
pub fn claims_of(roots: &[super::hierarchy::TreeNode], metric: Uuid) -> Vec<Vec<ChainLink>> {
    fn walk(
        node: &super::hierarchy::TreeNode,
        path: &mut Vec<ChainLink>,
        metric: Uuid,
        found: &mut Vec<Vec<ChainLink>>,
    ) {
        let here = node.kind != super::hierarchy::ItemKind::Vision;
        if here {
            path.push(ChainLink {
                kind: node.kind,
                id: node.id,
                title: node.title.clone(),
            });
        }
        if node.metrics.iter().any(|m| m.id == metric) {
            found.push(match here {
                true => path.clone(),
                false => vec![ChainLink {
                    kind: node.kind,
                    id: node.id,
                    title: node.title.clone(),
                }],
            });
        }
        for child in &node.children {
            walk(child, path, metric, found);
        }
        if here {
            path.pop();
        }
    }
    let mut found = Vec::new();
    for root in roots {
        walk(root, &mut Vec::new(), metric, &mut found);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Payload 20 kg → 40 kg over 2026 (365 days); churn 10 % → 4 % over the same.
    fn payload() -> Goal {
        Goal {
            direction: Direction::Increase,
            baseline: 20.0,
            baseline_date: date(2026, 1, 1),
            target: 40.0,
            target_date: date(2027, 1, 1),
        }
    }

    fn churn() -> Goal {
        Goal {
            direction: Direction::Decrease,
            baseline: 10.0,
            target: 4.0,
            ..payload()
        }
    }

    #[test]
    fn extreme_but_finite_figures_never_make_progress_infinite() {
        let hair = Goal {
            baseline: 0.0,
            target: 1e-300,
            ..payload()
        };
        let cases = [
            (hair, VALUE_MAX, RATIO_LIMIT),
            (hair, -VALUE_MAX, -RATIO_LIMIT),
            (
                Goal {
                    baseline: -VALUE_MAX,
                    target: VALUE_MAX,
                    ..payload()
                },
                VALUE_MAX,
                1.0,
            ),
        ];
        for (goal, current, expected) in cases {
            let Progress::Ratio { raw } = goal.progress(Some(current)) else {
                panic!("a ratio for {goal:?}");
            };
            assert_eq!(raw, expected, "{goal:?} at {current}");
            assert!(goal.status(Some(current), date(2026, 6, 1)) != Status::NotMeasured);
        }
    }

    #[test]
    fn values_past_the_largest_magnitude_are_refused() {
        for raw in ["1e16", "-1e300", "1.7976931348623157e308"] {
            assert!(parse_value(raw).is_err(), "{raw}");
        }
        assert_eq!(parse_value(" 1e15 "), Ok(1e15));
        assert_eq!(
            check_measurement(2e15, "2026-11-01T00:00:00Z", Utc::now()),
            Err(MeasurementError::OutOfRange)
        );
    }

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        // (goal, current, raw progress): worked out as (current − baseline) / (target − baseline).
        let cases = [
            (payload(), 20.0, 0.0),
            (payload(), 30.0, 0.5), // (30 − 20) / (40 − 20)
            (payload(), 40.0, 1.0),
            (payload(), 44.0, 1.2),  // overshoot kept raw
            (payload(), 18.0, -0.1), // went the wrong way
            (churn(), 10.0, 0.0),
            (churn(), 7.0, 0.5), // (7 − 10) / (4 − 10)
            (churn(), 4.0, 1.0),
            (churn(), 11.2, -0.2), // (11.2 − 10) / (4 − 10)
        ];
        for (goal, current, raw) in cases {
            match goal.progress(Some(current)) {
                Progress::Ratio { raw: got } => {
                    assert!((got - raw).abs() < 1e-9, "{current}: {got} != {raw}")
                }
                other => panic!("{current}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_bar_is_capped_while_the_raw_value_is_kept() {
        assert_eq!(payload().progress(Some(44.0)).display_percent(), 100);
        assert_eq!(payload().progress(Some(18.0)).display_percent(), 0);
        assert_eq!(payload().progress(Some(25.0)).display_percent(), 25);
        assert_eq!(payload().progress(None).display_percent(), 0);
    }

    #[test]
    fn a_target_equal_to_the_baseline_is_held_or_not_and_never_divides_by_zero() {
        let hold = Goal {
            target: 20.0,
            ..payload()
        };
        assert_eq!(hold.progress(Some(21.0)), Progress::Hold { met: true });
        assert_eq!(hold.progress(Some(19.0)), Progress::Hold { met: false });
        let hold_down = Goal {
            target: 10.0,
            ..churn()
        };
        assert_eq!(hold_down.progress(Some(9.0)), Progress::Hold { met: true });
        assert_eq!(hold.status(Some(19.0), date(2026, 6, 1)), Status::OffTrack);
    }

    #[test]
    fn status_compares_with_a_straight_line_from_baseline_date_to_target_date() {
        // On 2026-07-02 (day 182 of 365) the line expects 182/365 ≈ 0.499.
        let mid = date(2026, 7, 2);
        let cases = [
            (payload(), None, mid, Status::NotMeasured),
            (payload(), Some(30.0), mid, Status::OnTrack), // 0.5 ≥ 0.499
            (payload(), Some(28.5), mid, Status::AtRisk),  // 0.425, within 0.1
            (payload(), Some(27.0), mid, Status::OffTrack), // 0.35
            (churn(), Some(7.0), mid, Status::OnTrack),    // 0.5
            (churn(), Some(8.0), mid, Status::OffTrack),   // 0.333
            // Before the baseline date nothing is expected yet; after the target
            // date the whole way is.
            (payload(), Some(20.0), date(2025, 12, 1), Status::OnTrack),
            (payload(), Some(39.0), date(2027, 3, 1), Status::AtRisk), // 0.95
            (payload(), Some(40.0), date(2027, 3, 1), Status::OnTrack),
        ];
        for (goal, current, today, expected) in cases {
            assert_eq!(
                goal.status(current, today),
                expected,
                "{current:?} on {today}"
            );
        }
    }

    #[test]
    fn a_goal_points_its_own_way_and_ends_after_it_starts() {
        assert_eq!(payload().check(), Ok(()));
        assert_eq!(churn().check(), Ok(()));
        let backwards = Goal {
            target: 10.0,
            ..payload()
        };
        assert_eq!(
            backwards.check(),
            Err("a metric that should increase needs a target at or above its baseline".into())
        );
        let no_time = Goal {
            target_date: date(2026, 1, 1),
            ..payload()
        };
        assert_eq!(
            no_time.check(),
            Err("the target date must come after the baseline date".into())
        );
        let nan = Goal {
            baseline: f64::NAN,
            ..payload()
        };
        assert!(nan.check().is_err());
    }

    #[test]
    fn a_metric_form_names_the_first_wrong_field() {
        let form = MetricForm {
            name: "Payload capacity".into(),
            unit: "kg".into(),
            direction: "increase".into(),
            baseline: "20".into(),
            baseline_date: "2026-01-01".into(),
            target: "40".into(),
            target_date: "2027-01-01".into(),
            leading: "on".into(),
            ..MetricForm::default()
        };
        let draft = form.validate().unwrap();
        assert_eq!(draft.goal, payload());
        assert!(draft.leading);
        let cases = [
            (
                MetricForm {
                    name: " ".into(),
                    ..form.clone()
                },
                "name",
            ),
            (
                MetricForm {
                    direction: "up".into(),
                    ..form.clone()
                },
                "direction",
            ),
            (
                MetricForm {
                    baseline: "twenty".into(),
                    ..form.clone()
                },
                "baseline",
            ),
            (
                MetricForm {
                    baseline: "NaN".into(),
                    ..form.clone()
                },
                "baseline",
            ),
            (
                MetricForm {
                    target_date: "soon".into(),
                    ..form.clone()
                },
                "target_date",
            ),
            (
                MetricForm {
                    target_date: "2025-12-31".into(),
                    ..form.clone()
                },
                "target_date",
            ),
            (
                MetricForm {
                    target: "10".into(),
                    ..form.clone()
                },
                "target",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.validate().unwrap_err().field, field, "{form:?}");
        }
    }

    #[test]
    fn measurements_must_be_finite_parseable_and_not_from_the_future() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(check_measurement(41.5, "2026-11-22T09:30:00Z", now).is_ok());
        assert!(check_measurement(41.5, "2026-11-23T11:00:00+00:00", now).is_ok());
        let cases = [
            (
                f64::NAN,
                "2026-11-22T09:30:00Z",
                MeasurementError::NotFinite,
            ),
            (
                f64::INFINITY,
                "2026-11-22T09:30:00Z",
                MeasurementError::NotFinite,
            ),
            (
                1.0,
                "yesterday",
                MeasurementError::BadTimestamp("yesterday".into()),
            ),
            (
                1.0,
                "2026-11-23T12:00:01Z",
                MeasurementError::InTheFuture("2026-11-23T12:00:01Z".into()),
            ),
        ];
        for (value, at, error) in cases {
            assert_eq!(
                check_measurement(value, at, now),
                Err(error),
                "{value} {at}"
            );
        }
    }

    #[test]
    fn a_measurement_typed_by_hand_takes_a_day_a_local_time_or_a_timestamp() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let form = |value: &str, measured_at: &str| MeasurementForm {
            value: value.into(),
            measured_at: measured_at.into(),
        };
        let accepted = [
            (form("25", ""), 25.0, now),
            (form(" 7.5 ", "2026-11-01"), 7.5, at("2026-11-01T00:00:00Z")),
            (
                form("-3", "2026-11-01T08:30"),
                -3.0,
                at("2026-11-01T08:30:00Z"),
            ),
            (
                form("-3", "2026-11-01 08:30"),
                -3.0,
                at("2026-11-01T08:30:00Z"),
            ),
            (
                form("1e3", "2026-11-01T08:30:00+01:00"),
                1000.0,
                at("2026-11-01T07:30:00Z"),
            ),
            // Within a day ahead: a sensor's clock may run a little fast.
            (form("1", "2026-11-23"), 1.0, at("2026-11-23T00:00:00Z")),
        ];
        for (form, value, time) in accepted {
            assert_eq!(form.validate(now), Ok((value, time)), "{form:?}");
        }
        let refused = [
            (form("", "2026-11-01"), "value"),
            (form("lots", ""), "value"),
            (form("NaN", ""), "value"),
            (form("inf", ""), "value"),
            (form("3", "yesterday"), "measured_at"),
            (form("3", "2026-13-01"), "measured_at"),
            (form("3", "2026-11-24T12:01"), "measured_at"),
        ];
        for (form, field) in refused {
            assert_eq!(
                form.validate(now).map_err(|e| e.field),
                Err(field),
                "{form:?}"
            );
        }
    }

    #[test]
    fn attention_lists_off_track_then_at_risk_and_leaves_the_rest_out() {
        let row = |name: &str, status: Option<Status>| metric(0, name, status);
        let metrics = vec![
            row("risky", Some(Status::AtRisk)),
            row("fine", Some(Status::OnTrack)),
            row("off", Some(Status::OffTrack)),
            row("undated", None),
            row("unmeasured", Some(Status::NotMeasured)),
            row("also off", Some(Status::OffTrack)),
        ];
        let names: Vec<String> = needing_attention(metrics)
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["off", "also off", "risky"]);
    }

    fn metric(n: u128, name: &str, status: Option<Status>) -> MetricRow {
        MetricRow {
            id: Uuid::from_u128(n),
            name: name.into(),
            unit: String::new(),
            baseline: 0.0,
            target: 1.0,
            current: None,
            leading: false,
            owner: None,
            progress: None,
            status,
            version: 1,
        }
    }

    fn node(
        kind: super::super::hierarchy::ItemKind,
        n: u128,
        metrics: Vec<MetricRow>,
        children: Vec<super::super::hierarchy::TreeNode>,
    ) -> super::super::hierarchy::TreeNode {
        super::super::hierarchy::TreeNode {
            kind,
            id: Uuid::from_u128(n),
            title: format!("{kind:?} {n}"),
            state: None,
            progress: None,
            blocked: false,
            summary: String::new(),
            version: 1,
            metrics,
            children,
        }
    }

    /// Heavy lift (theme) claims payload, on track; its epic nothing; a feature
    /// claims flight time, at risk; another feature and a work item under the
    /// first claim range, also at risk, and noise, off track, under the second.
    fn portfolio() -> super::super::hierarchy::TreeNode {
        use super::super::hierarchy::ItemKind::*;
        let payload = metric(1, "Payload", Some(Status::OnTrack));
        let flight = metric(2, "Flight time", Some(Status::AtRisk));
        let range = metric(3, "Range", Some(Status::AtRisk));
        let noise = metric(4, "Noise", Some(Status::OffTrack));
        let undated = metric(5, "Undated", None);
        let battery = node(
            Feature,
            20,
            vec![flight.clone(), undated],
            vec![node(WorkItem, 30, vec![range.clone()], vec![])],
        );
        let quiet = node(
            Feature,
            21,
            vec![],
            vec![node(WorkItem, 31, vec![noise], vec![])],
        );
        let epic = node(Epic, 10, vec![], vec![battery, quiet]);
        let theme = node(Theme, 2, vec![payload], vec![epic]);
        node(Vision, 1, vec![], vec![theme])
    }

    #[test]
    fn a_standing_is_the_worst_claim_below_with_its_metric_and_claimant() {
        let vision = portfolio();
        let theme = &vision.children[0];
        let standing = standing(theme).unwrap();
        assert_eq!(standing.status, Status::OffTrack);
        assert_eq!(standing.metric, "Noise");
        assert_eq!(standing.claimed_by.title, "WorkItem 31");
        assert_eq!(standing.metrics, 4, "undated metrics are not weighed");
        // The battery feature: at risk by its own claim, before its work item's.
        let battery = &theme.children[0].children[0];
        let standing = super::standing(battery).unwrap();
        assert_eq!(
            (
                standing.status,
                standing.metric.as_str(),
                standing.claimed_by.title.as_str()
            ),
            (Status::AtRisk, "Flight time", "Feature 20")
        );
        // Nothing claimed below: no standing.
        let quiet_alone = node(super::super::hierarchy::ItemKind::Epic, 9, vec![], vec![]);
        assert_eq!(super::standing(&quiet_alone), None);
    }

    #[test]
    fn a_metrics_claims_are_traced_from_their_theme_down() {
        let vision = portfolio();
        let paths = claims_of(std::slice::from_ref(&vision), Uuid::from_u128(3));
        let titles: Vec<Vec<&str>> = paths
            .iter()
            .map(|path| path.iter().map(|link| link.title.as_str()).collect())
            .collect();
        assert_eq!(
            titles,
            [["Theme 2", "Epic 10", "Feature 20", "WorkItem 30"]]
        );
        let mut claimed = vision.clone();
        claimed
            .metrics
            .push(metric(6, "Market share", Some(Status::OffTrack)));
        let by_vision = claims_of(&[claimed], Uuid::from_u128(6));
        assert_eq!(by_vision.len(), 1);
        assert_eq!(by_vision[0][0].title, "Vision 1");
        assert!(claims_of(&[vision], Uuid::from_u128(99)).is_empty());
    }

    #[test]
    fn a_value_far_outside_the_history_is_told_apart() {
        let flight_time = [18.0, 18.4, 19.0, 19.9, 20.8, 21.6, 22.8];
        // The range is 18–22.8; the margin half of 22.8: 11.4 either way.
        assert_eq!(far_outside(228.0, &flight_time), Some((18.0, 22.8)));
        assert_eq!(far_outside(2.28, &flight_time), Some((18.0, 22.8)));
        assert_eq!(far_outside(34.0, &flight_time), None);
        assert_eq!(far_outside(7.0, &flight_time), None);
        // A flat history is judged by its magnitude, a short one not at all.
        assert_eq!(far_outside(10.0, &[5.0, 5.0]), Some((5.0, 5.0)));
        assert_eq!(far_outside(7.0, &[5.0, 5.0]), None);
        assert_eq!(far_outside(1e9, &[5.0]), None);
        // Around zero: a spread of its own.
        assert_eq!(far_outside(-31.0, &[-10.0, 10.0]), Some((-10.0, 10.0)));
        assert_eq!(far_outside(25.0, &[-10.0, 10.0]), None);
    }
}
