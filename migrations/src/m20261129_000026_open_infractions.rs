//! A board's open WIP infractions by limit (replacing the index on board and
//! resolution): a move closes those of the limits it left under their maximum
//! with one lookup per limit, where it walked every open infraction of the board,
//! and a board kept over its soft limits gathers thousands of them.

use sea_orm_migration::prelude::*;

use crate::helpers::{index, replace_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WipInfractions {
    Table,
}

const BY_BOARD: &str = "idx_wip_infractions_open";
const BY_LIMIT: &str = "idx_wip_infractions_open_by_limit";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let by_limit = index(
            BY_LIMIT,
            WipInfractions::Table,
            &["board_id", "resolved_at", "limit_id"],
        );
        replace_index(manager, BY_BOARD, by_limit, WipInfractions::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let by_board = index(
            BY_BOARD,
            WipInfractions::Table,
            &["board_id", "resolved_at"],
        );
        replace_index(manager, BY_LIMIT, by_board, WipInfractions::Table).await
    }
}
