//! What the mediator may say in a caucus, what a party may answer, and the check that an answer
//! fits its question.
//!
//! Messages are typed on purpose: a question carries only packages, issue positions and values,
//! never free text, so there is no field through which one party's answers could be relayed to
//! another.
//!
//! # What an answer means
//!
//! The blind mediator reads every answer as a statement about the party's profile under one
//! declared model (see [`super::evidence`]): a linear-additive utility `u(p) = Σₖ wₖ·sₖ(pₖ)` with
//! weights `wₖ ≥ 0` summing to 1, every value scored `sₖ(v)` in [0, 1], and a walk-away
//! (reservation) value `r` in [0, 1]. A truthful answer implies:
//!
//! | question | answer | implies |
//! |---|---|---|
//! | [`Question::Test`] "would you accept P?" | accept | `u(P) ≥ r`: nobody signs below walking away |
//! | | reject | nothing: a bargaining delegation may reject what it could live with |
//! | [`Question::AskPackage`] | a package P | `u(P) ≥ r` (naming it is accepting it) |
//! | [`Question::PositionTest`] "is P better for you than no agreement?" | yes / no | `u(P) ≥ r` / `u(P) ≤ r` |
//! | [`Question::Compare`] | first / second / neither | `u(A) ≥ u(B)` / `u(B) ≥ u(A)` / `u(A) = u(B)` |
//! | [`Question::Extremes`] | best b, worst c | `sₖ(b) ≥ sₖ(v) ≥ sₖ(c)` for every value v |
//! | [`Question::Rate`] | rating R of value v | `sₖ(v)` within ½ of `R/100` (R is `100·sₖ(v)` rounded) |
//! | [`Question::SplitPoints`] | points Pₖ summing to 100 | `wₖ` within 1 of `Pₖ/100` (largest-remainder rounding) |
//! | [`Question::RateWalkAway`] | rating R | `r` within ½ of `R/100` |
//! | [`Question::RankIssues`], [`Question::JointSession`] | | nothing about the profile |
//!
//! [`Answer::CannotSay`] to a question about single issues means the delegation's preferences
//! are not separable by issue; from then on the mediator treats that profile as unstructured
//! and uses only its answers about whole packages. The difference between a *position test* and
//! a *test* is deliberate: a time-based delegation accepts only what reaches its current
//! aspiration, which stays above its walk-away point until the deadline, so its rejections say
//! nothing about its walk-away point; its answer to a position test does.

use crate::outcome::{Outcome, OutcomeSpace, Value};

/// Most options one [`Question::Rate`] may ask about: a form a person can fill in.
pub const MAX_RATED_OPTIONS: usize = 24;

/// Index of a party in the talks (the scenario's party order).
pub type PartyId = usize;

/// A move the mediator makes in a caucus.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// "Would you accept this package?" — answered by [`Answer::Verdict`].
    Test(Outcome),
    /// "Name a package you would accept." — answered by [`Answer::Package`].
    AskPackage,
    /// "Rank the issues, most important first." — answered by [`Answer::Ranking`].
    RankIssues,
    /// "Which of these two packages do you prefer?" — answered by [`Answer::Preference`].
    Compare(Outcome, Outcome),
    /// "Would you meet the other delegations at one table?" — answered by [`Answer::Consent`].
    JointSession,
    /// "Which value of this issue (by position) is best for you, and which is worst?" —
    /// answered by [`Answer::Extremes`] or [`Answer::CannotSay`].
    Extremes(usize),
    /// "Rate each of these options (issue position, value) on your own 0–100 scale for its
    /// issue: 100 is a perfect value, 0 a value worth nothing to you." — answered by
    /// [`Answer::Ratings`] (one per option, in order) or [`Answer::CannotSay`].
    Rate(Vec<(usize, Value)>),
    /// "Split 100 points of importance across the issues." — answered by [`Answer::Points`]
    /// or [`Answer::CannotSay`].
    SplitPoints,
    /// "Is this package better for you than no agreement?" — answered by [`Answer::Position`].
    PositionTest(Outcome),
    /// "Where is your walk-away point on your 0–100 scale of packages (100: perfect on every
    /// issue; 0: worth nothing on any)?" — answered by [`Answer::Rating`] or [`Answer::CannotSay`].
    RateWalkAway,
}

