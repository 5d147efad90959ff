//! Webhook deliveries per second: a batch of deployments recorded through the
//! API writes one delivery each to the outbox, and the server's worker signs and
//! posts them to a receiver on this machine that answers 204, recording each
//! answer, over HTTP on SQLite: `cargo bench -p server --bench webhooks`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::{extract::State, http::StatusCode, routing::post, Router};

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::ServerCpu;

const DELIVERIES: usize = 1_000;
const RUNS: usize = 3;

#[derive(Default)]
struct Count {
    received: AtomicUsize,
    arrived: tokio::sync::Notify,
}

async fn take(State(count): State<Arc<Count>>, _body: String) -> StatusCode {
    count.received.fetch_add(1, Ordering::SeqCst);
    count.arrived.notify_waiters();
    StatusCode::NO_CONTENT
}

#[tokio::main]
async fn main() {
    let (base, _dir) = support::start_demo_server().await;
    let admin = support::signed_in_client(&base, "ada@throughline.example").await;
    let count = Arc::new(Count::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let receiver = Router::new()
        .route("/hook", post(take))
        .with_state(count.clone());
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    support::post(
        &admin,
        &base,
        "create_webhook",
        &[("url", &url), ("events[0]", "deployment.recorded")],
    )
    .await;
    let token = support::post(
        &admin,
        &base,
        "create_api_token",
        &[("name", "pipeline"), ("record_telemetry", "on")],
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = reqwest::Client::new();
    let yardstick = Yardstick::measure(&base, 1, ServerCpu::Shared).await;

    println!("| what | median of {RUNS} | deliveries/s |");
    println!("|---|---|---|");
    let mut times = Vec::with_capacity(RUNS);
    for run in 0..RUNS {
        let now = chrono::Utc::now().to_rfc3339();
        let deployments: Vec<_> = (0..DELIVERIES)
            .map(|n| {
                serde_json::json!({
                    "id": format!("bench-{run}-{n}"), "service": "flight", "team": "Software",
                    "environment": "production", "deployed_at": now, "status": "success",
                })
            })
            .collect();
        let before = count.received.load(Ordering::SeqCst);
        let started = Instant::now();
        let sent = client
            .post(format!("{base}/api/v1/deployments"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "deployments": deployments }))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 201);
        let all = tokio::time::timeout(Duration::from_secs(300), async {
            loop {
                let arrived = count.arrived.notified();
                if count.received.load(Ordering::SeqCst) >= before + DELIVERIES {
                    return;
                }
                arrived.await;
            }
        })
        .await;
        assert!(all.is_ok(), "every delivery arrived");
        times.push(started.elapsed());
    }
    times.sort();
    let took = times[RUNS / 2];
    println!(
        "| {DELIVERIES} webhook deliveries from one batch of deployments (outbox rows written with them), each signed, posted to a receiver on this machine answering 204 and recorded, SQLite | {:.0} ms | {:.0} |",
        took.as_secs_f64() * 1000.0,
        DELIVERIES as f64 / took.as_secs_f64()
    );
    let per_delivery = took / DELIVERIES as u32;
    Report::new("webhooks", Some(&yardstick)).figure(
        &format!("webhook deliveries, {DELIVERIES} from one batch, each signed, sent and recorded"),
        &format!(
            "{:.0}/s, {} each",
            DELIVERIES as f64 / took.as_secs_f64(),
            support::ms(per_delivery)
        ),
        Ratio::Time(per_delivery),
    );
}
