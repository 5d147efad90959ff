//! Who is looking at which board: a row per open board page's stream, refreshed
//! while it is open and removed when it closes. In the database, so that every
//! server process sees the viewers of every other; the rows of a process that
//! died stop counting once they are older than [`STALE`].

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::entities::board_viewer;

/// How long a stream's row counts without being refreshed (streams refresh theirs
/// every 15 s).
pub const STALE: Duration = Duration::seconds(40);

/// Rows this old are removed when someone joins.
const FORGOTTEN: Duration = Duration::hours(1);

/// The stream `stream` of `user_id`, called `name`, shows the board `board_id`.
pub async fn join(
    db: &impl ConnectionTrait,
    stream: Uuid,
    board_id: Uuid,
    (user_id, name): (Uuid, &str),
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    board_viewer::Entity::delete_many()
        .filter(board_viewer::Column::SeenAt.lt(now - FORGOTTEN))
        .exec(db)
        .await?;
    board_viewer::ActiveModel {
        id: Set(stream),
        board_id: Set(board_id),
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The stream is still open.
pub async fn seen(
    db: &impl ConnectionTrait,
    stream: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    board_viewer::Entity::update_many()
        .col_expr(
            board_viewer::Column::SeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(board_viewer::Column::Id.eq(stream))
        .exec(db)
        .await?;
    Ok(())
}

/// The stream closed.
pub async fn leave(db: &impl ConnectionTrait, stream: Uuid) -> Result<(), StoreError> {
    board_viewer::Entity::delete_by_id(stream).exec(db).await?;
    Ok(())
}

/// The people looking at the board now, by name, each once: the first `shown`,
/// and how many more there are.
pub async fn viewers(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    now: DateTime<Utc>,
    shown: usize,
) -> Result<(Vec<String>, u32), StoreError> {
    let rows = board_viewer::Entity::find()
        .filter(board_viewer::Column::BoardId.eq(board_id))
        .filter(board_viewer::Column::SeenAt.gt(now - STALE))
        .order_by_asc(board_viewer::Column::Name)
        .order_by_asc(board_viewer::Column::UserId)
        .all(db)
        .await?;
    let mut people: Vec<(Uuid, String)> = rows
        .into_iter()
        .map(|row| (row.user_id, row.name))
        .collect();
    people.dedup_by_key(|(user, _)| *user);
    let more = u32::try_from(people.len().saturating_sub(shown)).unwrap_or(u32::MAX);
    Ok((
        people
            .into_iter()
            .take(shown)
            .map(|(_, name)| name)
            .collect(),
        more,
    ))
}