/// The kind of a [`Question`], without its packages: what reports, the disclosure ledger and the
/// mediators compare, so that a misspelt kind is a compile error rather than a silent mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuestionKind {
    /// [`Question::Test`].
    Test,
    /// [`Question::AskPackage`].
    AskPackage,
    /// [`Question::RankIssues`].
    RankIssues,
    /// [`Question::Compare`].
    Compare,
    /// [`Question::JointSession`].
    JointSession,
    /// [`Question::Extremes`].
    Extremes,
    /// [`Question::Rate`].
    Rate,
    /// [`Question::SplitPoints`].
    SplitPoints,
    /// [`Question::PositionTest`].
    PositionTest,
    /// [`Question::RateWalkAway`].
    RateWalkAway,
}

impl QuestionKind {
    /// Every kind, in declaration order.
    pub const ALL: [QuestionKind; 10] = [
        QuestionKind::Test,
        QuestionKind::AskPackage,
        QuestionKind::RankIssues,
        QuestionKind::Compare,
        QuestionKind::JointSession,
        QuestionKind::Extremes,
        QuestionKind::Rate,
        QuestionKind::SplitPoints,
        QuestionKind::PositionTest,
        QuestionKind::RateWalkAway,
    ];

    /// Whether the question is about single issues, which a delegation whose preferences are
    /// not separable by issue may decline with [`Answer::CannotSay`].
    pub fn is_per_issue(self) -> bool {
        matches!(
            self,
            QuestionKind::Extremes
                | QuestionKind::Rate
                | QuestionKind::SplitPoints
                | QuestionKind::RateWalkAway
        )
    }

    /// The kind's name in reports and JSON contracts (`"test"`, `"ask-package"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Test => "test",
            QuestionKind::AskPackage => "ask-package",
            QuestionKind::RankIssues => "rank-issues",
            QuestionKind::Compare => "compare",
            QuestionKind::JointSession => "joint-session",
            QuestionKind::Extremes => "extremes",
            QuestionKind::Rate => "rate",
            QuestionKind::SplitPoints => "split-points",
            QuestionKind::PositionTest => "position-test",
            QuestionKind::RateWalkAway => "rate-walk-away",
        }
    }
}

impl std::fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for QuestionKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Question {
    /// The kind of question.
    pub fn kind(&self) -> QuestionKind {
        match self {
            Question::Test(_) => QuestionKind::Test,
            Question::AskPackage => QuestionKind::AskPackage,
            Question::RankIssues => QuestionKind::RankIssues,
            Question::Compare(..) => QuestionKind::Compare,
            Question::JointSession => QuestionKind::JointSession,
            Question::Extremes(_) => QuestionKind::Extremes,
            Question::Rate(_) => QuestionKind::Rate,
            Question::SplitPoints => QuestionKind::SplitPoints,
            Question::PositionTest(_) => QuestionKind::PositionTest,
            Question::RateWalkAway => QuestionKind::RateWalkAway,
        }
    }

    /// The issue (by position) whose values an [`Answer::Extremes`] to this question names.
    pub fn extremes_issue(&self) -> Option<usize> {
        match self {
            Question::Extremes(k) => Some(*k),
            _ => None,
        }
    }

    /// The packages the question shows the party.
    pub fn packages(&self) -> Vec<&Outcome> {
        match self {
            Question::Test(p) | Question::PositionTest(p) => vec![p],
            Question::Compare(a, b) => vec![a, b],
            _ => Vec::new(),
        }
    }
}

/// Which of two compared packages a party prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preferred {
    /// The first package shown.
    First,
    /// The second package shown.
    Second,
    /// Neither.
    Indifferent,
}

