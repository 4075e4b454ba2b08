//! Truthful answers from a profile: what a delegation that knows its own profile and hides
//! nothing from the mediator answers to each question (the meanings are tabled in
//! [`super::message`]).
//!
//! Questions about single issues are answered on the profile's own scales: a value's rating is
//! its evaluator score ×100, an issue's points are its weight's share of 100, and the walk-away
//! rating is the reservation value ×100. A profile outside the declared model (not
//! linear-additive, a bias, a cap below its best package, a score outside [0, 1], weights not
//! summing to 1, a reservation value outside [0, 1]) answers those questions with
//! [`Answer::CannotSay`]: its preferences cannot honestly be put on the model's scales.

use super::message::{Answer, Preferred, Question};
use super::party::rank_issues;
use crate::outcome::{Outcome, OutcomeSpace};
use crate::preference::{Profile, UtilityFunction};

/// A linear-additive profile in the declared model's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Separable {
    /// Weights summing to 1, in issue order.
    pub weights: Vec<f64>,
    /// Per issue, per value index: the value's score in [0, 1].
    pub scores: Vec<Vec<f64>>,
    /// Utility units per model unit (the profile's weights' sum): the model's utility is the
    /// profile's divided by this.
    pub scale: f64,
    /// The walk-away value on the model's scale (the reservation value divided by `scale`).
    pub walk_away: f64,
}

impl Separable {
    /// The profile in the declared model, when it fits (see the module doc).
    pub fn of(space: &OutcomeSpace, profile: &Profile) -> Option<Self> {
        let UtilityFunction::LinearAdditive(u) = &profile.utility else {
            return None;
        };
        let tables = u.contribution_tables()?;
        if u.bias() != 0.0 {
            return None;
        }
        let raw: Vec<f64> = u.issues().iter().map(|i| i.weight).collect();
        let scale: f64 = raw.iter().sum();
        if scale.is_nan() || scale <= 0.0 || raw.iter().any(|w| *w < 0.0) {
            return None;
        }
        let scores: Vec<Vec<f64>> = tables
            .iter()
            .zip(&raw)
            .map(|(t, w)| {
                t.iter()
                    .map(|c| if *w > 0.0 { c / w } else { 0.0 })
                    .collect()
            })
            .collect();
        if scores
            .iter()
            .flatten()
            .any(|s| !(-1e-9..=1.0 + 1e-9).contains(s))
        {
            return None;
        }
        let best: f64 = tables
            .iter()
            .map(|t| t.iter().copied().fold(0.0, f64::max))
            .sum();
        if u.cap().is_some_and(|c| best > c + 1e-9) || space.issues().len() != raw.len() {
            return None;
        }
        // The model's scale: weights summing to 1 and a walk-away value in [0, 1]. Rescaling a
        // profile would change the margin it is measured against, so one off that scale is
        // outside the model.
        let r = profile.reservation;
        if (scale - 1.0).abs() > 1e-6 || !(0.0..=1.0).contains(&r) {
            return None;
        }
        Some(Separable {
            weights: raw.iter().map(|w| w / scale).collect(),
            scores,
            scale,
            walk_away: r / scale,
        })
    }

    /// The truthful answer to a question about single issues ([`QuestionKind::is_per_issue`])
    /// over `space`; `None` for any other question.
    ///
    /// [`QuestionKind::is_per_issue`]: super::message::QuestionKind::is_per_issue
    pub fn per_issue(&self, space: &OutcomeSpace, question: &Question) -> Option<Answer> {
        Some(match question {
            Question::Extremes(k) => {
                let (best, worst) = extremes(self.scores.get(*k)?);
                let issue = space.issues().get(*k)?;
                Answer::Extremes {
                    best: issue.value_at(best as u64)?,
                    worst: issue.value_at(worst as u64)?,
                }
            }
            Question::Rate(options) => Answer::Ratings(
                options
                    .iter()
                    .map(|(k, v)| {
                        let index = space.issues().get(*k).and_then(|i| i.index_of(v));
                        index
                            .and_then(|i| self.scores.get(*k)?.get(i as usize))
                            .map_or(0, |x| rating(*x))
                    })
                    .collect(),
            ),
            Question::SplitPoints => Answer::Points(self.points()),
            Question::RateWalkAway => Answer::Rating(rating(self.walk_away)),
            _ => return None,
        })
    }

