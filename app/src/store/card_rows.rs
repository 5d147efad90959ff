//! What a board's card shows of its item, read for hundreds of cards at once as one
//! JSON list (`json_list`): every field a card needs and no other (an item's
//! description and acceptance criteria stay in the database).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::IntoCondition;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::error::StoreError;
use super::json_list::{self, Fields};
use super::rollup::Placed;
use crate::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use crate::entities::item;

/// An item as its card shows it.
pub struct CardItem {
    pub id: Uuid,
    pub kind: ItemKind,
    pub parent_id: Option<Uuid>,
    pub column_id: Uuid,
    pub title: String,
    pub size: Option<i32>,
    pub business_value: Option<i16>,
    pub time_criticality: Option<i16>,
    pub risk_reduction: Option<i16>,
    pub job_size: Option<i16>,
    pub owner: Option<String>,
    pub work_type: Option<WorkItemType>,
    pub assignee: Option<String>,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
    pub class_of_service: Option<ClassOfService>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
    pub entered_column_at: Option<DateTime<Utc>>,
    pub target_date: Option<NaiveDate>,
}

impl CardItem {
    pub fn placed(&self) -> Placed {
        Placed {
            id: self.id,
            kind: self.kind,
            parent_id: self.parent_id,
            column_id: self.column_id,
            size: self.size,
        }
    }
}

/// Booleans as numbers: SQLite has no other kind.
const FIELDS: Fields = Fields {
    sqlite: "hex(id), kind, hex(parent_id), hex(column_id), title, size, business_value, \
             time_criticality, risk_reduction, job_size, owner, work_type, assignee, blocked, \
             blocked_reason, class_of_service, created_at, version, entered_column_at, target_date, \
             rank",
    postgres: "id, kind, parent_id, column_id, title, size, business_value, time_criticality, \
               risk_reduction, job_size, owner, work_type, assignee, blocked::int, \
               blocked_reason, class_of_service, created_at, version, entered_column_at, \
               target_date, rank",
};

/// The items `which` selects, in rank order.
pub async fn in_rank_order(
    db: &impl ConnectionTrait,
    which: impl IntoCondition,
) -> Result<Vec<CardItem>, StoreError> {
    let query = item::Entity::find().filter(which);
    // Sorted here: SQLite orders an aggregate's rows by writing each into a
    // temporary b-tree first, which cost more than the rest of the read.
    let json = json_list::text(db, query, &FIELDS, "").await?;
    let mut rows: Vec<Row> = json_list::decoded(&json, "a board's cards")?;
    rows.sort_by_key(Row::rank);
    rows.into_iter().map(Row::read).collect()
}

/// One entry of the list, in `FIELDS`' order. Ids, keys, times and dates hold no
/// character JSON escapes, so they are read in place; the texts a card keeps are
/// its own.
#[derive(serde::Deserialize)]
struct Row<'a>(
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    String,
    Option<i32>,
    Option<i16>,
    Option<i16>,
    Option<i16>,
    Option<i16>,
    Option<String>,
    Option<&'a str>,
    Option<String>,
    i32,
    Option<String>,
    Option<&'a str>,
    &'a str,
    i32,
    Option<&'a str>,
    Option<&'a str>,
    i64,
);

impl Row<'_> {
    fn rank(&self) -> i64 {
        self.20
    }

    fn read(self) -> Result<CardItem, StoreError> {
        let Row(
            id,
            kind,
            parent_id,
            column_id,
            title,
            size,
            business_value,
            time_criticality,
            risk_reduction,
            job_size,
            owner,
            work_type,
            assignee,
            blocked,
            blocked_reason,
            class_of_service,
            created_at,
            version,
            entered_column_at,
            target_date,
            _rank,
        ) = self;
        Ok(CardItem {
            id: json_list::id(id)?,
            kind: json_list::parsed("a card's kind", kind)?,
            parent_id: json_list::optional_id(parent_id)?,
            column_id: json_list::id(column_id)?,
            title,
            size,
            business_value,
            time_criticality,
            risk_reduction,
            job_size,
            owner,
            work_type: work_type
                .map(|key| json_list::parsed("a card's work type", key))
                .transpose()?,
            assignee,
            blocked: blocked != 0,
            blocked_reason,
            class_of_service: class_of_service
                .map(|key| json_list::parsed("a card's class of service", key))
                .transpose()?,
            created_at: json_list::time("a card's creation time", created_at)?,
            version,
            entered_column_at: entered_column_at
                .map(|at| json_list::time("a card's time in its column", at))
                .transpose()?,
            target_date: target_date
                .map(|date| json_list::parsed("a card's target date", date))
                .transpose()?,
        })
    }
}