/// What a party says back. Any answer may be [`Answer::WalkOut`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Accept or reject a tested package; a rejection may name the issues (by position) objected to.
    Verdict {
        /// Whether the party accepts the package.
        accept: bool,
        /// Issue positions the party objects to (only with a rejection).
        objections: Vec<usize>,
    },
    /// A package the party says it would accept.
    Package(Outcome),
    /// The party can name no package it would accept now.
    NoPackage,
    /// Every issue position exactly once, most important first.
    Ranking(Vec<usize>),
    /// The answer to a comparison.
    Preference(Preferred),
    /// Whether the party agrees to a joint session.
    Consent(bool),
    /// The best and the worst value of the issue asked about.
    Extremes {
        /// The best value.
        best: Value,
        /// The worst value.
        worst: Value,
    },
    /// One rating in 0..=100 per option asked about, in order.
    Ratings(Vec<u8>),
    /// One share of 100 points per issue, in issue order, summing to 100.
    Points(Vec<u32>),
    /// Whether the package tested is better than no agreement.
    Position(bool),
    /// One rating in 0..=100.
    Rating(u8),
    /// The delegation cannot answer a question about single issues: its preferences depend on
    /// how issues combine.
    CannotSay,
    /// The party leaves the talks; its channel closes.
    WalkOut,
}

impl Answer {
    /// A short name for the kind of answer.
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::Verdict { .. } => "verdict",
            Answer::Package(_) => "package",
            Answer::NoPackage => "no-package",
            Answer::Ranking(_) => "ranking",
            Answer::Preference(_) => "preference",
            Answer::Consent(_) => "consent",
            Answer::Extremes { .. } => "extremes",
            Answer::Ratings(_) => "ratings",
            Answer::Points(_) => "points",
            Answer::Position(_) => "position",
            Answer::Rating(_) => "rating",
            Answer::CannotSay => "cannot-say",
            Answer::WalkOut => "walk-out",
        }
    }
}

/// Why an answer was not accepted into the record as valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Malformed {
    /// The answer is of the wrong kind for the question.
    #[error("a `{question}` question needs a `{expected}` answer, got `{got}`")]
    WrongKind {
        /// The question's kind.
        question: QuestionKind,
        /// The answer kind that fits.
        expected: &'static str,
        /// The answer kind received.
        got: &'static str,
    },
    /// An objection names an issue position that does not exist, or names one twice.
    #[error("objection to issue #{0}, which does not exist or is named twice")]
    BadObjection(usize),
    /// Objections given with an acceptance.
    #[error("an acceptance cannot carry objections")]
    ObjectionsWithAcceptance,
    /// A package that does not fit the outcome space.
    #[error("the package does not fit the issues on the table: {0}")]
    BadPackage(String),
    /// A ranking that is not a permutation of the issues.
    #[error("a ranking must list each of the {issues} issues exactly once")]
    BadRanking {
        /// Number of issues.
        issues: usize,
    },
    /// An extreme value that the issue asked about does not have.
    #[error("the {which} value is not a value of the issue asked about")]
    BadExtreme {
        /// `best` or `worst`.
        which: &'static str,
    },
    /// Ratings that do not rate each option once on 0–100.
    #[error("give one rating from 0 to 100 for each of the {options} options, in order")]
    BadRatings {
        /// Number of options asked about.
        options: usize,
    },
    /// Points that are not one share per issue summing to 100.
    #[error("split exactly 100 points across the {issues} issues, one share per issue")]
    BadPoints {
        /// Number of issues.
        issues: usize,
    },
}

/// An [`Answer::Points`] answer's points with their issues' names, in issue order.
pub fn named_points<'a>(
    space: &'a OutcomeSpace,
    points: &'a [u32],
) -> impl Iterator<Item = (&'a str, u32)> + 'a {
    space
        .issues()
        .iter()
        .zip(points)
        .map(|(i, p)| (i.name(), *p))
}

/// The answer kind that fits `question`.
pub fn expected_answer(question: &Question) -> &'static str {
    match question {
        Question::Test(_) => "verdict",
        Question::AskPackage => "package",
        Question::RankIssues => "ranking",
        Question::Compare(..) => "preference",
        Question::JointSession => "consent",
        Question::Extremes(_) => "extremes",
        Question::Rate(_) => "ratings",
        Question::SplitPoints => "points",
        Question::PositionTest(_) => "position",
        Question::RateWalkAway => "rating",
    }
}

