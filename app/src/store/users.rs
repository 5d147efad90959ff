//! User accounts: creation, lookup, passwords, and what a user may touch.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, IntoCondition};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use super::error::{Refusal, StoreError};
use crate::domain::access::{Principal, Role};
use crate::domain::account::{Email, Password};
use crate::domain::account::{SignedInUser, Theme};
use crate::entities::{product_manager, team_membership, user};
use crate::security::password;

pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub password: Password,
    pub role: Role,
}

/// Creates a user; 409 when the email is taken.
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewUser,
    teams: &[Uuid],
    now: DateTime<Utc>,
) -> Result<user::Model, StoreError> {
    if find_by_email(db, &new.email).await?.is_some() {
        return Err(Refusal::EmailTaken {
            email: new.email.as_str().to_owned(),
        }
        .into());
    }
    let password_hash = hash_off_the_runtime(new.password).await?;
    let user = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name),
        password_hash: Set(password_hash),
        role: Set(new.role),
        theme: Set(Theme::System),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    for team in teams {
        team_membership::ActiveModel {
            user_id: Set(user.id),
            team_id: Set(*team),
        }
        .insert(db)
        .await?;
    }
    Ok(user)
}

/// A transaction that is the only one that may add users until it ends, so that
/// "is there anyone yet?" and the insert that follows it are one step (the first
/// admin is created exactly once, however many ask at the same moment).
pub async fn begin_adding_accounts(
    db: &sea_orm::DatabaseConnection,
) -> Result<super::Writing, StoreError> {
    let txn = super::begin_writing(db).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE users IN EXCLUSIVE MODE")
            .await?;
    }
    Ok(txn)
}

/// The user with this id, if there still is one.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<user::Model>, StoreError> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

/// The display names of the users `ids`, by id (a deleted user is absent).
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The installation's first admin: who the CLI's changes are recorded as.
pub async fn first_admin(db: &impl ConnectionTrait) -> Result<Option<user::Model>, StoreError> {
    use sea_orm::QueryOrder;
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.key()))
        .order_by_asc(user::Column::CreatedAt)
        .one(db)
        .await?)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(user::Entity::find().count(db).await?)
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<user::Model>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

/// Whether `candidate` is the user's password, checked off the async runtime.
pub async fn password_matches(user: Option<&user::Model>, candidate: &str) -> bool {
    let stored = user.map(|u| u.password_hash.clone());
    let candidate = candidate.to_owned();
    with_hashing_memory(move || match stored {
        Some(stored) => password::verify(&candidate, &stored),
        None => {
            password::verify_against_nothing(&candidate);
            false
        }
    })
    .await
    .unwrap_or(false)
}

pub async fn set_password(
    db: &impl ConnectionTrait,
    user: user::Model,
    new_password: Password,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hash = hash_off_the_runtime(new_password).await?;
    let version = user.version;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    active.version = Set(version + 1);
    active.update(db).await?;
    Ok(())
}

/// Keeps the user's colour theme. A preference, not shared data: it neither bumps
/// the account's version (an admin's role change in flight stays valid) nor is
/// audited.
pub async fn set_theme(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    theme: Theme,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::Theme, theme.into())
        .col_expr(user::Column::UpdatedAt, now.into())
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The display names of the people on `team`, by name.
pub async fn team_people(db: &impl ConnectionTrait, team: Uuid) -> Result<Vec<String>, StoreError> {
    let members = team_membership::Entity::find()
        .filter(team_membership::Column::TeamId.eq(team))
        .all(db)
        .await?;
    let mut names: Vec<String> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.into_iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|user| user.display_name)
        .collect();
    names.sort_by_key(|name| name.to_lowercase());
    Ok(names)
}

/// The user with this id as a principal and as pages show them; `None` once the
/// account is gone.
pub async fn acting(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<(Principal, SignedInUser)>, StoreError> {
    acting_where(db, user::Column::Id.eq(user_id)).await
}

/// The user `which` picks as a principal (role, teams, products) and as pages show
/// them, read in one statement: every signed-in request asks it, and each
/// statement is a round trip to the database's connection.
pub(super) async fn acting_where(
    db: &impl ConnectionTrait,
    which: impl IntoCondition,
) -> Result<Option<(Principal, SignedInUser)>, StoreError> {
    use sea_orm::QuerySelect;
    let backend = db.get_database_backend();
    type Row = (Uuid, String, String, Role, Theme, String, String);
    let Some((id, email, display_name, role, theme, teams, products)) = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Email,
            user::Column::DisplayName,
            user::Column::Role,
            user::Column::Theme,
        ])
        .column_as(ids_of_user(backend, "team_memberships", "team_id"), "teams")
        .column_as(
            ids_of_user(backend, "product_managers", "board_id"),
            "products",
        )
        .filter(which)
        .into_tuple::<Row>()
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let principal = Principal {
        user_id: id,
        role,
        teams: ids_in(&teams, "a user's teams")?,
        products: ids_in(&products, "a user's products")?,
        token_capabilities: None,
        token_metric: None,
        token_teams: None,
    };
    let user = SignedInUser {
        id,
        email,
        display_name,
        role,
        theme,
    };
    Ok(Some((principal, user)))
}

