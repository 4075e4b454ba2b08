//! The embedded store: one SQLite file in WAL mode with `synchronous=FULL`.
//!
//! Every write goes through one dedicated writer thread that practises group commit: it drains all
//! queued writes into one transaction (each in its own savepoint, so one conflict fails only its own
//! request), commits — one fsync for the whole group — and only then acknowledges each request.
//! That keeps acknowledged writes durable while one fsync is shared by hundreds of answers. Reads use
//! a small pool of separate connections, which WAL lets run beside the writer.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use tokio::sync::oneshot;

use super::{migrate, NewTalk, SeatRow, Store, StoreError, StoredEvent, TalkListing, TalkRow};

/// Largest number of queued writes folded into one transaction.
const MAX_GROUP: usize = 1024;
/// Read connections kept open.
const READERS: usize = 4;

type Reply = oneshot::Sender<Result<(), StoreError>>;

enum WriteOp {
    CreateTalk(NewTalk, Vec<StoredEvent>, Reply),
    Append(String, Vec<StoredEvent>, Reply),
}

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    writer: mpsc::Sender<WriteOp>,
    readers: Arc<ReaderPool>,
}

struct ReaderPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

fn backend(err: rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

/// A failed insert: a key already taken means `taken` (a lost race or a duplicate id), anything
/// else is a failure of the database.
fn insert_failed(err: rusqlite::Error, taken: StoreError) -> StoreError {
    let key_taken = matches!(&err, rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::ConstraintViolation
        && (e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE));
    if key_taken {
        taken
    } else {
        backend(err)
    }
}

fn open_connection(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // WAL lets readers run beside the writer; FULL fsyncs the WAL at every commit, so a commit that
    // returned survives power loss, not only a process crash.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)",
    )?;
    for (version, sql) in migrate::SQLITE {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let applied: Option<i64> = tx
            .query_row(
                "SELECT version FROM schema_migrations WHERE version = ?1",
                [version],
                |r| r.get(0),
            )
            .optional()?;
        if applied.is_none() {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?1, ?2)",
                params![version, crate::now_ms()],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file, runs migrations and starts the writer thread.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            url: path.display().to_string(),
            reason: e.to_string(),
        };
        let mut conn = open_connection(path).map_err(open_err)?;
        migrate(&mut conn).map_err(open_err)?;
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("detente-sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx))
            .map_err(|e| StoreError::Open {
                url: path.display().to_string(),
                reason: e.to_string(),
            })?;
        Ok(SqliteStore {
            writer: tx,
            readers: Arc::new(ReaderPool {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
            }),
        })
    }

    async fn write(&self, make: impl FnOnce(Reply) -> WriteOp) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        self.writer
            .send(make(reply))
            .map_err(|_| StoreError::Backend("the SQLite writer thread has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Backend("the SQLite writer thread has stopped".into()))?
    }

    async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    ) -> Result<T, StoreError> {
        let pool = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.idle.lock().ok().and_then(|mut idle| idle.pop());
            let conn = match conn {
                Some(c) => c,
                None => open_connection(&pool.path).map_err(backend)?,
            };
            let result = query(&conn).map_err(backend);
            if let Ok(mut idle) = pool.idle.lock() {
                if idle.len() < READERS {
                    idle.push(conn);
                }
            }
            result
        })
        .await
        .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }
}

fn writer_loop(mut conn: Connection, rx: mpsc::Receiver<WriteOp>) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(op) => group.push(op),
                Err(_) => break,
            }
        }
        let results = write_group(&mut conn, &group);
        for (op, result) in group.into_iter().zip(results) {
            let reply = match op {
                WriteOp::CreateTalk(_, _, r) | WriteOp::Append(_, _, r) => r,
            };
            // The requester may have gone away (client disconnected); the write stands regardless.
            let _ = reply.send(result);
        }
    }
}

/// Runs a group of writes in one transaction; returns one result per write, in order.
fn write_group(conn: &mut Connection, group: &[WriteOp]) -> Vec<Result<(), StoreError>> {
    let mut tx = match conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return group.iter().map(|_| Err(backend_ref(&e))).collect(),
    };
    let mut results = Vec::with_capacity(group.len());
    for op in group {
        let outcome = (|| {
            let sp = tx.savepoint().map_err(backend)?;
            let result = match op {
                WriteOp::CreateTalk(talk, events, _) => insert_talk(&sp, talk, events),
                WriteOp::Append(talk, events, _) => insert_events(&sp, talk, events),
            };
            match result {
                Ok(()) => sp.commit().map_err(backend),
                Err(e) => Err(e), // dropping the savepoint rolls it back
            }
        })();
        results.push(outcome);
    }
    if let Err(e) = tx.commit() {
        return group.iter().map(|_| Err(backend_ref(&e))).collect();
    }
    results
}

