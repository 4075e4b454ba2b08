//! The questions about single issues and position tests over the API: each asked of a person and
//! of an automated delegation, answered, stored in canonical form and shown to the mediator and
//! to the delegation asked, to no one else; bad answers are 4xx errors naming the field.

use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Created, Harness};

/// A hiring talk with room for every kind in one caucus; the Candidate is an automated agent
/// (answering truthfully from its profile), the Employer a person.
async fn talk(h: &Harness) -> Created {
    create(
        &h.api,
        json!({
            "example": "hiring",
            "max_questions": 20,
            "agents": { "Candidate": { "type": "aspiration", "curve": "linear" } }
        }),
    )
    .await
}

/// Every new kind of question with the Employer's answer, the answer as stored, and the
/// Candidate agent's answer (from the example's Candidate profile).
fn round_trips() -> Vec<(Value, Value, Value, Value)> {
    let package = json!({"salary": "mid", "remote": "partial", "start": "next month", "title": "senior engineer"});
    vec![
        (
            json!({"type": "extremes", "issue": "salary"}),
            json!({"type": "extremes", "best": "low", "worst": "high"}),
            json!({"type": "extremes", "best": "low", "worst": "high"}),
            json!({"type": "extremes", "best": "high", "worst": "low"}),
        ),
        (
            json!({"type": "rate", "options": [{"issue": "salary", "value": "high"}, {"issue": "start", "value": "now"}]}),
            json!({"type": "ratings", "ratings": [10, 100]}),
            json!({"type": "ratings", "ratings": [10, 100]}),
            json!({"type": "ratings", "ratings": [100, 30]}),
        ),
        (
            json!({"type": "split_points"}),
            // Any order on the wire; stored in issue order.
            json!({"type": "points", "points": {"title": 10, "start": 25, "remote": 20, "salary": 45}}),
            json!({"type": "points", "points": {"salary": 45, "remote": 20, "start": 25, "title": 10}}),
            json!({"type": "points", "points": {"salary": 40, "remote": 30, "start": 10, "title": 20}}),
        ),
        (
            json!({"type": "position_test", "package": package}),
            json!({"type": "position", "better": true}),
            json!({"type": "position", "better": true}),
            // 0.4·0.6 + 0.3·0.8 + 0.1·1 + 0.2·1 = 0.78, above the Candidate's 0.4.
            json!({"type": "position", "better": true}),
        ),
        (
            json!({"type": "rate_walk_away"}),
            json!({"type": "rating", "rating": 35}),
            json!({"type": "rating", "rating": 35}),
            json!({"type": "rating", "rating": 40}),
        ),
    ]
}

/// The exchange `question` in `view`.
fn exchange(view: &Value, question: u64) -> Value {
    view["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["question"] == question)
        .unwrap_or_else(|| panic!("no exchange {question} in {view}"))
        .clone()
}

async fn every_new_kind_is_asked_answered_stored_and_shown(h: Harness) {
    let api = &h.api;
    let talk = talk(&h).await;
    let base = format!("/api/talks/{}", talk.id);
    let m = Some(talk.mediator.as_str());
    let employer = Some(talk.token("Employer"));
    // One caucus with each delegation: the automated one answers at once.
    for (question, _, _, automated) in round_trips() {
        let asked = api
            .ask(&talk, json!({"party": "Candidate", "question": question}))
            .await;
        assert_eq!(asked["answer"], automated, "the agent on {question}");
    }
    for (question, answer, stored, _) in round_trips() {
        let asked = api
            .ask(&talk, json!({"party": "Employer", "question": question}))
            .await;
        let q = asked["question"].as_u64().unwrap();
        let mine = api
            .ok(Method::GET, &format!("{base}/party"), employer, None)
            .await;
        assert_eq!(mine["pending_question"], q);
        assert_eq!(exchange(&mine, q)["ask"], question);
        api.answer(&talk, "Employer", json!({"question": q, "answer": answer}))
            .await;

        let mine = api
            .ok(Method::GET, &format!("{base}/party"), employer, None)
            .await;
        assert_eq!(
            exchange(&mine, q)["answer"],
            stored,
            "own view of {question}"
        );
        let desk = api
            .ok(Method::GET, &format!("{base}/mediator"), m, None)
            .await;
        assert_eq!(exchange(&desk, q)["answer"], stored, "desk of {question}");
        assert_eq!(exchange(&desk, q)["status"], "answered");
    }
    // The package of a position test is worth something to the delegation asked, shown to it.
    let mine = api
        .ok(Method::GET, &format!("{base}/party"), employer, None)
        .await;
    let position = mine["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ask"]["type"] == "position_test")
        .unwrap();
    assert!(position["utilities"]["package"].as_f64().is_some());
    // "Cannot say" answers a question about single issues.
    let asked = api
        .ask(
            &talk,
            json!({"party": "Employer", "question": {"type": "split_points"}}),
        )
        .await;
    let q = asked["question"].as_u64().unwrap();
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": {"type": "cannot_say"}}),
    )
    .await;
    let desk = api
        .ok(Method::GET, &format!("{base}/mediator"), m, None)
        .await;
    assert_eq!(exchange(&desk, q)["answer"]["type"], "cannot_say");
    assert!(
        desk["minutes"].as_str().is_some_and(|m| !m.is_empty()),
        "the minutes read the new answers"
    );
}
crate::on_both_stores!(every_new_kind_is_asked_answered_stored_and_shown);

