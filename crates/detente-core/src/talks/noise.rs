//! Answer noise, for simulation: a delegation that now and then answers wrongly.
//!
//! [`NoisyParty`] wraps any [`TalksParty`]. Each answer it passes on is, independently with
//! probability P, replaced by a *wrong* answer of the same kind: a different answer that still
//! fits the question ([`validate_answer`]), drawn at random:
//!
//! | answer | wrong answer |
//! |---|---|
//! | verdict, position, consent | flipped (a flipped rejection names no objections) |
//! | preference | one of the two other choices |
//! | rating | a different rating, uniform on 0–100 |
//! | ratings | every rating redrawn uniformly (at least one differs) |
//! | points | a different random split of 100 points |
//! | extremes | a different (best, worst) pair of the issue's values |
//! | package, no package | a random package different from the one named |
//! | ranking | a different order of the issues |
//!
//! A walk-out, silence, [`Answer::CannotSay`] and a malformed answer pass unchanged, and so does
//! an answer for which the question admits no other (a ranking of one issue, the extremes of a
//! one-valued issue, …). Draws come from a ChaCha8 stream fixed by the run's seed and the
//! party's place, so the same seed gives the same answers, whatever the other parties do.
//!
//! The noise is what a mediator learning from answers must survive: the answers a noisy
//! delegation gives over the talks may contradict each other (see [`super::evidence`]).

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::message::{validate_answer, Answer, Preferred, Question};
use super::party::{CaucusView, TalksParty};
use crate::outcome::{Outcome, OutcomeSpace};

/// An answer-noise probability outside [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("the answer noise must be a probability from 0 to 1, got {0}")]
pub struct BadNoise(pub f64);

/// `probability` if it is one (in [0, 1], not NaN).
pub fn check_probability(probability: f64) -> Result<f64, BadNoise> {
    if (0.0..=1.0).contains(&probability) {
        Ok(probability)
    } else {
        Err(BadNoise(probability))
    }
}

/// A delegation whose answers are each wrong with a fixed probability (see the module doc).
#[derive(Debug, Clone)]
pub struct NoisyParty<P> {
    inner: P,
    space: OutcomeSpace,
    probability: f64,
    rng: ChaCha8Rng,
}

impl<P: TalksParty> NoisyParty<P> {
    /// `inner`, seated at place `party` over `space`, answering wrongly with `probability`;
    /// `seed` is the run's seed.
    pub fn new(
        inner: P,
        space: &OutcomeSpace,
        probability: f64,
        seed: u64,
        party: usize,
    ) -> Result<Self, BadNoise> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // One stream per party: a party's noise does not depend on how often others are asked.
        rng.set_stream(party as u64);
        Ok(NoisyParty {
            inner,
            space: space.clone(),
            probability: check_probability(probability)?,
            rng,
        })
    }

    /// The wrapped party.
    pub fn inner(&self) -> &P {
        &self.inner
    }
}

impl<P: TalksParty> TalksParty for NoisyParty<P> {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        let answer = self.inner.answer(view, question)?;
        let passes = matches!(answer, Answer::WalkOut | Answer::CannotSay)
            || validate_answer(&self.space, question, &answer).is_err();
        if passes || !self.rng.gen_bool(self.probability) {
            return Some(answer);
        }
        let wrong = wrong_answer(&self.space, question, &answer, &mut self.rng);
        Some(wrong.unwrap_or(answer))
    }
}

/// A random valid answer to `question` that differs from `answer` (a valid answer to it), as
/// tabled in the module doc; `None` when there is none, or for a walk-out or
/// [`Answer::CannotSay`].
pub fn wrong_answer(
    space: &OutcomeSpace,
    question: &Question,
    answer: &Answer,
    rng: &mut ChaCha8Rng,
) -> Option<Answer> {
    Some(match answer {
        Answer::Verdict { accept, .. } => Answer::Verdict {
            accept: !accept,
            objections: Vec::new(),
        },
        Answer::Position(better) => Answer::Position(!better),
        Answer::Consent(consent) => Answer::Consent(!consent),
        Answer::Preference(p) => Answer::Preference(other_preference(*p, rng)),
        Answer::Rating(r) => Answer::Rating(other_rating(*r, rng)),
        Answer::Ratings(ratings) => Answer::Ratings(other_ratings(ratings, rng)),
        Answer::Points(points) => Answer::Points(other_points(points, rng)?),
        Answer::Extremes { .. } => other_extremes(space, question, answer, rng)?,
        Answer::Package(p) => Answer::Package(other_package(space, Some(p), rng)?),
        Answer::NoPackage => Answer::Package(other_package(space, None, rng)?),
        Answer::Ranking(r) => Answer::Ranking(other_ranking(r, rng)?),
        Answer::CannotSay | Answer::WalkOut => return None,
    })
}

