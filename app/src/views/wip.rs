//! A board's WIP limits and the WIP report.

use crate::domain::board::BoardRef;
use crate::domain::wip::{Enforcement, LimitForm, Measure};
use crate::domain::NamedRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A stored limit with the form values to edit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitRow {
    pub id: Uuid,
    pub label: String,
    pub form: LimitForm,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WipSettingsView {
    pub board_id: Uuid,
    pub board: BoardRef,
    pub measure: Measure,
    pub columns: Vec<NamedRef>,
    pub limits: Vec<LimitRow>,
    pub may_edit: bool,
}

/// One time a move took a soft limit over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfractionRow {
    pub board: String,
    pub limit: String,
    pub max: i32,
    pub load: i32,
    pub item: String,
    pub who: Option<String>,
    pub reason: String,
    pub at: DateTime<Utc>,
    /// When the limit was back within its maximum; `None` while still over.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A limit over its maximum now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverLimitRow {
    pub board: BoardRef,
    pub limit: String,
    pub load: u32,
    pub max: u32,
    pub enforcement: Enforcement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WipReportView {
    /// Newest first.
    pub infractions: Vec<InfractionRow>,
    pub over_now: Vec<OverLimitRow>,
    /// When the server read it: "still over" runs to here. (The browser's
    /// WebAssembly has no clock of its own, and both sides must render alike.)
    pub read_at: chrono::DateTime<chrono::Utc>,
}
