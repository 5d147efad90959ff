//! Live boards over HTTP: `GET /api/v1/boards/{id}/events` streams each change of a board as a
//! server-sent event, to whoever may read it, from where the reader left off.

use std::time::Duration;

use serde_json::Value;

use crate::helpers::{json, TestApp, World};

/// A board's event stream as a browser reads it.
struct Following {
    response: reqwest::Response,
    buffer: String,
}

/// One server-sent event: its id, name and data.
#[derive(Debug)]
struct Sent {
    id: i64,
    name: String,
    data: Value,
}

impl Following {
    async fn board(app: &TestApp, board_id: &str, last_event_id: Option<i64>) -> Following {
        let response = Self::request(app, board_id, "", last_event_id).await;
        Self::reading(response)
    }

    /// A board page's stream: its person counts among the board's viewers.
    async fn looking(app: &TestApp, board_id: &str) -> Following {
        Self::reading(Self::request(app, board_id, "?viewer=1", None).await)
    }

    /// The names in the next event saying who is looking at the board.
    async fn next_viewers(&mut self) -> Vec<String> {
        loop {
            let event = self.next().await.expect("an event");
            if let Some(names) = event.data["news"]["Viewers"]["names"].as_array() {
                return names
                    .iter()
                    .map(|n| n.as_str().unwrap().to_owned())
                    .collect();
            }
        }
    }

    async fn every_board(app: &TestApp) -> Following {
        Self::topic(app, "/api/v1/boards/events").await
    }

    async fn metrics(app: &TestApp) -> Following {
        Self::topic(app, "/api/v1/metrics/events").await
    }

    async fn topic(app: &TestApp, path: &str) -> Following {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .header("cookie", app.session.as_deref().unwrap_or_default())
            .send()
            .await
            .expect("request sent");
        Self::reading(response)
    }

    fn reading(response: reqwest::Response) -> Following {
        assert_eq!(response.status(), 200, "following {}", response.url());
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Following {
            response,
            buffer: String::new(),
        }
    }

    async fn request(
        app: &TestApp,
        board: &str,
        query: &str,
        last_event_id: Option<i64>,
    ) -> reqwest::Response {
        let path = format!("{}/api/v1/boards/{board}/events{query}", app.address);
        let mut request = app.client.get(path);
        if let Some(cookie) = &app.session {
            request = request.header("cookie", cookie);
        }
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        request.send().await.expect("request sent")
    }

    /// The next event; `None` once the server ended the stream.
    async fn next(&mut self) -> Option<Sent> {
        tokio::time::timeout(Duration::from_secs(20), self.read())
            .await
            .expect("an event or the end of the stream")
    }

    /// Whether nothing more arrives for a while.
    async fn is_quiet(&mut self) -> bool {
        tokio::time::timeout(Duration::from_millis(700), self.read())
            .await
            .is_err()
    }

    async fn read(&mut self) -> Option<Sent> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|line| line.strip_prefix(name))
                        .map(|value| value.trim_start().to_owned())
                };
                // Comments only: the keep-alive.
                if let (Some(id), Some(data)) = (field("id:"), field("data:")) {
                    return Some(Sent {
                        id: id.parse().expect("a numeric event id"),
                        name: field("event:").unwrap_or_default(),
                        data: serde_json::from_str(&data).unwrap_or(Value::String(data)),
                    });
                }
            }
            let chunk = self.response.chunk().await.expect("the stream reads")?;
            self.buffer
                .push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }
}

