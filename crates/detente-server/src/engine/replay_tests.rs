//! Seated agents and replay: a talk run live (one [`TalkState`], every event applied as it is
//! produced, the automatic answers added as the service adds them) and the same talk rebuilt from
//! its log after every action (a fresh [`TalkState`] replaying everything so far, as after a
//! restart, a cache clear, a store conflict or on a second server) give the same transcript, for
//! every kind of agent a seat can hold.

use std::sync::Arc;

use detente_core::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Rejection, TalkState};
use crate::engine::agent::Curve;
use crate::engine::commands::follow_up;
use crate::engine::wire::{from_outcome, OptionDto};
use crate::engine::{AgentDto, AnswerDto, PackageDto, ProvenanceDto, QuestionDto, TalkEvent};

const ROUNDS: u32 = 6;
const MAX_QUESTIONS: usize = 4;

fn scenario(name: &str) -> Arc<Scenario> {
    let (format, text) = crate::examples::find(name).expect("a bundled example");
    let agenda = crate::engine::scenario::parse(format, text).expect("the example reads");
    std::sync::Arc::new(agenda.scenario().expect("the example has every profile"))
}

/// Every agent a seat can hold: each engine name `detente_core::agent::AgentSpec` accepts, the
/// aspiration curves, and scripted positions (one that walks out).
fn every_agent(scenario: &Scenario, rng: &mut ChaCha8Rng) -> Vec<AgentDto> {
    let engine = |name: &str| AgentDto::Engine {
        agent: name.to_string(),
        joint_sessions: true,
    };
    let mut agents: Vec<AgentDto> = [
        "boulware",
        "linear",
        "conceder",
        "hardliner",
        "aspiration:2",
        "tft",
        "tft-matching",
        "random",
        "random:0.5",
        "hardheaded",
        "agentk",
    ]
    .into_iter()
    .map(engine)
    .collect();
    for curve in [Curve::Boulware, Curve::Linear, Curve::Conceder] {
        agents.push(AgentDto::Aspiration {
            curve,
            joint_sessions: false,
        });
    }
    for walk_out_round in [None, Some(3)] {
        agents.push(AgentDto::Scripted {
            position: random_package(scenario, rng),
            demands: Default::default(),
            walk_out_round,
        });
    }
    agents
}

fn random_package(scenario: &Scenario, rng: &mut ChaCha8Rng) -> PackageDto {
    let space = scenario.space();
    let radices = space.radices().expect("a discrete space");
    let indices: Vec<u32> = radices.iter().map(|&r| rng.gen_range(0..r)).collect();
    from_outcome(space, &space.outcome_from_indices(&indices))
}

/// One to four distinct options of random issues.
fn random_options(scenario: &Scenario, rng: &mut ChaCha8Rng) -> Vec<OptionDto> {
    let package = random_package(scenario, rng);
    let mut options: Vec<OptionDto> = Vec::new();
    for _ in 0..rng.gen_range(1..=4) {
        let (issue, value) = package
            .get_index(rng.gen_range(0..package.len()))
            .expect("an issue");
        let option = OptionDto {
            issue: issue.clone(),
            value: value.clone(),
        };
        if !options.contains(&option) {
            options.push(option);
        }
    }
    options
}

/// A question of any kind, tests the most often.
fn random_question(scenario: &Scenario, rng: &mut ChaCha8Rng) -> QuestionDto {
    let issues: Vec<String> = scenario
        .space()
        .issues()
        .iter()
        .map(|i| i.name().to_string())
        .collect();
    match rng.gen_range(0..15) {
        0 => QuestionDto::Propose,
        1 => QuestionDto::RankIssues,
        2 => QuestionDto::JointSession,
        3 => QuestionDto::Compare {
            a: random_package(scenario, rng),
            b: random_package(scenario, rng),
        },
        4 => QuestionDto::Extremes {
            issue: issues[rng.gen_range(0..issues.len())].clone(),
        },
        5 => QuestionDto::Rate {
            options: random_options(scenario, rng),
        },
        6 => QuestionDto::SplitPoints,
        7 | 8 => QuestionDto::PositionTest {
            package: random_package(scenario, rng),
        },
        9 => QuestionDto::RateWalkAway,
        _ => QuestionDto::Test {
            package: random_package(scenario, rng),
        },
    }
}

