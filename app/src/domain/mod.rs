//! The planning model shared by the browser and the server: its records (what the
//! store reads: boards, cards, the strategy tree, metrics, history) and its pure
//! rules, with no framework, no I/O and no clock. The browser previews a rule with
//! the same code the server enforces. Records carry no URLs, no sentences for the
//! page and nothing about who is reading: `views` adds those.

mod labels;

pub mod access;
pub mod account;
pub mod board;
pub mod chart;
pub mod dependency;
pub mod dependency_map;
pub mod dora;
pub mod flow;
pub mod forecast;
pub mod hierarchy;
pub mod history;
pub mod import;
pub mod outcome;
pub mod planning;
pub mod progress;
pub mod rate_limit;
pub mod roadmap;
pub mod text;
pub mod throttle;
pub mod trend;
pub mod webhook;
pub mod wip;
pub mod wsjf;

pub use labels::UnknownValue;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Something people pick by name (a team, a product): its id and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}
