//! Reading a board's history for flow metrics: the database picks the cards that
//! matter to the range and their moves; `domain::flow` does the math.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IdenStatic, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::by_ids::IDS_PER_QUERY;
use super::error::{Refusal, StoreError};
use super::items::child_kind;
use super::json_list::{self, Fields};
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::flow::{BoardHistory, ColumnKind, ItemHistory, Move};
use crate::domain::hierarchy::{ItemKind, ItemRef, WorkItemType};
use crate::entities::{board, board_column, item, strategic_theme, transition};

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

/// Items of kind `cards` whose chain upward reaches `ancestor`: a parent test,
/// through one `IN (SELECT id …)` per level in between. Every level below the
/// vision names its parent in `parent_id` (an epic names its theme).
pub(crate) fn under(cards: ItemKind, ancestor: ItemRef) -> Result<SimpleExpr, StoreError> {
    let refuse = || {
        StoreError::from(Refusal::NotAbove {
            cards,
            ancestor: ancestor.kind,
        })
    };
    if ancestor.kind == ItemKind::Vision {
        return Err(refuse());
    }
    let mut path = vec![cards];
    path.extend(cards.levels_up_to(ancestor.kind).ok_or_else(refuse)?);
    let mut condition = item::Column::ParentId.eq(ancestor.id);
    for upper in path.into_iter().skip(1).rev() {
        let parents = item::Entity::find()
            .select_only()
            .column(item::Column::Id)
            .filter(item::Column::Kind.eq(upper))
            .filter(condition)
            .into_query();
        condition = item::Column::ParentId.in_subquery(parents);
    }
    Ok(condition)
}

/// The board's history for flow metrics over the days from `first` to before
/// `until`: its columns (also removed ones, which history may pass through), the
/// scope's cards created by then with all their moves, and, counted per
/// column instead, the cards that sat finished through the whole range. The
/// database does that filtering from its indexes: on a board with years of
/// history, a month reads the cards not finished and those moved since the
/// month began, and counts the rest without reading them.
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
    let (done, not_done): (Vec<&board_column::Model>, Vec<&board_column::Model>) = columns
        .iter()
        .partition(|c| c.state_category == StateCategory::Done);
    let done: Vec<Uuid> = done.iter().map(|c| c.id).collect();
    let not_done: Vec<Uuid> = not_done.iter().map(|c| c.id).collect();
    let in_scope = Condition::all()
        .add(item::Column::CreatedAt.lte(until))
        .add(scope.narrowing()?);

    let mut settled = finished_counts(db, scope, &done, until, in_scope.clone()).await?;

    // In play: the cards not finished, and the finished ones that moved since
    // the range's first day (its last move took them where they are). A card in
    // a done column that moved since then entered a done column since then (its
    // last move did), so those moves find it: the index on (column, time) holds
    // a month's finishes, not the month's every move.
    let unfinished = Condition::all()
        .add(item::Column::Kind.eq(scope.cards))
        .add(item::Column::ColumnId.is_in(not_done))
        .add(in_scope.clone());
    let entered_done_since_first = transition::Entity::find()
        .select_only()
        .column(transition::Column::ItemId)
        .filter(transition::Column::ToColumnId.is_in(done.iter().copied()))
        .filter(transition::Column::At.gte(first))
        .into_query();
    let backend = db.get_database_backend();
    // Led from those moves: SQLite, without statistics, would rather walk every
    // finished card of the board by the kind and column index.
    let finished_since = Condition::all()
        .add(item::Column::Id.in_subquery(entered_done_since_first))
        .add(of_kind(backend, scope.cards))
        .add(unindexed(backend, item::Column::ColumnId).is_in(done.iter().copied()))
        .add(in_scope);

    let mut items = Vec::new();
    for in_play in [unfinished, finished_since] {
        let rows = cards_in_play(db, in_play).await?;
        // Every move, also after the range: an item's finish is read once, as of
        // now, whatever the range (`domain::flow`). Asked by the cards' ids, not
        // by their query again: finding the cards moved since the first day is the
        // costliest step of the read.
        let ids: Vec<Uuid> = rows.iter().map(|(id, ..)| *id).collect();
        let mut by_item = moves_of_items(db, &ids).await?;
        for (id, column, created, work_type) in rows {
            if let Some(count) = settled.get_mut(&column) {
                *count = count.saturating_sub(1);
            }
            items.push(ItemHistory {
                moves: by_item.remove(&id).unwrap_or_default(),
                id,
                // Work items have types; a board of features or epics has one.
                kind: work_type
                    .map(|work_type| work_type.key())
                    .unwrap_or(scope.cards.key())
                    .to_owned(),
                created,
            });
        }
    }
    settled.retain(|_, count| *count > 0);
    let history = BoardHistory {
        items,
        columns: kinds,
        order: columns
            .iter()
            .filter(|c| c.removed_at.is_none())
            .map(|c| c.id)
            .collect(),
        settled,
    };
    Ok((columns, history))
}

