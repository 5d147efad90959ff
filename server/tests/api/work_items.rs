//! Moving work items, their history, and the activity feed, through the HTTP API.

use serde_json::Value;

use crate::helpers::{card, CardOnBoard, Chain, Team, TestApp, World, SOFTWARE_CARD};

const BATTERY_CARD: &str = "Thermal test of the larger pack";

async fn move_card(app: &TestApp, card: &CardOnBoard, to: &str) -> reqwest::Response {
    app.call("move_item", &card.move_form(&card.column_id(to)))
        .await
}

/// The work item's page data: its column, board, chain and history.
async fn item_page(app: &TestApp, item_id: &str) -> Value {
    app.call(
        "item_detail",
        &[("kind", "work_item"), ("item_id", item_id)],
    )
    .await
    .json()
    .await
    .unwrap()
}

/// The team `name` with one card, `title`, in To Do.
async fn team_with_a_card(world: &World, name: &str, title: &str) -> Team {
    let team = world.team(name).await;
    world.work_item(&team, title).create().await;
    team
}

/// The Software team with one card in To Do; answers a client signed in as Tina
/// Software, its member.
async fn tina_with_a_card(world: &World) -> TestApp {
    let software = team_with_a_card(world, "Software", SOFTWARE_CARD).await;
    world.member(&software, "Tina Software").await
}

#[tokio::test]
async fn a_team_member_moves_a_card_and_the_move_is_recorded() {
    let app = tina_with_a_card(&World::new().await).await;
    let before = card(&app, "Software", SOFTWARE_CARD).await;
    assert_eq!(before.column, "To Do");

    let response = move_card(&app, &before, "In Progress").await;

    assert_eq!(response.status(), 200);
    let after = card(&app, "Software", SOFTWARE_CARD).await;
    assert_eq!(after.column, "In Progress");
    assert_ne!(after.version, before.version);
    let page = item_page(&app, &before.item_id).await;
    assert_eq!(page["column"], "In Progress");
    assert_eq!(page["history"][0]["who"], "Tina Software");
    assert_eq!(page["history"][0]["old_value"], "To Do");
    assert_eq!(page["history"][0]["new_value"], "In Progress");
}

#[tokio::test]
async fn another_teams_card_cannot_be_moved() {
    let world = World::new().await;
    let app = tina_with_a_card(&world).await;
    team_with_a_card(&world, "Battery", BATTERY_CARD).await;
    let battery = card(&app, "Battery", BATTERY_CARD).await;

    let response = move_card(&app, &battery, "In Progress").await;

    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "you may not change this team's work");
    let unchanged = card(&app, "Battery", BATTERY_CARD).await;
    assert_eq!(unchanged.column, "To Do");
}

#[tokio::test]
async fn a_move_from_a_stale_board_is_a_conflict() {
    let app = tina_with_a_card(&World::new().await).await;
    let seen = card(&app, "Software", SOFTWARE_CARD).await;
    assert_eq!(move_card(&app, &seen, "Review").await.status(), 200);

    let stale = move_card(&app, &seen, "Done").await;

    assert_eq!(stale.status(), 409);
    assert_eq!(card(&app, "Software", SOFTWARE_CARD).await.column, "Review");
}

#[tokio::test]
async fn a_card_cannot_move_to_another_boards_column() {
    let world = World::new().await;
    team_with_a_card(&world, "Software", SOFTWARE_CARD).await;
    team_with_a_card(&world, "Battery", BATTERY_CARD).await;
    let app = &world.admin;
    let software = card(app, "Software", SOFTWARE_CARD).await;
    let battery = card(app, "Battery", BATTERY_CARD).await;

    let other_boards_column = battery.column_id("Done");
    let response = app
        .call("move_item", &software.move_form(&other_boards_column))
        .await;

    assert_eq!(response.status(), 400);
    assert_eq!(card(app, "Software", SOFTWARE_CARD).await.column, "To Do");
}

