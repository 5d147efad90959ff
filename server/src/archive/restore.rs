//! Reading a document back into an empty database, in one transaction: a file
//! that is not an export, of another schema, or with one bad row changes nothing.
//!
//! The JSON is parsed on a blocking thread that hands rows over in batches, so a
//! file of any size is read in flat memory while the database takes the rows.

use std::fmt;
use std::io::Read;
use std::path::Path;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    IdenStatic, Iterable, PrimaryKeyToColumn, PrimaryKeyTrait, Statement,
};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;
use tokio::sync::mpsc;

use super::tables::{self, table_name};
use super::{schema, values, ArchiveError, Tally, FORMAT};

/// Rows per insert: well under either engine's limit of bound values per statement.
const BATCH: usize = 500;

/// Restores the export in the file `source` into the (empty) database.
pub async fn from_file(db: &DatabaseConnection, source: &Path) -> Result<Tally, ArchiveError> {
    let file = std::fs::File::open(source).map_err(|error| ArchiveError::Open {
        path: source.to_owned(),
        source: error,
    })?;
    restore(db, file).await
}

/// Reads a whole export from `input` into the database, which must be empty.
pub async fn restore<R>(db: &DatabaseConnection, input: R) -> Result<Tally, ArchiveError>
where
    R: Read + Send + 'static,
{
    let (pieces_out, mut pieces) = mpsc::channel(2);
    let reader = tokio::task::spawn_blocking(move || read_document(input, pieces_out));
    let writing = app::store::begin_writing(db).await?;
    let written = async {
        for (table, rows) in tables::counts(&writing).await? {
            if rows > 0 {
                return Err(ArchiveError::NotEmpty { table, rows });
            }
        }
        let mut tally = Tally::default();
        let mut header = false;
        while let Some(piece) = pieces.recv().await {
            match piece {
                Piece::Header {
                    format,
                    schema: file,
                } => {
                    if format != FORMAT {
                        return Err(ArchiveError::NotAnExport(format!(
                            "its format is {format:?}, not {FORMAT:?}"
                        )));
                    }
                    let database = schema();
                    if file != database {
                        return Err(ArchiveError::OtherSchema { file, database });
                    }
                    header = true;
                }
                Piece::Rows { .. } if !header => {
                    return Err(ArchiveError::NotAnExport(
                        "its format and schema do not come before its tables".into(),
                    ))
                }
                Piece::Rows { table, first, rows } => {
                    let count = rows.len() as u64;
                    let table = tables::insert(&writing, &table, first, rows).await?;
                    tally.count(table, count);
                }
            }
        }
        Ok(tally)
    }
    .await;
    // A refusal above leaves the reader waiting to hand over rows: this lets it stop.
    drop(pieces);
    let read = reader
        .await
        .map_err(|panic| ArchiveError::NotAnExport(format!("reading it failed: {panic}")));
    let tally = match (written, read) {
        (Err(error), _) | (Ok(_), Err(error) | Ok(Err(error))) => {
            writing.rollback().await?;
            return Err(error);
        }
        (Ok(tally), Ok(Ok(()))) => tally,
    };
    let present: Vec<_> = tally.tables.iter().map(|(name, _)| *name).collect();
    if let Some(missing) = tables::names().into_iter().find(|t| !present.contains(t)) {
        writing.rollback().await?;
        return Err(ArchiveError::MissingTable(missing));
    }
    tables::advance_sequences(&writing).await?;
    writing.commit().await?;
    Ok(tally)
}

/// Inserts one batch of `E`'s rows, numbered from `first` + 1 in errors.
pub(super) async fn insert_rows<E>(
    db: &impl ConnectionTrait,
    first: u64,
    rows: Vec<Json>,
) -> Result<(), ArchiveError>
where
    E: EntityTrait,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let table = table_name::<E>();
    let bad = |row: u64, reason: String| ArchiveError::BadRow {
        table: table.to_owned(),
        row,
        reason,
    };
    let count = rows.len() as u64;
    let mut models = Vec::with_capacity(rows.len());
    for (number, row) in (first + 1..).zip(rows) {
        let Json::Object(mut fields) = row else {
            return Err(bad(number, "a row is an object of its columns".into()));
        };
        let mut model = <E::ActiveModel as ActiveModelTrait>::default();
        for column in E::Column::iter() {
            let name = column.as_str();
            let definition = column.def();
            let json = fields
                .remove(name)
                .ok_or_else(|| bad(number, format!("it has no {name}")))?;
            if json.is_null() && !definition.is_null() {
                return Err(bad(number, format!("{name} may not be null")));
            }
            let value = values::from_json(definition.get_column_type(), json)
                .map_err(|reason| bad(number, format!("{name}: {reason}")))?;
            model
                .try_set(column, value)
                .map_err(|error| bad(number, format!("{name}: {error}")))?;
        }
        if let Some(extra) = fields.keys().next() {
            return Err(bad(
                number,
                format!("it has a column {extra:?} the table has not"),
            ));
        }
        models.push(model);
    }
    E::insert_many(models)
        .exec_without_returning(db)
        .await
        .map_err(|error| {
            bad(
                first + 1,
                format!(
                    "the database refused rows {}–{}: {error}",
                    first + 1,
                    first + count
                ),
            )
        })?;
    Ok(())
}

