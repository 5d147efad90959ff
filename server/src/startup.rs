//! Building the application: database, migrations, demo data, router, listener.

use app::security::cookie::CookiePolicy;
use app::store::events::EventHub;
use axum::{
    extract::DefaultBodyLimit,
    extract::FromRef,
    middleware::{from_fn, from_fn_with_state},
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower_http::{
    compression::{
        predicate::{DefaultPredicate, NotForContentType, Predicate},
        CompressionLayer, CompressionLevel,
    },
    limit::RequestBodyLimitLayer,
    timeout::RequestBodyTimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    api_errors, assets, config::Config, csv_export, database, database_download, demo,
    error::StartupError, health, import, ingest, live, page_cache, page_cache::PageCache,
    posted_errors, rest, security, serve,
};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub cookie_policy: CookiePolicy,
    /// Visitors who are not signed in read as guests.
    pub guest_read: bool,
    /// Wakes this process's live board streams.
    pub events: EventHub,
    /// Each API token's requests this minute.
    pub api_limiter: rest::rate_limit::RateLimiter,
    /// Board pages as rendered, until the data changes.
    pub pages: PageCache,
}

/// What every server function finds in its context: the database, the cookie
/// policy and the event hub (the request itself is provided by its caller).
pub fn provide_request_context(state: &AppState) {
    provide_context(state.db.clone());
    provide_context(state.cookie_policy);
    provide_context(state.events.clone());
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Largest request body: forms are a few kilobytes, telemetry batches up to this.
pub const BODY_MAX: usize = ingest::MAX_BODY;

/// The level pages and answers are compressed at as they are sent: brotli's
/// quality 2 (gzip's level 2 for a browser without brotli). Assets are
/// compressed once, at build time, at the highest.
const DYNAMIC_COMPRESSION_QUALITY: i32 = 2;

/// A server bound to its port, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    request_timeout: std::time::Duration,
    events: EventHub,
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let db = database::connect(&config).await?;
        database::migrate(&db).await?;
        app::store::setup::ensure_portfolio_board(&db, chrono::Utc::now())
            .await
            .map_err(StartupError::Bootstrap)?;
        if config.demo
            && demo::load_if_empty(&db, chrono::Utc::now())
                .await
                .map_err(StartupError::Demo)?
        {
            tracing::info!("loaded the demo portfolio into the empty database");
            crate::memory::hand_back_free_memory();
        }
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let leptos_options = LeptosOptions::builder()
            .output_name(assets::FILE_STEM)
            .site_root(config.site_root.as_str())
            .site_pkg_dir(assets::bundle_dir(&config.site_root))
            .site_addr(config.addr)
            .build();
        let cookie_policy = CookiePolicy {
            secure: config.secure_cookies,
            max_age_seconds: i64::from(config.session_hours) * 3600,
        };
        let events = EventHub::default();
        live::start(&db, &events);
        crate::webhooks::start(&db, &events, config.webhooks);
        Ok(Application {
            listener,
            router: router(
                AppState {
                    leptos_options,
                    db,
                    cookie_policy,
                    guest_read: config.guest_read,
                    events: events.clone(),
                    api_limiter: rest::rate_limit::RateLimiter::new(config.api_rate_limit),
                    pages: PageCache::new(config.page_cache_bytes),
                },
                config.request_timeout,
            ),
            request_timeout: config.request_timeout,
            events,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> Result<(), StartupError> {
        let events = self.events;
        let shutdown = async move {
            shutdown_signal().await;
            // Open event streams would keep their connections busy until the
            // drain time runs out.
            events.close();
        };
        serve::serve(self.listener, self.router, self.request_timeout, shutdown).await;
        Ok(())
    }
}

fn router(state: AppState, request_timeout: std::time::Duration) -> Router {
    let routes = route_list().to_vec();
    let provide_request_context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    // Layers run outside-in from the last one added: trace, body timeout,
    // headers, CSRF, identity, the sign-in requirement, a refused post's error kept
    // out of the address, board pages answered from memory, compression, the
    // error's status, the body limit, then the route.
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/boards/{board_id}/cards.csv", get(csv_export::cards_csv))
        .route("/reports/wip.csv", get(csv_export::wip_report_csv))
        .route("/admin/export.json", get(database_download::export_json))
        .merge(rest::router())
        // The built assets, served apart from leptos: its file handler runs under a
        // fresh reactive owner that can inherit a page render's owner on the same
        // thread, and then hands that page's response headers (its
        // Content-Security-Policy with the script nonce) to the file's response,
        // leaving the page without them and its scripts blocked.
        .nest_service(
            "/pkg",
            assets::bundle_files(&state.leptos_options.site_root),
        )
        .leptos_routes_with_context(&state, routes, provide_request_context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_request_context, app::shell))
        .layer(RequestBodyLimitLayer::new(BODY_MAX))
        // An import's file is far larger than any form: its route has its own limit.
        .merge(Router::new().route(
            app::views::import::UPLOAD_PATH,
            // Read through axum's limit, so a file too large is told on the form.
            post(import::upload::receive).layer(DefaultBodyLimit::max(import::upload::BODY_MAX)),
        ))
        .layer(from_fn(api_errors::status_from_error))
        // Pages and answers compressed as the browser accepts (brotli, else gzip),
        // inside the page cache, which keeps a page compressed.
        // Event streams never are (each event must leave at once), nor the
        // WebAssembly: a release build stores it compressed already, and
        // compressing the tens of megabytes of a test build on every load would
        // cost more than sending it. Brotli at quality 2, not tower-http's 4: on
        // a 500-card board's 135 KB page it took a quarter of the page's CPU at
        // 4 (about 6 ms), and 2 makes the same size in a third of the time.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(DYNAMIC_COMPRESSION_QUALITY))
                .compress_when(
                    DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
                ),
        )
        .layer(from_fn_with_state(
            state.clone(),
            page_cache::answer_from_memory,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            posted_errors::keep_out_of_the_address,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            rest::rate_limit::limit_tokens,
        ))
        .layer(from_fn_with_state(state.clone(), security::require_sign_in))
        .layer(from_fn_with_state(state.clone(), security::identify))
        .layer(from_fn(security::refuse_cross_site_writes))
        .layer(from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .layer(RequestBodyTimeoutLayer::new(request_timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The app's pages, listed once per process, before any server built here serves.
/// While leptos lists them it holds every resource in the process that starts
/// loading, for good (leptos issue #4773): a second server built later in the same
/// process (each HTTP test builds one) would hang pages another one is rendering.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
