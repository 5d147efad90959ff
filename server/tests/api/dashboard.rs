//! The executive dashboard over HTTP: the strategy tree with its metrics, epics in
//! flight against the portfolio's limits, the oldest work, and the metrics needing
//! attention; and executives land on it after signing in.

use serde_json::Value;

use crate::helpers::{email_of, World, BUILT_PASSWORD};

/// A drone maker's portfolio, as the dashboard reads it: market share far behind
/// and flight time slipping, payload and onboarding on track; the heavy-lift epic
/// implementing its features, one epic in each other started state and one in the
/// Funnel; four teams, Software deploying twice a day and Platform twice a month.
async fn drone_maker(world: &World) {
    let market_share = world.metric("Share of the heavy-lift drone market").await;
    let flight_time = world.metric("Flight time at full payload").await;
    let payload = world.metric("Maximum payload").await;
    let onboarding = world.metric("Time to onboard a customer fleet").await;
    for (metric, value) in [
        (&market_share, 40.0),
        (&flight_time, 95.0),
        (&payload, 100.0),
        (&onboarding, 120.0),
    ] {
        world.measure(metric, value).await;
    }
    let vision = world.vision("Grow market share").await;
    world
        .link_metric(&market_share, &format!("vision:{vision}"))
        .await;

    let heavy_lift_segment = world.theme(&vision, "Lead the heavy-lift segment").await;
    let heavy_lift = world
        .epic(&heavy_lift_segment, "A drone that carries heavy weights")
        .await;
    world.move_epic_to(&heavy_lift, "Implementing").await;
    let new_markets = world.theme(&vision, "Open new markets").await;
    for (title, state) in [
        ("Certification for urban airspace", "Analyzing"),
        ("Fleet telemetry for customers", "Portfolio Backlog"),
        ("Drones as a subscription service", "Funnel"),
    ] {
        let epic = world.epic(&new_markets, title).await;
        world.move_epic_to(&epic, state).await;
    }

    let product = world.product("Heavy-lift drone").await;
    let battery = world.team("Battery").await;
    let engine = world.team("Engine").await;
    let software = world.team("Software").await;
    world.team("Platform").await;
    for (feature, team, item) in [
        (
            "Bigger battery",
            &battery,
            "Thermal test of the larger pack",
        ),
        (
            "Updated flight software",
            &software,
            "Payload-aware landing profile",
        ),
        ("New engine", &engine, "Bench-test the 12 kW motor"),
    ] {
        let feature = world.feature(&product, &heavy_lift, feature).await;
        world
            .work_item(team, item)
            .under(&feature)
            .in_column("In Progress")
            .create()
            .await;
    }
    world
        .deployments("Software", (0..30).flat_map(|day| [day, day]))
        .await;
    world.deployments("Platform", [3, 17]).await;
}

#[tokio::test]
async fn the_dashboard_shows_what_moves_strategy_and_what_is_stuck() {
    let world = World::new().await;
    drone_maker(&world).await;
    let app = world.user("Vic Viewer", "viewer").await;
    let response = app.call("executive_dashboard", &[]).await;
    assert_eq!(response.status(), 200);
    let dashboard: Value = response.json().await.unwrap();

    // Market share far behind, flight time slipping; payload and onboarding are
    // on track so they are not listed.
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
    // Implementing): one in each.
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

    // Every team's four keys; the Software team delivers like an elite team and
    // the Platform team ships less than weekly.
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
    let world = World::new().await;
    world.user("Erin Executive", "executive").await;
    let software = world.team("Software").await;
    world.member(&software, "Tina Software").await;
    let (erin, tina) = (email_of("Erin Executive"), email_of("Tina Software"));
    // A browser that has signed nobody in.
    let mut app = world.admin.clone();
    app.session = None;
    for (email, next, landing) in [
        (erin.as_str(), "", "/dashboard"),
        (tina.as_str(), "", "/"),
        (erin.as_str(), "/strategy", "/strategy"),
    ] {
        let response = app
            .call(
                "sign_in",
                &[
                    ("email", email),
                    ("password", BUILT_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{email}");
        assert_eq!(response.json::<Value>().await.unwrap(), landing, "{email}");
    }
}

/// The page's text, roughly as a reader sees it: each tag (and the renderer's
/// markers) a space, runs of white space as one.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    // A marker between two text nodes is no space in the browser.
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

/// The demo's flight time is slipping, claimed by the Bigger battery feature: its
/// theme and epic say so on the dashboard, naming the feature, and the metric in
/// "needing attention" shows the way down from its theme to the feature.
#[tokio::test]
async fn themes_and_epics_say_why_they_are_at_risk_and_which_item_claims_it() {
    let mut app = crate::helpers::TestApp::with_demo().await;
    app.sign_in(crate::helpers::DEMO_VIEWER, crate::helpers::DEMO_PASSWORD)
        .await;
    let html = app.page("/dashboard").await;
    let page = text_of(&html);
    let at_risk = "At risk: Flight time at full payload, claimed by the feature Bigger battery";
    assert!(
        page.matches(at_risk).count() >= 2,
        "the theme and the epic above the feature: {page}"
    );
    assert!(
        page.contains(
            "Strategic theme Lead the heavy-lift segment Epic A drone that carries heavy weights Feature Bigger battery"
        ),
        "the claim's chain under the metric: {page}"
    );
    // Each metric's trend: its last measurements, oldest first.
    assert!(
        html.contains(
            "aria-label=\"Trend of Flight time at full payload: from 18 to 22.8 over its last 7 measurements\""
        ),
        "{html}"
    );
    let dashboard: serde_json::Value = app
        .call("executive_dashboard", &[])
        .await
        .json()
        .await
        .unwrap();
    let flight = dashboard["trends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t[0]["name"] == "Flight time at full payload")
        .unwrap()[1]
        .clone();
    assert_eq!(
        flight,
        serde_json::json!([18.0, 18.4, 19.0, 19.9, 20.8, 21.6, 22.8])
    );
    // Market share, claimed by the vision only, is off track; no theme claims it.
    assert!(
        !page.contains("Off track: Share of the heavy-lift drone market"),
        "{page}"
    );
}

/// A feature due today with a dozen work items left is forecast to miss its
/// target: the dashboard says so, with the dates, and links to it.
#[tokio::test]
async fn the_dashboard_names_what_is_forecast_to_miss_its_target() {
    use crate::helpers::{feature_due_today, DEMO_ADMIN, DEMO_PASSWORD};
    let mut app = crate::helpers::TestApp::with_demo().await;
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let today = chrono::Utc::now().date_naive();
    feature_due_today(&app, 12).await;
    let dashboard: Value = app
        .call("executive_dashboard", &[])
        .await
        .json()
        .await
        .unwrap();
    let late: Vec<&str> = dashboard["late"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["title"].as_str().unwrap())
        .collect();
    assert!(late.contains(&"Due today"), "{late:?}");
    let page = text_of(&app.page("/dashboard").await);
    assert!(
        page.contains(&format!(
            "Feature Due today : target {today}, 85 % likely done by"
        )),
        "{page}"
    );
}