/// The ids in `column` of the rows of `table` that belong to the user read, as a
/// JSON list (SQLite writes its blob ids with `hex()`).
fn ids_of_user(backend: DbBackend, table: &str, column: &str) -> Expr {
    let list = match backend {
        DbBackend::Sqlite => format!("json_group_array(hex({table}.{column}))"),
        _ => format!("coalesce(json_agg({table}.{column}), '[]')::text"),
    };
    Expr::cust(format!(
        "(SELECT {list} FROM {table} WHERE {table}.user_id = users.id)"
    ))
}

fn ids_in(list: &str, what: &str) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<String> = super::json_list::decoded(list, what)?;
    ids.iter().map(|id| super::json_list::id(id)).collect()
}

/// Runs an Argon2 computation off the async runtime, at most one per core at a
/// time: each takes 19 MiB, so a burst of sign-ins would otherwise take that
/// much memory per request at once (the cores could not run them sooner anyway).
async fn with_hashing_memory<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    static HASHING: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let permits = HASHING.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    });
    // The semaphore is never closed, so acquiring only ever waits.
    let _permit = permits.acquire().await;
    tokio::task::spawn_blocking(work).await
}

async fn hash_off_the_runtime(password: Password) -> Result<String, StoreError> {
    with_hashing_memory(move || password::hash(&password))
        .await
        .map_err(|e| StoreError::Inconsistent {
            detail: format!("password hashing was interrupted: {e}"),
        })?
        .map_err(|e| StoreError::Inconsistent {
            detail: e.to_string(),
        })
}

/// A user with what they were assigned.
pub struct DirectoryEntry {
    pub user: user::Model,
    pub teams: Vec<Uuid>,
    pub products: Vec<Uuid>,
}

/// Every user with their teams and products, by name.
pub async fn directory(db: &impl ConnectionTrait) -> Result<Vec<DirectoryEntry>, StoreError> {
    use sea_orm::QueryOrder;
    let users = user::Entity::find()
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    let memberships = team_membership::Entity::find().all(db).await?;
    let ownerships = product_manager::Entity::find().all(db).await?;
    Ok(users
        .into_iter()
        .map(|user| DirectoryEntry {
            teams: memberships
                .iter()
                .filter(|m| m.user_id == user.id)
                .map(|m| m.team_id)
                .collect(),
            products: ownerships
                .iter()
                .filter(|p| p.user_id == user.id)
                .map(|p| p.board_id)
                .collect(),
            user,
        })
        .collect())
}

/// Changes a user's role if nobody changed the user since `version` was read (409
/// otherwise), and never demotes the last admin (409).
pub async fn set_role(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
    version: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let user = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that user"))?;
    if user.role == Role::Admin && role != Role::Admin {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.key()))
            .count(db)
            .await?;
        if admins <= 1 {
            return Err(Refusal::LastAdmin {
                name: user.display_name,
            }
            .into());
        }
    }
    let updated = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role.key()))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            user::Column::Version,
            Expr::col(user::Column::Version).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::Version.eq(version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(StoreError::Stale {
            what: user.display_name.clone(),
        });
    }
    Ok(())
}

/// What a user can be given besides a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    /// Membership of a team: a team member changes that team's work.
    Team(Uuid),
    /// Ownership of a product (a feature board): a product manager changes its features.
    Product(Uuid),
}

/// Gives or takes an assignment; giving what is held, or taking what is not, changes
/// nothing.
pub async fn set_assignment(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    assignment: Assignment,
    held: bool,
) -> Result<(), StoreError> {
    use crate::domain::board::BoardKind;
    use crate::entities::{board, team};
    if user::Entity::find_by_id(user_id).one(db).await?.is_none() {
        return Err(StoreError::not_found("that user"));
    }
    match assignment {
        Assignment::Team(team_id) => {
            if team::Entity::find_by_id(team_id).one(db).await?.is_none() {
                return Err(StoreError::not_found("that team"));
            }
            let key = (user_id, team_id);
            let exists = team_membership::Entity::find_by_id(key)
                .one(db)
                .await?
                .is_some();
            if held && !exists {
                team_membership::ActiveModel {
                    user_id: Set(user_id),
                    team_id: Set(team_id),
                }
                .insert(db)
                .await?;
            } else if !held && exists {
                team_membership::Entity::delete_by_id(key).exec(db).await?;
            }
        }
        Assignment::Product(board_id) => {
            let is_product = board::Entity::find_by_id(board_id)
                .one(db)
                .await?
                .is_some_and(|b| b.kind == BoardKind::Feature);
            if !is_product {
                return Err(StoreError::not_found("that product"));
            }
            let key = (user_id, board_id);
            let exists = product_manager::Entity::find_by_id(key)
                .one(db)
                .await?
                .is_some();
            if held && !exists {
                product_manager::ActiveModel {
                    user_id: Set(user_id),
                    board_id: Set(board_id),
                }
                .insert(db)
                .await?;
            } else if !held && exists {
                product_manager::Entity::delete_by_id(key).exec(db).await?;
            }
        }
    }
    Ok(())
}

/// Every product (feature board), by name.
pub async fn products(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::domain::NamedRef>, StoreError> {
    use crate::domain::board::BoardKind;
    use crate::entities::board;
    use sea_orm::QueryOrder;
    Ok(board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
        .order_by_asc(board::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|b| crate::domain::NamedRef {
            id: b.id,
            name: b.name,
        })
        .collect())
}
