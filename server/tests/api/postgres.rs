//! The same server on PostgreSQL. Ignored by a plain `cargo test`; `make test` runs
//! them with `--include-ignored` against a throwaway server (`scripts/with-postgres.sh`).

use serde_json::Value;

use crate::helpers::{TestApp, World, DEMO_PASSWORD, DEMO_VIEWER};

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_demo_portfolio_is_served_from_postgresql() {
    let mut app = TestApp::with_demo_on_postgres().await;
    app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;

    let health: Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["database"], "reachable");

    let html = app.page("/").await;
    assert!(html.contains("A drone that carries heavy weights"));
    assert!(html.contains("WSJF 3.2"));

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
    let world = World::on(TestApp::empty_on_postgres().await).await;
    let vision = world.vision("Grow market share").await;
    let theme = world.theme(&vision, "Lead the heavy-lift segment").await;
    let epic = world
        .epic(&theme, "A drone that carries heavy weights")
        .await;
    world.move_epic_to(&epic, "Implementing").await;
    let app = world.user("Vic Viewer", "viewer").await;

    let board: Value = app.call("portfolio_board", &[]).await.json().await.unwrap();

    let epic = &board["columns"][4]["cards"][0];
    assert_eq!(epic["title"], "A drone that carries heavy weights");
    assert_eq!(epic["chain"][1]["title"], "Grow market share");
}
