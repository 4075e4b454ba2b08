//! Each command run against a talk built from the bundled hiring example, without HTTP.

use std::sync::Arc;

use detente_core::Agenda;
use indexmap::IndexMap;

use super::*;
use crate::engine::{scenario, visibility, Reader, ReplyState};

fn hiring() -> Arc<Agenda> {
    scenario::parse("json", crate::examples::HIRING).unwrap()
}

/// The hiring agenda without the candidate's profile: it states its own.
fn hiring_agenda_only_for_candidate() -> Arc<Agenda> {
    let mut dto: crate::engine::ScenarioDto =
        serde_json::from_str(crate::examples::HIRING).unwrap();
    dto.parties[1].profile = None;
    Arc::new(dto.to_agenda().unwrap())
}

/// Runs `command` on the state and applies what it returns, with the follow-ups.
fn act(
    state: &mut TalkState,
    command: impl FnOnce(&TalkState) -> Result<Vec<TalkEvent>, Rejection>,
) {
    let events = command(state).unwrap();
    apply(state, events);
}

/// An opened talk on `agenda`.
fn opened_on(agenda: Arc<Agenda>) -> TalkState {
    let opening = open_talk(&agenda, Settings::default(), &IndexMap::new()).unwrap();
    let mut state = TalkState::new(agenda);
    apply(&mut state, opening);
    state
}

/// The candidate's profile of the bundled example, in wire form.
fn candidate_profile() -> ProfileDto {
    let dto: crate::engine::ScenarioDto = serde_json::from_str(crate::examples::HIRING).unwrap();
    dto.parties[1].profile.clone().unwrap()
}

/// Applies `events` and then every automatic follow-up, as the service does.
fn apply(state: &mut TalkState, events: Vec<TalkEvent>) {
    let mut queue: std::collections::VecDeque<_> = events.into();
    loop {
        let Some(event) = queue.pop_front().or_else(|| follow_up(state)) else {
            return;
        };
        let seq = state.last_seq + 1;
        state.apply(seq, [0; 32], &event).unwrap();
    }
}

/// An opened hiring talk (Employer in seat 0, Candidate in seat 1), with `agents` seated.
fn opened(agents: &[(&str, AgentDto)]) -> TalkState {
    let scenario = hiring();
    let agents: IndexMap<String, AgentDto> = agents
        .iter()
        .map(|(name, spec)| (name.to_string(), spec.clone()))
        .collect();
    let opening = open_talk(&scenario, Settings::default(), &agents).unwrap();
    let mut state = TalkState::new(scenario);
    apply(&mut state, opening);
    state
}

