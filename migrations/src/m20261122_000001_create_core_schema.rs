//! The whole planning model: strategy (vision, themes), the three planning levels
//! (epics, features, work items) placed in board columns, teams and their boards,
//! outcome metrics with their measurements, and the transition log flow metrics read.
//!
//! An item's state is the board column it sits in; the column says which state
//! category (not started / started / done) and activity (active / wait) that is.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Visions {
    Table,
    Id,
    Title,
    Statement,
}

#[derive(DeriveIden)]
enum StrategicThemes {
    Table,
    Id,
    VisionId,
    Title,
    Description,
    Rank,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
    Name,
}

#[derive(DeriveIden)]
enum Boards {
    Table,
    Id,
    Name,
    Kind,
    TeamId,
}

#[derive(DeriveIden)]
enum BoardColumns {
    Table,
    Id,
    BoardId,
    Name,
    Position,
    StateCategory,
    Activity,
    WipLimit,
}

#[derive(DeriveIden)]
enum Epics {
    Table,
    Id,
    ThemeId,
    Owner,
}

#[derive(DeriveIden)]
enum Features {
    Table,
    Id,
    EpicId,
}

#[derive(DeriveIden)]
enum WorkItems {
    Table,
    Id,
    FeatureId,
    Kind,
    Assignee,
    Blocked,
    BlockedReason,
    ClassOfService,
}

#[derive(DeriveIden)]
enum OutcomeMetrics {
    Table,
    Id,
    Name,
    Unit,
    Direction,
    Baseline,
    Target,
    Current,
}

#[derive(DeriveIden)]
enum Measurements {
    Table,
    Id,
    MetricId,
    Value,
    MeasuredAt,
    Source,
}

#[derive(DeriveIden)]
enum ItemMetricLinks {
    Table,
    Id,
    MetricId,
    ItemKind,
    ItemId,
}

#[derive(DeriveIden)]
enum Transitions {
    Table,
    Id,
    ItemKind,
    ItemId,
    FromColumnId,
    ToColumnId,
    At,
    By,
}

/// Columns every editable row carries: audit timestamps and the optimistic
/// concurrency version a writer must present to change the row.
#[derive(DeriveIden)]
enum Audit {
    CreatedAt,
    UpdatedAt,
    Version,
}

/// Columns shared by epics, features and work items.
#[derive(DeriveIden)]
enum PlanningItem {
    ColumnId,
    Title,
    Description,
    Rank,
    Size,
    BusinessValue,
    TimeCriticality,
    RiskReduction,
    JobSize,
}

fn with_audit(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(timestamp_with_time_zone(Audit::CreatedAt))
        .col(timestamp_with_time_zone(Audit::UpdatedAt))
        .col(integer(Audit::Version).default(1))
}

