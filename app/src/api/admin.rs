//! User administration for admins: accounts, roles and team membership.

#[cfg(feature = "ssr")]
use crate::domain::access::Role;
use crate::error::AppError;
use crate::views::admin::UserDirectoryView;
#[cfg(feature = "ssr")]
use crate::views::admin::UserRow;
use leptos::prelude::*;

#[server(endpoint = "user_directory")]
pub async fn user_directory() -> Result<UserDirectoryView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let db = crate::store::connection()?;
    let users = crate::store::users::directory(&db)
        .await?
        .into_iter()
        .map(|entry| {
            Ok(UserRow {
                role: entry.user.role,
                id: entry.user.id,
                email: entry.user.email,
                display_name: entry.user.display_name,
                teams: entry.teams,
                products: entry.products,
                version: entry.user.version,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let teams = crate::store::boards::teams(&db).await?;
    let products = crate::store::users::products(&db).await?;
    Ok(UserDirectoryView {
        users,
        teams,
        products,
    })
}

/// Creates an account; answers its id. Each refusal names its field.
#[server(endpoint = "create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<String, AppError> {
    use crate::domain::account::{parse_display_name, Email, Password};
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    fn named<E: std::fmt::Display>(field: &'static str) -> impl Fn(E) -> AppError {
        move |error| AppError::InvalidField {
            field: field.into(),
            detail: error.to_string(),
        }
    }
    let new = crate::store::users::NewUser {
        email: Email::parse(&email).map_err(named("email"))?,
        display_name: parse_display_name(&display_name).map_err(named("display_name"))?,
        password: Password::parse(&password).map_err(named("password"))?,
        role: parse_role(&role)?,
    };
    let db = crate::store::connection()?;
    let user = crate::store::users::create(&db, new, &[], chrono::Utc::now()).await?;
    Ok(user.id.to_string())
}

#[server(endpoint = "set_user_role")]
pub async fn set_user_role(
    user_id: uuid::Uuid,
    role: String,
    version: i32,
) -> Result<(), AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let role = parse_role(&role)?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    crate::store::users::set_role(&txn, user_id, role, version, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives (`held=true`) or takes a team membership (`kind=team`) or a product
/// (`kind=product`, a feature board) to or from a user.
#[server(endpoint = "set_assignment")]
pub async fn set_assignment(
    user_id: uuid::Uuid,
    kind: String,
    target_id: uuid::Uuid,
    held: bool,
) -> Result<(), AppError> {
    use crate::store::users::Assignment;
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let assignment = match kind.as_str() {
        "team" => Assignment::Team(target_id),
        "product" => Assignment::Product(target_id),
        other => {
            return Err(AppError::Invalid {
                detail: format!(
                    "`{other}` is not something a user can be given; use team or product"
                ),
            })
        }
    };
    let db = crate::store::connection()?;
    Ok(crate::store::users::set_assignment(&db, user_id, assignment, held).await?)
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, AppError> {
    role.parse()
        .map_err(|e: crate::domain::UnknownValue| AppError::InvalidField {
            field: "role".into(),
            detail: e.to_string(),
        })
}

/// Creates a team (with its board) or a product (with its feature kanban).
#[server(endpoint = "create_board")]
pub async fn create_board(kind: String, name: String) -> Result<String, AppError> {
    use crate::store::setup;
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let name = crate::domain::planning::optional_name("name", &name)
        .and_then(|name| {
            name.ok_or(crate::domain::planning::FieldError {
                field: "name",
                message: "a name is required".into(),
            })
        })
        .map_err(AppError::from)?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    let now = chrono::Utc::now();
    let id = match kind.as_str() {
        "team" => setup::create_team(&txn, &name, now).await?,
        "product" => setup::create_product(&txn, &name, now).await?,
        other => {
            return Err(AppError::InvalidField {
                field: "kind".into(),
                detail: format!("“{other}” is neither team nor product"),
            })
        }
    };
    txn.commit().await?;
    Ok(id.to_string())
}
