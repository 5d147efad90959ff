//! The public REST API at scale: 10,000 work items on one team's board read
//! page by page through `GET /api/v1/items` with a token, as an integrator syncing
//! them would, over HTTP on SQLite: `cargo bench -p server --bench api`.

use std::time::{Duration, Instant};

use chrono::{Duration as Elapsed, Utc};
use sea_orm::{ActiveValue::Set, Database, EntityTrait};
use uuid::Uuid;

use app::domain::hierarchy::{ItemKind, WorkItemType};
use app::entities::item;

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::ServerCpu;

const WORK_ITEMS: usize = 10_000;
const RUNS: usize = 5;

/// Every work item of `board`, `limit` at a time: (pages, items).
async fn walk(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    board: &str,
    limit: usize,
) -> (usize, usize) {
    let (mut pages, mut items) = (0, 0);
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/items?board_id={board}&kind=work_item&limit={limit}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page: serde_json::Value = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages += 1;
        items += page["items"].as_array().expect("a page of items").len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return (pages, items),
        }
    }
}

#[tokio::main]
async fn main() {
    let (base, dir) = support::start_demo_server().await;
    let db = Database::connect(format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .expect("database");
    let admin = support::signed_in_client(&base, "ada@throughline.example").await;
    let board = support::PlatformBoard::read(&admin, &base).await;
    let to_do: Uuid = board.column("To Do").parse().unwrap();

    // Made a millisecond apart, as a board filled over time.
    let start = Utc::now() - Elapsed::days(30);
    let rows: Vec<item::ActiveModel> = (0..WORK_ITEMS)
        .map(|n| {
            let at = start + Elapsed::milliseconds(n as i64);
            item::ActiveModel {
                id: Set(Uuid::new_v4()),
                kind: Set(ItemKind::WorkItem),
                column_id: Set(to_do),
                title: Set(format!("Synced work item {n}")),
                description: Set("Brought over from another tool".into()),
                rank: Set(10_000_000 + n as i64 * 1000),
                created_at: Set(at),
                updated_at: Set(at),
                entered_column_at: Set(Some(at)),
                version: Set(1),
                work_type: Set(Some(WorkItemType::Story)),
                blocked: Set(false),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        item::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&db)
            .await
            .expect("work items");
    }
    let token = support::post(
        &admin,
        &base,
        "create_api_token",
        &[("name", "bench"), ("read", "on")],
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = reqwest::Client::new();
    let on_board = board.id();
    let yardstick = Yardstick::measure(&base, 1, ServerCpu::Shared).await;
    let report = Report::new("api", Some(&yardstick));

    println!("| what | median of {RUNS} | per page | items/s |");
    println!("|---|---|---|---|");
    for limit in [200, 50] {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut walked = (0, 0);
        for _ in 0..RUNS {
            let started = Instant::now();
            walked = walk(&client, &base, &token, &on_board, limit).await;
            times.push(started.elapsed());
        }
        times.sort();
        let took = times[RUNS / 2];
        let (pages, items) = walked;
        assert!(items >= WORK_ITEMS, "every work item was listed: {items}");
        println!(
            "| every work item of a {items}-item board, {limit} a page ({pages} pages, `GET /api/v1/items`) | {:.0} ms | {:.1} ms | {:.0} |",
            took.as_secs_f64() * 1000.0,
            took.as_secs_f64() * 1000.0 / pages as f64,
            items as f64 / took.as_secs_f64()
        );
        report.figure(
            &format!("REST: a {items}-item board read {limit} items a page, one client, per page"),
            &format!(
                "{}, {:.0} items/s",
                support::ms(took / pages as u32),
                items as f64 / took.as_secs_f64()
            ),
            Ratio::Time(took / pages as u32),
        );
    }
}
