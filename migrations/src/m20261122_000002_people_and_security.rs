//! People and security: users with roles, team membership, product ownership,
//! server-side sessions, API tokens, sign-in throttling and the audit history.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum TeamMemberships {
    Table,
    UserId,
    TeamId,
}

#[derive(DeriveIden)]
enum ProductManagers {
    Table,
    UserId,
    BoardId,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    /// SHA-256 of the cookie's token: a leaked table holds no usable session.
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    Capabilities,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    /// `account:<email>` or `address:<ip>`.
    Key,
    Failures,
    LastFailureAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    ItemKind,
    ItemId,
    Field,
    OldValue,
    NewValue,
    UserId,
    Via,
    At,
}

/// Tables of the first migration that these point at (by their `id`).
#[derive(DeriveIden)]
enum Teams {
    Table,
}

#[derive(DeriveIden)]
enum Boards {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_uuid(Users::Id))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::DisplayName))
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::Role, 16))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(integer(Users::Version).default(1))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TeamMemberships::Table)
                    .if_not_exists()
                    .col(uuid(TeamMemberships::UserId))
                    .col(uuid(TeamMemberships::TeamId))
                    .primary_key(
                        Index::create()
                            .col(TeamMemberships::UserId)
                            .col(TeamMemberships::TeamId),
                    )
                    .foreign_key(&mut foreign_key(
                        TeamMemberships::Table,
                        TeamMemberships::UserId,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        TeamMemberships::Table,
                        TeamMemberships::TeamId,
                        Teams::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductManagers::Table)
                    .if_not_exists()
                    .col(uuid(ProductManagers::UserId))
                    .col(uuid(ProductManagers::BoardId))
                    .primary_key(
                        Index::create()
                            .col(ProductManagers::UserId)
                            .col(ProductManagers::BoardId),
                    )
                    .foreign_key(&mut foreign_key(
                        ProductManagers::Table,
                        ProductManagers::UserId,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        ProductManagers::Table,
                        ProductManagers::BoardId,
                        Boards::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string_len(Sessions::TokenHash, 64).primary_key())
                    .col(uuid(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(&mut foreign_key(
                        Sessions::Table,
                        Sessions::UserId,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .if_not_exists()
                    .col(pk_uuid(ApiTokens::Id))
                    .col(uuid(ApiTokens::UserId))
                    .col(string(ApiTokens::Name))
                    .col(string_len_uniq(ApiTokens::TokenHash, 64))
                    .col(string(ApiTokens::Capabilities))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(&mut foreign_key(
                        ApiTokens::Table,
                        ApiTokens::UserId,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .if_not_exists()
                    .col(string(SignInFailures::Key).primary_key())
                    .col(integer(SignInFailures::Failures))
                    .col(timestamp_with_time_zone(SignInFailures::LastFailureAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .if_not_exists()
                    .col(pk_uuid(AuditEvents::Id))
                    .col(string_len(AuditEvents::ItemKind, 16))
                    .col(uuid(AuditEvents::ItemId))
                    .col(string(AuditEvents::Field))
                    .col(text_null(AuditEvents::OldValue))
                    .col(text_null(AuditEvents::NewValue))
                    .col(uuid_null(AuditEvents::UserId))
                    .col(string_len(AuditEvents::Via, 8))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .foreign_key(&mut foreign_key(
                        AuditEvents::Table,
                        AuditEvents::UserId,
                        Users::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        for statement in [
            index("idx_sessions_user", Sessions::Table, &["user_id"]),
            index("idx_api_tokens_user", ApiTokens::Table, &["user_id"]),
            index("idx_audit_item", AuditEvents::Table, &["item_id", "at"]),
            index("idx_audit_at", AuditEvents::Table, &["at"]),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            SignInFailures::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            ProductManagers::Table.into_iden(),
            TeamMemberships::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
