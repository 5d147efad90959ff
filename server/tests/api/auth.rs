//! Accounts, sessions and request security, through the real HTTP API.

use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;

use crate::helpers::{
    email_of, session_cookie, TestApp, World, BUILT_PASSWORD, DEMO_ADMIN, DEMO_PASSWORD,
    DEMO_VIEWER, TINA, WORLD_ADMIN,
};

/// The person whose account these tests sign in to.
const TINA_SOFTWARE: &str = "Tina Software";

/// A visitor's client on an installation where Tina Software, a team member, has
/// an account she has not signed in to yet.
async fn tinas_account() -> TestApp {
    let world = World::new().await;
    world.account(TINA_SOFTWARE, "team_member").await;
    world.visitor()
}

/// A client signed in as Tina Software, a team member, on an installation of her
/// own.
async fn tina_signed_in() -> TestApp {
    World::new().await.user(TINA_SOFTWARE, "team_member").await
}

#[tokio::test]
async fn an_anonymous_visitor_is_sent_to_sign_in_and_back() {
    let app = World::new().await.visitor();

    let home = app.get("/").await;
    assert_eq!(home.status(), 303);
    assert_eq!(home.headers()["location"], "/login");

    let board = app.get("/teams/abc?q=1").await;
    assert_eq!(
        board.headers()["location"],
        "/login?next=%2Fteams%2Fabc%3Fq%3D1"
    );

    assert_eq!(app.get("/login").await.status(), 200);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn an_anonymous_api_call_is_401_with_a_message() {
    let app = World::new().await.visitor();

    let response = app.call("portfolio_board", &[]).await;

    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "sign_in_required");
    assert_eq!(body["message"], "sign in to continue");
}

#[tokio::test]
async fn signing_in_sets_a_session_cookie_the_browser_cannot_read() {
    let app = tinas_account().await;
    let tina = email_of(TINA_SOFTWARE);

    let response = app
        .call("sign_in", &[("email", &tina), ("password", BUILT_PASSWORD)])
        .await;

    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
}

#[tokio::test]
async fn a_sign_in_form_posted_without_javascript_goes_on_to_the_page_asked_for() {
    let app = tinas_account().await;
    let tina = email_of(TINA_SOFTWARE);

    let response = app
        .client
        .post(format!("{}/api/sign_in", app.address))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .form(&[
            ("email", tina.as_str()),
            ("password", BUILT_PASSWORD),
            ("next", "/teams/x"),
        ])
        .send()
        .await
        .unwrap();

    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/teams/x");
    assert!(session_cookie(&response).is_some());
}

#[tokio::test]
async fn the_session_cookie_is_secure_unless_configured_off() {
    // TestApp turns Secure off for plain-HTTP tests; the default is on.
    let config = server::config::Config::from_lookup(|_| None).unwrap();
    assert!(config.secure_cookies);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_starts_no_session() {
    let app = tinas_account().await;
    let tina = email_of(TINA_SOFTWARE);

    for (email, password) in [
        (tina.as_str(), "not the password"),
        ("nobody@example.com", BUILT_PASSWORD),
    ] {
        let response = app
            .call("sign_in", &[("email", email), ("password", password)])
            .await;
        assert_eq!(response.status(), 401, "{email}");
        assert_eq!(session_cookie(&response), None);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["message"], "the email or password is wrong");
    }
}

#[tokio::test]
async fn the_signed_in_user_is_shown_in_the_top_bar() {
    let app = tina_signed_in().await;

    let html = app.page("/").await;

    assert!(html.contains("Tina Software"), "{html}");
    assert!(html.contains("Team member"));
    let me: Value = app.call("current_user", &[]).await.json().await.unwrap();
    assert_eq!(me["email"], email_of(TINA_SOFTWARE));
    assert_eq!(me["role"], "TeamMember");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let mut app = tina_signed_in().await;
    let old_session = app.session.clone();

    let response = app.call("sign_out", &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));

    // Replaying the old cookie gets nothing.
    app.session = old_session;
    assert_eq!(app.get("/").await.status(), 303);
    assert_eq!(app.call("portfolio_board", &[]).await.status(), 401);
}

