//! The user directory as the admin page shows it.

use crate::domain::access::Role;
use crate::domain::NamedRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub teams: Vec<Uuid>,
    /// Products (feature boards) the user manages.
    pub products: Vec<Uuid>,
    /// Sent back with a change, so a concurrent change is detected (409).
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDirectoryView {
    pub users: Vec<UserRow>,
    pub teams: Vec<NamedRef>,
    pub products: Vec<NamedRef>,
}
