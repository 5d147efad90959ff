//! Why the server could not start or keep serving: one line a person can act on.

use std::{io, net::SocketAddr, path::PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("configuration: {variable}={value:?} is invalid: {reason}")]
    Config {
        variable: &'static str,
        value: String,
        reason: String,
    },
    #[error("data directory {} is not writable: {source}", path.display())]
    DataDir { path: PathBuf, source: io::Error },
    #[error("cannot open the database at {url}: {source}")]
    Database { url: String, source: sea_orm::DbErr },
    #[error("cannot migrate the database schema: {0}")]
    Migration(sea_orm::DbErr),
    #[error("cannot create the portfolio board: {0}")]
    Bootstrap(sea_orm::DbErr),
    #[error("cannot load the demo data: {0}")]
    Demo(app::error::AppError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("{0}")]
    Input(String),
    #[error("cannot create the account: {0}")]
    Account(app::error::AppError),
    #[error("the server stopped: {0}")]
    Serve(io::Error),
    /// A backup that cannot be taken as asked (nothing written).
    #[error("{0}")]
    BackupRefused(String),
    #[error("cannot write the backup to {}: {source}", path.display())]
    Backup {
        path: PathBuf,
        source: sea_orm::DbErr,
    },
    /// An export or restore that failed; a restore changed nothing.
    #[error("{0}")]
    Archive(#[from] crate::archive::ArchiveError),
    /// An import that stopped; what was committed before it stays (idempotent:
    /// running it again finishes it).
    #[error("{0}")]
    Import(#[from] crate::import::ImportError),
}

impl StartupError {
    /// Process exit code: 2 for bad configuration, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            StartupError::Config { .. }
            | StartupError::Input(_)
            | StartupError::BackupRefused(_) => 2,
            StartupError::Archive(error) if error.is_refusal() => 2,
            StartupError::Import(error) if error.is_refusal() => 2,
            _ => 1,
        }
    }
}
