//! Live events: every change to a board, and every change to outcome metrics,
//! stored in order for the browsers that follow it, and the hub that wakes their
//! streams when there is news.
//!
//! The table is the one source of truth, shared by every server process: events
//! are read by id, after the last one read, so a wake-up may be lost or doubled
//! without losing or doubling an event. On SQLite (one process) the hub is woken
//! in process; on PostgreSQL each process listens on [`CHANNEL`] and the insert's
//! transaction notifies it, so a change made on any replica reaches every one.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use super::error::StoreError;
use crate::entities::live_event;

/// The PostgreSQL channel on which every process hears of new events.
pub const CHANNEL: &str = "throughline_board_events";

/// How long events are kept for browsers that reconnect; one that was away longer
/// reads its board again.
const RETENTION: Duration = Duration::hours(1);

/// Pruning is occasional: after every this many events.
const PRUNE_EVERY: i64 = 256;

/// This process's news of board events: woken when events are stored (in process
/// on SQLite, by the PostgreSQL listener otherwise), it has one relay read them
/// once and hand them to every stream, so a change costs one read however many
/// browsers follow. Cheap to clone; every clone is the same hub.
#[derive(Clone, Debug)]
pub struct EventHub {
    wakes: Arc<watch::Sender<Wake>>,
    relayed: broadcast::Sender<StoredEvent>,
}

/// What wakes the relay and the streams: counters that only grow, and whether
/// the server is closing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wake {
    /// Events were stored.
    pub news: u64,
    /// Sessions ended: streams check theirs.
    pub sessions_ended: u64,
    pub closing: bool,
}

/// What an event is about: what a browser follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Cards, columns and limits of one board.
    Board(Uuid),
    /// Every board's (followed only: each event is about one board).
    Boards,
    /// Outcome metrics: their definitions and measurements.
    Metrics,
}

const BOARD_PREFIX: &str = "board:";

impl Topic {
    /// As stored; for [`Topic::Boards`], what every board's key starts with.
    pub fn key(self) -> String {
        match self {
            Topic::Board(id) => format!("{BOARD_PREFIX}{id}"),
            Topic::Boards => BOARD_PREFIX.to_owned(),
            Topic::Metrics => "metrics".to_owned(),
        }
    }

    /// Whether an event stored under `key` is about this topic.
    pub fn covers(self, key: &str) -> bool {
        match self {
            Topic::Boards => key.starts_with(BOARD_PREFIX),
            _ => key == self.key(),
        }
    }
}

/// An event as stored: its place in the sequence, its topic (as stored), and what
/// the browser receives.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub id: i64,
    pub topic: String,
    pub payload: Arc<str>,
}

/// How many relayed events a slow stream may fall behind before it reads them
/// from the database itself.
const RELAY_BACKLOG: usize = 1024;

impl Default for EventHub {
    fn default() -> Self {
        EventHub {
            wakes: Arc::new(watch::channel(Wake::default()).0),
            relayed: broadcast::channel(RELAY_BACKLOG).0,
        }
    }
}

/// What a PostgreSQL notification on [`CHANNEL`] says.
pub const SESSIONS_ENDED: &str = "sessions";

impl EventHub {
    /// A receiver that sees every later wake.
    pub fn wakes(&self) -> watch::Receiver<Wake> {
        self.wakes.subscribe()
    }

    /// A receiver of every event relayed from now on.
    pub fn relayed(&self) -> broadcast::Receiver<StoredEvent> {
        self.relayed.subscribe()
    }

    /// Hands a stored event to every stream of this process.
    pub fn relay(&self, event: StoredEvent) {
        // No stream listening is no error.
        let _ = self.relayed.send(event);
    }

    /// Events were stored: the relay reads them.
    pub fn wake(&self) {
        self.wakes.send_modify(|wake| wake.news += 1);
    }

