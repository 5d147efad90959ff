//! `/api/v1/visions` and `/api/v1/themes`: the vision and its strategic themes,
//! the top of the chain every epic hangs under (`parent_id` of an epic names a
//! theme), read, written and changed (`If-Match`) through the strategy page's
//! own server functions.

use app::domain::access::Action;
use app::domain::planning::StrategyForm;
use app::entities::{strategic_theme, vision};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use super::forms::{object, written_over, Typed};
use super::preconditions::{if_match, versioned};
use super::problem::{
    CallRefusals, ChangeRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM,
};
use super::{as_server_function, json_or_problem, read_allowed};
use crate::startup::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Vision {
    pub id: Uuid,
    pub title: String,
    pub statement: String,
    /// In their rank order.
    pub themes: Vec<Theme>,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Theme {
    pub id: Uuid,
    pub title: String,
    pub statement: String,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Visions {
    pub visions: Vec<Vision>,
}

fn theme_of(theme: strategic_theme::Model) -> Theme {
    Theme {
        id: theme.id,
        title: theme.title,
        statement: theme.description,
        version: theme.version,
    }
}

fn vision_of((vision, themes): (vision::Model, Vec<strategic_theme::Model>)) -> Vision {
    Vision {
        id: vision.id,
        title: vision.title,
        statement: vision.statement,
        themes: themes.into_iter().map(theme_of).collect(),
        version: vision.version,
    }
}

async fn visions(state: &AppState) -> Result<Vec<Vision>, Problem> {
    let all = app::store::vision::all(&state.db)
        .await
        .map_err(AppError::from)?;
    Ok(all.into_iter().map(vision_of).collect())
}

/// The vision of the path.
async fn found_vision(state: &AppState, raw_id: &str) -> Result<Vision, Problem> {
    let id = Uuid::parse_str(raw_id).ok();
    visions(state)
        .await?
        .into_iter()
        .find(|vision| Some(vision.id) == id)
        .ok_or_else(|| AppError::not_found("that vision").into())
}

/// The theme of the path, with the vision it is under.
async fn found_theme(state: &AppState, raw_id: &str) -> Result<(Uuid, Theme), Problem> {
    let id = Uuid::parse_str(raw_id).ok();
    visions(state)
        .await?
        .into_iter()
        .flat_map(|vision| {
            let under = vision.id;
            vision.themes.into_iter().map(move |theme| (under, theme))
        })
        .find(|(_, theme)| Some(theme.id) == id)
        .ok_or_else(|| AppError::not_found("that theme").into())
}

/// Visions and themes are the strategists': who may not is told so before the
/// body is read.
fn may_edit_strategy(identity: &RequestIdentity) -> Result<(), Problem> {
    crate::security::authorize(identity, Action::EditStrategy).map_err(Problem::from)
}

/// The fields of a vision or theme a client writes (the form's own names).
const FIELDS: &[&str] = &["title", "statement"];

/// A vision or theme as a client writes it.
// The document's description of the body: the handlers read it as a JSON
// object, so that each refusal names the field at fault.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct StrategyFields {
    #[schema(min_length = 1, max_length = 200)]
    title: Option<String>,
    /// The vision's statement, or what the theme stresses.
    statement: Option<String>,
}

fn strategy_form(base: StrategyForm, fields: &Map<String, Value>) -> Result<StrategyForm, Problem> {
    written_over(&base, fields, |name| {
        FIELDS
            .iter()
            .find(|field| **field == name)
            .map(|field| (*field, Typed::Text))
            .ok_or_else(|| {
                Problem::invalid(name, format!("visions and themes have no field {name}"))
            })
    })
}

/// `body` as answered, with the `ETag` of `version` (and `location` when made).
fn answer<T: Serialize>(status: StatusCode, read: Result<(T, i32, String), Problem>) -> Response {
    match read {
        Ok((body, version, location)) => versioned(status, body, version, &location),
        Err(problem) => problem.into_response(),
    }
}

fn vision_answer(vision: Vision) -> (Vision, i32, String) {
    let (version, location) = (vision.version, format!("/api/v1/visions/{}", vision.id));
    (vision, version, location)
}

fn theme_answer(theme: Theme) -> (Theme, i32, String) {
    let (version, location) = (theme.version, format!("/api/v1/themes/{}", theme.id));
    (theme, version, location)
}

/// List the visions with their strategic themes.
#[utoipa::path(
    get, path = "/visions", tag = "strategy",
    responses((status = 200, description = "The visions and their themes", body = Visions), CallRefusals)
)]
pub async fn list_visions(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        Ok::<_, Problem>(Visions {
            visions: visions(&state).await?,
        })
    };
    json_or_problem(listed.await)
}