/// Moves the card `id` to the column `to`, as the board shows it to `app`.
async fn move_card(app: &TestApp, id: &str, to: &str) -> Value {
    let detail = json(
        app.call("item_detail", &[("kind", "work_item"), ("item_id", id)])
            .await,
    )
    .await;
    let version = detail["version"].to_string();
    let moved = app
        .call(
            "move_item",
            &[
                ("kind", "work_item"),
                ("item_id", id),
                ("to_column_id", to),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200, "move {id}");
    json(moved).await
}

#[tokio::test]
async fn moves_additions_edits_and_deletions_reach_whoever_follows_the_board() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let tina = world.member(&team, "Tina Software").await;
    let tom = world.member(&team, "Tom Software").await;
    let card = world.work_item(&team, "Motor mount").create().await;
    let mut following = Following::board(&tom, &team.board_id, None).await;

    let answer = move_card(&tina, &card, &team.column_id("In Progress")).await;
    let moved = following.next().await.expect("the move");
    assert_eq!(moved.name, "board");
    assert_eq!(moved.data["actor"], "Tina Software");
    let news = &moved.data["news"]["Changed"];
    assert_eq!(news["verb"], "Moved");
    // What followers receive is what the mover's own answer said.
    assert_eq!(news["change"], answer);

    let added = json(
        tina.call(
            "add_card",
            &[
                ("board_id", team.board_id.as_str()),
                ("column_id", &team.column_id("To Do")),
                ("title", "Gimbal <b>bracket</b>"),
            ],
        )
        .await,
    )
    .await;
    let event = following.next().await.expect("the addition");
    assert!(event.id > moved.id);
    let news = &event.data["news"]["Changed"];
    assert_eq!(news["verb"], "Added");
    assert_eq!(
        news["change"]["placed"][0]["card"]["title"],
        "Gimbal <b>bracket</b>"
    );
    assert_eq!(news["change"], added);

    let bracket = added["placed"][0]["id"].as_str().unwrap().to_owned();
    let detail = json(
        tina.call(
            "item_detail",
            &[("kind", "work_item"), ("item_id", &bracket)],
        )
        .await,
    )
    .await;
    let version = detail["version"].to_string();
    let edited = tina
        .call(
            "update_work_item",
            &[
                ("item_id", bracket.as_str()),
                ("version", &version),
                ("item[title]", "Gimbal bracket"),
                ("item[size]", "3"),
            ],
        )
        .await;
    assert_eq!(edited.status(), 200, "{}", edited.text().await.unwrap());
    let news = following.next().await.expect("the edit").data["news"]["Changed"].clone();
    assert_eq!(news["verb"], "Edited");
    assert_eq!(
        news["change"]["placed"][0]["card"]["title"],
        "Gimbal bracket"
    );
    assert_eq!(news["change"]["placed"][0]["card"]["size"], 3);

    let version = (version.parse::<i32>().unwrap() + 1).to_string();
    let deleted = tina
        .call(
            "delete_item",
            &[
                ("kind", "work_item"),
                ("item_id", bracket.as_str()),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(deleted.status(), 200, "{}", deleted.text().await.unwrap());
    let news = following.next().await.expect("the deletion").data["news"]["Changed"].clone();
    assert_eq!(news["verb"], "Removed");
    assert_eq!(news["change"]["removed"][0], bracket);
    assert_eq!(news["change"]["placed"], serde_json::json!([]));
    assert!(following.is_quiet().await);
}

#[tokio::test]
async fn a_follower_hears_only_of_the_board_it_follows_and_of_reshaping() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let elsewhere = world.work_item(&hardware, "Elsewhere").create().await;
    let here = world.work_item(&software, "Here").create().await;
    let mut following = Following::board(&world.admin, &software.board_id, None).await;

    move_card(&world.admin, &elsewhere, &hardware.column_id("In Progress")).await;
    move_card(&world.admin, &here, &software.column_id("In Progress")).await;
    let first = following.next().await.expect("an event");
    assert_eq!(
        first.data["news"]["Changed"]["change"]["placed"][0]["id"],
        here
    );

    let measured = world
        .admin
        .call(
            "set_wip_measure",
            &[
                ("board_id", software.board_id.as_str()),
                ("measure", "size"),
            ],
        )
        .await;
    assert_eq!(measured.status(), 200, "{}", measured.text().await.unwrap());
    let reshaped = following.next().await.expect("the change of measure");
    assert_eq!(reshaped.data["news"], "Reshaped");
}

#[tokio::test]
async fn a_follower_of_every_board_hears_of_each_boards_changes() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let here = world.work_item(&software, "Here").create().await;
    let there = world.work_item(&hardware, "There").create().await;
    let mut every = Following::every_board(&world.admin).await;

    move_card(&world.admin, &here, &software.column_id("In Progress")).await;
    move_card(&world.admin, &there, &hardware.column_id("In Progress")).await;
    let placed = |sent: &Sent| sent.data["news"]["Changed"]["change"]["placed"][0]["id"].clone();
    let first = every.next().await.expect("the first move");
    let second = every.next().await.expect("the second move");
    assert_eq!(
        (first.name.as_str(), placed(&first)),
        ("board", here.into())
    );
    assert_eq!(placed(&second), there);
}

