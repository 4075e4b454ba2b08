//! A draft prefilled from an existing profile, so that a delegation revises what it stated
//! before (or a profile loaded from a file) instead of starting from blank pages.

use super::draft::Draft;
use super::input::{WalkAway, WizardInput};
use super::refit::largest_remainder;
use crate::outcome::OutcomeSpace;
use crate::preference::{Profile, UtilityFunction};

impl Draft {
    /// The draft whose profile comes closest to `profile` in whole points and ratings: each
    /// issue's points are its swing (best minus worst contribution) as a share of all swings,
    /// each option's rating its place between the issue's worst (0) and best (100) option, the
    /// walk-away point the reservation on that scale (or the reservation outcome, when the
    /// profile has one). The draft stops at the check page, unconfirmed.
    ///
    /// `None` for what the wizard cannot express: a non-linear profile, a cap that cuts into the
    /// scale, a profile where no issue makes a difference, or an agenda [`Draft::new`] refuses.
    pub fn from_profile(space: &OutcomeSpace, profile: &Profile) -> Option<Draft> {
        let UtilityFunction::LinearAdditive(utility) = &profile.utility else {
            return None;
        };
        let mut draft = Draft::new(space).ok()?;
        let tables = utility.contribution_tables()?;
        let extremes: Vec<(f64, f64)> = tables.iter().map(|t| extremes(t)).collect();
        let top: f64 = utility.bias() + extremes.iter().map(|e| e.1).sum::<f64>();
        if utility.cap().is_some_and(|cap| cap < top) {
            return None;
        }
        let swings: Vec<f64> = extremes.iter().map(|(lo, hi)| hi - lo).collect();
        let total: f64 = swings.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let points = largest_remainder(&swings.iter().map(|s| s / total).collect::<Vec<_>>());
        let mut rank: Vec<usize> = (0..swings.len()).collect();
        rank.sort_by(|&a, &b| {
            points[b]
                .cmp(&points[a])
                .then(swings[b].total_cmp(&swings[a]))
        });
        let mut inputs = vec![
            WizardInput::Rank { order: rank },
            WizardInput::Points { points },
        ];
        for (issue, (table, &(lo, hi))) in tables.iter().zip(&extremes).enumerate() {
            inputs.push(rating_input(issue, table, lo, hi));
        }
        let bottom: f64 = utility.bias() + extremes.iter().map(|e| e.0).sum::<f64>();
        inputs.push(WizardInput::WalkAway(walk_away(
            space, profile, bottom, total,
        )));
        for input in &inputs {
            draft.apply(input).ok()?;
        }
        Some(draft)
    }
}

fn extremes(table: &[f64]) -> (f64, f64) {
    table
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// One issue's page: options rated by their place between the worst and the best contribution,
/// ordered by contribution (best first).
fn rating_input(issue: usize, table: &[f64], lo: f64, hi: f64) -> WizardInput {
    let ratings: Vec<u8> = table
        .iter()
        .map(|&x| {
            if hi > lo {
                (100.0 * (x - lo) / (hi - lo)).round().clamp(0.0, 100.0) as u8
            } else {
                0
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..table.len()).collect();
    order.sort_by(|&a, &b| table[b].total_cmp(&table[a]));
    WizardInput::Rate {
        issue,
        order,
        ratings,
    }
}

fn walk_away(space: &OutcomeSpace, profile: &Profile, bottom: f64, total: f64) -> WalkAway {
    let package = profile
        .reservation_outcome
        .as_ref()
        .and_then(|o| space.indices_of(o));
    match package {
        Some(p) => WalkAway::Package(p),
        None => {
            let level = 100.0 * (profile.reservation - bottom) / total;
            WalkAway::Threshold(level.round().clamp(0.0, 100.0) as u8)
        }
    }
}
