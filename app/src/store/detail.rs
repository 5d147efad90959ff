//! Reading one epic, feature or work item for its page: the saved form, the chain
//! above it, the tree below it, and the choices its forms offer.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::boards::{wsjf, Lineage};
use super::editable::case_of;
use super::error::StoreError;
use super::items::{self, Placement};
use crate::domain::access::{decide, Action, Decision, Principal};
use crate::domain::board::BoardKind;
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::domain::planning::{EpicForm, EstimatesForm, FeatureForm, WorkItemForm};
use crate::entities::{board, epic_case, item, strategic_theme, team};
use crate::views::board::NamedRef;
use crate::views::planning::{BoardRef, FlowLink, ItemDetailView, ItemForm, ServedMetric};
use crate::views::strategy::TreeNode;

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn estimates(bv: Option<i16>, tc: Option<i16>, rr: Option<i16>, js: Option<i16>) -> EstimatesForm {
    EstimatesForm {
        business_value: text(bv),
        time_criticality: text(tc),
        risk_reduction: text(rr),
        job_size: text(js),
    }
}

fn epic_form(e: &item::Model, case: &epic_case::Model) -> EpicForm {
    EpicForm {
        title: e.title.clone(),
        description: e.description.clone(),
        owner: text(e.owner.as_ref()),
        theme_id: text(e.parent_id),
        hypothesis_for: case.hypothesis_for.clone(),
        hypothesis_who: case.hypothesis_who.clone(),
        hypothesis_the: case.hypothesis_the.clone(),
        hypothesis_is_a: case.hypothesis_is_a.clone(),
        hypothesis_that: case.hypothesis_that.clone(),
        hypothesis_unlike: case.hypothesis_unlike.clone(),
        hypothesis_our_solution: case.hypothesis_our_solution.clone(),
        business_outcome: case.business_outcome.clone(),
        leading_indicators: case.leading_indicators.clone(),
        nonfunctional_requirements: case.nonfunctional_requirements.clone(),
        mvp_cost: text(case.mvp_cost),
        full_cost: text(case.full_cost),
        decision: text(case.decision.map(|d| d.key())),
        decision_date: text(case.decision_date),
        decision_reason: case.decision_reason.clone(),
        estimates: estimates(
            e.business_value,
            e.time_criticality,
            e.risk_reduction,
            e.job_size,
        ),
    }
}

fn feature_form(f: &item::Model) -> FeatureForm {
    FeatureForm {
        title: f.title.clone(),
        description: f.description.clone(),
        acceptance_criteria: f.acceptance_criteria.clone(),
        size: text(f.size),
        epic_id: text(f.parent_id),
        estimates: estimates(
            f.business_value,
            f.time_criticality,
            f.risk_reduction,
            f.job_size,
        ),
    }
}

fn work_item_form(w: &item::Model) -> WorkItemForm {
    WorkItemForm {
        title: w.title.clone(),
        description: w.description.clone(),
        kind: text(w.work_type.map(|t| t.key())),
        size: text(w.size),
        assignee: text(w.assignee.as_ref()),
        blocked: if w.blocked {
            "on".into()
        } else {
            String::new()
        },
        blocked_reason: text(w.blocked_reason.as_ref()),
        class_of_service: text(w.class_of_service.map(|c| c.key())),
        feature_id: text(w.parent_id),
    }
}

fn named<I>(rows: I) -> Vec<NamedRef>
where
    I: IntoIterator<Item = (Uuid, String)>,
{
    rows.into_iter()
        .map(|(id, name)| NamedRef { id, name })
        .collect()
}

fn allowed(principal: &Principal, action: Action) -> bool {
    decide(Some(principal), action) == Decision::Allowed
}

pub fn board_ref(board: &board::Model) -> Result<BoardRef, StoreError> {
    Ok(BoardRef {
        id: board.id,
        name: board.name.clone(),
        kind: board.kind,
        team_id: board.team_id,
    })
}

