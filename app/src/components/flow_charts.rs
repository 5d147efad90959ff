//! The flow charts of a team's metrics page, drawn as SVG from `domain::flow`'s
//! report on the server and again, identically, by the WebAssembly: cycle-time
//! scatterplot, throughput run chart, WIP, cumulative flow and aging WIP.

use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::chart::{nice_ceiling, Scale};
use crate::domain::flow::{FlowCharts, ScatterPoint};
use crate::views::board_metrics::FlowColumn;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 250.0;
// Room on the left for the values and the vertical axis's title, below for the
// dates and the horizontal axis's title.
const LEFT: f64 = 58.0;
const RIGHT: f64 = WIDTH - 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = HEIGHT - 42.0;

/// The scales of a chart over the range's days (x) and counts or days (y).
#[derive(Clone, Copy)]
struct Frame {
    x: Scale,
    y: Scale,
}

impl Frame {
    fn days(days: usize, y_top: f64) -> Frame {
        Frame {
            x: Scale {
                low: 0.0,
                high: days.max(1) as f64,
                from: LEFT,
                to: RIGHT,
            },
            y: Scale {
                low: 0.0,
                high: y_top,
                from: BOTTOM,
                to: TOP,
            },
        }
    }
}

/// Grid lines and labels: five values up the side, dates along the bottom.
fn axes(frame: Frame, dates: &[(usize, String)]) -> impl IntoView {
    let values = value_axis(frame);
    let last = dates.len().saturating_sub(1);
    let dates = dates
        .iter()
        .enumerate()
        .map(|(i, (day, label))| {
            let anchor = match i {
                0 => "start",
                i if i == last => "end",
                _ => "middle",
            };
            view! {
                <text class="tick" x=frame.x.at(*day as f64).min(RIGHT) y=BOTTOM + 18.0 text-anchor=anchor>
                    {label.clone()}
                </text>
            }
        })
        .collect_view();
    view! {
        {values}
        {dates}
    }
}

/// Five values up the side, each with its grid line.
fn value_axis(frame: Frame) -> impl IntoView {
    (0..=4)
        .map(|i| {
            let value = frame.y.high * f64::from(i) / 4.0;
            let y = frame.y.at(value);
            view! {
                <line class="grid" x1=LEFT x2=RIGHT y1=y y2=y></line>
                <text class="tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">
                    {crate::domain::trend::format_value(value)}
                </text>
            }
        })
        .collect_view()
}

/// Five dates spread over the range, as (day index, label).
fn date_labels(report: &FlowCharts) -> Vec<(usize, String)> {
    let days: Vec<_> = report.range.days().collect();
    let n = days.len();
    if n == 0 {
        return Vec::new();
    }
    let mut picks: Vec<usize> = (0..5).map(|i| i * n / 5).collect();
    picks.push(n);
    picks.dedup();
    picks
        .into_iter()
        .map(|i| {
            let day = days[i.min(n - 1)];
            let label = if i == n {
                (day + chrono::Duration::days(1)).format("%Y-%m-%d")
            } else {
                day.format("%Y-%m-%d")
            };
            (i, label.to_string())
        })
        .collect()
}

