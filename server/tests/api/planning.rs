//! Creating, changing, moving and deleting epics, features and work items, and
//! the vision and themes, through the HTTP API: each success, each refusal (with
//! nothing written), and each stale edit (409).

use serde_json::Value;

use crate::helpers::{board, column_id, created_id, find_card, json, TestApp, World};

const FUNNEL_EPIC: &str = "Drones as a subscription service";
const HEAVY_LIFT: &str = "A drone that carries heavy weights";

fn titles_in(board: &Value, column: &str) -> Vec<String> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == column)
        .unwrap()["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

fn card_count(board: &Value) -> usize {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cards"].as_array().unwrap().len())
        .sum()
}

async fn detail(app: &TestApp, kind: &str, id: &str) -> Value {
    let response = app
        .call("item_detail", &[("kind", kind), ("item_id", id)])
        .await;
    assert_eq!(response.status(), 200, "item_detail {kind} {id}");
    json(response).await
}

/// The vision "Grow market share" and its theme "Lead the heavy-lift segment";
/// answers (vision, theme).
async fn strategy(world: &World) -> (String, String) {
    let vision = world.vision("Grow market share").await;
    let theme = world.theme(&vision, "Lead the heavy-lift segment").await;
    (vision, theme)
}

/// The strategy with the epic [`FUNNEL_EPIC`] in the Funnel, and Erin Executive
/// signed in.
async fn erin_with_a_funnel_epic() -> TestApp {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    world.epic(&theme, FUNNEL_EPIC).await;
    world.user("Erin Executive", "executive").await
}

/// Asserts a 400 naming `field`, and returns the message.
async fn refused_field(response: reqwest::Response, field: &str) -> String {
    assert_eq!(response.status(), 400);
    let body = json(response).await;
    assert_eq!(body["error"], "invalid_field", "{body}");
    assert_eq!(body["field"], field, "{body}");
    body["message"].as_str().unwrap().to_owned()
}

async fn move_epic(app: &TestApp, title: &str, to: &str) -> reqwest::Response {
    let portfolio = board(app, "portfolio_board", &[]).await;
    let (id, _, version) = find_card(&portfolio, title);
    app.call(
        "move_item",
        &[
            ("kind", "epic"),
            ("item_id", &id),
            ("to_column_id", &column_id(&portfolio, to)),
            ("version", &version),
        ],
    )
    .await
}

#[tokio::test]
async fn an_executive_creates_an_epic_in_the_funnel_and_writes_its_case() {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    let app = world.user("Erin Executive", "executive").await;

    let created = app
        .call(
            "create_epic",
            &[("epic[title]", "Swarm delivery"), ("epic[owner]", "Erin")],
        )
        .await;

    assert_eq!(created.status(), 200);
    let id: String = created.json().await.unwrap();
    let portfolio = board(&app, "portfolio_board", &[]).await;
    let (_, column, version) = find_card(&portfolio, "Swarm delivery");
    assert_eq!(column, "Funnel");

    let saved = app
        .call(
            "update_epic",
            &[
                ("epic_id", &id),
                ("version", &version),
                ("epic[title]", "Swarm delivery"),
                ("epic[theme_id]", &theme),
                ("epic[hypothesis_for]", "Logistics companies"),
                ("epic[business_outcome]", "20% cheaper last mile"),
                ("epic[mvp_cost]", "150000"),
                ("epic[full_cost]", "900000"),
                ("epic[decision]", "go"),
                ("epic[decision_date]", "2026-11-20"),
                ("epic[decision_reason]", "Pilot customer signed"),
                ("epic[business_value]", "13"),
                ("epic[time_criticality]", "8"),
                ("epic[risk_reduction]", "5"),
                ("epic[job_size]", "13"),
            ],
        )
        .await;

    assert_eq!(saved.status(), 200);
    let page = detail(&app, "epic", &id).await;
    let form = &page["form"]["Epic"];
    assert_eq!(form["hypothesis_for"], "Logistics companies");
    assert_eq!(form["decision"], "go");
    assert_eq!(form["decision_date"], "2026-11-20");
    assert_eq!(form["mvp_cost"], "150000");
    assert_eq!(page["wsjf"], 2.0);
    assert_eq!(page["chain"][0]["title"], "Lead the heavy-lift segment");
    assert_eq!(page["chain"][1]["title"], "Grow market share");
    let fields: Vec<&str> = page["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"hypothesis: for"), "{fields:?}");
    assert!(fields.contains(&"theme"), "{fields:?}");
    assert_eq!(fields.last(), Some(&"created"));
}

#[tokio::test]
async fn bad_epic_input_names_the_field_and_writes_nothing() {
    let app = erin_with_a_funnel_epic().await;
    let before = card_count(&board(&app, "portfolio_board", &[]).await);
    let long = "x".repeat(201);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("epic[title]", "  ")], "title"),
        (&[("epic[title]", &long)], "title"),
        (
            &[
                ("epic[title]", "E"),
                ("epic[theme_id]", "00000000-0000-0000-0000-000000000000"),
            ],
            "theme_id",
        ),
        (
            &[("epic[title]", "E"), ("epic[theme_id]", "garbage")],
            "theme_id",
        ),
        (&[("epic[title]", "E"), ("epic[job_size]", "4")], "job_size"),
        (
            &[("epic[title]", "E"), ("epic[decision]", "go")],
            "decision_date",
        ),
    ];
    for (form, field) in cases {
        let message = refused_field(app.call("create_epic", form).await, field).await;
        assert!(!message.is_empty());
    }
    assert_eq!(
        card_count(&board(&app, "portfolio_board", &[]).await),
        before
    );
}

