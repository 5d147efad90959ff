//! Live boards under load: `cargo bench -p server --bench live`. The release server
//! runs as its own process on the demo data (SQLite), so its memory is its own;
//! 500 browsers follow one team board while a person moves a card 50 times a
//! second. Prints the delivery latency (from sending the move to the last
//! follower receiving it, so an upper bound of commit-to-delivery), the moves per
//! second a burst of moves reaches with and without the followers, and the
//! server's memory. Asserts only that every follower received every move.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::{post, signed_in_client, PlatformBoard, ServerProcess};

const FOLLOWERS: usize = 500;
const PACED_MOVES: usize = 500;
const PACE: Duration = Duration::from_millis(20);
const BURST_CLIENTS: usize = 16;
const BURST_MOVES: usize = 50;

/// When each follower received each move, by the moved card and its version.
type Received = Arc<Mutex<HashMap<(String, i64), Vec<Instant>>>>;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = ServerProcess::start(&dir);
    let base = server.base.clone();
    let admin = signed_in_client(&base, "ada@throughline.example").await;
    let board = Arc::new(Board::read(&admin, &base).await);
    let idle_memory = server.memory_mib();
    let yardstick = Yardstick::measure(&base, BURST_CLIENTS, server.cpu()).await;
    let report = Report::new("live", Some(&yardstick));

    let burst_alone = burst(&admin, &base, &board).await;
    let received: Received = Arc::default();
    let mut followers = Vec::new();
    for _ in 0..FOLLOWERS {
        followers.push(tokio::spawn(follow(
            admin.clone(),
            format!("{base}/api/v1/boards/{}/events", board.id),
            received.clone(),
        )));
    }
    // Every follower connected: the server answered each one's headers.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let following_memory = server.memory_mib();

    let card = board.new_card(&admin, &base, "Followed card").await;
    let mut sent = HashMap::new();
    let mut pace = tokio::time::interval(PACE);
    let started = Instant::now();
    for n in 0..PACED_MOVES {
        pace.tick().await;
        let version = n as i64 + 1;
        sent.insert(version + 1, Instant::now());
        board.move_card(&admin, &base, &card, version, n).await;
    }
    let paced_for = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let loaded_memory = server.memory_mib();
    let burst_followed = burst(&admin, &base, &board).await;

    let received = received.lock().unwrap();
    let mut latencies = Vec::new();
    let mut missing = 0;
    for (version, at) in &sent {
        match received.get(&(card.clone(), *version)) {
            Some(times) if times.len() == FOLLOWERS => {
                latencies.push(*times.iter().max().unwrap() - *at)
            }
            Some(times) => missing += FOLLOWERS - times.len(),
            None => missing += FOLLOWERS,
        }
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{FOLLOWERS} followers of one team board, {PACED_MOVES} moves at {:.0}/s, SQLite (WAL), release server in its own process",
        PACED_MOVES as f64 / paced_for.as_secs_f64()
    );
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| delivery to the last follower, p50 / p99 / max | {:.1} ms / {:.1} ms / {:.1} ms |",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap())
    );
    println!("| deliveries missing | {missing} |");
    println!(
        "| moves/s, {BURST_CLIENTS} clients × {BURST_MOVES} moves, without followers / with {FOLLOWERS} | {burst_alone:.0} / {burst_followed:.0} |"
    );
    println!(
        "| server memory (RSS): idle / {FOLLOWERS} followers connected / after the moves | {idle_memory:.0} MiB / {following_memory:.0} MiB / {loaded_memory:.0} MiB |"
    );
    report.figure(
        &format!("live board: delivery of a move to the last of {FOLLOWERS} followers, p99"),
        &format!("{:.1} ms, {missing} missing", ms(at(0.99))),
        Ratio::Time(at(0.99)),
    );
    report.figure(
        &format!("moves/s, {BURST_CLIENTS} clients, server in its own process, without followers"),
        &format!("{burst_alone:.0}/s"),
        Ratio::Rate(burst_alone),
    );
    report.figure(
        &format!("moves/s, {BURST_CLIENTS} clients, with {FOLLOWERS} followers"),
        &format!("{burst_followed:.0}/s"),
        Ratio::Rate(burst_followed),
    );
    report.figure(
        &format!("server memory: idle / {FOLLOWERS} followers / after the moves"),
        &format!("{idle_memory:.0} / {following_memory:.0} / {loaded_memory:.0} MiB"),
        Ratio::None,
    );
    followers.iter().for_each(|f| f.abort());
    drop(server);
    assert_eq!(missing, 0, "every follower receives every move");
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Reads a board's event stream, noting when each move (by version) arrived.
async fn follow(client: reqwest::Client, url: String, received: Received) {
    let mut response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let now = Instant::now();
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let Some(data) = block.lines().find_map(|line| line.strip_prefix("data:")) else {
                continue;
            };
            let event: serde_json::Value = serde_json::from_str(data.trim()).unwrap();
            let placed = &event["news"]["Changed"]["change"]["placed"][0];
            if let (Some(card), Some(version)) = (placed["id"].as_str(), placed["version"].as_i64())
            {
                received
                    .lock()
                    .unwrap()
                    .entry((card.to_owned(), version))
                    .or_default()
                    .push(now);
            }
        }
    }
}

/// The Platform team's board: where cards are made and moved.
struct Board {
    id: String,
    team: String,
    columns: [String; 2],
}

impl Board {
    async fn read(admin: &reqwest::Client, base: &str) -> Board {
        let platform = PlatformBoard::read(admin, base).await;
        Board {
            id: platform.id(),
            columns: [platform.column("Ready to Deploy"), platform.column("To Do")],
            team: platform.team,
        }
    }

    async fn new_card(&self, admin: &reqwest::Client, base: &str, title: &str) -> String {
        let form = [("team_id", self.team.as_str()), ("item[title]", title)];
        let id = post(admin, base, "create_work_item", &form).await;
        id.as_str().unwrap().to_owned()
    }

    /// Moves `card` (at `version`) to one of two unlimited columns, by turns.
    async fn move_card(
        &self,
        admin: &reqwest::Client,
        base: &str,
        card: &str,
        version: i64,
        n: usize,
    ) {
        let version = version.to_string();
        let form = [
            ("kind", "work_item"),
            ("item_id", card),
            ("to_column_id", self.columns[n % 2].as_str()),
            ("version", version.as_str()),
        ];
        post(admin, base, "move_item", &form).await;
    }
}

/// Moves per second of `BURST_CLIENTS` clients each moving its own card.
async fn burst(admin: &reqwest::Client, base: &str, board: &Arc<Board>) -> f64 {
    let mut cards = Vec::new();
    for n in 0..BURST_CLIENTS {
        cards.push(
            board
                .new_card(admin, base, &format!("Burst card {n}"))
                .await,
        );
    }
    let started = Instant::now();
    let tasks: Vec<_> = cards
        .into_iter()
        .map(|card| {
            let (admin, base, board) = (admin.clone(), base.to_owned(), board.clone());
            tokio::spawn(async move {
                for n in 0..BURST_MOVES {
                    board.move_card(&admin, &base, &card, n as i64 + 1, n).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (BURST_CLIENTS * BURST_MOVES) as f64 / started.elapsed().as_secs_f64()
}
