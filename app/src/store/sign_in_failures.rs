//! Failed password checks per account and per client address, kept in the database
//! so every server replica sees the same counts.
//!
//! An attempt is counted as a failure *before* the password is checked, inside a
//! transaction that holds the keys' rows: concurrent attempts are judged one after
//! another, so a burst gets no more password checks than one attempt at a time
//! would. A correct password then takes its count back.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::error::StoreError;
use crate::domain::throttle::{Attempts, Refusal};
use crate::entities::sign_in_failure;

/// Longest part of an email kept in a key: longer ones are no address anyway.
const ACCOUNT_KEY_MAX: usize = 254;

/// The throttling keys of one password check, sorted (rows are locked in this
/// order, so two attempts never wait on each other in a cycle).
pub fn keys(email: &str, address: Option<std::net::IpAddr>) -> Vec<String> {
    let account: String = email
        .trim()
        .to_lowercase()
        .chars()
        .take(ACCOUNT_KEY_MAX)
        .collect();
    let mut keys = vec![format!("account:{account}")];
    if let Some(address) = address {
        keys.push(format!("address:{address}"));
    }
    keys.sort();
    keys
}

/// A password check that [`take_attempt`] allowed and already counted as failed.
#[derive(Debug)]
pub struct Attempt {
    keys: Vec<String>,
}

/// Allows one password check if no key is slowed down or locked at `now`, and
/// counts it as a failure; a refusal counts nothing.
pub async fn take_attempt(
    db: &DatabaseConnection,
    keys: Vec<String>,
    now: DateTime<Utc>,
) -> Result<Result<Attempt, Refusal>, StoreError> {
    let txn = super::begin_writing(db).await?;
    // The rows must exist to be locked on PostgreSQL.
    sign_in_failure::Entity::insert_many(keys.iter().map(|key| sign_in_failure::ActiveModel {
        key: Set(key.clone()),
        failures: Set(0),
        last_failure_at: Set(DateTime::<Utc>::UNIX_EPOCH),
    }))
    .on_conflict_do_nothing_on([sign_in_failure::Column::Key])
    .exec(&txn)
    .await?;
    let rows = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Key.is_in(keys.iter().cloned()))
        .order_by_asc(sign_in_failure::Column::Key)
        .lock_exclusive()
        .all(&txn)
        .await?;
    for row in &rows {
        if let Err(refusal) = attempts(row).check(now) {
            txn.rollback().await?;
            return Ok(Err(refusal));
        }
    }
    for row in rows {
        let next = Attempts::after_failure(Some(attempts(&row)), now);
        sign_in_failure::ActiveModel {
            key: Set(row.key),
            failures: Set(i32::try_from(next.failures).unwrap_or(i32::MAX)),
            last_failure_at: Set(next.last_failure_at),
        }
        .update(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Ok(Attempt { keys }))
}

/// The password was right: the account's failures are forgotten, and the address
/// gets back the failure this attempt was counted as (its earlier ones stay, so
/// signing in to one's own account does not wipe out guesses at another).
pub async fn succeeded(db: &DatabaseConnection, attempt: Attempt) -> Result<(), StoreError> {
    let (accounts, addresses): (Vec<String>, Vec<String>) = attempt
        .keys
        .into_iter()
        .partition(|key| key.starts_with("account:"));
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::Key.is_in(accounts))
        .exec(db)
        .await?;
    sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::Failures,
            Expr::col(sign_in_failure::Column::Failures).sub(1),
        )
        .filter(sign_in_failure::Column::Key.is_in(addresses))
        .filter(sign_in_failure::Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

fn attempts(row: &sign_in_failure::Model) -> Attempts {
    Attempts {
        failures: u32::try_from(row.failures).unwrap_or(0),
        last_failure_at: row.last_failure_at,
    }
}
