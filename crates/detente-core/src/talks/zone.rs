//! What the trusted mediator computes from the profiles: the Nash package, the margin and a
//! package achieving it (tested when there is no zone), all from [`crate::analysis`].
//!
//! When the analysis cannot run (a non-linear profile on a space beyond its enumeration limit)
//! the same quantities come from a seeded search and are flagged as not exact.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::search::best_package;
use crate::analysis::{analyze, AnalysisConfig};
use crate::scenario::Scenario;

/// The zone as the trusted mediator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneSummary {
    /// The Nash bargaining package (first in enumeration order when several tie); `None` when no
    /// package is rational for every party.
    pub nash: Option<Vec<u32>>,
    /// A package with the largest margin `minᵢ (uᵢ − rᵢ)`; tested when there is no zone.
    pub widest: Vec<u32>,
    /// The margin of the talks (negative when there is no zone).
    pub margin: f64,
    /// Whether `nash` and `margin` are exact (from the analysis).
    pub exact: bool,
    /// With no zone: issue positions, most blocking first (from the analysis; empty otherwise).
    pub blocking: Vec<usize>,
}

/// The margin of one package: the smallest surplus over reservation.
pub fn package_margin(scenario: &Scenario, package: &[u32]) -> f64 {
    scenario
        .parties()
        .iter()
        .map(|p| p.profile.utility.utility_of_indices(package) - p.profile.reservation)
        .fold(f64::INFINITY, f64::min)
}

/// Computes the zone of `scenario` (whose space must be countable).
pub fn zone(scenario: &Scenario) -> ZoneSummary {
    let config = AnalysisConfig {
        max_listed_outcomes: 1,
        ..AnalysisConfig::default()
    };
    if let Ok(a) = analyze(scenario, &config) {
        return ZoneSummary {
            nash: a.nash.first().and_then(|p| p.outcomes.first().cloned()),
            widest: a
                .zone
                .widest
                .expect("the analysis lists one outcome per frontier point"),
            margin: a.zone.margin,
            exact: true,
            blocking: a
                .zone
                .blocking
                .known()
                .map(|b| b.iter().map(|x| x.issue).collect())
                .unwrap_or_default(),
        };
    }
    searched_zone(scenario)
}

/// The zone's packages found by a seeded search, for spaces the analysis refuses.
fn searched_zone(scenario: &Scenario) -> ZoneSummary {
    let radices = scenario.space().radices().unwrap_or_default();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let widest = best_package(
        &radices,
        &mut |x| package_margin(scenario, x),
        &[],
        &mut rng,
    );
    // The Nash product inside the zone, pulled towards it from outside.
    let nash = (widest.score >= 0.0).then(|| {
        let mut score = |x: &[u32]| {
            let mut product = 1.0;
            let mut deficit = 0.0;
            for p in scenario.parties() {
                let surplus = p.profile.utility.utility_of_indices(x) - p.profile.reservation;
                if surplus < 0.0 {
                    deficit += surplus;
                } else {
                    product *= surplus;
                }
            }
            if deficit < 0.0 {
                deficit - 1.0
            } else {
                product
            }
        };
        best_package(
            &radices,
            &mut score,
            std::slice::from_ref(&widest.package),
            &mut rng,
        )
        .package
    });
    ZoneSummary {
        nash,
        margin: widest.score,
        exact: false,
        widest: widest.package,
        blocking: Vec::new(),
    }
}
