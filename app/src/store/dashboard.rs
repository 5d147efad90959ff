//! What the executive dashboard reads beyond the strategy tree and the metrics:
//! the portfolio board's load against its limits, the oldest started items of
//! every board, and each team's four keys.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::dora::TeamKeys;
use crate::domain::flow::AgingItem;
use crate::domain::hierarchy::ItemKind;
use crate::domain::wip::LimitLoad;
use crate::domain::NamedRef;
use crate::entities::{board, item, team};

/// The four keys of every team (or of `only` one) over the 30 days up to today
/// and the 30 before.
pub async fn delivery(
    db: &DatabaseConnection,
    only: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<TeamKeys>, StoreError> {
    use crate::domain::dora::four_keys;
    use crate::domain::flow::DayRange;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    use sea_orm::{QueryOrder, QuerySelect};
    // Each team with its board's id, in one statement.
    let board_of_team = Query::select()
        .column((board::Entity, board::Column::Id))
        .from(board::Entity)
        .and_where(
            Expr::col((board::Entity, board::Column::TeamId))
                .equals((team::Entity, team::Column::Id)),
        )
        .and_where(Expr::col((board::Entity, board::Column::Kind)).eq(BoardKind::Team.key()))
        .to_owned();
    let mut teams = team::Entity::find()
        .select_only()
        .columns([team::Column::Id, team::Column::Name])
        .column_as(Expr::from(board_of_team), "board_id")
        .order_by_asc(team::Column::Name);
    if let Some(id) = only {
        teams = teams.filter(team::Column::Id.eq(id));
    }
    let today = now.date_naive();
    let recent = DayRange::ending(today, 30);
    let before = DayRange::ending(today - chrono::Duration::days(30), 30);
    let since = before.start();
    let teams: Vec<(Uuid, String, Option<Uuid>)> = teams.into_tuple().all(db).await?;
    let mut delivery = Vec::new();
    for (id, name, board_id) in teams {
        let (deployments, incidents) = super::delivery::of_teams(db, &[id], since).await?;
        let board_id = board_id.ok_or_else(|| StoreError::Inconsistent {
            detail: format!("team “{name}” has no board"),
        })?;
        delivery.push(TeamKeys {
            team: NamedRef { id, name },
            board_id,
            keys: four_keys(&deployments, &incidents, recent),
            previous: four_keys(&deployments, &incidents, before),
        });
    }
    Ok(delivery)
}

/// How many epics are in the portfolio's started columns, and each of its limits
/// with what holds it now.
pub async fn portfolio(db: &DatabaseConnection) -> Result<(u32, Vec<LimitLoad>), StoreError> {
    let Some(board) = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?
    else {
        return Ok((0, Vec::new()));
    };
    let columns = super::items::columns_of(db, board.id).await?;
    let limits = super::wip::limits_of(db, &board, &columns).await?;
    let cards = super::wip::counted_loads(db, &columns, None).await?;
    let in_flight = cards
        .iter()
        .filter(|card| card.started)
        .map(|card| card.cards)
        .sum();
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

/// The `shown` oldest cards in progress on every board, aged as the flow pages
/// age them (`domain::flow::aging`: from the first start, kept when a card went
/// back and started again).
pub async fn aging(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    shown: usize,
) -> Result<Vec<AgingItem>, StoreError> {
    use super::flow::{column_kinds, moves_of};
    use crate::domain::flow::{self, BoardHistory, ItemHistory};
    use sea_orm::sea_query::{Expr, ExprTrait, Query};

    let columns = super::columns::all_by_id(db).await?;
    let started: Vec<Uuid> = columns
        .values()
        .filter(|c| c.removed_at.is_none() && c.state_category == StateCategory::Started)
        .map(|c| c.id)
        .collect();
    let mut history = BoardHistory {
        columns: column_kinds(columns.values())?,
        // Every board's current columns: work is aged where it sits in them.
        order: columns
            .values()
            .filter(|c| c.removed_at.is_none())
            .map(|c| c.id)
            .collect(),
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
    let mut moves = moves_of(db, ids).await?;
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
    let mut aging = Vec::with_capacity(shown);
    for aged in flow::aging(&history, &timelines, now)
        .into_iter()
        .take(shown)
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
            board: super::detail::board_ref(board),
            age_days: aged.age_days,
        });
    }
    Ok(aging)
}
