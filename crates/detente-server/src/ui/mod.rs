//! The browser interface served by `detente serve`: the mediator's desk, each delegation's caucus
//! room and the public communiqués, on top of the same service the JSON API uses.
//!
//! Design:
//! - Pages are rendered on the server from askama templates (`templates/ui/`) and work as plain
//!   HTML forms (post, then redirect back); one small script (`static/app.js`) adds live updates,
//!   the utility of the package being built, and conveniences. Nothing is fetched from elsewhere:
//!   the stylesheet and script are compiled into the binary, charts are inline SVG drawn here.
//! - Actions resolve the session's key to a reader and call the same [`crate::actions`] the JSON
//!   API calls, so every rule (validation, authorization, the disclosure ledger) is shared; pages
//!   only read views built for their reader ([`crate::views`]).
//! - Keys travel in link fragments and live in path-scoped cookies (see [`session`]).
//!
//! Map: [`session`] (keys and cookies), [`pages`] (templates and view models), [`chart`] (SVG),
//! [`claims`] (the claim behind each communiqué sentence), [`text`] (wording), `forms` (a posted
//! question or answer read into its wire form), `wizard_forms` (a posted page of the preference
//! wizard), `caucus_routes` (the delegation's preferences, their privacy and its agent).

mod caucus_routes;
pub mod chart;
pub mod claims;
mod forms;
pub mod pages;
pub mod session;
pub mod text;
mod wizard_forms;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use indexmap::IndexMap;

use crate::actions::{self, AnswerRequest, AskRequest, Caller, CreateTalkRequest};
use crate::api::stream;
use crate::api::AppState;
use crate::auth;
use crate::engine::agent::Curve;
use crate::engine::wire::{BasisDto, SourceDto};
use crate::engine::{AgentDto, PackageDto, ProvenanceDto, Reader};
use crate::error::ApiError;
use pages::{
    CreatedPage, ErrorPage, ExampleOption, HomePage, KeyPage, LinkRow, PublicPage, PublicTalkPage,
    TalkSummary,
};
use session::Role;

const STYLESHEET: &str = include_str!("../../static/app.css");
const SCRIPT: &str = include_str!("../../static/app.js");
const ICON: &str = include_str!("../../static/icon.svg");

/// Security headers for every page: no third-party anything, no referrer, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The routes of the browser interface.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/public", get(public_list))
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .route("/static/icon.svg", get(icon))
        .route("/talks", post(create))
        .route("/talks/{id}", get(public_talk))
        .route("/talks/{id}/mediator", get(mediator_desk))
        .route("/talks/{id}/mediator/session", post(mediator_session))
        .route("/talks/{id}/mediator/signout", post(mediator_signout))
        .route("/talks/{id}/mediator/ask", post(ask))
        .route("/talks/{id}/mediator/close", post(close_caucus))
        .route("/talks/{id}/mediator/end-round", post(end_round))
        .route("/talks/{id}/mediator/agent", post(attach_agent))
        .route("/talks/{id}/mediator/events", get(mediator_events))
        .route("/talks/{id}/caucus", get(caucus_room))
        .route("/talks/{id}/caucus/session", post(caucus_session))
        .route("/talks/{id}/caucus/signout", post(caucus_signout))
        .route("/talks/{id}/caucus/answer", post(answer))
        .route("/talks/{id}/caucus/walkout", post(walk_out))
        .route("/talks/{id}/caucus/utility", get(utility))
        .route("/talks/{id}/caucus/events", get(caucus_events))
        .route(
            "/talks/{id}/caucus/preferences",
            get(caucus_routes::wizard).post(caucus_routes::wizard_submit),
        )
        .route(
            "/talks/{id}/caucus/preferences/save",
            post(caucus_routes::save),
        )
        .route(
            "/talks/{id}/caucus/profile/hand-over",
            post(caucus_routes::hand_over),
        )
        .route(
            "/talks/{id}/caucus/profile/take-back",
            post(caucus_routes::take_back),
        )
        .route("/talks/{id}/caucus/agent", post(caucus_routes::seat_agent))
        .route(
            "/talks/{id}/caucus/agent/remove",
            post(caucus_routes::remove_agent),
        )
        .with_state(state)
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

async fn icon() -> Response {
    asset("image/svg+xml", ICON)
}

fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page did not render");
            (StatusCode::INTERNAL_SERVER_ERROR, "the page did not render").into_response()
        }
    }
}

fn error_page(status: StatusCode, heading: &str, message: &str, hint: &str) -> Response {
    html(
        status,
        &ErrorPage {
            heading: heading.into(),
            message: message.into(),
            hint: hint.into(),
        },
    )
}

