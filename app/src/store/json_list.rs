//! Many items read as one row: the database builds a JSON list of them. sqlx hands
//! rows over one at a time and copies every value of each (about 16 µs a row of
//! an item on SQLite), which made reading a board of hundreds of cards, or every
//! card for a move's WIP check, cost milliseconds of CPU on every request.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Select};
use serde::de::DeserializeOwned;
use serde::Deserialize;
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
    decoded(&text(db, query, fields, order).await?, what)
}

/// The list [`read`] reads, as the database wrote it: for rows that borrow their
/// ids, keys and times from it instead of copying each into a string of its own.
pub async fn text<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    fields: &Fields,
    order: &str,
) -> Result<String, StoreError> {
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
    Ok(json.unwrap_or_else(|| "[]".to_owned()))
}

/// A list the database wrote as JSON, `what` naming it in the error.
pub fn decoded<'a, T: Deserialize<'a>>(json: &'a str, what: &str) -> Result<T, StoreError> {
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

/// A time the database wrote in a list, `what` naming it in the error. Both
/// engines write a UTC time in one form (SQLite the text chrono stored,
/// `2026-11-24T12:26:28.256588420+00:00`; PostgreSQL's `json_agg` of a
/// `timestamptz` the same with six digits), read here field by field: chrono's
/// general parser took about a thousand instructions a time, and a 500-card
/// board's page reads 1,400 of them (a flow page one per move). Any other form
/// goes to chrono's parser.
pub fn time(what: &str, value: &str) -> Result<DateTime<Utc>, StoreError> {
    match utc_rfc3339(value.as_bytes()) {
        Some(time) => Ok(time),
        None => parsed(what, value),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](+00:00|Z)`, `T` or a space between date and
/// time; `None` for anything else (a leap second, another offset, a bad date).
fn utc_rfc3339(text: &[u8]) -> Option<DateTime<Utc>> {
    let (stamp, mut rest) = (text.get(..19)?, &text[19..]);
    let separated = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')]
        .iter()
        .all(|&(at, separator)| stamp[at] == separator)
        && matches!(stamp[10], b'T' | b't' | b' ');
    if !separated {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |number, &digit| {
            digit
                .is_ascii_digit()
                .then(|| number * 10 + u32::from(digit - b'0'))
        })
    };
    let mut nanoseconds = 0;
    if let Some((b'.', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanoseconds = number(&fraction[..digits])? * 10u32.pow(9 - digits as u32);
        rest = &fraction[digits..];
    }
    if !matches!(rest, b"Z" | b"z" | b"+00:00") {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&stamp[..4])?).ok()?,
        number(&stamp[5..7])?,
        number(&stamp[8..10])?,
    )?;
    let time = NaiveTime::from_hms_nano_opt(
        number(&stamp[11..13])?,
        number(&stamp[14..16])?,
        number(&stamp[17..19])?,
        nanoseconds,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick reading answers what chrono's parser answers, for the forms the
    /// engines write and for those it hands on.
    #[test]
    fn a_time_reads_as_chronos_parser_reads_it() {
        for text in [
            "2026-11-24T12:26:28.256588420+00:00",
            "2026-11-24T12:26:28.256588+00:00",
            "2026-11-24T12:26:28.2+00:00",
            "2026-11-24T12:26:28+00:00",
            "2026-11-24 12:26:28.256Z",
            "2024-02-29t23:59:59.999999999z",
            "2026-11-24T12:26:28.256588+02:00",
            "2016-12-31T23:59:60+00:00",
            "2026-11-24T12:26:28.1234567890+00:00",
            "2026-11-24T12:26:28+00:00 ",
        ] {
            let chronos: DateTime<Utc> = text.parse().unwrap();
            assert_eq!(time("a time", text).unwrap(), chronos, "{text}");
        }
    }

    #[test]
    fn a_time_that_is_no_time_is_refused_naming_it() {
        for text in [
            "",
            "2026-11-24",
            "2026-13-24T12:26:28+00:00",
            "2025-02-29T12:26:28+00:00",
            "2026-11-24T24:00:00+00:00",
            "2026-11-24T12:26:28.+00:00",
            "2026-11-24T12:26:28",
            "2026-1a-24T12:26:28+00:00",
        ] {
            assert!(
                text.parse::<DateTime<Utc>>().is_err(),
                "chrono reads {text}"
            );
            let refused = time("a move's time", text).unwrap_err().to_string();
            assert!(refused.contains("a move's time"), "{text}: {refused}");
        }
    }
}
