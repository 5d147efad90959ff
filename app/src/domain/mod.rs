//! Pure planning rules shared by the browser and the server: no framework, no I/O,
//! no clock. The browser previews a rule with the same code the server enforces.

mod labels;

pub mod access;
pub mod account;
pub mod board;
pub mod chart;
pub mod dora;
pub mod flow;
pub mod hierarchy;
pub mod outcome;
pub mod planning;
pub mod progress;
pub mod text;
pub mod throttle;
pub mod trend;
pub mod wip;
pub mod wsjf;

pub use labels::UnknownValue;
