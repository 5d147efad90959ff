//! The signed-in user as pages show them.

use crate::domain::access::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The person behind the current session, as pages show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}
