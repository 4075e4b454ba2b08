//! The audit log: every event of a talk, chained by hashes.
//!
//! `hash_n = sha256(hash_{n-1} ‖ seq_n ‖ commitment_n)` with `hash_0` = 32 zero bytes, and
//! `commitment_n = sha256(salt_n ‖ len(kind) ‖ kind ‖ payload_n)`. The per-event random salt is why
//! the chain can be shown to everyone: a party receives its own events in full and, for everyone
//! else's, only `(seq, commitment)`. Without the salt a party could confirm a guess about another
//! party's hidden answer ("accept") by hashing candidate payloads; with it the commitment reveals
//! nothing, yet the party still recomputes every link from the first event to the head.
//!
//! This module is the whole chain: sealing a new event (salt, commitment, link), checking and
//! decoding a stored one, the record a reader is handed, and verifying such a record. The service
//! seals and replays through it, the API hands out records from it, and [`crate::verify`] audits
//! whole databases with it.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::{visibility, Reader, TalkEvent};
use crate::store::StoredEvent;

/// Hash before the first event (the engine's, so a new talk state starts from it).
pub use crate::engine::GENESIS;

/// Bytes of random salt per event.
const SALT_BYTES: usize = 16;

/// Commitment to one event's content.
pub fn commitment(salt: &[u8], kind: &str, payload: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update((salt.len() as u32).to_be_bytes());
    h.update(salt);
    h.update((kind.len() as u32).to_be_bytes());
    h.update(kind.as_bytes());
    h.update(payload.as_bytes());
    h.finalize().into()
}

/// The chain hash of event `seq` following `previous`.
pub fn link(previous: &[u8; 32], seq: u64, commitment: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(seq.to_be_bytes());
    h.update(commitment);
    h.finalize().into()
}

/// Seals `event` as event `seq` after the chain hash `previous`: serialises it, salts it, and
/// links its commitment. Returns the record to store and its chain hash.
pub fn seal(
    previous: &[u8; 32],
    seq: u64,
    event: &TalkEvent,
    created_at_ms: i64,
) -> Result<(StoredEvent, [u8; 32]), serde_json::Error> {
    let payload = serde_json::to_string(event)?;
    let mut salt = vec![0u8; SALT_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let kind = event.kind();
    let hash = link(previous, seq, &commitment(&salt, kind, &payload));
    let stored = StoredEvent {
        seq,
        kind: kind.to_string(),
        payload,
        salt,
        hash: hash.to_vec(),
        created_at_ms,
    };
    Ok((stored, hash))
}

/// Checks a stored event's link to `previous` and decodes it; returns its chain hash and the event.
pub fn decode_stored(
    previous: &[u8; 32],
    event: &StoredEvent,
) -> Result<([u8; 32], TalkEvent), String> {
    let hash = link(
        previous,
        event.seq,
        &commitment(&event.salt, &event.kind, &event.payload),
    );
    if hash[..] != event.hash[..] {
        return Err(format!("hash chain broken at seq {}", event.seq));
    }
    let decoded = decode_payload(event)?;
    if decoded.kind() != event.kind {
        return Err(format!(
            "event {} is stored as `{}` but holds `{}`",
            event.seq,
            event.kind,
            decoded.kind()
        ));
    }
    Ok((hash, decoded))
}

/// The event a stored record holds (its link unchecked: for reading a log already verified).
pub fn decode_payload(event: &StoredEvent) -> Result<TalkEvent, String> {
    serde_json::from_str(&event.payload)
        .map_err(|e| format!("event {} does not decode: {e}", event.seq))
}

/// Where a stored log's chain breaks: the index of the first bad event, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenAt {
    /// Index of the first bad event in the log (0 for the first event).
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// Recomputes the chain of one talk's stored log from its first event: gap-free seqs, links,
/// commitments and decodable events. Returns the head hash, or where it breaks.
pub fn verify_stored(events: &[StoredEvent]) -> Result<[u8; 32], BrokenAt> {
    let mut previous = GENESIS;
    for (position, event) in events.iter().enumerate() {
        let checked = if event.seq != position as u64 + 1 {
            Err(format!("seq {} follows seq {position}", event.seq))
        } else {
            decode_stored(&previous, event)
        };
        match checked {
            Ok((hash, _)) => previous = hash,
            Err(reason) => return Err(BrokenAt { position, reason }),
        }
    }
    Ok(previous)
}

/// One stored event as `reader` receives it: in full if [`visibility`] lets the reader see it,
/// else only as its commitment.
pub fn disclose(reader: Reader, stored: &StoredEvent) -> Result<RecordEntry, String> {
    let visible = visibility::may_see(reader, &decode_payload(stored)?);
    Ok(RecordEntry {
        seq: stored.seq,
        hash: hex::encode(&stored.hash),
        event: visible.then(|| DisclosedEvent {
            kind: stored.kind.clone(),
            payload: stored.payload.clone(),
            salt: hex::encode(&stored.salt),
        }),
        commitment: (!visible)
            .then(|| hex::encode(commitment(&stored.salt, &stored.kind, &stored.payload))),
    })
}

/// A reader's record of a whole log, and the head hash (hex) after its last entry.
pub fn disclosed_record(
    reader: Reader,
    events: &[StoredEvent],
) -> Result<(Vec<RecordEntry>, String), String> {
    let entries = events
        .iter()
        .map(|stored| disclose(reader, stored))
        .collect::<Result<Vec<_>, _>>()?;
    let head = entries
        .last()
        .map_or_else(|| hex::encode(GENESIS), |e| e.hash.clone());
    Ok((entries, head))
}

/// One entry of a record as handed to a reader: disclosed in full, or only as a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecordEntry {
    /// Position in the talk's log, from 1.
    pub seq: u64,
    /// Chain hash after this event (hex).
    pub hash: String,
    /// The event, when the reader may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<DisclosedEvent>,
    /// Commitment to the hidden event (hex), when the reader may not see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
}

