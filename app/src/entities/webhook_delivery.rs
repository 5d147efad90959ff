use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    /// Also the receiver's idempotency key: the same on every try.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub event_type: String,
    /// The JSON body sent, fixed when the event happened.
    pub payload: String,
    /// `domain::webhook::DeliveryState` key.
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While set and in the future, one worker is sending it.
    pub leased_until: Option<DateTimeUtc>,
    /// The receiver's answer to the last try; `None` when it gave none.
    pub response_status: Option<i32>,
    /// Why the last try failed.
    pub failure: Option<String>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