#[tokio::test]
async fn a_password_change_ends_every_other_session() {
    let elsewhere = tina_signed_in().await;
    let tina = email_of(TINA_SOFTWARE);
    let mut here = elsewhere.clone();
    here.sign_in(&tina, BUILT_PASSWORD).await;

    let response = here
        .call(
            "change_password",
            &[
                ("current_password", BUILT_PASSWORD),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    here.session = session_cookie(&response);

    assert_eq!(elsewhere.call("portfolio_board", &[]).await.status(), 401);
    assert_eq!(here.call("portfolio_board", &[]).await.status(), 200);
    let old = here
        .call("sign_in", &[("email", &tina), ("password", BUILT_PASSWORD)])
        .await;
    assert_eq!(old.status(), 401);
    here.sign_in(&tina, "a brand new secret").await;
}

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_a_long_new_one() {
    let mut app = tina_signed_in().await;

    let wrong = app
        .call(
            "change_password",
            &[
                ("current_password", "guess guess"),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let short = app
        .call(
            "change_password",
            &[
                ("current_password", BUILT_PASSWORD),
                ("new_password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status(), 400);
    let body: Value = short.json().await.unwrap();
    assert_eq!(body["message"], "a password needs at least 10 characters");

    // Nothing changed: the old password still works.
    app.sign_in(&email_of(TINA_SOFTWARE), BUILT_PASSWORD).await;
}

#[tokio::test]
async fn an_expired_session_is_no_longer_accepted() {
    let app = tina_signed_in().await;
    assert_eq!(app.call("portfolio_board", &[]).await.status(), 200);

    let db = Database::connect(format!("sqlite://{}", app.database.display()))
        .await
        .unwrap();
    db.execute_unprepared("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
        .await
        .unwrap();

    assert_eq!(app.call("portfolio_board", &[]).await.status(), 401);
    assert_eq!(app.get("/").await.status(), 303);
}

#[tokio::test]
async fn sessions_survive_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let world = World::on(TestApp::on_database(url.clone(), false).await).await;
    let first = world.user(TINA_SOFTWARE, "team_member").await;
    let cookie = first.session.clone();
    drop((world, first));

    let mut second = TestApp::on_database(url, false).await;
    second.session = cookie;

    assert_eq!(second.call("portfolio_board", &[]).await.status(), 200);
}

#[tokio::test]
async fn repeated_failures_slow_down_then_refuse_sign_in() {
    let app = tinas_account().await;
    let tina = email_of(TINA_SOFTWARE);
    for _ in 0..4 {
        let response = app
            .call(
                "sign_in",
                &[("email", &tina), ("password", "wrong password")],
            )
            .await;
        assert_eq!(response.status(), 401);
    }
    // Even the right password is refused while the account is being slowed down.
    let refused = app
        .call("sign_in", &[("email", &tina), ("password", BUILT_PASSWORD)])
        .await;
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Too many failed sign-ins: wait"),
        "{body}"
    );

    // The address is throttled too: guessing across accounts from one place is slowed.
    let other = app
        .call(
            "sign_in",
            &[("email", WORLD_ADMIN), ("password", BUILT_PASSWORD)],
        )
        .await;
    assert_eq!(other.status(), 429);
}

#[tokio::test]
async fn a_state_changing_request_from_another_site_is_refused() {
    let app = tina_signed_in().await;
    let cookie = app.session.clone().unwrap();
    let url = format!("{}/api/sign_out", app.address);

    let forged = app
        .client
        .post(&url)
        .header("cookie", &cookie)
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let without_origin = app
        .client
        .post(&url)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(without_origin.status(), 403);

    // The session is still alive: the forged sign-out did nothing.
    assert_eq!(app.call("portfolio_board", &[]).await.status(), 200);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = World::new().await.user("Vic Viewer", "viewer").await;

    for path in ["/", "/login", "/healthz", "/no/such/page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn a_page_allows_only_its_own_inline_script_by_nonce() {
    let app = World::new().await.user("Vic Viewer", "viewer").await;

    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();

    let nonce = html
        .split("<script type=\"module\" nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the hydration script has a nonce");
    assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
}

#[tokio::test]
async fn a_fresh_installation_asks_for_the_first_admin_once() {
    let mut app = TestApp::empty().await;
    assert_eq!(app.get("/").await.headers()["location"], "/setup");
    assert_eq!(app.get("/setup").await.status(), 200);

    let bad = app
        .call(
            "create_first_admin",
            &[
                ("email", "not-an-email"),
                ("display_name", "Root"),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(
        app.get("/").await.headers()["location"],
        "/setup",
        "nothing created"
    );

    let created = app
        .call(
            "create_first_admin",
            &[
                ("email", "Root@Example.com"),
                ("display_name", "<script>alert('x')</script> \"Root\""),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    app.session = session_cookie(&created);

    // User-supplied text is escaped wherever it is rendered.
    let html = app.page("/").await;
    assert!(!html.contains("<script>alert('x')</script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");

    let again = app
        .call(
            "create_first_admin",
            &[
                ("email", "second@example.com"),
                ("display_name", "Two"),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(again.status(), 409);
    app.session = None;
    assert_eq!(app.get("/setup").await.headers()["location"], "/login");
}

#[tokio::test]
async fn demo_accounts_exist_for_every_role() {
    let mut app = TestApp::with_demo().await;
    for (email, role) in [
        (DEMO_ADMIN, "Admin"),
        ("erin@throughline.example", "Executive"),
        ("paul@throughline.example", "ProductManager"),
        (TINA, "TeamMember"),
        ("ben@throughline.example", "TeamMember"),
        (DEMO_VIEWER, "Viewer"),
    ] {
        app.sign_in(email, DEMO_PASSWORD).await;
        let me: Value = app.call("current_user", &[]).await.json().await.unwrap();
        assert_eq!(me["role"], role, "{email}");
    }
}

#[tokio::test]
async fn guests_of_a_demo_installation_read_but_must_sign_in_to_change() {
    let app = TestApp::with_demo_and_guests().await;

    let html = app.page("/").await;
    assert!(html.contains("A drone that carries heavy weights"));
    assert!(html.contains("Guest (read only)"));
    assert!(!html.contains("move-form"));
    assert_eq!(app.call("portfolio_board", &[]).await.status(), 200);

    for (function, args) in [
        (
            "change_password",
            &[("current_password", "x"), ("new_password", "y")][..],
        ),
        ("create_api_token", &[("name", "x"), ("read", "on")][..]),
        ("user_directory", &[][..]),
    ] {
        let response = app.call(function, args).await;
        assert_eq!(response.status(), 401, "{function}");
    }
    assert_eq!(
        app.call("current_user", &[]).await.text().await.unwrap(),
        "null"
    );
}

/// The document's opening tag, where the server renders the reader's theme.
async fn html_tag(app: &TestApp, path: &str) -> String {
    let page = app.get(path).await.text().await.unwrap();
    let start = page.find("<html").expect("a document");
    page[start..=start + page[start..].find('>').unwrap()].to_owned()
}

#[tokio::test]
async fn a_chosen_theme_is_rendered_by_the_server_for_that_user_on_every_page() {
    let world = World::new().await;
    let tina = world.user(TINA_SOFTWARE, "team_member").await;
    let robin = world.user("Robin Viewer", "viewer").await;
    assert!(html_tag(&tina, "/")
        .await
        .contains(r#"data-theme="system""#));

    let chosen = tina.call("choose_theme", &[("theme", "dark")]).await;
    assert_eq!(chosen.status(), 200);
    for path in ["/", "/dashboard", "/account", "/no-such-page"] {
        let tag = html_tag(&tina, path).await;
        assert!(tag.contains(r#"data-theme="dark""#), "{path}: {tag}");
    }
    let account: Value = tina.call("current_user", &[]).await.json().await.unwrap();
    assert_eq!(account["theme"], "Dark");
    // Someone else's choice is theirs alone.
    assert!(html_tag(&robin, "/")
        .await
        .contains(r#"data-theme="system""#));

    let wrong = tina.call("choose_theme", &[("theme", "purple")]).await;
    assert_eq!(wrong.status(), 400);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["field"], "theme");
    assert_eq!(
        body["message"],
        "`purple` is not a valid theme; expected one of: system, light, dark"
    );
    assert!(html_tag(&tina, "/").await.contains(r#"data-theme="dark""#));

    let back = tina.call("choose_theme", &[("theme", "light")]).await;
    assert_eq!(back.status(), 200);
    assert!(html_tag(&tina, "/").await.contains(r#"data-theme="light""#));
}

#[tokio::test]
async fn a_visitor_has_no_theme_to_choose_and_reads_in_the_devices_colours() {
    let world = World::new().await;
    let visitor = world.visitor();
    assert_eq!(
        visitor
            .call("choose_theme", &[("theme", "dark")])
            .await
            .status(),
        401
    );
    let guests = TestApp::with_demo_and_guests().await;
    assert!(!html_tag(&guests, "/").await.contains("data-theme"));
}

/// The `Set-Cookie` for `name` in a response, if it sets one.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_refused_plain_form_post_comes_back_with_its_reason_shown_once_and_a_clean_address() {
    let app = tinas_account().await;
    let page = format!("{}/login?next=%2Fdashboard", app.address);
    let refused = app
        .client
        .post(format!("{}/api/sign_in", app.address))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("referer", &page)
        .form(&[
            ("email", email_of(TINA_SOFTWARE).as_str()),
            ("password", "not her password"),
        ])
        .send()
        .await
        .unwrap();

    assert!(refused.status().is_redirection(), "{}", refused.status());
    assert_eq!(refused.headers()["location"], page.as_str());
    let carried = set_cookie(&refused, "throughline_posted_error").expect("the reason, kept aside");
    assert!(
        carried.contains("Max-Age=60") && carried.contains("HttpOnly"),
        "{carried}"
    );
    let cookie = carried.split(';').next().unwrap().to_owned();

    let back = app
        .client
        .get(&page)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let cleared = set_cookie(&back, "throughline_posted_error").expect("cleared once shown");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let html = back.text().await.unwrap();
    assert!(html.contains("form-error"), "the reason is on the page");
    assert!(html.contains("the email or password is wrong"), "{html}");
    // Another function's form on the page does not take it for its own.
    let elsewhere = app
        .client
        .get(format!("{}/setup", app.address))
        .header(
            "cookie",
            cookie.replace("/api/sign_in", "/api/create_first_admin"),
        )
        .send()
        .await
        .unwrap();
    assert!(!elsewhere
        .text()
        .await
        .unwrap()
        .contains("password is wrong"));
}
