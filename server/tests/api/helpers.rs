use std::{path::PathBuf, sync::Arc};

use serde_json::Value;
use server::{config::Config, startup::Application};
use tempfile::TempDir;

/// A running server on its own port and database file, removed when the last
/// clone is dropped. A clone is a second client with its own session.
#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The SQLite file, when the app runs on SQLite.
    pub database: PathBuf,
    /// The URL of the database the server runs on (SQLite or PostgreSQL), for tests
    /// that read it directly.
    pub database_url: String,
    /// The session cookie (`name=value`) sent with every request once signed in.
    pub session: Option<String>,
    _dir: Arc<TempDir>,
}

/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "throughline-demo";
pub const DEMO_VIEWER: &str = "vic@throughline.example";
pub const DEMO_ADMIN: &str = "ada@throughline.example";

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

    /// A server on an existing database URL (to restart on the same data).
    pub async fn on_database(database_url: String, demo: bool) -> TestApp {
        Self::spawn(Some(database_url), demo).await
    }

    /// An empty installation on a fresh PostgreSQL database.
    pub async fn empty_on_postgres() -> TestApp {
        let url = fresh_postgres_database().await;
        Self::spawn(Some(url), false).await
    }

    async fn spawn(database_url: Option<String>, demo: bool) -> TestApp {
        Self::spawn_with(database_url, demo, false, &[]).await
    }

    /// The demo portfolio, open to guests who read without signing in (the default
    /// of a demo installation; the other constructors turn guests off).
    pub async fn with_demo_and_guests() -> TestApp {
        Self::spawn_with(None, true, true, &[]).await
    }

    /// An empty installation with these configuration variables set as well.
    pub async fn empty_with_settings(settings: &[(&str, &str)]) -> TestApp {
        Self::spawn_with(None, false, false, settings).await
    }

    /// An empty installation on a fresh PostgreSQL database, with these
    /// configuration variables set as well.
    pub async fn empty_on_postgres_with_settings(settings: &[(&str, &str)]) -> TestApp {
        let url = fresh_postgres_database().await;
        Self::spawn_with(Some(url), false, false, settings).await
    }

    async fn spawn_with(
        database_url: Option<String>,
        demo: bool,
        guests: bool,
        settings: &[(&str, &str)],
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database = dir.path().join("data").join("throughline.db");
        let database_url =
            database_url.unwrap_or_else(|| format!("sqlite://{}", database.display()));
        let config = Config::from_lookup(|name| {
            if let Some((_, value)) = settings.iter().find(|(variable, _)| *variable == name) {
                return Some(value.to_string());
            }
            match name {
                "PORT" => Some("0".into()),
                "DATABASE_URL" => Some(database_url.clone()),
                "THROUGHLINE_DEMO" => Some(if demo { "1" } else { "0" }.into()),
                "LEPTOS_SITE_ROOT" => Some(dir.path().join("site").display().to_string()),
                "SESSION_COOKIE_SECURE" => Some("0".into()),
                "THROUGHLINE_GUEST_READ" => Some(if guests { "1" } else { "0" }.into()),
                _ => None,
            }
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
            database_url,
            session: None,
            _dir: Arc::new(dir),
        }
    }

    /// A client of a server started elsewhere (the binary, as a process) on the
    /// SQLite file `database`.
    pub fn at(address: &str, database: &std::path::Path) -> TestApp {
        TestApp {
            address: address.to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            database: database.to_owned(),
            database_url: format!("sqlite://{}", database.display()),
            session: None,
            _dir: Arc::new(tempfile::tempdir().expect("temporary directory")),
        }
    }

    /// The demo portfolio, signed in as the demo viewer (read-only).
    pub async fn viewing_the_demo() -> TestApp {
        let mut app = Self::with_demo().await;
        app.sign_in(DEMO_VIEWER, DEMO_PASSWORD).await;
        app
    }

    /// Signs in, asserting success, and keeps the session cookie for later requests.
    /// Like a fresh browser, it sends no earlier cookie (signing in with one ends
    /// that session, which clones of this client may still be using).
    pub async fn sign_in(&mut self, email: &str, password: &str) {
        self.session = None;
        let response = self
            .call("sign_in", &[("email", email), ("password", password)])
            .await;
        assert_eq!(response.status(), 200, "sign in as {email}");
        self.session = Some(session_cookie(&response).expect("a session cookie"));
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.with_session(self.client.get(format!("{}{path}", self.address)))
            .send()
            .await
            .expect("request sent")
    }

    /// Calls a server function the way the browser does: a form-encoded POST from a
    /// page of this site.
    pub async fn call(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.with_session(self.client.post(format!("{}/api/{function}", self.address)))
            .header("origin", &self.address)
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Posts a multipart form the way a browser does from a page of this site:
    /// `fields`, then the file `file` (its name and bytes) as the field `file`.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> reqwest::Response {
        const BOUNDARY: &str = "----throughline-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .bytes(),
            );
        }
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .bytes(),
        );
        body.extend(file.1);
        body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
        self.with_session(self.client.post(format!("{}{path}", self.address)))
            .header("origin", &self.address)
            .header("referer", format!("{}/admin/import", self.address))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Calls a server function the way a machine does: with an API token, no cookie.
    pub async fn call_with_token(
        &self,
        token: &str,
        function: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{function}", self.address))
            .bearer_auth(token)
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Creates an API token for the signed-in user; returns (token, id).
    pub async fn create_token(&self, name: &str, capabilities: &[&str]) -> (String, String) {
        let mut form = vec![("name", name)];
        form.extend(capabilities.iter().map(|c| (*c, "on")));
        let response = self.call("create_api_token", &form).await;
        assert_eq!(response.status(), 200, "create token {name}");
        let created: serde_json::Value = response.json().await.unwrap();
        (
            created["token"].as_str().unwrap().to_owned(),
            created["details"]["id"].as_str().unwrap().to_owned(),
        )
    }

    fn with_session(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.session {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
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

/// The `throughline` binary on the database at `database_url`, quiet; the caller
/// adds the command and its arguments.
pub fn throughline(database_url: &str) -> std::process::Command {
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"));
    process
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "off");
    process
}

/// Creates an empty database with a unique name; returns its URL.
pub async fn fresh_postgres_database() -> String {
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

/// `throughline_session=<token>` from a response's `Set-Cookie`, if it sets one.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("throughline_session="))
        .and_then(|value| value.split(';').next())
        .filter(|pair| pair.len() > "throughline_session=".len())
        .map(str::to_owned)
}

pub const TINA: &str = "tina@throughline.example";

/// A card on a team's board: (item id, version, current column, other column ids).
pub struct CardOnBoard {
    pub item_id: String,
    pub version: String,
    pub column: String,
    pub board_columns: Vec<(String, String)>,
}

/// The card titled `title` on the board of `team`, as the API shows it.
pub async fn card(app: &TestApp, team: &str, title: &str) -> CardOnBoard {
    let directory: Value = app.call("team_directory", &[]).await.json().await.unwrap();
    let team_id = directory
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == team)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let board: Value = app
        .call("team_board", &[("team_id", &team_id)])
        .await
        .json()
        .await
        .unwrap();
    let columns = board["columns"].as_array().unwrap();
    let board_columns = columns
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for column in columns {
        for card in column["cards"].as_array().unwrap() {
            if card["title"] == title {
                return CardOnBoard {
                    item_id: card["id"].as_str().unwrap().to_owned(),
                    version: card["version"].to_string(),
                    column: column["name"].as_str().unwrap().to_owned(),
                    board_columns,
                };
            }
        }
    }
    panic!("no card {title} on {team}");
}

impl CardOnBoard {
    /// The form of a move of this card, as last seen, to the column `to_column_id`.
    pub fn move_form<'a>(&'a self, to_column_id: &'a str) -> [(&'static str, &'a str); 4] {
        [
            ("kind", "work_item"),
            ("item_id", &self.item_id),
            ("to_column_id", to_column_id),
            ("version", &self.version),
        ]
    }

    pub fn column_id(&self, name: &str) -> String {
        self.board_columns
            .iter()
            .find(|(_, n)| n == name)
            .unwrap()
            .0
            .clone()
    }
}

