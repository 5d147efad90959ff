//! The geometry of a metric's trend chart: where each measurement, the baseline,
//! the target and the straight line expected between them fall on an SVG canvas.
//! The server and the browser draw the same chart from the same numbers, so it
//! reads the same with JavaScript off.

use chrono::{DateTime, Utc};

use super::flow::midnight;
use super::outcome::Goal;

/// The canvas, in SVG user units; the SVG scales to its container.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 240.0;
/// Room left of the plot for the value labels, and below it for the dates.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// How many labelled values and dates the axes carry.
const TICKS: usize = 5;

/// One measurement to plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: DateTime<Utc>,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// "25 kg on 2026-11-22", for the point's tooltip and screen readers.
    pub label: String,
}

/// A horizontal line across the plot at a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub y: f64,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// x for a date tick, y for a value tick.
    pub at: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The measurements, oldest first; `polyline` joins them.
    pub points: Vec<Point>,
    pub polyline: String,
    pub baseline: Level,
    pub target: Level,
    /// Baseline on its date to target on its date: where status is judged from.
    pub expected: Option<Segment>,
    /// Today's x, when today is inside the time axis.
    pub today: Option<f64>,
    pub value_ticks: Vec<Tick>,
    pub date_ticks: Vec<Tick>,
}

/// "25", "2.5", "0.35", "12,500": short enough for an axis label.
pub fn format_value(value: f64) -> String {
    let magnitude = value.abs();
    let text = if magnitude >= 100.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    group_thousands(trimmed)
}

fn group_thousands(number: &str) -> String {
    let (sign, rest) = number
        .strip_prefix('-')
        .map_or(("", number), |rest| ("-", rest));
    let (whole, fraction) = rest.split_once('.').map_or((rest, ""), |(w, f)| (w, f));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => format_value(value),
        "%" => format!("{}%", format_value(value)),
        unit => format!("{} {unit}", format_value(value)),
    }
}

