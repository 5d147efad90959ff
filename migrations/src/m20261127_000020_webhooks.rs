//! Webhooks: the URLs integrators subscribe to events, and the outbox of their
//! deliveries. A delivery row is written in the same transaction as the change it
//! tells of, so a crash never loses or invents one; a worker on any replica takes
//! due rows under a lease, sends them and records how it went.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Id,
    Url,
    Secret,
    EventTypes,
    TeamId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    SubscriptionId,
    EventType,
    Payload,
    State,
    Attempts,
    NextAttemptAt,
    LeasedUntil,
    ResponseStatus,
    Failure,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
}

#[derive(DeriveIden)]
enum Users {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookSubscriptions::Table)
                    .if_not_exists()
                    .col(pk_uuid(WebhookSubscriptions::Id))
                    .col(text(WebhookSubscriptions::Url))
                    .col(string(WebhookSubscriptions::Secret))
                    .col(text(WebhookSubscriptions::EventTypes))
                    .col(uuid_null(WebhookSubscriptions::TeamId))
                    .col(uuid(WebhookSubscriptions::CreatedBy))
                    .col(timestamp_with_time_zone(WebhookSubscriptions::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        WebhookSubscriptions::Table,
                        WebhookSubscriptions::TeamId,
                        Teams::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        WebhookSubscriptions::Table,
                        WebhookSubscriptions::CreatedBy,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .if_not_exists()
                    .col(pk_uuid(WebhookDeliveries::Id))
                    .col(uuid(WebhookDeliveries::SubscriptionId))
                    .col(string_len(WebhookDeliveries::EventType, 64))
                    .col(text(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::State, 16))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::LeasedUntil,
                    ))
                    .col(integer_null(WebhookDeliveries::ResponseStatus))
                    .col(text_null(WebhookDeliveries::Failure))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::FinishedAt))
                    .foreign_key(&mut foreign_key(
                        WebhookDeliveries::Table,
                        WebhookDeliveries::SubscriptionId,
                        WebhookSubscriptions::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // The worker's question: which are due?
        manager
            .create_index(index(
                "idx_webhook_deliveries_due",
                WebhookDeliveries::Table,
                &["state", "next_attempt_at"],
            ))
            .await?;
        // The subscription page's: the latest of one subscription.
        manager
            .create_index(index(
                "idx_webhook_deliveries_subscription",
                WebhookDeliveries::Table,
                &["subscription_id", "created_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(WebhookSubscriptions::Table).to_owned())
            .await
    }
}
