//! The dependency map page's data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::dependency_map::{MapFeature, MapLink};
use crate::domain::NamedRef;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyMapView {
    /// The product shown; `None`: every product.
    pub product: Option<Uuid>,
    /// The products to choose from.
    pub products: Vec<NamedRef>,
    pub today: NaiveDate,
    /// The rows: teams (`None`: no team has work under it yet).
    pub teams: Vec<Option<String>>,
    /// The columns: target months (`None`: no target date).
    pub periods: Vec<Option<NaiveDate>>,
    pub features: Vec<MapFeature>,
    pub links: Vec<MapLink>,
}
