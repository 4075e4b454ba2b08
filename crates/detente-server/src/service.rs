//! The talks service: event-sourced talks over a [`Store`].
//!
//! A request loads its talk's state — from a cached projection brought up to date by reading the
//! events after its last seq, or by replaying the whole log — validates the new action against it,
//! adds the events that follow automatically (an automated agent's answer, the conclusion on
//! agreement), chains their hashes and appends them at `last seq + 1`. If another server process
//! appended first, the store reports a conflict; the projection is dropped, rebuilt from the log
//! and the action retried. The cache is only ever a function of the log.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use detente_core::Agenda;
use tokio::sync::broadcast;

use crate::audit;
use crate::engine::commands::follow_up;
use crate::engine::{self, TalkEvent, TalkState};
use crate::error::ApiError;
use crate::store::{NewTalk, Store, StoreError, StoredEvent, TalkRow};

/// How often an action is retried after losing a race to another writer.
const MAX_ATTEMPTS: u32 = 32;
/// Cached talks kept before the cache is emptied (bounded memory; it refills from the log).
const MAX_CACHED: usize = 50_000;

/// A committed event, as broadcast to live subscribers of this process.
#[derive(Debug, Clone)]
pub struct Committed {
    /// The talk.
    pub talk: String,
    /// The last seq committed.
    pub seq: u64,
}

/// One talk's immutable part and its cached projection.
pub struct TalkEntry {
    /// The talk row (immutable after creation).
    pub row: TalkRow,
    agenda: Arc<Agenda>,
    state: tokio::sync::Mutex<Option<TalkState>>,
}

/// Talks, their cache and the live-update channel.
pub struct Talks {
    store: Arc<dyn Store>,
    cache: Mutex<HashMap<String, Arc<TalkEntry>>>,
    committed: broadcast::Sender<Committed>,
}

impl Talks {
    /// A service over `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        let (committed, _) = broadcast::channel(4096);
        Talks {
            store,
            cache: Mutex::new(HashMap::new()),
            committed,
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Subscribes to this process's commits (other processes' commits arrive by polling).
    pub fn subscribe(&self) -> broadcast::Receiver<Committed> {
        self.committed.subscribe()
    }

    /// Creates a talk with its opening events; returns its id.
    pub async fn create(
        &self,
        mut talk: NewTalk,
        agenda: Arc<Agenda>,
        opening: Vec<TalkEvent>,
    ) -> Result<String, ApiError> {
        for _ in 0..MAX_ATTEMPTS {
            let mut state = TalkState::new(agenda.clone());
            let events = self.chain(&mut state, opening.clone())?;
            match self.store.create_talk(talk.clone(), events).await {
                Ok(()) => return Ok(talk.id),
                Err(StoreError::DuplicateTalk(_)) => talk.id = crate::token::random_id(),
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApiError::Internal("could not allocate a talk id".into()))
    }

    /// The talk `id`, from the cache or the store.
    pub async fn entry(&self, id: &str) -> Result<Arc<TalkEntry>, ApiError> {
        if let Some(entry) = self.cache.lock().map_err(poisoned)?.get(id) {
            return Ok(entry.clone());
        }
        let row = self
            .store
            .talk(id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("no talk `{id}`")))?;
        let agenda = engine::scenario::parse(&row.scenario_format, &row.scenario).map_err(|e| {
            ApiError::Internal(format!("stored scenario of talk `{id}` does not read: {e}"))
        })?;
        let entry = Arc::new(TalkEntry {
            row,
            agenda,
            state: tokio::sync::Mutex::new(None),
        });
        let mut cache = self.cache.lock().map_err(poisoned)?;
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        Ok(cache.entry(id.to_string()).or_insert(entry).clone())
    }