/// Ids of demo items the tests of the demo act on.
pub struct DemoIds {
    pub epic: String,
    pub product: String,
    pub team: String,
    /// The Software team's board.
    pub team_board: String,
    /// Its first column, To Do, where cards are added.
    pub team_to_do: String,
}

impl DemoIds {
    pub async fn read(app: &TestApp) -> DemoIds {
        let navigation = json(app.call("navigation", &[]).await).await;
        let product = navigation["products"][0]["id"].as_str().unwrap().to_owned();
        let team = navigation["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "Software")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let portfolio = board(app, "portfolio_board", &[]).await;
        let software = board(app, "team_board", &[("team_id", &team)]).await;
        DemoIds {
            epic: find_card(&portfolio, "Drones as a subscription service").0,
            team_board: software["id"].as_str().unwrap().to_owned(),
            team_to_do: software["columns"][0]["id"].as_str().unwrap().to_owned(),
            product,
            team,
        }
    }
}

/// A feature of the demo's product under its epic, due today, with `work_items`
/// work items on the Software board: surely forecast late. Answers its id.
pub async fn feature_due_today(app: &TestApp, work_items: usize) -> String {
    let DemoIds {
        epic,
        product,
        team,
        ..
    } = DemoIds::read(app).await;
    let today = chrono::Utc::now().date_naive().to_string();
    let feature = created_id(
        app,
        "create_feature",
        &[
            ("product_id", &product),
            ("feature[title]", "Due today"),
            ("feature[epic_id]", &epic),
            ("feature[target_date]", &today),
        ],
    )
    .await;
    for n in 0..work_items {
        created_id(
            app,
            "create_work_item",
            &[
                ("team_id", &team),
                ("item[title]", &format!("Step {n} of due today")),
                ("item[feature_id]", &feature),
            ],
        )
        .await;
    }
    feature
}

/// The entry titled `title` in the list `list` of an answer.
pub fn titled<'a>(list: &'a Value, title: &str) -> &'a Value {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|entry| entry["title"] == title)
        .unwrap_or_else(|| panic!("no {title} in {list}"))
}

