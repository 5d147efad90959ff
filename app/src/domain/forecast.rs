//! Forecasts from a team's own history: a Monte Carlo simulation over the items
//! its teams finished each day of a recent window. Each trial replays randomly
//! drawn past days until the remaining work is done; many trials give the date by
//! which the work is done with a given likelihood, and the likelihood of a date.
//! The random source is seeded, so a forecast is reproducible and testable.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many past days the history covers.
pub const HISTORY_DAYS: usize = 90;
/// Trials per forecast: enough for percentiles stable to about a day.
pub const TRIALS: u32 = 10_000;
/// Below this many days that finished anything, the history says too little.
pub const MIN_DAYS_WITH_THROUGHPUT: usize = 5;
/// A trial that has not finished after this many days stops there.
const HORIZON_DAYS: u32 = 3 * 365;

/// The days a forecast made `today` samples: the `HISTORY_DAYS` before it.
pub fn history_range(today: NaiveDate) -> super::flow::DayRange {
    super::flow::DayRange::ending(today - Duration::days(1), HISTORY_DAYS as i64)
}

/// The likelihoods forecasts are given at.
pub const LIKELIHOODS: [u32; 3] = [50, 85, 95];

/// A small seedable random source (xorshift64*): the same draws for the same seed.
pub struct Dice(u64);

impl Dice {
    pub fn seeded(seed: u64) -> Dice {
        // xorshift must not start at zero.
        Dice(seed | 1)
    }

    /// The dice of `subject` (an item, a board) on `day`: a page read again the
    /// same day says the same.
    pub fn of_day(subject: uuid::Uuid, day: NaiveDate) -> Dice {
        use chrono::Datelike;
        Dice::seeded((subject.as_u128() as u64) ^ u64::from(day.num_days_from_ce().unsigned_abs()))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Why no forecast is given, in words the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum NoForecast {
    #[error("it has no work items yet")]
    NoWorkItems,
    #[error("nothing is left to do")]
    NothingLeft,
    #[error(
        "the teams finished work on only {days} of the last {window} days; a forecast needs at least {needed}"
    )]
    TooThin {
        days: usize,
        window: usize,
        needed: usize,
    },
}

/// When the remaining work is done: the date by which it is done with 50 %, 85 %
/// and 95 % likelihood, and, against a target date, the likelihood of meeting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub remaining: u32,
    /// Items finished in the history window, for the reader to judge it by.
    pub finished_in_history: u32,
    /// In `LIKELIHOODS` order.
    pub done_by: [NaiveDate; 3],
    /// The likelihood (0 to 1) of being done by the target date, when there is one.
    pub meets_target: Option<f64>,
}

/// A history is usable when enough of its days finished something.
fn usable(daily: &[u32]) -> Result<(), NoForecast> {
    let days = daily.iter().filter(|count| **count > 0).count();
    if days < MIN_DAYS_WITH_THROUGHPUT {
        return Err(NoForecast::TooThin {
            days,
            window: daily.len(),
            needed: MIN_DAYS_WITH_THROUGHPUT,
        });
    }
    Ok(())
}

/// One trial: days drawn from `daily` until `remaining` items are done (at most
/// the horizon).
fn trial(daily: &[u32], remaining: u32, dice: &mut Dice) -> u32 {
    let (mut done, mut days) = (0u32, 0u32);
    while done < remaining && days < HORIZON_DAYS {
        done += daily[dice.below(daily.len())];
        days += 1;
    }
    days
}

/// The days each of `trials` trials took to finish `remaining` items, sorted.
fn simulated_days(daily: &[u32], remaining: u32, trials: u32, dice: &mut Dice) -> Vec<u32> {
    let mut days: Vec<u32> = (0..trials).map(|_| trial(daily, remaining, dice)).collect();
    days.sort_unstable();
    days
}

