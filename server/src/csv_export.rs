//! Spreadsheet downloads:
//! - `GET /boards/{board_id}/cards.csv`: a board's cards, narrowed by the same
//!   query as its page (`q`, `owner`, `cos`, `team`, `sort`, and `done=all` for
//!   every finished card, not only the recent ones);
//! - `GET /reports/wip.csv`: the WIP report's infractions.

use std::collections::HashMap;

use app::domain::access::Action;
use app::domain::board::BoardKind;
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::boards;
use app::views::board::BoardFilter;
use app::views::board_csv::board_csv;
use app::views::wip_csv::wip_csv;
use axum::{
    extract::{Path, Query, State},
    http::header::{CONTENT_DISPOSITION, CONTENT_TYPE},
    response::{IntoResponse, Response},
    Extension,
};
use uuid::Uuid;

use crate::security::{authorize, refuse};
use crate::startup::AppState;

pub async fn cards_csv(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(board_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::Read) {
        return refuse(refusal);
    }
    // A malformed address names no board, as a page's would.
    let Ok(board_id) = Uuid::parse_str(&board_id) else {
        return refuse(AppError::not_found("that board"));
    };
    let now = chrono::Utc::now();
    let done = boards::DoneCards::asked(query.get("done").map(String::as_str) == Some("all"), now);
    let read = async {
        let row = boards::find(&state.db, board_id).await?;
        match (row.kind, row.team_id) {
            (BoardKind::Portfolio, _) => boards::portfolio(&state.db, done).await,
            (BoardKind::Feature, _) => boards::product(&state.db, row.id, done).await,
            (BoardKind::Team, Some(team)) => boards::team(&state.db, team, done).await,
            (BoardKind::Team, None) => Err(app::store::StoreError::Inconsistent {
                detail: format!("the team board {} has no team", row.id),
            }),
        }
    };
    let board = match read.await {
        Ok(board) => board,
        Err(error) => return refuse(error.into()),
    };
    let filter = BoardFilter::from_query(|key| query.get(key).cloned());
    spreadsheet(&file_name(&board.name), board_csv(&board, &filter, now))
}

pub async fn wip_report_csv(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::Read) {
        return refuse(refusal);
    }
    match app::api::wip::read_wip_report(&state.db).await {
        Ok(report) => spreadsheet("wip-report", wip_csv(&report)),
        Err(error) => refuse(error),
    }
}

/// A CSV download named `name`.csv.
fn spreadsheet(name: &str, csv: String) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        csv,
    )
        .into_response()
}

/// The board's name as a file name any system takes: letters and digits kept,
/// anything else one dash.
fn file_name(board: &str) -> String {
    let name = board
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase();
    if name.is_empty() {
        "board".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_name_keeps_letters_and_digits() {
        let cases = [
            ("Platform", "platform"),
            ("Heavy-lift drone", "heavy-lift-drone"),
            ("\"; rm -rf / ; .csv", "rm-rf-csv"),
            ("Équipe 2", "quipe-2"),
            ("…", "board"),
        ];
        for (board, expected) in cases {
            assert_eq!(super::file_name(board), expected, "{board}");
        }
    }
}
