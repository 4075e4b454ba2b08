//! What the blind strategy would ask a delegation next, and why, for a human mediator's desk:
//! the human may put the question as suggested, edit it or ignore it. Built by
//! [`super::BlindMediator::suggest`] from the same rules its own caucuses follow.

use super::super::knowledge::Package;
use super::super::ledger::Provenance;
use super::super::message::{PartyId, Question, QuestionKind};
use crate::outcome::OutcomeSpace;

/// A question the blind strategy would put to one delegation next, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The question.
    pub question: Question,
    /// Why the strategy asks it.
    pub reason: Reason,
    /// Whose private data the question was computed from (for the disclosure ledger, if put).
    pub provenance: Provenance,
}

/// Why the blind strategy asks a question (one per rule of [`super::BlindMediator`]'s module
/// doc, finer where the rule has several grounds). Issues are positions in the space; packages
/// are per-issue value indices.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Nothing is known of the issues' weights: split 100 points.
    WeightsUnknown,
    /// The walk-away value is unknown: rate it.
    WalkAwayUnknown,
    /// Rate the options of `issue`, the issue with the widest remaining uncertainty: no issue's
    /// [`crate::talks::bounds::Bracket::uncertainty`] (the widest interval any one of its
    /// values' contribution still spans over the profiles consistent with the answers) is
    /// wider.
    WidestUncertainty {
        /// The issue.
        issue: usize,
    },
    /// Rate the options of `issue`, still unrated: issues are asked in the order of the points
    /// the delegation gave, and another issue's uncertainty is now wider than this one's.
    Unrated {
        /// The issue.
        issue: usize,
    },
    /// The delegation's answers contradicted one another (the latest in `round`): ask each
    /// elicitation question again, so that a slip is outvoted.
    Contradicted {
        /// Round of the latest contradicted answer.
        round: u32,
    },
    /// The answers to this question disagree with no majority: one more settles the vote.
    Undecided {
        /// The question's kind.
        question: QuestionKind,
    },
    /// Points and the walk-away rating move every estimate: asked once more to catch a slip.
    Confirm {
        /// The question's kind.
        question: QuestionKind,
    },
    /// A rating answer rated every option of `issue` with none at 100, which looks like a slip.
    Atypical {
        /// The issue.
        issue: usize,
    },
    /// The delegation cannot rate single issues: ask it for a package it would accept.
    CannotRateIssues,
    /// Test the Nash package of the central profiles (the centre of what the answers allow).
    CentralNash {
        /// The package.
        package: Package,
    },
    /// No package is rational for every central profile: test their widest-margin package.
    CentralWidest {
        /// The package.
        package: Package,
    },
    /// A delegation that cannot rate issues accepted or named this package, the one the others'
    /// central profiles value most: test it.
    BestOffered {
        /// The package.
        package: Package,
    },
    /// Delegation `from` named or accepts this package and this one does not accept it yet.
    Relay {
        /// The delegation that named or accepted it.
        from: PartyId,
        /// The package.
        package: Package,
    },
    /// The delegation rejected this package: whether it beats no agreement bounds its
    /// walk-away value.
    Rejected {
        /// The package.
        package: Package,
    },
    /// Ask whether it would meet the other delegations at one table (round 1, then every
    /// fourth round).
    JointSession,
}

impl Reason {
    /// One plain line naming the issue or package involved, with names from `space`.
    pub fn describe(&self, space: &OutcomeSpace) -> String {
        let issue = |k: &usize| {
            space
                .issues()
                .get(*k)
                .map_or_else(|| format!("issue {k}"), |i| i.name().to_owned())
        };
        let package = |p: &Package| {
            if space.radices().is_some_and(|r| r.len() == p.len()) {
                space.describe(&space.outcome_from_indices(p))
            } else {
                format!("{p:?}")
            }
        };
        match self {
            Reason::WeightsUnknown => "nothing is known yet of how this delegation weighs the \
                                       issues: ask it to split 100 points"
                .into(),
            Reason::WalkAwayUnknown => {
                "its walk-away value is still unknown: ask it to rate its walk-away point".into()
            }
            Reason::WidestUncertainty { issue: k } => format!(
                "the widest remaining uncertainty is on {}: ask it to rate its options",
                issue(k)
            ),
            Reason::Unrated { issue: k } => format!(
                "its ratings of the options of {} are still unknown (issues are asked in the \
                 order of the points it gave)",
                issue(k)
            ),
            Reason::Contradicted { round } => format!(
                "its answer in round {round} contradicted earlier ones: ask again, so that a \
                 slip is outvoted"
            ),
            Reason::Undecided { question } => format!(
                "its answers to {} disagree with no majority: one more answer settles it",
                question_name(*question)
            ),
            Reason::Confirm { question } => format!(
                "{} moves every estimate: ask once more to catch a slip",
                question_name(*question)
            ),
            Reason::Atypical { issue: k } => format!(
                "its ratings of {} gave no option 100, which looks like a slip: ask again",
                issue(k)
            ),
            Reason::CannotRateIssues => {
                "it cannot rate single issues: ask it for a package it would accept".into()
            }
            Reason::CentralNash { package: p } => format!(
                "test the package at the centre of what the answers allow (the central Nash \
                 package): {}",
                package(p)
            ),
            Reason::CentralWidest { package: p } => format!(
                "no package suits every delegation at the centre of what the answers allow: \
                 test the one with the widest margin there: {}",
                package(p)
            ),
            Reason::BestOffered { package: p } => format!(
                "test the package a delegation that cannot rate issues accepted or named that \
                 the others' answers value most: {}",
                package(p)
            ),
            Reason::Relay { package: p, .. } => format!(
                "another delegation named or accepts {}, which this one does not accept yet: \
                 test it",
                package(p)
            ),
            Reason::Rejected { package: p } => format!(
                "it rejected {}: ask whether that beats no agreement, which bounds its \
                 walk-away value",
                package(p)
            ),
            Reason::JointSession => {
                "ask whether it would meet the other delegations at one table".into()
            }
        }
    }
}

/// A question's kind in plain words, as the subject of a sentence.
fn question_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SplitPoints => "its split of 100 points",
        QuestionKind::RateWalkAway => "its walk-away rating",
        QuestionKind::Rate => "this rating question",
        _ => "this question",
    }
}
