//! `/api/v1/webhooks`: subscriptions of URLs to events, with their latest
//! deliveries, made and ended through the webhooks page's own server functions.

use app::security::guard::RequestIdentity;
use app::views::webhooks::{DeliveryView, SubscriptionView};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::forms::object;
use super::keys::key_schema;
use super::problem::{CallRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM};
use super::{as_server_function, json_or_problem};
use crate::startup::AppState;
use app::domain::webhook::{DeliveryState, EventType};

fn event_types() -> utoipa::openapi::Object {
    key_schema(EventType::ALL.iter().map(|event| event.key()))
}

fn delivery_states() -> utoipa::openapi::Object {
    key_schema(DeliveryState::ALL.iter().map(|state| state.key()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    #[schema(schema_with = event_types_list)]
    pub events: Vec<&'static str>,
    /// Only this team's events; `null`: the whole workspace's.
    pub team_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<Delivery>,
}

fn event_types_list() -> utoipa::openapi::Array {
    utoipa::openapi::Array::new(event_types())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    /// The same on every try: the receiver's idempotency key.
    pub id: Uuid,
    #[schema(schema_with = event_types)]
    pub event: String,
    #[schema(schema_with = delivery_states)]
    pub state: &'static str,
    pub attempts: i32,
    /// The receiver's status on the last try.
    pub response_status: Option<i32>,
    /// Why the last try failed.
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When a pending delivery is tried next.
    pub next_attempt_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Webhooks {
    pub webhooks: Vec<Webhook>,
}

/// A new subscription: the signing secret is shown here once, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    pub secret: String,
    pub webhook: Webhook,
}

/// A subscription's body. Documents it: the handler reads a JSON object, so a
/// refusal names its field.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct NewWebhook {
    /// An `http` or `https` URL, without credentials.
    url: String,
    /// At least one event type.
    #[schema(schema_with = event_types_list)]
    events: Vec<String>,
    /// Only this team's events (team members subscribe for their teams);
    /// absent or `null`: the whole workspace's (admins).
    team_id: Option<Uuid>,
}

fn webhook(view: SubscriptionView) -> Webhook {
    Webhook {
        id: view.id,
        url: view.url,
        events: view.events.iter().map(|event| event.key()).collect(),
        team_id: view.team.map(|team| team.id),
        created_at: view.created_at,
        deliveries: view.deliveries.into_iter().map(delivery).collect(),
    }
}

fn delivery(view: DeliveryView) -> Delivery {
    Delivery {
        id: view.id,
        event: view.event,
        state: view.state.key(),
        attempts: view.attempts,
        response_status: view.response_status,
        failure: view.failure,
        created_at: view.created_at,
        next_attempt_at: view.next_attempt_at,
        finished_at: view.finished_at,
    }
}

/// Refuses, before the body is read, a caller who may manage no subscription at
/// all (neither the workspace's nor any of their teams').
fn may_manage_webhooks(identity: &RequestIdentity) -> Result<(), Problem> {
    use app::domain::access::Action;
    let workspace = crate::security::authorize(identity, Action::ManageWebhooks { team: None });
    let teams = identity
        .principal
        .iter()
        .flat_map(|principal| &principal.teams);
    if workspace.is_err()
        && teams.clone().any(|team| {
            crate::security::authorize(identity, Action::ManageWebhooks { team: Some(*team) })
                .is_ok()
        })
    {
        return Ok(());
    }
    workspace.map_err(Problem::from)
}

fn id_in_path(raw: &str, what: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(raw).map_err(|_| Problem::from(app::error::AppError::not_found(what)))
}

/// The webhook subscriptions you may manage (admins: all; team members: their
/// teams'), each with its latest deliveries.
#[utoipa::path(
    get, path = "/webhooks", tag = "webhooks",
    responses((status = 200, description = "The subscriptions", body = Webhooks), CallRefusals)
)]
pub async fn list_webhooks(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
) -> Response {
    let listed = async {
        may_manage_webhooks(&identity)?;
        let page = as_server_function(&state, parts, app::api::webhooks::webhooks()).await?;
        Ok::<_, Problem>(Webhooks {
            webhooks: page.subscriptions.into_iter().map(webhook).collect(),
        })
    };
    json_or_problem(listed.await)
}

