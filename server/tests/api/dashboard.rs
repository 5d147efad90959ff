//! The executive dashboard over HTTP on the drone demo: the strategy tree with its
//! metrics, epics in flight against the portfolio's limits, the oldest work, and
//! the metrics needing attention; and executives land on it after signing in.

use serde_json::Value;

use crate::helpers::{TestApp, DEMO_PASSWORD, DEMO_VIEWER, TINA};

const ERIN: &str = "erin@throughline.example";

#[tokio::test]
async fn the_dashboard_shows_what_moves_strategy_and_what_is_stuck() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
    let response = app.call("executive_dashboard", &[]).await;
    assert_eq!(response.status(), 200);
    let dashboard: Value = response.json().await.unwrap();

    // The demo's story: market share far behind, flight time slipping; payload
    // and onboarding are on track so they are not listed.
    let attention: Vec<(&str, &str)> = dashboard["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        attention,
        [
            ("Share of the heavy-lift drone market", "OffTrack"),
            ("Flight time at full payload", "AtRisk"),
        ]
    );

    // Epics in the portfolio's started columns (Analyzing, Portfolio Backlog,
    // Implementing): the demo has one in each.
    assert_eq!(dashboard["epics_in_flight"], 3);
    let limits = dashboard["portfolio_limits"].as_array().unwrap();
    assert!(!limits.is_empty(), "the portfolio template's limits");
    assert!(limits
        .iter()
        .all(|l| l["load"].as_u64() <= l["max"].as_u64()));

    let vision = &dashboard["visions"][0];
    assert_eq!(
        vision["metrics"][0]["name"],
        "Share of the heavy-lift drone market"
    );
    let epic = &vision["children"][0]["children"][0];
    assert_eq!(epic["kind"], "Epic");
    assert!(
        epic["children"]
            .as_array()
            .unwrap()
            .iter()
            .all(|feature| feature["kind"] == "Feature"
                && feature["children"].as_array().unwrap().is_empty()),
        "down to features, no work items"
    );

    // Every team's four keys; the demo's Software team delivers like an elite team
    // and the Platform team ships less than weekly.
    let delivery = dashboard["delivery"].as_array().unwrap();
    let team = |name: &str| {
        delivery
            .iter()
            .find(|d| d["team"]["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(delivery.len(), 4);
    assert_eq!(
        team("Software")["keys"]["deployment_frequency"]["band"],
        "Elite"
    );
    let platform = team("Platform")["keys"]["deployment_frequency"]["band"].clone();
    assert!(platform == "Medium" || platform == "Low", "{platform}");
    let software = team("Software")["team"]["id"].as_str().unwrap().to_owned();
    let board_strip: Value = app
        .call("team_delivery", &[("team_id", &software)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board_strip["keys"], team("Software")["keys"]);

    let ages: Vec<i64> = dashboard["aging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["age_days"].as_i64().unwrap())
        .collect();
    assert!(!ages.is_empty());
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "oldest first: {ages:?}"
    );
    assert!(ages.iter().all(|age| *age >= 1), "{ages:?}");
}

#[tokio::test]
async fn executives_land_on_the_dashboard_and_others_on_the_portfolio() {
    let app = TestApp::with_demo().await;
    for (email, next, landing) in [
        (ERIN, "", "/dashboard"),
        (TINA, "", "/"),
        (ERIN, "/strategy", "/strategy"),
    ] {
        let response = app
            .call(
                "sign_in",
                &[
                    ("email", email),
                    ("password", DEMO_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{email}");
        assert_eq!(response.json::<Value>().await.unwrap(), landing, "{email}");
    }
}
