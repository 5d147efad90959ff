//! The harness of the store tests: a fresh SQLite file per test, migrated by the
//! server's own start-up code, and builders that make what a test needs through the
//! store's own functions.

use app::domain::access::{Action, Role};
use app::domain::account::{Email, Password};
use app::domain::hierarchy::ItemKind;
use app::domain::planning::{EpicForm, FeatureForm, WorkItemForm};
use app::domain::wip::{Enforcement, LimitDraft, ScopeKind};
use app::entities::{audit_event, board, board_column, item, transition, wip_infraction};
use app::store::audit::Via;
use app::store::items::{self, Actor, Destination, Moved};
use app::store::planning::{self, ChildrenChoice};
use app::store::users::{self, NewUser};
use app::store::{boards, setup, wip, StoreError};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use server::config::Config;
use tempfile::TempDir;
use uuid::Uuid;

/// A migrated database of its own, removed with the test.
pub struct Store {
    pub db: DatabaseConnection,
    /// Who every change is made as: a real account, since history rows refer to it.
    pub actor: Actor,
    _dir: TempDir,
}

/// An empty, migrated SQLite file in a temporary directory, connected and migrated
/// the way the server starts, with one account to act as.
pub async fn fresh_store() -> Store {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let config = Config::from_lookup(|name| (name == "DATABASE_URL").then(|| url.clone()))
        .expect("test configuration");
    let db = server::database::connect(&config)
        .await
        .expect("database opens");
    server::database::migrate(&db)
        .await
        .expect("migrations run");
    let account = NewUser {
        email: Email::parse("sam@example.com").expect("an email"),
        display_name: "Sam Store".into(),
        password: Password::parse("built for this test").expect("a password"),
        role: Role::Admin,
    };
    let user = users::create(&db, account, &[], Utc::now())
        .await
        .expect("account created");
    Store {
        db,
        actor: Actor {
            user_id: user.id,
            via: Via::Ui,
        },
        _dir: dir,
    }
}

