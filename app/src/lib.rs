//! Throughline's user interface and the server functions behind it. Built twice:
//! with `ssr` into the server (rendering HTML, answering server functions) and with
//! `hydrate` into the browser bundle (taking over the rendered HTML).

pub mod board_view;
pub mod boards;
mod components;
pub mod domain;
pub mod error;
mod pages;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod store;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app; the server renders it for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();

    // Async rendering sends each page complete, so it reads the same with
    // JavaScript off as it does once the WebAssembly has taken over.
    view! {
        <Stylesheet id="leptos" href="/pkg/throughline.css" />
        <Title text="Throughline" />
        <Router>
            <components::NavBar />
            <main>
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::PortfolioPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/teams/:team_id")
                        view=pages::TeamBoardPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// Sets `data-hydrated` on `<body>` once the WebAssembly runs: effects never run on
/// the server, so the attribute tells people and browser tests that clicks now work.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
