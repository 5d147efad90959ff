//! WIP limits of every kind in one table (a column, a lane of a column, a person,
//! a group of adjacent columns; soft or hard), what a board's limits count, and the
//! infractions: each time a move took a soft limit over, and when it came back.
//! Column limits kept on `board_columns.wip_limit` until now move into the table.

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WipLimits {
    Table,
    Id,
    BoardId,
    Scope,
    ColumnId,
    LastColumnId,
    ClassOfService,
    Person,
    Max,
    Enforcement,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum WipInfractions {
    Table,
    Id,
    LimitId,
    BoardId,
    Label,
    Max,
    Load,
    ItemKind,
    ItemId,
    ItemTitle,
    UserId,
    Reason,
    At,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Boards {
    Table,
    WipMeasure,
}

#[derive(DeriveIden)]
enum BoardColumns {
    Table,
    Id,
    BoardId,
    WipLimit,
}

#[derive(DeriveIden)]
enum Users {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WipLimits::Table)
                    .if_not_exists()
                    .col(pk_uuid(WipLimits::Id))
                    .col(uuid(WipLimits::BoardId))
                    .col(string_len(WipLimits::Scope, 8))
                    .col(uuid_null(WipLimits::ColumnId))
                    .col(uuid_null(WipLimits::LastColumnId))
                    .col(string_len_null(WipLimits::ClassOfService, 16))
                    .col(string_null(WipLimits::Person))
                    .col(integer(WipLimits::Max))
                    .col(string_len(WipLimits::Enforcement, 8))
                    .col(timestamp_with_time_zone(WipLimits::CreatedAt))
                    .col(timestamp_with_time_zone(WipLimits::UpdatedAt))
                    .col(integer(WipLimits::Version).default(1))
                    .foreign_key(&mut foreign_key(
                        WipLimits::Table,
                        WipLimits::BoardId,
                        Boards::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WipInfractions::Table)
                    .if_not_exists()
                    .col(pk_uuid(WipInfractions::Id))
                    .col(uuid_null(WipInfractions::LimitId))
                    .col(uuid(WipInfractions::BoardId))
                    .col(string(WipInfractions::Label))
                    .col(integer(WipInfractions::Max))
                    .col(integer(WipInfractions::Load))
                    .col(string_len(WipInfractions::ItemKind, 16))
                    .col(uuid(WipInfractions::ItemId))
                    .col(string(WipInfractions::ItemTitle))
                    .col(uuid_null(WipInfractions::UserId))
                    .col(text(WipInfractions::Reason))
                    .col(timestamp_with_time_zone(WipInfractions::At))
                    .col(timestamp_with_time_zone_null(WipInfractions::ResolvedAt))
                    // The record outlives the limit: a removed limit leaves its history.
                    .foreign_key(&mut foreign_key(
                        WipInfractions::Table,
                        WipInfractions::LimitId,
                        WipLimits::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut foreign_key(
                        WipInfractions::Table,
                        WipInfractions::BoardId,
                        Boards::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        WipInfractions::Table,
                        WipInfractions::UserId,
                        Users::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for statement in [
            index("idx_wip_limits_board", WipLimits::Table, &["board_id"]),
            index("idx_wip_infractions_at", WipInfractions::Table, &["at"]),
            index(
                "idx_wip_infractions_open",
                WipInfractions::Table,
                &["board_id", "resolved_at"],
            ),
        ] {
            manager.create_index(statement).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Boards::Table)
                    .add_column(string_len(Boards::WipMeasure, 8).default("cards"))
                    .to_owned(),
            )
            .await?;

        // Existing column limits become soft column limits in the new table.
        let db = manager.get_connection();
        let existing = Query::select()
            .columns([
                BoardColumns::Id,
                BoardColumns::BoardId,
                BoardColumns::WipLimit,
            ])
            .from(BoardColumns::Table)
            .and_where(Expr::col(BoardColumns::WipLimit).is_not_null())
            .to_owned();
        let now = Expr::current_timestamp();
        for row in db.query_all(&existing).await? {
            let column: Uuid = row.try_get("", "id")?;
            let board: Uuid = row.try_get("", "board_id")?;
            let max: i32 = row.try_get("", "wip_limit")?;
            let insert = Query::insert()
                .into_table(WipLimits::Table)
                .columns([
                    WipLimits::Id,
                    WipLimits::BoardId,
                    WipLimits::Scope,
                    WipLimits::ColumnId,
                    WipLimits::Max,
                    WipLimits::Enforcement,
                    WipLimits::CreatedAt,
                    WipLimits::UpdatedAt,
                ])
                .values_panic([
                    Uuid::new_v4().into(),
                    board.into(),
                    "column".into(),
                    column.into(),
                    max.into(),
                    "soft".into(),
                    now.clone(),
                    now.clone(),
                ])
                .to_owned();
            db.execute(&insert).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(BoardColumns::Table)
                    .drop_column(BoardColumns::WipLimit)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BoardColumns::Table)
                    .add_column(integer_null(BoardColumns::WipLimit))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Boards::Table)
                    .drop_column(Boards::WipMeasure)
                    .to_owned(),
            )
            .await?;
        for table in [
            WipInfractions::Table.into_iden(),
            WipLimits::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
