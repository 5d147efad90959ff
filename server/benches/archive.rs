//! Bringing work in and taking it out at scale, each command in its own process
//! as an admin runs it, on a SQLite file with the demo loaded:
//! - `throughline import jira` of a 20,000-issue Jira CSV (200 epics, stories and
//!   bugs under them, a third done, a third under way), then the same file again;
//! - `throughline export` of a database of 100,000 items, `throughline restore`
//!   of it into a new file, and the export of that (compared byte for byte).
//!
//! Peak memory is the process's high-water mark (`VmHWM`), sampled every 10 ms.
//! `cargo bench -p server --bench archive`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ActiveValue::Set, Database, EntityTrait};
use uuid::Uuid;

use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::entities::{item, transition};

mod support;

use support::report::{Ratio, Report};

const ISSUES: usize = 20_000;
const EPICS: usize = 200;
const ITEMS: u64 = 100_000;

/// What one command took: wall time and the most memory it held.
struct Run {
    took: Duration,
    peak_mib: f64,
    said: String,
}

/// Runs `throughline ARGS` on `database` to its end, sampling its memory.
fn throughline(database: &str, args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0.0_f64;
    while child.try_wait().expect("the process").is_none() {
        if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        }) {
            peak_kib = peak_kib.max(kib);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = started.elapsed();
    let output = child.wait_with_output().expect("its output");
    assert!(output.status.success(), "throughline {args:?} failed");
    Run {
        took,
        peak_mib: peak_kib / 1024.0,
        said: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    }
}

/// A Jira CSV of `ISSUES` issues in the shape of `fixtures/jira-issues.csv`.
fn jira_csv(path: &Path) {
    let header = "Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Resolved,Assignee,Labels,Labels,Description,Custom field (Story Points),Parent,Status Category,Status Category Changed";
    let mut csv = String::from(header);
    csv.push('\n');
    for n in 0..ISSUES {
        let id = 100_000 + n;
        let day = 1 + n % 28;
        let (kind, parent) = if n < EPICS {
            ("Epic", String::new())
        } else {
            (
                if n % 5 == 0 { "Bug" } else { "Story" },
                (100_000 + n % EPICS).to_string(),
            )
        };
        let (status, category, resolved, changed) = match n % 3 {
            0 => (
                "Done",
                "Done",
                format!("{day:02}/Nov/26 4:00 PM"),
                format!("{day:02}/Nov/26 4:00 PM"),
            ),
            1 => (
                "In Progress",
                "In Progress",
                String::new(),
                format!("{day:02}/Nov/26 11:00 AM"),
            ),
            _ => (
                "To Do",
                "To Do",
                String::new(),
                format!("{day:02}/Oct/26 9:00 AM"),
            ),
        };
        csv.push_str(&format!(
            "\"Issue {n}, with a comma\",BIG-{n},{id},{kind},{status},{day:02}/Oct/26 9:00 AM,{day:02}/Nov/26 5:00 PM,{resolved},Ana Lima,bulk,scale,\"Line one\nline \"\"two\"\"\",{},{parent},{category},{changed}\n",
            n % 8 + 1
        ));
    }
    std::fs::write(path, csv).expect("the CSV is written");
}

/// Adds work items to the Platform board until the database holds `ITEMS`.
async fn fill_to(database: &str) {
    let db = Database::connect(database).await.expect("database");
    let have = {
        use sea_orm::PaginatorTrait;
        item::Entity::find().count(&db).await.expect("count")
    };
    let boards = app::store::boards::all(&db).await.expect("boards");
    let platform = boards
        .iter()
        .find(|b| b.name == "Platform")
        .expect("Platform");
    let columns = app::store::items::columns_of(&db, platform.id)
        .await
        .expect("columns");
    let now = Utc::now();
    let mut n = have;
    while n < ITEMS {
        let batch = (ITEMS - n).min(1_000);
        let mut items = Vec::new();
        let mut moves = Vec::new();
        for k in n..n + batch {
            let id = Uuid::new_v4();
            let column = columns[k as usize % columns.len()].id;
            items.push(item::ActiveModel {
                id: Set(id),
                kind: Set(ItemKind::WorkItem),
                column_id: Set(column),
                title: Set(format!("Filler {k}")),
                description: Set(String::new()),
                rank: Set(k as i64 * 1000),
                acceptance_criteria: Set(String::new()),
                work_type: Set(Some(WorkItemType::Story)),
                class_of_service: Set(Some(ClassOfService::Standard)),
                blocked: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                entered_column_at: Set(Some(now)),
                version: Set(1),
                ..Default::default()
            });
            moves.push(transition::ActiveModel {
                id: Set(Uuid::new_v4()),
                item_kind: Set(ItemKind::WorkItem),
                item_id: Set(id),
                from_column_id: Set(None),
                to_column_id: Set(column),
                at: Set(now),
                by: Set("bench".into()),
            });
        }
        item::Entity::insert_many(items)
            .exec(&db)
            .await
            .expect("items");
        transition::Entity::insert_many(moves)
            .exec(&db)
            .await
            .expect("moves");
        n += batch;
    }
}

/// Prints the row of `run` and adds it to the run's one table.
fn row(what: &str, run: &Run) {
    let figure = format!("{:.1} s, {:.0} MiB", run.took.as_secs_f64(), run.peak_mib);
    println!("| {what} | {figure} |");
    // A command of its own, not a request to the server: no no-op to compare.
    Report::new("archive", None).figure(what, &figure, Ratio::None);
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database = format!("sqlite://{}/bench.db", dir.path().display());
    throughline(&database, &["demo"]);
    let csv = dir.path().join("jira.csv");
    jira_csv(&csv);
    let csv_mib = std::fs::metadata(&csv).unwrap().len() as f64 / 1_048_576.0;
    let import = |apply: bool| {
        let mut args = vec![
            "import",
            "jira",
            csv.to_str().unwrap(),
            "--board",
            "Platform",
            "--product",
            "Heavy-lift drone",
        ];
        if apply {
            args.push("--apply");
        }
        throughline(&database, &args)
    };

    println!("| what | time, peak memory |");
    println!("|---|---|");
    let dry = import(false);
    row(
        &format!("dry run of a {ISSUES}-issue Jira CSV ({csv_mib:.1} MiB)"),
        &dry,
    );
    let first = import(true);
    assert!(
        first.said.contains(&format!("{ISSUES} created")),
        "{}",
        first.said
    );
    row(
        &format!("its import ({ISSUES} items created with their moves)"),
        &first,
    );
    let again = import(true);
    assert!(
        again.said.contains(&format!("{ISSUES} unchanged")),
        "{}",
        again.said
    );
    row("the same Jira file again (all unchanged)", &again);

    fill_to(&database).await;
    let export_file = dir.path().join("export.json");
    let export = throughline(&database, &["export", export_file.to_str().unwrap()]);
    let export_mib = std::fs::metadata(&export_file).unwrap().len() as f64 / 1_048_576.0;
    row(
        &format!("export of {ITEMS} items ({export_mib:.0} MiB of JSON)"),
        &export,
    );
    let restored = format!("sqlite://{}/restored.db", dir.path().display());
    let restore = throughline(&restored, &["restore", export_file.to_str().unwrap()]);
    row("its restore into a new database", &restore);
    let again_file = dir.path().join("again.json");
    throughline(&restored, &["export", again_file.to_str().unwrap()]);
    assert!(
        std::fs::read(&export_file).unwrap() == std::fs::read(&again_file).unwrap(),
        "export → restore → export is byte-identical"
    );
}
