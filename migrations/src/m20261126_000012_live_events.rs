//! What happened, in order, for the browsers showing it: every change to a board
//! (topic `board:<id>`) or to outcome metrics (topic `metrics`) is one row, its id
//! the position in one sequence that every server process shares, so a browser
//! that reconnects (to any process) asks for what came after the last id it saw.
//! Rows are kept for a while, then pruned.

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
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LiveEvents::Table).to_owned())
            .await
    }
}
