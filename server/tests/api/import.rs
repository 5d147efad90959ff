//! `throughline import jira|trello FILE --board …`: the fixtures in `fixtures/`
//! (hand-made in the exact shapes of a Jira CSV export and a Trello board export,
//! described in `fixtures/IMPORT_FIXTURES.md`) onto the demo's boards.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{
    board, find_card, json, throughline, DemoIds, TestApp, DEMO_ADMIN, DEMO_PASSWORD, DEMO_VIEWER,
    TINA,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/api/fixtures")
        .join(name)
}

/// Runs `throughline import …` on `database_url`: (exit code, stdout, stderr).
fn import(database_url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let output = throughline(database_url)
        .arg("import")
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn jira_args(file: &str, apply: bool) -> Vec<&str> {
    let mut args = vec![
        "jira",
        file,
        "--board",
        "Software",
        "--product",
        "Heavy-lift drone",
        "--map",
        "Waiting for Vendor=To Do",
    ];
    if apply {
        args.push("--apply");
    }
    args
}

async fn software_board(app: &TestApp) -> Value {
    let ids = DemoIds::read(app).await;
    board(
        app,
        "team_board",
        &[("team_id", &ids.team), ("all_done", "true")],
    )
    .await
}

async fn jira_import_with_history(mut app: TestApp) {
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let file = fixture("jira-issues.csv");
    let file = file.to_str().unwrap();

    // A dry run says what would happen and writes nothing.
    let (code, said, _) = import(&app.database_url, &jira_args(file, false));
    assert_eq!(code, Some(0), "{said}");
    for line in [
        "Jira file: 14 items",
        "  2 feature",
        "  Waiting for Vendor → To Do (as told)",
        "  Code Review → In Progress (by its category)",
        "Ready to import: 14 of 14 items",
        "1 issues name a parent that is not in the file",
        "Dry run: nothing was written.",
    ] {
        assert!(said.contains(line), "{line} in {said}");
    }
    assert!(!software_board(&app).await.to_string().contains("BLHeli_32"));

    let (code, said, progress) = import(&app.database_url, &jira_args(file, true));
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Imported: 14 created, 0 updated, 0 unchanged"),
        "{said}"
    );
    assert!(progress.contains("imported 14 of 14"), "{progress}");

    // Work items in their columns, epics as features under the product, stories
    // under their epics.
    let team = software_board(&app).await;
    let (esc, column, _) = find_card(&team, "Update ESC firmware to BLHeli_32 v32.9");
    assert_eq!(column, "Done");
    let (_, column, _) = find_card(&team, "Payload bay door latch, \"fail-safe\" mode");
    assert_eq!(column, "Done");
    let (_, column, _) = find_card(&team, "Gyro drift after 20 min hover");
    assert_eq!(column, "In Progress", "Code Review, by its category");
    let (_, column, _) = find_card(&team, "Load-test bay at 5 kg");
    assert_eq!(column, "To Do", "Waiting for Vendor, as told");
    let ids = DemoIds::read(&app).await;
    let product = board(
        &app,
        "product_board",
        &[("product_id", &ids.product), ("all_done", "true")],
    )
    .await;
    let (_, column, _) = find_card(&product, "Flight controller v2");
    assert_eq!(column, "Implementing");
    let chain = team["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .find(|card| card["id"] == esc.as_str())
        .unwrap()["chain"]
        .to_string();
    assert!(chain.contains("Flight controller v2"), "{chain}");

    // Its history makes flow metrics: DRN-13 was created on 4 November and
    // resolved on the 12th, nine calendar days.
    let metrics = board(
        &app,
        "board_metrics",
        &[
            ("board_id", &ids.team_board),
            ("from", "2026-11-01"),
            ("to", "2026-11-27"),
        ],
    )
    .await;
    // Its cycle time is its lead time: its start is taken as its creation.
    let scatter = metrics["flow"]["scatter"].as_array().unwrap();
    assert!(
        scatter
            .iter()
            .any(|point| point["finished_on"] == "2026-11-12" && point["cycle_days"] == 9),
        "DRN-13 finished on the 12th after 9 days: {scatter:?}"
    );

    // The same file again changes nothing and adds nothing.
    let (code, said, _) = import(&app.database_url, &jira_args(file, true));
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Imported: 0 created, 0 updated, 14 unchanged, 0 moves"),
        "{said}"
    );

    // The file of a week later: one issue moved on; it moves, once.
    let later = std::fs::read_to_string(fixture("jira-issues.csv"))
        .unwrap()
        .replacen(
            ",DRN-14,10014,Task,To Do,",
            ",DRN-14,10014,Task,In Progress,",
            1,
        )
        .replacen(
            ",To Do,10/Nov/26 11:30 AM",
            ",In Progress,20/Nov/26 9:00 AM",
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    let later_file = dir.path().join("later.csv");
    std::fs::write(&later_file, later).unwrap();
    let (code, said, _) = import(
        &app.database_url,
        &jira_args(later_file.to_str().unwrap(), true),
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Imported: 0 created, 1 updated, 13 unchanged, 1 moves"),
        "{said}"
    );
    let (_, column, _) = find_card(&software_board(&app).await, "Order spare propellers");
    assert_eq!(column, "In Progress");
}

#[tokio::test]
async fn a_jira_export_comes_in_with_its_history_once_however_often_it_is_imported() {
    jira_import_with_history(TestApp::with_demo().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_jira_export_comes_in_once_on_postgresql_too() {
    jira_import_with_history(TestApp::with_demo_on_postgres().await).await;
}

#[tokio::test]
async fn a_trello_board_comes_in_with_its_list_moves() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let file = fixture("trello-board.json");
    let args = [
        "trello",
        file.to_str().unwrap(),
        "--board",
        "Software",
        "--map",
        "Doing=In Progress",
        "--map",
        "Review=In Progress",
        "--map",
        "Backlog=To Do",
        "--apply",
    ];
    let (code, said, _) = import(&app.database_url, &args);
    assert_eq!(code, Some(0), "{said}");
    for line in [
        "Trello file: 7 items",
        "1 archived cards are left out",
        "its list “Ideas (old)” is archived",
        "Imported: 7 created",
    ] {
        assert!(said.contains(line), "{line} in {said}");
    }
    let team = software_board(&app).await;
    let (_, column, _) = find_card(&team, "Fix \"arming\" beep on low battery — déjà vu 🔋");
    assert_eq!(column, "In Progress");
    let checklist = team.to_string();
    assert!(!checklist.contains("Ideas (old)"));
}

#[tokio::test]
async fn a_file_that_cannot_be_imported_is_refused_by_name_and_changes_nothing() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let latin1 = write("latin1.csv", b"Summary,Issue key\n\xe9t\xe9,DRN-1\n");
    let trello_as_jira = fixture("trello-board.json").to_str().unwrap().to_owned();
    let jira = fixture("jira-issues.csv").to_str().unwrap().to_owned();
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200_000_000)
        .unwrap();
    let huge = huge.to_str().unwrap().to_owned();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["jira", &latin1, "--board", "Software"],
            "the file is not UTF-8 (byte 19 is not)",
        ),
        (
            vec!["jira", &trello_as_jira, "--board", "Software"],
            "this is not a Jira CSV export: it has no column “Summary”",
        ),
        (
            vec!["trello", &jira, "--board", "Software"],
            "this is not JSON",
        ),
        (
            vec!["jira", &huge, "--board", "Software"],
            "the file is 190 MiB; an import reads files up to 100 MiB",
        ),
        (
            vec!["jira", &jira, "--board", "Nobody"],
            "there is no team board called “Nobody”",
        ),
        (
            vec![
                "jira",
                &jira,
                "--board",
                "Software",
                "--map",
                "Done=Shipped",
            ],
            "“Done” is mapped to “Shipped”, which is not a column of the board",
        ),
        (
            vec!["jira", &jira, "--board", "Software", "--map", "Done"],
            "“Done” is not STATUS=COLUMN",
        ),
    ];
    for (args, said) in cases {
        let (code, _, stderr) = import(&app.database_url, &args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    assert!(!software_board(&app).await.to_string().contains("BLHeli_32"));

    // Without --product, epics are not imported, and say why; their stories come
    // without a parent; a date in an unknown form skips its row only.
    let odd = std::fs::read_to_string(fixture("jira-issues.csv"))
        .unwrap()
        .replacen("10/Nov/26 11:30 AM", "Nov 10 2026", 1);
    let odd = write("odd.csv", odd.as_bytes());
    let (code, said, _) = import(&app.database_url, &["jira", &odd, "--board", "Software"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("DRN-1: an epic becomes a feature: name its product board with --product"),
        "{said}"
    );
    assert!(
        said.contains("DRN-14: its Created “Nov 10 2026” is not a date this import reads"),
        "{said}"
    );
}

/// The admins' import pages: upload, preview, mapping, import (in the
/// background, followed to its end), import again, discard.
async fn imported_through_the_pages(mut app: TestApp) {
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let ids = DemoIds::read(&app).await;
    let csv = std::fs::read(fixture("jira-issues.csv")).unwrap();
    let form = [
        ("tool", "jira"),
        ("team_board_id", ids.team_board.as_str()),
        ("product_board_id", ids.product.as_str()),
    ];
    let uploaded = app.upload(UPLOAD, &form, ("jira-issues.csv", &csv)).await;
    assert_eq!(uploaded.status(), 303);
    let location = uploaded.headers()["location"].to_str().unwrap().to_owned();
    let upload_id = location
        .strip_prefix("/admin/import/")
        .unwrap_or_else(|| panic!("to its preview, not {location}"))
        .to_owned();
    let page = app.page(&location).await;
    assert!(page.contains("Import “jira-issues.csv”"), "{page}");

    // The preview: nothing written yet; each status's column proposed, and why.
    let preview = preview_of(&app, &upload_id).await;
    assert_eq!(preview["state"], "Ready");
    assert_eq!(preview["items"], 14);
    assert_eq!(preview["ready"], 14);
    let vendor = status_row(&preview, "Waiting for Vendor");
    assert_eq!(vendor["column"], "In Progress");
    assert_eq!(vendor["by"], "by its category");
    assert_eq!(vendor["items"], 1);
    assert!(!software_board(&app).await.to_string().contains("BLHeli_32"));

    // A column the board has not is refused by name and changes nothing.
    let refused = app
        .call(
            "map_import_statuses",
            &[
                ("upload_id", &upload_id),
                ("statuses[0]", "Waiting for Vendor"),
                ("columns[0]", "Shipped"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("Shipped"));
    let unknown = app
        .call(
            "map_import_statuses",
            &[
                ("upload_id", &upload_id),
                ("statuses[0]", "Shipped to Mars"),
                ("columns[0]", "Done"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 400);
    assert!(unknown.text().await.unwrap().contains("not a status of"));
    let unchanged = preview_of(&app, &upload_id).await;
    assert_eq!(
        status_row(&unchanged, "Waiting for Vendor")["by"],
        "by its category"
    );

    let mapped = app
        .call(
            "map_import_statuses",
            &[
                ("upload_id", &upload_id),
                ("statuses[0]", "Waiting for Vendor"),
                ("columns[0]", "To Do"),
                ("statuses[1]", "Done"),
                ("columns[1]", "Done"),
            ],
        )
        .await;
    assert_eq!(mapped.status(), 200, "{}", mapped.text().await.unwrap());
    let preview = preview_of(&app, &upload_id).await;
    let vendor = status_row(&preview, "Waiting for Vendor");
    assert_eq!(vendor["column"], "To Do");
    assert_eq!(vendor["by"], "as told");

    // The import runs in the background; the preview follows it to its end.
    let started = app.call("start_import", &[("upload_id", &upload_id)]).await;
    assert_eq!(started.status(), 200, "{}", started.text().await.unwrap());
    let done = finished(&app, &upload_id).await;
    assert_eq!(done["state"], "Imported", "{done}");
    assert_eq!(
        (
            &done["created"],
            &done["unchanged"],
            &done["done"],
            &done["total"]
        ),
        (&14.into(), &0.into(), &14.into(), &14.into())
    );
    let (_, column, _) = find_card(&software_board(&app).await, "Load-test bay at 5 kg");
    assert_eq!(column, "To Do", "Waiting for Vendor, as mapped");

    // Again: found by source key, nothing added.
    let again = app.call("start_import", &[("upload_id", &upload_id)]).await;
    assert_eq!(again.status(), 200);
    let done = finished(&app, &upload_id).await;
    assert_eq!(
        (&done["created"], &done["unchanged"]),
        (&0.into(), &14.into())
    );

    // The list shows it; discarding forgets the file, not what it imported.
    let desk = json(app.call("import_desk", &[]).await).await;
    assert_eq!(desk["uploads"][0]["id"], upload_id.as_str());
    assert_eq!(desk["uploads"][0]["state"], "Imported");
    let discarded = app
        .call("discard_import", &[("upload_id", &upload_id)])
        .await;
    assert_eq!(discarded.status(), 200);
    let gone = app
        .call("import_preview", &[("upload_id", &upload_id)])
        .await;
    assert_eq!(gone.status(), 404);
    assert!(software_board(&app).await.to_string().contains("BLHeli_32"));
}

const UPLOAD: &str = "/admin/import/upload";

async fn preview_of(app: &TestApp, upload_id: &str) -> Value {
    let response = app
        .call("import_preview", &[("upload_id", upload_id)])
        .await;
    assert_eq!(response.status(), 200);
    json(response).await
}

fn status_row<'a>(preview: &'a Value, status: &str) -> &'a Value {
    preview["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["status"] == status)
        .unwrap_or_else(|| panic!("{status} in {preview}"))
}

/// The preview once its import has ended (it runs in the background).
async fn finished(app: &TestApp, upload_id: &str) -> Value {
    for _ in 0..300 {
        let preview = preview_of(app, upload_id).await;
        if preview["underway"] == false {
            return preview;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import of {upload_id} did not end in 30 s");
}

#[tokio::test]
async fn an_admin_uploads_previews_maps_and_imports_a_jira_export_in_the_browser() {
    imported_through_the_pages(TestApp::with_demo().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_import_pages_work_on_postgresql_too() {
    imported_through_the_pages(TestApp::with_demo_on_postgres().await).await;
}

#[tokio::test]
async fn a_bad_upload_goes_back_to_the_form_with_its_reason_and_keeps_nothing() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(DEMO_ADMIN, DEMO_PASSWORD).await;
    let ids = DemoIds::read(&app).await;
    let trello = std::fs::read(fixture("trello-board.json")).unwrap();
    let team = ids.team_board.as_str();
    // (form fields, file, the reason shown)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<u8>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("tool", "jira"), ("team_board_id", team)],
            trello.clone(),
            "this is not a Jira CSV export",
        ),
        (
            vec![("tool", "jira"), ("team_board_id", team)],
            b"Summary,Issue key\n\xe9t\xe9,X-1\n".to_vec(),
            "the file is not UTF-8",
        ),
        (
            vec![("tool", "trello"), ("team_board_id", team)],
            Vec::new(),
            "choose the file to import",
        ),
        (
            vec![("tool", "asana"), ("team_board_id", team)],
            trello.clone(),
            "asana",
        ),
        (
            vec![("tool", "trello"), ("team_board_id", ids.product.as_str())],
            trello.clone(),
            "work is imported onto a team board",
        ),
        (
            vec![("tool", "trello")],
            trello.clone(),
            "choose a team board",
        ),
    ];
    for (fields, file, reason) in cases {
        let refused = app.upload(UPLOAD, &fields, ("export", &file)).await;
        assert_eq!(refused.status(), 303, "{fields:?}");
        assert_eq!(
            refused.headers()["location"],
            format!("{}/admin/import", app.address).as_str(),
            "back to the form, the reason out of the address"
        );
        // The reason travels in a short-lived cookie to the form, shown once.
        let cookie = refused
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
            .find(|c| c.starts_with("throughline_posted_error="))
            .expect("the reason's cookie");
        let page = app
            .client
            .get(format!("{}/admin/import", app.address))
            .header(
                "cookie",
                format!("{}; {cookie}", app.session.as_deref().unwrap()),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(reason), "{reason} on the form: {fields:?}");
    }
    let desk = json(app.call("import_desk", &[]).await).await;
    assert_eq!(desk["uploads"], Value::Array(Vec::new()));

    // Only admins import.
    let mut viewer = app.clone();
    viewer.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
    let forbidden = viewer
        .upload(
            UPLOAD,
            &[("tool", "trello"), ("team_board_id", team)],
            ("b.json", &trello),
        )
        .await;
    assert_eq!(forbidden.status(), 403);
    assert_eq!(viewer.call("import_desk", &[]).await.status(), 403);
}