pub async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

/// Calls a server function that must succeed and answers the id of what it created.
pub async fn created_id(app: &TestApp, function: &str, form: &[(&str, &str)]) -> String {
    let response = app.call(function, form).await;
    let status = response.status();
    let body = response.text().await.expect("response body");
    assert_eq!(status, 200, "{function}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("{function} answers an id: {body}"))
}

/// The id of the column named `name` on a board as the API answers it.
pub fn column_id(board: &Value, name: &str) -> String {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn board(app: &TestApp, function: &str, args: &[(&str, &str)]) -> Value {
    let response = app.call(function, args).await;
    assert_eq!(response.status(), 200, "{function}");
    json(response).await
}

/// (id, column name, version) of the card titled `title`.
pub fn find_card(board: &Value, title: &str) -> (String, String, String) {
    for column in board["columns"].as_array().unwrap() {
        for card in column["cards"].as_array().unwrap() {
            if card["title"] == title {
                return (
                    card["id"].as_str().unwrap().to_owned(),
                    column["name"].as_str().unwrap().to_owned(),
                    card["version"].to_string(),
                );
            }
        }
    }
    panic!("no card {title}");
}

/// The password of every account the builders below create.
pub const BUILT_PASSWORD: &str = "built for this test";

/// The email of Ada Admin, the first admin of every [`World`].
pub const WORLD_ADMIN: &str = "ada@example.com";

/// The email the builders give the person called `name`: Tina Software is
/// tina.software@example.com.
pub fn email_of(name: &str) -> String {
    format!("{}@example.com", name.to_lowercase().replace(' ', "."))
}

/// An installation a test fills itself: no demo data, and its first admin, Ada Admin,
/// signed in. Tests create exactly the teams, people and items they assert on, so
/// each says what it depends on and no change to the demo portfolio can break it.
/// Only tests of the demo itself start from [`TestApp::with_demo`].
pub struct World {
    /// A client signed in as Ada Admin, who may create and change anything.
    pub admin: TestApp,
}

impl World {
    /// An empty installation on SQLite.
    pub async fn new() -> World {
        World::on(TestApp::empty().await).await
    }

    /// `app`, an empty installation on either database, with its first admin.
    pub async fn on(mut app: TestApp) -> World {
        let created = app
            .call(
                "create_first_admin",
                &[
                    ("email", WORLD_ADMIN),
                    ("display_name", "Ada Admin"),
                    ("password", BUILT_PASSWORD),
                ],
            )
            .await;
        assert_eq!(created.status(), 200, "the first admin");
        app.session = Some(session_cookie(&created).expect("the first admin is signed in"));
        World { admin: app }
    }

    /// A team with its board in the default columns: To Do, In Progress, Review
    /// (with their default soft WIP limits), Ready to Deploy, Done.
    pub async fn team(&self, name: &str) -> Team {
        let id = created_id(
            &self.admin,
            "create_board",
            &[("kind", "team"), ("name", name)],
        )
        .await;
        let view = board(&self.admin, "team_board", &[("team_id", &id)]).await;
        Team {
            board_id: view["id"].as_str().unwrap().to_owned(),
            columns: view["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap().to_owned(),
                        c["name"].as_str().unwrap().to_owned(),
                    )
                })
                .collect(),
            id,
        }
    }

    /// A user with `role` (`admin`, `executive`, `product_manager`, `team_member`
    /// or `viewer`) whose display name is `name`, on no team and managing no
    /// product, signed in on a client of their own.
    pub async fn user(&self, name: &str, role: &str) -> TestApp {
        self.account(name, role).await;
        self.signed_in(name).await
    }

    /// A team member of `team` whose display name is `name`, signed in on a client
    /// of their own (the admin's client stays signed in as the admin).
    pub async fn member(&self, team: &Team, name: &str) -> TestApp {
        let user_id = self.account(name, "team_member").await;
        self.assign(&user_id, "team", &team.id, name).await;
        self.signed_in(name).await
    }

    /// A product manager of `product` (who may change its features) whose display
    /// name is `name`, signed in on a client of their own.
    pub async fn product_manager(&self, product: &str, name: &str) -> TestApp {
        let user_id = self.account(name, "product_manager").await;
        self.assign(&user_id, "product", product, name).await;
        self.signed_in(name).await
    }

    /// Creates the account of `name` (email [`email_of`], password
    /// [`BUILT_PASSWORD`]) with `role`, on no team and managing no product, and
    /// signs in nowhere, for tests whose sign-ins are their own: a test of signing
    /// in, of its throttle, or one that signs in afresh for each call; answers the
    /// user's id.
    pub async fn account(&self, name: &str, role: &str) -> String {
        self.account_at(&email_of(name), name, role).await
    }

    /// Someone on the team `team_id` called `name`, with an account at `email`
    /// they do not sign in to here: a person work can be assigned to.
    pub async fn teammate(&self, team_id: &str, name: &str, email: &str) {
        let user_id = self.account_at(email, name, "team_member").await;
        self.assign(&user_id, "team", team_id, name).await;
    }

    async fn account_at(&self, email: &str, name: &str, role: &str) -> String {
        let created = self
            .admin
            .call(
                "create_user",
                &[
                    ("email", email),
                    ("display_name", name),
                    ("role", role),
                    ("password", BUILT_PASSWORD),
                ],
            )
            .await;
        assert_eq!(created.status(), 200, "create {name}");
        let directory = json(self.admin.call("user_directory", &[]).await).await;
        directory["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|user| user["email"] == email)
            .unwrap_or_else(|| panic!("{email} in {directory}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Gives the user `user_id` (called `name`) the team or product (`kind`)
    /// `target`.
    async fn assign(&self, user_id: &str, kind: &str, target: &str, name: &str) {
        let given = self
            .admin
            .call(
                "set_assignment",
                &[
                    ("user_id", user_id),
                    ("kind", kind),
                    ("target_id", target),
                    ("held", "true"),
                ],
            )
            .await;
        assert_eq!(given.status(), 200, "{name} given the {kind}");
    }

    /// A new client of this installation that is signed in as nobody, as a
    /// visitor's fresh browser is.
    pub fn visitor(&self) -> TestApp {
        TestApp {
            session: None,
            ..self.admin.clone()
        }
    }

    /// A new client signed in as `name`.
    async fn signed_in(&self, name: &str) -> TestApp {
        let mut client = self.admin.clone();
        client.sign_in(&email_of(name), BUILT_PASSWORD).await;
        client
    }

    /// The vision (an installation has one); answers its id.
    pub async fn vision(&self, title: &str) -> String {
        let saved = self
            .admin
            .call("save_vision", &[("vision[title]", title)])
            .await;
        assert_eq!(saved.status(), 200, "the vision {title}");
        let tree = json(self.admin.call("strategy_tree", &[]).await).await;
        tree_node(&tree["visions"], title)
    }

    /// A strategic theme under the vision `vision`; answers its id.
    pub async fn theme(&self, vision: &str, title: &str) -> String {
        let saved = self
            .admin
            .call(
                "save_theme",
                &[("vision_id", vision), ("theme[title]", title)],
            )
            .await;
        assert_eq!(saved.status(), 200, "the theme {title}");
        let tree = json(self.admin.call("strategy_tree", &[]).await).await;
        let vision = tree["visions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == vision)
            .unwrap_or_else(|| panic!("vision {vision} in {tree}"));
        tree_node(&vision["children"], title)
    }

    /// An epic in the portfolio's Funnel under the theme `theme`; answers its id.
    pub async fn epic(&self, theme: &str, title: &str) -> String {
        let form = [("epic[title]", title), ("epic[theme_id]", theme)];
        created_id(&self.admin, "create_epic", &form).await
    }

    /// A product with its feature kanban; answers its id, which names that board.
    pub async fn product(&self, name: &str) -> String {
        let form = [("kind", "product"), ("name", name)];
        created_id(&self.admin, "create_board", &form).await
    }

    /// A feature on the board of `product`, under the epic `epic`; answers its id.
    pub async fn feature(&self, product: &str, epic: &str, title: &str) -> String {
        let form = [
            ("product_id", product),
            ("feature[title]", title),
            ("feature[epic_id]", epic),
        ];
        created_id(&self.admin, "create_feature", &form).await
    }

    /// What the generated matrices act on: the chain from the vision to a feature;
    /// the Software team's board with [`SOFTWARE_CARD`] under the feature in To Do
    /// and another card in Review; and a metric.
    pub async fn planned_board(&self) -> PlannedBoard {
        let chain = self.chain().await;
        let software = self.team("Software").await;
        let item = self
            .work_item(&software, SOFTWARE_CARD)
            .under(&chain.feature)
            .create()
            .await;
        self.work_item(&software, "Altitude drifts with a heavy payload")
            .in_column("Review")
            .create()
            .await;
        let metric = self.metric("Payload capacity").await;
        PlannedBoard {
            chain,
            software,
            item,
            metric,
        }
    }

    /// The chain most tests hang work under, from the vision down to one feature:
    /// the vision "Grow market share", its theme "Lead the heavy-lift segment", the
    /// epic "A drone that carries heavy weights", and the product "Heavy-lift
    /// drone" with the feature "Updated flight software" under that epic.
    pub async fn chain(&self) -> Chain {
        let vision = self.vision("Grow market share").await;
        let theme = self.theme(&vision, "Lead the heavy-lift segment").await;
        let epic = self
            .epic(&theme, "A drone that carries heavy weights")
            .await;
        let product = self.product("Heavy-lift drone").await;
        let feature = self
            .feature(&product, &epic, "Updated flight software")
            .await;
        Chain {
            vision,
            epic,
            product,
            feature,
        }
    }

    /// Moves the epic `epic` forward on the portfolio kanban, one state at a time as
    /// the portfolio allows, until it is in the state (column) named `state`.
    pub async fn move_epic_to(&self, epic: &str, state: &str) {
        loop {
            let portfolio = board(&self.admin, "portfolio_board", &[]).await;
            let columns = portfolio["columns"].as_array().unwrap();
            let (at, version) = columns
                .iter()
                .enumerate()
                .find_map(|(at, column)| {
                    let cards = column["cards"].as_array().unwrap();
                    let card = cards.iter().find(|card| card["id"] == epic)?;
                    Some((at, card["version"].to_string()))
                })
                .unwrap_or_else(|| panic!("no epic {epic} in {portfolio}"));
            if columns[at]["name"] == state {
                return;
            }
            let next = columns
                .get(at + 1)
                .unwrap_or_else(|| panic!("{state} is not ahead of epic {epic}"));
            let form = [
                ("kind", "epic"),
                ("item_id", epic),
                ("to_column_id", next["id"].as_str().unwrap()),
                ("version", &version),
            ];
            let moved = self.admin.call("move_item", &form).await;
            let status = moved.status();
            let body = moved.text().await.expect("response body");
            assert_eq!(status, 200, "epic {epic} to {}: {body}", next["name"]);
        }
    }

    /// An outcome metric that should rise from 0 on 2026-01-01 to 100 by
    /// 2026-06-01; answers its id. Its target date has passed, so its status
    /// depends on its current value alone: from 100 it is on track, from 90 at risk
    /// (within a tenth of the way), below that off track.
    pub async fn metric(&self, name: &str) -> String {
        let form = [
            ("metric[name]", name),
            ("metric[direction]", "increase"),
            ("metric[baseline]", "0"),
            ("metric[baseline_date]", "2026-01-01"),
            ("metric[target]", "100"),
            ("metric[target_date]", "2026-06-01"),
        ];
        created_id(&self.admin, "create_metric", &form).await
    }

    /// A measurement of `value` taken now, typed by hand: the metric's current
    /// value.
    pub async fn measure(&self, metric: &str, value: f64) {
        let value = value.to_string();
        let form = [
            ("metric_id", metric),
            ("measurement[value]", &value),
            ("measurement[measured_at]", ""),
        ];
        let recorded = self.admin.call("record_measurement", &form).await;
        assert_eq!(recorded.status(), 200, "{value} for metric {metric}");
    }

    /// The claim that `item` (`kind:id`, such as `epic:<id>` or `vision:<id>`) moves
    /// the metric `metric`.
    pub async fn link_metric(&self, metric: &str, item: &str) {
        let linked = self
            .admin
            .call("link_metric", &[("metric_id", metric), ("item", item)])
            .await;
        assert_eq!(linked.status(), 200, "{item} moves metric {metric}");
    }

    /// A successful production deployment by `team` this many days ago for each
    /// of `days_ago` (0 is now; a day may come more than once), sent as a pipeline
    /// sends them, through `POST /api/v1/deployments`.
    pub async fn deployments(&self, team: &str, days_ago: impl IntoIterator<Item = i64>) {
        let (token, _) = self
            .admin
            .create_token("pipeline", &["record_telemetry"])
            .await;
        let now = chrono::Utc::now();
        let deployments: Vec<Value> = days_ago
            .into_iter()
            .enumerate()
            .map(|(n, days)| {
                serde_json::json!({
                    "id": format!("{team}-{n}"),
                    "service": team.to_lowercase(),
                    "team": team,
                    "environment": "production",
                    "deployed_at": (now - chrono::Duration::days(days)).to_rfc3339(),
                    "status": "success",
                })
            })
            .collect();
        let sent = self
            .admin
            .client
            .post(format!("{}/api/v1/deployments", self.admin.address))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "deployments": deployments }))
            .send()
            .await
            .expect("request sent");
        let status = sent.status();
        let body = sent.text().await.expect("response body");
        assert_eq!(status, 201, "deployments of {team}: {body}");
    }

    /// A work item titled `title` on the board of `team`, created by the admin once
    /// [`NewWorkItem::create`] is awaited: in the board's first column, unassigned and
    /// unaligned unless the builder says otherwise.
    pub fn work_item<'a>(&'a self, team: &'a Team, title: &'a str) -> NewWorkItem<'a> {
        NewWorkItem {
            app: &self.admin,
            team,
            title,
            column: None,
            assignee: "",
            feature: "",
            blocked: None,
        }
    }
}

