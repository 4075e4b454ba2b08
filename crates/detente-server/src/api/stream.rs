//! Live updates as server-sent events, filtered for the reader.
//!
//! A stream wakes when this process commits to the talk (a broadcast) and, failing that, every
//! poll interval — which is how it sees events that another server process committed. Either way
//! it reads the log after the last seq it sent, so nothing is missed or sent twice.

use std::collections::VecDeque;
use std::convert::Infallible;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use crate::actions::Caller;
use crate::engine::{visibility, Reader};
use crate::error::ApiError;
use crate::{audit, auth};

/// Where a stream starts and who reads it.
#[derive(Debug, Deserialize, IntoParams)]
pub struct StreamParams {
    /// Send events after this seq (default 0: everything the reader may see).
    #[serde(default)]
    pub after: u64,
    /// The token, for clients that cannot set the Authorization header (browsers' EventSource).
    #[serde(default)]
    pub access_token: Option<String>,
}

struct Cursor {
    app: AppState,
    talk: String,
    reader: Reader,
    after: u64,
    pending: VecDeque<Event>,
    wake: tokio::sync::broadcast::Receiver<crate::service::Committed>,
    first: bool,
}

async fn next(mut cursor: Cursor) -> Option<(Result<Event, Infallible>, Cursor)> {
    loop {
        if let Some(event) = cursor.pending.pop_front() {
            return Some((Ok(event), cursor));
        }
        if !cursor.first {
            let poll = tokio::time::sleep(cursor.app.poll_interval);
            tokio::pin!(poll);
            loop {
                tokio::select! {
                    _ = &mut poll => break,
                    woke = cursor.wake.recv() => match woke {
                        Ok(c) if c.talk == cursor.talk && c.seq > cursor.after => break,
                        Ok(_) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    },
                }
            }
        }
        cursor.first = false;
        let Ok(events) = cursor
            .app
            .talks
            .store()
            .events_after(&cursor.talk, cursor.after)
            .await
        else {
            continue;
        };
        for stored in events {
            cursor.after = stored.seq;
            let Ok(event) = audit::decode_payload(&stored) else {
                continue;
            };
            if !visibility::may_see(cursor.reader, &event) {
                continue;
            }
            let data = StreamItem {
                seq: stored.seq,
                kind: &stored.kind,
                event: &event,
            };
            cursor.pending.push_back(
                Event::default()
                    .id(stored.seq.to_string())
                    .event(stored.kind.clone())
                    .data(serde_json::to_string(&data).unwrap_or_default()),
            );
        }
    }
}

/// The data of one stream message: `{seq, kind, event}`.
#[derive(serde::Serialize)]
struct StreamItem<'a> {
    seq: u64,
    kind: &'a str,
    event: &'a crate::engine::TalkEvent,
}

/// Stream the talk's events the caller may see.
#[utoipa::path(get, path = "/api/talks/{id}/events", params(StreamParams),
    responses((status = 200, description = "text/event-stream of `{seq, kind, event}`")))]
pub async fn events(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<StreamParams>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let token = auth::bearer(&headers, params.access_token.as_deref())?;
    let caller = Caller::resolve(&app.talks, &id, token.as_deref()).await?;
    Ok(events_for(app, id, caller.reader, params.after))
}

/// The live stream of talk `talk`'s events that `reader` may see, after seq `after` (the caller
/// has already authenticated the reader: the API from its token, the browser from its session).
pub fn events_for(
    app: AppState,
    talk: String,
    reader: Reader,
    after: u64,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let cursor = Cursor {
        wake: app.talks.subscribe(),
        app,
        talk,
        reader,
        after,
        pending: VecDeque::new(),
        first: true,
    };
    Sse::new(futures_util::stream::unfold(cursor, next)).keep_alive(KeepAlive::default())
}
