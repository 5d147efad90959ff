//! Files admins upload to import from Jira or Trello: kept in the database (not on
//! one server's disk) so any replica can preview, import and report on them, with
//! the mapping chosen, the import's progress and its outcome.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportUploads {
    Table,
    Id,
    Tool,
    FileName,
    Content,
    TeamBoardId,
    ProductBoardId,
    Mapping,
    UploadedBy,
    UploadedAt,
    State,
    Done,
    Total,
    Created,
    Updated,
    Unchanged,
    Moves,
    Failure,
    TouchedAt,
}

#[derive(DeriveIden)]
enum Boards {
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
                    .table(ImportUploads::Table)
                    .if_not_exists()
                    .col(pk_uuid(ImportUploads::Id))
                    .col(string(ImportUploads::Tool))
                    .col(string(ImportUploads::FileName))
                    .col(text(ImportUploads::Content))
                    .col(uuid(ImportUploads::TeamBoardId))
                    .col(uuid_null(ImportUploads::ProductBoardId))
                    .col(text(ImportUploads::Mapping))
                    .col(uuid(ImportUploads::UploadedBy))
                    .col(timestamp_with_time_zone(ImportUploads::UploadedAt))
                    .col(string(ImportUploads::State))
                    .col(integer(ImportUploads::Done).default(0))
                    .col(integer(ImportUploads::Total).default(0))
                    .col(integer(ImportUploads::Created).default(0))
                    .col(integer(ImportUploads::Updated).default(0))
                    .col(integer(ImportUploads::Unchanged).default(0))
                    .col(integer(ImportUploads::Moves).default(0))
                    .col(text_null(ImportUploads::Failure))
                    .col(timestamp_with_time_zone(ImportUploads::TouchedAt))
                    .foreign_key(&mut foreign_key(
                        ImportUploads::Table,
                        ImportUploads::TeamBoardId,
                        Boards::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        ImportUploads::Table,
                        ImportUploads::ProductBoardId,
                        Boards::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        ImportUploads::Table,
                        ImportUploads::UploadedBy,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_import_uploads_uploaded_at",
                ImportUploads::Table,
                &["uploaded_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportUploads::Table).to_owned())
            .await
    }
}
