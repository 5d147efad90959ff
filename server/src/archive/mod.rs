//! The whole database as one JSON document, and back: `throughline export`, the
//! admins' download and `throughline restore`.
//!
//! The document names its format and the schema (the last migration) it was taken
//! at, then every table in an order that restores without breaking a foreign key,
//! each row an object of its columns, one row per line, rows in key order:
//!
//! ```text
//! {"format":"throughline-export","schema":"m20261127_000017_…","tables":{
//! "users":[
//! {"id":"…","email":"ada@example.com",…},
//! …
//! ],
//! …
//! }}
//! ```
//!
//! Taken from one snapshot, the same data always gives the same bytes, so
//! export → restore → export is byte-identical, and the file is also the way
//! from SQLite to PostgreSQL and back.

mod export;
mod restore;
mod tables;
mod values;

use std::path::PathBuf;

pub use export::{export, to_file};
pub use restore::{from_file, restore};

/// What the document's `format` says.
pub const FORMAT: &str = "throughline-export";

/// Rows per table, in the document's order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub tables: Vec<(&'static str, u64)>,
}

impl Tally {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, rows)| rows).sum()
    }

    fn count(&mut self, table: &'static str, rows: u64) {
        match self.tables.iter_mut().find(|(name, _)| *name == table) {
            Some((_, counted)) => *counted += rows,
            None => self.tables.push((table, rows)),
        }
    }
}

/// "1463 rows of 27 tables".
impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} rows of {} tables", self.rows(), self.tables.len())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{0} already exists: an export never overwrites a file")]
    FileExists(PathBuf),
    #[error("cannot open {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the export: {0}")]
    Write(std::io::Error),
    #[error("the database refused: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("{table}.{column} holds a value an export cannot write: {value}")]
    Unwritable {
        table: &'static str,
        column: String,
        value: String,
    },
    #[error("this is not a Throughline export: {0}")]
    NotAnExport(String),
    #[error(
        "the export was taken at schema {file}, this database is at {database}: restore it with \
         the release that took it (then migrate by starting this one)"
    )]
    OtherSchema { file: String, database: String },
    #[error("a restore goes into an empty database, and {table} has {rows} rows")]
    NotEmpty { table: &'static str, rows: u64 },
    #[error("the export has no table {0}")]
    MissingTable(&'static str),
    #[error("{table}, row {row}: {reason}")]
    BadRow {
        table: String,
        row: u64,
        reason: String,
    },
}

impl ArchiveError {
    /// Whether the fault is the file or the target rather than the machine: the
    /// CLI exits 2 for these, 1 for the rest.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            ArchiveError::Write(_) | ArchiveError::Database(_) | ArchiveError::Open { .. }
        )
    }
}

/// The schema this build migrates to: the name of its last migration.
pub fn schema() -> String {
    use migrations::MigratorTrait;
    migrations::Migrator::migrations()
        .last()
        .map(|migration| migration.name().to_owned())
        .unwrap_or_default()
}
