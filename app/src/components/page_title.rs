//! The document's `<title>`, the one place page titles are set.

use leptos::prelude::*;

use super::server_escape::escaped_on_server;

#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <leptos_meta::Title text=escaped_on_server(text) /> }
}
