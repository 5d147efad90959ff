//! What happened, in order, for the browsers showing it: every change to a board
//! (topic `board:<id>`) or to outcome metrics (topic `metrics`) is one row, its id
//! the position in one sequence that every server process shares, so a browser
//! that reconnects (to any process) asks for what came after the last id it saw.
//! Rows are kept for a while, then pruned. Beside them, who is looking at which
//! board: a row per open board page, while it is open.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LiveEvents {
    Table,
    Id,
    Topic,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BoardViewers {
    Table,
    Id,
    BoardId,
    UserId,
    Name,
    SeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LiveEvents::Table)
                    .if_not_exists()
                    .col(big_pk_auto(LiveEvents::Id))
                    // A topic, not a foreign key: the news of a deleted board is still news.
                    .col(string_len(LiveEvents::Topic, 64))
                    .col(text(LiveEvents::Payload))
                    .col(timestamp_with_time_zone(LiveEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_live_events_topic",
                LiveEvents::Table,
                &["topic", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BoardViewers::Table)
                    .if_not_exists()
                    .col(pk_uuid(BoardViewers::Id))
                    .col(uuid(BoardViewers::BoardId))
                    .col(uuid(BoardViewers::UserId))
                    .col(string(BoardViewers::Name))
                    .col(timestamp_with_time_zone(BoardViewers::SeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_board_viewers_board_id",
                BoardViewers::Table,
                &["board_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BoardViewers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LiveEvents::Table).to_owned())
            .await
    }
}
