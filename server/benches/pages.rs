//! Board page throughput and size on the demo data, and a team board grown to 500
//! cards, read again unchanged (answered as kept) and rendered anew (by a second
//! server on the same data that keeps no page): `cargo bench -p server --bench
//! pages`. The release servers run in their own processes, so their CPU time is
//! counted apart from the load generator's. Prints figures; asserts nothing
//! about speed.

mod support;

use support::report::{Ratio, Report, Yardstick};
use support::{signed_in_client, ServerCpu, ServerProcess};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 8;
/// The big board: this many cards on one team's board, spread over its columns.
const BIG_BOARD_CARDS: usize = 500;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let keeping = ServerProcess::start(&dir);
    // The same data served by a server that keeps no page: what a read costs
    // when the data changed since the last one.
    let rendering = ServerProcess::start_with(&dir, &[("PAGE_CACHE_MIB", "0")]);
    let base = keeping.base.clone();
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

    let big_team_path = support::grow_a_board(&base, BIG_BOARD_CARDS).await;

    let yardstick = Yardstick::measure(&base, CONCURRENCY, keeping.cpu()).await;
    let report = Report::new("pages", Some(&yardstick));
    let noop = yardstick.concurrent.per_second;
    println!(
        "{CONCURRENCY} concurrent, signed in, SQLite; the same server's no-op request: {noop:.0}/s"
    );
    println!("| page | requests | req/s | share of the no-op rate | p50 | p99 | server CPU per page | load generator CPU per page | HTML bytes | on the wire (brotli) |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    // The viewer reads every page; the 500-card board is read again by someone
    // who may move its cards, as its team does every day (every card movable).
    let mover = signed_in_client(&base, "ada@throughline.example").await;
    for (reader, server, name, path, requests) in [
        (&client, &keeping, "portfolio board (demo)", "/", REQUESTS),
        (&client, &keeping, "team board (demo)", &team_path, REQUESTS),
        (
            &client,
            &keeping,
            "team board, 500 cards",
            &big_team_path,
            REQUESTS / 5,
        ),
        (
            &mover,
            &keeping,
            "team board, 500 cards, as one who may move them",
            &big_team_path,
            REQUESTS / 5,
        ),
        (
            &client,
            &rendering,
            "team board, 500 cards, rendered anew",
            &big_team_path,
            REQUESTS / 5,
        ),
        (
            &mover,
            &rendering,
            "team board, 500 cards, as one who may move them, rendered anew",
            &big_team_path,
            REQUESTS / 5,
        ),
    ] {
        let server = (server.base.as_str(), server.cpu());
        measure(reader, server, name, path, requests, &report).await;
    }
}

/// Reads `path` from the server at `base` `requests` times, `CONCURRENCY` at
/// once, asking for compression as browsers do; prints one row of the table.
async fn measure(
    client: &reqwest::Client,
    (base, server): (&str, ServerCpu),
    name: &str,
    path: &str,
    requests: usize,
    report: &Report<'_>,
) {
    let url = format!("{base}{path}");
    let size = |encoding: &'static str| {
        let request = client.get(&url).header("accept-encoding", encoding).send();
        async move { request.await.unwrap().bytes().await.unwrap().len() }
    };
    let (raw, wire) = (size("identity").await, size("br").await);
    let figures = support::run(CONCURRENCY, requests / CONCURRENCY, server, |_| {
        support::page_reader(client, &url)
    })
    .await;
    assert_eq!(figures.failures, 0, "every page read succeeds");
    let noop = report.noop_per_second();
    println!(
        "| {name} | {} | {:.0} | {:.1} % | {:.2} ms | {:.2} ms | {} | {raw} | {wire} |",
        figures.requests,
        figures.per_second,
        100.0 * figures.per_second / noop,
        figures.p50.as_secs_f64() * 1e3,
        figures.p99.as_secs_f64() * 1e3,
        figures.cpu_cells(),
    );
    report.figure(
        &format!("{name}, {CONCURRENCY} clients"),
        &format!(
            "{:.0}/s, p99 {}",
            figures.per_second,
            support::ms(figures.p99)
        ),
        Ratio::Rate(figures.per_second),
    );
    report.figure(
        &format!("server CPU per page: {name}"),
        &support::ms(figures.cpu_per_request),
        Ratio::Cpu(figures.cpu_per_request),
    );
    report.figure(
        &format!("size: {name}"),
        &format!("{raw} bytes of HTML, {wire} on the wire (brotli)"),
        Ratio::None,
    );
}
