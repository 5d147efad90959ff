//! The server's memory, measured from outside its own process (release build,
//! demo data, SQLite): `cargo bench -p server --bench memory`. Idle after loading
//! the demo, idle when started again on that database, after bursts of parallel
//! sign-ins (each Argon2 check takes 19 MiB), and after reading a 500-card board
//! many times. Prints figures; asserts nothing about them.

use futures::future::join_all;

mod support;

use support::report::{Ratio, Report};
use support::{signed_in_client, ServerProcess};

const SIGN_IN_BURSTS: usize = 4;
const PARALLEL_SIGN_INS: usize = 8;
const BIG_BOARD_CARDS: usize = 500;
const PAGE_READS: usize = 400;
const CONCURRENCY: usize = 8;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let first = ServerProcess::start(&dir);
    // The demo is loaded before the server listens; let its last writes settle.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let after_demo = first.memory_mib();
    drop(first);

    let server = ServerProcess::start(&dir);
    let base = server.base.clone();
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let fresh = server.memory_mib();

    // Each from its own address as another person: sign-ins from one address or
    // to one account are throttled, and would not all reach the password check.
    for _ in 0..SIGN_IN_BURSTS {
        join_all((0..PARALLEL_SIGN_INS).map(|n| sign_in_from(&base, n))).await;
    }
    let after_sign_ins = (server.memory_mib(), server.peak_memory_mib());

    let board = support::grow_a_board(&base, BIG_BOARD_CARDS).await;
    let reader = signed_in_client(&base, "ada@throughline.example").await;
    let url = format!("{base}{board}");
    let reads = support::run(CONCURRENCY, PAGE_READS / CONCURRENCY, server.cpu(), |_| {
        support::page_reader(&reader, &url)
    })
    .await;
    assert_eq!(reads.failures, 0, "every page read succeeds");
    let after_pages = (server.memory_mib(), server.peak_memory_mib());

    println!("server memory (RSS, MiB), release build in its own process, SQLite (WAL)");
    println!("| moment | now | peak so far |");
    println!("|---|---|---|");
    println!("| idle, right after loading the demo into an empty database | {after_demo:.1} | |");
    println!("| idle, started again on that database | {fresh:.1} | |");
    println!(
        "| after {SIGN_IN_BURSTS} bursts of {PARALLEL_SIGN_INS} parallel sign-ins | {:.1} | {:.1} |",
        after_sign_ins.0, after_sign_ins.1
    );
    println!(
        "| after adding {BIG_BOARD_CARDS} cards and reading their board {PAGE_READS} times, {CONCURRENCY} at once | {:.1} | {:.1} |",
        after_pages.0, after_pages.1
    );
    let report = Report::new("memory", None);
    report.figure(
        "server memory, idle: after loading the demo / started again on it",
        &format!("{after_demo:.1} / {fresh:.1} MiB"),
        Ratio::None,
    );
    report.figure(
        &format!("server memory after {SIGN_IN_BURSTS} bursts of {PARALLEL_SIGN_INS} parallel sign-ins: now / peak"),
        &format!("{:.1} / {:.1} MiB", after_sign_ins.0, after_sign_ins.1),
        Ratio::None,
    );
    report.figure(
        &format!(
            "server memory after {PAGE_READS} reads of a {BIG_BOARD_CARDS}-card board: now / peak"
        ),
        &format!("{:.1} / {:.1} MiB", after_pages.0, after_pages.1),
        Ratio::None,
    );
}

/// Signs demo person `n` in from the loopback address 127.0.0.(n + 2).
async fn sign_in_from(base: &str, n: usize) {
    const PEOPLE: [&str; 8] = ["ada", "ana", "ben", "chen", "dev", "erin", "jonas", "lena"];
    let address = std::net::Ipv4Addr::new(127, 0, 0, u8::try_from(n + 2).unwrap());
    let client = reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(address))
        .build()
        .unwrap();
    let email = format!("{}@throughline.example", PEOPLE[n % PEOPLE.len()]);
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .header("origin", base)
        .form(&[
            ("email", email.as_str()),
            ("password", server::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200, "{email} signs in");
}
