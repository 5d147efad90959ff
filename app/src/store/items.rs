//! Epics, features and work items share one shape: a parent above, a board column
//! (their state), a rank within that column and a version. Finding their place,
//! moving, ranking, recording and deleting them goes through here, whatever their
//! kind, so each of those rules is written once.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Change, Via};
use super::error::{Refusal, StoreError};
use super::wip;
use crate::domain::access::Action;
use crate::domain::board::BoardKind;
use crate::domain::dependency::{finishes, FinishesWaiting};
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::domain::planning::{rank_between, RANK_GAP};
use crate::domain::NamedRef;
use crate::entities::{board, board_column, epic_case, item, strategic_theme, transition, vision};

/// The audit field of finishing an item that still waits on open work (the
/// reason given is its value).
pub const FINISHED_WAITING: &str = "finished waiting";

/// Who is making a change, and how.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: Uuid,
    pub via: Via,
}

impl Actor {
    /// The signed-in user or token behind this request.
    pub fn of(principal: &crate::domain::access::Principal) -> Actor {
        Actor {
            user_id: principal.user_id,
            via: if crate::security::guard::identity().via_token {
                Via::Token
            } else {
                Via::Ui
            },
        }
    }
}

/// Every epic, feature or work item (`kind`), by title, as forms offer them.
pub async fn titled(
    db: &impl ConnectionTrait,
    kind: ItemKind,
) -> Result<Vec<NamedRef>, StoreError> {
    let rows: Vec<(Uuid, String)> = item::Entity::find()
        .select_only()
        .columns([item::Column::Id, item::Column::Title])
        .filter(item::Column::Kind.eq(kind))
        .order_by_asc(item::Column::Title)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| NamedRef { id, name })
        .collect())
}

/// Any item's title (themes and the vision too), or not found.
pub async fn title_of(db: &impl ConnectionTrait, item: ItemRef) -> Result<String, StoreError> {
    let title = match item.kind {
        ItemKind::Vision => vision::Entity::find_by_id(item.id)
            .one(db)
            .await?
            .map(|vision| vision.title),
        ItemKind::Theme => strategic_theme::Entity::find_by_id(item.id)
            .one(db)
            .await?
            .map(|theme| theme.title),
        kind => item::Entity::find_by_id(item.id)
            .filter(item::Column::Kind.eq(kind))
            .one(db)
            .await?
            .map(|item| item.title),
    };
    title.ok_or_else(|| StoreError::not_found(item.kind.that()))
}

/// The item of `kind` with this id; 404 when there is none.
pub async fn row(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<item::Model, StoreError> {
    item::Entity::find_by_id(id)
        .filter(item::Column::Kind.eq(kind))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found(kind.that()))
}

/// The board the item `id` of `kind` sits on, as a query to select it by: what a
/// change locks before it reads the item again under the lock.
pub fn board_of(kind: ItemKind, id: Uuid) -> sea_orm::sea_query::SelectStatement {
    let its_column = sea_orm::sea_query::Query::select()
        .column(item::Column::ColumnId)
        .from(item::Entity)
        .and_where(item::Column::Id.eq(id))
        .and_where(item::Column::Kind.eq(kind))
        .to_owned();
    sea_orm::sea_query::Query::select()
        .column(board_column::Column::BoardId)
        .from(board_column::Entity)
        .and_where(board_column::Column::Id.in_subquery(its_column))
        .to_owned()
}

/// Where an item sits: its column and board.
pub struct Placement {
    pub kind: ItemKind,
    pub row: item::Model,
    pub column: board_column::Model,
    pub board: board::Model,
}

