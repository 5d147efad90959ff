//! Flow metrics and the four keys at scale: one team board with 100,000 work items
//! and 1,000,000 transitions over about three years, on SQLite:
//! `cargo bench -p server --bench flow`. Prints how long the database read and each
//! metric take for the last 30 days, and the whole `board_metrics` request (the
//! median of several).

use std::time::Instant;

use chrono::{Duration as Days, Utc};
use sea_orm::{ActiveValue::Set, Database, EntityTrait, TransactionTrait};
use uuid::Uuid;

use app::domain::dora::{four_keys, DeploymentStatus, PRODUCTION};
use app::domain::flow::{self, DayRange};
use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::entities::{item, transition};
use app::store::delivery::{self, CheckedDeployment, CheckedIncident};
use app::views::board_metrics::TREND_WINDOWS;

mod support;

use support::ms;
use support::report::{Ratio, Report, Yardstick};
use support::ServerCpu;

const ITEMS: usize = 100_000;
/// Each item moves To Do → In Progress → Review → back → … → Done: ten moves.
const MOVES_PER_ITEM: usize = 10;
const HISTORY_DAYS: i64 = 1_100;
/// Whole requests timed, one after another.
const REQUESTS: usize = 5;

fn timed<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let answer = run();
    println!("| {what} | {} |", ms(started.elapsed()));
    answer
}

