//! `/api/v1/users`: the accounts, for admins (a token with `administer`), with
//! the teams they are on and the products they manage; made, given a role
//! (`If-Match`), put on teams and given products through the users page's own
//! server functions.

use app::domain::access::{Action, Role};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::users::DirectoryEntry;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::forms::{object, written_over, Typed};
use super::keys::key_schema;
use super::preconditions::{if_match, versioned};
use super::problem::{
    CallRefusals, ChangeRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM,
};
use super::{as_server_function, json_or_problem};
use crate::startup::AppState;

fn roles() -> utoipa::openapi::Object {
    key_schema(Role::ALL.iter().map(|role| role.key()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    #[schema(schema_with = roles)]
    pub role: &'static str,
    /// The teams they are on.
    pub teams: Vec<Uuid>,
    /// The products (feature boards) they manage.
    pub products: Vec<Uuid>,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Users {
    pub users: Vec<User>,
}

impl From<DirectoryEntry> for User {
    fn from(entry: DirectoryEntry) -> User {
        User {
            id: entry.user.id,
            email: entry.user.email,
            display_name: entry.user.display_name,
            role: entry.user.role.key(),
            teams: entry.teams,
            products: entry.products,
            version: entry.user.version,
        }
    }
}

/// Users are the admins': who may not is told so before anything else.
fn may_manage(identity: &RequestIdentity) -> Result<(), Problem> {
    crate::security::authorize(identity, Action::ManageUsers).map_err(Problem::from)
}

/// The user of the path, as listed.
async fn found(state: &AppState, raw_id: &str) -> Result<User, Problem> {
    let id = Uuid::parse_str(raw_id).ok();
    app::store::users::directory(&state.db)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .find(|entry| Some(entry.user.id) == id)
        .map(User::from)
        .ok_or_else(|| AppError::not_found("that user").into())
}

/// The user as answered, with the `ETag` of its version (and its address when
/// just made).
fn answer(status: StatusCode, read: Result<User, Problem>) -> Response {
    match read {
        Ok(user) => {
            let (version, location) = (user.version, format!("/api/v1/users/{}", user.id));
            versioned(status, user, version, &location)
        }
        Err(problem) => problem.into_response(),
    }
}

/// A new account as the users page's form sends it.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct NewUser {
    email: String,
    display_name: String,
    #[schema(schema_with = roles)]
    role: String,
    /// At least 10 characters; the person changes it on their account page.
    password: String,
}

const NEW_USER_FIELDS: &[&str] = &["email", "display_name", "role", "password"];

/// A role change.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct UserFields {
    #[schema(schema_with = roles)]
    role: String,
}

/// List every user by name (admins).
#[utoipa::path(
    get, path = "/users", tag = "users",
    responses((status = 200, description = "Every user", body = Users), CallRefusals)
)]
pub async fn list_users(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        crate::security::authorize(&identity, Action::ManageUsers)?;
        let directory = app::store::users::directory(&state.db)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Users {
            users: directory.into_iter().map(User::from).collect(),
        })
    };
    json_or_problem(listed.await)
}

/// Make an account (admins).
#[utoipa::path(
    post, path = "/users", tag = "users",
    request_body = NewUser,
    responses(
        (status = 201, description = "Made; `Location` is its address", body = User,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 409, description = "The email has an account", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        may_manage(&identity)?;
        let form = written_over(&NewUser::default(), &object(&body)?, |name| {
            NEW_USER_FIELDS
                .iter()
                .find(|field| **field == name)
                .map(|field| (*field, Typed::Text))
                .ok_or_else(|| Problem::invalid(name, format!("users have no field {name}")))
        })?;
        let make =
            app::api::admin::create_user(form.email, form.display_name, form.role, form.password);
        let id = as_server_function(&state, parts, make).await?;
        found(&state, &id).await
    };
    answer(StatusCode::CREATED, made.await)
}

/// Read one user, with its `ETag`.
#[utoipa::path(
    get, path = "/users/{user_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user")),
    responses(
        (status = 200, description = "The user", body = User, headers(("ETag" = String))),
        (status = 404, description = "No such user", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_user(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let read = async {
        may_manage(&identity)?;
        found(&state, &raw_id).await
    };
    answer(StatusCode::OK, read.await)
}

/// Give a user another role.
#[utoipa::path(
    patch, path = "/users/{user_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = UserFields,
    responses(
        (status = 200, description = "Changed", body = User, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_user(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        may_manage(&identity)?;
        let saved = found(&state, &raw_id).await?;
        let version = if_match(&parts.headers, saved.version)?;
        let mut fields = object(&body)?;
        if let Some(unknown) = fields.keys().find(|name| *name != "role") {
            return Err(Problem::invalid(
                unknown,
                format!("only a user's role is changed here, not {unknown}"),
            ));
        }
        let role = match fields.remove("role") {
            Some(serde_json::Value::String(role)) => role,
            _ => return Err(Problem::invalid("role", "give the role, such as viewer")),
        };
        let change = app::api::admin::set_user_role(saved.id, role, version);
        as_server_function(&state, parts, change).await?;
        found(&state, &saved.id.to_string()).await
    };
    answer(StatusCode::OK, changed.await)
}

/// Puts the user on a team or gives them a product (`held`), or takes it away:
/// 204, or the problem.
async fn assign(
    state: &AppState,
    identity: &RequestIdentity,
    (raw_user, kind, raw_target): (String, &'static str, String),
    parts: Parts,
    held: bool,
) -> Response {
    let assigned = async {
        may_manage(identity)?;
        let user = found(state, &raw_user).await?;
        let missing = || Problem::from(AppError::not_found(format!("that {kind}")));
        let target = Uuid::parse_str(&raw_target).map_err(|_| missing())?;
        let change = app::api::admin::set_assignment(user.id, kind.to_owned(), target, held);
        Ok::<_, Problem>(as_server_function(state, parts, change).await?)
    };
    match assigned.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// Put a user on a team.
#[utoipa::path(
    put, path = "/users/{user_id}/teams/{team_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user"),
        ("team_id" = Uuid, Path, description = "The team")),
    responses(
        (status = 204, description = "On the team"),
        (status = 404, description = "No such user or team", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn join_team(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((user, team)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    assign(&state, &identity, (user, "team", team), parts, true).await
}

/// Take a user off a team.
#[utoipa::path(
    delete, path = "/users/{user_id}/teams/{team_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user"),
        ("team_id" = Uuid, Path, description = "The team")),
    responses(
        (status = 204, description = "Off the team"),
        (status = 404, description = "No such user or team", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn leave_team(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((user, team)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    assign(&state, &identity, (user, "team", team), parts, false).await
}

/// Give a user a product to manage (its feature kanban).
#[utoipa::path(
    put, path = "/users/{user_id}/products/{product_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user"),
        ("product_id" = Uuid, Path, description = "The product")),
    responses(
        (status = 204, description = "Manages it"),
        (status = 404, description = "No such user or product", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn manage_product(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((user, product)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    assign(&state, &identity, (user, "product", product), parts, true).await
}

/// Take a product from a user.
#[utoipa::path(
    delete, path = "/users/{user_id}/products/{product_id}", tag = "users",
    params(("user_id" = Uuid, Path, description = "The user"),
        ("product_id" = Uuid, Path, description = "The product")),
    responses(
        (status = 204, description = "Manages it no more"),
        (status = 404, description = "No such user or product", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn drop_product(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((user, product)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    assign(&state, &identity, (user, "product", product), parts, false).await
}
