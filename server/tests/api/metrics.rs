//! Defining outcome metrics through the HTTP API: saved with their goal and judged
//! against it, refused field by field, 409 when stale, and only by those allowed.

use serde_json::Value;

use crate::helpers::{TestApp, DEMO_PASSWORD, DEMO_VIEWER};

const ERIN: &str = "erin@throughline.example";

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
    let mut app = TestApp::with_demo().await;
    app.sign_in(ERIN, DEMO_PASSWORD).await;
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
    // The demo's metrics have their dates, so they carry a status too.
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
    let mut app = TestApp::with_demo().await;
    app.sign_in(ERIN, DEMO_PASSWORD).await;
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

    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
    assert_eq!(
        call(&app, "create_metric", &form("Mine")).await.status(),
        403
    );
}
