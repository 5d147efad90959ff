use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::dashboard::executive_dashboard;
use crate::components::{DeliveryTable, ErrorList, MetricBadge, MetricProgress};
use crate::domain::wip::Enforcement;
use crate::views::dashboard::DashboardView;
use crate::views::planning::item_href;

/// `/dashboard`: the executives' landing page. Is strategy moving? The strategy
/// tree with work progress beside the metrics each level serves, the portfolio's
/// work in flight, the oldest work in progress, and the metrics needing attention.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = loaded(|| (), |_| executive_dashboard());
    // A measurement arriving anywhere moves values, statuses and roll-ups here; a
    // move on any board, the work in flight, the limits and the oldest work.
    #[cfg(feature = "hydrate")]
    crate::components::follow_from_read(
        move || dashboard.with(|read| read.as_ref()?.as_ref().ok().map(|view| view.events_seen)),
        move |after| {
            crate::components::follow_metrics(after, Callback::new(move |_| dashboard.refetch()));
            crate::components::follow_boards(after, Callback::new(move |()| dashboard.refetch()));
        },
    );
    view! {
        <PageTitle text="Dashboard · Throughline" />
        <section class="dashboard">
            <h1>"Executive dashboard"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        dashboard.await.map(|view| view! { <Dashboard view /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Dashboard(view: DashboardView) -> impl IntoView {
    let limits = view
        .portfolio_limits
        .into_iter()
        .map(|limit| {
            let over = limit.load > limit.max;
            let kind = match limit.enforcement {
                Enforcement::Hard => "hard",
                Enforcement::Soft => "soft",
            };
            view! {
                <li class:over=over>
                    {format!("{}: {} of {} ({kind} limit)", limit.label, limit.load, limit.max)}
                </li>
            }
        })
        .collect_view();
    let aging = view
        .aging
        .into_iter()
        .map(|item| {
            view! {
                <tr>
                    <th scope="row">
                        <span class="chain-kind">{item.kind.label()}</span>
                        " "
                        <a href=item_href(item.kind, item.id)>{item.title}</a>
                    </th>
                    <td>
                        <a href=item.board.href()>{item.board.name.clone()}</a>
                    </td>
                    <td>{item.column}</td>
                    <td class="age">{format!("{} days", item.age_days)}</td>
                </tr>
            }
        })
        .collect_view();
    let claims = |metric: uuid::Uuid| {
        crate::domain::outcome::claims_of(&view.visions, metric)
            .into_iter()
            .map(|path| {
                let links = path
                    .into_iter()
                    .map(|link| {
                        view! {
                            <li>
                                <span class="chain-kind">{link.kind.label()}</span>
                                " "
                                <a href=item_href(link.kind, link.id)>{link.title}</a>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ol class="claim-chain" aria-label="Claimed through">{links}</ol> }
            })
            .collect_view()
    };
    let trends = view
        .trends
        .into_iter()
        .map(|(metric, values)| {
            let trend = match (values.first(), values.last()) {
                (Some(first), Some(last)) => format!(
                    "Trend of {}: from {} to {} over its last {} measurements",
                    metric.name,
                    crate::domain::trend::format_value(*first),
                    crate::domain::trend::format_value(*last),
                    values.len()
                ),
                _ => format!("{}: not measured yet", metric.name),
            };
            let points = crate::domain::trend::sparkline(&values, 96.0, 24.0, 2.0);
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/metrics/{}", metric.id)>{metric.name.clone()}</a>
                    </th>
                    <td>
                        <svg class="sparkline" viewBox="0 0 96 24" width="96" height="24" role="img" aria-label=trend>
                            <polyline points=points />
                        </svg>
                    </td>
                    <td>
                        <MetricBadge metric />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let late = if view.late.is_empty() {
        view! { <p class="hint">"Everything with a target date is forecast to make it."</p> }
            .into_any()
    } else {
        let rows = view
            .late
            .into_iter()
            .map(|row| {
                let when = match (&row.forecast, row.target) {
                    (Ok(forecast), Some(target)) => format!(
                        ": target {target}, 85 % likely done by {}{}",
                        forecast.done_by[1],
                        forecast
                            .meets_target
                            .map(|p| format!(" ({:.0} % likely on time)", p * 100.0))
                            .unwrap_or_default()
                    ),
                    _ => String::new(),
                };
                view! {
                    <li>
                        <span class="chain-kind">{row.kind.label()}</span>
                        " "
                        <a href=item_href(row.kind, row.id)>{row.title.clone()}</a>
                        {when}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="late-list">{rows}</ul> }.into_any()
    };
    let attention = if view.attention.is_empty() {
        view! { <p class="hint">"Every measured metric is on track."</p> }.into_any()
    } else {
        view! {
            <ul class="metric-links">
                {view
                    .attention
                    .into_iter()
                    .map(|metric| {
                        let chains = claims(metric.id);
                        view! {
                            <li>
                                <MetricBadge metric=metric.clone() />
                                <MetricProgress metric />
                                {chains}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="dashboard-grid">
            <section class="panel strategy-panel" aria-labelledby="dash-strategy">
                <h2 id="dash-strategy">"Strategy and outcomes"</h2>
                <p class="hint">"Work done beside the outcome metrics each level claims to move."</p>
                <ul class="tree" aria-label="Strategy tree">
                    {view.visions.into_iter().map(super::strategy::node).collect_view()}
                </ul>
            </section>
            <section class="panel" aria-labelledby="dash-attention">
                <h2 id="dash-attention">"Metrics needing attention"</h2>
                {attention}
            </section>
            <section class="panel" aria-labelledby="dash-late">
                <h2 id="dash-late">"Forecast to miss their target date"</h2>
                {late}
                <p>
                    <a href="/roadmap">"The roadmap"</a>
                </p>
            </section>
            <section class="panel" aria-labelledby="dash-trends">
                <h2 id="dash-trends">"Outcome metrics: their trend"</h2>
                <table class="trends">
                    <thead>
                        <tr>
                            <th scope="col">"Metric"</th>
                            <th scope="col">"Last measurements"</th>
                            <th scope="col">"Now"</th>
                        </tr>
                    </thead>
                    <tbody>{trends}</tbody>
                </table>
            </section>
            <section class="panel" aria-labelledby="dash-flight">
                <h2 id="dash-flight">"Portfolio in flight"</h2>
                <p class="in-flight">
                    <a href="/">{format!("{} epics in flight", view.epics_in_flight)}</a>
                </p>
                <ul class="limit-loads">{limits}</ul>
            </section>
            <section class="panel delivery-panel" aria-labelledby="dash-delivery">
                <h2 id="dash-delivery">"Delivery: the four keys, last 30 days"</h2>
                <p class="hint">"Arrows compare each key's band with the 30 days before."</p>
                <DeliveryTable rows=view.delivery />
            </section>
            <section class="panel aging-panel" aria-labelledby="dash-aging">
                <h2 id="dash-aging">"Aging work in progress"</h2>
                <table class="aging">
                    <thead>
                        <tr>
                            <th scope="col">"Item"</th>
                            <th scope="col">"Board"</th>
                            <th scope="col">"Column"</th>
                            <th scope="col">"Age"</th>
                        </tr>
                    </thead>
                    <tbody>{aging}</tbody>
                </table>
            </section>
        </div>
    }
}
