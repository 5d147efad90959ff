//! User administration through the real HTTP API.

use serde_json::Value;

use crate::helpers::{email_of, TestApp, World, WORLD_ADMIN};

async fn user_row(app: &TestApp, email: &str) -> Value {
    let directory: Value = app.call("user_directory", &[]).await.json().await.unwrap();
    directory["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("{email} in {directory}"))
}

#[tokio::test]
async fn an_admin_adds_a_user_who_can_then_sign_in() {
    let app = World::new().await.admin;

    let response = app
        .call(
            "create_user",
            &[
                ("email", "Nora@Example.com"),
                ("display_name", "Nora New"),
                ("role", "product_manager"),
                ("password", "her own secret"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);

    let row = user_row(&app, "nora@example.com").await;
    assert_eq!(row["role"], "ProductManager");
    let mut nora = app.clone();
    nora.sign_in("nora@example.com", "her own secret").await;
}

#[tokio::test]
async fn bad_or_duplicate_users_are_refused_and_nothing_is_written() {
    let world = World::new().await;
    world.user("Tina Software", "team_member").await;
    let app = &world.admin;
    let tina = email_of("Tina Software");
    let cases = [
        ("not-an-email", "viewer", "long enough pw", 400),
        ("x@example.com", "boss", "long enough pw", 400),
        ("x@example.com", "viewer", "short", 400),
        (tina.as_str(), "viewer", "long enough pw", 409),
    ];
    for (email, role, password, status) in cases {
        let response = app
            .call(
                "create_user",
                &[
                    ("email", email),
                    ("display_name", "X"),
                    ("role", role),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(response.status(), status, "{email} {role}");
        let body: Value = response.json().await.unwrap();
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    let directory: Value = app.call("user_directory", &[]).await.json().await.unwrap();
    // Ada Admin and Tina Software.
    assert_eq!(directory["users"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_role_change_from_a_stale_page_is_a_conflict() {
    let world = World::new().await;
    world.user("Vic Viewer", "viewer").await;
    let app = world.admin;
    let vic = user_row(&app, &email_of("Vic Viewer")).await;
    let id = vic["id"].as_str().unwrap();
    let version = vic["version"].to_string();

    let first = app
        .call(
            "set_user_role",
            &[
                ("user_id", id),
                ("role", "executive"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(first.status(), 200);
    let stale = app
        .call(
            "set_user_role",
            &[
                ("user_id", id),
                ("role", "team_member"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);

    let vic = user_row(&app, &email_of("Vic Viewer")).await;
    assert_eq!(
        vic["role"], "Executive",
        "the stale change did not overwrite"
    );
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted() {
    let app = World::new().await.admin;
    let ada = user_row(&app, WORLD_ADMIN).await;

    let response = app
        .call(
            "set_user_role",
            &[
                ("user_id", ada["id"].as_str().unwrap()),
                ("role", "viewer"),
                ("version", &ada["version"].to_string()),
            ],
        )
        .await;

    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Ada Admin is the last admin: make someone else admin first"
    );
}

#[tokio::test]
async fn team_membership_decides_which_team_boards_a_member_may_change() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let engine = world.team("Engine").await.id;
    world.member(&software, "Tina Software").await;
    let app = world.admin;
    let tina_email = email_of("Tina Software");
    let tina = user_row(&app, &tina_email).await;
    let tina_id = tina["id"].as_str().unwrap();
    assert_eq!(tina["teams"].as_array().unwrap().len(), 1);

    let add = app
        .call(
            "set_assignment",
            &[
                ("user_id", tina_id),
                ("kind", "team"),
                ("target_id", &engine),
                ("held", "true"),
            ],
        )
        .await;
    assert_eq!(add.status(), 200);
    let tina = user_row(&app, &tina_email).await;
    assert!(tina["teams"]
        .as_array()
        .unwrap()
        .contains(&Value::from(engine.clone())));

    let remove = app
        .call(
            "set_assignment",
            &[
                ("user_id", tina_id),
                ("kind", "team"),
                ("target_id", &engine),
                ("held", "false"),
            ],
        )
        .await;
    assert_eq!(remove.status(), 200);
    let tina = user_row(&app, &tina_email).await;
    assert_eq!(tina["teams"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_admins_see_the_users_link() {
    let world = World::new().await;
    let app = &world.admin;
    assert!(app.page("/").await.contains("href=\"/admin/users\""));

    let viewer = world.user("Vic Viewer", "viewer").await;
    assert!(!viewer.page("/").await.contains("href=\"/admin/users\""));
}

#[tokio::test]
async fn an_admin_makes_someone_the_manager_of_a_product() {
    let world = World::new().await;
    world.product("Heavy-lift drone").await;
    world.team("Software").await;
    world.user("Vic Viewer", "viewer").await;
    let app = world.admin;
    let directory: Value = app.call("user_directory", &[]).await.json().await.unwrap();
    let product = directory["products"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(directory["products"][0]["name"], "Heavy-lift drone");
    let vic = user_row(&app, &email_of("Vic Viewer")).await;
    let vic_id = vic["id"].as_str().unwrap();

    let given = app
        .call(
            "set_assignment",
            &[
                ("user_id", vic_id),
                ("kind", "product"),
                ("target_id", &product),
                ("held", "true"),
            ],
        )
        .await;
    assert_eq!(given.status(), 200);
    let vic = user_row(&app, &email_of("Vic Viewer")).await;
    assert_eq!(vic["products"], serde_json::json!([product]));

    // A team is not a product, and "boss" is not something to give.
    let team = directory["teams"][0]["id"].as_str().unwrap();
    let wrong_target = app
        .call(
            "set_assignment",
            &[
                ("user_id", vic_id),
                ("kind", "product"),
                ("target_id", team),
                ("held", "true"),
            ],
        )
        .await;
    assert_eq!(wrong_target.status(), 404);
    let wrong_kind = app
        .call(
            "set_assignment",
            &[
                ("user_id", vic_id),
                ("kind", "boss"),
                ("target_id", team),
                ("held", "true"),
            ],
        )
        .await;
    assert_eq!(wrong_kind.status(), 400);
}

#[tokio::test]
async fn an_admin_adds_a_team_with_a_board_and_a_product_with_a_feature_kanban() {
    let world = World::new().await;
    world.team("Software").await;
    let app = world.admin;

    let team = app
        .call("create_board", &[("kind", "team"), ("name", "Avionics")])
        .await;
    assert_eq!(team.status(), 200);
    let team_id: String = team.json().await.unwrap();
    let board: Value = app
        .call("team_board", &[("team_id", &team_id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board["name"], "Avionics");
    assert_eq!(board["columns"][0]["name"], "To Do");

    let product = app
        .call(
            "create_board",
            &[("kind", "product"), ("name", "Crop sprayer")],
        )
        .await;
    assert_eq!(product.status(), 200);
    let product_id: String = product.json().await.unwrap();
    let kanban: Value = app
        .call("product_board", &[("product_id", &product_id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kanban["columns"][6]["name"], "Done");
    let navigation: Value = app.call("navigation", &[]).await.json().await.unwrap();
    assert!(navigation["products"].to_string().contains("Crop sprayer"));

    let again = app
        .call("create_board", &[("kind", "team"), ("name", "Avionics")])
        .await;
    assert_eq!(again.status(), 409);
    let nameless = app
        .call("create_board", &[("kind", "team"), ("name", " ")])
        .await;
    assert_eq!(nameless.status(), 400);
    let odd = app
        .call("create_board", &[("kind", "guild"), ("name", "Guild")])
        .await;
    assert_eq!(odd.status(), 400);
    let teams: Value = app.call("team_directory", &[]).await.json().await.unwrap();
    // Software and Avionics, once.
    assert_eq!(teams.as_array().unwrap().len(), 2);
}
