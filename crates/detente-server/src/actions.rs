//! The service's actions, as the JSON API and the browser interface both call them: each takes
//! the talk and who is acting (a [`Caller`], already authenticated), checks that this reader may
//! act (the one place the API's authorization rules are enforced), asks the engine's
//! [`commands`] which events the action produces, appends them through [`Talks::act`], and
//! returns a typed result. No HTTP here: handlers and pages only translate requests and render.

use std::sync::Arc;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, RecordEntry};
use crate::auth;
use crate::engine::commands::{self, Settings};
use crate::engine::wizard::{WizardInputDto, WizardView};
use crate::engine::{
    self, AgentDto, AnswerDto, GeniusScenarioDto, PackageDto, ProfileDto, ProvenanceDto,
    QuestionDto, Reader, ScenarioDto, TalkEvent, TalkState,
};
use crate::error::{ApiError, FieldError};
use crate::service::{TalkEntry, Talks};
use crate::store::{NewSeat, NewTalk};
use crate::token;
use crate::views::{self, MediatorView, PartyView, PublicView};

/// A talk and who acts on it: its entry and the reader the caller's token resolved to.
pub struct Caller {
    /// The talk.
    pub entry: Arc<TalkEntry>,
    /// Who acts.
    pub reader: Reader,
}

impl Caller {
    /// The talk `id` as read by whoever holds `token` (the public without one).
    pub async fn resolve(talks: &Talks, id: &str, token: Option<&str>) -> Result<Self, ApiError> {
        let entry = talks.entry(id).await?;
        let reader = auth::resolve(&entry.row, token)?;
        Ok(Caller { entry, reader })
    }

    fn id(&self) -> &str {
        &self.entry.row.id
    }
}

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
    pub agents: IndexMap<String, AgentDto>,
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

/// A bundled example.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExampleView {
    /// Name to pass as `example`.
    pub name: String,
    /// Scenario title.
    pub title: String,
    /// Party names.
    pub parties: Vec<String>,
    /// Whether the example is an agenda only: the delegations state their own preferences.
    pub agenda_only: bool,
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

/// The text a JSON-borne upload is stored as (read back by [`engine::scenario::parse`]).
fn stored_json(upload: &impl Serialize) -> Result<String, ApiError> {
    serde_json::to_string(upload).map_err(|e| ApiError::Internal(e.to_string()))
}

/// The scenario a create request names or uploads, as `(format, text)` to store.
fn scenario_source(request: &CreateTalkRequest) -> Result<(String, String), ApiError> {
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
            Ok((format.to_string(), text.to_string()))
        }
        (None, Some(dto), None, None) => {
            dto.to_agenda()?;
            Ok(("json".to_string(), stored_json(dto)?))
        }
        (None, None, Some(text), None) => Ok(("toml".to_string(), text.clone())),
        (None, None, None, Some(dto)) => {
            dto.to_scenario()?;
            Ok(("genius".to_string(), stored_json(dto)?))
        }
        _ => Err(ApiError::Invalid(FieldError::new(
            "scenario",
            "give exactly one of `example`, `scenario`, `scenario_toml` and `scenario_genius`",
        ))),
    }
}

/// Creates a talk: its scenario, opening events and fresh tokens (returned once, here).
pub async fn create_talk(
    talks: &Talks,
    request: CreateTalkRequest,
) -> Result<CreatedTalk, ApiError> {
    let (format, text) = scenario_source(&request)?;
    let scenario = engine::scenario::parse(&format, &text)?;
    let (suggested_mediator, suggested_rounds) = crate::examples::talk_defaults(&format, &text)
        .map_err(|e| ApiError::Invalid(FieldError::new("scenario_toml", e.to_string())))?;
    let settings = Settings {
        title: request.title,
        mediator: request.mediator.or(suggested_mediator),
        rounds: request.rounds.or(suggested_rounds),
        max_questions: request.max_questions,
    };
    let opening = commands::open_talk(&scenario, settings, &request.agents)?;
    let parties: Vec<String> = scenario
        .delegations()
        .iter()
        .map(|d| d.name.clone())
        .collect();
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
    let talk_id = talks.create(talk, scenario, opening).await?;
    let invitations = parties
        .into_iter()
        .zip(seat_tokens)
        .enumerate()
        .map(|(seat, (party, t))| Invitation {
            seat,
            party,
            token: t.secret,
        })
        .collect();
    Ok(CreatedTalk {
        talk_id,
        mediator_token: mediator_token.secret,
        invitations,
    })
}

