//! The roadmap: the epics under way and their features on a time axis of whole
//! months, each with its target date and the forecast of its work left; late when
//! the forecast (85 % likely) falls after the target.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::forecast::{Forecast, NoForecast};
use super::hierarchy::ItemKind;

/// The longest span a roadmap draws: dates further out sit at its right edge.
pub const MAX_MONTHS: u32 = 24;

/// An epic or a feature on the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapRow {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    /// The column it is in.
    pub state: String,
    pub done: bool,
    pub target: Option<NaiveDate>,
    /// The team boards holding its work items.
    pub teams: Vec<String>,
    pub forecast: Result<Forecast, NoForecast>,
}

impl RoadmapRow {
    /// When it is expected done (85 % likely), if forecast.
    pub fn expected(&self) -> Option<NaiveDate> {
        self.forecast.as_ref().ok().map(|f| f.done_by[1])
    }

    /// Forecast to be done (85 % likely) after its target date.
    pub fn late(&self) -> bool {
        !self.done
            && matches!((self.expected(), self.target), (Some(expected), Some(target)) if expected > target)
    }
}

/// The days a roadmap draws: from the first of today's month to the end of the
/// month of its furthest date (at most [`MAX_MONTHS`] months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// The span holding today and every target and forecast date of `rows`.
    pub fn of(today: NaiveDate, rows: &[RoadmapRow]) -> Span {
        let first = today.with_day(1).unwrap_or(today);
        let furthest = rows
            .iter()
            .flat_map(|row| {
                let forecast = row.forecast.as_ref().ok().map(|f| f.done_by[2]);
                [row.target, forecast]
            })
            .flatten()
            .fold(today, NaiveDate::max);
        let cap = first + Months::new(MAX_MONTHS);
        let end_month = furthest.min(cap - chrono::Duration::days(1));
        let last =
            end_month.with_day(1).unwrap_or(end_month) + Months::new(1) - chrono::Duration::days(1);
        Span { first, last }
    }

    /// Days in the span.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// Where `date` falls, in days from the span's start (the start of the day),
    /// held within the span.
    pub fn offset(&self, date: NaiveDate) -> f64 {
        (date - self.first).num_days().clamp(0, self.days()) as f64
    }

    /// The first day of each month in the span.
    pub fn months(&self) -> Vec<NaiveDate> {
        std::iter::successors(Some(self.first), |month| {
            Some(*month + Months::new(1)).filter(|next| *next <= self.last)
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    fn row(target: Option<&str>, done_by: Option<[&str; 3]>, done: bool) -> RoadmapRow {
        RoadmapRow {
            kind: ItemKind::Feature,
            id: Uuid::nil(),
            title: "Bigger battery".into(),
            state: "Implementing".into(),
            done,
            target: target.map(day),
            teams: vec!["Battery".into()],
            forecast: match done_by {
                Some(dates) => Ok(Forecast {
                    remaining: 3,
                    finished_in_history: 20,
                    done_by: dates.map(day),
                    meets_target: None,
                }),
                None => Err(NoForecast::NoWorkItems),
            },
        }
    }

    #[test]
    fn late_means_expected_after_the_target_and_not_done() {
        let dates = ["2026-12-10", "2026-12-20", "2026-12-30"];
        assert!(row(Some("2026-12-15"), Some(dates), false).late());
        assert!(
            !row(Some("2026-12-20"), Some(dates), false).late(),
            "85 % on the day"
        );
        assert!(!row(Some("2026-12-15"), Some(dates), true).late(), "done");
        assert!(!row(None, Some(dates), false).late(), "no target");
        assert!(!row(Some("2026-12-15"), None, false).late(), "no forecast");
    }

    #[test]
    fn the_span_runs_in_whole_months_over_every_date() {
        let today = day("2026-11-27");
        let rows = [
            row(
                Some("2027-01-15"),
                Some(["2026-12-01", "2026-12-20", "2027-02-03"]),
                false,
            ),
            row(None, None, false),
        ];
        let span = Span::of(today, &rows);
        assert_eq!(
            span,
            Span {
                first: day("2026-11-01"),
                last: day("2027-02-28")
            }
        );
        assert_eq!(span.days(), 120);
        assert_eq!(
            span.months(),
            [
                day("2026-11-01"),
                day("2026-12-01"),
                day("2027-01-01"),
                day("2027-02-01")
            ]
        );
        assert_eq!(span.offset(day("2026-11-01")), 0.0);
        assert_eq!(span.offset(day("2026-12-01")), 30.0);
        assert_eq!(span.offset(day("2020-01-01")), 0.0, "held within");
        // Nothing ahead: this month alone.
        let alone = Span::of(today, &[]);
        assert_eq!(
            alone,
            Span {
                first: day("2026-11-01"),
                last: day("2026-11-30")
            }
        );
    }

    #[test]
    fn a_far_date_is_held_at_the_spans_end() {
        let today = day("2026-11-27");
        let far = [row(Some("2040-01-01"), None, false)];
        let span = Span::of(today, &far);
        assert_eq!(span.last, day("2028-10-31"), "24 months from November 2026");
        assert_eq!(span.months().len(), MAX_MONTHS as usize);
        assert_eq!(span.offset(day("2040-01-01")), span.days() as f64);
    }
}
