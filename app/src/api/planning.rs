//! Server functions that change the hierarchy: the vision and its themes, epics,
//! features and work items (create, edit, move, delete), and the page of one item.
//! Every change validates its form in `domain::planning`, authorizes against the
//! board the item sits on, and writes in one transaction with its audit rows.

use crate::domain::board::BoardChange;
#[cfg(feature = "ssr")]
use crate::domain::hierarchy::ItemKind;
use crate::domain::planning::{EpicForm, FeatureForm, StrategyForm, WorkItemForm};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::views::planning::item_href;
use crate::views::planning::ItemDetailView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod write {
    //! The steps every item change shares.
    pub use crate::domain::access::{Action, Principal};
    pub use crate::domain::hierarchy::ItemKind;
    pub use crate::domain::webhook::EventType::*;
    pub use crate::error::AppError;
    pub use crate::security::guard::authorize;
    pub use crate::store::items::{self, Actor, Placement};
    pub use crate::store::Writing;
    pub use crate::views::live::Verb;

    pub fn planning_kind(raw: &str) -> Result<ItemKind, AppError> {
        match raw.parse::<ItemKind>() {
            Ok(kind @ (ItemKind::Epic | ItemKind::Feature | ItemKind::WorkItem)) => Ok(kind),
            _ => Err(AppError::InvalidField {
                field: "kind".into(),
                detail: format!("“{raw}” is not an epic, feature or work_item"),
            }),
        }
    }

    /// Opens the transaction holding the item's board lock, finds the item and
    /// checks the caller may change it. The lock comes first: on SQLite a first
    /// write makes the transaction the writer at once, so it never fails to
    /// upgrade from reading; on PostgreSQL it serialises the board's moves.
    pub async fn open(
        kind: ItemKind,
        item_id: uuid::Uuid,
    ) -> Result<(Writing, Placement, Principal), AppError> {
        authorize(Action::Read)?;
        let db = crate::store::connection()?;
        let (txn, board) = crate::store::wip::begin_locked_for_item(&db, kind, item_id).await?;
        let placement = items::placement_on(&txn, board, kind, item_id).await?;
        let principal = authorize(placement.edit_action()?)?;
        Ok((txn, placement, principal))
    }

    /// Opens a transaction that first takes the board's lock, and reads the board.
    pub async fn locked(
        db: &sea_orm::DatabaseConnection,
        board_id: uuid::Uuid,
    ) -> Result<(Writing, crate::entities::board::Model), AppError> {
        Ok(crate::store::wip::begin_locked_board(db, board_id).await?)
    }

    pub fn invalid(error: crate::domain::planning::FieldError) -> AppError {
        AppError::from(error)
    }

    /// Tells the webhooks' subscribers of an item of `board` as `txn` leaves it,
    /// in that transaction (committed with the change, or not at all). `more`
    /// joins the item in the event's data.
    pub async fn announce(
        txn: &Writing,
        event: crate::domain::webhook::EventType,
        board: &crate::entities::board::Model,
        item: serde_json::Value,
        more: Option<(&str, serde_json::Value)>,
    ) -> Result<(), AppError> {
        let mut data = serde_json::Map::new();
        data.insert("item".into(), item);
        data.extend(more.map(|(key, value)| (key.to_owned(), value)));
        let occurrence = crate::store::webhooks::Occurrence {
            event,
            team: board.team_id,
            data: data.into(),
            at: super::now(),
        };
        crate::store::webhooks::enqueue(txn, [occurrence]).await?;
        Ok(())
    }

    /// [`announce`] of the item `item_id` as it now is.
    pub async fn announce_item(
        txn: &Writing,
        event: crate::domain::webhook::EventType,
        board: &crate::entities::board::Model,
        item_id: uuid::Uuid,
    ) -> Result<(), AppError> {
        let item = crate::store::webhooks::item_brief(txn, item_id).await?;
        announce(txn, event, board, item, None).await
    }

    /// Where a card is added: the board's transaction, the board, the column, who
    /// and when.
    pub type Spot<'a> = (
        &'a Writing,
        &'a crate::entities::board::Model,
        uuid::Uuid,
        Actor,
        chrono::DateTime<chrono::Utc>,
    );

    /// Adds a card made from a form holding only its title, validated as the form
    /// validates it.
    pub async fn add_titled<D: crate::store::planning::Draft>(
        (txn, board, column_id, actor, now): Spot<'_>,
        draft: Result<D, crate::domain::planning::FieldError>,
    ) -> Result<uuid::Uuid, AppError> {
        let draft = draft.map_err(invalid)?;
        Ok(crate::store::planning::add_card(txn, board, column_id, draft, actor, now).await?)
    }

    /// Creates the vision or a theme under `vision_id` (no `id`), or changes the one
    /// named by `id` if it is still at `version`; answers its id.
    pub async fn save_strategy(
        kind: ItemKind,
        vision_id: Option<uuid::Uuid>,
        id: Option<String>,
        version: Option<i32>,
        form: crate::domain::planning::StrategyForm,
    ) -> Result<String, AppError> {
        use crate::store::vision;
        let principal = authorize(Action::EditStrategy)?;
        let fields = form.validate().map_err(invalid)?;
        let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
        let actor = Actor::of(&principal);
        let saved = match (id.as_deref().filter(|id| !id.is_empty()), vision_id) {
            (None, None) => vision::create_vision(&txn, fields, actor, super::now()).await,
            (None, Some(vision_id)) => {
                vision::create_theme(&txn, vision_id, fields, actor, super::now()).await
            }
            (Some(id), _) => {
                let id = crate::store::parse_id(id, &kind.that())?;
                let version = version.unwrap_or(0);
                vision::update_strategy(&txn, kind, id, version, fields, actor, super::now())
                    .await
                    .map(|()| id)
            }
        };
        let saved = saved?;
        txn.commit().await?;
        Ok(saved.to_string())
    }

    /// Changes the item `item_id` to its validated form, if still at `version`.
    pub async fn save<D: crate::store::planning::Draft>(
        item_id: uuid::Uuid,
        version: i32,
        draft: Result<D, crate::domain::planning::FieldError>,
    ) -> Result<(), AppError> {
        let (txn, placement, principal) = open(D::KIND, item_id).await?;
        let draft = draft.map_err(invalid)?;
        crate::store::planning::update(
            &txn,
            &placement,
            version,
            draft,
            Actor::of(&principal),
            super::now(),
        )
        .await?;
        announce_item(&txn, ItemChanged, &placement.board, placement.row.id).await?;
        txn.commit().await?;
        crate::api::news::cards_changed(Verb::Edited, &placement.board, &[placement.row.id]).await;
        Ok(())
    }
}

