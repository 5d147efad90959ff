//! The public REST API (`/api/v1`) through HTTP, as an integrator calls it: with
//! a token, JSON bodies, `ETag`/`If-Match`, cursors and problem details.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::helpers::{
    assert_counts_are_the_cards, assert_finish_times_are_the_timelines, board, find_card,
    PlannedBoard, TestApp, World, WORLD_ADMIN,
};

const PROBLEM: &str = "application/problem+json";

/// A client of the API with one token.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn of(app: &'a TestApp, capabilities: &[&str]) -> Api<'a> {
        let (token, _) = app.create_token("integration", capabilities).await;
        Api { app, token }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.app
            .client
            .request(method, format!("{}/api/v1{path}", self.app.address))
            .bearer_auth(&self.token)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request sent")
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        if_match: Option<&str>,
        body: Value,
    ) -> reqwest::Response {
        let request = self.request(method, path).json(&body);
        let request = match if_match {
            Some(tag) => request.header("if-match", tag),
            None => request,
        };
        request.send().await.expect("request sent")
    }
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

/// Asserts a refusal: its status, problem details, and the field it names.
async fn refused(response: reqwest::Response, status: u16, field: Option<&str>) -> Value {
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], PROBLEM);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["status"], status, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:throughline:problem:"),
        "{problem}"
    );
    assert!(!problem["detail"].as_str().unwrap().is_empty(), "{problem}");
    assert_eq!(problem["field"].as_str(), field, "{problem}");
    problem
}