fn backend_ref(err: &rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

fn insert_talk(
    conn: &Connection,
    talk: &NewTalk,
    events: &[StoredEvent],
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO talks (id, created_at_ms, scenario_format, scenario, mediator_token_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![talk.id, talk.created_at_ms, talk.scenario_format, talk.scenario, &talk.mediator_token_hash[..]],
    )
    .map_err(|e| insert_failed(e, StoreError::DuplicateTalk(talk.id.clone())))?;
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO seats (talk_id, seat, party, token_hash) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(backend)?;
    for (i, seat) in talk.seats.iter().enumerate() {
        stmt.execute(params![talk.id, i as i64, seat.party, &seat.token_hash[..]])
            .map_err(backend)?;
    }
    insert_events(conn, &talk.id, events)
}

fn insert_events(conn: &Connection, talk: &str, events: &[StoredEvent]) -> Result<(), StoreError> {
    let Some(first) = events.first() else {
        return Ok(());
    };
    let last: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM events WHERE talk_id = ?1")
        .and_then(|mut s| s.query_row([talk], |r| r.get(0)))
        .map_err(backend)?;
    if first.seq != last as u64 + 1 {
        return Err(StoreError::Conflict {
            talk: talk.to_string(),
            seq: first.seq,
        });
    }
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO events (talk_id, seq, kind, payload, salt, hash, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(backend)?;
    for event in events {
        stmt.execute(params![
            talk,
            event.seq as i64,
            event.kind,
            event.payload,
            event.salt,
            event.hash,
            event.created_at_ms
        ])
        .map_err(|e| insert_failed(e, StoreError::conflict(talk, event.seq)))?;
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_talk(&self, talk: NewTalk, events: Vec<StoredEvent>) -> Result<(), StoreError> {
        self.write(|reply| WriteOp::CreateTalk(talk, events, reply))
            .await
    }

    async fn talk(&self, id: &str) -> Result<Option<TalkRow>, StoreError> {
        let id = id.to_string();
        self.read(move |conn| {
            let row = conn
                .prepare_cached(
                    "SELECT id, created_at_ms, scenario_format, scenario, mediator_token_hash FROM talks WHERE id = ?1",
                )?
                .query_row([&id], |r| {
                    Ok(TalkRow {
                        id: r.get(0)?,
                        created_at_ms: r.get(1)?,
                        scenario_format: r.get(2)?,
                        scenario: r.get(3)?,
                        mediator_token_hash: r.get(4)?,
                        seats: Vec::new(),
                    })
                })
                .optional()?;
            let Some(mut talk) = row else { return Ok(None) };
            let mut stmt = conn
                .prepare_cached("SELECT party, token_hash FROM seats WHERE talk_id = ?1 ORDER BY seat")?;
            talk.seats = stmt
                .query_map([&id], |r| {
                    Ok(SeatRow {
                        party: r.get(0)?,
                        token_hash: r.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(Some(talk))
        })
        .await
    }

    async fn events_after(&self, talk: &str, after: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let talk = talk.to_string();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, kind, payload, salt, hash, created_at_ms FROM events WHERE talk_id = ?1 AND seq > ?2 ORDER BY seq",
            )?;
            let rows = stmt.query_map(params![talk, after as i64], |r| {
                Ok(StoredEvent {
                    seq: r.get::<_, i64>(0)? as u64,
                    kind: r.get(1)?,
                    payload: r.get(2)?,
                    salt: r.get(3)?,
                    hash: r.get(4)?,
                    created_at_ms: r.get(5)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn append(&self, talk: &str, events: Vec<StoredEvent>) -> Result<(), StoreError> {
        let talk = talk.to_string();
        self.write(|reply| WriteOp::Append(talk, events, reply))
            .await
    }

    async fn list_talks(&self, offset: u64, limit: u64) -> Result<Vec<TalkListing>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, created_at_ms FROM talks ORDER BY created_at_ms, id LIMIT ?1 OFFSET ?2",
            )?;
            let rows = stmt.query_map(params![limit as i64, offset as i64], |r| {
                Ok(TalkListing {
                    id: r.get(0)?,
                    created_at_ms: r.get(1)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