    /// Brings `slot` up to date with the log.
    async fn catch_up(
        &self,
        entry: &TalkEntry,
        slot: &mut Option<TalkState>,
    ) -> Result<(), ApiError> {
        let after = slot.as_ref().map_or(0, |s| s.last_seq);
        let events = self.store.events_after(&entry.row.id, after).await?;
        let state = slot.get_or_insert_with(|| TalkState::new(entry.agenda.clone()));
        for stored in &events {
            let replayed =
                audit::decode_stored(&state.last_hash, stored).and_then(|(hash, event)| {
                    state.apply(stored.seq, hash, &event).map_err(|r| {
                        format!("event {} is invalid: {} {}", stored.seq, r.field, r.message)
                    })
                });
            if let Err(why) = replayed {
                *slot = None;
                return Err(ApiError::Internal(format!(
                    "the log of talk `{}` is corrupt: {why}",
                    entry.row.id
                )));
            }
        }
        Ok(())
    }

    /// Runs `read` on the talk's current state.
    pub async fn read<R>(
        &self,
        entry: &TalkEntry,
        read: impl FnOnce(&TalkState) -> R,
    ) -> Result<R, ApiError> {
        let mut slot = entry.state.lock().await;
        self.catch_up(entry, &mut slot).await?;
        Ok(read(slot.as_ref().expect("caught up")))
    }

    /// Validates and applies `events`, then the automatic follow-ups; returns the chained records.
    fn chain(
        &self,
        state: &mut TalkState,
        events: Vec<TalkEvent>,
    ) -> Result<Vec<StoredEvent>, ApiError> {
        let mut stored = Vec::new();
        let mut queue: std::collections::VecDeque<TalkEvent> = events.into();
        // Each follow-up answers an open question or concludes, so the chain is short.
        let mut budget = 4 * state.seats.len() + 8;
        loop {
            let event = match queue.pop_front() {
                Some(e) => e,
                None => match follow_up(state) {
                    Some(e) if budget > 0 => {
                        budget -= 1;
                        e
                    }
                    _ => break,
                },
            };
            let seq = state.last_seq + 1;
            let (record, hash) = audit::seal(&state.last_hash, seq, &event, crate::now_ms())
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            state.apply(seq, hash, &event)?;
            stored.push(record);
        }
        Ok(stored)
    }

    /// Performs an action: `make` turns the current state into the events to append (or refuses),
    /// `respond` reads the state after they are durable, together with the first new seq.
    pub async fn act<R>(
        &self,
        entry: &TalkEntry,
        mut make: impl FnMut(&TalkState) -> Result<Vec<TalkEvent>, ApiError>,
        respond: impl FnOnce(&TalkState, u64) -> R,
    ) -> Result<R, ApiError> {
        let mut slot = entry.state.lock().await;
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                // Lost a race to another server: back off a random, growing while so the writers
                // fall out of step instead of colliding again.
                let ceiling = 2u64 << attempt.min(6);
                let pause = rand::Rng::gen_range(&mut rand::thread_rng(), 1..=ceiling);
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            self.catch_up(entry, &mut slot).await?;
            let state = slot.as_mut().expect("caught up");
            let first_seq = state.last_seq + 1;
            let requested = make(state)?;
            let records = match self.chain(state, requested) {
                Ok(records) => records,
                Err(e) => {
                    // A refused first event leaves the projection as it was (`TalkState::apply`
                    // checks before it changes anything); a batch refused part-way has applied
                    // some events the log does not hold, so that projection is rebuilt from it.
                    if state.last_seq >= first_seq {
                        *slot = None;
                    }
                    return Err(e);
                }
            };
            if records.is_empty() {
                return Ok(respond(state, first_seq));
            }
            let last = records.last().map_or(0, |r| r.seq);
            match self.store.append(&entry.row.id, records).await {
                Ok(()) => {
                    let _ = self.committed.send(Committed {
                        talk: entry.row.id.clone(),
                        seq: last,
                    });
                    return Ok(respond(slot.as_ref().expect("applied"), first_seq));
                }
                Err(StoreError::Conflict { .. }) => {
                    *slot = None;
                    continue;
                }
                Err(e) => {
                    *slot = None;
                    return Err(e.into());
                }
            }
        }
        Err(ApiError::Unavailable(
            "too many concurrent writers on this talk; retry".into(),
        ))
    }
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::Internal("a lock was poisoned by an earlier panic".into())
}