/// Lays out the chart of `samples` (oldest first) against the metric's baseline
/// and target. The time axis spans the baseline date to the target date and
/// stretches to every measurement and to `now`; the value axis spans every value
/// shown, with a tenth of room above and below.
pub fn trend_chart(
    samples: &[Sample],
    baseline: f64,
    target: f64,
    goal: Option<&Goal>,
    unit: &str,
    now: DateTime<Utc>,
) -> TrendChart {
    let (left, right, top, bottom) = (LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM);
    let times = samples
        .iter()
        .map(|s| s.at)
        .chain(goal.map(|g| midnight(g.baseline_date)))
        .chain(goal.map(|g| midnight(g.target_date)))
        .chain([now]);
    let (start, end) = times.fold((now, now), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let span = ((end - start).num_seconds() as f64).max(1.0);
    let x = |t: DateTime<Utc>| left + (t - start).num_seconds() as f64 / span * (right - left);

    let values = samples.iter().map(|s| s.value).chain([baseline, target]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let room = if hi > lo {
        (hi - lo) / 10.0
    } else {
        (hi.abs() / 10.0).max(1.0)
    };
    let (lo, hi) = (lo - room, hi + room);
    let y = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);

    let points: Vec<Point> = samples
        .iter()
        .map(|s| Point {
            x: x(s.at),
            y: y(s.value),
            label: format!(
                "{} on {}",
                with_unit(s.value, unit),
                s.at.format("%Y-%m-%d")
            ),
        })
        .collect();
    let polyline = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let fraction = |i: usize| i as f64 / (TICKS - 1) as f64;
    TrendChart {
        left,
        right,
        top,
        bottom,
        polyline,
        points,
        baseline: Level {
            y: y(baseline),
            label: format!("Baseline {}", with_unit(baseline, unit)),
        },
        target: Level {
            y: y(target),
            label: format!("Target {}", with_unit(target, unit)),
        },
        expected: goal.map(|g| Segment {
            x1: x(midnight(g.baseline_date)),
            y1: y(g.baseline),
            x2: x(midnight(g.target_date)),
            y2: y(g.target),
        }),
        today: (start < now && now < end).then(|| x(now)),
        value_ticks: (0..TICKS)
            .map(|i| {
                let value = lo + (hi - lo) * fraction(i);
                Tick {
                    at: y(value),
                    label: format_value(value),
                }
            })
            .collect(),
        date_ticks: (0..TICKS)
            .map(|i| {
                let offset = chrono::Duration::seconds((span * fraction(i)) as i64);
                Tick {
                    at: left + (right - left) * fraction(i),
                    label: (start + offset).format("%Y-%m-%d").to_string(),
                }
            })
            .collect(),
    }
}

/// A sparkline's points ("x,y x,y …") for `values` in order, on a `width` ×
/// `height` box with `pad` left free around it: the lowest value at the bottom,
/// the highest at the top, a flat history (or a single value) a line across the
/// middle. Empty for no values.
pub fn sparkline(values: &[f64], width: f64, height: f64, pad: f64) -> String {
    use super::chart::Scale;
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let y = Scale {
        low,
        high,
        from: height - pad,
        to: pad,
    };
    if let [only] = values {
        let middle = y.at(*only);
        return format!("{pad:.1},{middle:.1} {:.1},{middle:.1}", width - pad);
    }
    let x = Scale {
        low: 0.0,
        high: values.len().saturating_sub(1) as f64,
        from: pad,
        to: width - pad,
    };
    values
        .iter()
        .enumerate()
        .map(|(i, value)| format!("{:.1},{:.1}", x.at(i as f64), y.at(*value)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outcome::Direction;

    fn day(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}T00:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn goal(baseline: f64, target: f64, direction: Direction) -> Goal {
        Goal {
            direction,
            baseline,
            baseline_date: day("2026-01-01").date_naive(),
            target,
            target_date: day("2026-12-27").date_naive(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// Plot area: x from 56 to 624 (568 wide), y from 12 to 212 (200 high).
    /// Baseline 10 and target 30 with values inside give values 8..32 on the axis
    /// (a tenth of the 20-unit spread above and below): y(v) = 212 − (v − 8) / 24 × 200.
    /// Time runs 2026-01-01 .. 2026-12-27 (360 days): x(d) = 56 + days / 360 × 568.
    #[test]
    fn points_baseline_target_and_expected_line_land_where_the_arithmetic_says() {
        let samples = [
            Sample {
                at: day("2026-01-01"),
                value: 10.0,
            },
            Sample {
                at: day("2026-07-05"), // day 185
                value: 20.0,
            },
        ];
        let g = goal(10.0, 30.0, Direction::Increase);
        let chart = trend_chart(&samples, 10.0, 30.0, Some(&g), "kg", day("2026-11-22"));
        assert!(close(chart.points[0].x, 56.0));
        assert!(close(chart.points[0].y, 212.0 - 2.0 / 24.0 * 200.0)); // 195.33
        assert!(close(chart.points[1].x, 56.0 + 185.0 / 360.0 * 568.0)); // 347.89
        assert!(close(chart.points[1].y, 212.0 - 12.0 / 24.0 * 200.0)); // 112
        assert_eq!(chart.points[1].label, "20 kg on 2026-07-05");
        assert!(close(chart.baseline.y, chart.points[0].y));
        assert!(close(chart.target.y, 212.0 - 22.0 / 24.0 * 200.0)); // 28.67
        assert_eq!(chart.target.label, "Target 30 kg");
        let expected = chart.expected.unwrap();
        assert!(close(expected.x1, 56.0) && close(expected.x2, 624.0));
        assert!(close(expected.y2, chart.target.y));
        assert!(close(chart.today.unwrap(), 56.0 + 325.0 / 360.0 * 568.0));
        assert_eq!(chart.polyline, "56.0,195.3 347.9,112.0");
        assert_eq!(chart.date_ticks[0].label, "2026-01-01");
        assert_eq!(chart.date_ticks[4].label, "2026-12-27");
        assert_eq!(chart.value_ticks[0].label, "8");
        assert_eq!(chart.value_ticks[4].label, "32");
    }

    #[test]
    fn a_falling_metric_draws_its_target_below_its_baseline() {
        let g = goal(10.0, 4.0, Direction::Decrease);
        let chart = trend_chart(&[], 10.0, 4.0, Some(&g), "%", day("2026-06-01"));
        assert!(
            chart.target.y > chart.baseline.y,
            "lower value, lower on screen"
        );
        assert_eq!(chart.baseline.label, "Baseline 10%");
        assert!(chart.points.is_empty() && chart.polyline.is_empty());
    }

    /// Baseline = target and no dates: the value axis still has height (±1 around
    /// the single value, or a tenth of it) and the time axis a width.
    #[test]
    fn a_flat_metric_without_dates_still_has_two_axes() {
        let samples = [Sample {
            at: day("2026-06-01"),
            value: 50.0,
        }];
        let chart = trend_chart(&samples, 50.0, 50.0, None, "", day("2026-06-01"));
        assert!(chart.value_ticks.iter().all(|t| t.at.is_finite()));
        assert_eq!(chart.value_ticks[0].label, "45");
        assert_eq!(chart.value_ticks[4].label, "55");
        assert!(close(chart.points[0].x, 56.0));
        assert!(chart.expected.is_none() && chart.today.is_none());
    }

    #[test]
    fn values_are_labelled_briefly() {
        let cases = [
            (25.0, "25"),
            (2.5, "2.5"),
            (0.35, "0.35"),
            (12_500.0, "12,500"),
            (-1234.4, "-1,234"),
            (14.26, "14.3"),
            (0.0, "0"),
        ];
        for (value, label) in cases {
            assert_eq!(format_value(value), label, "{value}");
        }
    }

    #[test]
    fn a_sparkline_spans_its_box_lowest_at_the_bottom() {
        assert_eq!(sparkline(&[], 80.0, 20.0, 2.0), "");
        assert_eq!(
            sparkline(&[1.0, 3.0, 2.0], 80.0, 20.0, 2.0),
            "2.0,18.0 40.0,2.0 78.0,10.0"
        );
        assert_eq!(
            sparkline(&[5.0, 5.0], 80.0, 20.0, 2.0),
            "2.0,10.0 78.0,10.0"
        );
        assert_eq!(sparkline(&[7.0], 80.0, 20.0, 2.0), "2.0,10.0 78.0,10.0");
    }
}