/// The state `log` adds up to, from scratch.
/// The talk's agenda: the scenario with every profile.
fn agenda_of(scenario: &Scenario) -> Arc<detente_core::Agenda> {
    Arc::new(detente_core::Agenda::from(scenario.clone()))
}

fn replay(scenario: &Arc<Scenario>, log: &[TalkEvent]) -> Result<TalkState, Rejection> {
    let mut state = TalkState::new(agenda_of(scenario));
    for event in log {
        state.apply(state.last_seq + 1, [0; 32], event)?;
    }
    Ok(state)
}

/// One talk, its log, and whether its state is rebuilt from the log after every action.
struct Run {
    scenario: Arc<Scenario>,
    state: TalkState,
    log: Vec<TalkEvent>,
    restart: bool,
}

impl Run {
    fn new(scenario: &Arc<Scenario>, restart: bool) -> Self {
        Run {
            scenario: scenario.clone(),
            state: TalkState::new(agenda_of(scenario)),
            log: Vec::new(),
            restart,
        }
    }

    fn append(&mut self, event: TalkEvent) -> Result<(), Rejection> {
        self.state.apply(self.state.last_seq + 1, [0; 32], &event)?;
        self.log.push(event);
        Ok(())
    }

    /// The mediator's `event` (skipped when the rules refuse it now), then what follows by
    /// itself, as the service chains them; a restarting run then forgets its state and replays.
    fn act(&mut self, event: TalkEvent) {
        if self.append(event).is_err() {
            return;
        }
        for _ in 0..64 {
            let Some(next) = follow_up(&self.state) else {
                break;
            };
            let at = self.log.len() + 1;
            self.append(next.clone())
                .unwrap_or_else(|r| panic!("follow-up {at} {next:?} refused: {r:?}"));
        }
        if self.restart {
            self.state = replay(&self.scenario, &self.log)
                .unwrap_or_else(|r| panic!("the log does not replay: {r:?}"));
        }
    }

    fn open(&self) -> bool {
        self.state.is_open()
    }
}

/// A mediator asking random questions of every seat, round after round, to the deadline.
fn mediate(run: &mut Run, agent: &AgentDto, rng: &mut ChaCha8Rng) {
    let parties = run.state.party_names();
    run.act(TalkEvent::Opened {
        title: "replay".into(),
        mediator: "the mediator".into(),
        parties: parties.clone(),
        rounds: ROUNDS,
        max_questions: MAX_QUESTIONS,
    });
    for seat in 0..parties.len() {
        run.act(TalkEvent::AgentAttached {
            seat,
            agent: agent.clone(),
        });
    }
    for round in 1..=ROUNDS {
        if !run.open() {
            break;
        }
        run.act(TalkEvent::RoundBegan { round });
        for seat in 0..parties.len() {
            if !run.state.in_round || !run.state.at_table().contains(&seat) {
                continue;
            }
            run.act(TalkEvent::CaucusOpened { seat });
            for _ in 0..rng.gen_range(1..=MAX_QUESTIONS) {
                if run.state.caucus_party() != Some(seat) {
                    break;
                }
                let question = random_question(&run.scenario, rng);
                run.act(TalkEvent::Asked {
                    seat,
                    question,
                    provenance: ProvenanceDto::default(),
                });
            }
            if run.state.caucus_party() == Some(seat) {
                run.act(TalkEvent::CaucusClosed { seat });
            }
        }
        if run.open() && run.state.in_round {
            let (estimate, exact) = run.state.measure();
            run.act(TalkEvent::RoundEnded {
                round,
                estimate,
                exact,
            });
        }
    }
}

fn transcript(scenario: &Arc<Scenario>, agent: &AgentDto, seed: u64, restart: bool) -> Run {
    let mut run = Run::new(scenario, restart);
    mediate(&mut run, agent, &mut ChaCha8Rng::seed_from_u64(seed));
    run
}

fn first_difference(a: &[TalkEvent], b: &[TalkEvent]) -> Option<usize> {
    (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))
}

