//! Dependencies between items, across teams: adding one (never round a cycle, never
//! twice), what cards and item pages show, finishing an item that still waits on
//! open work, removing one, and who may do which. On SQLite, and on PostgreSQL
//! with `--include-ignored`.

use serde_json::Value;

use crate::helpers::{json, TestApp, World};

async fn detail(app: &TestApp, id: &str) -> Value {
    json(
        app.call("item_detail", &[("kind", "work_item"), ("item_id", id)])
            .await,
    )
    .await
}

async fn add(app: &TestApp, item: &str, upstream: &str, needed_by: &str) -> reqwest::Response {
    app.call(
        "add_dependency",
        &[
            ("item_id", item),
            ("dependency[upstream_id]", upstream),
            ("dependency[needed_by]", needed_by),
            ("dependency[note]", "Needs the API"),
        ],
    )
    .await
}

/// The board's card `id` as the board API answers it.
async fn card_on(app: &TestApp, team_id: &str, id: &str) -> Value {
    let board = json(app.call("team_board", &[("team_id", team_id)]).await).await;
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|column| column["cards"].as_array().unwrap().clone())
        .find(|card| card["id"] == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

async fn dependencies_across_teams(world: World) {
    let app = &world.admin;
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let api = world
        .work_item(&hardware, "Battery telemetry API")
        .create()
        .await;
    let screen = world.work_item(&software, "Battery screen").create().await;
    let alarm = world
        .work_item(&software, "Low battery alarm")
        .create()
        .await;

    // The screen waits on the API, by a date already past: late.
    let response = add(app, &screen, &api, "2020-01-31").await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let page = detail(app, &screen).await;
    let upstream = &page["dependencies"]["upstream"][0];
    assert_eq!(upstream["title"], "Battery telemetry API");
    assert_eq!(upstream["board"], "Hardware");
    assert_eq!(upstream["state"], "To Do");
    assert_eq!(upstream["note"], "Needs the API");
    assert_eq!(upstream["late"], true, "{upstream}");
    let downstream = &detail(app, &api).await["dependencies"]["downstream"][0];
    assert_eq!(downstream["title"], "Battery screen");
    assert_eq!(downstream["late"], true, "{downstream}");
    // The card says it waits; the other card does not.
    assert_eq!(card_on(app, &software.id, &screen).await["waits_on"], 1);
    assert!(card_on(app, &hardware.id, &api).await["waits_on"].is_null());

    // Twice: 409. Round a cycle (the API waiting on the alarm, which waits on the
    // screen): 400 naming it, and nothing stored.
    assert_eq!(add(app, &screen, &api, "").await.status(), 409);
    assert_eq!(add(app, &alarm, &screen, "").await.status(), 200);
    let refused = add(app, &api, &alarm, "").await;
    assert_eq!(refused.status(), 400);
    let refused = json(refused).await;
    assert_eq!(refused["field"], "upstream_id", "{refused}");
    assert_eq!(
        refused["message"],
        "that would make a cycle: “Battery telemetry API” waits on “Low battery alarm” \
         waits on “Battery screen” waits on “Battery telemetry API”"
    );
    assert_eq!(
        detail(app, &api).await["dependencies"]["upstream"],
        serde_json::json!([])
    );
    let itself = json(add(app, &api, &api, "").await).await;
    assert_eq!(itself["message"], "an item cannot wait on itself");

    // Finishing the screen while the API is open asks why; with a reason it goes,
    // and the reason is in its history.
    let done = software.column_id("Done");
    let version = detail(app, &screen).await["version"].to_string();
    let finish = |reason: &'static str| {
        let (screen, done, version) = (screen.clone(), done.clone(), version.clone());
        async move {
            let mut form = vec![
                ("kind", "work_item".to_owned()),
                ("item_id", screen),
                ("to_column_id", done),
                ("version", version),
            ];
            if !reason.is_empty() {
                form.push(("reason", reason.to_owned()));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("move_item", &form).await
        }
    };
    let asked = finish("").await;
    assert_eq!(asked.status(), 400);
    let asked = json(asked).await;
    assert_eq!(asked["field"], "reason");
    assert_eq!(
        asked["message"],
        "This move finishes it while it waits on 1 open item: say why it should go ahead."
    );
    assert_eq!(finish("Shipped behind a flag").await.status(), 200);
    let history = detail(app, &screen).await["history"].clone();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["field"] == "finished waiting"
                && entry["new_value"] == "Shipped behind a flag"),
        "{history}"
    );

    // Once the API is done, nothing waits on open work: not late, no count.
    let api_done = hardware.column_id("Done");
    let api_version = detail(app, &api).await["version"].to_string();
    let moved = app
        .call(
            "move_item",
            &[
                ("kind", "work_item"),
                ("item_id", &api),
                ("to_column_id", &api_done),
                ("version", &api_version),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200);
    let upstream = &detail(app, &screen).await["dependencies"]["upstream"][0];
    assert_eq!(upstream["done"], true);
    assert_eq!(upstream["late"], false);
    assert!(card_on(app, &software.id, &alarm).await["waits_on"].is_null());

    // Removing is the waiting item's to do, and is recorded.
    let dependency = upstream["id"].as_str().unwrap().to_owned();
    let remove = |item: &str| {
        let form = [
            ("item_id", item.to_owned()),
            ("dependency_id", dependency.clone()),
        ];
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("remove_dependency", &form).await.status()
        }
    };
    assert_eq!(remove(&api).await, 404, "named through the other item");
    assert_eq!(remove(&screen).await, 200);
    assert_eq!(remove(&screen).await, 404);
    let page = detail(app, &screen).await;
    assert_eq!(page["dependencies"]["upstream"], serde_json::json!([]));
    assert!(
        page["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["field"] == "waits on"
                && entry["old_value"] == "Battery telemetry API")
    );

    // Deleting an item takes its dependencies with it.
    let alarm_version = detail(app, &alarm).await["version"].to_string();
    let deleted = app
        .call(
            "delete_item",
            &[
                ("kind", "work_item"),
                ("item_id", &alarm),
                ("version", &alarm_version),
            ],
        )
        .await;
    assert_eq!(deleted.status(), 200);
    assert_eq!(
        detail(app, &screen).await["dependencies"]["downstream"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn items_wait_on_each_other_across_teams_on_sqlite() {
    dependencies_across_teams(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn items_wait_on_each_other_across_teams_on_postgresql() {
    dependencies_across_teams(World::on(TestApp::empty_on_postgres().await).await).await;
}

#[tokio::test]
async fn only_who_may_change_the_waiting_item_changes_what_it_waits_on() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let api = world
        .work_item(&hardware, "Battery telemetry API")
        .create()
        .await;
    let screen = world.work_item(&software, "Battery screen").create().await;
    let tina = world.member(&software, "Tina Software").await;
    let hugo = world.member(&hardware, "Hugo Hardware").await;

    // Hugo may not make Software's item wait; Tina may, on another team's item.
    assert_eq!(add(&hugo, &screen, &api, "").await.status(), 403);
    assert_eq!(add(&tina, &screen, &api, "").await.status(), 200);
    // Both read it; only Tina is offered the choices.
    assert_eq!(
        detail(&hugo, &screen).await["dependencies"]["upstream"][0]["title"],
        "Battery telemetry API"
    );
    assert_eq!(
        detail(&hugo, &screen).await["dependency_choices"],
        serde_json::json!([])
    );
    let choices = detail(&tina, &screen).await["dependency_choices"].clone();
    assert!(
        choices.to_string().contains("Battery telemetry API"),
        "{choices}"
    );
    assert!(!choices.to_string().contains("Battery screen"), "{choices}");
}

fn feature<'a>(map: &'a Value, title: &str) -> &'a Value {
    crate::helpers::titled(&map["features"], title)
}

/// The demo's Software work waits on Engine's and Battery's: on the product's map
/// its feature waits on theirs, each feature in its team's row and its target
/// month's column; a feature waiting on another past the date it is needed by is
/// late.
#[tokio::test]
async fn the_dependency_map_rolls_work_up_to_features_by_team_and_month() {
    dependency_map_of(TestApp::with_demo().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_dependency_map_is_the_same_on_postgresql() {
    dependency_map_of(TestApp::with_demo_on_postgres().await).await;
}

async fn dependency_map_of(mut app: TestApp) {
    app.sign_in(crate::helpers::DEMO_ADMIN, crate::helpers::DEMO_PASSWORD)
        .await;
    let product = crate::helpers::DemoIds::read(&app).await.product;
    let map = json(app.call("dependency_map", &[("product", &product)]).await).await;
    assert_eq!(map["product"], product.as_str());
    let id = |title: &str| feature(&map, title)["id"].as_str().unwrap().to_owned();
    let (software, battery, engine) = (
        id("Updated flight software"),
        id("Bigger battery"),
        id("New engine"),
    );
    let links = map["links"].as_array().unwrap();
    let waits_on = |up: &str, down: &str| {
        links
            .iter()
            .find(|l| l["upstream"] == up && l["downstream"] == down)
            .cloned()
    };
    let today = chrono::Utc::now().date_naive();
    let on_battery = waits_on(&battery, &software).expect("software waits on battery");
    assert_eq!(
        on_battery["needed_by"],
        (today + chrono::Duration::days(14)).to_string()
    );
    assert!(waits_on(&engine, &software).is_some(), "{links:?}");
    // Each in its team's row.
    let row = |title: &str| {
        let row = feature(&map, title)["row"].as_u64().unwrap() as usize;
        map["teams"][row].as_str().unwrap().to_owned()
    };
    assert_eq!(row("Updated flight software"), "Software");
    assert_eq!(row("Bigger battery"), "Battery");
    assert_eq!(row("New engine"), "Engine");

    // The engine made to wait on the battery by yesterday: late.
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    assert_eq!(add(&app, &engine, &battery, &yesterday).await.status(), 200);
    let map = json(app.call("dependency_map", &[("product", &product)]).await).await;
    let late = map["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["upstream"] == battery.as_str() && l["downstream"] == engine.as_str())
        .cloned()
        .unwrap();
    assert_eq!(late["late"], true, "{late}");

    // Every product's by default; an unknown product is 404.
    let all = json(app.call("dependency_map", &[]).await).await;
    assert!(all["product"].is_null());
    assert_eq!(all["links"], map["links"]);
    let unknown = app
        .call(
            "dependency_map",
            &[("product", "00000000-0000-0000-0000-000000000000")],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let page = app.page(&format!("/dependencies?product={product}")).await;
    assert!(
        page.contains("New engine waits on Bigger battery, needed by"),
        "{page}"
    );
}
