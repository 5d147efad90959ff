//! `throughline`: serve the app, or run one maintenance command and exit.

use clap::{Parser, Subcommand};
use server::{config::Config, database, demo, error::StartupError, startup::Application};

#[derive(Parser)]
#[command(
    name = "throughline",
    version,
    about = "Lean portfolio kanban and outcome tracker"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, load the demo into an empty database (unless THROUGHLINE_DEMO=0), serve.
    Serve,
    /// Apply pending schema migrations and exit.
    Migrate,
    /// Load the demo portfolio if the database is empty, and exit.
    Demo,
}

fn main() {
    let cli = Cli::parse();
    let result = Config::from_env().and_then(|config| {
        init_tracing(config.json_logs);
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(StartupError::Serve)?
            .block_on(run(cli.command.unwrap_or(Command::Serve), config))
    });
    if let Err(error) = result {
        eprintln!("throughline: {error}");
        std::process::exit(error.exit_code());
    }
}

async fn run(command: Command, config: Config) -> Result<(), StartupError> {
    match command {
        Command::Serve => {
            let app = Application::build(config).await?;
            tracing::info!(port = app.port(), "serving Throughline");
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let db = database::connect(&config).await?;
            database::migrate(&db).await
        }
        Command::Demo => {
            let db = database::connect(&config).await?;
            database::migrate(&db).await?;
            let loaded = demo::load_if_empty(&db, chrono::Utc::now())
                .await
                .map_err(StartupError::Demo)?;
            tracing::info!(loaded, "demo data");
            Ok(())
        }
    }
}

fn init_tracing(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
