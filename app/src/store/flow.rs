//! Reading a board's history for flow metrics: the database picks the cards that
//! matter to the range and their moves; `domain::flow` does the math.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::error::StoreError;
use super::items::{child_kind, col, parent_column, table, table_of};
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::flow::{BoardHistory, ColumnKind, ItemHistory, Move};
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::entities::{board, board_column, transition};

/// What a flow page measures: the cards of one board, or only those under one
/// item above them (a team's work for one feature or epic, a product's features
/// for one epic, the portfolio's epics for one strategic theme).
#[derive(Debug, Clone, Copy)]
pub struct FlowScope {
    pub board_id: Uuid,
    pub cards: ItemKind,
    pub within: Option<ItemRef>,
}

impl FlowScope {
    /// The board's cards, or those under `within`, which must be above them.
    pub fn of(board: &board::Model, within: Option<ItemRef>) -> Result<FlowScope, StoreError> {
        let kind: BoardKind = board.kind;
        if let Some(ancestor) = within {
            under(kind.cards(), ancestor)?;
        }
        Ok(FlowScope {
            board_id: board.id,
            cards: kind.cards(),
            within,
        })
    }

    /// The condition that keeps the scope's cards among the board's.
    fn narrowing(&self) -> Result<Condition, StoreError> {
        let Some(ancestor) = self.within else {
            return Ok(Condition::all());
        };
        Ok(Condition::all().add(under(self.cards, ancestor)?))
    }
}

/// Rows of `cards` whose chain upward reaches `ancestor`: a parent-column test,
/// through one `IN (SELECT id …)` per level in between.
fn under(cards: ItemKind, ancestor: ItemRef) -> Result<Expr, StoreError> {
    let refuse = || {
        StoreError::refused(format!(
            "the {} of this board can be narrowed to an item above them, not to {}",
            cards.label().to_lowercase(),
            ancestor.kind.with_article()
        ))
    };
    if ancestor.kind == ItemKind::Vision {
        return Err(refuse());
    }
    let mut path = vec![cards];
    path.extend(cards.levels_up_to(ancestor.kind).ok_or_else(refuse)?);
    let top = *path.last().expect("the path starts with the cards");
    let mut condition = Expr::col(parent_column(top)).eq(ancestor.id);
    for pair in path.windows(2).rev() {
        let (lower, upper) = (pair[0], pair[1]);
        let parents = Query::select()
            .column(Alias::new("id"))
            .from(table(upper)?)
            .and_where(condition)
            .to_owned();
        condition = Expr::col(parent_column(lower)).in_subquery(parents);
    }
    Ok(condition)
}

/// The board's history for flow metrics over the days from `first` to before
/// `until`: its columns (also removed ones, which history may pass through), the
/// scope's cards created by then with their moves up to then, and, counted per
/// column instead, the cards that sat finished through the whole range. The
/// database does that filtering: on a board with years of history, a month reads
/// a month's work.
pub async fn board_history(
    db: &impl ConnectionTrait,
    scope: FlowScope,
    first: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<(Vec<board_column::Model>, BoardHistory), StoreError> {
    let columns = board_column::Entity::find()
        .filter(board_column::Column::BoardId.eq(scope.board_id))
        .order_by_asc(board_column::Column::Position)
        .all(db)
        .await?;
    let kinds = column_kinds(&columns)?;
    let all: Vec<Uuid> = columns.iter().map(|c| c.id).collect();
    let done: Vec<Uuid> = columns
        .iter()
        .filter(|c| c.state_category == StateCategory::Done)
        .map(|c| c.id)
        .collect();
    let cards = table(scope.cards)?;
    // Finished before the range and not moved since: in a done column and not
    // among the items with a transition from the range's first day on.
    let moved_since_first = Query::select()
        .column(transition::Column::ItemId)
        .from(transition::Entity)
        .and_where(transition::Column::At.gte(first))
        .to_owned();
    let settled = Condition::all()
        .add(col("column_id").is_in(done))
        .add(col("id").not_in_subquery(moved_since_first));
    let in_scope = Condition::all()
        .add(col("column_id").is_in(all))
        .add(col("created_at").lte(until))
        .add(scope.narrowing()?);

    let settled_counts = Query::select()
        .column(Alias::new("column_id"))
        .expr_as(col("id").count(), Alias::new("settled"))
        .from(cards.clone())
        .cond_where(in_scope.clone())
        .cond_where(settled.clone())
        .group_by_col(Alias::new("column_id"))
        .to_owned();
    let mut settled_per_column = HashMap::new();
    for row in db.query_all(&settled_counts).await? {
        let column: Uuid = row.try_get("", "column_id")?;
        let count: i64 = row.try_get("", "settled")?;
        settled_per_column.insert(column, u32::try_from(count).unwrap_or(u32::MAX));
    }

    let active = Condition::all().add(in_scope).add(settled.not());
    let typed = scope.cards == ItemKind::WorkItem;
    let mut select = Query::select();
    select
        .columns([Alias::new("id"), Alias::new("created_at")])
        .from(cards.clone())
        .cond_where(active.clone());
    if typed {
        select.column(Alias::new("kind"));
    }
    let rows = db.query_all(&select).await?;
    let active_ids = Query::select()
        .column(Alias::new("id"))
        .from(cards)
        .cond_where(active)
        .to_owned();
    let mut by_item = moves_of(db, active_ids, Some(until)).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        items.push(ItemHistory {
            moves: by_item.remove(&id).unwrap_or_default(),
            id,
            // Work items have types; a board of features or epics has one.
            kind: if typed {
                row.try_get("", "kind")?
            } else {
                scope.cards.key().to_owned()
            },
            created: row.try_get("", "created_at")?,
        });
    }
    let history = BoardHistory {
        items,
        columns: kinds,
        order: columns
            .iter()
            .filter(|c| c.removed_at.is_none())
            .map(|c| c.id)
            .collect(),
        settled: settled_per_column,
    };
    Ok((columns, history))
}

