//! The authorization matrix: every endpoint × every role (mediator, each party, another talk's
//! party, no token, a wrong token). A role that may not call an endpoint gets exactly 401 or 403
//! and an error body with nothing else in it; a role that may passes authorization (any status
//! but 401/403/404).

use reqwest::Method;
use serde_json::{json, Value};

use crate::harness::{create, Harness};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Mediator,
    Employer,
    Candidate,
    OtherTalksParty,
    NoToken,
    WrongToken,
}

const ROLES: [Role; 6] = [
    Role::OtherTalksParty,
    Role::NoToken,
    Role::WrongToken,
    Role::Mediator,
    Role::Employer,
    Role::Candidate,
];

/// What a role may expect: allowed, or refused with this status.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    Refused(u16),
}
use Expect::{Allowed, Refused};

struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    /// Expectations for mediator, employer, candidate (others are always refused with 401).
    mediator: Expect,
    employer: Expect,
    candidate: Expect,
    /// Whether the public (no token) may call it.
    public: bool,
}

fn endpoints() -> Vec<Endpoint> {
    let package =
        json!({"salary": "mid", "remote": "partial", "start": "now", "title": "engineer"});
    let profile = json!({"profile": {"reservation": 0.3,
        "weights": {"salary": 0.25, "remote": 0.25, "start": 0.25, "title": 0.25},
        "values": {"salary": {"low": 0, "mid": 0.5, "high": 1}, "remote": {"none": 0, "partial": 0.5, "full": 1},
                   "start": {"now": 0, "next month": 0.5, "in three months": 1}, "title": {"engineer": 0, "senior engineer": 1}}}});
    let e = |method: Method,
             path: &'static str,
             body: Option<Value>,
             m: Expect,
             emp: Expect,
             cand: Expect,
             public: bool| Endpoint {
        method,
        path,
        body,
        mediator: m,
        employer: emp,
        candidate: cand,
        public,
    };
    vec![
        e(Method::GET, "", None, Allowed, Allowed, Allowed, true),
        e(
            Method::GET,
            "/mediator",
            None,
            Allowed,
            Refused(403),
            Refused(403),
            false,
        ),
        e(
            Method::POST,
            "/caucus",
            Some(json!({"party": "Employer", "question": {"type": "test", "package": package}})),
            Allowed,
            Refused(403),
            Refused(403),
            false,
        ),
        e(
            Method::GET,
            "/party",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/party/answers",
            Some(json!({"question": 5, "answer": {"type": "accept"}})),
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::PUT,
            "/party/profile",
            Some(profile),
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/party/profile/handover",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::DELETE,
            "/party/profile/handover",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::GET,
            "/party/wizard",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/party/wizard",
            Some(json!({"step": "rank", "issues": ["salary", "remote", "start", "title"]})),
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/party/wizard/finish",
            Some(json!({})),
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        // Only the delegation seats its agent; the mediator may only propose one.
        e(
            Method::PUT,
            "/seats/Candidate/agent",
            Some(json!({"type": "aspiration", "curve": "linear"})),
            Refused(403),
            Refused(403),
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/seats/Candidate/agent-proposal",
            Some(json!({"type": "aspiration", "curve": "linear"})),
            Allowed,
            Refused(403),
            Refused(403),
            false,
        ),
        e(
            Method::PUT,
            "/party/agent",
            Some(json!({"type": "aspiration", "curve": "boulware"})),
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::DELETE,
            "/party/agent",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
        e(
            Method::POST,
            "/caucus/close",
            None,
            Allowed,
            Refused(403),
            Refused(403),
            false,
        ),
        e(
            Method::POST,
            "/rounds/end",
            None,
            Allowed,
            Refused(403),
            Refused(403),
            false,
        ),
        e(Method::GET, "/audit", None, Allowed, Allowed, Allowed, true),
        e(
            Method::GET,
            "/events",
            None,
            Allowed,
            Allowed,
            Allowed,
            true,
        ),
        e(
            Method::POST,
            "/party/walkout",
            None,
            Refused(403),
            Allowed,
            Allowed,
            false,
        ),
    ]
}

async fn authorization_matrix(h: Harness) {
    let api = &h.api;
    let talk = create(api, json!({"example": "hiring", "rounds": 50})).await;
    let other = create(api, json!({"example": "hiring"})).await;
    let wrong = detente_server::token::mint().secret;
    let mut checked = 0;
    for endpoint in endpoints() {
        for role in ROLES {
            let token: Option<&str> = match role {
                Role::Mediator => Some(&talk.mediator),
                Role::Employer => Some(talk.token("Employer")),
                Role::Candidate => Some(talk.token("Candidate")),
                Role::OtherTalksParty => Some(other.token("Employer")),
                Role::NoToken => None,
                Role::WrongToken => Some(&wrong),
            };
            let expect = match role {
                Role::Mediator => endpoint.mediator,
                Role::Employer => endpoint.employer,
                Role::Candidate => endpoint.candidate,
                Role::OtherTalksParty | Role::WrongToken => Refused(401),
                Role::NoToken if endpoint.public => Allowed,
                Role::NoToken => Refused(401),
            };
            let path = format!("/api/talks/{}{}", talk.id, endpoint.path);
            let status = if endpoint.path == "/events" {
                // A stream: only the status matters here.
                let mut request = api.client.get(format!("{}{path}", api.base));
                if let Some(t) = token {
                    request = request.bearer_auth(t);
                }
                request.send().await.unwrap().status().as_u16()
            } else {
                let (status, body) = api
                    .call(endpoint.method.clone(), &path, token, endpoint.body.clone())
                    .await;
                if let Refused(_) = expect {
                    let keys: Vec<&String> = body
                        .as_object()
                        .map(|o| o.keys().collect())
                        .unwrap_or_default();
                    assert_eq!(
                        keys,
                        vec!["error"],
                        "{role:?} {path}: a refusal carries only the error: {body}"
                    );
                }
                status
            };
            match expect {
                Allowed => assert!(
                    ![401, 403, 404].contains(&status),
                    "{role:?} may call {} {path}, got {status}",
                    endpoint.method
                ),
                Refused(code) => assert_eq!(status, code, "{role:?} {} {path}", endpoint.method),
            }
            checked += 1;
        }
        // An unknown talk is 404 for everyone, whatever the token.
        let (status, _) = api
            .call(
                endpoint.method.clone(),
                &format!("/api/talks/{}{}", "0".repeat(32), endpoint.path),
                Some(&talk.mediator),
                endpoint.body.clone(),
            )
            .await;
        assert_eq!(status, 404);
    }
    assert_eq!(checked, 20 * 6);
    // Creating talks and reading the list, examples and API description need no token.
    for path in ["/api/talks", "/api/examples", "/openapi.json", "/"] {
        let (status, _) = api.get(path, None).await;
        assert_eq!(status, 200, "{path}");
    }
    // A malformed Authorization header is refused, not ignored.
    let response = api
        .client
        .get(format!("{}/api/talks/{}/mediator", api.base, talk.id))
        .header("authorization", format!("Token {}", talk.mediator))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
}
crate::on_both_stores!(authorization_matrix);
