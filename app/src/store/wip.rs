//! WIP limits as stored, the load on them, and the infractions of soft limits.
//! The rule itself is `domain::wip`; this module feeds it a board as it is now.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::editable::Counted;
use super::error::{Refusal, StoreError};
use super::json_list::{self, Fields};
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::hierarchy::ItemKind;
use crate::domain::wip::{check_change, Breach, Limit, Load, Measure, Scope, ScopeKind, Verdict};
use crate::entities::{board, board_column, column_load, item, wip_infraction, wip_limit};

/// A board's limits and what they count.
#[derive(Debug)]
pub struct BoardLimits {
    pub measure: Measure,
    pub limits: Vec<Limit>,
}

/// Takes the board's write lock for the rest of the transaction: moves on one board
/// then happen one after another, so a limit check cannot interleave with another
/// move (SQLite: the first write takes the database's write lock; PostgreSQL: the
/// board's row lock). Run it first in the transaction.
pub async fn lock_board(db: &impl ConnectionTrait, board_id: Uuid) -> Result<(), StoreError> {
    lock(db, board::Column::Id.eq(board_id)).await.map(drop)
}

/// [`lock_board`] of the board `which` picks, answering it as locked (the lock's
/// statement returns it: one round trip, not two).
async fn lock(
    db: &impl ConnectionTrait,
    which: impl sea_orm::sea_query::IntoCondition,
) -> Result<Option<board::Model>, StoreError> {
    Ok(board::Entity::update_many()
        .col_expr(board::Column::Version, Expr::col(board::Column::Version))
        .filter(which)
        .exec_with_returning(db)
        .await?
        .into_iter()
        .next())
}

/// A transaction holding the board's lock, taken before anything is read in it.
pub async fn begin_locked(
    db: &sea_orm::DatabaseConnection,
    board_id: Uuid,
) -> Result<super::Writing, StoreError> {
    let txn = super::begin_writing(db).await?;
    lock_board(&txn, board_id).await?;
    Ok(txn)
}

/// [`begin_locked`], answering the board as locked.
pub async fn begin_locked_board(
    db: &sea_orm::DatabaseConnection,
    board_id: Uuid,
) -> Result<(super::Writing, board::Model), StoreError> {
    let txn = super::begin_writing(db).await?;
    let board = lock(&txn, board::Column::Id.eq(board_id))
        .await?
        .ok_or_else(|| StoreError::not_found("that board"))?;
    Ok((txn, board))
}

/// [`begin_locked_board`] of the board the item `id` of `kind` sits on, found by
/// the lock's own statement.
pub async fn begin_locked_for_item(
    db: &sea_orm::DatabaseConnection,
    kind: ItemKind,
    id: Uuid,
) -> Result<(super::Writing, board::Model), StoreError> {
    let txn = super::begin_writing(db).await?;
    let board = lock(
        &txn,
        board::Column::Id.in_subquery(super::items::board_of(kind, id)),
    )
    .await?
    .ok_or_else(|| StoreError::not_found(kind.that()))?;
    Ok((txn, board))
}

/// Turns a stored limit into the domain's, if its columns still exist on the board.
fn limit(row: &wip_limit::Model, columns: &[board_column::Model]) -> Option<Limit> {
    let position = |id: Option<Uuid>| columns.iter().position(|c| Some(c.id) == id);
    let kind = row.scope;
    let (scope, label) = match kind {
        ScopeKind::Column => {
            let column = &columns[position(row.column_id)?];
            (Scope::Column(column.id), column.name.clone())
        }
        ScopeKind::Lane => {
            let column = &columns[position(row.column_id)?];
            let class = row.class_of_service?;
            (
                Scope::Lane(column.id, class),
                format!("{} in {}", class.label(), column.name),
            )
        }
        ScopeKind::Person => {
            let person = row.person.clone()?;
            (Scope::Person(person.clone()), person)
        }
        ScopeKind::Group => {
            let (first, last) = (position(row.column_id)?, position(row.last_column_id)?);
            let group = &columns[first.min(last)..=first.max(last)];
            (
                Scope::Group(group.iter().map(|c| c.id).collect()),
                group
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            )
        }
    };
    Some(Limit {
        id: row.id,
        scope,
        max: u32::try_from(row.max).ok()?,
        enforcement: row.enforcement,
        label,
    })
}

pub async fn limits_of(
    db: &impl ConnectionTrait,
    board: &board::Model,
    columns: &[board_column::Model],
) -> Result<BoardLimits, StoreError> {
    let rows = limit_rows(db, board.id).await?;
    Ok(BoardLimits {
        measure: board.wip_measure,
        limits: rows.iter().filter_map(|row| limit(row, columns)).collect(),
    })
}

