use leptos::prelude::*;

/// Fallback of an `<ErrorBoundary>`: every error, as the sentence it carries. On
/// the server, the page answers with the status of the gravest of them.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    errors.with_untracked(|errors| {
        errors
            .iter()
            .filter_map(|(_, error)| error.downcast_ref::<crate::error::AppError>())
            .max_by_key(|error| error.status_code())
            .inspect(|error| error.set_page_status());
    });
    view! {
        <div class="error" role="alert">
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
