//! JSON written over the browser's forms. The API takes typed JSON; the forms
//! take text, as a person types it. Each value is written into the form as it
//! would be typed, and the form's own rules then check it, so a value the
//! browser refuses the API refuses too, with the same words.

use app::error::AppError;
use axum::body::Bytes;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

use super::problem::Problem;

/// How a form holds a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Typed {
    /// Text; JSON strings and numbers are taken as typed, `null` clears it.
    Text,
    /// A checkbox, ticked by `true`.
    Checkbox,
}

/// `base` (a blank form, or the one saved) with `fields` written over it;
/// `field` says which form field an API field is and how it is typed, or
/// refuses it.
pub(super) fn written_over<F: Serialize + DeserializeOwned>(
    base: &F,
    fields: &Map<String, Value>,
    field: impl Fn(&str) -> Result<(&'static str, Typed), Problem>,
) -> Result<F, Problem> {
    let mut form = match serde_json::to_value(base) {
        Ok(Value::Object(form)) => form,
        _ => {
            return Err(AppError::Inconsistent {
                detail: "a form is not an object".into(),
            }
            .into())
        }
    };
    for (name, value) in fields {
        let (form_name, typed) = field(name)?;
        let text = match (typed, value) {
            (Typed::Checkbox, Value::Bool(true)) => "on".to_owned(),
            (Typed::Checkbox, Value::Bool(false) | Value::Null) => String::new(),
            (Typed::Checkbox, _) => {
                return Err(Problem::invalid(name, format!("{name} is true or false")))
            }
            (Typed::Text, Value::Null) => String::new(),
            (Typed::Text, Value::String(text)) => text.clone(),
            (Typed::Text, Value::Number(number)) => number.to_string(),
            (Typed::Text, _) => {
                return Err(Problem::invalid(
                    name,
                    format!("{name} is a string, a number or null"),
                ))
            }
        };
        form.insert(form_name.to_owned(), Value::String(text));
    }
    serde_json::from_value(Value::Object(form)).map_err(|error| {
        AppError::Inconsistent {
            detail: error.to_string(),
        }
        .into()
    })
}

/// The body as a JSON object.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Problem> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(Problem::invalid("body", "the body must be a JSON object")),
        Err(error) => Err(Problem::invalid(
            "body",
            format!("the body is not JSON: {error}"),
        )),
    }
}

/// The fields the document describes for the body `T`, sorted: held by each
/// resource's unit test to the fields its handlers write.
#[cfg(test)]
pub(super) fn documented_fields<T: utoipa::PartialSchema>() -> Vec<String> {
    let schema = serde_json::to_value(T::schema()).unwrap_or_default();
    let mut fields: Vec<String> = schema["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    fields.sort();
    fields
}

/// `names`, sorted, to compare with [`documented_fields`].
#[cfg(test)]
pub(super) fn sorted<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().map(str::to_owned).collect();
    names.sort();
    names
}
