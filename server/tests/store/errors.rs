//! `From<StoreError> for AppError`: each store error becomes one wire error, with
//! its status, at the server-function boundary.

use app::domain::access::Action;
use app::error::AppError;
use app::store::StoreError;
use sea_orm::DbErr;

#[test]
fn every_store_error_becomes_its_wire_error_and_status() {
    let cases = [
        (
            StoreError::not_found("that epic"),
            AppError::NotFound {
                what: "that epic".into(),
            },
            404,
        ),
        (
            StoreError::Stale {
                what: "“Subscriptions”".into(),
            },
            AppError::Conflict {
                detail: "“Subscriptions” was changed by someone else since you loaded it: \
                         reload and try again"
                    .into(),
            },
            409,
        ),
        (
            StoreError::Raced {
                what: "“Subscriptions”".into(),
            },
            AppError::Conflict {
                detail: "“Subscriptions” was changed by someone else at the same moment: \
                         reload and try again"
                    .into(),
            },
            409,
        ),
        (
            StoreError::Conflict {
                detail: "“Review” is at its hard WIP limit".into(),
            },
            AppError::Conflict {
                detail: "“Review” is at its hard WIP limit".into(),
            },
            409,
        ),
        (
            StoreError::Forbidden(Action::EditEpics),
            AppError::Forbidden {
                action: "change epics".into(),
            },
            403,
        ),
        (
            StoreError::Refused {
                field: Some("reason"),
                detail: "say why it should go over".into(),
            },
            AppError::InvalidField {
                field: "reason".into(),
                detail: "say why it should go over".into(),
            },
            400,
        ),
        (
            StoreError::refused("the column is on another board"),
            AppError::Invalid {
                detail: "the column is on another board".into(),
            },
            400,
        ),
        (
            StoreError::Unprocessable {
                detail: "no team owns that repository".into(),
            },
            AppError::Unprocessable {
                detail: "no team owns that repository".into(),
            },
            422,
        ),
        (
            StoreError::Inconsistent {
                detail: "column x has no board".into(),
            },
            AppError::Inconsistent {
                detail: "column x has no board".into(),
            },
            500,
        ),
        (
            StoreError::Database(DbErr::Custom("disk I/O error in items".into())),
            AppError::Database {
                detail: "please try again shortly".into(),
            },
            503,
        ),
    ];
    for (stored, wire, status) in cases {
        let described = format!("{stored:?}");
        let error = AppError::from(stored);
        assert_eq!(error, wire, "{described}");
        assert_eq!(error.status_code(), status, "{described}");
    }
}
