//! What planning an epic or feature needs beyond its card: the epic hypothesis
//! statement and lean business case (SAFe), and a feature's acceptance criteria.
//! And when a team removed a column from its board: the column stays, hidden, so
//! the transitions that passed through it keep their history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Epics {
    Table,
    HypothesisFor,
    HypothesisWho,
    HypothesisThe,
    HypothesisIsA,
    HypothesisThat,
    HypothesisUnlike,
    HypothesisOurSolution,
    BusinessOutcome,
    LeadingIndicators,
    NonfunctionalRequirements,
    MvpCost,
    FullCost,
    Decision,
    DecisionDate,
    DecisionReason,
}

#[derive(DeriveIden)]
enum Features {
    Table,
    AcceptanceCriteria,
}

#[derive(DeriveIden)]
enum BoardColumns {
    Table,
    RemovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let epic_columns = [
            text(Epics::HypothesisFor).default("").to_owned(),
            text(Epics::HypothesisWho).default("").to_owned(),
            text(Epics::HypothesisThe).default("").to_owned(),
            text(Epics::HypothesisIsA).default("").to_owned(),
            text(Epics::HypothesisThat).default("").to_owned(),
            text(Epics::HypothesisUnlike).default("").to_owned(),
            text(Epics::HypothesisOurSolution).default("").to_owned(),
            text(Epics::BusinessOutcome).default("").to_owned(),
            text(Epics::LeadingIndicators).default("").to_owned(),
            text(Epics::NonfunctionalRequirements)
                .default("")
                .to_owned(),
            big_integer_null(Epics::MvpCost).to_owned(),
            big_integer_null(Epics::FullCost).to_owned(),
            string_len_null(Epics::Decision, 8).to_owned(),
            date_null(Epics::DecisionDate).to_owned(),
            text(Epics::DecisionReason).default("").to_owned(),
        ];
        // SQLite takes one column per ALTER TABLE.
        for mut column in epic_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Epics::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Features::Table)
                    .add_column(text(Features::AcceptanceCriteria).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(BoardColumns::Table)
                    .add_column(timestamp_with_time_zone_null(BoardColumns::RemovedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BoardColumns::Table)
                    .drop_column(BoardColumns::RemovedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Features::Table)
                    .drop_column(Features::AcceptanceCriteria)
                    .to_owned(),
            )
            .await?;
        for column in [
            Epics::HypothesisFor,
            Epics::HypothesisWho,
            Epics::HypothesisThe,
            Epics::HypothesisIsA,
            Epics::HypothesisThat,
            Epics::HypothesisUnlike,
            Epics::HypothesisOurSolution,
            Epics::BusinessOutcome,
            Epics::LeadingIndicators,
            Epics::NonfunctionalRequirements,
            Epics::MvpCost,
            Epics::FullCost,
            Epics::Decision,
            Epics::DecisionDate,
            Epics::DecisionReason,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Epics::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
