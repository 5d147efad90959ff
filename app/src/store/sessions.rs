//! Server-side sessions: a row per signed-in browser, found by the digest of the
//! cookie's token, so sessions survive restarts and can be ended from the server.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::access::Principal;
use crate::domain::account::SignedInUser;
use crate::entities::{session, user};
use crate::security::token;

/// Starts a session; returns the token for the cookie (stored only as its digest).
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<String, StoreError> {
    let token = token::generate().map_err(|e| StoreError::Inconsistent {
        detail: e.to_string(),
    })?;
    session::ActiveModel {
        token_hash: Set(token::digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The signed-in user behind a session digest, unless the session ended or expired.
pub async fn find(
    db: &impl ConnectionTrait,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Principal, SignedInUser)>, StoreError> {
    let session_user = sea_orm::sea_query::Query::select()
        .column(session::Column::UserId)
        .from(session::Entity)
        .and_where(session::Column::TokenHash.eq(digest))
        .and_where(session::Column::ExpiresAt.gt(now))
        .to_owned();
    super::users::acting_where(db, user::Column::Id.in_subquery(session_user)).await
}

pub async fn end(db: &impl ConnectionTrait, digest: &str) -> Result<(), StoreError> {
    session::Entity::delete_by_id(digest.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change).
pub async fn end_all(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), StoreError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
