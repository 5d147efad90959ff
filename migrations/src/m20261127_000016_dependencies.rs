//! Dependencies between items: the downstream item waits on the upstream one,
//! across teams and boards, optionally by a date, with a note. A pair appears once;
//! deleting either item deletes the dependency.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Dependencies {
    Table,
    Id,
    UpstreamId,
    DownstreamId,
    NeededBy,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Items {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Dependencies::Table)
                    .if_not_exists()
                    .col(pk_uuid(Dependencies::Id))
                    .col(uuid(Dependencies::UpstreamId))
                    .col(uuid(Dependencies::DownstreamId))
                    .col(date_null(Dependencies::NeededBy))
                    .col(text(Dependencies::Note))
                    .col(uuid(Dependencies::CreatedBy))
                    .col(timestamp_with_time_zone(Dependencies::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        Dependencies::Table,
                        Dependencies::UpstreamId,
                        Items::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        Dependencies::Table,
                        Dependencies::DownstreamId,
                        Items::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_dependencies_pair",
                    Dependencies::Table,
                    &["downstream_id", "upstream_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_dependencies_upstream",
                Dependencies::Table,
                &["upstream_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Dependencies::Table).to_owned())
            .await
    }
}
