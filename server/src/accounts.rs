//! Account commands of the CLI (`throughline user add`).

use app::domain::access::Role;
use app::domain::account::{parse_display_name, Email, Password};
use app::entities::user;
use app::error::AppError;
use app::store::users::{self, NewUser};
use sea_orm::DatabaseConnection;

use crate::error::StartupError;

/// Creates an account; every input is checked before anything is written.
pub async fn add_user(
    db: &DatabaseConnection,
    email: &str,
    role: &str,
    name: Option<&str>,
    password: &str,
) -> Result<user::Model, StartupError> {
    let invalid = |error: String| StartupError::Account(AppError::Invalid { detail: error });
    let email = Email::parse(email).map_err(|e| invalid(e.to_string()))?;
    let role: Role = role
        .parse()
        .map_err(|e: app::domain::UnknownValue| invalid(e.to_string()))?;
    let display_name = match name {
        Some(name) => parse_display_name(name).map_err(|e| invalid(e.to_string()))?,
        None => email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned(),
    };
    let password = Password::parse(password).map_err(|e| invalid(e.to_string()))?;
    users::create(
        db,
        NewUser {
            email,
            display_name,
            password,
            role,
        },
        &[],
        chrono::Utc::now(),
    )
    .await
    .map_err(|error| StartupError::Account(error.into()))
}
