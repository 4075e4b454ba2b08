//! The HTTP API: routes, the JSON body extractor, and the error shape every failure takes.
//!
//! Roles come from the bearer token (see [`crate::auth`]): the mediator's token, a party's
//! invitation token, or none (the public). Handlers translate HTTP to the service's
//! [`crate::actions`] and back; wire types live there and in [`crate::views`]; the engine's types never
//! reach the wire unfiltered — every view is built for one reader.

mod openapi;
pub(crate) mod stream;
pub mod talks;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;

use crate::error::{error_response, ApiError, FieldError};
use crate::service::Talks;

/// Largest accepted request body.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The talks service.
    pub talks: Arc<Talks>,
    /// How often live streams poll the log for events other processes committed.
    pub poll_interval: Duration,
}

/// A JSON request body whose errors name the field at fault.
pub(crate) struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(ApiError::BadRequest(FieldError::new(
                "content-type",
                "must be `application/json`",
            )));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(MAX_BODY_BYTES)
            } else {
                ApiError::BadRequest(FieldError::new("body", e.body_text()))
            }
        })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(de).map(Body).map_err(|e| {
            let mut field = e.path().to_string();
            let message = e.inner().to_string();
            // serde reports a missing field at its parent; name the field itself.
            if let Some(name) = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                field = if field == "." {
                    name.to_string()
                } else {
                    format!("{field}.{name}")
                };
            }
            if let Some(inner) = inside_tagged(&bytes, e.path(), &message) {
                field = inner;
            }
            if field == "." || field == "?" {
                field = "body".into();
            }
            ApiError::BadRequest(FieldError::new(field, message))
        })
    }
}

/// The field at fault inside an internally tagged object (`{"type": …}`, as questions, answers
/// and agents are), where serde's path stops: serde buffers such an object before it reads its
/// fields, so its errors name no field below it. When the message names an unknown field of the
/// object, or quotes the value at fault and exactly one place below the object holds that value,
/// that place is the field; otherwise the path stays at the object.
fn inside_tagged(body: &[u8], path: &serde_path_to_error::Path, message: &str) -> Option<String> {
    use serde_path_to_error::Segment;
    let root: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut at = &root;
    for segment in path.iter() {
        at = match segment {
            Segment::Seq { index } => at.get(*index)?,
            Segment::Map { key } => at.get(key)?,
            _ => return None,
        };
    }
    let object = at.as_object().filter(|o| o.contains_key("type"))?;
    let base = match path.to_string() {
        root if root == "." => String::new(),
        parent => parent,
    };
    let named = |rest: &str| {
        let rest = if base.is_empty() {
            rest.trim_start_matches('.')
        } else {
            rest
        };
        format!("{base}{rest}")
    };
    if let Some(unknown) = quoted(message, "unknown field `", "`") {
        return object
            .contains_key(unknown)
            .then(|| named(&format!(".{unknown}")));
    }
    let mut places = Vec::new();
    for (key, value) in object.iter().filter(|(k, _)| *k != "type") {
        holding(value, &format!(".{key}"), message, &mut places);
    }
    match places.as_slice() {
        [one] => Some(named(one)),
        _ => None,
    }
}

/// The text between `open` and the next `close` in `message`.
fn quoted<'a>(message: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = message.find(open)? + open.len();
    let len = message[start..].find(close)?;
    Some(&message[start..start + len])
}

/// Whether `message` (serde's) quotes `leaf` as the value it refused: ``integer `256` ``,
/// ``string "half"``, ``boolean `true` ``, ``floating point `1.5` ``, ``unknown variant `x` ``.
fn quotes(message: &str, leaf: &serde_json::Value) -> bool {
    use serde_json::Value;
    match leaf {
        Value::Number(n) if n.is_f64() => {
            quoted(message, "floating point `", "`") == Some(&n.to_string())
        }
        Value::Number(n) => quoted(message, "integer `", "`") == Some(&n.to_string()),
        Value::Bool(b) => quoted(message, "boolean `", "`") == Some(&b.to_string()),
        Value::String(s) => {
            message.contains(&format!("string {s:?}"))
                || quoted(message, "unknown variant `", "`") == Some(s.as_str())
        }
        _ => false,
    }
}

/// Every place below `value` (at `path`) holding a leaf that `message` quotes.
fn holding(value: &serde_json::Value, path: &str, message: &str, places: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                holding(inner, &format!("{path}.{key}"), message, places);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                holding(inner, &format!("{path}[{i}]"), message, places);
            }
        }
        leaf if quotes(message, leaf) => places.push(path.to_string()),
        _ => {}
    }
}

