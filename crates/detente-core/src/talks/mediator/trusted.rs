//! The trusted mediator: parties hand it their profiles in confidence.
//!
//! Rules:
//! 1. Before the talks it computes the zone of possible agreement exactly (with
//!    [`crate::analysis`]) and picks a target package by its [`TargetRule`] — the Nash
//!    bargaining package by default. With no zone, the target is the widest-margin package.
//! 2. Every round it tests the target with every party at the table; in the first round, and every
//!    fourth after, it also asks whether the party would meet the others jointly.
//! 3. It reports the exact margin every round.
//!
//! Each tested package is computed from every party's confidential profile, so each is recorded in
//! the disclosure ledger. Because the target never changes, parties learn nothing from a round to
//! the next beyond the target itself.

use super::{Mediator, MediatorObservation, Move};
use crate::outcome::Outcome;
use crate::scenario::Scenario;
use crate::talks::ledger::{Basis, Provenance};
use crate::talks::margin::MarginEstimate;
use crate::talks::message::{PartyId, Question};
use crate::talks::zone::{zone, ZoneSummary};

/// How the trusted mediator picks the package it tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TargetRule {
    /// Maximise the product of surpluses over reservation (Nash bargaining solution).
    #[default]
    Nash,
    /// Maximise the smallest normalised surplus (the widest-margin package).
    Widest,
}

/// See the module doc.
#[derive(Debug, Clone)]
pub struct TrustedMediator {
    zone: ZoneSummary,
    rule: TargetRule,
    target: Outcome,
    in_zone: bool,
}

impl TrustedMediator {
    /// A mediator holding every profile of `scenario` in confidence.
    pub fn new(scenario: &Scenario, rule: TargetRule) -> Self {
        let space = scenario.space();
        let zone = zone(scenario);
        let (target, in_zone) = match (rule, &zone.nash) {
            (TargetRule::Nash, Some(nash)) => (nash.clone(), true),
            _ => (zone.widest.clone(), zone.margin >= 0.0),
        };
        TrustedMediator {
            target: space.outcome_from_indices(&target),
            in_zone,
            rule,
            zone,
        }
    }

    /// The zone it computed.
    pub fn zone(&self) -> &ZoneSummary {
        &self.zone
    }

    /// The package it tests.
    pub fn target(&self) -> &Outcome {
        &self.target
    }
}

impl Mediator for TrustedMediator {
    fn name(&self) -> &'static str {
        "trusted"
    }

    fn describe(&self) -> String {
        format!(
            "trusted: profiles held in confidence; target rule {}; zone {}{}",
            match self.rule {
                TargetRule::Nash => "Nash",
                TargetRule::Widest => "widest margin",
            },
            if self.in_zone { "exists" } else { "is empty" },
            if self.zone.exact {
                " (computed exactly)"
            } else {
                " (estimated by search)"
            },
        )
    }

    fn begin_round(&mut self, _view: &MediatorObservation<'_>) {}

    fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move> {
        let asked = view.caucus.len();
        let joint_round = view.round % 4 == 1;
        match asked {
            0 => Some(Move {
                question: Question::Test(self.target.clone()),
                provenance: Provenance {
                    sources: view
                        .at_table
                        .iter()
                        .filter(|&&p| p != party)
                        .map(|&p| (p, Basis::ConfidentialProfile))
                        .collect(),
                    reveals: if self.in_zone {
                        "the package was computed from every delegation's confidential profile; \
                         it implies the mediator believes every delegation can accept it"
                            .into()
                    } else {
                        "the package was computed from every delegation's confidential profile as \
                         the least distant compromise"
                            .into()
                    },
                },
            }),
            1 if joint_round && view.max_questions > 1 => {
                Some(Move::public(Question::JointSession))
            }
            _ => None,
        }
    }

    fn findings(&self, space: &crate::outcome::OutcomeSpace) -> Vec<String> {
        let mut out = Vec::new();
        if self.zone.margin < 0.0 {
            let names: Vec<String> = self
                .zone
                .blocking
                .iter()
                .take(2)
                .map(|&k| space.issues()[k].name().to_owned())
                .collect();
            out.push(format!(
                "From the confidential profiles: no package gives every delegation at least its \
                 reservation value (margin {:+.2}){}.",
                self.zone.margin,
                if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; the issues holding the delegations apart most are {}",
                        crate::talks::communique::join_names(&names)
                    )
                }
            ));
        } else {
            out.push(format!(
                "From the confidential profiles: a zone of possible agreement exists (margin {:+.2}); \
                 the package tested is its Nash point.",
                self.zone.margin
            ));
        }
        out
    }

    fn margin(&mut self, _view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>) {
        (
            MarginEstimate::exact(self.zone.margin),
            Some(self.zone.margin),
        )
    }
}