fn package(values: [&str; 4]) -> PackageDto {
    ["salary", "remote", "start", "title"]
        .into_iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn test_question() -> QuestionDto {
    QuestionDto::Test {
        package: package(["mid", "partial", "next month", "senior engineer"]),
    }
}

/// A scripted agent whose position is the package of [`test_question`]: it accepts that test.
fn accepting_agent() -> AgentDto {
    AgentDto::Scripted {
        position: package(["mid", "partial", "next month", "senior engineer"]),
        demands: IndexMap::new(),
        walk_out_round: None,
    }
}

use crate::engine::PackageDto;

#[test]
fn opening_takes_the_defaults_and_seats_agents_by_name() {
    let scenario = hiring();
    let agents: IndexMap<String, AgentDto> = [("Candidate".to_string(), accepting_agent())].into();
    let events = open_talk(&scenario, Settings::default(), &agents).unwrap();
    assert_eq!(
        events[0],
        TalkEvent::Opened {
            title: "Hiring".into(),
            mediator: DEFAULT_MEDIATOR.into(),
            parties: vec!["Employer".into(), "Candidate".into()],
            rounds: DEFAULT_ROUNDS,
            max_questions: DEFAULT_QUESTIONS,
        }
    );
    assert!(matches!(
        events[1],
        TalkEvent::AgentAttached { seat: 1, .. }
    ));
    assert_eq!(events.len(), 2);
}

#[test]
fn opening_refuses_bad_settings_naming_the_field() {
    let scenario = hiring();
    let none = IndexMap::new();
    let refused = |settings: Settings| open_talk(&scenario, settings, &none).unwrap_err().field;
    let rounds = Settings {
        rounds: Some(0),
        ..Settings::default()
    };
    assert_eq!(refused(rounds), "rounds");
    let questions = Settings {
        max_questions: Some(MAX_QUESTIONS + 1),
        ..Settings::default()
    };
    assert_eq!(refused(questions), "max_questions");
    let title = Settings {
        title: Some("  ".into()),
        ..Settings::default()
    };
    assert_eq!(refused(title), "title");
    let mediator = Settings {
        mediator: Some("m".repeat(MAX_MEDIATOR_NAME + 1)),
        ..Settings::default()
    };
    let rejection = open_talk(&scenario, mediator, &none).unwrap_err();
    assert_eq!(rejection.field, "mediator");
    assert_eq!(
        rejection.message,
        "must be a non-empty name of at most 200 bytes"
    );
    let stranger: IndexMap<String, AgentDto> = [("Nobody".to_string(), accepting_agent())].into();
    let rejection = open_talk(&scenario, Settings::default(), &stranger).unwrap_err();
    assert_eq!(rejection.field, "agents.Nobody");
    assert!(!rejection.conflict);
}

#[test]
fn asking_begins_the_round_and_moves_the_caucus() {
    let mut state = opened(&[]);
    let provenance = ProvenanceDto::default();
    let first = ask(&state, "Employer", &test_question(), &provenance).unwrap();
    assert_eq!(first[0], TalkEvent::RoundBegan { round: 1 });
    assert_eq!(first[1], TalkEvent::CaucusOpened { seat: 0 });
    assert!(matches!(first[2], TalkEvent::Asked { seat: 0, .. }));
    apply(&mut state, first);
    let again = ask(&state, "Employer", &QuestionDto::Propose, &provenance).unwrap();
    assert!(matches!(again[..], [TalkEvent::Asked { seat: 0, .. }]));
    let other = ask(&state, "Candidate", &QuestionDto::Propose, &provenance).unwrap();
    assert_eq!(other[0], TalkEvent::CaucusClosed { seat: 0 });
    assert_eq!(other[1], TalkEvent::CaucusOpened { seat: 1 });
    assert!(matches!(other[2], TalkEvent::Asked { seat: 1, .. }));
}

#[test]
fn asking_refuses_strangers_and_unknown_values() {
    let state = opened(&[]);
    let provenance = ProvenanceDto::default();
    let stranger = ask(&state, "Nobody", &test_question(), &provenance).unwrap_err();
    assert_eq!(
        (stranger.field.as_str(), stranger.conflict),
        ("party", false)
    );
    let mut bad = package(["mid", "partial", "next month", "senior engineer"]);
    bad.insert("salary".into(), "enormous".into());
    let question = QuestionDto::Test { package: bad };
    let rejection = ask(&state, "Employer", &question, &provenance).unwrap_err();
    assert!(
        rejection.field.starts_with("question.package"),
        "{rejection:?}"
    );
}

#[test]
fn closing_needs_an_open_caucus() {
    let mut state = opened(&[]);
    let rejection = close_caucus(&state).unwrap_err();
    assert_eq!(
        (rejection.field.as_str(), rejection.conflict),
        ("caucus", true)
    );
    let asked = ask(&state, "Candidate", &test_question(), &Default::default()).unwrap();
    apply(&mut state, asked);
    assert_eq!(
        close_caucus(&state).unwrap(),
        vec![TalkEvent::CaucusClosed { seat: 1 }]
    );
}

#[test]
fn ending_a_round_begins_one_if_needed_and_measures() {
    let mut state = opened(&[]);
    let events = end_round(&state).unwrap();
    assert_eq!(events[0], TalkEvent::RoundBegan { round: 1 });
    assert!(matches!(events[1], TalkEvent::RoundEnded { round: 1, .. }));
    apply(&mut state, events);
    let asked = ask(&state, "Candidate", &test_question(), &Default::default()).unwrap();
    apply(&mut state, asked);
    let events = end_round(&state).unwrap();
    assert!(matches!(
        events[..],
        [TalkEvent::RoundEnded { round: 2, .. }]
    ));
}

#[test]
fn walking_out_answers_a_pending_question_or_waits_for_one() {
    let mut state = opened(&[]);
    assert_eq!(
        walk_out(&state, 0).unwrap(),
        vec![TalkEvent::WalkOutRequested { seat: 0 }]
    );
    let asked = ask(&state, "Employer", &test_question(), &Default::default()).unwrap();
    apply(&mut state, asked);
    let question = state.seats[0].pending.unwrap();
    assert_eq!(
        walk_out(&state, 0).unwrap(),
        vec![TalkEvent::Answered {
            seat: 0,
            question,
            answer: AnswerDto::WalkOut,
            automated: false,
        }]
    );
    // With two parties, one walking out concludes the talks through the follow-ups.
    let left = walk_out(&state, 0).unwrap();
    apply(&mut state, left);
    assert!(!state.is_open());
    let rejection = end_round(&state).unwrap_err();
    assert_eq!(
        (rejection.field.as_str(), rejection.conflict),
        ("talk", true)
    );
}

#[test]
fn answers_name_every_issue_of_a_proposal() {
    let mut state = opened(&[]);
    let asked = ask(
        &state,
        "Candidate",
        &QuestionDto::Propose,
        &Default::default(),
    )
    .unwrap();
    apply(&mut state, asked);
    let question = state.seats[1].pending.unwrap();
    let proposal = AnswerDto::Proposal {
        package: package(["high", "full", "now", "engineer"]),
    };
    let events = answer(&state, 1, question, &proposal).unwrap();
    let TalkEvent::Answered { answer: given, .. } = &events[0] else {
        panic!("{events:?}");
    };
    assert_eq!(given, &proposal);
    let mut short = package(["high", "full", "now", "engineer"]);
    short.shift_remove("title");
    let rejection = answer(&state, 1, question, &AnswerDto::Proposal { package: short });
    assert!(rejection.unwrap_err().field.starts_with("answer.package"));
}

#[test]
fn profiles_are_checked_against_the_scenario() {
    let state = opened(&[]);
    let profile = ProfileDto::from_profile(state.seats[1].profile.as_ref().unwrap(), state.space())
        .expect("the scenario's profile reads back");
    let events = replace_profile(&state, 1, &profile, true).unwrap();
    assert!(matches!(
        events[..],
        [
            TalkEvent::ProfileReplaced {
                seat: 1,
                shared_with_mediator: true,
                ..
            },
            TalkEvent::ProfileRevised {
                seat: 1,
                revision: 1
            }
        ]
    ));
    let mut bad = serde_json::to_value(&profile).unwrap();
    bad["weights"].as_object_mut().unwrap().remove("title");
    let bad: ProfileDto = serde_json::from_value(bad).unwrap();
    let rejection = replace_profile(&state, 1, &bad, false).unwrap_err();
    assert_eq!(rejection.field, "profile.weights.title", "{rejection:?}");
    assert!(!rejection.conflict);
}

#[test]
fn an_agent_answers_at_once_through_the_follow_ups() {
    let mut state = opened(&[]);
    apply(&mut state, attach_agent(1, &accepting_agent()).unwrap());
    assert!(state.seats[1].agent_spec.is_some());
    let asked = ask(&state, "Candidate", &test_question(), &Default::default()).unwrap();
    apply(&mut state, asked);
    let last = state.questions.last().unwrap();
    assert!(matches!(last.reply, ReplyState::Answered(_)));
    assert!(last.automated);
    assert_eq!(follow_up(&state), None);
}

fn option(issue: &str, value: &str) -> crate::engine::wire::OptionDto {
    crate::engine::wire::OptionDto {
        issue: issue.into(),
        value: value.into(),
    }
}

/// `question` asked of the Employer (seat 0), nothing answering for it: the question's id.
fn asked_of_employer(state: &mut TalkState, question: &QuestionDto) -> u64 {
    let asked = ask(state, "Employer", question, &Default::default()).unwrap();
    apply(state, asked);
    state.seats[0].pending.expect("the question waits")
}

#[test]
fn a_rating_question_names_one_to_24_distinct_options_of_the_scenario() {
    let state = opened(&[]);
    let refused = |options: Vec<crate::engine::wire::OptionDto>| {
        let question = QuestionDto::Rate { options };
        let r = ask(&state, "Employer", &question, &Default::default()).unwrap_err();
        (r.field, r.conflict)
    };
    let invalid = |field: &str| (field.to_string(), false);
    assert_eq!(refused(Vec::new()), invalid("question.options"));
    let many = (0..25).map(|_| option("salary", "low")).collect();
    assert_eq!(refused(many), invalid("question.options"));
    assert_eq!(
        refused(vec![option("salary", "low"), option("salary", "low")]),
        invalid("question.options[1]")
    );
    assert_eq!(
        refused(vec![option("pension", "low")]),
        invalid("question.options[0].issue")
    );
    assert_eq!(
        refused(vec![option("salary", "enormous")]),
        invalid("question.options[0].value")
    );
    let unknown = QuestionDto::Extremes {
        issue: "pension".into(),
    };
    let r = ask(&state, "Employer", &unknown, &Default::default()).unwrap_err();
    assert_eq!((r.field.as_str(), r.conflict), ("question.issue", false));
}

#[test]
fn a_position_test_is_stored_with_its_package_in_issue_order() {
    let mut state = opened(&[]);
    let mut shuffled = PackageDto::new();
    for (k, v) in [
        ("title", "engineer"),
        ("salary", "mid"),
        ("start", "now"),
        ("remote", "none"),
    ] {
        shuffled.insert(k.into(), v.into());
    }
    let q = asked_of_employer(&mut state, &QuestionDto::PositionTest { package: shuffled });
    assert_eq!(
        state.question(q).unwrap().question,
        QuestionDto::PositionTest {
            package: package(["mid", "none", "now", "engineer"])
        }
    );
}

#[test]
fn bad_answers_to_the_new_questions_name_the_field_at_fault() {
    let mut state = opened(&[]);
    let refused = |state: &TalkState, q: u64, answer: AnswerDto| {
        let r = super::answer(state, 0, q, &answer).unwrap_err();
        assert!(!r.conflict, "{r:?}");
        r.field
    };
    let rate = QuestionDto::Rate {
        options: vec![option("salary", "low"), option("remote", "full")],
    };
    let q = asked_of_employer(&mut state, &rate);
    let ratings = |ratings: Vec<u8>| AnswerDto::Ratings { ratings };
    assert_eq!(
        refused(&state, q, ratings(vec![20, 101])),
        "answer.ratings[1]"
    );
    assert_eq!(refused(&state, q, ratings(vec![20])), "answer.ratings");
    assert_eq!(
        refused(&state, q, AnswerDto::Rating { rating: 50 }),
        "answer"
    );
    let events = super::answer(&state, 0, q, &ratings(vec![100, 0])).unwrap();
    apply(&mut state, events);
    assert_eq!(
        state.question(q).unwrap().reply,
        ReplyState::Answered(ratings(vec![100, 0]))
    );

    let q = asked_of_employer(&mut state, &QuestionDto::SplitPoints);
    let points = |pairs: &[(&str, u32)]| AnswerDto::Points {
        points: pairs.iter().map(|(k, p)| (k.to_string(), *p)).collect(),
    };
    let four = [("salary", 40), ("remote", 30), ("start", 20), ("title", 0)];
    assert_eq!(refused(&state, q, points(&four)), "answer.points");
    assert_eq!(
        refused(&state, q, points(&four[..3])),
        "answer.points.title"
    );
    let mut extra = four.to_vec();
    extra.push(("pension", 10));
    assert_eq!(refused(&state, q, points(&extra)), "answer.points.pension");
    let overflowing = [
        ("salary", u32::MAX),
        ("remote", 101),
        ("start", 0),
        ("title", 0),
    ];
    assert_eq!(refused(&state, q, points(&overflowing)), "answer.points");
    // Points in any order are stored in issue order.
    let events = super::answer(
        &state,
        0,
        q,
        &points(&[("title", 10), ("start", 20), ("remote", 30), ("salary", 40)]),
    )
    .unwrap();
    apply(&mut state, events);
    assert_eq!(
        state.question(q).unwrap().reply,
        ReplyState::Answered(points(&[
            ("salary", 40),
            ("remote", 30),
            ("start", 20),
            ("title", 10)
        ]))
    );
}

#[test]
fn cannot_say_answers_questions_about_single_issues_only() {
    let mut state = opened(&[]);
    let extremes = QuestionDto::Extremes {
        issue: "salary".into(),
    };
    let q = asked_of_employer(&mut state, &extremes);
    let bad_value = AnswerDto::Extremes {
        best: "low".into(),
        worst: "enormous".into(),
    };
    let r = super::answer(&state, 0, q, &bad_value).unwrap_err();
    assert_eq!(r.field, "answer.worst");
    let events = super::answer(&state, 0, q, &AnswerDto::CannotSay).unwrap();
    apply(&mut state, events);
    assert_eq!(
        state.question(q).unwrap().reply,
        ReplyState::Answered(AnswerDto::CannotSay)
    );

    let walk_away = asked_of_employer(&mut state, &QuestionDto::RateWalkAway);
    let r = super::answer(&state, 0, walk_away, &AnswerDto::Rating { rating: 101 }).unwrap_err();
    assert_eq!(r.field, "answer.rating");
    let events = super::answer(&state, 0, walk_away, &AnswerDto::Rating { rating: 35 }).unwrap();
    apply(&mut state, events);

    let position = QuestionDto::PositionTest {
        package: package(["mid", "none", "now", "engineer"]),
    };
    let q = asked_of_employer(&mut state, &position);
    let r = super::answer(&state, 0, q, &AnswerDto::CannotSay).unwrap_err();
    assert_eq!((r.field.as_str(), r.conflict), ("answer", false));
    assert!(r.message.contains("`position`"), "{}", r.message);
    let events = super::answer(&state, 0, q, &AnswerDto::Position { better: true }).unwrap();
    apply(&mut state, events);
    assert_eq!(
        state.question(q).unwrap().reply,
        ReplyState::Answered(AnswerDto::Position { better: true })
    );
}

#[test]
fn a_delegation_without_a_profile_states_one_and_the_mediator_learns_only_that_it_did() {
    let mut state = opened_on(hiring_agenda_only_for_candidate());
    assert!(state.seats[1].profile.is_none());
    assert_eq!(state.blind_to(), [1]);
    assert!(state.zone().is_none(), "no zone without every profile");
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), false)
    });
    assert_eq!(state.seats[1].revisions, 1);
    assert_eq!(state.blind_to(), [1], "stated, but kept private");
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), false)
    });
    assert_eq!(state.seats[1].revisions, 2);
    // The revision notice is the mediator's; the profile is not.
    let revised = TalkEvent::ProfileRevised {
        seat: 1,
        revision: 2,
    };
    assert!(visibility::may_see(Reader::Mediator, &revised));
    let stated = replace_profile(&state, 1, &candidate_profile(), false).unwrap();
    assert!(!visibility::may_see(Reader::Mediator, &stated[0]));
    assert!(!visibility::may_see(Reader::Party(0), &stated[1]));
}

