//! Delegations bring their own preferences: agenda-only talks, profiles kept private by default,
//! a revocable hand-over, revision notices, and agents seated only with the delegation's consent.
//! Every step is read back through a second server, whose state is rebuilt from the log.

use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Api, Created, Harness};

/// A reservation value no other number of the talk shares: finding it in a response means the
/// profile leaked.
const SECRET_RESERVATION: f64 = 0.4217931;
const SECRET_WEIGHT: f64 = 0.3718281;

/// Ukraine's own profile for the Miami agenda, with the two marker numbers.
fn ukraine_profile() -> Value {
    let rest = (1.0 - SECRET_WEIGHT) / 5.0;
    json!({"profile": {
    "reservation": SECRET_RESERVATION,
    "weights": {"ceasefire": rest, "occupied areas": SECRET_WEIGHT, "security guarantees": rest,
                "sanctions relief": rest, "format of further talks": rest, "US support for Ukraine": rest},
    "values": {
        "ceasefire": {"none": 0, "energy infrastructure only": 0.4, "full, along the contact line": 1},
        "occupied areas": {"recognised as Russian": 0, "Russian control, not recognised": 0.45,
                           "international administration": 0.7, "returned to Ukraine": 1},
        "security guarantees": {"none": 0, "bilateral": 0.35, "collective": 0.8, "alliance membership": 1},
        "sanctions relief": {"none": 1, "partial, phased": 0.6, "full": 0},
        "format of further talks": {"indirect, through the US": 0.7, "direct, bilateral": 0.3, "international conference": 1},
        "US support for Ukraine": {"ended": 0, "reduced": 0.4, "continued": 1}
    }}})
}

fn leaks(body: &Value) -> bool {
    let text = body.to_string();
    text.contains("0.4217931") || text.contains("0.3718281")
}

async fn mediator_view(api: &Api, talk: &Created) -> Value {
    let path = format!("/api/talks/{}/mediator", talk.id);
    api.ok(Method::GET, &path, Some(&talk.mediator), None).await
}

async fn party_view(api: &Api, talk: &Created, party: &str) -> Value {
    let path = format!("/api/talks/{}/party", talk.id);
    api.ok(Method::GET, &path, Some(talk.token(party)), None)
        .await
}

async fn audit_of(api: &Api, talk: &Created, token: Option<&str>) -> Value {
    let path = format!("/api/talks/{}/audit", talk.id);
    api.ok(Method::GET, &path, token, None).await
}

/// What no one but Ukraine may see, checked for the mediator, Russia and the public.
async fn nothing_leaks(api: &Api, talk: &Created) {
    let mediator = mediator_view(api, talk).await;
    assert!(!leaks(&mediator), "mediator view: {mediator}");
    let russia = party_view(api, talk, "Russia").await;
    assert!(!leaks(&russia), "Russia's view: {russia}");
    for token in [
        Some(talk.mediator.as_str()),
        Some(talk.token("Russia")),
        None,
    ] {
        let record = audit_of(api, talk, token).await;
        assert!(!leaks(&record), "audit record: {record}");
    }
    let (_, public) = api.get(&format!("/api/talks/{}", talk.id), None).await;
    assert!(!leaks(&public), "public view: {public}");
}

async fn an_agenda_only_talk_keeps_each_profile_private_until_handed_over(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "miami-agenda"})).await;
    let path = |p: &str| format!("/api/talks/{}{p}", talk.id);
    let ukraine = Some(talk.token("Ukraine"));

    let view = party_view(api, &talk, "Ukraine").await;
    assert_eq!(view["profile"], Value::Null);
    assert_eq!(view["reservation"], Value::Null);
    let desk = mediator_view(api, &talk).await;
    assert!(desk["seats"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["profile"].is_null()));

    // Stated twice (a revision): the mediator learns that, not what.
    for _ in 0..2 {
        api.ok(
            Method::PUT,
            &path("/party/profile"),
            ukraine,
            Some(ukraine_profile()),
        )
        .await;
    }
    let view = party_view(api, &talk, "Ukraine").await;
    assert_eq!(view["reservation"], json!(SECRET_RESERVATION));
    assert_eq!(view["revisions"], 2);
    let desk = mediator_view(api, &talk).await;
    assert_eq!(desk["seats"][0]["revisions"], 2);
    assert_eq!(desk["seats"][0]["handed_over"], false);
    nothing_leaks(api, &talk).await;

    // The mediator cannot hand it over for the delegation, nor can the other delegation.
    for token in [Some(talk.mediator.as_str()), Some(talk.token("Russia"))] {
        let (status, body) = api
            .call(Method::POST, &path("/party/profile/handover"), token, None)
            .await;
        let expected = if token == Some(talk.mediator.as_str()) {
            403
        } else {
            409
        };
        assert_eq!(status, expected, "{body}");
    }
    nothing_leaks(api, &talk).await;

    // Handed over: the mediator holds it, in its view and in its audit record.
    api.ok(
        Method::POST,
        &path("/party/profile/handover"),
        ukraine,
        None,
    )
    .await;
    let desk = mediator_view(api, &talk).await;
    assert_eq!(desk["seats"][0]["handed_over"], true);
    assert_eq!(
        desk["seats"][0]["profile"]["reservation"],
        json!(SECRET_RESERVATION)
    );
    let record = audit_of(api, &talk, Some(&talk.mediator)).await;
    assert!(record.to_string().contains("profile_handed_over") && leaks(&record));
    let russia = party_view(api, &talk, "Russia").await;
    assert!(!leaks(&russia), "Russia still sees nothing: {russia}");

    // A restarted server rebuilds the same from the log.
    let second = h.second_server().await;
    let replayed = mediator_view(&second, &talk).await;
    assert_eq!(replayed["seats"], desk["seats"]);

    // Withdrawn: the mediator computes without it again.
    api.ok(
        Method::DELETE,
        &path("/party/profile/handover"),
        ukraine,
        None,
    )
    .await;
    let desk = mediator_view(api, &talk).await;
    assert!(desk["seats"][0]["profile"].is_null());
    assert_eq!(desk["seats"][0]["handed_over"], false);
    let replayed = mediator_view(&h.second_server().await, &talk).await;
    assert_eq!(replayed["seats"], desk["seats"]);
}
crate::on_both_stores!(an_agenda_only_talk_keeps_each_profile_private_until_handed_over);

