//! The mediation service behind `detente serve`.
//!
//! Key design decision: **talks are event-sourced**. The database holds, per talk, the scenario,
//! the seats with token hashes, and an append-only, hash-chained event log; a server process holds
//! nothing the database lacks. Each request rebuilds (or catches a cached projection up to) the
//! talk's state from the log, validates the new action, and appends at `last seq + 1`; a
//! concurrent writer elsewhere loses on the `(talk, seq)` key and retries. So several processes on
//! one PostgreSQL database serve the same talks, and the log doubles as the audit record.
//!
//! Map: [`store`] (one trait; SQLite with group commit, PostgreSQL with a pool), [`engine`] (events,
//! the state they add up to, automated agents, the communiqué), [`service`] (load, validate,
//! append, retry), [`actions`] (each action: who may, which events, what it answers), [`views`]
//! (what each reader sees), [`api`] (routes), [`ui`] (the browser interface), [`auth`] and
//! [`token`] (bearer secrets), [`audit`] (the hash chain and its verification).
//!
//! Dependencies point one way: `store`, `engine` (with `engine::commands`, which decide each
//! action's events, and `engine::visibility`, which says who may see what) and `audit` know
//! nothing of the service; `service`, `actions` and `views` build on them; `api` and `ui` call
//! `actions` (the UI reuses only the API's shared state and its event-stream builder, never a
//! handler).

mod actions;
pub mod api;
pub mod audit;
mod auth;
mod engine;
mod error;
pub mod examples;
mod service;
pub mod store;
pub mod token;
mod ui;
pub mod verify;
mod views;

use std::sync::Arc;
use std::time::Duration;

pub use store::{Store, StoreError};

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Service settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// How often live streams poll for other processes' events.
    pub poll_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// The application router over `store`: the browser interface ([`ui`]) and the JSON API.
pub fn app(store: Arc<dyn Store>, config: &Config) -> axum::Router {
    let state = api::AppState {
        talks: Arc::new(service::Talks::new(store)),
        poll_interval: config.poll_interval,
    };
    ui::router(state.clone()).merge(api::router(state))
}

/// Serves on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(store, config))
        .with_graceful_shutdown(shutdown)
        .await
}
