//! Handlers: creating talks, the mediator's caucus actions, the parties' answers, public reads and
//! each reader's audit record.

use std::sync::Arc;

use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::{self, MediatorView, PartyView, PublicView};
use super::{AppState, Body};
use crate::audit::{self, DisclosedEvent, RecordEntry};
use crate::auth;
use crate::engine::wire::normalize;
use crate::engine::{
    self, AgentSpec, AnswerDto, GeniusScenarioDto, ProfileDto, ProvenanceDto, QuestionDto, Reader,
    ScenarioDto, TalkEvent,
};
use crate::error::{ApiError, ErrorBody, FieldError};
use crate::service::TalkEntry;
use crate::store::{NewSeat, NewTalk};
use crate::token;

/// Default deadline in rounds.
const DEFAULT_ROUNDS: u32 = 10;
/// Default and largest number of questions per caucus.
const DEFAULT_QUESTIONS: usize = 4;
const MAX_QUESTIONS: usize = 100;
/// Largest deadline in rounds.
const MAX_ROUNDS: u32 = 1000;
/// Longest communiqué text or title.
const MAX_TEXT: usize = 10_000;

/// Creates talks from a bundled example or an uploaded scenario.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTalkRequest {
    /// Title shown to everyone (defaults to the scenario's name).
    #[serde(default)]
    pub title: Option<String>,
    /// Name of a bundled example (see `GET /api/examples`).
    #[serde(default)]
    pub example: Option<String>,
    /// An uploaded scenario in the service's JSON form.
    #[serde(default)]
    pub scenario: Option<ScenarioDto>,
    /// An uploaded scenario in detente's TOML format.
    #[serde(default)]
    pub scenario_toml: Option<String>,
    /// An uploaded scenario in GENIUS XML: the domain file and one profile file per party.
    #[serde(default)]
    pub scenario_genius: Option<GeniusScenarioDto>,
    /// Deadline in rounds (default 10).
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Most questions per caucus (default 4).
    #[serde(default)]
    pub max_questions: Option<usize>,
    /// How the communiqué names the mediator (default "The mediator").
    #[serde(default)]
    pub mediator: Option<String>,
    /// Automated agents to seat, by party name.
    #[serde(default)]
    pub agents: IndexMap<String, AgentSpec>,
}

/// An invitation: hand the token to the party; it is shown only here.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Invitation {
    /// Seat number.
    pub seat: usize,
    /// Party name.
    pub party: String,
    /// The party's secret token.
    pub token: String,
}

/// The new talk's secrets, shown once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedTalk {
    /// Talk id.
    pub talk_id: String,
    /// The mediator's secret token.
    pub mediator_token: String,
    /// One invitation per party.
    pub invitations: Vec<Invitation>,
}

