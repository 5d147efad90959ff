//! Work items: moving them between their board's columns, and their own page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::activity::AuditEntry;
use crate::board_view::{CardView, NamedRef};
use crate::error::AppError;

/// A work item's page: the card, where it is, and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItemDetail {
    pub card: CardView,
    pub team: Option<NamedRef>,
    pub column: String,
    /// Newest first.
    pub history: Vec<AuditEntry>,
}

/// Moves a work item to another column of its team's board, recording the
/// transition and the audit entry. `version` is the item's version the caller saw.
#[server(endpoint = "move_work_item")]
pub async fn move_work_item(
    item_id: String,
    to_column_id: String,
    version: i32,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::security::guard::{authorize, identity};
    use crate::store::{audit::Via, work_items};
    use sea_orm::TransactionTrait;

    authorize(Action::Read)?;
    let item_id = crate::store::parse_id(&item_id, "that work item")?;
    let to_column_id = crate::store::parse_id(&to_column_id, "that column")?;
    let db = crate::store::connection()?;
    let txn = db.begin().await?;
    let placement = work_items::placement(&txn, item_id)
        .await
        .map_err(AppError::answer)?;
    let team = placement.team_id.ok_or_else(|| {
        AppError::Inconsistent {
            detail: "the work item is not on a team board".into(),
        }
        .answer()
    })?;
    let principal = authorize(Action::EditTeamWork { team })?;
    let actor = work_items::Actor {
        user_id: principal.user_id,
        via: if identity().via_token {
            Via::Token
        } else {
            Via::Ui
        },
    };
    work_items::move_to_column(
        &txn,
        placement,
        to_column_id,
        version,
        &actor,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::answer)?;
    txn.commit().await?;
    Ok(())
}

#[server(endpoint = "work_item")]
pub async fn work_item(item_id: String) -> Result<WorkItemDetail, AppError> {
    use crate::entities::team;
    use crate::store::{audit, boards, work_items};
    use sea_orm::EntityTrait;

    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let item_id = crate::store::parse_id(&item_id, "that work item")?;
    let db = crate::store::connection()?;
    let placement = work_items::placement(&db, item_id)
        .await
        .map_err(AppError::answer)?;
    let team = match placement.team_id {
        Some(id) => team::Entity::find_by_id(id).one(&db).await?,
        None => None,
    };
    let lineage = boards::Lineage::load(&db, placement.item.feature_id).await?;
    Ok(WorkItemDetail {
        history: audit::for_item(&db, item_id).await?,
        column: placement.column.name,
        team: team.map(|t| NamedRef {
            id: t.id,
            name: t.name,
        }),
        card: boards::work_item_card(placement.item, &lineage)?,
    })
}
