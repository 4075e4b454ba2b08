//! What a delegation enters on each page of the wizard, and the pages themselves.
//!
//! Inputs are plain serde data so that the server can store each one as an event and replay a
//! draft from its log.

use serde::{Deserialize, Serialize};

/// One page's worth of input to a [`super::Draft`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WizardInput {
    /// The issues by importance: issue indices, most important first, each exactly once.
    Rank {
        /// Issue indices, most important first.
        order: Vec<usize>,
    },
    /// 100 points of importance split across the issues (swing weights).
    Points {
        /// Points per issue index; they sum to exactly 100.
        points: Vec<u32>,
    },
    /// One issue's options: first put in order, then rated on the issue's own 0–100 scale.
    Rate {
        /// The issue index.
        issue: usize,
        /// Option indices, best first, each exactly once.
        order: Vec<usize>,
        /// A rating per option index, 0 (worth nothing) to 100 (perfect).
        ratings: Vec<u8>,
    },
    /// Where the delegation would rather walk away than agree.
    WalkAway(WalkAway),
    /// Corrected scores of packages (usually the check packages). An empty list confirms the
    /// scores shown and finishes the wizard.
    Correct {
        /// (package as per-issue value indices, corrected score 0..=100).
        corrections: Vec<(Vec<u32>, u8)>,
    },
}

/// How a delegation states its walk-away point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WalkAway {
    /// A score on the 0–100 scale of packages: any package scoring below it is worse than no
    /// agreement.
    Threshold(u8),
    /// A package the delegation would just accept (per-issue value indices): the walk-away point
    /// is that package's score under the draft, recomputed whenever the draft changes.
    Package(Vec<u32>),
}

/// A page of the wizard, in the order the pages come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WizardStep {
    /// Rank the issues ([`WizardInput::Rank`]).
    Rank,
    /// Split 100 points ([`WizardInput::Points`]).
    Points,
    /// Order and rate the options of one issue ([`WizardInput::Rate`]).
    Rate(usize),
    /// State the walk-away point ([`WizardInput::WalkAway`]).
    WalkAway,
    /// Look at the check packages, correct their scores or confirm them
    /// ([`WizardInput::Correct`]). The profile is available from here on.
    Check,
    /// The scores were confirmed. Any later input reopens the draft at its first incomplete page,
    /// or at [`WizardStep::Check`].
    Done,
}

impl std::fmt::Display for WizardStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WizardStep::Rank => f.write_str("ranking the issues"),
            WizardStep::Points => f.write_str("splitting 100 points across the issues"),
            WizardStep::Rate(issue) => write!(f, "rating the options of issue #{issue}"),
            WizardStep::WalkAway => f.write_str("stating the walk-away point"),
            WizardStep::Check => f.write_str("checking the scores of sample packages"),
            WizardStep::Done => f.write_str("done"),
        }
    }
}

impl WizardInput {
    /// The page this input belongs to.
    pub fn step(&self) -> WizardStep {
        match self {
            WizardInput::Rank { .. } => WizardStep::Rank,
            WizardInput::Points { .. } => WizardStep::Points,
            WizardInput::Rate { issue, .. } => WizardStep::Rate(*issue),
            WizardInput::WalkAway(_) => WizardStep::WalkAway,
            WizardInput::Correct { .. } => WizardStep::Check,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_round_trip_through_json() {
        let inputs = [
            WizardInput::Rank { order: vec![1, 0] },
            WizardInput::Points {
                points: vec![40, 60],
            },
            WizardInput::Rate {
                issue: 1,
                order: vec![2, 0, 1],
                ratings: vec![50, 0, 100],
            },
            WizardInput::WalkAway(WalkAway::Package(vec![0, 2])),
            WizardInput::WalkAway(WalkAway::Threshold(35)),
            WizardInput::Correct {
                corrections: vec![(vec![0, 1], 70)],
            },
        ];
        for input in inputs {
            let text = serde_json::to_string(&input).unwrap();
            let back: WizardInput = serde_json::from_str(&text).unwrap();
            assert_eq!(back, input, "{text}");
        }
    }

    #[test]
    fn each_input_names_its_page() {
        assert_eq!(
            WizardInput::Rate {
                issue: 3,
                order: vec![],
                ratings: vec![]
            }
            .step(),
            WizardStep::Rate(3)
        );
        assert_eq!(
            WizardInput::Correct {
                corrections: vec![]
            }
            .step(),
            WizardStep::Check
        );
    }
}