/// Creates an epic in the portfolio's Funnel; answers its id.
#[server(endpoint = "create_epic")]
pub async fn create_epic(epic: EpicForm) -> Result<String, AppError> {
    use write::*;
    let principal = authorize(Action::EditEpics)?;
    let draft = epic.validate().map_err(invalid)?;
    let db = crate::store::connection()?;
    let portfolio = crate::store::setup::ensure_portfolio_board(&db, now())
        .await?
        .id;
    let (txn, portfolio) = locked(&db, portfolio).await?;
    let id =
        crate::store::planning::create_epic(&txn, &portfolio, draft, Actor::of(&principal), now())
            .await?;
    announce_item(&txn, ItemCreated, &portfolio, id).await?;
    txn.commit().await?;
    crate::api::news::cards_changed(Verb::Added, &portfolio, &[id]).await;
    crate::security::redirect_form_post(&item_href(ItemKind::Epic, id));
    Ok(id.to_string())
}

#[server(endpoint = "update_epic")]
pub async fn update_epic(
    epic_id: uuid::Uuid,
    version: i32,
    epic: EpicForm,
) -> Result<(), AppError> {
    write::save(epic_id, version, epic.validate()).await
}

/// Creates a feature in the first state of a product's feature kanban.
#[server(endpoint = "create_feature")]
pub async fn create_feature(
    product_id: uuid::Uuid,
    feature: FeatureForm,
) -> Result<String, AppError> {
    use write::*;
    authorize(Action::Read)?;
    let principal = authorize(Action::EditFeatures {
        product: product_id,
    })?;
    let draft = feature.validate().map_err(invalid)?;
    let (txn, product) = locked(&crate::store::connection()?, product_id).await?;
    let id =
        crate::store::planning::create_feature(&txn, &product, draft, Actor::of(&principal), now())
            .await?;
    announce_item(&txn, ItemCreated, &product, id).await?;
    txn.commit().await?;
    crate::api::news::cards_changed(Verb::Added, &product, &[id]).await;
    Ok(id.to_string())
}

#[server(endpoint = "update_feature")]
pub async fn update_feature(
    feature_id: uuid::Uuid,
    version: i32,
    feature: FeatureForm,
) -> Result<(), AppError> {
    write::save(feature_id, version, feature.validate()).await
}

