//! Writing the document, table by table, row by row: memory stays flat however
//! large the database, and every table is read from one snapshot.

use std::path::Path;

use futures::TryStreamExt;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IdenStatic,
    IsolationLevel, Iterable, ModelTrait, PrimaryKeyToColumn, QueryOrder, StreamTrait,
    TransactionTrait,
};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::tables::{self, table_name};
use super::{schema, values, ArchiveError, Tally, FORMAT};

/// How much is gathered before it is handed to the writer.
const CHUNK: usize = 64 * 1024;

/// Writes the whole database to `out`, from one snapshot of it.
pub async fn export<W>(db: &DatabaseConnection, out: W) -> Result<Tally, ArchiveError>
where
    W: AsyncWrite + Unpin + Send,
{
    // PostgreSQL's default isolation gives each statement its own snapshot; one
    // repeatable-read transaction reads every table as of its first read. SQLite's
    // read transaction in WAL mode is a snapshot already.
    let isolation = (db.get_database_backend() == DbBackend::Postgres)
        .then_some(IsolationLevel::RepeatableRead);
    let access = isolation.map(|_| AccessMode::ReadOnly);
    let snapshot = db.begin_with_config(isolation, access).await?;
    let mut sink = Sink::new(out, &schema());
    tables::export_each(&snapshot, &mut sink).await?;
    let tally = sink.finish().await?;
    snapshot.commit().await?;
    Ok(tally)
}

/// Writes the whole database to `target`, a new file; a failed export leaves
/// no file behind.
pub async fn to_file(db: &DatabaseConnection, target: &Path) -> Result<Tally, ArchiveError> {
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .await
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => ArchiveError::FileExists(target.to_owned()),
            _ => ArchiveError::Open {
                path: target.to_owned(),
                source,
            },
        })?;
    let written = async {
        let mut file = file;
        let tally = export(db, &mut file).await?;
        file.sync_all().await.map_err(ArchiveError::Write)?;
        Ok(tally)
    };
    let result = written.await;
    if result.is_err() {
        // Best effort: the error being reported matters more than this one.
        let _ = tokio::fs::remove_file(target).await;
    }
    result
}

/// Every row of `E`'s table, in primary-key order.
pub(super) async fn rows_of<E, C, W>(db: &C, sink: &mut Sink<W>) -> Result<(), ArchiveError>
where
    E: EntityTrait,
    C: ConnectionTrait + StreamTrait + Send,
    W: AsyncWrite + Unpin + Send,
{
    let table = table_name::<E>();
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let mut rows = std::pin::pin!(query.stream(db).await?);
    let mut fields = Vec::with_capacity(columns.len());
    while let Some(row) = rows.try_next().await? {
        fields.clear();
        for column in &columns {
            let value =
                values::to_json(row.get(*column)).map_err(|value| ArchiveError::Unwritable {
                    table,
                    column: column.as_str().to_owned(),
                    value,
                })?;
            fields.push((column.as_str(), value));
        }
        sink.row(&fields).await?;
    }
    Ok(())
}

/// The document being written: its frame, a table's brackets, a row per line.
pub(super) struct Sink<W> {
    out: W,
    buffer: Vec<u8>,
    table: Option<&'static str>,
    rows_in_table: u64,
    tally: Tally,
}

impl<W: AsyncWrite + Unpin + Send> Sink<W> {
    fn new(out: W, schema: &str) -> Sink<W> {
        let mut sink = Sink {
            out,
            buffer: Vec::with_capacity(CHUNK * 2),
            table: None,
            rows_in_table: 0,
            tally: Tally::default(),
        };
        sink.put(b"{\"format\":");
        sink.put_json(&FORMAT);
        sink.put(b",\"schema\":");
        sink.put_json(&schema);
        sink.put(b",\"tables\":{");
        sink
    }

    pub(super) fn start_table(&mut self, name: &'static str) {
        if self.end_table() {
            self.put(b",");
        }
        self.put(b"\n");
        self.put_json(&name);
        self.put(b":[");
        self.table = Some(name);
    }

    async fn row(&mut self, fields: &[(&str, serde_json::Value)]) -> Result<(), ArchiveError> {
        self.put(if self.rows_in_table == 0 {
            b"\n{"
        } else {
            b",\n{"
        });
        for (n, (column, value)) in fields.iter().enumerate() {
            if n > 0 {
                self.put(b",");
            }
            self.put_json(column);
            self.put(b":");
            self.put_json(value);
        }
        self.put(b"}");
        self.rows_in_table += 1;
        if self.buffer.len() >= CHUNK {
            self.flush().await?;
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<Tally, ArchiveError> {
        self.end_table();
        self.put(b"\n}}\n");
        self.flush().await?;
        self.out.flush().await.map_err(ArchiveError::Write)?;
        Ok(self.tally)
    }

    /// Closes the table being written; `false` if there was none.
    fn end_table(&mut self) -> bool {
        let Some(table) = self.table.take() else {
            return false;
        };
        self.put(b"\n]");
        self.tally.count(table, self.rows_in_table);
        self.rows_in_table = 0;
        true
    }

    fn put(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    fn put_json(&mut self, value: &impl serde::Serialize) {
        serde_json::to_writer(&mut self.buffer, value)
            .expect("JSON of a string or a checked value always serialises");
    }

    async fn flush(&mut self) -> Result<(), ArchiveError> {
        self.out
            .write_all(&self.buffer)
            .await
            .map_err(ArchiveError::Write)?;
        self.buffer.clear();
        Ok(())
    }
}
