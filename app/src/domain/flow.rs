//! Flow of work through a board, computed from each item's moves: when it was
//! created, started and finished, how long it took, how many were in progress and
//! finished each day, how the columns filled up, and how much of the time work was
//! actively worked on.
//!
//! Definitions (also in README):
//! - An item **starts** the first time it enters a started (or done) column and
//!   **finishes** when it enters a done column and stays there, read once, as of
//!   now, whatever range is asked: an item finished, reopened and finished again
//!   finished on the last of those days only, so figures of adjacent ranges add
//!   up to those of their union. One moved back to a not-started column keeps its
//!   first start (cycle time counts from the first start).
//! - **Cycle time** = finished − started, **lead time** = finished − created, both
//!   exact durations; their day figures follow the Kanban Guide: the finished date
//!   − the started date + 1, so an item started and finished on one day took 1 day.
//! - **WIP** on a day: items in a started column at the end of that day, the
//!   cumulative flow's started bands (an item sent back to a not-started column
//!   is not in progress, nor is one sitting in done that is reopened later).
//! - **Aging**: the items in progress as of the range's end (the end of its last
//!   day, or now while that day lasts), each aged from its first start to then,
//!   in days the same way.
//! - **Throughput**: items finished on each day (or ISO week, Monday first).
//! - **Flow efficiency**: time spent in active columns between start and finish ÷
//!   cycle time, summed over the items finished in the range.
//! - Percentiles use the nearest-rank method: the p-th percentile of n sorted values
//!   is the value at rank ⌈p/100 × n⌉.
//!
//! Days are UTC calendar days.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::board::BoardRef;
use super::board::{Activity, StateCategory};
use super::hierarchy::{ItemKind, ItemRef};

/// Calendar days from `started` to `now`, counting both ends (UTC days).
pub fn age_in_days(started: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now.date_naive() - started.date_naive()).num_days().max(0) + 1
}

/// What flow needs to know about a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnKind {
    pub category: StateCategory,
    pub activity: Activity,
}

/// An item entering a column at a time, as the transition log keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub at: DateTime<Utc>,
    pub to: Uuid,
}

/// One item's history: created, then its moves in time order (the first one puts
/// it in its first column).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemHistory {
    pub id: Uuid,
    /// Its type ("story", "defect", …) for the flow distribution.
    pub kind: String,
    pub created: DateTime<Utc>,
    pub moves: Vec<Move>,
}

/// An inclusive range of UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// How many days a range covers when the reader names none: the last 30.
pub const DEFAULT_RANGE_DAYS: i64 = 30;
/// The longest range a page reads: two years.
pub const MAX_RANGE_DAYS: i64 = 731;

impl DayRange {
    /// The range a form or URL names (`YYYY-MM-DD`, either end may be left empty):
    /// by default the 30 days up to `today`.
    pub fn from_form(
        first: Option<&str>,
        last: Option<&str>,
        today: NaiveDate,
    ) -> Result<DayRange, super::planning::FieldError> {
        use super::planning::FieldError;
        let day =
            |field: &'static str, raw: Option<&str>| -> Result<Option<NaiveDate>, FieldError> {
                match raw.map(str::trim).filter(|r| !r.is_empty()) {
                    None => Ok(None),
                    Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                        .map(Some)
                        .map_err(|_| FieldError {
                            field,
                            message: format!("“{raw}” is not a date like 2026-11-22"),
                        }),
                }
            };
        let last = day("to", last)?.unwrap_or(today);
        let first = day("from", first)?.unwrap_or(last - Duration::days(DEFAULT_RANGE_DAYS - 1));
        if first > last {
            return Err(FieldError {
                field: "from",
                message: "the range must start before it ends".into(),
            });
        }
        if (last - first).num_days() >= MAX_RANGE_DAYS {
            return Err(FieldError {
                field: "from",
                message: format!("a range covers at most {MAX_RANGE_DAYS} days"),
            });
        }
        Ok(DayRange { first, last })
    }

    /// The `days` days ending with `last`.
    pub fn ending(last: NaiveDate, days: i64) -> DayRange {
        DayRange {
            first: last - Duration::days(days - 1),
            last,
        }
    }

    /// When the range begins: the first day's midnight.
    pub fn start(&self) -> DateTime<Utc> {
        midnight(self.first)
    }

    /// When the range ends: the midnight after its last day (not included).
    pub fn end(&self) -> DateTime<Utc> {
        midnight(self.last + Duration::days(1))
    }

    /// The instant the range's aging is read at: the last instant of its last
    /// day, or `now` while that day lasts.
    pub fn as_of(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.min(end_of(self.last))
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.first.iter_days().take_while({
            let last = self.last;
            move |day| *day <= last
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

/// When an item started and finished, per the definitions above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
}

pub fn timeline(item: &ItemHistory, columns: &HashMap<Uuid, ColumnKind>) -> Timeline {
    let category = |column: &Uuid| columns.get(column).map(|c| c.category);
    let started = item
        .moves
        .iter()
        .find(|m| {
            matches!(
                category(&m.to),
                Some(StateCategory::Started | StateCategory::Done)
            )
        })
        .map(|m| m.at);
    let finished = item
        .moves
        .last()
        .filter(|m| category(&m.to) == Some(StateCategory::Done))
        .map(|last| {
            // The start of its last unbroken stay in done columns.
            item.moves
                .iter()
                .rev()
                .take_while(|m| category(&m.to) == Some(StateCategory::Done))
                .last()
                .map_or(last.at, |m| m.at)
        });
    Timeline { started, finished }
}

/// Whole days from `from`'s date to `to`'s date, both counted.
fn calendar_days(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to.date_naive() - from.date_naive()).num_days() + 1
}

/// A finished item's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    pub id: Uuid,
    pub kind: String,
    pub finished: DateTime<Utc>,
    /// Exact cycle time.
    pub cycle_seconds: i64,
    pub cycle_days: i64,
    /// Exact lead time.
    pub lead_seconds: i64,
    pub lead_days: i64,
    /// Time in active columns between start and finish.
    pub active_seconds: i64,
}

