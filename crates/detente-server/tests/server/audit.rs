//! Audit records: each reader verifies the whole chain from its own record; the whole-database
//! check finds tampering.

use reqwest::Method;
use serde_json::json;

use detente_server::api::talks::AuditRecord;
use detente_server::audit::verify_record;

use crate::harness::{create, Harness};

async fn every_reader_verifies_and_tampering_is_found(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring", "agents": {"Candidate": {"type": "aspiration", "curve": "linear"}}})).await;
    let base = format!("/api/talks/{}", talk.id);
    let m = Some(talk.mediator.as_str());
    api.ask(
        &talk,
        json!({"party": "Candidate", "question": {"type": "propose"}}),
    )
    .await;
    let asked = api
        .ask(
            &talk,
            json!({"party": "Employer", "question": {"type": "joint_session"}}),
        )
        .await;
    let q = asked["question"].as_u64().unwrap();
    api.answer(
        &talk,
        "Employer",
        json!({"question": q, "answer": {"type": "consent", "consent": false}}),
    )
    .await;
    api.end_round(&talk).await;

    let mut heads = Vec::new();
    for (reader, token) in [
        ("mediator", m),
        ("party", Some(talk.token("Employer"))),
        ("party", Some(talk.token("Candidate"))),
        ("public", None),
    ] {
        let record: AuditRecord = serde_json::from_value(
            api.ok(Method::GET, &format!("{base}/audit"), token, None)
                .await,
        )
        .unwrap();
        assert_eq!(record.reader, reader);
        let head = verify_record(&record.entries).unwrap_or_else(|e| panic!("{reader}: {e}"));
        assert_eq!(hex::encode(head), record.head);
        heads.push(record.head.clone());
        let disclosed = record.entries.iter().filter(|e| e.event.is_some()).count();
        assert!(
            disclosed > 0 && (reader == "mediator" || disclosed < record.entries.len()),
            "{reader} sees {disclosed}"
        );
    }
    assert!(
        heads.windows(2).all(|w| w[0] == w[1]),
        "every reader sees the same head"
    );

    let report = detente_server::verify::verify_all(h.store.as_ref())
        .await
        .unwrap();
    assert!(report.broken.is_empty() && report.events >= 8, "{report:?}");

    // Rewrite one answer in place: the chain no longer verifies, from the store or a record.
    h.execute_sql(&format!(
        "UPDATE events SET payload = REPLACE(payload, '\"consent\":false', '\"consent\":true') WHERE talk_id = '{}' AND kind = 'answered'",
        talk.id
    ))
    .await;
    let report = detente_server::verify::verify_all(h.store.as_ref())
        .await
        .unwrap();
    assert_eq!(report.broken.len(), 1, "{report:?}");
    assert!(
        report.broken[0].reason.contains("hash chain broken"),
        "{report:?}"
    );
    let record: AuditRecord =
        serde_json::from_value(api.ok(Method::GET, &format!("{base}/audit"), m, None).await)
            .unwrap();
    assert!(verify_record(&record.entries).is_err());
}
crate::on_both_stores!(every_reader_verifies_and_tampering_is_found);