/// A disclosed event: everything needed to recompute its commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DisclosedEvent {
    /// Event kind.
    pub kind: String,
    /// The exact payload text that was hashed (JSON).
    pub payload: String,
    /// The event's salt (hex).
    pub salt: String,
}

/// Why a chain failed to verify.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// Sequence numbers are not 1, 2, 3, …
    #[error("event at position {position} has seq {found}, expected {expected}")]
    Gap {
        /// Index in the record.
        position: usize,
        /// The seq found.
        found: u64,
        /// The seq expected.
        expected: u64,
    },
    /// A recomputed hash differs from the stored one.
    #[error("hash mismatch at seq {seq}: the event or an earlier one was altered")]
    Mismatch {
        /// The event whose hash differs.
        seq: u64,
    },
    /// An entry carries neither an event nor a commitment, or bad hex.
    #[error("entry at seq {seq} is malformed: {what}")]
    Malformed {
        /// The entry.
        seq: u64,
        /// What is wrong.
        what: String,
    },
}

/// Verifies a record from the first event on; returns the head hash.
pub fn verify_record(entries: &[RecordEntry]) -> Result<[u8; 32], ChainError> {
    let mut previous = GENESIS;
    for (position, entry) in entries.iter().enumerate() {
        let expected = position as u64 + 1;
        if entry.seq != expected {
            return Err(ChainError::Gap {
                position,
                found: entry.seq,
                expected,
            });
        }
        let malformed = |what: &str| ChainError::Malformed {
            seq: entry.seq,
            what: what.to_string(),
        };
        let commit = match (&entry.event, &entry.commitment) {
            (Some(event), None) => {
                let salt = hex::decode(&event.salt).map_err(|_| malformed("salt is not hex"))?;
                commitment(&salt, &event.kind, &event.payload)
            }
            (None, Some(c)) => {
                decode32(c).ok_or_else(|| malformed("commitment is not 32 hex bytes"))?
            }
            _ => return Err(malformed("needs exactly one of `event` and `commitment`")),
        };
        let hash = link(&previous, entry.seq, &commit);
        let stored = decode32(&entry.hash).ok_or_else(|| malformed("hash is not 32 hex bytes"))?;
        if hash != stored {
            return Err(ChainError::Mismatch { seq: entry.seq });
        }
        previous = hash;
    }
    Ok(previous)
}

