//! Files uploaded for import, kept in the database so any replica can preview and
//! import them: the choices made for each (boards, statuses mapped by hand), and
//! the state of its import, claimed by one writer at a time.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DerivePartialModel, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, UpdateMany,
};
use uuid::Uuid;

use super::error::{Refusal, StoreError};
use super::import::Written;
use crate::domain::board::BoardKind;
use crate::domain::import::{ImportState, Tool};
use crate::entities::import_upload::{self, Column};

/// An import that has not reported progress for this long stopped with its server
/// (a batch of 200 items takes well under a second): it may be started again.
pub const STALLED_AFTER: Duration = Duration::minutes(2);

/// A file as uploaded, checked readable by its tool's reader.
pub struct NewUpload {
    pub tool: Tool,
    pub file_name: String,
    pub content: String,
    pub team_board: Uuid,
    pub product_board: Option<Uuid>,
    pub uploaded_by: Uuid,
}

/// An upload without its file, for lists.
#[derive(Debug, Clone, PartialEq, DerivePartialModel)]
#[sea_orm(entity = "import_upload::Entity")]
pub struct UploadSummary {
    pub id: Uuid,
    pub tool: Tool,
    pub file_name: String,
    pub team_board_id: Uuid,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTime<Utc>,
    pub state: ImportState,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
}

/// Keeps an upload; its boards must be a team board and, if given, a product's
/// feature kanban.
pub async fn create(
    db: &impl ConnectionTrait,
    upload: NewUpload,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let must_be = |field: &'static str, kind: BoardKind, board: &crate::entities::board::Model| {
        if board.kind == kind {
            Ok(())
        } else {
            Err(StoreError::from(Refusal::NotAnImportTarget {
                field,
                board: board.kind,
            }))
        }
    };
    must_be(
        "team_board_id",
        BoardKind::Team,
        &super::boards::find(db, upload.team_board).await?,
    )?;
    if let Some(product) = upload.product_board {
        must_be(
            "product_board_id",
            BoardKind::Feature,
            &super::boards::find(db, product).await?,
        )?;
    }
    let id = Uuid::new_v4();
    import_upload::ActiveModel {
        id: Set(id),
        tool: Set(upload.tool),
        file_name: Set(upload.file_name),
        content: Set(upload.content),
        team_board_id: Set(upload.team_board),
        product_board_id: Set(upload.product_board),
        mapping: Set("[]".into()),
        uploaded_by: Set(upload.uploaded_by),
        uploaded_at: Set(now),
        state: Set(ImportState::Ready),
        done: Set(0),
        total: Set(0),
        created: Set(0),
        updated: Set(0),
        unchanged: Set(0),
        moves: Set(0),
        failure: Set(None),
        touched_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The upload with its file; 404 when there is none.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<import_upload::Model, StoreError> {
    import_upload::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that upload"))
}

/// The latest uploads, newest first.
pub async fn recent(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<UploadSummary>, StoreError> {
    Ok(import_upload::Entity::find()
        .order_by_desc(Column::UploadedAt)
        .limit(limit)
        .into_partial_model::<UploadSummary>()
        .all(db)
        .await?)
}

/// The statuses mapped by hand, `(status, column name)`.
pub fn mapping_of(upload: &import_upload::Model) -> Result<Vec<(String, String)>, StoreError> {
    serde_json::from_str(&upload.mapping).map_err(|error| StoreError::Inconsistent {
        detail: format!(
            "the mapping of upload {} is not a list of pairs: {error}",
            upload.id
        ),
    })
}

/// Replaces the statuses mapped by hand; refused while the file is being imported.
pub async fn set_mapping(
    db: &impl ConnectionTrait,
    upload: &import_upload::Model,
    mapping: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(mapping).map_err(|error| StoreError::Inconsistent {
        detail: error.to_string(),
    })?;
    let update = import_upload::Entity::update_many()
        .col_expr(Column::Mapping, Expr::value(text))
        .col_expr(Column::TouchedAt, Expr::value(now));
    unless_underway(db, upload, update, now).await
}

/// Claims the upload for importing `total` items: one import at a time, whichever
/// replica runs it. An import that went quiet (`STALLED_AFTER`) may be claimed
/// again; importing is idempotent, so the second run finishes the first one's job.
pub async fn claim(
    db: &impl ConnectionTrait,
    upload: &import_upload::Model,
    total: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let update = import_upload::Entity::update_many()
        .col_expr(Column::State, Expr::value(ImportState::Importing))
        .col_expr(Column::Done, Expr::value(0))
        .col_expr(Column::Total, Expr::value(count(total)))
        .col_expr(Column::Failure, Expr::value(Option::<String>::None))
        .col_expr(Column::TouchedAt, Expr::value(now));
    unless_underway(db, upload, update, now).await
}

/// Applies `update` to the upload unless an import of it is under way (409).
async fn unless_underway(
    db: &impl ConnectionTrait,
    upload: &import_upload::Model,
    update: UpdateMany<import_upload::Entity>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let changed = update
        .filter(Column::Id.eq(upload.id))
        .filter(not_underway(now))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(underway(upload));
    }
    Ok(())
}

/// Records that `done` items are written.
pub async fn progress(
    db: &impl ConnectionTrait,
    id: Uuid,
    done: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    import_upload::Entity::update_many()
        .col_expr(Column::Done, Expr::value(count(done)))
        .col_expr(Column::TouchedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records how the import ended: what it wrote, or why it stopped.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    outcome: Result<Written, String>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut update = import_upload::Entity::update_many()
        .col_expr(Column::TouchedAt, Expr::value(now))
        .filter(Column::Id.eq(id));
    update = match outcome {
        Ok(written) => update
            .col_expr(Column::State, Expr::value(ImportState::Imported))
            .col_expr(Column::Done, Expr::col(Column::Total))
            .col_expr(Column::Created, Expr::value(count(written.created)))
            .col_expr(Column::Updated, Expr::value(count(written.updated)))
            .col_expr(Column::Unchanged, Expr::value(count(written.unchanged)))
            .col_expr(Column::Moves, Expr::value(count(written.moves))),
        Err(failure) => update
            .col_expr(Column::State, Expr::value(ImportState::Failed))
            .col_expr(Column::Failure, Expr::value(failure)),
    };
    update.exec(db).await?;
    Ok(())
}

/// Forgets an upload and its file; refused while it is being imported.
pub async fn discard(
    db: &impl ConnectionTrait,
    upload: &import_upload::Model,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let gone = import_upload::Entity::delete_many()
        .filter(Column::Id.eq(upload.id))
        .filter(not_underway(now))
        .exec(db)
        .await?;
    if gone.rows_affected == 0 {
        return Err(underway(upload));
    }
    Ok(())
}

/// Whether an import of `upload` is running (heard of within `STALLED_AFTER`).
pub fn is_underway(upload: &import_upload::Model, now: DateTime<Utc>) -> bool {
    upload.state == ImportState::Importing && upload.touched_at >= now - STALLED_AFTER
}

fn not_underway(now: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(Column::State.ne(ImportState::Importing))
        .add(Column::TouchedAt.lt(now - STALLED_AFTER))
}

fn underway(upload: &import_upload::Model) -> StoreError {
    Refusal::ImportUnderway {
        file: upload.file_name.clone(),
    }
    .into()
}

/// A count as stored (saturating: no import holds two billion items).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
