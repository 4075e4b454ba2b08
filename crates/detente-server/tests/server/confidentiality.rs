//! Nothing of one party reaches another party or the public: not its profile, reservation,
//! answers or caucus messages — in views, audit records or live streams.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Api, Harness};

/// Distinctive numbers in the candidate's private profile: they must appear nowhere but its own
/// reads.
const SECRET_RESERVATION: f64 = 0.4217931;
const SECRET_WEIGHT: f64 = 0.3318273;

fn private_profile() -> Value {
    json!({"reservation": SECRET_RESERVATION,
           "weights": {"salary": SECRET_WEIGHT, "remote": 0.2, "start": 0.1, "title": 0.3681727},
           "values": {"salary": {"low": 0, "mid": 0.55, "high": 1}, "remote": {"none": 0, "partial": 0.75, "full": 1},
                      "start": {"now": 0.2, "next month": 1, "in three months": 0.6},
                      "title": {"engineer": 0.1, "senior engineer": 1}}})
}

/// Reads an event stream for `wait`, returning the data lines.
async fn stream(api: &Api, path: &str, token: Option<&str>, wait: Duration) -> Vec<Value> {
    let mut request = api.client.get(format!("{}{path}", api.base));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mut bytes = response.bytes_stream();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, bytes.next()).await {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    text.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .filter_map(|d| serde_json::from_str(d.trim()).ok())
        .collect()
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [SECRET_RESERVATION.to_string(), SECRET_WEIGHT.to_string()] {
        assert!(
            !text.contains(&secret),
            "{what} leaks the candidate's private profile ({secret}): {text}"
        );
    }
}

async fn nothing_leaks_across_parties(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring", "rounds": 5})).await;
    let base = format!("/api/talks/{}", talk.id);
    let m = Some(talk.mediator.as_str());
    let (employer, candidate) = (Some(talk.token("Employer")), Some(talk.token("Candidate")));
    api.ok(
        Method::PUT,
        &format!("{base}/party/profile"),
        candidate,
        Some(json!({"profile": private_profile()})),
    )
    .await;
    // The candidate delegates to an agent playing its private profile.
    api.ok(
        Method::PUT,
        &format!("{base}/seats/Candidate/agent"),
        candidate,
        Some(json!({"type": "aspiration", "curve": "boulware"})),
    )
    .await;
    let package = json!({"salary": "high", "remote": "full", "start": "now", "title": "engineer"});
    let asked = api
        .ask(
            &talk,
            json!({"party": "Candidate", "question": {"type": "test", "package": package}}),
        )
        .await;
    assert_eq!(asked["answer"]["type"], "reject");
    api.ask(
        &talk,
        json!({"party": "Candidate", "question": {"type": "propose"}}),
    )
    .await;
    let asked = api
        .ask(
            &talk,
            json!({"party": "Employer", "question": {"type": "rank_issues"}}),
        )
        .await;
    let q = asked["question"].as_u64().unwrap();
    api.answer(&talk, "Employer", json!({"question": q, "answer": {"type": "ranking", "issues": ["salary", "start", "remote", "title"]}})).await;
    api.end_round(&talk).await;

    let candidate_questions: Vec<u64> = {
        let view = api
            .ok(Method::GET, &format!("{base}/party"), candidate, None)
            .await;
        assert_eq!(
            view["reservation"].as_f64().unwrap(),
            SECRET_RESERVATION,
            "a party sees its own profile"
        );
        view["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["question"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(candidate_questions.len(), 2);

    // The employer's reads.
    let view = api
        .ok(Method::GET, &format!("{base}/party"), employer, None)
        .await;
    let exchanges = view["exchanges"].as_array().unwrap();
    assert_eq!(exchanges.len(), 1);
    assert!(exchanges
        .iter()
        .all(|e| !candidate_questions.contains(&e["question"].as_u64().unwrap())));
    let text = view.to_string();
    assert_no_secret("the employer's view", &text);
    assert!(
        !text.contains("\"propose\""),
        "the candidate's caucus message reached the employer: {text}"
    );
    for (reader, token) in [("employer", employer), ("public", None)] {
        let audit = api
            .ok(Method::GET, &format!("{base}/audit"), token, None)
            .await;
        assert_no_secret(&format!("the {reader}'s audit record"), &audit.to_string());
        for entry in audit["entries"].as_array().unwrap() {
            if let Some(event) = entry.get("event") {
                let payload: Value =
                    serde_json::from_str(event["payload"].as_str().unwrap()).unwrap();
                if let Some(seat) = payload.get("seat") {
                    assert!(
                        reader == "employer" && seat == 0,
                        "{reader} sees seat {seat}'s event: {payload}"
                    );
                }
            }
        }
        let events = stream(
            api,
            &format!("{base}/events"),
            token,
            Duration::from_millis(400),
        )
        .await;
        assert!(!events.is_empty());
        for event in &events {
            assert_no_secret(&format!("the {reader}'s event stream"), &event.to_string());
            if let Some(seat) = event["event"].get("seat") {
                assert!(
                    reader == "employer" && seat == 0,
                    "{reader} streamed seat {seat}'s event: {event}"
                );
            }
        }
    }
    // The public sees facts only.
    let public = api.ok(Method::GET, &base, None, None).await.to_string();
    assert_no_secret("the public view", &public);
    for private in ["exchanges", "profile", "reservation", "margin", "ledger"] {
        assert!(
            !public.contains(private),
            "the public view holds `{private}`: {public}"
        );
    }
    // The mediator sees the candidate's answers, but not the profile it kept to itself.
    let view = api
        .ok(Method::GET, &format!("{base}/mediator"), m, None)
        .await;
    assert_no_secret("the mediator's view", &view.to_string());
    assert!(view["seats"][1]["profile"].is_null());
    assert!(
        view["zone"].is_null(),
        "without every profile the mediator cannot compute the zone"
    );
    let audit = api.ok(Method::GET, &format!("{base}/audit"), m, None).await;
    assert_no_secret("the mediator's audit record", &audit.to_string());
    assert!(audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e.get("commitment").is_some()));
}
crate::on_both_stores!(nothing_leaks_across_parties);
