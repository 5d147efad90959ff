//! `migrations up|down|status|fresh` against the database named by `DATABASE_URL`.

#[tokio::main]
async fn main() {
    sea_orm_migration::cli::run_cli(migrations::Migrator).await;
}
