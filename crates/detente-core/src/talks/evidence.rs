//! What one delegation's answers imply about its profile, as linear constraints, and the set of
//! profiles consistent with all of them (see the table in [`super::message`]).
//!
//! The declared model: `u(p) = Σₖ xₖ(pₖ)` where `xₖ(v) = wₖ·sₖ(v)` is the contribution of value
//! `v` of issue `k`, with `0 ≤ xₖ(v) ≤ wₖ`, weights `wₖ ≥ 0` summing to 1, and a walk-away value
//! `0 ≤ r ≤ 1`. In the variables `(w, x, r)` every answer is a linear constraint, so the profiles
//! consistent with the answers form a polytope. It contains every linear-additive profile
//! detente's readers produce whose scores lie in [0, 1] with no bias (the corpus and fixtures;
//! best values need not score 1, worst values need not score 0).
//!
//! Answers are added in the order given. An answer whose constraints would leave no profile is a
//! *contradiction*: it is recorded and set aside, so the set stays that of the earlier answers.
//! A delegation that declines a question about single issues ([`Answer::CannotSay`]) is outside
//! the model: its set becomes *unstructured* and constrains nothing (its package-level answers
//! stay in the mediator's knowledge, not in the set).
//!
//! Two assumptions underlie every constraint: answers about preferences are truthful, and a
//! delegation never accepts (or names) a package worse for it than no agreement. An engine agent
//! that accepts at random breaks the second; its answers may then be set aside as contradictory.

use super::message::{Answer, Preferred, Question, QuestionKind};
use crate::outcome::OutcomeSpace;

/// An answer set aside because it contradicts earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contradiction {
    /// Round of the answer.
    pub round: u32,
    /// The question it answered.
    pub question: QuestionKind,
}

/// Most variables (values of all issues, plus one per issue, plus one) a delegation's model may
/// have for the linear programs to run: the hull costs two programs per variable. Beyond it the
/// set is treated as unstructured (bounds nothing), so that no request can cost unbounded work.
/// Every linear-additive scenario of the corpus and the fixtures stays below it.
pub const MAX_VARIABLES: usize = 128;
/// Most distinct informative answers logged per delegation, and most constraints kept from
/// them; later answers are left out of the set (leaving answers out only widens it, so bounds
/// stay sound). With [`MAX_VARIABLES`] they bound the size of every linear program.
pub const MAX_ANSWERS: usize = 256;
/// See [`MAX_ANSWERS`].
pub const MAX_CONSTRAINTS: usize = 600;

/// Slack added to every constraint so that exact truthful answers never fail on rounding.
const SLACK: f64 = 1e-7;
/// How far the hull's bounds are widened outward, against the solver's own tolerances.
const HULL_MARGIN: f64 = 1e-6;

/// Where each variable of one delegation's model sits: weights `w`, contributions `x`, then the
/// walk-away value `r`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    x_start: Vec<usize>,
    len: usize,
}

impl Layout {
    /// The layout for issues with `radices` values.
    pub fn new(radices: &[u32]) -> Self {
        let issues = radices.len();
        let mut x_start = Vec::with_capacity(issues);
        let mut next = issues;
        for &r in radices {
            x_start.push(next);
            next += r as usize;
        }
        Layout {
            x_start,
            len: next + 1,
        }
    }

    /// Number of issues.
    pub fn issues(&self) -> usize {
        self.x_start.len()
    }

    /// Number of values of issue `k`.
    pub fn values(&self, k: usize) -> usize {
        let end = self.x_start.get(k + 1).copied().unwrap_or(self.len - 1);
        end - self.x_start[k]
    }

    /// The weight of issue `k`.
    pub fn w(&self, k: usize) -> usize {
        k
    }

    /// The contribution of value `v` of issue `k`.
    pub fn x(&self, k: usize, v: usize) -> usize {
        self.x_start[k] + v
    }

