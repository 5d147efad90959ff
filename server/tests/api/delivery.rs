//! Deployments and incidents through `POST /api/v1/deployments` and
//! `/api/v1/incidents`, read back as a team's four DORA keys through
//! `board_metrics`; a team board's flow metrics narrowed to the cards under one
//! item; the flow metrics of the demo's team, product and portfolio boards, whose
//! months of history no test can build (days spent waiting and working); and a
//! product's four keys.

use serde_json::{json, Value};

use crate::helpers::{Chain, DemoIds, TestApp, World, DEMO_PASSWORD, DEMO_VIEWER, TINA};

struct Pipeline {
    app: TestApp,
    token: String,
    /// The new team's board.
    board: String,
}

impl Pipeline {
    /// The Avionics team, and a pipeline token of Tina Software (a member of
    /// another team) that records telemetry.
    async fn new() -> Pipeline {
        let world = World::new().await;
        let software = world.team("Software").await;
        let avionics = world.team("Avionics").await;
        let app = world.member(&software, "Tina Software").await;
        let (token, _) = app.create_token("pipeline", &["record_telemetry"]).await;
        Pipeline {
            app,
            token,
            board: avionics.board_id,
        }
    }

    async fn send(&self, path: &str, body: Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/api/v1/{path}", self.app.address))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn keys(&self, from: &str, to: &str) -> Value {
        let response = self
            .app
            .call(
                "board_metrics",
                &[("board_id", &self.board), ("from", from), ("to", to)],
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["delivery"]["keys"].clone()
    }
}

fn deployment(id: &str, at: &str, status: &str, commits: &[&str]) -> Value {
    json!({
        "id": id,
        "service": "avionics",
        "team": "Avionics",
        "environment": "production",
        "deployed_at": at,
        "status": status,
        "commits": commits
            .iter()
            .enumerate()
            .map(|(n, at)| json!({"sha": format!("c{n}"), "committed_at": at}))
            .collect::<Vec<_>>(),
    })
}

/// The ten days of `domain::dora`'s table test, sent over HTTP: the same keys
/// come back (0.3 deployments a day, 4 h median lead time, 50 % change failure
/// rate, 30 min to restore).
#[tokio::test]
async fn deployments_and_incidents_sent_over_http_come_back_as_the_four_keys() {
    let pipeline = Pipeline::new().await;
    let deployments = json!({"deployments": [
        deployment("d1", "2026-11-02T12:00:00Z", "success", &["2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z"]),
        deployment("d2", "2026-11-04T12:00:00Z", "success", &["2026-11-03T12:00:00Z"]),
        deployment("d3", "2026-11-06T12:00:00Z", "failure", &["2026-11-06T06:00:00Z"]),
        deployment("d4", "2026-11-08T12:00:00Z", "success", &["2026-11-08T08:00:00Z", "2026-11-07T12:00:00Z"]),
    ]});
    let stored = pipeline.send("deployments", deployments.clone()).await;
    assert_eq!(stored.status(), 201);
    assert_eq!(
        stored.json::<Value>().await.unwrap(),
        json!({"stored": 4, "duplicates": 0})
    );
    // The incident names no team: it is the team of the deployment that caused it.
    let incidents = json!({"incidents": [
        {"id": "i1", "service": "avionics", "started_at": "2026-11-04T13:00:00Z", "ended_at": "2026-11-04T13:30:00Z", "caused_by": "d2"},
        {"id": "i2", "service": "avionics", "team": "Avionics", "started_at": "2026-11-07T00:00:00Z", "ended_at": "2026-11-07T03:00:00Z"},
        {"id": "i3", "service": "avionics", "started_at": "2026-11-10T09:00:00Z"},
    ]});
    assert_eq!(
        pipeline.send("incidents", incidents.clone()).await.status(),
        201
    );

    // Replays are stored once.
    let replay = pipeline.send("deployments", deployments).await;
    assert_eq!(
        replay.json::<Value>().await.unwrap(),
        json!({"stored": 0, "duplicates": 4})
    );
    let replay = pipeline.send("incidents", incidents).await;
    assert_eq!(
        replay.json::<Value>().await.unwrap(),
        json!({"stored": 0, "duplicates": 3})
    );

    let keys = pipeline.keys("2026-11-01", "2026-11-10").await;
    assert_eq!(keys["deployments"], 4);
    assert_eq!(keys["incidents"], 3);
    assert!((keys["deployment_frequency"]["value"].as_f64().unwrap() - 0.3).abs() < 1e-9);
    assert_eq!(keys["deployment_frequency"]["band"], "High");
    assert_eq!(
        keys["lead_time_hours"],
        json!({"value": 4.0, "band": "Elite"})
    );
    assert_eq!(keys["lead_time_p85_hours"], 24.0);
    assert_eq!(
        keys["change_failure_rate"],
        json!({"value": 0.5, "band": "Low"})
    );
    assert_eq!(
        keys["time_to_restore_hours"],
        json!({"value": 0.5, "band": "Elite"})
    );
}

#[tokio::test]
async fn a_bad_deployment_or_incident_refuses_its_batch_and_stores_nothing() {
    let pipeline = Pipeline::new().await;
    let good = deployment("ok-1", "2026-11-02T12:00:00Z", "success", &[]);
    let cases = [
        (
            "deployments",
            json!({"deployments": [good.clone(), deployment("b1", "not a time", "success", &[])]}),
        ),
        (
            "deployments",
            json!({"deployments": [good.clone(), deployment("b2", "2026-11-02T12:00:00Z", "maybe", &[])]}),
        ),
        // A commit made after the deployment that shipped it: the sender's clock.
        (
            "deployments",
            json!({"deployments": [good.clone(), deployment("b3", "2026-11-02T12:00:00Z", "success", &["2026-11-02T12:00:01Z"])]}),
        ),
        (
            "deployments",
            json!({"deployments": [good.clone(), deployment("b4", "2999-01-01T00:00:00Z", "success", &[])]}),
        ),
        (
            "deployments",
            json!({"deployments": [good.clone(), {"id": "b5", "service": "x", "team": "Nobody", "environment": "production", "deployed_at": "2026-11-02T12:00:00Z", "status": "success"}]}),
        ),
        (
            "deployments",
            json!({"deployments": [good.clone(), {"id": "b6"}]}),
        ),
        (
            "incidents",
            json!({"id": "i1", "service": "avionics", "team": "Avionics", "started_at": "2026-11-04T13:00:00Z", "ended_at": "2026-11-04T12:00:00Z"}),
        ),
        (
            "incidents",
            json!({"id": "i2", "service": "unknown-service", "started_at": "2026-11-04T13:00:00Z"}),
        ),
        // Caused by a deployment never sent.
        (
            "incidents",
            json!({"id": "i3", "service": "avionics", "team": "Avionics", "started_at": "2026-11-04T13:00:00Z", "caused_by": "never-sent"}),
        ),
    ];
    for (path, body) in cases {
        let response = pipeline.send(path, body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        let refusal: Value = response.json().await.unwrap();
        assert_eq!(refusal["error"], "unprocessable", "{refusal}");
    }
    let keys = pipeline.keys("2026-11-01", "2026-11-10").await;
    assert_eq!(
        keys["deployments"], 0,
        "not even the good one of a refused batch"
    );
    assert_eq!(keys["incidents"], 0);

    let anonymous = reqwest::Client::new()
        .post(format!("{}/api/v1/deployments", pipeline.app.address))
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// Pipelines name production as they like: any case and the usual aliases count
/// as production; a name that is no known environment is stored, counted nowhere,
/// and said back.
#[tokio::test]
async fn environments_are_matched_by_name_or_alias_and_unknown_ones_are_named() {
    let pipeline = Pipeline::new().await;
    let at = |id: &str, environment: &str| {
        let mut sent = deployment(id, "2026-11-02T12:00:00Z", "success", &[]);
        sent["environment"] = json!(environment);
        sent
    };
    let stored = pipeline
        .send(
            "deployments",
            json!({"deployments": [
                at("e1", "Production"),
                at("e2", "prod"),
                at("e3", " PRD "),
                at("e4", "staging"),
                at("e5", "Prodution"),
                at("e6", "prodution"),
            ]}),
        )
        .await;
    assert_eq!(stored.status(), 201);
    assert_eq!(
        stored.json::<Value>().await.unwrap(),
        json!({"stored": 6, "duplicates": 0, "unknown_environments": ["prodution"]})
    );
    let keys = pipeline.keys("2026-11-01", "2026-11-10").await;
    assert_eq!(keys["deployments"], 3, "{keys}");

    // An incident caused by a deployment that was sent is taken.
    let incident = json!({"id": "i1", "service": "avionics", "started_at": "2026-11-02T13:00:00Z", "caused_by": "e2"});
    assert_eq!(pipeline.send("incidents", incident).await.status(), 201);
    let unknown = json!({"id": "i2", "service": "avionics", "started_at": "2026-11-02T13:00:00Z", "caused_by": "e9"});
    let refused = pipeline.send("incidents", unknown).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["detail"],
        "caused_by: there is no deployment “e9”: send the deployment first"
    );
}

async fn metrics(app: &TestApp, args: &[(&str, &str)]) -> Value {
    let response = app.call("board_metrics", args).await;
    assert_eq!(response.status(), 200, "{args:?}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_demo_team_board_has_flow_metrics_and_every_chart_has_data() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let ids = DemoIds::read(&app).await;
    let view = metrics(&app, &[("board_id", &ids.team_board)]).await;
    let flow = &view["flow"];
    assert_eq!(
        flow["throughput_per_day"].as_array().unwrap().len(),
        30,
        "the last 30 days"
    );
    let finished = flow["finished"].as_u64().unwrap();
    assert!(finished > 0);
    // The scatterplot's points stand for every finished item, once.
    let points: u64 = flow["scatter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| point["items"].as_u64().unwrap())
        .sum();
    assert_eq!(points, finished);
    assert!(flow["cycle_percentiles"].is_array());
    assert!(!flow["aging"].as_array().unwrap().is_empty());
    assert!(flow["flow_efficiency"].as_f64().unwrap() > 0.0);
    // Finished work is counted by the type each card was filed as.
    let types: Vec<&str> = flow["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|share| share[0].as_str().unwrap())
        .collect();
    assert!(types.len() >= 2, "{types:?}");
    for kind in &types {
        assert!(
            ["story", "defect", "enabler", "risk"].contains(kind),
            "{types:?}"
        );
    }
    assert_eq!(
        flow["cumulative_flow"][0][1].as_array().unwrap().len(),
        view["columns"].as_array().unwrap().len()
    );
    // The Software team delivers like an elite team in the demo.
    let delivery = &view["delivery"];
    assert_eq!(delivery["teams"][0]["name"], "Software");
    assert_eq!(delivery["teams"].as_array().unwrap().len(), 1);
    assert_eq!(delivery["keys"]["deployment_frequency"]["band"], "Elite");
    assert_eq!(delivery["trend"].as_array().unwrap().len(), 6);

    for (from, to) in [("2026-11-30", "2026-11-01"), ("soon", "")] {
        let refused = app
            .call(
                "board_metrics",
                &[("board_id", &ids.team_board), ("from", from), ("to", to)],
            )
            .await;
        assert_eq!(refused.status(), 400, "{from}..{to}");
    }
}

/// The Software team's board, with finished work under two features of one epic,
/// as Tina Software, its member, sees it.
struct SoftwareBoard {
    app: TestApp,
    board: String,
    epic: String,
    feature: String,
    product: String,
    vision: String,
}

impl SoftwareBoard {
    async fn new() -> SoftwareBoard {
        let world = World::new().await;
        let Chain {
            vision,
            epic,
            product,
            feature,
            ..
        } = world.chain().await;
        let battery = world.feature(&product, &epic, "Bigger battery").await;
        let software = world.team("Software").await;
        for (title, under, column) in [
            ("Battery state estimation", &battery, "Done"),
            (
                "Tune flight controller for a 40 kg payload",
                &feature,
                "Done",
            ),
            ("Altitude drifts with a heavy payload", &feature, "Done"),
            ("Payload-aware landing profile", &feature, "In Progress"),
        ] {
            world
                .work_item(&software, title)
                .under(under)
                .in_column(column)
                .create()
                .await;
        }
        SoftwareBoard {
            app: world.member(&software, "Tina Software").await,
            board: software.board_id,
            epic,
            feature,
            product,
            vision,
        }
    }
}

/// Narrowed to each feature in turn, the Software board's finished work adds
/// up to the whole board's: every one of the Software team's work items serves
/// exactly one feature.
#[tokio::test]
async fn a_team_board_narrowed_to_each_feature_partitions_its_finished_work() {
    let software = SoftwareBoard::new().await;
    narrowings_partition_the_software_board(&software.app, &software.board, &software.epic).await;
}

/// `team_board`'s finished work, every item of which serves one feature, split by
/// those features and narrowed to `epic` above them.
pub async fn narrowings_partition_the_software_board(app: &TestApp, team_board: &str, epic: &str) {
    let board = [("board_id", team_board)];
    let whole = metrics(app, &board).await;
    let finished = |view: &Value| view["flow"]["finished"].as_u64().unwrap() as usize;
    let narrowings = whole["narrowings"].as_array().unwrap().clone();
    assert!(
        narrowings.len() >= 2,
        "the team's work serves several features"
    );
    let mut sum = 0;
    for narrowing in &narrowings {
        assert_eq!(narrowing["item"]["kind"], "Feature");
        let key = format!("feature:{}", narrowing["item"]["id"].as_str().unwrap());
        let narrowed = metrics(app, &[board[0], ("within", &key)]).await;
        assert_eq!(narrowed["within"]["title"], narrowing["title"]);
        sum += finished(&narrowed);
    }
    assert!(finished(&whole) > 0);
    assert_eq!(sum, finished(&whole));

    // An epic above those features narrows the team's work too.
    let epic = format!("epic:{epic}");
    let under_epic = metrics(app, &[board[0], ("within", &epic)]).await;
    assert!(finished(&under_epic) <= finished(&whole));
}

#[tokio::test]
async fn a_narrowing_to_what_is_not_above_the_cards_is_refused() {
    let software = SoftwareBoard::new().await;
    let cases = [
        // A work item is not above the team board's work items.
        (
            &software.board,
            format!("work_item:{}", software.feature),
            400,
        ),
        // Features are not above the product board's features.
        (
            &software.product,
            format!("feature:{}", software.feature),
            400,
        ),
        (&software.board, format!("vision:{}", software.vision), 400),
        (&software.board, "epic".to_owned(), 400),
        (
            &software.board,
            format!("feature:{}", uuid::Uuid::nil()),
            404,
        ),
    ];
    for (board, within, status) in cases {
        let refused = software
            .app
            .call("board_metrics", &[("board_id", board), ("within", &within)])
            .await;
        assert_eq!(refused.status(), status, "{within}");
        let message = refused.text().await.unwrap();
        assert!(!message.is_empty(), "{within}: the refusal says why");
    }
}

/// The product board measures features and counts the deployments of the teams
/// with work under them; the portfolio measures epics and counts every team.
#[tokio::test]
async fn product_and_portfolio_boards_have_flow_metrics_and_their_teams_keys() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    product_and_portfolio_flow(&app).await;
}

pub async fn product_and_portfolio_flow(app: &TestApp) {
    let ids = DemoIds::read(app).await;
    let product = metrics(app, &[("board_id", &ids.product)]).await;
    let feature_columns = app
        .call("product_board", &[("product_id", &ids.product)])
        .await;
    let feature_columns = feature_columns.json::<Value>().await.unwrap()["columns"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        product["columns"].as_array().unwrap().len(),
        feature_columns
    );
    assert!(!product["flow"]["aging"].as_array().unwrap().is_empty());
    // The demo's finished features waited days in the funnel and the backlog
    // before they started: lead time is longer than cycle time.
    let flow = &product["flow"];
    assert!(flow["finished"].as_u64().unwrap() > 0);
    assert_eq!(flow["distribution"][0][0], "feature");
    let (mut cycle_days, mut items) = (0, 0);
    for point in flow["scatter"].as_array().unwrap() {
        cycle_days += point["cycle_days"].as_u64().unwrap() * point["items"].as_u64().unwrap();
        items += point["items"].as_u64().unwrap();
    }
    let mean_cycle = cycle_days as f64 / items as f64;
    assert!(
        flow["mean_lead_days"].as_f64().unwrap() > mean_cycle,
        "{flow}"
    );
    let teams: Vec<&str> = product["delivery"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(teams.contains(&"Software"), "{teams:?}");
    let deployments = |view: &Value| view["delivery"]["keys"]["deployments"].as_u64().unwrap();
    let software = metrics(app, &[("board_id", &ids.team_board)]).await;
    assert!(deployments(&product) >= deployments(&software));
    // The demo's commits reach production 1 to 100 hours after they are made:
    // each deployment is read with its commits.
    let lead_time = &software["delivery"]["keys"]["lead_time_hours"]["value"];
    assert!(
        lead_time
            .as_f64()
            .is_some_and(|hours| (1.0..=100.0).contains(&hours)),
        "{lead_time}"
    );
    assert_eq!(product["narrowings"][0]["item"]["kind"], "Epic");

    let portfolio_board = app.call("portfolio_board", &[]).await;
    let portfolio_board = portfolio_board.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let portfolio = metrics(app, &[("board_id", &portfolio_board)]).await;
    let navigation = app
        .call("navigation", &[])
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        portfolio["delivery"]["teams"].as_array().unwrap().len(),
        navigation["teams"].as_array().unwrap().len(),
        "every team"
    );
    assert!(deployments(&portfolio) >= deployments(&product));
    assert_eq!(portfolio["narrowings"][0]["item"]["kind"], "Theme");
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn every_board_has_flow_metrics_on_postgresql() {
    let mut app = TestApp::with_demo_on_postgres().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
    let ids = DemoIds::read(&app).await;
    narrowings_partition_the_software_board(&app, &ids.team_board, &ids.epic).await;
    product_and_portfolio_flow(&app).await;
    let dashboard = app.call("executive_dashboard", &[]).await;
    assert_eq!(dashboard.status(), 200);
    let dashboard: Value = dashboard.json().await.unwrap();
    assert!(!dashboard["aging"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_team_board_shows_its_four_keys_read_once() {
    let world = World::new().await;
    let team = world.team("Rotor").await;
    world.deployments("Rotor", [0, 1, 2]).await;
    let page = world.admin.page(&format!("/teams/{}", team.id)).await;
    assert!(page.contains("Delivery, last 30 days"));
    // The strip's read, as the page hands it to the browser: once, not once more
    // each time the board's view is made.
    assert_eq!(page.matches("\\\"previous\\\":{").count(), 1, "{page}");
}
