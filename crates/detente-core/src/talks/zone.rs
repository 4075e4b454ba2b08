//! The zone of possible agreement computed from full profiles: for the trusted mediator and for
//! scoring runs against the Nash point.
//!
//! Integration note: this is a minimal stand-in for `detente_core::analysis` (zone, margin, Nash),
//! kept in this one file so it can be swapped for the analysis module without touching the rest.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::search::best_package;
use crate::outcome::OutcomeSpace;
use crate::preference::Profile;

/// Each party's utility range over the space, for normalising.
pub fn utility_ranges(space: &OutcomeSpace, profiles: &[&Profile]) -> Vec<(f64, f64)> {
    let radices = space.radices().unwrap_or_default();
    profiles
        .iter()
        .map(|p| {
            p.utility
                .range(space, super::search::ENUMERATION_LIMIT)
                .unwrap_or_else(|| {
                    let mut rng = ChaCha8Rng::seed_from_u64(0);
                    let u = &p.utility;
                    let hi =
                        best_package(&radices, &mut |x| u.utility_of_indices(x), &[], &mut rng);
                    let lo =
                        best_package(&radices, &mut |x| -u.utility_of_indices(x), &[], &mut rng);
                    (-lo.score, hi.score)
                })
        })
        .collect()
}

/// Utility normalised to the party's range: 0 at its worst package, 1 at its best.
pub fn normalise(u: f64, range: (f64, f64)) -> f64 {
    let width = range.1 - range.0;
    if width > 0.0 {
        (u - range.0) / width
    } else {
        1.0
    }
}

/// The zone as the trusted mediator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneSummary {
    /// The Nash bargaining package: maximises Π(uᵢ − rᵢ) over packages every party prefers to its
    /// reservation. `None` when no such package exists.
    pub nash: Option<Vec<u32>>,
    /// The package with the largest margin (see [`super::margin`]); tested when there is no zone.
    pub widest: Vec<u32>,
    /// The margin of the talks: the margin of `widest`. Negative when there is no zone.
    pub margin: f64,
    /// Whether the search was exhaustive (exact).
    pub exact: bool,
    /// Per-party utility ranges used for normalising.
    pub ranges: Vec<(f64, f64)>,
}

/// Computes the zone of `profiles` over `space` (exhaustive up to the enumeration limit).
pub fn zone(space: &OutcomeSpace, profiles: &[&Profile]) -> ZoneSummary {
    let radices = space.radices().unwrap_or_default();
    let ranges = utility_ranges(space, profiles);
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let margin_of = |x: &[u32]| {
        profiles
            .iter()
            .zip(&ranges)
            .map(|(p, &r)| {
                normalise(p.utility.utility_of_indices(x), r) - normalise(p.reservation, r)
            })
            .fold(f64::INFINITY, f64::min)
    };
    let widest = best_package(&radices, &mut |x| margin_of(x), &[], &mut rng);
    let nash = if widest.score >= 0.0 {
        let mut nash_score = |x: &[u32]| {
            let mut product = 1.0;
            let mut deficit = 0.0;
            for p in profiles {
                let surplus = p.utility.utility_of_indices(x) - p.reservation;
                if surplus < 0.0 {
                    deficit += surplus;
                } else {
                    product *= surplus;
                }
            }
            // Outside the zone, rank by how far outside so the hill climber is pulled in.
            if deficit < 0.0 {
                deficit - 1.0
            } else {
                product
            }
        };
        let found = best_package(
            &radices,
            &mut nash_score,
            std::slice::from_ref(&widest.package),
            &mut rng,
        );
        (found.score >= 0.0).then_some(found.package)
    } else {
        None
    };
    ZoneSummary {
        nash,
        margin: widest.score,
        exact: widest.exhaustive,
        widest: widest.package,
        ranges,
    }
}
