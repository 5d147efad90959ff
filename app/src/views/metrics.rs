//! Outcome metrics as their directory and pages show them.

use crate::domain::outcome::{Goal, LinkedItem, MetricForm, MetricRow};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementRow {
    pub id: uuid::Uuid,
    pub value: f64,
    pub measured_at: DateTime<Utc>,
    pub source: Option<String>,
    pub client_id: Option<String>,
    /// Whether the reader may correct or delete it.
    pub may_change: bool,
}

impl LinkedItem {
    pub fn href(&self) -> String {
        crate::views::planning::item_href(self.item.kind, self.item.id)
    }
}

/// Everything a metric's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricPageView {
    pub metric: MetricRow,
    pub description: String,
    /// `None` for a metric without baseline and target dates.
    pub goal: Option<Goal>,
    /// The definition as saved, to fill the edit form.
    pub form: MetricForm,
    /// Oldest first.
    pub measurements: Vec<MeasurementRow>,
    pub claimed_by: Vec<LinkedItem>,
    /// Items it could be linked to (empty unless the reader may link).
    pub link_choices: Vec<LinkedItem>,
    /// Whether the reader may change the definition and its links.
    pub may_edit: bool,
    pub may_record: bool,
    /// Its measurements' corrections and deletions, newest first.
    pub corrections: Vec<crate::domain::outcome::MeasurementChange>,
    /// When the server read it: the chart's "today". (The browser's WebAssembly
    /// has no clock of its own, and both sides must draw the same chart.)
    pub read_at: chrono::DateTime<chrono::Utc>,
    /// The last live event stored before the read: the page follows from it.
    pub events_seen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDirectoryView {
    /// By name.
    pub metrics: Vec<MetricRow>,
    /// Whether the reader may define metrics.
    pub may_define: bool,
}
