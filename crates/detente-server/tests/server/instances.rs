//! Two server processes on one database serve the same talk: concurrent writers on different
//! servers conflict on the sequence number and retry, both servers agree on the state, and live
//! streams on one server see events committed through the other.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Harness};

async fn two_servers_serve_one_talk(h: Harness) {
    let first = h.api.clone();
    let second = h.second_server().await;
    let talk = create(&first, json!({"example": "hiring", "rounds": 1000})).await;
    let base = format!("/api/talks/{}", talk.id);
    let m = talk.mediator.clone();

    // A party listens on the second server while the mediator acts on the first.
    let stream = second
        .client
        .get(format!("{}{base}/events?after=1", second.base))
        .bearer_auth(talk.token("Employer"))
        .send()
        .await
        .unwrap();
    let asked = first
        .ok(
            Method::POST,
            &format!("{base}/caucus"),
            Some(&m),
            Some(json!({"party": "Employer", "question": {"type": "propose"}})),
        )
        .await;
    let question = asked["question"].as_u64().unwrap();
    let mut bytes = stream.bytes_stream();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !text.contains("\"kind\":\"asked\"") {
        match tokio::time::timeout_at(deadline, bytes.next()).await {
            Ok(Some(Ok(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
            _ => panic!("the question committed on the first server never reached the second's stream: {text}"),
        }
    }
    // The party answers through the second server; the first server sees it.
    second
        .ok(Method::POST, &format!("{base}/party/answers"), Some(talk.token("Employer")), Some(json!({"question": question, "answer": {"type": "proposal", "package": {"salary": "low", "remote": "none", "start": "now", "title": "engineer"}}})))
        .await;
    let view = first
        .ok(Method::GET, &format!("{base}/mediator"), Some(&m), None)
        .await;
    assert_eq!(view["exchanges"][0]["status"], "answered");

    // Many concurrent round ends, alternating servers: every one lands exactly once.
    let mut tasks = Vec::new();
    for i in 0..24 {
        let api = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let (path, token) = (format!("{base}/rounds/end"), m.clone());
        tasks.push(tokio::spawn(async move {
            api.call(Method::POST, &path, Some(&token), None).await
        }));
    }
    let mut ended = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 200, "{body}");
        ended.push(body["round"].as_u64().unwrap());
    }
    ended.sort_unstable();
    assert_eq!(
        ended,
        (1..=24).collect::<Vec<u64>>(),
        "each request ended its own round"
    );
    let a: Value = first
        .ok(Method::GET, &format!("{base}/mediator"), Some(&m), None)
        .await;
    let b: Value = second
        .ok(Method::GET, &format!("{base}/mediator"), Some(&m), None)
        .await;
    assert_eq!(a["last_seq"], b["last_seq"]);
    assert_eq!(a["margin"].as_array().unwrap().len(), 24);
    let report = detente_server::verify::verify_all(h.store.as_ref())
        .await
        .unwrap();
    assert!(report.broken.is_empty(), "{report:?}");
}
crate::on_both_stores!(two_servers_serve_one_talk);