/// The board's limits as stored, oldest first.
pub async fn limit_rows(
    db: &impl ConnectionTrait,
    board_id: Uuid,
) -> Result<Vec<wip_limit::Model>, StoreError> {
    Ok(wip_limit::Entity::find()
        .filter(wip_limit::Column::BoardId.eq(board_id))
        .order_by_asc(wip_limit::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The board's cards as the limits count them, but `except` (the card a move
/// is about, read on its own): counted per column, class of service and holder,
/// so the rows read are the board's groups, not its cards. The database keeps
/// those counts on every write (`column_loads`, migration 22), so reading them
/// costs the same on a board of thirty cards or of years of finished ones. The
/// counts decide a change; what a refusal says (the cards in the limit) needs
/// [`judge_change`].
pub async fn counted_loads(
    db: &impl ConnectionTrait,
    columns: &[board_column::Model],
    except: Option<&item::Model>,
) -> Result<Vec<Load>, StoreError> {
    use sea_orm::QuerySelect;
    let groups: Vec<CountedGroup> = column_load::Entity::find()
        .select_only()
        .column(column_load::Column::ColumnId)
        .column_as(
            Expr::cust("NULLIF(class_of_service, '')"),
            "class_of_service",
        )
        .column_as(Expr::cust("NULLIF(holder, '')"), "holder")
        .column(column_load::Column::Cards)
        .column(column_load::Column::TotalSize)
        .filter(column_load::Column::ColumnId.is_in(columns.iter().map(|c| c.id)))
        .filter(column_load::Column::Cards.gt(0))
        .into_tuple()
        .all(db)
        .await?;
    let started = |column: Uuid| in_started_column(columns, column);
    let mut loads: Vec<Load> = groups
        .into_iter()
        .map(|(column, class_of_service, holder, cards, total)| Load {
            id: Uuid::nil(),
            title: String::new(),
            column,
            class_of_service,
            assignee: holder,
            size: u32::try_from(total).ok(),
            cards: u32::try_from(cards).unwrap_or(u32::MAX),
            started: started(column),
        })
        .collect();
    if let Some(card) = except {
        let card = super::editable::wip_load(card, started(card.column_id));
        take_out_of_its_group(&mut loads, &card);
        loads.push(card);
    }
    loads.retain(|load| load.cards > 0);
    Ok(loads)
}

/// Takes `card` out of the group counted with it ('' and no holder are one group
/// to the database).
fn take_out_of_its_group(groups: &mut [Load], card: &Load) {
    let holder = |load: &Load| load.assignee.clone().filter(|h| !h.is_empty());
    let group = groups.iter_mut().find(|group| {
        (group.column, group.class_of_service, holder(group))
            == (card.column, card.class_of_service, holder(card))
    });
    if let Some(group) = group {
        group.cards = group.cards.saturating_sub(1);
        group.size = group
            .size
            .map(|total| total.saturating_sub(card.size.unwrap_or(0)));
    }
}

/// Whether `column` is one of `columns` whose state category is "started".
fn in_started_column(columns: &[board_column::Model], column: Uuid) -> bool {
    columns
        .iter()
        .any(|c| c.id == column && c.state_category == StateCategory::Started)
}

/// One group of [`counted_loads`]: its column, class of service and holder, how
/// many cards it holds and their total size.
type CountedGroup = (
    Uuid,
    Option<crate::domain::hierarchy::ClassOfService>,
    Option<String>,
    i64,
    i64,
);

/// Judges `changed` (a card moved, edited or new) against the board's `limits`
/// from its `counted` groups ([`counted_loads`], with the card on its own when it
/// is already on the board). A verdict other than allowed is judged again on the
/// cards of the columns the limits count, read one by one, since a refusal or the
/// reason asked for names the cards in the limit; the years of finished work no
/// limit counts are not read either way. Answers the cards judged and the verdict.
pub async fn judge_change<'a>(
    db: &impl ConnectionTrait,
    (columns, limits): (&[board_column::Model], &BoardLimits),
    counted: &'a [Load],
    changed: &Load,
) -> Result<(Cow<'a, [Load]>, Verdict), StoreError> {
    let verdict = check_change(&limits.limits, counted, changed, limits.measure);
    if verdict == Verdict::Allowed {
        return Ok((Cow::Borrowed(counted), verdict));
    }
    let named = naming_limited_cards(db, (columns, &limits.limits), counted, changed.id).await?;
    let verdict = check_change(&limits.limits, &named, changed, limits.measure);
    Ok((Cow::Owned(named), verdict))
}

/// The board (`columns`) with the cards of the columns `limits` count one by one
/// (each with its title) and the rest as `counted` groups them, `card` on its own.
async fn naming_limited_cards(
    db: &impl ConnectionTrait,
    (columns, limits): (&[board_column::Model], &[Limit]),
    counted: &[Load],
    card: Uuid,
) -> Result<Vec<Load>, StoreError> {
    let kinds: Vec<(Uuid, bool)> = columns
        .iter()
        .map(|c| (c.id, c.state_category == StateCategory::Started))
        .collect();
    let limited = crate::domain::wip::limited_columns(limits, &kinds);
    let cards = Condition::all()
        .add(item::Column::ColumnId.is_in(limited.iter().copied()))
        .add(item::Column::Id.ne(card));
    let mut named = read_loads(db, columns, cards).await?;
    named.extend(
        counted
            .iter()
            .filter(|load| load.id == card || !limited.contains(&load.column))
            .cloned(),
    );
    Ok(named)
}

/// The cards `which` picks of a board of `columns`, as the limits see them, read
/// as one JSON list (`json_list`): thousands of cards read row by row cost tens of
/// milliseconds inside the board's lock.
async fn read_loads(
    db: &impl ConnectionTrait,
    columns: &[board_column::Model],
    which: Condition,
) -> Result<Vec<Load>, StoreError> {
    const FIELDS: Fields = Fields {
        sqlite: "hex(id), kind, hex(column_id), title, class_of_service, owner, assignee, size",
        postgres: "id, kind, column_id, title, class_of_service, owner, assignee, size",
    };
    let query = item::Entity::find().filter(which);
    let rows: Vec<CountedRow> = json_list::read(db, query, &FIELDS, "", "a board's cards").await?;
    let started = |column: Uuid| in_started_column(columns, column);
    rows.into_iter()
        .map(|row| {
            let counted = row.counted()?;
            let started = started(counted.column_id);
            Ok(counted.load(started))
        })
        .collect()
}

/// One card of [`read_loads`]'s list: ids as `json_list` reads them, the closed
/// sets by their keys.
#[derive(serde::Deserialize)]
struct CountedRow(
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
);

impl CountedRow {
    fn counted(self) -> Result<Counted, StoreError> {
        let CountedRow(id, kind, column_id, title, class_of_service, owner, assignee, size) = self;
        Ok(Counted {
            id: json_list::id(&id)?,
            kind: json_list::parsed("a card's kind", &kind)?,
            column_id: json_list::id(&column_id)?,
            title,
            class_of_service: class_of_service
                .map(|key| json_list::parsed("a card's class of service", &key))
                .transpose()?,
            owner,
            assignee,
            size,
        })
    }
}

/// Records each soft limit a move took over, with the mover's reason.
#[allow(clippy::too_many_arguments)]
pub async fn record_infractions(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    breaches: &[Breach],
    (kind, item_id, title): (ItemKind, Uuid, &str),
    user_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for breach in breaches {
        wip_infraction::ActiveModel {
            id: Set(Uuid::new_v4()),
            limit_id: Set(Some(breach.limit_id)),
            board_id: Set(board_id),
            label: Set(breach.label.clone()),
            max: Set(breach.max as i32),
            load: Set(breach.load as i32),
            item_kind: Set(kind),
            item_id: Set(item_id),
            item_title: Set(title.to_owned()),
            user_id: Set(Some(user_id)),
            reason: Set(reason.to_owned()),
            at: Set(now),
            resolved_at: Set(None),
        }
        .insert(db)
        .await?;
    }
    if !breaches.is_empty() {
        let team = board::Entity::find_by_id(board_id)
            .one(db)
            .await?
            .and_then(|board| board.team_id);
        let data = serde_json::json!({
            "item": { "id": item_id, "kind": kind.key(), "title": title },
            "board_id": board_id,
            "limits": breaches,
            "reason": reason,
        });
        let occurrence = super::webhooks::Occurrence {
            event: crate::domain::webhook::EventType::WipLimitExceeded,
            team,
            data,
            at: now,
        };
        super::webhooks::enqueue(db, [occurrence]).await?;
    }
    Ok(())
}

/// Closes the open infractions of every limit of the board that is no longer over,
/// counted as it is now from the loads the database keeps (`counted_loads`).
pub async fn resolve_infractions(
    db: &impl ConnectionTrait,
    board: &board::Model,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let columns = super::items::columns_of(db, board.id).await?;
    let BoardLimits { measure, limits } = limits_of(db, board, &columns).await?;
    let loads = counted_loads(db, &columns, None).await?;
    let still_over: Vec<Uuid> = crate::domain::wip::over_limit(&limits, &loads, measure)
        .into_iter()
        .map(|l| l.id)
        .collect();
    close_infractions(db, board.id, still_over, now).await
}

/// Closes the board's open infractions except those of the limits `still_over`.
/// Found limit by limit (an index on board, resolution and limit, migration 26):
/// a board kept over its soft limits gathers thousands of open infractions, and
/// a move must not walk them all. An infraction's limit is always stored, since
/// removing a limit closes its infractions first ([`remove_limit`]).
pub async fn close_infractions(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    still_over: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    use sea_orm::{QuerySelect, QueryTrait};
    let not_over = wip_limit::Entity::find()
        .select_only()
        .column(wip_limit::Column::Id)
        .filter(wip_limit::Column::BoardId.eq(board_id))
        .filter(wip_limit::Column::Id.is_not_in(still_over))
        .into_query();
    close_open(
        db,
        board_id,
        wip_infraction::Column::LimitId.in_subquery(not_over),
        now,
    )
    .await
}

/// Marks the board's open infractions of the limits `of_limits` picks back within
/// their limit at `now`.
async fn close_open(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    of_limits: impl sea_orm::sea_query::IntoCondition,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    wip_infraction::Entity::update_many()
        .col_expr(wip_infraction::Column::ResolvedAt, Expr::value(now))
        .filter(wip_infraction::Column::BoardId.eq(board_id))
        .filter(wip_infraction::Column::ResolvedAt.is_null())
        .filter(of_limits)
        .exec(db)
        .await?;
    Ok(())
}

/// What a refused or unexplained move answers.
pub fn refusal(verdict: &crate::domain::wip::Verdict) -> Option<StoreError> {
    match verdict {
        Verdict::Allowed => None,
        Verdict::Refused(breach) => Some(Refusal::HardLimit(breach.clone()).into()),
        Verdict::NeedsReason(breaches) => Some(
            Refusal::ReasonNeeded {
                breaches: breaches.clone(),
                finishes_waiting: None,
            }
            .into(),
        ),
    }
}

/// A limit as its form shows it, for changing some of its fields.
pub fn form_of(row: &wip_limit::Model) -> crate::domain::wip::LimitForm {
    let text = |value: Option<String>| value.unwrap_or_default();
    crate::domain::wip::LimitForm {
        kind: row.scope.key().to_owned(),
        column_id: text(row.column_id.map(|c| c.to_string())),
        last_column_id: text(row.last_column_id.map(|c| c.to_string())),
        class_of_service: text(row.class_of_service.map(|c| c.key().to_owned())),
        person: text(row.person.clone()),
        max: row.max.to_string(),
        enforcement: row.enforcement.key().to_owned(),
    }
}

/// Adds a limit to a board, or changes one (if still at `version`), after checking
/// its columns are the board's. The board's open infractions are re-judged.
pub async fn save_limit(
    db: &impl ConnectionTrait,
    board: &board::Model,
    existing: Option<(Uuid, i32)>,
    draft: crate::domain::wip::LimitDraft,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let columns = super::items::columns_of(db, board.id).await?;
    for (field, column) in [
        ("column_id", draft.column),
        ("last_column_id", draft.last_column),
    ] {
        if let Some(column) = column {
            if !columns.iter().any(|c| c.id == column) {
                return Err(Refusal::LimitColumnElsewhere {
                    field,
                    board: board.name.clone(),
                }
                .into());
            }
        }
    }
    let values = |mut row: wip_limit::ActiveModel| {
        row.scope = Set(draft.kind);
        row.column_id = Set(draft.column);
        row.last_column_id = Set(draft.last_column);
        row.class_of_service = Set(draft.class_of_service);
        row.person = Set(draft.person.clone());
        row.max = Set(draft.max as i32);
        row.enforcement = Set(draft.enforcement);
        row.updated_at = Set(now);
        row
    };
    // One limit per scope: adding a second is refused, naming the first (change
    // that one instead), never taken as an edit of it.
    if existing.is_none() {
        if let Some((id, _)) = same_scope(db, board.id, &draft).await? {
            let limits = limits_of(db, board, &columns).await?;
            let label = limits
                .limits
                .into_iter()
                .find(|limit| limit.id == id)
                .map(|limit| limit.label)
                .unwrap_or_default();
            return Err(Refusal::LimitExists { label }.into());
        }
    }
    let id = match existing {
        None => {
            let id = Uuid::new_v4();
            values(wip_limit::ActiveModel {
                id: Set(id),
                board_id: Set(board.id),
                created_at: Set(now),
                version: Set(1),
                ..Default::default()
            })
            .insert(db)
            .await?;
            id
        }
        Some((id, version)) => {
            let mut row = values(<wip_limit::ActiveModel as Default>::default());
            row.version = Set(version + 1);
            let written = wip_limit::Entity::update_many()
                .set(row)
                .filter(wip_limit::Column::Id.eq(id))
                .filter(wip_limit::Column::BoardId.eq(board.id))
                .filter(wip_limit::Column::Version.eq(version))
                .exec(db)
                .await?;
            if written.rows_affected == 0 {
                return Err(StoreError::Stale {
                    what: "that limit".into(),
                });
            }
            id
        }
    };
    resolve_infractions(db, board, now).await?;
    Ok(id)
}

/// The board's limit covering exactly what `draft` covers, as (id, version).
async fn same_scope(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    draft: &crate::domain::wip::LimitDraft,
) -> Result<Option<(Uuid, i32)>, StoreError> {
    let found = wip_limit::Entity::find()
        .filter(wip_limit::Column::BoardId.eq(board_id))
        .filter(wip_limit::Column::Scope.eq(draft.kind.key()))
        .all(db)
        .await?
        .into_iter()
        .find(|row| {
            row.column_id == draft.column
                && row.last_column_id == draft.last_column
                && row.class_of_service == draft.class_of_service
                && row.person.as_deref().map(str::to_lowercase)
                    == draft.person.as_deref().map(str::to_lowercase)
        });
    Ok(found.map(|row| (row.id, row.version)))
}

pub async fn remove_limit(
    db: &impl ConnectionTrait,
    board: &board::Model,
    limit_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // Its open infractions end with it: closed while they still name it (the
    // database forgets the limit they name as it goes).
    close_open(
        db,
        board.id,
        wip_infraction::Column::LimitId.eq(limit_id),
        now,
    )
    .await?;
    let removed = wip_limit::Entity::delete_many()
        .filter(wip_limit::Column::Id.eq(limit_id))
        .filter(wip_limit::Column::BoardId.eq(board.id))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(StoreError::not_found("that WIP limit"));
    }
    Ok(())
}

pub async fn set_measure(
    db: &impl ConnectionTrait,
    board: &board::Model,
    measure: Measure,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    board::Entity::update_many()
        .set(board::ActiveModel {
            wip_measure: Set(measure),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(board::Column::Id.eq(board.id))
        .exec(db)
        .await?;
    let mut changed = board.clone();
    changed.wip_measure = measure;
    resolve_infractions(db, &changed, now).await
}

/// Every infraction, newest first (at most `limit`), with the board's name and the
/// mover's display name.
pub async fn infractions(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<(wip_infraction::Model, String, Option<String>)>, StoreError> {
    use sea_orm::QuerySelect;
    let rows = wip_infraction::Entity::find()
        .order_by_desc(wip_infraction::Column::At)
        .limit(limit)
        .all(db)
        .await?;
    let boards: std::collections::HashMap<Uuid, String> = board::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let users = super::users::names_of(db, rows.iter().filter_map(|r| r.user_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let board = boards.get(&row.board_id).cloned().unwrap_or_default();
            let who = row.user_id.and_then(|id| users.get(&id).cloned());
            (row, board, who)
        })
        .collect())
}

/// Refuses a new or edited card the board's hard limits cannot hold (a card
/// reassigned to someone at their limit, a new card in a full first column): the
/// card as it `was` (none when new) and as it is `changed`. Soft limits ask for a
/// reason only when a card is moved.
pub async fn check_hard(
    db: &impl ConnectionTrait,
    column: &board_column::Model,
    was: Option<&item::Model>,
    changed: Load,
) -> Result<(), StoreError> {
    let board = board::Entity::find_by_id(column.board_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that column's board"))?;
    let columns = super::items::columns_of(db, board.id).await?;
    let limits = limits_of(db, &board, &columns).await?;
    let counted = counted_loads(db, &columns, was).await?;
    match judge_change(db, (&columns, &limits), &counted, &changed)
        .await?
        .1
    {
        Verdict::Refused(breach) => Err(Refusal::HardLimit(breach).into()),
        Verdict::Allowed | Verdict::NeedsReason(_) => Ok(()),
    }
}

/// A team's board.
pub async fn board_of_team(
    db: &impl ConnectionTrait,
    team_id: Uuid,
) -> Result<board::Model, StoreError> {
    board::Entity::find()
        .filter(board::Column::TeamId.eq(team_id))
        .filter(board::Column::Kind.eq(BoardKind::Team.key()))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that team's board"))
}
