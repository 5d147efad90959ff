//! Planning at scale: a Monte Carlo forecast of an epic with 200 work items left
//! (10,000 simulated runs), and a product of 300 features (three work items each
//! on the demo's team boards, 150 dependencies between them) read as its
//! dependency map and the roadmap, over HTTP on SQLite:
//! `cargo bench -p server --bench planning`.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use sea_orm::{ActiveValue::Set, Database, EntityTrait};
use uuid::Uuid;

use app::domain::forecast::{forecast, Dice, HISTORY_DAYS, TRIALS};
use app::domain::hierarchy::{ItemKind, WorkItemType};
use app::entities::{dependency, item};

mod support;

use support::ms;
use support::report::{Ratio, Report, Yardstick};
use support::ServerCpu;

const FEATURES: usize = 300;
const WORK_ITEMS_PER_FEATURE: usize = 3;
const DEPENDENCIES: usize = 150;
const RUNS: usize = 10;

/// The median of `RUNS` timings of `run`, and what the last run answered.
async fn median<T, F: std::future::Future<Output = T>>(
    mut run: impl FnMut() -> F,
) -> (Duration, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut answer = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        answer = Some(run().await);
        times.push(started.elapsed());
    }
    times.sort();
    (times[RUNS / 2], answer.expect("at least one run"))
}

#[tokio::main]
async fn main() {
    println!("| what | median of {RUNS} | size |");
    println!("|---|---|---|");

    // A team finishing 0 to 5 items a day, about 2.5 on average.
    let mut dice = 0x9e37_79b9_7f4a_7c15_u64;
    let daily: Vec<u32> = (0..HISTORY_DAYS)
        .map(|_| {
            dice ^= dice << 13;
            dice ^= dice >> 7;
            dice ^= dice << 17;
            (dice % 6) as u32
        })
        .collect();
    let today = Utc::now().date_naive();
    let (took, outcome) = median(|| async {
        forecast(
            &daily,
            200,
            today,
            Some(today + Days::days(60)),
            &mut Dice::of_day(Uuid::nil(), today),
        )
    })
    .await;
    let outcome = outcome.expect("a forecast");
    println!(
        "| forecast of an epic with 200 work items left, {TRIALS} runs (85 % by {}) | {} | |",
        outcome.done_by[1],
        ms(took)
    );
    let forecast_took = took;

    let (base, dir) = support::start_demo_server().await;
    let yardstick = Yardstick::measure(&base, 1, ServerCpu::Shared).await;
    let report = Report::new("planning", Some(&yardstick));
    report.figure(
        &format!("Monte Carlo forecast, 200 work items left, {TRIALS} runs"),
        &ms(forecast_took),
        Ratio::Time(forecast_took),
    );
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let db = Database::connect(&url).await.expect("database");
    let client = support::signed_in_client(&base, "ada@throughline.example").await;
    let navigation = support::post(&client, &base, "navigation", &[]).await;
    let product = navigation["products"][0]["id"].as_str().unwrap().to_owned();
    let product_id: Uuid = product.parse().unwrap();
    let backlog = app::store::items::columns_of(&db, product_id)
        .await
        .expect("feature columns")[2]
        .id;
    let epic = support::post(&client, &base, "portfolio_board", &[]).await["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().clone())
        .find(|card| card["title"] == "A drone that carries heavy weights")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .parse::<Uuid>()
        .unwrap();
    let mut team_columns = Vec::new();
    for team in navigation["teams"].as_array().unwrap() {
        let team: Uuid = team["id"].as_str().unwrap().parse().unwrap();
        let board = app::store::wip::board_of_team(&db, team)
            .await
            .expect("board");
        let columns = app::store::items::columns_of(&db, board.id)
            .await
            .expect("columns");
        team_columns.push((columns[0].id, columns[1].id));
    }

    let now = Utc::now();
    let row = |id: Uuid, kind: ItemKind, parent: Uuid, column: Uuid, title: String, n: usize| {
        item::ActiveModel {
            id: Set(id),
            kind: Set(kind),
            parent_id: Set(Some(parent)),
            column_id: Set(column),
            title: Set(title),
            description: Set(String::new()),
            rank: Set(1_000_000 + n as i64 * 1000),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            work_type: Set((kind == ItemKind::WorkItem).then_some(WorkItemType::Story)),
            target_date: Set(
                (kind == ItemKind::Feature).then(|| today + Days::days(15 + (n % 12) as i64 * 30))
            ),
            blocked: Set(false),
            ..Default::default()
        }
    };
    let mut features = Vec::with_capacity(FEATURES);
    let mut rows = Vec::new();
    for n in 0..FEATURES {
        let feature = Uuid::new_v4();
        features.push(feature);
        rows.push(row(
            feature,
            ItemKind::Feature,
            epic,
            backlog,
            format!("Bench feature {n}"),
            n,
        ));
        for w in 0..WORK_ITEMS_PER_FEATURE {
            let (to_do, doing) = team_columns[(n + w) % team_columns.len()];
            let column = if w == 0 { doing } else { to_do };
            rows.push(row(
                Uuid::new_v4(),
                ItemKind::WorkItem,
                feature,
                column,
                format!("Bench work {n}.{w}"),
                n,
            ));
        }
    }
    for chunk in rows.chunks(500) {
        item::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&db)
            .await
            .expect("items");
    }
    // Later features wait on earlier ones: no cycle.
    let links: Vec<dependency::ActiveModel> = (0..DEPENDENCIES)
        .map(|n| {
            let downstream = 1 + (n * 7) % (FEATURES - 1);
            let upstream = (n * 13) % downstream;
            dependency::ActiveModel {
                id: Set(Uuid::new_v4()),
                upstream_id: Set(features[upstream]),
                downstream_id: Set(features[downstream]),
                needed_by: Set(Some(today + Days::days((n % 9) as i64 * 20))),
                note: Set(String::new()),
                created_by: Set(Uuid::nil()),
                created_at: Set(now),
            }
        })
        .collect();
    dependency::Entity::insert_many(links)
        .exec_without_returning(&db)
        .await
        .expect("dependencies");

    let (took, map) = median(|| {
        let (client, base, product) = (&client, &base, &product);
        async move {
            client
                .post(format!("{base}/api/dependency_map"))
                .header("origin", base.as_str())
                .form(&[("product", product.as_str())])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    })
    .await;
    let parsed: serde_json::Value = serde_json::from_str(&map).expect("the map's JSON");
    println!(
        "| dependency map of a product with {} features and {} dependencies (`dependency_map`) | {} | {} KB JSON |",
        parsed["features"].as_array().unwrap().len(),
        parsed["links"].as_array().unwrap().len(),
        ms(took),
        map.len() / 1000
    );
    report.figure(
        &format!("dependency map of {FEATURES} features, {DEPENDENCIES} dependencies (JSON)"),
        &format!("{}, {} KB", ms(took), map.len() / 1000),
        Ratio::Time(took),
    );
    for (path, what) in [
        (
            format!("/dependencies?product={product}"),
            "its page, server-rendered",
        ),
        (
            "/roadmap".to_owned(),
            "the roadmap with them (each forecast)",
        ),
    ] {
        let (took, html) = median(|| {
            let (client, base, path) = (&client, &base, &path);
            async move {
                client
                    .get(format!("{base}{path}"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        })
        .await;
        println!("| {what} | {} | {} KB HTML |", ms(took), html.len() / 1000);
        report.figure(
            &format!("planning at {FEATURES} features: {what}"),
            &format!("{}, {} KB HTML", ms(took), html.len() / 1000),
            Ratio::Time(took),
        );
    }
}
