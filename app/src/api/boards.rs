//! Server functions that read boards. Each parses its input, asks `store`, and maps
//! the error; the browser calls them over HTTP, server rendering calls them directly.
//! Their endpoints are fixed (`POST /api/<name>`, form-encoded arguments, JSON answer)
//! so scripts can rely on them.

use crate::error::AppError;
use crate::views::board::{BoardView, NamedRef, NavigationView};
use leptos::prelude::*;

#[server(endpoint = "portfolio_board")]
pub async fn portfolio_board() -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let mut board = followed(&db, crate::store::boards::portfolio(&db)).await?;
    board.may_edit = may_edit(&principal, &board, None);
    Ok(board)
}

/// A product's feature kanban.
#[server(endpoint = "product_board")]
pub async fn product_board(product_id: String) -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let product = crate::store::parse_id(&product_id, "that product")?;
    let mut board = followed(&db, crate::store::boards::product(&db, product)).await?;
    board.may_edit = may_edit(&principal, &board, None);
    Ok(board)
}

#[server(endpoint = "team_board")]
pub async fn team_board(team_id: String) -> Result<BoardView, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let team_id = crate::store::parse_id(&team_id, &format!("team `{team_id}`"))?;
    let mut board = followed(&db, crate::store::boards::team(&db, team_id)).await?;
    board.may_edit = may_edit(&principal, &board, Some(team_id));
    Ok(board)
}

/// The board `read` reads, with the last event it includes. That id is read
/// first: a change landing in between is then sent to the page again, and applying
/// a change the page already has changes nothing.
#[cfg(feature = "ssr")]
async fn followed(
    db: &sea_orm::DatabaseConnection,
    read: impl std::future::Future<Output = Result<BoardView, crate::store::StoreError>>,
) -> Result<BoardView, AppError> {
    let seen = crate::store::events::latest(db).await?;
    let mut board = read.await?;
    board.events_seen = seen;
    Ok(board)
}

/// Whether `principal` may change `board` (of `team`, for a team board).
#[cfg(feature = "ssr")]
fn may_edit(
    principal: &crate::domain::access::Principal,
    board: &BoardView,
    team: Option<uuid::Uuid>,
) -> bool {
    use crate::domain::access::{decide, edit_board, Decision};
    edit_board(board.kind, board.id, team)
        .is_some_and(|action| decide(Some(principal), action) == Decision::Allowed)
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
