//! Card moves under concurrency on SQLite, next to a no-op request of the same
//! server in the same run: `cargo bench -p server --bench moves`. The release
//! server runs in its own process, so its CPU time is counted apart from the load
//! generator's. Every move goes through the whole path (session, authorization,
//! board lock, WIP check, version check, transition and audit rows). Prints
//! figures; asserts only that nothing but a success came back.

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::{post, signed_in_client, Figures, PlatformBoard, ServerProcess};

const CLIENTS: usize = 16;
const MOVES_PER_CLIENT: usize = 100;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = ServerProcess::start(&dir);
    let base = server.base.clone();
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

    let yardstick = Yardstick::measure(&base, CLIENTS, server.cpu()).await;
    let report = Report::new("moves", Some(&yardstick));
    let noop = &yardstick.concurrent;

    println!("{CLIENTS} concurrent clients, {MOVES_PER_CLIENT} requests each, SQLite (WAL)");
    println!("| request | per second | share of the no-op rate | p50 | p99 | server CPU per request | load generator CPU per request | failures |");
    println!("|---|---|---|---|---|---|---|---|");
    print_row(
        "no-op (`POST /api/current_user`, anonymous)",
        noop,
        noop.per_second,
    );
    report.figure(
        &format!("no-op request, {CLIENTS} clients"),
        &format!("{:.0}/s", noop.per_second),
        Ratio::Rate(noop.per_second),
    );
    let mut failures = noop.failures;
    // The same moves on the demo's board, then on it grown to 500 and 5,000 cards
    // shown: a move's cost should not grow with its board.
    for (round, size) in [0_usize, 500, 5_000].into_iter().enumerate() {
        let shown = PlatformBoard::read(&admin, &base).await.cards();
        support::grow_a_board(&base, size.saturating_sub(shown)).await;
        let cards_on_board = PlatformBoard::read(&admin, &base).await.cards();
        let moves = support::run(CLIENTS, MOVES_PER_CLIENT, server.cpu(), |client_no| {
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
        print_row(
            &format!("card move (`POST /api/move_item`), board of {cards_on_board} cards"),
            &moves,
            noop.per_second,
        );
        report.figure(
            &format!("card moves, {CLIENTS} clients, board of {cards_on_board} cards"),
            &format!(
                "{:.0}/s, p99 {}, {} failures",
                moves.per_second,
                support::ms(moves.p99),
                moves.failures
            ),
            Ratio::Rate(moves.per_second),
        );
        report.figure(
            &format!("server CPU per card move, board of {cards_on_board} cards"),
            &support::ms(moves.cpu_per_request),
            Ratio::Cpu(moves.cpu_per_request),
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

fn print_row(name: &str, figures: &Figures, noop_per_second: f64) {
    println!(
        "| {name} | {:.0} | {:.1} % | {:.2} ms | {:.2} ms | {} | {} |",
        figures.per_second,
        100.0 * figures.per_second / noop_per_second,
        figures.p50.as_secs_f64() * 1e3,
        figures.p99.as_secs_f64() * 1e3,
        figures.cpu_cells(),
        figures.failures
    );
}
