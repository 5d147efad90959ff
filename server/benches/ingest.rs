//! Measurement ingestion throughput on SQLite, one measurement per request and in
//! batches: `cargo bench -p server --bench ingest`. Prints figures; asserts only
//! that every request was stored.

use std::time::Instant;

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::signed_in_client;
use support::ServerCpu;

const CLIENTS: usize = 8;
const REQUESTS_PER_CLIENT: usize = 250;
const BATCH: usize = 100;

#[tokio::main]
async fn main() {
    let (base, _database) = support::start_demo_server().await;
    let tina = signed_in_client(&base, "tina@throughline.example").await;
    let created: serde_json::Value = tina
        .post(format!("{base}/api/create_api_token"))
        .header("origin", &base)
        .form(&[("name", "bench"), ("record_telemetry", "on")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    let metrics: serde_json::Value = tina
        .post(format!("{base}/api/metric_directory"))
        .header("origin", &base)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = format!(
        "{base}/api/v1/metrics/{}/measurements",
        metrics["metrics"][0]["id"].as_str().unwrap()
    );

    let yardstick = Yardstick::measure(&base, CLIENTS, ServerCpu::Shared).await;
    let report = Report::new("ingest", Some(&yardstick));
    println!("{CLIENTS} concurrent clients, {REQUESTS_PER_CLIENT} requests each, SQLite (WAL)");
    println!("| request | measurements/s | requests/s |");
    println!("|---|---|---|");
    for (name, batch) in [
        ("one measurement per request", 1),
        ("batches of 100", BATCH),
    ] {
        let started = Instant::now();
        let mut clients = Vec::new();
        for client in 0..CLIENTS {
            let (http, url, token) = (reqwest::Client::new(), url.clone(), token.clone());
            clients.push(tokio::spawn(async move {
                for request in 0..REQUESTS_PER_CLIENT {
                    let measurements: Vec<_> = (0..batch)
                        .map(|n| {
                            serde_json::json!({
                                "id": format!("{batch}-{client}-{request}-{n}"),
                                "value": (request * batch + n) as f64,
                                "measured_at": "2026-11-20T09:30:00Z",
                            })
                        })
                        .collect();
                    let response = http
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&serde_json::json!({ "measurements": measurements }))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 201);
                }
            }));
        }
        for client in clients {
            client.await.unwrap();
        }
        let seconds = started.elapsed().as_secs_f64();
        let requests = (CLIENTS * REQUESTS_PER_CLIENT) as f64;
        println!(
            "| {name} | {:.0} | {:.0} |",
            requests * batch as f64 / seconds,
            requests / seconds
        );
        report.figure(
            &format!("measurement ingestion, {name}, {CLIENTS} clients"),
            &format!(
                "{:.0} measurements/s, {:.0} requests/s",
                requests * batch as f64 / seconds,
                requests / seconds
            ),
            Ratio::Rate(requests / seconds),
        );
    }
}
