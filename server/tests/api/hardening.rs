//! The holes an outside attack found (issue 13), each closed at its root: cascades
//! authorize every item they touch, throttling holds under bursts and interleaving,
//! redirects stay on this site, sign-in refuses other sites, the first admin is made
//! once, refusals keep their status, and user numbers never become NaN or infinity.

use std::time::{Duration, Instant};

use base64::{engine::general_purpose::URL_SAFE, Engine as _};
use serde_json::{json, Value};

use crate::helpers::{
    created_id, email_of, json, session_cookie, TestApp, World, BUILT_PASSWORD, WORLD_ADMIN,
};

const TINA: &str = "Tina Software";
const ERIN: &str = "Erin Executive";
const VIC: &str = "Vic Viewer";

async fn item(app: &TestApp, kind: &str, id: &str) -> reqwest::Response {
    app.call("item_detail", &[("kind", kind), ("item_id", id)])
        .await
}

async fn version_of(app: &TestApp, kind: &str, id: &str) -> String {
    json(item(app, kind, id).await).await["version"].to_string()
}

async fn delete(
    app: &TestApp,
    kind: &str,
    id: &str,
    version: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("kind", kind), ("item_id", id), ("version", version)];
    form.extend_from_slice(extra);
    app.call("delete_item", &form).await
}

