//! Reading the executive dashboard: one pass over the strategy tree, the
//! portfolio board's limits, the started items of every board and the metrics.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::board_view::NamedRef;
use crate::dashboard::{AgingItem, DashboardView, LimitLoad, TeamDeliveryView, AGING_SHOWN};
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::flow::age_in_days;
use crate::domain::hierarchy::ItemKind;
use crate::domain::outcome::Status;
use crate::entities::{board, board_column, epic, feature, team, transition, work_item};
use crate::error::AppError;
use crate::strategy::TreeNode;

pub async fn load(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<DashboardView, AppError> {
    let strategy = super::strategy::tree(db).await?;
    let (epics_in_flight, portfolio_limits) = portfolio(db).await?;
    let mut attention: Vec<_> = super::metrics::all(db, now.date_naive())
        .await?
        .into_iter()
        .filter(|m| matches!(m.status, Some(Status::OffTrack | Status::AtRisk)))
        .collect();
    attention.sort_by_key(|m| m.status != Some(Status::OffTrack));
    Ok(DashboardView {
        visions: strategy
            .visions
            .into_iter()
            .map(without_work_items)
            .collect(),
        epics_in_flight,
        portfolio_limits,
        aging: aging(db, now).await?,
        attention,
        delivery: delivery(db, None, now).await?,
    })
}

/// The four keys of every team (or of `only` one) over the 30 days up to today
/// and the 30 before.
pub async fn delivery(
    db: &DatabaseConnection,
    only: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<TeamDeliveryView>, AppError> {
    use crate::domain::dora::four_keys;
    use crate::domain::flow::DayRange;
    use sea_orm::QueryOrder;
    let mut teams = team::Entity::find().order_by_asc(team::Column::Name);
    if let Some(id) = only {
        teams = teams.filter(team::Column::Id.eq(id));
    }
    let today = now.date_naive();
    let recent = DayRange::ending(today, 30);
    let before = DayRange::ending(today - chrono::Duration::days(30), 30);
    let since = before.start();
    let mut delivery = Vec::new();
    for team in teams.all(db).await? {
        let (deployments, incidents) = super::delivery::of_team(db, team.id, since).await?;
        delivery.push(TeamDeliveryView {
            team: NamedRef {
                id: team.id,
                name: team.name,
            },
            keys: four_keys(&deployments, &incidents, recent),
            previous: four_keys(&deployments, &incidents, before),
        });
    }
    Ok(delivery)
}

fn without_work_items(mut node: TreeNode) -> TreeNode {
    node.children = node
        .children
        .into_iter()
        .filter(|child| child.kind != ItemKind::WorkItem)
        .map(without_work_items)
        .collect();
    node
}

async fn portfolio(db: &DatabaseConnection) -> Result<(u32, Vec<LimitLoad>), AppError> {
    let Some(board) = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?
    else {
        return Ok((0, Vec::new()));
    };
    let columns = super::items::columns_of(db, board.id).await?;
    let limits = super::wip::limits_of(db, &board, &columns).await?;
    let cards = super::wip::loads_of(db, &board, &columns).await?;
    let in_flight = cards.iter().filter(|card| card.started).count() as u32;
    let loads = limits
        .limits
        .iter()
        .map(|limit| LimitLoad {
            label: limit.label.clone(),
            load: limit.load(&cards, limits.measure),
            max: limit.max,
            enforcement: limit.enforcement,
        })
        .collect();
    Ok((in_flight, loads))
}

/// Started items of every kind with the time they first entered a started column
/// (a card that went back and started again keeps its first start).
async fn aging(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<AgingItem>, AppError> {
    let started_columns: HashMap<Uuid, board_column::Model> = board_column::Entity::find()
        .filter(board_column::Column::StateCategory.eq(StateCategory::Started.key()))
        .filter(board_column::Column::RemovedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let column_ids = || started_columns.keys().copied();
    let mut started: Vec<(ItemKind, Uuid, String, Uuid, DateTime<Utc>)> = Vec::new();
    for e in epic::Entity::find()
        .filter(epic::Column::ColumnId.is_in(column_ids()))
        .all(db)
        .await?
    {
        started.push((ItemKind::Epic, e.id, e.title, e.column_id, e.created_at));
    }
    for f in feature::Entity::find()
        .filter(feature::Column::ColumnId.is_in(column_ids()))
        .all(db)
        .await?
    {
        started.push((ItemKind::Feature, f.id, f.title, f.column_id, f.created_at));
    }
    for w in work_item::Entity::find()
        .filter(work_item::Column::ColumnId.is_in(column_ids()))
        .all(db)
        .await?
    {
        started.push((ItemKind::WorkItem, w.id, w.title, w.column_id, w.created_at));
    }
    let mut first_start: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for t in transition::Entity::find()
        .filter(transition::Column::ItemId.is_in(started.iter().map(|s| s.1)))
        .filter(transition::Column::ToColumnId.is_in(column_ids()))
        .all(db)
        .await?
    {
        first_start
            .entry(t.item_id)
            .and_modify(|at| *at = (*at).min(t.at))
            .or_insert(t.at);
    }
    let boards: HashMap<Uuid, board::Model> = board::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let mut aging = Vec::with_capacity(started.len());
    for (kind, id, title, column_id, created_at) in started {
        let column = &started_columns[&column_id];
        let board = boards
            .get(&column.board_id)
            .ok_or_else(|| AppError::Inconsistent {
                detail: format!("column {} has no board", column.id),
            })?;
        let since = first_start.get(&id).copied().unwrap_or(created_at);
        aging.push(AgingItem {
            kind,
            id,
            title,
            column: column.name.clone(),
            board: super::detail::board_ref(board)?,
            age_days: age_in_days(since, now),
        });
    }
    aging.sort_by_key(|item| std::cmp::Reverse(item.age_days));
    aging.truncate(AGING_SHOWN);
    Ok(aging)
}