/// The bottom of `column`.
/// What a refused change says on the wire: its status (the variant) and sentence.
pub fn said<T: std::fmt::Debug>(result: &Result<T, StoreError>) -> app::error::AppError {
    match result {
        Err(StoreError::Refused(refusal)) => StoreError::Refused(refusal.clone()).into(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn bottom_of(column: &board_column::Model) -> Destination {
    Destination {
        column_id: column.id,
        before: None,
    }
}

/// Just above `card` in `column`.
pub fn above(card: Uuid, column: &board_column::Model) -> Destination {
    Destination {
        column_id: column.id,
        before: Some(card),
    }
}

impl Store {
    /// A new team's board, in the default columns.
    pub async fn team_board(&self, name: &str) -> board::Model {
        let team = setup::create_team(&self.db, name, Utc::now())
            .await
            .expect("team created");
        wip::board_of_team(&self.db, team)
            .await
            .expect("the team's board")
    }

    /// A new product's feature kanban.
    pub async fn product(&self, name: &str) -> board::Model {
        let product = setup::create_product(&self.db, name, Utc::now())
            .await
            .expect("product created");
        self.board(product).await
    }

    /// The portfolio kanban.
    pub async fn portfolio(&self) -> board::Model {
        let portfolio = setup::ensure_portfolio_board(&self.db, Utc::now())
            .await
            .expect("portfolio board");
        self.board(portfolio.id).await
    }

    async fn board(&self, id: Uuid) -> board::Model {
        boards::find(&self.db, id).await.expect("the board")
    }

    /// The column of `board` named `name`.
    pub async fn column(&self, board: &board::Model, name: &str) -> board_column::Model {
        items::columns_of(&self.db, board.id)
            .await
            .expect("the board's columns")
            .into_iter()
            .find(|column| column.name == name)
            .unwrap_or_else(|| panic!("no column {name} on {}", board.name))
    }

    pub async fn epic(&self, portfolio: &board::Model, title: &str) -> Uuid {
        let draft = EpicForm {
            title: title.into(),
            ..EpicForm::default()
        };
        let draft = draft.validate().expect("a valid epic");
        planning::create_epic(&self.db, portfolio, draft, self.actor, Utc::now())
            .await
            .expect("epic created")
    }

    pub async fn feature(&self, product: &board::Model, title: &str, epic: Option<Uuid>) -> Uuid {
        let draft = FeatureForm {
            title: title.into(),
            epic_id: epic.map(|id| id.to_string()).unwrap_or_default(),
            ..FeatureForm::default()
        };
        let draft = draft.validate().expect("a valid feature");
        planning::create_feature(&self.db, product, draft, self.actor, Utc::now())
            .await
            .expect("feature created")
    }

    pub async fn work_item(
        &self,
        board: &board::Model,
        title: &str,
        feature: Option<Uuid>,
    ) -> Uuid {
        let draft = WorkItemForm {
            title: title.into(),
            feature_id: feature.map(|id| id.to_string()).unwrap_or_default(),
            ..WorkItemForm::default()
        };
        let draft = draft.validate().expect("a valid work item");
        planning::create_work_item(&self.db, board, draft, self.actor, Utc::now())
            .await
            .expect("work item created")
    }

    /// Sets a limit on one column of `board`: changes the column's own limit (a
    /// template's) when it has one, else adds it.
    pub async fn limit(
        &self,
        board: &board::Model,
        column: &board_column::Model,
        max: u32,
        enforcement: Enforcement,
    ) -> Uuid {
        let draft = LimitDraft {
            kind: ScopeKind::Column,
            column: Some(column.id),
            last_column: None,
            class_of_service: None,
            person: None,
            max,
            enforcement,
        };
        // The column's limit: the one it has (a template's) changed, or a new one.
        let existing = wip::limit_rows(&self.db, board.id)
            .await
            .expect("limits read")
            .into_iter()
            .find(|row| row.scope == ScopeKind::Column && row.column_id == Some(column.id))
            .map(|row| (row.id, row.version));
        let txn = wip::begin_locked(&self.db, board.id)
            .await
            .expect("board locked");
        let id = wip::save_limit(&txn, board, existing, draft, Utc::now())
            .await
            .expect("limit saved");
        txn.commit().await.expect("limit committed");
        id
    }

    /// Moves an item as it now is, as the API does.
    pub async fn move_card(
        &self,
        kind: ItemKind,
        id: Uuid,
        to: Destination,
        reason: Option<&str>,
    ) -> Result<Moved, StoreError> {
        let version = self.item(id).await.version;
        self.move_at(kind, id, to, version, reason).await
    }

    /// Moves an item the caller read at `version`, holding its board's lock as the
    /// API does. Commits even when the store refuses, so a test sees what the
    /// refusal itself left behind, not what a rollback restored.
    pub async fn move_at(
        &self,
        kind: ItemKind,
        id: Uuid,
        to: Destination,
        version: i32,
        reason: Option<&str>,
    ) -> Result<Moved, StoreError> {
        let board = items::placement(&self.db, kind, id).await?.board.id;
        let txn = wip::begin_locked(&self.db, board).await?;
        let placement = items::placement(&txn, kind, id).await?;
        let moved =
            items::move_item(&txn, placement, to, version, reason, self.actor, Utc::now()).await;
        txn.commit().await?;
        moved
    }

    /// Deletes an item as it now is, asking `may_change` about everything the
    /// deletion reaches. Commits even when the store refuses, like `move_at`.
    pub async fn delete(
        &self,
        kind: ItemKind,
        id: Uuid,
        choice: ChildrenChoice,
        may_change: impl Fn(Action) -> bool,
    ) -> Result<(), StoreError> {
        let board = items::placement(&self.db, kind, id).await?.board.id;
        let txn = wip::begin_locked(&self.db, board).await?;
        let placement = items::placement(&txn, kind, id).await?;
        let version = placement.row.version;
        let deleted = planning::delete_item(
            &txn,
            &placement,
            version,
            choice,
            may_change,
            self.actor,
            Utc::now(),
        )
        .await;
        txn.commit().await?;
        deleted
    }

    /// The stored row of an item that must exist.
    pub async fn item(&self, id: Uuid) -> item::Model {
        self.find(id)
            .await
            .unwrap_or_else(|| panic!("no item {id}"))
    }

    pub async fn exists(&self, id: Uuid) -> bool {
        self.find(id).await.is_some()
    }

    async fn find(&self, id: Uuid) -> Option<item::Model> {
        item::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .expect("items read")
    }

    /// The items in `column`, top to bottom.
    pub async fn ranked(&self, column: &board_column::Model) -> Vec<Uuid> {
        item::Entity::find()
            .filter(item::Column::ColumnId.eq(column.id))
            .order_by_asc(item::Column::Rank)
            .all(&self.db)
            .await
            .expect("items read")
            .into_iter()
            .map(|item| item.id)
            .collect()
    }

    /// An item's history rows, oldest first.
    pub async fn history(&self, id: Uuid) -> Vec<audit_event::Model> {
        audit_event::Entity::find()
            .filter(audit_event::Column::ItemId.eq(id))
            .order_by_asc(audit_event::Column::At)
            .all(&self.db)
            .await
            .expect("history read")
    }

    /// An item's transitions, oldest first.
    pub async fn transitions(&self, id: Uuid) -> Vec<transition::Model> {
        transition::Entity::find()
            .filter(transition::Column::ItemId.eq(id))
            .order_by_asc(transition::Column::At)
            .all(&self.db)
            .await
            .expect("transitions read")
    }

    /// Every WIP infraction recorded.
    pub async fn infractions(&self) -> Vec<wip_infraction::Model> {
        wip_infraction::Entity::find()
            .all(&self.db)
            .await
            .expect("infractions read")
    }
}
