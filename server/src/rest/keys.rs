//! Schemas of the closed sets the API speaks in (item kinds, state categories,
//! work types): each lists the domain's own keys, so the document never drifts
//! from the values the server takes and sends.

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;

/// A string that is one of `keys`.
pub fn key_schema(keys: impl Iterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(keys.collect::<Vec<_>>()))
        .build()
}

/// One of `keys`, or `null`.
pub fn optional_key_schema(keys: impl Iterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(
            keys.map(serde_json::Value::from)
                .chain([serde_json::Value::Null])
                .collect::<Vec<_>>(),
        ))
        .build()
}
