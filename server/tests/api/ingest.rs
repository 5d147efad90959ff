//! Measurements from machines through `POST /api/v1/metrics/{id}/measurements`:
//! every path stores what it should, a replay is stored once, and every refusal
//! stores nothing.

use serde_json::{json, Value};

use crate::helpers::{TestApp, World};

pub struct Telemetry {
    app: TestApp,
    token: String,
    token_id: String,
    metric: String,
}

impl Telemetry {
    async fn new() -> Telemetry {
        Telemetry::on(&World::new().await).await
    }

    /// Tina Software's telemetry token for the metric "Flight time at full
    /// payload", made in `world`.
    pub async fn on(world: &World) -> Telemetry {
        let metric = world.metric("Flight time at full payload").await;
        let software = world.team("Software").await;
        let app = world.member(&software, "Tina Software").await;
        let (token, token_id) = app.create_token("sensor", &["record_telemetry"]).await;
        Telemetry {
            app,
            token,
            token_id,
            metric,
        }
    }

    pub async fn post(&self, token: &str, metric: &str, body: Vec<u8>) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!(
                "{}/api/v1/metrics/{metric}/measurements",
                self.app.address
            ))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn send(&self, body: Value) -> reqwest::Response {
        self.post(&self.token, &self.metric, body.to_string().into_bytes())
            .await
    }

    pub async fn history(&self) -> Vec<Value> {
        let rows: Value = self
            .app
            .call("metric_measurements", &[("metric_id", &self.metric)])
            .await
            .json()
            .await
            .unwrap();
        rows.as_array().unwrap().clone()
    }

    async fn current(&self) -> Value {
        let metrics: Value = self
            .app
            .call("metric_directory", &[])
            .await
            .json()
            .await
            .unwrap();
        metrics["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == self.metric.as_str())
            .unwrap()["current"]
            .clone()
    }
}

pub fn measurement(id: &str, value: f64, at: &str) -> Value {
    json!({"id": id, "value": value, "measured_at": at})
}

#[tokio::test]
async fn one_measurement_is_stored_once_however_often_it_is_sent() {
    let telemetry = Telemetry::new().await;
    let before = telemetry.history().await.len();
    let body = measurement("run-1", 41.5, "2026-11-20T09:30:00Z");

    let first = telemetry.send(body.clone()).await;
    assert_eq!(first.status(), 201);
    assert_eq!(
        first.json::<Value>().await.unwrap(),
        json!({"stored": 1, "duplicates": 0})
    );
    let replay = telemetry.send(body).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(
        replay.json::<Value>().await.unwrap(),
        json!({"stored": 0, "duplicates": 1})
    );

    let history = telemetry.history().await;
    assert_eq!(history.len(), before + 1);
    assert!(history
        .iter()
        .any(|m| m["client_id"] == "run-1" && m["value"] == 41.5));
}

#[tokio::test]
async fn a_batch_is_stored_whole_and_the_latest_value_becomes_current() {
    let telemetry = Telemetry::new().await;
    let before = telemetry.history().await.len();

    // Newer than anything measured before (a clock a few minutes ahead is fine;
    // more than a day is refused).
    let now = chrono::Utc::now();
    let at = |minutes: i64| (now + chrono::Duration::minutes(minutes)).to_rfc3339();
    let response = telemetry
        .send(json!({"measurements": [
            measurement("b-1", 30.0, &at(1)),
            measurement("b-3", 33.0, &at(3)),
            measurement("b-2", 31.0, &at(2)),
        ]}))
        .await;

    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<Value>().await.unwrap()["stored"], 3);
    assert_eq!(telemetry.history().await.len(), before + 3);
    assert_eq!(telemetry.current().await, 33.0);
}

