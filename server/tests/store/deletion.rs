//! `planning::delete_item`: an item with children is deleted only once the caller
//! says what becomes of them, and only if the caller may change all it reaches.

use app::domain::access::Action;
use app::domain::hierarchy::ItemKind::{Epic, Feature};
use app::entities::board;
use app::error::AppError;
use app::store::planning::ChildrenChoice;
use app::store::{Refusal, StoreError};
use uuid::Uuid;

use crate::helpers::{fresh_store, said, Store};

/// An epic with a feature under it, and a team's work item under that.
struct Chain {
    portfolio: board::Model,
    product: board::Model,
    team: Uuid,
    epic: Uuid,
    feature: Uuid,
    work_item: Uuid,
}

async fn chain(store: &Store) -> Chain {
    let portfolio = store.portfolio().await;
    let product = store.product("Drones").await;
    let team_board = store.team_board("Software").await;
    let epic = store.epic(&portfolio, "Subscriptions").await;
    let feature = store.feature(&product, "Flight software", Some(epic)).await;
    let work_item = store
        .work_item(&team_board, "Autopilot update", Some(feature))
        .await;
    Chain {
        team: team_board.team_id.expect("a team's board"),
        portfolio,
        product,
        epic,
        feature,
        work_item,
    }
}

/// Anything may be changed.
fn anything(_: Action) -> bool {
    true
}

#[tokio::test]
async fn deleting_an_item_with_children_asks_what_becomes_of_them() {
    let store = fresh_store().await;
    let chain = chain(&store).await;

    let refused = store
        .delete(Epic, chain.epic, ChildrenChoice::Ask, anything)
        .await;

    assert!(
        matches!(
            &refused,
            Err(StoreError::Refused(Refusal::HasChildren {
                kind: Epic,
                child: Feature,
                children: 1,
                ..
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(
        said(&refused),
        AppError::Conflict {
            detail: "“Subscriptions” has 1 feature: delete them with it, \
                     or move them under another epic first"
                .into()
        }
    );
    for id in [chain.epic, chain.feature, chain.work_item] {
        assert!(store.exists(id).await);
    }
}

#[tokio::test]
async fn deleting_an_item_with_its_children_deletes_everything_below_it() {
    let store = fresh_store().await;
    let chain = chain(&store).await;
    let other = store.epic(&chain.portfolio, "Other").await;

    store
        .delete(Epic, chain.epic, ChildrenChoice::Delete, anything)
        .await
        .expect("deleted");

    for (id, title) in [
        (chain.epic, "Subscriptions"),
        (chain.feature, "Flight software"),
        (chain.work_item, "Autopilot update"),
    ] {
        assert!(!store.exists(id).await, "{title} is deleted");
        assert!(store.transitions(id).await.is_empty(), "{title}'s flow");
        let history = store.history(id).await;
        let last = history.last().expect("its history stays");
        assert_eq!(last.field, "deleted");
        assert_eq!(last.old_value.as_deref(), Some(title));
        assert_eq!(last.user_id, Some(store.actor.user_id));
    }
    assert!(store.exists(other).await, "an unrelated epic stays");
}

#[tokio::test]
async fn deleting_an_item_moves_its_children_under_another_when_asked() {
    let store = fresh_store().await;
    let chain = chain(&store).await;
    let other = store.epic(&chain.portfolio, "Other").await;

    store
        .delete(Epic, chain.epic, ChildrenChoice::MoveTo(other), anything)
        .await
        .expect("deleted");

    assert!(!store.exists(chain.epic).await);
    let feature = store.item(chain.feature).await;
    assert_eq!((feature.parent_id, feature.version), (Some(other), 2));
    let work_item = store.item(chain.work_item).await;
    assert_eq!(work_item.parent_id, Some(chain.feature), "untouched below");
}

#[tokio::test]
async fn children_cannot_move_under_the_item_itself_or_under_nothing() {
    let store = fresh_store().await;
    let chain = chain(&store).await;

    for target in [chain.epic, Uuid::new_v4()] {
        let refused = store
            .delete(Epic, chain.epic, ChildrenChoice::MoveTo(target), anything)
            .await;
        assert_eq!(
            said(&refused),
            AppError::InvalidField {
                field: "move_children_to".into(),
                detail: "choose another existing epic to move them under".into()
            },
            "{target}"
        );
        assert!(store.exists(chain.epic).await);
        assert_eq!(store.item(chain.feature).await.parent_id, Some(chain.epic));
    }
}

#[tokio::test]
async fn a_deletion_reaching_work_the_caller_may_not_change_is_forbidden_and_changes_nothing() {
    let store = fresh_store().await;
    let chain = chain(&store).await;
    let teams_work = Action::EditTeamWork { team: chain.team };

    let refused = store
        .delete(Epic, chain.epic, ChildrenChoice::Delete, |action| {
            action != teams_work
        })
        .await;

    assert!(
        matches!(&refused, Err(StoreError::Forbidden(action)) if *action == teams_work),
        "{refused:?}"
    );
    for id in [chain.epic, chain.feature, chain.work_item] {
        assert!(store.exists(id).await);
        let history = store.history(id).await;
        assert!(history.iter().all(|row| row.field != "deleted"));
    }
}

#[tokio::test]
async fn moving_children_the_caller_may_not_change_is_forbidden_and_changes_nothing() {
    let store = fresh_store().await;
    let chain = chain(&store).await;
    let other = store.epic(&chain.portfolio, "Other").await;
    let features = Action::EditFeatures {
        product: chain.product.id,
    };

    let refused = store
        .delete(Epic, chain.epic, ChildrenChoice::MoveTo(other), |action| {
            action != features
        })
        .await;

    assert!(
        matches!(&refused, Err(StoreError::Forbidden(action)) if *action == features),
        "{refused:?}"
    );
    assert!(store.exists(chain.epic).await);
    let feature = store.item(chain.feature).await;
    assert_eq!((feature.parent_id, feature.version), (Some(chain.epic), 1));
    assert!(store
        .history(chain.epic)
        .await
        .iter()
        .all(|row| row.field != "deleted"));
}

#[tokio::test]
async fn an_item_without_children_is_deleted_without_asking() {
    let store = fresh_store().await;
    let product = store.product("Drones").await;
    let leaf = store.feature(&product, "Nothing below", None).await;

    store
        .delete(Feature, leaf, ChildrenChoice::Ask, anything)
        .await
        .expect("deleted");

    assert!(!store.exists(leaf).await);
}
