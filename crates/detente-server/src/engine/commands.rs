//! Engine commands: which events each action of the mediator or a party produces, decided from
//! the talk's state alone (no HTTP, no storage, no async), and the events that follow
//! automatically. The service applies what a command returns; the API and the browser interface
//! only call commands through [`crate::actions`].
//!
//! A command checks what the request says against the state (the party exists, packages name
//! real values, the talks are still open) and returns the events to append, or a [`Rejection`]
//! naming the field at fault. Whether the events may then be applied is the state machine's rule
//! ([`TalkState::apply`]). A command checks early only what an event carries (an `ask`'s
//! provenance, a replaced profile), so such a request is refused before any of its batch is
//! applied: a batch refused part-way makes the service rebuild the projection from the log.

use detente_core::Agenda;
use indexmap::IndexMap;

use super::{
    AgentDto, AnswerDto, ProfileDto, ProvenanceDto, QuestionDto, Rejection, TalkEvent, TalkState,
};

/// Default deadline in rounds.
pub const DEFAULT_ROUNDS: u32 = 10;
/// Default number of questions per caucus.
pub const DEFAULT_QUESTIONS: usize = 4;
/// Largest number of questions per caucus.
pub const MAX_QUESTIONS: usize = 100;
/// Largest deadline in rounds.
pub const MAX_ROUNDS: u32 = 1000;
/// Longest title.
pub const MAX_TEXT: usize = 10_000;
/// Longest mediator name, in bytes.
pub const MAX_MEDIATOR_NAME: usize = 200;
/// How the communiqué names the mediator unless told otherwise (the same default as `detente
/// talks`).
pub use detente_core::talks::setup::DEFAULT_MEDIATOR_NAME as DEFAULT_MEDIATOR;

/// The settings a new talk opens with; `None` takes the default.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Title shown to everyone (default: the scenario's name).
    pub title: Option<String>,
    /// How the communiqué names the mediator (default "The mediator").
    pub mediator: Option<String>,
    /// Deadline in rounds (default 10).
    pub rounds: Option<u32>,
    /// Most questions per caucus (default 4).
    pub max_questions: Option<usize>,
}

fn checked_rounds(rounds: Option<u32>) -> Result<u32, Rejection> {
    let rounds = rounds.unwrap_or(DEFAULT_ROUNDS);
    if rounds == 0 || rounds > MAX_ROUNDS {
        return Err(Rejection::invalid(
            "rounds",
            format!("must be between 1 and {MAX_ROUNDS}"),
        ));
    }
    Ok(rounds)
}

fn checked_max_questions(max_questions: Option<usize>) -> Result<usize, Rejection> {
    let max_questions = max_questions.unwrap_or(DEFAULT_QUESTIONS);
    if max_questions == 0 || max_questions > MAX_QUESTIONS {
        return Err(Rejection::invalid(
            "max_questions",
            format!("must be between 1 and {MAX_QUESTIONS}"),
        ));
    }
    Ok(max_questions)
}

fn checked_title(title: Option<String>, agenda: &Agenda) -> Result<String, Rejection> {
    let title = title.unwrap_or_else(|| agenda.name.clone());
    if title.trim().is_empty() || title.len() > MAX_TEXT {
        return Err(Rejection::invalid(
            "title",
            "must be non-empty text of reasonable length",
        ));
    }
    Ok(title)
}

fn checked_mediator(mediator: Option<String>) -> Result<String, Rejection> {
    let mediator = mediator.unwrap_or_else(|| DEFAULT_MEDIATOR.to_string());
    if mediator.trim().is_empty() || mediator.len() > MAX_MEDIATOR_NAME {
        return Err(Rejection::invalid(
            "mediator",
            format!("must be a non-empty name of at most {MAX_MEDIATOR_NAME} bytes"),
        ));
    }
    Ok(mediator)
}

/// The events a new talk opens with: `Opened` with the checked settings, then one
/// `AgentAttached` per agent seated by party name (only for a seat whose profile the agenda
/// supplies: an agent answers from its seat's profile).
pub fn open_talk(
    agenda: &Agenda,
    settings: Settings,
    agents: &IndexMap<String, AgentDto>,
) -> Result<Vec<TalkEvent>, Rejection> {
    let rounds = checked_rounds(settings.rounds)?;
    let max_questions = checked_max_questions(settings.max_questions)?;
    let title = checked_title(settings.title, agenda)?;
    let mediator = checked_mediator(settings.mediator)?;
    let parties: Vec<String> = agenda
        .delegations()
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let seated = agents
        .iter()
        .map(|(name, agent)| {
            let seat = parties.iter().position(|p| p == name).ok_or_else(|| {
                Rejection::invalid(format!("agents.{name}"), "is not a party of the scenario")
            })?;
            Ok(TalkEvent::AgentAttached {
                seat,
                agent: agent.clone(),
            })
        })
        .collect::<Result<Vec<_>, Rejection>>()?;
    let mut opening = vec![TalkEvent::Opened {
        title,
        mediator,
        parties,
        rounds,
        max_questions,
    }];
    opening.extend(seated);
    Ok(opening)
}

