//! `/api/v1/users`: the accounts, for admins (a token with `administer`), with
//! the teams they are on and the products they manage.

use app::domain::access::{Action, Role};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{extract::State, response::Response, Extension};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::json_or_problem;
use super::keys::key_schema;
use super::problem::{CallRefusals, Problem};
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
            users: directory
                .into_iter()
                .map(|entry| User {
                    id: entry.user.id,
                    email: entry.user.email,
                    display_name: entry.user.display_name,
                    role: entry.user.role.key(),
                    teams: entry.teams,
                    products: entry.products,
                    version: entry.user.version,
                })
                .collect(),
        })
    };
    json_or_problem(listed.await)
}
