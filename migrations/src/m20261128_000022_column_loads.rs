//! How many cards each column holds per class of service and holder, and their
//! total size: what a move's WIP check counts, kept by the database itself. A
//! trigger on `items` adjusts the count on every insert, delete and change of the
//! counted columns, whoever writes (a move, an edit, an import, a cascade), so a
//! move reads a board's few groups instead of counting its cards, and its cost no
//! longer grows with the cards the board has finished over the years.
//!
//! "No class" and "no holder" are stored as '' so the three make a key an upsert
//! can name. The holder is an epic's owner and any other item's assignee.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, text, uuid};
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::helpers::foreign_key;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ColumnLoads {
    Table,
    ColumnId,
    ClassOfService,
    Holder,
    Cards,
    TotalSize,
}

#[derive(DeriveIden)]
enum BoardColumns {
    Table,
}

/// The group key of the items row `row` (`NEW` or `OLD`), as SQL values.
fn key(row: &str) -> String {
    format!(
        "{row}.column_id, coalesce({row}.class_of_service, ''), \
         coalesce(CASE WHEN {row}.kind = 'epic' THEN {row}.owner ELSE {row}.assignee END, '')"
    )
}

/// Counts `NEW` into its group (a new group starts at one card).
fn count_in() -> String {
    format!(
        "INSERT INTO column_loads (column_id, class_of_service, holder, cards, total_size) \
         VALUES ({}, 1, coalesce(NEW.size, 0)) \
         ON CONFLICT (column_id, class_of_service, holder) DO UPDATE SET \
         cards = column_loads.cards + 1, \
         total_size = column_loads.total_size + excluded.total_size",
        key("NEW")
    )
}

/// Takes `OLD` out of its group.
fn count_out() -> String {
    format!(
        "UPDATE column_loads SET cards = cards - 1, total_size = total_size - coalesce(OLD.size, 0) \
         WHERE (column_id, class_of_service, holder) = ({})",
        key("OLD")
    )
}

/// Whether an update changed anything the groups count.
const COUNTED_CHANGED: &str = "OLD.column_id IS DISTINCT FROM NEW.column_id \
     OR OLD.class_of_service IS DISTINCT FROM NEW.class_of_service \
     OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.owner IS DISTINCT FROM NEW.owner \
     OR OLD.assignee IS DISTINCT FROM NEW.assignee OR OLD.size IS DISTINCT FROM NEW.size";

const COUNTED_COLUMNS: &str = "column_id, class_of_service, kind, owner, assignee, size";

fn triggers(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Sqlite => vec![
            format!(
                "CREATE TRIGGER items_count_in AFTER INSERT ON items BEGIN {}; END",
                count_in()
            ),
            format!(
                "CREATE TRIGGER items_count_out AFTER DELETE ON items BEGIN {}; END",
                count_out()
            ),
            format!(
                "CREATE TRIGGER items_count_change AFTER UPDATE OF {COUNTED_COLUMNS} ON items \
                 WHEN {COUNTED_CHANGED} BEGIN {}; {}; END",
                count_out(),
                count_in()
            ),
        ],
        _ => vec![
            format!(
                "CREATE FUNCTION items_keep_column_loads() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP = 'UPDATE' THEN \
                     IF NOT ({COUNTED_CHANGED}) THEN RETURN NULL; END IF; \
                   END IF; \
                   IF TG_OP <> 'INSERT' THEN {}; END IF; \
                   IF TG_OP <> 'DELETE' THEN {}; END IF; \
                   RETURN NULL; \
                 END $$",
                count_out(),
                count_in()
            ),
            format!(
                "CREATE TRIGGER items_keep_column_loads \
                 AFTER INSERT OR DELETE OR UPDATE OF {COUNTED_COLUMNS} ON items \
                 FOR EACH ROW EXECUTE FUNCTION items_keep_column_loads()"
            ),
        ],
    }
}

fn dropped_triggers(backend: DatabaseBackend) -> Vec<&'static str> {
    match backend {
        DatabaseBackend::Sqlite => vec![
            "DROP TRIGGER items_count_in",
            "DROP TRIGGER items_count_out",
            "DROP TRIGGER items_count_change",
        ],
        _ => vec![
            "DROP TRIGGER items_keep_column_loads ON items",
            "DROP FUNCTION items_keep_column_loads()",
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ColumnLoads::Table)
                    .if_not_exists()
                    .col(uuid(ColumnLoads::ColumnId))
                    .col(text(ColumnLoads::ClassOfService))
                    .col(text(ColumnLoads::Holder))
                    .col(big_integer(ColumnLoads::Cards))
                    .col(big_integer(ColumnLoads::TotalSize))
                    .primary_key(
                        Index::create()
                            .col(ColumnLoads::ColumnId)
                            .col(ColumnLoads::ClassOfService)
                            .col(ColumnLoads::Holder),
                    )
                    .foreign_key(&mut foreign_key(
                        ColumnLoads::Table,
                        ColumnLoads::ColumnId,
                        BoardColumns::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let mut statements = vec![format!(
            "INSERT INTO column_loads (column_id, class_of_service, holder, cards, total_size) \
             SELECT {}, count(*), coalesce(sum(items.size), 0) FROM items GROUP BY 1, 2, 3",
            key("items")
        )];
        statements.extend(triggers(manager.get_database_backend()));
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for statement in dropped_triggers(manager.get_database_backend()) {
            db.execute_unprepared(statement).await?;
        }
        manager
            .drop_table(Table::drop().table(ColumnLoads::Table).to_owned())
            .await
    }
}
