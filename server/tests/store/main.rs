//! Store tests: each calls the store's functions directly on a fresh, migrated
//! SQLite file, and checks what they answer and the rows they leave behind.

mod answers;
mod connections;
mod deletion;
mod errors;
mod flow;
mod helpers;
mod moves;
mod outbox;
mod scale;
mod sessions;
mod titles;
mod writers;
