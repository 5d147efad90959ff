//! Live pages: `GET /api/v1/boards/<id>/events?after=<event id>` streams what
//! happens to a board as server-sent events, one per change, each with its event
//! id, so a browser's `EventSource` resumes after the last one it saw when it
//! reconnects; `GET /api/v1/metrics/events` streams news of outcome metrics the
//! same way.
//!
//! Server-sent events rather than a WebSocket: the news flows one way (changes
//! are made through the same server functions as without JavaScript), they are
//! plain HTTP through any proxy, and reconnection with the last event id is built
//! into every browser.
//!
//! One relay per process reads each new event once and hands it to every stream;
//! a stream reads the database itself only to catch up (on connecting, or when it
//! fell behind the relay). A stream lives as long as its session: it ends when
//! the session ends (checked when sessions end anywhere, and every
//! [`SESSION_CHECK`]) and when the server shuts down.

use std::{collections::VecDeque, convert::Infallible, time::Duration};

use app::{
    domain::access::Action,
    security::guard::RequestIdentity,
    store::{
        events::{self, EventHub, StoredEvent, Topic, Wake},
        presence, StoreError,
    },
    views::live::{BOARD_EVENT, METRIC_EVENT, RESYNC_EVENT},
};
use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    Extension,
};
use futures::Stream;
use sea_orm::{DatabaseBackend, DatabaseConnection};
use serde::Deserialize;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::rest::problem::{refuse, CallRefusals, ProblemDetails, CONTENT_TYPE as PROBLEM};
use crate::{security::authorize, startup::AppState};

/// How often a stream checks that its session still holds, besides when sessions
/// end: a session also ends by expiring.
const SESSION_CHECK: Duration = Duration::from_secs(15);

/// Events read from the database at a time.
const BATCH: u64 = 200;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Follow {
    /// The id of the last event received: the stream starts after it.
    after: Option<String>,
    /// `1`: the page shows the board, so its person counts among the viewers.
    viewer: Option<String>,
}

/// Follow one board's changes as they happen.
#[utoipa::path(
    get, path = "/boards/{board_id}/events", tag = "live",
    params(("board_id" = Uuid, Path, description = "The board"), Follow),
    responses(
        (status = 200, description = "Server-sent events, until the client leaves", content_type = "text/event-stream", body = String),
        (status = 400, description = "Not a board's id", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such board", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn board_events(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(board_id): Path<String>,
    Query(follow): Query<Follow>,
    headers: HeaderMap,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::Read) {
        return refuse(refusal);
    }
    let Ok(board_id) = Uuid::parse_str(&board_id) else {
        return refuse(invalid("board", "name the board to follow by its id"));
    };
    if let Err(error) = app::store::boards::find(&state.db, board_id).await {
        return refuse(error.into());
    }
    stream(state, identity, Topic::Board(board_id), follow, &headers).await
}

/// Follow every board's changes as they happen.
#[utoipa::path(
    get, path = "/boards/events", tag = "live", params(Follow),
    responses(
        (status = 200, description = "Server-sent events, until the client leaves", content_type = "text/event-stream", body = String),
        CallRefusals,
    )
)]
pub async fn all_board_events(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Query(follow): Query<Follow>,
    headers: HeaderMap,
) -> Response {
    readers_stream(state, identity, Topic::Boards, follow, &headers).await
}

/// Follow news of the outcome metrics as it happens.
#[utoipa::path(
    get, path = "/metrics/events", tag = "live", params(Follow),
    responses(
        (status = 200, description = "Server-sent events, until the client leaves", content_type = "text/event-stream", body = String),
        CallRefusals,
    )
)]
pub async fn metric_events(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Query(follow): Query<Follow>,
    headers: HeaderMap,
) -> Response {
    readers_stream(state, identity, Topic::Metrics, follow, &headers).await
}

/// [`stream`], to whoever may read.
async fn readers_stream(
    state: AppState,
    identity: RequestIdentity,
    topic: Topic,
    follow: Follow,
    headers: &HeaderMap,
) -> Response {
    match authorize(&identity, Action::Read) {
        Ok(()) => stream(state, identity, topic, follow, headers).await,
        Err(refusal) => refuse(refusal),
    }
}