/// An unfinished, started item's age and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aging {
    pub id: Uuid,
    pub column: Uuid,
    pub age_days: i64,
}

/// (day, count) pairs in day order.
pub type DailyCounts = Vec<(NaiveDate, u32)>;

/// Every flow metric of a range: each finished item's figures (for the server:
/// its read models, the forecasts, the tests) and the charts made of them, which
/// are what the flow page is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowReport {
    /// Items finished in the range, by finish time.
    pub finished: Vec<Finished>,
    pub charts: FlowCharts,
}

/// What the flow page shows for a range: counts and the charts' shapes, never a
/// list as long as the board's history (a point of the scatterplot stands for
/// every item finished on its day with its cycle time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowCharts {
    pub range: DayRange,
    /// How many items finished in the range.
    pub finished: u32,
    /// Their mean lead time in calendar days; `None` with none finished.
    pub mean_lead_days: Option<f64>,
    /// Cycle-time percentiles (days) of those: 50th, 85th, 95th.
    pub cycle_percentiles: Option<[i64; 3]>,
    /// The cycle-time scatterplot, by finish day, then cycle time.
    pub scatter: Vec<ScatterPoint>,
    /// (day, items finished that day).
    pub throughput_per_day: Vec<(NaiveDate, u32)>,
    /// (Monday of the week, items finished that week): weeks overlapping the range.
    pub throughput_per_week: Vec<(NaiveDate, u32)>,
    /// (day, items in progress at its end).
    pub wip_per_day: Vec<(NaiveDate, u32)>,
    /// (day, items in each column at its end, in the order of `columns`).
    pub cumulative_flow: Vec<(NaiveDate, Vec<u32>)>,
    /// Started, unfinished items now, oldest first.
    pub aging: Vec<Aging>,
    /// Active time ÷ cycle time over the finished items; `None` with none finished.
    pub flow_efficiency: Option<f64>,
    /// (type, items finished of it), largest first.
    pub distribution: Vec<(String, u32)>,
}

impl FlowCharts {
    /// The cards the charts name by title: each scatterplot point's sample and
    /// every aging item.
    pub fn named(&self) -> Vec<Uuid> {
        self.scatter
            .iter()
            .map(|point| point.sample)
            .chain(self.aging.iter().map(|aging| aging.id))
            .collect()
    }
}

/// The items finished on one day with one cycle time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    pub finished_on: NaiveDate,
    pub cycle_days: i64,
    pub items: u32,
    /// The first of them to finish, to name.
    pub sample: Uuid,
}

/// The scatterplot's points of `finished` (in finish order): one per finish day
/// and cycle time, by day, then cycle time.
pub fn scatter(finished: &[Finished]) -> Vec<ScatterPoint> {
    let mut points: Vec<ScatterPoint> = Vec::new();
    let mut index: HashMap<(NaiveDate, i64), usize> = HashMap::new();
    for f in finished {
        let key = (f.finished.date_naive(), f.cycle_days);
        match index.get(&key) {
            Some(&at) => points[at].items += 1,
            None => {
                index.insert(key, points.len());
                points.push(ScatterPoint {
                    finished_on: key.0,
                    cycle_days: key.1,
                    items: 1,
                    sample: f.id,
                });
            }
        }
    }
    points.sort_by_key(|point| (point.finished_on, point.cycle_days));
    points
}

/// The mean lead time of `finished`, in calendar days.
pub fn mean_lead_days(finished: &[Finished]) -> Option<f64> {
    let days: i64 = finished.iter().map(|f| f.lead_days).sum();
    (!finished.is_empty()).then(|| days as f64 / finished.len() as f64)
}

/// The nearest-rank percentile of sorted `values`.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1) as usize;
    sorted.get(rank - 1).copied()
}

/// Where the item was at `at`: the column of its last move by then.
fn column_at(item: &ItemHistory, at: DateTime<Utc>) -> Option<Uuid> {
    item.moves
        .iter()
        .take_while(|m| m.at <= at)
        .last()
        .map(|m| m.to)
}

