//! One file per page.

mod account;
mod activity;
mod board_metrics;
mod boards;
mod columns;
mod dashboard;
mod dependency_map;
mod import;
mod item;
mod metrics;
mod my_work;
mod not_found;
mod roadmap;
mod setup;
mod sign_in;
mod strategy;
mod users;
mod webhooks;
mod wip;

pub use account::AccountPage;
pub use activity::ActivityPage;
pub use board_metrics::BoardMetricsPage;
pub use boards::{PortfolioPage, ProductBoardPage, TeamBoardPage};
pub use columns::ColumnsPage;
pub use dashboard::DashboardPage;
pub use dependency_map::DependencyMapPage;
pub use import::{ImportPage, ImportPreviewPage};
pub use item::ItemPage;
pub use metrics::{MetricPage, MetricsPage};
pub use my_work::MyWorkPage;
pub use not_found::NotFound;
pub use roadmap::RoadmapPage;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use strategy::StrategyPage;
pub use users::UsersPage;
pub use webhooks::WebhooksPage;
pub use wip::{WipLimitsPage, WipReportPage};

/// The id in a page's address; one that is not an id names nothing there (404).
fn path_id(raw: &str, what: &str) -> Result<uuid::Uuid, crate::error::AppError> {
    raw.parse()
        .map_err(|_| crate::error::AppError::not_found(what))
}