/// An epic, feature or work item: parent link, board column (its state), rank,
/// size and the WSJF inputs, plus audit columns.
fn planning_item_table(
    table: impl IntoIden,
    id: impl IntoIden,
    parent: (impl IntoIden, impl IntoIden),
) -> TableCreateStatement {
    let table = table.into_iden();
    let parent_column = parent.0.into_iden();
    let mut statement = Table::create();
    statement
        .table(table.clone())
        .if_not_exists()
        .col(pk_uuid(id))
        .col(uuid_null(parent_column.clone()))
        .col(uuid(PlanningItem::ColumnId))
        .col(string(PlanningItem::Title))
        .col(text(PlanningItem::Description).default(""))
        .col(big_integer(PlanningItem::Rank))
        .col(integer_null(PlanningItem::Size))
        .col(small_integer_null(PlanningItem::BusinessValue))
        .col(small_integer_null(PlanningItem::TimeCriticality))
        .col(small_integer_null(PlanningItem::RiskReduction))
        .col(small_integer_null(PlanningItem::JobSize))
        .foreign_key(&mut foreign_key(
            table.clone(),
            parent_column,
            parent.1,
            ForeignKeyAction::SetNull,
        ))
        .foreign_key(&mut foreign_key(
            table,
            PlanningItem::ColumnId,
            BoardColumns::Table,
            ForeignKeyAction::Restrict,
        ));
    with_audit(&mut statement);
    statement
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut visions = Table::create();
        visions
            .table(Visions::Table)
            .if_not_exists()
            .col(pk_uuid(Visions::Id))
            .col(string(Visions::Title))
            .col(text(Visions::Statement).default(""));
        manager
            .create_table(with_audit(&mut visions).to_owned())
            .await?;

        let mut themes = Table::create();
        themes
            .table(StrategicThemes::Table)
            .if_not_exists()
            .col(pk_uuid(StrategicThemes::Id))
            .col(uuid(StrategicThemes::VisionId))
            .col(string(StrategicThemes::Title))
            .col(text(StrategicThemes::Description).default(""))
            .col(big_integer(StrategicThemes::Rank))
            .foreign_key(&mut foreign_key(
                StrategicThemes::Table,
                StrategicThemes::VisionId,
                Visions::Table,
                ForeignKeyAction::Cascade,
            ));
        manager
            .create_table(with_audit(&mut themes).to_owned())
            .await?;

        let mut teams = Table::create();
        teams
            .table(Teams::Table)
            .if_not_exists()
            .col(pk_uuid(Teams::Id))
            .col(string_uniq(Teams::Name));
        manager
            .create_table(with_audit(&mut teams).to_owned())
            .await?;

        let mut boards = Table::create();
        boards
            .table(Boards::Table)
            .if_not_exists()
            .col(pk_uuid(Boards::Id))
            .col(string(Boards::Name))
            .col(string_len(Boards::Kind, 16))
            .col(uuid_null(Boards::TeamId))
            .foreign_key(&mut foreign_key(
                Boards::Table,
                Boards::TeamId,
                Teams::Table,
                ForeignKeyAction::Cascade,
            ));
        manager
            .create_table(with_audit(&mut boards).to_owned())
            .await?;

        let mut columns = Table::create();
        columns
            .table(BoardColumns::Table)
            .if_not_exists()
            .col(pk_uuid(BoardColumns::Id))
            .col(uuid(BoardColumns::BoardId))
            .col(string(BoardColumns::Name))
            .col(integer(BoardColumns::Position))
            .col(string_len(BoardColumns::StateCategory, 16))
            .col(string_len(BoardColumns::Activity, 8))
            .col(integer_null(BoardColumns::WipLimit))
            .foreign_key(&mut foreign_key(
                BoardColumns::Table,
                BoardColumns::BoardId,
                Boards::Table,
                ForeignKeyAction::Cascade,
            ));
        manager
            .create_table(with_audit(&mut columns).to_owned())
            .await?;

        let mut epics = planning_item_table(
            Epics::Table,
            Epics::Id,
            (Epics::ThemeId, StrategicThemes::Table),
        );
        epics.col(string_null(Epics::Owner));
        manager.create_table(epics).await?;

        manager
            .create_table(planning_item_table(
                Features::Table,
                Features::Id,
                (Features::EpicId, Epics::Table),
            ))
            .await?;

        let mut work_items = planning_item_table(
            WorkItems::Table,
            WorkItems::Id,
            (WorkItems::FeatureId, Features::Table),
        );
        work_items
            .col(string_len(WorkItems::Kind, 16))
            .col(string_null(WorkItems::Assignee))
            .col(boolean(WorkItems::Blocked).default(false))
            .col(string_null(WorkItems::BlockedReason))
            .col(string_len(WorkItems::ClassOfService, 16));
        manager.create_table(work_items).await?;

        let mut metrics = Table::create();
        metrics
            .table(OutcomeMetrics::Table)
            .if_not_exists()
            .col(pk_uuid(OutcomeMetrics::Id))
            .col(string(OutcomeMetrics::Name))
            .col(string(OutcomeMetrics::Unit))
            .col(string_len(OutcomeMetrics::Direction, 16))
            .col(double(OutcomeMetrics::Baseline))
            .col(double(OutcomeMetrics::Target))
            .col(double_null(OutcomeMetrics::Current));
        manager
            .create_table(with_audit(&mut metrics).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Measurements::Table)
                    .if_not_exists()
                    .col(pk_uuid(Measurements::Id))
                    .col(uuid(Measurements::MetricId))
                    .col(double(Measurements::Value))
                    .col(timestamp_with_time_zone(Measurements::MeasuredAt))
                    .col(string_null(Measurements::Source))
                    .col(timestamp_with_time_zone(Audit::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        Measurements::Table,
                        Measurements::MetricId,
                        OutcomeMetrics::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        // Links and transitions point at an epic, feature or work item: the kind says
        // which table `item_id` lives in, so these carry no foreign key on it.
        manager
            .create_table(
                Table::create()
                    .table(ItemMetricLinks::Table)
                    .if_not_exists()
                    .col(pk_uuid(ItemMetricLinks::Id))
                    .col(uuid(ItemMetricLinks::MetricId))
                    .col(string_len(ItemMetricLinks::ItemKind, 16))
                    .col(uuid(ItemMetricLinks::ItemId))
                    .col(timestamp_with_time_zone(Audit::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        ItemMetricLinks::Table,
                        ItemMetricLinks::MetricId,
                        OutcomeMetrics::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Transitions::Table)
                    .if_not_exists()
                    .col(pk_uuid(Transitions::Id))
                    .col(string_len(Transitions::ItemKind, 16))
                    .col(uuid(Transitions::ItemId))
                    .col(uuid_null(Transitions::FromColumnId))
                    .col(uuid(Transitions::ToColumnId))
                    .col(timestamp_with_time_zone(Transitions::At))
                    .col(string(Transitions::By))
                    .foreign_key(&mut foreign_key(
                        Transitions::Table,
                        Transitions::FromColumnId,
                        BoardColumns::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut foreign_key(
                        Transitions::Table,
                        Transitions::ToColumnId,
                        BoardColumns::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        for statement in [
            index("idx_themes_vision", StrategicThemes::Table, &["vision_id"]),
            index("idx_boards_team", Boards::Table, &["team_id"]),
            index(
                "idx_columns_board",
                BoardColumns::Table,
                &["board_id", "position"],
            ),
            index("idx_epics_theme", Epics::Table, &["theme_id"]),
            index("idx_epics_column", Epics::Table, &["column_id", "rank"]),
            index("idx_features_epic", Features::Table, &["epic_id"]),
            index(
                "idx_features_column",
                Features::Table,
                &["column_id", "rank"],
            ),
            index("idx_work_items_feature", WorkItems::Table, &["feature_id"]),
            index(
                "idx_work_items_column",
                WorkItems::Table,
                &["column_id", "rank"],
            ),
            index(
                "idx_measurements_metric",
                Measurements::Table,
                &["metric_id", "measured_at"],
            ),
            index("idx_links_item", ItemMetricLinks::Table, &["item_id"]),
            index(
                "idx_transitions_item",
                Transitions::Table,
                &["item_id", "at"],
            ),
            index(
                "idx_transitions_to",
                Transitions::Table,
                &["to_column_id", "at"],
            ),
        ] {
            manager.create_index(statement).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uniq_links_metric_item")
                    .table(ItemMetricLinks::Table)
                    .col(ItemMetricLinks::MetricId)
                    .col(ItemMetricLinks::ItemKind)
                    .col(ItemMetricLinks::ItemId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents so foreign keys never dangle.
        for table in [
            Transitions::Table.into_iden(),
            ItemMetricLinks::Table.into_iden(),
            Measurements::Table.into_iden(),
            OutcomeMetrics::Table.into_iden(),
            WorkItems::Table.into_iden(),
            Features::Table.into_iden(),
            Epics::Table.into_iden(),
            BoardColumns::Table.into_iden(),
            Boards::Table.into_iden(),
            Teams::Table.into_iden(),
            StrategicThemes::Table.into_iden(),
            Visions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
