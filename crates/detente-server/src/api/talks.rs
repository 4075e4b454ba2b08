//! Handlers: creating talks, the mediator's caucus actions, the parties' answers, public reads and
//! each reader's audit record. Each handler only reads the request (path, bearer token, body),
//! calls the matching [`crate::actions`] function and shapes the response; what an action does,
//! and who may do it, is decided there.

use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{AppState, Body};
use crate::actions::{self, Caller};
pub use crate::actions::{
    AnswerRequest, AnswerResponse, AskRequest, AskResponse, AuditRecord, CreateTalkRequest,
    CreatedTalk, ExampleView, FinishWizardRequest, Invitation, ProfileRequest, RoundResponse,
};
use crate::auth;
use crate::engine::wizard::{WizardInputDto, WizardView};
use crate::engine::AgentDto;
use crate::error::{ApiError, ErrorBody};
use crate::views::{MediatorView, PartyView, PublicView};

/// The talk `id` and who is asking, from the bearer token in `headers`.
async fn open(app: &AppState, id: &str, headers: &HeaderMap) -> Result<Caller, ApiError> {
    Caller::resolve(&app.talks, id, auth::bearer(headers, None)?.as_deref()).await
}

/// Create talks.
#[utoipa::path(post, path = "/api/talks", request_body = CreateTalkRequest,
    responses((status = 201, body = CreatedTalk), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_talk(
    State(app): State<AppState>,
    Body(request): Body<CreateTalkRequest>,
) -> Result<(StatusCode, Json<CreatedTalk>), ApiError> {
    let created = actions::create_talk(&app.talks, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// List bundled examples.
#[utoipa::path(get, path = "/api/examples", responses((status = 200, body = [ExampleView])))]
pub(crate) async fn list_examples() -> Result<Json<Vec<ExampleView>>, ApiError> {
    actions::list_examples().map(Json)
}

/// Paging of the talk list.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct Page {
    /// Talks to skip.
    #[serde(default)]
    pub offset: u64,
    /// Talks to return (at most 100; default 50).
    #[serde(default)]
    pub limit: Option<u64>,
}

/// List talks with their public facts.
#[utoipa::path(get, path = "/api/talks", params(Page), responses((status = 200, body = [PublicView])))]
pub(crate) async fn list_talks(
    State(app): State<AppState>,
    UrlQuery(page): UrlQuery<Page>,
) -> Result<Json<Vec<PublicView>>, ApiError> {
    actions::list_talks(&app.talks, page.offset, page.limit)
        .await
        .map(Json)
}

/// A talk's public facts and communiqué.
#[utoipa::path(get, path = "/api/talks/{id}", responses((status = 200, body = PublicView), (status = 404, body = ErrorBody)))]
pub(crate) async fn public_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PublicView>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::public_view(&app.talks, &caller).await.map(Json)
}

/// The mediator's view: caucuses, margin series, ledger.
#[utoipa::path(get, path = "/api/talks/{id}/mediator", security(("bearer" = [])),
    responses((status = 200, body = MediatorView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn mediator_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<MediatorView>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::mediator_view(&app.talks, &caller).await.map(Json)
}

/// Ask one party a question in caucus. Starts the round if none is running, closes a caucus open
/// with another party, and opens one with this party.
#[utoipa::path(post, path = "/api/talks/{id}/caucus", request_body = AskRequest, security(("bearer" = [])),
    responses((status = 201, body = AskResponse), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn ask(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<AskRequest>,
) -> Result<(StatusCode, Json<AskResponse>), ApiError> {
    let caller = open(&app, &id, &headers).await?;
    let response = actions::ask(&app.talks, &caller, &request).await?;
    Ok((StatusCode::CREATED, Json(response)))
}

/// Close the open caucus (a pending question stays unanswered).
#[utoipa::path(post, path = "/api/talks/{id}/caucus/close", security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub(crate) async fn close_caucus(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::close_caucus(&app.talks, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End the current round: the margin is measured; at the deadline the talks conclude.
#[utoipa::path(post, path = "/api/talks/{id}/rounds/end", security(("bearer" = [])),
    responses((status = 200, body = RoundResponse), (status = 409, body = ErrorBody)))]
pub(crate) async fn end_round(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<RoundResponse>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::end_round(&app.talks, &caller).await.map(Json)
}

/// Seat an automated agent for a party: only the party itself may (a mediator proposes one with
/// `POST …/agent-proposal`). The agent answers from the party's own profile.
#[utoipa::path(put, path = "/api/talks/{id}/seats/{party}/agent", request_body = AgentDto, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn attach_agent(
    State(app): State<AppState>,
    Path((id, party)): Path<(String, String)>,
    headers: HeaderMap,
    Body(agent): Body<AgentDto>,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::attach_agent(&app.talks, &caller, &party, &agent).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Seat an automated agent for the calling party, answering from its own profile.
#[utoipa::path(put, path = "/api/talks/{id}/party/agent", request_body = AgentDto, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn attach_own_agent(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(agent): Body<AgentDto>,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::attach_own_agent(&app.talks, &caller, &agent).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove the calling party's automated agent: it answers in person again.
#[utoipa::path(delete, path = "/api/talks/{id}/party/agent", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn remove_agent(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::remove_agent(&app.talks, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Propose an automated agent for a party (mediator only): the party sees the proposal and may
/// seat it.
#[utoipa::path(post, path = "/api/talks/{id}/seats/{party}/agent-proposal", request_body = AgentDto, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn propose_agent(
    State(app): State<AppState>,
    Path((id, party)): Path<(String, String)>,
    headers: HeaderMap,
    Body(agent): Body<AgentDto>,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::propose_agent(&app.talks, &caller, &party, &agent).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hand the calling party's own profile to the mediator, in confidence (recorded in the audit
/// log; revocable).
#[utoipa::path(post, path = "/api/talks/{id}/party/profile/handover", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn hand_over_profile(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::hand_over_profile(&app.talks, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take back the profile the calling party handed to the mediator.
#[utoipa::path(delete, path = "/api/talks/{id}/party/profile/handover", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn withdraw_profile(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::withdraw_profile(&app.talks, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The calling party's preference wizard as it stands (a fresh one, prefilled from its profile
/// in force if any, before its first page).
#[utoipa::path(get, path = "/api/talks/{id}/party/wizard", security(("bearer" = [])),
    responses((status = 200, body = WizardView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn wizard_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<WizardView>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::wizard_view(&app.talks, &caller).await.map(Json)
}

/// Submit a page of the calling party's preference wizard: rank the issues, split 100 points,
/// rate each issue's options, state the walk-away point, then check (and correct) the scores of
/// sample packages. Pages come in that order; each may be redone.
#[utoipa::path(post, path = "/api/talks/{id}/party/wizard", request_body = WizardInputDto, security(("bearer" = [])),
    responses((status = 200, body = WizardView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn wizard_step(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(input): Body<WizardInputDto>,
) -> Result<Json<WizardView>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::wizard_step(&app.talks, &caller, &input)
        .await
        .map(Json)
}

/// Save what the calling party's wizard states as its own profile (private unless
/// `share_with_mediator`); the mediator is told only that the delegation stated or revised it.
#[utoipa::path(post, path = "/api/talks/{id}/party/wizard/finish", request_body = FinishWizardRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn finish_wizard(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<FinishWizardRequest>,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::finish_wizard(&app.talks, &caller, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The party's own view.
#[utoipa::path(get, path = "/api/talks/{id}/party", security(("bearer" = [])),
    responses((status = 200, body = PartyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn party_view(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PartyView>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::party_view(&app.talks, &caller).await.map(Json)
}

/// Replace the party's own profile.
#[utoipa::path(put, path = "/api/talks/{id}/party/profile", request_body = ProfileRequest, security(("bearer" = [])),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub(crate) async fn replace_profile(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<ProfileRequest>,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::replace_profile(&app.talks, &caller, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Answer the pending caucus question.
#[utoipa::path(post, path = "/api/talks/{id}/party/answers", request_body = AnswerRequest, security(("bearer" = [])),
    responses((status = 201, body = AnswerResponse), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn answer(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<AnswerRequest>,
) -> Result<(StatusCode, Json<AnswerResponse>), ApiError> {
    let caller = open(&app, &id, &headers).await?;
    let response = actions::answer(&app.talks, &caller, &request).await?;
    Ok((StatusCode::CREATED, Json(response)))
}

/// Leave the talks: at once if a question is pending (as its answer), else at the next question.
#[utoipa::path(post, path = "/api/talks/{id}/party/walkout", security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub(crate) async fn walk_out(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::walk_out(&app.talks, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Fetch the caller's audit record.
#[utoipa::path(get, path = "/api/talks/{id}/audit", responses((status = 200, body = AuditRecord), (status = 401, body = ErrorBody)))]
pub(crate) async fn audit_record(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AuditRecord>, ApiError> {
    let caller = open(&app, &id, &headers).await?;
    actions::audit_record(&app.talks, &caller).await.map(Json)
}