/// What a chart says besides its drawing: its title, what each axis measures, a
/// caption with the reading that matters, and the figures as a table for those
/// who cannot see the drawing or want the exact numbers.
struct ChartText {
    title: &'static str,
    x_axis: &'static str,
    y_axis: &'static str,
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn chart(text: ChartText, body: impl IntoView) -> impl IntoView {
    let ChartText {
        title,
        x_axis,
        y_axis,
        caption,
        headers,
        rows,
    } = text;
    let headers = headers
        .into_iter()
        .map(|header| view! { <th scope="col">{header}</th> })
        .collect_view();
    let rows = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .map(|cell| view! { <td>{cell}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure class="flow-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title>
                <title>{title}</title>
                {body}
                <text class="axis-title" x=(LEFT + RIGHT) / 2.0 y=HEIGHT - 4.0 text-anchor="middle">
                    {x_axis}
                </text>
                <text
                    class="axis-title"
                    transform="rotate(-90)"
                    x=-(TOP + BOTTOM) / 2.0
                    y="14"
                    text-anchor="middle"
                >
                    {y_axis}
                </text>
            </svg>
            <figcaption>{caption}</figcaption>
            <details class="chart-data">
                <summary>"The figures as a table"</summary>
                <table>
                    <caption>{title}</caption>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// The items finished each day by their cycle time (a point for each day and
/// cycle time, larger for more items), with the 50th, 85th and 95th percentile
/// lines.
#[component]
pub fn CycleTimeScatter(report: FlowCharts, titles: HashMap<Uuid, String>) -> impl IntoView {
    let days = report.range.days().count();
    let top = report
        .scatter
        .iter()
        .map(|point| point.cycle_days)
        .max()
        .unwrap_or(0);
    let frame = Frame::days(days, nice_ceiling(top as f64 + 1.0));
    let first = report.range.first;
    let named = |point: &ScatterPoint| {
        let title = titles.get(&point.sample).cloned().unwrap_or_default();
        match point.items {
            1 => title,
            n => format!("{title} and {} more", n - 1),
        }
    };
    let dots = report
        .scatter
        .iter()
        .map(|point| {
            let day = (point.finished_on - first).num_days() as f64;
            // Area grows with the items a point stands for.
            let r = 4.0 * f64::from(point.items).sqrt().min(4.0);
            view! {
                <circle class="point" cx=frame.x.at(day + 0.5) cy=frame.y.at(point.cycle_days as f64) r=r>
                    <title>
                        {format!("{}: {} days, finished {}", named(point), point.cycle_days, point.finished_on)}
                    </title>
                </circle>
            }
        })
        .collect_view();
    let lines = report.cycle_percentiles.map(|[p50, p85, p95]| {
        [("p50", 50, p50), ("p85", 85, p85), ("p95", 95, p95)]
            .into_iter()
            .map(|(class, p, days)| {
                let y = frame.y.at(days as f64);
                view! {
                    <line class=format!("percentile {class}") x1=LEFT x2=RIGHT y1=y y2=y></line>
                    <text class="percentile-label" x=RIGHT - 4.0 y=y - 4.0 text-anchor="end">
                        {format!("{p}%: {days} days")}
                    </text>
                }
            })
            .collect_view()
    });
    let caption = match report.cycle_percentiles {
        Some([p50, p85, p95]) => format!(
            "{} items finished. Half took {p50} days or less, 85% {p85} or less, 95% {p95} or less.",
            report.finished
        ),
        None => "Nothing finished in this range.".into(),
    };
    let rows = report
        .scatter
        .iter()
        .map(|point| {
            vec![
                named(point),
                point.finished_on.to_string(),
                point.cycle_days.to_string(),
                point.items.to_string(),
            ]
        })
        .collect();
    chart(
        ChartText {
            title: "Cycle time scatterplot: days from start to finish, by finish date",
            x_axis: "Finish date",
            y_axis: "Cycle time (days)",
            caption,
            headers: headers(&["Items", "Finished", "Cycle time (days)", "How many"]),
            rows,
        },
        view! {
            {axes(frame, &date_labels(&report))}
            {lines}
            {dots}
        },
    )
}

/// Items finished each day.
#[component]
pub fn ThroughputChart(report: FlowCharts) -> impl IntoView {
    let days = report.throughput_per_day.len();
    let top = report
        .throughput_per_day
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let frame = Frame::days(days, nice_ceiling(f64::from(top)));
    let width = frame.x.unit() * 0.8;
    let bars = report
        .throughput_per_day
        .iter()
        .enumerate()
        .map(|(i, (day, count))| {
            let y = frame.y.at(f64::from(*count));
            view! {
                <rect class="bar" x=frame.x.at(i as f64) + frame.x.unit() * 0.1 y=y width=width height=BOTTOM - y>
                    <title>{format!("{day}: {count} finished")}</title>
                </rect>
            }
        })
        .collect_view();
    let weeks = report
        .throughput_per_week
        .iter()
        .map(|(monday, n)| format!("week of {monday}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let total: u32 = report.throughput_per_day.iter().map(|(_, n)| n).sum();
    chart(
        ChartText {
            title: "Throughput run chart: items finished per day",
            x_axis: "Date",
            y_axis: "Items finished",
            caption: format!("{total} finished in all; {weeks}."),
            headers: headers(&["Date", "Finished"]),
            rows: daily_rows(&report.throughput_per_day),
        },
        view! {
            {axes(frame, &date_labels(&report))}
            {bars}
        },
    )
}

/// Items in progress at the end of each day.
#[component]
pub fn WipChart(report: FlowCharts) -> impl IntoView {
    let days = report.wip_per_day.len();
    let top = report
        .wip_per_day
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let frame = Frame::days(days, nice_ceiling(f64::from(top)));
    let points = report
        .wip_per_day
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            format!(
                "{:.1},{:.1}",
                frame.x.at(i as f64 + 0.5),
                frame.y.at(f64::from(*n))
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let latest = report.wip_per_day.last().map(|(_, n)| *n).unwrap_or(0);
    chart(
        ChartText {
            title: "Work in progress at the end of each day",
            x_axis: "Date",
            y_axis: "Items in progress",
            caption: format!("{latest} in progress at the end of the range."),
            headers: headers(&["Date", "In progress"]),
            rows: daily_rows(&report.wip_per_day),
        },
        view! {
            {axes(frame, &date_labels(&report))}
            <polyline class="trend" points=points></polyline>
        },
    )
}

/// One band per column, the rightmost (done) at the bottom.
#[component]
pub fn CumulativeFlow(report: FlowCharts, columns: Vec<FlowColumn>) -> impl IntoView {
    let days = report.cumulative_flow.len();
    let top = report
        .cumulative_flow
        .iter()
        .map(|(_, counts)| counts.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let frame = Frame::days(days.saturating_sub(1), nice_ceiling(f64::from(top)));
    let bands = (0..columns.len())
        .map(|band| {
            // Everything to the right of the band lies below it.
            let below = |counts: &Vec<u32>| counts.iter().skip(band + 1).sum::<u32>();
            let upper = report
                .cumulative_flow
                .iter()
                .enumerate()
                .map(|(i, (_, counts))| {
                    (i, below(counts) + counts.get(band).copied().unwrap_or(0))
                });
            let lower = report
                .cumulative_flow
                .iter()
                .enumerate()
                .rev()
                .map(|(i, (_, counts))| (i, below(counts)));
            let points = upper
                .chain(lower)
                .map(|(i, n)| {
                    format!(
                        "{:.1},{:.1}",
                        frame.x.at(i as f64),
                        frame.y.at(f64::from(n))
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <polygon class=format!("band band-{}", band % 8) points=points>
                    <title>{columns[band].name.clone()}</title>
                </polygon>
            }
        })
        .collect_view();
    let legend = columns
        .iter()
        .enumerate()
        .map(|(band, column)| {
            view! { <li class=format!("band-key band-{}", band % 8)>{column.name.clone()}</li> }
        })
        .collect_view();
    view! {
        <div class="cumulative-flow">
            {chart(
                ChartText {
                    title: "Cumulative flow: items in each column at the end of each day",
                    x_axis: "Date",
                    y_axis: "Items",
                    caption: "Bands from the left column at the top to done at the bottom; a widening band is a queue growing.".into(),
                    headers: std::iter::once("Date".to_owned())
                        .chain(columns.iter().map(|column| column.name.clone()))
                        .collect(),
                    rows: report
                        .cumulative_flow
                        .iter()
                        .map(|(day, counts)| {
                            std::iter::once(day.to_string())
                                .chain(counts.iter().map(u32::to_string))
                                .collect()
                        })
                        .collect(),
                },
                view! {
                    {axes(frame, &date_labels(&report))}
                    {bands}
                },
            )}
            <ul class="band-legend" aria-label="Columns">{legend}</ul>
        </div>
    }
}

/// Each unfinished item's age in its column, against the 85th percentile cycle time.
#[component]
pub fn AgingChart(
    report: FlowCharts,
    columns: Vec<FlowColumn>,
    titles: HashMap<Uuid, String>,
) -> impl IntoView {
    let shown: Vec<&FlowColumn> = columns
        .iter()
        .filter(|c| c.started || report.aging.iter().any(|a| a.column == c.id))
        .collect();
    let oldest = report.aging.iter().map(|a| a.age_days).max().unwrap_or(0);
    let p85 = report.cycle_percentiles.map(|[_, p85, _]| p85);
    let top = nice_ceiling(oldest.max(p85.unwrap_or(0)) as f64 + 1.0);
    let frame = Frame {
        x: Scale {
            low: 0.0,
            high: shown.len().max(1) as f64,
            from: LEFT,
            to: RIGHT,
        },
        y: Scale {
            low: 0.0,
            high: top,
            from: BOTTOM,
            to: TOP,
        },
    };
    let names = shown
        .iter()
        .enumerate()
        .map(|(i, column)| {
            view! {
                <text class="tick" x=frame.x.at(i as f64 + 0.5) y=BOTTOM + 18.0 text-anchor="middle">
                    {column.name.clone()}
                </text>
            }
        })
        .collect_view();
    let dots = report
        .aging
        .iter()
        .filter_map(|item| {
            let slot = shown.iter().position(|c| c.id == item.column)?;
            let same: usize = report
                .aging
                .iter()
                .take_while(|a| a.id != item.id)
                .filter(|a| a.column == item.column)
                .count();
            // Spread the column's items across its slot so none hides another.
            let offset = ((same % 7) as f64 - 3.0) * 0.08;
            let title = titles.get(&item.id).cloned().unwrap_or_default();
            let late = p85.is_some_and(|p| item.age_days > p);
            Some(view! {
                <circle class:point=true class:late=late cx=frame.x.at(slot as f64 + 0.5 + offset) cy=frame.y.at(item.age_days as f64) r="4">
                    <title>{format!("{title}: {} days old", item.age_days)}</title>
                </circle>
            })
        })
        .collect_view();
    let line = p85.map(|days| {
        let y = frame.y.at(days as f64);
        view! {
            <line class="percentile p85" x1=LEFT x2=RIGHT y1=y y2=y></line>
            <text class="percentile-label" x=RIGHT - 4.0 y=y - 4.0 text-anchor="end">
                {format!("85% finish within {days} days")}
            </text>
        }
    });
    let late = p85
        .map(|p| report.aging.iter().filter(|a| a.age_days > p).count())
        .unwrap_or(0);
    let rows = report
        .aging
        .iter()
        .map(|item| {
            let column = columns
                .iter()
                .find(|c| c.id == item.column)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            vec![
                titles.get(&item.id).cloned().unwrap_or_default(),
                column,
                item.age_days.to_string(),
            ]
        })
        .collect();
    chart(
        ChartText {
            title: "Aging work in progress: each unfinished item's age in days, by column",
            x_axis: "Column",
            y_axis: "Age (days)",
            caption: format!(
                "{} items in progress; {late} older than 85% of finished items took.",
                report.aging.len()
            ),
            headers: headers(&["Item", "Column", "Age (days)"]),
            rows,
        },
        view! {
            {value_axis(frame)}
            {names}
            {line}
            {dots}
        },
    )
}

/// One row per day: the date and its count.
fn daily_rows(per_day: &[(chrono::NaiveDate, u32)]) -> Vec<Vec<String>> {
    per_day
        .iter()
        .map(|(day, count)| vec![day.to_string(), count.to_string()])
        .collect()
}
