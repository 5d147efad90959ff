//! The Throughline server: configuration, database, router and the CLI's commands.

pub mod accounts;
mod api_errors;
pub mod archive;
pub mod assets;
pub mod backup;
pub mod config;
pub mod csv_export;
pub mod database;
mod database_download;
pub mod demo;
mod demo_history;
pub mod error;
pub mod health;
pub mod import;
pub mod ingest;
mod live;
pub mod memory;
pub mod page_cache;
mod posted_errors;
pub mod rest;
pub mod security;
mod serve;
pub mod startup;
pub mod webhooks;
