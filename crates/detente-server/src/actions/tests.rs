//! The shared actions without HTTP: who may act is enforced here, for the API and the UI alike.

use std::sync::Arc;

use super::*;
use crate::store::SqliteStore;

struct Fixture {
    talks: Talks,
    created: CreatedTalk,
    _dir: tempfile::TempDir,
}

impl Fixture {
    async fn hiring() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("talks.db")).unwrap();
        let talks = Talks::new(Arc::new(store));
        let request: CreateTalkRequest =
            serde_json::from_value(serde_json::json!({ "example": "hiring" })).unwrap();
        let created = create_talk(&talks, request).await.unwrap();
        Fixture {
            talks,
            created,
            _dir: dir,
        }
    }

    async fn caller(&self, token: Option<&str>) -> Caller {
        Caller::resolve(&self.talks, &self.created.talk_id, token)
            .await
            .unwrap()
    }

    async fn mediator(&self) -> Caller {
        self.caller(Some(&self.created.mediator_token)).await
    }

    async fn party(&self, seat: usize) -> Caller {
        self.caller(Some(&self.created.invitations[seat].token))
            .await
    }
}

fn ask_candidate() -> AskRequest {
    serde_json::from_value(serde_json::json!({
        "party": "Candidate",
        "question": { "type": "propose" },
    }))
    .unwrap()
}

#[tokio::test]
async fn only_the_mediator_asks_and_only_a_party_answers() {
    let f = Fixture::hiring().await;
    let by_party = ask(&f.talks, &f.party(0).await, &ask_candidate()).await;
    assert!(matches!(by_party, Err(ApiError::Forbidden(_))));
    let by_public = ask(&f.talks, &f.caller(None).await, &ask_candidate()).await;
    assert!(matches!(by_public, Err(ApiError::Unauthorized(_))));
    let asked = ask(&f.talks, &f.mediator().await, &ask_candidate())
        .await
        .unwrap();
    assert_eq!(
        (asked.round, asked.answer, asked.concluded),
        (1, None, false)
    );
    let answer_request = AnswerRequest {
        question: asked.question,
        answer: AnswerDto::NoProposal,
    };
    let by_mediator = answer(&f.talks, &f.mediator().await, &answer_request).await;
    assert!(matches!(by_mediator, Err(ApiError::Forbidden(_))));
    let answered = answer(&f.talks, &f.party(1).await, &answer_request)
        .await
        .unwrap();
    assert_eq!(answered.seq, asked.question + 1);
}

#[tokio::test]
async fn a_party_seats_an_agent_for_itself_only() {
    let f = Fixture::hiring().await;
    let agent: AgentDto =
        serde_json::from_value(serde_json::json!({ "type": "aspiration", "curve": "linear" }))
            .unwrap();
    let other = attach_agent(&f.talks, &f.party(0).await, "Candidate", &agent).await;
    assert!(matches!(other, Err(ApiError::Forbidden(_))));
    let unknown = attach_agent(&f.talks, &f.mediator().await, "Nobody", &agent).await;
    assert!(matches!(unknown, Err(ApiError::NotFound(_))));
    attach_agent(&f.talks, &f.party(1).await, "Candidate", &agent)
        .await
        .unwrap();
    let view = mediator_view(&f.talks, &f.mediator().await).await.unwrap();
    assert!(view.seats[1].agent.is_some() && view.seats[0].agent.is_none());
}

#[tokio::test]
async fn commands_rejections_keep_their_status() {
    let f = Fixture::hiring().await;
    let closed = close_caucus(&f.talks, &f.mediator().await).await;
    assert!(matches!(closed, Err(ApiError::Conflict(ref e)) if e.field == "caucus"));
    let mut stranger = ask_candidate();
    stranger.party = "Nobody".into();
    let refused = ask(&f.talks, &f.mediator().await, &stranger).await;
    assert!(matches!(refused, Err(ApiError::Invalid(ref e)) if e.field == "party"));
}

#[tokio::test]
async fn every_reader_gets_a_record_of_the_same_chain() {
    let f = Fixture::hiring().await;
    let mut ask_employer = ask_candidate();
    ask_employer.party = "Employer".into();
    for request in [ask_employer, ask_candidate()] {
        ask(&f.talks, &f.mediator().await, &request).await.unwrap();
    }
    end_round(&f.talks, &f.mediator().await).await.unwrap();
    let mediator = audit_record(&f.talks, &f.mediator().await).await.unwrap();
    let employer = audit_record(&f.talks, &f.party(0).await).await.unwrap();
    let public = audit_record(&f.talks, &f.caller(None).await).await.unwrap();
    for record in [&mediator, &employer, &public] {
        let head = audit::verify_record(&record.entries).unwrap();
        assert_eq!(hex::encode(head), mediator.head);
    }
    let disclosed = |r: &AuditRecord| r.entries.iter().filter(|e| e.event.is_some()).count();
    // The employer sees its own caucus but not the candidate's nor the margin; the public neither.
    assert!(disclosed(&public) < disclosed(&employer));
    assert!(disclosed(&employer) < disclosed(&mediator));
    assert_eq!(disclosed(&mediator), mediator.entries.len());
    assert_eq!(
        (mediator.reader.as_str(), employer.reader.as_str()),
        ("mediator", "party")
    );
}