async fn openapi_json() -> impl IntoResponse {
    axum::Json(openapi::document())
}

/// The body of `GET /health`.
#[derive(serde::Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> impl IntoResponse {
    axum::Json(Health { status: "ok" })
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint".into())
}

/// Gives every error response the JSON error shape, including those axum and tower-http produce
/// themselves (unknown method, body too large, panics caught as 500).
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (code, field) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", Some("body".to_string())),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", None),
        StatusCode::NOT_FOUND => ("not_found", None),
        s if s.is_server_error() => ("internal", None),
        _ => ("bad_request", None),
    };
    let message = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    error_response(status, code, field, message)
}

/// The application: every route with its layers.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/health", get(health))
        .route("/api/examples", get(talks::list_examples))
        .route(
            "/api/talks",
            post(talks::create_talk).get(talks::list_talks),
        )
        .route("/api/talks/{id}", get(talks::public_view))
        .route("/api/talks/{id}/mediator", get(talks::mediator_view))
        .route("/api/talks/{id}/caucus", post(talks::ask))
        .route("/api/talks/{id}/caucus/close", post(talks::close_caucus))
        .route("/api/talks/{id}/rounds/end", post(talks::end_round))
        .route(
            "/api/talks/{id}/seats/{party}/agent",
            put(talks::attach_agent),
        )
        .route(
            "/api/talks/{id}/seats/{party}/agent-proposal",
            post(talks::propose_agent),
        )
        .route("/api/talks/{id}/party", get(talks::party_view))
        .route("/api/talks/{id}/party/profile", put(talks::replace_profile))
        .route(
            "/api/talks/{id}/party/profile/handover",
            post(talks::hand_over_profile).delete(talks::withdraw_profile),
        )
        .route(
            "/api/talks/{id}/party/wizard",
            get(talks::wizard_view).post(talks::wizard_step),
        )
        .route(
            "/api/talks/{id}/party/wizard/finish",
            post(talks::finish_wizard),
        )
        .route(
            "/api/talks/{id}/party/agent",
            put(talks::attach_own_agent).delete(talks::remove_agent),
        )
        .route("/api/talks/{id}/party/answers", post(talks::answer))
        .route("/api/talks/{id}/party/walkout", post(talks::walk_out))
        .route("/api/talks/{id}/audit", get(talks::audit_record))
        .route("/api/talks/{id}/events", get(stream::events))
        .fallback(not_found)
        .with_state(state)
        // Outermost last: the JSON error shape applies to the panic and body-limit responses too.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(axum::middleware::map_response(json_errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::AnswerDto;

    /// The field a body's deserialisation error names, as the extractor names it.
    fn field_at_fault(body: &str) -> String {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Request {
            answers: Vec<AnswerDto>,
        }
        let de = &mut serde_json::Deserializer::from_str(body);
        let error = serde_path_to_error::deserialize::<_, Request>(de).unwrap_err();
        let message = error.inner().to_string();
        inside_tagged(body.as_bytes(), error.path(), &message)
            .unwrap_or_else(|| error.path().to_string())
    }

    #[test]
    fn errors_inside_a_tagged_object_name_the_field_holding_the_value() {
        assert_eq!(
            field_at_fault(
                r#"{"answers": [{"type": "accept"}, {"type": "rating", "rating": 256}]}"#
            ),
            "answers[1].rating"
        );
        assert_eq!(
            field_at_fault(r#"{"answers": [{"type": "ratings", "ratings": [3, 300]}]}"#),
            "answers[0].ratings[1]"
        );
        assert_eq!(
            field_at_fault(
                r#"{"answers": [{"type": "points", "points": {"a": 50, "b": "half"}}]}"#
            ),
            "answers[0].points.b"
        );
        assert_eq!(
            field_at_fault(r#"{"answers": [{"type": "prefer", "choice": "c"}]}"#),
            "answers[0].choice"
        );
        assert_eq!(
            field_at_fault(r#"{"answers": [{"type": "position", "better": true, "sure": 1}]}"#),
            "answers[0].sure"
        );
    }

    #[test]
    fn a_value_found_in_two_places_leaves_the_path_at_the_object() {
        assert_eq!(
            field_at_fault(r#"{"answers": [{"type": "ratings", "ratings": [300, 300]}]}"#),
            "answers[0]"
        );
    }
}
