//! What the benchmarks need: the server on the demo data in a fresh SQLite file,
//! a client signed in as one of the demo users, and calls of server functions.
// Each bench uses a part of this.
#![allow(dead_code)]

pub mod report;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use server::{config::Config, startup::Application};

/// Starts the server on port 0 with the demo data; answers its base URL. The
/// returned directory holds the database: keep it alive as long as the server.
pub async fn start_demo_server() -> (String, tempfile::TempDir) {
    // As the binary's `main` does; the bench has opened no database yet.
    server::database::skip_sqlite_memory_statistics();
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let config = Config::from_lookup(|name| match name {
        "PORT" => Some("0".into()),
        "DATABASE_URL" => Some(url.clone()),
        // The benches measure the server, not its per-token rate limit.
        "API_REQUESTS_PER_MINUTE" => Some("1000000".into()),
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

    /// How many cards the board shows.
    pub fn cards(&self) -> usize {
        self.board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cards"].as_array().unwrap().len())
            .sum()
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

/// The release server in its own process on a demo database in `dir` (loaded on
/// first start): what a bench measures from outside, its memory included.
pub struct ServerProcess {
    pub base: String,
    child: Child,
}

impl ServerProcess {
    pub fn start(dir: &tempfile::TempDir) -> ServerProcess {
        ServerProcess::start_with(dir, &[])
    }

    /// [`ServerProcess::start`] with these configuration variables set as well.
    pub fn start_with(dir: &tempfile::TempDir, settings: &[(&str, &str)]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
            .arg("serve")
            .env("PORT", port.to_string())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/bench.db", dir.path().display()),
            )
            .env("THROUGHLINE_DEMO", "1")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .spawn()
            .expect("the server starts");
        for _ in 0..600 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return ServerProcess {
                    base: format!("http://127.0.0.1:{port}"),
                    child,
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not start listening");
    }

    /// Counts this process's CPU time as the server's, apart from the load generator's.
    pub fn cpu(&self) -> ServerCpu {
        ServerCpu::Process(self.child.id())
    }

    /// Resident memory now, as the kernel counts it, in MiB.
    pub fn memory_mib(&self) -> f64 {
        self.status_kib("VmRSS:") / 1024.0
    }

    /// The most resident memory since the process started, in MiB.
    pub fn peak_memory_mib(&self) -> f64 {
        self.status_kib("VmHWM:") / 1024.0
    }

    fn status_kib(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's status");
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a memory figure in kB")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fills the Platform team's board with `cards` work items through the API, as
/// many in each column, assigned to the team's people; answers the board's path.
pub async fn grow_a_board(base: &str, cards: usize) -> String {
    let admin = signed_in_client(base, "ada@throughline.example").await;
    let call = |function: &str, form: Vec<(&str, String)>| {
        admin
            .post(format!("{base}/api/{function}"))
            .header("origin", base)
            .form(&form)
            .send()
    };
    let platform = PlatformBoard::read(&admin, base).await;
    let (team, columns) = (platform.team.clone(), platform.columns());
    for n in 0..cards {
        let created = call(
            "create_work_item",
            vec![
                ("team_id", team.clone()),
                ("item[title]", format!("Generated task {n}")),
                ("item[size]", ["1", "2", "3", "5", "8"][n % 5].to_owned()),
                // Assigned to the Platform team's demo people, as the form allows.
                (
                    "item[assignee]",
                    ["Dev Patel", "Ana Costa"][n % 2].to_owned(),
                ),
            ],
        )
        .await
        .unwrap();
        assert_eq!(created.status(), 200);
        let id: String = created.json().await.unwrap();
        let column = &columns[n % columns.len()];
        if column != &columns[0] {
            let moved = call(
                "move_item",
                vec![
                    ("kind", "work_item".to_owned()),
                    ("item_id", id),
                    ("to_column_id", column.clone()),
                    ("version", "1".to_owned()),
                    // Over the board's soft WIP limits on purpose: a big board.
                    ("reason", "benchmark load".to_owned()),
                ],
            )
            .await
            .unwrap();
            assert_eq!(moved.status(), 200);
        }
    }
    format!("/teams/{team}")
}

/// `time` in milliseconds, as the tables print it.
pub fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1e3)
}

/// Whose CPU time a run counts as the server's.
#[derive(Debug, Clone, Copy)]
pub enum ServerCpu {
    /// The server runs in the bench's own process: its time and the load
    /// generator's are counted together.
    Shared,
    /// The server is this child process (its release binary, started as users
    /// start it): counted apart from the load generator's.
    Process(u32),
}

/// CPU time the process `pid` (`"self"`: this one) has used so far, user and
/// system, in seconds.
pub fn process_cpu_seconds(pid: &str) -> f64 {
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path).expect(&path);
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks of 1/100 s
    // (the kernel's USER_HZ on Linux).
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

/// What [`run`] measured: requests, rate, latency percentiles, CPU per request
/// and answers other than 200.
pub struct Figures {
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// The server's (with the load generator's when they share a process).
    pub cpu_per_request: Duration,
    /// The load generator's, when the server runs apart from it.
    pub generator_cpu_per_request: Option<Duration>,
    pub failures: usize,
}

impl Figures {
    /// The server's and the load generator's CPU per request, as two cells of a
    /// table ("—" for the generator's when it shares the server's process).
    pub fn cpu_cells(&self) -> String {
        let ms = |time: Duration| format!("{:.2} ms", time.as_secs_f64() * 1e3);
        let generator = self.generator_cpu_per_request.map_or("—".to_owned(), ms);
        format!("{} | {generator}", ms(self.cpu_per_request))
    }
}

/// Runs `clients` workers at once, each sending `requests` requests one after
/// another to the server whose CPU `server` counts; a worker's `send(n)` answers
/// the status of its `n`th.
pub async fn run<F, R, Fut>(
    clients: usize,
    requests: usize,
    server: ServerCpu,
    worker: F,
) -> Figures
where
    F: Fn(usize) -> R,
    R: FnMut(usize) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = u16> + Send,
{
    let server_pid = match server {
        ServerCpu::Shared => "self".to_owned(),
        ServerCpu::Process(pid) => pid.to_string(),
    };
    let (server_before, own_before) = (
        process_cpu_seconds(&server_pid),
        process_cpu_seconds("self"),
    );
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let mut send = worker(client);
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::with_capacity(requests);
            for n in 0..requests {
                let sent = std::time::Instant::now();
                let status = send(n).await;
                results.push((sent.elapsed(), status));
            }
            results
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        for (latency, status) in task.await.unwrap() {
            latencies.push(latency);
            failures += usize::from(status != 200);
        }
    }
    let elapsed = started.elapsed();
    let (server_used, own_used) = (
        process_cpu_seconds(&server_pid) - server_before,
        process_cpu_seconds("self") - own_before,
    );
    let count = latencies.len() as f64;
    let per_request = |seconds: f64| Duration::from_secs_f64(seconds / count);
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures {
        requests: latencies.len(),
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        cpu_per_request: per_request(server_used),
        generator_cpu_per_request: matches!(server, ServerCpu::Process(_))
            .then(|| per_request(own_used)),
        failures,
    }
}

/// The server's no-op (`POST /api/current_user`, anonymous), `clients` at once:
/// the yardstick other figures are given as a share of.
pub async fn noop(base: &str, clients: usize, requests: usize, server: ServerCpu) -> Figures {
    run(clients, requests, server, |_| {
        let (client, url) = (reqwest::Client::new(), format!("{base}/api/current_user"));
        let origin = base.to_owned();
        move |_| {
            let request = client.post(&url).header("origin", &origin).send();
            async move { request.await.unwrap().status().as_u16() }
        }
    })
    .await
}

/// The status of one request a worker sent.
pub type StatusFuture = std::pin::Pin<Box<dyn std::future::Future<Output = u16> + Send>>;

/// A worker for [`run`] that reads `url` as browsers do (asking for compression)
/// and reads the whole answer.
pub fn page_reader(
    client: &reqwest::Client,
    url: &str,
) -> impl FnMut(usize) -> StatusFuture + Send {
    let (client, url) = (client.clone(), url.to_owned());
    move |_| {
        let request = client
            .get(&url)
            .header("accept-encoding", "br, gzip")
            .send();
        Box::pin(async move {
            let response = request.await.unwrap();
            let status = response.status().as_u16();
            response.bytes().await.unwrap();
            status
        })
    }
}
