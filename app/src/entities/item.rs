use sea_orm::entity::prelude::*;

use crate::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};

/// An epic, feature or work item: every planning item that sits on a board.
/// Per-kind fields are nullable (or empty) for the other kinds; an epic's
/// hypothesis and business case are its `epic_case`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: ItemKind,
    /// The strategic theme above an epic; the epic above a feature; the feature
    /// above a work item. No foreign key (it names a theme or an item): the store
    /// checks it on every write and never leaves children of a deleted item.
    pub parent_id: Option<Uuid>,
    pub column_id: Uuid,
    pub title: String,
    pub description: String,
    pub rank: i64,
    pub size: Option<i32>,
    pub business_value: Option<i16>,
    pub time_criticality: Option<i16>,
    pub risk_reduction: Option<i16>,
    pub job_size: Option<i16>,
    /// Epics: who owns it.
    pub owner: Option<String>,
    /// Features: when it is done.
    pub acceptance_criteria: String,
    /// Work items: story, defect, enabler or risk.
    pub work_type: Option<WorkItemType>,
    /// Work items: who works on it.
    pub assignee: Option<String>,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
    /// Work items: their swimlane.
    pub class_of_service: Option<ClassOfService>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// When it entered the column it is in (`None` only before migration 13 ran).
    pub entered_column_at: Option<DateTimeUtc>,
    /// When it is wanted; a fixed-date work item has one.
    pub target_date: Option<Date>,
    /// Where an imported item came from (`jira:DRN-12`); `None` for the app's own.
    pub source_key: Option<String>,
    /// When it finished: the start of its last unbroken stay in done columns, by
    /// its transitions (`None` when it is not in one). Kept by the database
    /// (migration 23's triggers), never written by the app (`store::editable`
    /// leaves it out).
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
