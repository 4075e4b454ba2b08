//! The wizard's state for one delegation: what it has stated so far, and what follows from it.

use serde::{Deserialize, Serialize};

use super::check::{self, Inconsistency, Scale};
use super::error::WizardError;
use super::input::{WalkAway, WizardInput, WizardStep};
use super::refit::{self, Residual, ABSORB_TOLERANCE};
use super::validate;
use crate::outcome::{IssueDomain, OutcomeSpace};
use crate::preference::{Evaluator, IssueUtility, LinearAdditiveUtility, Profile, UtilityFunction};
use crate::talks::message::MAX_RATED_OPTIONS;

/// Name of a profile built from a draft; the caller renames it after the delegation.
pub const STATED_PROFILE_NAME: &str = "stated preferences";

/// Most corrected packages a draft keeps (they are the refit's rows).
pub const MAX_CORRECTIONS: usize = 32;

/// A package on the check page and its score under the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckPackage {
    /// Per-issue value indices.
    pub package: Vec<u32>,
    /// Its score, 0–100: exactly 100 × the stated profile's utility of it.
    pub score: f64,
}

/// One issue's options as stated on its page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rated {
    order: Vec<usize>,
    ratings: Vec<u8>,
}

/// A delegation's preferences as stated so far in the wizard. See the [module
/// documentation](super) for the method and for what redoing a page changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    space: OutcomeSpace,
    /// Options per issue.
    options: Vec<usize>,
    rank: Option<Vec<usize>>,
    /// The points as entered on the points page.
    stated_points: Option<Vec<u32>>,
    /// The points in force: the stated ones refitted to the corrections (the same without).
    points: Option<Vec<u32>>,
    rated: Vec<Option<Rated>>,
    walk_away: Option<WalkAway>,
    /// Corrected packages, in the order first corrected; a later score replaces an earlier one.
    corrections: Vec<(Vec<u32>, u8)>,
    confirmed: bool,
}

