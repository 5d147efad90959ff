//! Webhook subscriptions: admins subscribe URLs to any event of the workspace,
//! team members to their team's; each sees the latest deliveries and can send one
//! again.

use crate::error::AppError;
use crate::views::webhooks::{CreatedSubscription, SubscriptionView, WebhooksView};
use leptos::prelude::*;

/// The subscriptions the user may manage, with their latest deliveries.
#[server(endpoint = "webhooks")]
pub async fn webhooks() -> Result<WebhooksView, AppError> {
    let db = crate::store::connection()?;
    let scope = manage::scope(&db).await?;
    let rows = crate::store::webhooks::subscriptions(
        &db,
        (!scope.workspace).then_some(scope.team_ids().as_slice()),
    )
    .await?;
    let mut subscriptions = Vec::with_capacity(rows.len());
    for row in &rows {
        subscriptions.push(manage::view(&db, row, &scope.all_teams).await?);
    }
    Ok(WebhooksView {
        workspace: scope.workspace,
        teams: scope.teams,
        subscriptions,
    })
}

/// One subscription with its latest deliveries.
#[server(endpoint = "webhook")]
pub async fn webhook(id: uuid::Uuid) -> Result<SubscriptionView, AppError> {
    let (db, row) = manage::subscription(id).await?;
    manage::view(&db, &row, &crate::store::boards::teams(&db).await?).await
}

/// Subscribes `url` to the events ticked (`events[0]`, `events[1]` …: event
/// keys), for the whole workspace or, with `team_id`, one team's events.
#[server(endpoint = "create_webhook")]
pub async fn create_webhook(
    url: String,
    #[server(default)] events: Vec<String>,
    #[server(default)] team_id: Option<String>,
) -> Result<CreatedSubscription, AppError> {
    use crate::domain::access::Action;
    let team = match team_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(crate::store::parse_id(raw, "that team")?),
    };
    let principal = crate::security::guard::authorize(Action::ManageWebhooks { team })?;
    let checked =
        crate::domain::webhook::check_subscription(&url, &events, team).map_err(AppError::from)?;
    let db = crate::store::connection()?;
    let (row, secret) =
        crate::store::webhooks::subscribe(&db, checked, principal.user_id, chrono::Utc::now())
            .await?;
    let teams = crate::store::boards::teams(&db).await?;
    Ok(CreatedSubscription {
        secret,
        subscription: manage::view(&db, &row, &teams).await?,
    })
}

/// Ends a subscription; its deliveries go with it.
#[server(endpoint = "delete_webhook")]
pub async fn delete_webhook(id: uuid::Uuid) -> Result<(), AppError> {
    let (db, row) = manage::subscription(id).await?;
    Ok(crate::store::webhooks::unsubscribe(&db, row.id).await?)
}

/// Sends a delivery again, its tries counted afresh.
#[server(endpoint = "redeliver_webhook")]
pub async fn redeliver_webhook(
    subscription_id: uuid::Uuid,
    delivery_id: uuid::Uuid,
) -> Result<(), AppError> {
    let (db, row) = manage::subscription(subscription_id).await?;
    crate::store::webhooks::redeliver(&db, row.id, delivery_id, chrono::Utc::now()).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
mod manage {
    //! Who may manage which subscriptions, and how one is shown.
    use crate::domain::access::{decide, Action, Decision};
    use crate::domain::NamedRef;
    use crate::entities::webhook_subscription;
    use crate::error::AppError;
    use crate::security::guard::{authorize, identity};
    use crate::views::webhooks::{DeliveryView, SubscriptionView, RECENT_DELIVERIES};
    use sea_orm::DatabaseConnection;

    pub struct Scope {
        pub workspace: bool,
        /// The teams the user may subscribe for.
        pub teams: Vec<NamedRef>,
        pub all_teams: Vec<NamedRef>,
    }

    impl Scope {
        pub fn team_ids(&self) -> Vec<uuid::Uuid> {
            self.teams.iter().map(|team| team.id).collect()
        }
    }

    /// What the user may manage: 403 when nothing.
    pub async fn scope(db: &DatabaseConnection) -> Result<Scope, AppError> {
        authorize(Action::Read)?;
        let principal = identity().principal;
        let may =
            |team| decide(principal.as_ref(), Action::ManageWebhooks { team }) == Decision::Allowed;
        let all_teams = crate::store::boards::teams(db).await?;
        let workspace = may(None);
        let teams: Vec<NamedRef> = all_teams
            .iter()
            .filter(|team| may(Some(team.id)))
            .cloned()
            .collect();
        if !workspace && teams.is_empty() {
            // Refused as a workspace subscription would be.
            authorize(Action::ManageWebhooks { team: None })?;
        }
        Ok(Scope {
            workspace,
            teams,
            all_teams,
        })
    }

    /// The subscription `id`, if the user may manage it (404 when there is none).
    pub async fn subscription(
        id: uuid::Uuid,
    ) -> Result<(DatabaseConnection, webhook_subscription::Model), AppError> {
        authorize(Action::Read)?;
        let db = crate::store::connection()?;
        let row = crate::store::webhooks::subscription(&db, id).await?;
        authorize(Action::ManageWebhooks { team: row.team_id })?;
        Ok((db, row))
    }

    pub async fn view(
        db: &DatabaseConnection,
        row: &webhook_subscription::Model,
        teams: &[NamedRef],
    ) -> Result<SubscriptionView, AppError> {
        let deliveries = crate::store::webhooks::deliveries(db, row.id, RECENT_DELIVERIES).await?;
        let state = |key: &str| {
            key.parse().map_err(|error: crate::domain::UnknownValue| {
                crate::store::StoreError::Inconsistent {
                    detail: error.to_string(),
                }
            })
        };
        let deliveries = deliveries
            .into_iter()
            .map(|d| {
                Ok(DeliveryView {
                    id: d.id,
                    state: state(&d.state)?,
                    event: d.event_type,
                    attempts: d.attempts,
                    response_status: d.response_status,
                    failure: d.failure,
                    created_at: d.created_at,
                    next_attempt_at: d.next_attempt_at,
                    finished_at: d.finished_at,
                })
            })
            .collect::<Result<_, crate::store::StoreError>>()?;
        Ok(SubscriptionView {
            id: row.id,
            url: row.url.clone(),
            events: crate::store::webhooks::events_of(row),
            team: row
                .team_id
                .and_then(|id| teams.iter().find(|team| team.id == id).cloned()),
            created_at: row.created_at,
            deliveries,
        })
    }
}
