//! The roadmap over HTTP: the demo's epics under way, each followed by its
//! features, forecast exactly as their own pages forecast them; a feature due
//! today with much work left is late.

use serde_json::Value;

use crate::helpers::{feature_due_today, json, TestApp, DEMO_ADMIN, DEMO_PASSWORD};

fn row<'a>(roadmap: &'a Value, title: &str) -> &'a Value {
    crate::helpers::titled(&roadmap["rows"], title)
}

#[tokio::test]
async fn the_roadmap_forecasts_each_epic_and_feature_as_its_page_does() {
    roadmap_of(TestApp::with_demo().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_roadmap_forecasts_the_same_on_postgresql() {
    roadmap_of(TestApp::with_demo_on_postgres().await).await;
}

async fn roadmap_of(mut app: TestApp) {
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let today = chrono::Utc::now().date_naive();
    feature_due_today(&app, 12).await;

    let roadmap = json(app.call("roadmap", &[]).await).await;
    let titles: Vec<&str> = roadmap["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["title"].as_str().unwrap())
        .collect();
    // An epic, then its features; finished epics are not on it.
    let heavy = titles
        .iter()
        .position(|t| *t == "A drone that carries heavy weights")
        .unwrap();
    assert_eq!(
        titles[heavy + 1..heavy + 4],
        ["Bigger battery", "Updated flight software", "New engine"]
    );
    assert!(!titles.contains(&"Quieter propellers"), "{titles:?}");

    // The same forecast as the feature's page, to the day.
    let battery = row(&roadmap, "Bigger battery");
    let page = json(
        app.call(
            "item_detail",
            &[
                ("kind", "feature"),
                ("item_id", battery["id"].as_str().unwrap()),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        battery["forecast"], page["forecast"]["outcome"],
        "{battery}"
    );

    // Twelve items left, due today: late, and said to be.
    let late = row(&roadmap, "Due today");
    assert_eq!(late["forecast"]["Ok"]["remaining"], 12, "{late}");
    let expected: chrono::NaiveDate = late["forecast"]["Ok"]["done_by"][1]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(expected > today);
    let page = app.page("/roadmap").await;
    assert!(
        page.contains("Due today: target"),
        "the chart's row in words"
    );
    assert!(page.contains("(85 % likely): late"), "{page}");

    // The span covers every date it draws, from the first of this month.
    let first: chrono::NaiveDate = roadmap["span"]["first"].as_str().unwrap().parse().unwrap();
    assert_eq!(first, chrono::Datelike::with_day(&today, 1).unwrap());
}
