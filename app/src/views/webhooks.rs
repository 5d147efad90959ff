//! Webhook subscriptions and their deliveries, as the webhooks page and the REST
//! API show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::webhook::{DeliveryState, EventType};
use crate::domain::NamedRef;

/// The page's address.
pub const WEBHOOKS_PAGE: &str = "/webhooks";

/// How many of a subscription's latest deliveries the page lists.
pub const RECENT_DELIVERIES: u64 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    /// `None`: the whole workspace.
    pub team: Option<NamedRef>,
    pub created_at: DateTime<Utc>,
    /// The latest, newest first.
    pub deliveries: Vec<DeliveryView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: Uuid,
    pub event: String,
    pub state: DeliveryState,
    pub attempts: i32,
    /// The receiver's status on the last try.
    pub response_status: Option<i32>,
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the next try is due (pending ones).
    pub next_attempt_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What the page offers: who the user may subscribe for, and the subscriptions
/// they may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhooksView {
    /// May subscribe to every event of the workspace (admins).
    pub workspace: bool,
    /// The teams they may subscribe for.
    pub teams: Vec<NamedRef>,
    pub subscriptions: Vec<SubscriptionView>,
}

/// A new subscription: its secret is in this answer and nowhere else, ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedSubscription {
    pub secret: String,
    pub subscription: SubscriptionView,
}
