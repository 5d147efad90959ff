//! The same server on PostgreSQL. Ignored by a plain `cargo test`; `make test` runs
//! them with `--include-ignored` against a throwaway server (`scripts/with-postgres.sh`).

use serde_json::Value;

use crate::helpers::{TestApp, DEMO_PASSWORD, DEMO_VIEWER};

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_demo_portfolio_is_served_from_postgresql() {
    let mut app = TestApp::with_demo_on_postgres().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;

    let health: Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["database"], "reachable");

    let html = app.page("/").await;
    assert!(html.contains("A drone that carries heavy weights"));
    assert!(html.contains("WSJF <!>3.2"));

    let teams = app.team_links().await;
    assert_eq!(teams.len(), 4);
    let (_, engine) = teams.iter().find(|(name, _)| name == "Engine").unwrap();
    assert!(app
        .page(engine)
        .await
        .contains("Bench-test the 12 kW motor"));
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_board_api_reads_the_same_chain_from_postgresql() {
    let mut app = TestApp::with_demo_on_postgres().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;

    let board: Value = app.call("portfolio_board", &[]).await.json().await.unwrap();

    let epic = &board["columns"][4]["cards"][0];
    assert_eq!(epic["title"], "A drone that carries heavy weights");
    assert_eq!(epic["chain"][1]["title"], "Grow market share");
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn racing_moves_never_take_a_hard_limit_over_on_postgresql() {
    use crate::wip::{race, Board, REVIEW_CARD};
    let board = Board::software_on(TestApp::with_demo_on_postgres().await).await;
    let racers = board.add_cards("Racer", 32, "Omar").await;
    board.column_limit("Review", "2", "hard").await;

    race(&board, &racers, "Review", "To Do", 10).await;

    assert_eq!(board.titles_in("Review").await, [REVIEW_CARD]);
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_replayed_measurement_is_stored_once_on_postgresql() {
    use crate::ingest::{measurement, Telemetry};
    let telemetry = Telemetry::on(TestApp::with_demo_on_postgres().await).await;
    let before = telemetry.history().await.len();
    let body = measurement("pg-1", 12.5, "2026-11-20T09:30:00Z");

    assert_eq!(telemetry.send(body.clone()).await.status(), 201);
    assert_eq!(telemetry.send(body).await.status(), 201);

    assert_eq!(telemetry.history().await.len(), before + 1);
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn every_board_has_flow_metrics_on_postgresql() {
    let mut app = TestApp::with_demo_on_postgres().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
    crate::delivery::narrowings_partition_the_software_board(&app).await;
    crate::delivery::product_and_portfolio_flow(&app).await;
    let dashboard = app.call("executive_dashboard", &[]).await;
    assert_eq!(dashboard.status(), 200);
    let dashboard: Value = dashboard.json().await.unwrap();
    assert!(!dashboard["aging"].as_array().unwrap().is_empty());
}
