//! Rows asked for by many ids at once: bound a few hundred at a time, since
//! engines cap a statement's parameters (SQLite at 32,766) and a board can hold
//! more cards than that.

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use super::error::StoreError;

/// How many ids one statement binds.
pub(crate) const IDS_PER_QUERY: usize = 500;

/// The rows of `query` whose `column` is one of `ids` (each id asked once).
pub(crate) async fn find<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    column: E::Column,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<E::Model>, StoreError> {
    let ids: Vec<Uuid> = ids
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        rows.extend(
            query
                .clone()
                .filter(column.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(rows)
}
