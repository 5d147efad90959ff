//! A board shows the work its done columns took in the last two weeks and counts
//! the rest: an index on (column, when the card entered it) finds those cards
//! without walking a done column of years of finished work. A card whose entry
//! time was never kept counts from its creation, as the board reads it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The time a card has sat in its column since, written as `store::boards` asks
/// for it (an expression index serves only the same expression).
const IN_COLUMN_SINCE: &str = "coalesce(entered_column_at, created_at)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX idx_items_column_entered ON items (column_id, ({IN_COLUMN_SINCE}))"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_items_column_entered")
            .await?;
        Ok(())
    }
}