/// The page for an API error outside a talk's own pages.
fn api_error_page(e: &ApiError) -> Response {
    let (status, _) = e.status();
    match e {
        ApiError::NotFound(_) => error_page(
            status,
            "No such talk",
            "There is no talk at this address.",
            "Check that the link was copied whole; the mediator can send it again.",
        ),
        other => error_page(
            status,
            "Something went wrong",
            &other.to_string(),
            "Try again in a moment; if it persists, tell the mediator.",
        ),
    }
}

/// A person-readable message for a failed action.
fn action_message(e: &ApiError) -> String {
    match e {
        ApiError::Conflict(f) if f.field == "question" => format!(
            "This question is no longer open — the mediator closed the caucus or moved on before your answer arrived, so it was not recorded. ({})",
            f.message
        ),
        ApiError::Conflict(f) if f.field == "talk" => {
            "The talks have concluded; nothing more can be recorded.".to_string()
        }
        ApiError::Invalid(f) if f.field.starts_with("answer") => format!(
            "Your answer was not recorded: {} — {}. Correct it and send it again.",
            f.field, f.message
        ),
        ApiError::Conflict(f) | ApiError::Invalid(f) | ApiError::BadRequest(f) => {
            format!("{} — {}", f.field, f.message)
        }
        other => other.to_string(),
    }
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
    {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

async fn all_talks(app: &AppState) -> Result<Vec<TalkSummary>, ApiError> {
    let views = actions::list_talks(&app.talks, 0, Some(100)).await?;
    Ok(views.iter().map(TalkSummary::of).collect())
}

async fn home_page(app: &AppState, status: StatusCode, error: Option<String>) -> Response {
    let talks = match all_talks(app).await {
        Ok(t) => t,
        Err(e) => return api_error_page(&e),
    };
    let examples = match actions::list_examples() {
        Ok(list) => list
            .into_iter()
            .map(|e| ExampleOption {
                label: format!(
                    "{} — {}{}",
                    e.title,
                    e.parties.join(", "),
                    if e.agenda_only {
                        " (agenda only: delegations state their own preferences)"
                    } else {
                        ""
                    }
                ),
                name: e.name,
            })
            .collect(),
        Err(e) => return api_error_page(&e),
    };
    html(
        status,
        &HomePage {
            talks,
            examples,
            error,
        },
    )
}

async fn home(State(app): State<AppState>) -> Response {
    home_page(&app, StatusCode::OK, None).await
}

async fn public_list(State(app): State<AppState>) -> Response {
    match all_talks(&app).await {
        Ok(talks) => {
            let (concluded, running) = talks.into_iter().partition(|t| t.communique.is_some());
            html(StatusCode::OK, &PublicPage { concluded, running })
        }
        Err(e) => api_error_page(&e),
    }
}

/// The public view of talk `id`, read as the public.
async fn public_view_of(app: &AppState, id: &str) -> Result<crate::views::PublicView, ApiError> {
    let caller = Caller::resolve(&app.talks, id, None).await?;
    actions::public_view(&app.talks, &caller).await
}

async fn public_talk(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    match public_view_of(&app, &id).await {
        Ok(view) => html(
            StatusCode::OK,
            &PublicTalkPage {
                round: view.round,
                talk: TalkSummary::of(&view),
            },
        ),
        Err(e) => api_error_page(&e),
    }
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(
    form: &[(String, String)],
    name: &str,
) -> Result<Option<T>, String> {
    field(form, name)
        .map(|v| {
            v.parse()
                .map_err(|_| format!("{name} — `{v}` is not a whole number"))
        })
        .transpose()
}

fn package(form: &[(String, String)], prefix: &str) -> PackageDto {
    let prefix = format!("{prefix}.");
    form.iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
        .collect()
}

async fn create(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !session::same_origin(&headers) {
        return forbidden_origin();
    }
    let request = (|| -> Result<CreateTalkRequest, String> {
        let upload = field(&form, "scenario_text");
        let source = field(&form, "source").unwrap_or("example");
        let (example, scenario, scenario_toml) = match (source, upload) {
            ("upload", None) => {
                return Err("scenario — choose a scenario file, or paste one, to upload".into())
            }
            ("upload", Some(text)) if text.starts_with('{') => {
                let dto = serde_json::from_str(text)
                    .map_err(|e| format!("scenario — the JSON does not read: {e}"))?;
                (None, Some(dto), None)
            }
            ("upload", Some(text)) => (None, None, Some(text.to_string())),
            ("agenda", _) => {
                let name = field(&form, "title").unwrap_or("Agenda");
                let dto = forms::agenda_from(
                    name,
                    field(&form, "agenda_issues").unwrap_or_default(),
                    field(&form, "agenda_parties").unwrap_or_default(),
                )?;
                (None, Some(dto), None)
            }
            _ => (field(&form, "example").map(str::to_string), None, None),
        };
        Ok(CreateTalkRequest {
            title: field(&form, "title").map(str::to_string),
            example,
            scenario,
            scenario_toml,
            scenario_genius: None,
            rounds: number(&form, "rounds")?,
            max_questions: number(&form, "max_questions")?,
            mediator: field(&form, "mediator").map(str::to_string),
            agents: IndexMap::new(),
        })
    })();
    let request = match request {
        Ok(r) => r,
        Err(message) => {
            return home_page(&app, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await
        }
    };
    let title_hint = request.title.clone();
    let created = match actions::create_talk(&app.talks, request).await {
        Ok(created) => created,
        Err(e) => {
            let (status, _) = e.status();
            return home_page(&app, status, Some(action_message(&e))).await;
        }
    };
    let base = base_url(&headers);
    let id = created.talk_id.clone();
    let title = match public_view_of(&app, &id).await {
        Ok(view) => view.title,
        Err(_) => title_hint.unwrap_or_default(),
    };
    let page = CreatedPage {
        id: id.clone(),
        title,
        mediator: LinkRow {
            who: "You, the mediator".into(),
            url: format!(
                "{base}{}#key={}",
                Role::Mediator.path(&id),
                created.mediator_token
            ),
            slug: "mediator".into(),
        },
        invitations: created
            .invitations
            .iter()
            .map(|inv| LinkRow {
                who: inv.party.clone(),
                url: format!("{base}{}#key={}", Role::Delegation.path(&id), inv.token),
                slug: format!("seat-{}", inv.seat),
            })
            .collect(),
    };
    let mut response = html(StatusCode::CREATED, &page);
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&headers, Role::Mediator, &id, &created.mediator_token),
    );
    response
}

fn forbidden_origin() -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        "Request refused",
        "This form was sent from another site.",
        "Open detente's own page and try again.",
    )
}