/// Decodes 32 bytes of hex.
pub fn decode32(text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(text).ok()?;
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(events: &[(&str, &str)]) -> Vec<RecordEntry> {
        let mut previous = GENESIS;
        events
            .iter()
            .enumerate()
            .map(|(i, (kind, payload))| {
                let salt = [i as u8; 16];
                let seq = i as u64 + 1;
                let hash = link(&previous, seq, &commitment(&salt, kind, payload));
                previous = hash;
                RecordEntry {
                    seq,
                    hash: hex::encode(hash),
                    event: Some(DisclosedEvent {
                        kind: kind.to_string(),
                        payload: payload.to_string(),
                        salt: hex::encode(salt),
                    }),
                    commitment: None,
                }
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies_and_hiding_an_event_keeps_it_verifiable() {
        let mut record = chain(&[("a", "{}"), ("b", "{\"x\":1}"), ("c", "[]")]);
        let head = verify_record(&record).unwrap();
        let hidden = record[1].event.take().unwrap();
        let salt = hex::decode(hidden.salt).unwrap();
        record[1].commitment = Some(hex::encode(commitment(
            &salt,
            &hidden.kind,
            &hidden.payload,
        )));
        assert_eq!(verify_record(&record).unwrap(), head);
    }

    #[test]
    fn tampering_is_detected_at_the_altered_event() {
        let mut record = chain(&[("a", "{}"), ("b", "{\"x\":1}"), ("c", "[]")]);
        record[1].event.as_mut().unwrap().payload = "{\"x\":2}".into();
        assert_eq!(verify_record(&record), Err(ChainError::Mismatch { seq: 2 }));
        let mut record = chain(&[("a", "{}"), ("b", "{}")]);
        record.remove(0);
        assert!(matches!(
            verify_record(&record),
            Err(ChainError::Gap { .. })
        ));
    }

    #[test]
    fn the_salt_changes_the_commitment() {
        assert_ne!(
            commitment(&[1], "answer", "accept"),
            commitment(&[2], "answer", "accept")
        );
        // Length prefixes keep (kind, payload) boundaries unambiguous.
        assert_ne!(commitment(&[], "ab", "c"), commitment(&[], "a", "bc"));
    }

    fn sealed_log(events: &[TalkEvent]) -> Vec<StoredEvent> {
        let mut previous = GENESIS;
        events
            .iter()
            .enumerate()
            .map(|(i, event)| {
                let (stored, hash) = seal(&previous, i as u64 + 1, event, 0).unwrap();
                previous = hash;
                stored
            })
            .collect()
    }

    fn log() -> Vec<StoredEvent> {
        sealed_log(&[
            TalkEvent::RoundBegan { round: 1 },
            TalkEvent::CaucusOpened { seat: 1 },
            TalkEvent::CaucusClosed { seat: 1 },
        ])
    }

    #[test]
    fn sealed_events_decode_and_verify() {
        let log = log();
        let head = verify_stored(&log).unwrap();
        let (hash, event) = decode_stored(&GENESIS, &log[0]).unwrap();
        assert_eq!(event, TalkEvent::RoundBegan { round: 1 });
        assert_eq!(hash[..], log[0].hash[..]);
        assert_eq!(head[..], log[2].hash[..]);
        // Two seals of one event differ by their salt.
        assert_ne!(
            log[0].salt,
            sealed_log(&[TalkEvent::RoundBegan { round: 1 }])[0].salt
        );
    }

    #[test]
    fn a_stored_log_breaks_at_the_first_bad_event() {
        let mut log = log();
        log[1].payload = r#"{"kind":"caucus_opened","seat":0}"#.into();
        let broken = verify_stored(&log).unwrap_err();
        assert_eq!(broken.position, 1);
        assert_eq!(broken.reason, "hash chain broken at seq 2");
        let mut log = self::log();
        log.remove(1);
        assert_eq!(verify_stored(&log).unwrap_err().position, 1);
    }

    #[test]
    fn a_reader_gets_its_events_in_full_and_the_rest_as_commitments() {
        let log = log();
        let (party, head) = disclosed_record(Reader::Party(0), &log).unwrap();
        let shown: Vec<bool> = party.iter().map(|e| e.event.is_some()).collect();
        assert_eq!(shown, [true, false, false]);
        assert_eq!(hex::encode(verify_record(&party).unwrap()), head);
        let (mediator, same_head) = disclosed_record(Reader::Mediator, &log).unwrap();
        assert!(mediator.iter().all(|e| e.event.is_some()));
        assert_eq!(same_head, head);
    }
}
