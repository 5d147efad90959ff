//! sea-orm entities, one per table, mirroring `migrations/` column for column.
//! They carry no behaviour: rules live in `crate::domain`, queries in `crate::store`.

pub mod api_token;
pub mod audit_event;
pub mod board;
pub mod board_column;
pub mod board_viewer;
pub mod column_load;
pub mod dependency;
pub mod deployment;
pub mod deployment_commit;
pub mod epic_case;
pub mod import_upload;
pub mod incident;
pub mod item;
pub mod item_metric_link;
pub mod live_event;
pub mod measurement;
pub mod measurement_change;
pub mod outcome_metric;
pub mod product_manager;
pub mod session;
pub mod sign_in_failure;
mod stored_enums;
pub mod strategic_theme;
pub mod team;
pub mod team_membership;
pub mod transition;
pub mod user;
pub mod vision;
pub mod webhook_delivery;
pub mod webhook_subscription;
pub mod wip_infraction;
pub mod wip_limit;
