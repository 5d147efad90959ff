//! The strategy tree through the HTTP API and as a page.

use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn the_tree_runs_from_the_vision_down_to_single_tasks() {
    let app = TestApp::viewing_the_demo().await;

    let tree: Value = app.call("strategy_tree", &[]).await.json().await.unwrap();

    let vision = &tree["visions"][0];
    assert_eq!(vision["title"], "Grow market share");
    let theme = &vision["children"][0];
    assert_eq!(theme["title"], "Lead the heavy-lift segment");
    assert!(
        theme["progress"]["total"].as_f64().unwrap() > 0.0,
        "{theme}"
    );
    assert_eq!(theme["children"].as_array().unwrap().len(), 6);
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
    // Its four current items, and the twelve each of the Software and Platform
    // teams finished for it in the demo's three months of history.
    assert_eq!(battery_items.len(), 4 + 2 * 12);
    assert!(battery_items.iter().any(|i| i["blocked"] == true));
}

#[tokio::test]
async fn work_that_serves_nothing_above_it_is_listed_as_unaligned() {
    let app = TestApp::viewing_the_demo().await;

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