/// Creates a work item in the first column of a team's board.
#[server(endpoint = "create_work_item")]
pub async fn create_work_item(team_id: uuid::Uuid, item: WorkItemForm) -> Result<String, AppError> {
    use write::*;
    authorize(Action::Read)?;
    let principal = authorize(Action::EditTeamWork { team: team_id })?;
    let draft = item.validate().map_err(invalid)?;
    let db = crate::store::connection()?;
    let board = crate::store::wip::board_of_team(&db, team_id).await?.id;
    let (txn, board) = locked(&db, board).await?;
    let id =
        crate::store::planning::create_work_item(&txn, &board, draft, Actor::of(&principal), now())
            .await?;
    announce_item(&txn, ItemCreated, &board, id).await?;
    txn.commit().await?;
    crate::api::news::cards_changed(Verb::Added, &board, &[id]).await;
    Ok(id.to_string())
}

/// Adds a card titled `title` at the bottom of a column of a board, where the user
/// sees the column: an epic, feature or work item as the board holds, nothing else
/// filled in (no parent: unaligned until someone links it). Process boards take new
/// items in their first state only. Answers the card where it sits and the board's
/// loads, like a move.
#[server(endpoint = "add_card")]
pub async fn add_card(
    board_id: uuid::Uuid,
    column_id: uuid::Uuid,
    title: String,
) -> Result<BoardChange, AppError> {
    use write::*;
    authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let board = crate::store::boards::find(&db, board_id).await?;
    let principal = authorize(items::edit_action(board.kind.cards(), &board)?)?;
    let (txn, board) = locked(&db, board.id).await?;
    let at = (&txn, &board, column_id, Actor::of(&principal), now());
    let id = match board.kind.cards() {
        ItemKind::Epic => add_titled(at, EpicForm::titled(title).validate()).await,
        ItemKind::Feature => add_titled(at, FeatureForm::titled(title).validate()).await,
        _ => add_titled(at, WorkItemForm::titled(title).validate()).await,
    }?;
    announce_item(&txn, ItemCreated, &board, id).await?;
    txn.commit().await?;
    let change = crate::store::boards::change(&db, &board, &[id]).await?;
    crate::api::news::changed(Verb::Added, &change).await;
    Ok(change)
}

#[server(endpoint = "update_work_item")]
pub async fn update_work_item(
    item_id: uuid::Uuid,
    version: i32,
    item: WorkItemForm,
) -> Result<(), AppError> {
    write::save(item_id, version, item.validate()).await
}

/// Moves an epic, feature or work item to a column of its board, just above the
/// card `before_id` when given (reordering within a column), else to the bottom.
/// `reason` explains a move over a soft WIP limit. Answers the card as it now is,
/// where it now sits, and the board's loads, so the browser applies it in place.
#[server(endpoint = "move_item")]
pub async fn move_item(
    kind: String,
    item_id: uuid::Uuid,
    to_column_id: uuid::Uuid,
    version: i32,
    #[server(default)] before_id: Option<String>,
    #[server(default)] reason: Option<String>,
) -> Result<BoardChange, AppError> {
    use write::*;
    let kind = planning_kind(&kind)?;
    let reason = reason
        .as_deref()
        .map(|reason| crate::domain::planning::text("reason", reason))
        .transpose()
        .map_err(invalid)?;
    let (txn, placement, principal) = open(kind, item_id).await?;
    let before = match before_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(crate::store::parse_id(id, "the card to place it above")?),
    };
    let (board, from, row) = (
        placement.board.clone(),
        placement.column.clone(),
        placement.row.clone(),
    );
    let at = now();
    let moved = items::move_item(
        &txn,
        placement,
        items::Destination {
            column_id: to_column_id,
            before,
        },
        version,
        reason.as_deref(),
        Actor::of(&principal),
        at,
    )
    .await;
    let moved = match moved {
        Ok(moved) => moved,
        Err(crate::store::StoreError::Refused(crate::store::Refusal::HardLimit(limit))) => {
            drop(txn);
            return Err(refused_by_limit(&board, item_id, to_column_id, limit).await);
        }
        Err(error) => return Err(error.into()),
    };
    if let Some(to) = moved
        .columns
        .iter()
        .find(|c| c.id != from.id && c.id == moved.column_id)
    {
        // As the move left it, without reading it again.
        let item = crate::entities::item::Model {
            column_id: to.id,
            version: moved.version,
            updated_at: at,
            ..row
        };
        let item = crate::store::webhooks::brief(&item, to);
        let from = crate::store::webhooks::column_brief(&from);
        announce(&txn, ItemMoved, &board, item, Some(("from", from))).await?;
    }
    let change = crate::store::boards::after_move(board.id, moved);
    crate::api::news::commit_changed(txn, Verb::Moved, &change).await?;
    Ok(change)
}

