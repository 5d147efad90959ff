//! What an outcome metric needs beyond its numbers: a description, when the
//! baseline was taken and by when the target is due (the line status is judged
//! against), whether it is a leading indicator, and who owns it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutcomeMetrics {
    Table,
    Description,
    BaselineDate,
    TargetDate,
    Leading,
    Owner,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            text(OutcomeMetrics::Description).default("").to_owned(),
            date_null(OutcomeMetrics::BaselineDate).to_owned(),
            date_null(OutcomeMetrics::TargetDate).to_owned(),
            boolean(OutcomeMetrics::Leading).default(false).to_owned(),
            string_null(OutcomeMetrics::Owner).to_owned(),
        ];
        // SQLite takes one column per ALTER TABLE.
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutcomeMetrics::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            OutcomeMetrics::Description,
            OutcomeMetrics::BaselineDate,
            OutcomeMetrics::TargetDate,
            OutcomeMetrics::Leading,
            OutcomeMetrics::Owner,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutcomeMetrics::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
