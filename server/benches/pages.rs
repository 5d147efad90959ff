//! Board page throughput and size on the demo data, and a team board grown to 500
//! cards: `cargo bench -p server --bench pages`. Prints figures; asserts nothing
//! about speed.

use std::time::{Duration, Instant};

mod support;

use support::{signed_in_client, PlatformBoard};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 8;
/// The big board: this many cards on one team's board, spread over its columns.
const BIG_BOARD_CARDS: usize = 500;

#[tokio::main]
async fn main() {
    let (base, _database) = support::start_demo_server().await;
    let client = signed_in_client(&base, "vic@throughline.example").await;

    let home = client.get(format!("{base}/")).send().await.unwrap();
    let team_path = home
        .text()
        .await
        .unwrap()
        .split("<a href=\"/teams/")
        .nth(1)
        .and_then(|rest| rest.split_once('"'))
        .map(|(id, _)| format!("/teams/{id}"))
        .expect("a team link");

    let big_team_path = grow_a_board(&base).await;

    println!("{CONCURRENCY} concurrent, signed in, SQLite");
    println!("| page | requests | req/s | p50 | p99 | HTML bytes |");
    println!("|---|---|---|---|---|---|");
    // The viewer reads every page; the 500-card board is read again by someone
    // who may move its cards, as its team does every day (every card movable).
    let mover = signed_in_client(&base, "ada@throughline.example").await;
    for (reader, name, path, requests) in [
        (&client, "portfolio board (demo)", "/".to_owned(), REQUESTS),
        (&client, "team board (demo)", team_path, REQUESTS),
        (
            &client,
            "team board, 500 cards",
            big_team_path.clone(),
            REQUESTS / 5,
        ),
        (
            &mover,
            "team board, 500 cards, as one who may move them",
            big_team_path,
            REQUESTS / 5,
        ),
    ] {
        measure(reader, &base, name, &path, requests).await;
    }
}

/// Fills the Platform team's board with `BIG_BOARD_CARDS` work items through the
/// API, a fifth of them in each column; answers the board's path.
async fn grow_a_board(base: &str) -> String {
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
    for n in 0..BIG_BOARD_CARDS {
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

async fn measure(client: &reqwest::Client, base: &str, name: &str, path: &str, requests: usize) {
    let url = format!("{base}{path}");
    let size = client
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len();
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            let url = url.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(requests / CONCURRENCY);
                for _ in 0..requests / CONCURRENCY {
                    let sent = Instant::now();
                    let response = client.get(&url).send().await.unwrap();
                    assert_eq!(response.status(), 200);
                    response.bytes().await.unwrap();
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::with_capacity(requests);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "| {name} | {} | {:.0} | {:.2} ms | {:.2} ms | {size} |",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    );
}
