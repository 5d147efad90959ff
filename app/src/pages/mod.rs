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
pub mod lazy;
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

use account::AccountPage;
use activity::ActivityPage;
use board_metrics::BoardMetricsPage;
pub use boards::{PortfolioPage, ProductBoardPage, TeamBoardPage};
use columns::ColumnsPage;
use dashboard::DashboardPage;
use dependency_map::DependencyMapPage;
use import::{ImportPage, ImportPreviewPage};
pub use item::ItemPage;
use metrics::{MetricPage, MetricsPage};
pub use my_work::MyWorkPage;
pub use not_found::NotFound;
use roadmap::RoadmapPage;
use setup::SetupPage;
pub use sign_in::SignInPage;
use strategy::StrategyPage;
use users::UsersPage;
use webhooks::WebhooksPage;
use wip::{WipLimitsPage, WipReportPage};

/// The id in a page's address; one that is not an id names nothing there (404).
fn path_id(raw: &str, what: &str) -> Result<uuid::Uuid, crate::error::AppError> {
    raw.parse()
        .map_err(|_| crate::error::AppError::not_found(what))
}
