//! Schema migrations for Throughline, portable between SQLite and PostgreSQL
//! (no engine-specific SQL: everything goes through sea-query's builders).

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261122_000001_create_core_schema;
mod m20261122_000002_people_and_security;
mod m20261122_000003_planning_details;
mod m20261122_000004_wip_limits;
mod m20261122_000005_measurement_ids;
mod m20261122_000006_metric_goals;
mod m20261125_000007_metric_tokens;
mod m20261125_000008_delivery_events;
mod m20261125_000009_transition_times;
mod m20261126_000010_token_teams;
mod m20261126_000011_one_items_table;
mod m20261126_000012_live_events;
mod m20261126_000013_column_entry;
mod m20261127_000014_user_theme;
mod m20261127_000015_target_dates;
mod m20261127_000016_dependencies;
mod m20261127_000017_measurement_corrections;
mod m20261127_000018_import_keys;
mod m20261127_000019_import_uploads;
mod m20261127_000020_webhooks;
mod m20261127_000021_flow_indexes;
mod m20261128_000022_column_loads;
mod m20261128_000023_finish_times;
mod m20261128_000024_recent_done;
mod m20261129_000025_data_version;
mod m20261129_000026_open_infractions;

pub use m20261126_000013_column_entry::entered_column_backfill;
pub use m20261129_000025_data_version::UNCOUNTED_TABLES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_core_schema::Migration),
            Box::new(m20261122_000002_people_and_security::Migration),
            Box::new(m20261122_000003_planning_details::Migration),
            Box::new(m20261122_000004_wip_limits::Migration),
            Box::new(m20261122_000005_measurement_ids::Migration),
            Box::new(m20261122_000006_metric_goals::Migration),
            Box::new(m20261125_000007_metric_tokens::Migration),
            Box::new(m20261125_000008_delivery_events::Migration),
            Box::new(m20261125_000009_transition_times::Migration),
            Box::new(m20261126_000010_token_teams::Migration),
            Box::new(m20261126_000011_one_items_table::Migration),
            Box::new(m20261126_000012_live_events::Migration),
            Box::new(m20261126_000013_column_entry::Migration),
            Box::new(m20261127_000014_user_theme::Migration),
            Box::new(m20261127_000015_target_dates::Migration),
            Box::new(m20261127_000016_dependencies::Migration),
            Box::new(m20261127_000017_measurement_corrections::Migration),
            Box::new(m20261127_000018_import_keys::Migration),
            Box::new(m20261127_000019_import_uploads::Migration),
            Box::new(m20261127_000020_webhooks::Migration),
            Box::new(m20261127_000021_flow_indexes::Migration),
            Box::new(m20261128_000022_column_loads::Migration),
            Box::new(m20261128_000023_finish_times::Migration),
            Box::new(m20261128_000024_recent_done::Migration),
            Box::new(m20261129_000025_data_version::Migration),
            Box::new(m20261129_000026_open_infractions::Migration),
        ]
    }
}
