//! What the mediators reach.

use detente_core::talks::zone::zone;
use detente_core::talks::Ending;

use crate::fixtures::random_scenario;
use crate::privacy::run_and_check;

/// With a zone, time-based parties and enough rounds, the trusted mediator's agreement is the
/// Nash package: every party accepts it at the latest when its aspiration reaches its reservation.
#[test]
fn trusted_mediator_reaches_the_nash_point_when_a_zone_exists() {
    let mut with_zone = 0;
    for seed in 0..40 {
        for parties in [2, 3] {
            let scenario = random_scenario(seed, parties);
            let z = zone(&scenario);
            let record = run_and_check(&scenario, true, seed, 10);
            match z.nash {
                Some(nash) => {
                    with_zone += 1;
                    let nash = scenario.space().outcome_from_indices(&nash);
                    assert_eq!(record.agreement(), Some(&nash), "seed {seed}");
                }
                None => assert_eq!(record.ending, Some(Ending::Deadline)),
            }
        }
    }
    assert!(with_zone > 20, "too few scenarios with a zone: {with_zone}");
}

/// Without a zone no mediator can produce an agreement between rational parties.
#[test]
fn no_zone_means_no_agreement_for_either_mediator() {
    let mut checked = 0;
    for seed in 0..60 {
        let scenario = random_scenario(seed, 2);
        if zone(&scenario).margin >= 0.0 {
            continue;
        }
        checked += 1;
        for trusted in [true, false] {
            let record = run_and_check(&scenario, trusted, seed, 8);
            assert_eq!(record.ending, Some(Ending::Deadline));
            assert!(record.rounds.iter().all(|r| r.margin.accepted_by_all == 0));
        }
    }
    assert!(checked > 0);
}

/// The blind mediator's agreements are always rational for every party (it can only reach
/// packages the parties accept).
#[test]
fn blind_agreements_are_rational() {
    for seed in 0..30 {
        let scenario = random_scenario(seed, 2);
        let record = run_and_check(&scenario, false, seed, 12);
        if let Some(a) = record.agreement() {
            for p in scenario.parties() {
                assert!(p.profile.utility.utility(a) >= p.profile.reservation - 1e-9);
            }
        }
    }
}
