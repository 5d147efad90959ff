//! Outcome metrics through the HTTP API: defined with their goal and judged against
//! it, refused field by field, 409 when stale; measurements typed by hand; items
//! linked to metrics from either side; and only by those allowed.

use serde_json::Value;

use crate::helpers::{email_of, TestApp, World};

fn form(name: &str) -> Vec<(&'static str, String)> {
    [
        ("metric[name]", name),
        ("metric[unit]", "%"),
        ("metric[direction]", "decrease"),
        ("metric[baseline]", "10"),
        ("metric[baseline_date]", "2026-01-01"),
        ("metric[target]", "4"),
        ("metric[target_date]", "2027-01-01"),
        ("metric[owner]", "Erin"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn with<'a>(mut form: Vec<(&'a str, String)>, key: &'a str, value: &str) -> Vec<(&'a str, String)> {
    form.retain(|(k, _)| *k != key);
    form.push((key, value.to_owned()));
    form
}

async fn call(app: &TestApp, function: &str, form: &[(&str, String)]) -> reqwest::Response {
    let args: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(function, &args).await
}

async fn directory(app: &TestApp) -> Vec<Value> {
    let metrics: Value = app
        .call("metric_directory", &[])
        .await
        .json()
        .await
        .unwrap();
    metrics["metrics"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_executive_defines_a_metric_that_is_judged_against_its_goal() {
    let world = World::new().await;
    world.metric("Maximum payload").await;
    let app = world.user("Erin Executive", "executive").await;
    let before = directory(&app).await.len();

    let created = call(&app, "create_metric", &form("Customer churn")).await;

    assert_eq!(created.status(), 200);
    let metrics = directory(&app).await;
    assert_eq!(metrics.len(), before + 1);
    let churn = metrics
        .iter()
        .find(|m| m["name"] == "Customer churn")
        .unwrap();
    assert_eq!(churn["status"], "NotMeasured");
    assert_eq!(churn["owner"], "Erin");
    // The metric defined before has its dates, so it carries a status too.
    assert!(
        metrics.iter().all(|m| !m["status"].is_null()),
        "{metrics:?}"
    );

    let id = churn["id"].as_str().unwrap().to_owned();
    let version = churn["version"].to_string();
    let mut update = with(form("Customer churn"), "metric[target]", "5");
    update.push(("metric_id", id.clone()));
    update.push(("version", version));
    assert_eq!(call(&app, "update_metric", &update).await.status(), 200);
    assert_eq!(
        call(&app, "update_metric", &update).await.status(),
        409,
        "stale"
    );
}

#[tokio::test]
async fn a_bad_metric_names_the_field_and_nothing_is_stored() {
    let world = World::new().await;
    world.metric("Maximum payload").await;
    let app = world.user("Erin Executive", "executive").await;
    let before = directory(&app).await.len();
    let cases = [
        (with(form("M"), "metric[name]", ""), "name"),
        (
            with(form("M"), "metric[direction]", "sideways"),
            "direction",
        ),
        (with(form("M"), "metric[baseline]", "ten"), "baseline"),
        (with(form("M"), "metric[target]", "12"), "target"),
        (
            with(form("M"), "metric[target_date]", "2025-06-01"),
            "target_date",
        ),
    ];
    for (form, field) in cases {
        let response = call(&app, "create_metric", &form).await;
        assert_eq!(response.status(), 400, "{field}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], field, "{body}");
    }
    assert_eq!(directory(&app).await.len(), before);

    let app = world.user("Vic Viewer", "viewer").await;
    assert_eq!(
        call(&app, "create_metric", &form("Mine")).await.status(),
        403
    );
}

async fn page(app: &TestApp, metric_id: &str) -> Value {
    let response = app.call("metric_page", &[("metric_id", metric_id)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_measurement_typed_by_hand_becomes_current_and_a_bad_one_stores_nothing() {
    let world = World::new().await;
    let payload = world.metric("Maximum payload").await;
    let software = world.team("Software").await;
    let app = world.member(&software, "Tina Software").await;
    let before = page(&app, &payload).await["measurements"]
        .as_array()
        .unwrap()
        .len();

    let record = |value: &str, at: &str| {
        vec![
            ("metric_id", payload.clone()),
            ("measurement[value]", value.to_owned()),
            ("measurement[measured_at]", at.to_owned()),
        ]
    };
    assert_eq!(
        call(&app, "record_measurement", &record("33.5", ""))
            .await
            .status(),
        200
    );
    let after = page(&app, &payload).await;
    assert_eq!(after["metric"]["current"], 33.5);
    let history = after["measurements"].as_array().unwrap();
    assert_eq!(history.len(), before + 1);
    assert_eq!(
        history.last().unwrap()["source"],
        format!("by hand: {}", email_of("Tina Software"))
    );
    // An older measurement joins the history without becoming current.
    assert_eq!(
        call(&app, "record_measurement", &record("20", "2026-06-01"))
            .await
            .status(),
        200
    );
    assert_eq!(page(&app, &payload).await["metric"]["current"], 33.5);

    for (form, field) in [
        (record("thirty", ""), "value"),
        (record("NaN", ""), "value"),
        (record("30", "next week"), "measured_at"),
        (record("30", "2999-01-01"), "measured_at"),
    ] {
        let response = call(&app, "record_measurement", &form).await;
        assert_eq!(response.status(), 400, "{form:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], field, "{body}");
    }
    assert_eq!(
        page(&app, &payload).await["measurements"]
            .as_array()
            .unwrap()
            .len(),
        before + 2,
        "nothing stored by the refusals"
    );
    let unknown = record("1", "");
    let unknown = with(unknown, "metric_id", "00000000-0000-0000-0000-000000000000");
    assert_eq!(
        call(&app, "record_measurement", &unknown).await.status(),
        404
    );

    let app = world.user("Vic Viewer", "viewer").await;
    assert_eq!(
        call(&app, "record_measurement", &record("1", ""))
            .await
            .status(),
        403
    );
}

/// (kind:id) of the link choice titled `title` on a metric page.
fn choice(page: &Value, title: &str) -> String {
    let found = page["link_choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == title)
        .unwrap_or_else(|| panic!("no choice {title}"));
    let kind = match found["item"]["kind"].as_str().unwrap() {
        "WorkItem" => "work_item",
        "Feature" => "feature",
        "Epic" => "epic",
        "Theme" => "theme",
        _ => "vision",
    };
    format!("{kind}:{}", found["item"]["id"].as_str().unwrap())
}

#[tokio::test]
async fn items_claim_metrics_from_either_side_once_and_the_claim_can_be_withdrawn() {
    let world = World::new().await;
    let vision = world.vision("Grow market share").await;
    let theme = world.theme(&vision, "Lead the heavy-lift segment").await;
    world.epic(&theme, "Drones as a subscription service").await;
    let app = world.user("Erin Executive", "executive").await;
    let created = call(&app, "create_metric", &form("Subscriber count")).await;
    let metric: String = created.json().await.unwrap();
    let epic = choice(
        &page(&app, &metric).await,
        "Drones as a subscription service",
    );
    let link = vec![("metric_id", metric.clone()), ("item", epic.clone())];

    // From the metric's side.
    assert_eq!(call(&app, "link_metric", &link).await.status(), 200);
    let claimed = page(&app, &metric).await["claimed_by"].clone();
    assert_eq!(claimed[0]["title"], "Drones as a subscription service");
    // The page links it at `/epics/<id>` (`LinkedItem::href`).
    assert_eq!(claimed[0]["item"]["kind"], "Epic");
    assert_eq!(claimed[0]["item"]["id"], &epic[5..]);
    assert_eq!(
        call(&app, "link_metric", &link).await.status(),
        409,
        "already claimed"
    );

    // The item's own page shows it.
    let detail: Value = app
        .call("item_detail", &[("kind", "epic"), ("item_id", &epic[5..])])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["tree"]["metrics"][0]["name"], "Subscriber count");
    assert_eq!(detail["may_link"], true);

    assert_eq!(call(&app, "unlink_metric", &link).await.status(), 200);
    assert_eq!(call(&app, "unlink_metric", &link).await.status(), 404);
    assert!(page(&app, &metric).await["claimed_by"]
        .as_array()
        .unwrap()
        .is_empty());

    // The vision, from the item's side: the same call, made from the strategy page.
    let vision = choice(&page(&app, &metric).await, "Grow market share");
    let link_vision = vec![("metric_id", metric.clone()), ("item", vision)];
    assert_eq!(call(&app, "link_metric", &link_vision).await.status(), 200);
    let tree: Value = app.call("strategy_tree", &[]).await.json().await.unwrap();
    let vision_metrics: Vec<&str> = tree["visions"][0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(
        vision_metrics.contains(&"Subscriber count"),
        "{vision_metrics:?}"
    );

    for (item, status) in [
        ("epic:not-an-id", 400),
        ("sprint:00000000-0000-0000-0000-000000000000", 400),
        ("epic:00000000-0000-0000-0000-000000000000", 404),
    ] {
        let bad = vec![("metric_id", metric.clone()), ("item", item.to_owned())];
        assert_eq!(
            call(&app, "link_metric", &bad).await.status(),
            status,
            "{item}"
        );
    }
}

#[tokio::test]
async fn a_team_links_its_own_work_to_a_metric_but_not_the_portfolio() {
    let world = World::new().await;
    let market_share = world.metric("Share of the heavy-lift drone market").await;
    let payload = world.metric("Maximum payload").await;
    let vision = world.vision("Grow market share").await;
    world
        .link_metric(&market_share, &format!("vision:{vision}"))
        .await;
    let theme = world.theme(&vision, "Lead the heavy-lift segment").await;
    let heavy_lift = world
        .epic(&theme, "A drone that carries heavy weights")
        .await;
    world
        .link_metric(&payload, &format!("epic:{heavy_lift}"))
        .await;
    world.epic(&theme, "Quieter propellers").await;
    let product = world.product("Heavy-lift drone").await;
    let feature = world
        .feature(&product, &heavy_lift, "Updated flight software")
        .await;
    let software = world.team("Software").await;
    world
        .work_item(&software, "Payload-aware landing profile")
        .under(&feature)
        .create()
        .await;
    let admin_page = page(&world.admin, &payload).await;
    let own_card = choice(&admin_page, "Payload-aware landing profile");
    let epic = choice(&admin_page, "Quieter propellers");

    let app = world.member(&software, "Tina Software").await;
    let link = |item: &str| vec![("metric_id", payload.clone()), ("item", item.to_owned())];
    assert_eq!(
        call(&app, "link_metric", &link(&own_card)).await.status(),
        200
    );
    assert_eq!(call(&app, "link_metric", &link(&epic)).await.status(), 403);

    // The card serves the payload metric directly, and what its epic and the
    // vision claim through them.
    let detail: Value = app
        .call(
            "item_detail",
            &[("kind", "work_item"), ("item_id", &own_card[10..])],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["tree"]["metrics"][0]["name"], "Maximum payload");
    let served: Vec<(&str, &str)> = detail["served_through"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["metric"]["name"].as_str().unwrap(),
                s["via"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        served,
        [
            ("Maximum payload", "Epic"),
            ("Share of the heavy-lift drone market", "Vision")
        ],
        "nearest ancestor first"
    );

    let app = world.user("Vic Viewer", "viewer").await;
    assert_eq!(
        call(&app, "unlink_metric", &link(&own_card)).await.status(),
        403
    );
}

/// A measurement through `function` (`record_measurement` or `correct_measurement`).
async fn measurement(
    app: &TestApp,
    function: &str,
    ids: &[(&str, &str)],
    value: &str,
    confirm: bool,
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = ids.to_vec();
    form.extend([
        ("measurement[value]", value),
        ("measurement[measured_at]", ""),
    ]);
    if confirm {
        form.push(("confirm", "on"));
    }
    app.call(function, &form).await
}

/// The metric's page as `app` reads it.
async fn page_of(app: &TestApp, metric: &str) -> Value {
    app.call("metric_page", &[("metric_id", metric)])
        .await
        .json()
        .await
        .unwrap()
}

/// Who recorded a measurement may correct or delete it, executives any; a value
/// far outside the history is stored only once confirmed; every correction and
/// deletion is kept with who made it, and the current value follows.
#[tokio::test]
async fn measurements_are_corrected_or_deleted_by_who_recorded_them_and_executives() {
    corrections(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn measurements_are_corrected_or_deleted_on_postgresql() {
    corrections(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn corrections(world: World) {
    let metric = world.metric("Flight time").await;
    let software = world.team("Software").await;
    let battery = world.team("Battery").await;
    let tina = world.member(&software, "Tina Software").await;
    let ben = world.member(&battery, "Ben Battery").await;
    let erin = world.user("Erin Executive", "executive").await;
    let id = [("metric_id", metric.as_str())];

    for value in ["20", "21"] {
        assert_eq!(
            measurement(&tina, "record_measurement", &id, value, false)
                .await
                .status(),
            200
        );
    }
    // A slip of the finger: far outside 20–21, so it asks first.
    let asked = measurement(&tina, "record_measurement", &id, "2100", false).await;
    assert_eq!(asked.status(), 400);
    let asked: Value = asked.json().await.unwrap();
    assert_eq!(asked["field"], "confirm");
    assert_eq!(
        asked["message"],
        "2,100 is far outside this metric's measurements so far (20 to 21): check it, and confirm to store it anyway"
    );
    assert_eq!(
        page_of(&tina, &metric).await["measurements"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        measurement(&tina, "record_measurement", &id, "2100", true)
            .await
            .status(),
        200
    );
    let page = page_of(&tina, &metric).await;
    assert_eq!(page["metric"]["current"], 2100.0);
    let slip = page["measurements"][2].clone();
    assert_eq!(slip["value"], 2100.0);
    assert_eq!(slip["may_change"], true, "Tina recorded it");
    let slip_id = slip["id"].as_str().unwrap().to_owned();
    let slip_ids = [
        ("metric_id", metric.as_str()),
        ("measurement_id", slip_id.as_str()),
    ];

    // Another team's member may not change it, nor read it as changeable.
    assert_eq!(
        page_of(&ben, &metric).await["measurements"][2]["may_change"],
        false
    );
    assert_eq!(
        measurement(&ben, "correct_measurement", &slip_ids, "21.5", false)
            .await
            .status(),
        403
    );
    assert_eq!(
        ben.call("delete_measurement", &slip_ids).await.status(),
        403
    );

    // Tina corrects it; the current value follows.
    assert_eq!(
        measurement(&tina, "correct_measurement", &slip_ids, "21.5", false)
            .await
            .status(),
        200
    );
    assert_eq!(page_of(&tina, &metric).await["metric"]["current"], 21.5);

    // Erin, an executive, deletes it, though she did not record it; an unknown
    // measurement is 404.
    assert_eq!(
        erin.call("delete_measurement", &slip_ids).await.status(),
        200
    );
    assert_eq!(
        erin.call("delete_measurement", &slip_ids).await.status(),
        404
    );
    let page = page_of(&erin, &metric).await;
    assert_eq!(page["metric"]["current"], 21.0);
    let corrections = page["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 2, "{corrections:?}");
    assert_eq!(corrections[0]["who"], "Erin Executive");
    assert!(corrections[0]["new"].is_null(), "deleted");
    assert_eq!(corrections[1]["who"], "Tina Software");
    assert_eq!(corrections[1]["old_value"], 2100.0);
    assert_eq!(corrections[1]["new"][0], 21.5);

    // Deleting every measurement leaves the metric unmeasured.
    for row in page["measurements"].as_array().unwrap() {
        let row_id = row["id"].as_str().unwrap();
        let ids = [("metric_id", metric.as_str()), ("measurement_id", row_id)];
        assert_eq!(erin.call("delete_measurement", &ids).await.status(), 200);
    }
    assert!(page_of(&erin, &metric).await["metric"]["current"].is_null());
}
