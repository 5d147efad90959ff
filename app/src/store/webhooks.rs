//! Webhook subscriptions, and the outbox of their deliveries: [`enqueue`] writes
//! one row per subscriber inside the transaction of the change it tells of, so the
//! change and its news commit or vanish together; workers on any replica
//! [`claim`] due rows under a lease (one worker sends each) and [`record`] how
//! the try went.

use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::webhook::{self, DeliveryState, EventType, Subscription};
use crate::entities::{board_column, item, webhook_delivery, webhook_subscription};
use crate::security::token;

/// What a secret starts with, so one found in a log or a repository is known.
const SECRET_PREFIX: &str = "whsec_";

/// Something that happened, to tell the subscribers who asked for it.
pub struct Occurrence {
    pub event: EventType,
    /// The team it is about: a team's subscriptions hear only of their team.
    pub team: Option<Uuid>,
    /// What the event's `data` says.
    pub data: Value,
    pub at: DateTime<Utc>,
}

/// Rows inserted by one statement (13 values each, well under SQLite's limit).
const INSERTED_AT_ONCE: usize = 500;

/// Writes a delivery for every subscription that asked for each of
/// `occurrences`, in the caller's transaction, the subscriptions read once for
/// all of them (a batch of telemetry is one read, not one per item); answers how
/// many.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    occurrences: impl IntoIterator<Item = Occurrence>,
) -> Result<usize, StoreError> {
    let occurrences: Vec<Occurrence> = occurrences.into_iter().collect();
    if occurrences.is_empty() {
        return Ok(0);
    }
    let subscriptions: Vec<(Uuid, Option<Uuid>, Vec<EventType>)> =
        webhook_subscription::Entity::find()
            .all(db)
            .await?
            .iter()
            .map(|subscription| {
                (
                    subscription.id,
                    subscription.team_id,
                    events_of(subscription),
                )
            })
            .collect();
    let mut rows = Vec::new();
    for occurrence in &occurrences {
        for (subscription, team, events) in &subscriptions {
            let in_scope = team.is_none() || *team == occurrence.team;
            if in_scope && events.contains(&occurrence.event) {
                rows.push(delivery(*subscription, occurrence));
            }
        }
    }
    for chunk in rows.chunks(INSERTED_AT_ONCE) {
        webhook_delivery::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(rows.len())
}

/// The delivery of `occurrence` to `subscription`, due at once.
fn delivery(subscription: Uuid, occurrence: &Occurrence) -> webhook_delivery::ActiveModel {
    let id = Uuid::new_v4();
    let payload = json!({
        "id": id,
        "type": occurrence.event.key(),
        "occurred_at": occurrence.at,
        "team_id": occurrence.team,
        "data": occurrence.data,
    });
    webhook_delivery::ActiveModel {
        id: Set(id),
        subscription_id: Set(subscription),
        event_type: Set(occurrence.event.key().to_owned()),
        payload: Set(payload.to_string()),
        state: Set(DeliveryState::Pending.key().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(occurrence.at),
        leased_until: Set(None),
        response_status: Set(None),
        failure: Set(None),
        created_at: Set(occurrence.at),
        finished_at: Set(None),
    }
}

/// An item as its events tell of it (the API's `GET /items/{id}` has every field),
/// read in the caller's transaction: as the change leaves it.
pub async fn item_brief(db: &impl ConnectionTrait, item_id: Uuid) -> Result<Value, StoreError> {
    let located = super::item_query::one(db, item_id).await?;
    Ok(brief(&located.item, &located.column))
}

/// An item in `column` as an event's data names it.
pub fn brief(item: &item::Model, column: &board_column::Model) -> Value {
    json!({
        "id": item.id,
        "kind": item.kind.key(),
        "title": item.title,
        "board_id": column.board_id,
        "column_id": column.id,
        "column": column.name,
        "state": column.state_category.key(),
        "parent_id": item.parent_id,
        "assignee": item.assignee,
        "version": item.version,
        "updated_at": item.updated_at,
    })
}

/// A column as a move's event names it.
pub fn column_brief(column: &board_column::Model) -> Value {
    json!({ "id": column.id, "name": column.name, "state": column.state_category.key() })
}

/// The events a subscription asked for (keys this release no longer knows are
/// skipped).
pub fn events_of(subscription: &webhook_subscription::Model) -> Vec<EventType> {
    subscription
        .event_types
        .split(',')
        .filter_map(|key| key.parse().ok())
        .collect()
}

/// Subscribes `subscription.url`; answers the row and its secret, which the caller
/// shows once.
pub async fn subscribe(
    db: &impl ConnectionTrait,
    subscription: Subscription,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<(webhook_subscription::Model, String), StoreError> {
    if let Some(team) = subscription.team {
        crate::entities::team::Entity::find_by_id(team)
            .one(db)
            .await?
            .ok_or_else(|| StoreError::not_found("that team"))?;
    }
    let secret = token::generate().map_err(|e| StoreError::Inconsistent {
        detail: e.to_string(),
    })?;
    let secret = format!("{SECRET_PREFIX}{secret}");
    let row = webhook_subscription::ActiveModel {
        id: Set(Uuid::new_v4()),
        url: Set(subscription.url),
        secret: Set(secret.clone()),
        event_types: Set(subscription
            .events
            .iter()
            .map(|event| event.key())
            .collect::<Vec<_>>()
            .join(",")),
        team_id: Set(subscription.team),
        created_by: Set(created_by),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok((row, secret))
}

/// The subscriptions one sees: every one (`teams` is `None`), or those of these
/// teams; oldest first.
pub async fn subscriptions(
    db: &impl ConnectionTrait,
    teams: Option<&[Uuid]>,
) -> Result<Vec<webhook_subscription::Model>, StoreError> {
    let mut query =
        webhook_subscription::Entity::find().order_by_asc(webhook_subscription::Column::CreatedAt);
    if let Some(teams) = teams {
        query = query.filter(webhook_subscription::Column::TeamId.is_in(teams.iter().copied()));
    }
    Ok(query.all(db).await?)
}

pub async fn subscription(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<webhook_subscription::Model, StoreError> {
    webhook_subscription::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that webhook subscription"))
}

/// Ends a subscription; its deliveries go with it, sent or not.
pub async fn unsubscribe(db: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    webhook_subscription::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    Ok(())
}

/// A subscription's latest deliveries, newest first.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    subscription_id: Uuid,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, StoreError> {
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::SubscriptionId.eq(subscription_id))
        .order_by_desc(webhook_delivery::Column::CreatedAt)
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Sends a delivery of `subscription_id` again, as soon as a worker is free, with
/// its tries counted afresh. A try under way when this is asked finishes unheard:
/// its lease no longer matches.
pub async fn redeliver(
    db: &impl ConnectionTrait,
    subscription_id: Uuid,
    delivery_id: Uuid,
    now: DateTime<Utc>,
) -> Result<webhook_delivery::Model, StoreError> {
    let found = webhook_delivery::Entity::find_by_id(delivery_id)
        .filter(webhook_delivery::Column::SubscriptionId.eq(subscription_id))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that delivery"))?;
    let mut again: webhook_delivery::ActiveModel = found.into();
    again.state = Set(DeliveryState::Pending.key().to_owned());
    again.attempts = Set(0);
    again.next_attempt_at = Set(now);
    again.leased_until = Set(None);
    again.finished_at = Set(None);
    Ok(again.update(db).await?)
}

/// A delivery a worker holds, with where it goes and how it is signed.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: webhook_delivery::Model,
    pub url: String,
    pub secret: String,
    /// The lease's end, which also names this worker's claim.
    pub lease: DateTime<Utc>,
}

/// Pending deliveries whose time has come and that no worker holds.
fn due_at(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(webhook_delivery::Column::State.eq(DeliveryState::Pending.key()))
        .add(webhook_delivery::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(webhook_delivery::Column::LeasedUntil.is_null())
                .add(webhook_delivery::Column::LeasedUntil.lt(now)),
        )
}

/// Whether any delivery is due: read without taking the writer's turn, so a
/// worker woken by every change on every board claims only when there is work.
pub async fn any_due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let first: Option<Uuid> = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(due_at(now))
        .into_tuple()
        .one(db)
        .await?;
    Ok(first.is_some())
}

/// Takes up to `limit` due deliveries for `lease`: each row is taken by a
/// conditional update that only one worker's can match, so with many replicas
/// each delivery is sent by one of them (by another once a lease runs out
/// unrecorded: its worker died).
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Claimed>, StoreError> {
    let due = || due_at(now);
    let candidates = webhook_delivery::Entity::find()
        .filter(due())
        .order_by_asc(webhook_delivery::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    // Whole milliseconds: PostgreSQL keeps microseconds, and the lease is matched
    // exactly when the try is recorded.
    let until = (now + lease)
        .duration_trunc(Duration::milliseconds(1))
        .unwrap_or(now + lease);
    let mut claimed = Vec::with_capacity(candidates.len());
    for delivery in candidates {
        let taken = webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::LeasedUntil, Expr::value(until))
            .filter(webhook_delivery::Column::Id.eq(delivery.id))
            .filter(due())
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            claimed.push(delivery);
        }
    }
    let subscriptions = webhook_subscription::Entity::find()
        .filter(
            webhook_subscription::Column::Id
                .is_in(claimed.iter().map(|delivery| delivery.subscription_id)),
        )
        .all(db)
        .await?;
    Ok(claimed
        .into_iter()
        .filter_map(|delivery| {
            let subscription = subscriptions
                .iter()
                .find(|s| s.id == delivery.subscription_id)?;
            Some(Claimed {
                url: subscription.url.clone(),
                secret: subscription.secret.clone(),
                lease: until,
                delivery,
            })
        })
        .collect())
}

/// How a try went.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    /// Why it failed, when it did (no answer, or a status that is not 2xx).
    pub failure: Option<String>,
}

