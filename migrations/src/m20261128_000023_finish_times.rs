//! When each card finished, kept on the card: the start of its last unbroken stay
//! in done columns, or none when its last move took it to a column not done (the
//! flow metrics' own definition, `domain::flow::timeline`; a card's creation is its
//! first move). A pace forecast then counts a board's finishes per day from an
//! index on (column, finish time) instead of reading months of moves.
//!
//! Kept by the database: a trigger on `transitions` works it out again for the
//! card whose moves changed (a move, an import, a restore, a deletion), one on
//! `items` for a card inserted after its moves (whatever order the rows arrive
//! in), and one on `board_columns` for the cards that ever entered a column
//! whose state category changed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::timestamp_with_time_zone_null;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Items {
    Table,
    ColumnId,
    FinishedAt,
}

const INDEX: &str = "idx_items_column_finished_at";

/// The finish time of the card whose id is the SQL term `card`: the earliest of
/// its moves after its last move to a column not done (all of them when it never
/// entered one); none when that last move is its latest.
fn finish_of(card: &str) -> String {
    format!(
        "(SELECT min(t.at) FROM transitions t WHERE t.item_id = {card} AND coalesce(t.at > ( \
           SELECT max(u.at) FROM transitions u JOIN board_columns c ON c.id = u.to_column_id \
           WHERE u.item_id = {card} AND c.state_category <> 'done'), true))"
    )
}

/// Works out again the finish of each card the SQL condition `cards` keeps.
fn refinish(cards: &str) -> String {
    format!(
        "UPDATE items SET finished_at = {} WHERE {cards}",
        finish_of("items.id")
    )
}

/// Works out again the finish of the card whose id is the SQL term `card`.
fn refinish_card(card: &str) -> String {
    refinish(&format!("id = {card}"))
}

const HAS_MOVES: &str = "EXISTS (SELECT 1 FROM transitions WHERE item_id = NEW.id)";

const CATEGORY_CHANGED: &str = "OLD.state_category IS DISTINCT FROM NEW.state_category";

/// The cards that ever entered the column `NEW`.
const ENTRANTS: &str = "id IN (SELECT item_id FROM transitions WHERE to_column_id = NEW.id)";

/// A PostgreSQL trigger `name` firing `when` (`AFTER … ON table`) for each row,
/// and its function running `statement` if `condition` holds.
fn postgres_trigger(name: &str, when: &str, condition: &str, statement: &str) -> [String; 2] {
    [
        format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF {condition} THEN {statement}; END IF; \
               RETURN NULL; \
             END $$"
        ),
        format!("CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION {name}()"),
    ]
}

fn triggers(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Sqlite => vec![
            format!(
                "CREATE TRIGGER transitions_finish_in AFTER INSERT ON transitions BEGIN {}; END",
                refinish_card("NEW.item_id")
            ),
            format!(
                "CREATE TRIGGER transitions_finish_out AFTER DELETE ON transitions BEGIN {}; END",
                refinish_card("OLD.item_id")
            ),
            format!(
                "CREATE TRIGGER transitions_finish_change \
                 AFTER UPDATE OF item_id, to_column_id, at ON transitions BEGIN {}; {}; END",
                refinish_card("OLD.item_id"),
                refinish_card("NEW.item_id")
            ),
            format!(
                "CREATE TRIGGER items_finish_in AFTER INSERT ON items WHEN {HAS_MOVES} BEGIN {}; END",
                refinish_card("NEW.id")
            ),
            format!(
                "CREATE TRIGGER board_columns_refinish AFTER UPDATE OF state_category ON board_columns \
                 WHEN {CATEGORY_CHANGED} BEGIN {}; END",
                refinish(ENTRANTS)
            ),
        ],
        _ => vec![
            format!(
                "CREATE FUNCTION transitions_keep_finish_times() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP <> 'INSERT' THEN {}; END IF; \
                   IF TG_OP <> 'DELETE' THEN {}; END IF; \
                   RETURN NULL; \
                 END $$",
                refinish_card("OLD.item_id"),
                refinish_card("NEW.item_id")
            ),
            "CREATE TRIGGER transitions_keep_finish_times \
             AFTER INSERT OR DELETE OR UPDATE OF item_id, to_column_id, at ON transitions \
             FOR EACH ROW EXECUTE FUNCTION transitions_keep_finish_times()"
                .to_owned(),
        ]
        .into_iter()
        .chain(postgres_trigger(
            "items_finish_in",
            "AFTER INSERT ON items",
            HAS_MOVES,
            &refinish_card("NEW.id"),
        ))
        .chain(postgres_trigger(
            "board_columns_refinish",
            "AFTER UPDATE OF state_category ON board_columns",
            CATEGORY_CHANGED,
            &refinish(ENTRANTS),
        ))
        .collect(),
    }
}

fn dropped_triggers(backend: DatabaseBackend) -> Vec<&'static str> {
    match backend {
        DatabaseBackend::Sqlite => vec![
            "DROP TRIGGER transitions_finish_in",
            "DROP TRIGGER transitions_finish_out",
            "DROP TRIGGER transitions_finish_change",
            "DROP TRIGGER items_finish_in",
            "DROP TRIGGER board_columns_refinish",
        ],
        _ => vec![
            "DROP TRIGGER transitions_keep_finish_times ON transitions",
            "DROP FUNCTION transitions_keep_finish_times()",
            "DROP TRIGGER items_finish_in ON items",
            "DROP FUNCTION items_finish_in()",
            "DROP TRIGGER board_columns_refinish ON board_columns",
            "DROP FUNCTION board_columns_refinish()",
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .add_column(timestamp_with_time_zone_null(Items::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Items::Table)
                    .col(Items::ColumnId)
                    .col(Items::FinishedAt)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let mut statements = vec![refinish(
            "EXISTS (SELECT 1 FROM transitions WHERE transitions.item_id = items.id)",
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
            .drop_index(Index::drop().name(INDEX).table(Items::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Items::Table)
                    .drop_column(Items::FinishedAt)
                    .to_owned(),
            )
            .await
    }
}
