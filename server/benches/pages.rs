//! Board page throughput and size on the demo data: `cargo bench -p server --bench pages`.
//! Prints figures; asserts nothing about speed.

use std::time::{Duration, Instant};

use server::{config::Config, startup::Application};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 8;

#[tokio::main]
async fn main() {
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
    let client = signed_in_client(&base).await;

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

    println!("{REQUESTS} requests, {CONCURRENCY} concurrent, signed in, demo data, SQLite");
    println!("| page | req/s | p50 | p99 | HTML bytes |");
    println!("|---|---|---|---|---|");
    for (name, path) in [
        ("portfolio board", "/".to_owned()),
        ("team board", team_path),
    ] {
        measure(&client, &base, name, &path).await;
    }
}

async fn measure(client: &reqwest::Client, base: &str, name: &str, path: &str) {
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
                let mut latencies = Vec::with_capacity(REQUESTS / CONCURRENCY);
                for _ in 0..REQUESTS / CONCURRENCY {
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
    let mut latencies: Vec<Duration> = Vec::with_capacity(REQUESTS);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "| {name} | {:.0} | {:.2} ms | {:.2} ms | {size} |",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    );
}

/// A client that sends the demo viewer's session cookie with every request.
async fn signed_in_client(base: &str) -> reqwest::Client {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/sign_in"))
        .header("origin", base)
        .form(&[
            ("email", "vic@throughline.example"),
            ("password", server::demo::DEMO_PASSWORD),
        ])
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
