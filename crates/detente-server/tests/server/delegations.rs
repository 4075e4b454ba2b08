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

/// The Miami agenda's issues and options, in order.
fn miami_agenda() -> Vec<(String, Vec<String>)> {
    let doc: toml::Table = detente_server::examples::MIAMI_AGENDA.parse().unwrap();
    doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| {
            (
                issue["name"].as_str().unwrap().to_string(),
                issue["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

async fn wizard(api: &Api, talk: &Created, party: &str, page: Value) -> (u16, Value) {
    let path = format!("/api/talks/{}/party/wizard", talk.id);
    api.call(Method::POST, &path, Some(talk.token(party)), Some(page))
        .await
}

async fn wizard_ok(api: &Api, talk: &Created, party: &str, page: Value) -> Value {
    let (status, body) = wizard(api, talk, party, page.clone()).await;
    assert_eq!(status, 200, "{page} -> {body}");
    body
}

/// Every page of the wizard over the API: pages in order, each refusal naming its field, the
/// check page's refit, the saved profile private to the delegation, and the draft rebuilt from
/// the log by a second server.
async fn a_delegation_states_its_preferences_page_by_page(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "miami-agenda"})).await;
    let issues = miami_agenda();
    let names: Vec<&str> = issues.iter().map(|(n, _)| n.as_str()).collect();
    let path = format!("/api/talks/{}/party/wizard", talk.id);
    let fresh = api
        .ok(Method::GET, &path, Some(talk.token("Ukraine")), None)
        .await;
    assert_eq!(fresh["next_step"], "rank");

    // Out of order, then names off the agenda, then the ranking.
    let points: Value = names
        .iter()
        .zip([40, 25, 15, 10, 5, 5])
        .map(|(n, p)| (n.to_string(), json!(p)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let (status, body) = wizard(
        api,
        &talk,
        "Ukraine",
        json!({"step": "points", "points": points}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (409, Some("wizard.step")),
        "{body}"
    );
    let (status, body) = wizard(
        api,
        &talk,
        "Ukraine",
        json!({"step": "rank", "issues": ["ceasefire", "elections"]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("wizard.issues[1]")),
        "{body}"
    );
    let ranking = [
        "occupied areas",
        "security guarantees",
        "ceasefire",
        "US support for Ukraine",
        "sanctions relief",
        "format of further talks",
    ];
    let view = wizard_ok(
        api,
        &talk,
        "Ukraine",
        json!({"step": "rank", "issues": ranking}),
    )
    .await;
    assert_eq!(view["next_step"], "points");

    // Points must add up to 100; points against the ranking are flagged, not refused.
    let mut short = points.clone();
    short["ceasefire"] = json!(30);
    let (status, body) = wizard(
        api,
        &talk,
        "Ukraine",
        json!({"step": "points", "points": short}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("wizard.points")),
        "{body}"
    );
    assert!(
        body["error"]["message"].as_str().unwrap().contains("90"),
        "{body}"
    );
    let view = wizard_ok(
        api,
        &talk,
        "Ukraine",
        json!({"step": "points", "points": points}),
    )
    .await;
    assert!(
        !view["inconsistencies"].as_array().unwrap().is_empty(),
        "ceasefire got more points than the issues ranked above it: {view}"
    );
    assert_eq!(view["next_step"], "rate");

    // Ratings in 0–100 for options on the agenda; best first.
    let (status, body) = wizard(api, &talk, "Ukraine", json!({"step": "rate", "issue": "ceasefire",
        "order": ["full, along the contact line", "energy infrastructure only", "none"],
        "ratings": {"none": 0, "energy infrastructure only": 140, "full, along the contact line": 100}})).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("wizard.ratings.energy infrastructure only")),
        "{body}"
    );
    let (status, body) = wizard(
        api,
        &talk,
        "Ukraine",
        json!({"step": "rate", "issue": "ceasefire",
        "order": ["full", "energy infrastructure only", "none"], "ratings": {}}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("wizard.order[0]")),
        "{body}"
    );
    let mut view = Value::Null;
    for (issue, options) in &issues {
        // The agenda lists Ukraine's worst option first on most issues; sanctions the reverse.
        let mut order = options.clone();
        if issue != "sanctions relief" {
            order.reverse();
        }
        let ratings: serde_json::Map<String, Value> = order
            .iter()
            .enumerate()
            .map(|(k, o)| (o.clone(), json!(100 - 100 * k / (order.len() - 1))))
            .collect();
        view = wizard_ok(
            api,
            &talk,
            "Ukraine",
            json!({"step": "rate", "issue": issue, "order": order, "ratings": ratings}),
        )
        .await;
    }
    assert_eq!(view["next_step"], "walk_away");
    let view = wizard_ok(
        api,
        &talk,
        "Ukraine",
        json!({"step": "walk_away", "threshold": 55}),
    )
    .await;
    assert_eq!(view["next_step"], "check");
    assert!(view["complete"].as_bool().unwrap());
    let checks = view["check_packages"].as_array().unwrap().clone();
    assert!((3..=5).contains(&checks.len()), "{view}");

    // A corrected score refits the points.
    let corrected =
        json!({"step": "check", "corrections": [{"package": checks[0]["package"], "score": 20}]});
    let refit = wizard_ok(api, &talk, "Ukraine", corrected).await;
    assert_ne!(refit["points"], view["points"], "the weights were refitted");
    let (status, body) = wizard(
        api,
        &talk,
        "Ukraine",
        json!({"step": "check", "corrections": [{"package": checks[0]["package"], "score": 101}]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("wizard.corrections[0].score")),
        "{body}"
    );

    // Nothing of the draft reaches the mediator or the other delegation.
    let desk = mediator_view(api, &talk).await;
    assert!(desk["seats"][0]["profile"].is_null() && desk["seats"][0]["revisions"] == 0);
    let russia = api
        .ok(Method::GET, &path, Some(talk.token("Russia")), None)
        .await;
    assert_eq!(russia["next_step"], "rank", "Russia's own, empty wizard");

    // Saved: the delegation's own profile, private; the mediator learns that it was stated.
    let finish = format!("{path}/finish");
    api.ok(
        Method::POST,
        &finish,
        Some(talk.token("Ukraine")),
        Some(json!({})),
    )
    .await;
    let own = party_view(api, &talk, "Ukraine").await;
    assert!(
        (own["reservation"].as_f64().unwrap() - 0.55).abs() < 1e-9,
        "{own}"
    );
    assert_eq!(
        own["profile"]["weights"]["occupied areas"]
            .as_f64()
            .unwrap()
            * 100.0,
        refit["points"]["occupied areas"].as_f64().unwrap()
    );
    let desk = mediator_view(api, &talk).await;
    assert_eq!(desk["seats"][0]["revisions"], 1);
    assert!(desk["seats"][0]["profile"].is_null());
    assert!(!desk.to_string().contains("0.55"), "{desk}");

    // A second server rebuilds the draft and the profile from the log.
    let second = h.second_server().await;
    let replayed = second
        .ok(Method::GET, &path, Some(talk.token("Ukraine")), None)
        .await;
    let live = api
        .ok(Method::GET, &path, Some(talk.token("Ukraine")), None)
        .await;
    assert_eq!(replayed, live);
    assert_eq!(
        party_view(&second, &talk, "Ukraine").await["profile"],
        own["profile"]
    );

    // The mediator and the public cannot use a delegation's wizard.
    for token in [Some(talk.mediator.as_str()), None] {
        let (status, _) = api.call(Method::GET, &path, token, None).await;
        assert!([401, 403].contains(&status));
    }
}
crate::on_both_stores!(a_delegation_states_its_preferences_page_by_page);
