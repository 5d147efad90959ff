//! What changed, by whom: an item's history and the admins' activity feed.

use crate::domain::history::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

/// The newest 100 changes across the portfolio (admins).
#[server(endpoint = "activity_feed")]
pub async fn activity_feed() -> Result<Vec<AuditEntry>, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let db = crate::store::connection()?;
    Ok(crate::store::audit::recent(&db, 100).await?)
}
