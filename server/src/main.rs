//! `throughline`: serve the app, or run one maintenance command and exit.

use clap::{Parser, Subcommand};
use server::{
    accounts, archive, backup, config::Config, database, demo, error::StartupError, import,
    startup::Application,
};

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
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the SQLite database into a new FILE, consistently, while servers keep
    /// serving it.
    Backup { file: std::path::PathBuf },
    /// Write every table into FILE, a new JSON document, from one snapshot, while
    /// servers keep serving.
    Export { file: std::path::PathBuf },
    /// Migrate an empty database and read an export into it, all or nothing.
    Restore { file: std::path::PathBuf },
    /// Bring issues or cards from another tool onto a team's board, with their
    /// history: a dry run unless --apply; importing the same file again updates.
    Import {
        /// jira (a CSV of an issue search, all fields) or trello (a board's JSON).
        #[arg(value_parser = tool)]
        tool: app::domain::import::Tool,
        file: std::path::PathBuf,
        /// The team board work items go to.
        #[arg(long)]
        board: String,
        /// The product board Jira epics go to, as features.
        #[arg(long)]
        product: Option<String>,
        /// STATUS=COLUMN: where a status (a Trello list) goes, over the proposal.
        #[arg(long, value_parser = status_and_column)]
        map: Vec<(String, String)>,
        /// Import; without it, only report what would be imported.
        #[arg(long)]
        apply: bool,
    },
}

fn tool(key: &str) -> Result<app::domain::import::Tool, String> {
    key.parse()
        .map_err(|unknown: app::domain::UnknownValue| unknown.to_string())
}

fn status_and_column(pair: &str) -> Result<(String, String), String> {
    match pair.split_once('=') {
        Some((status, column)) if !status.trim().is_empty() && !column.trim().is_empty() => {
            Ok((status.trim().to_owned(), column.trim().to_owned()))
        }
        _ => Err(format!("“{pair}” is not STATUS=COLUMN")),
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from THROUGHLINE_PASSWORD, or else
    /// from the first line of standard input.
    Add {
        email: String,
        /// Shorthand for `--role admin`.
        #[arg(long, conflicts_with = "role")]
        admin: bool,
        /// admin, executive, product_manager, team_member or viewer.
        #[arg(long, default_value = "viewer")]
        role: String,
        /// The name shown in the app (defaults to the email's local part).
        #[arg(long)]
        name: Option<String>,
    },
}

fn main() {
    server::memory::return_large_blocks_when_freed();
    server::database::skip_sqlite_memory_statistics();
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
        Command::Backup { file } => {
            backup::to_file(&config, &file).await?;
            println!("backed up to {}", file.display());
            Ok(())
        }
        Command::Export { file } => {
            let db = database::connect(&config).await?;
            let tally = archive::to_file(&db, &file).await?;
            println!("exported {tally} to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let db = database::connect(&config).await?;
            database::migrate(&db).await?;
            let tally = archive::from_file(&db, &file).await?;
            println!("restored {tally} from {}", file.display());
            Ok(())
        }
        Command::Import {
            tool,
            file,
            board,
            product,
            map,
            apply,
        } => {
            let db = database::connect(&config).await?;
            database::migrate(&db).await?;
            let request = import::Request {
                tool,
                file,
                board,
                product,
                map,
                apply,
            };
            import::run(
                &db,
                &request,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            )
            .await?;
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            admin,
            role,
            name,
        }) => {
            let role = if admin { "admin".to_owned() } else { role };
            let password = match std::env::var("THROUGHLINE_PASSWORD") {
                Ok(password) => password,
                Err(_) => read_password_line()?,
            };
            let db = database::connect(&config).await?;
            database::migrate(&db).await?;
            let user = accounts::add_user(&db, &email, &role, name.as_deref(), &password).await?;
            println!("created {} ({})", user.email, user.role.key());
            Ok(())
        }
    }
}

fn read_password_line() -> Result<String, StartupError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| StartupError::Input(format!("cannot read the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
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
