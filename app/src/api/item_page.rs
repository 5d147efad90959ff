//! Putting an item's page together for one reader: what the store reads of the
//! item, the tree and metrics around it, and what this reader may do with it.

use uuid::Uuid;

use crate::domain::access::{decide, Action, Decision, Principal};
use crate::domain::dependency::{is_late, ItemDependencies};
use crate::domain::flow::FlowLink;
use crate::domain::hierarchy::{ItemKind, ItemRef, TreeNode};
use crate::domain::outcome::ServedMetric;
use crate::domain::NamedRef;
use crate::error::AppError;
use crate::store::{detail, items};
use crate::views::planning::{ForecastView, ItemDetailView};

/// The page of the `kind` item `id` as `principal` sees it; `events_seen` is the
/// last live event read before it.
pub async fn read(
    db: &sea_orm::DatabaseConnection,
    kind: ItemKind,
    id: Uuid,
    principal: &Principal,
    events_seen: i64,
) -> Result<ItemDetailView, AppError> {
    let allowed = |action: Action| decide(Some(principal), action) == Decision::Allowed;
    let items::Placement {
        row, column, board, ..
    } = items::placement(db, kind, id).await?;
    let may_edit = allowed(items::edit_action(kind, &board)?);
    let (form, wsjf) = detail::form(db, &row).await?;
    let chain = detail::chain(db, &row).await?;
    let strategy = crate::store::strategy::tree(db).await?;
    let node = |id: Uuid| {
        strategy
            .visions
            .iter()
            .chain(&strategy.unaligned)
            .find_map(|node| find(node, id))
    };
    let served_through = chain
        .iter()
        .flat_map(|link| {
            node(link.id)
                .map(|n| n.metrics.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|metric| ServedMetric {
                    via: link.clone(),
                    metric,
                })
        })
        .collect();
    let child_boards: Vec<NamedRef> = match kind {
        ItemKind::Epic => crate::store::boards::products(db)
            .await?
            .into_iter()
            .filter(|product| {
                allowed(Action::EditFeatures {
                    product: product.id,
                })
            })
            .collect(),
        ItemKind::Feature => crate::store::boards::teams(db)
            .await?
            .into_iter()
            .filter(|team| allowed(Action::EditTeamWork { team: team.id }))
            .collect(),
        _ => Vec::new(),
    };
    let siblings = match kind {
        ItemKind::Epic | ItemKind::Feature => items::titled(db, kind)
            .await?
            .into_iter()
            .filter(|other| other.id != id)
            .collect(),
        _ => Vec::new(),
    };
    let may_link = may_edit || allowed(Action::EditMetrics);
    let metric_choices = match may_link {
        true => crate::store::metrics::names_in_order(db).await?,
        false => Vec::new(),
    };
    let this = ItemRef { kind, id };
    let flow_below = crate::store::flow::boards_under(db, this)
        .await?
        .into_iter()
        .map(|board| FlowLink {
            board_id: board.id,
            board: board.name,
            within: this,
        })
        .collect();
    let forecast = match kind {
        ItemKind::Epic | ItemKind::Feature => Some(forecast_of(db, this, row.target_date).await?),
        _ => None,
    };
    let own_expected = expected_done(
        forecast.as_ref().and_then(|f| f.outcome.as_ref().ok()),
        row.target_date,
    );
    let own_done = column.state_category == crate::domain::board::StateCategory::Done;
    let dependencies = dependencies_of(db, id, own_done, own_expected).await?;
    let dependency_choices = match may_edit {
        true => {
            let mut choices = Vec::new();
            for kind in [ItemKind::Epic, ItemKind::Feature, ItemKind::WorkItem] {
                let items: Vec<NamedRef> = items::titled(db, kind)
                    .await?
                    .into_iter()
                    .filter(|item| item.id != id)
                    .collect();
                choices.push((kind, items));
            }
            choices
        }
        false => Vec::new(),
    };
    let columns = items::columns_of(db, board.id)
        .await?
        .into_iter()
        .map(|column| NamedRef {
            id: column.id,
            name: column.name,
        })
        .collect();
    let assignee_choices = match board.team_id.filter(|_| may_edit) {
        Some(team) => crate::store::users::team_people(db, team).await?,
        None => Vec::new(),
    };
    Ok(ItemDetailView {
        events_seen,
        kind,
        id,
        title: row.title,
        version: row.version,
        board: detail::board_ref(&board),
        column_id: column.id,
        column: column.name,
        columns,
        chain,
        tree: node(id).cloned(),
        wsjf,
        form,
        parent_choices: detail::parent_choices(db, kind).await?,
        assignee_choices,
        child_boards,
        siblings,
        may_edit,
        served_through,
        may_link,
        metric_choices,
        history: crate::store::audit::for_item(db, id).await?,
        flow_below,
        forecast,
        dependencies,
        dependency_choices,
    })
}

/// When an item is expected done: its forecast (85 % likely) or its target date.
fn expected_done(
    forecast: Option<&crate::domain::forecast::Forecast>,
    target: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    crate::domain::dependency::expected_done(forecast.map(|f| f.done_by[1]), target)
}

/// What the item `id` waits on, each with when it is expected done and whether
/// that is late, and what waits on it, late if the item itself (done already, or
/// expected done `own_expected`) is.
async fn dependencies_of(
    db: &sea_orm::DatabaseConnection,
    id: Uuid,
    own_done: bool,
    own_expected: Option<chrono::NaiveDate>,
) -> Result<ItemDependencies, AppError> {
    let today = chrono::Utc::now().date_naive();
    let mut found = crate::store::dependencies::of_item(db, id).await?;
    for row in &mut found.upstream {
        let forecast = match row.kind {
            ItemKind::Epic | ItemKind::Feature if !row.done => {
                let item = ItemRef {
                    kind: row.kind,
                    id: row.item_id,
                };
                forecast_of(db, item, row.target_date).await?.outcome.ok()
            }
            _ => None,
        };
        row.expected = expected_done(forecast.as_ref(), row.target_date);
        row.late = is_late(row.needed_by, row.done, row.expected, today);
    }
    for row in &mut found.downstream {
        row.expected = own_expected;
        row.late = is_late(row.needed_by, own_done, own_expected, today);
    }
    Ok(found)
}

/// When the work items under `item` are done, at the pace of the team boards
/// holding them, against its `target` date. Seeded by the item and the day, so a
/// page read again the same day says the same.
async fn forecast_of(
    db: &sea_orm::DatabaseConnection,
    item: ItemRef,
    target: Option<chrono::NaiveDate>,
) -> Result<ForecastView, AppError> {
    use crate::domain::forecast::{forecast, Dice, NoForecast};
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let work = crate::store::forecast::work_left(db, item, now).await?;
    let outcome = match work.total {
        0 => Err(NoForecast::NoWorkItems),
        _ => forecast(
            &work.daily,
            work.remaining,
            today,
            target,
            &mut Dice::of_day(item.id, today),
        ),
    };
    Ok(ForecastView {
        teams: work.teams,
        target,
        outcome,
    })
}

fn find(node: &TreeNode, id: Uuid) -> Option<&TreeNode> {
    if node.id == id {
        return Some(node);
    }
    node.children.iter().find_map(|child| find(child, id))
}
