//! WIP limits through the HTTP API: hard limits refuse, soft limits need a reason
//! that lands in the infractions report, bad limits are refused, and no number of
//! concurrent moves ever takes a hard limit over.

use serde_json::Value;

use crate::helpers::{json, NewWorkItem, Team, TestApp, World};

/// The Software team's board, as Ada Admin sees and changes it.
struct Board {
    world: World,
    team: Team,
}

impl Board {
    /// The Software team on an installation of its own, its board empty.
    async fn software() -> Board {
        Board::software_on(World::new().await).await
    }

    async fn software_on(world: World) -> Board {
        let team = world.team("Software").await;
        Board { world, team }
    }

    /// The client signed in as Ada Admin.
    fn app(&self) -> &TestApp {
        &self.world.admin
    }

    /// A card to put on this board.
    fn work_item<'a>(&'a self, title: &'a str) -> NewWorkItem<'a> {
        self.world.work_item(&self.team, title)
    }

    async fn view(&self) -> Value {
        json(
            self.app()
                .call("team_board", &[("team_id", &self.team.id)])
                .await,
        )
        .await
    }

    fn column_id(&self, name: &str) -> String {
        self.team.column_id(name)
    }

    async fn titles_in(&self, name: &str) -> Vec<String> {
        self.view().await["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["cards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_owned())
            .collect()
    }

    /// (id, version) of the card titled `title`.
    async fn card(&self, title: &str) -> (String, String) {
        for column in self.view().await["columns"].as_array().unwrap() {
            for card in column["cards"].as_array().unwrap() {
                if card["title"] == title {
                    return (
                        card["id"].as_str().unwrap().to_owned(),
                        card["version"].to_string(),
                    );
                }
            }
        }
        panic!("no card {title}");
    }

    /// Edits the card `title` at its current version to `fields`, keeping its title.
    async fn edit(&self, title: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (id, version) = self.card(title).await;
        let mut form = vec![
            ("item_id", id.as_str()),
            ("version", version.as_str()),
            ("item[title]", title),
        ];
        form.extend_from_slice(fields);
        self.app().call("update_work_item", &form).await
    }

    async fn set_limit(&self, form: &[(&str, &str)]) -> reqwest::Response {
        let mut args = vec![("board_id", self.team.board_id.as_str())];
        args.extend_from_slice(form);
        self.app().call("save_wip_limit", &args).await
    }

