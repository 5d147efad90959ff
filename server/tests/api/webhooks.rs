//! Webhooks through HTTP, against a receiver on a local port: subscriptions made
//! through the REST API and the webhooks page's server functions, deliveries
//! signed, tried again after a failure, sent again on request, scoped to a team,
//! sent once by one of several replicas, and sent after a crash between the
//! change's commit and its delivery, under the same id.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{extract::State, http::HeaderMap, http::StatusCode, routing::post, Router};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{json, Team, TestApp, World, WORLD_ADMIN};

/// How the receiver answers a delivery.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    Status(u16),
    /// Takes it and never answers.
    Hang,
}

/// A delivery as the receiver got it.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub event: String,
    pub attempt: String,
    pub signature: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Inbox {
    received: Mutex<Vec<Received>>,
    /// The answers to the next deliveries; 204 once they run out.
    answers: Mutex<VecDeque<Answer>>,
    arrived: tokio::sync::Notify,
}

/// An HTTP endpoint that keeps every delivery it gets.
pub struct Receiver {
    pub url: String,
    inbox: Arc<Inbox>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        Self::on(tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap()).await
    }

    async fn on(listener: tokio::net::TcpListener) -> Receiver {
        let inbox = Arc::new(Inbox::default());
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/hook", post(take))
            .with_state(inbox.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Receiver { url, inbox }
    }

    /// Answers the next deliveries so, in order.
    pub fn answer_next(&self, answers: &[Answer]) {
        self.inbox.answers.lock().unwrap().extend(answers);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.received.lock().unwrap().clone()
    }

    /// Every delivery once at least `count` arrived (a failed test after 30 s).
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let waited = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let arrived = self.inbox.arrived.notified();
                if self.received().len() >= count {
                    return;
                }
                arrived.await;
            }
        })
        .await;
        let received = self.received();
        assert!(
            waited.is_ok(),
            "waited for {count} deliveries, got {}: {received:?}",
            received.len()
        );
        received
    }
}

async fn take(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    inbox.received.lock().unwrap().push(Received {
        id: header("throughline-webhook-id"),
        event: header("throughline-event"),
        attempt: header("throughline-attempt"),
        signature: header("throughline-signature"),
        body,
    });
    inbox.arrived.notify_waiters();
    let answer = inbox.answers.lock().unwrap().pop_front();
    match answer {
        None => StatusCode::NO_CONTENT,
        Some(Answer::Status(status)) => StatusCode::from_u16(status).unwrap(),
        Some(Answer::Hang) => std::future::pending().await,
    }
}

/// Whether `received` was signed with `secret` as documented.
pub fn signed_with(received: &Received, secret: &str) -> bool {
    let Some((t, v1)) = received
        .signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
    else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", received.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let age = chrono::Utc::now().timestamp() - t.parse::<i64>().unwrap();
    expected == v1 && (0..300).contains(&age)
}

/// A REST client with a token of the admin's that may administer.
struct Api {
    app: TestApp,
    token: String,
}