/// The id of the node titled `title` among `nodes` of the strategy tree.
fn tree_node(nodes: &Value, title: &str) -> String {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["title"] == title)
        .unwrap_or_else(|| panic!("no {title} in {nodes}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The card [`World::planned_board`] puts under the feature.
pub const SOFTWARE_CARD: &str = "Payload-aware landing profile";

/// What [`World::planned_board`] built.
pub struct PlannedBoard {
    pub chain: Chain,
    /// The Software team; its board's "Review" column holds a card, so removing
    /// that column is refused (409).
    pub software: Team,
    /// [`SOFTWARE_CARD`], in To Do, under the feature.
    pub item: String,
    pub metric: String,
}

/// The ids of what [`World::chain`] built.
pub struct Chain {
    pub vision: String,
    pub epic: String,
    pub product: String,
    pub feature: String,
}

/// A team and its board, as [`World::team`] created them.
pub struct Team {
    pub id: String,
    /// The id of the team's board (WIP limits and settings are per board).
    pub board_id: String,
    /// (id, name) of the board's columns, left to right, as created.
    columns: Vec<(String, String)>,
}

impl Team {
    /// The id of the board's column named `name`.
    pub fn column_id(&self, name: &str) -> String {
        self.columns
            .iter()
            .find(|(_, n)| n == name)
            .unwrap_or_else(|| panic!("no column {name}"))
            .0
            .clone()
    }
}

/// A work item to create; see [`World::work_item`].
pub struct NewWorkItem<'a> {
    app: &'a TestApp,
    team: &'a Team,
    title: &'a str,
    column: Option<&'a str>,
    assignee: &'a str,
    feature: &'a str,
    blocked: Option<&'a str>,
}

impl<'a> NewWorkItem<'a> {
    /// Moved to the column named `column` once created, as a person would put it
    /// there (so its history shows that move, and no WIP limit may refuse it).
    pub fn in_column(self, column: &'a str) -> Self {
        NewWorkItem {
            column: Some(column),
            ..self
        }
    }

    /// Assigned to `person` (a name, as the board's assignee field takes it).
    pub fn assigned_to(self, person: &'a str) -> Self {
        NewWorkItem {
            assignee: person,
            ..self
        }
    }

    /// Under the feature with the id `feature`, so its chain climbs to the vision.
    pub fn under(self, feature: &'a str) -> Self {
        NewWorkItem { feature, ..self }
    }

    /// Blocked, for the reason `reason`.
    pub fn blocked(self, reason: &'a str) -> Self {
        NewWorkItem {
            blocked: Some(reason),
            ..self
        }
    }

    /// Creates the item and puts it in its column; answers its id.
    pub async fn create(self) -> String {
        let mut form = vec![
            ("team_id", self.team.id.as_str()),
            ("item[title]", self.title),
            ("item[assignee]", self.assignee),
            ("item[feature_id]", self.feature),
        ];
        if let Some(reason) = self.blocked {
            form.extend([("item[blocked]", "on"), ("item[blocked_reason]", reason)]);
        }
        let id = created_id(self.app, "create_work_item", &form).await;
        if let Some(column) = self.column {
            let detail = [("kind", "work_item"), ("item_id", &id)];
            let version =
                json(self.app.call("item_detail", &detail).await).await["version"].to_string();
            let to = self.team.column_id(column);
            let form = [
                ("kind", "work_item"),
                ("item_id", &id),
                ("to_column_id", &to),
                ("version", &version),
            ];
            let moved = self.app.call("move_item", &form).await;
            let status = moved.status();
            let body = moved.text().await.expect("response body");
            assert_eq!(status, 200, "{} to {column}: {body}", self.title);
        }
        id
    }
}

/// Asserts that `column_loads` holds, for each column, class of service and
/// holder, the number and total size of the items there, counted here afresh.
pub async fn assert_counts_are_the_cards(db: &sea_orm::DatabaseConnection, after: &str) {
    use app::domain::hierarchy::ItemKind;
    use app::entities::{column_load, item};
    use sea_orm::EntityTrait;
    use std::collections::BTreeMap;
    let mut counted: BTreeMap<(uuid::Uuid, String, String), (i64, i64)> = BTreeMap::new();
    for card in item::Entity::find().all(db).await.unwrap() {
        let holder = match card.kind {
            ItemKind::Epic => card.owner,
            _ => card.assignee,
        };
        let group = counted
            .entry((
                card.column_id,
                card.class_of_service
                    .map(|class| class.key().to_owned())
                    .unwrap_or_default(),
                holder.unwrap_or_default(),
            ))
            .or_default();
        group.0 += 1;
        group.1 += i64::from(card.size.unwrap_or(0));
    }
    let kept: BTreeMap<_, _> = column_load::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|group| group.cards != 0)
        .map(|group| {
            (
                (group.column_id, group.class_of_service, group.holder),
                (group.cards, group.total_size),
            )
        })
        .collect();
    assert!(!counted.is_empty());
    assert_eq!(kept, counted, "after {after}");
}

