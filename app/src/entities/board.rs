use sea_orm::entity::prelude::*;

use crate::domain::{board::BoardKind, wip::Measure};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "boards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// A `domain::board::BoardKind` key.
    pub kind: BoardKind,
    pub team_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// A `domain::wip::Measure` key: what the board's WIP limits count.
    pub wip_measure: Measure,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