    /// The walk-away value.
    pub fn r(&self) -> usize {
        self.len - 1
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no variables (never: `r` is always there).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The model's own constraints: `xₖ(v) ≤ wₖ` and `Σ wₖ = 1` (bounds `[0, 1]` come with
    /// every variable).
    fn model(&self) -> Vec<Constraint> {
        let mut out: Vec<Constraint> = (0..self.issues())
            .flat_map(|k| {
                (0..self.values(k)).map(move |v| Constraint {
                    terms: vec![(self.x(k, v), 1.0), (self.w(k), -1.0)],
                    lo: f64::NEG_INFINITY,
                    hi: 0.0,
                })
            })
            .collect();
        out.push(Constraint {
            terms: (0..self.issues()).map(|k| (self.w(k), 1.0)).collect(),
            lo: 1.0,
            hi: 1.0,
        });
        out
    }

    /// `u(p) − r` as terms.
    fn surplus(&self, package: &[u32]) -> Vec<(usize, f64)> {
        let mut terms = self.utility(package, 1.0);
        terms.push((self.r(), -1.0));
        terms
    }

    /// `sign · u(p)` as terms.
    fn utility(&self, package: &[u32], sign: f64) -> Vec<(usize, f64)> {
        package
            .iter()
            .enumerate()
            .map(|(k, &v)| (self.x(k, v as usize), sign))
            .collect()
    }
}

/// `lo ≤ Σ coefficient·variable ≤ hi`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// (variable, coefficient) pairs.
    pub terms: Vec<(usize, f64)>,
    /// Lower limit (may be −∞).
    pub lo: f64,
    /// Upper limit (may be +∞).
    pub hi: f64,
}

impl Constraint {
    fn at_least(terms: Vec<(usize, f64)>, lo: f64) -> Self {
        Constraint {
            terms,
            lo: lo - SLACK,
            hi: f64::INFINITY,
        }
    }

    fn at_most(terms: Vec<(usize, f64)>, hi: f64) -> Self {
        Constraint {
            terms,
            lo: f64::NEG_INFINITY,
            hi: hi + SLACK,
        }
    }

    fn between(terms: Vec<(usize, f64)>, lo: f64, hi: f64) -> Self {
        Constraint {
            terms,
            lo: lo - SLACK,
            hi: hi + SLACK,
        }
    }

    /// Whether `point` satisfies the constraint (to within `tolerance`).
    pub fn holds(&self, point: &[f64], tolerance: f64) -> bool {
        let value: f64 = self.terms.iter().map(|(i, a)| a * point[*i]).sum();
        value >= self.lo - tolerance && value <= self.hi + tolerance
    }
}

/// One informative answer and what it implies.
#[derive(Debug, Clone, PartialEq)]
struct Logged {
    round: u32,
    question: Question,
    answer: Answer,
    constraints: Vec<Constraint>,
    /// How many times this answer was given to this question.
    votes: usize,
    /// The same question was answered again and another answer won the vote.
    superseded: bool,
    /// In the consistent set (false: set aside as contradictory).
    kept: bool,
}

/// Everything one delegation's answers imply (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    layout: Layout,
    log: Vec<Logged>,
    kept: Vec<Constraint>,
    contradictions: Vec<Contradiction>,
    unstructured: bool,
}

impl Evidence {
    /// Nothing known yet about a delegation negotiating issues with `radices` values. Beyond
    /// [`MAX_VARIABLES`] the set is unstructured from the start.
    pub fn new(radices: &[u32]) -> Self {
        let layout = Layout::new(radices);
        Evidence {
            unstructured: layout.len() > MAX_VARIABLES,
            layout,
            log: Vec::new(),
            kept: Vec::new(),
            contradictions: Vec::new(),
        }
    }

    /// The variables' layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The constraints of every answer kept, in the order given (without the model's own).
    pub fn constraints(&self) -> &[Constraint] {
        &self.kept
    }

    /// How many informative answers are kept.
    pub fn answers_kept(&self) -> usize {
        self.log.iter().filter(|l| l.kept).count()
    }

    /// Every contradiction detected so far, in order: answers that could not join the
    /// consistent set when given (or when an answer they relied on was superseded).
    pub fn contradictions(&self) -> &[Contradiction] {
        &self.contradictions
    }

    /// Whether an answer is set aside now (a later answer to the same question may have
    /// resolved an earlier contradiction).
    pub fn has_answers_set_aside(&self) -> bool {
        self.log.iter().any(|l| !l.kept && !l.superseded)
    }