#[tokio::test]
async fn a_move_by_api_token_is_recorded_as_such() {
    let app = tina_with_a_card(&World::new().await).await;
    let (token, _) = app.create_token("bot", &["read", "write_items"]).await;
    let before = card(&app, "Software", SOFTWARE_CARD).await;

    let review = before.column_id("Review");
    let response = app
        .call_with_token(&token, "move_item", &before.move_form(&review))
        .await;

    assert_eq!(response.status(), 200);
    let page = item_page(&app, &before.item_id).await;
    assert_eq!(page["history"][0]["via_token"], true);
}

#[tokio::test]
async fn admins_see_every_move_in_the_activity_feed() {
    let world = World::new().await;
    let tina = tina_with_a_card(&world).await;
    let seen = card(&tina, "Software", SOFTWARE_CARD).await;
    assert_eq!(move_card(&tina, &seen, "Review").await.status(), 200);

    let app = &world.admin;
    let feed: Value = app.call("activity_feed", &[]).await.json().await.unwrap();

    assert_eq!(feed[0]["item_id"], seen.item_id.as_str());
    assert_eq!(feed[0]["new_value"], "Review");
    let html = app.page("/activity").await;
    assert!(
        html.contains("Tina Software moved it from To Do to Review"),
        "{html}"
    );
}

#[tokio::test]
async fn the_item_page_shows_the_chain_and_the_history() {
    let world = World::new().await;
    let Chain { feature, .. } = world.chain().await;
    let software = world.team("Software").await;
    world
        .work_item(&software, SOFTWARE_CARD)
        .under(&feature)
        .create()
        .await;
    let app = world.member(&software, "Tina Software").await;
    let seen = card(&app, "Software", SOFTWARE_CARD).await;
    assert_eq!(move_card(&app, &seen, "Review").await.status(), 200);

    let html = app.page(&format!("/work-items/{}", seen.item_id)).await;

    assert!(html.contains("Grow market share"));
    assert!(html.contains("Updated flight software"));
    assert!(html.contains("Tina Software moved it from To Do to Review"));
    assert_eq!(app.get("/work-items/nope").await.status(), 404);
}

#[tokio::test]
async fn concurrent_moves_of_different_cards_all_succeed() {
    let world = World::new().await;
    let mut cards = Vec::new();
    for (team, titles) in [
        (
            "Software",
            [
                "Payload-aware landing profile",
                "Tune flight controller for a 40 kg payload",
                "Altitude drifts with a heavy payload",
            ],
        ),
        (
            "Battery",
            [
                "Qualify the 30 Ah cell supplier",
                "Thermal test of the larger pack",
                "Cell supplier lead time",
            ],
        ),
        (
            "Engine",
            [
                "Bench-test the 12 kW motor",
                "Match propellers to the new motor",
                "Motor overheats above 80% throttle",
            ],
        ),
        (
            "Platform",
            [
                "Firmware build pipeline",
                "Staging field for fleet tests",
                "Upgrade the build servers",
            ],
        ),
    ] {
        let board = world.team(team).await;
        for title in titles {
            world.work_item(&board, title).create().await;
            cards.push((team, title, card(&world.admin, team, title).await));
        }
    }
    let app = &world.admin;

    // Every card moves to "Ready to Deploy" at once: SQLite must serialise the
    // writers, never answer "database is locked".
    let mut moves = tokio::task::JoinSet::new();
    for (_, _, card) in &cards {
        let (app, item_id, to, version) = (
            app.clone(),
            card.item_id.clone(),
            card.column_id("Ready to Deploy"),
            card.version.clone(),
        );
        moves.spawn(async move {
            app.call(
                "move_item",
                &[
                    ("kind", "work_item"),
                    ("item_id", &item_id),
                    ("to_column_id", &to),
                    ("version", &version),
                ],
            )
            .await
            .status()
            .as_u16()
        });
    }
    let statuses = moves.join_all().await;

    assert_eq!(statuses, vec![200; cards.len()]);
    for (team, title, _) in cards {
        assert_eq!(card(app, team, title).await.column, "Ready to Deploy");
    }
}
