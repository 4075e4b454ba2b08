//! For every run: a party is asked only its own caucus's questions, and the communiqué holds no
//! reservation value, rejected package or objection.

use detente_core::talks::communique::PublicFacts;
use detente_core::talks::message::{Answer, Question};
use detente_core::talks::protocol::{Reply, TalksRecord};
use detente_core::talks::{
    communique, run_talks, BlindMediator, Mediator, TalksConfig, TargetRule, TrustedMediator,
};
use detente_core::Scenario;
use proptest::prelude::*;

use crate::fixtures::{random_scenario, spied_aspiration_seats, Log};

/// Runs one talks with spied aspiration parties and checks every privacy property.
pub fn run_and_check(scenario: &Scenario, trusted: bool, seed: u64, rounds: u32) -> TalksRecord {
    let (seats, logs) = spied_aspiration_seats(scenario, &[4.0, 1.0, 0.5]);
    let mut mediator: Box<dyn Mediator> = if trusted {
        Box::new(TrustedMediator::new(scenario, TargetRule::Nash))
    } else {
        Box::new(BlindMediator::new(seed))
    };
    let config = TalksConfig {
        rounds,
        ..TalksConfig::default()
    };
    let record = run_talks(scenario.space(), seats, mediator.as_mut(), config).unwrap();
    check_transcripts(&record, &logs);
    check_communique(scenario, &record);
    record
}

/// Each party was asked exactly the questions of its own transcript, in order, and every caucus
/// in its transcript is its own.
pub fn check_transcripts(record: &TalksRecord, logs: &[Log]) {
    for (p, log) in logs.iter().enumerate() {
        let transcript: Vec<Question> = record
            .transcript(p)
            .inspect(|c| assert_eq!(c.party, p))
            .flat_map(|c| c.exchanges.iter().map(|e| e.question.clone()))
            .collect();
        assert_eq!(
            *log.borrow(),
            transcript,
            "party {p} saw a question outside its caucus"
        );
    }
}

/// The communiqué holds no number with decimals (so no reservation or utility value), no rejected
/// package, and names no issue except agreed ones or ones with common ground.
pub fn check_communique(scenario: &Scenario, record: &TalksRecord) {
    let space = scenario.space();
    let facts = PublicFacts::from_record(record, space, "the mediator");
    let text = communique(&facts);
    let bytes = text.as_bytes();
    for w in bytes.windows(3) {
        assert!(
            !(w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit()),
            "a decimal number in the communiqué: {text}"
        );
    }
    for party in scenario.parties() {
        let r = party.profile.reservation;
        for s in [format!("{r}"), format!("{r:.2}"), format!("{r:.3}")] {
            if s.contains('.') {
                assert!(!text.contains(&s), "reservation {s} in: {text}");
            }
        }
    }
    let agreement = record.agreement();
    for caucus in record.rounds.iter().flat_map(|r| &r.caucuses) {
        for e in &caucus.exchanges {
            let (Question::Test(p), Reply::Answered(Answer::Verdict { accept: false, .. })) =
                (&e.question, &e.reply)
            else {
                continue;
            };
            if Some(p) == agreement {
                continue;
            }
            let listed: Vec<String> = space
                .issues()
                .iter()
                .zip(p)
                .map(|(i, v)| format!("{}: {}", i.name(), i.format_value(v)))
                .collect();
            assert!(
                !text.contains(&listed.join("; ")),
                "rejected package in: {text}"
            );
            assert!(
                !text.contains(&space.describe(p)),
                "rejected package in: {text}"
            );
        }
    }
    assert!(
        !text.to_lowercase().contains("object"),
        "objection in: {text}"
    );
    let mentionable: Vec<&str> = match agreement {
        Some(_) => space.issues().iter().map(|i| i.name()).collect(),
        None => facts.common_ground.iter().map(String::as_str).collect(),
    };
    for issue in space.issues() {
        if text.contains(issue.name()) {
            assert!(
                mentionable.contains(&issue.name()),
                "issue `{}` mentioned without agreement or common ground: {text}",
                issue.name()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn caucuses_and_communique_stay_private(seed in any::<u64>(), parties in 2usize..=3, trusted in any::<bool>(), rounds in 1u32..=10) {
        let scenario = random_scenario(seed, parties);
        run_and_check(&scenario, trusted, seed, rounds);
    }
}

/// The communiqué depends on joint facts only: flipping one party's verdicts (accept ↔ reject)
/// and rewriting its objections leaves it unchanged. Verdicts on the agreed package stay as they
/// are: the record ends with that agreement, a joint fact every delegation accepted.
#[test]
fn one_partys_verdicts_and_objections_do_not_change_the_communique() {
    let (mut accepts_flipped, mut rejections_flipped) = (0, 0);
    for seed in 0..12 {
        for trusted in [false, true] {
            let scenario = random_scenario(seed, 2);
            let record = run_and_check(&scenario, trusted, seed, 8);
            let before = communique(&PublicFacts::from_record(&record, scenario.space(), "M"));
            for party in 0..2 {
                let mut altered = record.clone();
                let agreement = record.agreement();
                for round in &mut altered.rounds {
                    for caucus in round.caucuses.iter_mut().filter(|c| c.party == party) {
                        for e in &mut caucus.exchanges {
                            if matches!(&e.question, Question::Test(p) if Some(p) == agreement) {
                                continue;
                            }
                            let Reply::Answered(Answer::Verdict { accept, objections }) =
                                &mut e.reply
                            else {
                                continue;
                            };
                            if *accept {
                                accepts_flipped += 1;
                                *objections = (0..scenario.space().issues().len()).collect();
                            } else {
                                rejections_flipped += 1;
                                objections.clear();
                            }
                            *accept = !*accept;
                        }
                    }
                }
                let after = communique(&PublicFacts::from_record(&altered, scenario.space(), "M"));
                assert_eq!(
                    before, after,
                    "seed {seed}, trusted {trusted}, party {party}"
                );
            }
        }
    }
    assert!(
        accepts_flipped > 0 && rejections_flipped > 0,
        "verdicts flipped both ways ({accepts_flipped} accepts, {rejections_flipped} rejections)"
    );
}