/// The UTC midnight a day begins at.
pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// The last instant of a day.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    midnight(day + Duration::days(1)) - Duration::nanoseconds(1)
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Time the item spent in active columns between `from` and `to`.
fn active_time(
    item: &ItemHistory,
    columns: &HashMap<Uuid, ColumnKind>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Duration {
    let mut active = Duration::zero();
    for (i, stay) in item.moves.iter().enumerate() {
        let leaves = item.moves.get(i + 1).map_or(to, |next| next.at);
        let (start, end) = (stay.at.max(from), leaves.min(to));
        let is_active = columns.get(&stay.to).is_some_and(|c| {
            c.activity == Activity::Active && c.category == StateCategory::Started
        });
        if is_active && end > start {
            active += end - start;
        }
    }
    active
}

/// A board's history as the flow metrics read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardHistory {
    /// Items that moved in or after the range, or are still unfinished.
    pub items: Vec<ItemHistory>,
    pub columns: HashMap<Uuid, ColumnKind>,
    /// Left to right: the cumulative flow's bands.
    pub order: Vec<Uuid>,
    /// Items finished before the range and not moved since, counted per column
    /// rather than read one by one: all they add is their done band's height.
    pub settled: HashMap<Uuid, u32>,
}

impl BoardHistory {
    /// The column `item` is in at `at` when that is a started column the board
    /// still has (a band of the cumulative flow): in progress there.
    fn in_progress_at(&self, item: &ItemHistory, at: DateTime<Utc>) -> Option<Uuid> {
        column_at(item, at).filter(|column| {
            self.order.contains(column)
                && self
                    .columns
                    .get(column)
                    .is_some_and(|kind| kind.category == StateCategory::Started)
        })
    }
}

/// Every item's start and finish.
pub fn timelines(history: &BoardHistory) -> Vec<Timeline> {
    history
        .items
        .iter()
        .map(|item| timeline(item, &history.columns))
        .collect()
}

/// Items finished in the range, by finish time, with their times.
pub fn finished_in(
    history: &BoardHistory,
    timelines: &[Timeline],
    range: DayRange,
) -> Vec<Finished> {
    let mut finished: Vec<Finished> = history
        .items
        .iter()
        .zip(timelines)
        .filter_map(|(item, t)| {
            let (started, done) = (t.started?, t.finished?);
            range.contains(done.date_naive()).then(|| Finished {
                id: item.id,
                kind: item.kind.clone(),
                finished: done,
                cycle_seconds: (done - started).num_seconds(),
                cycle_days: calendar_days(started, done),
                lead_seconds: (done - item.created).num_seconds(),
                lead_days: calendar_days(item.created, done),
                active_seconds: active_time(item, &history.columns, started, done).num_seconds(),
            })
        })
        .collect();
    finished.sort_by_key(|f| f.finished);
    finished
}

/// How many of the finish times `finishes` fall on each day of `range`, oldest
/// first: the throughput chart's days, and the samples of a pace forecast (which
/// reads the finish times the database keeps, `Timeline::finished` of each card).
pub fn finishes_per_day(
    finishes: impl IntoIterator<Item = DateTime<Utc>>,
    range: DayRange,
) -> Vec<u32> {
    let mut per_day = vec![0; range.days().count()];
    for finished in finishes {
        let index = (finished.date_naive() - range.first).num_days();
        if let Some(count) = usize::try_from(index).ok().and_then(|i| per_day.get_mut(i)) {
            *count += 1;
        }
    }
    per_day
}

/// The 50th, 85th and 95th percentile cycle times, in days.
pub fn cycle_percentiles(finished: &[Finished]) -> Option<[i64; 3]> {
    let mut days: Vec<i64> = finished.iter().map(|f| f.cycle_days).collect();
    days.sort_unstable();
    Some([
        percentile(&days, 50)?,
        percentile(&days, 85)?,
        percentile(&days, 95)?,
    ])
}

/// Items finished per day, and per ISO week (Monday first).
pub fn throughput(finished: &[Finished], range: DayRange) -> (DailyCounts, DailyCounts) {
    let per_day: DailyCounts = range
        .days()
        .zip(finishes_per_day(finished.iter().map(|f| f.finished), range))
        .collect();
    let mut per_week: Vec<(NaiveDate, u32)> = Vec::new();
    for (day, count) in &per_day {
        let monday = monday_of(*day);
        match per_week.last_mut() {
            Some((week, total)) if *week == monday => *total += count,
            _ => per_week.push((monday, *count)),
        }
    }
    (per_day, per_week)
}

/// Items in a started column at the end of each day.
pub fn wip_per_day(history: &BoardHistory, range: DayRange) -> Vec<(NaiveDate, u32)> {
    range
        .days()
        .map(|day| {
            let end = end_of(day);
            let count = history
                .items
                .iter()
                .filter(|item| history.in_progress_at(item, end).is_some())
                .count() as u32;
            (day, count)
        })
        .collect()
}

/// Items in each column (in `order`) at the end of each day.
pub fn cumulative_flow(history: &BoardHistory, range: DayRange) -> Vec<(NaiveDate, Vec<u32>)> {
    let band: HashMap<Uuid, usize> = history
        .order
        .iter()
        .enumerate()
        .map(|(i, column)| (*column, i))
        .collect();
    let settled: Vec<u32> = history
        .order
        .iter()
        .map(|column| history.settled.get(column).copied().unwrap_or(0))
        .collect();
    range
        .days()
        .map(|day| {
            let end = end_of(day);
            let mut counts = settled.clone();
            for item in &history.items {
                if let Some(i) = column_at(item, end).and_then(|c| band.get(&c)) {
                    counts[*i] += 1;
                }
            }
            (day, counts)
        })
        .collect()
}

