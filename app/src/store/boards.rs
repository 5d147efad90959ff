//! Reading a board: its columns in order and its cards in rank order, each card
//! with its roll-up progress, WSJF and chain to the vision.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub(crate) use super::lineage::Lineage;
use super::rollup::RollUp;
use crate::domain::{
    board::{BoardKind, StateCategory},
    hierarchy::ItemKind,
    wip::Enforcement,
    wsjf::WsjfInputs,
};
use crate::entities::{board, board_column, item, team};
use crate::error::AppError;
use crate::views::board::{BoardView, CardView, ColumnView, NamedRef};

/// The portfolio kanban: epics in their SAFe states.
pub async fn portfolio(db: &DatabaseConnection) -> Result<BoardView, AppError> {
    let board = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("the portfolio board"))?;
    load(db, board).await
}

/// A product's feature kanban.
pub async fn product(db: &DatabaseConnection, board_id: Uuid) -> Result<BoardView, AppError> {
    let board = board::Entity::find_by_id(board_id)
        .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that product"))?;
    load(db, board).await
}

/// A team's board: its work items in the team's own columns.
pub async fn team(db: &DatabaseConnection, team_id: Uuid) -> Result<BoardView, AppError> {
    let team = team::Entity::find_by_id(team_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("team `{team_id}`")))?;
    load(db, super::wip::board_of_team(db, team.id).await?).await
}

async fn load(db: &DatabaseConnection, board: board::Model) -> Result<BoardView, AppError> {
    let columns = super::items::columns_of(db, board.id).await?;
    let column_ids = columns.iter().map(|c| c.id);
    let kind: BoardKind = board.kind;
    let cards = match kind {
        BoardKind::Portfolio => epic_cards(db, column_ids).await?,
        BoardKind::Feature => feature_cards(db, column_ids).await?,
        BoardKind::Team => work_item_cards(db, column_ids, board.team_id).await?,
    };
    let limits = super::wip::limits_of(db, &board, &columns).await?;
    let mut view = board_view(board, columns, cards, limits)?;
    if kind != BoardKind::Team {
        view.teams = teams(db).await?;
    }
    Ok(view)
}

/// Which team's board each column is on (team boards only).
async fn team_of_column(db: &DatabaseConnection) -> Result<HashMap<Uuid, Uuid>, AppError> {
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
type CardsByColumn = HashMap<Uuid, Vec<CardView>>;

async fn epic_cards(
    db: &DatabaseConnection,
    column_ids: impl Iterator<Item = Uuid>,
) -> Result<CardsByColumn, AppError> {
    let epics = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Epic))
        .filter(item::Column::ColumnId.is_in(column_ids))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let features = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Feature))
        .filter(item::Column::ParentId.is_in(epics.iter().map(|e| e.id)))
        .all(db)
        .await?;
    let items = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::WorkItem))
        .filter(item::Column::ParentId.is_in(features.iter().map(|f| f.id)))
        .all(db)
        .await?;
    let progress = RollUp::compute(&epics, &features, &items, &done_columns(db).await?);
    let lineage = Lineage::load(db, []).await?;
    let epic_of: HashMap<Uuid, Uuid> = features
        .iter()
        .filter_map(|f| Some((f.id, f.parent_id?)))
        .collect();
    let mut by_epic = teams_by_parent(
        items.iter().map(|i| {
            let epic = i.parent_id.and_then(|f| epic_of.get(&f).copied());
            (epic, &i.column_id)
        }),
        &team_of_column(db).await?,
    );

    let mut cards = CardsByColumn::new();
    for epic in epics {
        let card = CardView {
            id: epic.id,
            kind: ItemKind::Epic,
            type_label: ItemKind::Epic.label().to_owned(),
            owner: epic.owner.clone(),
            size: size(epic.size),
            wsjf: wsjf(
                epic.business_value,
                epic.time_criticality,
                epic.risk_reduction,
                epic.job_size,
            )?,
            progress: progress.epics.get(&epic.id).copied(),
            blocked: None,
            class_of_service: None,
            chain: lineage.chain_above(ItemKind::Theme, epic.parent_id),
            teams: by_epic.remove(&epic.id).unwrap_or_default(),
            version: epic.version,
            title: epic.title,
        };
        cards.entry(epic.column_id).or_default().push(card);
    }
    Ok(cards)
}

