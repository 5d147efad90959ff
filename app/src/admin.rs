//! User administration for admins: accounts, roles and team membership.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::board_view::TeamLink;
use crate::domain::access::Role;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub teams: Vec<Uuid>,
    /// Sent back with a change, so a concurrent change is detected (409).
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDirectoryView {
    pub users: Vec<UserRow>,
    pub teams: Vec<TeamLink>,
}

#[server(endpoint = "user_directory")]
pub async fn user_directory() -> Result<UserDirectoryView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let db = crate::store::connection()?;
    let users = crate::store::users::directory(&db)
        .await?
        .into_iter()
        .map(|(user, teams)| {
            Ok(UserRow {
                role: user.role.parse()?,
                id: user.id,
                email: user.email,
                display_name: user.display_name,
                teams,
                version: user.version,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let teams = crate::store::boards::teams(&db).await?;
    Ok(UserDirectoryView { users, teams })
}

#[server(endpoint = "create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::account::{parse_display_name, Email, Password};
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let new = (|| -> Result<_, AppError> {
        Ok(crate::store::users::NewUser {
            email: Email::parse(&email)?,
            display_name: parse_display_name(&display_name)?,
            password: Password::parse(&password)?,
            role: parse_role(&role)?,
        })
    })()
    .map_err(AppError::answer)?;
    let db = crate::store::connection()?;
    crate::store::users::create(&db, new, &[], chrono::Utc::now())
        .await
        .map_err(AppError::answer)?;
    Ok(())
}

#[server(endpoint = "set_user_role")]
pub async fn set_user_role(user_id: String, role: String, version: i32) -> Result<(), AppError> {
    use sea_orm::TransactionTrait;
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let user_id = crate::store::parse_id(&user_id, "that user")?;
    let role = parse_role(&role).map_err(AppError::answer)?;
    let db = crate::store::connection()?;
    let txn = db.begin().await?;
    crate::store::users::set_role(&txn, user_id, role, version, chrono::Utc::now())
        .await
        .map_err(AppError::answer)?;
    txn.commit().await?;
    Ok(())
}

#[server(endpoint = "set_team_membership")]
pub async fn set_team_membership(
    user_id: String,
    team_id: String,
    member: bool,
) -> Result<(), AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ManageUsers)?;
    let user_id = crate::store::parse_id(&user_id, "that user")?;
    let team_id = crate::store::parse_id(&team_id, "that team")?;
    let db = crate::store::connection()?;
    crate::store::users::set_team_membership(&db, user_id, team_id, member)
        .await
        .map_err(AppError::answer)
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, AppError> {
    role.parse()
        .map_err(|e: crate::domain::UnknownValue| AppError::Invalid {
            detail: e.to_string(),
        })
}
