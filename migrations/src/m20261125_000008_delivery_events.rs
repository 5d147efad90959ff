//! What teams' pipelines and incident tools send for the four DORA keys:
//! deployments with the commits they shipped, and incidents. Each carries the
//! sender's own id, unique, so a resend is stored once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Deployments {
    Table,
    Id,
    ClientId,
    Service,
    TeamId,
    Environment,
    DeployedAt,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DeploymentCommits {
    Table,
    Id,
    DeploymentId,
    Sha,
    CommittedAt,
}

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Id,
    ClientId,
    Service,
    TeamId,
    StartedAt,
    EndedAt,
    CausedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Deployments::Table)
                    .if_not_exists()
                    .col(pk_uuid(Deployments::Id))
                    .col(string(Deployments::ClientId).unique_key())
                    .col(string(Deployments::Service))
                    .col(uuid(Deployments::TeamId))
                    .col(string(Deployments::Environment))
                    .col(timestamp_with_time_zone(Deployments::DeployedAt))
                    .col(string_len(Deployments::Status, 16))
                    .col(timestamp_with_time_zone(Deployments::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        Deployments::Table,
                        Deployments::TeamId,
                        Teams::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeploymentCommits::Table)
                    .if_not_exists()
                    .col(pk_uuid(DeploymentCommits::Id))
                    .col(uuid(DeploymentCommits::DeploymentId))
                    .col(string(DeploymentCommits::Sha))
                    .col(timestamp_with_time_zone(DeploymentCommits::CommittedAt))
                    .foreign_key(&mut foreign_key(
                        DeploymentCommits::Table,
                        DeploymentCommits::DeploymentId,
                        Deployments::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Incidents::Table)
                    .if_not_exists()
                    .col(pk_uuid(Incidents::Id))
                    .col(string(Incidents::ClientId).unique_key())
                    .col(string(Incidents::Service))
                    .col(uuid(Incidents::TeamId))
                    .col(timestamp_with_time_zone(Incidents::StartedAt))
                    .col(timestamp_with_time_zone_null(Incidents::EndedAt))
                    .col(string_null(Incidents::CausedBy))
                    .col(timestamp_with_time_zone(Incidents::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        Incidents::Table,
                        Incidents::TeamId,
                        Teams::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for statement in [
            index(
                "idx_deployments_team",
                Deployments::Table,
                &["team_id", "deployed_at"],
            ),
            index(
                "idx_deployment_commits_deployment",
                DeploymentCommits::Table,
                &["deployment_id"],
            ),
            index(
                "idx_incidents_team",
                Incidents::Table,
                &["team_id", "started_at"],
            ),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Incidents::Table.into_iden(),
            DeploymentCommits::Table.into_iden(),
            Deployments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
