use std::path::PathBuf;

use server::{config::Config, startup::Application};
use tempfile::TempDir;

/// A running server on its own port and database file, removed when dropped.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The SQLite file, when the app runs on SQLite.
    pub database: PathBuf,
    _dir: TempDir,
}

/// Set by `scripts/with-postgres.sh`: a server where tests may create databases.
const POSTGRES_URL_VARIABLE: &str = "THROUGHLINE_TEST_POSTGRES_URL";

impl TestApp {
    /// The demo portfolio loaded, as `make run` starts.
    pub async fn with_demo() -> TestApp {
        Self::spawn(None, true).await
    }

    /// An empty installation (`THROUGHLINE_DEMO=0`).
    pub async fn empty() -> TestApp {
        Self::spawn(None, false).await
    }

    /// The demo portfolio on a fresh database of the PostgreSQL server named by
    /// `THROUGHLINE_TEST_POSTGRES_URL`.
    pub async fn with_demo_on_postgres() -> TestApp {
        let url = fresh_postgres_database().await;
        Self::spawn(Some(url), true).await
    }

    async fn spawn(database_url: Option<String>, demo: bool) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database = dir.path().join("data").join("throughline.db");
        let database_url =
            database_url.unwrap_or_else(|| format!("sqlite://{}", database.display()));
        let config = Config::from_lookup(|name| match name {
            "PORT" => Some("0".into()),
            "DATABASE_URL" => Some(database_url.clone()),
            "THROUGHLINE_DEMO" => Some(if demo { "1" } else { "0" }.into()),
            "LEPTOS_SITE_ROOT" => Some(dir.path().join("site").display().to_string()),
            _ => None,
        })
        .expect("test configuration");
        let app = Application::build(config).await.expect("server starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            database,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// Calls a server function the way the browser does: a form-encoded POST.
    pub async fn call(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{function}", self.address))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// The page's HTML, asserting it answered 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.expect("page body")
    }

    /// The links to team boards in the top bar, as (name, path).
    pub async fn team_links(&self) -> Vec<(String, String)> {
        let html = self.page("/").await;
        html.split("<a href=\"/teams/")
            .skip(1)
            .filter_map(|rest| {
                let (id, rest) = rest.split_once('"')?;
                let name = rest.split_once('>')?.1.split_once('<')?.0;
                Some((name.to_owned(), format!("/teams/{id}")))
            })
            .collect()
    }
}

/// Creates an empty database with a unique name; returns its URL.
async fn fresh_postgres_database() -> String {
    use sea_orm::ConnectionTrait;
    let server = std::env::var(POSTGRES_URL_VARIABLE)
        .unwrap_or_else(|_| panic!("{POSTGRES_URL_VARIABLE} names no PostgreSQL server"));
    let name = format!("throughline_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sea_orm::Database::connect(&server)
        .await
        .expect("PostgreSQL server reachable");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("test database created");
    let (base, _) = server.rsplit_once('/').expect("URL ends with a database");
    format!("{base}/{name}")
}