/// Who holds the session key for `role` on talk `id`, or the page to show instead.
async fn session_reader(
    app: &AppState,
    id: &str,
    role: Role,
    headers: &HeaderMap,
) -> Result<Caller, Response> {
    let entry = app.talks.entry(id).await.map_err(|e| api_error_page(&e))?;
    let key = session::key_from(headers);
    let error = match key.as_deref().map(|k| auth::resolve(&entry.row, Some(k))) {
        None => None,
        Some(Err(_)) => Some(
            "The key this browser holds is not valid for this talk. Open the link you were sent again."
                .to_string(),
        ),
        Some(Ok(reader)) if role.admits(reader) => return Ok(Caller { entry, reader }),
        Some(Ok(_)) => match role {
            Role::Mediator => {
                Some("That key belongs to a delegation, not to the mediator.".to_string())
            }
            Role::Delegation => Some(
                "That key is the mediator's. Delegations open their own invitation link."
                    .to_string(),
            ),
        },
    };
    let title = app
        .talks
        .read(&entry, |s| s.title.clone())
        .await
        .unwrap_or_default();
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    let mut response = html(
        status,
        &KeyPage {
            title,
            place: match role {
                Role::Mediator => "the mediator's desk".into(),
                Role::Delegation => "your caucus room".into(),
            },
            action: format!("{}/session", role.path(id)),
            error,
        },
    );
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, session::clear_cookie(role, id));
    }
    Err(response)
}

async fn exchange_key(
    app: &AppState,
    id: &str,
    role: Role,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Response {
    if !session::same_origin(headers) {
        return forbidden_origin();
    }
    let entry = match app.talks.entry(id).await {
        Ok(e) => e,
        Err(e) => return api_error_page(&e),
    };
    let place = match role {
        Role::Mediator => "the mediator's desk",
        Role::Delegation => "your caucus room",
    };
    let refuse = |message: &str| {
        html(
            StatusCode::UNAUTHORIZED,
            &KeyPage {
                title: String::new(),
                place: place.into(),
                action: format!("{}/session", role.path(id)),
                error: Some(message.into()),
            },
        )
    };
    let Some(key) = field(form, "key").and_then(session::clean_key) else {
        return refuse("Paste the whole key or link you were sent.");
    };
    match auth::resolve(&entry.row, Some(&key)) {
        Ok(reader) if role.admits(reader) => {
            let mut response = Redirect::to(&role.path(id)).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::set_cookie(headers, role, id, &key),
            );
            response
        }
        Ok(_) => refuse("This key is for another role in this talk: open its own link."),
        Err(_) => refuse(
            "This link is not valid for this talk: it may have been cut short or belong to another talk. Ask the mediator to send it again.",
        ),
    }
}