async fn bad_answers_are_4xx_errors_naming_the_field(h: Harness) {
    let api = &h.api;
    let talk = talk(&h).await;
    let base = format!("/api/talks/{}", talk.id);
    let employer = Some(talk.token("Employer"));
    let ask = |question: Value| {
        let talk = &talk;
        async move {
            api.ask(talk, json!({"party": "Employer", "question": question}))
                .await["question"]
                .as_u64()
                .unwrap()
        }
    };
    let refused = |q: u64, answer: Value| {
        let path = format!("{base}/party/answers");
        async move {
            let (status, body) = api
                .post(&path, employer, json!({"question": q, "answer": answer}))
                .await;
            (
                status,
                body["error"]["field"].as_str().unwrap_or("").to_string(),
            )
        }
    };
    let at = |status: u16, field: &str| (status, field.to_string());

    let q = ask(json!({"type": "rate_walk_away"})).await;
    let rating = |r: Value| json!({"type": "rating", "rating": r});
    assert_eq!(
        refused(q, rating(json!(256))).await,
        at(400, "answer.rating")
    );
    assert_eq!(
        refused(q, rating(json!(-1))).await,
        at(400, "answer.rating")
    );
    assert_eq!(
        refused(q, rating(json!(101))).await,
        at(422, "answer.rating")
    );
    assert_eq!(
        refused(q, json!({"type": "position", "better": true})).await,
        at(422, "answer")
    );
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": rating(json!(100))}),
    )
    .await;

    let q = ask(json!({"type": "rate", "options": [{"issue": "salary", "value": "low"}, {"issue": "title", "value": "engineer"}]})).await;
    let ratings = |r: Value| json!({"type": "ratings", "ratings": r});
    assert_eq!(
        refused(q, ratings(json!([0, 300]))).await,
        at(400, "answer.ratings[1]")
    );
    assert_eq!(
        refused(q, ratings(json!([0, 101]))).await,
        at(422, "answer.ratings[1]")
    );
    assert_eq!(
        refused(q, ratings(json!([0, 1, 2]))).await,
        at(422, "answer.ratings")
    );
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": ratings(json!([0, 100]))}),
    )
    .await;

    let q = ask(json!({"type": "split_points"})).await;
    let points = |p: Value| json!({"type": "points", "points": p});
    assert_eq!(
        refused(
            q,
            points(json!({"salary": 50, "remote": 30, "start": 10, "title": 0}))
        )
        .await,
        at(422, "answer.points")
    );
    assert_eq!(
        refused(q, points(json!({"salary": 50, "remote": 30, "start": 20}))).await,
        at(422, "answer.points.title")
    );
    assert_eq!(
        refused(
            q,
            points(json!({"salary": 50, "remote": 30, "start": 20, "title": 0, "pension": 0}))
        )
        .await,
        at(422, "answer.points.pension")
    );
    assert_eq!(
        refused(
            q,
            points(json!({"salary": "half", "remote": 30, "start": 20, "title": 0}))
        )
        .await,
        at(400, "answer.points.salary")
    );
    let (status, body) = api
        .post(
            &format!("{base}/party/answers"),
            employer,
            json!({"question": q, "answer": points(json!({"salary": 50, "remote": 30, "start": 10, "title": 0}))}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("add up to 90")),
        "{body}"
    );
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": {"type": "cannot_say"}}),
    )
    .await;

    let q = ask(json!({"type": "extremes", "issue": "remote"})).await;
    assert_eq!(
        refused(
            q,
            json!({"type": "extremes", "best": "sometimes", "worst": "none"})
        )
        .await,
        at(422, "answer.best")
    );
    assert_eq!(
        refused(q, json!({"type": "extremes", "best": "full"})).await,
        at(400, "answer.worst")
    );
    // The refused answers left no trace: the question is still open and answerable.
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": {"type": "extremes", "best": "none", "worst": "full"}}),
    )
    .await;
}
crate::on_both_stores!(bad_answers_are_4xx_errors_naming_the_field);

