//! The public REST API, `/api/v1`: JSON resources for integrators, called with
//! API tokens (`Authorization: Bearer …`). Each route is declared once, with its
//! OpenAPI description on its handler, so the document served at
//! `/api/v1/openapi.json` cannot drift from the router; `/api/v1/docs/` is its
//! interactive reference, served from files vendored in the build.
//!
//! Refusals are RFC 9457 problem details; single reads carry an `ETag` and
//! changes need `If-Match`; lists are paged by cursor; each token has a rate
//! limit.

mod boards;
mod flow;
mod forms;
mod items;
mod keys;
mod limits;
mod metrics;
mod paging;
mod preconditions;
pub mod problem;
pub mod rate_limit;
mod strategy;
mod telemetry;
mod users;
mod webhooks;

use std::future::Future;

use app::domain::access::Action;
use app::security::guard::RequestIdentity;
use axum::http::request::Parts;
use axum::Router;
use leptos::prelude::{provide_context, Owner};
use leptos::reactive::computed::ScopedFuture;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::SwaggerUi;

use crate::startup::AppState;
use problem::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Throughline API",
        version = "1",
        description = "Portfolio kanban items, boards and telemetry for integrators. \
            Call with an API token made on your account page: `Authorization: Bearer <token>`. \
            A token does what its capabilities allow and its owner may do. Refusals are \
            RFC 9457 problem details naming the field at fault; single reads carry an \
            `ETag`, and changes must send it back in `If-Match` (412 when the item has \
            changed since). Lists are paged: pass `next_cursor` as `cursor`.",
        license(name = "MIT")
    ),
    modifiers(&TokenAuth),
    security(("token" = [])),
    tags(
        (name = "items", description = "Epics, features and work items: one resource with a kind"),
        (name = "boards", description = "Boards with their columns and WIP limits, teams and products"),
        (name = "strategy", description = "The vision and its strategic themes"),
        (name = "metrics", description = "Outcome metrics, their measurements, and the items that claim to move them"),
        (name = "users", description = "Accounts (admins)"),
        (name = "webhooks", description = "URLs subscribed to events: each delivery is signed (`Throughline-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`), carries its id in `Throughline-Webhook-Id` (the same on every try), and is tried up to 8 times, 30 s apart and then twice as long each time"),
        (name = "telemetry", description = "Measurements, deployments and incidents sent by machines"),
        (name = "live", description = "Server-sent event streams of live changes"),
    )
)]
struct ApiDoc;

struct TokenAuth;

impl Modify for TokenAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token made on the account page"))
                    .build(),
            ),
        );
    }
}

/// The API's routes, its OpenAPI document and its reference page.
pub fn router() -> Router<AppState> {
    let api = OpenApiRouter::new()
        .routes(routes!(items::list_items, items::create_item))
        .routes(routes!(
            items::get_item,
            items::patch_item,
            items::delete_item
        ))
        .routes(routes!(items::move_item))
        .routes(routes!(boards::list_boards))
        .routes(routes!(boards::get_board))
        .routes(routes!(limits::add_limit))
        .routes(routes!(
            limits::get_limit,
            limits::patch_limit,
            limits::remove_limit
        ))
        .routes(routes!(flow::board_flow))
        .routes(routes!(boards::list_teams))
        .routes(routes!(boards::list_products))
        .routes(routes!(strategy::list_visions, strategy::create_vision))
        .routes(routes!(strategy::get_vision, strategy::patch_vision))
        .routes(routes!(strategy::create_theme))
        .routes(routes!(strategy::get_theme, strategy::patch_theme))
        .routes(routes!(metrics::list_metrics, metrics::create_metric))
        .routes(routes!(metrics::get_metric, metrics::patch_metric))
        .routes(routes!(
            metrics::list_measurements,
            crate::ingest::measurements
        ))
        .routes(routes!(metrics::list_claims))
        .routes(routes!(metrics::claim, metrics::withdraw_claim))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user, users::patch_user))
        .routes(routes!(users::join_team, users::leave_team))
        .routes(routes!(users::manage_product, users::drop_product))
        .routes(routes!(webhooks::list_webhooks, webhooks::create_webhook))
        .routes(routes!(webhooks::get_webhook, webhooks::delete_webhook))
        .routes(routes!(webhooks::redeliver))
        .routes(routes!(
            telemetry::list_deployments,
            crate::ingest::deployments
        ))
        .routes(routes!(telemetry::list_incidents, crate::ingest::incidents))
        .routes(routes!(crate::live::board_events))
        .routes(routes!(crate::live::all_board_events))
        .routes(routes!(crate::live::metric_events));
    let (routes, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", api)
        .split_for_parts();
    use app::views::tokens::{API_DOCUMENT, API_REFERENCE_PAGE};
    let reference =
        SwaggerUi::new(API_REFERENCE_PAGE.trim_end_matches('/')).url(API_DOCUMENT, document);
    routes.merge(Router::from(reference).layer(axum::middleware::map_response(allow_inline_styles)))
}

/// Swagger UI sets style attributes as it draws; the app's policy allows none.
/// Scripts stay as strict as everywhere (the reference's are its own files), and
/// what it shows of the API's answers React escapes, so no one's text can bring
/// a style in.
async fn allow_inline_styles(mut response: axum::response::Response) -> axum::response::Response {
    let policy = app::security::content_security_policy(None)
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    if let Ok(policy) = axum::http::HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Reads need a principal that may read: a token, a session, or a guest where
/// guests may read.
fn read_allowed(identity: &RequestIdentity) -> Result<(), Problem> {
    crate::security::authorize(identity, Action::Read).map_err(Problem::from)
}

/// The answer as JSON, or the problem.
fn json_or_problem<T: serde::Serialize>(answer: Result<T, Problem>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match answer {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// Runs `work` as a server function runs: with the request (its identity), the
/// database and the event hub in context. The API calls the browser's own
/// server functions for its changes, so each rule, check, audit row and live
/// update is written once.
async fn as_server_function<T>(state: &AppState, parts: Parts, work: impl Future<Output = T>) -> T {
    // A root of its own: a child would inherit whatever owner a page render
    // left current on this thread, and look up its context through it.
    let owner = Owner::new_root(None);
    owner.with(|| {
        provide_context(parts);
        crate::startup::provide_request_context(state);
    });
    owner.with(|| ScopedFuture::new(work)).await
}
