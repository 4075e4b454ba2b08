//! Parties that give malformed answers, stop answering, or walk out never stop the talks for the
//! others nor corrupt the record.

use detente_core::talks::message::{Answer, Question};
use detente_core::talks::protocol::Reply;
use detente_core::talks::zone::zone;
use detente_core::talks::{
    run_talks, AgentParty, BlindMediator, CaucusView, Ending, Mediator, Seat, TalksConfig,
    TalksParty, TargetRule, TrustedMediator,
};
use detente_core::{Scenario, Value};

use crate::fixtures::random_scenario;

/// Answers every question with something that does not fit it.
struct Garbled(u32);

impl TalksParty for Garbled {
    fn answer(&mut self, _view: &CaucusView, question: &Question) -> Option<Answer> {
        self.0 += 1;
        Some(match (question, self.0 % 4) {
            (Question::Test(_), 0) => Answer::Verdict {
                accept: true,
                objections: vec![0],
            },
            (Question::Test(_), 1) => Answer::Verdict {
                accept: false,
                objections: vec![99],
            },
            (Question::AskPackage, _) => Answer::Package(vec![Value::Discrete(999)]),
            (Question::RankIssues, _) => Answer::Ranking(vec![0, 0]),
            _ => Answer::Consent(true).clone_kind_mismatch(question),
        })
    }
}

trait KindMismatch {
    fn clone_kind_mismatch(self, question: &Question) -> Answer;
}

impl KindMismatch for Answer {
    /// An answer of a kind the question does not take.
    fn clone_kind_mismatch(self, question: &Question) -> Answer {
        match question {
            Question::JointSession => Answer::Ranking(vec![]),
            _ => Answer::Consent(true),
        }
    }
}

/// Never answers.
struct Silent;

impl TalksParty for Silent {
    fn answer(&mut self, _view: &CaucusView, _question: &Question) -> Option<Answer> {
        None
    }
}

/// Walks out in a given round.
struct Leaver(u32);

impl TalksParty for Leaver {
    fn answer(&mut self, view: &CaucusView, _question: &Question) -> Option<Answer> {
        (view.round >= self.0)
            .then_some(Answer::WalkOut)
            .or(Some(Answer::Consent(true)))
    }
}

/// Every party but the last is a time-based agent conceding with `exponent`; the last is `last`.
fn agents_and_last(
    scenario: &Scenario,
    exponent: f64,
    last: Box<dyn TalksParty>,
) -> Vec<Seat<'static>> {
    let (last_party, agents) = scenario.parties().split_last().expect("a party");
    let mut seats: Vec<Seat<'static>> = agents
        .iter()
        .map(|p| Seat {
            name: p.name.clone(),
            agent: Box::new(AgentParty::time_based(
                scenario.space(),
                p.profile.clone(),
                exponent,
                10,
            )),
        })
        .collect();
    seats.push(Seat {
        name: last_party.name.clone(),
        agent: last,
    });
    seats
}

fn mediator(trusted: bool, scenario: &Scenario) -> Box<dyn Mediator> {
    if trusted {
        Box::new(TrustedMediator::new(scenario, TargetRule::Nash))
    } else {
        Box::new(BlindMediator::new(7))
    }
}

#[test]
fn bad_parties_never_stop_the_talks_for_the_others() {
    for seed in 0..10 {
        // Parties 0 and 1 behave; party 2 misbehaves in one of three ways.
        let scenario = random_scenario(seed, 3);
        for (kind, trusted) in [(0, true), (1, false), (0, false), (1, true)] {
            let bad: Box<dyn TalksParty> = if kind == 0 {
                Box::new(Garbled(0))
            } else {
                Box::new(Silent)
            };
            let seats = agents_and_last(&scenario, 1.0, bad);
            let config = TalksConfig {
                rounds: 6,
                ..TalksConfig::default()
            };
            let record = run_talks(
                scenario.space(),
                seats,
                mediator(trusted, &scenario).as_mut(),
                config,
            )
            .unwrap();
            // The bad party never agrees, so the talks run to the deadline, meeting everyone.
            assert_eq!(record.ending, Some(Ending::Deadline));
            assert_eq!(record.rounds.len(), 6);
            for r in &record.rounds {
                assert_eq!(r.caucuses.len(), 3, "everyone is met every round");
            }
            for c in record.transcript(2) {
                for e in &c.exchanges {
                    assert!(
                        matches!(e.reply, Reply::Malformed { .. } | Reply::Silent),
                        "a bad answer was taken as valid: {:?}",
                        e.reply
                    );
                }
            }
            // Nothing from the bad party entered the mediator's knowledge.
            let last = &record.rounds.last().unwrap().margin;
            assert!(last.accepted_values[2].iter().all(|v| v.is_empty()));
        }
    }
}

#[test]
fn a_walk_out_closes_one_channel_and_the_others_can_still_agree() {
    let mut agreed = 0;
    for seed in 0..30 {
        let scenario = random_scenario(seed, 3);
        // The two remaining parties' zone: the trusted mediator targets all three, so use blind.
        let seats = agents_and_last(&scenario, 0.5, Box::new(Leaver(2)));
        let config = TalksConfig {
            rounds: 10,
            ..TalksConfig::default()
        };
        let record = run_talks(
            scenario.space(),
            seats,
            &mut BlindMediator::new(seed),
            config,
        )
        .unwrap();
        assert_eq!(record.walkouts.len(), 1);
        assert_eq!(record.walkouts[0].party, 2);
        assert_eq!(record.walkouts[0].round, 2);
        assert_eq!(record.open_channels(), vec![0, 1]);
        for r in record.rounds.iter().skip(2) {
            assert!(
                r.caucuses.iter().all(|c| c.party != 2),
                "closed channel was used"
            );
            let last = r.round == record.rounds.len() as u32;
            if !last {
                assert_eq!(r.caucuses.len(), 2, "both remaining parties are met");
            }
        }
        if let Some(a) = record.agreement() {
            agreed += 1;
            for p in &scenario.parties()[..2] {
                assert!(p.profile.utility.utility(a) >= p.profile.reservation - 1e-9);
            }
        }
    }
    assert!(agreed > 0, "the two remaining parties never agreed");
}

#[test]
fn two_party_talks_end_when_one_walks_out() {
    let scenario = random_scenario(3, 2);
    let seats = agents_and_last(&scenario, 1.0, Box::new(Leaver(3)));
    let config = TalksConfig {
        rounds: 8,
        ..TalksConfig::default()
    };
    let z = zone(&scenario);
    let record = run_talks(
        scenario.space(),
        seats,
        &mut TrustedMediator::new(&scenario, TargetRule::Nash),
        config,
    )
    .unwrap();
    let _ = z;
    assert_eq!(record.ending, Some(Ending::WalkOut { round: 3 }));
    assert_eq!(record.open_channels(), vec![0]);
}