#[test]
fn a_hand_over_is_a_separate_revocable_act_of_the_delegation() {
    let mut state = opened_on(hiring_agenda_only_for_candidate());
    let refused = hand_over_profile(&state, 1).unwrap_err();
    assert!(refused.conflict && refused.message.contains("state your own"));
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), false)
    });
    assert!(
        withdraw_profile(&state, 1).is_err(),
        "nothing handed over yet"
    );
    let handed = hand_over_profile(&state, 1).unwrap();
    assert!(matches!(
        handed[..],
        [TalkEvent::ProfileHandedOver { seat: 1, .. }]
    ));
    assert!(visibility::may_see(Reader::Mediator, &handed[0]));
    apply(&mut state, handed);
    assert!(state.mediator_holds_profiles());
    assert!(
        state.zone().is_some(),
        "the mediator now holds both profiles"
    );
    assert!(hand_over_profile(&state, 1).is_err(), "already handed over");
    act(&mut state, |s| withdraw_profile(s, 1));
    assert_eq!(state.blind_to(), [1]);
    assert!(state.zone().is_none());
}

#[test]
fn a_hand_over_must_carry_the_profile_in_force() {
    let mut state = opened_on(hiring_agenda_only_for_candidate());
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), false)
    });
    let mut other = candidate_profile();
    other.reservation = 0.123;
    let seq = state.last_seq + 1;
    let forged = TalkEvent::ProfileHandedOver {
        seat: 1,
        profile: other,
    };
    assert!(state.apply(seq, [0; 32], &forged).is_err());
    assert!(!state.seats[1].profile_shared);
}

