//! Throughline's user interface and the server functions behind it. Built twice:
//! with `ssr` into the server (rendering HTML, answering server functions) and with
//! `hydrate` into the browser bundle (taking over the rendered HTML).

pub mod api;
mod components;
pub mod domain;
pub mod error;
mod loaded;
mod pages;
pub mod views;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod store;

use domain::hierarchy::ItemKind;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The tab's icon, a line through a square, written into each page's head: without
/// one a browser asks for `/favicon.ico` on every new tab, and logs the 404.
const ICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' \
    viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23234e70'/%3E\
    %3Cpath d='M2 9h12' stroke='%23fff' stroke-width='2'/%3E%3C/svg%3E";

/// The HTML document around the app; the server renders it for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Named like the bundle's scripts: a new build is a new address.
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" href=ICON />
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
    components::provide_posted_error();
    #[cfg(feature = "ssr")]
    allow_this_pages_scripts();

    // Async rendering sends each page complete, so it reads the same with
    // JavaScript off as it does once the WebAssembly has taken over.
    view! {
        <components::PageTitle text="Throughline" />
        <Router>
            <components::NavBar />
            <components::Shortcuts />
            <main>
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::PortfolioPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=pages::SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/setup") view={Lazy::<pages::lazy::Setup>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<pages::lazy::Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/webhooks") view={Lazy::<pages::lazy::Webhooks>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/my-work") view=pages::MyWorkPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view={Lazy::<pages::lazy::Users>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/import") view={Lazy::<pages::lazy::Import>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/import/:upload_id")
                        view={Lazy::<pages::lazy::ImportPreview>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/activity") view={Lazy::<pages::lazy::Activity>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/strategy") view={Lazy::<pages::lazy::Strategy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/roadmap") view={Lazy::<pages::lazy::Roadmap>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/dependencies")
                        view={Lazy::<pages::lazy::DependencyMap>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/dashboard") view={Lazy::<pages::lazy::Dashboard>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/metrics") view={Lazy::<pages::lazy::Metrics>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/metrics/:metric_id")
                        view={Lazy::<pages::lazy::Metric>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/boards/:board_id/limits")
                        view={Lazy::<pages::lazy::WipLimits>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/reports/wip") view={Lazy::<pages::lazy::WipReport>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/products/:product_id")
                        view=pages::ProductBoardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/epics/:item_id")
                        view=|| view! { <pages::ItemPage kind=ItemKind::Epic /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/features/:item_id")
                        view=|| view! { <pages::ItemPage kind=ItemKind::Feature /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/work-items/:item_id")
                        view=|| view! { <pages::ItemPage kind=ItemKind::WorkItem /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/boards/:board_id/metrics")
                        view={Lazy::<pages::lazy::BoardMetrics>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/teams/:team_id/columns")
                        view={Lazy::<pages::lazy::Columns>::new()}
                        ssr=SsrMode::Async
                    />
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

/// Sends the page's Content-Security-Policy with this response's script nonce.
#[cfg(feature = "ssr")]
fn allow_this_pages_scripts() {
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let policy = security::content_security_policy(nonce.as_deref());
    if let (Some(response), Ok(policy)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&policy),
    ) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
    }
}

/// Sets `data-hydrated` on `<body>`: called by the browser's entry point once the
/// whole page is taken over (a lazy page's part included), so the attribute tells
/// people and browser tests that clicks now work.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
