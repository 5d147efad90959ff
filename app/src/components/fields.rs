use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::form_error::posted_error;
use crate::error::AppError;

/// A date as typed: ISO 8601, whatever the browser's locale (a date input would
/// show and take the locale's order, 11/26/2026 in one place and 26.11.2026 in
/// another).
pub const ISO_DATE_PATTERN: &str = r"\d{4}-\d{2}-\d{2}";

/// The last failed submission of `action`: the action's own result once the
/// WebAssembly runs, or, after a plain form post, the error the server refused it
/// with.
pub fn submission_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let posted = posted_error(S::PATH);
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => posted.clone(),
    })
}

/// How many of `action`'s submissions may have changed what the page shows; a
/// page's data reloads when this moves. A refusal does not count: reloading would
/// draw the form afresh and drop what the user typed while they correct it. A
/// conflict or a vanished record counts, the page being stale then.
pub fn data_changes<S>(action: ServerAction<S>) -> Signal<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Memo::new(move |counted: Option<&usize>| {
        let version = action.version().get();
        let stale = action.value().with(|result| {
            matches!(
                result,
                None | Some(Ok(_))
                    | Some(Err(AppError::Conflict { .. } | AppError::NotFound { .. }))
            )
        });
        match counted {
            Some(&counted) if !stale => counted,
            _ => version,
        }
    })
    .into()
}

/// The message for `field`, when the last submission was refused because of it.
fn message_for(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || match error.get() {
        Some(AppError::InvalidField { field: f, detail }) if f == field => Some(detail),
        _ => None,
    })
}

/// The element ids of a field's control and its message. `scope` tells apart two
/// forms on one page that share field names (each theme's edit form).
fn field_ids(scope: &str, name: &str) -> (String, String) {
    let id = format!("{scope}{}", name.replace(['[', ']'], "-"));
    (format!("field-{id}"), format!("error-{id}"))
}

/// A labelled text input (or text area) with its error message right below it.
/// `name` is the form name (`epic[title]`); `field` the name errors use (`title`).
#[component]
pub fn TextField(
    label: &'static str,
    name: String,
    field: &'static str,
    #[prop(into)] value: String,
    error: Signal<Option<AppError>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] iso_date: bool,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let message = message_for(error, field);
    let (control_id, message_id) = field_ids(&scope, &name);
    let invalid = move || message.get().is_some().to_string();
    let input = if multiline {
        view! {
            <textarea
                id=control_id.clone()
                name=name
                rows="3"
                aria-invalid=invalid
                aria-describedby=message_id.clone()
                required=required
            >
                {super::server_escape::escaped_on_server(value)}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=control_id.clone()
                type="text"
                pattern=iso_date.then_some(ISO_DATE_PATTERN)
                placeholder=iso_date.then_some("YYYY-MM-DD")
                name=name
                value=value
                aria-invalid=invalid
                aria-describedby=message_id.clone()
                required=required
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field-label" for=control_id>
                {label}
            </label>
            {input}
            <span class="field-error" id=message_id role="alert">
                {move || message.get()}
            </span>
        </div>
    }
}

/// A labelled choice among `options` (value, label), then among each of `groups`
/// under its heading; `empty` offers "none" first.
#[component]
pub fn SelectField(
    label: &'static str,
    name: String,
    field: &'static str,
    #[prop(into)] value: String,
    options: Vec<(String, String)>,
    error: Signal<Option<AppError>>,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional, into)] scope: String,
    #[prop(optional)] groups: Vec<(&'static str, Vec<(String, String)>)>,
) -> impl IntoView {
    let message = message_for(error, field);
    let (control_id, message_id) = field_ids(&scope, &name);
    let empty_option = empty.map(|text| {
        let selected = value.is_empty();
        view! { <option value="" selected=selected>{text}</option> }
    });
    let option = |(option, text): (String, String)| {
        let selected = option == value;
        view! { <option value=option selected=selected>{text}</option> }
    };
    let choices = options.into_iter().map(option).collect_view();
    let grouped = groups
        .into_iter()
        .filter(|(_, options)| !options.is_empty())
        .map(|(heading, options)| {
            view! { <optgroup label=heading>{options.into_iter().map(option).collect_view()}</optgroup> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label class="field-label" for=control_id.clone()>
                {label}
            </label>
            <select
                id=control_id
                name=name
                aria-invalid=move || message.get().is_some().to_string()
                aria-describedby=message_id.clone()
            >
                {empty_option}
                {choices}
                {grouped}
            </select>
            <span class="field-error" id=message_id role="alert">
                {move || message.get()}
            </span>
        </div>
    }
}

/// The modified Fibonacci scale as select options.
pub fn scale_options() -> Vec<(String, String)> {
    crate::domain::wsjf::SCALE
        .iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

/// An enumeration's values as select options: (key, label).
pub fn enum_options<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (key(*v).to_owned(), label(*v).to_owned()))
        .collect()
}