#[tokio::test]
async fn an_item_is_created_read_changed_moved_and_deleted_with_its_version() {
    an_item_s_whole_life(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn an_item_s_whole_life_works_the_same_on_postgresql() {
    an_item_s_whole_life(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn an_item_s_whole_life(world: World) {
    let PlannedBoard {
        software, chain, ..
    } = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;

    let boards: Value = api.get("/boards").await.json().await.unwrap();
    let team_board = boards["boards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|board| board["id"] == software.board_id.as_str())
        .expect("the team's board is listed");
    assert_eq!(team_board["kind"], "team");
    assert_eq!(team_board["team_id"], software.id.as_str());
    let columns: Vec<&str> = team_board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|column| column["name"].as_str().unwrap())
        .collect();
    assert_eq!(columns[0], "To Do");
    assert!(!team_board["wip_limits"].as_array().unwrap().is_empty());
    assert_eq!(boards["boards"][0]["kind"], "portfolio");

    let created = api
        .send(
            reqwest::Method::POST,
            "/items",
            None,
            json!({
                "kind": "work_item", "board_id": software.board_id, "title": "Calibrate the IMU",
                "size": 3, "work_type": "defect", "parent_id": chain.feature,
            }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let first_tag = etag(&created);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let item: Value = created.json().await.unwrap();
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/items/{id}"));
    assert_eq!(first_tag, format!("\"{}\"", item["version"]));
    assert_eq!(item["kind"], "work_item");
    assert_eq!(item["column"], "To Do");
    assert_eq!(item["state"], "not_started");
    assert_eq!(item["size"], 3);
    assert_eq!(item["work_type"], "defect");
    assert_eq!(item["parent_id"], chain.feature.as_str());
    assert_eq!(item["owner"], Value::Null);

    // The board the browser shows has it, as any card.
    let on_board = board(&world.admin, "team_board", &[("team_id", &software.id)]).await;
    assert_eq!(find_card(&on_board, "Calibrate the IMU").1, "To Do");

    let read = api.get(&format!("/items/{id}")).await;
    assert_eq!(read.status(), 200);
    assert_eq!(etag(&read), first_tag);
    let unchanged = api
        .request(reqwest::Method::GET, &format!("/items/{id}"))
        .header("if-none-match", &first_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 304);

    let path = format!("/items/{id}");
    let change = json!({"title": "Calibrate the IMU twice", "blocked": true, "blocked_reason": "No test rig"});
    refused(
        api.send(reqwest::Method::PATCH, &path, None, change.clone())
            .await,
        428,
        Some("If-Match"),
    )
    .await;
    refused(
        api.send(
            reqwest::Method::PATCH,
            &path,
            Some("\"999\""),
            change.clone(),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;
    let changed = api
        .send(reqwest::Method::PATCH, &path, Some(&first_tag), change)
        .await;
    assert_eq!(changed.status(), 200);
    let second_tag = etag(&changed);
    assert_ne!(second_tag, first_tag);
    let item: Value = changed.json().await.unwrap();
    assert_eq!(item["title"], "Calibrate the IMU twice");
    assert_eq!(item["blocked"], true);
    assert_eq!(item["blocked_reason"], "No test rig");
    assert_eq!(item["size"], 3, "a field not sent stays");

    // The old version cannot be written over: the first writer's change stays.
    refused(
        api.send(
            reqwest::Method::PATCH,
            &path,
            Some(&first_tag),
            json!({"title": "Lost"}),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;
    // The form's own rules, named by the API's fields; nothing changes.
    for (body, field) in [
        (json!({"size": 4}), "size"),
        (json!({"owner": "Ana"}), "owner"),
        (json!({"parent_id": chain.epic}), "parent_id"),
        (json!({"title": ""}), "title"),
        (json!({"work_type": "saga"}), "work_type"),
        (
            json!({"column_id": software.column_id("Done")}),
            "column_id",
        ),
        (json!({"class_of_service": "fixed_date"}), "target_date"),
    ] {
        refused(
            api.send(reqwest::Method::PATCH, &path, Some(&second_tag), body)
                .await,
            400,
            Some(field),
        )
        .await;
    }
    assert_eq!(etag(&api.get(&path).await), second_tag);

    // A move follows the board's rules, and answers where it now is.
    let in_progress = software.column_id("In Progress");
    let moved = api
        .send(
            reqwest::Method::POST,
            &format!("{path}/move"),
            Some(&second_tag),
            json!({"column_id": in_progress}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let third_tag = etag(&moved);
    let item: Value = moved.json().await.unwrap();
    assert_eq!(item["column_id"], in_progress.as_str());
    assert_eq!(item["state"], "started");
    let on_board = board(&world.admin, "team_board", &[("team_id", &software.id)]).await;
    assert_eq!(
        find_card(&on_board, "Calibrate the IMU twice").1,
        "In Progress"
    );

    let listed: Value = api
        .get(&format!("/items?column_id={in_progress}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id.as_str()));

    refused(
        api.send(
            reqwest::Method::DELETE,
            &path,
            Some(&second_tag),
            Value::Null,
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;
    let deleted = api
        .send(
            reqwest::Method::DELETE,
            &path,
            Some(&third_tag),
            Value::Null,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    refused(api.get(&path).await, 404, None).await;
}

#[tokio::test]
async fn epics_and_features_are_made_on_their_boards_and_a_parent_with_children_asks_first() {
    let world = World::new().await;
    let PlannedBoard {
        chain, software, ..
    } = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let epic = api
        .send(
            reqwest::Method::POST,
            "/items",
            None,
            json!({"kind": "epic", "title": "Autonomous docking", "owner": "Olu", "business_value": 8,
                   "hypothesis_for": "Fleet operators", "mvp_cost": 12000, "full_cost": 90000,
                   "decision": "go", "decision_date": "2026-11-20",
                   "decision_reason": "Pays back within a year"}),
        )
        .await;
    assert_eq!(epic.status(), 201);
    let epic: Value = epic.json().await.unwrap();
    assert_eq!(
        (epic["state"].as_str(), epic["owner"].as_str()),
        (Some("not_started"), Some("Olu"))
    );
    assert_eq!(epic["business_value"], 8);
    assert_eq!(epic["hypothesis_for"], "Fleet operators");
    assert_eq!(epic["hypothesis_who"], "");
    assert_eq!(
        (epic["mvp_cost"].as_i64(), epic["full_cost"].as_i64()),
        (Some(12000), Some(90000))
    );
    assert_eq!(
        (epic["decision"].as_str(), epic["decision_date"].as_str()),
        (Some("go"), Some("2026-11-20"))
    );
    // The business case's own rules, by field; a work item has no business case.
    let epic_path = format!("/items/{}", epic["id"].as_str().unwrap());
    for (change, field) in [
        (json!({"mvp_cost": 100000}), "mvp_cost"),
        (json!({"decision": "maybe"}), "decision"),
        (json!({"decision_reason": ""}), "decision_reason"),
    ] {
        refused(
            api.send(reqwest::Method::PATCH, &epic_path, Some("*"), change)
                .await,
            400,
            Some(field),
        )
        .await;
    }
    let listed: Value = api.get("/items?kind=epic").await.json().await.unwrap();
    assert_eq!(
        listed["items"][1]["decision_reason"],
        "Pays back within a year"
    );
    let card: Value = api
        .get(&format!("/items?board_id={}", software.board_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(card["items"][0]["hypothesis_for"], Value::Null);
    let feature = api
        .send(
            reqwest::Method::POST,
            "/items",
            None,
            json!({"kind": "feature", "board_id": chain.product, "title": "Docking lights",
                   "parent_id": epic["id"], "acceptance_criteria": "Seen at 50 m"}),
        )
        .await;
    assert_eq!(feature.status(), 201);
    let feature: Value = feature.json().await.unwrap();
    assert_eq!(feature["board_id"], chain.product.as_str());
    assert_eq!(feature["acceptance_criteria"], "Seen at 50 m");

    // A work item on a feature board, or no board at all, is refused by name.
    for body in [
        json!({"kind": "work_item", "board_id": chain.product, "title": "x"}),
        json!({"kind": "work_item", "title": "x"}),
        json!({"kind": "work_item", "board_id": "not-an-id", "title": "x"}),
        json!({"kind": "work_item", "board_id": uuid::Uuid::new_v4(), "title": "x"}),
    ] {
        refused(
            api.send(reqwest::Method::POST, "/items", None, body).await,
            400,
            Some("board_id"),
        )
        .await;
    }
    refused(
        api.send(
            reqwest::Method::POST,
            "/items",
            None,
            json!({"kind": "vision", "title": "x"}),
        )
        .await,
        400,
        Some("kind"),
    )
    .await;

    // Deleting the epic with a feature under it says so; `children=delete` takes both.
    let path = format!("/items/{}", epic["id"].as_str().unwrap());
    let tag = format!("\"{}\"", epic["version"]);
    refused(
        api.send(reqwest::Method::DELETE, &path, Some(&tag), Value::Null)
            .await,
        409,
        None,
    )
    .await;
    refused(
        api.send(
            reqwest::Method::DELETE,
            &format!("{path}?children=keep"),
            Some(&tag),
            Value::Null,
        )
        .await,
        400,
        Some("children"),
    )
    .await;
    let deleted = api
        .send(
            reqwest::Method::DELETE,
            &format!("{path}?children=delete"),
            Some(&tag),
            Value::Null,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    refused(
        api.get(&format!("/items/{}", feature["id"].as_str().unwrap()))
            .await,
        404,
        None,
    )
    .await;
    // The team's own card is untouched.
    let cards: Value = api
        .get(&format!("/items?board_id={}", software.board_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cards["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn pages_walk_every_item_once_while_items_are_added_between_them() {
    walk_pages(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn pages_walk_every_item_once_on_postgresql() {
    walk_pages(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn walk_pages(world: World) {
    let planned = world.planned_board().await;
    let team = &planned.software;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let add = |title: String| {
        api.send(
            reqwest::Method::POST,
            "/items",
            None,
            json!({"kind": "work_item", "board_id": team.board_id, "title": title}),
        )
    };
    for n in 0..9 {
        assert_eq!(add(format!("Existing {n}")).await.status(), 201);
    }
    let all: Value = api.get("/items?limit=200").await.json().await.unwrap();
    let before: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all["next_cursor"], Value::Null);

    for sort in ["created_at", "-created_at", "updated_at"] {
        let mut seen = Vec::new();
        let mut path = format!("/items?limit=4&sort={sort}");
        let mut added = 0;
        loop {
            let page = api.get(&path).await;
            assert_eq!(page.status(), 200, "{path}");
            let link = page
                .headers()
                .get("link")
                .map(|l| l.to_str().unwrap().to_owned());
            let page: Value = page.json().await.unwrap();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 4);
            seen.extend(
                items
                    .iter()
                    .map(|item| item["id"].as_str().unwrap().to_owned()),
            );
            let Some(cursor) = page["next_cursor"].as_str() else {
                assert!(link.is_none());
                break;
            };
            assert!(link.unwrap().contains("rel=\"next\""));
            // Someone adds a card between two pages.
            assert_eq!(
                add(format!("Added during {sort} {added}")).await.status(),
                201
            );
            added += 1;
            path = format!("/items?limit=4&sort={sort}&cursor={cursor}");
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: an item was listed twice");
        for id in &before {
            assert!(
                seen.contains(id),
                "{sort}: an item that was there was skipped"
            );
        }
    }

    // Filters narrow the list.
    let epics: Value = api.get("/items?kind=epic").await.json().await.unwrap();
    assert_eq!(epics["items"].as_array().unwrap().len(), 1);
    assert_eq!(epics["items"][0]["id"], planned.chain.epic.as_str());
    let under: Value = api
        .get(&format!("/items?parent_id={}", planned.chain.feature))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(under["items"][0]["id"], planned.item.as_str());
    let started: Value = api
        .get(&format!("/items?state=started&board_id={}", team.board_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(started["items"][0]["column"], "Review");
    assert_eq!(started["items"].as_array().unwrap().len(), 1);
    let future = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let none: Value = api
        .get(&format!("/items?updated_since={}", urlencode(&future)))
        .await
        .json()
        .await
        .unwrap();
    assert!(none["items"].as_array().unwrap().is_empty());
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_each_one() {
    let world = World::new().await;
    let api = Api::of(&world.admin, &["read"]).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("sort=title", "sort"),
        ("cursor=junk", "cursor"),
        ("kind=vision", "kind"),
        ("state=finished", "state"),
        ("board_id=7", "board_id"),
        ("updated_since=yesterday", "updated_since"),
        ("colour=red", "colour"),
    ] {
        refused(api.get(&format!("/items?{query}")).await, 400, Some(field)).await;
    }
    let page: Value = api
        .get("/items?limit=1&sort=-updated_at")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    refused(api.get("/items/not-an-id").await, 404, None).await;
    refused(api.get("/boards/not-an-id").await, 404, None).await;
}

#[tokio::test]
async fn tokens_do_what_their_capabilities_and_their_owner_allow() {
    let world = World::new().await;
    let PlannedBoard { software, item, .. } = world.planned_board().await;
    let reader = Api::of(&world.admin, &["read"]).await;
    let viewer_app = world.user("Vic Viewer", "viewer").await;
    let viewer = Api::of(&viewer_app, &["read", "write_items"]).await;
    let new_card = json!({"kind": "work_item", "board_id": software.board_id, "title": "Not mine"});
    assert_eq!(reader.get("/items").await.status(), 200);
    refused(
        reader
            .send(reqwest::Method::POST, "/items", None, new_card.clone())
            .await,
        403,
        None,
    )
    .await;
    refused(
        viewer
            .send(reqwest::Method::POST, "/items", None, new_card)
            .await,
        403,
        None,
    )
    .await;
    refused(
        viewer
            .send(
                reqwest::Method::PATCH,
                &format!("/items/{item}"),
                Some("*"),
                json!({"title": "Mine"}),
            )
            .await,
        403,
        None,
    )
    .await;
    let anonymous = world
        .admin
        .client
        .get(format!("{}/api/v1/items", world.admin.address))
        .send()
        .await
        .unwrap();
    refused(anonymous, 401, None).await;
    let revoked = world
        .admin
        .client
        .get(format!("{}/api/v1/items", world.admin.address))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    refused(revoked, 401, None).await;
}

#[tokio::test]
async fn each_token_has_its_own_rate_limit_answered_with_retry_after() {
    let world =
        World::on(TestApp::empty_with_settings(&[("API_REQUESTS_PER_MINUTE", "3")]).await).await;
    let busy = Api::of(&world.admin, &["read"]).await;
    let other = Api::of(&world.admin, &["read"]).await;
    for left in ["2", "1", "0"] {
        let answer = busy.get("/boards").await;
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers()["ratelimit-remaining"], left);
    }
    let refusal = busy.get("/boards").await;
    let retry_after: u64 = refusal.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&retry_after), "{retry_after}");
    let problem = refused(refusal, 429, None).await;
    assert_eq!(problem["retry_after"], retry_after);
    assert_eq!(other.get("/boards").await.status(), 200);
    // The browser's own pages are not the API's clients.
    assert_eq!(world.admin.get("/").await.status(), 200);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_its_reference_page_is_served() {
    let world = World::new().await;
    let document: Value = world
        .admin
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for (path, methods) in [
        ("/api/v1/items", &["get", "post"][..]),
        ("/api/v1/items/{id}", &["get", "patch", "delete"]),
        ("/api/v1/items/{id}/move", &["post"]),
        ("/api/v1/boards", &["get"]),
        ("/api/v1/boards/{id}", &["get"]),
        ("/api/v1/boards/{id}/flow", &["get"]),
        ("/api/v1/teams", &["get"]),
        ("/api/v1/metrics/{metric_id}/measurements", &["post"]),
        ("/api/v1/deployments", &["post"]),
        ("/api/v1/incidents", &["post"]),
        ("/api/v1/boards/{board_id}/events", &["get"]),
        ("/api/v1/visions", &["get"]),
        ("/api/v1/products", &["get"]),
        ("/api/v1/metrics", &["get", "post"]),
        ("/api/v1/metrics/{metric_id}", &["get", "patch"]),
        (
            "/api/v1/metrics/{metric_id}/items/{item_id}",
            &["put", "delete"],
        ),
        ("/api/v1/users", &["get", "post"]),
        ("/api/v1/users/{user_id}", &["get", "patch"]),
        (
            "/api/v1/users/{user_id}/teams/{team_id}",
            &["put", "delete"],
        ),
        ("/api/v1/boards/{board_id}/limits", &["post"]),
        (
            "/api/v1/boards/{board_id}/limits/{limit_id}",
            &["get", "patch", "delete"],
        ),
        ("/api/v1/visions/{vision_id}/themes", &["post"]),
        ("/api/v1/themes/{theme_id}", &["get", "patch"]),
        ("/api/v1/webhooks", &["get", "post"]),
        ("/api/v1/webhooks/{webhook_id}", &["get", "delete"]),
        ("/api/v1/deployments", &["get", "post"]),
        ("/api/v1/incidents", &["get", "post"]),
    ] {
        for method in methods {
            let operation = &document["paths"][path][method];
            assert!(operation.is_object(), "{method} {path} is documented");
        }
    }
    assert_eq!(
        document["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let page = world.admin.get("/api/v1/docs/").await;
    assert_eq!(page.status(), 200);
    // Its own policy lets Swagger UI's style attributes apply; scripts stay strict.
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("style-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{policy}"
    );
    let app_policy = world.admin.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!app_policy.contains("unsafe-inline"), "{app_policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    let initializer = world.admin.get("/api/v1/docs/swagger-initializer.js").await;
    assert_eq!(initializer.status(), 200);
    assert!(initializer
        .text()
        .await
        .unwrap()
        .contains("/api/v1/openapi.json"));
    assert_eq!(
        world
            .admin
            .get("/api/v1/docs/swagger-ui-bundle.js")
            .await
            .status(),
        200
    );
}

/// Every operation of the served document, with its path's parameters filled
/// with ids of `planned`: (method, path).
async fn operations(app: &TestApp, planned: &PlannedBoard) -> Vec<(reqwest::Method, String)> {
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut operations = Vec::new();
    for (path, methods) in document["paths"].as_object().unwrap() {
        let filled = path
            .replace("{id}", &planned.item)
            .replace("{item_id}", &planned.item)
            .replace("{metric_id}", &planned.metric)
            .replace("{board_id}", &planned.software.board_id)
            .replace("{limit_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{vision_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{user_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{team_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{product_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{theme_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{webhook_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{delivery_id}", &uuid::Uuid::new_v4().to_string());
        assert!(!filled.contains('{'), "a parameter of {path} is not filled");
        for method in methods.as_object().unwrap().keys() {
            operations.push((method.to_uppercase().parse().unwrap(), filled.clone()));
        }
    }
    operations
}

/// The authorization guarantee over every operation the document lists: no
/// token answers 401, and a token that may only read is refused every change
/// with 403, all as problem details.
#[tokio::test]
async fn every_operation_needs_a_token_and_changes_need_one_that_may_change() {
    let world = World::new().await;
    let planned = world.planned_board().await;
    let reader = Api::of(&world.admin, &["read"]).await;
    let operations = operations(&world.admin, &planned).await;
    assert!(operations.len() >= 15, "{operations:?}");
    for (method, path) in operations {
        let anonymous = world
            .admin
            .client
            .request(method.clone(), format!("{}{path}", world.admin.address))
            .header("if-match", "*")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401, "{method} {path} without a token");
        assert_eq!(
            anonymous.headers()["content-type"],
            PROBLEM,
            "{method} {path}"
        );
        if method == reqwest::Method::GET {
            continue;
        }
        // A body each operation would take from a token that may change things.
        let body = if path.ends_with("/move") {
            json!({"column_id": planned.software.column_id("Review")})
        } else if path == "/api/v1/items" {
            json!({"kind": "work_item", "board_id": planned.software.board_id, "title": "x"})
        } else {
            json!({"title": "x"})
        };
        let read_only = reader
            .request(method.clone(), path.trim_start_matches("/api/v1"))
            .header("if-match", "*")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            read_only.status(),
            403,
            "{method} {path} with a read-only token"
        );
        assert_eq!(
            read_only.headers()["content-type"],
            PROBLEM,
            "{method} {path}"
        );
    }
}

/// The robustness guarantee over every field of the item bodies the document
/// describes: a value of the wrong type or off its scale, written to an epic, a
/// feature and a work item (the kinds that have the field check it, the others
/// refuse it as not theirs) or in a new item, is refused with 400 naming the
/// field, and nothing changes.
#[tokio::test]
async fn every_item_field_refuses_bad_values_by_name_and_changes_nothing() {
    let world = World::new().await;
    let planned = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let targets = [&planned.chain.epic, &planned.chain.feature, &planned.item]
        .map(|id| format!("/items/{id}"));
    let new_item =
        json!({"kind": "work_item", "board_id": planned.software.board_id, "title": "Robust"});
    bad_values_are_refused(
        &api,
        "ItemFields",
        &targets,
        ("/items", new_item),
        "/items?limit=200",
    )
    .await;
}

/// The same guarantee over every field of a metric's body.
#[tokio::test]
async fn every_metric_field_refuses_bad_values_by_name_and_changes_nothing() {
    let world = World::new().await;
    let planned = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let targets = [format!("/metrics/{}", planned.metric)];
    let new_metric = json!({"name": "Robust", "direction": "increase", "baseline": 1, "target": 2});
    bad_values_are_refused(
        &api,
        "MetricFields",
        &targets,
        ("/metrics", new_metric),
        "/metrics",
    )
    .await;
}

/// Writes bad values of every field of the document's `schema`, by its type, to
/// each of `targets` (`PATCH` with `If-Match: *`) and into a new body (`POST`
/// to `create`'s path over its valid body): each is refused with 400 naming the
/// field, the targets read the same afterwards, and `list` lists as many.
async fn bad_values_are_refused(
    api: &Api<'_>,
    schema: &str,
    targets: &[String],
    (create, valid): (&str, Value),
    list: &str,
) {
    let document: Value = api
        .app
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    let fields = document["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("the document describes {schema}"))
        .clone();
    let listed = || async {
        api.get(list)
            .await
            .text()
            .await
            .unwrap()
            .matches("\"id\"")
            .count()
    };
    let listed_before = listed().await;
    let mut before = Vec::new();
    for target in targets {
        before.push(api.get(target).await.text().await.unwrap());
    }
    for (name, described) in &fields {
        let described = described.to_string();
        let mut bad = vec![json!([]), json!({"a": 1})];
        if described.contains("int64") {
            // An amount: whole and not below zero.
            bad.extend([json!("many"), json!(1.5), json!(1e40), json!(-1)]);
        } else if described.contains("integer") {
            // A point on the 1, 2, 3, 5, 8, 13, 20 scale.
            bad.extend([json!("many"), json!(4), json!(1e40), json!(-1)]);
        } else if described.contains("number") {
            bad.extend([json!("many"), json!("1.5.5")]);
        } else if described.contains("boolean") {
            bad.extend([json!("yes"), json!(1)]);
        } else if described.contains("\"uuid\"") {
            bad.extend([json!("not-an-id"), json!(7)]);
        } else if described.contains("\"date\"") {
            bad.extend([json!("2026-13-45"), json!("tomorrow")]);
        } else if described.contains("enum") {
            bad.push(json!("sideways"));
        } else {
            bad.push(json!("x".repeat(20_001)));
        }
        for value in bad {
            let what = format!("{schema}: {name} = {value}");
            for target in targets {
                let change = json!({ name.as_str(): value.clone() });
                let changed = api
                    .send(reqwest::Method::PATCH, target, Some("*"), change)
                    .await;
                assert_eq!(changed.status(), 400, "PATCH {target} {what}");
                let problem: Value = changed.json().await.unwrap();
                assert_eq!(
                    problem["field"],
                    name.as_str(),
                    "PATCH {target} {what}: {problem}"
                );
            }
            let mut body = valid.clone();
            body[name.as_str()] = value;
            let made = api.send(reqwest::Method::POST, create, None, body).await;
            assert_eq!(made.status(), 400, "POST {create} {what}");
        }
    }
    for (target, was) in targets.iter().zip(before) {
        assert_eq!(
            api.get(target).await.text().await.unwrap(),
            was,
            "{target} changed"
        );
    }
    assert_eq!(listed().await, listed_before, "{list} lists another number");
}

#[tokio::test]
async fn strategy_metrics_and_people_are_read_and_claims_are_made_through_the_api() {
    read_and_claimed(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn strategy_metrics_and_people_are_read_and_claims_made_the_same_on_postgresql() {
    read_and_claimed(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn read_and_claimed(world: World) {
    let planned = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;

    let visions: Value = api.get("/visions").await.json().await.unwrap();
    assert_eq!(visions["visions"][0]["id"], planned.chain.vision.as_str());
    assert_eq!(visions["visions"][0]["title"], "Grow market share");
    assert_eq!(
        visions["visions"][0]["themes"][0]["title"],
        "Lead the heavy-lift segment"
    );
    let products: Value = api.get("/products").await.json().await.unwrap();
    assert_eq!(
        products["products"][0]["id"],
        planned.chain.product.as_str()
    );

    let metric = &planned.metric;
    world.measure(metric, 12.5).await;
    let listed: Value = api.get("/metrics").await.json().await.unwrap();
    assert_eq!(listed["metrics"][0]["id"], metric.as_str());
    let read: Value = api
        .get(&format!("/metrics/{metric}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["name"], "Payload capacity");
    assert_eq!(read["current"], 12.5);
    let measured: Value = api
        .get(&format!("/metrics/{metric}/measurements"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(measured["measurements"][0]["value"], 12.5);
    refused(
        api.get(&format!("/metrics/{}", uuid::Uuid::new_v4())).await,
        404,
        None,
    )
    .await;

    let claim = format!("/metrics/{metric}/items/{}", planned.item);
    let put = || api.send(reqwest::Method::PUT, &claim, None, Value::Null);
    assert_eq!(put().await.status(), 204);
    refused(put().await, 409, None).await;
    let claims: Value = api
        .get(&format!("/metrics/{metric}/items"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(claims["items"][0]["id"], planned.item.as_str());
    assert_eq!(claims["items"][0]["kind"], "work_item");
    let viewer_app = world.user("Vic Viewer", "viewer").await;
    let viewer = Api::of(&viewer_app, &["read", "write_items"]).await;
    refused(
        viewer
            .send(reqwest::Method::DELETE, &claim, None, Value::Null)
            .await,
        403,
        None,
    )
    .await;
    let withdraw = || api.send(reqwest::Method::DELETE, &claim, None, Value::Null);
    assert_eq!(withdraw().await.status(), 204);
    refused(withdraw().await, 404, None).await;

    // People are the admins' to list, with a token that may administer.
    refused(api.get("/users").await, 403, None).await;
    let admin = Api::of(&world.admin, &["read", "administer"]).await;
    let users: Value = admin.get("/users").await.json().await.unwrap();
    let emails: Vec<&str> = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&WORLD_ADMIN), "{emails:?}");
    assert!(emails.contains(&"vic.viewer@example.com"), "{emails:?}");
}

#[tokio::test]
async fn a_board_s_flow_and_keys_are_its_metrics_page_s_figures() {
    let world = World::new().await;
    let planned = world.planned_board().await;
    let team = &planned.software;
    world.deployments("Software", [1, 2, 3]).await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let item = api.get(&format!("/items/{}", planned.item)).await;
    let tag = etag(&item);
    let finished = api
        .send(
            reqwest::Method::POST,
            &format!("/items/{}/move", planned.item),
            Some(&tag),
            json!({"column_id": team.column_id("Done")}),
        )
        .await;
    assert_eq!(finished.status(), 200);

    let flow: Value = api
        .get(&format!("/boards/{}/flow", team.board_id))
        .await
        .json()
        .await
        .unwrap();
    let page = board(
        &world.admin,
        "board_metrics",
        &[("board_id", &team.board_id)],
    )
    .await;
    assert_eq!(flow["finished"], 1);
    assert_eq!(flow["finished"], page["flow"]["finished"]);
    assert_eq!(flow["from"], page["range"]["first"]);
    assert_eq!(flow["to"], page["range"]["last"]);
    let throughput: u64 = flow["throughput"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day["items"].as_u64().unwrap())
        .sum();
    assert_eq!(throughput, 1);
    assert_eq!(
        flow["aging"][0]["title"],
        "Altitude drifts with a heavy payload"
    );
    assert_eq!(flow["teams"][0], team.id.as_str());
    // The charts' shapes, as the page draws them.
    let columns = flow["columns"].as_array().unwrap();
    assert_eq!(columns.len(), page["columns"].as_array().unwrap().len());
    assert_eq!(columns[0]["id"], page["columns"][0]["id"]);
    assert_eq!(
        flow["cumulative_flow"],
        json!(page["flow"]["cumulative_flow"]
            .as_array()
            .unwrap()
            .iter()
            .map(|day| json!({ "day": day[0], "items": day[1] }))
            .collect::<Vec<_>>())
    );
    let last_day = flow["cumulative_flow"].as_array().unwrap().last().unwrap();
    assert_eq!(last_day["items"].as_array().unwrap().len(), columns.len());
    let scatter = flow["cycle_time_scatter"].as_array().unwrap();
    assert_eq!(scatter.len(), 1, "{flow}");
    assert_eq!(scatter[0]["items"], 1);
    assert_eq!(scatter[0]["sample_id"], planned.item.as_str());
    assert!(!scatter[0]["sample_title"].as_str().unwrap().is_empty());
    assert_eq!(flow["keys"]["deployments"], 3);
    assert!(
        flow["keys"]["deployment_frequency"]["band"].is_string(),
        "{flow}"
    );

    let narrowed: Value = api
        .get(&format!(
            "/boards/{}/flow?from=2026-01-01&to=2026-01-31",
            team.board_id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(narrowed["from"], "2026-01-01");
    assert_eq!(narrowed["finished"], 0);
    for (query, field) in [("from=yesterday", "from"), ("within=x", "within")] {
        refused(
            api.get(&format!("/boards/{}/flow?{query}", team.board_id))
                .await,
            400,
            Some(field),
        )
        .await;
    }
    refused(
        api.get(&format!("/boards/{}/flow", uuid::Uuid::new_v4()))
            .await,
        404,
        None,
    )
    .await;
}

#[tokio::test]
async fn metrics_are_defined_and_changed_with_their_versions() {
    metrics_defined_and_changed(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn metrics_are_defined_and_changed_the_same_on_postgresql() {
    metrics_defined_and_changed(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn metrics_defined_and_changed(world: World) {
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let made = api
        .send(
            reqwest::Method::POST,
            "/metrics",
            None,
            json!({"name": "Flight time", "unit": "min", "direction": "increase",
                   "baseline": 22, "baseline_date": "2026-01-01",
                   "target": 40, "target_date": "2026-12-31", "leading": true}),
        )
        .await;
    assert_eq!(made.status(), 201);
    let first_tag = etag(&made);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let metric: Value = made.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/metrics/{}", metric["id"].as_str().unwrap())
    );
    assert_eq!(
        (
            metric["name"].as_str(),
            metric["leading"].as_bool(),
            metric["target"].as_f64()
        ),
        (Some("Flight time"), Some(true), Some(40.0))
    );
    assert_eq!(metric["status"], "not_measured");
    let path = location.trim_start_matches("/api/v1").to_owned();
    assert_eq!(etag(&api.get(&path).await), first_tag);

    refused(
        api.send(reqwest::Method::PATCH, &path, None, json!({"target": 45}))
            .await,
        428,
        Some("If-Match"),
    )
    .await;
    for (change, field) in [
        (json!({"target": 10}), "target"),
        (json!({"direction": "sideways"}), "direction"),
        (json!({"target_date": "2025-01-01"}), "target_date"),
        (json!({"leading": "yes"}), "leading"),
        (json!({"name": ""}), "name"),
        (json!({"colour": "red"}), "colour"),
    ] {
        refused(
            api.send(reqwest::Method::PATCH, &path, Some(&first_tag), change)
                .await,
            400,
            Some(field),
        )
        .await;
    }
    let changed = api
        .send(
            reqwest::Method::PATCH,
            &path,
            Some(&first_tag),
            json!({"target": 45, "owner": "Olu"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_ne!(etag(&changed), first_tag);
    let metric: Value = changed.json().await.unwrap();
    assert_eq!(
        (
            metric["target"].as_f64(),
            metric["owner"].as_str(),
            metric["unit"].as_str()
        ),
        (Some(45.0), Some("Olu"), Some("min"))
    );
    refused(
        api.send(
            reqwest::Method::PATCH,
            &path,
            Some(&first_tag),
            json!({"target": 50}),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;

    let viewer_app = world.user("Vic Viewer", "viewer").await;
    let viewer = Api::of(&viewer_app, &["read", "write_items"]).await;
    refused(
        viewer
            .send(
                reqwest::Method::POST,
                "/metrics",
                None,
                json!({"name": "Mine"}),
            )
            .await,
        403,
        None,
    )
    .await;
}

#[tokio::test]
async fn deployments_and_incidents_are_read_back_a_page_at_a_time() {
    telemetry_read_back(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn deployments_and_incidents_are_read_back_the_same_on_postgresql() {
    telemetry_read_back(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn telemetry_read_back(world: World) {
    let software = world.team("Software").await;
    world.team("Hardware").await;
    world.deployments("Software", [3, 2, 1]).await;
    world.deployments("Hardware", [1]).await;
    let (recorder, _) = world
        .admin
        .create_token("incidents", &["record_telemetry"])
        .await;
    let incident = world
        .admin
        .client
        .post(format!("{}/api/v1/incidents", world.admin.address))
        .bearer_auth(recorder)
        .json(
            &json!({ "id": "inc-7", "service": "software", "caused_by": "Software-2",
            "started_at": "2026-11-20T10:00:00Z", "ended_at": "2026-11-20T11:30:00Z" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(incident.status(), 201);
    let api = Api::of(&world.admin, &["read"]).await;
    let ids = |page: &Value| -> Vec<String> {
        page["deployments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };

    let first = api.get("/deployments?limit=3").await;
    assert_eq!(first.status(), 200);
    let link = first.headers()["link"].to_str().unwrap().to_owned();
    let first: Value = first.json().await.unwrap();
    // One batch is recorded at one time, and listed in the order of its rows' ids.
    let mut batch = ids(&first);
    batch.sort();
    assert_eq!(batch, ["Software-0", "Software-1", "Software-2"]);
    assert_eq!(first["deployments"][0]["team_id"], software.id.as_str());
    assert_eq!(first["deployments"][0]["status"], "success");
    let cursor = first["next_cursor"].as_str().unwrap();
    assert!(link.contains("limit=3") && link.contains(cursor), "{link}");
    let second: Value = api
        .get(&format!("/deployments?limit=3&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&second), ["Hardware-0"]);
    assert_eq!(second["next_cursor"], Value::Null);
    let theirs: Value = api
        .get(&format!("/deployments?team_id={}", software.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&theirs).len(), 3);
    let by_service: Value = api
        .get("/deployments?service=hardware")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&by_service), ["Hardware-0"]);
    let later: Value = api
        .get("/deployments?recorded_since=2999-01-01T00:00:00Z")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(later["deployments"], json!([]));

    let incidents: Value = api.get("/incidents").await.json().await.unwrap();
    let incident = &incidents["incidents"][0];
    assert_eq!(incident["id"], "inc-7");
    assert_eq!(incident["caused_by"], "Software-2");
    assert_eq!(
        incident["team_id"],
        software.id.as_str(),
        "the team of its cause"
    );
    assert_eq!(incident["ended_at"], "2026-11-20T11:30:00Z");

    for (query, field) in [
        ("team_id=nope", "team_id"),
        ("recorded_since=yesterday", "recorded_since"),
        ("limit=0", "limit"),
        ("cursor=abc", "cursor"),
        ("colour=red", "colour"),
    ] {
        for list in ["/deployments", "/incidents"] {
            let asked = format!("{list}?{query}");
            refused(api.get(&asked).await, 400, Some(field)).await;
        }
    }
}

#[tokio::test]
async fn wip_limits_are_added_read_changed_and_removed_under_the_board_s_rules() {
    limits_written(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn wip_limits_are_written_the_same_on_postgresql() {
    limits_written(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn limits_written(world: World) {
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let limits = format!("/boards/{}/limits", software.board_id);

    let added = api
        .send(
            reqwest::Method::POST,
            &limits,
            None,
            json!({ "scope": "person", "person": "Omar", "max": 2, "enforcement": "hard" }),
        )
        .await;
    assert_eq!(added.status(), 201);
    assert_eq!(etag(&added), "\"1\"");
    let location = added.headers()["location"].to_str().unwrap().to_owned();
    let added: Value = added.json().await.unwrap();
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1{limits}/{id}"));
    assert_eq!(
        (
            added["scope"].as_str(),
            added["max"].as_i64(),
            added["enforcement"].as_str()
        ),
        (Some("person"), Some(2), Some("hard"))
    );
    let board: Value = api
        .get(&format!("/boards/{}", software.board_id))
        .await
        .json()
        .await
        .unwrap();
    assert!(board["wip_limits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["id"] == id.as_str()));

    let one = format!("{limits}/{id}");
    refused(
        api.send(reqwest::Method::PATCH, &one, None, json!({ "max": 3 }))
            .await,
        428,
        Some("If-Match"),
    )
    .await;
    refused(
        api.send(
            reqwest::Method::PATCH,
            &one,
            Some("\"7\""),
            json!({ "max": 3 }),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;
    let changed = api
        .send(
            reqwest::Method::PATCH,
            &one,
            Some("\"1\""),
            json!({ "max": 3 }),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let changed_tag = etag(&changed);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(
        (changed["max"].as_i64(), changed["person"].as_str()),
        (Some(3), Some("Omar"))
    );

    // Refusals name the API's field; none changes anything.
    for (body, status, field) in [
        (json!({ "scope": "galaxy", "max": 2 }), 400, "scope"),
        (
            json!({ "scope": "person", "person": "Lena", "max": "many" }),
            400,
            "max",
        ),
        (
            json!({ "scope": "column", "column_id": "nope", "max": 2 }),
            400,
            "column_id",
        ),
        (
            json!({ "scope": "person", "person": "Lena", "max": 2, "colour": 1 }),
            400,
            "colour",
        ),
        (
            json!({ "scope": "column", "column_id": hardware.column_id("Review"), "max": 2 }),
            400,
            "column_id",
        ),
    ] {
        let answer = api
            .send(reqwest::Method::POST, &limits, None, body.clone())
            .await;
        refused(answer, status, Some(field)).await;
    }
    // The template's soft limit on Review is there: a second is refused.
    let again = json!({ "scope": "column", "column_id": software.column_id("Review"), "max": 1 });
    let twice = api.send(reqwest::Method::POST, &limits, None, again).await;
    assert_eq!(twice.status(), 409);
    let elsewhere = format!("/boards/{}/limits/{id}", hardware.board_id);
    assert_eq!(
        api.get(&elsewhere).await.status(),
        404,
        "a limit of another board"
    );

    let (reader, _) = world.admin.create_token("reader", &["read"]).await;
    let read_only = world
        .admin
        .client
        .delete(format!("{}/api/v1{one}", world.admin.address))
        .bearer_auth(reader)
        .header("if-match", &changed_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(read_only.status(), 403);
    let removed = api
        .send(reqwest::Method::DELETE, &one, Some(&changed_tag), json!({}))
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(api.get(&one).await.status(), 404);
}

#[tokio::test]
async fn the_vision_and_its_themes_are_written_and_changed_by_strategists() {
    strategy_written(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_vision_and_its_themes_are_written_the_same_on_postgresql() {
    strategy_written(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn strategy_written(world: World) {
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let made = api
        .send(
            reqwest::Method::POST,
            "/visions",
            None,
            json!({ "title": "Deliver by air", "statement": "Parcels in an hour" }),
        )
        .await;
    assert_eq!(made.status(), 201);
    assert_eq!(etag(&made), "\"1\"");
    let vision: Value = made.json().await.unwrap();
    let vision_id = vision["id"].as_str().unwrap().to_owned();
    assert_eq!(vision["themes"], json!([]));
    let second = api
        .send(
            reqwest::Method::POST,
            "/visions",
            None,
            json!({ "title": "Another" }),
        )
        .await;
    assert_eq!(second.status(), 409, "one vision per workspace");

    let themes = format!("/visions/{vision_id}/themes");
    let theme = api
        .send(
            reqwest::Method::POST,
            &themes,
            None,
            json!({ "title": "Quiet flight" }),
        )
        .await;
    assert_eq!(theme.status(), 201);
    let location = theme.headers()["location"].to_str().unwrap().to_owned();
    let theme: Value = theme.json().await.unwrap();
    let theme_id = theme["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/themes/{theme_id}"));

    let path = format!("/themes/{theme_id}");
    let changed = api
        .send(
            reqwest::Method::PATCH,
            &path,
            Some("\"1\""),
            json!({ "statement": "Below 60 dB" }),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(
        (changed["title"].as_str(), changed["statement"].as_str()),
        (Some("Quiet flight"), Some("Below 60 dB"))
    );
    refused(
        api.send(
            reqwest::Method::PATCH,
            &path,
            Some("\"1\""),
            json!({ "title": "Late" }),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;
    let vision_path = format!("/visions/{vision_id}");
    refused(
        api.send(
            reqwest::Method::PATCH,
            &vision_path,
            None,
            json!({ "title": "x" }),
        )
        .await,
        428,
        Some("If-Match"),
    )
    .await;
    for (body, field) in [
        (json!({ "title": "" }), "title"),
        (json!({ "title": "x".repeat(201) }), "title"),
        (json!({ "title": "Two\nlines" }), "title"),
        (json!({ "title": ["x"] }), "title"),
        (json!({ "colour": "red" }), "colour"),
    ] {
        let answer = api
            .send(
                reqwest::Method::PATCH,
                &vision_path,
                Some("\"1\""),
                body.clone(),
            )
            .await;
        refused(answer, 400, Some(field)).await;
    }
    let read: Value = api.get(&vision_path).await.json().await.unwrap();
    assert_eq!(read["title"], "Deliver by air", "nothing changed");
    assert_eq!(read["themes"][0]["statement"], "Below 60 dB");
    assert_eq!(
        api.get(&format!("/themes/{}", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );

    // A team member may read the strategy, not write it.
    let team = world.team("Software").await;
    let member = world.member(&team, "Tina").await;
    let (token, _) = member
        .create_token("member", &["read", "write_items"])
        .await;
    let refused_member = member
        .client
        .post(format!("{}/api/v1{themes}", member.address))
        .bearer_auth(token)
        .json(&json!({ "title": "Mine" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused_member.status(), 403);
}

#[tokio::test]
async fn admins_make_users_and_give_them_roles_teams_and_products() {
    users_made(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn users_are_made_and_assigned_the_same_on_postgresql() {
    users_made(World::on(TestApp::empty_on_postgres().await).await).await;
}

async fn users_made(world: World) {
    let team = world.team("Software").await;
    let product = world.product("Drone").await;
    let api = Api::of(&world.admin, &["read", "administer"]).await;
    let nora = json!({ "email": "Nora@Example.com", "display_name": "Nora New",
        "role": "team_member", "password": "her own secret" });
    let made = api
        .send(reqwest::Method::POST, "/users", None, nora.clone())
        .await;
    assert_eq!(made.status(), 201);
    let tag = etag(&made);
    let made: Value = made.json().await.unwrap();
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (made["email"].as_str(), made["role"].as_str()),
        (Some("nora@example.com"), Some("team_member"))
    );
    refused(
        api.send(reqwest::Method::POST, "/users", None, nora.clone())
            .await,
        409,
        None,
    )
    .await;
    for (field, value) in [
        ("email", json!("nope")),
        ("role", json!("boss")),
        ("password", json!("short")),
        ("display_name", json!("")),
        ("colour", json!("red")),
    ] {
        let mut body = nora.clone();
        body["email"] = json!("other@example.com");
        body[field] = value;
        refused(
            api.send(reqwest::Method::POST, "/users", None, body).await,
            400,
            Some(field),
        )
        .await;
    }

    let user = format!("/users/{id}");
    let on_team = format!("{user}/teams/{}", team.id);
    for _ in 0..2 {
        let joined = api
            .send(reqwest::Method::PUT, &on_team, None, json!({}))
            .await;
        assert_eq!(
            joined.status(),
            204,
            "putting someone on a team twice is once"
        );
    }
    let managing = format!("{user}/products/{product}");
    assert_eq!(
        api.send(reqwest::Method::PUT, &managing, None, json!({}))
            .await
            .status(),
        204
    );
    let read: Value = api.get(&user).await.json().await.unwrap();
    assert_eq!(
        (read["teams"].clone(), read["products"].clone()),
        (json!([team.id]), json!([product]))
    );
    assert_eq!(
        api.send(reqwest::Method::DELETE, &on_team, None, json!({}))
            .await
            .status(),
        204
    );
    let read: Value = api.get(&user).await.json().await.unwrap();
    assert_eq!(read["teams"], json!([]));
    let nowhere = format!("{user}/teams/{}", uuid::Uuid::new_v4());
    refused(
        api.send(reqwest::Method::PUT, &nowhere, None, json!({}))
            .await,
        404,
        None,
    )
    .await;

    refused(
        api.send(
            reqwest::Method::PATCH,
            &user,
            None,
            json!({ "role": "viewer" }),
        )
        .await,
        428,
        Some("If-Match"),
    )
    .await;
    refused(
        api.send(
            reqwest::Method::PATCH,
            &user,
            Some(&tag),
            json!({ "email": "x@example.com" }),
        )
        .await,
        400,
        Some("email"),
    )
    .await;
    refused(
        api.send(
            reqwest::Method::PATCH,
            &user,
            Some(&tag),
            json!({ "role": "boss" }),
        )
        .await,
        400,
        Some("role"),
    )
    .await;
    let changed = api
        .send(
            reqwest::Method::PATCH,
            &user,
            Some(&tag),
            json!({ "role": "viewer" }),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(changed.json::<Value>().await.unwrap()["role"], "viewer");
    refused(
        api.send(
            reqwest::Method::PATCH,
            &user,
            Some(&tag),
            json!({ "role": "executive" }),
        )
        .await,
        412,
        Some("If-Match"),
    )
    .await;

    let writer = Api::of(&world.admin, &["read", "write_items"]).await;
    let body = json!({ "email": "w@example.com", "display_name": "W", "role": "viewer",
        "password": "long enough pw" });
    refused(
        writer
            .send(reqwest::Method::POST, "/users", None, body)
            .await,
        403,
        None,
    )
    .await;
}

#[tokio::test]
async fn the_counts_a_move_checks_follow_every_write() {
    the_counts_follow_every_write(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_counts_a_move_checks_follow_every_write_on_postgresql() {
    the_counts_follow_every_write(World::on(TestApp::empty_on_postgres().await).await).await;
}

#[tokio::test]
async fn the_finish_times_a_pace_counts_follow_every_move() {
    the_finish_times_follow_every_move(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_finish_times_a_pace_counts_follow_every_move_on_postgresql() {
    the_finish_times_follow_every_move(World::on(TestApp::empty_on_postgres().await).await).await;
}

/// The database keeps each card's finish time (migration 23's triggers), which the
/// pace forecasts count by day: after cards are made, finished, reopened, finished
/// again and deleted, and after a column becomes a done column and stops being
/// one, each is its timeline's finish, worked out afresh from its moves.
async fn the_finish_times_follow_every_move(world: World) {
    use sea_orm::EntityTrait;
    let PlannedBoard { software, .. } = world.planned_board().await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let db = sea_orm::Database::connect(&world.admin.database_url)
        .await
        .expect("database reachable");
    let mut cards = Vec::new();
    for title in [
        "Calibrate the compass",
        "Calibrate the altimeter",
        "Calibrate the clock",
    ] {
        let created = api
            .send(
                reqwest::Method::POST,
                "/items",
                None,
                json!({"kind": "work_item", "board_id": software.board_id, "title": title}),
            )
            .await;
        let status = created.status();
        let created: Value = created.json().await.unwrap();
        assert_eq!(status, 201, "{title}: {created}");
        cards.push(created["id"].as_str().unwrap().to_owned());
    }
    let finished_at = |card: usize| {
        let (db, id) = (&db, cards[card].parse::<uuid::Uuid>().unwrap());
        async move {
            app::entities::item::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .finished_at
        }
    };
    let mut first_finish = None;
    for (card, column) in [
        (0, "In Progress"),
        (0, "Done"),
        (0, "Review"),
        (0, "Done"),
        (1, "In Progress"),
        (1, "Ready to Deploy"),
        (1, "Done"),
        (2, "Done"),
    ] {
        let moved = api
            .send(
                reqwest::Method::POST,
                &format!("/items/{}/move", cards[card]),
                Some("*"),
                json!({"column_id": software.column_id(column)}),
            )
            .await;
        assert_eq!(moved.status(), 200, "card {card} to {column}");
        assert_finish_times_are_the_timelines(&db, column).await;
        if (card, column) == (0, "Done") && first_finish.is_none() {
            first_finish = finished_at(0).await;
            assert!(first_finish.is_some(), "finished");
        }
        if (card, column) == (0, "Review") {
            assert_eq!(finished_at(0).await, None, "reopened");
        }
    }
    assert!(finished_at(0).await > first_finish, "finished again, later");
    let finished = finished_at(1).await.expect("finished");
    // An edit, which writes every other field of the card, keeps it.
    let edited = api
        .send(
            reqwest::Method::PATCH,
            &format!("/items/{}", cards[1]),
            Some("*"),
            json!({"title": "Calibrate the barometer"}),
        )
        .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(finished_at(1).await, Some(finished), "kept across an edit");

    // "Ready to Deploy" becomes a done column, then stops being one.
    for (category, earlier) in [("done", true), ("started", false)] {
        let board: Value = world
            .admin
            .call("team_board", &[("team_id", &software.id)])
            .await
            .json()
            .await
            .unwrap();
        let column = board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|column| column["name"] == "Ready to Deploy")
            .unwrap();
        let changed = world
            .admin
            .call(
                "update_column",
                &[
                    ("column_id", column["id"].as_str().unwrap()),
                    ("version", &column["version"].to_string()),
                    ("column[name]", "Ready to Deploy"),
                    ("column[category]", category),
                    ("column[activity]", "wait"),
                ],
            )
            .await;
        assert_eq!(changed.status(), 200, "{category}");
        assert_finish_times_are_the_timelines(&db, category).await;
        let now = finished_at(1).await.expect("still finished");
        if earlier {
            assert!(now < finished, "finished since it entered Ready to Deploy");
        } else {
            assert_eq!(now, finished);
        }
    }

    let deleted = api
        .send(
            reqwest::Method::DELETE,
            &format!("/items/{}", cards[0]),
            Some("*"),
            Value::Null,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    assert_finish_times_are_the_timelines(&db, "deleted").await;
}

/// The database keeps each column's cards counted per class of service and holder
/// (`column_loads`, by migration 22's triggers), and a move's WIP check reads
/// those counts: after cards are created, changed in every counted field, moved
/// and deleted, they are the cards counted afresh.
async fn the_counts_follow_every_write(world: World) {
    let PlannedBoard {
        software, chain, ..
    } = world.planned_board().await;
    for (name, email) in [("Tina", "tina@example.com"), ("Ben", "ben@example.com")] {
        world.teammate(&software.id, name, email).await;
    }
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let db = sea_orm::Database::connect(&world.admin.database_url)
        .await
        .expect("database reachable");
    assert_counts_are_the_cards(&db, "the planned board").await;

    let mut cards = Vec::new();
    for (title, assignee, size, class) in [
        ("Tune the gimbal", "Tina", 3, "standard"),
        ("Tune the rotors", "tina", 5, "expedite"),
        ("Tune the radio", "Ben", 8, "standard"),
    ] {
        let created = api
            .send(
                reqwest::Method::POST,
                "/items",
                None,
                json!({"kind": "work_item", "board_id": software.board_id, "title": title,
                       "assignee": assignee, "size": size, "class_of_service": class}),
            )
            .await;
        let status = created.status();
        let created: Value = created.json().await.unwrap();
        assert_eq!(status, 201, "{title}: {created}");
        cards.push(format!("/items/{}", created["id"].as_str().unwrap()));
    }
    assert_counts_are_the_cards(&db, "created").await;

    for (card, change) in [
        (0, json!({"assignee": "Ben"})),
        (1, json!({"class_of_service": "standard"})),
        (2, json!({"size": 13})),
        (2, json!({"size": null, "assignee": null})),
    ] {
        let changed = api
            .send(
                reqwest::Method::PATCH,
                &cards[card],
                Some("*"),
                change.clone(),
            )
            .await;
        assert_eq!(changed.status(), 200, "{change}");
        assert_counts_are_the_cards(&db, &change.to_string()).await;
    }
    for (card, column) in [(0, "In Progress"), (1, "In Progress"), (0, "Review")] {
        let moved = api
            .send(
                reqwest::Method::POST,
                &format!("{}/move", cards[card]),
                Some("*"),
                json!({"column_id": software.column_id(column)}),
            )
            .await;
        assert_eq!(moved.status(), 200, "to {column}");
        assert_counts_are_the_cards(&db, column).await;
    }
    // An epic's holder is its owner.
    let epic = format!("/items/{}", chain.epic);
    let owned = api
        .send(
            reqwest::Method::PATCH,
            &epic,
            Some("*"),
            json!({"owner": "Olu"}),
        )
        .await;
    assert_eq!(owned.status(), 200);
    assert_counts_are_the_cards(&db, "an epic's owner").await;

    let deleted = api
        .send(reqwest::Method::DELETE, &cards[1], Some("*"), Value::Null)
        .await;
    assert_eq!(deleted.status(), 204);
    assert_counts_are_the_cards(&db, "deleted").await;
}

#[tokio::test]
async fn a_board_card_shows_every_field_of_its_item() {
    board_cards_show_their_items(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_board_card_shows_every_field_of_its_item_on_postgresql() {
    board_cards_show_their_items(World::on(TestApp::empty_on_postgres().await).await).await;
}

/// The board reads its cards as one list the database builds (`store::card_rows`):
/// each field of a card, set and unset, is its item's as the API answers it.
async fn board_cards_show_their_items(world: World) {
    let chain = world.chain().await;
    let software = world.team("Software").await;
    world.member(&software, "Tina Software").await;
    let api = Api::of(&world.admin, &["read", "write_items"]).await;
    let create = |body: Value| async {
        let created = api.send(reqwest::Method::POST, "/items", None, body).await;
        let status = created.status();
        let item = created.json::<Value>().await.unwrap();
        assert_eq!(status, 201, "{item}");
        item
    };
    let full = create(json!({
        "kind": "work_item", "board_id": software.board_id, "title": "Calibrate the IMU",
        "size": 5, "work_type": "defect", "parent_id": chain.feature,
        "assignee": "Tina Software", "blocked": true, "blocked_reason": "No test rig",
        "class_of_service": "expedite", "target_date": "2026-12-18",
    }))
    .await;
    let bare = create(json!({
        "kind": "work_item", "board_id": software.board_id, "title": "Tidy the bench",
    }))
    .await;

    let on_board = board(&world.admin, "team_board", &[("team_id", &software.id)]).await;
    let cards: Vec<&Value> = on_board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|column| column["cards"].as_array().unwrap())
        .collect();
    let card = |item: &Value| {
        *cards
            .iter()
            .find(|card| card["id"] == item["id"])
            .unwrap_or_else(|| panic!("{} is on the board: {on_board}", item["title"]))
    };
    let (full_card, bare_card) = (card(&full), card(&bare));
    assert_eq!(full_card["title"], "Calibrate the IMU");
    assert_eq!(full_card["kind"], "WorkItem");
    assert_eq!(full_card["type_label"], "Defect");
    assert_eq!(full_card["owner"], "Tina Software");
    assert_eq!(full_card["size"], 5);
    assert_eq!(full_card["blocked"], "No test rig");
    assert_eq!(full_card["class_of_service"], "Expedite");
    assert_eq!(full_card["due"], "2026-12-18");
    assert_eq!(full_card["version"], full["version"]);
    let chain_titles: Vec<&str> = full_card["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|link| link["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain_titles,
        [
            "Updated flight software",
            "A drone that carries heavy weights",
            "Lead the heavy-lift segment",
            "Grow market share"
        ]
    );
    let since = |card: &Value| {
        card["in_column_since"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    };
    let created = |item: &Value| {
        item["created_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    };
    // Counted to the second, as the page packs it.
    assert!((created(&full) - since(full_card)).num_milliseconds().abs() < 1_000);
    assert_eq!(bare_card["title"], "Tidy the bench");
    assert_eq!(bare_card["type_label"], "Story");
    for unset in [
        "owner",
        "size",
        "wsjf",
        "blocked",
        "class_of_service",
        "due",
    ] {
        assert!(
            bare_card[unset].is_null() || bare_card[unset] == "Standard",
            "{unset}: {bare_card}"
        );
    }
    assert!(bare_card["chain"].as_array().unwrap().is_empty());
    assert!((created(&bare) - since(bare_card)).num_milliseconds().abs() < 1_000);
}