pub async fn load(
    db: &DatabaseConnection,
    kind: ItemKind,
    id: Uuid,
    principal: &Principal,
) -> Result<ItemDetailView, StoreError> {
    let Placement {
        row, column, board, ..
    } = items::placement(db, kind, id).await?;
    let may_edit = allowed(principal, items::edit_action(kind, &board)?);
    let (form, score, parent_choices, child_boards, siblings, feature_for_chain) = match kind {
        ItemKind::Epic => {
            let e = &row;
            let case = case_of(db, id).await?;
            let themes = strategic_theme::Entity::find()
                .order_by_asc(strategic_theme::Column::Rank)
                .all(db)
                .await?;
            let products = board::Entity::find()
                .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
                .order_by_asc(board::Column::Name)
                .all(db)
                .await?;
            let others = item::Entity::find()
                .filter(item::Column::Kind.eq(ItemKind::Epic))
                .filter(item::Column::Id.ne(id))
                .order_by_asc(item::Column::Title)
                .all(db)
                .await?;
            (
                ItemForm::Epic(Box::new(epic_form(e, &case))),
                wsjf(
                    e.business_value,
                    e.time_criticality,
                    e.risk_reduction,
                    e.job_size,
                )?,
                named(themes.into_iter().map(|t| (t.id, t.title))),
                named(
                    products
                        .into_iter()
                        .filter(|p| allowed(principal, Action::EditFeatures { product: p.id }))
                        .map(|p| (p.id, p.name)),
                ),
                named(others.into_iter().map(|o| (o.id, o.title))),
                None,
            )
        }
        ItemKind::Feature => {
            let f = &row;
            let epics = item::Entity::find()
                .filter(item::Column::Kind.eq(ItemKind::Epic))
                .order_by_asc(item::Column::Title)
                .all(db)
                .await?;
            let teams = team::Entity::find()
                .order_by_asc(team::Column::Name)
                .all(db)
                .await?;
            let others = item::Entity::find()
                .filter(item::Column::Kind.eq(ItemKind::Feature))
                .filter(item::Column::Id.ne(id))
                .order_by_asc(item::Column::Title)
                .all(db)
                .await?;
            (
                ItemForm::Feature(feature_form(f)),
                wsjf(
                    f.business_value,
                    f.time_criticality,
                    f.risk_reduction,
                    f.job_size,
                )?,
                named(epics.into_iter().map(|e| (e.id, e.title))),
                named(
                    teams
                        .into_iter()
                        .filter(|t| allowed(principal, Action::EditTeamWork { team: t.id }))
                        .map(|t| (t.id, t.name)),
                ),
                named(others.into_iter().map(|o| (o.id, o.title))),
                Some(id),
            )
        }
        _ => {
            let w = &row;
            let features = item::Entity::find()
                .filter(item::Column::Kind.eq(ItemKind::Feature))
                .order_by_asc(item::Column::Title)
                .all(db)
                .await?;
            (
                ItemForm::WorkItem(work_item_form(w)),
                None,
                named(features.into_iter().map(|f| (f.id, f.title))),
                Vec::new(),
                Vec::new(),
                w.parent_id,
            )
        }
    };
    let lineage = Lineage::load(db, feature_for_chain).await?;
    let chain = match kind.parent_kind() {
        Some(parent_kind) => lineage.chain_above(parent_kind, row.parent_id),
        None => Vec::new(),
    };
    let strategy = super::strategy::tree(db).await?;
    let node = |id: Uuid| {
        strategy
            .visions
            .iter()
            .chain(&strategy.unaligned)
            .find_map(|node| find(node, id))
    };
    let tree = node(id).cloned();
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
    let may_link = may_edit || allowed(principal, Action::EditMetrics);
    let metric_choices = if may_link {
        super::metrics::names_in_order(db).await?
    } else {
        Vec::new()
    };
    Ok(ItemDetailView {
        events_seen: 0,
        kind,
        id,
        title: row.title,
        version: row.version,
        board: board_ref(&board)?,
        column: column.name,
        chain,
        tree,
        wsjf: score,
        form,
        parent_choices,
        child_boards,
        siblings,
        may_edit,
        served_through,
        may_link,
        metric_choices,
        history: super::audit::for_item(db, id).await?,
        flow_below: flow_below(db, kind, id).await?,
    })
}

async fn flow_below(
    db: &DatabaseConnection,
    kind: ItemKind,
    id: Uuid,
) -> Result<Vec<FlowLink>, StoreError> {
    let item = ItemRef { kind, id };
    Ok(super::flow::boards_under(db, item)
        .await?
        .into_iter()
        .map(|board| FlowLink {
            board_id: board.id,
            board: board.name,
            within: item,
        })
        .collect())
}

fn find(node: &TreeNode, id: Uuid) -> Option<&TreeNode> {
    if node.id == id {
        return Some(node);
    }
    node.children.iter().find_map(|child| find(child, id))
}
