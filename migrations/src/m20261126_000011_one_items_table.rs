//! Epics, features and work items become one `items` table with a `kind`: one
//! concept, one table, so every rule about items (place, move, rank, delete,
//! history, WIP) is written once. An epic's hypothesis and business case, which no
//! other kind has, move to `epic_cases`. Ids are kept, so transitions, audit rows,
//! metric links and WIP infractions (which name items by kind and id) stay intact.
//!
//! Not reversible: `down` refuses rather than guess at splitting the rows again.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Items {
    Table,
    Id,
    Kind,
    ParentId,
    ColumnId,
    Title,
    Description,
    Rank,
    Size,
    BusinessValue,
    TimeCriticality,
    RiskReduction,
    JobSize,
    Owner,
    AcceptanceCriteria,
    WorkType,
    Assignee,
    Blocked,
    BlockedReason,
    ClassOfService,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum EpicCases {
    Table,
    ItemId,
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
enum BoardColumns {
    Table,
}

/// The shared columns, in the order both INSERTs below list them.
const SHARED: &str = "id, column_id, title, description, rank, size, business_value, \
     time_criticality, risk_reduction, job_size, created_at, updated_at, version";

const CASE: &str = "hypothesis_for, hypothesis_who, hypothesis_the, hypothesis_is_a, \
     hypothesis_that, hypothesis_unlike, hypothesis_our_solution, business_outcome, \
     leading_indicators, nonfunctional_requirements, mvp_cost, full_cost, decision, \
     decision_date, decision_reason";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Items::Table)
                    .if_not_exists()
                    .col(pk_uuid(Items::Id))
                    .col(string_len(Items::Kind, 16))
                    .col(uuid_null(Items::ParentId))
                    .col(uuid(Items::ColumnId))
                    .col(string(Items::Title))
                    .col(text(Items::Description).default(""))
                    .col(big_integer(Items::Rank))
                    .col(integer_null(Items::Size))
                    .col(small_integer_null(Items::BusinessValue))
                    .col(small_integer_null(Items::TimeCriticality))
                    .col(small_integer_null(Items::RiskReduction))
                    .col(small_integer_null(Items::JobSize))
                    .col(string_null(Items::Owner))
                    .col(text(Items::AcceptanceCriteria).default(""))
                    .col(string_len_null(Items::WorkType, 16))
                    .col(string_null(Items::Assignee))
                    .col(boolean(Items::Blocked).default(false))
                    .col(string_null(Items::BlockedReason))
                    .col(string_len_null(Items::ClassOfService, 16))
                    .col(timestamp_with_time_zone(Items::CreatedAt))
                    .col(timestamp_with_time_zone(Items::UpdatedAt))
                    .col(integer(Items::Version).default(1))
                    .foreign_key(&mut foreign_key(
                        Items::Table,
                        Items::ColumnId,
                        BoardColumns::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EpicCases::Table)
                    .if_not_exists()
                    .col(pk_uuid(EpicCases::ItemId))
                    .col(text(EpicCases::HypothesisFor).default(""))
                    .col(text(EpicCases::HypothesisWho).default(""))
                    .col(text(EpicCases::HypothesisThe).default(""))
                    .col(text(EpicCases::HypothesisIsA).default(""))
                    .col(text(EpicCases::HypothesisThat).default(""))
                    .col(text(EpicCases::HypothesisUnlike).default(""))
                    .col(text(EpicCases::HypothesisOurSolution).default(""))
                    .col(text(EpicCases::BusinessOutcome).default(""))
                    .col(text(EpicCases::LeadingIndicators).default(""))
                    .col(text(EpicCases::NonfunctionalRequirements).default(""))
                    .col(big_integer_null(EpicCases::MvpCost))
                    .col(big_integer_null(EpicCases::FullCost))
                    .col(string_len_null(EpicCases::Decision, 8))
                    .col(date_null(EpicCases::DecisionDate))
                    .col(text(EpicCases::DecisionReason).default(""))
                    .foreign_key(&mut foreign_key(
                        EpicCases::Table,
                        EpicCases::ItemId,
                        Items::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        for statement in [
            format!(
                "INSERT INTO items (kind, parent_id, owner, acceptance_criteria, work_type, \
                 assignee, blocked, blocked_reason, class_of_service, {SHARED}) \
                 SELECT 'epic', theme_id, owner, '', NULL, NULL, FALSE, NULL, NULL, {SHARED} \
                 FROM epics"
            ),
            format!(
                "INSERT INTO items (kind, parent_id, owner, acceptance_criteria, work_type, \
                 assignee, blocked, blocked_reason, class_of_service, {SHARED}) \
                 SELECT 'feature', epic_id, NULL, acceptance_criteria, NULL, NULL, FALSE, \
                 NULL, NULL, {SHARED} FROM features"
            ),
            format!(
                "INSERT INTO items (kind, parent_id, owner, acceptance_criteria, work_type, \
                 assignee, blocked, blocked_reason, class_of_service, {SHARED}) \
                 SELECT 'work_item', feature_id, NULL, '', kind, assignee, blocked, \
                 blocked_reason, class_of_service, {SHARED} FROM work_items"
            ),
            format!("INSERT INTO epic_cases (item_id, {CASE}) SELECT id, {CASE} FROM epics"),
        ] {
            db.execute_unprepared(&statement).await?;
        }
        for table in ["work_items", "features", "epics"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        for statement in [
            index("idx_items_column", Items::Table, &["column_id", "rank"]),
            index("idx_items_parent", Items::Table, &["parent_id"]),
            index("idx_items_kind", Items::Table, &["kind"]),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "one_items_table cannot be undone: restore a backup taken before it".into(),
        ))
    }
}
