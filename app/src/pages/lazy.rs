//! Every page but the boards (and "not found") in a part of the browser bundle
//! of its own, fetched the first time the page is shown: a board's first
//! download is the boards alone. The pages a team opens from its board many times
//! a day (an item, my work) are fetched as soon as the browser is idle after
//! taking a page over ([`preload_daily_pages_when_idle`]), so opening a card does
//! not wait for its part; the rest (administration, settings, strategy, reports,
//! signing in) only when shown. The server renders these pages like any other;
//! the split is the build's (`scripts/build-site.sh` runs `wasm-split-cli`).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AccountPage, ActivityPage, BoardMetricsPage, ColumnsPage, DashboardPage, DependencyMapPage,
    ImportPage, ImportPreviewPage, ItemPage, MetricPage, MetricsPage, MyWorkPage, RoadmapPage,
    SetupPage, SignInPage, StrategyPage, UsersPage, WebhooksPage, WipLimitsPage, WipReportPage,
};
use crate::domain::hierarchy::ItemKind;

/// A route for each page, named after it: its view is a split point. The pages
/// read their data themselves, so a route has none to start loading early.
macro_rules! lazy_routes {
    ($($route:ident shows $page:ident $({ $($prop:ident = $value:expr),* })?;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page $($($prop=$value)*)? /> }.into_any()
            }
        }
    )*};
}

lazy_routes! {
    Account shows AccountPage;
    Activity shows ActivityPage;
    BoardMetrics shows BoardMetricsPage;
    Columns shows ColumnsPage;
    Dashboard shows DashboardPage;
    DependencyMap shows DependencyMapPage;
    Import shows ImportPage;
    ImportPreview shows ImportPreviewPage;
    Metric shows MetricPage;
    Metrics shows MetricsPage;
    Roadmap shows RoadmapPage;
    Setup shows SetupPage;
    Strategy shows StrategyPage;
    Users shows UsersPage;
    Webhooks shows WebhooksPage;
    WipLimits shows WipLimitsPage;
    WipReport shows WipReportPage;
    Epic shows ItemPage { kind = ItemKind::Epic };
    Feature shows ItemPage { kind = ItemKind::Feature };
    WorkItem shows ItemPage { kind = ItemKind::WorkItem };
    MyWork shows MyWorkPage;
    SignIn shows SignInPage;
}

/// Fetches the parts of the pages a team opens from its board many times a day
/// once the browser has nothing else to do: after the page is taken over, so they
/// never delay it, and before the first card is opened, so that does not wait for
/// a round trip. A part already fetched is not fetched again. Then sets
/// `data-daily-pages="loaded"` on `<body>`, which tells the browser tests and the
/// first-load bench that those pages now need nothing more of the bundle.
#[cfg(feature = "hydrate")]
pub fn preload_daily_pages_when_idle() {
    request_idle_callback(|| {
        leptos::task::spawn_local(async {
            <WorkItem as LazyRoute>::preload().await;
            <Feature as LazyRoute>::preload().await;
            <Epic as LazyRoute>::preload().await;
            <MyWork as LazyRoute>::preload().await;
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-daily-pages", "loaded");
            }
        })
    });
}
