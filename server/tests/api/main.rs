//! HTTP tests: each spawns the real server on port 0 with a fresh SQLite file.

mod admin;
mod assets;
mod auth;
mod authorization;
mod backup;
mod boards;
mod columns;
mod dashboard;
mod delivery;
mod export;
mod forecast;
mod hardening;
mod helpers;
mod ingest;
mod injection;
mod live;
mod metrics;
mod migration;
mod planning;
mod postgres;
mod robustness;
mod startup;
mod strategy;
mod tokens;
mod wip;
mod work_items;
