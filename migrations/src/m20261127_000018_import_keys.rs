//! Where an imported item came from (`jira:DRN-12`, `trello:<card id>`): importing
//! the same file again finds it and updates it instead of adding a twin.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Items {
    Table,
    SourceKey,
}

const INDEX: &str = "idx_items_source_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .add_column(string_null(Items::SourceKey))
                    .to_owned(),
            )
            .await?;
        // Unique where set: items made in the app have none.
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Items::Table)
                    .col(Items::SourceKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Items::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .drop_column(Items::SourceKey)
                    .to_owned(),
            )
            .await
    }
}
