//! Many items read as one row: the database builds a JSON list of them. sqlx hands
//! rows over one at a time and copies every value of each (about 16 µs a row of
//! an item on SQLite), which made reading a board of hundreds of cards, or every
//! card for a move's WIP check, cost milliseconds of CPU on every request.

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Select};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::StoreError;

/// The fields of a list's entries, as each engine writes them: SQLite's ids are
/// blobs, written by `hex()` (`''` for none); PostgreSQL writes uuids as text.
pub struct Fields {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// What `query` selects, each row as a JSON array of `fields` in `order` (an
/// `ORDER BY` clause, or empty), read into `T`; `what` names the list in the
/// error when a row cannot be read.
pub async fn read<E: EntityTrait, T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    fields: &Fields,
    order: &str,
    what: &str,
) -> Result<Vec<T>, StoreError> {
    let list = match db.get_database_backend() {
        DbBackend::Sqlite => format!("json_group_array(json_array({}) {order})", fields.sqlite),
        _ => format!(
            "coalesce(json_agg(json_build_array({}) {order}), '[]')::text",
            fields.postgres
        ),
    };
    let json: Option<String> = query
        .select_only()
        .column_as(Expr::cust(list), "list")
        .into_tuple()
        .one(db)
        .await?;
    decoded(json.as_deref().unwrap_or("[]"), what)
}

/// A list the database wrote as JSON, `what` naming it in the error.
pub fn decoded<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::Inconsistent {
        detail: format!("{what} read as JSON: {error}"),
    })
}

/// An id as either engine writes it in a list.
pub fn id(value: &str) -> Result<Uuid, StoreError> {
    Uuid::try_parse(value).map_err(|_| StoreError::Inconsistent {
        detail: format!("an id `{value}` could not be read"),
    })
}

/// An id that may be missing: PostgreSQL's `null`, SQLite's `''`.
pub fn optional_id(value: Option<&str>) -> Result<Option<Uuid>, StoreError> {
    value.filter(|value| !value.is_empty()).map(id).transpose()
}

/// A field the database wrote as text (a key of a closed set, a time, a date),
/// `what` naming it in the error.
pub fn parsed<T: std::str::FromStr>(what: &str, value: &str) -> Result<T, StoreError> {
    value.parse().map_err(|_| StoreError::Inconsistent {
        detail: format!("{what} `{value}` could not be read"),
    })
}