/// The items in progress at `as_of`, oldest first, aged from their first start.
pub fn aging(history: &BoardHistory, timelines: &[Timeline], as_of: DateTime<Utc>) -> Vec<Aging> {
    let mut aging: Vec<Aging> = history
        .items
        .iter()
        .zip(timelines)
        .filter_map(|(item, t)| {
            Some(Aging {
                id: item.id,
                column: history.in_progress_at(item, as_of)?,
                age_days: age_in_days(t.started?, as_of),
            })
        })
        .collect();
    aging.sort_by_key(|a| std::cmp::Reverse(a.age_days));
    aging
}

/// Active time ÷ cycle time over the finished items; `None` with none finished.
pub fn flow_efficiency(finished: &[Finished]) -> Option<f64> {
    let cycle: i64 = finished.iter().map(|f| f.cycle_seconds).sum();
    let active: i64 = finished.iter().map(|f| f.active_seconds).sum();
    (!finished.is_empty()).then(|| active as f64 / cycle.max(1) as f64)
}

/// (type, items finished of it), largest first.
pub fn distribution(finished: &[Finished]) -> Vec<(String, u32)> {
    let mut by_kind: HashMap<&str, u32> = HashMap::new();
    for f in finished {
        *by_kind.entry(f.kind.as_str()).or_default() += 1;
    }
    let mut shares: Vec<(String, u32)> = by_kind
        .into_iter()
        .map(|(kind, n)| (kind.to_owned(), n))
        .collect();
    shares.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    shares
}

/// Every flow metric of the board over `range`, read at `now` (the history holds
/// every move up to now: finishing is read as of then).
pub fn flow_report(history: &BoardHistory, range: DayRange, now: DateTime<Utc>) -> FlowReport {
    let timelines = timelines(history);
    let finished = finished_in(history, &timelines, range);
    let (throughput_per_day, throughput_per_week) = throughput(&finished, range);
    let charts = FlowCharts {
        range,
        finished: u32::try_from(finished.len()).unwrap_or(u32::MAX),
        mean_lead_days: mean_lead_days(&finished),
        cycle_percentiles: cycle_percentiles(&finished),
        scatter: scatter(&finished),
        throughput_per_day,
        throughput_per_week,
        wip_per_day: wip_per_day(history, range),
        cumulative_flow: cumulative_flow(history, range),
        aging: aging(history, &timelines, range.as_of(now)),
        flow_efficiency: flow_efficiency(&finished),
        distribution: distribution(&finished),
    };
    FlowReport { finished, charts }
}

