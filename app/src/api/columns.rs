//! Server functions with which a team reshapes its board's columns.

use crate::domain::board::ColumnForm;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod access {
    //! Finding a team board or column and checking the caller may reshape it.
    use crate::domain::access::{reshape_board, Action, Principal};
    use crate::entities::{board, board_column};
    use crate::error::AppError;
    use crate::security::guard::authorize;
    use sea_orm::ConnectionTrait;

    pub async fn team_board(
        db: &impl ConnectionTrait,
        team_id: uuid::Uuid,
    ) -> Result<(board::Model, Principal), AppError> {
        authorize(Action::Read)?;
        let principal = authorize(Action::EditTeamWork { team: team_id })?;
        let board = crate::store::wip::board_of_team(db, team_id).await?;
        Ok((board, principal))
    }

    pub async fn column(
        db: &impl ConnectionTrait,
        column_id: uuid::Uuid,
    ) -> Result<board_column::Model, AppError> {
        authorize(Action::Read)?;
        let column = crate::store::items::column(db, column_id).await?;
        let board = crate::store::boards::find(db, column.board_id).await?;
        let Some(action) = reshape_board(board.kind, board.team_id) else {
            return Err(AppError::Invalid {
                detail: format!(
                    "the columns of “{}” follow the portfolio process and cannot be changed",
                    board.name
                ),
            });
        };
        authorize(action)?;
        Ok(column)
    }
}

#[cfg(feature = "ssr")]
fn invalid(error: crate::domain::planning::FieldError) -> AppError {
    AppError::from(error)
}

/// Adds a column to a team's board, just before its first done column.
#[server(endpoint = "add_column")]
pub async fn add_column(team_id: uuid::Uuid, column: ColumnForm) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let (board, _) = access::team_board(&db, team_id).await?;
    let settings = column.validate().map_err(invalid)?;
    let txn = crate::store::wip::begin_locked(&db, board.id).await?;
    crate::store::columns::add(&txn, &board, settings, chrono::Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, board.id).await
}

/// Renames a column or changes its state category or activity.
#[server(endpoint = "update_column")]
pub async fn update_column(
    column_id: uuid::Uuid,
    version: i32,
    column: ColumnForm,
) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let current = access::column(&db, column_id).await?;
    let txn = crate::store::wip::begin_locked(&db, current.board_id).await?;
    let current = crate::store::items::column(&txn, current.id).await?;
    let settings = column.validate().map_err(invalid)?;
    crate::store::columns::update(&txn, &current, version, settings, chrono::Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, current.board_id).await
}

/// Moves a column one place `left` or `right`.
#[server(endpoint = "move_column")]
pub async fn move_column(column_id: uuid::Uuid, direction: String) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let current = access::column(&db, column_id).await?;
    let txn = crate::store::wip::begin_locked(&db, current.board_id).await?;
    let current = crate::store::items::column(&txn, current.id).await?;
    let step = match direction.as_str() {
        "left" => -1,
        "right" => 1,
        other => {
            return Err(AppError::InvalidField {
                field: "direction".into(),
                detail: format!("“{other}” is neither left nor right"),
            })
        }
    };
    crate::store::columns::shift(&txn, &current, step, chrono::Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, current.board_id).await
}

/// Removes an empty column from a team's board.
#[server(endpoint = "remove_column")]
pub async fn remove_column(column_id: uuid::Uuid) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let current = access::column(&db, column_id).await?;
    let txn = crate::store::wip::begin_locked(&db, current.board_id).await?;
    let current = crate::store::items::column(&txn, current.id).await?;
    crate::store::columns::remove(&txn, &current, chrono::Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, current.board_id).await
}