/// What flow needs to know of each column, by id.
pub(crate) fn column_kinds<'a>(
    columns: impl IntoIterator<Item = &'a board_column::Model>,
) -> Result<HashMap<Uuid, ColumnKind>, StoreError> {
    columns
        .into_iter()
        .map(|column| {
            Ok((
                column.id,
                ColumnKind {
                    category: column.state_category,
                    activity: column.activity,
                },
            ))
        })
        .collect()
}

/// The moves of the items `ids` selects (before `until`, if given), each item's
/// in time order.
pub(crate) async fn moves_of(
    db: &impl ConnectionTrait,
    ids: SelectStatement,
    until: Option<DateTime<Utc>>,
) -> Result<HashMap<Uuid, Vec<Move>>, StoreError> {
    let mut select = transition::Entity::find()
        .select_only()
        .columns([
            transition::Column::ItemId,
            transition::Column::ToColumnId,
            transition::Column::At,
        ])
        .filter(transition::Column::ItemId.in_subquery(ids));
    if let Some(until) = until {
        select = select.filter(transition::Column::At.lt(until));
    }
    let moves: Vec<(Uuid, Uuid, DateTime<Utc>)> = select
        .order_by_asc(transition::Column::At)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_item: HashMap<Uuid, Vec<Move>> = HashMap::new();
    for (item, to, at) in moves {
        by_item.entry(item).or_default().push(Move { at, to });
    }
    Ok(by_item)
}

/// The titles of these cards (read in chunks: engines cap bound parameters).
pub async fn titles(
    db: &impl ConnectionTrait,
    cards: ItemKind,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, StoreError> {
    let mut titles = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let select = Query::select()
            .columns([Alias::new("id"), Alias::new("title")])
            .from(table(cards)?)
            .and_where(col("id").is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&select).await? {
            titles.push((row.try_get("", "id")?, row.try_get("", "title")?));
        }
    }
    Ok(titles)
}

/// The items right above the board's cards (the features of a team's work, the
/// epics of a product's features, the themes of the portfolio's epics), by title:
/// what a flow page can be narrowed to.
pub async fn parents_on_board(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    cards: ItemKind,
) -> Result<Vec<(ItemRef, String)>, StoreError> {
    let Some(parent_kind) = cards.parent_kind() else {
        return Ok(Vec::new());
    };
    let columns = Query::select()
        .column(board_column::Column::Id)
        .from(board_column::Entity)
        .and_where(board_column::Column::BoardId.eq(board_id))
        .to_owned();
    let parents = Query::select()
        .column(parent_column(cards))
        .from(table(cards)?)
        .and_where(col("column_id").in_subquery(columns))
        .to_owned();
    let select = Query::select()
        .columns([Alias::new("id"), Alias::new("title")])
        .from(table_of(parent_kind))
        .and_where(col("id").in_subquery(parents))
        .order_by(Alias::new("title"), sea_orm::Order::Asc)
        .to_owned();
    let mut found = Vec::new();
    for row in db.query_all(&select).await? {
        found.push((
            ItemRef {
                kind: parent_kind,
                id: row.try_get("", "id")?,
            },
            row.try_get("", "title")?,
        ));
    }
    Ok(found)
}

/// Any item's title (themes and the vision too), or not found.
pub async fn title_of(db: &impl ConnectionTrait, item: ItemRef) -> Result<String, StoreError> {
    let select = Query::select()
        .column(Alias::new("title"))
        .from(table_of(item.kind))
        .and_where(col("id").eq(item.id))
        .to_owned();
    let row = db
        .query_one(&select)
        .await?
        .ok_or_else(|| StoreError::not_found(super::items::that(item.kind)))?;
    Ok(row.try_get("", "title")?)
}

/// The boards holding items under `item` (an epic's features' product boards,
/// their work's team boards), for the links from an item to the flow of what is
/// under it.
pub async fn boards_under(
    db: &impl ConnectionTrait,
    item: ItemRef,
) -> Result<Vec<board::Model>, StoreError> {
    let mut board_ids = Vec::new();
    let mut below = child_kind(item.kind);
    while let Some(cards) = below {
        let columns = Query::select()
            .column(Alias::new("column_id"))
            .from(table(cards)?)
            .and_where(under(cards, item)?)
            .to_owned();
        let ids: Vec<Uuid> = board_column::Entity::find()
            .select_only()
            .column(board_column::Column::BoardId)
            .distinct()
            .filter(board_column::Column::Id.in_subquery(columns))
            .into_tuple()
            .all(db)
            .await?;
        board_ids.extend(ids);
        below = child_kind(cards);
    }
    Ok(board::Entity::find()
        .filter(board::Column::Id.is_in(board_ids))
        .order_by_asc(board::Column::Name)
        .all(db)
        .await?)
}