#[tokio::main]
async fn main() {
    let (base, dir) = support::start_demo_server().await;
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let db = Database::connect(&url).await.expect("database");
    let now = Utc::now();
    let team = app::store::setup::create_team(&db, "Bench", now)
        .await
        .expect("team");
    let board = app::store::wip::board_of_team(&db, team)
        .await
        .expect("board");
    let columns: Vec<Uuid> = app::store::items::columns_of(&db, board.id)
        .await
        .expect("columns")
        .iter()
        .map(|c| c.id)
        .collect();
    // To Do, In Progress, Review, Ready to Deploy, Done.
    let path = [0, 1, 2, 1, 2, 1, 2, 3, 2, 4].map(|i| columns[i]);

    let generating = Instant::now();
    let start = now - Days::days(HISTORY_DAYS);
    let spacing = Days::seconds(HISTORY_DAYS * 86_400 / ITEMS as i64);
    let mut items = Vec::with_capacity(1_000);
    let mut moves = Vec::with_capacity(4_000);
    for n in 0..ITEMS {
        let id = Uuid::new_v4();
        let created = start + spacing * n as i32;
        // The newest items have not got far yet.
        let reached = MOVES_PER_ITEM.min((ITEMS - n).div_ceil(20));
        items.push(item::ActiveModel {
            id: Set(id),
            kind: Set(ItemKind::WorkItem),
            parent_id: Set(None),
            column_id: Set(path[reached - 1]),
            title: Set(format!("Bench item {n}")),
            description: Set(String::new()),
            rank: Set(n as i64 * 1000),
            size: Set(Some(1 + (n % 5) as i32)),
            business_value: Set(None),
            time_criticality: Set(None),
            risk_reduction: Set(None),
            job_size: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
            version: Set(1),
            work_type: Set(Some(
                [
                    WorkItemType::Story,
                    WorkItemType::Defect,
                    WorkItemType::Enabler,
                ][n % 3],
            )),
            assignee: Set(None),
            blocked: Set(false),
            blocked_reason: Set(None),
            class_of_service: Set(Some(ClassOfService::Standard)),
            ..Default::default()
        });
        let mut from = None;
        for (step, to) in path.iter().take(reached).enumerate() {
            moves.push(transition::ActiveModel {
                id: Set(Uuid::new_v4()),
                item_kind: Set(ItemKind::WorkItem),
                item_id: Set(id),
                from_column_id: Set(from),
                to_column_id: Set(*to),
                at: Set(created + Days::hours(7 * step as i64 + (n % 11) as i64)),
                by: Set("bench".into()),
            });
            from = Some(*to);
        }
        if items.len() == 1_000 {
            item::Entity::insert_many(std::mem::take(&mut items))
                .exec_without_returning(&db)
                .await
                .expect("items");
        }
        if moves.len() >= 4_000 {
            transition::Entity::insert_many(std::mem::take(&mut moves))
                .exec_without_returning(&db)
                .await
                .expect("moves");
        }
    }
    if !items.is_empty() {
        item::Entity::insert_many(items)
            .exec_without_returning(&db)
            .await
            .expect("items");
    }
    if !moves.is_empty() {
        transition::Entity::insert_many(moves)
            .exec_without_returning(&db)
            .await
            .expect("moves");
    }
    println!(
        "Generated {ITEMS} work items and about {} transitions on one team board in {:.0} s (SQLite, WAL).",
        ITEMS * MOVES_PER_ITEM,
        generating.elapsed().as_secs_f64()
    );

    let range = DayRange::from_form(None, None, now.date_naive()).expect("range");
    let (first, until) = (range.start(), range.end());
    println!("\nThe last 30 days:\n");
    println!("| step | time |");
    println!("|---|---|");
    let reading = Instant::now();
    let scope = app::store::flow::FlowScope::of(&board, None).expect("scope");
    let (_, history) = app::store::flow::board_history(&db, scope, first, until)
        .await
        .expect("history");
    println!(
        "| database read ({} items in play, {} settled counted) | {} |",
        history.items.len(),
        history.settled.values().sum::<u32>(),
        ms(reading.elapsed())
    );
    let timelines = timed("start and finish of every item read", || {
        flow::timelines(&history)
    });
    let finished = timed("cycle and lead time, flow efficiency per item", || {
        flow::finished_in(&history, &timelines, range)
    });
    timed("cycle-time percentiles", || {
        flow::cycle_percentiles(&finished)
    });
    timed("throughput per day and week", || {
        flow::throughput(&finished, range)
    });
    timed("WIP per day", || flow::wip_per_day(&history, range));
    timed("cumulative flow", || flow::cumulative_flow(&history, range));
    timed("aging WIP", || {
        flow::aging(&history, &timelines, range.as_of(now))
    });
    timed("flow efficiency", || flow::flow_efficiency(&finished));
    timed("flow distribution", || flow::distribution(&finished));
    timed("scatterplot points", || flow::scatter(&finished));
    let named = flow::flow_report(&history, range, now).charts.named();
    let reading = Instant::now();
    app::store::flow::titles(&db, ItemKind::WorkItem, &named)
        .await
        .expect("titles");
    println!(
        "| the titles of the {} cards the charts name | {} |",
        named.len(),
        ms(reading.elapsed())
    );
    let pacing = Instant::now();
    app::store::forecast::daily_throughput(&db, std::slice::from_ref(&board), now)
        .await
        .expect("pace");
    println!(
        "| the pace forecast's throughput ({} days: read and count) | {} |",
        app::domain::forecast::HISTORY_DAYS,
        ms(pacing.elapsed())
    );

    // The team's pipeline: a deployment every hour for a year, with two commits
    // each, and an incident a day, stored as the telemetry routes store them.
    let generating = Instant::now();
    let deployments: Vec<CheckedDeployment> = (0..8_760)
        .map(|h| CheckedDeployment {
            client_id: format!("d{h}"),
            service: "bench".into(),
            team: "Bench".into(),
            environment: PRODUCTION.into(),
            at: now - Days::hours(h),
            status: if h % 20 == 0 {
                DeploymentStatus::Failure
            } else {
                DeploymentStatus::Success
            },
            commits: vec![
                (format!("a{h}"), now - Days::hours(h + 3)),
                (format!("b{h}"), now - Days::hours(h + 30)),
            ],
        })
        .collect();
    let incidents: Vec<CheckedIncident> = (0..365)
        .map(|d| CheckedIncident {
            client_id: format!("i{d}"),
            service: "bench".into(),
            team: Some("Bench".into()),
            started: now - Days::days(d),
            ended: Some(now - Days::days(d) + Days::minutes(45)),
            caused_by: Some(format!("d{}", d * 24)),
        })
        .collect();
    let txn = db.begin().await.expect("transaction");
    delivery::record_deployments(&txn, deployments, |_| true, now)
        .await
        .expect("deployments");
    delivery::record_incidents(&txn, incidents, |_| true, now)
        .await
        .expect("incidents");
    txn.commit().await.expect("stored");
    println!(
        "| (stored a year of the team's telemetry: 8,760 deployments, 17,520 commits, 365 incidents, in {:.1} s) | |",
        generating.elapsed().as_secs_f64()
    );
    // The metrics page reads the trend's six 30-day windows.
    let since = now - Days::days(30 * TREND_WINDOWS);
    let reading = Instant::now();
    let (deployments, incidents) = delivery::of_teams(&db, &[team], since)
        .await
        .expect("telemetry");
    println!(
        "| the team's deployments and incidents read ({} and {}, {TREND_WINDOWS} windows of 30 days) | {} |",
        deployments.len(),
        incidents.len(),
        ms(reading.elapsed())
    );
    timed("four DORA keys of the range", || {
        four_keys(&deployments, &incidents, range)
    });
    let reading = Instant::now();
    app::store::flow::parents_on_board(&db, board.id, ItemKind::WorkItem)
        .await
        .expect("narrowings");
    println!(
        "| the items it can be narrowed to | {} |",
        ms(reading.elapsed())
    );

    let client = support::signed_in_client(&base, "tina@throughline.example").await;
    let yardstick = Yardstick::measure(&base, 1, ServerCpu::Shared).await;
    // One request varies by tens of per cent here: the median of several.
    let mut times = Vec::with_capacity(REQUESTS);
    let mut size = 0;
    for _ in 0..REQUESTS {
        let requesting = Instant::now();
        let response = client
            .post(format!("{base}/api/board_metrics"))
            .header("origin", &base)
            .form(&[("board_id", board.id.to_string())])
            .send()
            .await
            .expect("board_metrics");
        assert_eq!(response.status(), 200);
        size = response.bytes().await.expect("body").len();
        times.push(requesting.elapsed());
    }
    times.sort();
    let took = times[REQUESTS / 2];
    println!(
        "| whole `board_metrics` request over HTTP ({} KB of JSON), median of {REQUESTS} (fastest {}, slowest {}) | {} |",
        size / 1024,
        ms(times[0]),
        ms(times[REQUESTS - 1]),
        ms(took)
    );
    Report::new("flow", Some(&yardstick)).figure(
        &format!(
            "flow page's data, {ITEMS} items and {} moves, last 30 days",
            ITEMS * MOVES_PER_ITEM
        ),
        &format!(
            "{} (median of {REQUESTS}), {} KB of JSON",
            ms(took),
            size / 1024
        ),
        Ratio::Time(took),
    );
}