#[tokio::test]
async fn a_stale_epic_edit_is_a_conflict_and_changes_nothing() {
    let app = erin_with_a_funnel_epic().await;
    let portfolio = board(&app, "portfolio_board", &[]).await;
    let (id, _, version) = find_card(&portfolio, FUNNEL_EPIC);
    let edit = |title: &'static str, version: String| {
        let (app, id) = (&app, id.clone());
        async move {
            app.call(
                "update_epic",
                &[
                    ("epic_id", id.as_str()),
                    ("version", &version),
                    ("epic[title]", title),
                ],
            )
            .await
        }
    };
    assert_eq!(edit("Subscriptions", version.clone()).await.status(), 200);

    let stale = edit("Drone rental", version).await;

    assert_eq!(stale.status(), 409);
    let page = detail(&app, "epic", &id).await;
    assert_eq!(page["title"], "Subscriptions");
}

#[tokio::test]
async fn an_epic_moves_through_the_portfolio_one_state_at_a_time() {
    let app = erin_with_a_funnel_epic().await;

    let skipped = move_epic(&app, FUNNEL_EPIC, "Implementing").await;
    assert_eq!(skipped.status(), 400);
    let message = json(skipped).await["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("from Funnel the next state is Reviewing"),
        "{message}"
    );

    for state in [
        "Reviewing",
        "Analyzing",
        "Portfolio Backlog",
        "Implementing",
    ] {
        assert_eq!(
            move_epic(&app, FUNNEL_EPIC, state).await.status(),
            200,
            "{state}"
        );
    }
    let portfolio = board(&app, "portfolio_board", &[]).await;
    assert_eq!(find_card(&portfolio, FUNNEL_EPIC).1, "Implementing");
    assert_eq!(move_epic(&app, FUNNEL_EPIC, "Funnel").await.status(), 200);
}

#[tokio::test]
async fn team_members_and_viewers_cannot_change_epics() {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    world.epic(&theme, FUNNEL_EPIC).await;
    let software = world.team("Software").await;
    for app in [
        world.member(&software, "Tina Software").await,
        world.user("Vic Viewer", "viewer").await,
    ] {
        assert_eq!(
            move_epic(&app, FUNNEL_EPIC, "Reviewing").await.status(),
            403
        );
        let create = app.call("create_epic", &[("epic[title]", "Mine")]).await;
        assert_eq!(create.status(), 403);
    }
}

