//! Board pages answered from memory (`server::page_cache`): a board read again
//! before anything changed comes as kept (the same page, down to its script
//! nonce), and any change, whoever made it and however, is on the next read.

use crate::helpers::{TestApp, World};
use sea_orm::ConnectionTrait;

/// A page as read, with its Content-Security-Policy nonce.
struct Read {
    nonce: String,
    html: String,
}

impl Read {
    /// The page with its nonce left out, to compare what two reads show.
    fn shown(&self) -> String {
        self.html.replace(&self.nonce, "")
    }
}

async fn read(app: &TestApp, path: &str) -> Read {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split_once('\''))
        .map(|(nonce, _)| nonce.to_owned())
        .expect("a page's script nonce");
    let html = response.text().await.unwrap();
    assert!(html.contains(&nonce), "the page's scripts carry its nonce");
    Read { nonce, html }
}

#[tokio::test]
async fn a_board_read_again_is_answered_as_kept_until_the_data_changes() {
    let world = World::new().await;
    let team = world.team("Avionics").await;
    let board = format!("/teams/{}", team.id);
    world.work_item(&team, "Gyro calibration").create().await;

    let first = read(&world.admin, &board).await;
    let again = read(&world.admin, &board).await;
    assert_eq!(again.nonce, first.nonce, "answered as kept");
    assert_eq!(again.html, first.html);

    world.work_item(&team, "Antenna mast").create().await;
    let after_a_card = read(&world.admin, &board).await;
    assert_ne!(after_a_card.nonce, first.nonce, "rendered anew");
    assert!(after_a_card.html.contains("Antenna mast"));

    // A pipeline's deployment is data the board shows too (its delivery strip).
    world.deployments("Avionics", [0]).await;
    let after_a_deployment = read(&world.admin, &board).await;
    assert_ne!(after_a_deployment.nonce, after_a_card.nonce);
    assert_ne!(after_a_deployment.shown(), after_a_card.shown());
}

#[tokio::test]
async fn each_reader_and_each_address_has_a_page_of_its_own() {
    let world = World::new().await;
    let team = world.team("Ground station").await;
    let board = format!("/teams/{}", team.id);
    world.work_item(&team, "Uplink test").create().await;
    let viewer = world.user("Vera Viewer", "viewer").await;

    let admins = read(&world.admin, &board).await;
    let viewers = read(&viewer, &board).await;
    assert_ne!(viewers.nonce, admins.nonce);
    assert!(admins.html.contains("Configure columns"));
    assert!(
        !viewers.html.contains("Configure columns"),
        "a viewer is never handed the admin's page"
    );
    assert!(viewers.html.contains("Vera Viewer") && !viewers.html.contains("Ada Admin"));

    let filtered = read(&world.admin, &format!("{board}?q=uplink")).await;
    assert_ne!(filtered.nonce, admins.nonce);
    assert_eq!(read(&viewer, &board).await.nonce, viewers.nonce);
}

#[tokio::test]
async fn a_change_written_straight_to_the_sqlite_file_is_on_the_next_read() {
    let world = World::new().await;
    let team = world.team("Propulsion").await;
    let board = format!("/teams/{}", team.id);
    world.work_item(&team, "Nozzle drawing").create().await;
    read(&world.admin, &board).await;

    // Another process on the same file (an import from the command line, say).
    let other = sea_orm::Database::connect(&world.admin.database_url)
        .await
        .unwrap();
    let renamed = other
        .execute_unprepared(
            "UPDATE items SET title = 'Nozzle drawing, revised' WHERE title = 'Nozzle drawing'",
        )
        .await
        .unwrap();
    assert_eq!(renamed.rows_affected(), 1);
    assert!(read(&world.admin, &board)
        .await
        .html
        .contains("Nozzle drawing, revised"));
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test sets it)"]
async fn a_change_made_through_another_server_is_on_the_next_read_on_postgresql() {
    let world = World::on(TestApp::empty_on_postgres().await).await;
    let team = world.team("Payload").await;
    let board = format!("/teams/{}", team.id);
    world.work_item(&team, "Winch motor").create().await;
    let mut replica = TestApp::on_database(world.admin.database_url.clone(), false).await;
    replica.session = world.admin.session.clone();

    let first = read(&world.admin, &board).await;
    assert_eq!(read(&world.admin, &board).await.nonce, first.nonce);
    let through_the_replica = World {
        admin: replica.clone(),
    };
    through_the_replica
        .work_item(&team, "Winch brake")
        .create()
        .await;
    let after = read(&world.admin, &board).await;
    assert_ne!(after.nonce, first.nonce);
    assert!(after.html.contains("Winch brake"));
}

#[tokio::test]
async fn a_server_told_to_keep_no_pages_renders_every_read() {
    let world = World::on(TestApp::empty_with_settings(&[("PAGE_CACHE_MIB", "0")]).await).await;
    let first = read(&world.admin, "/").await;
    assert_ne!(read(&world.admin, "/").await.nonce, first.nonce);
}

/// Every table but those no page shows counts its changes in the data version,
/// a table added by a later migration included.
async fn every_table_counts_its_changes(app: &TestApp) {
    let db = sea_orm::Database::connect(&app.database_url).await.unwrap();
    let backend = db.get_database_backend();
    let (tables, counted) = match backend {
        sea_orm::DbBackend::Sqlite => (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            // One trigger for each kind of change.
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_counted_%' \
             GROUP BY tbl_name HAVING count(*) = 3",
        ),
        _ => (
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
             WHERE t.tgname LIKE '%_counted'",
        ),
    };
    let names = |sql: &'static str| {
        let db = &db;
        async move {
            let rows = db
                .query_all_raw(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap();
            rows.iter()
                .map(|row| row.try_get_by_index::<String>(0).unwrap())
                .collect::<std::collections::BTreeSet<_>>()
        }
    };
    let expected: std::collections::BTreeSet<String> = names(tables)
        .await
        .into_iter()
        .filter(|table| {
            !migrations::UNCOUNTED_TABLES.contains(&table.as_str())
                && table != "data_version"
                && table != "seaql_migrations"
        })
        .collect();
    assert!(expected.contains("items") && expected.contains("deployments"));
    assert_eq!(names(counted).await, expected);
}

#[tokio::test]
async fn every_table_a_page_can_show_counts_its_changes() {
    every_table_counts_its_changes(&TestApp::empty().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test sets it)"]
async fn every_table_a_page_can_show_counts_its_changes_on_postgresql() {
    every_table_counts_its_changes(&TestApp::empty_on_postgres().await).await;
}