async fn mediator_session(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    exchange_key(&app, &id, Role::Mediator, &headers, &form).await
}

async fn caucus_session(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    exchange_key(&app, &id, Role::Delegation, &headers, &form).await
}

fn signout(id: &str, role: Role, headers: &HeaderMap) -> Response {
    if !session::same_origin(headers) {
        return forbidden_origin();
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(role, id));
    response
}

async fn mediator_signout(Path(id): Path<String>, headers: HeaderMap) -> Response {
    signout(&id, Role::Mediator, &headers)
}

async fn caucus_signout(Path(id): Path<String>, headers: HeaderMap) -> Response {
    signout(&id, Role::Delegation, &headers)
}

/// The desk, with the error of a failed action and its status (else 200), its ask form
/// pre-filled with the question suggested for the delegation named `draft`, if any.
async fn render_desk(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
    error: Option<(StatusCode, String)>,
    draft: Option<&str>,
) -> Response {
    let entry = match session_reader(app, id, Role::Mediator, headers).await {
        Ok(caller) => caller.entry,
        Err(page) => return page,
    };
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    render_state(app, &entry, status, |state| {
        pages::mediator_page(id, state, error, draft)
    })
    .await
}

/// Renders the page `build` makes from the talk's current state with `status`.
async fn render_state<P: Template>(
    app: &AppState,
    entry: &crate::service::TalkEntry,
    status: StatusCode,
    build: impl FnOnce(&crate::engine::TalkState) -> P,
) -> Response {
    match app.talks.read(entry, build).await {
        Ok(page) => html(status, &page),
        Err(e) => api_error_page(&e),
    }
}

/// The desk's query: `draft=<delegation>` pre-fills the ask form with its suggested question.
#[derive(Debug, serde::Deserialize)]
struct DeskQuery {
    draft: Option<String>,
}

async fn mediator_desk(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DeskQuery>,
    headers: HeaderMap,
) -> Response {
    render_desk(&app, &id, &headers, None, query.draft.as_deref()).await
}

impl Role {
    /// Runs a form action with this role's session key; redirects back to the role's page at
    /// `anchor`, or re-renders that page with the error.
    async fn run_action<F, Fut>(
        self,
        app: AppState,
        id: String,
        headers: HeaderMap,
        anchor: &str,
        action: F,
    ) -> Response
    where
        F: FnOnce(AppState, Caller) -> Fut,
        Fut: std::future::Future<Output = Result<(), ApiError>>,
    {
        if !session::same_origin(&headers) {
            return forbidden_origin();
        }
        let caller = match session_reader(&app, &id, self, &headers).await {
            Ok(caller) => caller,
            Err(page) => return page,
        };
        match action(app.clone(), caller).await {
            Ok(()) => Redirect::to(&format!("{}{anchor}", self.path(&id))).into_response(),
            Err(e) => {
                // The page again, with the error and its status: 422 for a wrong form, 409 for
                // one the talk's state refuses now.
                let error = Some((e.status().0, action_message(&e)));
                match self {
                    Role::Mediator => render_desk(&app, &id, &headers, error, None).await,
                    Role::Delegation => render_room(&app, &id, &headers, error).await,
                }
            }
        }
    }
}

