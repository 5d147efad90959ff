//! Every table of the database, in the order a restore inserts them: each after
//! the tables its foreign keys point to.

use app::entities::*;
use sea_orm::{ConnectionTrait, StreamTrait};

use super::{export, restore, ArchiveError};

macro_rules! tables {
    ($($entity:ident),+ $(,)?) => {
        /// The tables' names, in order.
        pub fn names() -> Vec<&'static str> {
            vec![$(table_name::<$entity::Entity>()),+]
        }

        /// Writes every table's rows, in order, through `sink`.
        pub async fn export_each<C, W>(
            db: &C,
            sink: &mut export::Sink<W>,
        ) -> Result<(), ArchiveError>
        where
            C: ConnectionTrait + StreamTrait + Send,
            W: tokio::io::AsyncWrite + Unpin + Send,
        {
            $(
                sink.start_table(table_name::<$entity::Entity>());
                export::rows_of::<$entity::Entity, _, _>(db, sink).await?;
            )+
            Ok(())
        }

        /// Inserts `rows` into the table called `table`; the rows are numbered from
        /// `first` in errors.
        pub async fn insert(
            db: &impl ConnectionTrait,
            table: &str,
            first: u64,
            rows: Vec<serde_json::Value>,
        ) -> Result<&'static str, ArchiveError> {
            $(
                if table == table_name::<$entity::Entity>() {
                    restore::insert_rows::<$entity::Entity>(db, first, rows).await?;
                    return Ok(table_name::<$entity::Entity>());
                }
            )+
            Err(ArchiveError::NotAnExport(format!("it has a table {table:?}, which this release does not know")))
        }

        /// Moves every auto-numbered key past the rows restored.
        pub async fn advance_sequences(db: &impl ConnectionTrait) -> Result<(), ArchiveError> {
            $(restore::advance_sequence::<$entity::Entity>(db).await?;)+
            Ok(())
        }

        /// Each table's name and how many rows it holds.
        pub async fn counts(db: &impl ConnectionTrait) -> Result<Vec<(&'static str, u64)>, ArchiveError> {
            use sea_orm::{EntityTrait, PaginatorTrait};
            Ok(vec![$(
                (table_name::<$entity::Entity>(), $entity::Entity::find().count(db).await?),
            )+])
        }
    };
}

// Not `column_loads`: the database derives it from `items` as they are inserted.
tables!(
    user,
    session,
    sign_in_failure,
    team,
    team_membership,
    vision,
    strategic_theme,
    board,
    product_manager,
    board_column,
    board_viewer,
    wip_limit,
    item,
    epic_case,
    transition,
    wip_infraction,
    dependency,
    outcome_metric,
    item_metric_link,
    measurement,
    measurement_change,
    api_token,
    deployment,
    deployment_commit,
    incident,
    audit_event,
    live_event,
    import_upload,
    webhook_subscription,
    webhook_delivery,
);

/// The table an entity is stored in.
pub fn table_name<E: sea_orm::EntityTrait>() -> &'static str {
    E::default().table_name()
}