/// Asserts that the finish time the database keeps on each card (migration 23's
/// triggers) is its timeline's finish by the flow metrics' definition, worked out
/// afresh from every transition and the columns' state categories now.
pub async fn assert_finish_times_are_the_timelines(db: &sea_orm::DatabaseConnection, after: &str) {
    use app::domain::flow::{timeline, ColumnKind, ItemHistory, Move};
    use app::entities::{board_column, item, transition};
    use sea_orm::{EntityTrait, QueryOrder};
    use std::collections::HashMap;
    let columns: HashMap<uuid::Uuid, ColumnKind> = board_column::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|column| {
            let kind = ColumnKind {
                category: column.state_category,
                activity: column.activity,
            };
            (column.id, kind)
        })
        .collect();
    let mut moves: HashMap<uuid::Uuid, Vec<Move>> = HashMap::new();
    for arrival in transition::Entity::find()
        .order_by_asc(transition::Column::At)
        .all(db)
        .await
        .unwrap()
    {
        moves.entry(arrival.item_id).or_default().push(Move {
            at: arrival.at,
            to: arrival.to_column_id,
        });
    }
    for card in item::Entity::find().all(db).await.unwrap() {
        let history = ItemHistory {
            id: card.id,
            kind: String::new(),
            created: card.created_at,
            moves: moves.remove(&card.id).unwrap_or_default(),
        };
        assert_eq!(
            card.finished_at,
            timeline(&history, &columns).finished,
            "{} after {after}",
            card.title
        );
    }
}
