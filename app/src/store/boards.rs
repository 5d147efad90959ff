//! Reading a board: its columns in order and its cards in rank order, each card
//! with its roll-up progress, WSJF and chain to the vision.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::card_rows::CardItem;
use super::error::StoreError;
use super::items::Moved;
pub(crate) use super::lineage::Lineage;
use super::rollup::{Placed, RollUp};
use crate::domain::{
    board::{
        recent_done_since, Board, BoardChange, BoardKind, Card, Column, EarlierDone, PlacedCard,
        StateCategory,
    },
    hierarchy::ItemKind,
    wip::{Enforcement, Load, Scope},
    wsjf::WsjfInputs,
    NamedRef,
};
use crate::entities::{board, board_column, item, team};

/// Which of a board's finished cards a read brings: a done column holds years of
/// work, and a board shows the last weeks of it unless asked for all.
#[derive(Debug, Clone, Copy)]
pub enum DoneCards {
    All,
    /// Those that entered their done column in the recent days before `now`
    /// (`domain::board::recent_done_since`); the rest are counted.
    Recent {
        now: DateTime<Utc>,
    },
}

impl DoneCards {
    /// All when the reader asked for `all`, else the recent ones as of `now`.
    pub fn asked(all: bool, now: DateTime<Utc>) -> DoneCards {
        match all {
            true => DoneCards::All,
            false => DoneCards::Recent { now },
        }
    }
}

/// The portfolio kanban: epics in their SAFe states.
pub async fn portfolio(db: &DatabaseConnection, done: DoneCards) -> Result<Board, StoreError> {
    let board = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("the portfolio board"))?;
    load(db, board, done).await
}

/// A product's feature kanban.
pub async fn product(
    db: &DatabaseConnection,
    board_id: Uuid,
    done: DoneCards,
) -> Result<Board, StoreError> {
    let board = board::Entity::find_by_id(board_id)
        .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that product"))?;
    load(db, board, done).await
}

/// A team's board: its work items in the team's own columns.
pub async fn team(
    db: &DatabaseConnection,
    team_id: Uuid,
    done: DoneCards,
) -> Result<Board, StoreError> {
    // Every team has its board from the day it is made: no board, no such team.
    let board = super::wip::board_of_team(db, team_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound { .. } => StoreError::not_found(format!("team `{team_id}`")),
            error => error,
        })?;
    load(db, board, done).await
}

async fn load(
    db: &DatabaseConnection,
    board: board::Model,
    done: DoneCards,
) -> Result<Board, StoreError> {
    let columns = super::items::columns_of(db, board.id).await?;
    let (finished, open): (Vec<&board_column::Model>, Vec<&board_column::Model>) = columns
        .iter()
        .partition(|c| c.state_category == StateCategory::Done);
    let ids = |columns: &[&board_column::Model]| columns.iter().map(|c| c.id).collect::<Vec<_>>();
    let which = match done {
        DoneCards::All => item::Column::ColumnId
            .is_in(columns.iter().map(|c| c.id))
            .into_condition(),
        DoneCards::Recent { now } => Condition::any()
            .add(item::Column::ColumnId.is_in(ids(&open)))
            .add(
                Condition::all()
                    .add(item::Column::ColumnId.is_in(ids(&finished)))
                    // The expression of the index on (column, entry time), migration 24.
                    .add(Expr::cust(IN_COLUMN_SINCE).gte(recent_done_since(now))),
            ),
    };
    let kind = board.kind;
    let cards = cards(db, kind, which, board.team_id).await?;
    let limits = super::wip::limits_of(db, &board, &columns).await?;
    let teams = match kind {
        BoardKind::Team => Vec::new(),
        _ => teams(db).await?,
    };
    let finished: Vec<board_column::Model> = finished.into_iter().cloned().collect();
    let mut loaded = assemble(board, columns, cards, limits, teams);
    if let DoneCards::Recent { .. } = done {
        loaded.count_earlier_done(&super::wip::counted_loads(db, &finished, None).await?);
    }
    Ok(loaded)
}

/// When a card entered the column it is in; its creation when that was never kept.
const IN_COLUMN_SINCE: &str = "coalesce(entered_column_at, created_at)";

/// Which team's board each column is on (team boards only).
async fn team_of_column(db: &DatabaseConnection) -> Result<HashMap<Uuid, Uuid>, StoreError> {
    let team_boards: HashMap<Uuid, Uuid> = board::Entity::find()
        .filter(board::Column::TeamId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| Some((b.id, b.team_id?)))
        .collect();
    Ok(board_column::Entity::find()
        .filter(board_column::Column::BoardId.is_in(team_boards.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.id, *team_boards.get(&c.board_id)?)))
        .collect())
}