/// The seat of the party called `name`; `field` names the request field on failure.
pub fn seat_named(state: &TalkState, field: &str, name: &str) -> Result<usize, Rejection> {
    state
        .seats
        .iter()
        .position(|s| s.party == name)
        .ok_or_else(|| Rejection::invalid(field, format!("`{name}` is not a party of this talk")))
}

/// The question, checked against the scenario, in canonical form (packages name every issue in
/// order, values and issues as the scenario spells them).
fn normalize_question(state: &TalkState, question: &QuestionDto) -> Result<QuestionDto, Rejection> {
    let space = state.space();
    let core = question.to_core(space, "question")?;
    Ok(QuestionDto::from_core(space, &core))
}

/// The mediator asks `party` a question in caucus: the round begins if none is running, a caucus
/// open with another party closes, and one with this party opens.
pub fn ask(
    state: &TalkState,
    party: &str,
    question: &QuestionDto,
    provenance: &ProvenanceDto,
) -> Result<Vec<TalkEvent>, Rejection> {
    let seat = seat_named(state, "party", party)?;
    let question = normalize_question(state, question)?;
    provenance.to_core(&state.party_names(), "provenance")?;
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
        provenance: provenance.clone(),
    });
    Ok(events)
}

/// The mediator closes the open caucus (a pending question stays unanswered).
pub fn close_caucus(state: &TalkState) -> Result<Vec<TalkEvent>, Rejection> {
    match state.caucus_party() {
        Some(seat) => Ok(vec![TalkEvent::CaucusClosed { seat }]),
        None => Err(Rejection::state("caucus", "no caucus is open")),
    }
}

/// The mediator ends the round (beginning one first if none is running); the margin is measured
/// on the knowledge as it stands.
pub fn end_round(state: &TalkState) -> Result<Vec<TalkEvent>, Rejection> {
    if !state.is_open() {
        return Err(Rejection::state("talk", "talks have concluded"));
    }
    let mut events = Vec::new();
    let mut round = state.round();
    if !state.in_round {
        round += 1;
        events.push(TalkEvent::RoundBegan { round });
    }
    // Beginning a round adds no knowledge, so measuring before it is applied is the same.
    let (estimate, exact) = state.measure();
    events.push(TalkEvent::RoundEnded {
        round,
        estimate,
        exact,
    });
    Ok(events)
}

/// The party in `seat` seats an automated agent, which answers from the party's own profile.
pub fn attach_agent(seat: usize, agent: &AgentDto) -> Result<Vec<TalkEvent>, Rejection> {
    Ok(vec![TalkEvent::AgentAttached {
        seat,
        agent: agent.clone(),
    }])
}

/// The party in `seat` seats the agent the mediator proposed to it.
pub fn seat_proposed_agent(state: &TalkState, seat: usize) -> Result<Vec<TalkEvent>, Rejection> {
    let agent = state.seats[seat].proposed_agent.as_ref().ok_or_else(|| {
        Rejection::state(
            "agent",
            "the mediator proposes no agent now (it may have been seated or replaced)",
        )
    })?;
    attach_agent(seat, agent)
}

/// The mediator proposes an agent for `seat`; the party decides.
pub fn propose_agent(
    state: &TalkState,
    seat: usize,
    agent: &AgentDto,
) -> Result<Vec<TalkEvent>, Rejection> {
    agent.check(state.space())?;
    Ok(vec![TalkEvent::AgentProposed {
        seat,
        agent: agent.clone(),
    }])
}

/// The party in `seat` removes its agent and answers in person again.
pub fn remove_agent(state: &TalkState, seat: usize) -> Result<Vec<TalkEvent>, Rejection> {
    if state.seats[seat].agent_spec.is_none() {
        return Err(Rejection::state("agent", "no agent answers for this party"));
    }
    Ok(vec![TalkEvent::AgentRemoved { seat }])
}

/// The party in `seat` states its own profile (checked against the agenda), handing it to the
/// mediator in confidence if `share_with_mediator`; the mediator is told that it did (a
/// revision), and nothing else unless it was handed the profile.
pub fn replace_profile(
    state: &TalkState,
    seat: usize,
    profile: &ProfileDto,
    share_with_mediator: bool,
) -> Result<Vec<TalkEvent>, Rejection> {
    let checked = profile.to_profile("profile", &state.seats[seat].party, state.space())?;
    // Stored in canonical form (issues and values in agenda order), so a later hand-over can be
    // compared with the profile in force.
    let canonical =
        ProfileDto::from_profile(&checked, state.space()).unwrap_or_else(|| profile.clone());
    Ok(vec![
        TalkEvent::ProfileReplaced {
            seat,
            profile: canonical,
            shared_with_mediator: share_with_mediator,
        },
        TalkEvent::ProfileRevised {
            seat,
            revision: state.seats[seat].revisions + 1,
        },
    ])
}

