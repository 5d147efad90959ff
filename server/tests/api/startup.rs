//! Bad configuration must end the process with one readable line, never a panic.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use server::{config::Config, startup::Application};

use crate::helpers::{TestApp, World};

fn run_server(env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_throughline"));
    command
        .arg("serve")
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env("PORT", "0")
        .env("RUST_LOG", "off");
    for (name, value) in env {
        command.env(name, value);
    }
    output_within(command, Duration::from_secs(60))
}

/// The command's output, or a failed test (not a hung one) if it is still running
/// after `limit`: a server that unexpectedly starts would otherwise never exit.
fn output_within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child
        .try_wait()
        .expect("the binary can be waited for")
        .is_none()
    {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the command was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("the output is readable")
}

fn assert_one_line_failure(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "exited successfully: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("throughline: "), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in: {stderr}"
    );
}

#[test]
fn a_port_in_use_is_reported_in_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();

    let output = run_server(&[("PORT", &port)]);

    assert_one_line_failure(&output, &format!("cannot listen on 127.0.0.1:{port}"));
}

#[test]
fn an_unwritable_data_directory_is_reported_in_one_line() {
    let output = run_server(&[("DATABASE_URL", "sqlite:///proc/throughline/data.db")]);

    assert_one_line_failure(&output, "data directory /proc/throughline is not writable");
}

#[test]
fn an_unreachable_database_is_reported_in_one_line() {
    let output = run_server(&[(
        "DATABASE_URL",
        "postgres://tl:secret@127.0.0.1:1/throughline",
    )]);

    assert_one_line_failure(
        &output,
        "cannot open the database at postgres://tl:***@127.0.0.1:1",
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("secret"));
}

#[test]
fn an_invalid_port_is_a_configuration_error_with_exit_code_2() {
    let output = run_server(&[("PORT", "web")]);

    assert_one_line_failure(&output, "configuration: PORT=\"web\" is invalid");
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test]
async fn restarting_on_the_same_database_does_not_load_the_demo_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let config = || {
        Config::from_lookup(|name| match name {
            "PORT" => Some("0".into()),
            "DATABASE_URL" => Some(url.clone()),
            _ => None,
        })
        .unwrap()
    };

    for _ in 0..2 {
        let app = Application::build(config()).await.unwrap();
        drop(app);
    }

    let db = sea_orm::Database::connect(&url).await.unwrap();
    use app::{domain::hierarchy::ItemKind, entities::item};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let epics = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Epic))
        .count(&db)
        .await
        .unwrap();
    let boards = app::entities::board::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(epics, 6);
    assert_eq!(boards, 6, "portfolio, one feature board, four team boards");
}

#[tokio::test]
async fn the_cli_adds_an_admin_who_can_then_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let add = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_throughline"));
        command
            .args(["user", "add"])
            .args(args)
            .env("DATABASE_URL", &url)
            .env("THROUGHLINE_PASSWORD", "a long password")
            .env("RUST_LOG", "off");
        output_within(command, Duration::from_secs(60))
    };

    let created = add(&["--admin", "--name", "Root", "Root@Example.com"]);
    assert!(created.status.success(), "{created:?}");
    assert_eq!(
        String::from_utf8_lossy(&created.stdout),
        "created root@example.com (admin)\n"
    );

    assert_one_line_failure(&add(&["nobody"]), "`nobody` is not an email address");
    assert_one_line_failure(
        &add(&["--role", "boss", "b@example.com"]),
        "is not a valid role",
    );
    assert_one_line_failure(&add(&["root@example.com"]), "already exists");

    let mut app = crate::helpers::TestApp::on_database(url, false).await;
    app.sign_in("root@example.com", "a long password").await;
    let me: serde_json::Value = app.call("current_user", &[]).await.json().await.unwrap();
    assert_eq!(me["role"], "Admin");
    assert_eq!(me["display_name"], "Root");
}

/// Each HTTP test builds its own server in one test process, as a CLI command does
/// beside a running one; building must never stall pages another server is
/// rendering (leptos holds resources process-wide while it lists the app's routes).
#[tokio::test]
async fn pages_keep_answering_while_other_servers_start_in_the_same_process() {
    let serving = World::new().await;
    let starting = std::thread::spawn(|| {
        for _ in 0..20 {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(TestApp::empty());
        }
    });
    let mut answered = 0;
    while !starting.is_finished() || answered < 20 {
        // Not a speed limit: an unanswered page would otherwise hang the whole run.
        let page = tokio::time::timeout(Duration::from_secs(60), serving.admin.page("/login"))
            .await
            .unwrap_or_else(|_| panic!("page {answered} never answered"));
        assert!(page.contains("</html>"));
        answered += 1;
    }
    starting.join().unwrap();
}
