//! The admins' import pages: the uploads (the file itself arrives through the
//! server's multipart route), the preview of one with its status mapping, and the
//! import itself, run in the background with its progress kept on the upload.

use crate::error::AppError;
use crate::views::import::{ImportDeskView, ImportPreviewView};
use leptos::prelude::*;
use uuid::Uuid;

/// How many uploads the import page lists.
#[cfg(feature = "ssr")]
const LISTED: u64 = 20;

#[server(endpoint = "import_desk")]
pub async fn import_desk() -> Result<ImportDeskView, AppError> {
    use crate::domain::board::BoardKind;
    use crate::domain::NamedRef;
    use crate::views::import::UploadRow;
    crate::security::guard::authorize(crate::domain::access::Action::ImportWork)?;
    let db = crate::store::connection()?;
    let boards = crate::store::boards::all(&db).await?;
    let of_kind = |kind: BoardKind| {
        let mut named: Vec<NamedRef> = boards
            .iter()
            .filter(|board| board.kind == kind)
            .map(|board| NamedRef {
                id: board.id,
                name: board.name.clone(),
            })
            .collect();
        named.sort_by(|a, b| a.name.cmp(&b.name));
        named
    };
    let uploads = crate::store::import_uploads::recent(&db, LISTED).await?;
    let names =
        crate::store::users::names_of(&db, uploads.iter().map(|upload| upload.uploaded_by)).await?;
    let uploads = uploads
        .into_iter()
        .map(|upload| UploadRow {
            id: upload.id,
            file_name: upload.file_name,
            tool: upload.tool,
            board: boards
                .iter()
                .find(|board| board.id == upload.team_board_id)
                .map(|board| board.name.clone())
                .unwrap_or_default(),
            uploaded_by: names.get(&upload.uploaded_by).cloned().unwrap_or_default(),
            uploaded_at: upload.uploaded_at,
            state: upload.state,
            created: upload.created,
            updated: upload.updated,
            unchanged: upload.unchanged,
        })
        .collect();
    Ok(ImportDeskView {
        team_boards: of_kind(BoardKind::Team),
        product_boards: of_kind(BoardKind::Feature),
        uploads,
    })
}

#[server(endpoint = "import_preview")]
pub async fn import_preview(upload_id: Uuid) -> Result<ImportPreviewView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ImportWork)?;
    let db = crate::store::connection()?;
    let upload = crate::store::import_uploads::find(&db, upload_id).await?;
    let planned = planning::Planned::read(&db, &upload).await?;
    planning::preview(&db, &upload, &planned, chrono::Utc::now()).await
}

/// Maps the file's statuses by hand: `statuses[i]` goes to the team board's column
/// `columns[i]`; an empty column leaves that status to the proposal (same name,
/// else its category).
#[server(endpoint = "map_import_statuses")]
pub async fn map_import_statuses(
    upload_id: Uuid,
    #[server(default)] statuses: Vec<String>,
    #[server(default)] columns: Vec<String>,
) -> Result<(), AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ImportWork)?;
    if statuses.len() != columns.len() {
        return Err(AppError::Invalid {
            detail: format!(
                "{} statuses and {} columns were sent: send one column for each status",
                statuses.len(),
                columns.len()
            ),
        });
    }
    let told: Vec<(String, String)> = statuses
        .into_iter()
        .zip(columns)
        .filter(|(_, column)| !column.trim().is_empty())
        .collect();
    let db = crate::store::connection()?;
    let upload = crate::store::import_uploads::find(&db, upload_id).await?;
    // The mapping must make a plan: a column the board has not is refused here.
    let planned = planning::Planned::with_mapping(&db, &upload, told.clone()).await?;
    let in_file = |status: &str| {
        planned
            .file
            .statuses
            .iter()
            .any(|(known, _)| known.eq_ignore_ascii_case(status))
    };
    if let Some((status, _)) = told.iter().find(|(status, _)| !in_file(status)) {
        return Err(AppError::InvalidField {
            field: "statuses".into(),
            detail: format!("“{status}” is not a status of “{}”", upload.file_name),
        });
    }
    crate::store::import_uploads::set_mapping(&db, &upload, &told, chrono::Utc::now()).await?;
    Ok(())
}

