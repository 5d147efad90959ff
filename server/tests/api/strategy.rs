//! The strategy tree through the HTTP API and as a page.

use serde_json::Value;

use crate::helpers::{Chain, World};

#[tokio::test]
async fn the_tree_runs_from_the_vision_down_to_single_tasks() {
    let world = World::new().await;
    let vision = world.vision("Grow market share").await;
    let theme = world.theme(&vision, "Lead the heavy-lift segment").await;
    let heavy_lift = world
        .epic(&theme, "A drone that carries heavy weights")
        .await;
    world.epic(&theme, "Drones as a subscription service").await;
    world.move_epic_to(&heavy_lift, "Implementing").await;
    let product = world.product("Heavy-lift drone").await;
    let mut features = Vec::new();
    for title in ["Bigger battery", "Updated flight software", "New engine"] {
        features.push(world.feature(&product, &heavy_lift, title).await);
    }
    let battery = world.team("Battery").await;
    let software = world.team("Software").await;
    let platform = world.team("Platform").await;
    let bigger_battery = &features[0];
    for (team, title) in [
        (&battery, "Qualify the 30 Ah cell supplier"),
        (&battery, "Thermal test of the larger pack"),
        (&software, "Battery state estimation"),
        (&platform, "Charger firmware in the build pipeline"),
    ] {
        world
            .work_item(team, title)
            .under(bigger_battery)
            .create()
            .await;
    }
    world
        .work_item(&battery, "Cell supplier lead time")
        .under(bigger_battery)
        .blocked("the supplier has not quoted")
        .create()
        .await;
    let app = world.user("Vic Viewer", "viewer").await;

    let tree: Value = app.call("strategy_tree", &[]).await.json().await.unwrap();

    let vision = &tree["visions"][0];
    assert_eq!(vision["title"], "Grow market share");
    let theme = &vision["children"][0];
    assert_eq!(theme["title"], "Lead the heavy-lift segment");
    assert!(
        theme["progress"]["total"].as_f64().unwrap() > 0.0,
        "{theme}"
    );
    assert_eq!(theme["children"].as_array().unwrap().len(), 2);
    let heavy = &theme["children"][0];
    assert_eq!(heavy["title"], "A drone that carries heavy weights");
    assert_eq!(heavy["state"], "Implementing");
    let features: Vec<_> = heavy["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        features,
        ["Bigger battery", "Updated flight software", "New engine"]
    );
    let battery_items = heavy["children"][0]["children"].as_array().unwrap();
    // Its three items on the Battery board, and the one each of the Software and
    // Platform teams does for it.
    assert_eq!(battery_items.len(), 3 + 2);
    assert!(battery_items.iter().any(|i| i["blocked"] == true));
}

#[tokio::test]
async fn work_that_serves_nothing_above_it_is_listed_as_unaligned() {
    let world = World::new().await;
    let Chain { feature, .. } = world.chain().await;
    let platform = world.team("Platform").await;
    world
        .work_item(&platform, "Firmware build pipeline")
        .under(&feature)
        .create()
        .await;
    world
        .work_item(&platform, "Upgrade the build servers")
        .create()
        .await;
    let app = world.user("Vic Viewer", "viewer").await;

    let tree: Value = app.call("strategy_tree", &[]).await.json().await.unwrap();
    let unaligned: Vec<_> = tree["unaligned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["title"].as_str().unwrap()))
        .collect();

    assert_eq!(unaligned, [("WorkItem", "Upgrade the build servers")]);
    let html = app.page("/strategy").await;
    assert!(
        html.contains("Unaligned work (<!>1<!>)") || html.contains("Unaligned work (1)"),
        "{html}"
    );
}