/// Paul adds a feature under the heavy-lift epic; Tina adds two work items to it;
/// moving them to Done moves the feature's and the epic's progress.
#[tokio::test]
async fn progress_rolls_up_as_new_work_is_finished() {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    let epic = world.epic(&theme, HEAVY_LIFT).await;
    let product = world.product("Heavy-lift drone").await;
    // A feature not started yet: the epic has progress (none done) to move from.
    world.feature(&product, &epic, "Bigger battery").await;
    let software = world.team("Software").await;
    let app = world.product_manager(&product, "Paul Product").await;
    let epic_before = detail(&app, "epic", &epic).await["tree"]["progress"].clone();

    let created = app
        .call(
            "create_feature",
            &[
                ("product_id", &product),
                ("feature[title]", "Winch for slung loads"),
                ("feature[epic_id]", &epic),
                ("feature[size]", "8"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let feature: String = created.json().await.unwrap();
    let features = board(&app, "product_board", &[("product_id", &product)]).await;
    assert_eq!(find_card(&features, "Winch for slung loads").1, "Funnel");

    let app = world.member(&software, "Tina Software").await;
    for (title, size) in [("Winch motor driver", "3"), ("Winch release logic", "5")] {
        let response = app
            .call(
                "create_work_item",
                &[
                    ("team_id", &software.id),
                    ("item[title]", title),
                    ("item[feature_id]", &feature),
                    ("item[size]", size),
                    ("item[kind]", "story"),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{title}");
    }
    let page = detail(&app, "feature", &feature).await;
    assert_eq!(page["tree"]["progress"]["done"], 0.0);
    assert_eq!(page["tree"]["progress"]["total"], 8.0);

    let team = board(&app, "team_board", &[("team_id", &software.id)]).await;
    let (item, column, version) = find_card(&team, "Winch motor driver");
    assert_eq!(column, "To Do");
    let moved = app
        .call(
            "move_item",
            &[
                ("kind", "work_item"),
                ("item_id", &item),
                ("to_column_id", &column_id(&team, "Done")),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200);

    let page = detail(&app, "feature", &feature).await;
    assert_eq!(page["tree"]["progress"]["done"], 3.0);
    let epic_after = detail(&app, "epic", &epic).await["tree"]["progress"].clone();
    assert_ne!(epic_after, epic_before);
    let item_page = detail(&app, "work_item", &item).await;
    let chain: Vec<&str> = item_page["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        [
            "Winch for slung loads",
            HEAVY_LIFT,
            "Lead the heavy-lift segment",
            "Grow market share"
        ]
    );
}

#[tokio::test]
async fn bad_feature_and_work_item_input_is_refused_with_nothing_written() {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    let epic = world.epic(&theme, HEAVY_LIFT).await;
    let product = world.product("Heavy-lift drone").await;
    let feature = world
        .feature(&product, &epic, "Updated flight software")
        .await;
    let software = world.team("Software").await;
    let app = world.product_manager(&product, "Paul Product").await;
    let product = [("product_id", product.as_str())];
    let before = card_count(&board(&app, "product_board", &product).await);
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("feature[title]", "")], "title"),
        (&[("feature[title]", "F"), ("feature[size]", "4")], "size"),
        (
            &[("feature[title]", "F"), ("feature[epic_id]", &feature)],
            "epic_id",
        ),
        (
            &[
                ("feature[title]", "F"),
                ("feature[acceptance_criteria]", &"y".repeat(10_001)),
            ],
            "acceptance_criteria",
        ),
    ];
    for (form, field) in cases {
        let mut args = product.to_vec();
        args.extend_from_slice(form);
        refused_field(app.call("create_feature", &args).await, field).await;
    }
    assert_eq!(
        card_count(&board(&app, "product_board", &product).await),
        before
    );

    let app = world.member(&software, "Tina Software").await;
    let team = [("team_id", software.id.as_str())];
    let before = card_count(&board(&app, "team_board", &team).await);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("item[title]", "")], "title"),
        (&[("item[title]", "W"), ("item[kind]", "chore")], "kind"),
        (
            &[("item[title]", "W"), ("item[feature_id]", &epic)],
            "feature_id",
        ),
        (&[("item[title]", "W"), ("item[size]", "100")], "size"),
        (
            &[
                ("item[title]", "W"),
                ("item[class_of_service]", "fixed_date"),
            ],
            "target_date",
        ),
        (
            &[("item[title]", "W"), ("item[target_date]", "next Friday")],
            "target_date",
        ),
    ];
    for (form, field) in cases {
        let mut args = team.to_vec();
        args.extend_from_slice(form);
        refused_field(app.call("create_work_item", &args).await, field).await;
    }
    assert_eq!(card_count(&board(&app, "team_board", &team).await), before);
}