#[tokio::test]
async fn a_cascade_is_refused_whole_when_any_item_in_it_is_out_of_the_callers_rights() {
    let world = World::new().await;
    let admin = &world.admin;
    let product = world.product("Heavy-lift drone").await;
    let software = world.team("Software").await;
    let feature = created_id(
        admin,
        "create_feature",
        &[("product_id", &product), ("feature[title]", "Cascade")],
    )
    .await;
    // Where the cascade could move the feature's work instead.
    let other_feature = created_id(
        admin,
        "create_feature",
        &[
            ("product_id", &product),
            ("feature[title]", "Updated flight software"),
        ],
    )
    .await;
    let software_work = world
        .work_item(&software, "Software's own work")
        .under(&feature)
        .create()
        .await;

    // Paul manages the product but is not on the Software team.
    let paul = world.product_manager(&product, "Paul Product").await;
    let version = version_of(&paul, "feature", &feature).await;
    for extra in [
        vec![("children", "delete")],
        vec![("children", "move"), ("move_children_to", &other_feature)],
    ] {
        let refused = delete(&paul, "feature", &feature, &version, &extra).await;
        assert_eq!(refused.status(), 403, "{extra:?}");
        assert_eq!(item(admin, "feature", &feature).await.status(), 200);
        let work = json(item(admin, "work_item", &software_work).await).await;
        assert_eq!(work["chain"][0]["id"], feature.as_str(), "{work}");
    }

    // An executive may delete epics, not the features under them.
    let erin = world.user(ERIN, "executive").await;
    let epic = created_id(&erin, "create_epic", &[("epic[title]", "Cascade epic")]).await;
    let product_feature = created_id(
        admin,
        "create_feature",
        &[
            ("product_id", &product),
            ("feature[title]", "Under the epic"),
            ("feature[epic_id]", &epic),
        ],
    )
    .await;
    let version = version_of(&erin, "epic", &epic).await;
    let refused = delete(&erin, "epic", &epic, &version, &[("children", "delete")]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(item(admin, "epic", &epic).await.status(), 200);
    assert_eq!(item(admin, "feature", &product_feature).await.status(), 200);

    // Whoever may change every item in it may cascade.
    let deleted = delete(admin, "epic", &epic, &version, &[("children", "delete")]).await;
    assert_eq!(deleted.status(), 200);
    assert_eq!(item(admin, "feature", &product_feature).await.status(), 404);
}

/// Sends `attempts` wrong sign-ins for `email` at once; answers the statuses.
async fn burst_of_wrong_passwords(app: &TestApp, email: &str, attempts: usize) -> Vec<u16> {
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..attempts {
        let (client, email) = (app.clone(), email.to_owned());
        burst.spawn(async move {
            client
                .call(
                    "sign_in",
                    &[("email", &email), ("password", "wrong password")],
                )
                .await
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::with_capacity(attempts);
    while let Some(status) = burst.join_next().await {
        statuses.push(status.expect("request task"));
    }
    statuses
}

/// A burst of wrong passwords for an account of `world`, from a visitor.
async fn a_burst_gets_no_more_password_checks_than_attempts_one_at_a_time(world: World) {
    world.account(TINA, "team_member").await;
    let started = Instant::now();
    let statuses = burst_of_wrong_passwords(&world.visitor(), &email_of(TINA), 200).await;
    let elapsed = started.elapsed();
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 200, "only 401 and 429: {statuses:?}");
    // The first 3 failures are free and the 4th sets a 2 s wait: a burst judged
    // within 2 s gets exactly 4 checks; a slower one no more than one attempt at a
    // time would have got in the same time.
    let allowed = checks_allowed_within(elapsed);
    assert!(
        (4..=allowed).contains(&checked),
        "{checked} password checks in {elapsed:?}, the throttle allows {allowed}"
    );
}

/// How many failing password checks the throttle lets through, one attempt after
/// another as early as each is allowed, within `elapsed`.
fn checks_allowed_within(elapsed: Duration) -> usize {
    use app::domain::throttle::Attempts;
    let start = chrono::Utc::now();
    let end = start + chrono::Duration::from_std(elapsed).expect("a short burst");
    let (mut at, mut attempts, mut checks) = (start, None::<Attempts>, 0);
    loop {
        while attempts.is_some_and(|a| a.check(at).is_err()) {
            at += chrono::Duration::milliseconds(100);
        }
        if at > end {
            return checks;
        }
        checks += 1;
        attempts = Some(Attempts::after_failure(attempts, at));
    }
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_four_password_checks() {
    a_burst_gets_no_more_password_checks_than_attempts_one_at_a_time(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn a_burst_of_wrong_passwords_gets_four_password_checks_on_postgresql() {
    a_burst_gets_no_more_password_checks_than_attempts_one_at_a_time(
        World::on(TestApp::empty_on_postgres().await).await,
    )
    .await;
}

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    app.call("sign_in", &[("email", email), ("password", password)])
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn signing_in_to_ones_own_account_does_not_wipe_out_guesses_at_others() {
    let world = World::new().await;
    for (name, role) in [(TINA, "team_member"), (ERIN, "executive"), (VIC, "viewer")] {
        world.account(name, role).await;
    }
    let (tina, erin, vic) = (email_of(TINA), email_of(ERIN), email_of(VIC));
    let app = world.visitor();
    for _ in 0..3 {
        assert_eq!(sign_in_status(&app, &tina, "guess").await, 401);
    }
    // The attacker's own account, between guesses.
    assert_eq!(sign_in_status(&app, &vic, BUILT_PASSWORD).await, 200);
    assert_eq!(sign_in_status(&app, &tina, "guess").await, 401);

    // This address has failed four times: the next guess, at anyone, waits.
    assert_eq!(sign_in_status(&app, &erin, "guess").await, 429);
}

#[tokio::test]
async fn changing_the_password_is_throttled_like_signing_in() {
    let app = World::new().await.user(VIC, "viewer").await;
    let change = |current: &'static str| {
        let app = app.clone();
        async move {
            app.call(
                "change_password",
                &[
                    ("current_password", current),
                    ("new_password", "a brand new password"),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    for _ in 0..4 {
        assert_eq!(change("guess").await, 401);
    }
    assert_eq!(change("guess").await, 429);
    assert_eq!(
        change(BUILT_PASSWORD).await,
        429,
        "even the right one, for now"
    );
}

#[tokio::test]
async fn after_sign_in_only_paths_on_this_site_are_followed() {
    let world = World::new().await;
    world.account(VIC, "viewer").await;
    let vic = email_of(VIC);
    let app = world.visitor();
    let hostile = [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "/x\r\nSet-Cookie: stolen=1",
        "/\u{0}",
        "javascript:alert(1)",
    ];
    for next in hostile {
        let form = [
            ("email", vic.as_str()),
            ("password", BUILT_PASSWORD),
            ("next", next),
        ];
        let answered = app.call("sign_in", &form).await;
        assert_eq!(answered.status(), 200, "{next:?}");
        assert_eq!(json(answered).await, "/", "{next:?}");

        let posted = app
            .client
            .post(format!("{}/api/sign_in", app.address))
            .header("origin", &app.address)
            .header("accept", "text/html")
            .form(&form)
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert!(posted.status().is_redirection(), "{next:?}");
        assert_eq!(posted.headers()["location"], "/", "{next:?}");
    }
}

#[tokio::test]
async fn no_other_site_can_sign_a_visitor_in() {
    let world = World::new().await;
    world.account(VIC, "viewer").await;
    let vic = email_of(VIC);
    let app = world.visitor();
    let https_here = app.address.replace("http://", "https://");
    let hostile: [Option<&str>; 4] = [
        Some("null"),
        Some("http://evil.example"),
        Some(&https_here),
        None,
    ];
    for origin in hostile {
        let mut request = app
            .client
            .post(format!("{}/api/sign_in", app.address))
            .form(&[("email", vic.as_str()), ("password", BUILT_PASSWORD)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "Origin {origin:?}");
        assert_eq!(session_cookie(&response), None, "Origin {origin:?}");
    }
    assert_eq!(sign_in_status(&app, &vic, BUILT_PASSWORD).await, 200);
}

async fn the_first_admin_is_created_once(app: TestApp) {
    let mut race = tokio::task::JoinSet::new();
    for n in 0..20 {
        let app = app.clone();
        race.spawn(async move {
            let email = format!("root{n}@example.com");
            let response = app
                .call(
                    "create_first_admin",
                    &[
                        ("email", &email),
                        ("display_name", "Root"),
                        ("password", "long enough pw"),
                    ],
                )
                .await;
            (response.status().as_u16(), email)
        });
    }
    let mut winners = Vec::new();
    while let Some(outcome) = race.join_next().await {
        let (status, email) = outcome.unwrap();
        match status {
            200 => winners.push(email),
            409 => {}
            other => panic!("create_first_admin answered {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let mut admin = app.clone();
    admin.sign_in(&winners[0], "long enough pw").await;
    let users = json(admin.call("user_directory", &[]).await).await;
    assert_eq!(users["users"].as_array().unwrap().len(), 1, "{users}");
}

#[tokio::test]
async fn the_first_admin_is_created_once_however_many_ask_at_once() {
    the_first_admin_is_created_once(TestApp::empty().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_first_admin_is_created_once_however_many_ask_at_once_on_postgresql() {
    the_first_admin_is_created_once(TestApp::empty_on_postgres().await).await;
}

/// Links one metric to one feature of `world` eight times at once, then titles a
/// work item with control characters.
async fn colliding_writes_are_conflicts_and_bad_text_is_refused(world: World) {
    let admin = &world.admin;
    let product = world.product("Heavy-lift drone").await;
    let feature = created_id(
        admin,
        "create_feature",
        &[
            ("product_id", &product),
            ("feature[title]", "Updated flight software"),
        ],
    )
    .await;
    let metric = world.metric("Payload capacity").await;
    let software = world.team("Software").await;
    let item = format!("feature:{feature}");
    let mut race = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (admin, metric, item) = (admin.clone(), metric.clone(), item.clone());
        race.spawn(async move {
            admin
                .call("link_metric", &[("metric_id", &metric), ("item", &item)])
                .await
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = race.join_next().await {
        statuses.push(status.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);

    for title in ["a\u{0}b", "\u{1b}[31mred", "two\nlines"] {
        let refused = admin
            .call(
                "create_work_item",
                &[("team_id", &software.id), ("item[title]", title)],
            )
            .await;
        assert_eq!(refused.status(), 400, "{title:?}");
        let body = json(refused).await;
        assert_eq!(body["field"], "title", "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("control character"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn colliding_writes_are_conflicts_and_control_characters_are_refused() {
    colliding_writes_are_conflicts_and_bad_text_is_refused(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn colliding_writes_are_conflicts_and_control_characters_are_refused_on_postgresql() {
    colliding_writes_are_conflicts_and_bad_text_is_refused(
        World::on(TestApp::empty_on_postgres().await).await,
    )
    .await;
}

/// Every number in `value`, with where it is; `null` where a number should be
/// counts as a failure too.
fn non_finite(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if value.is_null()
                    && ["raw", "current", "baseline", "target", "value"].contains(&key.as_str())
                {
                    found.push(format!("{path}.{key} is null"));
                }
                non_finite(value, &format!("{path}.{key}"), found);
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                non_finite(item, &format!("{path}[{n}]"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn extreme_but_finite_figures_never_become_nan_or_infinity() {
    let erin = World::new().await.user(ERIN, "executive").await;
    let metric = |name: &'static str, baseline: &'static str, target: &'static str| {
        let erin = erin.clone();
        async move {
            erin.call(
                "create_metric",
                &[
                    ("metric[name]", name),
                    ("metric[direction]", "increase"),
                    ("metric[baseline]", baseline),
                    ("metric[baseline_date]", "2026-01-01"),
                    ("metric[target]", target),
                    ("metric[target_date]", "2027-01-01"),
                ],
            )
            .await
        }
    };
    let too_big = metric("Too big", "-1e300", "1e300").await;
    assert_eq!(too_big.status(), 400);
    assert_eq!(json(too_big).await["field"], "baseline");

    let wide = json(metric("Widest", "-1e15", "1e15").await).await;
    let hair = json(metric("Hairline", "0", "1e-300").await).await;
    for (id, value) in [(&wide, "1e15"), (&hair, "1e15"), (&hair, "-1e15")] {
        let recorded = erin
            .call(
                "record_measurement",
                &[
                    ("metric_id", id.as_str().unwrap()),
                    ("measurement[value]", value),
                ],
            )
            .await;
        assert_eq!(recorded.status(), 200);
    }

    let mut found = Vec::new();
    for (function, args) in [
        ("metric_directory", vec![]),
        ("executive_dashboard", vec![]),
        ("metric_page", vec![("metric_id", wide.as_str().unwrap())]),
        ("metric_page", vec![("metric_id", hair.as_str().unwrap())]),
    ] {
        let answer = json(erin.call(function, &args).await).await;
        non_finite(&answer, function, &mut found);
    }
    for path in [
        "/metrics".to_owned(),
        "/dashboard".to_owned(),
        format!("/metrics/{}", wide.as_str().unwrap()),
        format!("/metrics/{}", hair.as_str().unwrap()),
    ] {
        let html = erin.page(&path).await;
        for word in ["NaN", "inf", "Infinity"] {
            if html.contains(&format!("\"{word}")) || html.contains(&format!(">{word}")) {
                found.push(format!("{path} shows {word}"));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test]
async fn the_sign_in_page_shows_only_its_own_words() {
    let app = World::new().await.visitor();
    for planted in [
        json!({"error": "too_many_attempts", "message": "x", "reason": "Call +1 555 0100 to unlock"}),
        json!({"error": "invalid", "message": "x", "detail": "Call +1 555 0100 to unlock"}),
        json!({"error": "request", "message": "x", "detail": "Call +1 555 0100 to unlock"}),
    ] {
        let encoded = URL_SAFE.encode(planted.to_string());
        let html = app
            .client
            .get(format!("{}/login", app.address))
            .header(
                "cookie",
                format!("throughline_posted_error=/api/sign_in|{encoded}"),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("555 0100"), "{planted}");
        assert!(
            html.contains("form-error"),
            "a message of our own: {planted}"
        );
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_matched_whatever_its_case() {
    let app = World::new().await.user(VIC, "viewer").await;
    let (token, _) = app.create_token("any case", &["read"]).await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let response = app
            .client
            .post(format!("{}/api/portfolio_board", app.address))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
}

#[tokio::test]
async fn signing_in_again_ends_the_session_it_replaces() {
    let first = World::new().await.user(VIC, "viewer").await;
    let again = first
        .call(
            "sign_in",
            &[("email", WORLD_ADMIN), ("password", BUILT_PASSWORD)],
        )
        .await;
    assert_eq!(again.status(), 200);
    let mut second = first.clone();
    second.session = session_cookie(&again);

    let after = json(first.call("current_user", &[]).await).await;
    assert_eq!(after, Value::Null, "the first session is over");
    let now = json(second.call("current_user", &[]).await).await;
    assert_eq!(now["email"], WORLD_ADMIN);
}

#[tokio::test]
async fn a_team_token_records_only_its_own_teams_deliveries() {
    let world = World::new().await;
    let software = world.team("Software").await;
    // Another team, so the deployments below name a real team that is not Tina's.
    world.team("Engine").await;
    let tina = world.member(&software, TINA).await;
    let app = &world.admin;
    let created = tina
        .call(
            "create_api_token",
            &[
                ("name", "software pipeline"),
                ("record_telemetry", "on"),
                ("team_ids[0]", &software.id),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let created = json(created).await;
    assert_eq!(created["details"]["teams"], json!(["Software"]));
    let token = created["token"].as_str().unwrap().to_owned();
    let deployment = |id: &str, team: &str| {
        json!({
            "id": id, "service": "autopilot", "team": team, "environment": "production",
            "deployed_at": "2026-11-20T10:00:00Z", "status": "success",
        })
    };
    let post = |body: Value| {
        let (client, address, token) = (app.client.clone(), app.address.clone(), token.clone());
        async move {
            let response = client
                .post(format!("{address}/api/v1/deployments"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };

    let (status, _) = post(deployment("scoped-1", "Engine")).await;
    assert_eq!(status, 403);
    let (status, _) = post(json!({"deployments": [
        deployment("scoped-2", "Software"),
        deployment("scoped-3", "Engine"),
    ]}))
    .await;
    assert_eq!(
        status, 403,
        "a batch with one foreign team is refused whole"
    );

    let (status, recorded) = post(deployment("scoped-2", "Software")).await;
    assert_eq!(status, 201);
    assert_eq!(recorded["stored"], 1, "the refused batch stored nothing");

    let refused = tina
        .call(
            "create_api_token",
            &[
                ("name", "too much"),
                ("read", "on"),
                ("record_telemetry", "on"),
                ("team_ids[0]", &software.id),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn pages_and_answers_are_never_cached_and_bodies_are_limited() {
    let app = World::new().await.user(VIC, "viewer").await;
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(
        page.headers().get("strict-transport-security").is_none(),
        "no HSTS while cookies are not Secure (plain HTTP)"
    );
    let answer = app.call("portfolio_board", &[]).await;
    assert_eq!(answer.headers()["cache-control"], "no-store");

    let oversize = "x".repeat(server::startup::BODY_MAX + 1);
    let too_big = app
        .call("create_api_token", &[("name", &oversize), ("read", "on")])
        .await;
    assert_eq!(too_big.status(), 413);

    let malformed = app.call("sign_in", &[("email", &email_of(VIC))]).await;
    assert_eq!(malformed.status(), 400);
    let body = json(malformed).await;
    assert!(
        body["message"].as_str().unwrap().contains("password"),
        "names the missing field: {body}"
    );
}

#[tokio::test]
async fn a_secure_installation_asks_browsers_for_https_only() {
    let app = TestApp::empty_with_settings(&[("SESSION_COOKIE_SECURE", "1")]).await;
    let response = app.get("/healthz").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn a_client_that_sends_its_request_slowly_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::empty_with_settings(&[("REQUEST_TIMEOUT_SECONDS", "1")]).await;
    let address = app.address.trim_start_matches("http://").to_owned();

    // Half a request head, then silence; and a connection that never says anything.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    for (name, stream) in [("slow", &mut slow), ("idle", &mut idle)] {
        let mut buffer = Vec::new();
        let closed =
            tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await;
        assert!(
            closed.is_ok(),
            "the {name} connection is still open after 5 s"
        );
    }
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_health_check_reports_a_database_that_refuses_writes() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::empty_on_postgres().await;
    assert_eq!(app.get("/healthz").await.status(), 200);

    let database = app.database_url.rsplit('/').next().unwrap().to_owned();
    let admin = sea_orm::Database::connect(&app.database_url).await.unwrap();
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{database}\" SET default_transaction_read_only = on"
        ))
        .await
        .unwrap();
    // Connections opened from now on are read-only; close the server's.
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();

    let mut answer = app.get("/healthz").await;
    for _ in 0..3 {
        if answer.status() == 503 {
            break;
        }
        // The pool may hand out a dead connection once before it reconnects.
        answer = app.get("/healthz").await;
    }
    assert_eq!(answer.status(), 503);
    assert_eq!(json(answer).await["database"], "read-only");
}

/// Pages and the built assets fetched together, as a browser does: each page keeps
/// its own Content-Security-Policy with the nonce its inline scripts carry, and no
/// asset takes a page's (leptos's file handler once handed a page's headers to a
/// file fetched at the same moment, leaving the page's scripts blocked).
// Several worker threads, as the server runs: a page render and a file fetch then
// share threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_keeps_its_own_script_nonce_while_assets_load_beside_it() {
    let world = World::new().await;
    let app = &world.admin;
    let pkg = app
        .database
        .parent()
        .and_then(|data| data.parent())
        .expect("the test's directory")
        .join("site")
        .join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("throughline.css"), "body { margin: 0 }").unwrap();
    std::fs::write(pkg.join("throughline.js"), "export default function () {}").unwrap();

    let mut requests = Vec::new();
    for round in 0..300 {
        let path = ["/", "/pkg/throughline.css", "/pkg/throughline.js"][round % 3];
        let app = app.clone();
        requests.push(tokio::spawn(async move {
            let response = app.get(path).await;
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (path, policy, response.text().await.unwrap())
        }));
    }
    for request in requests {
        let (path, policy, body) = request.await.unwrap();
        let nonce = body
            .split("nonce=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next());
        match nonce {
            Some(nonce) => assert!(
                policy.contains(&format!("'nonce-{nonce}'")),
                "{path}: the page's scripts carry {nonce}, its policy says {policy}"
            ),
            None => assert!(
                !policy.contains("nonce-"),
                "{path} took a page's policy: {policy}"
            ),
        }
    }
}
