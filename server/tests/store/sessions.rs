//! Who a request acts as: a session's or a token's user, with every team and
//! product they hold, read in one statement (`users::acting_where`).

use app::domain::access::Role;
use app::store::{sessions, users};
use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::helpers::fresh_store;

#[tokio::test]
async fn a_session_finds_its_user_with_every_team_and_product_until_it_ends() {
    let store = fresh_store().await;
    let user = store.actor.user_id;
    let software = store.team_board("Software").await.team_id.unwrap();
    let hardware = store.team_board("Hardware").await.team_id.unwrap();
    store.team_board("Firmware").await;
    let robots = store.product("Robots").await.id;
    let drones = store.product("Drones").await.id;
    store.product("Boats").await;
    for assignment in [
        users::Assignment::Team(software),
        users::Assignment::Team(hardware),
        users::Assignment::Product(robots),
        users::Assignment::Product(drones),
    ] {
        users::set_assignment(&store.db, user, assignment, true)
            .await
            .unwrap();
    }
    let now = Utc::now();
    let token = sessions::start(&store.db, user, now, Duration::hours(1))
        .await
        .unwrap();
    let digest = app::security::token::digest(&token);

    let (principal, shown) = sessions::find(&store.db, &digest, now)
        .await
        .unwrap()
        .expect("the session's user");
    let sorted = |mut ids: Vec<Uuid>| {
        ids.sort();
        ids
    };
    assert_eq!(principal.user_id, user);
    assert_eq!(principal.role, Role::Admin);
    assert_eq!(sorted(principal.teams), sorted(vec![software, hardware]));
    assert_eq!(sorted(principal.products), sorted(vec![robots, drones]));
    assert_eq!(
        (shown.id, shown.email.as_str(), shown.display_name.as_str()),
        (user, "sam@example.com", "Sam Store")
    );

    let later = now + Duration::hours(2);
    assert!(sessions::find(&store.db, &digest, later)
        .await
        .unwrap()
        .is_none());
    assert!(sessions::find(&store.db, "not a session", now)
        .await
        .unwrap()
        .is_none());
    sessions::end(&store.db, &digest).await.unwrap();
    assert!(sessions::find(&store.db, &digest, now)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_user_without_teams_or_products_acts_with_none_and_a_missing_one_not_at_all() {
    let store = fresh_store().await;
    let (principal, _) = users::acting(&store.db, store.actor.user_id)
        .await
        .unwrap()
        .expect("the user");
    assert!(principal.teams.is_empty() && principal.products.is_empty());
    assert!(users::acting(&store.db, Uuid::new_v4())
        .await
        .unwrap()
        .is_none());
}
