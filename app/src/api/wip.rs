//! Server functions for WIP limits: a board's limits and what they count, and the
//! report of soft limits gone over and limits over now, across all boards.

use crate::domain::wip::LimitForm;
#[cfg(feature = "ssr")]
use crate::domain::wip::Measure;
#[cfg(feature = "ssr")]
use crate::domain::NamedRef;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::views::wip::{InfractionRow, LimitRow, OverLimitRow};
use crate::views::wip::{WipReportView, WipSettingsView};
#[cfg(feature = "ssr")]
use chrono::Utc;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod access {
    //! Finding a board and checking the caller may change its limits.
    use crate::domain::access::Action;
    use crate::entities::board;
    use crate::error::AppError;
    use crate::security::guard::authorize;
    use sea_orm::ConnectionTrait;

    /// The board, once the caller is known to be allowed to change its items.
    pub async fn editable_board(
        db: &impl ConnectionTrait,
        board_id: uuid::Uuid,
    ) -> Result<board::Model, AppError> {
        authorize(Action::Read)?;
        let board = crate::store::boards::find(db, board_id).await?;
        authorize(edit_action(&board)?)?;
        Ok(board)
    }

    /// Changing a board's limits needs what changing its cards needs.
    pub fn edit_action(board: &board::Model) -> Result<Action, AppError> {
        Ok(crate::store::items::edit_action(board.kind.cards(), board)?)
    }
}

/// A board's WIP limits, as the settings page shows them.
#[server(endpoint = "wip_settings")]
pub async fn wip_settings(board_id: uuid::Uuid) -> Result<WipSettingsView, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let board = crate::store::boards::find(&db, board_id).await?;
    let columns = crate::store::items::columns_of(&db, board.id).await?;
    let limits = crate::store::wip::limits_of(&db, &board, &columns).await?;
    let rows = crate::store::wip::limit_rows(&db, board.id).await?;
    let limit_rows = rows
        .into_iter()
        .filter_map(|row| {
            let label = limits.limits.iter().find(|l| l.id == row.id)?.label.clone();
            Some(LimitRow {
                id: row.id,
                label,
                version: row.version,
                form: crate::store::wip::form_of(&row),
            })
        })
        .collect();
    let may_edit = decide(Some(&principal), access::edit_action(&board)?) == Decision::Allowed;
    Ok(WipSettingsView {
        board_id: board.id,
        board: crate::store::detail::board_ref(&board),
        measure: limits.measure,
        columns: columns
            .into_iter()
            .map(|c| NamedRef {
                id: c.id,
                name: c.name,
            })
            .collect(),
        limits: limit_rows,
        may_edit,
    })
}

/// Adds a limit to a board (no `limit_id`), or changes one; answers its id.
#[server(endpoint = "save_wip_limit")]
pub async fn save_wip_limit(
    board_id: uuid::Uuid,
    #[server(default)] limit_id: Option<String>,
    #[server(default)] version: Option<i32>,
    limit: LimitForm,
) -> Result<String, AppError> {
    let db = crate::store::connection()?;
    let board = access::editable_board(&db, board_id).await?;
    let draft = limit.validate().map_err(AppError::from)?;
    let existing = match limit_id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some((
            crate::store::parse_id(id, "that WIP limit")?,
            version.unwrap_or(0),
        )),
        None => None,
    };
    let txn = crate::store::wip::begin_locked(&db, board.id).await?;
    let id = crate::store::wip::save_limit(&txn, &board, existing, draft, Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, board.id).await?;
    Ok(id.to_string())
}

#[server(endpoint = "remove_wip_limit")]
pub async fn remove_wip_limit(board_id: uuid::Uuid, limit_id: uuid::Uuid) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let board = access::editable_board(&db, board_id).await?;
    let txn = crate::store::wip::begin_locked(&db, board.id).await?;
    crate::store::wip::remove_limit(&txn, &board, limit_id, Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, board.id).await
}

/// Makes the board's limits count cards or sum sizes.
#[server(endpoint = "set_wip_measure")]
pub async fn set_wip_measure(board_id: uuid::Uuid, measure: String) -> Result<(), AppError> {
    let db = crate::store::connection()?;
    let board = access::editable_board(&db, board_id).await?;
    let measure: Measure =
        measure
            .parse()
            .map_err(|e: crate::domain::UnknownValue| AppError::InvalidField {
                field: "measure".into(),
                detail: e.to_string(),
            })?;
    let txn = crate::store::wip::begin_locked(&db, board.id).await?;
    crate::store::wip::set_measure(&txn, &board, measure, Utc::now()).await?;
    crate::api::news::commit_reshaping(txn, board.id).await
}

/// The infractions report: the last 500 times a soft limit was gone over (who,
/// when, why, for how long), and every limit over its maximum now.
#[server(endpoint = "wip_report")]
pub async fn wip_report() -> Result<WipReportView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    read_wip_report(&crate::store::connection()?).await
}

/// The WIP report as of now, for its page and its CSV.
#[cfg(feature = "ssr")]
pub async fn read_wip_report(db: &sea_orm::DatabaseConnection) -> Result<WipReportView, AppError> {
    let infractions = crate::store::wip::infractions(db, 500)
        .await?
        .into_iter()
        .map(|(row, board, who)| InfractionRow {
            board,
            limit: row.label,
            max: row.max,
            load: row.load,
            item: row.item_title,
            who,
            reason: row.reason,
            at: row.at,
            resolved_at: row.resolved_at,
        })
        .collect();
    let mut over_now = Vec::new();
    for board in crate::store::boards::all(db).await? {
        let columns = crate::store::items::columns_of(db, board.id).await?;
        let limits = crate::store::wip::limits_of(db, &board, &columns).await?;
        let loads = crate::store::wip::counted_loads(db, &columns, None).await?;
        for limit in crate::domain::wip::over_limit(&limits.limits, &loads, limits.measure) {
            over_now.push(OverLimitRow {
                board: crate::store::detail::board_ref(&board),
                limit: limit.label.clone(),
                load: limit.load(&loads, limits.measure),
                max: limit.max,
                enforcement: limit.enforcement,
            });
        }
    }
    Ok(WipReportView {
        infractions,
        over_now,
        read_at: chrono::Utc::now(),
    })
}