pub async fn placement(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<Placement, StoreError> {
    let (row, column) = row_and_column(db, kind, id).await?;
    let board = board::Entity::find_by_id(column.board_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Inconsistent {
            detail: format!("column {} has no board", column.id),
        })?;
    Ok(Placement {
        kind,
        row,
        column,
        board,
    })
}

/// [`placement`] of an item on `board`, already read (the board a change locked,
/// `wip::begin_locked_for_item`): an item found elsewhere by then was changed
/// meanwhile.
pub async fn placement_on(
    db: &impl ConnectionTrait,
    board: board::Model,
    kind: ItemKind,
    id: Uuid,
) -> Result<Placement, StoreError> {
    let (row, column) = row_and_column(db, kind, id).await?;
    if column.board_id != board.id {
        return Err(StoreError::Raced {
            what: format!("“{}”", row.title),
        });
    }
    Ok(Placement {
        kind,
        row,
        column,
        board,
    })
}

/// The item with the column it sits in, in one statement: every change to an item
/// starts here.
async fn row_and_column(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<(item::Model, board_column::Model), StoreError> {
    let its_column = item::Entity::belongs_to(board_column::Entity)
        .from(item::Column::ColumnId)
        .to(board_column::Column::Id)
        .into();
    let found = item::Entity::find_by_id(id)
        .filter(item::Column::Kind.eq(kind))
        .join(sea_orm::JoinType::LeftJoin, its_column)
        .select_also(board_column::Entity)
        .one(db)
        .await?;
    let (row, column) = found.ok_or_else(|| StoreError::not_found(kind.that()))?;
    Ok((row, in_use(column)?))
}

/// Where the epic, feature or work item `id` sits, whatever its kind.
pub async fn placement_of(db: &impl ConnectionTrait, id: Uuid) -> Result<Placement, StoreError> {
    let kind = item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that item"))?
        .kind;
    placement(db, kind, id).await
}

impl Placement {
    /// What changing this item needs: epics are the portfolio's, features their
    /// product's, work items their team's.
    pub fn edit_action(&self) -> Result<Action, StoreError> {
        edit_action(self.kind, &self.board)
    }

    /// Refuses a change made against an older version of the item.
    pub fn check_version(&self, version: i32) -> Result<(), StoreError> {
        if self.row.version == version {
            return Ok(());
        }
        Err(StoreError::Stale {
            what: format!("“{}”", self.row.title),
        })
    }
}

/// What changing the items of `board` needs (`domain::access::edit_board`); an
/// item of a kind the board does not hold is inconsistent data.
pub fn edit_action(kind: ItemKind, board: &board::Model) -> Result<Action, StoreError> {
    crate::domain::access::edit_board(board.kind, board.id, board.team_id)
        .filter(|_| board.kind.cards() == kind)
        .ok_or_else(|| StoreError::Inconsistent {
            detail: format!("{} sits on the board “{}”", kind.with_article(), board.name),
        })
}

pub async fn column(
    db: &impl ConnectionTrait,
    column_id: Uuid,
) -> Result<board_column::Model, StoreError> {
    in_use(board_column::Entity::find_by_id(column_id).one(db).await?)
}

/// The column found, unless there is none or the team removed it.
fn in_use(found: Option<board_column::Model>) -> Result<board_column::Model, StoreError> {
    found
        .filter(|column| column.removed_at.is_none())
        .ok_or_else(|| StoreError::not_found("that column"))
}

/// The columns of a board, left to right (not those the team removed).
pub async fn columns_of(
    db: &impl ConnectionTrait,
    board_id: Uuid,
) -> Result<Vec<board_column::Model>, StoreError> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(board_column::Entity::find()
        .filter(board_column::Column::BoardId.eq(board_id))
        .filter(board_column::Column::RemovedAt.is_null())
        .order_by_asc(board_column::Column::Position)
        .all(db)
        .await?)
}

/// Where a card should go: a column, and optionally the card it goes just above
/// (none: the bottom of the column).
#[derive(Debug, Clone, Copy)]
pub struct Destination {
    pub column_id: Uuid,
    pub before: Option<Uuid>,
}

/// Where a move left its card, and the board as the move's transaction read it
/// with the move made: what the answer to the move is made of.
#[derive(Debug)]
pub struct Moved {
    pub id: Uuid,
    pub version: i32,
    pub column_id: Uuid,
    /// When it entered that column (now, unless it was reordered within it).
    pub entered_column_at: DateTime<Utc>,
    /// The card it now sits just above; `None`: the bottom of the column.
    pub before: Option<Uuid>,
    pub columns: Vec<board_column::Model>,
    pub limits: wip::BoardLimits,
    /// Every card of the board as the limits see it, after the move.
    pub loads: Vec<crate::domain::wip::Load>,
}

/// Moves an item to another column of its board and/or another place in the order,
/// recording a transition when its state changes and an audit row either way. A
/// move into another column must fit the board's WIP limits: over a hard one it is
/// refused; over a soft one it needs `reason`, recorded as an infraction. The
/// caller holds the board's lock (`wip::lock_board`), so no move interleaves.
pub async fn move_item(
    db: &impl ConnectionTrait,
    placement: Placement,
    to: Destination,
    version: i32,
    reason: Option<&str>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Moved, StoreError> {
    placement.check_version(version)?;
    let Placement {
        kind,
        row,
        column: from,
        board,
    } = placement;
    let columns = columns_of(db, board.id).await?;
    let limits = wip::limits_of(db, &board, &columns).await?;
    let loads = wip::counted_loads(db, &columns, Some(&row)).await?;
    if to.column_id == from.id && to.before.is_none() {
        return Ok(Moved {
            id: row.id,
            version,
            column_id: from.id,
            entered_column_at: row.entered_column_at.unwrap_or(row.created_at),
            before: next_in_column(db, row.id).await?,
            columns,
            limits,
            loads,
        });
    }
    // A column of the board is among those read; another board's (refused by
    // name) or a removed one (not found) is read again.
    let target = match columns.iter().find(|c| c.id == to.column_id) {
        Some(target) => target.clone(),
        None => column(db, to.column_id).await?,
    };
    if target.board_id != from.board_id {
        return Err(Refusal::ColumnOnAnotherBoard {
            column: target.name,
        }
        .into());
    }
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let position = |id: Uuid| columns.iter().position(|c| c.id == id).unwrap_or(0);
    let board_kind: BoardKind = board.kind;
    board_kind
        .check_move(&names, position(from.id), position(target.id))
        .map_err(Refusal::Process)?;
    // Only a move that finishes it asks what it still waits on.
    let finishes_waiting = match finishes(from.state_category, target.state_category) {
        true => FinishesWaiting::judge(
            from.state_category,
            target.state_category,
            super::dependencies::open_upstream(db, [row.id])
                .await?
                .get(&row.id)
                .copied()
                .unwrap_or(0),
        ),
        false => None,
    };
    let judged = if target.id == from.id {
        None
    } else {
        Some(
            within_limits(
                db,
                (&columns, &limits),
                &loads,
                row.id,
                &target,
                reason,
                finishes_waiting,
            )
            .await?,
        )
    };

    let (rank, before) = rank_in(db, row.id, &target, to.before).await?;
    let entered_column_at = match target.id == from.id {
        true => row.entered_column_at.unwrap_or(row.created_at),
        false => now,
    };
    let moved = item::Entity::update_many()
        .col_expr(item::Column::ColumnId, Expr::value(target.id))
        .col_expr(item::Column::Rank, Expr::value(rank))
        .col_expr(item::Column::Version, Expr::value(version + 1))
        .col_expr(item::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            item::Column::EnteredColumnAt,
            Expr::value(entered_column_at),
        )
        .filter(item::Column::Id.eq(row.id))
        // The version filter turns a concurrent writer's update into a no-op we see.
        .filter(item::Column::Version.eq(version))
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Err(StoreError::Raced {
            what: format!("“{}”", row.title),
        });
    }
    let mut moved = Moved {
        id: row.id,
        version: version + 1,
        column_id: target.id,
        entered_column_at,
        before,
        columns,
        limits,
        loads,
    };
    let Some(Judged {
        breaches,
        still_over,
        after,
    }) = judged
    else {
        audit::record(
            db,
            Change {
                item_kind: kind,
                item_id: row.id,
                field: "order",
                old_value: None,
                new_value: Some(format!("reordered within {}", target.name)),
                user_id: actor.user_id,
                via: actor.via,
                at: now,
            },
        )
        .await?;
        return Ok(moved);
    };
    record_arrival(db, kind, row.id, Some(&from), &target, actor, now).await?;
    if !breaches.is_empty() {
        wip::record_infractions(
            db,
            board.id,
            &breaches,
            (kind, row.id, &row.title),
            actor.user_id,
            reason.unwrap_or_default().trim(),
            now,
        )
        .await?;
    }
    wip::close_infractions(db, board.id, still_over, now).await?;
    if finishes_waiting.is_some() {
        audit::record(
            db,
            Change {
                item_kind: kind,
                item_id: row.id,
                field: FINISHED_WAITING,
                old_value: None,
                new_value: reason.map(|r| r.trim().to_owned()),
                user_id: actor.user_id,
                via: actor.via,
                at: now,
            },
        )
        .await?;
    }
    moved.loads = after;
    Ok(moved)
}

/// A move judged against the board's WIP limits.
struct Judged {
    /// The soft limits it takes over (allowed with a reason).
    breaches: Vec<crate::domain::wip::Breach>,
    /// The limits over their maximum once it is made.
    still_over: Vec<Uuid>,
    /// The board's cards once it is made.
    after: Vec<crate::domain::wip::Load>,
}

/// Judges a move into `target`, refusing it over a hard limit, or without a reason
/// over a soft one or when it finishes an item still waiting on open work. The
/// board's counts (`loads`) decide; only a move they do not allow reads the cards
/// of the columns the limits count (`wip::judge_change`), since the refusal or the
/// reason asked for names them. What is over afterwards follows from the same read.
async fn within_limits(
    db: &impl ConnectionTrait,
    (columns, limits): (&[board_column::Model], &wip::BoardLimits),
    loads: &[crate::domain::wip::Load],
    card: Uuid,
    target: &board_column::Model,
    reason: Option<&str>,
    finishes_waiting: Option<FinishesWaiting>,
) -> Result<Judged, StoreError> {
    use crate::domain::board::StateCategory;
    use crate::domain::wip::{over_limit, with_change, Load, Verdict};
    let Some(current) = loads.iter().find(|l| l.id == card) else {
        return Err(StoreError::Inconsistent {
            detail: format!("card {card} is not on the board it sits on"),
        });
    };
    let moved = Load {
        column: target.id,
        started: target.state_category == StateCategory::Started,
        ..current.clone()
    };
    let (loads, verdict) = wip::judge_change(db, (columns, limits), loads, &moved).await?;
    let explained = reason.is_some_and(|r| !r.trim().is_empty());
    let breaches = match verdict {
        Verdict::Allowed => Vec::new(),
        Verdict::NeedsReason(breaches) => breaches,
        refused => {
            return Err(wip::refusal(&refused).unwrap_or(StoreError::Inconsistent {
                detail: "a WIP verdict without a refusal".into(),
            }))
        }
    };
    if !explained && (!breaches.is_empty() || finishes_waiting.is_some()) {
        return Err(Refusal::ReasonNeeded {
            breaches,
            finishes_waiting,
        }
        .into());
    }
    let after = with_change(&loads, &moved);
    let still_over = over_limit(&limits.limits, &after, limits.measure)
        .into_iter()
        .map(|l| l.id)
        .collect();
    Ok(Judged {
        breaches,
        still_over,
        after,
    })
}

/// Whether the item `id` sits in a column of the board `board_id`.
async fn is_on_board(
    db: &impl ConnectionTrait,
    id: Uuid,
    board_id: Uuid,
) -> Result<bool, StoreError> {
    let Some(row) = item::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    Ok(board_column::Entity::find_by_id(row.column_id)
        .one(db)
        .await?
        .is_some_and(|column| column.board_id == board_id))
}

/// The rank that puts an item just above `before` in `column` (or at its bottom),
/// renumbering the column when there is no room left between two neighbours; with
/// the card it then sits above.
async fn rank_in(
    db: &impl ConnectionTrait,
    item_id: Uuid,
    column: &board_column::Model,
    before: Option<Uuid>,
) -> Result<(i64, Option<Uuid>), StoreError> {
    // Between its two neighbours, read alone: a move into a column of a thousand
    // cards need not read them all. The whole column is read only to space it out
    // or when the card to go above has left it.
    let others = || {
        item::Entity::find()
            .filter(item::Column::ColumnId.eq(column.id))
            .filter(item::Column::Id.ne(item_id))
    };
    let highest = |below: Option<i64>| {
        let mut query = others()
            .select_only()
            .column_as(item::Column::Rank.max(), "rank");
        if let Some(below) = below {
            query = query.filter(item::Column::Rank.lt(below));
        }
        query.into_tuple::<Option<i64>>().one(db)
    };
    let neighbours = match before {
        None => Some((highest(None).await?.flatten(), None, None)),
        Some(before) => {
            let rank: Option<i64> = others()
                .select_only()
                .column(item::Column::Rank)
                .filter(item::Column::Id.eq(before))
                .into_tuple()
                .one(db)
                .await?;
            match rank {
                Some(below) => Some((
                    highest(Some(below)).await?.flatten(),
                    Some(below),
                    Some(before),
                )),
                None => None,
            }
        }
    };
    if let Some((above, below, next)) = neighbours {
        if let Some(rank) = rank_between(above, below) {
            return Ok((rank, next));
        }
    }
    let siblings: Vec<(Uuid, i64)> = item::Entity::find()
        .select_only()
        .column(item::Column::Id)
        .column(item::Column::Rank)
        .filter(item::Column::ColumnId.eq(column.id))
        .filter(item::Column::Id.ne(item_id))
        .order_by_asc(item::Column::Rank)
        .into_tuple()
        .all(db)
        .await?;
    let index = match before {
        None => siblings.len(),
        Some(before) => match siblings.iter().position(|(id, _)| *id == before) {
            Some(index) => index,
            // Someone moved that card on since the page was read: the card still
            // goes to the column it was put in, at the bottom; it was never about
            // the other card.
            None if is_on_board(db, before, column.board_id).await? => siblings.len(),
            None => {
                return Err(Refusal::NeighbourLeft {
                    column: column.name.clone(),
                }
                .into())
            }
        },
    };
    let above = index.checked_sub(1).map(|i| siblings[i].1);
    let below = siblings.get(index).map(|(_, rank)| *rank);
    let next = siblings.get(index).map(|(id, _)| *id);
    if let Some(rank) = rank_between(above, below) {
        return Ok((rank, next));
    }
    // No room: space the column out again, leaving the slot at `index` free.
    for (i, (id, _)) in siblings.iter().enumerate() {
        let slot = i64::try_from(i + usize::from(i >= index) + 1).unwrap_or(i64::MAX);
        item::Entity::update_many()
            .col_expr(item::Column::Rank, Expr::value(slot * RANK_GAP))
            .filter(item::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok((
        (i64::try_from(index).unwrap_or(i64::MAX) + 1) * RANK_GAP,
        next,
    ))
}

/// The item just below `id` in its column; `None` at the bottom.
pub async fn next_in_column(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Uuid>, StoreError> {
    let item = item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that item"))?;
    Ok(item::Entity::find()
        .select_only()
        .column(item::Column::Id)
        .filter(item::Column::ColumnId.eq(item.column_id))
        .filter(item::Column::Rank.gt(item.rank))
        .order_by_asc(item::Column::Rank)
        .into_tuple()
        .one(db)
        .await?)
}

/// The rank at the bottom of `column`, for a new item.
pub async fn bottom_rank(db: &impl ConnectionTrait, column_id: Uuid) -> Result<i64, StoreError> {
    let bottom: Option<Option<i64>> = item::Entity::find()
        .select_only()
        .column_as(item::Column::Rank.max(), "bottom")
        .filter(item::Column::ColumnId.eq(column_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(rank_between(bottom.flatten(), None).unwrap_or(i64::MAX))
}

/// Records that an item arrived in `to` (from `from`, or newly created): the
/// transition flow metrics read, and the audit row people read.
pub async fn record_arrival(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    item_id: Uuid,
    from: Option<&board_column::Model>,
    to: &board_column::Model,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    transition::ActiveModel {
        id: Set(Uuid::new_v4()),
        item_kind: Set(kind),
        item_id: Set(item_id),
        from_column_id: Set(from.map(|c| c.id)),
        to_column_id: Set(to.id),
        at: Set(now),
        by: Set(actor.user_id.to_string()),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Change {
            item_kind: kind,
            item_id,
            field: if from.is_some() { "column" } else { "created" },
            old_value: from.map(|c| c.name.clone()),
            new_value: Some(to.name.clone()),
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await
}

/// The ids of an item's children (features of an epic, work items of a feature).
pub async fn children(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    let Some(child_kind) = child_kind(kind) else {
        return Ok(Vec::new());
    };
    Ok(item::Entity::find()
        .select_only()
        .column(item::Column::Id)
        .filter(item::Column::Kind.eq(child_kind))
        .filter(item::Column::ParentId.eq(id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The planning kind right below `kind`, if it has one on a board.
pub fn child_kind(kind: ItemKind) -> Option<ItemKind> {
    match kind {
        ItemKind::Epic => Some(ItemKind::Feature),
        ItemKind::Feature => Some(ItemKind::WorkItem),
        _ => None,
    }
}

/// Points every child of `from` at `to` instead (both of the same kind).
pub async fn reparent_children(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    from: Uuid,
    to: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(child_kind) = child_kind(kind) else {
        return Ok(());
    };
    item::Entity::update_many()
        .col_expr(item::Column::ParentId, Expr::value(to))
        .col_expr(item::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
        .filter(item::Column::Kind.eq(child_kind))
        .filter(item::Column::ParentId.eq(from))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes one item (an epic's case with it), and its transitions: its flow
/// history goes with it.
pub async fn delete_row(db: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    transition::Entity::delete_many()
        .filter(transition::Column::ItemId.eq(id))
        .exec(db)
        .await?;
    epic_case::Entity::delete_by_id(id).exec(db).await?;
    item::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