async fn feature_cards(
    db: &DatabaseConnection,
    column_ids: impl Iterator<Item = Uuid>,
) -> Result<CardsByColumn, AppError> {
    let features = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Feature))
        .filter(item::Column::ColumnId.is_in(column_ids))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let items = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::WorkItem))
        .filter(item::Column::ParentId.is_in(features.iter().map(|f| f.id)))
        .all(db)
        .await?;
    let progress = RollUp::compute(&[], &features, &items, &done_columns(db).await?);
    let lineage = Lineage::load(db, features.iter().map(|f| f.id)).await?;
    let mut by_feature = teams_by_parent(
        items.iter().map(|i| (i.parent_id, &i.column_id)),
        &team_of_column(db).await?,
    );

    let mut cards = CardsByColumn::new();
    for feature in features {
        let card = CardView {
            id: feature.id,
            kind: ItemKind::Feature,
            type_label: ItemKind::Feature.label().to_owned(),
            owner: None,
            size: size(feature.size),
            wsjf: wsjf(
                feature.business_value,
                feature.time_criticality,
                feature.risk_reduction,
                feature.job_size,
            )?,
            progress: progress.features.get(&feature.id).copied(),
            blocked: None,
            class_of_service: None,
            chain: lineage.chain_above(ItemKind::Epic, feature.parent_id),
            teams: by_feature.remove(&feature.id).unwrap_or_default(),
            version: feature.version,
            title: feature.title,
        };
        cards.entry(feature.column_id).or_default().push(card);
    }
    Ok(cards)
}

async fn work_item_cards(
    db: &DatabaseConnection,
    column_ids: impl Iterator<Item = Uuid>,
    team: Option<Uuid>,
) -> Result<CardsByColumn, AppError> {
    let items = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::WorkItem))
        .filter(item::Column::ColumnId.is_in(column_ids))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let lineage = Lineage::load(db, items.iter().filter_map(|i| i.parent_id)).await?;

    let mut cards = CardsByColumn::new();
    for item in items {
        let column_id = item.column_id;
        cards
            .entry(column_id)
            .or_default()
            .push(work_item_card(item, team, &lineage)?);
    }
    Ok(cards)
}

/// A work item as a card, with its chain up to the vision.
fn work_item_card(
    item: item::Model,
    team: Option<Uuid>,
    lineage: &Lineage,
) -> Result<CardView, AppError> {
    Ok(CardView {
        id: item.id,
        kind: ItemKind::WorkItem,
        type_label: item
            .work_type
            .map(|t| t.label().to_owned())
            .unwrap_or_default(),
        owner: item.assignee.clone(),
        size: size(item.size),
        wsjf: None,
        progress: None,
        blocked: item
            .blocked
            .then(|| item.blocked_reason.clone().unwrap_or_default()),
        class_of_service: item.class_of_service,
        chain: lineage.chain_above(ItemKind::Feature, item.parent_id),
        teams: team.into_iter().collect(),
        version: item.version,
        title: item.title,
    })
}

/// Every product (feature board), by name, for navigation.
pub async fn products(db: &DatabaseConnection) -> Result<Vec<NamedRef>, AppError> {
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
pub async fn teams(db: &DatabaseConnection) -> Result<Vec<NamedRef>, AppError> {
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

fn board_view(
    board: board::Model,
    columns: Vec<board_column::Model>,
    mut cards: CardsByColumn,
    limits: super::wip::BoardLimits,
) -> Result<BoardView, AppError> {
    let columns = columns
        .into_iter()
        .map(|column| {
            let own_limit = limits
                .limits
                .iter()
                .find(|l| l.scope == crate::domain::wip::Scope::Column(column.id));
            Ok(ColumnView {
                cards: cards.remove(&column.id).unwrap_or_default(),
                category: column.state_category,
                activity: column.activity,
                wip_limit: own_limit.map(|l| l.max),
                wip_hard: own_limit.is_some_and(|l| l.enforcement == Enforcement::Hard),
                version: column.version,
                id: column.id,
                name: column.name,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(BoardView {
        team_id: board.team_id,
        may_edit: false,
        teams: Vec::new(),
        measure: limits.measure,
        limits: limits.limits,
        id: board.id,
        kind: board.kind,
        name: board.name,
        columns,
    })
}

pub(crate) fn size(stored: Option<i32>) -> Option<u32> {
    stored.and_then(|s| u32::try_from(s).ok())
}

pub(crate) fn wsjf(
    business_value: Option<i16>,
    time_criticality: Option<i16>,
    risk_reduction: Option<i16>,
    job_size: Option<i16>,
) -> Result<Option<f64>, AppError> {
    let inputs = WsjfInputs::from_stored(
        business_value.map(i32::from),
        time_criticality.map(i32::from),
        risk_reduction.map(i32::from),
        job_size.map(i32::from),
    )?;
    Ok(inputs.map(|i| i.score()))
}

/// Columns whose state category is done, across all boards.
pub(crate) async fn done_columns(db: &DatabaseConnection) -> Result<HashSet<Uuid>, AppError> {
    Ok(board_column::Entity::find()
        .filter(board_column::Column::StateCategory.eq(StateCategory::Done.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
