//! Telling the browsers that follow a board, or the outcome metrics, what just
//! changed.

use uuid::Uuid;

use crate::domain::board::BoardChange;
use crate::error::AppError;
use crate::store::events::{EventHub, Topic};
use crate::views::live::{BoardEvent, BoardNews, MetricNews, Verb};

/// Someone changed cards of a board: `change` as their own answer says it.
pub async fn changed(verb: Verb, change: &BoardChange) {
    let news = BoardNews::Changed {
        verb,
        change: change.clone(),
    };
    tell(change.board_id, news).await;
}

/// Commits the change `txn` made to cards of a board, with the news of it:
/// `change` as their own answer says it.
pub async fn commit_changed(
    txn: crate::store::Writing,
    verb: Verb,
    change: &BoardChange,
) -> Result<(), AppError> {
    let news = BoardNews::Changed {
        verb,
        change: change.clone(),
    };
    let payload = serde_json::to_string(&as_user(news)).map_err(|error| AppError::Database {
        detail: format!("a board's news could not be written: {error}"),
    })?;
    let topic = Topic::Board(change.board_id);
    let now = chrono::Utc::now();
    crate::store::events::commit_with_event(txn, &crate::store::event_hub()?, topic, payload, now)
        .await?;
    Ok(())
}

/// Someone added, edited or removed the cards `ids` of `board`: each is sent as it
/// now is (a removed one as gone), with the board's loads.
pub async fn cards_changed(verb: Verb, board: &crate::entities::board::Model, ids: &[Uuid]) {
    let read = async {
        let db = crate::store::connection()?;
        let placed = if verb == Verb::Removed { &[] } else { ids };
        let mut change = crate::store::boards::change(&db, board, placed).await?;
        if verb == Verb::Removed {
            change.removed = ids.to_vec();
        }
        Ok::<_, AppError>(change)
    };
    match read.await {
        Ok(change) => changed(verb, &change).await,
        Err(error) => {
            tracing::warn!(%error, board_id = %board.id, "the changed cards could not be read")
        }
    }
}

/// Commits a change of the columns or limits of `board_id`, then tells its
/// followers to read it again.
pub async fn commit_reshaping(txn: crate::store::Writing, board_id: Uuid) -> Result<(), AppError> {
    txn.commit().await?;
    tell(board_id, BoardNews::Reshaped).await;
    Ok(())
}

/// `news` of a board as the request's user tells it.
fn as_user(news: BoardNews) -> BoardEvent {
    let actor = crate::security::guard::identity()
        .user
        .map(|user| user.display_name)
        .unwrap_or_else(|| "Someone".to_owned());
    BoardEvent { actor, news }
}

/// Tells the followers of `board_id`, as the request's user.
async fn tell(board_id: Uuid, news: BoardNews) {
    match (crate::store::connection(), crate::store::event_hub()) {
        (Ok(db), Ok(hub)) => {
            let event = as_user(news);
            publish(
                &db,
                &hub,
                Topic::Board(board_id),
                &event,
                chrono::Utc::now(),
            )
            .await
        }
        _ => tracing::warn!(%board_id, "no database or event hub to tell a board's followers"),
    }
}

/// Stores `event` about `topic` for its followers. The change itself is committed
/// when this runs, so a failure is logged and the user's request still succeeds:
/// followers notice later, when a count they are sent disagrees with their own or
/// the page is next read.
async fn publish(
    db: &sea_orm::DatabaseConnection,
    hub: &EventHub,
    topic: Topic,
    event: &impl serde::Serialize,
    now: chrono::DateTime<chrono::Utc>,
) {
    let stored = match serde_json::to_string(event) {
        Ok(payload) => crate::store::events::publish(db, hub, topic, payload, now)
            .await
            .map(drop)
            .map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    if let Err(error) = stored {
        tracing::warn!(%error, ?topic, "a live event was not stored");
    }
}

/// The metric `metric_id` was measured or redefined. Called once the change is
/// committed, by a server function or by the telemetry API (which has no request
/// context, hence the explicit database and hub): a failure is logged, and the
/// pages showing the metric catch up when next read.
pub async fn metric_changed(db: &sea_orm::DatabaseConnection, hub: &EventHub, metric_id: Uuid) {
    let news = MetricNews { metric_id };
    publish(db, hub, Topic::Metrics, &news, chrono::Utc::now()).await;
}

/// Who is looking at `board_id` changed: tells its followers who is, now. Called
/// by the event stream as a page opens or closes.
pub async fn viewers_changed(db: &sea_orm::DatabaseConnection, hub: &EventHub, board_id: Uuid) {
    let now = chrono::Utc::now();
    let viewers =
        crate::store::presence::viewers(db, board_id, now, crate::views::live::VIEWERS_NAMED).await;
    let (names, more) = match viewers {
        Ok(viewers) => viewers,
        Err(error) => {
            tracing::warn!(%error, %board_id, "the board's viewers could not be read");
            return;
        }
    };
    let event = BoardEvent {
        actor: String::new(),
        news: BoardNews::Viewers { names, more },
    };
    publish(db, hub, Topic::Board(board_id), &event, now).await;
}

/// [`metric_changed`] in a server function.
pub async fn metric_changed_here(metric_id: Uuid) {
    match (crate::store::connection(), crate::store::event_hub()) {
        (Ok(db), Ok(hub)) => metric_changed(&db, &hub, metric_id).await,
        _ => tracing::warn!(%metric_id, "no database or event hub to tell of a metric change"),
    }
}
