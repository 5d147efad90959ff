use crate::components::{ErrorList, PageTitle};
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::roadmap::roadmap;
use crate::domain::chart::Scale;
use crate::domain::forecast::LIKELIHOODS;
use crate::domain::hierarchy::ItemKind;
use crate::domain::roadmap::RoadmapRow;
use crate::views::planning::item_href;
use crate::views::roadmap::RoadmapView;

/// Where the chart's parts go: the titles on the left, the months on the right.
const WIDTH: f64 = 960.0;
const TIMELINE_LEFT: f64 = 300.0;
const TIMELINE_RIGHT: f64 = WIDTH - 10.0;
const HEADER: f64 = 30.0;
const ROW: f64 = 26.0;
/// Characters of a title drawn in the chart (the table below has them whole).
const TITLE_CHARS: usize = 42;

/// `/roadmap`: the epics under way and their features on a time axis, each with
/// its target date and when its work left is done (50 to 95 % likely), late ones
/// marked; the same as a table with links to each item.
#[component]
pub fn RoadmapPage() -> impl IntoView {
    let data = loaded(|| (), |_| roadmap());
    view! {
        <PageTitle text="Roadmap · Throughline" />
        <section class="roadmap">
            <h1>"Roadmap"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        data.await.map(|view| view! { <Roadmap view /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Roadmap(view: RoadmapView) -> impl IntoView {
    if view.rows.is_empty() {
        return view! { <p class="hint">"No epic is under way."</p> }.into_any();
    }
    let late = view.rows.iter().filter(|row| row.late()).count();
    let summary = format!(
        "{} epics and features; {late} forecast to finish after their target date.",
        view.rows.len()
    );
    view! {
        <p class="hint">
            "Bars run from the date the work left is done with 50 % likelihood to 95 %, the mark at 85 %, at the pace of the teams doing it over the last 90 days; a diamond is the target date. Late: 85 % likely after the target."
        </p>
        <p>
            {summary} " " <a href="/dependencies">"Dependencies between features"</a>
        </p>
        {chart(&view)}
        {table(view.rows)}
    }
    .into_any()
}

fn chart(view: &RoadmapView) -> impl IntoView {
    let span = view.span;
    let x = Scale {
        low: 0.0,
        high: span.days() as f64,
        from: TIMELINE_LEFT,
        to: TIMELINE_RIGHT,
    };
    let at = |date: chrono::NaiveDate| x.at(span.offset(date));
    let height = HEADER + ROW * view.rows.len() as f64 + 8.0;
    let months = span
        .months()
        .into_iter()
        .map(|month| {
            let left = at(month);
            view! {
                <line class="month" x1=left y1=HEADER - 6.0 x2=left y2=height />
                <text class="month-label" x=left + 4.0 y=HEADER - 12.0>
                    {month.format("%b %Y").to_string()}
                </text>
            }
        })
        .collect_view();
    let today = at(view.today);
    let rows = view
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let top = HEADER + ROW * i as f64;
            let middle = top + ROW / 2.0;
            let indent = if row.kind == ItemKind::Epic { 6.0 } else { 22.0 };
            let mut title: String = row.title.chars().take(TITLE_CHARS).collect();
            if row.title.chars().count() > TITLE_CHARS {
                title.push('…');
            }
            let forecast = row.forecast.as_ref().ok().map(|forecast| {
                let [p50, p85, p95] = forecast.done_by;
                let (start, end) = (at(p50), at(p95 + chrono::Duration::days(1)));
                view! {
                    <rect class="forecast-range" x=start y=middle - 5.0 width=(end - start).max(2.0) height="10" />
                    <line class="forecast-85" x1=at(p85) y1=middle - 8.0 x2=at(p85) y2=middle + 8.0 />
                }
            });
            let target = row.target.map(|target| {
                let centre = at(target);
                let points = format!(
                    "{},{} {},{} {},{} {},{}",
                    centre,
                    middle - 7.0,
                    centre + 7.0,
                    middle,
                    centre,
                    middle + 7.0,
                    centre - 7.0,
                    middle
                );
                view! { <polygon class="target" points=points /> }
            });
            let class = [
                "roadmap-row",
                if row.kind == ItemKind::Epic { " epic" } else { "" },
                if row.late() { " late" } else { "" },
                if row.done { " done" } else { "" },
            ]
            .concat();
            view! {
                <g class=class>
                    <title>{describe(row)}</title>
                    <text class="row-title" x=indent y=middle + 4.0>{title}</text>
                    {forecast}
                    {target}
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="roadmap-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                width=WIDTH
                height=height
                role="img"
                aria-label="Roadmap: epics and features with their target dates and forecasts"
            >
                {months}
                <line class="today" x1=today y1=HEADER - 6.0 x2=today y2=height />
                {rows}
            </svg>
            <figcaption>{format!("Today, {}, is the dashed line.", view.today)}</figcaption>
        </figure>
    }
}

/// One row in words: "Bigger battery: target 2026-12-18; done by 2026-12-20 (85 %
/// likely): late".
fn describe(row: &RoadmapRow) -> String {
    let target = row
        .target
        .map(|t| format!("target {t}"))
        .unwrap_or_else(|| "no target date".into());
    let forecast = match (&row.forecast, row.done) {
        (_, true) => "done".to_owned(),
        (Ok(forecast), false) => format!("done by {} (85 % likely)", forecast.done_by[1]),
        (Err(why), false) => format!("no forecast: {why}"),
    };
    let late = if row.late() { ": late" } else { "" };
    format!("{}: {target}; {forecast}{late}", row.title)
}

fn table(rows: Vec<RoadmapRow>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|row| {
            let late = row.late();
            let (dates, likely) = match &row.forecast {
                Ok(forecast) => (
                    forecast.done_by.map(|d| d.to_string()),
                    forecast
                        .meets_target
                        .map(|p| format!("{:.0} %", p * 100.0))
                        .unwrap_or_default(),
                ),
                Err(why) => (
                    [format!("No forecast: {why}"), String::new(), String::new()],
                    String::new(),
                ),
            };
            let [p50, p85, p95] = dates;
            view! {
                <tr class:late=late data-kind=row.kind.key()>
                    <th scope="row">
                        <span class="chain-kind">{row.kind.label()}</span>
                        " "
                        <a href=item_href(row.kind, row.id)>{row.title.clone()}</a>
                        {late.then(|| view! { " " <strong class="late-mark">"Late"</strong> })}
                    </th>
                    <td>{row.state.clone()}</td>
                    <td>{row.teams.join(", ")}</td>
                    <td>{row.target.map(|t| t.to_string()).unwrap_or_default()}</td>
                    <td>{p50}</td>
                    <td>{p85}</td>
                    <td>{p95}</td>
                    <td>{likely}</td>
                </tr>
            }
        })
        .collect_view();
    let [p50, p85, p95] = LIKELIHOODS.map(|p| format!("Done by ({p} %)"));
    view! {
        <table class="roadmap-table">
            <caption>"The roadmap as a table"</caption>
            <thead>
                <tr>
                    <th scope="col">"Item"</th>
                    <th scope="col">"State"</th>
                    <th scope="col">"Teams"</th>
                    <th scope="col">"Target"</th>
                    <th scope="col">{p50}</th>
                    <th scope="col">{p85}</th>
                    <th scope="col">{p95}</th>
                    <th scope="col">"Target likely"</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}
