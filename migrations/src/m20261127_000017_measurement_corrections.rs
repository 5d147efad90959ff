//! Measurements can be corrected or deleted by whoever recorded them (and by
//! executives): each measurement keeps who recorded it, and each correction or
//! deletion is kept with the values before and after, by whom and when.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Measurements {
    Table,
    RecordedBy,
}

#[derive(DeriveIden)]
enum MeasurementChanges {
    Table,
    Id,
    MeasurementId,
    MetricId,
    OldValue,
    OldMeasuredAt,
    NewValue,
    NewMeasuredAt,
    UserId,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Measurements::Table)
                    .add_column(uuid_null(Measurements::RecordedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeasurementChanges::Table)
                    .if_not_exists()
                    .col(pk_uuid(MeasurementChanges::Id))
                    // No foreign key: a deleted measurement's change is still kept.
                    .col(uuid(MeasurementChanges::MeasurementId))
                    .col(uuid(MeasurementChanges::MetricId))
                    .col(double(MeasurementChanges::OldValue))
                    .col(timestamp_with_time_zone(MeasurementChanges::OldMeasuredAt))
                    .col(double_null(MeasurementChanges::NewValue))
                    .col(timestamp_with_time_zone_null(
                        MeasurementChanges::NewMeasuredAt,
                    ))
                    .col(uuid(MeasurementChanges::UserId))
                    .col(timestamp_with_time_zone(MeasurementChanges::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_measurement_changes_metric",
                MeasurementChanges::Table,
                &["metric_id", "at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MeasurementChanges::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Measurements::Table)
                    .drop_column(Measurements::RecordedBy)
                    .to_owned(),
            )
            .await
    }
}