/// The bundled examples.
pub fn list_examples() -> Result<Vec<ExampleView>, ApiError> {
    crate::examples::ALL
        .iter()
        .map(|(name, format, text)| {
            let scenario = engine::scenario::parse(format, text)?;
            Ok(ExampleView {
                name: name.to_string(),
                title: scenario.name.clone(),
                parties: scenario
                    .delegations()
                    .iter()
                    .map(|d| d.name.clone())
                    .collect(),
                agenda_only: scenario.delegations().iter().all(|d| d.profile.is_none()),
            })
        })
        .collect()
}

/// Talks with their public facts: `limit` (at most 100, default 50) after skipping `offset`.
pub async fn list_talks(
    talks: &Talks,
    offset: u64,
    limit: Option<u64>,
) -> Result<Vec<PublicView>, ApiError> {
    let limit = limit.unwrap_or(50).min(100);
    let listing = talks.store().list_talks(offset, limit).await?;
    let mut views = Vec::with_capacity(listing.len());
    for talk in listing {
        let entry = talks.entry(&talk.id).await?;
        views.push(talks.read(&entry, |s| views::public(&talk.id, s)).await?);
    }
    Ok(views)
}

/// The talk's public facts and communiqué (anyone may read them).
pub async fn public_view(talks: &Talks, caller: &Caller) -> Result<PublicView, ApiError> {
    let id = caller.id();
    talks.read(&caller.entry, |s| views::public(id, s)).await
}

/// The mediator's view.
pub async fn mediator_view(talks: &Talks, caller: &Caller) -> Result<MediatorView, ApiError> {
    auth::mediator(caller.reader)?;
    let id = caller.id();
    talks.read(&caller.entry, |s| views::mediator(id, s)).await
}

/// The calling party's own view.
pub async fn party_view(talks: &Talks, caller: &Caller) -> Result<PartyView, ApiError> {
    let seat = auth::party(caller.reader)?;
    let id = caller.id();
    talks
        .read(&caller.entry, |s| views::party(id, s, seat))
        .await
}

/// The calling party's own utility of `package` and its reservation value, or `None` if the
/// package is incomplete or names unknown values.
pub async fn own_utility(
    talks: &Talks,
    caller: &Caller,
    package: &PackageDto,
) -> Result<Option<(f64, f64)>, ApiError> {
    let seat = auth::party(caller.reader)?;
    talks
        .read(&caller.entry, |state| {
            let own = state.profiles_seen_by(caller.reader);
            Some((own.utility(seat, package)?, own.reservation(seat)?))
        })
        .await
}

/// Appends what `command` decides, for an action that answers nothing but success.
async fn act_quietly(
    talks: &Talks,
    caller: &Caller,
    mut command: impl FnMut(&TalkState) -> Result<Vec<TalkEvent>, engine::Rejection>,
) -> Result<(), ApiError> {
    talks
        .act(&caller.entry, |s| Ok(command(s)?), |_, _| ())
        .await
}

/// The mediator asks a party a question in caucus (see [`commands::ask`]).
pub async fn ask(
    talks: &Talks,
    caller: &Caller,
    request: &AskRequest,
) -> Result<AskResponse, ApiError> {
    auth::mediator(caller.reader)?;
    talks
        .act(
            &caller.entry,
            |state| {
                Ok(commands::ask(
                    state,
                    &request.party,
                    &request.question,
                    &request.provenance,
                )?)
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
        .await
}

/// The mediator closes the open caucus.
pub async fn close_caucus(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    auth::mediator(caller.reader)?;
    act_quietly(talks, caller, commands::close_caucus).await
}

/// The mediator ends the round; at the deadline the talks conclude.
pub async fn end_round(talks: &Talks, caller: &Caller) -> Result<RoundResponse, ApiError> {
    auth::mediator(caller.reader)?;
    talks
        .act(
            &caller.entry,
            |state| Ok(commands::end_round(state)?),
            |state, _| RoundResponse {
                round: state.round(),
                concluded: !state.is_open(),
                communique: match &state.status {
                    engine::Status::Concluded { communique, .. } => Some(communique.clone()),
                    engine::Status::Open => None,
                },
            },
        )
        .await
}

/// The seat of `party` in the caller's talk.
fn seat_of(caller: &Caller, party: &str) -> Result<usize, ApiError> {
    caller
        .entry
        .row
        .seats
        .iter()
        .position(|s| s.party == party)
        .ok_or_else(|| ApiError::NotFound(format!("no party `{party}` in this talk")))
}

/// Seats an automated agent for `party`: only the party itself may (its agent answers from its
/// own profile, which the mediator may not hold); the mediator may only propose one.
pub async fn attach_agent(
    talks: &Talks,
    caller: &Caller,
    party: &str,
    agent: &AgentDto,
) -> Result<(), ApiError> {
    let seat = seat_of(caller, party)?;
    if caller.reader == Reader::Mediator {
        return Err(ApiError::Forbidden(
            "a mediator may only propose an agent (POST …/seats/{party}/agent-proposal); \
             the delegation seats its own"
                .into(),
        ));
    }
    if auth::party(caller.reader)? != seat {
        return Err(ApiError::Forbidden(
            "only the delegation itself may seat an agent for its seat".into(),
        ));
    }
    act_quietly(talks, caller, |_| commands::attach_agent(seat, agent)).await
}

/// The calling party seats an agent for itself.
pub async fn attach_own_agent(
    talks: &Talks,
    caller: &Caller,
    agent: &AgentDto,
) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |_| commands::attach_agent(seat, agent)).await
}

