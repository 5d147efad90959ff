//! Flow metrics ask "what moved since the range began?": an index on the
//! transitions' time answers it with a range scan instead of reading the whole log.

use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Transitions {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "idx_transitions_at",
                Transitions::Table,
                &["at", "item_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_transitions_at")
                    .table(Transitions::Table)
                    .to_owned(),
            )
            .await
    }
}