    /// Whether the set is unstructured: the delegation declined a question about single issues
    /// (its profile is then not taken to be linear-additive), or its issues have more values
    /// than [`MAX_VARIABLES`] allows. An unstructured set constrains nothing (see
    /// [`super::bounds`]) and runs no linear program.
    pub fn is_unstructured(&self) -> bool {
        self.unstructured
    }

    /// Adds a valid answer (already checked by [`super::message::validate_answer`]) given in
    /// `round`. Returns `false` when it is set aside: it contradicts the answers kept, or it
    /// lost the vote among answers to the same question.
    ///
    /// Asking again is how a mediator resolves a contradiction: answers to a question about the
    /// delegation's preferences ([`QuestionKind::is_per_issue`], position tests, comparisons)
    /// that was asked before are put to a vote — the most frequent answer stands; among equals a
    /// [`typical`] one, then the latest — and an answer that differs from an earlier one is
    /// itself recorded as a contradiction. Tests and requests for packages are not voted on: a delegation may accept
    /// later what it rejected, or name another package.
    pub fn add(
        &mut self,
        space: &OutcomeSpace,
        round: u32,
        question: &Question,
        answer: &Answer,
    ) -> bool {
        if *answer == Answer::CannotSay {
            self.unstructured = true;
            return true;
        }
        if self.unstructured {
            return true;
        }
        let constraints = implied(&self.layout, space, question, answer);
        if constraints.is_empty() {
            return true;
        }
        let voted = is_voted(question);
        if voted {
            if let Some(i) = self
                .log
                .iter()
                .position(|l| l.question == *question && l.answer == *answer)
            {
                return self.add_vote(space, i);
            }
        }
        if self.log.len() >= MAX_ANSWERS || self.kept.len() + constraints.len() > MAX_CONSTRAINTS {
            return true;
        }
        self.log.push(Logged {
            round,
            question: question.clone(),
            answer: answer.clone(),
            constraints,
            votes: 1,
            superseded: false,
            kept: false,
        });
        let last = self.log.len() - 1;
        if !voted || !self.log[..last].iter().any(|l| l.question == *question) {
            return self.try_keep(last);
        }
        self.record_contradiction(last);
        self.vote(space, question);
        self.rebuild();
        self.log[last].kept
    }

    /// Counts one more vote for answer `i`; the set is rebuilt only if the vote's winner changes.
    fn add_vote(&mut self, space: &OutcomeSpace, i: usize) -> bool {
        self.log[i].votes += 1;
        let question = self.log[i].question.clone();
        let before: Vec<bool> = self.superseded_of(&question);
        self.vote(space, &question);
        if self.superseded_of(&question) != before {
            self.rebuild();
        }
        self.log[i].kept
    }

    fn superseded_of(&self, question: &Question) -> Vec<bool> {
        self.log
            .iter()
            .filter(|l| l.question == *question)
            .map(|l| l.superseded)
            .collect()
    }

    /// Marks every answer to `question` but the vote's winner as superseded: most votes first;
    /// among equals a typical answer (see [`typical`]), then the latest.
    fn vote(&mut self, space: &OutcomeSpace, question: &Question) {
        let winner = self
            .log
            .iter()
            .enumerate()
            .filter(|(_, l)| l.question == *question)
            .max_by_key(|(i, l)| (l.votes, typical(space, question, &l.answer), *i))
            .map(|(i, _)| i);
        for (i, l) in self.log.iter_mut().enumerate() {
            if l.question == *question {
                l.superseded = Some(i) != winner;
            }
        }
    }

    /// Whether the answers to `question` disagree and no answer has a strict majority: asking
    /// once more would settle it.
    pub fn undecided(&self, question: &Question) -> bool {
        let votes: Vec<usize> = self
            .log
            .iter()
            .filter(|l| l.question == *question)
            .map(|l| l.votes)
            .collect();
        let total: usize = votes.iter().sum();
        let top = votes.iter().copied().max().unwrap_or(0);
        votes.len() > 1 && top * 2 <= total
    }

    /// How many times `question` was answered informatively.
    pub fn times_answered(&self, question: &Question) -> usize {
        self.log
            .iter()
            .filter(|l| l.question == *question)
            .map(|l| l.votes)
            .sum()
    }

    /// Builds the consistent set again from the answers that stand, in order.
    fn rebuild(&mut self) {
        self.kept.clear();
        for i in 0..self.log.len() {
            if self.log[i].superseded {
                self.log[i].kept = false;
            } else {
                let was_kept = self.log[i].kept;
                if !self.try_keep_quietly(i) && was_kept {
                    self.record_contradiction(i);
                }
            }
        }
    }

