//! `throughline backup FILE`: a consistent copy of the SQLite database, taken
//! while servers keep serving it. PostgreSQL has its own tools (README, Backups).

use std::path::Path;

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::config::Config;
use crate::error::StartupError;

/// Copies the configured SQLite database into `target`, a new file. SQLite's
/// `VACUUM INTO` reads one snapshot of the database (writers go on meanwhile:
/// the database runs in WAL mode) and writes it whole and compacted, so the copy
/// is consistent however busy the server is.
pub async fn to_file(config: &Config, target: &Path) -> Result<(), StartupError> {
    let refused = |reason: String| Err(StartupError::BackupRefused(reason));
    let Some(source) = config.sqlite_path() else {
        return refused(
            "backup copies a SQLite database; for PostgreSQL use pg_dump (README, Backups)".into(),
        );
    };
    if !source.exists() {
        return refused(format!("there is no database at {}", source.display()));
    }
    if target.exists() {
        return refused(format!(
            "{} already exists: a backup never overwrites a file",
            target.display()
        ));
    }
    let Some(path) = target.to_str() else {
        return refused(format!("{} is not a UTF-8 path", target.display()));
    };
    let db = crate::database::connect(config).await?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await
    .map_err(|source| StartupError::Backup {
        path: target.to_owned(),
        source,
    })?;
    Ok(())
}
