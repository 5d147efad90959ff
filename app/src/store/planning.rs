//! Creating and changing epics, features and work items from validated drafts.
//! Each change checks the parent it names, writes the row only if nobody changed it
//! since the caller read it, and records one audit row per changed field.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use super::audit::{self, Change};
use super::items::{self, Actor, Placement};
use crate::domain::board::BoardKind;
use crate::domain::hierarchy::ItemKind;
use crate::domain::planning::{parent_field, EpicDraft, FeatureDraft, WorkItemDraft};
use crate::domain::wsjf::ScaleValue;
use crate::entities::{board, epic, feature, work_item};
use crate::error::AppError;

/// A field's value as the history shows it.
type Shown = Vec<(&'static str, Option<String>)>;

fn shown_text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn shown_number<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn stored_estimate(value: Option<ScaleValue>) -> Option<i16> {
    value.map(|v| i16::from(v.get()))
}

fn stored_size(value: Option<ScaleValue>) -> Option<i32> {
    value.map(|v| i32::from(v.get()))
}

/// Refuses a parent that does not exist, naming the form field.
async fn check_parent_exists(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    parent: Option<Uuid>,
) -> Result<(), AppError> {
    let (Some(parent), Some(parent_kind)) = (parent, kind.parent_kind()) else {
        return Ok(());
    };
    if title_of(db, parent_kind, parent).await?.is_none() {
        return Err(AppError::InvalidField {
            field: parent_field(kind).to_owned(),
            detail: format!("there is no such {}", parent_kind.label().to_lowercase()),
        });
    }
    Ok(())
}

/// The title of any item of the hierarchy, if it exists.
pub async fn title_of(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<Option<String>, AppError> {
    let table = match kind {
        ItemKind::Vision => Alias::new("visions"),
        ItemKind::Theme => Alias::new("strategic_themes"),
        _ => items::table(kind)?,
    };
    let select = Query::select()
        .column(Alias::new("title"))
        .from(table)
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    Ok(match db.query_one(&select).await? {
        Some(row) => Some(row.try_get("", "title")?),
        None => None,
    })
}

/// The first column of a board of `kind`: where new items start.
async fn first_column(
    db: &impl ConnectionTrait,
    board: &board::Model,
    kind: BoardKind,
) -> Result<crate::entities::board_column::Model, AppError> {
    if board.kind != kind.key() {
        return Err(AppError::not_found(format!(
            "{} “{}”",
            kind.label().to_lowercase(),
            board.name
        )));
    }
    items::columns_of(db, board.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Inconsistent {
            detail: format!("the board “{}” has no columns", board.name),
        })
}

/// Writes `active` over the row `id` if it is still at `version`, and records the
/// fields that differ between `before` and `after`. Nothing changed: nothing written.
#[allow(clippy::too_many_arguments)]
async fn save_changes<A>(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    placement: &Placement,
    version: i32,
    before: Shown,
    after: Shown,
    active: A,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
{
    placement.check_version(version)?;
    let changes: Vec<_> = before
        .into_iter()
        .zip(after)
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| (field, old, new))
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let id = placement.row.id;
    let written = A::Entity::update_many()
        .set(active)
        .filter(Expr::col(Alias::new("id")).eq(id))
        .filter(Expr::col(Alias::new("version")).eq(version))
        .exec(db)
        .await?;
    if written.rows_affected == 0 {
        return Err(AppError::Conflict {
            detail: format!(
                "“{}” was changed by someone else at the same moment: reload and try again",
                placement.row.title
            ),
        });
    }
    for (field, old_value, new_value) in changes {
        audit::record(
            db,
            Change {
                item_kind: kind,
                item_id: id,
                field,
                old_value,
                new_value,
                user_id: actor.user_id,
                via: actor.via,
                at: now,
            },
        )
        .await?;
    }
    Ok(())
}

/// The parent's title as the history shows it.
async fn shown_parent(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    parent: Option<Uuid>,
) -> Result<Option<String>, AppError> {
    match (parent, kind.parent_kind()) {
        (Some(id), Some(parent_kind)) => title_of(db, parent_kind, id).await,
        _ => Ok(None),
    }
}

fn epic_shown(epic: &epic::Model, theme: Option<String>) -> Shown {
    let decision = epic
        .decision
        .as_ref()
        .map(|decision| match epic.decision_date {
            Some(date) => format!("{decision} on {date}"),
            None => decision.clone(),
        });
    vec![
        ("title", shown_text(&epic.title)),
        ("description", shown_text(&epic.description)),
        ("owner", epic.owner.clone()),
        ("theme", theme),
        ("hypothesis: for", shown_text(&epic.hypothesis_for)),
        ("hypothesis: who", shown_text(&epic.hypothesis_who)),
        ("hypothesis: the", shown_text(&epic.hypothesis_the)),
        ("hypothesis: is a", shown_text(&epic.hypothesis_is_a)),
        ("hypothesis: that", shown_text(&epic.hypothesis_that)),
        ("hypothesis: unlike", shown_text(&epic.hypothesis_unlike)),
        (
            "hypothesis: our solution",
            shown_text(&epic.hypothesis_our_solution),
        ),
        ("business outcome", shown_text(&epic.business_outcome)),
        ("leading indicators", shown_text(&epic.leading_indicators)),
        (
            "non-functional requirements",
            shown_text(&epic.nonfunctional_requirements),
        ),
        ("MVP cost", shown_number(epic.mvp_cost)),
        ("full cost", shown_number(epic.full_cost)),
        ("decision", decision),
        ("decision reason", shown_text(&epic.decision_reason)),
        ("business value", shown_number(epic.business_value)),
        ("time criticality", shown_number(epic.time_criticality)),
        ("risk reduction", shown_number(epic.risk_reduction)),
        ("job size", shown_number(epic.job_size)),
    ]
}

fn apply_epic(draft: EpicDraft, mut epic: epic::Model) -> epic::Model {
    let hypothesis = draft.hypothesis;
    let case = draft.business_case;
    epic.title = draft.title;
    epic.description = draft.description;
    epic.owner = draft.owner;
    epic.theme_id = draft.theme_id;
    epic.hypothesis_for = hypothesis.for_customers;
    epic.hypothesis_who = hypothesis.who;
    epic.hypothesis_the = hypothesis.the;
    epic.hypothesis_is_a = hypothesis.is_a;
    epic.hypothesis_that = hypothesis.that;
    epic.hypothesis_unlike = hypothesis.unlike;
    epic.hypothesis_our_solution = hypothesis.our_solution;
    epic.business_outcome = hypothesis.business_outcome;
    epic.leading_indicators = hypothesis.leading_indicators;
    epic.nonfunctional_requirements = hypothesis.nonfunctional_requirements;
    epic.mvp_cost = case.mvp_cost;
    epic.full_cost = case.full_cost;
    epic.decision = case.decision.map(|(d, _)| d.key().to_owned());
    epic.decision_date = case.decision.map(|(_, date)| date);
    epic.decision_reason = case.decision_reason;
    epic.business_value = stored_estimate(draft.estimates.business_value);
    epic.time_criticality = stored_estimate(draft.estimates.time_criticality);
    epic.risk_reduction = stored_estimate(draft.estimates.risk_reduction);
    epic.job_size = stored_estimate(draft.estimates.job_size);
    epic
}

/// A new epic enters the portfolio's first state (Funnel) at the bottom.
pub async fn create_epic(
    db: &impl ConnectionTrait,
    draft: EpicDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    check_parent_exists(db, ItemKind::Epic, draft.theme_id).await?;
    let portfolio = super::setup::ensure_portfolio_board(db, now).await?;
    let funnel = items::column(db, portfolio.columns[0]).await?;
    let blank = epic::Model {
        id: Uuid::new_v4(),
        theme_id: None,
        column_id: funnel.id,
        title: String::new(),
        description: String::new(),
        rank: items::bottom_rank(db, ItemKind::Epic, funnel.id).await?,
        size: None,
        business_value: None,
        time_criticality: None,
        risk_reduction: None,
        job_size: None,
        created_at: now,
        updated_at: now,
        version: 1,
        owner: None,
        hypothesis_for: String::new(),
        hypothesis_who: String::new(),
        hypothesis_the: String::new(),
        hypothesis_is_a: String::new(),
        hypothesis_that: String::new(),
        hypothesis_unlike: String::new(),
        hypothesis_our_solution: String::new(),
        business_outcome: String::new(),
        leading_indicators: String::new(),
        nonfunctional_requirements: String::new(),
        mvp_cost: None,
        full_cost: None,
        decision: None,
        decision_date: None,
        decision_reason: String::new(),
    };
    let epic = apply_epic(draft, blank);
    let id = epic.id;
    epic.into_active_model().reset_all().insert(db).await?;
    items::record_arrival(db, ItemKind::Epic, id, None, &funnel, actor, now).await?;
    Ok(id)
}

pub async fn update_epic(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    draft: EpicDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    check_parent_exists(db, ItemKind::Epic, draft.theme_id).await?;
    let old = epic::Entity::find_by_id(placement.row.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that epic"))?;
    let old_theme = shown_parent(db, ItemKind::Epic, old.theme_id).await?;
    let new_theme = shown_parent(db, ItemKind::Epic, draft.theme_id).await?;
    let before = epic_shown(&old, old_theme);
    let mut new = apply_epic(draft, old);
    new.version = version + 1;
    new.updated_at = now;
    let after = epic_shown(&new, new_theme);
    let active = new.into_active_model().reset_all();
    save_changes(
        db,
        ItemKind::Epic,
        placement,
        version,
        before,
        after,
        active,
        actor,
        now,
    )
    .await
}

fn feature_shown(feature: &feature::Model, epic: Option<String>) -> Shown {
    vec![
        ("title", shown_text(&feature.title)),
        ("description", shown_text(&feature.description)),
        (
            "acceptance criteria",
            shown_text(&feature.acceptance_criteria),
        ),
        ("size", shown_number(feature.size)),
        ("epic", epic),
        ("business value", shown_number(feature.business_value)),
        ("time criticality", shown_number(feature.time_criticality)),
        ("risk reduction", shown_number(feature.risk_reduction)),
        ("job size", shown_number(feature.job_size)),
    ]
}

fn apply_feature(draft: FeatureDraft, mut feature: feature::Model) -> feature::Model {
    feature.title = draft.title;
    feature.description = draft.description;
    feature.acceptance_criteria = draft.acceptance_criteria;
    feature.size = stored_size(draft.size);
    feature.epic_id = draft.epic_id;
    feature.business_value = stored_estimate(draft.estimates.business_value);
    feature.time_criticality = stored_estimate(draft.estimates.time_criticality);
    feature.risk_reduction = stored_estimate(draft.estimates.risk_reduction);
    feature.job_size = stored_estimate(draft.estimates.job_size);
    feature
}

/// A new feature enters its product's feature kanban in the first state.
pub async fn create_feature(
    db: &impl ConnectionTrait,
    product: &board::Model,
    draft: FeatureDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    check_parent_exists(db, ItemKind::Feature, draft.epic_id).await?;
    let first = first_column(db, product, BoardKind::Feature).await?;
    let blank = feature::Model {
        id: Uuid::new_v4(),
        epic_id: None,
        column_id: first.id,
        title: String::new(),
        description: String::new(),
        rank: items::bottom_rank(db, ItemKind::Feature, first.id).await?,
        size: None,
        business_value: None,
        time_criticality: None,
        risk_reduction: None,
        job_size: None,
        created_at: now,
        updated_at: now,
        version: 1,
        acceptance_criteria: String::new(),
    };
    let feature = apply_feature(draft, blank);
    let id = feature.id;
    feature.into_active_model().reset_all().insert(db).await?;
    items::record_arrival(db, ItemKind::Feature, id, None, &first, actor, now).await?;
    Ok(id)
}

pub async fn update_feature(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    draft: FeatureDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    check_parent_exists(db, ItemKind::Feature, draft.epic_id).await?;
    let old = feature::Entity::find_by_id(placement.row.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that feature"))?;
    let old_epic = shown_parent(db, ItemKind::Feature, old.epic_id).await?;
    let new_epic = shown_parent(db, ItemKind::Feature, draft.epic_id).await?;
    let before = feature_shown(&old, old_epic);
    let mut new = apply_feature(draft, old);
    new.version = version + 1;
    new.updated_at = now;
    let after = feature_shown(&new, new_epic);
    let active = new.into_active_model().reset_all();
    save_changes(
        db,
        ItemKind::Feature,
        placement,
        version,
        before,
        after,
        active,
        actor,
        now,
    )
    .await
}

fn work_item_shown(item: &work_item::Model, feature: Option<String>) -> Shown {
    vec![
        ("title", shown_text(&item.title)),
        ("description", shown_text(&item.description)),
        ("type", Some(item.kind.clone())),
        ("size", shown_number(item.size)),
        ("assignee", item.assignee.clone()),
        (
            "blocked",
            item.blocked
                .then(|| item.blocked_reason.clone().unwrap_or_else(|| "yes".into())),
        ),
        ("class of service", Some(item.class_of_service.clone())),
        ("feature", feature),
    ]
}

fn apply_work_item(draft: WorkItemDraft, mut item: work_item::Model) -> work_item::Model {
    item.title = draft.title;
    item.description = draft.description;
    item.kind = draft.kind.key().to_owned();
    item.size = stored_size(draft.size);
    item.assignee = draft.assignee;
    item.blocked = draft.blocked.is_some();
    item.blocked_reason = draft.blocked.filter(|reason| !reason.is_empty());
    item.class_of_service = draft.class_of_service.key().to_owned();
    item.feature_id = draft.feature_id;
    item
}

/// A new work item enters its team's board in the first column.
pub async fn create_work_item(
    db: &impl ConnectionTrait,
    team_id: Uuid,
    draft: WorkItemDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    check_parent_exists(db, ItemKind::WorkItem, draft.feature_id).await?;
    let board = board::Entity::find()
        .filter(board::Column::TeamId.eq(team_id))
        .filter(board::Column::Kind.eq(BoardKind::Team.key()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that team's board"))?;
    let first = first_column(db, &board, BoardKind::Team).await?;
    let blank = work_item::Model {
        id: Uuid::new_v4(),
        feature_id: None,
        column_id: first.id,
        title: String::new(),
        description: String::new(),
        rank: items::bottom_rank(db, ItemKind::WorkItem, first.id).await?,
        size: None,
        business_value: None,
        time_criticality: None,
        risk_reduction: None,
        job_size: None,
        created_at: now,
        updated_at: now,
        version: 1,
        kind: String::new(),
        assignee: None,
        blocked: false,
        blocked_reason: None,
        class_of_service: String::new(),
    };
    let item = apply_work_item(draft, blank);
    let id = item.id;
    item.into_active_model().reset_all().insert(db).await?;
    items::record_arrival(db, ItemKind::WorkItem, id, None, &first, actor, now).await?;
    Ok(id)
}

pub async fn update_work_item(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    draft: WorkItemDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    check_parent_exists(db, ItemKind::WorkItem, draft.feature_id).await?;
    let old = work_item::Entity::find_by_id(placement.row.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that work item"))?;
    let old_feature = shown_parent(db, ItemKind::WorkItem, old.feature_id).await?;
    let new_feature = shown_parent(db, ItemKind::WorkItem, draft.feature_id).await?;
    let before = work_item_shown(&old, old_feature);
    let mut new = apply_work_item(draft, old);
    new.version = version + 1;
    new.updated_at = now;
    let after = work_item_shown(&new, new_feature);
    let active = new.into_active_model().reset_all();
    save_changes(
        db,
        ItemKind::WorkItem,
        placement,
        version,
        before,
        after,
        active,
        actor,
        now,
    )
    .await
}

/// What to do with the children of an item being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildrenChoice {
    /// Refuse the deletion if there are any: the user has not said.
    Ask,
    /// Delete them, and everything below them, too.
    Delete,
    /// Move them under another item of the same kind first.
    MoveTo(Uuid),
}

/// Deletes an item. With children, the caller must say what becomes of them.
pub async fn delete_item(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    choice: ChildrenChoice,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    placement.check_version(version)?;
    let (kind, id) = (placement.kind, placement.row.id);
    let children = items::children(db, kind, id).await?;
    let mut doomed = vec![(kind, id)];
    if let (Some(child_kind), false) = (items::child_kind(kind), children.is_empty()) {
        match choice {
            ChildrenChoice::Ask => {
                return Err(AppError::Conflict {
                    detail: format!(
                        "“{}” has {} {}: delete them with it, or move them under another {} first",
                        placement.row.title,
                        children.len(),
                        plural(child_kind, children.len()),
                        kind.label().to_lowercase()
                    ),
                })
            }
            ChildrenChoice::MoveTo(target) => {
                if target == id || title_of(db, kind, target).await?.is_none() {
                    return Err(AppError::InvalidField {
                        field: "move_children_to".into(),
                        detail: format!(
                            "choose another existing {} to move them under",
                            kind.label().to_lowercase()
                        ),
                    });
                }
                items::reparent_children(db, kind, id, target, now).await?;
            }
            ChildrenChoice::Delete => {
                let mut next = 0;
                while next < doomed.len() {
                    let (kind, id) = doomed[next];
                    if let Some(child_kind) = items::child_kind(kind) {
                        for child in items::children(db, kind, id).await? {
                            doomed.push((child_kind, child));
                        }
                    }
                    next += 1;
                }
            }
        }
    }
    // Deepest first, so no row is left pointing at a deleted parent.
    for (kind, id) in doomed.into_iter().rev() {
        let title = title_of(db, kind, id).await?;
        items::delete_row(db, kind, id).await?;
        audit::record(
            db,
            Change {
                item_kind: kind,
                item_id: id,
                field: "deleted",
                old_value: title,
                new_value: None,
                user_id: actor.user_id,
                via: actor.via,
                at: now,
            },
        )
        .await?;
    }
    Ok(())
}

fn plural(kind: ItemKind, count: usize) -> String {
    let label = kind.label().to_lowercase();
    if count == 1 {
        label
    } else {
        format!("{label}s")
    }
}

/// Changes the vision's or a theme's title and statement.
pub async fn update_strategy(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
    version: i32,
    (title, statement): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::entities::{strategic_theme, vision};
    let (old_title, old_statement, current) = match kind {
        ItemKind::Vision => {
            let found = vision::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::not_found("that vision"))?;
            (found.title, found.statement, found.version)
        }
        _ => {
            let found = strategic_theme::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::not_found("that theme"))?;
            (found.title, found.description, found.version)
        }
    };
    if current != version {
        return Err(AppError::Conflict {
            detail: format!(
                "“{old_title}” was changed by someone else since you loaded it: reload and try again"
            ),
        });
    }
    let (table, statement_column) = match kind {
        ItemKind::Vision => ("visions", "statement"),
        _ => ("strategic_themes", "description"),
    };
    let update = Query::update()
        .table(Alias::new(table))
        .value(Alias::new("title"), title.clone())
        .value(Alias::new(statement_column), statement.clone())
        .value(Alias::new("version"), version + 1)
        .value(Alias::new("updated_at"), now)
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(Expr::col(Alias::new("version")).eq(version))
        .to_owned();
    if db.execute(&update).await?.rows_affected() == 0 {
        return Err(AppError::Conflict {
            detail: format!("“{old_title}” was changed by someone else at the same moment"),
        });
    }
    for (field, old, new) in [
        ("title", old_title, title),
        (statement_column, old_statement, statement),
    ] {
        if old != new {
            audit::record(
                db,
                Change {
                    item_kind: kind,
                    item_id: id,
                    field,
                    old_value: shown_text(&old),
                    new_value: shown_text(&new),
                    user_id: actor.user_id,
                    via: actor.via,
                    at: now,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Adds a strategic theme under the vision, last in rank.
pub async fn create_theme(
    db: &impl ConnectionTrait,
    vision_id: Uuid,
    (title, description): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    use crate::entities::{strategic_theme, vision};
    use sea_orm::{ActiveValue::Set, QueryOrder};
    if vision::Entity::find_by_id(vision_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::not_found("that vision"));
    }
    let last = strategic_theme::Entity::find()
        .filter(strategic_theme::Column::VisionId.eq(vision_id))
        .order_by_desc(strategic_theme::Column::Rank)
        .one(db)
        .await?
        .map(|t| t.rank);
    let id = Uuid::new_v4();
    strategic_theme::ActiveModel {
        id: Set(id),
        vision_id: Set(vision_id),
        title: Set(title.clone()),
        description: Set(description),
        rank: Set(crate::domain::planning::rank_between(last, None).unwrap_or(i64::MAX)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Change {
            item_kind: ItemKind::Theme,
            item_id: id,
            field: "created",
            old_value: None,
            new_value: Some(title),
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await?;
    Ok(id)
}

/// Writes the workspace's vision: there is one, created the first time.
pub async fn create_vision(
    db: &impl ConnectionTrait,
    (title, statement): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    use crate::entities::vision;
    use sea_orm::ActiveValue::Set;
    if let Some(existing) = vision::Entity::find().one(db).await? {
        return Err(AppError::Conflict {
            detail: format!(
                "the vision “{}” already exists: change it instead",
                existing.title
            ),
        });
    }
    let id = Uuid::new_v4();
    vision::ActiveModel {
        id: Set(id),
        title: Set(title.clone()),
        statement: Set(statement),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Change {
            item_kind: ItemKind::Vision,
            item_id: id,
            field: "created",
            old_value: None,
            new_value: Some(title),
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await?;
    Ok(id)
}