/// Starts importing the upload as previewed; the page follows its progress. An
/// upload imported before is imported again: unchanged items stay as they are.
#[server(endpoint = "start_import")]
pub async fn start_import(upload_id: Uuid) -> Result<(), AppError> {
    use crate::store::audit::Via;
    use crate::store::items::Actor;
    let principal = crate::security::guard::authorize(crate::domain::access::Action::ImportWork)?;
    let db = crate::store::connection()?;
    let upload = crate::store::import_uploads::find(&db, upload_id).await?;
    let planned = planning::Planned::read(&db, &upload).await?;
    crate::store::import_uploads::claim(
        &db,
        &upload,
        planned.plan.placements.len(),
        chrono::Utc::now(),
    )
    .await?;
    let actor = Actor {
        user_id: principal.user_id,
        via: Via::Import,
    };
    // The import outlives this request; its progress and outcome are on the upload.
    tokio::spawn(planning::run(db, upload_id, planned, actor));
    Ok(())
}

/// Forgets an upload and its file (what it imported stays).
#[server(endpoint = "discard_import")]
pub async fn discard_import(upload_id: Uuid) -> Result<(), AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::ImportWork)?;
    let db = crate::store::connection()?;
    let upload = crate::store::import_uploads::find(&db, upload_id).await?;
    crate::store::import_uploads::discard(&db, &upload, chrono::Utc::now()).await?;
    crate::security::redirect_form_post(crate::views::import::IMPORT_PAGE);
    Ok(())
}

/// Reading an upload's file and planning it onto its boards, for the preview and
/// the import alike.
#[cfg(feature = "ssr")]
mod planning {
    use chrono::{DateTime, Utc};
    use sea_orm::DatabaseConnection;
    use uuid::Uuid;

    use crate::domain::hierarchy::ItemKind;
    use crate::domain::import::{self, Mapped, Plan, Skip, SourceFile};
    use crate::domain::NamedRef;
    use crate::entities::import_upload;
    use crate::error::AppError;
    use crate::store::items::Actor;
    use crate::store::{import_uploads, StoreError};
    use crate::views::import::{
        assumed_starts, kind_name, mapped_by, ImportPreviewView, SkippedRow, StatusRow,
    };

    pub struct Planned {
        pub file: SourceFile,
        pub plan: Plan,
        pub team_columns: Vec<String>,
    }

    impl Planned {
        /// The upload planned with the mapping kept on it.
        pub async fn read(
            db: &DatabaseConnection,
            upload: &import_upload::Model,
        ) -> Result<Planned, AppError> {
            Planned::with_mapping(db, upload, import_uploads::mapping_of(upload)?).await
        }

        /// The upload planned with statuses mapped as `told`.
        pub async fn with_mapping(
            db: &DatabaseConnection,
            upload: &import_upload::Model,
            told: Vec<(String, String)>,
        ) -> Result<Planned, AppError> {
            // Checked when it was uploaded: a file that no longer reads is the
            // reader's change, said as it is.
            let file = upload
                .tool
                .read(&upload.content)
                .map_err(|bad| AppError::Invalid {
                    detail: format!("“{}” can no longer be read: {bad}", upload.file_name),
                })?;
            let team = crate::store::import::targets(db, upload.team_board_id).await?;
            let product = match upload.product_board_id {
                Some(board) => Some(crate::store::import::targets(db, board).await?),
                None => None,
            };
            let plan = import::plan(&file, &team, product.as_deref(), &told).map_err(|detail| {
                AppError::InvalidField {
                    field: "columns".into(),
                    detail,
                }
            })?;
            Ok(Planned {
                file,
                plan,
                team_columns: team.into_iter().map(|column| column.name).collect(),
            })
        }
    }

