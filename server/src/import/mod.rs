//! `throughline import jira FILE.csv` / `throughline import trello FILE.json`:
//! work from another tool onto a team's board, with its history. A dry run by
//! default (what would be imported, the proposed mapping of statuses to columns,
//! every row that cannot be and why); `--apply` imports, in one transaction per
//! batch, idempotent by each item's source key. The reading and planning are
//! `app::domain::import`'s, shared with the admins' import page.

pub mod upload;

use std::io::Write;
use std::path::{Path, PathBuf};

use app::domain::board::BoardKind;
use app::domain::import::{self, Mapped, Plan, Skip, SourceFile, Tool, MAX_FILE_BYTES};
use app::store::audit::Via;
use app::store::import::Written;
use app::store::items::Actor;
use app::views::import::{assumed_starts, kind_name, mapped_by};
use sea_orm::DatabaseConnection;

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct Request {
    pub tool: Tool,
    pub file: PathBuf,
    /// The team board work items go to.
    pub board: String,
    /// The product board Jira epics go to, as features.
    pub product: Option<String>,
    /// `STATUS=COLUMN` pairs that override the proposed mapping.
    pub map: Vec<(String, String)>,
    pub apply: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    BadFile(#[from] import::BadFile),
    #[error("{0}")]
    Refused(String),
    #[error("the database refused: {0}")]
    Store(#[from] app::store::StoreError),
    #[error("cannot write the report: {0}")]
    Report(#[from] std::io::Error),
}

impl ImportError {
    /// The file's or the request's fault: the CLI exits 2 for these.
    pub fn is_refusal(&self) -> bool {
        matches!(self, ImportError::BadFile(_) | ImportError::Refused(_))
    }
}

/// Reads the file as text; one over `MAX_FILE_BYTES` is refused before it is read.
fn read_text(path: &Path) -> Result<String, ImportError> {
    let open = |source| ImportError::Open {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(open)?.len();
    if size > MAX_FILE_BYTES {
        return Err(import::too_large(size).into());
    }
    Ok(import::decode(std::fs::read(path).map_err(open)?)?)
}

/// Reads the file, maps it onto the boards, reports, and with `apply` imports;
/// the report goes to `out`, progress to `progress`.
pub async fn run(
    db: &DatabaseConnection,
    request: &Request,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> Result<Written, ImportError> {
    let file = request.tool.read(&read_text(&request.file)?)?;
    let boards = app::store::boards::all(db).await?;
    let find = |name: &str, kind: BoardKind, what: &str| {
        boards
            .iter()
            .find(|board| board.kind == kind && board.name.eq_ignore_ascii_case(name.trim()))
            .cloned()
            .ok_or_else(|| ImportError::Refused(format!("there is no {what} called “{name}”")))
    };
    let team = find(&request.board, BoardKind::Team, "team board")?;
    let product = request
        .product
        .as_deref()
        .map(|name| find(name, BoardKind::Feature, "product"))
        .transpose()?;
    let team_columns = app::store::import::targets(db, team.id).await?;
    let product_columns = match &product {
        Some(product) => Some(app::store::import::targets(db, product.id).await?),
        None => None,
    };
    let plan = import::plan(
        &file,
        &team_columns,
        product_columns.as_deref(),
        &request.map,
    )
    .map_err(ImportError::Refused)?;
    report(
        out,
        &file,
        &plan,
        &team.name,
        product.as_ref().map(|p| p.name.as_str()),
    )?;
    if !request.apply {
        writeln!(
            out,
            "Dry run: nothing was written. Run again with --apply to import."
        )?;
        return Ok(Written::default());
    }

    let admin = app::store::users::first_admin(db).await?.ok_or_else(|| {
        ImportError::Refused("create an admin first (throughline user add --admin)".into())
    })?;
    let actor = Actor {
        user_id: admin.id,
        via: Via::Import,
    };
    let total = plan.placements.len();
    let written =
        app::store::import::apply(db, &plan, file.tool, actor, chrono::Utc::now(), |done| {
            // Progress is a courtesy: a closed stderr does not stop the import.
            let _ = writeln!(progress, "imported {done} of {total}");
            std::future::ready(Ok(()))
        })
        .await?;
    writeln!(
        out,
        "Imported: {} created, {} updated, {} unchanged, {} moves recorded",
        written.created, written.updated, written.unchanged, written.moves
    )?;
    Ok(written)
}

fn report(
    out: &mut impl Write,
    file: &SourceFile,
    plan: &Plan,
    board: &str,
    product: Option<&str>,
) -> std::io::Result<()> {
    writeln!(out, "{} file: {} items", file.tool, plan.items)?;
    for (kind, work_type, count) in &plan.kinds {
        writeln!(out, "  {count} {}", kind_name(*kind, *work_type))?;
    }
    let mapping = |out: &mut dyn Write, title: String, map: &[Mapped]| -> std::io::Result<()> {
        writeln!(out, "{title}")?;
        for mapped in map {
            match &mapped.column {
                Some(column) => writeln!(
                    out,
                    "  {} → {} ({})",
                    mapped.status,
                    column.name,
                    mapped_by(mapped.by)
                )?,
                None => writeln!(
                    out,
                    "  {} → no column: its items are not imported",
                    mapped.status
                )?,
            }
        }
        Ok(())
    };
    mapping(
        out,
        format!("Statuses onto the board “{board}”:"),
        &plan.work_map,
    )?;
    if let Some(product) = product.filter(|_| !plan.feature_map.is_empty()) {
        mapping(
            out,
            format!("Epics' statuses onto the product “{product}”:"),
            &plan.feature_map,
        )?;
    }
    writeln!(
        out,
        "Ready to import: {} of {} items",
        plan.placements.len(),
        plan.items
    )?;
    if plan.assumed_starts > 0 {
        writeln!(out, "  {}", assumed_starts(plan.assumed_starts))?;
    }
    for note in &file.notes {
        writeln!(out, "  {note}")?;
    }
    if !plan.skipped.is_empty() {
        writeln!(out, "Not imported: {}", plan.skipped.len())?;
        for (label, skip) in &plan.skipped {
            let reason = match skip {
                Skip::Unreadable(reason) => reason.clone(),
                Skip::NoProduct => {
                    "an epic becomes a feature: name its product board with --product".into()
                }
                Skip::Unmapped(status) => format!(
                    "its status “{status}” has no column: map it with --map \"{status}=COLUMN\""
                ),
            };
            writeln!(out, "  {label}: {reason}")?;
        }
    }
    Ok(())
}
