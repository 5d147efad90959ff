//! `items::title_of`: one lookup for the title of every kind of item.

use app::domain::hierarchy::{ItemKind, ItemRef};
use app::store::{items, vision, StoreError};
use chrono::Utc;
use uuid::Uuid;

use crate::helpers::fresh_store;

#[tokio::test]
async fn every_kind_of_item_has_its_title() {
    let store = fresh_store().await;
    let vision = vision::create_vision(
        &store.db,
        ("Drones for all".into(), String::new()),
        store.actor,
        Utc::now(),
    )
    .await
    .expect("vision created");
    let theme = vision::create_theme(
        &store.db,
        vision,
        ("Recurring revenue".into(), String::new()),
        store.actor,
        Utc::now(),
    )
    .await
    .expect("theme created");
    let epic = store.epic(&store.portfolio().await, "Subscriptions").await;
    let feature = store
        .feature(&store.product("Drones").await, "Flight software", None)
        .await;
    let work_item = store
        .work_item(&store.team_board("Software").await, "Autopilot", None)
        .await;

    for (kind, id, title) in [
        (ItemKind::Vision, vision, "Drones for all"),
        (ItemKind::Theme, theme, "Recurring revenue"),
        (ItemKind::Epic, epic, "Subscriptions"),
        (ItemKind::Feature, feature, "Flight software"),
        (ItemKind::WorkItem, work_item, "Autopilot"),
    ] {
        let found = items::title_of(&store.db, ItemRef { kind, id }).await;
        assert_eq!(found.expect("a title"), title, "{kind:?}");
    }
}

#[tokio::test]
async fn a_missing_item_is_not_found_by_its_kind() {
    let store = fresh_store().await;
    let epic = store.epic(&store.portfolio().await, "Subscriptions").await;

    for (kind, id, what) in [
        (ItemKind::Vision, Uuid::new_v4(), "that vision"),
        (ItemKind::Theme, Uuid::new_v4(), "that strategic theme"),
        (ItemKind::Epic, Uuid::new_v4(), "that epic"),
        (ItemKind::Feature, epic, "that feature"),
        (ItemKind::WorkItem, Uuid::new_v4(), "that work item"),
    ] {
        let missing = items::title_of(&store.db, ItemRef { kind, id }).await;
        assert!(
            matches!(&missing, Err(StoreError::NotFound { what: found }) if found == what),
            "{kind:?}: {missing:?}"
        );
    }
}
