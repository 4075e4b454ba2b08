//! The shared store: PostgreSQL through a small tokio-postgres pool.
//!
//! Several server processes may use one database. Migrations take a transaction-scoped advisory
//! lock, so processes starting together apply each migration once. Commits use PostgreSQL's default
//! `synchronous_commit = on`: an acknowledged append is on disk.

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::NoTls;

use super::{migrate, NewTalk, SeatRow, Store, StoreError, StoredEvent, TalkListing, TalkRow};

/// Connections per server process.
const POOL_SIZE: usize = 16;
/// Arbitrary key of the advisory lock that serialises migrations.
const MIGRATION_LOCK: i64 = 0x0064_6574_656e_7465;

/// PostgreSQL-backed [`Store`].
pub struct PostgresStore {
    pool: Pool,
}

fn backend(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(err.to_string())
}

/// A failed insert: a key already taken means `taken` (a lost race or a duplicate id), anything
/// else is a failure of the database.
fn insert_failed(err: tokio_postgres::Error, taken: StoreError) -> StoreError {
    if err.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        taken
    } else {
        backend(err)
    }
}

impl PostgresStore {
    /// Connects, optionally inside `schema` (created if missing; tests isolate themselves this
    /// way), and runs migrations.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            url: url.to_string(),
            reason,
        };
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| open_err(e.to_string()))?;
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                || schema.is_empty()
            {
                return Err(open_err(format!(
                    "schema name `{schema}` must be letters, digits and underscores"
                )));
            }
            let (client, connection) = config
                .connect(NoTls)
                .await
                .map_err(|e| open_err(e.to_string()))?;
            let task = tokio::spawn(connection);
            client
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .await
                .map_err(|e| open_err(e.to_string()))?;
            drop(client);
            let _ = task.await;
            config.options(format!("-c search_path={schema}"));
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| open_err(e.to_string()))?;
        let store = PostgresStore { pool };
        store.migrate().await.map_err(|e| open_err(e.to_string()))?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(backend)?;
        let tx = client.transaction().await.map_err(backend)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(backend)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)",
        )
        .await
        .map_err(backend)?;
        for (version, sql) in migrate::POSTGRES {
            let applied = tx
                .query_opt(
                    "SELECT version FROM schema_migrations WHERE version = $1",
                    &[version],
                )
                .await
                .map_err(backend)?;
            if applied.is_none() {
                tx.batch_execute(sql).await.map_err(backend)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, $2)",
                    &[version, &crate::now_ms()],
                )
                .await
                .map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}

async fn insert_events(
    tx: &deadpool_postgres::Transaction<'_>,
    talk: &str,
    events: &[StoredEvent],
) -> Result<(), StoreError> {
    let Some(first) = events.first() else {
        return Ok(());
    };
    let last: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE talk_id = $1",
            &[&talk],
        )
        .await
        .map_err(backend)?
        .get(0);
    if first.seq != last as u64 + 1 {
        return Err(StoreError::Conflict {
            talk: talk.to_string(),
            seq: first.seq,
        });
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO events (talk_id, seq, kind, payload, salt, hash, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .await
        .map_err(backend)?;
    for event in events {
        tx.execute(
            &stmt,
            &[
                &talk,
                &(event.seq as i64),
                &event.kind,
                &event.payload,
                &event.salt,
                &event.hash,
                &event.created_at_ms,
            ],
        )
        .await
        .map_err(|e| insert_failed(e, StoreError::conflict(talk, event.seq)))?;
    }
    Ok(())
}

#[async_trait]
impl Store for PostgresStore {
    async fn create_talk(&self, talk: NewTalk, events: Vec<StoredEvent>) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(backend)?;
        let tx = client.transaction().await.map_err(backend)?;
        tx.execute(
            "INSERT INTO talks (id, created_at_ms, scenario_format, scenario, mediator_token_hash) VALUES ($1, $2, $3, $4, $5)",
            &[&talk.id, &talk.created_at_ms, &talk.scenario_format, &talk.scenario, &&talk.mediator_token_hash[..]],
        )
        .await
        .map_err(|e| insert_failed(e, StoreError::DuplicateTalk(talk.id.clone())))?;
        for (i, seat) in talk.seats.iter().enumerate() {
            tx.execute(
                "INSERT INTO seats (talk_id, seat, party, token_hash) VALUES ($1, $2, $3, $4)",
                &[&talk.id, &(i as i64), &seat.party, &&seat.token_hash[..]],
            )
            .await
            .map_err(backend)?;
        }
        insert_events(&tx, &talk.id, &events).await?;
        tx.commit().await.map_err(backend)
    }

    async fn talk(&self, id: &str) -> Result<Option<TalkRow>, StoreError> {
        let client = self.pool.get().await.map_err(backend)?;
        let stmt = client
            .prepare_cached(
                "SELECT id, created_at_ms, scenario_format, scenario, mediator_token_hash FROM talks WHERE id = $1",
            )
            .await
            .map_err(backend)?;
        let Some(row) = client.query_opt(&stmt, &[&id]).await.map_err(backend)? else {
            return Ok(None);
        };
        let seats = client
            .prepare_cached("SELECT party, token_hash FROM seats WHERE talk_id = $1 ORDER BY seat")
            .await
            .map_err(backend)?;
        let seats = client
            .query(&seats, &[&id])
            .await
            .map_err(backend)?
            .into_iter()
            .map(|r| SeatRow {
                party: r.get(0),
                token_hash: r.get(1),
            })
            .collect();
        Ok(Some(TalkRow {
            id: row.get(0),
            created_at_ms: row.get(1),
            scenario_format: row.get(2),
            scenario: row.get(3),
            mediator_token_hash: row.get(4),
            seats,
        }))
    }

    async fn events_after(&self, talk: &str, after: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let client = self.pool.get().await.map_err(backend)?;
        let stmt = client
            .prepare_cached(
                "SELECT seq, kind, payload, salt, hash, created_at_ms FROM events WHERE talk_id = $1 AND seq > $2 ORDER BY seq",
            )
            .await
            .map_err(backend)?;
        let rows = client
            .query(&stmt, &[&talk, &(after as i64)])
            .await
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| StoredEvent {
                seq: r.get::<_, i64>(0) as u64,
                kind: r.get(1),
                payload: r.get(2),
                salt: r.get(3),
                hash: r.get(4),
                created_at_ms: r.get(5),
            })
            .collect())
    }

    async fn append(&self, talk: &str, events: Vec<StoredEvent>) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(backend)?;
        let tx = client.transaction().await.map_err(backend)?;
        insert_events(&tx, talk, &events).await?;
        tx.commit().await.map_err(|e| {
            insert_failed(
                e,
                StoreError::conflict(talk, events.first().map_or(0, |e| e.seq)),
            )
        })
    }

    async fn list_talks(&self, offset: u64, limit: u64) -> Result<Vec<TalkListing>, StoreError> {
        let client = self.pool.get().await.map_err(backend)?;
        let rows = client
            .query(
                "SELECT id, created_at_ms FROM talks ORDER BY created_at_ms, id LIMIT $1 OFFSET $2",
                &[&(limit as i64), &(offset as i64)],
            )
            .await
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| TalkListing {
                id: r.get(0),
                created_at_ms: r.get(1),
            })
            .collect())
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}
