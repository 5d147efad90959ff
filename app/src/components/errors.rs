use leptos::prelude::*;

use super::PageTitle;
use crate::error::AppError;

/// Fallback of an `<ErrorBoundary>`: a page of its own, titled by the gravest
/// error, every error as the sentence it carries, and a way back. On the server,
/// the page answers with the gravest error's status. A `section` of a page that
/// keeps its own heading says what stopped it under that heading.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>, #[prop(optional)] section: bool) -> impl IntoView {
    let gravest = errors.with_untracked(|errors| {
        errors
            .iter()
            .filter_map(|(_, error)| error.downcast_ref::<AppError>())
            .max_by_key(|error| error.status_code())
            .cloned()
    });
    #[cfg(feature = "ssr")]
    if let Some(error) = &gravest {
        error.set_page_status();
    }
    let heading = heading_for(gravest.as_ref());
    view! {
        <PageTitle text=format!("{heading} · Throughline") />
        {match section {
            true => view! { <h2>{heading}</h2> }.into_any(),
            false => view! { <h1>{heading}</h1> }.into_any(),
        }}
        <div class="error" role="alert">
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, error)| view! { <li>{as_sentence(&error.to_string())}</li> })
                        .collect_view()
                }}
            </ul>
        </div>
        <p>
            <a href="/">"Back to the portfolio"</a>
        </p>
    }
}

/// What the page is about when `error` stopped it.
fn heading_for(error: Option<&AppError>) -> &'static str {
    match error {
        Some(AppError::NotFound { .. }) => "Not found",
        Some(AppError::SignInRequired) => "Sign in to continue",
        Some(AppError::Forbidden { .. }) => "Not allowed",
        Some(AppError::Database { .. }) => "Not available just now",
        _ => "Something went wrong",
    }
}

/// "that team was not found" → "That team was not found."
fn as_sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let end = if text.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{}{}{end}", first.to_uppercase(), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        let cases = [
            ("that team was not found", "That team was not found."),
            ("“Épure” is done.", "“Épure” is done."),
            ("élan was lost", "Élan was lost."),
            ("  ", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(as_sentence(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_heading_says_what_stopped_the_page() {
        let cases = [
            (Some(AppError::not_found("that team")), "Not found"),
            (Some(AppError::SignInRequired), "Sign in to continue"),
            (
                Some(AppError::Forbidden {
                    action: "change epics".into(),
                }),
                "Not allowed",
            ),
            (None, "Something went wrong"),
        ];
        for (error, expected) in cases {
            assert_eq!(heading_for(error.as_ref()), expected, "{error:?}");
        }
    }
}