    /// Keeps answer `i` if it fits the set; records a contradiction otherwise.
    fn try_keep(&mut self, i: usize) -> bool {
        let kept = self.try_keep_quietly(i);
        if !kept {
            self.record_contradiction(i);
        }
        kept
    }

    fn try_keep_quietly(&mut self, i: usize) -> bool {
        let mut all = self.kept.clone();
        all.extend(self.log[i].constraints.iter().cloned());
        let fits = feasible(&self.layout, &all);
        if fits {
            self.kept = all;
        }
        self.log[i].kept = fits;
        fits
    }

    fn record_contradiction(&mut self, i: usize) {
        self.contradictions.push(Contradiction {
            round: self.log[i].round,
            question: self.log[i].question.kind(),
        });
    }

    /// Every constraint of the set: the model's and the answers'.
    pub fn all_constraints(&self) -> Vec<Constraint> {
        let mut all = self.layout.model();
        all.extend(self.kept.iter().cloned());
        all
    }
}

/// Whether `answer` has the shape of the scenarios delegations bring: ratings that rate an issue
/// in full give one of its values 100 (every issue has a best value, which tops the scale). Only
/// used to break ties between disagreeing answers; the model itself does not require it.
pub fn typical(space: &OutcomeSpace, question: &Question, answer: &Answer) -> bool {
    atypical_issue(space, question, answer).is_none()
}

/// The first issue (by position) that `answer` rates in full with no value at 100, if any (see
/// [`typical`]).
pub fn atypical_issue(space: &OutcomeSpace, question: &Question, answer: &Answer) -> Option<usize> {
    let (Question::Rate(options), Answer::Ratings(ratings)) = (question, answer) else {
        return None;
    };
    (0..space.issues().len()).find(|&k| {
        let rated: Vec<u8> = options
            .iter()
            .zip(ratings)
            .filter(|((issue, _), _)| *issue == k)
            .map(|(_, r)| *r)
            .collect();
        let full = space.issues()[k]
            .cardinality()
            .is_some_and(|c| c == rated.len() as u128);
        full && !rated.contains(&100)
    })
}

/// Whether answers to `question` asked again are put to a vote (see [`Evidence::add`]).
fn is_voted(question: &Question) -> bool {
    let kind = question.kind();
    kind.is_per_issue() || matches!(kind, QuestionKind::PositionTest | QuestionKind::Compare)
}

/// The constraints a truthful `answer` to `question` implies (see the table in
/// [`super::message`]); empty when it implies nothing about the profile.
pub fn implied(
    layout: &Layout,
    space: &OutcomeSpace,
    question: &Question,
    answer: &Answer,
) -> Vec<Constraint> {
    let indices = |p| space.indices_of(p);
    match (question, answer) {
        (Question::Test(p), Answer::Verdict { accept: true, .. })
        | (Question::PositionTest(p), Answer::Position(true))
        | (Question::AskPackage, Answer::Package(p)) => indices(p)
            .map(|p| vec![Constraint::at_least(layout.surplus(&p), 0.0)])
            .unwrap_or_default(),
        (Question::PositionTest(p), Answer::Position(false)) => indices(p)
            .map(|p| vec![Constraint::at_most(layout.surplus(&p), 0.0)])
            .unwrap_or_default(),
        (Question::Compare(a, b), Answer::Preference(preferred)) => {
            let (Some(a), Some(b)) = (indices(a), indices(b)) else {
                return Vec::new();
            };
            let mut diff = layout.utility(&a, 1.0);
            diff.extend(layout.utility(&b, -1.0));
            vec![match preferred {
                Preferred::First => Constraint::at_least(diff, 0.0),
                Preferred::Second => Constraint::at_most(diff, 0.0),
                Preferred::Indifferent => Constraint::between(diff, 0.0, 0.0),
            }]
        }
        (Question::Extremes(k), Answer::Extremes { best, worst }) => {
            extremes(layout, space, *k, best, worst)
        }
        (Question::Rate(options), Answer::Ratings(ratings)) => options
            .iter()
            .zip(ratings)
            .filter_map(|((k, v), &rating)| {
                let v = space.issues().get(*k)?.index_of(v)? as usize;
                Some(rated(layout, *k, v, rating))
            })
            .flatten()
            .collect(),
        (Question::SplitPoints, Answer::Points(points)) => points
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let share = f64::from(p) / 100.0;
                Constraint::between(vec![(layout.w(k), 1.0)], share - 0.01, share + 0.01)
            })
            .collect(),
        (Question::RateWalkAway, Answer::Rating(rating)) => {
            let level = f64::from(*rating) / 100.0;
            vec![Constraint::between(
                vec![(layout.r(), 1.0)],
                level - 0.005,
                level + 0.005,
            )]
        }
        _ => Vec::new(),
    }
}

