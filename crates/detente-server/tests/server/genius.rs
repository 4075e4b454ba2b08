//! Creating talks from an uploaded GENIUS XML scenario (domain + one profile per party).

use serde_json::{json, Value};

use crate::harness::{create, Harness};

const DOMAIN: &str = include_str!("../../../../tests/fixtures/generated/gen-2p-10/domain.xml");
const PARTY1: &str = include_str!("../../../../tests/fixtures/generated/gen-2p-10/party1.xml");
const PARTY2: &str = include_str!("../../../../tests/fixtures/generated/gen-2p-10/party2.xml");

fn upload(profiles: Value) -> Value {
    json!({"scenario_genius": {"name": "Generated", "domain": DOMAIN, "profiles": profiles}})
}

async fn genius_upload_creates_talks(h: Harness) {
    let api = &h.api;
    let talk = create(
        api,
        upload(json!([{"name": "buyer", "xml": PARTY1}, {"name": "seller", "xml": PARTY2}])),
    )
    .await;
    let names: Vec<&str> = talk.parties.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["buyer", "seller"]);
    let (status, public) = api.get(&format!("/api/talks/{}", talk.id), None).await;
    assert_eq!(status, 200, "{public}");
    assert_eq!(public["title"], "Generated");
    // The seller's own view carries the profile read from its XML: every value of both issues.
    let (status, own) = api
        .get(
            &format!("/api/talks/{}/party", talk.id),
            Some(talk.token("seller")),
        )
        .await;
    assert_eq!(status, 200, "{own}");
    let text = own.to_string();
    for value in ["grove-v1", "lumen-v2", "jade-v4", "heron-v3"] {
        assert!(text.contains(value), "{value} missing from {own}");
    }
    // A fresh server reads the stored upload back (not just the first server's cache).
    let second = h.second_server().await;
    let (status, again) = second.get(&format!("/api/talks/{}", talk.id), None).await;
    assert_eq!((status, &again["title"]), (200, &public["title"]));
}
crate::on_both_stores!(genius_upload_creates_talks);

async fn bad_genius_uploads_name_the_field(h: Harness) {
    let api = &h.api;
    let cases = [
        (
            upload(json!([{"name": "buyer", "xml": PARTY1}])),
            "scenario_genius.profiles",
        ),
        (
            upload(json!([{"name": "buyer", "xml": PARTY1}, {"name": "buyer", "xml": PARTY2}])),
            "scenario_genius.profiles[1].name",
        ),
        (
            upload(json!([{"name": "a/b", "xml": PARTY1}, {"name": "c", "xml": PARTY2}])),
            "scenario_genius.profiles[0].name",
        ),
        (
            upload(json!([{"name": "a", "xml": PARTY1}, {"name": "b", "xml": "<utility_space"}])),
            "scenario_genius",
        ),
        (
            upload(json!([{"name": "a", "xml": DOMAIN}, {"name": "b", "xml": PARTY2}])),
            "scenario_genius",
        ),
        (
            json!({"scenario_genius": {"domain": PARTY1, "profiles":
                [{"name": "a", "xml": PARTY1}, {"name": "b", "xml": PARTY2}]}}),
            "scenario_genius",
        ),
        (
            json!({"example": "hiring", "scenario_genius": {"domain": DOMAIN, "profiles": []}}),
            "scenario",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = api.post("/api/talks", None, body).await;
        assert_eq!(status, 422, "{field}: {error}");
        assert_eq!(error["error"]["field"], field, "{error}");
    }
    // A missing part of the upload is malformed JSON for the request: 400 naming it.
    let (status, error) = api
        .post(
            "/api/talks",
            None,
            json!({"scenario_genius": {"domain": DOMAIN}}),
        )
        .await;
    assert_eq!(status, 400, "{error}");
    assert!(
        error["error"]["field"]
            .as_str()
            .is_some_and(|f| f.contains("scenario_genius") || f == "body"),
        "{error}"
    );
}
crate::on_both_stores!(bad_genius_uploads_name_the_field);
