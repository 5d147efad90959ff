//! `throughline export` / `throughline restore` and the admins' download: the
//! whole database out as one JSON document and back into an empty one.

use std::path::{Path, PathBuf};

use crate::helpers::{
    fresh_postgres_database, throughline, DemoIds, TestApp, DEMO_ADMIN, DEMO_PASSWORD, TINA,
};

/// A title with everything JSON must escape and SQL must keep.
const AWKWARD: &str = "Quotes \" and \\ back, émoji 🚁, </script><b>";

/// Runs `throughline command file`, returning its exit code and what it said.
fn run(database_url: &str, command: &str, file: &Path) -> (Option<i32>, String) {
    let output = throughline(database_url)
        .arg(command)
        .arg(file)
        .output()
        .expect("the binary runs");
    let said = String::from_utf8_lossy(if output.status.success() {
        &output.stdout
    } else {
        &output.stderr
    })
    .into_owned();
    (output.status.code(), said)
}

fn export(database_url: &str, file: &Path) -> Vec<u8> {
    let (code, said) = run(database_url, "export", file);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.starts_with("exported "), "{said}");
    std::fs::read(file).unwrap()
}

fn restore(database_url: &str, file: &Path) -> String {
    let (code, said) = run(database_url, "restore", file);
    assert_eq!(code, Some(0), "{said}");
    said
}

/// The demo, with an awkward card added by Tina through the app.
async fn demo_with_an_awkward_card(app: &mut TestApp) {
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let ids = DemoIds::read(app).await;
    let added = app
        .call(
            "add_card",
            &[
                ("board_id", &ids.team_board),
                ("column_id", &ids.team_to_do),
                ("title", AWKWARD),
            ],
        )
        .await;
    assert_eq!(added.status(), 200, "{:?}", added.text().await);
}

/// Export → restore into `target` → export gives the same bytes; a server on
/// the restored database signs in, shows the card and takes new work.
async fn round_trip(mut source: TestApp, target: String, dir: &Path) {
    demo_with_an_awkward_card(&mut source).await;
    let first = export(&source.database_url, &dir.join("first.json"));
    let said = restore(&target, &dir.join("first.json"));
    assert!(
        said.starts_with("restored ") && said.contains(" rows of 30 tables"),
        "{said}"
    );
    let second = export(&target, &dir.join("second.json"));
    assert!(
        first == second,
        "export → restore → export changed the document"
    );

    let live_events = |url: String| async move {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let db = sea_orm::Database::connect(url).await.unwrap();
        app::entities::live_event::Entity::find()
            .count(&db)
            .await
            .unwrap()
    };
    let events_restored = live_events(target.clone()).await;
    let mut restored = TestApp::on_database(target.clone(), false).await;
    restored.sign_in(TINA, DEMO_PASSWORD).await;
    let ids = DemoIds::read(&restored).await;
    let page = restored.page(&format!("/teams/{}", ids.team)).await;
    assert!(
        page.contains("émoji 🚁, &lt;/script&gt;&lt;b&gt;"),
        "the awkward card"
    );
    let added = restored
        .call(
            "add_card",
            &[
                ("board_id", &ids.team_board),
                ("column_id", &ids.team_to_do),
                ("title", "After the restore"),
            ],
        )
        .await;
    assert_eq!(added.status(), 200, "{:?}", added.text().await);
    // Its live event is numbered after the restored ones (PostgreSQL's sequence
    // was moved past them).
    assert_eq!(live_events(target).await, events_restored + 1);
}

#[tokio::test]
async fn an_export_restored_into_an_empty_database_exports_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sqlite://{}", dir.path().join("restored.db").display());
    round_trip(TestApp::with_demo().await, target, dir.path()).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn an_export_restored_into_an_empty_postgresql_database_exports_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let target = fresh_postgres_database().await;
    round_trip(TestApp::with_demo_on_postgres().await, target, dir.path()).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn sqlite_moves_to_postgresql_and_back_through_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = TestApp::with_demo().await;
    demo_with_an_awkward_card(&mut sqlite).await;
    export(&sqlite.database_url, &dir.path().join("sqlite.json"));
    let postgres = fresh_postgres_database().await;
    restore(&postgres, &dir.path().join("sqlite.json"));
    // PostgreSQL keeps times to the microsecond: from there on, nothing changes.
    let from_postgres = export(&postgres, &dir.path().join("postgres.json"));
    let back = format!("sqlite://{}", dir.path().join("back.db").display());
    restore(&back, &dir.path().join("postgres.json"));
    assert!(from_postgres == export(&back, &dir.path().join("back.json")));
}

