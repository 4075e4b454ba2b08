//! What the mediator may say in a caucus, what a party may answer, and the check that an answer
//! fits its question.
//!
//! Messages are typed on purpose: a question carries only packages and issue positions, never free
//! text, so there is no field through which one party's answers could be relayed to another.

use crate::outcome::{Outcome, OutcomeSpace};

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
}

impl QuestionKind {
    /// The kind's name in reports and JSON contracts (`"test"`, `"ask-package"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Test => "test",
            QuestionKind::AskPackage => "ask-package",
            QuestionKind::RankIssues => "rank-issues",
            QuestionKind::Compare => "compare",
            QuestionKind::JointSession => "joint-session",
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
        }
    }

    /// The packages the question shows the party.
    pub fn packages(&self) -> Vec<&Outcome> {
        match self {
            Question::Test(p) => vec![p],
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
}

/// The answer kind that fits `question`.
pub fn expected_answer(question: &Question) -> &'static str {
    match question {
        Question::Test(_) => "verdict",
        Question::AskPackage => "package",
        Question::RankIssues => "ranking",
        Question::Compare(..) => "preference",
        Question::JointSession => "consent",
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
            | (_, Answer::WalkOut)
    );
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