/// The teams holding `items`, grouped by the parent each item names.
fn teams_by_parent<'a>(
    items: impl Iterator<Item = (Option<Uuid>, &'a Uuid)>,
    team_of_column: &HashMap<Uuid, Uuid>,
) -> HashMap<Uuid, Vec<Uuid>> {
    let mut teams: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (parent, column) in items {
        if let (Some(parent), Some(team)) = (parent, team_of_column.get(column)) {
            let held = teams.entry(parent).or_default();
            if !held.contains(team) {
                held.push(*team);
            }
        }
    }
    teams
}

/// Cards by column, each column's in rank order.
type CardsByColumn = HashMap<Uuid, Vec<Card>>;

/// The cards of one board (of `kind`, `team`'s) that `which` selects, in rank
/// order, each with its roll-up progress over everything below it, its chain up
/// to the vision and the teams doing its work (a team board's cards are that team's).
async fn cards(
    db: &DatabaseConnection,
    kind: BoardKind,
    which: impl IntoCondition,
    team: Option<Uuid>,
) -> Result<CardsByColumn, StoreError> {
    let on_board = super::card_rows::in_rank_order(db, which).await?;
    // Everything below the cards, level by level, for progress and teams, with
    // the card each item is under.
    let mut below: Vec<item::Model> = Vec::new();
    let mut card_of: HashMap<Uuid, Uuid> = match kind.cards() {
        // Work items have nothing below them.
        ItemKind::WorkItem => HashMap::new(),
        _ => on_board.iter().map(|card| (card.id, card.id)).collect(),
    };
    let mut parents: Vec<Uuid> = card_of.keys().copied().collect();
    while !parents.is_empty() {
        let children =
            super::by_ids::find(db, item::Entity::find(), item::Column::ParentId, parents).await?;
        for child in &children {
            if let Some(card) = child.parent_id.and_then(|p| card_of.get(&p).copied()) {
                card_of.insert(child.id, card);
            }
        }
        parents = children.iter().map(|child| child.id).collect();
        below.extend(children);
    }
    let progress = if below.is_empty() {
        RollUp::default()
    } else {
        RollUp::compute(
            on_board
                .iter()
                .map(CardItem::placed)
                .chain(below.iter().map(Placed::from)),
            &done_columns(db).await?,
        )
    };
    // The features at or right above the cards: the lineage goes up from there.
    let features = on_board.iter().filter_map(|card| match card.kind {
        ItemKind::Feature => Some(card.id),
        ItemKind::WorkItem => card.parent_id,
        _ => None,
    });
    let lineage = Lineage::load(db, features.collect::<Vec<_>>()).await?;
    let mut teams = if below.is_empty() {
        HashMap::new()
    } else {
        teams_by_parent(
            below
                .iter()
                .filter(|i| i.kind == ItemKind::WorkItem)
                .map(|i| (card_of.get(&i.id).copied(), &i.column_id)),
            &team_of_column(db).await?,
        )
    };

    let waiting = super::dependencies::open_upstream(db, on_board.iter().map(|c| c.id)).await?;
    let mut cards = CardsByColumn::new();
    for card in on_board {
        let rolled = match card.kind {
            ItemKind::Epic => progress.epics.get(&card.id).copied(),
            ItemKind::Feature => progress.features.get(&card.id).copied(),
            _ => None,
        };
        let view = Card {
            id: card.id,
            kind: card.kind,
            type_label: match card.work_type {
                Some(work_type) => work_type.label().to_owned(),
                None => card.kind.label().to_owned(),
            },
            owner: card.owner.clone().or_else(|| card.assignee.clone()),
            size: size(card.size),
            wsjf: wsjf(
                card.business_value,
                card.time_criticality,
                card.risk_reduction,
                card.job_size,
            )?,
            progress: rolled,
            blocked: card
                .blocked
                .then(|| card.blocked_reason.clone().unwrap_or_default()),
            class_of_service: card.class_of_service,
            chain: match card.kind.parent_kind() {
                Some(parent_kind) => lineage.chain_above(parent_kind, card.parent_id),
                None => Vec::new(),
            },
            teams: match team {
                Some(team) => vec![team],
                None => teams.remove(&card.id).unwrap_or_default(),
            },
            version: card.version,
            // To the second: a board page packs it so (`views::packed_board`),
            // and the server's drawing and the browser's must count the same days.
            in_column_since: chrono::SubsecRound::trunc_subsecs(
                card.entered_column_at.unwrap_or(card.created_at),
                0,
            ),
            due: card.target_date,
            waits_on: waiting.get(&card.id).copied().unwrap_or(0),
            title: card.title,
        };
        cards.entry(card.column_id).or_default().push(view);
    }
    Ok(cards)
}

