//! What one epic, feature or work item's page reads of it: its saved form, its
//! WSJF, the chain above it, and the items its parent field chooses among.

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::boards::{wsjf, Lineage};
use super::editable::case_of;
use super::error::StoreError;
use crate::domain::board::BoardRef;
use crate::domain::hierarchy::{ChainLink, ItemKind};
use crate::domain::planning::{EpicForm, EstimatesForm, FeatureForm, ItemForm, WorkItemForm};
use crate::domain::NamedRef;
use crate::entities::{board, epic_case, item, strategic_theme};

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
        target_date: text(e.target_date),
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
        target_date: text(f.target_date),
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
        target_date: text(w.target_date),
    }
}

/// An item's saved form, to fill its edit form, and its WSJF (epics and features).
pub async fn form(
    db: &DatabaseConnection,
    row: &item::Model,
) -> Result<(ItemForm, Option<f64>), StoreError> {
    // Epics and features are ranked by WSJF; work items have no score.
    let score = || {
        wsjf(
            row.business_value,
            row.time_criticality,
            row.risk_reduction,
            row.job_size,
        )
    };
    Ok(match row.kind {
        ItemKind::Epic => {
            let case = case_of(db, row.id).await?;
            (ItemForm::Epic(Box::new(epic_form(row, &case))), score()?)
        }
        ItemKind::Feature => (ItemForm::Feature(feature_form(row)), score()?),
        _ => (ItemForm::WorkItem(work_item_form(row)), None),
    })
}

/// The item's ancestors, nearest first, up to the vision when it is aligned.
pub async fn chain(
    db: &DatabaseConnection,
    row: &item::Model,
) -> Result<Vec<ChainLink>, StoreError> {
    let Some(parent_kind) = row.kind.parent_kind() else {
        return Ok(Vec::new());
    };
    let feature = match row.kind {
        ItemKind::Feature => Some(row.id),
        ItemKind::WorkItem => row.parent_id,
        _ => None,
    };
    let lineage = Lineage::load(db, feature).await?;
    Ok(lineage.chain_above(parent_kind, row.parent_id))
}

/// The items an item of `kind` may be put under, as its parent field lists them:
/// themes in their rank order, epics and features by title.
pub async fn parent_choices(
    db: &DatabaseConnection,
    kind: ItemKind,
) -> Result<Vec<NamedRef>, StoreError> {
    match kind.parent_kind() {
        Some(ItemKind::Theme) => Ok(strategic_theme::Entity::find()
            .order_by_asc(strategic_theme::Column::Rank)
            .all(db)
            .await?
            .into_iter()
            .map(|theme| NamedRef {
                id: theme.id,
                name: theme.title,
            })
            .collect()),
        Some(parent_kind) => super::items::titled(db, parent_kind).await,
        None => Ok(Vec::new()),
    }
}

pub fn board_ref(board: &board::Model) -> BoardRef {
    BoardRef {
        id: board.id,
        name: board.name.clone(),
        kind: board.kind,
        team_id: board.team_id,
    }
}