/// The cards `in_play` picks: id, column, creation time and work type. Read as one
/// JSON list (`json_list`): a busy board has thousands in play.
async fn cards_in_play(
    db: &impl ConnectionTrait,
    in_play: Condition,
) -> Result<Vec<(Uuid, Uuid, DateTime<Utc>, Option<WorkItemType>)>, StoreError> {
    const FIELDS: Fields = Fields {
        sqlite: "hex(id), hex(column_id), created_at, work_type",
        postgres: "id, column_id, created_at, work_type",
    };
    let query = item::Entity::find().filter(in_play);
    let json = json_list::text(db, query, &FIELDS, "").await?;
    let rows: Vec<(&str, &str, &str, Option<&str>)> =
        json_list::decoded(&json, "a board's cards in play")?;
    rows.into_iter()
        .map(|(id, column, created, work_type)| {
            Ok((
                json_list::id(id)?,
                json_list::id(column)?,
                json_list::time("a card's creation time", created)?,
                work_type
                    .map(|key| json_list::parsed("a card's work type", key))
                    .transpose()?,
            ))
        })
        .collect()
}

/// How many of the scope's cards each done column holds, created by `until`.
/// For a whole board, the counts the database keeps per column (`column_loads`;
/// a board's columns hold its one kind of card) less the cards created after
/// `until` (none, for a range that ends today): a board's years of finished
/// cards are not walked on every read. A narrowed scope counts its cards
/// (`in_scope`: created by `until`, under the scope's item).
async fn finished_counts(
    db: &impl ConnectionTrait,
    scope: FlowScope,
    done: &[Uuid],
    until: DateTime<Utc>,
    in_scope: Condition,
) -> Result<HashMap<Uuid, u32>, StoreError> {
    use crate::entities::column_load;
    let cards_in_done = |of_kind: SimpleExpr| {
        item::Entity::find()
            .select_only()
            .column(item::Column::ColumnId)
            .column_as(item::Column::Id.count(), "cards")
            .filter(of_kind)
            .filter(item::Column::ColumnId.is_in(done.iter().copied()))
            .group_by(item::Column::ColumnId)
    };
    let count = |rows: Vec<(Uuid, i64)>| -> HashMap<Uuid, u32> {
        rows.into_iter()
            .map(|(column, cards)| (column, u32::try_from(cards).unwrap_or(0)))
            .collect()
    };
    if scope.within.is_some() {
        // Found by their parents: the kind index would walk every finished card
        // of the board.
        let rows = cards_in_done(of_kind(db.get_database_backend(), scope.cards))
            .filter(in_scope)
            .into_tuple()
            .all(db)
            .await?;
        return Ok(count(rows));
    }
    let kept = column_load::Entity::find()
        .select_only()
        .column(column_load::Column::ColumnId)
        // PostgreSQL sums bigints as numeric.
        .column_as(Expr::cust("CAST(sum(cards) AS BIGINT)"), "cards")
        .filter(column_load::Column::ColumnId.is_in(done.iter().copied()))
        .group_by(column_load::Column::ColumnId)
        .into_tuple()
        .all(db)
        .await?;
    let later = cards_in_done(item::Column::Kind.eq(scope.cards))
        .filter(item::Column::CreatedAt.gt(until))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = count(kept);
    for (column, cards) in count(later) {
        if let Some(kept) = counts.get_mut(&column) {
            *kept = kept.saturating_sub(cards);
        }
    }
    Ok(counts)
}

/// Items of kind `cards`, as a term for a query another condition finds its rows
/// by (ids, parents): SQLite, without statistics, would rather walk every item of
/// the kind by its index, a hundred thousand work items on a big board (70 ms to
/// name 254 of them by id, 30 ms to find an epic's 62).
pub(crate) fn of_kind(backend: DbBackend, cards: ItemKind) -> SimpleExpr {
    unindexed(backend, item::Column::Kind).eq(cards)
}

