//! The preference wizard: a delegation states its own preferences, privately, page by page, the
//! way negotiation support systems elicit them (Inspire, Smartsettle, SMARTER with swing
//! weights), and gets a linear-additive [`Profile`](crate::Profile) it can check and correct.
//!
//! # The method
//!
//! The model is the one the blind mediator reads answers against (see
//! [`crate::talks::message`]): a package's score is `Σₖ (Pₖ/100)·rₖ(vₖ)` on a 0–100 scale, with
//! points `Pₖ` per issue summing to 100 and a rating `rₖ(v)` in 0–100 per option. The pages:
//!
//! 1. **Rank** the issues, most important first. Ranking is easy and anchors the next page.
//! 2. **Points**: split 100 points across the issues. The points are *swing weights*: an
//!    issue's points say how much moving it from its worst to its best option is worth, which is
//!    why the ratings must span 0 to 100 (the [anchors](Inconsistency::NoTopAnchor)).
//! 3. **Rate** each issue's options (one page per issue, in any order): first put them in
//!    order, best first, then rate each from 0 (worst) to 100 (best). Ordering first makes the
//!    rating a matter of spacing options already sorted.
//! 4. **Walk away**: a score below which no agreement is better, or a package the delegation
//!    would just accept (the walk-away point is then that package's score, whatever the later
//!    pages change).
//! 5. **Check**, optional: a few [check packages](Draft::check_packages) with their scores. The
//!    delegation corrects a score that feels wrong, and the points are refitted to the
//!    corrections (the ratings stay; see *Refit* below), or confirms them
//!    with an empty correction, which finishes the wizard ([`WizardStep::Done`]).
//!
//! Inputs are [`WizardInput`]s, stored by the server as events and replayed through
//! [`Draft::apply`]. A page whose earlier pages are incomplete is refused
//! ([`WizardError::OutOfOrder`]); a refused input changes nothing. Contradictions between pages
//! are returned as [`Inconsistency`]s: shown, never blocking.
//!
//! # Redoing a page
//!
//! Any completed page may be redone at any time (preferences change). What a redo changes:
//! - **Rank**: only the ranking; the points are kept and checked against the new ranking.
//! - **Points**: the stated points are replaced and the corrections are dropped (they refitted
//!   the old points; the new points are the delegation's direct word).
//! - **Rate**: that order and ratings; the corrections are kept and the points refitted
//!   to them under the new ratings.
//! - **Walk away**: only the walk-away point.
//! - **Check**: a correction replaces an earlier score of the same package; the points are
//!   refitted to all corrections kept, always starting from the stated points, so the result
//!   does not depend on how the corrections were spread over inputs.
//!
//! Any input other than a confirmation reopens a finished draft at the check page.
//!
//! # Refit
//!
//! Corrected scores rarely fit exactly; the refit finds the split of points, close to the
//! stated one, whose scores come nearest to the corrections (least absolute deviations, by
//! linear programming: see `refit.rs`), and rounds it to whole points summing to 100 by
//! largest remainder. [`Draft::residuals`] shows each corrected package's corrected and refitted
//! score; a difference over [`ABSORB_TOLERANCE`] points is reported as
//! [`Inconsistency::CorrectionNotAbsorbed`], since no weighting of the given ratings explains it.
//!
//! Issues must be countable on one page: discrete issues, and integer issues of at most
//! [`MAX_RATED_OPTIONS`](crate::talks::message::MAX_RATED_OPTIONS) values.

mod check;
mod draft;
mod error;
mod input;
mod prefill;
mod refit;
mod validate;

#[cfg(test)]
mod tests;

pub use check::Inconsistency;
pub use draft::{CheckPackage, Draft, MAX_CORRECTIONS, STATED_PROFILE_NAME};
pub use error::WizardError;
pub use input::{WalkAway, WizardInput, WizardStep};
pub use refit::{largest_remainder, Residual, ABSORB_TOLERANCE, POINTS_PULL};