impl Api {
    async fn of(app: &TestApp) -> Api {
        let (token, _) = app
            .create_token("hooks", &["read", "write_items", "administer"])
            .await;
        Api {
            app: app.clone(),
            token,
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let request = self
            .app
            .client
            .request(method, format!("{}/api/v1{path}", self.app.address))
            .bearer_auth(&self.token);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.expect("request sent")
    }

    /// Subscribes `url` to `events`; answers (id, secret).
    async fn subscribe(&self, url: &str, events: &[&str]) -> (String, String) {
        let made = self
            .send(
                reqwest::Method::POST,
                "/webhooks",
                Some(json!({ "url": url, "events": events })),
            )
            .await;
        assert_eq!(made.status(), 201);
        let location = made.headers()["location"].to_str().unwrap().to_owned();
        let made = json(made).await;
        let id = made["webhook"]["id"].as_str().unwrap().to_owned();
        assert_eq!(location, format!("/api/v1/webhooks/{id}"));
        (id, made["secret"].as_str().unwrap().to_owned())
    }

    async fn webhook(&self, id: &str) -> Value {
        let read = self
            .send(reqwest::Method::GET, &format!("/webhooks/{id}"), None)
            .await;
        assert_eq!(read.status(), 200);
        json(read).await
    }
}

/// Moves the work item `id` of `team` to `column` as the admin; answers the status.
async fn move_to(world: &World, team: &Team, id: &str, column: &str, reason: &str) -> u16 {
    let detail = [("kind", "work_item"), ("item_id", id)];
    let version = json(world.admin.call("item_detail", &detail).await).await["version"].to_string();
    let to = team.column_id(column);
    let mut form = vec![
        ("kind", "work_item"),
        ("item_id", id),
        ("to_column_id", to.as_str()),
        ("version", version.as_str()),
    ];
    if !reason.is_empty() {
        form.push(("reason", reason));
    }
    world.admin.call("move_item", &form).await.status().as_u16()
}

const QUICK_RETRIES: &[(&str, &str)] = &[("WEBHOOK_FIRST_RETRY_SECONDS", "1")];

async fn quick_retries() -> World {
    World::on(TestApp::empty_with_settings(QUICK_RETRIES).await).await
}

#[tokio::test]
async fn a_delivery_arrives_signed_is_tried_again_after_a_500_and_can_be_sent_again() {
    signed_retried_and_sent_again(quick_retries().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_delivery_is_signed_retried_and_sent_again_the_same_on_postgresql() {
    let app = TestApp::empty_on_postgres_with_settings(QUICK_RETRIES).await;
    signed_retried_and_sent_again(World::on(app).await).await;
}

async fn signed_retried_and_sent_again(world: World) {
    let team = world.team("Software").await;
    let api = Api::of(&world.admin).await;
    let receiver = Receiver::start().await;
    let (webhook, secret) = api
        .subscribe(&receiver.url, &["item.created", "item.moved"])
        .await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    receiver.answer_next(&[Answer::Status(500)]);

    let item = world.work_item(&team, "Signed card").create().await;

    let tries = receiver.wait_for(2).await;
    assert_eq!(tries[0].id, tries[1].id, "the same delivery, tried twice");
    assert_eq!(
        (tries[0].attempt.as_str(), tries[1].attempt.as_str()),
        ("1", "2")
    );
    for tried in &tries {
        assert!(signed_with(tried, &secret), "{tried:?}");
        assert!(!signed_with(tried, "whsec_another"));
        assert_eq!(tried.event, "item.created");
        let body = tried.json();
        assert_eq!(
            body["id"],
            tried.id.as_str(),
            "the body's id is the header's"
        );
        assert_eq!(body["type"], "item.created");
        assert_eq!(body["team_id"], team.id.as_str());
        assert_eq!(body["data"]["item"]["id"], item.as_str());
        assert_eq!(body["data"]["item"]["title"], "Signed card");
        assert_eq!(body["data"]["item"]["column"], "To Do");
        assert_eq!(body["data"]["item"]["board_id"], team.board_id.as_str());
    }
    let shown = wait_until_delivered(&api, &webhook, &tries[0].id).await;
    assert_eq!(
        (
            shown["attempts"].as_i64(),
            shown["response_status"].as_i64()
        ),
        (Some(2), Some(204))
    );

    assert_eq!(move_to(&world, &team, &item, "In Progress", "").await, 200);
    let moved = receiver.wait_for(3).await[2].clone();
    assert_eq!(moved.event, "item.moved");
    let body = moved.json();
    assert_eq!(body["data"]["from"]["name"], "To Do");
    assert_eq!(body["data"]["item"]["column"], "In Progress");
    assert_eq!(body["data"]["item"]["state"], "started");
    // The event tells of the item as the move left it, as it is read back.
    let read = json(
        api.send(reqwest::Method::GET, &format!("/items/{item}"), None)
            .await,
    )
    .await;
    for field in [
        "id",
        "kind",
        "title",
        "board_id",
        "column_id",
        "column",
        "state",
        "parent_id",
        "assignee",
        "version",
        "updated_at",
    ] {
        assert_eq!(body["data"]["item"][field], read[field], "{field}");
    }

    let again = api
        .send(
            reqwest::Method::POST,
            &format!("/webhooks/{webhook}/deliveries/{}/redeliver", tries[0].id),
            None,
        )
        .await;
    assert_eq!(again.status(), 202);
    let resent = receiver.wait_for(4).await[3].clone();
    assert_eq!(resent.id, tries[0].id, "a redelivery keeps its id");
    assert_eq!(resent.attempt, "1", "its tries are counted afresh");
    assert_eq!(resent.body, tries[0].body);
    // Events nobody subscribed to are not sent.
    let edited = world
        .admin
        .call(
            "update_work_item",
            &[
                ("item_id", item.as_str()),
                ("version", "1"),
                ("item[title]", "Renamed card"),
            ],
        )
        .await;
    assert!(edited.status().is_success() || edited.status() == 409);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), 4, "{:?}", receiver.received());
}

/// The delivery `id` as the subscription shows it, once it is delivered.
async fn wait_until_delivered(api: &Api, webhook: &str, id: &str) -> Value {
    for _ in 0..100 {
        let shown = api.webhook(webhook).await;
        let delivery = shown["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .expect("the delivery is listed");
        if delivery["state"] == "delivered" {
            return delivery;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("delivery {id} was never recorded as delivered");
}

#[tokio::test]
async fn a_delivery_that_never_succeeds_is_tried_with_a_growing_wait() {
    let world = quick_retries().await;
    let team = world.team("Software").await;
    let api = Api::of(&world.admin).await;
    let receiver = Receiver::start().await;
    let (webhook, _) = api.subscribe(&receiver.url, &["item.created"]).await;
    receiver.answer_next(&[Answer::Status(503); 3]);

    world.work_item(&team, "Unlucky card").create().await;

    receiver.wait_for(3).await;
    // The worker records an answer after the receiver has sent it: wait for the third.
    let mut shown = api.webhook(&webhook).await;
    for _ in 0..50 {
        if shown["deliveries"][0]["attempts"] == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        shown = api.webhook(&webhook).await;
    }
    let delivery = &shown["deliveries"][0];
    assert_eq!(delivery["state"], "pending");
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["response_status"], 503);
    assert!(
        delivery["failure"].as_str().unwrap().contains("503"),
        "{delivery}"
    );
    // After 3 tries the next waits 1 s × 2³ = 8 s.
    let next = chrono::DateTime::parse_from_rfc3339(delivery["next_attempt_at"].as_str().unwrap())
        .unwrap();
    let wait = next.signed_duration_since(chrono::Utc::now()).num_seconds();
    assert!((2..=8).contains(&wait), "next try in {wait} s");
}

#[tokio::test]
async fn bad_subscriptions_are_refused_naming_the_field_and_nothing_is_stored() {
    let world = World::new().await;
    let api = Api::of(&world.admin).await;
    let url = "https://hooks.example.com/in";
    let cases = [
        (
            json!({ "url": "ftp://example.com/", "events": ["item.created"] }),
            "url",
        ),
        (
            json!({ "url": "https://user:pw@example.com/", "events": ["item.created"] }),
            "url",
        ),
        (json!({ "url": 5, "events": ["item.created"] }), "url"),
        (json!({ "events": ["item.created"] }), "url"),
        (json!({ "url": url, "events": [] }), "events"),
        (json!({ "url": url }), "events"),
        (json!({ "url": url, "events": ["item.kissed"] }), "events"),
        (json!({ "url": url, "events": "item.created" }), "events"),
        (json!({ "url": url, "events": [7] }), "events"),
        (
            json!({ "url": url, "events": ["item.created"], "colour": "red" }),
            "colour",
        ),
        (
            json!({ "url": url, "events": ["item.created"], "team_id": 3 }),
            "team_id",
        ),
        (json!(["not", "an", "object"]), "body"),
    ];
    for (body, field) in cases {
        let refused = api
            .send(reqwest::Method::POST, "/webhooks", Some(body.clone()))
            .await;
        assert_eq!(refused.status(), 400, "{body}");
        assert_eq!(
            refused.headers()["content-type"],
            "application/problem+json",
            "{body}"
        );
        assert_eq!(json(refused).await["field"], field, "{body}");
    }
    let unknown_team = api
        .send(
            reqwest::Method::POST,
            "/webhooks",
            Some(
                json!({ "url": url, "events": ["item.created"], "team_id": uuid::Uuid::new_v4() }),
            ),
        )
        .await;
    assert_eq!(unknown_team.status(), 404);
    let listed = json(api.send(reqwest::Method::GET, "/webhooks", None).await).await;
    assert_eq!(listed["webhooks"], json!([]), "nothing was stored");

    let (reader, _) = world.admin.create_token("reader", &["read"]).await;
    let refused = world
        .admin
        .client
        .post(format!("{}/api/v1/webhooks", world.admin.address))
        .bearer_auth(reader)
        .json(&json!({ "url": url, "events": ["item.created"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "a token needs administer");
    for missing in [
        format!("/webhooks/{}", uuid::Uuid::new_v4()),
        "/webhooks/not-an-id".to_owned(),
    ] {
        let answer = api.send(reqwest::Method::GET, &missing, None).await;
        assert_eq!(answer.status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn team_members_subscribe_for_their_team_and_hear_of_it_only() {
    let world = World::new().await;
    let software = world.team("Software").await;
    let hardware = world.team("Hardware").await;
    let member = world.member(&software, "Sam").await;
    let viewer = world.user("Vera", "viewer").await;
    let receiver = Receiver::start().await;
    let subscribe = |team: &str, event: &str| {
        vec![
            ("url", receiver.url.clone()),
            ("events[0]", event.to_owned()),
            ("team_id", team.to_owned()),
        ]
    };
    let call = |app: &TestApp, form: Vec<(&'static str, String)>| {
        let app = app.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("create_webhook", &form).await
        }
    };
    for (team, event, status) in [
        (hardware.id.as_str(), "item.created", 403),
        ("", "item.created", 403),
        (software.id.as_str(), "measurement.recorded", 400),
    ] {
        let answer = call(&member, subscribe(team, event)).await;
        assert_eq!(answer.status(), status, "{team} {event}");
    }
    let made = call(&member, subscribe(&software.id, "item.created")).await;
    assert_eq!(made.status(), 200);
    let made = json(made).await;
    assert_eq!(made["subscription"]["team"]["name"], "Software");
    assert_eq!(viewer.call("webhooks", &[]).await.status(), 403);
    let listed = json(member.call("webhooks", &[]).await).await;
    assert_eq!(listed["workspace"], false);
    assert_eq!(listed["subscriptions"].as_array().unwrap().len(), 1);

    world.work_item(&hardware, "Not theirs").create().await;
    world.work_item(&software, "Theirs").create().await;

    receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got: Vec<_> = receiver
        .received()
        .iter()
        .map(|r| r.json()["data"]["item"]["title"].clone())
        .collect();
    assert_eq!(got, [json!("Theirs")]);
    // The admin sees every subscription; the member may end their own.
    let all = json(world.admin.call("webhooks", &[]).await).await;
    assert_eq!(all["workspace"], true);
    let id = made["subscription"]["id"].as_str().unwrap();
    assert_eq!(
        viewer.call("delete_webhook", &[("id", id)]).await.status(),
        403
    );
    assert_eq!(
        member.call("delete_webhook", &[("id", id)]).await.status(),
        200
    );
    let listed = json(member.call("webhooks", &[]).await).await;
    assert_eq!(listed["subscriptions"], json!([]));
}

#[tokio::test]
async fn wip_limits_and_telemetry_reach_their_subscribers() {
    let world = World::new().await;
    let team = world.team("Software").await;
    let api = Api::of(&world.admin).await;
    let receiver = Receiver::start().await;
    let (_, secret) = api
        .subscribe(
            &receiver.url,
            &[
                "wip_limit.exceeded",
                "wip_limit.refused",
                "measurement.recorded",
                "metric.status_changed",
                "deployment.recorded",
                "incident.recorded",
            ],
        )
        .await;
    // Review's soft limit is 2 on a new board: a third card needs a reason.
    let mut cards = Vec::new();
    for n in 0..3 {
        cards.push(world.work_item(&team, &format!("Card {n}")).create().await);
    }
    assert_eq!(move_to(&world, &team, &cards[0], "Review", "").await, 200);
    assert_eq!(move_to(&world, &team, &cards[1], "Review", "").await, 200);
    assert_eq!(
        move_to(&world, &team, &cards[2], "Review", "hotfix").await,
        200
    );
    let exceeded = receiver.wait_for(1).await[0].json();
    assert_eq!(exceeded["type"], "wip_limit.exceeded");
    assert_eq!(exceeded["data"]["reason"], "hotfix");
    assert_eq!(exceeded["data"]["item"]["title"], "Card 2");
    assert_eq!(exceeded["data"]["limits"][0]["max"], 2);
    assert_eq!(exceeded["data"]["limits"][0]["load"], 3);

    let wip = json(
        world
            .admin
            .call("wip_settings", &[("board_id", team.board_id.as_str())])
            .await,
    )
    .await;
    let review = team.column_id("Review");
    let (limit, version) = wip["limits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["form"]["column_id"] == review.as_str())
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_owned(),
                row["version"].to_string(),
            )
        })
        .unwrap();
    let hard = world
        .admin
        .call(
            "save_wip_limit",
            &[
                ("board_id", team.board_id.as_str()),
                ("limit_id", &limit),
                ("version", &version),
                ("limit[kind]", "column"),
                ("limit[column_id]", &review),
                ("limit[max]", "3"),
                ("limit[enforcement]", "hard"),
            ],
        )
        .await;
    assert_eq!(hard.status(), 200);
    let fourth = world.work_item(&team, "Card 3").create().await;
    assert_eq!(
        move_to(&world, &team, &fourth, "Review", "please").await,
        409
    );
    let refused = receiver.wait_for(2).await[1].json();
    assert_eq!(refused["type"], "wip_limit.refused");
    assert_eq!(refused["data"]["item"]["column"], "To Do", "it stayed");
    assert_eq!(refused["data"]["refused"]["to_column_id"], review.as_str());
    assert_eq!(refused["data"]["refused"]["limit"]["max"], 3);

    let metric = world.metric("Flights per week").await;
    world.measure(&metric, 95.0).await;
    world.deployments("Software", [0]).await;
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
            &json!({ "id": "inc-1", "service": "software", "team": "Software",
            "started_at": chrono::Utc::now().to_rfc3339() }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(incident.status(), 201);

    let got = receiver.wait_for(6).await;
    let by_type: HashMap<String, Value> = got.iter().map(|r| (r.event.clone(), r.json())).collect();
    assert!(got.iter().all(|r| signed_with(r, &secret)));
    assert_eq!(
        by_type["measurement.recorded"]["data"]["measurement"]["value"],
        95.0
    );
    assert_eq!(by_type["measurement.recorded"]["team_id"], Value::Null);
    let status = &by_type["metric.status_changed"]["data"];
    assert_eq!(
        (
            status["previous_status"].as_str(),
            status["status"].as_str()
        ),
        (Some("not_measured"), Some("at_risk"))
    );
    assert_eq!(
        by_type["deployment.recorded"]["data"]["deployment"]["id"],
        "Software-0"
    );
    assert_eq!(by_type["deployment.recorded"]["team_id"], team.id.as_str());
    assert_eq!(
        by_type["incident.recorded"]["data"]["incident"]["id"],
        "inc-1"
    );
    // A measurement that leaves the status as it was says nothing of it.
    world.measure(&metric, 96.0).await;
    receiver.wait_for(7).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let statuses = receiver
        .received()
        .iter()
        .filter(|r| r.event == "metric.status_changed")
        .count();
    assert_eq!(statuses, 1);
}

/// A port free a moment ago, for a server started as a process.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `throughline` binary serving the SQLite file `database` on `port`, killed
/// (as `kill -9` does) when dropped.
struct Served(std::process::Child);

impl Served {
    fn start(database: &std::path::Path, port: u16) -> Served {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
            .arg("serve")
            .env("DATABASE_URL", format!("sqlite://{}", database.display()))
            .env("PORT", port.to_string())
            .env("THROUGHLINE_DEMO", "0")
            .env("SESSION_COOKIE_SECURE", "0")
            .env("WEBHOOK_TIMEOUT_SECONDS", "1")
            .env("LEPTOS_SITE_ROOT", database.parent().unwrap().join("site"))
            .env("RUST_LOG", "off")
            .spawn()
            .expect("the binary runs");
        Served(child)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn until_up(address: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{address}/healthz"))
            .send()
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {address} never answered");
}

#[tokio::test]
async fn a_crash_between_commit_and_delivery_still_delivers_once_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("throughline.db");
    let port = free_port();
    let address = format!("http://127.0.0.1:{port}");
    let server = Served::start(&database, port);
    until_up(&address).await;
    let world = World::on(TestApp::at(&address, &database)).await;
    let team = world.team("Software").await;
    let api = Api::of(&world.admin).await;
    let receiver = Receiver::start().await;
    let (_, secret) = api.subscribe(&receiver.url, &["item.created"]).await;
    // The first try is taken and never answered: the server dies meanwhile.
    receiver.answer_next(&[Answer::Hang]);

    let item = world.work_item(&team, "Survives a crash").create().await;
    let first = receiver.wait_for(1).await[0].clone();
    drop(server);

    let _server = Served::start(&database, port);
    until_up(&address).await;
    // Its lease (6 timeouts: 6 s) runs out, and the restarted worker sends it again.
    let again = receiver.wait_for(2).await;
    let mut ids: Vec<_> = again.iter().map(|r| r.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids, [first.id], "one delivery, by its id");
    assert!(again.iter().all(|r| signed_with(r, &secret)));
    assert_eq!(again[1].json()["data"]["item"]["id"], item.as_str());
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn two_replicas_send_each_delivery_once_on_postgresql() {
    let first = TestApp::empty_on_postgres().await;
    let url = first.database_url.clone();
    let world = World::on(first).await;
    let mut second = TestApp::on_database(url, false).await;
    second
        .sign_in(WORLD_ADMIN, crate::helpers::BUILT_PASSWORD)
        .await;
    let team = world.team("Software").await;
    let api = Api::of(&world.admin).await;
    let receiver = Receiver::start().await;
    api.subscribe(&receiver.url, &["item.created"]).await;

    let cards = 24;
    let creations = (0..cards).map(|n| {
        let (app, team_id) = (
            if n % 2 == 0 {
                world.admin.clone()
            } else {
                second.clone()
            },
            team.id.clone(),
        );
        async move {
            let title = format!("Replicated {n}");
            let form = [
                ("team_id", team_id.as_str()),
                ("item[title]", title.as_str()),
            ];
            assert_eq!(app.call("create_work_item", &form).await.status(), 200);
        }
    });
    futures::future::join_all(creations).await;

    receiver.wait_for(cards).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = receiver.received();
    let mut ids: Vec<_> = received.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), cards, "one delivery per card");
    assert_eq!(received.len(), cards, "each sent once: {received:?}");
}