/// Subscribe a URL to events. The answer holds the signing secret, once.
#[utoipa::path(
    post, path = "/webhooks", tag = "webhooks",
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Subscribed; `Location` is its address", body = CreatedWebhook,
            headers(("Location" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such team", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_webhook(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        may_manage_webhooks(&identity)?;
        let mut fields = object(&body)?;
        if let Some(unknown) = fields
            .keys()
            .find(|key| !["url", "events", "team_id"].contains(&key.as_str()))
        {
            return Err(Problem::invalid(
                unknown,
                format!("there is no field “{unknown}”"),
            ));
        }
        let url = match fields.remove("url") {
            Some(Value::String(url)) => url,
            None | Some(Value::Null) => {
                return Err(Problem::invalid("url", "give the URL to deliver to"))
            }
            Some(_) => return Err(Problem::invalid("url", "the URL must be a string")),
        };
        let events = match fields.remove("events") {
            Some(Value::Array(events)) => events
                .into_iter()
                .map(|event| match event {
                    Value::String(key) => Ok(key),
                    _ => Err(Problem::invalid(
                        "events",
                        "each event is a string such as “item.moved”",
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?,
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                return Err(Problem::invalid(
                    "events",
                    "events is a list of event types",
                ))
            }
        };
        let team_id = match fields.remove("team_id") {
            None | Some(Value::Null) => None,
            Some(Value::String(team)) => Some(team),
            Some(_) => return Err(Problem::invalid("team_id", "team_id is a team's id")),
        };
        let created = as_server_function(
            &state,
            parts,
            app::api::webhooks::create_webhook(url, events, team_id),
        )
        .await?;
        Ok(CreatedWebhook {
            secret: created.secret,
            webhook: webhook(created.subscription),
        })
    };
    match made.await {
        Ok(created) => {
            let location = format!("/api/v1/webhooks/{}", created.webhook.id);
            let mut response = (StatusCode::CREATED, Json(created)).into_response();
            if let Ok(location) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        Err(problem) => problem.into_response(),
    }
}

/// One subscription with its latest deliveries.
#[utoipa::path(
    get, path = "/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 200, description = "The subscription", body = Webhook),
        (status = 404, description = "No such subscription", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_webhook(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
) -> Response {
    let read = async {
        may_manage_webhooks(&identity)?;
        let id = id_in_path(&raw_id, "that webhook subscription")?;
        let view = as_server_function(&state, parts, app::api::webhooks::webhook(id)).await?;
        Ok::<_, Problem>(webhook(view))
    };
    json_or_problem(read.await)
}

/// End a subscription; its deliveries go with it, sent or not.
#[utoipa::path(
    delete, path = "/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "No such subscription", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn delete_webhook(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
) -> Response {
    let ended = async {
        may_manage_webhooks(&identity)?;
        let id = id_in_path(&raw_id, "that webhook subscription")?;
        Ok::<_, Problem>(
            as_server_function(&state, parts, app::api::webhooks::delete_webhook(id)).await?,
        )
    };
    match ended.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// Send a delivery again, as soon as a worker is free, its tries counted afresh
/// (it keeps its id).
#[utoipa::path(
    post, path = "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", tag = "webhooks",
    params(("webhook_id" = Uuid, Path, description = "The subscription"),
        ("delivery_id" = Uuid, Path, description = "The delivery")),
    responses(
        (status = 202, description = "Due again"),
        (status = 404, description = "No such subscription or delivery", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn redeliver(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((raw_webhook, raw_delivery)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let again = async {
        may_manage_webhooks(&identity)?;
        let webhook = id_in_path(&raw_webhook, "that webhook subscription")?;
        let delivery = id_in_path(&raw_delivery, "that delivery")?;
        Ok::<_, Problem>(
            as_server_function(
                &state,
                parts,
                app::api::webhooks::redeliver_webhook(webhook, delivery),
            )
            .await?,
        )
    };
    match again.await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_body_is_the_one_read() {
        use crate::rest::forms::{documented_fields, sorted};
        assert_eq!(
            documented_fields::<NewWebhook>(),
            sorted(["url", "events", "team_id"])
        );
    }
}
