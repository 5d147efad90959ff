//! Creating and changing epics, features and work items from validated drafts.
//! Each change checks the parent it names, writes the row only if nobody changed it
//! since the caller read it, and records one audit row per changed field.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::audit::{self, Change};
pub(crate) use super::editable::Draft;
use super::editable::{wip_load, Stored};
use super::error::{Refusal, StoreError};
use super::items::{self, Actor, Placement};
use crate::domain::access::Action;
use crate::domain::board::BoardKind;
use crate::domain::hierarchy::ItemKind;
use crate::domain::planning::{EpicDraft, FeatureDraft, WorkItemDraft};
use crate::entities::{board, board_column, item, strategic_theme, vision};

/// Refuses a parent that does not exist, naming the form field.
async fn check_parent_exists(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    parent: Option<Uuid>,
) -> Result<(), StoreError> {
    let (Some(parent), Some(parent_kind)) = (parent, kind.parent_kind()) else {
        return Ok(());
    };
    if title_of(db, parent_kind, parent).await?.is_none() {
        return Err(Refusal::NoSuchParent { kind }.into());
    }
    Ok(())
}

/// The title of any item of the hierarchy, if it exists.
pub async fn title_of(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<Option<String>, StoreError> {
    Ok(match kind {
        ItemKind::Vision => vision::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|v| v.title),
        ItemKind::Theme => strategic_theme::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|t| t.title),
        _ => item::Entity::find_by_id(id)
            .filter(item::Column::Kind.eq(kind))
            .one(db)
            .await?
            .map(|i| i.title),
    })
}

/// The parent's title as the history shows it.
async fn parent_title(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    parent: Option<Uuid>,
) -> Result<Option<String>, StoreError> {
    match (parent, kind.parent_kind()) {
        (Some(id), Some(parent_kind)) => title_of(db, parent_kind, id).await,
        _ => Ok(None),
    }
}

/// The first column of a board of `kind`: where new items start.
async fn first_column(
    db: &impl ConnectionTrait,
    board: &board::Model,
    kind: BoardKind,
) -> Result<board_column::Model, StoreError> {
    if board.kind != kind {
        return Err(StoreError::not_found(format!(
            "{} “{}”",
            kind.label().to_lowercase(),
            board.name
        )));
    }
    items::columns_of(db, board.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Inconsistent {
            detail: format!("the board “{}” has no columns", board.name),
        })
}

fn started(column: &board_column::Model) -> bool {
    column.state_category == crate::domain::board::StateCategory::Started
}

/// Creates an item from its draft at the bottom of `column`, recording its arrival.
/// Like every change of a card other than a move, it must fit the board's hard WIP
/// limits; soft ones ask for a reason only when a card is moved.
async fn create<D: Draft>(
    db: &impl ConnectionTrait,
    board: &board::Model,
    column: &board_column::Model,
    mut draft: D,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    check_parent_exists(db, D::KIND, draft.parent()).await?;
    settle_assignee(db, board, None, draft.assignee_mut()).await?;
    let rank = items::bottom_rank(db, column.id).await?;
    let mut item = Stored::blank(D::KIND, column.id, rank, now);
    draft.apply_to(&mut item);
    super::wip::check_hard(db, column, None, wip_load(&item.item, started(column))).await?;
    let id = item.item.id;
    item.insert(db).await?;
    items::record_arrival(db, D::KIND, id, None, column, actor, now).await?;
    Ok(id)
}

/// Adds an item from its draft at the bottom of the column `column_id` of `board`
/// (a card added where the user sees the column), which must be one where the
/// board takes new items.
pub(crate) async fn add_card<D: Draft>(
    db: &impl ConnectionTrait,
    board: &board::Model,
    column_id: Uuid,
    draft: D,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let columns = items::columns_of(db, board.id).await?;
    let position = columns
        .iter()
        .position(|column| column.id == column_id)
        .ok_or_else(|| StoreError::not_found(format!("that column of “{}”", board.name)))?;
    if board.kind.cards() != D::KIND {
        return Err(StoreError::Inconsistent {
            detail: format!("the board “{}” holds no {}", board.name, D::KIND.label()),
        });
    }
    if !board.kind.takes_new_items_at(position) {
        return Err(Refusal::StartsInFirstColumn {
            kind: D::KIND,
            column: columns[0].name.clone(),
            board: board.kind,
        }
        .into());
    }
    create(db, board, &columns[position], draft, actor, now).await
}

