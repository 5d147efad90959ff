//! Forecasts of the work left under an epic or a feature, from the finished work
//! of the teams doing it (the demo's three months of history).

use serde_json::Value;

use crate::helpers::{created_id, json, DemoIds, TestApp, DEMO_ADMIN, DEMO_PASSWORD};

async fn forecast_of(app: &TestApp, kind: &str, id: &str) -> Value {
    let detail = json(
        app.call("item_detail", &[("kind", kind), ("item_id", id)])
            .await,
    )
    .await;
    detail["forecast"].clone()
}

fn dates(forecast: &Value) -> Vec<chrono::NaiveDate> {
    forecast["outcome"]["Ok"]["done_by"]
        .as_array()
        .unwrap_or_else(|| panic!("a forecast: {forecast}"))
        .iter()
        .map(|date| date.as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn a_feature_is_forecast_from_its_teams_history_once_it_has_work_items() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let DemoIds {
        epic,
        product,
        team,
        ..
    } = DemoIds::read(&app).await;
    let today = chrono::Utc::now().date_naive();
    let target = (today + chrono::Duration::days(30)).to_string();
    let feature = created_id(
        &app,
        "create_feature",
        &[
            ("product_id", &product),
            ("feature[title]", "Forecast me"),
            ("feature[epic_id]", &epic),
            ("feature[target_date]", &target),
        ],
    )
    .await;

    // Not broken down yet: no forecast, and why.
    let none = forecast_of(&app, "feature", &feature).await;
    assert_eq!(none["outcome"]["Err"], "NoWorkItems", "{none}");

    let mut work_item = String::new();
    for title in [
        "Forecast step one",
        "Forecast step two",
        "Forecast step three",
    ] {
        work_item = created_id(
            &app,
            "create_work_item",
            &[
                ("team_id", &team),
                ("item[title]", title),
                ("item[feature_id]", &feature),
            ],
        )
        .await;
    }
    let forecast = forecast_of(&app, "feature", &feature).await;
    assert_eq!(
        forecast["teams"],
        serde_json::json!(["Software"]),
        "{forecast}"
    );
    assert_eq!(forecast["target"], target.as_str());
    let outcome = &forecast["outcome"]["Ok"];
    assert_eq!(outcome["remaining"], 3);
    assert!(
        outcome["finished_in_history"].as_u64().unwrap() >= 5,
        "{outcome}"
    );
    let done_by = dates(&forecast);
    assert!(
        done_by[0] >= today && done_by[0] <= done_by[1] && done_by[1] <= done_by[2],
        "{done_by:?}"
    );
    let likely = outcome["meets_target"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&likely), "{likely}");
    // The same page read again the same day says the same.
    assert_eq!(forecast_of(&app, "feature", &feature).await, forecast);

    // The epic above forecasts all its features' work left, these three included.
    let above = forecast_of(&app, "epic", &epic).await;
    assert!(
        above["outcome"]["Ok"]["remaining"].as_u64().unwrap() >= 3,
        "{above}"
    );
    // A work item is the work itself: no forecast.
    assert_eq!(
        forecast_of(&app, "work_item", &work_item).await,
        Value::Null
    );
}

/// "How many by this date" on a board's flow page: the demo's Software board at its
/// own pace, ordered by likelihood; a new board with no history says why not; a
/// date in the past is refused naming `by`.
#[tokio::test]
async fn a_board_says_how_many_cards_it_finishes_by_a_date() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let DemoIds { team_board, .. } = DemoIds::read(&app).await;
    let today = chrono::Utc::now().date_naive();
    let by = (today + chrono::Duration::days(13)).to_string();
    let metrics = |board: String, by: String| {
        let app = &app;
        async move {
            app.call("board_metrics", &[("board_id", &board), ("by", &by)])
                .await
        }
    };
    let pace = json(metrics(team_board.clone(), by.clone()).await).await["pace"].clone();
    assert_eq!(pace["by"], by.as_str());
    assert_eq!(pace["days"], 14, "today included");
    let counts: Vec<u64> = pace["outcome"]["Ok"]
        .as_array()
        .unwrap_or_else(|| panic!("a forecast: {pace}"))
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert!(
        counts[0] >= counts[1] && counts[1] >= counts[2],
        "{counts:?}"
    );
    assert!(
        counts[0] > 0,
        "the demo team finishes work most weeks: {counts:?}"
    );
    // The same all day: seeded by the board and the day.
    let again = json(metrics(team_board.clone(), by.clone()).await).await["pace"].clone();
    assert_eq!(again, pace);

    let empty = created_id(
        &app,
        "create_board",
        &[("kind", "team"), ("name", "Newcomers")],
    )
    .await;
    let board = json(app.call("team_board", &[("team_id", &empty)]).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let none = json(metrics(board, by).await).await["pace"]["outcome"]["Err"].clone();
    assert!(none["TooThin"].is_object(), "{none}");

    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let refused = metrics(team_board, yesterday).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(json(refused).await["field"], "by");
}
