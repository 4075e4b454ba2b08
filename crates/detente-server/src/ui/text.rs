//! Plain-English wording of questions, answers and packages, shared by the mediator's desk and
//! the caucus room.

use detente_core::talks::message::QuestionKind;

use crate::engine::wire::OptionDto;
use crate::engine::{AnswerDto, PackageDto, QuestionDto};

/// What the mediator asked, as a sentence.
pub fn question(q: &QuestionDto) -> &'static str {
    match q {
        QuestionDto::Test { .. } => "Would you accept this package?",
        QuestionDto::Propose => "Name a package you would accept.",
        QuestionDto::RankIssues => "Rank the issues, most important first.",
        QuestionDto::Compare { .. } => "Which of these two packages do you prefer?",
        QuestionDto::JointSession => "Would you meet the other delegations at one table?",
        QuestionDto::Extremes { .. } => {
            "Which value of this issue is best for you, and which is worst?"
        }
        QuestionDto::Rate { .. } => {
            "Rate each option on your own 0–100 scale for its issue (100: a perfect value; 0: worth nothing to you)."
        }
        QuestionDto::SplitPoints => "Split 100 points of importance across the issues.",
        QuestionDto::PositionTest { .. } => {
            "Is this package better for you than no agreement?"
        }
        QuestionDto::RateWalkAway => {
            "Where is your walk-away point on your 0–100 scale of packages (100: perfect on every issue; 0: worth nothing on any)?"
        }
    }
}

/// What a question names besides packages, on one line: the issue of an `extremes` question, the
/// options of a `rate` question.
pub fn question_detail(q: &QuestionDto) -> Option<String> {
    match q {
        QuestionDto::Extremes { issue } => Some(format!("Issue: {issue}")),
        QuestionDto::Rate { options } => Some(format!(
            "Options: {}",
            options.iter().map(option).collect::<Vec<_>>().join("; ")
        )),
        _ => None,
    }
}

/// One option of a rating question: `salary = mid`.
pub fn option(o: &OptionDto) -> String {
    format!("{} = {}", o.issue, o.value)
}

/// The core's kind of a wire question.
pub fn kind_of(q: &QuestionDto) -> QuestionKind {
    match q {
        QuestionDto::Test { .. } => QuestionKind::Test,
        QuestionDto::Propose => QuestionKind::AskPackage,
        QuestionDto::RankIssues => QuestionKind::RankIssues,
        QuestionDto::Compare { .. } => QuestionKind::Compare,
        QuestionDto::JointSession => QuestionKind::JointSession,
        QuestionDto::Extremes { .. } => QuestionKind::Extremes,
        QuestionDto::Rate { .. } => QuestionKind::Rate,
        QuestionDto::SplitPoints => QuestionKind::SplitPoints,
        QuestionDto::PositionTest { .. } => QuestionKind::PositionTest,
        QuestionDto::RateWalkAway => QuestionKind::RateWalkAway,
    }
}

/// A package on one line: `salary: mid; remote: partial`.
pub fn package(p: &PackageDto) -> String {
    p.iter()
        .map(|(issue, value)| format!("{issue}: {value}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An answer, as a sentence.
pub fn answer(a: &AnswerDto) -> String {
    match a {
        AnswerDto::Accept => "Accepted.".into(),
        AnswerDto::Reject { objections } if objections.is_empty() => "Rejected.".into(),
        AnswerDto::Reject { objections } => {
            format!("Rejected; objects to {}.", objections.join(", "))
        }
        AnswerDto::Proposal { package: p } => format!("Proposed {}.", package(p)),
        AnswerDto::NoProposal => "Could name no package it would accept now.".into(),
        AnswerDto::Ranking { issues } => format!("Ranked the issues: {}.", issues.join(" > ")),
        AnswerDto::Prefer { choice } => match choice {
            crate::engine::wire::Choice::A => "Prefers package A.".into(),
            crate::engine::wire::Choice::B => "Prefers package B.".into(),
            crate::engine::wire::Choice::Indifferent => "Is indifferent between them.".into(),
        },
        AnswerDto::Consent { consent: true } => "Agrees to a joint session.".into(),
        AnswerDto::Consent { consent: false } => "Declines a joint session.".into(),
        AnswerDto::Extremes { best, worst } => format!("Best: {best}; worst: {worst}."),
        AnswerDto::Ratings { ratings } => format!(
            "Rated {}.",
            ratings
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AnswerDto::Points { points } => format!(
            "Split the points: {}.",
            points
                .iter()
                .map(|(issue, p)| format!("{issue} {p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AnswerDto::Position { better: true } => "Better than no agreement.".into(),
        AnswerDto::Position { better: false } => "Not better than no agreement.".into(),
        AnswerDto::Rating { rating } => {
            format!("Puts its walk-away point at {rating} of 100.")
        }
        AnswerDto::CannotSay => {
            "Cannot say: its preferences depend on how the issues combine.".into()
        }
        AnswerDto::WalkOut => "Walked out of the talks.".into(),
    }
}

/// The reply state of question `q`, as a sentence (ratings beside the options they rate).
pub fn reply(q: &QuestionDto, status: &str, a: Option<&AnswerDto>) -> String {
    match (status, a) {
        (_, Some(AnswerDto::Ratings { ratings })) => match q {
            QuestionDto::Rate { options } if options.len() == ratings.len() => format!(
                "Rated {}.",
                options
                    .iter()
                    .zip(ratings)
                    .map(|(o, r)| format!("{}: {r}", option(o)))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            _ => answer(&AnswerDto::Ratings {
                ratings: ratings.clone(),
            }),
        },
        (_, Some(a)) => answer(a),
        ("pending", None) => "Awaiting the answer.".into(),
        _ => "No answer: the caucus closed first.".into(),
    }
}

/// A utility with two decimals.
pub fn utility(u: f64) -> String {
    format!("{u:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_sentences() {
        assert_eq!(
            answer(&AnswerDto::Reject {
                objections: vec!["salary".into(), "remote".into()]
            }),
            "Rejected; objects to salary, remote."
        );
        let mut p = PackageDto::new();
        p.insert("salary".into(), "mid".into());
        p.insert("remote".into(), "full".into());
        assert_eq!(
            answer(&AnswerDto::Proposal { package: p }),
            "Proposed salary: mid; remote: full."
        );
        assert_eq!(
            reply(&QuestionDto::Propose, "silent", None),
            "No answer: the caucus closed first."
        );
    }

    #[test]
    fn ratings_read_beside_their_options() {
        let rate = QuestionDto::Rate {
            options: vec![
                OptionDto {
                    issue: "salary".into(),
                    value: "low".into(),
                },
                OptionDto {
                    issue: "remote".into(),
                    value: "full".into(),
                },
            ],
        };
        let ratings = AnswerDto::Ratings {
            ratings: vec![0, 85],
        };
        assert_eq!(
            reply(&rate, "answered", Some(&ratings)),
            "Rated salary = low: 0; remote = full: 85."
        );
        assert_eq!(
            question_detail(&rate).as_deref(),
            Some("Options: salary = low; remote = full")
        );
        assert_eq!(
            question_detail(&QuestionDto::Extremes {
                issue: "salary".into()
            })
            .as_deref(),
            Some("Issue: salary")
        );
        assert_eq!(question_detail(&QuestionDto::SplitPoints), None);
        assert_eq!(
            answer(&AnswerDto::Rating { rating: 40 }),
            "Puts its walk-away point at 40 of 100."
        );
        assert_eq!(
            answer(&AnswerDto::CannotSay),
            "Cannot say: its preferences depend on how the issues combine."
        );
    }
}
