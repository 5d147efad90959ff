//! The roadmap page's data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::roadmap::{RoadmapRow, Span};

/// The epics under way, each followed by its features, on one span of months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapView {
    pub today: NaiveDate,
    pub span: Span,
    pub rows: Vec<RoadmapRow>,
}
