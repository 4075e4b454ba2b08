//! The storage contract, on both back ends: acknowledged appends are read back in order, a taken
//! or skipped sequence number is a conflict, concurrent appends to many talks all land.

use std::sync::Arc;

use detente_server::store::{NewSeat, NewTalk, StoredEvent};
use detente_server::{Store, StoreError};

use crate::harness::Harness;

fn talk(id: &str) -> NewTalk {
    NewTalk {
        id: id.to_string(),
        created_at_ms: 1,
        scenario_format: "json".into(),
        scenario: "{}".into(),
        mediator_token_hash: [1; 32],
        seats: vec![
            NewSeat {
                party: "A".into(),
                token_hash: [2; 32],
            },
            NewSeat {
                party: "B".into(),
                token_hash: [3; 32],
            },
        ],
    }
}

fn event(seq: u64) -> StoredEvent {
    StoredEvent {
        seq,
        kind: "k".into(),
        payload: format!("{{\"n\":{seq}}}"),
        salt: vec![seq as u8; 16],
        hash: vec![seq as u8; 32],
        created_at_ms: seq as i64,
    }
}

async fn storage_contract(h: Harness) {
    let store: Arc<dyn Store> = h.store.clone();
    store.create_talk(talk("t1"), vec![event(1)]).await.unwrap();
    assert!(matches!(
        store.create_talk(talk("t1"), vec![]).await,
        Err(StoreError::DuplicateTalk(_))
    ));
    let row = store.talk("t1").await.unwrap().unwrap();
    assert_eq!(row.seats.len(), 2);
    assert_eq!(row.seats[1].token_hash, vec![3; 32]);
    assert!(store.talk("t2").await.unwrap().is_none());

    store.append("t1", vec![event(2), event(3)]).await.unwrap();
    assert!(matches!(
        store.append("t1", vec![event(3)]).await,
        Err(StoreError::Conflict { seq: 3, .. })
    ));
    assert!(
        matches!(
            store.append("t1", vec![event(5)]).await,
            Err(StoreError::Conflict { .. })
        ),
        "gaps are refused"
    );
    assert_eq!(
        store.events_after("t1", 1).await.unwrap(),
        vec![event(2), event(3)]
    );

    // Two writers race for seq 4: exactly one wins.
    let (a, b) = tokio::join!(
        store.append("t1", vec![event(4)]),
        store.append("t1", vec![event(4)])
    );
    assert!(a.is_ok() != b.is_ok(), "{a:?} {b:?}");

    // Many talks written concurrently (group commit on SQLite): every acknowledged append is there.
    let mut tasks = Vec::new();
    for t in 0..40 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let id = format!("many{t}");
            store.create_talk(talk(&id), vec![event(1)]).await.unwrap();
            for seq in 2..=10 {
                store.append(&id, vec![event(seq)]).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    for t in 0..40 {
        let events = store.events_after(&format!("many{t}"), 0).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=10).collect::<Vec<_>>()
        );
    }
    let listed = store.list_talks(0, 1000).await.unwrap();
    assert_eq!(listed.len(), 41);
    assert_eq!(store.list_talks(40, 10).await.unwrap().len(), 1);
}
crate::on_both_stores!(storage_contract);
