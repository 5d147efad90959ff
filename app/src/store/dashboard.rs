//! Reading the executive dashboard: one pass over the strategy tree, the
//! portfolio board's limits, the started items of every board and the metrics.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::hierarchy::ItemKind;
use crate::domain::outcome::Status;
use crate::entities::{board, board_column, item, team};
use crate::views::board::NamedRef;
use crate::views::dashboard::{AgingItem, DashboardView, LimitLoad, TeamDeliveryView, AGING_SHOWN};
use crate::views::strategy::TreeNode;

pub async fn load(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<DashboardView, StoreError> {
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
) -> Result<Vec<TeamDeliveryView>, StoreError> {
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
    let boards: HashMap<Uuid, Uuid> = board::Entity::find()
        .filter(board::Column::TeamId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| Some((b.team_id?, b.id)))
        .collect();
    let mut delivery = Vec::new();
    for team in teams.all(db).await? {
        let (deployments, incidents) = super::delivery::of_teams(db, &[team.id], since).await?;
        let board_id = *boards
            .get(&team.id)
            .ok_or_else(|| StoreError::Inconsistent {
                detail: format!("team “{}” has no board", team.name),
            })?;
        delivery.push(TeamDeliveryView {
            team: NamedRef {
                id: team.id,
                name: team.name,
            },
            board_id,
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

async fn portfolio(db: &DatabaseConnection) -> Result<(u32, Vec<LimitLoad>), StoreError> {
    let Some(board) = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?
    else {
        return Ok((0, Vec::new()));
    };
    let columns = super::items::columns_of(db, board.id).await?;
    let limits = super::wip::limits_of(db, &board, &columns).await?;
    let cards = super::wip::loads_of(db, &columns).await?;
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

/// The oldest started, unfinished cards of every board, aged as the flow pages
/// age them (`domain::flow::aging`: from the first start, kept when a card went
/// back and started again).
async fn aging(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<AgingItem>, StoreError> {
    use super::flow::{column_kinds, moves_of};
    use crate::domain::flow::{self, BoardHistory, ItemHistory};
    use sea_orm::sea_query::{Expr, ExprTrait, Query};

    let columns: HashMap<Uuid, board_column::Model> = board_column::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let started: Vec<Uuid> = columns
        .values()
        .filter(|c| c.removed_at.is_none() && c.state_category == StateCategory::Started)
        .map(|c| c.id)
        .collect();
    let mut history = BoardHistory {
        columns: column_kinds(columns.values())?,
        ..BoardHistory::default()
    };
    let mut titles: HashMap<Uuid, (ItemKind, String)> = HashMap::new();
    let cards = item::Entity::find()
        .filter(item::Column::ColumnId.is_in(started.iter().copied()))
        .all(db)
        .await?;
    let ids = Query::select()
        .column(item::Column::Id)
        .from(item::Entity)
        .and_where(Expr::col(item::Column::ColumnId).is_in(started.iter().copied()))
        .to_owned();
    let mut moves = moves_of(db, ids, None).await?;
    for card in cards {
        history.items.push(ItemHistory {
            id: card.id,
            kind: card.kind.key().to_owned(),
            created: card.created_at,
            moves: moves.remove(&card.id).unwrap_or_default(),
        });
        titles.insert(card.id, (card.kind, card.title));
    }
    let boards: HashMap<Uuid, board::Model> = board::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let timelines = flow::timelines(&history);
    let mut aging = Vec::with_capacity(AGING_SHOWN);
    for aged in flow::aging(&history, &timelines, now)
        .into_iter()
        .take(AGING_SHOWN)
    {
        let column = &columns[&aged.column];
        let board = boards
            .get(&column.board_id)
            .ok_or_else(|| StoreError::Inconsistent {
                detail: format!("column {} has no board", column.id),
            })?;
        let (kind, title) = titles
            .remove(&aged.id)
            .ok_or_else(|| StoreError::Inconsistent {
                detail: format!("aged item {} was not read", aged.id),
            })?;
        aging.push(AgingItem {
            kind,
            id: aged.id,
            title,
            column: column.name.clone(),
            board: super::detail::board_ref(board)?,
            age_days: aged.age_days,
        });
    }
    Ok(aging)
}