#[tokio::test]
async fn every_refusal_stores_nothing() {
    let telemetry = Telemetry::new().await;
    let before = telemetry.history().await.len();
    let good = measurement("ok-1", 1.0, "2026-11-20T00:00:00Z");
    let far_future = measurement("late", 1.0, "2099-01-01T00:00:00Z");
    let cases: [(Value, u16, &str); 5] = [
        (
            json!({"measurements": [good.clone(), far_future]}),
            422,
            "measurement 2: 2099-01-01T00:00:00Z is more than a day in the future; nothing was stored",
        ),
        (
            measurement("when", 1.0, "last tuesday"),
            422,
            "measurement 1: “last tuesday” is not a timestamp like 2026-11-22T09:30:00Z; nothing was stored",
        ),
        (json!({"value": "high", "measured_at": "2026-11-20T00:00:00Z"}), 422, "the body must be"),
        (json!({"value": 1.0}), 422, "the body must be"),
        (json!({"measurements": [good, {"value": 2.0}]}), 422, "the body must be"),
    ];
    for (body, status, message) in cases {
        let response = telemetry.send(body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"], "unprocessable");
        assert!(
            answer["detail"].as_str().unwrap().starts_with(message),
            "{answer}"
        );
    }

    // JSON has no NaN or infinity: a huge exponent overflows to infinity and is refused.
    let infinite = telemetry
        .post(
            &telemetry.token,
            &telemetry.metric,
            br#"{"value": 1e999, "measured_at": "2026-11-20T00:00:00Z"}"#.to_vec(),
        )
        .await;
    assert_eq!(infinite.status(), 422);

    let unknown = telemetry
        .post(
            &telemetry.token,
            "00000000-0000-0000-0000-000000000000",
            measurement("x", 1.0, "2026-11-20T00:00:00Z")
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(unknown.status(), 404);

    let bad_token = telemetry
        .post(
            "tl_not-a-token",
            &telemetry.metric,
            measurement("x", 1.0, "2026-11-20T00:00:00Z")
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(bad_token.status(), 401);

    let huge = format!(
        r#"{{"value": 1.0, "measured_at": "2026-11-20T00:00:00Z", "id": "{}"}}"#,
        "x".repeat(1 << 20)
    );
    let too_big = telemetry
        .post(&telemetry.token, &telemetry.metric, huge.into_bytes())
        .await;
    assert_eq!(too_big.status(), 413);

    assert_eq!(telemetry.history().await.len(), before);
}

#[tokio::test]
async fn a_revoked_token_or_one_without_the_capability_is_refused() {
    let telemetry = Telemetry::new().await;
    let (reader, _) = telemetry.app.create_token("reader", &["read"]).await;
    let body = measurement("x", 1.0, "2026-11-20T00:00:00Z").to_string();

    let read_only = telemetry
        .post(&reader, &telemetry.metric, body.clone().into_bytes())
        .await;
    assert_eq!(read_only.status(), 403);

    let revoked = telemetry
        .app
        .call("revoke_api_token", &[("id", &telemetry.token_id)])
        .await;
    assert_eq!(revoked.status(), 200);
    let refused = telemetry
        .post(&telemetry.token, &telemetry.metric, body.into_bytes())
        .await;
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn a_token_made_for_one_metric_records_that_metric_and_nothing_else() {
    let world = World::new().await;
    let telemetry = Telemetry::on(&world).await;
    // Named to come after the telemetry's metric in the directory.
    world.metric("Maximum payload").await;
    let app = &telemetry.app;
    let metrics: Value = app
        .call("metric_directory", &[])
        .await
        .json()
        .await
        .unwrap();
    let other = metrics["metrics"][1]["id"].as_str().unwrap().to_owned();
    let created = app
        .call(
            "create_api_token",
            &[
                ("name", "payload rig"),
                ("record_telemetry", "on"),
                ("metric_id", &telemetry.metric),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["details"]["metric"], metrics["metrics"][0]["name"]);
    let scoped = created["token"].as_str().unwrap();
    let body = measurement("rig-1", 20.0, "2026-11-20T09:30:00Z")
        .to_string()
        .into_bytes();

    let own = telemetry
        .post(scoped, &telemetry.metric, body.clone())
        .await;
    assert_eq!(own.status(), 201);
    let elsewhere = telemetry.post(scoped, &other, body).await;
    assert_eq!(elsewhere.status(), 403);
    let reading = app
        .call_with_token(scoped, "metric_directory", &[])
        .await
        .status();
    assert_eq!(reading, 403, "it records; it does not read");

    // A metric token that could also do something else is refused, with why.
    let refused = app
        .call(
            "create_api_token",
            &[
                ("name", "too broad"),
                ("record_telemetry", "on"),
                ("read", "on"),
                ("metric_id", &telemetry.metric),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let message: Value = refused.json().await.unwrap();
    assert!(
        message.to_string().contains("only record its measurements"),
        "{message}"
    );
    let unknown = app
        .call(
            "create_api_token",
            &[
                ("name", "ghost"),
                ("record_telemetry", "on"),
                ("metric_id", "00000000-0000-0000-0000-000000000000"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_replayed_measurement_is_stored_once_on_postgresql() {
    let world = World::on(TestApp::empty_on_postgres().await).await;
    let telemetry = Telemetry::on(&world).await;
    let before = telemetry.history().await.len();
    let body = measurement("pg-1", 12.5, "2026-11-20T09:30:00Z");

    assert_eq!(telemetry.send(body.clone()).await.status(), 201);
    assert_eq!(telemetry.send(body).await.status(), 201);

    assert_eq!(telemetry.history().await.len(), before + 1);
}
