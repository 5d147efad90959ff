//! `throughline backup FILE`: a consistent copy of the SQLite database, taken
//! while the server keeps taking writes.

use std::process::Command;

use crate::helpers::{throughline, DemoIds, TestApp, DEMO_PASSWORD, TINA};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, Statement};

fn backup(database_url: &str, target: &std::path::Path) -> Command {
    let mut command = throughline(database_url);
    command.arg("backup").arg(target);
    command
}

#[tokio::test]
async fn a_backup_taken_while_cards_are_added_is_whole_and_consistent() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let DemoIds {
        team_board,
        team_to_do: to_do,
        ..
    } = DemoIds::read(&app).await;
    let target = app.database.with_file_name("backup.db");

    // Cards go on being added until the backup has finished.
    let mut running = backup(&app.database_url, &target);
    let copying = tokio::task::spawn_blocking(move || running.output());
    let mut added = 0;
    while !copying.is_finished() {
        let title = format!("Added during the backup {added}");
        let answer = app
            .call(
                "add_card",
                &[
                    ("board_id", &team_board),
                    ("column_id", &to_do),
                    ("title", &title),
                ],
            )
            .await;
        assert_eq!(answer.status(), 200, "{:?}", answer.text().await);
        added += 1;
    }
    let output = copying.await.unwrap().expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("backed up to {}\n", target.display())
    );
    assert!(added > 0, "cards were added while the backup ran");

    // The copy opens, passes SQLite's own check and holds the demo and the cards
    // added before its snapshot.
    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", target.display()))
        .await
        .expect("the backup opens");
    let check = copy
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
    let live = sea_orm::Database::connect(&app.database_url).await.unwrap();
    let items = |db| app::entities::item::Entity::find().count(db);
    let (copied, now) = (items(&copy).await.unwrap(), items(&live).await.unwrap());
    assert!(copied > 40, "the demo's items: {copied}");
    assert!(copied <= now && now <= copied + added, "{copied} of {now}");

    // A second backup to the same file is refused and leaves the first alone.
    let before = std::fs::read(&target).unwrap();
    let again = backup(&app.database_url, &target).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already exists"),
        "{again:?}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn a_backup_of_what_is_not_a_sqlite_database_is_refused_saying_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    let cases = [
        (
            "postgres://nobody@127.0.0.1:1/none".to_owned(),
            "for PostgreSQL use pg_dump",
        ),
        (
            format!("sqlite://{}/missing.db", dir.path().display()),
            "there is no database at",
        ),
    ];
    for (url, said) in cases {
        let output = backup(&url, &target).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(said), "{stderr}");
        assert!(!target.exists());
    }
    assert!(!dir.path().join("missing.db").exists(), "nothing created");
}