/// The party in `seat` submits a page of its preference wizard (checked against its draft
/// before anything is appended).
pub fn wizard_step(
    state: &TalkState,
    seat: usize,
    input: &super::wizard::WizardInputDto,
) -> Result<Vec<TalkEvent>, Rejection> {
    let core = input.to_core(state.space())?;
    state
        .wizard_draft(seat)?
        .apply(&core)
        .map_err(|e| super::wizard::rejection(&e))?;
    Ok(vec![TalkEvent::WizardSaved {
        seat,
        input: input.clone(),
    }])
}

/// The party in `seat` saves the preferences its wizard states as its profile (see
/// [`replace_profile`]); the wizard must have reached its check page.
pub fn finish_wizard(
    state: &TalkState,
    seat: usize,
    share_with_mediator: bool,
) -> Result<Vec<TalkEvent>, Rejection> {
    let profile = state
        .wizard_draft(seat)?
        .profile()
        .map_err(|e| super::wizard::rejection(&e))?;
    let dto = ProfileDto::from_profile(&profile, state.space())
        .ok_or_else(|| Rejection::state("wizard", "the stated preferences have no profile form"))?;
    replace_profile(state, seat, &dto, share_with_mediator)
}

/// The party in `seat` hands its own profile in force to the mediator, in confidence.
pub fn hand_over_profile(state: &TalkState, seat: usize) -> Result<Vec<TalkEvent>, Rejection> {
    let profile = state.own_profile(seat).ok_or_else(|| {
        Rejection::state(
            "profile",
            "state your own preferences first: there is no profile of yours to hand over",
        )
    })?;
    if state.seats[seat].profile_shared {
        return Err(Rejection::state("profile", "the mediator already holds it"));
    }
    Ok(vec![TalkEvent::ProfileHandedOver { seat, profile }])
}

/// The party in `seat` takes back the profile it handed over.
pub fn withdraw_profile(state: &TalkState, seat: usize) -> Result<Vec<TalkEvent>, Rejection> {
    let s = &state.seats[seat];
    if !(s.profile_replaced && s.profile_shared) {
        return Err(Rejection::state(
            "profile",
            "the mediator holds no profile you handed over",
        ));
    }
    Ok(vec![TalkEvent::ProfileWithdrawn { seat }])
}

/// The party in `seat` answers question `question`: an answer to its pending question is checked
/// and put in canonical form (packages and points in issue order, values as the scenario spells
/// them); an answer to any other question is left to the state to refuse.
pub fn answer(
    state: &TalkState,
    seat: usize,
    question: u64,
    answer: &AnswerDto,
) -> Result<Vec<TalkEvent>, Rejection> {
    let space = state.space();
    let pending = state
        .seats
        .get(seat)
        .and_then(|s| s.pending)
        .filter(|&q| q == question)
        .and_then(|q| state.question(q));
    let answer = match pending {
        Some(record) => {
            let asked = record.question.to_core(space, "question")?;
            AnswerDto::from_core(space, &asked, &answer.checked(space, &asked, "answer")?)
        }
        None => answer.clone(),
    };
    Ok(vec![TalkEvent::Answered {
        seat,
        question,
        answer,
        automated: false,
    }])
}

/// The party in `seat` leaves: at once, as the answer to its pending question, or else at its
/// next question.
pub fn walk_out(state: &TalkState, seat: usize) -> Result<Vec<TalkEvent>, Rejection> {
    Ok(vec![match state.seats[seat].pending {
        Some(question) => TalkEvent::Answered {
            seat,
            question,
            answer: AnswerDto::WalkOut,
            automated: false,
        },
        None => TalkEvent::WalkOutRequested { seat },
    }])
}

/// The event that follows automatically from `state`, if any: an automated agent (or a party that
/// asked to leave) answers its pending question; a round in which every party at the table
/// accepted one package, or that fewer than two parties remain in, ends at once; and talks that
/// ended publish their communiqué. Agents do not run here (they ran when their question was
/// applied), so asking again changes nothing.
pub fn follow_up(state: &TalkState) -> Option<TalkEvent> {
    if !state.is_open() {
        return None;
    }
    for seat in 0..state.seats.len() {
        let s = &state.seats[seat];
        if s.pending.is_some() && (s.walk_out_requested || s.agent_spec.is_some()) {
            if let Some(answer) = state.automatic_answer(seat) {
                return Some(answer);
            }
        }
    }
    let talks = state.talks()?;
    if state.in_round && (talks.settled() || talks.at_table().len() < 2) {
        let (estimate, exact) = state.measure();
        return Some(TalkEvent::RoundEnded {
            round: talks.round(),
            estimate,
            exact,
        });
    }
    let (ending, agreement) = state.ending()?;
    Some(TalkEvent::Concluded {
        ending,
        agreement,
        communique: state.communique(),
    })
}

#[cfg(test)]
mod tests;
