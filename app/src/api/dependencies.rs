//! Server functions that make an item wait on another and undo it. Changing what
//! an item waits on is changing the item: the right to edit it is needed.

use crate::domain::dependency::DependencyForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Makes the item `item_id` wait on `dependency.upstream_id`, optionally by
/// `needed_by`, with a note. 400 naming the cycle it would close; 409 when it
/// already waits on it.
#[server(endpoint = "add_dependency")]
pub async fn add_dependency(
    item_id: uuid::Uuid,
    dependency: DependencyForm,
) -> Result<(), AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let draft = dependency.validate()?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    let (downstream, actor) = may_change(&txn, item_id).await?;
    crate::store::dependencies::add(&txn, &downstream, draft, actor, chrono::Utc::now()).await?;
    Ok(txn.commit().await?)
}

/// Stops the item `item_id` waiting on another (its dependency `dependency_id`).
#[server(endpoint = "remove_dependency")]
pub async fn remove_dependency(
    item_id: uuid::Uuid,
    dependency_id: uuid::Uuid,
) -> Result<(), AppError> {
    use crate::store::dependencies;
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    let (downstream, actor) = may_change(&txn, item_id).await?;
    let dependency = dependencies::find(&txn, dependency_id, item_id).await?;
    dependencies::remove(&txn, dependency, &downstream, actor, chrono::Utc::now()).await?;
    Ok(txn.commit().await?)
}

/// The item `item_id` and who changes it, when the caller may.
#[cfg(feature = "ssr")]
async fn may_change(
    txn: &crate::store::Writing,
    item_id: uuid::Uuid,
) -> Result<(crate::entities::item::Model, crate::store::items::Actor), AppError> {
    let placement = crate::store::items::placement_of(txn, item_id).await?;
    let principal = crate::security::guard::authorize(placement.edit_action()?)?;
    Ok((placement.row, crate::store::items::Actor::of(&principal)))
}
