//! Server functions that read boards. Each parses its input, asks `store`, and maps
//! the error; the browser calls them over HTTP, server rendering calls them directly.
//! Their endpoints are fixed (`POST /api/<name>`, form-encoded arguments, JSON answer)
//! so scripts can rely on them.

use crate::domain::NamedRef;
use crate::error::AppError;
use crate::views::board::{BoardView, NavigationView};
use leptos::prelude::*;

#[server(endpoint = "portfolio_board")]
pub async fn portfolio_board(all_done: Option<bool>) -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let read = |done| crate::store::boards::portfolio(&db, done);
    followed(&db, &principal, None, all_done, read).await
}

/// A product's feature kanban.
#[server(endpoint = "product_board")]
pub async fn product_board(
    product_id: uuid::Uuid,
    all_done: Option<bool>,
) -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let read = |done| crate::store::boards::product(&db, product_id, done);
    followed(&db, &principal, None, all_done, read).await
}

#[server(endpoint = "team_board")]
pub async fn team_board(
    team_id: uuid::Uuid,
    all_done: Option<bool>,
) -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let read = |done| crate::store::boards::team(&db, team_id, done);
    followed(&db, &principal, Some(team_id), all_done, read).await
}

/// The board `read` reads as `principal` sees it (`team`'s, for a team board),
/// with the last event it includes, and its done columns' recent work only unless
/// `all_done`. The event id is read first: a change landing in between is then
/// sent to the page again, and applying a change the page already has changes
/// nothing.
#[cfg(feature = "ssr")]
async fn followed<Read>(
    db: &sea_orm::DatabaseConnection,
    principal: &crate::domain::access::Principal,
    team: Option<uuid::Uuid>,
    all_done: Option<bool>,
    read: impl FnOnce(crate::store::boards::DoneCards) -> Read,
) -> Result<BoardView, AppError>
where
    Read:
        std::future::Future<Output = Result<crate::domain::board::Board, crate::store::StoreError>>,
{
    use crate::domain::access::{decide, edit_board, Decision};
    use crate::store::boards::DoneCards;
    let events_seen = crate::store::events::latest(db).await?;
    let read_at = chrono::Utc::now();
    let board = read(DoneCards::asked(all_done == Some(true), read_at)).await?;
    let may_edit = edit_board(board.kind, board.id, team)
        .is_some_and(|action| decide(Some(principal), action) == Decision::Allowed);
    Ok(BoardView {
        board,
        may_edit,
        events_seen,
        read_at,
    })
}

#[server(endpoint = "team_directory")]
pub async fn team_directory() -> Result<Vec<NamedRef>, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    Ok(crate::store::boards::teams(&db).await?)
}

/// What the top bar shows: the signed-in user (none for a guest), every product's
/// and every team's board; `None` for an anonymous visitor who may not read.
#[server(endpoint = "navigation")]
pub async fn navigation() -> Result<Option<NavigationView>, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let identity = crate::security::guard::identity();
    if decide(identity.principal.as_ref(), Action::Read) != Decision::Allowed {
        return Ok(None);
    }
    let user = identity.user;
    let may_manage_users =
        decide(identity.principal.as_ref(), Action::ManageUsers) == Decision::Allowed;
    let db = crate::store::connection()?;
    let teams = crate::store::boards::teams(&db).await?;
    let products = crate::store::boards::products(&db).await?;
    Ok(Some(NavigationView {
        user,
        teams,
        products,
        may_manage_users,
    }))
}