/// The talk `id` and who is asking, from the bearer token in `headers`.
async fn open(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(Arc<TalkEntry>, Reader), ApiError> {
    let entry = app.talks.entry(id).await?;
    let who = auth::resolve(&entry.row, auth::bearer(headers, None)?.as_deref())?;
    Ok((entry, who))
}

/// The talk `id`, if the caller is its mediator.
async fn open_as_mediator(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<Arc<TalkEntry>, ApiError> {
    let (entry, who) = open(app, id, headers).await?;
    auth::mediator(who)?;
    Ok(entry)
}

/// The talk `id` and the caller's seat, if the caller is one of its parties.
async fn open_as_party(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(Arc<TalkEntry>, usize), ApiError> {
    let (entry, who) = open(app, id, headers).await?;
    Ok((entry, auth::party(who)?))
}

/// Appends what `make` decides for an action whose only answer is `204 No Content`.
async fn act_quietly(
    app: &AppState,
    entry: &TalkEntry,
    make: impl FnMut(&engine::TalkState) -> Result<Vec<TalkEvent>, ApiError>,
) -> Result<StatusCode, ApiError> {
    app.talks.act(entry, make, |_, _| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn seat_of(state: &engine::TalkState, field: &str, name: &str) -> Result<usize, ApiError> {
    state
        .seats
        .iter()
        .position(|s| s.party == name)
        .ok_or_else(|| {
            ApiError::Invalid(FieldError::new(
                field,
                format!("`{name}` is not a party of this talk"),
            ))
        })
}

/// The text a JSON-borne upload is stored as (read back by [`engine::scenario::parse`]).
fn stored_json(upload: &impl Serialize) -> Result<String, ApiError> {
    serde_json::to_string(upload).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Create talks.
#[utoipa::path(post, path = "/api/talks", request_body = CreateTalkRequest,
    responses((status = 201, body = CreatedTalk), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_talk(
    State(app): State<AppState>,
    Body(request): Body<CreateTalkRequest>,
) -> Result<(StatusCode, Json<CreatedTalk>), ApiError> {
    let (format, text) =
        match (
            &request.example,
            &request.scenario,
            &request.scenario_toml,
            &request.scenario_genius,
        ) {
            (Some(name), None, None, None) => {
                let (format, text) = crate::examples::find(name).ok_or_else(|| {
                    ApiError::Invalid(FieldError::new(
                        "example",
                        format!("no bundled example `{name}`"),
                    ))
                })?;
                (format.to_string(), text.to_string())
            }
            (None, Some(dto), None, None) => {
                dto.to_scenario()?;
                ("json".to_string(), stored_json(dto)?)
            }
            (None, None, Some(text), None) => ("toml".to_string(), text.clone()),
            (None, None, None, Some(dto)) => {
                dto.to_scenario()?;
                ("genius".to_string(), stored_json(dto)?)
            }
            _ => return Err(ApiError::Invalid(FieldError::new(
                "scenario",
                "give exactly one of `example`, `scenario`, `scenario_toml` and `scenario_genius`",
            ))),
        };
    let scenario = engine::scenario::parse(&format, &text)?;
    let (suggested_mediator, suggested_rounds) = crate::examples::talk_defaults(&format, &text);
    let rounds = request
        .rounds
        .or(suggested_rounds)
        .unwrap_or(DEFAULT_ROUNDS);
    if rounds == 0 || rounds > MAX_ROUNDS {
        return Err(ApiError::Invalid(FieldError::new(
            "rounds",
            format!("must be between 1 and {MAX_ROUNDS}"),
        )));
    }
    let max_questions = request.max_questions.unwrap_or(DEFAULT_QUESTIONS);
    if max_questions == 0 || max_questions > MAX_QUESTIONS {
        return Err(ApiError::Invalid(FieldError::new(
            "max_questions",
            format!("must be between 1 and {MAX_QUESTIONS}"),
        )));
    }
    let title = request
        .title
        .clone()
        .unwrap_or_else(|| scenario.name.clone());
    if title.trim().is_empty() || title.len() > MAX_TEXT {
        return Err(ApiError::Invalid(FieldError::new(
            "title",
            "must be non-empty text of reasonable length",
        )));
    }
    let mediator = request
        .mediator
        .clone()
        .or(suggested_mediator)
        .unwrap_or_else(|| "The mediator".to_string());
    if mediator.trim().is_empty() || mediator.len() > 200 {
        return Err(ApiError::Invalid(FieldError::new(
            "mediator",
            "must be a non-empty name of at most 200 bytes",
        )));
    }
    let parties: Vec<String> = scenario.parties().iter().map(|p| p.name.clone()).collect();
    let mut opening = vec![TalkEvent::Opened {
        title,
        mediator,
        parties: parties.clone(),
        rounds,
        max_questions,
    }];
    for (name, agent) in &request.agents {
        let seat = parties.iter().position(|p| p == name).ok_or_else(|| {
            ApiError::Invalid(FieldError::new(
                format!("agents.{name}"),
                "is not a party of the scenario",
            ))
        })?;
        opening.push(TalkEvent::AgentAttached {
            seat,
            agent: agent.clone(),
        });
    }
    let mediator_token = token::mint();
    let seat_tokens: Vec<token::MintedToken> = parties.iter().map(|_| token::mint()).collect();
    let talk = NewTalk {
        id: token::random_id(),
        created_at_ms: crate::now_ms(),
        scenario_format: format,
        scenario: text,
        mediator_token_hash: mediator_token.hash,
        seats: parties
            .iter()
            .zip(&seat_tokens)
            .map(|(party, t)| NewSeat {
                party: party.clone(),
                token_hash: t.hash,
            })
            .collect(),
    };
    let talk_id = app.talks.create(talk, scenario, opening).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedTalk {
            talk_id,
            mediator_token: mediator_token.secret,
            invitations: parties
                .into_iter()
                .zip(seat_tokens)
                .enumerate()
                .map(|(seat, (party, t))| Invitation {
                    seat,
                    party,
                    token: t.secret,
                })
                .collect(),
        }),
    ))
}

/// A bundled example.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExampleView {
    /// Name to pass as `example`.
    pub name: String,
    /// Scenario title.
    pub title: String,
    /// Party names.
    pub parties: Vec<String>,
}

/// List bundled examples.
#[utoipa::path(get, path = "/api/examples", responses((status = 200, body = [ExampleView])))]
pub async fn list_examples() -> Result<Json<Vec<ExampleView>>, ApiError> {
    crate::examples::ALL
        .iter()
        .map(|(name, format, text)| {
            let scenario = engine::scenario::parse(format, text)?;
            Ok(ExampleView {
                name: name.to_string(),
                title: scenario.name.clone(),
                parties: scenario.parties().iter().map(|p| p.name.clone()).collect(),
            })
        })
        .collect::<Result<_, ApiError>>()
        .map(Json)
}

/// Paging of the talk list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct Page {
    /// Talks to skip.
    #[serde(default)]
    pub offset: u64,
    /// Talks to return (at most 100; default 50).
    #[serde(default)]
    pub limit: Option<u64>,
}

/// List talks with their public facts.
#[utoipa::path(get, path = "/api/talks", params(Page), responses((status = 200, body = [PublicView])))]
pub async fn list_talks(
    State(app): State<AppState>,
    UrlQuery(page): UrlQuery<Page>,
) -> Result<Json<Vec<PublicView>>, ApiError> {
    let limit = page.limit.unwrap_or(50).min(100);
    let listing = app.talks.store().list_talks(page.offset, limit).await?;
    let mut views = Vec::with_capacity(listing.len());
    for talk in listing {
        let entry = app.talks.entry(&talk.id).await?;
        views.push(
            app.talks
                .read(&entry, |s| views::public(&talk.id, s))
                .await?,
        );
    }
    Ok(Json(views))
}

/// A talk's public facts and communiqué.
#[utoipa::path(get, path = "/api/talks/{id}", responses((status = 200, body = PublicView), (status = 404, body = ErrorBody)))]
pub async fn public_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PublicView>, ApiError> {
    let (entry, _) = open(&app, &id, &headers).await?;
    Ok(Json(
        app.talks.read(&entry, |s| views::public(&id, s)).await?,
    ))
}

/// The mediator's view: caucuses, margin series, ledger.
#[utoipa::path(get, path = "/api/talks/{id}/mediator", security(("bearer" = [])),
    responses((status = 200, body = MediatorView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn mediator_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<MediatorView>, ApiError> {
    let entry = open_as_mediator(&app, &id, &headers).await?;
    Ok(Json(
        app.talks.read(&entry, |s| views::mediator(&id, s)).await?,
    ))
}

/// A caucus question for one party; the caucus (and the round) open as needed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// The party's name.
    pub party: String,
    /// The question.
    pub question: QuestionDto,
    /// Whose private data the question was computed from (feeds the disclosure ledger).
    #[serde(default)]
    pub provenance: ProvenanceDto,
}

/// The question as asked; `answer` is set when an automated agent answered at once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AskResponse {
    /// Question id.
    pub question: u64,
    /// The round.
    pub round: u32,
    /// The automated answer, if the seat has an agent.
    pub answer: Option<AnswerDto>,
    /// Whether talks concluded as a result.
    pub concluded: bool,
}

fn normalize_question(
    state: &engine::TalkState,
    question: &QuestionDto,
) -> Result<QuestionDto, ApiError> {
    let space = state.scenario().space();
    Ok(match question {
        QuestionDto::Test { package } => QuestionDto::Test {
            package: normalize(space, "question.package", package)?,
        },
        QuestionDto::Compare { a, b } => QuestionDto::Compare {
            a: normalize(space, "question.a", a)?,
            b: normalize(space, "question.b", b)?,
        },
        other => other.clone(),
    })
}

/// Ask one party a question in caucus. Starts the round if none is running, closes a caucus open
/// with another party, and opens one with this party.
#[utoipa::path(post, path = "/api/talks/{id}/caucus", request_body = AskRequest, security(("bearer" = [])),
    responses((status = 201, body = AskResponse), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ask(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<AskRequest>,
) -> Result<(StatusCode, Json<AskResponse>), ApiError> {
    let entry = open_as_mediator(&app, &id, &headers).await?;
    let response = app
        .talks
        .act(
            &entry,
            |state| {
                let seat = seat_of(state, "party", &request.party)?;
                let question = normalize_question(state, &request.question)?;
                request
                    .provenance
                    .to_core(&state.party_names(), "provenance")?;
                let mut events = Vec::new();
                if !state.in_round && state.is_open() {
                    events.push(TalkEvent::RoundBegan {
                        round: state.round() + 1,
                    });
                }
                match state.caucus_party() {
                    Some(open) if open == seat => {}
                    Some(open) => {
                        events.push(TalkEvent::CaucusClosed { seat: open });
                        events.push(TalkEvent::CaucusOpened { seat });
                    }
                    None => events.push(TalkEvent::CaucusOpened { seat }),
                }
                events.push(TalkEvent::Asked {
                    seat,
                    question,
                    provenance: request.provenance.clone(),
                });
                Ok(events)
            },
            |state, _| {
                let asked = state.questions.last();
                AskResponse {
                    question: asked.map_or(0, |q| q.id),
                    round: asked.map_or(0, |q| q.round),
                    answer: asked.and_then(|q| match &q.reply {
                        engine::ReplyState::Answered(a) => Some(a.clone()),
                        _ => None,
                    }),
                    concluded: !state.is_open(),
                }
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(response)))
}

/// Close the open caucus (a pending question stays unanswered).
#[utoipa::path(post, path = "/api/talks/{id}/caucus/close", security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn close_caucus(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let entry = open_as_mediator(&app, &id, &headers).await?;
    act_quietly(&app, &entry, |state| match state.caucus_party() {
        Some(seat) => Ok(vec![TalkEvent::CaucusClosed { seat }]),
        None => Err(ApiError::Conflict(FieldError::new(
            "caucus",
            "no caucus is open",
        ))),
    })
    .await
}

/// The round just ended, and how the talks stand.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoundResponse {
    /// The round that ended.
    pub round: u32,
    /// Whether talks concluded (agreement, deadline or walk-outs).
    pub concluded: bool,
    /// The public communiqué, once concluded.
    pub communique: Option<String>,
}

/// End the current round: the margin is measured; at the deadline the talks conclude.
#[utoipa::path(post, path = "/api/talks/{id}/rounds/end", security(("bearer" = [])),
    responses((status = 200, body = RoundResponse), (status = 409, body = ErrorBody)))]