/// Nearest rank, as the flow metrics' percentiles.
fn at_likelihood(sorted: &[u32], percent: u32) -> u32 {
    let rank = (u64::from(percent) * sorted.len() as u64)
        .div_ceil(100)
        .max(1) as usize;
    sorted[rank - 1]
}

/// Forecasts `remaining` items from `daily` (items finished on each day of the
/// history, zeros included), counting the days from `today` (a day that finishes
/// work is the day it is done by: one day of work from today is done by today).
pub fn forecast(
    daily: &[u32],
    remaining: u32,
    today: NaiveDate,
    target: Option<NaiveDate>,
    dice: &mut Dice,
) -> Result<Forecast, NoForecast> {
    if remaining == 0 {
        return Err(NoForecast::NothingLeft);
    }
    usable(daily)?;
    let days = simulated_days(daily, remaining, TRIALS, dice);
    let done_by = LIKELIHOODS
        .map(|percent| today + Duration::days(i64::from(at_likelihood(&days, percent)) - 1));
    let meets_target = target.map(|target| {
        let allowed = (target - today).num_days() + 1;
        let in_time = days.iter().filter(|d| i64::from(**d) <= allowed).count();
        in_time as f64 / days.len() as f64
    });
    Ok(Forecast {
        remaining,
        finished_in_history: daily.iter().sum(),
        done_by,
        meets_target,
    })
}

/// How far ahead a "how many by" forecast may look.
pub const HORIZON_MAX_DAYS: i64 = 365;

/// The date a "how many by" forecast looks to, as typed (`YYYY-MM-DD`; empty: in
/// 30 days): from today to a year ahead.
pub fn horizon(raw: &str, today: NaiveDate) -> Result<NaiveDate, super::planning::FieldError> {
    let by = super::planning::date("by", raw)?.unwrap_or(today + Duration::days(30));
    let days = (by - today).num_days();
    if !(0..=HORIZON_MAX_DAYS).contains(&days) {
        return Err(super::planning::FieldError {
            field: "by",
            message: format!("a date from today ({today}) to a year ahead"),
        });
    }
    Ok(by)
}