async fn bad_questions_are_422_errors_naming_the_field(h: Harness) {
    let api = &h.api;
    let talk = talk(&h).await;
    let path = format!("/api/talks/{}/caucus", talk.id);
    let m = Some(talk.mediator.as_str());
    let option = json!({"issue": "salary", "value": "low"});
    let too_many: Vec<Value> = (0..25).map(|_| option.clone()).collect();
    let cases = [
        (
            json!({"type": "extremes", "issue": "pension"}),
            422,
            "question.issue",
        ),
        (json!({"type": "extremes"}), 400, "question.issue"),
        (
            json!({"type": "rate", "options": []}),
            422,
            "question.options",
        ),
        (
            json!({"type": "rate", "options": too_many}),
            422,
            "question.options",
        ),
        (
            json!({"type": "rate", "options": [option, option]}),
            422,
            "question.options[1]",
        ),
        (
            json!({"type": "rate", "options": [{"issue": "salary", "value": "vast"}]}),
            422,
            "question.options[0].value",
        ),
        (
            json!({"type": "position_test", "package": {"salary": "mid"}}),
            422,
            "question.package.remote",
        ),
        (
            json!({"type": "compare", "a": {}, "b": {}, "c": {}}),
            400,
            "question.c",
        ),
    ];
    for (question, status, field) in cases {
        let (got, body) = api
            .post(&path, m, json!({"party": "Employer", "question": question}))
            .await;
        assert_eq!(
            (got, body["error"]["field"].as_str()),
            (status, Some(field)),
            "{question} -> {body}"
        );
    }
    // Nothing was asked: no round began.
    let (_, view) = api
        .get(&format!("/api/talks/{}/mediator", talk.id), m)
        .await;
    assert_eq!(view["exchanges"], json!([]));
}
crate::on_both_stores!(bad_questions_are_422_errors_naming_the_field);

async fn a_position_test_and_its_answer_reach_no_one_else(h: Harness) {
    let api = &h.api;
    let talk = create(&h.api, json!({"example": "hiring"})).await;
    let base = format!("/api/talks/{}", talk.id);
    let package = json!({"salary": "high", "remote": "full", "start": "now", "title": "engineer"});
    let asked = api
        .ask(
            &talk,
            json!({"party": "Employer", "question": {"type": "position_test", "package": package}}),
        )
        .await;
    let q = asked["question"].as_u64().unwrap();
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": {"type": "position", "better": false}}),
    )
    .await;
    let candidate = Some(talk.token("Candidate"));
    let theirs = api
        .ok(Method::GET, &format!("{base}/party"), candidate, None)
        .await;
    assert_eq!(theirs["exchanges"], json!([]), "{theirs}");
    for (who, token) in [("the candidate", candidate), ("the public", None)] {
        let record = api
            .ok(Method::GET, &format!("{base}/audit"), token, None)
            .await
            .to_string();
        assert!(
            !record.contains("position_test") && !record.contains("\"better\""),
            "{who} reads the position test: {record}"
        );
    }
    let public = api.ok(Method::GET, &base, None, None).await.to_string();
    assert!(!public.contains("position"), "{public}");
}
crate::on_both_stores!(a_position_test_and_its_answer_reach_no_one_else);