/// Write the workspace's vision (there is one: 409 when it exists).
#[utoipa::path(
    post, path = "/visions", tag = "strategy",
    request_body = StrategyFields,
    responses(
        (status = 201, description = "Written; `Location` is its address", body = Vision,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 409, description = "The workspace has its vision: change it", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_vision(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        may_edit_strategy(&identity)?;
        let form = strategy_form(StrategyForm::default(), &object(&body)?)?;
        let save = app::api::planning::save_vision(None, None, form);
        let id = as_server_function(&state, parts, save).await?;
        found_vision(&state, &id).await.map(vision_answer)
    };
    answer(StatusCode::CREATED, made.await)
}

/// Read the vision with its themes, and its `ETag`.
#[utoipa::path(
    get, path = "/visions/{vision_id}", tag = "strategy",
    params(("vision_id" = Uuid, Path, description = "The vision")),
    responses(
        (status = 200, description = "The vision", body = Vision, headers(("ETag" = String))),
        (status = 404, description = "No such vision", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_vision(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let read = async {
        read_allowed(&identity)?;
        found_vision(&state, &raw_id).await.map(vision_answer)
    };
    answer(StatusCode::OK, read.await)
}

/// Change the vision's title or statement.
#[utoipa::path(
    patch, path = "/visions/{vision_id}", tag = "strategy",
    params(("vision_id" = Uuid, Path, description = "The vision"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = StrategyFields,
    responses(
        (status = 200, description = "Changed", body = Vision, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_vision(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        may_edit_strategy(&identity)?;
        let saved = found_vision(&state, &raw_id).await?;
        let version = if_match(&parts.headers, saved.version)?;
        let base = StrategyForm {
            title: saved.title,
            statement: saved.statement,
        };
        let form = strategy_form(base, &object(&body)?)?;
        let save = app::api::planning::save_vision(Some(saved.id.to_string()), Some(version), form);
        let id = as_server_function(&state, parts, save).await?;
        found_vision(&state, &id).await.map(vision_answer)
    };
    answer(StatusCode::OK, changed.await)
}

/// Add a strategic theme under the vision, last in rank.
#[utoipa::path(
    post, path = "/visions/{vision_id}/themes", tag = "strategy",
    params(("vision_id" = Uuid, Path, description = "The vision")),
    request_body = StrategyFields,
    responses(
        (status = 201, description = "Added; `Location` is its address", body = Theme,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such vision", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_theme(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_vision): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        may_edit_strategy(&identity)?;
        let vision = found_vision(&state, &raw_vision).await?;
        let form = strategy_form(StrategyForm::default(), &object(&body)?)?;
        let save = app::api::planning::save_theme(vision.id, None, None, form);
        let id = as_server_function(&state, parts, save).await?;
        found_theme(&state, &id)
            .await
            .map(|(_, theme)| theme_answer(theme))
    };
    answer(StatusCode::CREATED, made.await)
}

/// Read a strategic theme, and its `ETag`.
#[utoipa::path(
    get, path = "/themes/{theme_id}", tag = "strategy",
    params(("theme_id" = Uuid, Path, description = "The theme")),
    responses(
        (status = 200, description = "The theme", body = Theme, headers(("ETag" = String))),
        (status = 404, description = "No such theme", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_theme(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let read = async {
        read_allowed(&identity)?;
        found_theme(&state, &raw_id)
            .await
            .map(|(_, theme)| theme_answer(theme))
    };
    answer(StatusCode::OK, read.await)
}

/// Change a strategic theme's title or statement.
#[utoipa::path(
    patch, path = "/themes/{theme_id}", tag = "strategy",
    params(("theme_id" = Uuid, Path, description = "The theme"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = StrategyFields,
    responses(
        (status = 200, description = "Changed", body = Theme, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_theme(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        may_edit_strategy(&identity)?;
        let (vision, saved) = found_theme(&state, &raw_id).await?;
        let version = if_match(&parts.headers, saved.version)?;
        let base = StrategyForm {
            title: saved.title,
            statement: saved.statement,
        };
        let form = strategy_form(base, &object(&body)?)?;
        let id = saved.id.to_string();
        let save = app::api::planning::save_theme(vision, Some(id), Some(version), form);
        let id = as_server_function(&state, parts, save).await?;
        found_theme(&state, &id)
            .await
            .map(|(_, theme)| theme_answer(theme))
    };
    answer(StatusCode::OK, changed.await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_fields_are_the_written_ones() {
        use crate::rest::forms::{documented_fields, sorted};
        assert_eq!(
            documented_fields::<StrategyFields>(),
            sorted(FIELDS.iter().copied())
        );
    }
}
