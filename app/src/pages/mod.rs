//! One file per page.

mod account;
mod activity;
mod not_found;
mod portfolio;
mod setup;
mod sign_in;
mod strategy;
mod team_board;
mod users;
mod work_item;

pub use account::AccountPage;
pub use activity::ActivityPage;
pub use not_found::NotFound;
pub use portfolio::PortfolioPage;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use strategy::StrategyPage;
pub use team_board::TeamBoardPage;
pub use users::UsersPage;
pub use work_item::WorkItemPage;
