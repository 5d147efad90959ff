//! `/api/v1/boards/{board_id}/limits`: a board's WIP limits added, read,
//! changed (`If-Match`) and removed through the WIP settings page's own server
//! functions, under the same rules (one limit per scope, columns of the board).

use app::domain::access::Action;
use app::domain::wip::LimitForm;
use app::entities::{board, wip_limit};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use super::boards::WipLimit;
use super::forms::{object, written_over, Typed};
use super::preconditions::{if_match, versioned};
use super::problem::{
    CallRefusals, ChangeRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM,
};
use super::{as_server_function, read_allowed};
use crate::startup::AppState;

/// The fields of a limit a client writes, and each one's name in the form.
const FIELDS: &[(&str, &str)] = &[
    ("scope", "kind"),
    ("column_id", "column_id"),
    ("last_column_id", "last_column_id"),
    ("class_of_service", "class_of_service"),
    ("person", "person"),
    ("max", "max"),
    ("enforcement", "enforcement"),
];

/// A limit as a client writes it.
// The document's description of the body: the handlers read it as a JSON
// object, so that each refusal names the field at fault.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct LimitFields {
    /// `column`, `group` (columns from `column_id` to `last_column_id`), `lane`
    /// (a class of service in a column, or the board without `column_id`),
    /// `person` or `board`.
    scope: Option<String>,
    column_id: Option<Uuid>,
    last_column_id: Option<Uuid>,
    class_of_service: Option<String>,
    /// As cards name their assignee.
    person: Option<String>,
    #[schema(minimum = 1)]
    max: Option<u32>,
    /// `soft` (the default when adding: a move over it needs a reason) or `hard`.
    enforcement: Option<String>,
}

fn limit_form(base: &LimitForm, fields: &Map<String, Value>) -> Result<LimitForm, Problem> {
    written_over(base, fields, |name| {
        FIELDS
            .iter()
            .find(|(api, _)| *api == name)
            .map(|(_, form)| (*form, Typed::Text))
            .ok_or_else(|| Problem::invalid(name, format!("WIP limits have no field {name}")))
    })
}

/// A refusal from the form's rules or the store, naming the API's field.
fn refusal(error: AppError) -> Problem {
    let mut problem = Problem::from(error);
    problem.field = problem.field.map(|field| {
        FIELDS
            .iter()
            .find(|(_, form)| *form == field)
            .map_or(field.clone(), |(api, _)| (*api).to_owned())
    });
    problem
}

/// The board of the path, if the caller may change its limits: checked before
/// the body is read, so a caller who may not is told so.
async fn changeable(
    state: &AppState,
    identity: &RequestIdentity,
    raw_board: &str,
) -> Result<board::Model, Problem> {
    read_allowed(identity)?;
    let id = Uuid::parse_str(raw_board).map_err(|_| AppError::not_found("that board"))?;
    let board = app::store::boards::find(&state.db, id)
        .await
        .map_err(AppError::from)?;
    let action: Action =
        app::store::items::edit_action(board.kind.cards(), &board).map_err(AppError::from)?;
    crate::security::authorize(identity, action)?;
    Ok(board)
}

/// The limit `raw_limit` of `board`.
async fn found(
    state: &AppState,
    board: Uuid,
    raw_limit: &str,
) -> Result<wip_limit::Model, Problem> {
    let missing = || Problem::from(AppError::not_found("that WIP limit"));
    let id = Uuid::parse_str(raw_limit).map_err(|_| missing())?;
    app::store::wip::limit_rows(&state.db, board)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .find(|limit| limit.id == id)
        .ok_or_else(missing)
}

/// The limit as answered, with its `ETag` (and its address when just made).
fn answer(status: StatusCode, read: Result<wip_limit::Model, Problem>) -> Response {
    match read {
        Ok(limit) => {
            let version = limit.version;
            let location = format!("/api/v1/boards/{}/limits/{}", limit.board_id, limit.id);
            versioned(status, WipLimit::from(limit), version, &location)
        }
        Err(problem) => problem.into_response(),
    }
}