#[tokio::test]
async fn a_work_item_edit_is_saved_and_a_stale_one_is_a_conflict() {
    let world = World::new().await;
    let software = world.team("Software").await;
    world
        .work_item(&software, "Payload-aware landing profile")
        .create()
        .await;
    let app = world.member(&software, "Tina Software").await;
    let team = board(&app, "team_board", &[("team_id", &software.id)]).await;
    let (id, _, version) = find_card(&team, "Payload-aware landing profile");
    let save = |version: String, assignee: &'static str| {
        let (app, id) = (&app, id.clone());
        async move {
            app.call(
                "update_work_item",
                &[
                    ("item_id", id.as_str()),
                    ("version", &version),
                    ("item[title]", "Payload-aware landing profile"),
                    ("item[kind]", "story"),
                    ("item[assignee]", assignee),
                    ("item[blocked]", "on"),
                    ("item[blocked_reason]", "waiting for the lidar"),
                    ("item[class_of_service]", "fixed_date"),
                    ("item[target_date]", "2026-12-18"),
                ],
            )
            .await
        }
    };
    // Assigned as the team's people are named, however it was typed.
    assert_eq!(save(version.clone(), "tina software").await.status(), 200);
    assert_eq!(save(version, "Someone").await.status(), 409);

    let team = board(&app, "team_board", &[("team_id", &software.id)]).await;
    let card = team["columns"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(card["owner"], "Tina Software");
    assert_eq!(card["blocked"], "waiting for the lidar");
    assert_eq!(card["class_of_service"], "FixedDate");
    assert_eq!(card["due"], "2026-12-18");
    let saved = detail(&app, "work_item", &id).await;
    assert_eq!(
        saved["form"]["WorkItem"]["target_date"], "2026-12-18",
        "{saved}"
    );
}

#[tokio::test]
async fn cards_reorder_within_a_column() {
    let world = World::new().await;
    let software = world.team("Software").await;
    world
        .work_item(&software, "Payload-aware landing profile")
        .create()
        .await;
    let app = world.member(&software, "Tina Software").await;
    let args = [("team_id", software.id.as_str())];
    for title in ["Calibrate the lidar", "Log landing attempts"] {
        let created = app
            .call(
                "create_work_item",
                &[("team_id", &software.id), ("item[title]", title)],
            )
            .await;
        assert_eq!(created.status(), 200);
    }
    let team = board(&app, "team_board", &args).await;
    let order = titles_in(&team, "To Do");
    assert_eq!(order.last().unwrap(), "Log landing attempts");
    let (last, _, version) = find_card(&team, order.last().unwrap());
    let (first, ..) = find_card(&team, &order[0]);

    let moved = app
        .call(
            "move_item",
            &[
                ("kind", "work_item"),
                ("item_id", &last),
                ("to_column_id", &column_id(&team, "To Do")),
                ("version", &version),
                ("before_id", &first),
            ],
        )
        .await;

    assert_eq!(moved.status(), 200);
    let after = titles_in(&board(&app, "team_board", &args).await, "To Do");
    let mut expected = vec![order.last().unwrap().clone()];
    expected.extend_from_slice(&order[..order.len() - 1]);
    assert_eq!(after, expected);
}

