//! Negotiation traces for analysis: every action with its step, relative time, party, outcome and
//! **every party's utility** of that outcome.
//!
//! The utilities are added by the runner after the protocol produced its [`Event`]s; a trace is
//! never shown to agents. Writers (JSON Lines, CSV) live in the CLI crate: the core does no I/O.

use crate::outcome::Outcome;
use crate::preference::Profile;
use crate::protocol::{Event, EventAction, PartyId};

/// One action, annotated with everybody's utility.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    /// Step (0-based).
    pub step: u32,
    /// Relative time of the step.
    pub relative_time: f64,
    /// The acting party; `None` for the mediator.
    pub party: Option<PartyId>,
    /// What was done.
    pub action: EventAction,
    /// The outcome concerned, if any.
    pub offer: Option<Outcome>,
    /// Each party's (undiscounted) utility of `offer`, in party order; empty when there is no offer.
    pub utilities: Vec<f64>,
}

/// Annotates protocol events with every party's utility.
pub fn annotate<'a>(
    events: &[Event],
    profiles: impl IntoIterator<Item = &'a Profile> + Clone,
) -> Vec<TraceEntry> {
    events
        .iter()
        .map(|e| TraceEntry {
            step: e.step,
            relative_time: e.relative_time,
            party: e.party,
            action: e.action,
            utilities: e
                .offer
                .as_ref()
                .map(|o| {
                    profiles
                        .clone()
                        .into_iter()
                        .map(|p| p.utility.utility(o))
                        .collect()
                })
                .unwrap_or_default(),
            offer: e.offer.clone(),
        })
        .collect()
}
