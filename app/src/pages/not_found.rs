use crate::components::PageTitle;
use leptos::prelude::*;

/// Any path no route matches; answered with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::AppError::not_found("page").set_page_status();
    view! {
        <PageTitle text="Not found · Throughline" />
        <h1>"Page not found"</h1>
        <p>
            <a href="/">"Back to the portfolio"</a>
        </p>
    }
}