    /// Sessions ended: streams check theirs.
    pub fn sessions_ended(&self) {
        self.wakes.send_modify(|wake| wake.sessions_ended += 1);
    }

    /// Ends every stream and the relay: the server is shutting down.
    pub fn close(&self) {
        self.wakes.send_modify(|wake| wake.closing = true);
    }

    /// Tells every process's streams that sessions ended, so a stream whose
    /// session ended closes at once.
    pub async fn end_sessions_everywhere(&self, db: &DatabaseConnection) -> Result<(), StoreError> {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => notify(db, SESSIONS_ENDED).await,
            _ => {
                self.sessions_ended();
                Ok(())
            }
        }
    }
}

async fn notify(db: &impl ConnectionTrait, news: &str) -> Result<(), StoreError> {
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), news.into()],
    ))
    .await?;
    Ok(())
}

/// Stores an event about `topic` and wakes the streams; answers its id.
pub async fn publish(
    db: &DatabaseConnection,
    hub: &EventHub,
    topic: Topic,
    payload: String,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let txn = super::begin_writing(db).await?;
    commit_with_event(txn, hub, topic, payload, now).await
}

/// Stores an event about `topic` in the writer's transaction `txn` as its last
/// statement, commits it, and wakes the streams; answers the event's id. The
/// change and the news of it are then one transaction, and the writer's turn is
/// taken once.
pub async fn commit_with_event(
    txn: super::Writing,
    hub: &EventHub,
    topic: Topic,
    payload: String,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let postgres = txn.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        // Ids come from a sequence, taken before commit: without one writer at a
        // time, event 11 could be read before event 10 commits, and 10 be skipped.
        txn.execute_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(7368617261)",
        ))
        .await?;
        // Delivered when the transaction commits, so never before the row is there.
        notify(&txn, "").await?;
    }
    let event = live_event::ActiveModel {
        topic: Set(topic.key()),
        payload: Set(payload),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if event.id % PRUNE_EVERY == 0 {
        prune(&txn, event.id, now).await?;
    }
    txn.commit().await?;
    if !postgres {
        hub.wake();
    }
    Ok(event.id)
}

/// Removes events older than the retention, always keeping the newest, so the
/// oldest one kept tells a returning browser whether it missed some.
async fn prune(
    db: &impl ConnectionTrait,
    newest: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    live_event::Entity::delete_many()
        .filter(live_event::Column::CreatedAt.lt(now - RETENTION))
        .filter(live_event::Column::Id.lt(newest))
        .exec(db)
        .await?;
    Ok(())
}

/// The id of the newest event (0 before the first): a page read after it has
/// every change up to it.
pub async fn latest(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    Ok(live_event::Entity::find()
        .select_only()
        .column_as(live_event::Column::Id.max(), "latest")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

/// Whether events after `after` were pruned: a browser that saw only up to it
/// must read its board again.
pub async fn missed_since(db: &impl ConnectionTrait, after: i64) -> Result<bool, StoreError> {
    let oldest = live_event::Entity::find()
        .select_only()
        .column_as(live_event::Column::Id.min(), "oldest")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok(oldest.is_some_and(|oldest| oldest > after + 1))
}

/// The events after `after`, about `topic` only when given, oldest first, at most
/// `limit`.
pub async fn after(
    db: &impl ConnectionTrait,
    topic: Option<Topic>,
    after: i64,
    limit: u64,
) -> Result<Vec<StoredEvent>, StoreError> {
    let mut query = live_event::Entity::find().filter(live_event::Column::Id.gt(after));
    query = match topic {
        None => query,
        Some(Topic::Boards) => query.filter(live_event::Column::Topic.starts_with(BOARD_PREFIX)),
        Some(topic) => query.filter(live_event::Column::Topic.eq(topic.key())),
    };
    Ok(query
        .order_by_asc(live_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|event| StoredEvent {
            id: event.id,
            topic: event.topic,
            payload: event.payload.into(),
        })
        .collect())
}
