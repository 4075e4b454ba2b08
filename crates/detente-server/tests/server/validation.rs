//! Every bad request gets a 4xx JSON error naming the field; nothing panics.

use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Harness};

/// (method, path, token, body, expected status, expected field).
type Case<'a> = (Method, String, Option<&'a str>, Value, u16, &'static str);

fn error_field(body: &Value) -> Option<&str> {
    body["error"]["field"].as_str()
}

async fn bad_requests_name_the_field(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring"})).await;
    let base = format!("/api/talks/{}", talk.id);
    let m = Some(talk.mediator.as_str());
    let employer = Some(talk.token("Employer"));
    let good_package =
        json!({"salary": "mid", "remote": "none", "start": "now", "title": "engineer"});
    let cases: Vec<Case> = vec![
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({}),
            422,
            "scenario",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"example": "nowhere"}),
            422,
            "example",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"example": "hiring", "rounds": 0}),
            422,
            "rounds",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"example": "hiring", "rounds": "ten"}),
            400,
            "rounds",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"example": "hiring", "colour": "red"}),
            400,
            "colour",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"example": "hiring", "agents": {"Nobody": {"type": "aspiration", "curve": "linear"}}}),
            422,
            "agents.Nobody",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"scenario_toml": "this is not toml ["}),
            422,
            "scenario_toml",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"scenario_toml": detente_server::examples::MIAMI.replace("[talks]", "[talks]\nseed = 1")}),
            422,
            "scenario_toml",
        ),
        (
            Method::POST,
            "/api/talks".into(),
            None,
            json!({"scenario": {"name": "x", "issues": [{"name": "a", "values": ["p", "q"]}],
                   "parties": [{"name": "A", "profile": {"reservation": 0, "weights": {"a": 1}, "values": {"a": {"p": 1, "q": 0}}}},
                               {"name": "B", "profile": {"reservation": 0, "weights": {"a": 1}, "values": {"a": {"p": 1}}}}]}}),
            422,
            "scenario.parties[1].profile.values.a.q",
        ),
        (
            Method::POST,
            format!("{base}/caucus"),
            m,
            json!({"party": "Nobody", "question": {"type": "propose"}}),
            422,
            "party",
        ),
        (
            Method::POST,
            format!("{base}/caucus"),
            m,
            json!({"party": "Employer", "question": {"type": "test", "package": {"salary": "mid"}}}),
            422,
            "question.package.remote",
        ),
        (
            Method::POST,
            format!("{base}/caucus"),
            m,
            json!({"party": "Employer", "question": {"type": "test", "package": {"salary": "huge", "remote": "none", "start": "now", "title": "engineer"}}}),
            422,
            "question.package.salary",
        ),
        (
            Method::POST,
            format!("{base}/caucus"),
            m,
            json!({"party": "Employer", "question": {"type": "guess"}}),
            400,
            "question.type",
        ),
        (
            Method::POST,
            format!("{base}/caucus"),
            m,
            json!({"party": "Employer", "question": {"type": "propose"}, "provenance": {"sources": [{"party": "Nobody", "basis": "answers"}]}}),
            422,
            "provenance.sources[0].party",
        ),
        (
            Method::POST,
            format!("{base}/caucus/close"),
            m,
            json!({}),
            409,
            "caucus",
        ),
        (
            Method::POST,
            format!("{base}/party/answers"),
            employer,
            json!({"question": 99, "answer": {"type": "accept"}}),
            409,
            "question",
        ),
        (
            Method::POST,
            format!("{base}/party/answers"),
            employer,
            json!({"question": -1, "answer": {"type": "accept"}}),
            400,
            "question",
        ),
        (
            Method::PUT,
            format!("{base}/party/profile"),
            employer,
            json!({"profile": {"reservation": 0.1, "weights": {}, "values": {}}}),
            422,
            "profile.weights.salary",
        ),
        (
            Method::PUT,
            format!("{base}/seats/Employer/agent"),
            employer,
            json!({"type": "scripted", "position": {"salary": "mid"}}),
            422,
            "agent.position.remote",
        ),
        (
            Method::POST,
            format!("{base}/seats/Employer/agent-proposal"),
            m,
            json!({"type": "scripted", "position": {"wage": "mid"}}),
            422,
            "agent.position.wage",
        ),
        (
            Method::POST,
            format!("{base}/party/profile/handover"),
            employer,
            json!(null),
            409,
            "profile",
        ),
        (
            Method::DELETE,
            format!("{base}/party/agent"),
            employer,
            json!(null),
            409,
            "agent",
        ),
    ];
    for (method, path, token, body, status, field) in cases {
        let (got, answer) = api
            .call(method.clone(), &path, token, Some(body.clone()))
            .await;
        assert_eq!(got, status, "{method} {path} {body} -> {answer}");
        assert_eq!(
            error_field(&answer),
            Some(field),
            "{method} {path} {body} -> {answer}"
        );
        assert!(answer["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    // A question and an answer of the wrong kind.
    let asked = api
        .ok(
            Method::POST,
            &format!("{base}/caucus"),
            m,
            Some(
                json!({"party": "Employer", "question": {"type": "test", "package": good_package}}),
            ),
        )
        .await;
    let q = asked["question"].as_u64().unwrap();
    let (status, body) = api
        .post(
            &format!("{base}/party/answers"),
            employer,
            json!({"question": q, "answer": {"type": "ranking", "issues": ["salary"]}}),
        )
        .await;
    assert_eq!(
        (status, error_field(&body)),
        (422, Some("answer")),
        "{body}"
    );
    let (status, body) = api
        .post(
            &format!("{base}/party/answers"),
            employer,
            json!({"question": q, "answer": {"type": "reject", "objections": ["pension"]}}),
        )
        .await;
    assert_eq!(
        (status, error_field(&body)),
        (422, Some("answer.objections[0]")),
        "{body}"
    );
    // The rejected answers left no trace: the question is still open and answerable.
    api.ok(
        Method::POST,
        &format!("{base}/party/answers"),
        employer,
        Some(json!({"question": q, "answer": {"type": "accept"}})),
    )
    .await;

    // Not JSON, wrong content type, too large.
    let raw = |body: &'static str, content_type: &'static str| {
        api.client
            .post(format!("{}/api/talks", api.base))
            .header("content-type", content_type)
            .body(body)
    };
    let response = raw("{not json", "application/json").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_field(&body), Some("body"));
    let response = raw("{}", "text/plain").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_field(&body), Some("content-type"));
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat((1 << 20) + 100));
    let response = api
        .client
        .post(format!("{}/api/talks", api.base))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_field(&body), Some("body"));
    // Unknown routes and methods are JSON errors too.
    let (status, body) = api.get("/api/nothing", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, body) = api.call(Method::DELETE, &base, None, None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
}
crate::on_both_stores!(bad_requests_name_the_field);