/// `best` scores at least every value of issue `k`, and `worst` at most.
fn extremes(
    layout: &Layout,
    space: &OutcomeSpace,
    k: usize,
    best: &crate::outcome::Value,
    worst: &crate::outcome::Value,
) -> Vec<Constraint> {
    let Some(issue) = space.issues().get(k) else {
        return Vec::new();
    };
    let (Some(b), Some(c)) = (issue.index_of(best), issue.index_of(worst)) else {
        return Vec::new();
    };
    let (b, c) = (b as usize, c as usize);
    (0..layout.values(k))
        .flat_map(|v| {
            let above_best = (v != b).then(|| {
                Constraint::at_least(vec![(layout.x(k, b), 1.0), (layout.x(k, v), -1.0)], 0.0)
            });
            let below_worst = (v != c).then(|| {
                Constraint::at_least(vec![(layout.x(k, v), 1.0), (layout.x(k, c), -1.0)], 0.0)
            });
            above_best.into_iter().chain(below_worst)
        })
        .collect()
}

/// `sₖ(v)` within ½ of `rating/100`, i.e. `xₖ(v)` between `(rating ∓ ½)/100 · wₖ`.
fn rated(layout: &Layout, k: usize, v: usize, rating: u8) -> Vec<Constraint> {
    let level = f64::from(rating) / 100.0;
    let (x, w) = (layout.x(k, v), layout.w(k));
    vec![
        Constraint::at_least(vec![(x, 1.0), (w, -(level - 0.005).max(0.0))], 0.0),
        Constraint::at_most(vec![(x, 1.0), (w, -(level + 0.005).min(1.0))], 0.0),
    ]
}

/// Whether some point of the model satisfies `constraints` (the model's own are added). A
/// solver failure other than infeasibility counts as feasible: the answer is kept, and bounds
/// computed later fall back to the widest (see [`super::bounds`]).
pub fn feasible(layout: &Layout, constraints: &[Constraint]) -> bool {
    let mut all = layout.model();
    all.extend(constraints.iter().cloned());
    !matches!(
        lp::optimise(
            layout.len(),
            &all,
            &[(layout.r(), 1.0)],
            lp::Sense::Minimise
        ),
        Err(good_lp::ResolutionError::Infeasible)
    )
}

/// Linear programs over a model's variables, each in `[0, 1]`.
pub mod lp {
    use good_lp::{
        microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel,
        Variable,
    };

    use super::Constraint;

    /// Which way to optimise.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Sense {
        /// Smallest value.
        Minimise,
        /// Largest value.
        Maximise,
    }

    /// An optimal point of `Σ objective` over variables `0..n` in `[0, 1]` satisfying
    /// `constraints`.
    pub fn optimise(
        n: usize,
        constraints: &[Constraint],
        objective: &[(usize, f64)],
        sense: Sense,
    ) -> Result<Vec<f64>, ResolutionError> {
        let mut vars = ProblemVariables::new();
        let xs: Vec<Variable> = (0..n)
            .map(|_| vars.add(variable().min(0.0).max(1.0)))
            .collect();
        let expression = |terms: &[(usize, f64)]| {
            let mut e = Expression::from(0.0);
            for &(i, a) in terms {
                e.add_mul(a, xs[i]);
            }
            e
        };
        let goal = expression(objective);
        let mut model = match sense {
            Sense::Minimise => vars.minimise(goal),
            Sense::Maximise => vars.maximise(goal),
        }
        .using(microlp);
        for c in constraints {
            let e = expression(&c.terms);
            if c.lo == c.hi {
                model = model.with(e.eq(c.lo));
                continue;
            }
            if c.lo.is_finite() {
                model = model.with(e.clone().geq(c.lo));
            }
            if c.hi.is_finite() {
                model = model.with(e.leq(c.hi));
            }
        }
        let solution = model.solve()?;
        Ok(xs.iter().map(|x| solution.value(*x)).collect())
    }
}