/// Add a WIP limit to a board (who may change its cards may).
#[utoipa::path(
    post, path = "/boards/{board_id}/limits", tag = "boards",
    params(("board_id" = Uuid, Path, description = "The board")),
    request_body = LimitFields,
    responses(
        (status = 201, description = "Added; `Location` is its address", body = WipLimit,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule, or names a column of another board (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such board", body = ProblemDetails, content_type = PROBLEM),
        (status = 409, description = "The board already has a limit of that scope", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn add_limit(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_board): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let added = async {
        let board = changeable(&state, &identity, &raw_board).await?;
        let blank = LimitForm {
            enforcement: "soft".into(),
            ..LimitForm::default()
        };
        let form = limit_form(&blank, &object(&body)?)?;
        let save = app::api::wip::save_wip_limit(board.id, None, None, form);
        let id = as_server_function(&state, parts, save)
            .await
            .map_err(refusal)?;
        found(&state, board.id, &id).await
    };
    answer(StatusCode::CREATED, added.await)
}

/// Read one WIP limit, with its `ETag`.
#[utoipa::path(
    get, path = "/boards/{board_id}/limits/{limit_id}", tag = "boards",
    params(("board_id" = Uuid, Path, description = "The board"),
        ("limit_id" = Uuid, Path, description = "The limit")),
    responses(
        (status = 200, description = "The limit", body = WipLimit, headers(("ETag" = String))),
        (status = 404, description = "No such board or limit", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_limit(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((raw_board, raw_limit)): Path<(String, String)>,
) -> Response {
    let read = async {
        read_allowed(&identity)?;
        let board = Uuid::parse_str(&raw_board).map_err(|_| AppError::not_found("that board"))?;
        found(&state, board, &raw_limit).await
    };
    answer(StatusCode::OK, read.await)
}

/// Change some fields of a WIP limit; the others stay.
#[utoipa::path(
    patch, path = "/boards/{board_id}/limits/{limit_id}", tag = "boards",
    params(("board_id" = Uuid, Path, description = "The board"),
        ("limit_id" = Uuid, Path, description = "The limit"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = LimitFields,
    responses(
        (status = 200, description = "Changed", body = WipLimit, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_limit(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((raw_board, raw_limit)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        let board = changeable(&state, &identity, &raw_board).await?;
        let saved = found(&state, board.id, &raw_limit).await?;
        let version = if_match(&parts.headers, saved.version)?;
        let form = limit_form(&app::store::wip::form_of(&saved), &object(&body)?)?;
        let save = app::api::wip::save_wip_limit(
            board.id,
            Some(saved.id.to_string()),
            Some(version),
            form,
        );
        as_server_function(&state, parts, save)
            .await
            .map_err(refusal)?;
        found(&state, board.id, &saved.id.to_string()).await
    };
    answer(StatusCode::OK, changed.await)
}

/// Remove a WIP limit.
#[utoipa::path(
    delete, path = "/boards/{board_id}/limits/{limit_id}", tag = "boards",
    params(("board_id" = Uuid, Path, description = "The board"),
        ("limit_id" = Uuid, Path, description = "The limit"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you remove")),
    responses(
        (status = 204, description = "Removed"),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn remove_limit(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((raw_board, raw_limit)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let removed = async {
        let board = changeable(&state, &identity, &raw_board).await?;
        let saved = found(&state, board.id, &raw_limit).await?;
        if_match(&parts.headers, saved.version)?;
        let remove = app::api::wip::remove_wip_limit(board.id, saved.id);
        Ok::<_, Problem>(as_server_function(&state, parts, remove).await?)
    };
    match removed.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_fields_are_the_written_ones() {
        use crate::rest::forms::{documented_fields, sorted};
        let written = sorted(FIELDS.iter().map(|(api, _)| *api));
        assert_eq!(documented_fields::<LimitFields>(), written);
    }

    #[test]
    fn the_form_s_field_names_become_the_api_s_in_refusals() {
        let refused = refusal(AppError::InvalidField {
            field: "kind".into(),
            detail: "no such scope".into(),
        });
        assert_eq!(refused.field.as_deref(), Some("scope"));
        let written = limit_form(
            &LimitForm::default(),
            &serde_json::from_value(serde_json::json!({ "scope": "person", "max": 3 })).unwrap(),
        )
        .unwrap();
        assert_eq!(
            (written.kind.as_str(), written.max.as_str()),
            ("person", "3")
        );
        let unknown = limit_form(
            &LimitForm::default(),
            &serde_json::from_value(serde_json::json!({ "colour": "red" })).unwrap(),
        );
        assert_eq!(unknown.unwrap_err().field.as_deref(), Some("colour"));
    }
}