impl Draft {
    /// An empty draft for `space`: discrete issues, and integer issues of at most
    /// [`MAX_RATED_OPTIONS`] values (the options of one issue are rated on one page).
    pub fn new(space: &OutcomeSpace) -> Result<Draft, WizardError> {
        let options = space
            .issues()
            .iter()
            .enumerate()
            .map(|(k, issue)| {
                let unsupported = |reason: String| WizardError::UnsupportedIssue {
                    issue: k,
                    name: issue.name().to_owned(),
                    reason,
                    max: MAX_RATED_OPTIONS,
                };
                match (issue.domain(), issue.cardinality()) {
                    (IssueDomain::Real { .. }, _) | (_, None) => {
                        Err(unsupported("takes real values".to_owned()))
                    }
                    (_, Some(n)) if n > MAX_RATED_OPTIONS as u128 => {
                        Err(unsupported(format!("has {n} values")))
                    }
                    (_, Some(n)) => Ok(n as usize),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Draft {
            space: space.clone(),
            rated: vec![None; options.len()],
            options,
            rank: None,
            stated_points: None,
            points: None,
            walk_away: None,
            corrections: Vec::new(),
            confirmed: false,
        })
    }

    /// The agenda the draft is for.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The page to show: the first one not yet complete; [`WizardStep::Check`] once the profile
    /// is complete, until the check scores are confirmed; then [`WizardStep::Done`].
    pub fn next_step(&self) -> WizardStep {
        if self.rank.is_none() {
            WizardStep::Rank
        } else if self.points.is_none() {
            WizardStep::Points
        } else if let Some(issue) = self.rated.iter().position(Option::is_none) {
            WizardStep::Rate(issue)
        } else if self.walk_away.is_none() {
            WizardStep::WalkAway
        } else if !self.confirmed {
            WizardStep::Check
        } else {
            WizardStep::Done
        }
    }

    /// Whether the profile can be built ([`Draft::profile`]): every page up to the walk-away
    /// point is complete. The check page is optional.
    pub fn is_complete(&self) -> bool {
        matches!(self.next_step(), WizardStep::Check | WizardStep::Done)
    }

    /// Takes one input. On success returns the inconsistencies it brings to light (the page
    /// shows them; they never block); on error the draft is unchanged.
    pub fn apply(&mut self, input: &WizardInput) -> Result<Vec<Inconsistency>, WizardError> {
        self.check_prerequisites(input.step())?;
        let mut next = self.clone();
        let found = next.take(input)?;
        *self = next;
        Ok(found)
    }

    fn check_prerequisites(&self, step: WizardStep) -> Result<(), WizardError> {
        if let WizardStep::Rate(issue) = step {
            if issue >= self.options.len() {
                return Err(WizardError::IssueOutOfRange {
                    field: "issue".to_owned(),
                    index: issue,
                    issues: self.options.len(),
                });
            }
        }
        let ready = match step {
            WizardStep::Rank => true,
            WizardStep::Points => self.rank.is_some(),
            WizardStep::Rate(_) => self.points.is_some(),
            WizardStep::WalkAway => self.points.is_some() && self.rated.iter().all(Option::is_some),
            WizardStep::Check | WizardStep::Done => self.is_complete(),
        };
        if ready {
            return Ok(());
        }
        Err(WizardError::OutOfOrder {
            step,
            expected: self.next_step(),
        })
    }

    /// Applies `input` to `self` (a copy the caller drops on error).
    fn take(&mut self, input: &WizardInput) -> Result<Vec<Inconsistency>, WizardError> {
        if !matches!(input, WizardInput::Correct { corrections } if corrections.is_empty()) {
            self.confirmed = false;
        }
        match input {
            WizardInput::Rank { order } => self.take_rank(order),
            WizardInput::Points { points } => self.take_points(points),
            WizardInput::Rate {
                issue,
                order,
                ratings,
            } => self.take_rating(*issue, order, ratings),
            WizardInput::WalkAway(walk_away) => self.take_walk_away(walk_away),
            WizardInput::Correct { corrections } => self.take_corrections(corrections),
        }
    }

    fn take_rank(&mut self, order: &[usize]) -> Result<Vec<Inconsistency>, WizardError> {
        let issues = self.options.len();
        validate::length("order", order, issues, "one entry per issue")?;
        validate::permutation("order", order, issues, "issue", |field, index| {
            WizardError::IssueOutOfRange {
                field,
                index,
                issues,
            }
        })?;
        self.rank = Some(order.to_vec());
        Ok(self.rank_issues())
    }

    fn take_points(&mut self, points: &[u32]) -> Result<Vec<Inconsistency>, WizardError> {
        validate::points(points, self.options.len())?;
        self.stated_points = Some(points.to_vec());
        self.points = Some(points.to_vec());
        self.corrections.clear();
        let mut found = self.rank_issues();
        found.extend(self.walk_away_issues());
        Ok(found)
    }

    fn take_rating(
        &mut self,
        issue: usize,
        order: &[usize],
        ratings: &[u8],
    ) -> Result<Vec<Inconsistency>, WizardError> {
        let options = self.options[issue];
        validate::length("order", order, options, "one entry per option")?;
        validate::permutation("order", order, options, "option", |field, index| {
            WizardError::OptionOutOfRange {
                field,
                issue,
                index: index as u64,
                options,
            }
        })?;
        validate::length("ratings", ratings, options, "one rating per option")?;
        for (v, &r) in ratings.iter().enumerate() {
            validate::score(format!("ratings[{v}]"), u32::from(r))?;
        }
        self.rated[issue] = Some(Rated {
            order: order.to_vec(),
            ratings: ratings.to_vec(),
        });
        let mut found = check::rating_issues(issue, order, ratings);
        if !self.corrections.is_empty() && self.rated.iter().all(Option::is_some) {
            self.refit()?;
            found.extend(self.correction_issues());
            found.extend(self.rank_issues());
        }
        found.extend(self.walk_away_issues());
        Ok(found)
    }

    fn take_walk_away(&mut self, walk_away: &WalkAway) -> Result<Vec<Inconsistency>, WizardError> {
        match walk_away {
            WalkAway::Threshold(t) => validate::score("threshold".to_owned(), u32::from(*t))?,
            WalkAway::Package(p) => validate::package("package", p, &self.options)?,
        }
        self.walk_away = Some(walk_away.clone());
        Ok(self.walk_away_issues())
    }

    fn take_corrections(
        &mut self,
        corrections: &[(Vec<u32>, u8)],
    ) -> Result<Vec<Inconsistency>, WizardError> {
        for (j, (package, score)) in corrections.iter().enumerate() {
            validate::package(&format!("corrections[{j}].0"), package, &self.options)?;
            validate::score(format!("corrections[{j}].1"), u32::from(*score))?;
            if let Some(first) = corrections[..j].iter().position(|(p, _)| p == package) {
                return Err(WizardError::DuplicatePackage {
                    field: format!("corrections[{j}]"),
                    first: format!("corrections[{first}]"),
                });
            }
        }
        if corrections.is_empty() {
            self.confirmed = true;
            return Ok(Vec::new());
        }
        for (package, score) in corrections {
            match self.corrections.iter_mut().find(|(p, _)| p == package) {
                Some(kept) => kept.1 = *score,
                None => self.corrections.push((package.clone(), *score)),
            }
        }
        if self.corrections.len() > MAX_CORRECTIONS {
            return Err(WizardError::TooManyCorrections {
                count: self.corrections.len(),
                max: MAX_CORRECTIONS,
            });
        }
        self.refit()?;
        let mut found = self.correction_issues();
        found.extend(self.rank_issues());
        found.extend(self.walk_away_issues());
        Ok(found)
    }

    /// Sets the points in force from the stated points and the corrections.
    fn refit(&mut self) -> Result<(), WizardError> {
        let (Some(stated), Some(scales)) = (&self.stated_points, self.scales()) else {
            return Ok(());
        };
        if self.corrections.is_empty() {
            self.points = Some(stated.clone());
            return Ok(());
        }
        let ratings: Vec<&[u8]> = scales.iter().map(|s| s.ratings).collect();
        let weights = refit::refit_weights(stated, &ratings, &self.corrections)?;
        self.points = Some(refit::largest_remainder(&weights));
        Ok(())
    }

    /// Every issue's stated scale, once all are rated.
    fn scales(&self) -> Option<Vec<Scale<'_>>> {
        self.rated
            .iter()
            .map(|r| {
                r.as_ref().map(|r| Scale {
                    order: &r.order,
                    ratings: &r.ratings,
                })
            })
            .collect()
    }

    fn rank_issues(&self) -> Vec<Inconsistency> {
        match (&self.rank, &self.points) {
            (Some(rank), Some(points)) => check::points_against_rank(rank, points),
            _ => Vec::new(),
        }
    }

    fn correction_issues(&self) -> Vec<Inconsistency> {
        self.residuals()
            .into_iter()
            .filter(|r| r.difference().abs() > ABSORB_TOLERANCE)
            .map(|r| Inconsistency::CorrectionNotAbsorbed {
                package: r.package,
                corrected: r.corrected,
                fitted: r.fitted,
            })
            .collect()
    }

    fn walk_away_issues(&self) -> Vec<Inconsistency> {
        match self.walk_away_score() {
            Some(walk_away) if walk_away >= 100.0 => {
                vec![Inconsistency::WalkAwayAtTop { walk_away }]
            }
            _ => Vec::new(),
        }
    }

    /// Every inconsistency of the draft as it stands (what [`Draft::apply`] returned for each
    /// input, as far as later inputs have not resolved it).
    pub fn inconsistencies(&self) -> Vec<Inconsistency> {
        let mut found = self.rank_issues();
        for (issue, rated) in self.rated.iter().enumerate() {
            if let Some(r) = rated {
                found.extend(check::rating_issues(issue, &r.order, &r.ratings));
            }
        }
        found.extend(self.correction_issues());
        found.extend(self.walk_away_issues());
        found
    }

    /// The issue ranking, most important first, once given.
    pub fn rank(&self) -> Option<&[usize]> {
        self.rank.as_deref()
    }

    /// The points in force (refitted to the corrections, if any), summing to 100.
    pub fn points(&self) -> Option<&[u32]> {
        self.points.as_deref()
    }

    /// The points as entered on the points page.
    pub fn stated_points(&self) -> Option<&[u32]> {
        self.stated_points.as_deref()
    }

    /// Issue `issue`'s option order (best first) and ratings (per option), once rated.
    pub fn rating(&self, issue: usize) -> Option<(&[usize], &[u8])> {
        let r = self.rated.get(issue)?.as_ref()?;
        Some((&r.order, &r.ratings))
    }

    /// The walk-away point as stated.
    pub fn walk_away(&self) -> Option<&WalkAway> {
        self.walk_away.as_ref()
    }

    /// The walk-away point on the 0–100 scale, once stated (for a package, its current score).
    pub fn walk_away_score(&self) -> Option<f64> {
        match self.walk_away.as_ref()? {
            WalkAway::Threshold(t) => Some(f64::from(*t)),
            WalkAway::Package(p) => self.score(p),
        }
    }

    /// The corrected packages kept, with their corrected scores.
    pub fn corrections(&self) -> &[(Vec<u32>, u8)] {
        &self.corrections
    }

    /// Each corrected package's corrected and current score: what the check page shows after a
    /// refit.
    pub fn residuals(&self) -> Vec<Residual> {
        self.corrections
            .iter()
            .filter_map(|(package, corrected)| {
                Some(Residual {
                    package: package.clone(),
                    corrected: *corrected,
                    fitted: self.score(package)?,
                })
            })
            .collect()
    }

    /// The utility the points and ratings define: weight = points/100, score = rating/100,
    /// capped at 1 so that floating-point sums never pass the top of the scale.
    fn utility(&self) -> Option<LinearAdditiveUtility> {
        let points = self.points.as_ref()?;
        let scales = self.scales()?;
        let issues = points
            .iter()
            .zip(&scales)
            .map(|(&p, s)| IssueUtility {
                weight: f64::from(p) / 100.0,
                evaluator: Evaluator::Table(
                    s.ratings.iter().map(|&r| f64::from(r) / 100.0).collect(),
                ),
            })
            .collect();
        LinearAdditiveUtility::new(STATED_PROFILE_NAME, &self.space, 0.0, issues, Some(1.0)).ok()
    }

    /// A package's score on the 0–100 scale (100 × its utility under the stated profile), once
    /// the points and every issue's ratings are in; `None` before, or for a package not on the
    /// agenda.
    pub fn score(&self, package: &[u32]) -> Option<f64> {
        validate::package("package", package, &self.options).ok()?;
        Some(100.0 * self.utility()?.utility_of_indices(package))
    }

    /// The packages of the check page with their scores, best first: 3 to 5 distinct packages
    /// (fewer only when the agenda has fewer), the same for the same ranking and ratings; empty
    /// until the points and every issue's ratings are in. Each score is exactly 100 × the stated
    /// profile's utility of the package.
    ///
    /// Why these: each tests one thing a delegation can judge without arithmetic, and together
    /// they spread over the score range. They follow the ranking, not the points, so that they
    /// stay the same while corrections move the points.
    /// 1. the most important issue at its best, every other at its worst: its score is that
    ///    issue's points, the swing-weight question asked the other way round;
    /// 2. the most important issue at its worst, every other at its best: the trade of the top
    ///    issue against all the rest (100 minus its points);
    /// 3. every issue at its option rated nearest 50: a middling package, which tests the
    ///    ratings and the points together where most compromises lie;
    /// 4. the more important half of the issues at their best, the rest at their worst;
    /// 5. the second issue at its best, every other at its worst: its points.
    ///
    /// The all-best and all-worst packages are not shown (with anchored scales they score 100
    /// and 0 by construction, so confirming them says nothing); they, and packages varying one
    /// issue around the middling one, fill in only when the agenda is too small for three of
    /// the above to differ. Best and worst follow the ratings, ties broken by the stated order.
    pub fn check_packages(&self) -> Vec<CheckPackage> {
        let (Some(rank), Some(scales), Some(utility)) = (&self.rank, self.scales(), self.utility())
        else {
            return Vec::new();
        };
        let mut shown: Vec<CheckPackage> = check::check_candidates(rank, &scales)
            .into_iter()
            .map(|package| CheckPackage {
                score: 100.0 * utility.utility_of_indices(&package),
                package,
            })
            .collect();
        shown.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.package.cmp(&b.package))
        });
        shown
    }

    /// The stated profile, once the draft is complete ([`Draft::is_complete`]): linear-additive
    /// with weight = points/100 and score = rating/100 (capped at 1), the walk-away point /100 as
    /// reservation (a walk-away package becomes the reservation outcome), no discount. It is
    /// named [`STATED_PROFILE_NAME`].
    pub fn profile(&self) -> Result<Profile, WizardError> {
        let missing = WizardError::Incomplete {
            missing: self.next_step(),
        };
        let (Some(utility), Some(walk_away)) = (self.utility(), &self.walk_away) else {
            return Err(missing);
        };
        let model = |e: crate::error::ModelError| WizardError::Model {
            reason: e.to_string(),
        };
        let threshold = match walk_away {
            WalkAway::Threshold(t) => f64::from(*t) / 100.0,
            WalkAway::Package(_) => 0.0,
        };
        let profile = Profile::new(
            STATED_PROFILE_NAME,
            UtilityFunction::LinearAdditive(utility),
            threshold,
            1.0,
        )
        .map_err(model)?;
        match walk_away {
            WalkAway::Threshold(_) => Ok(profile),
            WalkAway::Package(p) => profile
                .with_reservation_outcome(&self.space, self.space.outcome_from_indices(p))
                .map_err(model),
        }
    }
}
