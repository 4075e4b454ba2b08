//! A whole proximity talk over the API: the mediator tests the Nash package in caucus with a human
//! delegation (the test) and an automated one, round after round, until agreement.

use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Harness};

async fn whole_talk(h: Harness) {
    let api = &h.api;
    let talk = create(
        api,
        json!({
            "example": "hiring",
            "title": "Hiring talks",
            "rounds": 8,
            "agents": { "Candidate": { "type": "aspiration", "curve": "conceder" } }
        }),
    )
    .await;
    let m = Some(talk.mediator.as_str());
    let employer = Some(talk.token("Employer"));
    let base = format!("/api/talks/{}", talk.id);

    let view = api
        .ok(Method::GET, &format!("{base}/mediator"), m, None)
        .await;
    let nash = view["zone"]["nash"].clone();
    assert!(
        nash.is_object(),
        "the mediator holds both profiles, so it sees the zone: {view}"
    );

    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(rounds <= 8, "talks should conclude by the deadline");
        // Ranking first, then the package test, in each caucus.
        let asked = api
            .ask(
                &talk,
                json!({"party": "Candidate", "question": {"type": "rank_issues"}}),
            )
            .await;
        assert_eq!(
            asked["answer"]["type"], "ranking",
            "the agent answers at once: {asked}"
        );
        let asked = api
            .ask(
                &talk,
                json!({"party": "Candidate", "question": {"type": "test", "package": nash}}),
            )
            .await;
        let candidate_accepts = asked["answer"]["type"] == "accept";
        if asked["concluded"] == true {
            // The employer accepted the same package in an earlier round: agreement.
            assert!(candidate_accepts && rounds > 1);
            break;
        }
        let asked = api.ask(&talk, json!({"party": "Employer", "question": {"type": "test", "package": nash},
                            "provenance": {"sources": [{"party": "Candidate", "basis": "answers"}],
                                           "reveals": "the candidate's reaction shaped this package"}}))
            .await;
        assert!(asked["answer"].is_null(), "a person answers later");
        let question = asked["question"].as_u64().unwrap();

        // The employer's delegation reads its caucus and judges by its own utility.
        let mine = api
            .ok(Method::GET, &format!("{base}/party"), employer, None)
            .await;
        let exchange = mine["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["question"] == question)
            .unwrap()
            .clone();
        let utility = exchange["utilities"]["package"].as_f64().unwrap();
        assert!(exchange["provenance"]["sources"][0]["party"] == "Candidate");
        let answer = if utility >= mine["reservation"].as_f64().unwrap() {
            json!({"type": "accept"})
        } else {
            json!({"type": "reject", "objections": ["salary"]})
        };
        let answered = api
            .answer(
                &talk,
                "Employer",
                json!({"question": question, "answer": answer}),
            )
            .await;
        if answered["concluded"] == true {
            assert!(candidate_accepts);
            break;
        }
        let ended = api.end_round(&talk).await;
        assert_eq!(ended["concluded"], false);
    }

    let public = api.ok(Method::GET, &base, None, None).await;
    assert_eq!(public["status"], "concluded");
    assert_eq!(public["conclusion"]["ending"], "agreement");
    assert_eq!(public["conclusion"]["agreement"], nash);
    let communique = public["conclusion"]["communique"].as_str().unwrap();
    assert!(
        communique.contains("Employer") && communique.contains("Candidate"),
        "{communique}"
    );

    let view = api
        .ok(Method::GET, &format!("{base}/mediator"), m, None)
        .await;
    assert_eq!(
        view["margin"].as_array().unwrap().len() as u64,
        view["round"].as_u64().unwrap()
    );
    assert!(
        !view["ledger"].as_array().unwrap().is_empty(),
        "the declared provenance is ledgered"
    );
    assert!(view["minutes"].as_str().unwrap().contains("Candidate"));
    let last = view["margin"].as_array().unwrap().last().unwrap().clone();
    assert!(last["accepted_by_all"].as_u64().unwrap() >= 1, "{last}");
    assert!(
        last["exact"].as_f64().unwrap() >= 0.0,
        "a zone exists in the hiring example"
    );

    // After the end, further actions are refused with 409.
    let (status, body) = api
        .post(
            &format!("{base}/caucus"),
            m,
            json!({"party": "Employer", "question": {"type": "propose"}}),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    let report = detente_server::verify::verify_all(h.store.as_ref())
        .await
        .unwrap();
    assert_eq!(report.talks, 1);
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    let _: Value = public;
}
crate::on_both_stores!(whole_talk);

/// A delegation that walks out ends two-party talks with a communiqué that says so.
async fn walk_out_ends_two_party_talks(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring"})).await;
    let base = format!("/api/talks/{}", talk.id);
    // Asked to leave between questions: the walk-out happens at the next question.
    api.ok(
        Method::POST,
        &format!("{base}/party/walkout"),
        Some(talk.token("Candidate")),
        Some(json!({})),
    )
    .await;
    let asked = api
        .ask(
            &talk,
            json!({"party": "Candidate", "question": {"type": "propose"}}),
        )
        .await;
    assert_eq!(asked["answer"]["type"], "walk_out");
    assert_eq!(asked["concluded"], true);
    let public = api.ok(Method::GET, &base, None, None).await;
    assert_eq!(public["conclusion"]["ending"], "walk_out");
    assert!(public["conclusion"]["communique"]
        .as_str()
        .unwrap()
        .contains("Candidate"));
}
crate::on_both_stores!(walk_out_ends_two_party_talks);

/// Without any agreement the deadline concludes the talks, and the communiqué claims no progress.
async fn deadline_without_progress(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring", "rounds": 2})).await;
    let base = format!("/api/talks/{}", talk.id);
    for round in 1..=2 {
        let ended = api.end_round(&talk).await;
        assert_eq!(ended["round"], round);
        assert_eq!(ended["concluded"], round == 2);
    }
    let public = api.ok(Method::GET, &base, None, None).await;
    assert_eq!(public["conclusion"]["ending"], "deadline");
    assert!(public["conclusion"]["agreement"].is_null());
}
crate::on_both_stores!(deadline_without_progress);

/// The Miami example over the API with two automated delegations: positions tested, margins
/// measured, no agreement by the deadline, and a communiqué that claims no progress.
async fn miami_without_agreement(h: Harness) {
    let api = &h.api;
    let talk = create(
        api,
        json!({"example": "miami", "agents": {
            "Ukraine": {"type": "aspiration", "curve": "boulware"},
            "Russia": {"type": "engine", "agent": "hardheaded"}}}),
    )
    .await;
    let base = format!("/api/talks/{}", talk.id);
    let m = Some(talk.mediator.as_str());
    let public = api.ok(Method::GET, &base, None, None).await;
    assert_eq!(
        public["rounds"], 6,
        "the example's [talks] table sets the deadline"
    );
    loop {
        let proposal = api
            .ask(
                &talk,
                json!({"party": "Ukraine", "question": {"type": "propose"}}),
            )
            .await;
        if let Some(package) = proposal["answer"].get("package") {
            api.ask(&talk, json!({"party": "Russia", "question": {"type": "test", "package": package},
                            "provenance": {"sources": [{"party": "Ukraine", "basis": "proposal"}], "reveals": "Ukraine's proposal"}}))
            .await;
        }
        let ended = api.end_round(&talk).await;
        if ended["concluded"] == true {
            break;
        }
    }
    let public = api.ok(Method::GET, &base, None, None).await;
    assert_eq!(public["conclusion"]["ending"], "deadline");
    let communique = public["conclusion"]["communique"].as_str().unwrap();
    assert!(communique.contains("the United States"), "{communique}");
    assert!(
        !communique.to_lowercase().contains("progress was made"),
        "{communique}"
    );
    let view = api
        .ok(Method::GET, &format!("{base}/mediator"), m, None)
        .await;
    assert_eq!(view["margin"].as_array().unwrap().len(), 6);
    assert!(
        view["zone"]["margin"].as_f64().unwrap() < 0.0,
        "no zone in the Miami example"
    );
}
crate::on_both_stores!(miami_without_agreement);
