//! Failed sign-ins per account and per client address, kept in the database so
//! every server replica sees the same counts.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::domain::throttle::{Attempts, Refusal};
use crate::entities::sign_in_failure;
use crate::error::AppError;

/// The throttling keys of one attempt.
pub fn keys(email: &str, address: Option<std::net::IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("account:{}", email.trim().to_lowercase())];
    if let Some(address) = address {
        keys.push(format!("address:{address}"));
    }
    keys
}

/// Refuses when any key is being slowed down or is locked.
pub async fn check(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Result<(), Refusal>, AppError> {
    for row in load(db, keys).await? {
        if let Err(refusal) = attempts(&row).check(now) {
            return Ok(Err(refusal));
        }
    }
    Ok(Ok(()))
}

pub async fn record_failure(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing = load(db, keys).await?;
    for key in keys {
        let previous = existing.iter().find(|row| &row.key == key);
        let next = Attempts::after_failure(previous.map(attempts), now);
        let row = sign_in_failure::ActiveModel {
            key: Set(key.clone()),
            failures: Set(next.failures as i32),
            last_failure_at: Set(next.last_failure_at),
        };
        if previous.is_some() {
            row.update(db).await?;
        } else {
            row.insert(db).await?;
        }
    }
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, keys: &[String]) -> Result<(), AppError> {
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::Key.is_in(keys.iter().cloned()))
        .exec(db)
        .await?;
    Ok(())
}

async fn load(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> Result<Vec<sign_in_failure::Model>, AppError> {
    Ok(sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Key.is_in(keys.iter().cloned()))
        .all(db)
        .await?)
}

fn attempts(row: &sign_in_failure::Model) -> Attempts {
    Attempts {
        failures: u32::try_from(row.failures).unwrap_or(0),
        last_failure_at: row.last_failure_at,
    }
}