    /// `column`'s own limit, as (id, version), if it has one.
    async fn limit_of(&self, column: &str) -> Option<(String, String)> {
        let column_id = self.column_id(column);
        let settings = json(
            self.app()
                .call("wip_settings", &[("board_id", self.team.board_id.as_str())])
                .await,
        )
        .await;
        settings["limits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["form"]["kind"] == "column" && row["form"]["column_id"] == column_id)
            .map(|row| {
                (
                    row["id"].as_str().unwrap().to_owned(),
                    row["version"].to_string(),
                )
            })
    }

    /// Sets `column`'s limit: changes the one it has (a template's), else adds one.
    async fn column_limit(&self, column: &str, max: &str, enforcement: &str) {
        let column_id = self.column_id(column);
        let own = self.limit_of(column).await;
        let mut form = vec![
            ("limit[kind]", "column"),
            ("limit[column_id]", column_id.as_str()),
            ("limit[max]", max),
            ("limit[enforcement]", enforcement),
        ];
        if let Some((id, version)) = &own {
            form.extend([("limit_id", id.as_str()), ("version", version.as_str())]);
        }
        let response = self.set_limit(&form).await;
        assert_eq!(response.status(), 200, "limit on {column}");
    }

    async fn move_card(&self, title: &str, to: &str, reason: Option<&str>) -> reqwest::Response {
        let (id, version) = self.card(title).await;
        let to = self.column_id(to);
        let mut args = vec![
            ("kind", "work_item"),
            ("item_id", id.as_str()),
            ("to_column_id", to.as_str()),
            ("version", version.as_str()),
        ];
        if let Some(reason) = reason {
            args.push(("reason", reason));
        }
        self.app().call("move_item", &args).await
    }

    /// A card in progress and one in review.
    async fn one_in_progress_one_in_review(&self) {
        let placed = [(IN_PROGRESS_CARD, "In Progress"), (REVIEW_CARD, "Review")];
        for (title, column) in placed {
            self.work_item(title).in_column(column).create().await;
        }
    }

    /// `name` joins the team, so work can be assigned to them.
    async fn person(&self, name: &str) {
        let email = format!("{}@example.com", name.to_lowercase());
        self.world.teammate(&self.team.id, name, &email).await;
    }

    /// `count` cards assigned to `assignee`, who joins the team first.
    async fn add_cards(&self, prefix: &str, count: usize, assignee: &str) -> Vec<String> {
        self.person(assignee).await;
        let mut titles = Vec::new();
        for n in 0..count {
            let title = format!("{prefix} {n}");
            self.work_item(&title).assigned_to(assignee).create().await;
            titles.push(title);
        }
        titles
    }
}

const TO_DO_CARD: &str = "Payload-aware landing profile";
const IN_PROGRESS_CARD: &str = "Tune flight controller for a 40 kg payload";
const REVIEW_CARD: &str = "Altitude drifts with a heavy payload";

#[tokio::test]
async fn a_hard_limit_refuses_the_move_and_names_what_holds_it() {
    let board = Board::software().await;
    board.work_item(TO_DO_CARD).create().await;
    board
        .work_item(REVIEW_CARD)
        .in_column("Review")
        .create()
        .await;
    board.column_limit("Review", "1", "hard").await;

    let refused = board.move_card(TO_DO_CARD, "Review", Some("urgent")).await;

    assert_eq!(refused.status(), 409);
    let message = json(refused).await["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("“Review” is at its hard WIP limit of 1"),
        "{message}"
    );
    assert!(message.contains(REVIEW_CARD), "{message}");
    assert_eq!(board.titles_in("Review").await, [REVIEW_CARD]);
    let view = board.view().await;
    let review = &view["columns"][2];
    assert_eq!(
        (review["wip_limit"].as_u64(), review["wip_hard"].as_bool()),
        (Some(1), Some(true))
    );
}

#[tokio::test]
async fn a_second_limit_on_what_one_already_covers_is_refused_naming_it() {
    let board = Board::software().await;
    let before = board.view().await["limits"].clone();
    // The template's soft limit of 2 on Review is there: adding another is not an
    // edit of it.
    for form in [
        vec![
            ("limit[kind]", "column"),
            ("limit[max]", "1"),
            ("limit[enforcement]", "hard"),
        ],
        vec![
            ("limit[kind]", "person"),
            ("limit[person]", "lena"),
            ("limit[max]", "2"),
            ("limit[enforcement]", "soft"),
        ],
    ] {
        let review = board.column_id("Review");
        let mut form = form;
        if form[0].1 == "column" {
            form.push(("limit[column_id]", review.as_str()));
        } else {
            // A first limit on Lena, then the same person differently written.
            let first = board
                .set_limit(&[
                    ("limit[kind]", "person"),
                    ("limit[person]", "Lena"),
                    ("limit[max]", "3"),
                    ("limit[enforcement]", "soft"),
                ])
                .await;
            assert_eq!(first.status(), 200);
        }
        let kept = board.view().await["limits"].clone();

        let refused = board.set_limit(&form).await;

        assert_eq!(refused.status(), 409, "{form:?}");
        let message = json(refused).await["message"].as_str().unwrap().to_owned();
        let named = if form[0].1 == "column" {
            "Review"
        } else {
            "Lena"
        };
        assert_eq!(
            message,
            format!("“{named}” already has a WIP limit: change that one instead")
        );
        assert_eq!(board.view().await["limits"], kept, "nothing changed");
    }
    assert_ne!(
        board.view().await["limits"],
        before,
        "Lena's first limit was added"
    );
}

#[tokio::test]
async fn a_soft_limit_asks_for_a_reason_and_reports_the_infraction_until_it_is_over() {
    let board = Board::software().await;
    board.work_item(TO_DO_CARD).create().await;
    board
        .work_item(REVIEW_CARD)
        .in_column("Review")
        .create()
        .await;
    board.column_limit("Review", "1", "soft").await;

    let unexplained = board.move_card(TO_DO_CARD, "Review", None).await;
    assert_eq!(unexplained.status(), 400);
    let body = json(unexplained).await;
    assert_eq!(body["field"], "reason");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("would exceed the soft WIP limit of Review (2/1)"),
        "{body}"
    );
    assert_eq!(board.titles_in("Review").await, [REVIEW_CARD]);

