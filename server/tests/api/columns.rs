//! A team reshaping its board through the HTTP API: add, change, reorder and
//! remove columns, with every layout the domain refuses refused here too.

use serde_json::Value;

use crate::helpers::{Team, TestApp, World};

async fn software_board(app: &TestApp, team: &str) -> Value {
    app.call("team_board", &[("team_id", team)])
        .await
        .json()
        .await
        .unwrap()
}

fn names(board: &Value) -> Vec<String> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// (id, version) of the column `name`.
fn column(board: &Value, name: &str) -> (String, String) {
    let column = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap();
    (
        column["id"].as_str().unwrap().to_owned(),
        column["version"].to_string(),
    )
}

/// The Software team, and a client signed in as Tina Software, its member.
async fn tina(world: &World) -> (TestApp, Team) {
    let software = world.team("Software").await;
    (world.member(&software, "Tina Software").await, software)
}

#[tokio::test]
async fn a_team_adds_renames_reorders_and_removes_a_column() {
    let (app, software) = tina(&World::new().await).await;
    let team = software.id;

    let added = app
        .call(
            "add_column",
            &[
                ("team_id", &team),
                ("column[name]", "Testing"),
                ("column[category]", "started"),
                ("column[activity]", "active"),
            ],
        )
        .await;
    assert_eq!(added.status(), 200);
    let board = software_board(&app, &team).await;
    assert_eq!(
        names(&board),
        [
            "To Do",
            "In Progress",
            "Review",
            "Ready to Deploy",
            "Testing",
            "Done"
        ]
    );

    let (testing, version) = column(&board, "Testing");
    let renamed = app
        .call(
            "update_column",
            &[
                ("column_id", &testing),
                ("version", &version),
                ("column[name]", "Field test"),
                ("column[category]", "started"),
                ("column[activity]", "wait"),
            ],
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let stale = app
        .call(
            "update_column",
            &[
                ("column_id", &testing),
                ("version", &version),
                ("column[name]", "Late"),
                ("column[category]", "started"),
                ("column[activity]", "wait"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);

    let moved = app
        .call(
            "move_column",
            &[("column_id", &testing), ("direction", "left")],
        )
        .await;
    assert_eq!(moved.status(), 200);
    let board = software_board(&app, &team).await;
    assert_eq!(
        names(&board),
        [
            "To Do",
            "In Progress",
            "Review",
            "Field test",
            "Ready to Deploy",
            "Done"
        ]
    );
    let field_test = &board["columns"][3];
    assert_eq!(field_test["activity"], "Wait");

    let removed = app.call("remove_column", &[("column_id", &testing)]).await;
    assert_eq!(removed.status(), 200);
    assert_eq!(
        names(&software_board(&app, &team).await),
        ["To Do", "In Progress", "Review", "Ready to Deploy", "Done"]
    );
}

#[tokio::test]
async fn layouts_that_break_the_flow_are_refused_and_nothing_changes() {
    let world = World::new().await;
    let (app, software) = tina(&world).await;
    for (title, column) in [
        ("Altitude drifts with a heavy payload", "Review"),
        ("Gust simulation at full payload", "Done"),
    ] {
        world
            .work_item(&software, title)
            .in_column(column)
            .create()
            .await;
    }
    let team = software.id;
    let board = software_board(&app, &team).await;
    let before = names(&board);
    let (to_do, to_do_version) = column(&board, "To Do");
    let (done, _) = column(&board, "Done");
    let (review, _) = column(&board, "Review");

    let left_of_start = app
        .call(
            "move_column",
            &[("column_id", &to_do), ("direction", "left")],
        )
        .await;
    assert_eq!(left_of_start.status(), 400);

    let done_first = app
        .call(
            "update_column",
            &[
                ("column_id", &to_do),
                ("version", &to_do_version),
                ("column[name]", "To Do"),
                ("column[category]", "done"),
                ("column[activity]", "wait"),
            ],
        )
        .await;
    assert_eq!(done_first.status(), 400);
    let message: Value = done_first.json().await.unwrap();
    assert!(
        message["message"]
            .as_str()
            .unwrap()
            .contains("cannot come after"),
        "{message}"
    );

    let duplicate = app
        .call(
            "add_column",
            &[
                ("team_id", &team),
                ("column[name]", "review"),
                ("column[category]", "started"),
                ("column[activity]", "active"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 400);

    let no_name = app
        .call(
            "add_column",
            &[
                ("team_id", &team),
                ("column[name]", " "),
                ("column[category]", "started"),
                ("column[activity]", "active"),
            ],
        )
        .await;
    assert_eq!(no_name.status(), 400);
    let body: Value = no_name.json().await.unwrap();
    assert_eq!(body["field"], "name");

    let holding_cards = app.call("remove_column", &[("column_id", &review)]).await;
    assert_eq!(holding_cards.status(), 409);
    let body: Value = holding_cards.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("move them to another column first"),
        "{body}"
    );

    let last_done = app.call("remove_column", &[("column_id", &done)]).await;
    assert_eq!(last_done.status(), 409, "Done holds a card");

    assert_eq!(names(&software_board(&app, &team).await), before);
}

#[tokio::test]
async fn another_team_and_the_portfolio_cannot_be_reshaped_by_a_team_member() {
    let world = World::new().await;
    let (app, _) = tina(&world).await;
    let battery = world.team("Battery").await;
    let other = app
        .call(
            "add_column",
            &[
                ("team_id", &battery.id),
                ("column[name]", "Mine"),
                ("column[category]", "started"),
                ("column[activity]", "active"),
            ],
        )
        .await;
    assert_eq!(other.status(), 403);

    let portfolio: Value = app.call("portfolio_board", &[]).await.json().await.unwrap();
    let funnel = portfolio["columns"][0]["id"].as_str().unwrap().to_owned();
    let refused = app
        .call(
            "move_column",
            &[("column_id", &funnel), ("direction", "right")],
        )
        .await;
    assert_eq!(refused.status(), 400);
}
