//! API tokens through the real HTTP API.

use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;

use crate::helpers::{email_of, TestApp, World};

/// Tina Software, a member of the Software team, signed in on an installation
/// of her own.
async fn tina() -> TestApp {
    tina_in(&World::new().await).await
}

async fn tina_in(world: &World) -> TestApp {
    let software = world.team("Software").await;
    world.member(&software, "Tina Software").await
}

#[tokio::test]
async fn a_token_is_shown_once_and_stored_only_as_a_digest() {
    let app = tina().await;

    let (token, _) = app
        .create_token("deploy pipeline", &["read", "record_telemetry"])
        .await;
    assert!(token.starts_with("tl_"), "{token}");

    let listed: Value = app.call("api_tokens", &[]).await.json().await.unwrap();
    assert_eq!(listed[0]["name"], "deploy pipeline");
    assert_eq!(
        listed[0]["capabilities"],
        serde_json::json!(["Read", "RecordTelemetry"])
    );
    assert!(
        !listed.to_string().contains(&token),
        "the list never shows the token"
    );

    let db = Database::connect(format!("sqlite://{}", app.database.display()))
        .await
        .unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT token_hash FROM api_tokens",
        ))
        .await
        .unwrap();
    let stored: String = rows[0].try_get("", "token_hash").unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored.len(), 64);
}

#[tokio::test]
async fn a_token_acts_as_its_owner_within_its_capabilities() {
    let app = tina().await;
    let (token, _) = app.create_token("reader", &["read"]).await;

    let board = app.call_with_token(&token, "portfolio_board", &[]).await;
    assert_eq!(board.status(), 200);
    let me: Value = app
        .call_with_token(&token, "current_user", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], email_of("Tina Software"));

    // Not granted: managing the account (which would let it mint more tokens).
    let refused = app
        .call_with_token(
            &token,
            "create_api_token",
            &[("name", "more"), ("read", "on")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["message"], "you may not manage this account");
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = tina().await;
    let (token, id) = app.create_token("laptop", &["read"]).await;
    assert_eq!(
        app.call_with_token(&token, "portfolio_board", &[])
            .await
            .status(),
        200
    );

    assert_eq!(
        app.call("revoke_api_token", &[("id", &id)]).await.status(),
        200
    );

    let refused = app.call_with_token(&token, "portfolio_board", &[]).await;
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["message"], "the API token is unknown or revoked");
    let listed: Value = app.call("api_tokens", &[]).await.json().await.unwrap();
    assert!(listed[0]["revoked_at"].is_string());
}

#[tokio::test]
async fn the_last_use_of_a_token_is_visible() {
    let app = tina().await;
    let (token, _) = app.create_token("ci", &["read"]).await;
    let before: Value = app.call("api_tokens", &[]).await.json().await.unwrap();
    assert!(before[0]["last_used_at"].is_null());

    app.call_with_token(&token, "portfolio_board", &[]).await;

    let after: Value = app.call("api_tokens", &[]).await.json().await.unwrap();
    assert!(after[0]["last_used_at"].is_string(), "{after}");
}

#[tokio::test]
async fn only_the_owner_can_revoke_a_token() {
    let world = World::new().await;
    let owner = tina_in(&world).await;
    let (token, id) = owner.create_token("mine", &["read"]).await;
    let battery = world.team("Battery").await;
    let other = world.member(&battery, "Ben Battery").await;

    let response = other.call("revoke_api_token", &[("id", &id)]).await;

    assert_eq!(response.status(), 404);
    assert_eq!(
        owner
            .call_with_token(&token, "portfolio_board", &[])
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_token_needs_a_name_and_a_capability() {
    let app = tina().await;

    let nameless = app
        .call("create_api_token", &[("name", " "), ("read", "on")])
        .await;
    assert_eq!(nameless.status(), 400);
    let powerless = app.call("create_api_token", &[("name", "x")]).await;
    assert_eq!(powerless.status(), 400);
    let body: Value = powerless.json().await.unwrap();
    assert_eq!(
        body["message"],
        "choose at least one capability for the token"
    );
    let listed: Value = app.call("api_tokens", &[]).await.json().await.unwrap();
    assert_eq!(listed, serde_json::json!([]));
}
