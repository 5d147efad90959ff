//! Card moves under concurrency on SQLite, next to a no-op request of the same
//! server in the same run: `cargo bench -p server --bench moves`. Every move goes
//! through the whole path (session, authorization, board lock, WIP check, version
//! check, transition and audit rows). Prints figures; asserts only that nothing
//! but a success came back.

use std::time::{Duration, Instant};

mod support;

use support::{post, signed_in_client, PlatformBoard};

const CLIENTS: usize = 16;
const MOVES_PER_CLIENT: usize = 100;

#[tokio::main]
async fn main() {
    let (base, _database) = support::start_demo_server().await;
    let admin = signed_in_client(&base, "ada@throughline.example").await;

    // Each client moves its own card back and forth between two unlimited columns.
    let platform = PlatformBoard::read(&admin, &base).await;
    let team = platform.team.clone();
    let (to_do, ready) = (platform.column("To Do"), platform.column("Ready to Deploy"));
    let mut cards = Vec::new();
    for n in 0..CLIENTS {
        let title = format!("Bench card {n}");
        let id = post(
            &admin,
            &base,
            "create_work_item",
            &[("team_id", &team), ("item[title]", &title)],
        )
        .await;
        cards.push(id.as_str().unwrap().to_owned());
    }

    let noop = run(CLIENTS, MOVES_PER_CLIENT, |_| {
        let (client, url) = (reqwest::Client::new(), format!("{base}/api/current_user"));
        let origin = base.clone();
        move |_| {
            let request = client.post(&url).header("origin", &origin).send();
            async move { request.await.unwrap().status().as_u16() }
        }
    })
    .await;

    println!("{CLIENTS} concurrent clients, {MOVES_PER_CLIENT} requests each, SQLite (WAL)");
    println!("| request | per second | share of the no-op rate | p50 | p99 | CPU per request (server and load generator) | failures |");
    println!("|---|---|---|---|---|---|---|");
    noop.print(
        "no-op (`POST /api/current_user`, anonymous)",
        noop.per_second,
    );
    let mut failures = noop.failures;
    // The same moves on the demo's board, then on it grown to 500 and 5,000 cards
    // shown: a move's cost should not grow with its board.
    for (round, size) in [0_usize, 500, 5_000].into_iter().enumerate() {
        let shown = PlatformBoard::read(&admin, &base).await.cards();
        support::grow_a_board(&base, size.saturating_sub(shown)).await;
        let cards_on_board = PlatformBoard::read(&admin, &base).await.cards();
        let moves = run(CLIENTS, MOVES_PER_CLIENT, |client_no| {
            let (client, url) = (admin.clone(), format!("{base}/api/move_item"));
            let (card, columns, origin) = (
                cards[client_no].clone(),
                [ready.clone(), to_do.clone()],
                base.clone(),
            );
            move |n: usize| {
                // The card's version is 1 + the moves made so far, in this round
                // and the ones before.
                let version = (1 + round * MOVES_PER_CLIENT + n).to_string();
                let form = [
                    ("kind", "work_item".to_owned()),
                    ("item_id", card.clone()),
                    ("to_column_id", columns[n % 2].clone()),
                    ("version", version),
                ];
                let request = client
                    .post(&url)
                    .header("origin", &origin)
                    .form(&form)
                    .send();
                async move { status_noting_failure(request.await.unwrap()).await }
            }
        })
        .await;
        moves.print(
            &format!("card move (`POST /api/move_item`), board of {cards_on_board} cards"),
            noop.per_second,
        );
        failures += moves.failures;
    }
    assert_eq!(failures, 0, "every request must succeed");
}

/// The answer's status; the first few failures are printed with their answers,
/// since one failed move makes that card's later moves stale (409) as well.
async fn status_noting_failure(response: reqwest::Response) -> u16 {
    static PRINTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let status = response.status().as_u16();
    if status != 200 && PRINTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 3 {
        eprintln!(
            "a move failed: {status} {}",
            response.text().await.unwrap_or_default()
        );
    }
    status
}

struct Figures {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    cpu_per_request: Duration,
    failures: usize,
}

impl Figures {
    fn print(&self, name: &str, noop_per_second: f64) {
        println!(
            "| {name} | {:.0} | {:.1} % | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
            self.per_second,
            100.0 * self.per_second / noop_per_second,
            self.p50.as_secs_f64() * 1e3,
            self.p99.as_secs_f64() * 1e3,
            self.cpu_per_request.as_secs_f64() * 1e3,
            self.failures
        );
    }
}

/// Runs `clients` workers, each sending `requests` requests in sequence.
async fn run<F, R, Fut>(clients: usize, requests: usize, worker: F) -> Figures
where
    F: Fn(usize) -> R,
    R: FnMut(usize) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = u16> + Send,
{
    let cpu_before = support::process_cpu_seconds();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let mut send = worker(client);
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::with_capacity(requests);
            for n in 0..requests {
                let sent = Instant::now();
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
    let cpu = support::process_cpu_seconds() - cpu_before;
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures {
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        cpu_per_request: Duration::from_secs_f64(cpu / latencies.len() as f64),
        failures,
    }
}
