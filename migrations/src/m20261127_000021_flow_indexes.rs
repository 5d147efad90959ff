//! Indexes the flow metrics read from alone. A board's cards by kind, column and
//! creation (replacing the index on kind, its first column): the cards finished
//! in a range's done columns are counted without reading them. Each item's moves
//! with their column (replacing the index on item and time): a board's history
//! is read without visiting the transitions themselves. Children by parent and
//! column (replacing the index on parent): whether an item has cards on a board
//! is one lookup.

use sea_orm_migration::prelude::*;

use crate::helpers::{index, replace_index as replace};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Items {
    Table,
}

#[derive(DeriveIden)]
enum Transitions {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace(
            manager,
            "idx_items_kind",
            index(
                "idx_items_kind_column",
                Items::Table,
                &["kind", "column_id", "created_at"],
            ),
            Items::Table,
        )
        .await?;
        replace(
            manager,
            "idx_items_parent",
            index(
                "idx_items_parent_column",
                Items::Table,
                &["parent_id", "column_id"],
            ),
            Items::Table,
        )
        .await?;
        replace(
            manager,
            "idx_transitions_item",
            index(
                "idx_transitions_item_moves",
                Transitions::Table,
                &["item_id", "at", "to_column_id"],
            ),
            Transitions::Table,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace(
            manager,
            "idx_items_kind_column",
            index("idx_items_kind", Items::Table, &["kind"]),
            Items::Table,
        )
        .await?;
        replace(
            manager,
            "idx_items_parent_column",
            index("idx_items_parent", Items::Table, &["parent_id"]),
            Items::Table,
        )
        .await?;
        replace(
            manager,
            "idx_transitions_item_moves",
            index(
                "idx_transitions_item",
                Transitions::Table,
                &["item_id", "at"],
            ),
            Transitions::Table,
        )
        .await
    }
}