fn provenance_from(form: &[(String, String)]) -> Result<ProvenanceDto, ApiError> {
    let sources = form
        .iter()
        .filter(|(k, _)| k == "source")
        .map(|(_, v)| {
            let (party, basis) = v.rsplit_once('|').unwrap_or((v.as_str(), ""));
            let basis = match basis {
                "answers" => BasisDto::Answers,
                "proposal" => BasisDto::Proposal,
                "confidential_profile" => BasisDto::ConfidentialProfile,
                other => {
                    return Err(ApiError::Invalid(crate::error::FieldError::new(
                        "source",
                        format!("`{other}` is not a kind of private data"),
                    )))
                }
            };
            Ok(SourceDto {
                party: party.to_string(),
                basis,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ProvenanceDto {
        sources,
        reveals: field(form, "reveals").unwrap_or_default().to_string(),
    })
}

async fn ask(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    Role::Mediator
        .run_action(app, id, headers, "#caucus", |app, caller| async move {
            let request = AskRequest {
                party: field(&form, "party").unwrap_or_default().to_string(),
                question: forms::question_from(&form)?,
                provenance: provenance_from(&form)?,
            };
            actions::ask(&app.talks, &caller, &request)
                .await
                .map(|_| ())
        })
        .await
}

async fn close_caucus(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Mediator
        .run_action(app, id, headers, "#caucus", |app, caller| async move {
            actions::close_caucus(&app.talks, &caller).await
        })
        .await
}

async fn end_round(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Mediator
        .run_action(app, id, headers, "#margin", |app, caller| async move {
            actions::end_round(&app.talks, &caller).await.map(|_| ())
        })
        .await
}

/// The concession curve a form names (`boulware`, `linear`, `conceder`).
fn curve_named(curve: &str) -> Result<Curve, ApiError> {
    serde_json::from_value(serde_json::Value::from(curve)).map_err(|_| {
        ApiError::Invalid(crate::error::FieldError::new(
            "curve",
            format!("`{curve}` is not a concession curve"),
        ))
    })
}

async fn attach_agent(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    Role::Mediator
        .run_action(app, id, headers, "#seats", |app, caller| async move {
            let curve = field(&form, "curve").unwrap_or("linear");
            let spec = AgentDto::Aspiration {
                curve: curve_named(curve)?,
                joint_sessions: true,
            };
            let party = field(&form, "party").unwrap_or_default();
            actions::propose_agent(&app.talks, &caller, party, &spec).await
        })
        .await
}

async fn events_for(
    app: AppState,
    id: String,
    role: Role,
    headers: HeaderMap,
    after: u64,
) -> Response {
    match session_reader(&app, &id, role, &headers).await {
        Ok(caller) => stream::events_for(app, id, caller.reader, after).into_response(),
        Err(_) => StatusCode::UNAUTHORIZED.into_response(),
    }
}

/// Where a live stream starts.
#[derive(Debug, serde::Deserialize)]
struct After {
    #[serde(default)]
    after: u64,
}

async fn mediator_events(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(after): Query<After>,
    headers: HeaderMap,
) -> Response {
    events_for(app, id, Role::Mediator, headers, after.after).await
}

async fn caucus_events(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(after): Query<After>,
    headers: HeaderMap,
) -> Response {
    events_for(app, id, Role::Delegation, headers, after.after).await
}

/// A delegation's caucus room, with the error of a failed action and its status (else 200).
async fn render_room(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
    error: Option<(StatusCode, String)>,
) -> Response {
    let Caller { entry, reader } = match session_reader(app, id, Role::Delegation, headers).await {
        Ok(caller) => caller,
        Err(page) => return page,
    };
    let Reader::Party(seat) = reader else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    render_state(app, &entry, status, |state| {
        pages::caucus_page(id, state, seat, error)
    })
    .await
}

async fn caucus_room(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    render_room(&app, &id, &headers, None).await
}

async fn answer(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "#transcript", |app, caller| async move {
            let (question, answer) = forms::answer_from(&form)?;
            let request = AnswerRequest { question, answer };
            actions::answer(&app.talks, &caller, &request)
                .await
                .map(|_| ())
        })
        .await
}

async fn walk_out(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "", |app, caller| async move {
            actions::walk_out(&app.talks, &caller).await
        })
        .await
}

/// What the caucus room's package builder shows of the package being built.
#[derive(serde::Serialize)]
struct UtilityReading {
    utility: f64,
    text: String,
    above_reservation: bool,
}

/// Why no utility could be read.
#[derive(serde::Serialize)]
struct UtilityRefusal {
    error: &'static str,
}

/// The delegation's own utility of the package in the query (`pkg.<issue>=<value>`).
async fn utility(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let caller = match session_reader(&app, &id, Role::Delegation, &headers).await {
        Ok(caller) => caller,
        Err(_) => return StatusCode::UNAUTHORIZED.into_response(),
    };
    // The session is a delegation's (`session_reader` admits no other reader for this role), and
    // `own_utility` reads only that delegation's own profile.
    let built = package(&query, "pkg");
    let result = actions::own_utility(&app.talks, &caller, &built).await;
    match result {
        Ok(Some((u, reservation))) => Json(UtilityReading {
            utility: u,
            text: text::utility(u),
            above_reservation: u >= reservation,
        })
        .into_response(),
        Ok(None) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(UtilityRefusal {
                error: "the package is incomplete or names unknown values",
            }),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