/// Records a try of a claimed delivery: delivered on a 2xx, else due again after
/// the backoff (`first_retry`, doubling) or given up after the last try. Answers
/// the state it is left in; `None` when the claim was no longer this worker's
/// (redelivered meanwhile).
pub async fn record(
    db: &impl ConnectionTrait,
    claimed: &Claimed,
    attempt: Attempt,
    first_retry: Duration,
    now: DateTime<Utc>,
) -> Result<Option<DeliveryState>, StoreError> {
    let attempts = claimed.delivery.attempts + 1;
    let delivered = attempt.status.is_some_and(webhook::accepted);
    let (state, next) = match (delivered, webhook::retry_after(attempts, first_retry)) {
        (true, _) => (DeliveryState::Delivered, now),
        (false, Some(wait)) => (DeliveryState::Pending, now + wait),
        (false, None) => (DeliveryState::Failed, now),
    };
    let finished = (state != DeliveryState::Pending).then_some(now);
    use webhook_delivery::Column;
    let written = webhook_delivery::Entity::update_many()
        .col_expr(Column::State, Expr::value(state.key()))
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            Column::LeasedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            Column::ResponseStatus,
            Expr::value(attempt.status.map(i32::from)),
        )
        .col_expr(Column::Failure, Expr::value(attempt.failure))
        .col_expr(Column::FinishedAt, Expr::value(finished))
        .filter(Column::Id.eq(claimed.delivery.id))
        .filter(Column::LeasedUntil.eq(claimed.lease))
        .exec(db)
        .await?;
    Ok((written.rows_affected == 1).then_some(state))
}

/// Deletes the deliveries that finished (delivered or given up) before `before`;
/// answers how many. Pending ones stay, however old.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, StoreError> {
    let pruned = webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::State.ne(DeliveryState::Pending.key()))
        .filter(webhook_delivery::Column::FinishedAt.lt(before))
        .exec(db)
        .await?;
    Ok(pruned.rows_affected)
}

/// How many deliveries are in each state (for the benchmark and tests' waits).
pub async fn count_in(db: &impl ConnectionTrait, state: DeliveryState) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::State.eq(state.key()))
        .count(db)
        .await?)
}
