//! What a forecast of an epic's or a feature's remaining work reads: its work
//! items, finished or not, and the daily throughput of the team boards holding
//! them over the history window, by the flow metrics' own definition of
//! finishing (`domain::flow`).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::error::StoreError;
use super::flow::{of_kind, under};
use super::json_list::{self, Fields};
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::flow::finishes_per_day;
use crate::domain::forecast::history_range;
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::entities::{board, board_column, item};

/// An item's work items and the pace of the teams doing them.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkLeft {
    /// Its work items not in a done column.
    pub remaining: u32,
    /// All its work items.
    pub total: u32,
    /// The team boards holding them, by name.
    pub teams: Vec<String>,
    /// Work items those boards finished each day of the window, oldest first.
    pub daily: Vec<u32>,
}

/// The work items under `item` and the daily throughput of the boards holding
/// them over the `HISTORY_DAYS` days before today.
pub async fn work_left(
    db: &impl ConnectionTrait,
    item: ItemRef,
    now: DateTime<Utc>,
) -> Result<WorkLeft, StoreError> {
    let columns_of_work: Vec<Uuid> = item::Entity::find()
        .select_only()
        .column(item::Column::ColumnId)
        .filter(of_kind(db.get_database_backend(), ItemKind::WorkItem))
        .filter(under(ItemKind::WorkItem, item)?)
        .into_tuple()
        .all(db)
        .await?;
    let columns = board_column::Entity::find()
        .filter(board_column::Column::Id.is_in(columns_of_work.iter().copied()))
        .all(db)
        .await?;
    let column = |id: &Uuid| columns.iter().find(|column| column.id == *id);
    let remaining = columns_of_work
        .iter()
        .filter(|id| column(id).is_some_and(|c| c.state_category != StateCategory::Done))
        .count();
    let mut board_ids: Vec<Uuid> = columns.iter().map(|column| column.board_id).collect();
    board_ids.sort_unstable();
    board_ids.dedup();
    let boards = board::Entity::find()
        .filter(board::Column::Id.is_in(board_ids))
        .filter(board::Column::Kind.eq(BoardKind::Team.key()))
        .all(db)
        .await?;
    let daily = daily_throughput(db, &boards, now).await?;
    Ok(WorkLeft {
        remaining: remaining as u32,
        total: columns_of_work.len() as u32,
        teams: boards.into_iter().map(|board| board.name).collect(),
        daily,
    })
}

/// The cards `boards` finished together each day of the `HISTORY_DAYS` days before
/// today, oldest first, by the flow metrics' own definition of finishing: from the
/// finish times the database keeps on the cards (`item::Model::finished_at`), read
/// from the index on their column and finish time.
pub async fn daily_throughput(
    db: &impl ConnectionTrait,
    boards: &[board::Model],
    now: DateTime<Utc>,
) -> Result<Vec<u32>, StoreError> {
    let range = history_range(now.date_naive());
    let done_columns: Vec<Uuid> = board_column::Entity::find()
        .select_only()
        .column(board_column::Column::Id)
        .filter(board_column::Column::BoardId.is_in(boards.iter().map(|board| board.id)))
        .filter(board_column::Column::StateCategory.eq(StateCategory::Done))
        .into_tuple()
        .all(db)
        .await?;
    // Read as one JSON list (`json_list`): a busy board finishes thousands of
    // cards in the range, and sqlx hands rows over one at a time.
    const FINISHED_AT: Fields = Fields {
        sqlite: "finished_at",
        postgres: "finished_at",
    };
    let query = item::Entity::find()
        .filter(item::Column::ColumnId.is_in(done_columns))
        .filter(item::Column::FinishedAt.gte(range.start()))
        .filter(item::Column::FinishedAt.lt(range.end()));
    let finishes: Vec<(String,)> =
        json_list::read(db, query, &FINISHED_AT, "", "finish times").await?;
    let finishes = finishes
        .iter()
        .map(|(at,)| json_list::time("a card's finish time", at))
        .collect::<Result<Vec<DateTime<Utc>>, _>>()?;
    Ok(finishes_per_day(finishes, range))
}