/// How many items are done within `days` days at least, with 50 %, 85 % and 95 %
/// likelihood ("how many by this date").
pub fn items_within(daily: &[u32], days: u32, dice: &mut Dice) -> Result<[u32; 3], NoForecast> {
    usable(daily)?;
    let mut totals: Vec<u32> = (0..TRIALS)
        .map(|_| (0..days).map(|_| daily[dice.below(daily.len())]).sum())
        .collect();
    // "At least N with 85 % likelihood": 85 % of trials did N or more.
    totals.sort_unstable_by(|a, b| b.cmp(a));
    Ok(LIKELIHOODS.map(|percent| at_likelihood(&totals, percent)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_constant_throughput_has_one_exact_answer() {
        // Two items every day: ten items take five days, today included.
        let daily = [2; 30];
        let forecast = forecast(
            &daily,
            10,
            today(),
            Some(day("2026-12-01")),
            &mut Dice::seeded(7),
        )
        .unwrap();
        assert_eq!(forecast.done_by, [day("2026-12-01"); 3]);
        assert_eq!(forecast.meets_target, Some(1.0));
        let late = super::forecast(
            &daily,
            10,
            today(),
            Some(day("2026-11-30")),
            &mut Dice::seeded(7),
        )
        .unwrap();
        assert_eq!(late.meets_target, Some(0.0));
        assert_eq!(forecast.finished_in_history, 60);
        assert_eq!(
            items_within(&daily, 7, &mut Dice::seeded(7)).unwrap(),
            [14; 3]
        );
    }

    #[test]
    fn a_single_possible_day_decides_every_trial() {
        // Days finish 3 items or none; only days with 3 count, and the empty days
        // make trials longer: the forecast of 3 items is never earlier than today.
        let mut daily = vec![0; 20];
        daily.extend([3; 10]);
        let forecast = forecast(&daily, 3, today(), None, &mut Dice::seeded(1)).unwrap();
        assert!(forecast.done_by[0] >= today());
        assert_eq!(forecast.meets_target, None);
        // A third of days finish 3: half the trials are done within 2 days.
        let [p50, p85, p95] = forecast.done_by;
        assert!(p50 <= p85 && p85 <= p95, "{:?}", forecast.done_by);
        assert_eq!(p50, day("2026-11-28"));
    }

    #[test]
    fn likelihoods_are_ordered_and_more_work_never_finishes_sooner() {
        let daily: Vec<u32> = (0..90).map(|d| [0, 1, 2, 0, 3, 1, 0][d % 7]).collect();
        let mut last = [today(); 3];
        for remaining in [1, 5, 20, 60] {
            let forecast =
                forecast(&daily, remaining, today(), None, &mut Dice::seeded(42)).unwrap();
            let [p50, p85, p95] = forecast.done_by;
            assert!(
                p50 <= p85 && p85 <= p95,
                "{remaining}: {:?}",
                forecast.done_by
            );
            assert!(forecast
                .done_by
                .iter()
                .zip(&last)
                .all(|(now, before)| now >= before));
            last = forecast.done_by;
        }
        let [at_50, at_85, at_95] = items_within(&daily, 30, &mut Dice::seeded(42)).unwrap();
        assert!(at_50 >= at_85 && at_85 >= at_95, "{at_50} {at_85} {at_95}");
    }

    #[test]
    fn the_mean_of_many_trials_is_the_expected_duration() {
        // Each day finishes one item with probability ½: 20 items take 40 days on
        // average (a negative binomial); the median of 10,000 trials lies close.
        let daily: Vec<u32> = (0..90).map(|d| (d % 2) as u32).collect();
        let days = simulated_days(&daily, 20, TRIALS, &mut Dice::seeded(3));
        let mean = days.iter().map(|d| f64::from(*d)).sum::<f64>() / days.len() as f64;
        assert!((mean - 40.0).abs() < 0.5, "{mean}");
        let median = at_likelihood(&days, 50);
        assert!((38..=41).contains(&median), "{median}");
    }

    #[test]
    fn a_forecast_is_reproducible_from_its_seed() {
        let daily: Vec<u32> = (0..90).map(|d| [1, 0, 2][d % 3]).collect();
        let once = forecast(
            &daily,
            25,
            today(),
            Some(day("2026-12-20")),
            &mut Dice::seeded(9),
        );
        let again = forecast(
            &daily,
            25,
            today(),
            Some(day("2026-12-20")),
            &mut Dice::seeded(9),
        );
        assert_eq!(once, again);
    }

    #[test]
    fn no_forecast_without_work_left_or_from_a_thin_history() {
        let daily = [0, 0, 1, 0, 2, 0, 0, 1, 0, 0];
        assert_eq!(
            forecast(&daily, 0, today(), None, &mut Dice::seeded(1)),
            Err(NoForecast::NothingLeft)
        );
        let thin = forecast(&daily, 4, today(), None, &mut Dice::seeded(1)).unwrap_err();
        assert_eq!(
            thin,
            NoForecast::TooThin {
                days: 3,
                window: 10,
                needed: MIN_DAYS_WITH_THROUGHPUT
            }
        );
        assert_eq!(
            thin.to_string(),
            "the teams finished work on only 3 of the last 10 days; a forecast needs at least 5"
        );
        assert!(items_within(&[], 5, &mut Dice::seeded(1)).is_err());
    }

    #[test]
    fn a_horizon_is_a_date_from_today_to_a_year_ahead() {
        assert_eq!(horizon("", today()), Ok(day("2026-12-27")));
        assert_eq!(horizon("2026-11-27", today()), Ok(today()));
        assert_eq!(horizon(" 2027-11-27 ", today()), Ok(day("2027-11-27")));
        for refused in ["2026-11-26", "2027-11-28", "soon"] {
            assert_eq!(
                horizon(refused, today()).unwrap_err().field,
                "by",
                "{refused}"
            );
        }
    }
}