async fn a_mediator_proposes_an_agent_and_only_the_delegation_seats_it(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "miami-agenda"})).await;
    let path = |p: &str| format!("/api/talks/{}{p}", talk.id);
    let agent = json!({"type": "aspiration", "curve": "boulware", "joint_sessions": true});
    let (status, _) = api
        .call(
            Method::PUT,
            &path("/seats/Ukraine/agent"),
            Some(&talk.mediator),
            Some(agent.clone()),
        )
        .await;
    assert_eq!(status, 403, "a mediator may not seat an agent");
    api.ok(
        Method::POST,
        &path("/seats/Ukraine/agent-proposal"),
        Some(&talk.mediator),
        Some(agent.clone()),
    )
    .await;
    let view = party_view(api, &talk, "Ukraine").await;
    assert_eq!(view["proposed_agent"], agent);
    assert!(view["agent"].is_null(), "a proposal seats nothing");

    // No profile yet: the agent would have nothing to answer from.
    let ukraine = Some(talk.token("Ukraine"));
    let (status, body) = api
        .call(
            Method::PUT,
            &path("/party/agent"),
            ukraine,
            Some(agent.clone()),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("preferences"));

    api.ok(
        Method::PUT,
        &path("/party/profile"),
        ukraine,
        Some(ukraine_profile()),
    )
    .await;
    api.ok(
        Method::PUT,
        &path("/party/agent"),
        ukraine,
        Some(agent.clone()),
    )
    .await;
    let desk = mediator_view(api, &talk).await;
    assert_eq!(desk["seats"][0]["agent"], agent);
    // The agent answers a test from the private profile; the answer reveals a verdict only.
    let asked = api
        .ask(
            &talk,
            json!({"party": "Ukraine", "question": {"type": "propose"}}),
        )
        .await;
    assert!(asked["answer"].is_object(), "{asked}");
    nothing_leaks(api, &talk).await;

    api.ok(Method::DELETE, &path("/party/agent"), ukraine, None)
        .await;
    let desk = mediator_view(&h.second_server().await, &talk).await;
    assert!(desk["seats"][0]["agent"].is_null());
}
crate::on_both_stores!(a_mediator_proposes_an_agent_and_only_the_delegation_seats_it);

async fn an_agenda_comes_as_json_without_profiles(h: Harness) {
    let api = &h.api;
    let talk = create(
        api,
        json!({"scenario": {
            "name": "Merger",
            "issues": [{"name": "price", "values": ["low", "high"]}, {"name": "board seats", "min": 0, "max": 3}],
            "parties": [{"name": "Buyer"}, {"name": "Seller"}]
        }, "mediator": "The facilitator", "rounds": 4}),
    )
    .await;
    let desk = mediator_view(api, &talk).await;
    assert_eq!(desk["seats"].as_array().unwrap().len(), 2);
    let view = party_view(api, &talk, "Seller").await;
    assert!(view["profile"].is_null());
    // A profile naming an option not on the agenda is refused, naming it.
    let (status, body) = api
        .call(
            Method::PUT,
            &format!("/api/talks/{}/party/profile", talk.id),
            Some(talk.token("Seller")),
            Some(json!({"profile": {"reservation": 0.2, "weights": {"price": 0.5, "board seats": 0.5},
                "values": {"price": {"low": 0, "high": 1, "medium": 0.5},
                           "board seats": {"0": 0, "1": 0.3, "2": 0.6, "3": 1}}}})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "profile.values.price.medium");
}
crate::on_both_stores!(an_agenda_comes_as_json_without_profiles);