/// Checks that `question` fits `space`: its packages and values exist, its issue positions
/// exist, and a [`Question::Rate`] names between 1 and [`MAX_RATED_OPTIONS`] distinct options.
/// A question that does not fit is a mistake of whoever asks (a mediator or a front end).
pub fn validate_question(space: &OutcomeSpace, question: &Question) -> Result<(), String> {
    for p in question.packages() {
        space.validate(p).map_err(|e| e.to_string())?;
        if space.indices_of(p).is_none() {
            return Err("a value has no index".into());
        }
    }
    let issues = space.issues();
    match question {
        Question::Extremes(k) if *k >= issues.len() => Err(format!("no issue #{k}")),
        Question::Rate(options) => {
            if options.is_empty() || options.len() > MAX_RATED_OPTIONS {
                return Err(format!(
                    "a rating question names 1 to {MAX_RATED_OPTIONS} options, got {}",
                    options.len()
                ));
            }
            for (n, (k, v)) in options.iter().enumerate() {
                let issue = issues.get(*k).ok_or_else(|| format!("no issue #{k}"))?;
                if issue.index_of(v).is_none() {
                    return Err(format!(
                        "option {n} is not a value of issue `{}`",
                        issue.name()
                    ));
                }
                if options[..n].contains(&(*k, *v)) {
                    return Err(format!("option {n} is named twice"));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks that `answer` is a well-formed reply to `question` in `space`.
pub fn validate_answer(
    space: &OutcomeSpace,
    question: &Question,
    answer: &Answer,
) -> Result<(), Malformed> {
    let n = space.issues().len();
    let fits = matches!(
        (question, answer),
        (Question::Test(_), Answer::Verdict { .. })
            | (Question::AskPackage, Answer::Package(_) | Answer::NoPackage)
            | (Question::RankIssues, Answer::Ranking(_))
            | (Question::Compare(..), Answer::Preference(_))
            | (Question::JointSession, Answer::Consent(_))
            | (Question::Extremes(_), Answer::Extremes { .. })
            | (Question::Rate(_), Answer::Ratings(_))
            | (Question::SplitPoints, Answer::Points(_))
            | (Question::PositionTest(_), Answer::Position(_))
            | (Question::RateWalkAway, Answer::Rating(_))
            | (_, Answer::WalkOut)
    ) || (question.kind().is_per_issue() && *answer == Answer::CannotSay);
    if !fits {
        return Err(Malformed::WrongKind {
            question: question.kind(),
            expected: expected_answer(question),
            got: answer.kind(),
        });
    }
    match answer {
        Answer::Verdict { accept, objections } => {
            if *accept && !objections.is_empty() {
                return Err(Malformed::ObjectionsWithAcceptance);
            }
            let mut seen = vec![false; n];
            for &k in objections {
                if k >= n || seen[k] {
                    return Err(Malformed::BadObjection(k));
                }
                seen[k] = true;
            }
        }
        Answer::Package(p) => {
            space
                .validate(p)
                .map_err(|e| Malformed::BadPackage(e.to_string()))?;
            if space.indices_of(p).is_none() {
                return Err(Malformed::BadPackage("a value has no index".into()));
            }
        }
        Answer::Ranking(r) => {
            let mut seen = vec![false; n];
            if r.len() != n {
                return Err(Malformed::BadRanking { issues: n });
            }
            for &k in r {
                if k >= n || seen[k] {
                    return Err(Malformed::BadRanking { issues: n });
                }
                seen[k] = true;
            }
        }
        Answer::Extremes { best, worst } => {
            let Question::Extremes(k) = question else {
                unreachable!("checked above")
            };
            let issue = space.issues().get(*k);
            if issue.and_then(|i| i.index_of(best)).is_none() {
                return Err(Malformed::BadExtreme { which: "best" });
            }
            if issue.and_then(|i| i.index_of(worst)).is_none() {
                return Err(Malformed::BadExtreme { which: "worst" });
            }
        }
        Answer::Ratings(r) => {
            let Question::Rate(options) = question else {
                unreachable!("checked above")
            };
            if r.len() != options.len() || r.iter().any(|&x| x > 100) {
                return Err(Malformed::BadRatings {
                    options: options.len(),
                });
            }
        }
        Answer::Points(p) => {
            let total = p.iter().try_fold(0u32, |a, &b| a.checked_add(b));
            if p.len() != n || total != Some(100) {
                return Err(Malformed::BadPoints { issues: n });
            }
        }
        Answer::Rating(r) if *r > 100 => {
            return Err(Malformed::BadRatings { options: 1 });
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y"]).unwrap(),
            Issue::discrete("b", ["x", "y", "z"]).unwrap(),
        ])
        .unwrap()
    }

    #[test]
    fn accepts_fitting_answers() {
        let s = space();
        let p = vec![Value::Discrete(1), Value::Discrete(2)];
        let ok = |q: Question, a: Answer| validate_answer(&s, &q, &a);
        assert_eq!(
            ok(
                Question::Test(p.clone()),
                Answer::Verdict {
                    accept: false,
                    objections: vec![1]
                }
            ),
            Ok(())
        );
        assert_eq!(ok(Question::AskPackage, Answer::Package(p.clone())), Ok(()));
        assert_eq!(
            ok(Question::RankIssues, Answer::Ranking(vec![1, 0])),
            Ok(())
        );
        assert_eq!(ok(Question::JointSession, Answer::WalkOut), Ok(()));
    }

    #[test]
    fn question_kinds_keep_their_report_names() {
        let p = vec![Value::Discrete(1), Value::Discrete(2)];
        let questions = [
            Question::Test(p.clone()),
            Question::AskPackage,
            Question::RankIssues,
            Question::Compare(p.clone(), p),
            Question::JointSession,
        ];
        let kinds: Vec<QuestionKind> = questions.iter().map(Question::kind).collect();
        assert_eq!(
            kinds,
            [
                QuestionKind::Test,
                QuestionKind::AskPackage,
                QuestionKind::RankIssues,
                QuestionKind::Compare,
                QuestionKind::JointSession,
            ]
        );
        let names: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
        assert_eq!(
            names,
            [
                "test",
                "ask-package",
                "rank-issues",
                "compare",
                "joint-session"
            ]
        );
        assert_eq!(
            serde_json::to_string(&QuestionKind::AskPackage).unwrap(),
            r#""ask-package""#
        );
    }

    #[test]
    fn rejects_malformed_answers() {
        let s = space();
        let p = vec![Value::Discrete(1), Value::Discrete(2)];
        let bad = |q: Question, a: Answer| validate_answer(&s, &q, &a).unwrap_err();
        assert!(matches!(
            bad(Question::AskPackage, Answer::Consent(true)),
            Malformed::WrongKind { .. }
        ));
        assert_eq!(
            bad(
                Question::Test(p.clone()),
                Answer::Verdict {
                    accept: false,
                    objections: vec![0, 0]
                }
            ),
            Malformed::BadObjection(0)
        );
        assert_eq!(
            bad(
                Question::Test(p.clone()),
                Answer::Verdict {
                    accept: true,
                    objections: vec![0]
                }
            ),
            Malformed::ObjectionsWithAcceptance
        );
        assert!(matches!(
            bad(
                Question::AskPackage,
                Answer::Package(vec![Value::Discrete(5), Value::Discrete(0)])
            ),
            Malformed::BadPackage(_)
        ));
        assert!(matches!(
            bad(
                Question::AskPackage,
                Answer::Package(vec![Value::Discrete(0)])
            ),
            Malformed::BadPackage(_)
        ));
        assert_eq!(
            bad(Question::RankIssues, Answer::Ranking(vec![1, 1])),
            Malformed::BadRanking { issues: 2 }
        );
    }
}