#[test]
fn an_agent_needs_its_seats_profile_and_a_mediator_only_proposes_one() {
    let mut state = opened_on(hiring_agenda_only_for_candidate());
    let seq = state.last_seq + 1;
    let refused = state
        .apply(
            seq,
            [0; 32],
            &attach_agent(1, &accepting_agent()).unwrap()[0],
        )
        .unwrap_err();
    assert!(
        refused.message.contains("not stated its preferences"),
        "{refused:?}"
    );
    act(&mut state, |s| propose_agent(s, 1, &accepting_agent()));
    assert_eq!(state.seats[1].proposed_agent, Some(accepting_agent()));
    assert!(
        state.seats[1].agent_spec.is_none(),
        "a proposal seats nothing"
    );
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), false)
    });
    act(&mut state, |s| seat_proposed_agent(s, 1));
    assert_eq!(state.seats[1].agent_spec, Some(accepting_agent()));
    assert!(
        state.seats[1].proposed_agent.is_none(),
        "the proposal was taken up"
    );
    assert!(seat_proposed_agent(&state, 1).unwrap_err().conflict);
    act(&mut state, |s| remove_agent(s, 1));
    assert!(state.seats[1].agent_spec.is_none());
    assert!(remove_agent(&state, 1).is_err());
    let bad = AgentDto::Engine {
        agent: "no-such-agent".into(),
        joint_sessions: true,
    };
    assert_eq!(
        propose_agent(&state, 1, &bad).unwrap_err().field,
        "agent.agent"
    );
}

#[test]
fn the_blind_desk_suggests_a_question_with_a_reason_and_bounds_use_held_profiles() {
    let mut state = opened_on(hiring_agenda_only_for_candidate());
    let (_, suggestions) = state.desk_reading();
    let candidate = suggestions
        .iter()
        .find(|s| s.seat == 1)
        .expect("a question for the delegation the mediator is blind to");
    assert!(!candidate.reason.is_empty());
    assert!(candidate.question.to_core(state.space(), "q").is_ok());
    // Blind to the candidate: the bounds are wide; holding both profiles they close on the
    // exact margin.
    let (blind, exact) = state.measure();
    assert!(exact.is_none() && blind.lower < blind.upper);
    act(&mut state, |s| {
        replace_profile(s, 1, &candidate_profile(), true)
    });
    let (held, exact) = state.measure();
    let exact = exact.expect("the mediator holds both profiles");
    assert!((held.lower - exact).abs() < 1e-9 && (held.upper - exact).abs() < 1e-9);
    assert!(blind.lower <= exact + 1e-9 && exact <= blind.upper + 1e-9);
}