#[tokio::test]
async fn a_reconnecting_follower_gets_what_it_missed_exactly_once_in_order() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let card = world.work_item(&team, "Motor mount").create().await;
    let mut first = Following::board(&world.admin, &team.board_id, None).await;
    for column in ["In Progress", "Review", "Ready to Deploy"] {
        move_card(&world.admin, &card, &team.column_id(column)).await;
    }
    let seen = first.next().await.expect("the first move");
    drop(first);

    let mut resumed = Following::board(&world.admin, &team.board_id, Some(seen.id)).await;
    let second = resumed.next().await.expect("the second move");
    let third = resumed.next().await.expect("the third move");
    assert!(seen.id < second.id && second.id < third.id);
    let column =
        |sent: &Sent| sent.data["news"]["Changed"]["change"]["placed"][0]["column_id"].clone();
    assert_eq!(column(&second), team.column_id("Review"));
    assert_eq!(column(&third), team.column_id("Ready to Deploy"));
    assert!(resumed.is_quiet().await, "nothing twice");

    // A page read after the third move follows from there: only what is new.
    let mut from_page = Following::board(&world.admin, &team.board_id, Some(third.id)).await;
    move_card(&world.admin, &card, &team.column_id("Done")).await;
    let fourth = from_page.next().await.expect("the fourth move");
    assert_eq!(column(&fourth), team.column_id("Done"));
    assert!(from_page.is_quiet().await);
}

#[tokio::test]
async fn a_stream_ends_when_its_session_ends() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let tom = world.member(&team, "Tom Software").await;
    let mut following = Following::board(&tom, &team.board_id, None).await;
    let signed_out = tom.call("sign_out", &[]).await;
    assert_eq!(signed_out.status(), 200);
    assert!(following.next().await.is_none(), "the stream ended");
    // And the ended session cannot follow again.
    let again = Following::request(&tom, &team.board_id, "", None).await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn only_readers_follow_and_bad_requests_are_refused_by_name() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let board = team.board_id.as_str();

    let anonymous = Following::request(&world.visitor(), board, "", None).await;
    assert_eq!(anonymous.status(), 401);

    let (token, _) = world
        .admin
        .create_token("telemetry", &["record_telemetry"])
        .await;
    let with_token = world
        .admin
        .client
        .get(format!(
            "{}/api/v1/boards/{board}/events",
            world.admin.address
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 403);

    let nil = uuid::Uuid::nil().to_string();
    for (board, query, status, named) in [
        ("nonsense", "", 400, "board"),
        (nil.as_str(), "", 404, "board"),
        (board, "?after=-4", 400, "after"),
        (board, "?after=soon", 400, "after"),
    ] {
        let response = Following::request(&world.admin, board, query, None).await;
        assert_eq!(response.status(), status, "{board}{query}");
        let body = response.text().await.unwrap();
        assert!(body.contains(named), "{board}{query}: {body}");
    }
}

