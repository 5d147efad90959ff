//! API tokens as the account page lists them.

use crate::domain::access::Capability;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The public API's interactive reference, served by the server from its
/// OpenAPI document.
pub const API_REFERENCE_PAGE: &str = "/api/v1/docs/";
/// The OpenAPI document itself.
pub const API_DOCUMENT: &str = "/api/v1/openapi.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: Uuid,
    pub name: String,
    pub capabilities: Vec<Capability>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The one metric the token records, named; `None` for a workspace token.
    pub metric: Option<String>,
    /// The teams whose deployments and incidents the token records, named; empty
    /// when it is not narrowed to teams.
    pub teams: Vec<String>,
}

/// A new token: the secret is in this answer and nowhere else, ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    pub token: String,
    pub details: ApiTokenView,
}
