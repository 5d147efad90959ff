//! One file per page.

mod not_found;
mod portfolio;
mod team_board;

pub use not_found::NotFound;
pub use portfolio::PortfolioPage;
pub use team_board::TeamBoardPage;