/// Deletes an item. If it has children, `children` must say what becomes of them:
/// `delete` (with it) or `move` (under `move_children_to`); otherwise 409. Answers
/// the address of the board it was on, where the user goes next.
#[server(endpoint = "delete_item")]
pub async fn delete_item(
    kind: String,
    item_id: uuid::Uuid,
    version: i32,
    #[server(default)] children: Option<String>,
    #[server(default)] move_children_to: Option<String>,
) -> Result<String, AppError> {
    use crate::store::planning::ChildrenChoice;
    use write::*;
    let kind = planning_kind(&kind)?;
    let (txn, placement, principal) = open(kind, item_id).await?;
    let choice = match children.as_deref().unwrap_or("") {
        "" => ChildrenChoice::Ask,
        "delete" => ChildrenChoice::Delete,
        "move" => {
            let target = move_children_to.unwrap_or_default();
            ChildrenChoice::MoveTo(
                crate::domain::planning::reference(
                    "move_children_to",
                    &target,
                    "an item to move them under",
                )
                .map_err(invalid)?
                .ok_or_else(|| AppError::InvalidField {
                    field: "move_children_to".into(),
                    detail: "choose where to move them".into(),
                })?,
            )
        }
        other => {
            return Err(AppError::InvalidField {
                field: "children".into(),
                detail: format!("“{other}” is neither delete nor move"),
            })
        }
    };
    let board = crate::store::detail::board_ref(&placement.board).href();
    let (item, on_board) = (placement.row.id, placement.board.clone());
    let gone = crate::store::webhooks::item_brief(&txn, item).await?;
    crate::store::planning::delete_item(
        &txn,
        &placement,
        version,
        choice,
        |action| authorize(action).is_ok(),
        Actor::of(&principal),
        now(),
    )
    .await?;
    announce(&txn, ItemDeleted, &on_board, gone, None).await?;
    txn.commit().await?;
    crate::api::news::cards_changed(Verb::Removed, &on_board, &[item]).await;
    crate::security::redirect_form_post(&board);
    Ok(board)
}

/// Creates the vision (when there is none yet) or changes it; answers its id.
#[server(endpoint = "save_vision")]
pub async fn save_vision(
    #[server(default)] vision_id: Option<String>,
    #[server(default)] version: Option<i32>,
    vision: StrategyForm,
) -> Result<String, AppError> {
    write::save_strategy(ItemKind::Vision, None, vision_id, version, vision).await
}

/// Adds a strategic theme under the vision (no `theme_id`) or changes one; answers
/// its id.
#[server(endpoint = "save_theme")]
pub async fn save_theme(
    vision_id: uuid::Uuid,
    #[server(default)] theme_id: Option<String>,
    #[server(default)] version: Option<i32>,
    theme: StrategyForm,
) -> Result<String, AppError> {
    write::save_strategy(ItemKind::Theme, Some(vision_id), theme_id, version, theme).await
}

/// One epic, feature or work item with its chain, children, form and history.
#[server(endpoint = "item_detail")]
pub async fn item_detail(kind: String, item_id: uuid::Uuid) -> Result<ItemDetailView, AppError> {
    use write::*;
    let principal = authorize(Action::Read)?;
    let kind = planning_kind(&kind)?;
    let db = crate::store::connection()?;
    // Read first, as for boards: a change in between is then news the page gets.
    let seen = crate::store::events::latest(&db).await?;
    super::item_page::read(&db, kind, item_id, &principal, seen).await
}

/// A hard WIP limit refused a move: tells the webhooks' subscribers (in a
/// transaction of its own, the move's being void), and answers the refusal.
#[cfg(feature = "ssr")]
async fn refused_by_limit(
    board: &crate::entities::board::Model,
    item_id: uuid::Uuid,
    to_column_id: uuid::Uuid,
    limit: crate::domain::wip::Breach,
) -> AppError {
    let refusal = AppError::from(crate::store::StoreError::Refused(
        crate::store::Refusal::HardLimit(limit.clone()),
    ));
    let told = async {
        let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
        let item = crate::store::webhooks::item_brief(&txn, item_id).await?;
        let attempt = serde_json::json!({ "to_column_id": to_column_id, "limit": limit });
        let event = crate::domain::webhook::EventType::WipLimitRefused;
        write::announce(&txn, event, board, item, Some(("refused", attempt))).await?;
        txn.commit().await?;
        Ok::<_, AppError>(())
    };
    if let Err(error) = told.await {
        tracing::warn!(%error, %item_id, "a refused move's webhook event was not stored");
    }
    refusal
}

/// To the microsecond, which both engines keep: what a change tells of itself
/// (a move's webhook event) is then what is read back.
#[cfg(feature = "ssr")]
fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}
