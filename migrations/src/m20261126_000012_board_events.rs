//! What happened to each board, in order, for the browsers showing it: every
//! change is one row, its id the position in one sequence that every server
//! process shares, so a browser that reconnects (to any process) asks for what
//! came after the last id it saw. Rows are kept for a while, then pruned.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BoardEvents {
    Table,
    Id,
    BoardId,
    Payload,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BoardEvents::Table)
                    .if_not_exists()
                    .col(big_pk_auto(BoardEvents::Id))
                    // No foreign key: the event of a deleted board is still news.
                    .col(uuid(BoardEvents::BoardId))
                    .col(text(BoardEvents::Payload))
                    .col(timestamp_with_time_zone(BoardEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_board_events_board_id",
                BoardEvents::Table,
                &["board_id", "id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BoardEvents::Table).to_owned())
            .await
    }
}
