//! Machines name each measurement they send, so a measurement sent twice (a retry
//! after a lost answer) is stored once: one client id per metric.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Measurements {
    Table,
    MetricId,
    ClientId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Measurements::Table)
                    .add_column(string_null(Measurements::ClientId))
                    .to_owned(),
            )
            .await?;
        // Measurements without a client id (entered by hand) never collide: both
        // engines let a unique index hold any number of NULLs.
        manager
            .create_index(
                Index::create()
                    .name("uniq_measurements_client_id")
                    .table(Measurements::Table)
                    .col(Measurements::MetricId)
                    .col(Measurements::ClientId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uniq_measurements_client_id")
                    .table(Measurements::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Measurements::Table)
                    .drop_column(Measurements::ClientId)
                    .to_owned(),
            )
            .await
    }
}