#[tokio::test]
async fn whoever_shows_a_board_is_seen_by_the_others_there_until_the_page_closes() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let tina = world.member(&team, "Tina Software").await;
    let tom = world.member(&team, "Tom Software").await;
    let mut toms = Following::looking(&tom, &team.board_id).await;
    assert_eq!(toms.next_viewers().await, ["Tom Software"]);
    let tinas = Following::looking(&tina, &team.board_id).await;
    assert_eq!(toms.next_viewers().await, ["Tina Software", "Tom Software"]);
    // The same person in a second tab is one viewer.
    let _toms_second_tab = Following::looking(&tom, &team.board_id).await;
    assert_eq!(toms.next_viewers().await, ["Tina Software", "Tom Software"]);
    drop(tinas);
    assert_eq!(toms.next_viewers().await, ["Tom Software"]);
    // A page following the board without showing it (an item's page) is not seen.
    let _item_page = Following::board(&tina, &team.board_id, None).await;
    assert!(toms.is_quiet().await);
}

#[tokio::test]
async fn a_measurement_from_a_machine_or_by_hand_reaches_whoever_follows_the_metrics() {
    let world = World::new().await;
    let metric = world.metric("Payload capacity").await;
    let mut following = Following::metrics(&world.admin).await;
    let (token, _) = world
        .admin
        .create_token("sensor", &["record_telemetry"])
        .await;
    let sent = world
        .admin
        .client
        .post(format!("{}/api/v1/metrics/{metric}/measurements", world.admin.address))
        .bearer_auth(&token)
        .json(&serde_json::json!({"id": "run-1", "value": 41.5, "measured_at": chrono::Utc::now().to_rfc3339()}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let news = following.next().await.expect("the measurement");
    assert_eq!(news.name, "metric");
    assert_eq!(news.data["metric_id"], metric);

    world.measure(&metric, 50.0).await;
    let by_hand = following.next().await.expect("the measurement by hand");
    assert!(by_hand.id > news.id);
    assert_eq!(by_hand.data["metric_id"], metric);
    assert!(following.is_quiet().await);
}

#[tokio::test]
async fn pages_following_from_their_read_hear_of_changes_made_before_their_streams_connected() {
    let world = World::new().await;
    let metric = world.metric("Payload capacity").await;
    let team = world.team("Software").await;
    let card = world.work_item(&team, "Motor mount").create().await;
    let dashboard = json(world.admin.call("executive_dashboard", &[]).await).await;
    let metric_page = json(
        world
            .admin
            .call("metric_page", &[("metric_id", metric.as_str())])
            .await,
    )
    .await;
    let seen = dashboard["events_seen"]
        .as_i64()
        .expect("the dashboard's read point");
    assert_eq!(metric_page["events_seen"].as_i64(), Some(seen));

    // Changes made after the pages were read, before they follow.
    world.measure(&metric, 50.0).await;
    move_card(&world.admin, &card, &team.column_id("In Progress")).await;

    let mut metrics = Following::topic(
        &world.admin,
        &format!("/api/v1/metrics/events?after={seen}"),
    )
    .await;
    let measured = metrics.next().await.expect("the measurement");
    assert_eq!(measured.data["metric_id"], metric);
    let mut boards =
        Following::topic(&world.admin, &format!("/api/v1/boards/events?after={seen}")).await;
    let moved = boards.next().await.expect("the move");
    assert!(moved.id > seen);
    assert_eq!(moved.data["news"]["Changed"]["verb"], "Moved");
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test sets it)"]
async fn a_change_on_one_server_reaches_followers_on_another_through_postgresql() {
    let world = World::on(TestApp::empty_on_postgres().await).await;
    let team = world.team("Software").await;
    let card = world.work_item(&team, "Motor mount").create().await;
    let mut replica = TestApp::on_database(world.admin.database_url.clone(), false).await;
    replica.session = world.admin.session.clone();
    let mut following = Following::board(&replica, &team.board_id, None).await;

    let answer = move_card(&world.admin, &card, &team.column_id("In Progress")).await;
    let moved = following
        .next()
        .await
        .expect("the move, through PostgreSQL");
    assert_eq!(moved.data["news"]["Changed"]["change"], answer);

    // Signing out on the first server ends the stream on the second.
    world.admin.call("sign_out", &[]).await;
    assert!(following.next().await.is_none(), "the stream ended");
}