/// One of the two choices other than `p`, each as likely.
fn other_preference(p: Preferred, rng: &mut ChaCha8Rng) -> Preferred {
    let others: Vec<Preferred> = [Preferred::First, Preferred::Second, Preferred::Indifferent]
        .into_iter()
        .filter(|q| *q != p)
        .collect();
    others[rng.gen_range(0..others.len())]
}

/// A rating on 0–100 other than `r`, uniformly.
fn other_rating(r: u8, rng: &mut ChaCha8Rng) -> u8 {
    let x = rng.gen_range(0..100u8);
    if x >= r.min(100) {
        x + 1
    } else {
        x
    }
}

/// Every rating redrawn on 0–100; should the draw repeat `ratings`, one of them is moved.
fn other_ratings(ratings: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut drawn: Vec<u8> = ratings.iter().map(|_| rng.gen_range(0..=100u8)).collect();
    if drawn == ratings && !drawn.is_empty() {
        let k = rng.gen_range(0..drawn.len());
        drawn[k] = other_rating(drawn[k], rng);
    }
    drawn
}

/// A random split of 100 points over as many issues as `points`, other than `points`; `None`
/// with fewer than two issues (100 points on one issue is the only split).
fn other_points(points: &[u32], rng: &mut ChaCha8Rng) -> Option<Vec<u32>> {
    if points.len() < 2 {
        return None;
    }
    loop {
        // Cuts of [0, 100] into as many parts as issues.
        let mut cuts: Vec<u32> = (1..points.len()).map(|_| rng.gen_range(0..=100)).collect();
        cuts.sort_unstable();
        let split: Vec<u32> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(100)))
            .map(|(from, to)| to - from)
            .collect();
        if split != points {
            return Some(split);
        }
    }
}

/// A (best, worst) pair of the asked issue's values other than the one in `answer`, uniformly;
/// `None` for an issue with one value.
fn other_extremes(
    space: &OutcomeSpace,
    question: &Question,
    answer: &Answer,
    rng: &mut ChaCha8Rng,
) -> Option<Answer> {
    let (Question::Extremes(k), Answer::Extremes { best, worst }) = (question, answer) else {
        return None;
    };
    let issue = space.issues().get(*k)?;
    let m = u64::from(u32::try_from(issue.cardinality()?).ok()?);
    if m < 2 {
        return None;
    }
    let given = issue.index_of(best)? * m + issue.index_of(worst)?;
    let mut pair = rng.gen_range(0..m * m - 1);
    if pair >= given {
        pair += 1;
    }
    Some(Answer::Extremes {
        best: issue.value_at(pair / m)?,
        worst: issue.value_at(pair % m)?,
    })
}

/// A random package of `space`, other than `named`; `None` when `space` has no other.
fn other_package(
    space: &OutcomeSpace,
    named: Option<&Outcome>,
    rng: &mut ChaCha8Rng,
) -> Option<Outcome> {
    let radices = space.radices()?;
    let named = named.and_then(|p| space.indices_of(p));
    if named.is_some() && radices.iter().all(|&r| r < 2) {
        return None;
    }
    loop {
        let drawn: Vec<u32> = radices.iter().map(|&r| rng.gen_range(0..r)).collect();
        if named.as_ref() != Some(&drawn) {
            return Some(space.outcome_from_indices(&drawn));
        }
    }
}

