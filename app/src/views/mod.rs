//! The types sent to the browser: what each page receives from the server
//! functions in `api`, built on the server and read by the pages. Plain data:
//! the domain's records plus what one reader sees (may they edit, their choices),
//! and the links and sentences made of records.

pub mod activity;
pub mod admin;
pub mod board;
pub mod board_csv;
pub mod board_metrics;
pub mod csv;
pub mod dashboard;
pub mod dependency_map;
pub mod import;
pub mod live;
pub mod metrics;
pub mod packed_board;
pub mod planning;
pub mod roadmap;
pub mod strategy;
pub mod tokens;
pub mod webhooks;
pub mod wip;
pub mod wip_csv;
