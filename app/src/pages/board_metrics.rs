use std::collections::HashMap;

use crate::components::{PageTitle, ISO_DATE_PATTERN};
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::board_metrics::board_metrics;
use crate::components::{
    AgingChart, CumulativeFlow, CycleTimeScatter, ErrorList, ThroughputChart, WipChart, KEYS,
};
use crate::domain::board::BoardKind;
use crate::domain::chart::Scale;
use crate::domain::dora::FourKeys;
use crate::domain::hierarchy::{ItemKind, WorkItemType};
use crate::views::board_metrics::{BoardDelivery, BoardMetricsView, KeysWindow, PaceForecast};

/// `/boards/:board_id/metrics?from=…&to=…&within=…`: a board's flow metrics (or
/// those of its cards under one item) and the four DORA keys of the teams behind
/// it, over a range (the last 30 days unless the URL names one).
#[component]
pub fn BoardMetricsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let metrics = loaded(
        move || {
            let query = query.read();
            (
                params.read().get("board_id").unwrap_or_default(),
                query.get("from"),
                query.get("to"),
                query.get("within"),
                query.get("by"),
            )
        },
        |(board, from, to, within, by)| async move {
            board_metrics(super::path_id(&board, "that board")?, from, to, within, by).await
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    metrics.await.map(|view| view! { <BoardMetrics view /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// A flow distribution's type as people read it ("Story", "Feature").
fn type_label(key: &str) -> String {
    key.parse::<WorkItemType>()
        .map(|t| t.label().to_owned())
        .or_else(|_| key.parse::<ItemKind>().map(|k| k.label().to_owned()))
        .unwrap_or_else(|_| key.to_owned())
}

#[component]
fn BoardMetrics(view: BoardMetricsView) -> impl IntoView {
    let titles: HashMap<_, _> = view.titles.iter().cloned().collect();
    let report = view.flow.clone();
    let efficiency = report
        .flow_efficiency
        .map(|e| format!("{:.0}%", e * 100.0))
        .unwrap_or_else(|| "–".into());
    let finished = report.finished;
    let distribution = report
        .distribution
        .iter()
        .map(|(kind, n)| {
            let share = f64::from(*n) * 100.0 / f64::from(finished.max(1));
            view! { <li>{format!("{}: {n} ({share:.0}%)", type_label(kind))}</li> }
        })
        .collect_view();
    let mean_lead = report.mean_lead_days.map(|days| format!("{days:.1}"));
    let cards = view.board.kind.cards().label();
    let heading = match &view.within {
        Some(within) => format!(
            "{}: flow of the {}s under “{}”",
            view.board.name,
            cards.to_lowercase(),
            within.title
        ),
        None => format!("{}: flow and delivery", view.board.name),
    };
    let chosen = view
        .within
        .as_ref()
        .map(|w| w.item.key())
        .unwrap_or_default();
    let narrowings = (!view.narrowings.is_empty()).then(|| {
        let options = view
            .narrowings
            .iter()
            .map(|n| {
                let key = n.item.key();
                let selected = key == chosen;
                view! {
                    <option value=key selected=selected>
                        {format!("{}: {}", n.item.kind.label(), n.title)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <label>
                "Only under"
                <select name="within">
                    <option value="">{format!("All {}s", cards.to_lowercase())}</option>
                    {options}
                </select>
            </label>
        }
    });
    view! {
        <PageTitle text=format!("{heading} · Throughline") />
        <section class="board-metrics">
            <h1>{heading}</h1>
            <p>
                <a href=view.board.href()>"Back to the board"</a>
            </p>
            <form method="get" class="inline-form range-form">
                <label>"From" <input type="text" name="from" pattern=ISO_DATE_PATTERN placeholder="YYYY-MM-DD" value=view.range.first.to_string() /></label>
                <label>"To" <input type="text" name="to" pattern=ISO_DATE_PATTERN placeholder="YYYY-MM-DD" value=view.range.last.to_string() /></label>
                {narrowings}
                <button type="submit">"Show"</button>
            </form>
            <h2>"Flow"</h2>
            <dl class="flow-figures">
                <div>
                    <dt>"Finished"</dt>
                    <dd>{finished}</dd>
                </div>
                <div>
                    <dt>"In progress now"</dt>
                    <dd>{report.aging.len()}</dd>
                </div>
                <div>
                    <dt>"Flow efficiency"</dt>
                    <dd class="flow-efficiency">{efficiency}</dd>
                </div>
                <div>
                    <dt>"Mean lead time"</dt>
                    <dd>{mean_lead.map(|d| format!("{d} days")).unwrap_or_else(|| "–".into())}</dd>
                </div>
            </dl>
            <div class="chart-grid">
                <CycleTimeScatter report=report.clone() titles=titles.clone() />
                <ThroughputChart report=report.clone() />
                <CumulativeFlow report=report.clone() columns=view.columns.clone() />
                <AgingChart report=report.clone() columns=view.columns.clone() titles />
                <WipChart report=report.clone() />
                <figure class="flow-chart">
                    <ul class="distribution" aria-label="Flow distribution">{distribution}</ul>
                    <figcaption>"Flow distribution: finished items by type."</figcaption>
                </figure>
            </div>
            <details class="definitions">
                <summary>"How these are measured"</summary>
                <p>
                    "An item starts when it first enters a started column and finishes when it enters a done column and stays; moved back, it keeps its first start. Cycle time runs from start to finish, lead time from creation to finish; days count both ends (the Kanban Guide's finish date − start date + 1, so same day = 1 day). Percentiles by nearest rank. WIP: started and not finished at the end of a day. Flow efficiency: time in active columns ÷ cycle time, over the items finished. Days are UTC."
                </p>
            </details>
            <PaceOf
                pace=view.pace
                cards=cards.to_lowercase()
                keep=[
                    ("from", view.range.first.to_string()),
                    ("to", view.range.last.to_string()),
                    ("within", chosen.clone()),
                ]
            />
            <h2>"Delivery: the four keys"</h2>
            <DeliveryOf delivery=view.delivery kind=view.board.kind />
        </section>
    }
}

/// "How many by this date": a date to look to (the page's other choices kept), and
/// how many cards the board finishes by then at its recent pace, or why it cannot
/// say.
#[component]
fn PaceOf(pace: PaceForecast, cards: String, keep: [(&'static str, String); 3]) -> impl IntoView {
    use crate::domain::forecast::{HISTORY_DAYS, LIKELIHOODS};
    let kept = keep
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view();
    let answer = match pace.outcome {
        Ok(counts) => {
            let rows = LIKELIHOODS
                .iter()
                .zip(counts)
                .map(|(percent, count)| {
                    view! { <li>{format!("{count} {cards}s or more ({percent} % likely)")}</li> }
                })
                .collect_view();
            view! {
                <p>
                    {format!(
                        "From today to {} ({} days), at this board's pace over the last {HISTORY_DAYS} days, it finishes:",
                        pace.by,
                        pace.days,
                    )}
                </p>
                <ul class="forecast-dates">{rows}</ul>
            }
            .into_any()
        }
        Err(why) => view! { <p class="hint">{format!("No forecast: {why}.")}</p> }.into_any(),
    };
    view! {
        <section class="forecast pace" aria-labelledby="pace-heading">
            <h2 id="pace-heading">"How many by a date"</h2>
            <form method="get" class="inline-form">
                {kept}
                <label>
                    "By"
                    <input type="text" name="by" pattern=ISO_DATE_PATTERN placeholder="YYYY-MM-DD" value=pace.by.to_string() />
                </label>
                <button type="submit">"Forecast"</button>
            </form>
            {answer}
        </section>
    }
}

/// Whose deployments the keys count, then the keys.
#[component]
fn DeliveryOf(delivery: BoardDelivery, kind: BoardKind) -> impl IntoView {
    let names: Vec<String> = delivery.teams.iter().map(|t| t.name.clone()).collect();
    let whose = match kind {
        BoardKind::Team => format!("Deployments and incidents of {}.", names.join(", ")),
        BoardKind::Feature if names.is_empty() => {
            "No team has work under this product's features yet.".to_owned()
        }
        BoardKind::Feature => format!(
            "Deployments and incidents of the teams with work under this product's features: {}.",
            names.join(", ")
        ),
        BoardKind::Portfolio => "Deployments and incidents of every team.".to_owned(),
    };
    view! {
        <p class="delivery-teams">{whose}</p>
        <FourKeysView keys=delivery.keys trend=delivery.trend />
    }
}

/// "1 incident", "3 incidents".
fn counted(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A small line of the key's value over the windows, oldest first.
fn sparkline(values: Vec<Option<f64>>) -> impl IntoView {
    let top = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let x = Scale {
        low: 0.0,
        high: values.len().saturating_sub(1).max(1) as f64,
        from: 4.0,
        to: 116.0,
    };
    let y = Scale {
        low: 0.0,
        high: if top > 0.0 { top } else { 1.0 },
        from: 28.0,
        to: 4.0,
    };
    let points = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x.at(i as f64), y.at(v))))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <svg class="sparkline" viewBox="0 0 120 32" role="img" aria-label="trend over the last six 30-day windows">
            <polyline points=points></polyline>
        </svg>
    }
}

#[component]
fn FourKeysView(keys: FourKeys, trend: Vec<KeysWindow>) -> impl IntoView {
    let cards = KEYS
        .iter()
        .map(|shown| {
            let (value, band, key) = shown.of(&keys);
            let values = trend
                .iter()
                .map(|w| (shown.pick)(&w.keys).map(|k| k.value))
                .collect();
            view! {
                <article class=format!("dora-key band-{key}") aria-label=shown.name>
                    <h3>{shown.name}</h3>
                    <p class="key-value">{value}</p>
                    <p class="key-band">{band}</p>
                    {sparkline(values)}
                    <p class="hint">{shown.definition}</p>
                </article>
            }
        })
        .collect_view();
    let p85 = keys
        .lead_time_p85_hours
        .map(|h| {
            format!(
                " Lead time's 85th percentile: {}.",
                crate::components::hours(h)
            )
        })
        .unwrap_or_default();
    view! {
        <div class="dora-keys">{cards}</div>
        <p class="hint">
            {format!(
                "{} and {} in the range.{p85} Bands after the software delivery performance clusters of DORA's Accelerate State of DevOps Report 2023 (dora.dev), made contiguous where the report leaves gaps. Sparklines: the last six 30-day windows.",
                counted(keys.deployments, "production deployment"),
                counted(keys.incidents, "incident"),
            )}
        </p>
    }
}