#[tokio::test]
async fn deleting_an_epic_with_features_needs_a_decision_about_them() {
    // Deleting or moving the features changes them: only who may change every one
    // of them may (an executive may not; see hardening.rs).
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    let heavy_lift = world.epic(&theme, HEAVY_LIFT).await;
    world.epic(&theme, FUNNEL_EPIC).await;
    let product = world.product("Heavy-lift drone").await;
    let battery = world.team("Battery").await;
    for title in ["Bigger battery", "Updated flight software", "New engine"] {
        let feature = world.feature(&product, &heavy_lift, title).await;
        if title == "Bigger battery" {
            world
                .work_item(&battery, "Thermal test of the larger pack")
                .under(&feature)
                .create()
                .await;
        }
    }
    let app = &world.admin;
    let portfolio = board(app, "portfolio_board", &[]).await;
    let (heavy, _, version) = find_card(&portfolio, HEAVY_LIFT);
    let (other, ..) = find_card(&portfolio, FUNNEL_EPIC);
    let delete = |extra: Vec<(&'static str, String)>| {
        let (app, heavy, version) = (&app, heavy.clone(), version.clone());
        async move {
            let mut args = vec![
                ("kind", "epic".to_owned()),
                ("item_id", heavy),
                ("version", version),
            ];
            args.extend(extra);
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("delete_item", &args).await
        }
    };

    let refused = delete(vec![]).await;
    assert_eq!(refused.status(), 409);
    let message = json(refused).await["message"].as_str().unwrap().to_owned();
    assert!(message.contains("has 3 features"), "{message}");
    assert_eq!(detail(app, "epic", &heavy).await["title"], HEAVY_LIFT);

    let moved = delete(vec![
        ("children", "move".into()),
        ("move_children_to", other.clone()),
    ])
    .await;
    assert_eq!(moved.status(), 200);
    assert_eq!(json(moved).await, "/");

    let other_page = detail(app, "epic", &other).await;
    assert_eq!(other_page["tree"]["children"].as_array().unwrap().len(), 3);
    let gone = app
        .call("item_detail", &[("kind", "epic"), ("item_id", &heavy)])
        .await;
    assert_eq!(gone.status(), 404);

    let other_version = other_page["version"].to_string();
    let deleted = app
        .call(
            "delete_item",
            &[
                ("kind", "epic"),
                ("item_id", &other),
                ("version", &other_version),
                ("children", "delete"),
            ],
        )
        .await;
    assert_eq!(deleted.status(), 200);
    let tree = json(app.call("strategy_tree", &[]).await).await.to_string();
    assert!(!tree.contains("Bigger battery"), "features deleted with it");
    assert!(
        !tree.contains("Thermal test of the larger pack"),
        "and their work items"
    );
}

