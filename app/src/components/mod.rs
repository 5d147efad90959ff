//! Pieces shared by the pages.

mod board;
mod card;
mod errors;
mod nav;
mod reload;

pub use board::Board;
pub use errors::ErrorList;
pub use nav::NavBar;
pub use reload::reload_on_success;
