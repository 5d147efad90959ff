//! Pieces shared by the pages.

mod board;
mod card;
mod errors;
mod nav;

pub use board::Board;
pub use errors::ErrorList;
pub use nav::NavBar;
