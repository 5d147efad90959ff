use sea_orm::entity::prelude::*;

use crate::domain::board::{Activity, StateCategory};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "board_columns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub board_id: Uuid,
    pub name: String,
    /// Left-to-right order on the board, from 0.
    pub position: i32,
    /// A `domain::board::StateCategory` key.
    pub state_category: StateCategory,
    /// A `domain::board::Activity` key.
    pub activity: Activity,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// Set when the team removed the column; it stays for the history through it.
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
