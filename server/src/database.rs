//! Opening and migrating the database.

use std::time::Duration;

use migrations::MigratorTrait;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::config::{redacted, Config};
use crate::error::StartupError;

/// Connects, creating the SQLite file (and its directory) when missing.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    if let Some(path) = config.sqlite_path() {
        ensure_writable_dir(path.parent().filter(|p| !p.as_os_str().is_empty()))?;
    }
    let mut options = ConnectOptions::new(&config.database_url);
    if config.sqlite_path().is_some() {
        // sea-orm gives SQLite one connection unless told otherwise, and every
        // request then queues behind it. Under WAL readers run beside the writer;
        // writers take the write lock at their transaction's start
        // (`store::begin_writing`), so more connections only add parallel reads.
        options.max_connections(sqlite_connections());
        // sqlx pings a pooled connection before each use; SQLite's is a round trip
        // to the connection's own thread (a move made about ten), and nothing
        // outside the process can break a connection to a file.
        options.test_before_acquire(false);
        // SQLite plans a statement whose LIMIT is a bound value for that value,
        // and so prepares it again each time the value is bound anew: every
        // `.one()` read (`LIMIT ?`) was parsed and planned on each run, five of a
        // move's statements and a fifth of its instructions (callgrind).
        options.map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_connect(|connection, _| Box::pin(plan_each_statement_once(connection)))
        });
    }
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // WAL lets readers run beside the one writer; NORMAL sync is durable under
        // WAL except for the last transactions on power loss; the busy timeout makes
        // a second writer wait instead of failing with "database is locked".
        .map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    Database::connect(options)
        .await
        .map_err(|source| StartupError::Database {
            url: redacted(&config.database_url),
            source,
        })
}

/// Turns off SQLite's memory statistics, which it keeps under one process-wide
/// mutex taken on every allocation: a flow page's reads running side by side on
/// two connections waited on each other there, and the JSON lists SQLite builds
/// (`store::json_list`) allocate often. Nothing here reads the statistics. Called
/// first in `main`, before any other thread exists: SQLite's configuration may
/// only be changed before its first connection. The benches' in-process server
/// calls it too.
pub fn skip_sqlite_memory_statistics() {
    // SAFETY: sqlite3_config is called before SQLite is initialised and with
    // the one int argument SQLITE_CONFIG_MEMSTATUS takes.
    unsafe {
        libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0);
    }
}

/// Turns on SQLite's query planner stability guarantee for `connection`: a
/// statement is planned once, whatever values are later bound to it.
async fn plan_each_statement_once(
    connection: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    let mut handle = connection.lock_handle().await?;
    // SAFETY: the handle is locked to this call; SQLITE_DBCONFIG_ENABLE_QPSG takes
    // an int (1: on) and a pointer to an int for the new setting, which may be null.
    let status = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            handle.as_raw_handle().as_ptr(),
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1,
            std::ptr::null_mut::<std::ffi::c_int>(),
        )
    };
    match status {
        libsqlite3_sys::SQLITE_OK => Ok(()),
        _ => Err(sea_orm::sqlx::Error::Configuration(
            format!("SQLite refused its query planner stability guarantee (code {status})").into(),
        )),
    }
}

/// Two per core: a connection waiting on the disk leaves its core to another.
fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    u32::try_from(cores * 2).unwrap_or(u32::MAX)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), StartupError> {
    migrations::Migrator::up(db, None)
        .await
        .map_err(StartupError::Migration)
}

fn ensure_writable_dir(dir: Option<&std::path::Path>) -> Result<(), StartupError> {
    let Some(dir) = dir else {
        return Ok(());
    };
    let failed = |source| StartupError::DataDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    // Creating a file is the only reliable test (permissions, read-only mounts, ACLs).
    let probe = dir.join(".throughline-write-test");
    std::fs::write(&probe, b"").map_err(failed)?;
    std::fs::remove_file(&probe).map_err(failed)
}
