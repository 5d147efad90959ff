//! Outcome metrics on screen: a badge wherever an item shows what it serves, the
//! trend chart of a metric's history, and the links between items and metrics.

use leptos::prelude::*;

use crate::api::metrics::{LinkMetric, UnlinkMetric};
use crate::domain::hierarchy::ItemRef;
use crate::domain::outcome::LinkedItem;
use crate::domain::outcome::MetricRow;
use crate::domain::outcome::{Progress, Status};
use crate::domain::trend::{format_value, TrendChart};
use crate::domain::NamedRef;

/// "25 kg", "9.5%", or "not measured".
pub fn value_with_unit(value: Option<f64>, unit: &str) -> String {
    match (value, unit) {
        (None, _) => "not measured".into(),
        (Some(v), "") => format_value(v),
        (Some(v), "%") => format!("{}%", format_value(v)),
        (Some(v), unit) => format!("{} {unit}", format_value(v)),
    }
}

/// The status's style key and words; a metric without goal dates has no status.
pub fn status_words(status: Option<Status>) -> (&'static str, &'static str) {
    match status {
        Some(status) => (status.key(), status.label()),
        None => ("no_goal", "No target date"),
    }
}

/// "40% of the way" (the raw figure in the tooltip when it overshoots or fell back).
fn progress_words(progress: Option<Progress>) -> String {
    match progress {
        None | Some(Progress::NotMeasured) => String::new(),
        Some(Progress::Hold { met: true }) => "holding its target".into(),
        Some(Progress::Hold { met: false }) => "below its hold line".into(),
        Some(Progress::Ratio { raw }) => format!("{:.0}% of the way", raw * 100.0),
    }
}

/// A metric as a link: its name, current value and status.
#[component]
pub fn MetricBadge(metric: MetricRow) -> impl IntoView {
    let (key, label) = status_words(metric.status);
    let summary = format!(
        "{}: {} (target {}), {}",
        metric.name,
        value_with_unit(metric.current, &metric.unit),
        value_with_unit(Some(metric.target), &metric.unit),
        progress_words(metric.progress)
    );
    let name = metric.name.clone();
    view! {
        <a
            class=format!("metric-badge status-{key}")
            href=format!("/metrics/{}", metric.id)
            title=summary
            data-metric=name
        >
            <span class="metric-name">{metric.name}</span>
            " "
            <span class="metric-value">{value_with_unit(metric.current, &metric.unit)}</span>
            " "
            <span class="metric-status">{label}</span>
        </a>
    }
}

/// Badges for a list of metrics, or nothing when there are none.
#[component]
pub fn MetricBadges(metrics: Vec<MetricRow>) -> impl IntoView {
    (!metrics.is_empty()).then(|| {
        view! {
            <span class="metric-badges">
                {metrics.into_iter().map(|metric| view! { <MetricBadge metric /> }).collect_view()}
            </span>
        }
    })
}

/// A metric's progress as a bar, capped at the target; the words keep the raw figure.
#[component]
pub fn MetricProgress(metric: MetricRow) -> impl IntoView {
    let percent = metric
        .progress
        .map(Progress::display_percent)
        .unwrap_or_default();
    let words = progress_words(metric.progress);
    view! {
        <div class="progress metric-progress">
            <progress class="progress-bar" max="100" value=percent></progress>
            <span class="progress-label">{words}</span>
        </div>
    }
}