#[tokio::test]
async fn admins_download_the_export_and_nobody_else_does() {
    let mut app = TestApp::with_demo().await;
    let anonymous = app.get("/admin/export.json").await;
    assert_eq!(anonymous.status(), 303, "to the sign-in page");
    assert_eq!(
        anonymous.headers()["location"],
        "/login?next=%2Fadmin%2Fexport.json"
    );
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let refused = app.get("/admin/export.json").await;
    assert_eq!(refused.status(), 403);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("export the whole database"));

    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let download = app.get("/admin/export.json").await;
    assert_eq!(download.status(), 200);
    let disposition = download.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"throughline-"),
        "{disposition}"
    );
    assert_eq!(download.headers()["cache-control"], "no-store");
    let document = download.bytes().await.unwrap();

    // What was downloaded restores, like the CLI's own export.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("download.json");
    std::fs::write(&file, &document).unwrap();
    let target = format!("sqlite://{}", dir.path().join("restored.db").display());
    let said = restore(&target, &file);
    assert!(said.contains(" rows of 30 tables"), "{said}");
}

/// The export of the demo, as text, and a directory for variations of it.
async fn demo_export() -> (String, tempfile::TempDir) {
    let app = TestApp::with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let document = export(&app.database_url, &dir.path().join("demo.json"));
    (String::from_utf8(document).unwrap(), dir)
}

#[tokio::test]
async fn a_file_that_cannot_be_restored_is_refused_by_name_and_changes_nothing() {
    let (good, dir) = demo_export().await;
    let schema = good
        .split("\"schema\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let first_item_title = good
        .split("\n\"items\":[\n")
        .nth(1)
        .and_then(|rest| rest.split("\"title\":").nth(1))
        .and_then(|rest| rest.split(",\"").next())
        .unwrap()
        .to_owned();
    let cases: Vec<(&str, String, String)> = vec![
        (
            "not JSON",
            "id,title\n1,a card\n".into(),
            "this is not a Throughline export: expected value at line 1 column 1".into(),
        ),
        (
            "another format",
            good.replacen("throughline-export", "trello-board", 1),
            "its format is \"trello-board\", not \"throughline-export\"".into(),
        ),
        (
            "another schema",
            good.replacen(&schema, "m20200101_000001_ancient", 1),
            format!("the export was taken at schema m20200101_000001_ancient, this database is at {schema}"),
        ),
        (
            "a number for a title",
            good.replacen(&format!("\"title\":{first_item_title}"), "\"title\":3", 1),
            "items, row 1: title: 3 is not text".into(),
        ),
        (
            "a null where none may be",
            good.replacen(&format!("\"title\":{first_item_title}"), "\"title\":null", 1),
            "items, row 1: title may not be null".into(),
        ),
        (
            "an unknown column",
            good.replacen("{\"id\":", "{\"colour\":\"red\",\"id\":", 1),
            "users, row 1: it has a column \"colour\" the table has not".into(),
        ),
        (
            "an unknown table",
            good.replacen("\n\"sessions\":[", "\n\"sprints\":[\n],\n\"sessions\":[", 1),
            "it has a table \"sprints\", which this release does not know".into(),
        ),
        (
            "a missing table",
            format!("{}\n}}}}\n", &good[..good.find(",\n\"live_events\":[").unwrap()]),
            "the export has no table live_events".into(),
        ),
        (
            "cut short",
            good[..good.len() / 2].to_owned(),
            "EOF while parsing".into(),
        ),
    ];
    let target = format!("sqlite://{}", dir.path().join("target.db").display());
    for (case, text, reason) in &cases {
        let file = dir.path().join("case.json");
        std::fs::write(&file, text).unwrap();
        let (code, said) = run(&target, "restore", &file);
        assert_eq!(code, Some(2), "{case}: {said}");
        assert!(said.contains(reason.as_str()), "{case}: {said}");
    }

    // Nothing of those stayed behind: the good file restores into the same database.
    let file = dir.path().join("demo.json");
    restore(&target, &file);
    // Now it is not empty, and a second restore says so.
    let (code, said) = run(&target, "restore", &file);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("a restore goes into an empty database, and users has 14 rows"),
        "{said}"
    );
}

#[tokio::test]
async fn an_export_never_overwrites_a_file() {
    let app = TestApp::with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("kept.json");
    std::fs::write(&file, "keep me").unwrap();
    let (code, said) = run(&app.database_url, "export", &file);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("already exists: an export never overwrites a file"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}