pub async fn end_round(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<RoundResponse>, ApiError> {
    let entry = open_as_mediator(&app, &id, &headers).await?;
    let response = app
        .talks
        .act(
            &entry,
            |state| {
                if !state.is_open() {
                    return Err(ApiError::Conflict(FieldError::new(
                        "talk",
                        "talks have concluded",
                    )));
                }
                let mut events = Vec::new();
                let mut round = state.round();
                if !state.in_round {
                    round += 1;
                    events.push(TalkEvent::RoundBegan { round });
                }
                // The margin is measured on the knowledge as it stands; beginning a round adds none.
                let (estimate, exact) = state.measure();
                events.push(TalkEvent::RoundEnded {
                    round,
                    estimate,
                    exact,
                });
                Ok(events)
            },
            |state, _| RoundResponse {
                round: state.round(),
                concluded: !state.is_open(),
                communique: match &state.status {
                    engine::Status::Concluded { communique, .. } => Some(communique.clone()),
                    engine::Status::Open => None,
                },
            },
        )
        .await?;
    Ok(Json(response))
}

/// Seat an automated agent (the mediator for any seat, a party for its own).
#[utoipa::path(put, path = "/api/talks/{id}/seats/{party}/agent", request_body = AgentSpec, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attach_agent(
    State(app): State<AppState>,
    Path((id, party)): Path<(String, String)>,
    headers: HeaderMap,
    Body(agent): Body<AgentSpec>,
) -> Result<StatusCode, ApiError> {
    let (entry, who) = open(&app, &id, &headers).await?;
    let seat = entry
        .row
        .seats
        .iter()
        .position(|s| s.party == party)
        .ok_or_else(|| ApiError::NotFound(format!("no party `{party}` in this talk")))?;
    match who {
        Reader::Mediator => {}
        Reader::Party(own) if own == seat => {}
        other => {
            auth::mediator(other)?;
        }
    }
    act_quietly(&app, &entry, |_| {
        Ok(vec![TalkEvent::AgentAttached {
            seat,
            agent: agent.clone(),
        }])
    })
    .await
}