    let explained = board
        .move_card(TO_DO_CARD, "Review", Some("Customer demo on Friday"))
        .await;
    assert_eq!(explained.status(), 200);
    let report = json(board.app().call("wip_report", &[]).await).await;
    let infraction = &report["infractions"][0];
    assert_eq!(infraction["reason"], "Customer demo on Friday");
    assert_eq!(infraction["item"], TO_DO_CARD);
    assert_eq!(infraction["who"], "Ada Admin");
    assert_eq!(
        (infraction["load"].as_i64(), infraction["max"].as_i64()),
        (Some(2), Some(1))
    );
    assert!(infraction["resolved_at"].is_null());
    assert!(
        report["over_now"].to_string().contains("Review"),
        "{report}"
    );

    // The same infractions as a spreadsheet, linked from the report's page.
    let download = board.app().get("/reports/wip.csv").await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"wip-report.csv\""
    );
    let csv = download.text().await.unwrap();
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "when,board,limit,load,max,card,who,reason,back within the limit,seconds over"
    );
    assert!(
        rows[1].contains(&format!(
            ",Software,Review,2,1,{TO_DO_CARD},Ada Admin,Customer demo on Friday,,"
        )),
        "{csv}"
    );
    assert!(board
        .app()
        .page("/reports/wip")
        .await
        .contains("href=\"/reports/wip.csv\""));
    let mut anonymous = board.app().clone();
    anonymous.session = None;
    let refused = anonymous.get("/reports/wip.csv").await;
    assert_eq!(refused.status(), 303, "to the sign-in page");
    assert_eq!(
        refused.headers()["location"],
        "/login?next=%2Freports%2Fwip.csv"
    );

    assert_eq!(
        board.move_card(REVIEW_CARD, "Done", None).await.status(),
        200
    );
    let report = json(board.app().call("wip_report", &[]).await).await;
    assert!(
        !report["infractions"][0]["resolved_at"].is_null(),
        "{report}"
    );
    assert!(
        !report["over_now"].to_string().contains("Software"),
        "{report}"
    );
}

