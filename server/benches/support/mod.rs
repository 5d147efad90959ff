//! What the benchmarks need: the server on the demo data in a fresh SQLite file,
//! a client signed in as one of the demo users, and calls of server functions.
// Each bench uses a part of this.
#![allow(dead_code)]

use server::{config::Config, startup::Application};

/// Starts the server on port 0 with the demo data; answers its base URL. The
/// returned directory holds the database: keep it alive as long as the server.
pub async fn start_demo_server() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let config = Config::from_lookup(|name| match name {
        "PORT" => Some("0".into()),
        "DATABASE_URL" => Some(url.clone()),
        _ => None,
    })
    .expect("configuration");
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    (base, dir)
}

/// A client that sends a demo user's session cookie with every request.
pub async fn signed_in_client(base: &str, email: &str) -> reqwest::Client {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/sign_in"))
        .header("origin", base)
        .form(&[("email", email), ("password", server::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Calls a server function as the browser does; asserts success, answers the JSON.
pub async fn post(
    client: &reqwest::Client,
    base: &str,
    function: &str,
    form: &[(&str, &str)],
) -> serde_json::Value {
    let response = client
        .post(format!("{base}/api/{function}"))
        .header("origin", base)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{function}");
    response.json().await.unwrap()
}

/// The demo's Platform team and its board as `team_board` answers it: where the
/// benches make and move cards.
pub struct PlatformBoard {
    pub team: String,
    pub board: serde_json::Value,
}

impl PlatformBoard {
    pub async fn read(client: &reqwest::Client, base: &str) -> PlatformBoard {
        let teams = post(client, base, "team_directory", &[]).await;
        let team = teams
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "Platform")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let board = post(client, base, "team_board", &[("team_id", &team)]).await;
        PlatformBoard { team, board }
    }

    pub fn id(&self) -> String {
        self.board["id"].as_str().unwrap().to_owned()
    }

    /// The ids of the board's columns, left to right.
    pub fn columns(&self) -> Vec<String> {
        self.board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The id of the column named `name`.
    pub fn column(&self, name: &str) -> String {
        self.board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
