//! Builders shared by the migrations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// A foreign key named `fk_<table>_<column>` to the `id` of `to_table`.
pub(crate) fn foreign_key(
    from_table: impl IntoIden,
    from_column: impl IntoIden,
    to_table: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let from_table = from_table.into_iden();
    let from_column = from_column.into_iden();
    let to_table = to_table.into_iden();
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_column}"))
        .from(from_table, from_column)
        .to(to_table, Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// An index over columns given by their SQL names.
pub(crate) fn index(
    name: &str,
    table: impl IntoIden,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table).if_not_exists();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

/// Creates the index `new` on `table`, then drops the index `old` it replaces.
pub(crate) async fn replace_index(
    manager: &SchemaManager<'_>,
    old: &str,
    new: IndexCreateStatement,
    table: impl IntoIden,
) -> Result<(), DbErr> {
    manager.create_index(new).await?;
    manager
        .drop_index(Index::drop().name(old).table(table).to_owned())
        .await
}

/// The triggers that count every change to `table` in `data_version` (see
/// `m20261129_000025_data_version`): a table created later gets them too.
pub(crate) fn count_changes(backend: DatabaseBackend, table: &str) -> Vec<String> {
    match backend {
        DatabaseBackend::Sqlite => CHANGES
            .iter()
            .map(|change| {
                format!(
                    "CREATE TRIGGER {table}_counted_{} AFTER {change} ON {table} \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
                    change.to_lowercase()
                )
            })
            .collect(),
        _ => vec![format!(
            "CREATE CONSTRAINT TRIGGER {table}_counted AFTER INSERT OR UPDATE OR DELETE ON {table} \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_count()"
        )],
    }
}

/// Drops what [`count_changes`] made.
pub(crate) fn uncount_changes(backend: DatabaseBackend, table: &str) -> Vec<String> {
    match backend {
        DatabaseBackend::Sqlite => CHANGES
            .iter()
            .map(|change| format!("DROP TRIGGER {table}_counted_{}", change.to_lowercase()))
            .collect(),
        _ => vec![format!("DROP TRIGGER {table}_counted ON {table}")],
    }
}

const CHANGES: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];
