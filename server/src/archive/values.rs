//! A column's value in the document: JSON of the kind its column type says, so
//! that each value reads back as exactly the value written.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::sea_query::ColumnType;
use sea_orm::Value;
use serde_json::Value as Json;

/// The JSON of a stored value; `Err` names a value no export can write.
pub fn to_json(value: Value) -> Result<Json, String> {
    let json = match value {
        Value::Bool(v) => v.map(Json::from),
        Value::TinyInt(v) => v.map(Json::from),
        Value::SmallInt(v) => v.map(Json::from),
        Value::Int(v) => v.map(Json::from),
        Value::BigInt(v) => v.map(Json::from),
        Value::Double(v) => match v {
            Some(v) if !v.is_finite() => return Err(format!("the number {v}")),
            v => v.map(Json::from),
        },
        Value::String(v) => v.map(Json::from),
        Value::Uuid(v) => v.map(|v| Json::from(v.to_string())),
        Value::ChronoDate(v) => v.map(|v| Json::from(v.format("%Y-%m-%d").to_string())),
        // Every fraction digit kept: the value restores to the nanosecond.
        Value::ChronoDateTimeUtc(v) => {
            v.map(|v| Json::from(v.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
        }
        other => return Err(format!("{other:?}")),
    };
    Ok(json.unwrap_or(Json::Null))
}

/// The value `json` stands for in a column of `column_type`; `Err` says why it
/// cannot be one.
pub fn from_json(column_type: &ColumnType, json: Json) -> Result<Value, String> {
    let value = match column_type {
        ColumnType::Boolean => Value::Bool(typed(json, Json::as_bool, "true or false")?),
        ColumnType::TinyInteger => Value::TinyInt(integer(json)?),
        ColumnType::SmallInteger => Value::SmallInt(integer(json)?),
        ColumnType::Integer => Value::Int(integer(json)?),
        ColumnType::BigInteger => Value::BigInt(integer(json)?),
        ColumnType::Double => Value::Double(typed(json, Json::as_f64, "a number")?),
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => {
            Value::String(typed(json, |v| v.as_str().map(str::to_owned), "text")?)
        }
        ColumnType::Uuid => Value::Uuid(parsed(json, "a UUID", uuid::Uuid::parse_str)?),
        ColumnType::Date => Value::ChronoDate(parsed(json, "a date (YYYY-MM-DD)", |text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
        })?),
        ColumnType::TimestampWithTimeZone => {
            Value::ChronoDateTimeUtc(parsed(json, "a time (RFC 3339)", |text| {
                DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc))
            })?)
        }
        other => return Err(format!("its column type {other:?} cannot be restored")),
    };
    Ok(value)
}

/// `None` for null, else what `read` makes of it.
fn typed<T>(
    json: Json,
    read: impl Fn(&Json) -> Option<T>,
    kind: &str,
) -> Result<Option<T>, String> {
    if json.is_null() {
        return Ok(None);
    }
    read(&json)
        .map(Some)
        .ok_or_else(|| format!("{json} is not {kind}"))
}

fn integer<T: TryFrom<i64>>(json: Json) -> Result<Option<T>, String> {
    let Some(wide) = typed(json.clone(), Json::as_i64, "a whole number")? else {
        return Ok(None);
    };
    T::try_from(wide)
        .map(Some)
        .map_err(|_| format!("{json} is out of the column's range"))
}

fn parsed<T, E>(
    json: Json,
    kind: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, String> {
    let Some(text) = typed(json, |v| v.as_str().map(str::to_owned), kind)? else {
        return Ok(None);
    };
    parse(&text)
        .map(Some)
        .map_err(|_| format!("{text:?} is not {kind}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_kind_of_value_reads_back_as_written() {
        let time = DateTime::parse_from_rfc3339("2026-11-27T07:45:12.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let cases = [
            (ColumnType::Boolean, Value::Bool(Some(true))),
            (ColumnType::SmallInteger, Value::SmallInt(Some(-7))),
            (ColumnType::Integer, Value::Int(Some(2_000_000_000))),
            (ColumnType::BigInteger, Value::BigInt(Some(i64::MAX))),
            (ColumnType::Double, Value::Double(Some(0.1 + 0.2))),
            (
                ColumnType::Text,
                Value::String(Some("“quoted”\n\"line\"".into())),
            ),
            (
                ColumnType::Uuid,
                Value::Uuid(Some(uuid::Uuid::from_u128(42))),
            ),
            (
                ColumnType::Date,
                Value::ChronoDate(NaiveDate::from_ymd_opt(2026, 2, 28)),
            ),
            (
                ColumnType::TimestampWithTimeZone,
                Value::ChronoDateTimeUtc(Some(time)),
            ),
            (ColumnType::Uuid, Value::Uuid(None)),
            (
                ColumnType::TimestampWithTimeZone,
                Value::ChronoDateTimeUtc(None),
            ),
        ];
        for (column_type, value) in cases {
            let json = to_json(value.clone()).unwrap();
            let text = json.to_string();
            let back = from_json(&column_type, serde_json::from_str(&text).unwrap()).unwrap();
            assert_eq!(back, value, "{column_type:?} through {text}");
        }
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named() {
        let cases = [
            (
                ColumnType::Boolean,
                json!("yes"),
                "\"yes\" is not true or false",
            ),
            (
                ColumnType::SmallInteger,
                json!(70000),
                "70000 is out of the column's range",
            ),
            (ColumnType::Integer, json!(1.5), "1.5 is not a whole number"),
            (ColumnType::Uuid, json!("nope"), "\"nope\" is not a UUID"),
            (
                ColumnType::Date,
                json!("27/11/2026"),
                "\"27/11/2026\" is not a date (YYYY-MM-DD)",
            ),
            (ColumnType::Text, json!(3), "3 is not text"),
        ];
        for (column_type, json, reason) in cases {
            assert_eq!(from_json(&column_type, json).unwrap_err(), reason);
        }
    }

    #[test]
    fn a_number_json_cannot_hold_is_refused() {
        assert_eq!(
            to_json(Value::Double(Some(f64::NAN))).unwrap_err(),
            "the number NaN"
        );
    }
}
