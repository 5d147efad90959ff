//! One number that grows whenever a transaction changes what a page can show: the
//! server keeps a rendered board page until it grows (`server::page_cache`).
//!
//! Kept by the database, so no way of writing can forget it: the server, the
//! command line's imports and restores, another server on the same PostgreSQL.
//! Every table counts but those whose rows no board page ever shows and that
//! change on their own all day: sessions, sign-in failures, API tokens (their
//! last use), board viewers (presence), webhook deliveries and import uploads.
//!
//! SQLite counts each changed row, inside the writing transaction. PostgreSQL
//! counts once per transaction, when it commits (a deferred trigger with a flag
//! local to the transaction): a count taken at the first write would lock the
//! row until the commit, and two writers locking rows in other orders meanwhile
//! would deadlock on it. Either way the number and the change it counts commit
//! together.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, FromQueryResult, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables a board page never shows, written on their own many times a day.
pub const UNCOUNTED_TABLES: [&str; 6] = [
    "api_tokens",
    "board_viewers",
    "import_uploads",
    "sessions",
    "sign_in_failures",
    "webhook_deliveries",
];

/// The version's own table and the migrator's bookkeeping.
const NOT_DATA: [&str; 2] = ["data_version", "seaql_migrations"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        db.execute_unprepared(
            "CREATE TABLE data_version (id SMALLINT PRIMARY KEY, version BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO data_version (id, version) VALUES (1, 0)")
            .await?;
        if backend == DatabaseBackend::Postgres {
            db.execute_unprepared(POSTGRES_COUNT_ONCE).await?;
        }
        for table in counted_tables(db, backend).await? {
            for statement in crate::helpers::count_changes(backend, &table) {
                db.execute_unprepared(&statement).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        for table in counted_tables(db, backend).await? {
            for statement in crate::helpers::uncount_changes(backend, &table) {
                db.execute_unprepared(&statement).await?;
            }
        }
        if backend == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION data_version_count()")
                .await?;
        }
        db.execute_unprepared("DROP TABLE data_version").await?;
        Ok(())
    }
}

/// PostgreSQL's count, run at commit for each changed row; only the first in a
/// transaction writes.
const POSTGRES_COUNT_ONCE: &str = "CREATE FUNCTION data_version_count() RETURNS trigger \
     LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF current_setting('throughline.data_version_counted', true) IS DISTINCT FROM 'yes' THEN \
         UPDATE data_version SET version = version + 1 WHERE id = 1; \
         PERFORM set_config('throughline.data_version_counted', 'yes', true); \
       END IF; \
       RETURN NULL; \
     END $$";

#[derive(FromQueryResult)]
struct TableName {
    name: String,
}

/// Every table of the schema but the uncounted ones.
async fn counted_tables(
    db: &SchemaManagerConnection<'_>,
    backend: DatabaseBackend,
) -> Result<Vec<String>, DbErr> {
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
    };
    let tables = TableName::find_by_statement(Statement::from_string(backend, sql))
        .all(db)
        .await?;
    Ok(tables
        .into_iter()
        .map(|table| table.name)
        .filter(|name| {
            !UNCOUNTED_TABLES.contains(&name.as_str()) && !NOT_DATA.contains(&name.as_str())
        })
        .collect())
}