/// The box around a delegation's consistent set, and a point inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hull {
    /// Per variable, the smallest value any consistent profile gives it (widened slightly; the
    /// weights' ranges are left at [0, 1]).
    pub lower: Vec<f64>,
    /// Per variable, the largest value (widened slightly).
    pub upper: Vec<f64>,
    /// A consistent profile: the mean of the optima found (a convex set holds its means).
    pub center: Vec<f64>,
    /// Whether every bound came from a solved program (otherwise some are the widest, `[0, 1]`).
    pub solved: bool,
}

impl Evidence {
    /// The hull of the consistent set: each contribution's and the walk-away value's smallest
    /// and largest value, by linear programming. An unstructured set spans everything.
    pub fn hull(&self) -> Hull {
        let n = self.layout.len();
        let widest = Hull {
            lower: vec![0.0; n],
            upper: vec![1.0; n],
            center: self.neutral_point(),
            solved: false,
        };
        if self.unstructured {
            return widest;
        }
        if self.kept.is_empty() {
            // The model alone: every contribution and weight in [0, 1], as every one may take
            // the whole weight; no program needed.
            return Hull {
                solved: true,
                ..widest
            };
        }
        let all = self.all_constraints();
        let mut hull = Hull {
            lower: vec![0.0; n],
            upper: vec![1.0; n],
            center: vec![0.0; n],
            solved: true,
        };
        let mut optima = 0usize;
        // Contributions and the walk-away value: the weights' own ranges are not needed.
        for var in self.layout.issues()..n {
            for sense in [lp::Sense::Minimise, lp::Sense::Maximise] {
                let Ok(point) = lp::optimise(n, &all, &[(var, 1.0)], sense) else {
                    hull.solved = false;
                    continue;
                };
                match sense {
                    lp::Sense::Minimise => hull.lower[var] = (point[var] - HULL_MARGIN).max(0.0),
                    lp::Sense::Maximise => hull.upper[var] = (point[var] + HULL_MARGIN).min(1.0),
                }
                for (c, x) in hull.center.iter_mut().zip(&point) {
                    *c += x;
                }
                optima += 1;
            }
        }
        if optima == 0 {
            return widest;
        }
        for c in &mut hull.center {
            *c /= optima as f64;
        }
        hull
    }