/// `column` as a term no index serves: on SQLite a unary plus, its documented way
/// to steer the planner away from an index for one term; PostgreSQL plans from
/// statistics and needs no steering.
fn unindexed(backend: DbBackend, column: item::Column) -> Expr {
    match backend {
        DbBackend::Sqlite => Expr::cust(format!("+\"{}\"", column.as_str())),
        _ => Expr::col(column),
    }
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

/// Every move of the items `ids` selects, each item's in time order.
pub(crate) async fn moves_of(
    db: &impl ConnectionTrait,
    ids: SelectStatement,
) -> Result<HashMap<Uuid, Vec<Move>>, StoreError> {
    let mut by_item = HashMap::new();
    read_moves(
        db,
        transition::Column::ItemId.in_subquery(ids),
        &mut by_item,
    )
    .await?;
    Ok(by_item)
}

/// Every move of the items `ids`, each item's in time order.
async fn moves_of_items(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Move>>, StoreError> {
    let mut by_item = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let items = transition::Column::ItemId.is_in(chunk.iter().copied());
        read_moves(db, items, &mut by_item).await?;
    }
    Ok(by_item)
}

/// Adds the moves of the items `items` picks to `by_item`, each item's in time
/// order. Read as one JSON list (`json_list`): a month of a busy board is tens of
/// thousands of moves, and sqlx hands rows over one at a time.
async fn read_moves(
    db: &impl ConnectionTrait,
    items: SimpleExpr,
    by_item: &mut HashMap<Uuid, Vec<Move>>,
) -> Result<(), StoreError> {
    const FIELDS: Fields = Fields {
        sqlite: "hex(item_id), hex(to_column_id), \"at\"",
        postgres: "item_id, to_column_id, \"at\"",
    };
    let query = transition::Entity::find().filter(items);
    let json = json_list::text(db, query, &FIELDS, "").await?;
    let moves: Vec<(&str, &str, &str)> = json_list::decoded(&json, "a board's moves")?;
    let mut read: HashMap<Uuid, Vec<Move>> = HashMap::new();
    for (item, to, at) in moves {
        let at = json_list::time("a move's time", at)?;
        let to = json_list::id(to)?;
        read.entry(json_list::id(item)?)
            .or_default()
            .push(Move { at, to });
    }
    // Only this read's items are sorted: those of earlier reads already are.
    for (item, moves) in read {
        let all = by_item.entry(item).or_default();
        all.extend(moves);
        all.sort_by_key(|step| step.at);
    }
    Ok(())
}

/// The titles of these cards.
pub async fn titles(
    db: &impl ConnectionTrait,
    cards: ItemKind,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, StoreError> {
    let mut titles = Vec::with_capacity(ids.len());
    let of_kind = of_kind(db.get_database_backend(), cards);
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let found: Vec<(Uuid, String)> = item::Entity::find()
            .select_only()
            .columns([item::Column::Id, item::Column::Title])
            .filter(of_kind.clone())
            .filter(item::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        titles.extend(found);
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
    let columns: Vec<Uuid> = board_column::Entity::find()
        .select_only()
        .column(board_column::Column::Id)
        .filter(board_column::Column::BoardId.eq(board_id))
        .into_tuple()
        .all(db)
        .await?;
    // Asked of each item of the level above (a lookup by parent and column
    // each), not of each card: a board may hold a hundred thousand cards.
    let has_cards_here = |parent: SimpleExpr| {
        let children = Alias::new("children");
        let child = |column: item::Column| Expr::col((children.clone(), column));
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(item::Entity, children.clone())
                .and_where(child(item::Column::ParentId).eq(parent))
                .and_where(child(item::Column::Kind).eq(cards))
                .and_where(child(item::Column::ColumnId).is_in(columns.iter().copied()))
                .to_owned(),
        )
    };
    let found: Vec<(Uuid, String)> = if parent_kind == ItemKind::Theme {
        strategic_theme::Entity::find()
            .select_only()
            .columns([strategic_theme::Column::Id, strategic_theme::Column::Title])
            .filter(has_cards_here(Expr::col((
                strategic_theme::Entity,
                strategic_theme::Column::Id,
            ))))
            .order_by_asc(strategic_theme::Column::Title)
            .into_tuple()
            .all(db)
            .await?
    } else {
        item::Entity::find()
            .select_only()
            .columns([item::Column::Id, item::Column::Title])
            .filter(item::Column::Kind.eq(parent_kind))
            .filter(has_cards_here(Expr::col((item::Entity, item::Column::Id))))
            .order_by_asc(item::Column::Title)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(found
        .into_iter()
        .map(|(id, title)| {
            (
                ItemRef {
                    kind: parent_kind,
                    id,
                },
                title,
            )
        })
        .collect())
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
        let columns = item::Entity::find()
            .select_only()
            .column(item::Column::ColumnId)
            .filter(of_kind(db.get_database_backend(), cards))
            .filter(under(cards, item)?)
            .into_query();
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