/// The party's own view.
#[utoipa::path(get, path = "/api/talks/{id}/party", security(("bearer" = [])),
    responses((status = 200, body = PartyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn party_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PartyView>, ApiError> {
    let (entry, seat) = open_as_party(&app, &id, &headers).await?;
    Ok(Json(
        app.talks
            .read(&entry, |s| views::party(&id, s, seat))
            .await?,
    ))
}

/// A confidential profile replacing the scenario's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    /// The profile.
    pub profile: ProfileDto,
    /// Hand it to the mediator in confidence (a trusted mediator computes with it).
    #[serde(default)]
    pub share_with_mediator: bool,
}

/// Replace the party's own profile.
#[utoipa::path(put, path = "/api/talks/{id}/party/profile", request_body = ProfileRequest, security(("bearer" = [])),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn replace_profile(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<ProfileRequest>,
) -> Result<StatusCode, ApiError> {
    let (entry, seat) = open_as_party(&app, &id, &headers).await?;
    act_quietly(&app, &entry, |state| {
        request.profile.to_profile(
            "profile",
            &state.seats[seat].party,
            state.scenario().space(),
        )?;
        Ok(vec![TalkEvent::ProfileReplaced {
            seat,
            profile: request.profile.clone(),
            shared_with_mediator: request.share_with_mediator,
        }])
    })
    .await
}

