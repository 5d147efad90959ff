use leptos::prelude::*;
use leptos_meta::Title;

/// Any path no route matches; answered with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::AppError::not_found("page").answer();
    view! {
        <Title text="Not found · Throughline" />
        <h1>"Page not found"</h1>
        <p>
            <a href="/">"Back to the portfolio"</a>
        </p>
    }
}
