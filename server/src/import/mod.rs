//! `throughline import jira FILE.csv` / `throughline import trello FILE.json`:
//! work from another tool onto a team's board, with its history. A dry run by
//! default (what would be imported, the proposed mapping of statuses to columns,
//! every row that cannot be and why); `--apply` imports, in one transaction per
//! batch, idempotent by each item's source key.

mod csv;
mod jira;
mod trello;

use std::io::Write;
use std::path::{Path, PathBuf};

use app::domain::board::{BoardKind, StateCategory};
use app::domain::hierarchy::ItemKind;
use app::domain::import::{self, Mapped, MappedBy, SourceItem, TargetColumn};
use app::domain::text::TITLE_MAX;
use app::store::audit::Via;
use app::store::import::{write_batch, Placement, Written};
use app::store::items::Actor;
use sea_orm::DatabaseConnection;

/// Files larger than this are refused before they are read: the file is read
/// whole, and an export this size holds far more issues than a team brings in.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Items per transaction.
const BATCH: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Jira,
    Trello,
}

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

/// The file read into one shape, whatever the tool.
#[derive(Debug)]
pub struct SourceFile {
    pub tool: &'static str,
    pub items: Vec<SourceItem>,
    /// Each status (list) with its category where the tool has one, as first seen.
    pub statuses: Vec<(String, Option<StateCategory>)>,
    /// Rows that cannot be imported: their label and why.
    pub skipped: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl SourceFile {
    fn new(tool: &'static str) -> SourceFile {
        SourceFile {
            tool,
            items: Vec::new(),
            statuses: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    BadFile(String),
    #[error("{0}")]
    Refused(String),
    #[error("the database refused: {0}")]
    Store(#[from] app::store::StoreError),
    #[error("the database refused: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot write the report: {0}")]
    Report(#[from] std::io::Error),
}

impl ImportError {
    /// The file's or the request's fault: the CLI exits 2 for these.
    pub fn is_refusal(&self) -> bool {
        matches!(self, ImportError::BadFile(_) | ImportError::Refused(_))
    }
}

/// A title as the app keeps one: one line, no control characters, at most
/// `TITLE_MAX` characters.
fn clean_title(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(TITLE_MAX).collect()
}

/// Reads the file whole (within `MAX_FILE_BYTES`) as UTF-8, a byte-order mark
/// dropped.
fn read_text(path: &Path) -> Result<String, ImportError> {
    let open = |source| ImportError::Open {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(open)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::BadFile(format!(
            "the file is {} MiB; an import reads files up to {} MiB: export fewer issues at a time",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(open)?;
    let text = String::from_utf8(bytes).map_err(|error| {
        ImportError::BadFile(format!(
            "the file is not UTF-8 (byte {} is not): export it again as UTF-8",
            error.utf8_error().valid_up_to() + 1
        ))
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Reads the file, maps it onto the boards, reports, and with `apply` imports;
/// the report goes to `out`, progress to `progress`.
pub async fn run(
    db: &DatabaseConnection,
    request: &Request,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> Result<Written, ImportError> {
    let text = read_text(&request.file)?;
    let file = match request.tool {
        Tool::Jira => jira::read(&text)?,
        Tool::Trello => trello::read(&text)?,
    };
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
    let targets = |columns: Vec<app::entities::board_column::Model>| {
        columns
            .into_iter()
            .map(|column| TargetColumn {
                id: column.id,
                name: column.name,
                category: column.state_category,
            })
            .collect::<Vec<_>>()
    };
    let team_columns = targets(app::store::items::columns_of(db, team.id).await?);
    let product_columns = match &product {
        Some(product) => targets(app::store::items::columns_of(db, product.id).await?),
        None => Vec::new(),
    };
    let statuses_of = |kind: ItemKind| -> Vec<(String, Option<StateCategory>)> {
        file.statuses
            .iter()
            .filter(|(status, _)| {
                file.items
                    .iter()
                    .any(|item| item.kind == kind && item.status == *status)
                    || (kind == ItemKind::WorkItem
                        && !file.items.iter().any(|item| item.status == *status))
            })
            .cloned()
            .collect()
    };
    let work_map = import::map_statuses(
        &statuses_of(ItemKind::WorkItem),
        &team_columns,
        &request.map,
    )
    .map_err(ImportError::Refused)?;
    let feature_map = import::map_statuses(&statuses_of(ItemKind::Feature), &product_columns, &[])
        .map_err(ImportError::Refused)?;

    let mut skipped = file.skipped.clone();
    let mut placements = Vec::new();
    let mut assumed = 0;
    for item in &file.items {
        let (map, columns) = match item.kind {
            ItemKind::Feature if product.is_none() => {
                skipped.push((
                    item.label.clone(),
                    "an epic becomes a feature: name its product board with --product".into(),
                ));
                continue;
            }
            ItemKind::Feature => (&feature_map, &product_columns),
            _ => (&work_map, &team_columns),
        };
        let Some(now_in) = column_for(map, &item.status) else {
            skipped.push((
                item.label.clone(),
                format!(
                    "its status “{}” has no column: map it with --map \"{}=COLUMN\"",
                    item.status, item.status
                ),
            ));
            continue;
        };
        let placed = import::place(item, now_in, columns, |status| {
            column_for(map, status).map(|column| column.id)
        });
        assumed += usize::from(placed.start_assumed);
        placements.push(Placement {
            item: item.clone(),
            column: now_in.id,
            moves: placed.moves,
        });
    }
    // Parents first: a work item's feature is written before it.
    placements.sort_by_key(|placement| placement.item.kind != ItemKind::Feature);

    report(
        out,
        &file,
        &team.name,
        &work_map,
        product.as_ref().map(|p| (p.name.as_str(), &feature_map)),
    )?;
    writeln!(
        out,
        "Ready to import: {} of {} items",
        placements.len(),
        file.items.len()
    )?;
    if assumed > 0 {
        writeln!(
            out,
            "  {assumed} finished items have no start of work in the file (no Start date, only Created and Resolved): their start is taken as their creation, so their cycle time is their lead time"
        )?;
    }
    for note in &file.notes {
        writeln!(out, "  {note}")?;
    }
    if !skipped.is_empty() {
        writeln!(out, "Not imported: {}", skipped.len())?;
        for (label, reason) in &skipped {
            writeln!(out, "  {label}: {reason}")?;
        }
    }
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
    let now = chrono::Utc::now();
    let mut written = Written::default();
    for (n, batch) in placements.chunks(BATCH).enumerate() {
        let txn = app::store::begin_writing(db).await?;
        written += write_batch(&txn, batch, file.tool, actor, now).await?;
        txn.commit().await?;
        writeln!(
            progress,
            "imported {} of {}",
            (n * BATCH + batch.len()),
            placements.len()
        )?;
    }
    writeln!(
        out,
        "Imported: {} created, {} updated, {} unchanged, {} moves recorded",
        written.created, written.updated, written.unchanged, written.moves
    )?;
    Ok(written)
}

/// The column a status is mapped to, if any.
fn column_for<'a>(map: &'a [Mapped], status: &str) -> Option<&'a TargetColumn> {
    map.iter()
        .find(|mapped| mapped.status == status)
        .and_then(|mapped| mapped.column.as_ref())
}

fn report(
    out: &mut impl Write,
    file: &SourceFile,
    board: &str,
    work_map: &[Mapped],
    product: Option<(&str, &Vec<Mapped>)>,
) -> std::io::Result<()> {
    writeln!(out, "{} file: {} items", file.tool, file.items.len())?;
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for item in &file.items {
        let name = match (item.kind, item.work_type) {
            (ItemKind::Feature, _) => "feature".to_owned(),
            (_, Some(work_type)) => format!("work item ({})", work_type.label().to_lowercase()),
            (kind, None) => kind.key().to_owned(),
        };
        match kinds.iter_mut().find(|(seen, _)| *seen == name) {
            Some((_, count)) => *count += 1,
            None => kinds.push((name, 1)),
        }
    }
    for (kind, count) in kinds {
        writeln!(out, "  {count} {kind}")?;
    }
    let mapping = |out: &mut dyn Write, title: String, map: &[Mapped]| -> std::io::Result<()> {
        writeln!(out, "{title}")?;
        for mapped in map {
            let by = match mapped.by {
                MappedBy::Told => " (as told)",
                MappedBy::Name => " (same name)",
                MappedBy::Category => " (by its category)",
                MappedBy::Unmapped => "",
            };
            match &mapped.column {
                Some(column) => writeln!(out, "  {} → {}{by}", mapped.status, column.name)?,
                None => writeln!(
                    out,
                    "  {} → no column: its items are not imported",
                    mapped.status
                )?,
            }
        }
        Ok(())
    };
    mapping(out, format!("Statuses onto the board “{board}”:"), work_map)?;
    if let Some((product, map)) = product {
        if !map.is_empty() {
            mapping(
                out,
                format!("Epics' statuses onto the product “{product}”:"),
                map,
            )?;
        }
    }
    Ok(())
}