/// A board's flow metrics narrowed to the cards under one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowLink {
    pub board_id: Uuid,
    pub board: String,
    pub within: ItemRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgingItem {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    pub column: String,
    pub board: BoardRef,
    /// Calendar days since it first entered a started column, both ends counted.
    pub age_days: i64,
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

    /// A board To do (not started) → Doing (started, active) → Review (started,
    /// wait) → Done.
    const TODO: Uuid = Uuid::from_u128(1);
    const DOING: Uuid = Uuid::from_u128(2);
    const REVIEW: Uuid = Uuid::from_u128(3);
    const DONE: Uuid = Uuid::from_u128(4);

    fn board() -> HashMap<Uuid, ColumnKind> {
        use Activity::{Active, Wait};
        use StateCategory::{Done, NotStarted, Started};
        [
            (TODO, NotStarted, Wait),
            (DOING, Started, Active),
            (REVIEW, Started, Wait),
            (DONE, Done, Active),
        ]
        .into_iter()
        .map(|(id, category, activity)| (id, ColumnKind { category, activity }))
        .collect()
    }

    /// An item created on `created` (into To do) that then moves as listed.
    fn item(n: u128, kind: &str, created: &str, moves: &[(&str, Uuid)]) -> ItemHistory {
        let mut all = vec![Move {
            at: at(created),
            to: TODO,
        }];
        all.extend(moves.iter().map(|(when, to)| Move {
            at: at(when),
            to: *to,
        }));
        ItemHistory {
            id: Uuid::from_u128(100 + n),
            kind: kind.into(),
            created: at(created),
            moves: all,
        }
    }

    /// Ten items over 2026-11-02 (Mon) .. 2026-11-08 (Sun), worked out by hand:
    ///
    /// | # | type   | created | started (Doing) | finished (Done) | cycle days | lead days |
    /// |---|--------|---------|-----------------|-----------------|-----------:|----------:|
    /// | 1 | story  | 11-01   | 11-02 09:00     | 11-02 17:00     | 1 | 2 |
    /// | 2 | story  | 11-01   | 11-02 09:00     | 11-03 09:00     | 2 | 3 |
    /// | 3 | defect | 11-02   | 11-02 10:00     | 11-04 10:00     | 3 | 3 |
    /// | 4 | story  | 11-02   | 11-03 08:00     | 11-06 08:00     | 4 | 5 |
    /// | 5 | story  | 11-02   | 11-03 08:00     | 11-07 08:00     | 5 | 6 |
    /// | 6 | defect | 11-03   | 11-03 12:00     | 11-08 12:00     | 6 | 6 |
    /// | 7 | story  | 11-01   | 11-02 09:00     | 11-08 09:00     | 7 | 8 |
    /// | 8 | story  | 11-04   | 11-05 09:00     | —  (in Review)  |   |   |
    /// | 9 | enabler| 11-04   | 11-06 09:00, back to To do 11-06 15:00, again 11-07 09:00, Done 11-08 09:00 | 3 (from the first start) | 5 |
    /// |10 | story  | 11-05   | —  (still To do) |                |   |   |
    ///
    /// Finished cycle days sorted: 1 2 3 3 4 5 6 7 → nearest rank: p50 = rank 4 → 3,
    /// p85 = rank ⌈6.8⌉ = 7 → 6, p95 = rank ⌈7.6⌉ = 8 → 7.
    fn ten_items() -> Vec<ItemHistory> {
        vec![
            item(
                1,
                "story",
                "2026-11-01T09:00:00Z",
                &[
                    ("2026-11-02T09:00:00Z", DOING),
                    ("2026-11-02T17:00:00Z", DONE),
                ],
            ),
            item(
                2,
                "story",
                "2026-11-01T09:00:00Z",
                &[
                    ("2026-11-02T09:00:00Z", DOING),
                    ("2026-11-03T09:00:00Z", DONE),
                ],
            ),
            item(
                3,
                "defect",
                "2026-11-02T09:00:00Z",
                &[
                    ("2026-11-02T10:00:00Z", DOING),
                    ("2026-11-03T10:00:00Z", REVIEW),
                    ("2026-11-04T10:00:00Z", DONE),
                ],
            ),
            item(
                4,
                "story",
                "2026-11-02T09:00:00Z",
                &[
                    ("2026-11-03T08:00:00Z", DOING),
                    ("2026-11-06T08:00:00Z", DONE),
                ],
            ),
            item(
                5,
                "story",
                "2026-11-02T09:00:00Z",
                &[
                    ("2026-11-03T08:00:00Z", DOING),
                    ("2026-11-07T08:00:00Z", DONE),
                ],
            ),
            item(
                6,
                "defect",
                "2026-11-03T09:00:00Z",
                &[
                    ("2026-11-03T12:00:00Z", DOING),
                    ("2026-11-08T12:00:00Z", DONE),
                ],
            ),
            item(
                7,
                "story",
                "2026-11-01T09:00:00Z",
                &[
                    ("2026-11-02T09:00:00Z", DOING),
                    ("2026-11-08T09:00:00Z", DONE),
                ],
            ),
            item(
                8,
                "story",
                "2026-11-04T09:00:00Z",
                &[
                    ("2026-11-05T09:00:00Z", DOING),
                    ("2026-11-06T09:00:00Z", REVIEW),
                ],
            ),
            item(
                9,
                "enabler",
                "2026-11-04T09:00:00Z",
                &[
                    ("2026-11-06T09:00:00Z", DOING),
                    ("2026-11-06T15:00:00Z", TODO),
                    ("2026-11-07T09:00:00Z", DOING),
                    ("2026-11-08T09:00:00Z", DONE),
                ],
            ),
            item(10, "story", "2026-11-05T09:00:00Z", &[]),
        ]
    }

    fn week() -> DayRange {
        DayRange {
            first: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 11, 8).unwrap(),
        }
    }

    fn history(items: Vec<ItemHistory>) -> BoardHistory {
        BoardHistory {
            items,
            columns: board(),
            order: vec![TODO, DOING, REVIEW, DONE],
            settled: HashMap::new(),
        }
    }

    fn report() -> FlowReport {
        flow_report(&history(ten_items()), week(), at("2026-11-08T18:00:00Z"))
    }

    #[test]
    fn the_scatterplot_has_one_point_per_finish_day_and_cycle_time() {
        let finished = |id: u128, when: &str, cycle_days: i64, lead_days: i64| Finished {
            id: Uuid::from_u128(id),
            kind: "story".into(),
            finished: at(when),
            cycle_seconds: cycle_days * 86_400,
            cycle_days,
            lead_seconds: lead_days * 86_400,
            lead_days,
            active_seconds: 0,
        };
        let list = [
            finished(4, "2026-11-02T10:00:00Z", 2, 2),
            finished(1, "2026-11-03T09:00:00Z", 2, 3),
            finished(3, "2026-11-03T12:00:00Z", 5, 5),
            finished(2, "2026-11-03T17:00:00Z", 2, 4),
        ];
        let point = |day: &str, cycle_days: i64, items: u32, sample: u128| ScatterPoint {
            finished_on: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            cycle_days,
            items,
            sample: Uuid::from_u128(sample),
        };
        assert_eq!(
            scatter(&list),
            [
                point("2026-11-02", 2, 1, 4),
                point("2026-11-03", 2, 2, 1),
                point("2026-11-03", 5, 1, 3)
            ]
        );
        assert_eq!(mean_lead_days(&list), Some(3.5));
        assert_eq!(mean_lead_days(&[]), None);
        // The report's charts count what its list holds.
        let report = report();
        assert_eq!(report.charts.finished as usize, report.finished.len());
        let points: u32 = report.charts.scatter.iter().map(|p| p.items).sum();
        assert_eq!(points as usize, report.finished.len());
    }

    #[test]
    fn cycle_and_lead_times_count_calendar_days_from_the_first_start() {
        let report = report();
        let days: Vec<(u128, i64, i64)> = report
            .finished
            .iter()
            .map(|f| (f.id.as_u128() - 100, f.cycle_days, f.lead_days))
            .collect();
        // By finish time: #1 11-02 17:00, #2 11-03, #3 11-04, #4 11-06, #5 11-07,
        // then 11-08 at 09:00 (#7 and #9) and 12:00 (#6).
        assert_eq!(
            days,
            [
                (1, 1, 2),
                (2, 2, 3),
                (3, 3, 3),
                (4, 4, 5),
                (5, 5, 6),
                (7, 7, 8),
                (9, 3, 5),
                (6, 6, 6)
            ]
        );
        assert_eq!(
            report.finished[0].cycle_seconds,
            8 * 3600,
            "exact duration kept"
        );
        assert_eq!(report.charts.cycle_percentiles, Some([3, 6, 7]));
    }

    #[test]
    fn throughput_wip_and_the_cumulative_flow_day_by_day() {
        let report = report();
        let per_day: Vec<u32> = report
            .charts
            .throughput_per_day
            .iter()
            .map(|(_, n)| *n)
            .collect();
        // 11-02: #1; 11-03: #2; 11-04: #3; 11-05: none; 11-06: #4; 11-07: #5; 11-08: #6 #7 #9.
        assert_eq!(per_day, [1, 1, 1, 0, 1, 1, 3]);
        assert_eq!(
            report.charts.throughput_per_week,
            [(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), 8)]
        );
        // In progress at each day's end: in Doing or Review then.
        // 11-02: #2 #3 #7 (#1 done) = 3; 11-03: #3 #4 #5 #6 #7 = 5;
        // 11-04: #4 #5 #6 #7 = 4; 11-05: + #8 = 5; 11-06: #4 done, #9 started
        // and sent back to To do by the day's end = 4; 11-07: #5 done, #9 again
        // = 4; 11-08: #6 #7 #9 done: #8 = 1.
        let wip: Vec<u32> = report.charts.wip_per_day.iter().map(|(_, n)| *n).collect();
        assert_eq!(wip, [3, 5, 4, 5, 4, 4, 1]);
        // The cumulative flow says the same: its started bands (Doing, Review).
        let started: Vec<u32> = report
            .charts
            .cumulative_flow
            .iter()
            .map(|(_, bands)| bands[1] + bands[2])
            .collect();
        assert_eq!(started, wip);
        // Columns To do, Doing, Review, Done at the end of 11-03 and of 11-08.
        assert_eq!(report.charts.cumulative_flow[1].1, [0, 4, 1, 2]); // #8 to #10 not created yet
        assert_eq!(report.charts.cumulative_flow[6].1, [1, 0, 1, 8]);
    }

    /// Items settled in Done before the range are counted, not read: they add to
    /// the Done band on every day and to nothing else.
    #[test]
    fn settled_items_only_raise_their_band() {
        let mut board = history(ten_items());
        board.settled.insert(DONE, 1000);
        let report = flow_report(&board, week(), at("2026-11-08T18:00:00Z"));
        assert_eq!(report.charts.cumulative_flow[6].1, [1, 0, 1, 1008]);
        assert_eq!(report.finished.len(), 8);
        assert_eq!(report.charts.wip_per_day.last().unwrap().1, 1);
    }

    #[test]
    fn aging_efficiency_and_distribution() {
        let report = report();
        // #8 started 11-05, looked at on 11-08: 4 days; #10 never started.
        assert_eq!(report.charts.aging.len(), 1);
        assert_eq!(report.charts.aging[0].age_days, 4);
        assert_eq!(report.charts.aging[0].column, REVIEW);
        // Active (Doing) time over cycle time: every finished item spent all its
        // cycle in Doing except #3 (24 h of 48 h in Review) and #9 (18 h of its
        // 48 h back in To do): cycle total = 8+24+48+72+96+120+144+48 = 560 h,
        // active = 560 − 24 − 18 = 518 h.
        let efficiency = report.charts.flow_efficiency.unwrap();
        assert!((efficiency - 518.0 / 560.0).abs() < 1e-9, "{efficiency}");
        assert_eq!(
            report.charts.distribution,
            [
                ("story".to_owned(), 5),
                ("defect".to_owned(), 2),
                ("enabler".to_owned(), 1)
            ]
        );
    }

    /// The titles a page asks for: one card per scatterplot point, and the aging.
    #[test]
    fn the_charts_name_each_points_sample_and_every_aging_item() {
        let charts = report().charts;
        let named = charts.named();
        assert_eq!(named.len(), charts.scatter.len() + 1);
        for point in &charts.scatter {
            assert!(named.contains(&point.sample));
        }
        assert!(named.contains(&charts.aging[0].id));
    }

    #[test]
    fn an_empty_range_and_a_reopened_item() {
        let empty = DayRange {
            first: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        };
        let report = flow_report(&history(ten_items()), empty, at("2026-12-02T00:00:00Z"));
        assert!(report.finished.is_empty());
        assert_eq!(report.charts.cycle_percentiles, None);
        assert_eq!(report.charts.flow_efficiency, None);
        assert_eq!(report.charts.throughput_per_day.len(), 2);

        // Done, then reopened into Doing: unfinished again, aging from its first start.
        let reopened = item(
            11,
            "story",
            "2026-11-01T09:00:00Z",
            &[
                ("2026-11-02T09:00:00Z", DOING),
                ("2026-11-03T09:00:00Z", DONE),
                ("2026-11-04T09:00:00Z", DOING),
            ],
        );
        let t = timeline(&reopened, &board());
        assert_eq!(t.started, Some(at("2026-11-02T09:00:00Z")));
        assert_eq!(t.finished, None);
    }

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    /// Looked at after the week, the first four days' aging is as of the end of
    /// 11-05, not the midnight after it: #8, started that day, is 1 day old.
    #[test]
    fn a_past_range_ages_its_work_as_of_its_last_day() {
        let range = DayRange {
            first: day("2026-11-02"),
            last: day("2026-11-05"),
        };
        let report = flow_report(&history(ten_items()), range, at("2026-11-20T12:00:00Z"));
        let ages: Vec<(u128, i64)> = report
            .charts
            .aging
            .iter()
            .map(|a| (a.id.as_u128() - 100, a.age_days))
            .collect();
        // In progress at the end of 11-05: #4 #5 #6 (started 11-03), #7 (11-02), #8.
        assert_eq!(ages, [(7, 4), (4, 3), (5, 3), (6, 3), (8, 1)]);
        assert_eq!(
            report.charts.wip_per_day.last().unwrap().1,
            ages.len() as u32
        );
    }

    /// Created 11-01, started 11-02, done 11-03, reopened 11-04, done again 11-05.
    fn finished_twice(n: u128) -> ItemHistory {
        item(
            n,
            "story",
            "2026-11-01T09:00:00Z",
            &[
                ("2026-11-02T09:00:00Z", DOING),
                ("2026-11-03T09:00:00Z", DONE),
                ("2026-11-04T09:00:00Z", DOING),
                ("2026-11-05T09:00:00Z", DONE),
            ],
        )
    }

    /// Finished on 11-03, reopened on 11-04, finished again on 11-05: it
    /// finished once, on 11-05, whichever range is asked, so adjacent ranges add
    /// up; on 11-03 it sat in Done and was not in progress.
    #[test]
    fn an_item_finishes_once_whatever_the_range() {
        let twice = history(vec![finished_twice(1)]);
        let now = at("2026-11-10T12:00:00Z");
        let range = |first: &str, last: &str| DayRange {
            first: day(first),
            last: day(last),
        };
        let finished = |r: DayRange| flow_report(&twice, r, now).finished.len();
        assert_eq!(finished(range("2026-11-02", "2026-11-03")), 0);
        assert_eq!(finished(range("2026-11-04", "2026-11-05")), 1);
        assert_eq!(finished(range("2026-11-02", "2026-11-05")), 1);
        let first_days = flow_report(&twice, range("2026-11-02", "2026-11-03"), now);
        let wip: Vec<u32> = first_days
            .charts
            .wip_per_day
            .iter()
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(wip, [1, 0]);
        assert_eq!(first_days.charts.cumulative_flow[1].1, [0, 0, 0, 1]);
        let whole = flow_report(&twice, range("2026-11-02", "2026-11-05"), now);
        assert_eq!(whole.finished[0].cycle_days, 4, "from its first start");
    }

    /// The pace forecast's samples: each day's finishes, the reopened item on its
    /// last finish only.
    #[test]
    fn finishes_per_day_count_each_item_on_its_finish_day() {
        let board = history(vec![
            finished_twice(1),
            item(
                2,
                "story",
                "2026-11-01T09:00:00Z",
                &[
                    ("2026-11-02T09:00:00Z", DOING),
                    ("2026-11-05T18:00:00Z", DONE),
                ],
            ),
            item(
                3,
                "defect",
                "2026-11-01T09:00:00Z",
                &[("2026-11-03T09:00:00Z", DOING)],
            ),
        ]);
        let range = DayRange {
            first: day("2026-11-02"),
            last: day("2026-11-06"),
        };
        let finishes = timelines(&board).into_iter().filter_map(|t| t.finished);
        assert_eq!(finishes_per_day(finishes, range), [0, 0, 0, 2, 0]);
        // Outside the range, before or after, none is counted.
        let after = DayRange {
            first: day("2026-11-06"),
            last: day("2026-11-08"),
        };
        let finishes = timelines(&board).into_iter().filter_map(|t| t.finished);
        assert_eq!(finishes_per_day(finishes, after), [0, 0, 0]);
    }

    #[test]
    fn a_range_from_a_form_defaults_to_the_last_thirty_days() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let range = DayRange::from_form(None, None, today).unwrap();
        assert_eq!((range.first, range.last), (day("2026-10-27"), today));
        assert_eq!(range.days().count(), 30);
        let range = DayRange::from_form(Some("2026-11-01"), Some(""), today).unwrap();
        assert_eq!((range.first, range.last), (day("2026-11-01"), today));
        let refused = [
            (Some("2026-11-30"), Some("2026-11-01"), "from"),
            (Some("yesterday"), None, "from"),
            (None, Some("2026-13-01"), "to"),
            (Some("2020-01-01"), None, "from"),
        ];
        for (first, last, field) in refused {
            let error = DayRange::from_form(first, last, today).unwrap_err();
            assert_eq!(error.field, field, "{first:?} {last:?}");
        }
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let cases: [(&[i64], u32, Option<i64>); 5] = [
            (&[], 50, None),
            (&[4], 95, Some(4)),
            (&[1, 2, 3, 4], 50, Some(2)), // rank ⌈2⌉ = 2
            (&[1, 2, 3, 4], 85, Some(4)), // rank ⌈3.4⌉ = 4
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 85, Some(9)), // rank ⌈8.5⌉ = 9
        ];
        for (values, p, expected) in cases {
            assert_eq!(percentile(values, p), expected, "{values:?} p{p}");
        }
    }
}