    pub async fn preview(
        db: &DatabaseConnection,
        upload: &import_upload::Model,
        planned: &Planned,
        now: DateTime<Utc>,
    ) -> Result<ImportPreviewView, AppError> {
        let (file, plan) = (&planned.file, &planned.plan);
        let team_board = crate::store::boards::find(db, upload.team_board_id).await?;
        let product = match upload.product_board_id {
            Some(board) => Some(crate::store::boards::find(db, board).await?.name),
            None => None,
        };
        let uploader = crate::store::users::names_of(db, [upload.uploaded_by]).await?;
        let rows = |map: &[Mapped], kind: ItemKind| -> Vec<StatusRow> {
            map.iter()
                .map(|mapped| StatusRow {
                    status: mapped.status.clone(),
                    items: file
                        .items
                        .iter()
                        .filter(|item| {
                            item.status == mapped.status
                                && (item.kind == ItemKind::Feature) == (kind == ItemKind::Feature)
                        })
                        .count(),
                    column: mapped.column.as_ref().map(|column| column.name.clone()),
                    by: mapped_by(mapped.by).to_owned(),
                })
                .collect()
        };
        let mut notes = file.notes.clone();
        if plan.assumed_starts > 0 {
            notes.insert(0, assumed_starts(plan.assumed_starts));
        }
        Ok(ImportPreviewView {
            id: upload.id,
            file_name: upload.file_name.clone(),
            tool: upload.tool,
            team: NamedRef {
                id: team_board.team_id.unwrap_or(team_board.id),
                name: team_board.name,
            },
            product,
            uploaded_by: uploader
                .get(&upload.uploaded_by)
                .cloned()
                .unwrap_or_default(),
            uploaded_at: upload.uploaded_at,
            state: upload.state,
            underway: import_uploads::is_underway(upload, now),
            done: upload.done,
            total: upload.total,
            created: upload.created,
            updated: upload.updated,
            unchanged: upload.unchanged,
            moves: upload.moves,
            failure: upload.failure.clone(),
            items: plan.items,
            kinds: plan
                .kinds
                .iter()
                .map(|(kind, work_type, count)| (kind_name(*kind, *work_type), *count))
                .collect(),
            columns: planned.team_columns.clone(),
            statuses: rows(&plan.work_map, ItemKind::WorkItem),
            epic_statuses: rows(&plan.feature_map, ItemKind::Feature),
            ready: plan.placements.len(),
            skipped: plan
                .skipped
                .iter()
                .map(|(label, skip)| SkippedRow {
                    label: label.clone(),
                    reason: match skip {
                        Skip::Unreadable(reason) => reason.clone(),
                        Skip::NoProduct => {
                            "an epic becomes a feature: upload again with a product chosen".into()
                        }
                        Skip::Unmapped(status) => {
                            format!("its status “{status}” has no column: choose one above")
                        }
                    },
                })
                .collect(),
            notes,
        })
    }

    /// Imports what was planned, recording progress and the outcome on the upload.
    pub async fn run(db: DatabaseConnection, upload: Uuid, planned: Planned, actor: Actor) {
        let progress = |done| {
            let db = db.clone();
            async move { import_uploads::progress(&db, upload, done, Utc::now()).await }
        };
        let outcome = crate::store::import::apply(
            &db,
            &planned.plan,
            planned.file.tool,
            actor,
            Utc::now(),
            progress,
        )
        .await
        .map_err(|error: StoreError| {
            tracing::error!(%error, %upload, "import failed");
            AppError::from(error).to_string()
        });
        if let Err(error) = import_uploads::finish(&db, upload, outcome, Utc::now()).await {
            tracing::error!(%error, %upload, "the outcome of an import could not be recorded");
        }
    }
}
