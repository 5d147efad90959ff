use std::collections::HashMap;

use crate::components::{ErrorList, PageTitle};
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::dependency_map::dependency_map;
use crate::domain::dependency_map::{MapFeature, MapLink};
use crate::domain::hierarchy::ItemKind;
use crate::views::dependency_map::DependencyMapView;
use crate::views::planning::item_href;

/// The grid: a label column for the teams, then one column per month.
const LABELS: f64 = 150.0;
const COLUMN: f64 = 190.0;
const HEADER: f64 = 30.0;
const BOX_WIDTH: f64 = 170.0;
const BOX_HEIGHT: f64 = 24.0;
const SLOT: f64 = 32.0;
/// Characters of a title drawn in a box (the table below has them whole).
const TITLE_CHARS: usize = 24;

/// `/dependencies?product=…`: a product's features (or every product's) by team
/// and target month, with what waits on what drawn between them, late ones red;
/// the same dependencies as a table with links.
#[component]
pub fn DependencyMapPage() -> impl IntoView {
    let query = use_query_map();
    let data = loaded(move || query.read().get("product"), dependency_map);
    view! {
        <PageTitle text="Dependencies · Throughline" />
        <section class="dependency-map">
            <h1>"Dependencies between features"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        data.await.map(|view| view! { <DependencyMap view /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn DependencyMap(view: DependencyMapView) -> impl IntoView {
    let options = view
        .products
        .iter()
        .map(|p| {
            view! {
                <option value=p.id.to_string() selected=view.product == Some(p.id)>
                    {p.name.clone()}
                </option>
            }
        })
        .collect_view();
    let chooser = view! {
        <form method="get" class="inline-form">
            <label>
                "Product"
                <select name="product">
                    <option value="">"Every product"</option>
                    {options}
                </select>
            </label>
            <button type="submit">"Show"</button>
        </form>
    };
    let late = view.links.iter().filter(|l| l.late).count();
    let summary = format!(
        "{} features, {} dependencies between them, {late} late (the feature waited on is expected after the date it is needed by).",
        view.features.len(),
        view.links.len()
    );
    let body = if view.features.is_empty() {
        view! { <p class="hint">"No feature to show."</p> }.into_any()
    } else {
        view! {
            {map(&view)}
            {table(&view)}
        }
        .into_any()
    };
    view! {
        {chooser}
        <p>{summary}</p>
        {body}
    }
}

/// Where each row starts and how tall it is: as many slots as its fullest cell.
fn row_tops(view: &DependencyMapView) -> (Vec<f64>, f64) {
    let mut tops = Vec::with_capacity(view.teams.len());
    let mut top = HEADER;
    for row in 0..view.teams.len() {
        tops.push(top);
        let slots = view
            .features
            .iter()
            .filter(|f| f.row == row)
            .map(|f| f.slot + 1)
            .max()
            .unwrap_or(1);
        top += SLOT * slots as f64 + 12.0;
    }
    (tops, top)
}

fn map(view: &DependencyMapView) -> impl IntoView {
    let (tops, height) = row_tops(view);
    // Room on the right for a line that rounds a box in the last month.
    let width = LABELS + COLUMN * view.periods.len() as f64 + 50.0;
    let corner = |feature: &MapFeature| {
        (
            LABELS + COLUMN * feature.column as f64 + 10.0,
            tops[feature.row] + 8.0 + SLOT * feature.slot as f64,
        )
    };
    let at: HashMap<uuid::Uuid, (f64, f64)> =
        view.features.iter().map(|f| (f.id, corner(f))).collect();
    let titles: HashMap<uuid::Uuid, &str> = view
        .features
        .iter()
        .map(|f| (f.id, f.title.as_str()))
        .collect();
    let columns = view
        .periods
        .iter()
        .enumerate()
        .map(|(i, period)| {
            let left = LABELS + COLUMN * i as f64;
            let label = period
                .map(|p| p.format("%b %Y").to_string())
                .unwrap_or_else(|| "No target date".into());
            view! {
                <line class="period" x1=left y1="0" x2=left y2=height />
                <text class="period-label" x=left + 8.0 y=HEADER - 10.0>{label}</text>
            }
        })
        .collect_view();
    let rows = view
        .teams
        .iter()
        .zip(&tops)
        .map(|(team, top)| {
            let name = team.clone().unwrap_or_else(|| "No team yet".into());
            view! {
                <line class="team" x1="0" y1=*top x2=width y2=*top />
                <text class="team-label" x="6" y=top + 22.0>{name}</text>
            }
        })
        .collect_view();
    let boxes = view
        .features
        .iter()
        .map(|feature| {
            let (x, y) = corner(feature);
            let mut title: String = feature.title.chars().take(TITLE_CHARS).collect();
            if feature.title.chars().count() > TITLE_CHARS {
                title.push('…');
            }
            let when = feature
                .expected
                .map(|d| format!("expected {d}"))
                .unwrap_or_else(|| "not forecast".into());
            view! {
                <g class="feature-box" class:done=feature.done>
                    <title>{format!("{}: {when}", feature.title)}</title>
                    <rect x=x y=y width=BOX_WIDTH height=BOX_HEIGHT rx="4" />
                    <text x=x + 6.0 y=y + 16.0>{title}</text>
                </g>
            }
        })
        .collect_view();
    let lines = view
        .links
        .iter()
        .filter_map(|link| {
            let (ux, uy) = at.get(&link.upstream)?;
            let (dx, dy) = at.get(&link.downstream)?;
            let (x1, y1) = (ux + BOX_WIDTH, uy + BOX_HEIGHT / 2.0);
            // To a later month: into the waiting box's left side; within the same
            // month or back to an earlier one: round to its right side.
            let forward = *dx > x1;
            let (x2, y2) = match forward {
                true => (*dx, dy + BOX_HEIGHT / 2.0),
                false => (dx + BOX_WIDTH, dy + BOX_HEIGHT / 2.0),
            };
            let path = match forward {
                true => {
                    let bend = ((x2 - x1) / 2.0).max(20.0);
                    format!(
                        "M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}",
                        x1 + bend,
                        x2 - bend
                    )
                }
                false => format!(
                    "M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}",
                    x1.max(x2) + 40.0,
                    x1.max(x2) + 40.0
                ),
            };
            Some(view! {
                <g class="dependency-line" class:late=link.late>
                    <title>{describe(link, &titles)}</title>
                    <path d=path />
                    <circle cx=x2 cy=y2 r="3.5" />
                </g>
            })
        })
        .collect_view();
    view! {
        <figure class="dependency-chart">
            <svg
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                role="img"
                aria-label="Features by team and target month, with the dependencies between them"
            >
                {columns}
                {rows}
                {lines}
                {boxes}
            </svg>
            <figcaption>
                "A line runs from the feature waited on to the one waiting (the dot); red: late."
            </figcaption>
        </figure>
    }
}

/// "Battery screen waits on Telemetry API, needed by 2027-01-10: late".
fn describe(link: &MapLink, titles: &HashMap<uuid::Uuid, &str>) -> String {
    let title = |id: &uuid::Uuid| titles.get(id).copied().unwrap_or_default();
    let needed = link
        .needed_by
        .map(|d| format!(", needed by {d}"))
        .unwrap_or_default();
    let late = if link.late { ": late" } else { "" };
    format!(
        "{} waits on {}{needed}{late}",
        title(&link.downstream),
        title(&link.upstream)
    )
}

fn table(view: &DependencyMapView) -> impl IntoView {
    let features: HashMap<uuid::Uuid, &MapFeature> =
        view.features.iter().map(|f| (f.id, f)).collect();
    let link = |id: &uuid::Uuid| {
        features.get(id).map(|f| {
            view! { <a href=item_href(ItemKind::Feature, f.id)>{f.title.clone()}</a> }
        })
    };
    let rows = view
        .links
        .iter()
        .map(|l| {
            let expected = features
                .get(&l.upstream)
                .and_then(|f| f.expected)
                .map(|d| d.to_string())
                .unwrap_or_default();
            view! {
                <tr class:late=l.late>
                    <th scope="row">{link(&l.downstream)}</th>
                    <td>{link(&l.upstream)}</td>
                    <td>{l.needed_by.map(|d| d.to_string()).unwrap_or_default()}</td>
                    <td>{expected}</td>
                    <td>{l.late.then(|| view! { <strong class="late-mark">"Late"</strong> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="dependency-table">
            <caption>"The dependencies as a table"</caption>
            <thead>
                <tr>
                    <th scope="col">"Feature"</th>
                    <th scope="col">"Waits on"</th>
                    <th scope="col">"Needed by"</th>
                    <th scope="col">"Expected"</th>
                    <th scope="col">"Late"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