/// Properties of the flow figures over generated histories: whatever the moves,
/// the figures of adjacent ranges add up and agree with each other.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const COLUMNS: [(StateCategory, Activity); 5] = [
        (StateCategory::NotStarted, Activity::Wait),
        (StateCategory::Started, Activity::Active),
        (StateCategory::Started, Activity::Wait),
        (StateCategory::Done, Activity::Active),
        (StateCategory::Done, Activity::Wait),
    ];

    fn column(index: usize) -> Uuid {
        Uuid::from_u128(index as u128 + 1)
    }

    fn epoch() -> DateTime<Utc> {
        midnight(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }

    /// An item: created some hours into the period, then moves (each some hours
    /// after the one before) into any column, backwards included.
    fn item() -> impl Strategy<Value = (u32, Vec<(u32, usize)>)> {
        (
            0u32..24 * 30,
            prop::collection::vec((0u32..72, 0..COLUMNS.len()), 0..8),
        )
    }

    fn board(items: Vec<(u32, Vec<(u32, usize)>)>) -> BoardHistory {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(n, (created_hour, steps))| {
                let created = epoch() + Duration::hours(created_hour.into());
                let mut at = created;
                let mut moves = vec![Move { at, to: column(0) }];
                for (hours, to) in steps {
                    at += Duration::hours(hours.into()) + Duration::minutes(1);
                    moves.push(Move { at, to: column(to) });
                }
                ItemHistory {
                    id: Uuid::from_u128(1000 + n as u128),
                    kind: "story".into(),
                    created,
                    moves,
                }
            })
            .collect();
        BoardHistory {
            items,
            columns: COLUMNS
                .iter()
                .enumerate()
                .map(|(i, (category, activity))| {
                    (
                        column(i),
                        ColumnKind {
                            category: *category,
                            activity: *activity,
                        },
                    )
                })
                .collect(),
            order: (0..COLUMNS.len()).map(column).collect(),
            settled: HashMap::new(),
        }
    }

    fn days(first: u32, last: u32) -> DayRange {
        let day = |n: u32| epoch().date_naive() + Duration::days(n.into());
        DayRange {
            first: day(first),
            last: day(last),
        }
    }

    /// Read well after every move.
    fn now() -> DateTime<Utc> {
        epoch() + Duration::days(90)
    }

    proptest! {
        #[test]
        fn throughput_of_adjacent_ranges_adds_up_to_their_union(
            items in prop::collection::vec(item(), 0..25),
            first in 0u32..40,
            split in 0u32..20,
            rest in 1u32..20,
        ) {
            let history = board(items);
            let (left, right) = (days(first, first + split), days(first + split + 1, first + split + rest));
            let union = flow_report(&history, days(first, first + split + rest), now());
            let (left, right) = (flow_report(&history, left, now()), flow_report(&history, right, now()));
            prop_assert_eq!(left.finished.len() + right.finished.len(), union.finished.len());
            let joined: Vec<_> = left.charts.throughput_per_day.iter().chain(&right.charts.throughput_per_day).cloned().collect();
            prop_assert_eq!(joined, union.charts.throughput_per_day);
            // A day's figures do not depend on where the range ends.
            let wip: Vec<_> = left.charts.wip_per_day.iter().chain(&right.charts.wip_per_day).cloned().collect();
            prop_assert_eq!(wip, union.charts.wip_per_day);
        }

        #[test]
        fn wip_is_the_cumulative_flows_started_bands_and_aging_its_last_day(
            items in prop::collection::vec(item(), 0..25),
            first in 0u32..40,
            length in 0u32..30,
        ) {
            let report = flow_report(&board(items), days(first, first + length), now());
            for ((day, wip), (band_day, bands)) in report.charts.wip_per_day.iter().zip(&report.charts.cumulative_flow) {
                prop_assert_eq!(day, band_day);
                let started: u32 = bands
                    .iter()
                    .zip(&COLUMNS)
                    .filter(|(_, (category, _))| *category == StateCategory::Started)
                    .map(|(count, _)| *count)
                    .sum();
                prop_assert_eq!(*wip, started, "{}", day);
            }
            prop_assert_eq!(report.charts.aging.len() as u32, report.charts.wip_per_day.last().unwrap().1);
        }

        #[test]
        fn times_are_never_negative_and_lead_covers_cycle(
            items in prop::collection::vec(item(), 0..25),
            first in 0u32..40,
            length in 0u32..60,
        ) {
            let report = flow_report(&board(items), days(first, first + length), now());
            for finished in &report.finished {
                prop_assert!(finished.cycle_seconds >= 0);
                prop_assert!(finished.cycle_days >= 1);
                prop_assert!(finished.lead_days >= finished.cycle_days);
                prop_assert!(finished.active_seconds <= finished.cycle_seconds);
            }
            for aging in &report.charts.aging {
                prop_assert!(aging.age_days >= 1);
            }
        }
    }
}
