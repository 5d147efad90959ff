//! API tokens: a user's credentials for machines, limited to chosen capabilities,
//! stored only as their digest, revocable.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::access::{Capability, Principal, TokenGrant};
use crate::domain::account::SignedInUser;
use crate::entities::api_token;
use crate::security::token;

/// Tokens start with this, so people and secret scanners recognise them.
pub const TOKEN_PREFIX: &str = "tl_";

/// `last_used_at` is written at most this often per token, not on every request.
const LAST_USED_RESOLUTION: Duration = Duration::minutes(1);

/// Creates a token (for the whole workspace, one metric or some teams); returns
/// its row and the token itself, which is never stored.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    name: String,
    grant: &TokenGrant,
    now: DateTime<Utc>,
) -> Result<(api_token::Model, String), StoreError> {
    if let Some(metric) = grant.metric {
        crate::entities::outcome_metric::Entity::find_by_id(metric)
            .one(db)
            .await?
            .ok_or_else(|| StoreError::not_found("that metric"))?;
    }
    for team in &grant.teams {
        crate::entities::team::Entity::find_by_id(*team)
            .one(db)
            .await?
            .ok_or_else(|| StoreError::not_found("that team"))?;
    }
    let secret = token::generate().map_err(|e| StoreError::Inconsistent {
        detail: e.to_string(),
    })?;
    let secret = format!("{TOKEN_PREFIX}{secret}");
    let row = api_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        name: Set(name),
        token_hash: Set(token::digest(&secret)),
        capabilities: Set(grant
            .capabilities
            .iter()
            .map(|c| c.key())
            .collect::<Vec<_>>()
            .join(",")),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        metric_id: Set(grant.metric),
        team_ids: Set((!grant.teams.is_empty()).then(|| {
            grant
                .teams
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })),
    }
    .insert(db)
    .await?;
    Ok((row, secret))
}

/// A user's tokens, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<api_token::Model>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Revokes one of the user's own tokens; 404 for anyone else's.
pub async fn revoke(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    token_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = api_token::Entity::find_by_id(token_id)
        .filter(api_token::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that API token"))?;
    if row.revoked_at.is_none() {
        let mut active: api_token::ActiveModel = row.into();
        active.revoked_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}

/// The principal acting through a token, unless it is unknown or revoked.
pub async fn find(
    db: &impl ConnectionTrait,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Principal, SignedInUser)>, StoreError> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token::digest(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some((mut principal, user)) = super::users::acting(db, row.user_id).await? else {
        return Ok(None);
    };
    principal.token_capabilities = Some(capabilities(&row)?);
    principal.token_metric = row.metric_id;
    principal.token_teams = teams(&row)?;
    if row
        .last_used_at
        .is_none_or(|used| now - used >= LAST_USED_RESOLUTION)
    {
        let mut active: api_token::ActiveModel = row.into();
        active.last_used_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(Some((principal, user)))
}

/// The teams a token is narrowed to, if it is.
pub fn teams(row: &api_token::Model) -> Result<Option<Vec<Uuid>>, StoreError> {
    row.team_ids
        .as_deref()
        .map(|ids| {
            ids.split(',')
                .map(|id| {
                    Uuid::parse_str(id).map_err(|_| StoreError::Inconsistent {
                        detail: format!("API token {} names the team “{id}”", row.id),
                    })
                })
                .collect()
        })
        .transpose()
}

pub fn capabilities(row: &api_token::Model) -> Result<Vec<Capability>, StoreError> {
    row.capabilities
        .split(',')
        .filter(|key| !key.is_empty())
        .map(|key| key.parse().map_err(StoreError::from))
        .collect()
}