/// The answer to a change of `items` on `board`: each as its card, where it now
/// sits, and the board's loads after the change.
pub async fn change(
    db: &DatabaseConnection,
    board: &board::Model,
    items: &[Uuid],
) -> Result<BoardChange, StoreError> {
    let columns = super::items::columns_of(db, board.id).await?;
    let cards = cards(
        db,
        board.kind,
        item::Column::Id.is_in(items.iter().copied()),
        board.team_id,
    )
    .await?;
    let mut placed = Vec::with_capacity(items.len());
    for (column_id, cards) in cards {
        for card in cards {
            placed.push(PlacedCard {
                id: card.id,
                version: card.version,
                column_id,
                in_column_since: card.in_column_since,
                before: super::items::next_in_column(db, card.id).await?,
                card: Some(card),
            });
        }
    }
    let limits = super::wip::limits_of(db, board, &columns).await?;
    let loads = super::wip::counted_loads(db, &columns, None).await?;
    Ok(with_loads(board.id, placed, &columns, &limits, &loads))
}

/// The answer to a move, from what the move's transaction read: the card's content
/// did not change, so only where it sits and its version are sent.
pub fn after_move(board_id: Uuid, moved: Moved) -> BoardChange {
    let placed = PlacedCard {
        id: moved.id,
        version: moved.version,
        column_id: moved.column_id,
        // To the second, as boards read it (`cards`): the answer and the next
        // read of the board say the same.
        in_column_since: chrono::SubsecRound::trunc_subsecs(moved.entered_column_at, 0),
        before: moved.before,
        card: None,
    };
    with_loads(
        board_id,
        vec![placed],
        &moved.columns,
        &moved.limits,
        &moved.loads,
    )
}

/// A change with every column's and limit's load over `loads`.
fn with_loads(
    board_id: Uuid,
    placed: Vec<PlacedCard>,
    columns: &[board_column::Model],
    limits: &super::wip::BoardLimits,
    loads: &[Load],
) -> BoardChange {
    BoardChange {
        board_id,
        placed,
        column_loads: columns
            .iter()
            .map(|column| {
                (
                    column.id,
                    Scope::Column(column.id).load(loads, limits.measure),
                )
            })
            .collect(),
        limit_loads: limits
            .limits
            .iter()
            .map(|limit| (limit.id, limit.load(loads, limits.measure)))
            .collect(),
        removed: Vec::new(),
    }
}

/// The board with this id; 404 when there is none.
pub async fn find(db: &impl ConnectionTrait, board_id: Uuid) -> Result<board::Model, StoreError> {
    board::Entity::find_by_id(board_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that board"))
}

/// Every board.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<board::Model>, StoreError> {
    Ok(board::Entity::find().all(db).await?)
}

/// Every product (feature board), by name, for navigation.
pub async fn products(db: &DatabaseConnection) -> Result<Vec<NamedRef>, StoreError> {
    Ok(board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
        .order_by_asc(board::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|b| NamedRef {
            id: b.id,
            name: b.name,
        })
        .collect())
}

/// Every team, by name, for navigation.
pub async fn teams(db: &DatabaseConnection) -> Result<Vec<NamedRef>, StoreError> {
    Ok(team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| NamedRef {
            id: t.id,
            name: t.name,
        })
        .collect())
}

fn assemble(
    board: board::Model,
    columns: Vec<board_column::Model>,
    mut cards: CardsByColumn,
    limits: super::wip::BoardLimits,
    teams: Vec<NamedRef>,
) -> Board {
    let columns = columns
        .into_iter()
        .map(|column| {
            let own_limit = limits
                .limits
                .iter()
                .find(|l| l.scope == Scope::Column(column.id));
            Column {
                cards: cards.remove(&column.id).unwrap_or_default(),
                category: column.state_category,
                activity: column.activity,
                wip_limit: own_limit.map(|l| l.max),
                wip_hard: own_limit.is_some_and(|l| l.enforcement == Enforcement::Hard),
                version: column.version,
                id: column.id,
                name: column.name,
                earlier_done: EarlierDone::default(),
            }
        })
        .collect();
    Board {
        team_id: board.team_id,
        teams,
        measure: limits.measure,
        limits: limits.limits,
        id: board.id,
        kind: board.kind,
        name: board.name,
        columns,
    }
}

pub(crate) fn size(stored: Option<i32>) -> Option<u32> {
    stored.and_then(|s| u32::try_from(s).ok())
}

pub(crate) fn wsjf(
    business_value: Option<i16>,
    time_criticality: Option<i16>,
    risk_reduction: Option<i16>,
    job_size: Option<i16>,
) -> Result<Option<f64>, StoreError> {
    let inputs = WsjfInputs::from_stored(
        business_value.map(i32::from),
        time_criticality.map(i32::from),
        risk_reduction.map(i32::from),
        job_size.map(i32::from),
    )?;
    Ok(inputs.map(|i| i.score()))
}

/// Columns whose state category is done, across all boards.
pub(crate) async fn done_columns(db: &DatabaseConnection) -> Result<HashSet<Uuid>, StoreError> {
    Ok(board_column::Entity::find()
        .filter(board_column::Column::StateCategory.eq(StateCategory::Done.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