/// The board's infractions as the report lists them: (limit, still open).
async fn infractions(board: &Board) -> Vec<(String, bool)> {
    let report = json(board.app().call("wip_report", &[]).await).await;
    let mut rows: Vec<(String, bool)> = report["infractions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["limit"].as_str().unwrap().to_owned(),
                row["resolved_at"].is_null(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn a_move_closes_only_the_infractions_of_limits_it_leaves_within_and_removing_a_limit_closes_its_own(
) {
    let board = Board::software().await;
    board.work_item(TO_DO_CARD).create().await;
    board.one_in_progress_one_in_review().await;
    board.work_item("Second review").create().await;
    board.column_limit("In Progress", "1", "soft").await;
    board.column_limit("Review", "1", "soft").await;
    let over = |title: &'static str, to: &'static str| {
        let board = &board;
        async move {
            let moved = board.move_card(title, to, Some("Release week")).await;
            assert_eq!(moved.status(), 200, "{title} into {to}");
        }
    };
    over(TO_DO_CARD, "In Progress").await;
    over("Second review", "Review").await;
    let open = |limit: &str| (limit.to_owned(), true);
    assert_eq!(
        infractions(&board).await,
        [open("In Progress"), open("Review")]
    );

    // Review back within its limit; In Progress still over.
    let done = board.move_card(REVIEW_CARD, "Done", None).await;
    assert_eq!(done.status(), 200);
    let closed = |limit: &str| (limit.to_owned(), false);
    assert_eq!(
        infractions(&board).await,
        [open("In Progress"), closed("Review")]
    );

    let (limit, _) = board.limit_of("In Progress").await.unwrap();
    let removed = board
        .app()
        .call(
            "remove_wip_limit",
            &[
                ("board_id", board.team.board_id.as_str()),
                ("limit_id", limit.as_str()),
            ],
        )
        .await;
    assert_eq!(removed.status(), 200);
    assert_eq!(
        infractions(&board).await,
        [closed("In Progress"), closed("Review")],
        "a removed limit's infraction ends with it, though it is still over"
    );
}

#[tokio::test]
async fn lowering_a_limit_below_the_load_is_allowed_and_shown_as_over() {
    let board = Board::software().await;
    board
        .work_item(REVIEW_CARD)
        .in_column("Review")
        .create()
        .await;
    let created = board.add_cards("Queued", 2, "Omar").await;
    for title in &created {
        let moved = board.move_card(title, "Review", Some("review day")).await;
        assert_eq!(moved.status(), 200);
    }
    board.column_limit("Review", "1", "hard").await;

    let report = json(board.app().call("wip_report", &[]).await).await;
    let over = report["over_now"].to_string();
    assert!(
        over.contains("Review") && over.contains("\"load\":3"),
        "{over}"
    );
    // Leaving an over-limit column is never stopped.
    assert_eq!(
        board.move_card(&created[0], "Done", None).await.status(),
        200
    );
}

#[tokio::test]
async fn bad_limits_are_refused_with_a_message_and_nothing_is_stored() {
    let board = Board::software().await;
    let review = board.column_id("Review");
    let settings = || async {
        json(
            board
                .app()
                .call("wip_settings", &[("board_id", &board.team.board_id)])
                .await,
        )
        .await["limits"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = settings().await;
    for (max, message) in [
        ("0", "a WIP limit is between 1 and 999, not 0"),
        ("-3", "a WIP limit is between 1 and 999, not -3"),
        (
            "lots",
            "“lots” is not a whole number; a WIP limit is between 1 and 999",
        ),
        ("1000", "a WIP limit is between 1 and 999, not 1000"),
    ] {
        let response = board
            .set_limit(&[
                ("limit[kind]", "column"),
                ("limit[column_id]", &review),
                ("limit[max]", max),
                ("limit[enforcement]", "hard"),
            ])
            .await;
        assert_eq!(response.status(), 400, "{max}");
        let body = json(response).await;
        assert_eq!(body["field"], "max");
        assert_eq!(body["message"], message);
    }
    let other_board = json(board.app().call("portfolio_board", &[]).await).await["columns"][0]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let foreign = board
        .set_limit(&[
            ("limit[kind]", "column"),
            ("limit[column_id]", &other_board),
            ("limit[max]", "3"),
            ("limit[enforcement]", "hard"),
        ])
        .await;
    assert_eq!(foreign.status(), 400);
    assert_eq!(settings().await, before);
}

/// Fires every card of `titles` at `to` at once, `rounds` times. Each round exactly
/// one move may win the one free slot; the winner then goes back to `home`.
async fn race(board: &Board, titles: &[String], to: &str, home: &str, rounds: usize) {
    let to_id = board.column_id(to);
    for round in 0..rounds {
        let view = board.view().await;
        let mut cards = Vec::new();
        for column in view["columns"].as_array().unwrap() {
            for card in column["cards"].as_array().unwrap() {
                if titles.iter().any(|t| card["title"] == t.as_str()) {
                    cards.push((
                        card["id"].as_str().unwrap().to_owned(),
                        card["version"].to_string(),
                        card["title"].as_str().unwrap().to_owned(),
                    ));
                }
            }
        }
        assert_eq!(cards.len(), titles.len());
        let mut moves = tokio::task::JoinSet::new();
        for (id, version, title) in cards {
            let (app, to) = (board.app().clone(), to_id.clone());
            moves.spawn(async move {
                let response = app
                    .call(
                        "move_item",
                        &[
                            ("kind", "work_item"),
                            ("item_id", &id),
                            ("to_column_id", &to),
                            ("version", &version),
                        ],
                    )
                    .await;
                (response.status().as_u16(), title)
            });
        }
        let results = moves.join_all().await;
        let winners: Vec<&String> = results
            .iter()
            .filter(|(status, _)| *status == 200)
            .map(|(_, title)| title)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        assert!(
            results
                .iter()
                .all(|(status, _)| *status == 200 || *status == 409),
            "round {round}: {results:?}"
        );
        let winner = winners[0].clone();
        assert_eq!(board.move_card(&winner, home, None).await.status(), 200);
    }
}

#[tokio::test]
async fn thirty_two_racing_moves_never_take_a_hard_column_limit_over() {
    let board = Board::software().await;
    board
        .work_item(REVIEW_CARD)
        .in_column("Review")
        .create()
        .await;
    let racers = board.add_cards("Racer", 32, "Omar").await;
    // Review holds one card: a limit of 2 leaves one free slot.
    board.column_limit("Review", "2", "hard").await;

    race(&board, &racers, "Review", "To Do", 20).await;

    assert_eq!(board.titles_in("Review").await, [REVIEW_CARD]);
}

#[tokio::test]
async fn thirty_two_racing_moves_never_take_a_hard_group_limit_over() {
    let board = Board::software().await;
    board.one_in_progress_one_in_review().await;
    let racers = board.add_cards("Grouped", 32, "Omar").await;
    let (first, last) = (board.column_id("In Progress"), board.column_id("Review"));
    // In Progress + Review hold two cards: a limit of 3 leaves one free slot.
    let response = board
        .set_limit(&[
            ("limit[kind]", "group"),
            ("limit[column_id]", &first),
            ("limit[last_column_id]", &last),
            ("limit[max]", "3"),
            ("limit[enforcement]", "hard"),
        ])
        .await;
    assert_eq!(response.status(), 200);

    race(&board, &racers, "In Progress", "To Do", 20).await;

    let held = board.titles_in("In Progress").await.len() + board.titles_in("Review").await.len();
    assert_eq!(held, 2);
}

#[tokio::test]
async fn thirty_two_racing_moves_never_take_a_hard_person_limit_over() {
    let board = Board::software().await;
    let racers = board.add_cards("Personal", 32, "Rita").await;
    // Rita has nothing started: a limit of 1 is the one free slot.
    let response = board
        .set_limit(&[
            ("limit[kind]", "person"),
            ("limit[person]", "Rita"),
            ("limit[max]", "1"),
            ("limit[enforcement]", "hard"),
        ])
        .await;
    assert_eq!(response.status(), 200);

    race(&board, &racers, "In Progress", "To Do", 20).await;

    assert!(board
        .titles_in("In Progress")
        .await
        .iter()
        .all(|t| !t.starts_with("Personal")));
}

#[tokio::test]
async fn hard_limits_also_hold_against_new_and_reassigned_cards() {
    let board = Board::software().await;
    board.person("Lena").await;
    board.work_item(TO_DO_CARD).create().await;
    for (title, column) in [(IN_PROGRESS_CARD, "In Progress"), (REVIEW_CARD, "Review")] {
        board
            .work_item(title)
            .assigned_to("Lena")
            .in_column(column)
            .create()
            .await;
    }
    // Lena has two started cards; a hard limit of 2 is full.
    let response = board
        .set_limit(&[
            ("limit[kind]", "person"),
            ("limit[person]", "Lena"),
            ("limit[max]", "2"),
            ("limit[enforcement]", "hard"),
        ])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        board
            .move_card(TO_DO_CARD, "In Progress", Some("pairing"))
            .await
            .status(),
        200
    );

    let reassigned = board.edit(TO_DO_CARD, &[("item[assignee]", "Lena")]).await;

    assert_eq!(reassigned.status(), 409);
    let message = json(reassigned).await["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("“Lena” is at its hard WIP limit of 2"),
        "{message}"
    );
    for held in [IN_PROGRESS_CARD, REVIEW_CARD] {
        assert!(message.contains(&format!("“{held}”")), "{message}");
    }

    // One of Lena's own cards, sized: her load stays 2, which the limit holds.
    let sized = board
        .edit(
            IN_PROGRESS_CARD,
            &[("item[assignee]", "Lena"), ("item[size]", "3")],
        )
        .await;
    assert_eq!(sized.status(), 200);

    // To Do is empty now: a hard limit of 1 takes one new card, not two.
    board.column_limit("To Do", "1", "hard").await;
    let board = &board;
    let create = |title: &'static str| async move {
        let form = [("team_id", board.team.id.as_str()), ("item[title]", title)];
        board.app().call("create_work_item", &form).await
    };
    assert_eq!(create("One more").await.status(), 200);
    let too_many = create("One too many").await;
    assert_eq!(too_many.status(), 409);
    let message = json(too_many).await["message"].as_str().unwrap().to_owned();
    assert!(message.contains(": “One more” hold it"), "{message}");
    assert_eq!(board.titles_in("To Do").await, ["One more"]);
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn racing_moves_never_take_a_hard_limit_over_on_postgresql() {
    let board = Board::software_on(World::on(TestApp::empty_on_postgres().await).await).await;
    board
        .work_item(REVIEW_CARD)
        .in_column("Review")
        .create()
        .await;
    let racers = board.add_cards("Racer", 32, "Omar").await;
    board.column_limit("Review", "2", "hard").await;

    race(&board, &racers, "Review", "To Do", 10).await;

    assert_eq!(board.titles_in("Review").await, [REVIEW_CARD]);
}
