//! Every page but a team's board and signing in, each in a part of the browser
//! bundle of its own that is fetched the first time the page is shown: the first
//! download is what a team's board, the page teams update all day, needs. The server renders them like any page; the split is the
//! build's (`scripts/build-site.sh` runs `wasm-split-cli`).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AccountPage, ActivityPage, BoardMetricsPage, ColumnsPage, DashboardPage, DependencyMapPage,
    ImportPage, ImportPreviewPage, ItemPage, MetricPage, MetricsPage, MyWorkPage, PortfolioPage,
    ProductBoardPage, RoadmapPage, SetupPage, StrategyPage, UsersPage, WebhooksPage, WipLimitsPage,
    WipReportPage,
};
use crate::domain::hierarchy::ItemKind;

/// A route for each page, named after it: its view is a split point. The pages
/// read their data themselves, so a route has none to start loading early.
macro_rules! lazy_routes {
    ($($route:ident shows $page:block)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> AnyView {
                $page.into_any()
            }
        }
    )*};
}

lazy_routes! {
    Account shows { view! { <AccountPage /> } }
    Activity shows { view! { <ActivityPage /> } }
    BoardMetrics shows { view! { <BoardMetricsPage /> } }
    Columns shows { view! { <ColumnsPage /> } }
    Dashboard shows { view! { <DashboardPage /> } }
    DependencyMap shows { view! { <DependencyMapPage /> } }
    Epic shows { view! { <ItemPage kind=ItemKind::Epic /> } }
    Feature shows { view! { <ItemPage kind=ItemKind::Feature /> } }
    Import shows { view! { <ImportPage /> } }
    ImportPreview shows { view! { <ImportPreviewPage /> } }
    Metric shows { view! { <MetricPage /> } }
    Metrics shows { view! { <MetricsPage /> } }
    MyWork shows { view! { <MyWorkPage /> } }
    Portfolio shows { view! { <PortfolioPage /> } }
    ProductBoard shows { view! { <ProductBoardPage /> } }
    Roadmap shows { view! { <RoadmapPage /> } }
    Setup shows { view! { <SetupPage /> } }
    Strategy shows { view! { <StrategyPage /> } }
    Users shows { view! { <UsersPage /> } }
    Webhooks shows { view! { <WebhooksPage /> } }
    WipLimits shows { view! { <WipLimitsPage /> } }
    WipReport shows { view! { <WipReportPage /> } }
    WorkItem shows { view! { <ItemPage kind=ItemKind::WorkItem /> } }
}