#[test]
fn every_agent_answers_alike_live_and_rebuilt_from_the_log_after_every_action() {
    let mut failures = Vec::new();
    let mut answered = std::collections::BTreeSet::new();
    for example in ["hiring", "miami"] {
        let scenario = scenario(example);
        let agents = every_agent(&scenario, &mut ChaCha8Rng::seed_from_u64(7));
        for agent in &agents {
            for seed in 0..3 {
                let live = transcript(&scenario, agent, seed, false);
                let restarted = transcript(&scenario, agent, seed, true);
                let answers = live
                    .log
                    .iter()
                    .filter(|e| matches!(e, TalkEvent::Answered { .. }))
                    .count();
                assert!(answers >= 4, "{example} {agent:?}: the agents answered");
                answered.extend(live.log.iter().filter_map(|e| match e {
                    TalkEvent::Answered { answer, .. } => Some(answer_kind(answer)),
                    _ => None,
                }));
                if let Some(i) = first_difference(&live.log, &restarted.log) {
                    failures.push(format!(
                        "{example}, {agent:?}, seed {seed}: event {} differs\n  live:      {:?}\n  restarted: {:?}",
                        i + 1,
                        live.log.get(i),
                        restarted.log.get(i)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The talks put every kind of question to the agents, and they answered each kind.
    for kind in [
        "extremes",
        "ratings",
        "points",
        "position",
        "rating",
        "cannot_say",
    ] {
        assert!(
            answered.contains(kind),
            "no `{kind}` answer in {answered:?}"
        );
    }
}

/// An answer's `type` on the wire.
fn answer_kind(answer: &AnswerDto) -> String {
    serde_json::to_value(answer).expect("serialises")["type"]
        .as_str()
        .expect("a type")
        .to_string()
}

#[test]
fn a_recorded_automated_answer_the_agent_would_not_give_stands_and_is_noted() {
    let scenario = scenario("miami");
    let run = transcript(
        &scenario,
        &AgentDto::Engine {
            agent: "tft".into(),
            joint_sessions: true,
        },
        1,
        false,
    );
    let mut log = run.log.clone();
    let at = log
        .iter()
        .position(|e| {
            matches!(
                e,
                TalkEvent::Answered {
                    automated: true,
                    answer: AnswerDto::Accept | AnswerDto::Reject { .. },
                    ..
                }
            )
        })
        .expect("a verdict");
    let TalkEvent::Answered { answer, .. } = &mut log[at] else {
        unreachable!()
    };
    *answer = match answer {
        AnswerDto::Accept => AnswerDto::Reject {
            objections: Vec::new(),
        },
        _ => AnswerDto::Accept,
    };
    // A log written before agents were replayed can hold such an answer: it stays readable, the
    // recorded answer stands, and the divergence is noted.
    let TalkEvent::Answered { question, .. } = &log[at] else {
        unreachable!()
    };
    let question = *question;
    let state = replay(&scenario, &log[..=at]).expect("the log stands");
    assert_eq!(state.agent_divergences, vec![question]);
    let faithful = replay(&scenario, &run.log).expect("the live log");
    assert!(faithful.agent_divergences.is_empty());
    // A person's answer is the person's: the same answer, not automated, is no divergence.
    let TalkEvent::Answered { automated, .. } = &mut log[at] else {
        unreachable!()
    };
    *automated = false;
    assert!(replay(&scenario, &log[..=at])
        .expect("replays")
        .agent_divergences
        .is_empty());
}

#[test]
fn asking_for_the_automatic_answer_again_does_not_run_the_agent_again() {
    // A `random` agent draws from its generator each time it runs: were the agent run on every
    // call, the answers would differ and the agent's state would depend on how often a server
    // looked (follow-ups, retries), which the log does not record.
    let scenario = scenario("miami");
    let mut run = Run::new(&scenario, false);
    run.act(TalkEvent::Opened {
        title: "replay".into(),
        mediator: "the mediator".into(),
        parties: run.state.party_names(),
        rounds: ROUNDS,
        max_questions: MAX_QUESTIONS,
    });
    for event in [
        TalkEvent::AgentAttached {
            seat: 0,
            agent: AgentDto::Engine {
                agent: "random:0.5".into(),
                joint_sessions: true,
            },
        },
        TalkEvent::RoundBegan { round: 1 },
        TalkEvent::CaucusOpened { seat: 0 },
        TalkEvent::Asked {
            seat: 0,
            question: QuestionDto::Test {
                package: random_package(&scenario, &mut ChaCha8Rng::seed_from_u64(3)),
            },
            provenance: ProvenanceDto::default(),
        },
    ] {
        run.append(event).unwrap();
    }
    let first = run.state.automatic_answer(0).expect("the agent answers");
    for _ in 0..20 {
        assert_eq!(run.state.automatic_answer(0).as_ref(), Some(&first));
    }
    run.append(first).unwrap();
    assert_eq!(run.state.automatic_answer(0), None, "nothing is pending");
}