/// The stream of `topic`'s events after the resume point the request gives (the
/// newest event when it gives none). A page showing a board joins its viewers
/// once that point is taken, so it hears of its own arrival.
async fn stream(
    state: AppState,
    identity: RequestIdentity,
    topic: Topic,
    follow: Follow,
    headers: &HeaderMap,
) -> Response {
    // The browser's own resume point wins over the page's: it is newer.
    let resume = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(follow.after);
    let after = match resume.as_deref().map(str::parse::<i64>) {
        Some(Ok(after)) if after >= 0 => Ok(after),
        None => events::latest(&state.db).await,
        _ => return refuse(invalid("after", "give the id of the last event seen")),
    };
    let after = match after {
        Ok(after) => after,
        Err(error) => return refuse(error.into()),
    };
    let presence = match (topic, &identity.user, follow.viewer.as_deref()) {
        (Topic::Board(board_id), Some(user), Some("1")) if !identity.via_token => {
            Presence::join(&state, board_id, user).await
        }
        _ => None,
    };
    let mut wakes = state.events.wakes();
    let sessions_ended = wakes.borrow_and_update().sessions_ended;
    let mut session_check = tokio::time::interval(SESSION_CHECK);
    session_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let follower = Follower {
        db: state.db.clone(),
        // Subscribed before catching up: nothing stored in between is missed.
        relayed: state.events.relayed(),
        wakes,
        sessions_ended,
        session_check,
        topic,
        name: match topic {
            Topic::Board(_) | Topic::Boards => BOARD_EVENT,
            Topic::Metrics => METRIC_EVENT,
        },
        after,
        session: identity.session,
        pending: VecDeque::new(),
        caught_up: false,
        first_catch_up: true,
        presence,
    };
    Sse::new(follower.into_stream())
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn invalid(field: &str, detail: &str) -> app::error::AppError {
    app::error::AppError::InvalidField {
        field: field.into(),
        detail: detail.into(),
    }
}

/// One browser following one topic.
struct Follower {
    db: DatabaseConnection,
    relayed: broadcast::Receiver<StoredEvent>,
    wakes: watch::Receiver<Wake>,
    sessions_ended: u64,
    session_check: tokio::time::Interval,
    /// The topic, and the name its events are sent under.
    topic: Topic,
    name: &'static str,
    /// The id of the last event sent (or that the page had when it was read).
    after: i64,
    /// The session the stream lives by; `None` for a guest.
    session: Option<String>,
    pending: VecDeque<Event>,
    /// Whether everything stored before the relay's events now waiting was sent.
    caught_up: bool,
    first_catch_up: bool,
    /// Its place among the board's viewers, when the page shows the board.
    presence: Option<Presence>,
}

impl Follower {
    fn into_stream(self) -> impl Stream<Item = Result<Event, Infallible>> {
        futures::stream::unfold(self, |mut follower| async move {
            match follower.next().await {
                Ok(Some(event)) => Some((Ok(event), follower)),
                Ok(None) => None,
                Err(error) => {
                    // The browser reconnects and resumes: nothing is lost.
                    tracing::warn!(%error, "following a board failed: ending the stream");
                    None
                }
            }
        })
    }

    /// The next event to send; `None` when the stream ends.
    async fn next(&mut self) -> Result<Option<Event>, StoreError> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Ok(Some(event));
            }
            if !self.caught_up {
                self.catch_up().await?;
                continue;
            }
            tokio::select! {
                relayed = self.relayed.recv() => match relayed {
                    Ok(event) => self.take(event),
                    Err(broadcast::error::RecvError::Lagged(_)) => self.caught_up = false,
                    Err(broadcast::error::RecvError::Closed) => return Ok(None),
                },
                changed = self.wakes.changed() => {
                    let wake = *self.wakes.borrow_and_update();
                    if changed.is_err() || wake.closing {
                        return Ok(None);
                    }
                    if wake.sessions_ended != self.sessions_ended {
                        self.sessions_ended = wake.sessions_ended;
                        if !self.session_holds().await? {
                            return Ok(None);
                        }
                    }
                },
                _ = self.session_check.tick() => {
                    if !self.session_holds().await? {
                        return Ok(None);
                    }
                    if let Some(presence) = &self.presence {
                        presence.still_here().await;
                    }
                },
            }
        }
    }

    /// Reads from the database what this stream has not sent; a browser back from
    /// longer than the events are kept is told to read its board again.
    async fn catch_up(&mut self) -> Result<(), StoreError> {
        if std::mem::take(&mut self.first_catch_up)
            && events::missed_since(&self.db, self.after).await?
        {
            self.after = events::latest(&self.db).await?;
            self.pending.push_back(
                Event::default()
                    .id(self.after.to_string())
                    .event(RESYNC_EVENT)
                    .data("missed"),
            );
        }
        loop {
            let read = events::after(&self.db, Some(self.topic), self.after, BATCH).await?;
            let complete = (read.len() as u64) < BATCH;
            read.into_iter().for_each(|event| self.take(event));
            if complete {
                self.caught_up = true;
                return Ok(());
            }
        }
    }

    /// Queues an event of this topic not sent yet.
    fn take(&mut self, event: StoredEvent) {
        if self.topic.covers(&event.topic) && event.id > self.after {
            self.after = event.id;
            self.pending.push_back(
                Event::default()
                    .id(event.id.to_string())
                    .event(self.name)
                    .data(&*event.payload),
            );
        }
    }

    async fn session_holds(&self) -> Result<bool, StoreError> {
        match &self.session {
            None => Ok(true),
            Some(session) => Ok(
                app::store::sessions::find(&self.db, session, chrono::Utc::now())
                    .await?
                    .is_some(),
            ),
        }
    }
}

