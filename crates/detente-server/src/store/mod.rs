//! Storage: one trait, two back ends (embedded SQLite, shared PostgreSQL).
//!
//! The store holds everything a talk is: its scenario text, its seats with token hashes, and its
//! append-only event log. Servers keep nothing else, so any number of `detente serve` processes on
//! one PostgreSQL database serve the same talks. Appends name the sequence number they expect to
//! write; the `(talk_id, seq)` primary key turns a lost race into [`StoreError::Conflict`], and the
//! caller reloads and retries. An `Ok` from [`Store::append`] means the events are durable.

mod migrate;
pub mod postgres;
pub mod sqlite;

use async_trait::async_trait;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// A talk to create, with its seats.
#[derive(Debug, Clone)]
pub struct NewTalk {
    /// Random identifier.
    pub id: String,
    /// Creation time, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// How `scenario` is written (`json` or `toml`).
    pub scenario_format: String,
    /// The scenario text as uploaded (or the bundled example's text).
    pub scenario: String,
    /// SHA-256 of the mediator token.
    pub mediator_token_hash: [u8; 32],
    /// One seat per party, in scenario order.
    pub seats: Vec<NewSeat>,
}

/// A seat to create.
#[derive(Debug, Clone)]
pub struct NewSeat {
    /// The party's name.
    pub party: String,
    /// SHA-256 of the invitation token.
    pub token_hash: [u8; 32],
}

/// A stored talk.
#[derive(Debug, Clone)]
pub struct TalkRow {
    /// Identifier.
    pub id: String,
    /// Creation time, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// How `scenario` is written.
    pub scenario_format: String,
    /// Scenario text.
    pub scenario: String,
    /// SHA-256 of the mediator token.
    pub mediator_token_hash: Vec<u8>,
    /// Seats in order (index = seat number).
    pub seats: Vec<SeatRow>,
}

/// A stored seat.
#[derive(Debug, Clone)]
pub struct SeatRow {
    /// The party's name.
    pub party: String,
    /// SHA-256 of the invitation token.
    pub token_hash: Vec<u8>,
}

/// One event of the log, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Position in the talk's log, from 1, without gaps.
    pub seq: u64,
    /// Event kind (the JSON tag of the payload).
    pub kind: String,
    /// The exact JSON text that was hashed.
    pub payload: String,
    /// Random salt of the commitment.
    pub salt: Vec<u8>,
    /// Chain hash after this event.
    pub hash: Vec<u8>,
    /// When it was appended, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
}

/// A talk in a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkListing {
    /// Identifier.
    pub id: String,
    /// Creation time, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another writer already appended an event at `seq`: reload the talk and retry.
    #[error("talk `{talk}` already has an event at seq {seq}")]
    Conflict {
        /// The talk.
        talk: String,
        /// The contested sequence number.
        seq: u64,
    },
    /// A talk with this id exists already.
    #[error("talk `{0}` exists already")]
    DuplicateTalk(String),
    /// The database failed or is unreachable.
    #[error("database error: {0}")]
    Backend(String),
    /// The database URL or options are wrong.
    #[error("cannot open database `{url}`: {reason}")]
    Open {
        /// What was given.
        url: String,
        /// Why it failed.
        reason: String,
    },
}

impl StoreError {
    /// Another writer holds `seq` of `talk`.
    pub(crate) fn conflict(talk: &str, seq: u64) -> StoreError {
        StoreError::Conflict {
            talk: talk.to_string(),
            seq,
        }
    }
}

/// Where talks live. Implementations must make every acknowledged write durable.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates a talk, its seats and its first events in one transaction.
    async fn create_talk(&self, talk: NewTalk, events: Vec<StoredEvent>) -> Result<(), StoreError>;
    /// The talk with its seats, if it exists.
    async fn talk(&self, id: &str) -> Result<Option<TalkRow>, StoreError>;
    /// Events with `seq > after`, in order.
    async fn events_after(&self, talk: &str, after: u64) -> Result<Vec<StoredEvent>, StoreError>;
    /// Appends consecutive events atomically; [`StoreError::Conflict`] if any seq is taken.
    async fn append(&self, talk: &str, events: Vec<StoredEvent>) -> Result<(), StoreError>;
    /// Talks ordered by creation (oldest first), `limit` of them after `offset`.
    async fn list_talks(&self, offset: u64, limit: u64) -> Result<Vec<TalkListing>, StoreError>;
    /// A short name of the back end, for logs (`sqlite`, `postgres`).
    fn backend(&self) -> &'static str;
}

/// Opens the store a URL names: `postgres://…`/`postgresql://…`, or a SQLite file path
/// (optionally `sqlite://PATH`).
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(
            PostgresStore::connect(url, None).await?,
        ))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        Ok(std::sync::Arc::new(SqliteStore::open(
            std::path::Path::new(path),
        )?))
    }
}
