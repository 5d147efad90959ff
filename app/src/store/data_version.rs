//! The database's data version: a number that grows with every committed change a
//! page can show (kept by triggers, see the migration `data_version`).

use sea_orm::{ConnectionTrait, Statement};

use super::StoreError;

/// The data version as of now: a page read after this read shows at least every
/// change it counts.
pub async fn current(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM data_version WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| StoreError::Inconsistent {
            detail: "the data version's row is missing".into(),
        })?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