/// The history as an SVG line against the baseline, the target and the straight
/// line expected between them.
#[component]
pub fn TrendChartView(chart: TrendChart, title: String) -> impl IntoView {
    let value_ticks = chart
        .value_ticks
        .iter()
        .map(|tick| {
            view! {
                <line class="grid" x1=chart.left x2=chart.right y1=tick.at y2=tick.at></line>
                <text class="tick" x=chart.left - 6.0 y=tick.at + 4.0 text-anchor="end">
                    {tick.label.clone()}
                </text>
            }
        })
        .collect_view();
    let last = chart.date_ticks.len().saturating_sub(1);
    let date_ticks = chart
        .date_ticks
        .iter()
        .enumerate()
        .map(|(i, tick)| {
            // The outermost dates align inwards so they stay on the canvas.
            let anchor = match i {
                0 => "start",
                i if i == last => "end",
                _ => "middle",
            };
            view! {
                <text class="tick" x=tick.at y=chart.bottom + 18.0 text-anchor=anchor>
                    {tick.label.clone()}
                </text>
            }
        })
        .collect_view();
    let level = |class: &'static str, y: f64, label: String| {
        view! {
            <line class=class x1=chart.left x2=chart.right y1=y y2=y></line>
            <text class=format!("{class}-label") x=chart.right - 4.0 y=y - 4.0 text-anchor="end">
                {label}
            </text>
        }
    };
    let baseline = level("baseline", chart.baseline.y, chart.baseline.label.clone());
    let target = level("target", chart.target.y, chart.target.label.clone());
    let expected = chart.expected.map(|line| {
        view! { <line class="expected" x1=line.x1 y1=line.y1 x2=line.x2 y2=line.y2></line> }
    });
    let today = chart.today.map(|x| {
        view! { <line class="today" x1=x x2=x y1=chart.top y2=chart.bottom></line> }
    });
    let points = chart
        .points
        .iter()
        .map(|point| {
            view! {
                <circle class="point" cx=point.x cy=point.y r="4">
                    <title>{point.label.clone()}</title>
                </circle>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <figure class="trend-chart">
            <svg
                viewBox=format!("0 0 {} {}", crate::domain::trend::WIDTH, crate::domain::trend::HEIGHT)
                role="img"
                aria-label=label
            >
                <title>{title}</title>
                {value_ticks}
                {date_ticks}
                {expected}
                {baseline}
                {target}
                {today}
                <polyline class="trend" points=chart.polyline.clone()></polyline>
                {points}
            </svg>
            <figcaption>
                "Solid line: measurements. Dashed: the straight path from baseline to target that status is judged against. Dotted: today."
            </figcaption>
        </figure>
    }
}

/// The metrics an item claims to move, each withdrawable, and a picker to claim
/// another (for those who may change the item or define metrics).
#[component]
pub fn MetricLinks(
    item: ItemRef,
    metrics: Vec<MetricRow>,
    choices: Vec<NamedRef>,
    may_link: bool,
    link: ServerAction<LinkMetric>,
    unlink: ServerAction<UnlinkMetric>,
) -> impl IntoView {
    let key = item.key();
    let choices: Vec<NamedRef> = choices
        .into_iter()
        .filter(|choice| !metrics.iter().any(|m| m.id == choice.id))
        .collect();
    let rows = metrics
        .into_iter()
        .map(|metric| {
            let remover = may_link.then(|| {
                let key = key.clone();
                let metric_id = metric.id.to_string();
                let label = format!("Unlink {}", metric.name);
                view! {
                    <ActionForm action=unlink attr:class="inline-form">
                        <input type="hidden" name="metric_id" value=metric_id />
                        <input type="hidden" name="item" value=key />
                        <button type="submit" class="link-button">
                            {label}
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <li>
                    <MetricBadge metric=metric.clone() />
                    <MetricProgress metric />
                    {remover}
                </li>
            }
        })
        .collect_view();
    let picker = (may_link && !choices.is_empty()).then(|| {
        let field = format!("link-metric-{}", item.id);
        view! {
            <ActionForm action=link attr:class="inline-form">
                <input type="hidden" name="item" value=key.clone() />
                <label for=field.clone()>"Claim to move"</label>
                <select id=field name="metric_id">
                    {choices
                        .into_iter()
                        .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
                        .collect_view()}
                </select>
                <button type="submit">"Link metric"</button>
            </ActionForm>
        }
    });
    view! {
        <ul class="metric-links">{rows}</ul>
        {picker}
    }
}

/// Items as links, one line each, with their level.
#[component]
pub fn LinkedItems(items: Vec<LinkedItem>) -> impl IntoView {
    view! {
        <ul class="tree">
            {items
                .into_iter()
                .map(|linked| {
                    view! {
                        <li data-kind=linked.item.kind.key()>
                            <span class="chain-kind">{linked.item.kind.label()}</span>
                            " "
                            <a href=linked.href()>{linked.title.clone()}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