/// A random order of the issues other than `ranking`; `None` for fewer than two issues.
fn other_ranking(ranking: &[usize], rng: &mut ChaCha8Rng) -> Option<Vec<usize>> {
    if ranking.len() < 2 {
        return None;
    }
    let mut order = ranking.to_vec();
    loop {
        order.shuffle(rng);
        if order != ranking {
            return Some(order);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::{any, prop, prop_assert, prop_assert_eq, prop_assert_ne, proptest};
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::outcome::{Issue, Value};
    use crate::talks::message::QuestionKind;

    /// A space with one issue per entry of `values` (that many values each).
    fn space(values: &[u32]) -> OutcomeSpace {
        OutcomeSpace::new(
            values
                .iter()
                .enumerate()
                .map(|(k, &n)| {
                    Issue::discrete(format!("i{k}"), (0..n).map(|v| format!("v{v}"))).unwrap()
                })
                .collect(),
        )
        .unwrap()
    }

    fn random_package(space: &OutcomeSpace, rng: &mut ChaCha8Rng) -> Outcome {
        let radices = space.radices().unwrap();
        let indices: Vec<u32> = radices.iter().map(|&r| rng.gen_range(0..r)).collect();
        space.outcome_from_indices(&indices)
    }

    /// A question of `kind` over `space`, with random packages and options.
    fn question(space: &OutcomeSpace, kind: QuestionKind, rng: &mut ChaCha8Rng) -> Question {
        let n = space.issues().len();
        match kind {
            QuestionKind::Test => Question::Test(random_package(space, rng)),
            QuestionKind::AskPackage => Question::AskPackage,
            QuestionKind::RankIssues => Question::RankIssues,
            QuestionKind::Compare => {
                Question::Compare(random_package(space, rng), random_package(space, rng))
            }
            QuestionKind::JointSession => Question::JointSession,
            QuestionKind::Extremes => Question::Extremes(rng.gen_range(0..n)),
            QuestionKind::Rate => {
                let mut options = Vec::new();
                for (k, issue) in space.issues().iter().enumerate() {
                    for v in 0..issue.cardinality().unwrap() as u64 {
                        options.push((k, issue.value_at(v).unwrap()));
                    }
                }
                options.shuffle(rng);
                options.truncate(rng.gen_range(1..=options.len().min(6)));
                Question::Rate(options)
            }
            QuestionKind::SplitPoints => Question::SplitPoints,
            QuestionKind::PositionTest => Question::PositionTest(random_package(space, rng)),
            QuestionKind::RateWalkAway => Question::RateWalkAway,
        }
    }

    /// A random valid answer to `question`.
    fn valid_answer(space: &OutcomeSpace, question: &Question, rng: &mut ChaCha8Rng) -> Answer {
        let n = space.issues().len();
        match question {
            Question::Test(_) => Answer::Verdict {
                accept: rng.gen(),
                objections: Vec::new(),
            },
            Question::AskPackage if rng.gen_bool(0.2) => Answer::NoPackage,
            Question::AskPackage => Answer::Package(random_package(space, rng)),
            Question::RankIssues => {
                let mut r: Vec<usize> = (0..n).collect();
                r.shuffle(rng);
                Answer::Ranking(r)
            }
            Question::Compare(..) => Answer::Preference(
                [Preferred::First, Preferred::Second, Preferred::Indifferent][rng.gen_range(0..3)],
            ),
            Question::JointSession => Answer::Consent(rng.gen()),
            Question::Extremes(k) => {
                let issue = &space.issues()[*k];
                let m = issue.cardinality().unwrap() as u64;
                Answer::Extremes {
                    best: issue.value_at(rng.gen_range(0..m)).unwrap(),
                    worst: issue.value_at(rng.gen_range(0..m)).unwrap(),
                }
            }
            Question::Rate(options) => {
                Answer::Ratings(options.iter().map(|_| rng.gen_range(0..=100)).collect())
            }
            Question::SplitPoints => {
                let mut points = vec![0u32; n];
                for _ in 0..100 {
                    points[rng.gen_range(0..n)] += 1;
                }
                Answer::Points(points)
            }
            Question::PositionTest(_) => Answer::Position(rng.gen()),
            Question::RateWalkAway => Answer::Rating(rng.gen_range(0..=100)),
        }
    }

    /// Whether `question` admits only one valid answer of `answer`'s kind.
    fn only_one_answer(space: &OutcomeSpace, question: &Question, answer: &Answer) -> bool {
        let radices = space.radices().unwrap();
        match (question, answer) {
            (Question::RankIssues, _) | (Question::SplitPoints, _) => radices.len() < 2,
            (Question::Extremes(k), _) => radices[*k] < 2,
            (Question::AskPackage, Answer::Package(_)) => radices.iter().all(|&r| r < 2),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn wrong_answers_are_valid_and_different(
            values in prop::collection::vec(1u32..5, 1..4),
            kind in 0usize..QuestionKind::ALL.len(),
            seed in any::<u64>(),
        ) {
            let space = space(&values);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let question = question(&space, QuestionKind::ALL[kind], &mut rng);
            let answer = valid_answer(&space, &question, &mut rng);
            prop_assert_eq!(validate_answer(&space, &question, &answer), Ok(()));
            match wrong_answer(&space, &question, &answer, &mut rng) {
                Some(wrong) => {
                    prop_assert_eq!(validate_answer(&space, &question, &wrong), Ok(()));
                    prop_assert_ne!(&wrong, &answer);
                    let same_kind = wrong.kind() == answer.kind()
                        || (answer == Answer::NoPackage && wrong.kind() == "package");
                    prop_assert!(same_kind, "{:?} → {:?}", answer, wrong);
                }
                None => prop_assert!(only_one_answer(&space, &question, &answer)),
            }
        }
    }

    /// Answers everything with a fixed answer per question kind (valid in [`space`] `[3, 3]`).
    struct Fixed;

    impl TalksParty for Fixed {
        fn answer(&mut self, _view: &CaucusView, question: &Question) -> Option<Answer> {
            Some(match question {
                Question::Test(_) => Answer::Verdict {
                    accept: false,
                    objections: vec![1],
                },
                Question::RateWalkAway => Answer::Rating(40),
                Question::SplitPoints => Answer::CannotSay,
                Question::JointSession => return None,
                Question::RankIssues => Answer::WalkOut,
                _ => Answer::Position(true), // malformed for anything but a position test
            })
        }
    }

    fn view() -> CaucusView {
        CaucusView {
            round: 1,
            rounds: 4,
            time: 0.0,
        }
    }

    /// The answers of `Fixed` behind noise `p` (seed, party 0) to `questions`.
    fn answers(p: f64, seed: u64, party: usize, questions: &[Question]) -> Vec<Option<Answer>> {
        let mut noisy = NoisyParty::new(Fixed, &space(&[3, 3]), p, seed, party).unwrap();
        questions.iter().map(|q| noisy.answer(&view(), q)).collect()
    }

    fn walk_away_questions(n: usize) -> Vec<Question> {
        vec![Question::RateWalkAway; n]
    }

    #[test]
    fn no_noise_changes_nothing_and_full_noise_changes_every_answer() {
        let questions = walk_away_questions(50);
        assert!(answers(0.0, 7, 0, &questions)
            .iter()
            .all(|a| *a == Some(Answer::Rating(40))));
        assert!(answers(1.0, 7, 0, &questions)
            .iter()
            .all(|a| matches!(a, Some(Answer::Rating(r)) if *r != 40)));
        let changed = answers(0.3, 7, 0, &walk_away_questions(2000))
            .iter()
            .filter(|a| **a != Some(Answer::Rating(40)))
            .count();
        assert!((500..700).contains(&changed), "{changed} of 2000");
    }

    #[test]
    fn the_same_seed_gives_the_same_answers_and_parties_draw_apart() {
        let questions = walk_away_questions(40);
        assert_eq!(
            answers(0.5, 3, 1, &questions),
            answers(0.5, 3, 1, &questions)
        );
        assert_ne!(
            answers(0.5, 3, 1, &questions),
            answers(0.5, 3, 2, &questions)
        );
        assert_ne!(
            answers(0.5, 3, 1, &questions),
            answers(0.5, 4, 1, &questions)
        );
    }

    #[test]
    fn silence_walk_outs_cannot_say_and_malformed_answers_pass_unchanged() {
        let questions = [
            Question::JointSession,
            Question::RankIssues,
            Question::SplitPoints,
            Question::AskPackage,
        ];
        assert_eq!(
            answers(1.0, 0, 0, &questions),
            [
                None,
                Some(Answer::WalkOut),
                Some(Answer::CannotSay),
                Some(Answer::Position(true))
            ]
        );
        // A flipped rejection names no objections.
        let test = [Question::Test(vec![Value::Discrete(0), Value::Discrete(0)])];
        assert_eq!(
            answers(1.0, 0, 0, &test),
            [Some(Answer::Verdict {
                accept: true,
                objections: vec![]
            })]
        );
    }

    #[test]
    fn probabilities_outside_zero_to_one_are_refused() {
        for p in [-0.1, 1.5, f64::NAN] {
            let err = NoisyParty::new(Fixed, &space(&[2]), p, 0, 0).err().unwrap();
            assert!(err
                .to_string()
                .starts_with("the answer noise must be a probability from 0 to 1"));
        }
        assert_eq!(check_probability(1.0), Ok(1.0));
    }
}