    /// The centre of the model with no answers: equal weights, every value scoring ½, walk-away
    /// at ½.
    fn neutral_point(&self) -> Vec<f64> {
        let l = &self.layout;
        let w = 1.0 / l.issues().max(1) as f64;
        let mut point = vec![0.0; l.len()];
        for k in 0..l.issues() {
            point[l.w(k)] = w;
            for v in 0..l.values(k) {
                point[l.x(k, v)] = w / 2.0;
            }
        }
        point[l.r()] = 0.5;
        point
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y", "z"]).unwrap(),
            Issue::discrete("b", ["x", "y"]).unwrap(),
        ])
        .unwrap()
    }

    fn pkg(a: u32, b: u32) -> Vec<Value> {
        vec![Value::Discrete(a), Value::Discrete(b)]
    }

    #[test]
    fn layout_places_weights_contributions_and_walk_away() {
        let l = Layout::new(&[3, 2]);
        assert_eq!(
            (l.w(1), l.x(0, 0), l.x(1, 1), l.r(), l.len()),
            (1, 2, 6, 7, 8)
        );
        assert_eq!((l.values(0), l.values(1)), (3, 2));
    }

    #[test]
    fn a_contradiction_is_set_aside_and_recorded() {
        let s = space();
        let mut e = Evidence::new(&[3, 2]);
        assert!(e.add(&s, 1, &Question::RateWalkAway, &Answer::Rating(90)));
        // Walk-away 0.9, yet the worst package is said to beat it while scoring at most 0.01
        // on issue a and nothing on b.
        assert!(e.add(
            &s,
            1,
            &Question::Rate(vec![(0, Value::Discrete(0)), (1, Value::Discrete(0))]),
            &Answer::Ratings(vec![0, 0])
        ));
        assert!(!e.add(
            &s,
            2,
            &Question::PositionTest(pkg(0, 0)),
            &Answer::Position(true)
        ));
        assert_eq!(
            e.contradictions(),
            [Contradiction {
                round: 2,
                question: QuestionKind::PositionTest
            }]
        );
        assert_eq!(e.answers_kept(), 2);
        assert!(e.has_answers_set_aside());
    }

    #[test]
    fn asking_again_resolves_a_contradiction() {
        let s = space();
        let mut e = Evidence::new(&[3, 2]);
        let rate_worst = Question::Rate(vec![(0, Value::Discrete(0)), (1, Value::Discrete(0))]);
        e.add(&s, 1, &Question::RateWalkAway, &Answer::Rating(90));
        e.add(&s, 1, &rate_worst, &Answer::Ratings(vec![0, 0]));
        let worst = Question::PositionTest(pkg(0, 0));
        assert!(!e.add(&s, 2, &worst, &Answer::Position(true)));
        // Asked again, the walk-away point is low: a tie, and the latest answer stands, so the
        // position test now fits; the disagreement is itself recorded.
        assert!(e.add(&s, 3, &Question::RateWalkAway, &Answer::Rating(0)));
        assert!(e.undecided(&Question::RateWalkAway));
        assert!(!e.has_answers_set_aside());
        assert_eq!(e.answers_kept(), 3);
        assert_eq!(e.contradictions().len(), 2);
        // A third answer settles the vote: 90 twice wins, and the position test is set aside.
        assert!(e.add(&s, 4, &Question::RateWalkAway, &Answer::Rating(90)));
        assert!(!e.undecided(&Question::RateWalkAway));
        assert!(e.has_answers_set_aside());
        assert_eq!(e.times_answered(&Question::RateWalkAway), 3);
    }

    #[test]
    fn hull_brackets_what_ratings_and_points_say() {
        let s = space();
        let mut e = Evidence::new(&[3, 2]);
        e.add(&s, 1, &Question::SplitPoints, &Answer::Points(vec![60, 40]));
        e.add(
            &s,
            1,
            &Question::Rate(vec![(0, Value::Discrete(1))]),
            &Answer::Ratings(vec![50]),
        );
        let h = e.hull();
        let l = e.layout();
        assert!(h.solved);
        // x = w·s with w in [0.59, 0.61] and s in [0.495, 0.505].
        assert!((h.lower[l.x(0, 1)] - 0.59 * 0.495).abs() < 1e-4, "{h:?}");
        assert!((h.upper[l.x(0, 1)] - 0.61 * 0.505).abs() < 1e-4, "{h:?}");
        for c in e.all_constraints() {
            assert!(c.holds(&h.center, 1e-6), "{c:?}");
        }
    }

    #[test]
    fn too_many_values_leave_the_set_unstructured_without_programs() {
        let e = Evidence::new(&[MAX_VARIABLES as u32]);
        assert!(e.is_unstructured());
        let h = e.hull();
        assert!(!h.solved);
        assert!(h.upper.iter().all(|&u| u == 1.0));
    }

    #[test]
    fn the_same_answer_again_is_a_vote_not_a_new_constraint() {
        let s = space();
        let mut e = Evidence::new(&[3, 2]);
        for round in 1..=5 {
            assert!(e.add(&s, round, &Question::RateWalkAway, &Answer::Rating(40)));
        }
        assert_eq!(e.constraints().len(), 1);
        assert_eq!(e.times_answered(&Question::RateWalkAway), 5);
        assert!(e.contradictions().is_empty());
        // One dissent is outvoted and recorded.
        assert!(!e.add(&s, 6, &Question::RateWalkAway, &Answer::Rating(90)));
        assert!(!e.undecided(&Question::RateWalkAway));
        assert_eq!(e.contradictions().len(), 1);
    }

    #[test]
    fn declining_makes_the_set_unstructured() {
        let mut e = Evidence::new(&[3, 2]);
        e.add(&space(), 1, &Question::SplitPoints, &Answer::CannotSay);
        assert!(e.is_unstructured());
        assert_eq!(e.hull().upper, vec![1.0; 8]);
    }
}
