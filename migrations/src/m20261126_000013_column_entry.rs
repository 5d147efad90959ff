//! When each item entered the column it is in, kept on the item, so a card shows
//! how many days it has sat there without reading the transitions of every card.
//! Filled from the transitions: the latest arrival in its column, or its creation
//! when it never moved.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Items {
    Table,
    Id,
    ColumnId,
    CreatedAt,
    EnteredColumnAt,
}

#[derive(DeriveIden)]
enum Transitions {
    Table,
    ItemId,
    ToColumnId,
    At,
}

/// Sets every item's `entered_column_at` from its transitions (the demo, which
/// writes its history directly, runs it too).
pub fn entered_column_backfill() -> UpdateStatement {
    let latest_arrival = Query::select()
        .expr(Expr::col((Transitions::Table, Transitions::At)).max())
        .from(Transitions::Table)
        .and_where(
            Expr::col((Transitions::Table, Transitions::ItemId)).equals((Items::Table, Items::Id)),
        )
        .and_where(
            Expr::col((Transitions::Table, Transitions::ToColumnId))
                .equals((Items::Table, Items::ColumnId)),
        )
        .to_owned();
    Query::update()
        .table(Items::Table)
        .value(
            Items::EnteredColumnAt,
            Func::coalesce([
                SimpleExpr::SubQuery(None, Box::new(latest_arrival.into_sub_query_statement())),
                Expr::col((Items::Table, Items::CreatedAt)),
            ]),
        )
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .add_column(timestamp_with_time_zone_null(Items::EnteredColumnAt))
                    .to_owned(),
            )
            .await?;
        manager.exec_stmt(entered_column_backfill()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .drop_column(Items::EnteredColumnAt)
                    .to_owned(),
            )
            .await
    }
}
