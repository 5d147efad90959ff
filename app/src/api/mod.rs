//! The browser's API: every server function, grouped by what it serves. Each
//! parses its input, authorizes, asks `store`, and maps the error; the browser calls
//! them over HTTP (`POST /api/<name>`), server rendering calls them directly.

pub mod account;
pub mod activity;
pub mod admin;
pub mod board_metrics;
pub mod boards;
pub mod columns;
pub mod dashboard;
pub mod dependencies;
pub mod dependency_map;
pub mod import;
#[cfg(feature = "ssr")]
mod item_page;
pub mod metrics;
pub mod my_work;
#[cfg(feature = "ssr")]
pub mod news;
pub mod planning;
pub mod roadmap;
pub mod strategy;
pub mod tokens;
pub mod webhooks;
pub mod wip;
#[cfg(feature = "ssr")]
mod wire_errors;