/// A page's place among the viewers of the board it shows, for as long as its
/// stream is open: joining and leaving tell the board's followers who is there.
struct Presence {
    db: DatabaseConnection,
    hub: EventHub,
    stream: Uuid,
    board_id: Uuid,
}

impl Presence {
    async fn join(
        state: &AppState,
        board_id: Uuid,
        user: &app::domain::account::SignedInUser,
    ) -> Option<Presence> {
        let stream = Uuid::new_v4();
        let person = (user.id, user.display_name.as_str());
        let now = chrono::Utc::now();
        if let Err(error) = presence::join(&state.db, stream, board_id, person, now).await {
            // The page follows all the same; it is just not seen.
            tracing::warn!(%error, "joining a board's viewers failed");
            return None;
        }
        app::api::news::viewers_changed(&state.db, &state.events, board_id).await;
        Some(Presence {
            db: state.db.clone(),
            hub: state.events.clone(),
            stream,
            board_id,
        })
    }

    async fn still_here(&self) {
        if let Err(error) = presence::seen(&self.db, self.stream, chrono::Utc::now()).await {
            tracing::warn!(%error, "refreshing a board viewer failed");
        }
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        let (db, hub, stream, board_id) = (
            self.db.clone(),
            self.hub.clone(),
            self.stream,
            self.board_id,
        );
        // Dropped with its stream, on the runtime serving it.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                match presence::leave(&db, stream).await {
                    Ok(()) => app::api::news::viewers_changed(&db, &hub, board_id).await,
                    Err(error) => tracing::warn!(%error, "leaving a board's viewers failed"),
                }
            });
        }
    }
}

/// Starts this process's relay, and on PostgreSQL its listener: one connection
/// that hears of events stored by any process.
pub fn start(db: &DatabaseConnection, hub: &EventHub) {
    tokio::spawn(relay(db.clone(), hub.clone()));
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let pool = db.get_postgres_connection_pool().clone();
        let hub = hub.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = listen(&pool, &hub).await {
                    tracing::warn!(%error, "listening for board events failed: retrying");
                }
                if hub.wakes().borrow().closing {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}

/// Reads each new event once, as it is stored, and hands it to the streams.
async fn relay(db: DatabaseConnection, hub: EventHub) {
    let mut wakes = hub.wakes();
    let mut after = loop {
        match events::latest(&db).await {
            Ok(latest) => break latest,
            Err(error) => {
                tracing::warn!(%error, "the board event relay cannot start: retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    loop {
        let wake = *wakes.borrow_and_update();
        if wake.closing {
            return;
        }
        match events::after(&db, None, after, BATCH).await {
            Ok(read) => {
                let more = read.len() as u64 == BATCH;
                for event in read {
                    after = event.id;
                    hub.relay(event);
                }
                if more {
                    continue;
                }
            }
            Err(error) => {
                tracing::warn!(%error, "relaying board events failed: retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        }
        if wakes.changed().await.is_err() {
            return;
        }
    }
}

async fn listen(pool: &sea_orm::sqlx::PgPool, hub: &EventHub) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(events::CHANNEL).await?;
    // Whatever was stored while not listening is in the table: the relay reads it.
    hub.wake();
    hub.sessions_ended();
    loop {
        if hub.wakes().borrow().closing {
            return Ok(());
        }
        match listener.try_recv().await? {
            Some(notification) if notification.payload() == events::SESSIONS_ENDED => {
                hub.sessions_ended()
            }
            Some(_) => hub.wake(),
            // The connection was lost and made again: notifications may be lost.
            None => {
                hub.wake();
                hub.sessions_ended();
            }
        }
    }
}