/// An answer to the party's pending question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// Question id.
    pub question: u64,
    /// The answer.
    pub answer: AnswerDto,
}

/// The recorded answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerResponse {
    /// Seq of the answer in the talk's log (acknowledged = durable).
    pub seq: u64,
    /// Whether talks concluded as a result.
    pub concluded: bool,
}

/// Answer the pending caucus question.
#[utoipa::path(post, path = "/api/talks/{id}/party/answers", request_body = AnswerRequest, security(("bearer" = [])),
    responses((status = 201, body = AnswerResponse), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<AnswerRequest>,
) -> Result<(StatusCode, Json<AnswerResponse>), ApiError> {
    let (entry, seat) = open_as_party(&app, &id, &headers).await?;
    let response = app
        .talks
        .act(
            &entry,
            |state| {
                let answer = match &request.answer {
                    AnswerDto::Proposal { package } => AnswerDto::Proposal {
                        package: normalize(state.scenario().space(), "answer.package", package)?,
                    },
                    other => other.clone(),
                };
                Ok(vec![TalkEvent::Answered {
                    seat,
                    question: request.question,
                    answer,
                    automated: false,
                }])
            },
            |state, seq| AnswerResponse {
                seq,
                concluded: !state.is_open(),
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(response)))
}

/// Leave the talks: at once if a question is pending (as its answer), else at the next question.
#[utoipa::path(post, path = "/api/talks/{id}/party/walkout", security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn walk_out(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let (entry, seat) = open_as_party(&app, &id, &headers).await?;
    act_quietly(&app, &entry, |state| {
        Ok(vec![match state.seats[seat].pending {
            Some(question) => TalkEvent::Answered {
                seat,
                question,
                answer: AnswerDto::WalkOut,
                automated: false,
            },
            None => TalkEvent::WalkOutRequested { seat },
        }])
    })
    .await
}

/// A reader's audit record: its own events in full, everyone else's as commitments, so it can
/// recompute the whole chain (see [`crate::audit`]).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditRecord {
    /// Talk id.
    pub talk_id: String,
    /// `mediator`, `party` or `public`.
    pub reader: String,
    /// Chain hash after the last event (hex).
    pub head: String,
    /// Every event of the log, in order.
    pub entries: Vec<RecordEntry>,
}

/// Fetch the caller's audit record.
#[utoipa::path(get, path = "/api/talks/{id}/audit", responses((status = 200, body = AuditRecord), (status = 401, body = ErrorBody)))]
pub async fn audit_record(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AuditRecord>, ApiError> {
    let (_, who) = open(&app, &id, &headers).await?;
    let events = app.talks.store().events_after(&id, 0).await?;
    let mut entries = Vec::with_capacity(events.len());
    for stored in &events {
        let event: TalkEvent = serde_json::from_str(&stored.payload).map_err(|e| {
            ApiError::Internal(format!("event {} does not decode: {e}", stored.seq))
        })?;
        let visible = event.audience().admits(who);
        entries.push(RecordEntry {
            seq: stored.seq,
            hash: hex::encode(&stored.hash),
            event: visible.then(|| DisclosedEvent {
                kind: stored.kind.clone(),
                payload: stored.payload.clone(),
                salt: hex::encode(&stored.salt),
            }),
            commitment: (!visible).then(|| {
                hex::encode(audit::commitment(
                    &stored.salt,
                    &stored.kind,
                    &stored.payload,
                ))
            }),
        });
    }
    Ok(Json(AuditRecord {
        talk_id: id,
        reader: match who {
            Reader::Mediator => "mediator",
            Reader::Party(_) => "party",
            Reader::Public => "public",
        }
        .into(),
        head: entries
            .last()
            .map_or_else(|| hex::encode(audit::GENESIS), |e| e.hash.clone()),
        entries,
    }))
}