/// Changes an item to its draft if it is still at `version`, recording each field
/// that changed. A draft that changes nothing writes nothing.
pub(crate) async fn update<D: Draft>(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    mut draft: D,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    placement.check_version(version)?;
    check_parent_exists(db, D::KIND, draft.parent()).await?;
    let kept = placement.row.assignee.as_deref();
    settle_assignee(db, &placement.board, kept, draft.assignee_mut()).await?;
    // The placement was read in this transaction, under the board's lock.
    let old = Stored::of(db, placement.row.clone()).await?;
    let before = old.shown(parent_title(db, D::KIND, old.item.parent_id).await?);
    let new_parent = parent_title(db, D::KIND, draft.parent()).await?;
    let was = wip_load(&old.item, started(&placement.column));
    let mut new = old;
    draft.apply_to(&mut new);
    new.stamp(version + 1, now);
    let now_is = wip_load(&new.item, started(&placement.column));
    if now_is != was {
        super::wip::check_hard(db, &placement.column, Some(&placement.row), now_is).await?;
    }
    let changes: Vec<_> = before
        .into_iter()
        .zip(new.shown(new_parent))
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| (field, old, new))
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let id = placement.row.id;
    if !new.save_over(db, version).await? {
        return Err(StoreError::Raced {
            what: format!("“{}”", placement.row.title),
        });
    }
    for (field, old_value, new_value) in changes {
        audit::record(
            db,
            Change {
                item_kind: D::KIND,
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

/// A work item is assigned to one of its team's people, named as their account
/// names them (however the name was typed); the person it is assigned to already
/// may stay (assigned before they left the team, or before accounts had names).
async fn settle_assignee(
    db: &impl ConnectionTrait,
    board: &board::Model,
    kept: Option<&str>,
    assignee: Option<&mut Option<String>>,
) -> Result<(), StoreError> {
    let Some(assignee) = assignee else {
        return Ok(());
    };
    let Some(name) = assignee.as_deref().map(str::trim) else {
        return Ok(());
    };
    if let Some(kept) = kept.filter(|kept| kept.eq_ignore_ascii_case(name)) {
        *assignee = Some(kept.to_owned());
        return Ok(());
    }
    let Some(team) = board.team_id else {
        return Ok(());
    };
    let people = super::users::team_people(db, team).await?;
    match people
        .into_iter()
        .find(|person| person.eq_ignore_ascii_case(name))
    {
        Some(person) => {
            *assignee = Some(person);
            Ok(())
        }
        None => Err(Refusal::NotOnTeam {
            person: name.to_owned(),
            team: board.name.clone(),
        }
        .into()),
    }
}

/// A new epic enters the portfolio's first state (Funnel) at the bottom.
pub async fn create_epic(
    db: &impl ConnectionTrait,
    portfolio: &board::Model,
    draft: EpicDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let funnel = first_column(db, portfolio, BoardKind::Portfolio).await?;
    create(db, portfolio, &funnel, draft, actor, now).await
}

/// A new feature enters its product's feature kanban in the first state.
pub async fn create_feature(
    db: &impl ConnectionTrait,
    product: &board::Model,
    draft: FeatureDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let first = first_column(db, product, BoardKind::Feature).await?;
    create(db, product, &first, draft, actor, now).await
}

/// A new work item enters its team's board in the first column.
pub async fn create_work_item(
    db: &impl ConnectionTrait,
    board: &board::Model,
    draft: WorkItemDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let first = first_column(db, board, BoardKind::Team).await?;
    create(db, board, &first, draft, actor, now).await
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
/// `may_change` is asked about every item the deletion would delete or move,
/// before anything is written: one refusal and nothing changes.
pub async fn delete_item(
    db: &impl ConnectionTrait,
    placement: &Placement,
    version: i32,
    choice: ChildrenChoice,
    may_change: impl Fn(Action) -> bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    placement.check_version(version)?;
    let (kind, id) = (placement.kind, placement.row.id);
    let children = items::children(db, kind, id).await?;
    let mut doomed = vec![(kind, id)];
    if let (Some(child_kind), false) = (items::child_kind(kind), children.is_empty()) {
        match choice {
            ChildrenChoice::Ask => {
                return Err(Refusal::HasChildren {
                    title: placement.row.title.clone(),
                    kind,
                    child: child_kind,
                    children: children.len(),
                }
                .into())
            }
            ChildrenChoice::MoveTo(target) => {
                if target == id || title_of(db, kind, target).await?.is_none() {
                    return Err(Refusal::NoSuchNewParent { kind }.into());
                }
                for child in &children {
                    allowed(
                        &may_change,
                        items::placement(db, child_kind, *child)
                            .await?
                            .edit_action()?,
                    )?;
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
                for (kind, id) in &doomed[1..] {
                    allowed(
                        &may_change,
                        items::placement(db, *kind, *id).await?.edit_action()?,
                    )?;
                }
            }
        }
    }
    // Deepest first, so no row is left pointing at a deleted parent.
    for (kind, id) in doomed.into_iter().rev() {
        let title = title_of(db, kind, id).await?;
        items::delete_row(db, id).await?;
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

fn allowed(may_change: impl Fn(Action) -> bool, action: Action) -> Result<(), StoreError> {
    if may_change(action) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(action))
    }
}
