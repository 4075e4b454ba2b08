//! The public communiqué: plain facts from the record, under a claim policy.
//!
//! Rules, each tested: state the meetings held and with whom; state the agreement (the agreed
//! package is public) or that there is none; claim progress only when the set of issues with common
//! ground grew since the first round; name issues with common ground but never values, reservation
//! values, rejected packages or objections; say channels stay open when talks ended without
//! agreement and parties remain.

use super::{Conclusion, Package, TalkState};

fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The communiqué for talks concluding now for `reason`, with `agreement` if any.
pub fn compose(state: &TalkState, reason: Conclusion, agreement: Option<&Package>) -> String {
    let parties: Vec<String> = state.seats.iter().map(|s| s.party.clone()).collect();
    let meetings: u32 = state.margin.iter().map(|m| m.meetings).sum();
    let rounds = state.round;
    let mut text = format!(
        "Talks on \"{}\" between {} were held over {} round{}, with {} separate meeting{} between the mediator and the delegations.",
        state.title,
        join(&parties),
        rounds,
        if rounds == 1 { "" } else { "s" },
        meetings,
        if meetings == 1 { "" } else { "s" },
    );
    let left: Vec<String> = state
        .seats
        .iter()
        .filter(|s| s.walked_out)
        .map(|s| s.party.clone())
        .collect();
    if !left.is_empty() {
        text.push_str(&format!(" {} left the talks.", join(&left)));
    }
    match (reason, agreement) {
        (Conclusion::Agreement, Some(package)) => {
            let terms: Vec<String> = package.iter().map(|(i, v)| format!("{i}: {v}")).collect();
            text.push_str(&format!(
                " The parties reached agreement on a package ({}).",
                terms.join("; ")
            ));
        }
        _ => {
            text.push_str(" No agreement was reached.");
            let first = state.margin.first().map_or(0, |m| m.common_values.len());
            let last = state.margin.last();
            let grown = last.is_some_and(|m| m.common_values.len() > first);
            match last {
                Some(m) if grown => {
                    let issues: Vec<String> = m.common_values.keys().cloned().collect();
                    text.push_str(&format!(
                        " Positions converged on {} of {} issues: {}.",
                        issues.len(),
                        state.scenario().space().issues().len(),
                        join(&issues)
                    ));
                }
                _ => text.push_str(" No concrete progress was made."),
            }
            if state.active_seats().count() >= 2 {
                text.push_str(" The mediator keeps the channels open.");
            }
        }
    }
    text
}