/// The calling party seats the agent the mediator proposed to it.
pub async fn seat_proposed_agent(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| {
        commands::seat_proposed_agent(state, seat)
    })
    .await
}

/// The calling party removes its agent.
pub async fn remove_agent(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| commands::remove_agent(state, seat)).await
}

/// The mediator proposes an agent for `party`; the party may seat it or not.
pub async fn propose_agent(
    talks: &Talks,
    caller: &Caller,
    party: &str,
    agent: &AgentDto,
) -> Result<(), ApiError> {
    auth::mediator(caller.reader)?;
    let seat = seat_of(caller, party)?;
    act_quietly(talks, caller, |state| {
        commands::propose_agent(state, seat, agent)
    })
    .await
}

/// Saves the preferences the calling party's wizard states as its profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishWizardRequest {
    /// Hand the profile to the mediator in confidence as well (default: keep it private).
    #[serde(default)]
    pub share_with_mediator: bool,
}

/// The calling party's preference wizard as it stands.
pub async fn wizard_view(talks: &Talks, caller: &Caller) -> Result<WizardView, ApiError> {
    let seat = auth::party(caller.reader)?;
    talks
        .read(&caller.entry, |state| state.wizard_view(seat))
        .await?
        .map_err(ApiError::from)
}

/// The calling party submits a page of its wizard; returns the wizard as it then stands.
pub async fn wizard_step(
    talks: &Talks,
    caller: &Caller,
    input: &WizardInputDto,
) -> Result<WizardView, ApiError> {
    let seat = auth::party(caller.reader)?;
    talks
        .act(
            &caller.entry,
            |state| Ok(commands::wizard_step(state, seat, input)?),
            |state, _| state.wizard_view(seat),
        )
        .await?
        .map_err(ApiError::from)
}

/// The calling party saves what its wizard states as its own profile.
pub async fn finish_wizard(
    talks: &Talks,
    caller: &Caller,
    request: &FinishWizardRequest,
) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| {
        commands::finish_wizard(state, seat, request.share_with_mediator)
    })
    .await
}

/// The calling party hands its own profile to the mediator, in confidence.
pub async fn hand_over_profile(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| {
        commands::hand_over_profile(state, seat)
    })
    .await
}

/// The calling party takes back the profile it handed over.
pub async fn withdraw_profile(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| {
        commands::withdraw_profile(state, seat)
    })
    .await
}

/// The calling party replaces its own profile.
pub async fn replace_profile(
    talks: &Talks,
    caller: &Caller,
    request: &ProfileRequest,
) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| {
        commands::replace_profile(state, seat, &request.profile, request.share_with_mediator)
    })
    .await
}

/// The calling party answers its pending question.
pub async fn answer(
    talks: &Talks,
    caller: &Caller,
    request: &AnswerRequest,
) -> Result<AnswerResponse, ApiError> {
    let seat = auth::party(caller.reader)?;
    talks
        .act(
            &caller.entry,
            |state| {
                Ok(commands::answer(
                    state,
                    seat,
                    request.question,
                    &request.answer,
                )?)
            },
            |state, seq| AnswerResponse {
                seq,
                concluded: !state.is_open(),
            },
        )
        .await
}

/// The calling party leaves the talks.
pub async fn walk_out(talks: &Talks, caller: &Caller) -> Result<(), ApiError> {
    let seat = auth::party(caller.reader)?;
    act_quietly(talks, caller, |state| commands::walk_out(state, seat)).await
}

/// The caller's audit record of the whole log (see [`audit::disclosed_record`]).
pub async fn audit_record(talks: &Talks, caller: &Caller) -> Result<AuditRecord, ApiError> {
    let events = talks.store().events_after(caller.id(), 0).await?;
    let (entries, head) =
        audit::disclosed_record(caller.reader, &events).map_err(ApiError::Internal)?;
    Ok(AuditRecord {
        talk_id: caller.id().to_string(),
        reader: caller.reader.label().into(),
        head,
        entries,
    })
}

#[cfg(test)]
mod tests;
