use sea_orm::entity::prelude::*;

use crate::domain::{
    hierarchy::ClassOfService,
    wip::{Enforcement, ScopeKind},
};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "wip_limits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub board_id: Uuid,
    /// `column`, `lane`, `person` or `group`.
    pub scope: ScopeKind,
    /// The column (column and lane limits), or the first column of a group.
    pub column_id: Option<Uuid>,
    /// The last column of a group.
    pub last_column_id: Option<Uuid>,
    /// A `domain::hierarchy::ClassOfService` key (lane limits).
    pub class_of_service: Option<ClassOfService>,
    /// The person (person limits), as cards name their assignee.
    pub person: Option<String>,
    pub max: i32,
    /// A `domain::wip::Enforcement` key.
    pub enforcement: Enforcement,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
