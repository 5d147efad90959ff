//! What the audit trail recorded about an item: one change, by whom and when.

use crate::domain::hierarchy::ItemKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A recorded change as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub item_kind: ItemKind,
    pub item_id: Uuid,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The person's display name; `None` once their account is deleted.
    pub who: Option<String>,
    pub via_token: bool,
    pub at: DateTime<Utc>,
}
