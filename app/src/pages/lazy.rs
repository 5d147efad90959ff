//! The pages a team member rarely or never opens (administration, settings,
//! strategy and reports), each in a part of the browser bundle of its own that is
//! fetched the first time the page is shown: the boards, an item, my work and
//! signing in, what people use every day, are the first download. The server
//! renders these pages like any other; the split is the build's
//! (`scripts/build-site.sh` runs `wasm-split-cli`).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AccountPage, ActivityPage, BoardMetricsPage, ColumnsPage, DashboardPage, DependencyMapPage,
    ImportPage, ImportPreviewPage, MetricPage, MetricsPage, RoadmapPage, SetupPage, StrategyPage,
    UsersPage, WebhooksPage, WipLimitsPage, WipReportPage,
};

/// A route for each page, named after it: its view is a split point. The pages
/// read their data themselves, so a route has none to start loading early.
macro_rules! lazy_routes {
    ($($route:ident shows $page:ident;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page /> }.into_any()
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
}