#[tokio::test]
async fn the_vision_and_themes_are_edited_by_strategists() {
    let world = World::new().await;
    let (vision, _) = strategy(&world).await;
    let app = world.user("Erin Executive", "executive").await;
    let tree = json(app.call("strategy_tree", &[]).await).await;
    let version = tree["visions"][0]["version"].to_string();

    let saved = app
        .call(
            "save_vision",
            &[
                ("vision_id", &vision),
                ("version", &version),
                ("vision[title]", "Own the heavy-lift market"),
                ("vision[statement]", "Every heavy load flies with us."),
            ],
        )
        .await;
    assert_eq!(saved.status(), 200);
    let theme = app
        .call(
            "save_theme",
            &[
                ("vision_id", &vision),
                ("theme[title]", "Win city logistics"),
            ],
        )
        .await;
    assert_eq!(theme.status(), 200);
    let stale = app
        .call(
            "save_vision",
            &[
                ("vision_id", &vision),
                ("version", &version),
                ("vision[title]", "Something else"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let second = app
        .call("save_vision", &[("vision[title]", "A second vision")])
        .await;
    assert_eq!(second.status(), 409);
    refused_field(
        app.call(
            "save_theme",
            &[("vision_id", &vision), ("theme[title]", "")],
        )
        .await,
        "title",
    )
    .await;

    let tree = json(app.call("strategy_tree", &[]).await).await;
    assert_eq!(tree["visions"][0]["title"], "Own the heavy-lift market");
    let themes: Vec<&str> = tree["visions"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        themes,
        ["Lead the heavy-lift segment", "Win city logistics"]
    );

    let app = world.user("Paul Product", "product_manager").await;
    let refused = app
        .call(
            "save_theme",
            &[("vision_id", &vision), ("theme[title]", "Mine")],
        )
        .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_feature_edit_is_saved_refused_when_bad_and_a_conflict_when_stale() {
    let world = World::new().await;
    let (_, theme) = strategy(&world).await;
    let epic = world.epic(&theme, HEAVY_LIFT).await;
    let product = world.product("Heavy-lift drone").await;
    // Estimated, so that a save without the estimate clears it.
    let estimated = [
        ("product_id", product.as_str()),
        ("feature[title]", "Updated flight software"),
        ("feature[epic_id]", &epic),
        ("feature[size]", "8"),
        ("feature[job_size]", "5"),
    ];
    let feature = created_id(&world.admin, "create_feature", &estimated).await;
    let app = world.product_manager(&product, "Paul Product").await;
    let page = detail(&app, "feature", &feature).await;
    let version = page["version"].to_string();
    let title = page["title"].as_str().unwrap().to_owned();
    let save = |version: String, size: &'static str, criteria: &'static str| {
        let (app, id, title) = (&app, feature.clone(), title.clone());
        async move {
            app.call(
                "update_feature",
                &[
                    ("feature_id", id.as_str()),
                    ("version", &version),
                    ("feature[title]", &title),
                    ("feature[size]", size),
                    ("feature[acceptance_criteria]", criteria),
                ],
            )
            .await
        }
    };

    refused_field(save(version.clone(), "7", "Lands in gusts").await, "size").await;
    assert_eq!(
        detail(&app, "feature", &feature).await["version"],
        page["version"]
    );

    assert_eq!(
        save(version.clone(), "13", "Lands in gusts").await.status(),
        200
    );
    let saved = detail(&app, "feature", &feature).await;
    assert_eq!(
        saved["form"]["Feature"]["acceptance_criteria"],
        "Lands in gusts"
    );
    assert_eq!(saved["form"]["Feature"]["size"], "13");
    // The form is the whole feature: estimates it did not send are cleared.
    assert_eq!(saved["form"]["Feature"]["job_size"], "");
    let changed: Vec<&str> = saved["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert!(changed.contains(&"acceptance criteria"), "{changed:?}");

    assert_eq!(save(version, "8", "Other").await.status(), 409);
    let unchanged = detail(&app, "feature", &feature).await;
    assert_eq!(unchanged["form"]["Feature"]["size"], "13");
}

#[tokio::test]
async fn a_bad_epic_edit_names_the_field_and_changes_nothing() {
    let app = erin_with_a_funnel_epic().await;
    let portfolio = board(&app, "portfolio_board", &[]).await;
    let (id, _, version) = find_card(&portfolio, FUNNEL_EPIC);
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[("epic[title]", "")], "title"),
        (
            &[("epic[title]", "T"), ("epic[full_cost]", "-5")],
            "full_cost",
        ),
        (
            &[("epic[title]", "T"), ("epic[decision_date]", "2026-11-22")],
            "decision",
        ),
    ];
    for (form, field) in cases {
        let mut args = vec![("epic_id", id.as_str()), ("version", version.as_str())];
        args.extend_from_slice(form);
        refused_field(app.call("update_epic", &args).await, field).await;
    }
    let page = detail(&app, "epic", &id).await;
    assert_eq!(page["title"], FUNNEL_EPIC);
    assert_eq!(page["version"].to_string(), version);
}

/// Adds a card titled `title` to the column `column_id` of `board_id`.
async fn add_card(
    app: &TestApp,
    board_id: &str,
    column_id: &str,
    title: &str,
) -> reqwest::Response {
    app.call(
        "add_card",
        &[
            ("board_id", board_id),
            ("column_id", column_id),
            ("title", title),
        ],
    )
    .await
}

#[tokio::test]
async fn a_team_member_adds_a_card_where_they_see_the_column_unaligned_and_placed() {
    let world = World::new().await;
    let rocket = world.team("Rocket").await;
    let tina = world.member(&rocket, "Tina Rocket").await;
    let review = rocket.column_id("Review");

    let added = add_card(&tina, &rocket.board_id, &review, "Found while testing").await;

    assert_eq!(added.status(), 200);
    let change = json(added).await;
    let placed = &change["placed"][0];
    assert_eq!(placed["column_id"], review.as_str());
    assert_eq!(placed["before"], Value::Null);
    assert_eq!(placed["card"]["kind"], "WorkItem");
    assert_eq!(placed["card"]["chain"], serde_json::json!([]), "unaligned");
    let board = board(&tina, "team_board", &[("team_id", &rocket.id)]).await;
    assert_eq!(titles_in(&board, "Review"), ["Found while testing"]);
    let (id, ..) = find_card(&board, "Found while testing");
    let detail = json(
        tina.call("item_detail", &[("kind", "work_item"), ("item_id", &id)])
            .await,
    )
    .await;
    assert_eq!(detail["history"][0]["new_value"], "Review", "its arrival");
}

#[tokio::test]
async fn a_process_board_takes_new_cards_in_its_first_state_only() {
    let world = World::new().await;
    let portfolio = board(&world.admin, "portfolio_board", &[]).await;
    let board_id = portfolio["id"].as_str().unwrap();

    let skipped = add_card(
        &world.admin,
        board_id,
        &column_id(&portfolio, "Reviewing"),
        "Straight to review",
    )
    .await;
    assert_eq!(skipped.status(), 400);
    assert_eq!(
        json(skipped).await["message"],
        "new epics start in Funnel, the first state of the portfolio kanban"
    );

    let added = add_card(
        &world.admin,
        board_id,
        &column_id(&portfolio, "Funnel"),
        "Drone rental",
    )
    .await;
    assert_eq!(added.status(), 200);
    assert_eq!(json(added).await["placed"][0]["card"]["kind"], "Epic");
    let after = board(&world.admin, "portfolio_board", &[]).await;
    assert_eq!(titles_in(&after, "Funnel"), ["Drone rental"]);
    assert_eq!(card_count(&after), 1);
}

#[tokio::test]
async fn a_card_is_not_added_without_a_title_by_a_reader_or_to_another_boards_column() {
    let world = World::new().await;
    let (rocket, other) = (world.team("Rocket").await, world.team("Other").await);
    let tina = world.member(&rocket, "Tina Rocket").await;
    let vic = world.user("Vic Viewer", "viewer").await;
    let to_do = rocket.column_id("To Do");

    let untitled = add_card(&tina, &rocket.board_id, &to_do, "  ").await;
    assert_eq!(untitled.status(), 400);
    assert_eq!(json(untitled).await["field"], "title");
    let by_a_reader = add_card(&vic, &rocket.board_id, &to_do, "Read only").await;
    assert_eq!(by_a_reader.status(), 403);
    let elsewhere = add_card(&tina, &rocket.board_id, &other.column_id("To Do"), "Lost").await;
    assert_eq!(elsewhere.status(), 404);
    let not_hers = add_card(
        &tina,
        &other.board_id,
        &other.column_id("To Do"),
        "Not mine",
    )
    .await;
    assert_eq!(not_hers.status(), 403);

    for team in [&rocket, &other] {
        let board = board(&world.admin, "team_board", &[("team_id", &team.id)]).await;
        assert_eq!(card_count(&board), 0, "nothing added");
    }
}

#[tokio::test]
async fn a_work_item_is_assigned_to_one_of_its_teams_people() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let battery = world.team("Battery").await;
    let tina = world.member(&software, "Tina Software").await;
    world
        .teammate(&battery.id, "Ben Battery", "ben@example.com")
        .await;
    let id = world
        .work_item(&software, "Calibrate the lidar")
        .create()
        .await;
    let detail = [("kind", "work_item"), ("item_id", id.as_str())];
    let read = json(tina.call("item_detail", &detail).await).await;
    assert_eq!(
        read["assignee_choices"],
        serde_json::json!(["Tina Software"])
    );
    let assign = |version: String, assignee: &'static str| {
        let (tina, id) = (&tina, id.clone());
        async move {
            tina.call(
                "update_work_item",
                &[
                    ("item_id", id.as_str()),
                    ("version", &version),
                    ("item[title]", "Calibrate the lidar"),
                    ("item[assignee]", assignee),
                ],
            )
            .await
        }
    };

    // Someone of another team is refused by the field, and nothing changes.
    let refused = assign(read["version"].to_string(), "Ben Battery").await;
    assert_eq!(refused.status(), 400);
    let body = json(refused).await;
    assert_eq!(body["field"], "assignee");
    assert_eq!(
        body["message"],
        "“Ben Battery” is not on the team Software: assign one of its people"
    );
    let unchanged = json(tina.call("item_detail", &detail).await).await;
    assert_eq!(unchanged["version"], read["version"]);

    // One of the team, however typed, is stored as the account names them.
    let saved = assign(read["version"].to_string(), " TINA software ").await;
    assert_eq!(saved.status(), 200);
    let after = json(tina.call("item_detail", &detail).await).await;
    assert_eq!(after["form"]["WorkItem"]["assignee"], "Tina Software");
}

#[tokio::test]
async fn my_work_lists_what_i_hold_on_every_board_under_way_first() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let battery = world.team("Battery").await;
    let tina = world.member(&software, "Tina Software").await;
    world
        .teammate(&battery.id, "Omar Haddad", "omar@example.com")
        .await;
    for (team, title, column, person) in [
        (&software, "Waiting in To Do", None, "Tina Software"),
        (&software, "Under way", Some("In Progress"), "tina software"),
        (&software, "Finished", Some("Done"), "Tina Software"),
        (&software, "Someone else's", Some("In Progress"), ""),
        (
            &battery,
            "Omar's cell test",
            Some("In Progress"),
            "Omar Haddad",
        ),
    ] {
        let item = world.work_item(team, title);
        let item = if person.is_empty() {
            item
        } else {
            item.assigned_to(person)
        };
        match column {
            Some(column) => item.in_column(column).create().await,
            None => item.create().await,
        };
    }
    let mine = json(tina.call("my_work", &[]).await).await;
    let titles: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Under way", "Waiting in To Do", "Finished"]);
    assert_eq!(mine["items"][0]["board"]["name"], "Software");
    assert_eq!(mine["items"][0]["column"], "In Progress");

    let page = tina.page("/my-work").await;
    assert!(
        page.contains("Under way (1)") && page.contains("To start (1)"),
        "{page}"
    );
    assert!(!page.contains("Omar&#x27;s cell test") && !page.contains("Someone else"));
    assert_eq!(world.visitor().call("my_work", &[]).await.status(), 401);
}
