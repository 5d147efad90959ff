//! `GET /admin/export.json`: the whole database as an export document, for admins,
//! streamed as it is read (the same document `throughline export` writes).

use app::domain::access::Action;
use app::security::guard::RequestIdentity;
use axum::{
    body::Body,
    extract::State,
    http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE},
    response::{IntoResponse, Response},
    Extension,
};
use futures::StreamExt;
use tokio_util::io::ReaderStream;

use crate::archive;
use crate::security::{authorize, refuse};
use crate::startup::AppState;

/// How much of the document may wait between the database and the client.
const PIPE: usize = 256 * 1024;

pub async fn export_json(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::ExportEverything) {
        return refuse(refusal);
    }
    let (writer, reader) = tokio::io::duplex(PIPE);
    let db = state.db.clone();
    let export = tokio::spawn(async move { archive::export(&db, writer).await });
    // After the last byte, the export's outcome: a failure ends the body with an
    // error, so the client sees a broken download, never a short document.
    let outcome = futures::stream::once(async move {
        match export.await {
            Ok(Ok(_)) => None,
            Ok(Err(error)) => Some(std::io::Error::other(error.to_string())),
            Err(panic) => Some(std::io::Error::other(panic.to_string())),
        }
    })
    .filter_map(|failure| async move { failure.map(Err) });
    let name = format!(
        "attachment; filename=\"throughline-{}.json\"",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    (
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CONTENT_DISPOSITION, name),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(ReaderStream::new(reader).chain(outcome)),
    )
        .into_response()
}
