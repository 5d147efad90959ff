use sea_orm::entity::prelude::*;

use crate::domain::import::{ImportState, Tool};

/// A file an admin uploaded to import, with what was chosen for it and how its
/// import went.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_uploads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tool: Tool,
    pub file_name: String,
    /// The file's text (UTF-8, read and checked when it was uploaded).
    pub content: String,
    /// The team board its work items go to.
    pub team_board_id: Uuid,
    /// The product board its epics go to, as features.
    pub product_board_id: Option<Uuid>,
    /// The statuses mapped by hand: a JSON array of `[status, column name]`.
    pub mapping: String,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
    pub state: ImportState,
    /// Items written so far, of `total`, while importing.
    pub done: i32,
    pub total: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub moves: i32,
    /// Why the import stopped, when it failed.
    pub failure: Option<String>,
    /// The last change of state or progress: an import not heard of for a while
    /// stopped with its server.
    pub touched_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