    /// Largest-remainder shares of 100 points, one per issue.
    pub fn points(&self) -> Vec<u32> {
        let exact: Vec<f64> = self.weights.iter().map(|w| w * 100.0).collect();
        let mut points: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
        let short = 100u32.saturating_sub(points.iter().sum());
        let mut order: Vec<usize> = (0..exact.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        for &k in order.iter().take(short as usize) {
            points[k] += 1;
        }
        points
    }
}

/// A rating in 0..=100 of a number meant to lie in [0, 1].
fn rating(x: f64) -> u8 {
    (x * 100.0).round().clamp(0.0, 100.0) as u8
}

/// A delegation's own view of its profile, able to answer any question truthfully.
#[derive(Debug, Clone)]
pub struct TruthfulAnswers {
    space: OutcomeSpace,
    profile: Profile,
    separable: Option<Separable>,
    best: Outcome,
    ranking: Vec<usize>,
}

impl TruthfulAnswers {
    /// The answers of a delegation holding `profile` over `space` (which must be countable).
    pub fn new(space: &OutcomeSpace, profile: Profile) -> Self {
        let radices = space.radices().unwrap_or_default();
        let best_indices = best_package(&radices, &profile);
        let ranking = rank_issues(&radices, &profile.utility, &best_indices);
        TruthfulAnswers {
            separable: Separable::of(space, &profile),
            best: space.outcome_from_indices(&best_indices),
            space: space.clone(),
            profile,
            ranking,
        }
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Whether `package` is at least as good as walking away.
    pub fn acceptable(&self, package: &Outcome) -> bool {
        self.profile.utility.utility(package) >= self.profile.reservation
    }

    /// The truthful answer to `question`. A test is answered against the walk-away point, as a
    /// position test is; a rejection names no objections.
    pub fn answer(&self, question: &Question) -> Answer {
        match question {
            Question::Test(p) => Answer::Verdict {
                accept: self.acceptable(p),
                objections: Vec::new(),
            },
            Question::PositionTest(p) => Answer::Position(self.acceptable(p)),
            Question::AskPackage if self.acceptable(&self.best) => {
                Answer::Package(self.best.clone())
            }
            Question::AskPackage => Answer::NoPackage,
            Question::RankIssues => Answer::Ranking(self.ranking.clone()),
            Question::Compare(a, b) => Answer::Preference(self.compare(a, b)),
            Question::JointSession => Answer::Consent(true),
            Question::Extremes(_)
            | Question::Rate(_)
            | Question::SplitPoints
            | Question::RateWalkAway => self.per_issue(question),
        }
    }

    /// The answer to a question about single issues, or [`Answer::CannotSay`] outside the model
    /// (any other question gets its [`Self::answer`]).
    pub fn per_issue(&self, question: &Question) -> Answer {
        if !question.kind().is_per_issue() {
            return self.answer(question);
        }
        self.separable
            .as_ref()
            .and_then(|s| s.per_issue(&self.space, question))
            .unwrap_or(Answer::CannotSay)
    }

    /// The utility of the delegation's best package.
    pub fn best_utility(&self) -> f64 {
        self.profile.utility.utility(&self.best)
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    fn compare(&self, a: &Outcome, b: &Outcome) -> Preferred {
        let (ua, ub) = (
            self.profile.utility.utility(a),
            self.profile.utility.utility(b),
        );
        match ua.total_cmp(&ub) {
            std::cmp::Ordering::Greater => Preferred::First,
            std::cmp::Ordering::Less => Preferred::Second,
            std::cmp::Ordering::Equal => Preferred::Indifferent,
        }
    }
}

/// Indices of the largest and smallest score (the first of each on ties).
pub fn extremes(scores: &[f64]) -> (usize, usize) {
    let mut best = 0;
    let mut worst = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
        if *s < scores[worst] {
            worst = i;
        }
    }
    (best, worst)
}

/// A best package of `profile`: issue by issue for a linear-additive profile, by a seeded
/// search otherwise.
fn best_package(radices: &[u32], profile: &Profile) -> Vec<u32> {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
    super::search::best_package(
        radices,
        &mut |p| profile.utility.utility_of_indices(p),
        &[],
        &mut rng,
    )
    .package
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};
    use crate::preference::{Evaluator, IssueUtility, LinearAdditiveUtility};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y", "z"]).unwrap(),
            Issue::discrete("b", ["x", "y"]).unwrap(),
        ])
        .unwrap()
    }

    fn profile(weights: [f64; 2], reservation: f64) -> Profile {
        let s = space();
        let u = LinearAdditiveUtility::new(
            "p",
            &s,
            0.0,
            vec![
                IssueUtility {
                    weight: weights[0],
                    evaluator: Evaluator::Table(vec![0.2, 1.0, 0.555]),
                },
                IssueUtility {
                    weight: weights[1],
                    evaluator: Evaluator::Table(vec![1.0, 0.0]),
                },
            ],
            None,
        )
        .unwrap();
        Profile::new("p", UtilityFunction::LinearAdditive(u), reservation, 1.0).unwrap()
    }

    #[test]
    fn per_issue_answers_read_the_profile_on_its_own_scales() {
        let t = TruthfulAnswers::new(&space(), profile([0.667, 0.333], 0.4));
        assert_eq!(
            t.answer(&Question::SplitPoints),
            Answer::Points(vec![67, 33])
        );
        assert_eq!(t.answer(&Question::RateWalkAway), Answer::Rating(40));
        assert_eq!(
            t.answer(&Question::Rate(vec![
                (0, Value::Discrete(2)),
                (1, Value::Discrete(1))
            ])),
            Answer::Ratings(vec![56, 0])
        );
        assert_eq!(
            t.answer(&Question::Extremes(0)),
            Answer::Extremes {
                best: Value::Discrete(1),
                worst: Value::Discrete(0)
            }
        );
    }

    #[test]
    fn profiles_off_the_models_scale_cannot_say() {
        // Weights summing to 2, or a walk-away value above 1: rescaling would change the margin.
        for (weights, reservation) in [([1.0, 1.0], 0.8), ([0.5, 0.5], 1.2), ([0.5, 0.5], -0.1)] {
            let t = TruthfulAnswers::new(&space(), profile(weights, reservation));
            assert_eq!(t.answer(&Question::SplitPoints), Answer::CannotSay);
            assert_eq!(t.answer(&Question::RateWalkAway), Answer::CannotSay);
        }
    }

    #[test]
    fn position_tests_compare_with_the_walk_away_point() {
        let t = TruthfulAnswers::new(&space(), profile([0.5, 0.5], 0.6));
        let good = vec![Value::Discrete(1), Value::Discrete(0)];
        let poor = vec![Value::Discrete(0), Value::Discrete(1)];
        assert_eq!(
            t.answer(&Question::PositionTest(good.clone())),
            Answer::Position(true)
        );
        assert_eq!(
            t.answer(&Question::PositionTest(poor)),
            Answer::Position(false)
        );
        assert_eq!(t.answer(&Question::AskPackage), Answer::Package(good));
    }

    #[test]
    fn largest_remainders_sum_to_a_hundred() {
        let s = Separable {
            weights: vec![1.0 / 3.0; 3],
            scores: vec![vec![1.0]; 3],
            scale: 1.0,
            walk_away: 0.0,
        };
        assert_eq!(s.points(), vec![34, 33, 33]);
    }
}
