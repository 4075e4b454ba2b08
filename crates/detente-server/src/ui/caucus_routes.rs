//! The caucus room's routes for the delegation's own preferences and consent: the preference
//! wizard's pages (`/caucus/preferences`), saving them, handing them to the mediator or taking
//! them back, and seating or removing an automated agent. Every form is checked for the same
//! origin and acts with the session's delegation key through the same [`crate::actions`] the JSON
//! API calls.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use super::pages::{self, WizardPageKind, WizardQuery};
use super::session::{self, Role};
use super::{
    action_message, api_error_page, curve_named, field, forbidden_origin, html, session_reader,
    wizard_forms,
};
use crate::actions::{self, Caller, FinishWizardRequest};
use crate::api::AppState;
use crate::engine::{AgentDto, Reader};
use crate::error::ApiError;

/// The wizard page `query` names, with the error of a failed submit, its status (else 200) and
/// the values it posted.
async fn render_wizard(
    app: &AppState,
    id: &str,
    headers: &HeaderMap,
    query: &WizardQuery,
    error: Option<(StatusCode, String)>,
    posted: &[(String, String)],
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
    let built = app
        .talks
        .read(&entry, |state| {
            pages::wizard_page(id, state, seat, query, error, posted)
        })
        .await;
    match built {
        Ok(Ok(page)) => html(status, &page),
        Ok(Err(rejection)) => api_error_page(&ApiError::from(rejection)),
        Err(e) => api_error_page(&e),
    }
}

/// `GET /talks/{id}/caucus/preferences`: one page of the preference wizard.
pub(super) async fn wizard(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<WizardQuery>,
    headers: HeaderMap,
) -> Response {
    render_wizard(&app, &id, &headers, &query, None, &[]).await
}

/// `POST /talks/{id}/caucus/preferences`: submits the page `query` names; on success goes on to
/// the next page, else shows the same page with the error naming the field.
pub(super) async fn wizard_submit(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<WizardQuery>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !session::same_origin(&headers) {
        return forbidden_origin();
    }
    let caller = match session_reader(&app, &id, Role::Delegation, &headers).await {
        Ok(caller) => caller,
        Err(page) => return page,
    };
    let submitted = match wizard_forms::wizard_input_from(&form) {
        Ok(input) => actions::wizard_step(&app.talks, &caller, &input).await,
        Err(e) => Err(e),
    };
    match submitted {
        Ok(_) => {
            let issues = app
                .talks
                .read(&caller.entry, |state| state.space().issues().len())
                .await
                .unwrap_or(0);
            let page = WizardPageKind::named(&query, issues).unwrap_or(WizardPageKind::Check);
            let next = page.after(issues).query();
            Redirect::to(&format!("/talks/{id}/caucus/preferences?{next}#wizard")).into_response()
        }
        Err(e) => {
            let error = Some((e.status().0, action_message(&e)));
            render_wizard(&app, &id, &headers, &query, error, &form).await
        }
    }
}

/// `POST /talks/{id}/caucus/preferences/save`: saves the wizard's preferences as the
/// delegation's profile, handed to the mediator only if `share` is ticked.
pub(super) async fn save(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let request = FinishWizardRequest {
        share_with_mediator: field(&form, "share").is_some(),
    };
    if !session::same_origin(&headers) {
        return forbidden_origin();
    }
    let caller = match session_reader(&app, &id, Role::Delegation, &headers).await {
        Ok(caller) => caller,
        Err(page) => return page,
    };
    match actions::finish_wizard(&app.talks, &caller, &request).await {
        Ok(()) => Redirect::to(&format!("/talks/{id}/caucus#preferences")).into_response(),
        Err(e) => {
            let error = Some((e.status().0, action_message(&e)));
            let check = WizardQuery {
                step: Some("check".into()),
                issue: None,
            };
            render_wizard(&app, &id, &headers, &check, error, &[]).await
        }
    }
}

/// `POST /talks/{id}/caucus/profile/hand-over`.
pub(super) async fn hand_over(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "#preferences", |app, caller| async move {
            actions::hand_over_profile(&app.talks, &caller).await
        })
        .await
}

/// `POST /talks/{id}/caucus/profile/take-back`.
pub(super) async fn take_back(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "#preferences", |app, caller| async move {
            actions::withdraw_profile(&app.talks, &caller).await
        })
        .await
}

/// `POST /talks/{id}/caucus/agent`: the delegation seats an agent for itself: the mediator's
/// proposal (`proposed`), else an aspiration agent with the chosen `curve`.
pub(super) async fn seat_agent(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "#agent", |app, caller| async move {
            if field(&form, "proposed").is_some() {
                return actions::seat_proposed_agent(&app.talks, &caller).await;
            }
            let agent = AgentDto::Aspiration {
                curve: curve_named(field(&form, "curve").unwrap_or("linear"))?,
                joint_sessions: true,
            };
            actions::attach_own_agent(&app.talks, &caller, &agent).await
        })
        .await
}

/// `POST /talks/{id}/caucus/agent/remove`: the delegation removes its agent.
pub(super) async fn remove_agent(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    Role::Delegation
        .run_action(app, id, headers, "#agent", |app, caller| async move {
            actions::remove_agent(&app.talks, &caller).await
        })
        .await
}