/// On PostgreSQL, moves an auto-numbered key's sequence past the rows restored,
/// so the next row gets a fresh number.
pub(super) async fn advance_sequence<E: EntityTrait>(
    db: &impl ConnectionTrait,
) -> Result<(), ArchiveError> {
    let Some(key) = E::PrimaryKey::iter().next() else {
        return Ok(());
    };
    if db.get_database_backend() != DbBackend::Postgres || !E::PrimaryKey::auto_increment() {
        return Ok(());
    }
    let (table, column) = (table_name::<E>(), key.into_column().as_str());
    db.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        ),
    ))
    .await?;
    Ok(())
}

/// What the reading thread hands over.
enum Piece {
    Header {
        format: String,
        schema: String,
    },
    /// Rows of `table`, the first of them its row number `first` + 1; every table
    /// ends with one batch, empty for an empty table.
    Rows {
        table: String,
        first: u64,
        rows: Vec<Json>,
    },
}

fn read_document<R: Read>(input: R, out: mpsc::Sender<Piece>) -> Result<(), ArchiveError> {
    let reader = std::io::BufReader::with_capacity(256 * 1024, input);
    let mut parser = serde_json::Deserializer::from_reader(reader);
    Document { out: &out }
        .deserialize(&mut parser)
        .and_then(|()| parser.end())
        .map_err(|error| ArchiveError::NotAnExport(error.to_string()))
}

/// The document's frame: format and schema, then the tables.
struct Document<'a> {
    out: &'a mpsc::Sender<Piece>,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with format, schema and tables")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut format, mut schema, mut tables) = (None, None, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value::<String>()?),
                "schema" => schema = Some(map.next_value::<String>()?),
                "tables" => {
                    let (Some(format), Some(schema)) = (format.take(), schema.take()) else {
                        return Err(de::Error::custom(
                            "its format and schema do not come before its tables",
                        ));
                    };
                    send(self.out, Piece::Header { format, schema })?;
                    map.next_value_seed(Tables { out: self.out })?;
                    tables = true;
                }
                other => return Err(de::Error::custom(format!("it has a field {other:?}"))),
            }
        }
        if !tables {
            return Err(de::Error::custom("it has no tables"));
        }
        Ok(())
    }
}

/// The tables: each name and its rows.
struct Tables<'a> {
    out: &'a mpsc::Sender<Piece>,
}

impl<'de> DeserializeSeed<'de> for Tables<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Tables<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of tables")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(table) = map.next_key::<String>()? {
            map.next_value_seed(Rows {
                out: self.out,
                table,
            })?;
        }
        Ok(())
    }
}

/// One table's rows, handed over a batch at a time.
struct Rows<'a> {
    out: &'a mpsc::Sender<Piece>,
    table: String,
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of the rows of {}", self.table)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (mut first, mut rows) = (0, Vec::with_capacity(BATCH));
        while let Some(row) = seq.next_element::<Json>()? {
            rows.push(row);
            if rows.len() == BATCH {
                let batch = std::mem::replace(&mut rows, Vec::with_capacity(BATCH));
                send(self.out, self.batch(first, batch))?;
                first += BATCH as u64;
            }
        }
        send(self.out, self.batch(first, rows))
    }
}

impl Rows<'_> {
    fn batch(&self, first: u64, rows: Vec<Json>) -> Piece {
        Piece::Rows {
            table: self.table.clone(),
            first,
            rows,
        }
    }
}

/// Hands a piece over; once the database side has stopped, reading stops too.
fn send<E: de::Error>(out: &mpsc::Sender<Piece>, piece: Piece) -> Result<(), E> {
    out.blocking_send(piece)
        .map_err(|_| E::custom("the restore stopped"))
}
