//! The blind-bounds panel of the mediator's desk: when the mediator does not hold every
//! delegation's profile, the margin's sound bounds and estimate as measured now, in words, and
//! whose profiles it holds and to whom it is blind.
//!
//! Everything here is read from the [`MediatorView`], which carries a profile only where the
//! mediator may see it: the panel cannot show a number derived from an undisclosed profile.
//! When the mediator holds every profile the panel is absent and the exact zone stands instead.

use detente_core::talks::communique::join_names;

use crate::views::{MediatorView, SeatView};

/// The blind-bounds panel, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct BlindPanel {
    /// The bounds and the estimate, with what they rest on.
    pub bounds: String,
    /// What the bounds say about a zone of agreement.
    pub verdict: String,
    /// Whose profiles the mediator holds and to whom it is blind.
    pub holds: String,
}

/// Builds the panel, or `None` when the mediator holds every profile (the exact zone is shown).
pub(super) fn blind_panel(view: &MediatorView) -> Option<BlindPanel> {
    if view.blind_to.is_empty() {
        return None;
    }
    let (blind, held): (Vec<&SeatView>, Vec<&SeatView>) = view
        .seats
        .iter()
        .partition(|s| view.blind_to.contains(&s.party));
    let m = &view.measured;
    let basis = if held.is_empty() {
        "from answers"
    } else {
        "from answers and the profiles you hold (exact for those)"
    };
    Some(BlindPanel {
        bounds: format!(
            "The margin lies between {} and {}; estimate {} — {basis}; these bounds contain the true margin if the answers kept are truthful.",
            signed(lower_bound(m.lower)),
            signed(upper_bound(m.upper)),
            signed((m.estimate * 100.0).round() / 100.0),
        ),
        verdict: verdict(m.lower, m.upper).to_string(),
        holds: holds(&held, &blind),
    })
}

/// What the bounds settle about a zone of agreement.
fn verdict(lower: f64, upper: f64) -> &'static str {
    if lower > 0.0 {
        "Both bounds are above zero: a zone of agreement exists, if the answers kept are truthful."
    } else if upper < 0.0 {
        "Both bounds are below zero: there is no zone of agreement, if the answers kept are truthful."
    } else {
        "Zero lies between the bounds: whether a zone of agreement exists is still open."
    }
}

/// "You are blind to: …", or "Using the profiles you hold for …; blind to …".
fn holds(held: &[&SeatView], blind: &[&SeatView]) -> String {
    let blind_text = listed(blind, blind_reason);
    if held.is_empty() {
        format!("You are blind to: {blind_text}.")
    } else {
        format!(
            "Using the profiles you hold for {}; blind to {blind_text}.",
            listed(held, held_reason)
        )
    }
}

fn listed(seats: &[&SeatView], reason: fn(&SeatView) -> &'static str) -> String {
    let names: Vec<String> = seats
        .iter()
        .map(|s| format!("{} ({})", s.party, reason(s)))
        .collect();
    join_names(&names)
}

/// Why the mediator is blind to a seat's profile.
fn blind_reason(s: &SeatView) -> &'static str {
    if s.profile_replaced {
        "kept private"
    } else {
        "not stated yet"
    }
}

/// How the mediator came to hold a seat's profile.
fn held_reason(s: &SeatView) -> &'static str {
    if s.handed_over {
        "handed over in confidence"
    } else {
        "the agenda's"
    }
}

/// Hundredths below which the computed floating-point bound may lie by rounding noise alone:
/// a bound of 0.3 is shown as 0.30, not 0.29.
const NOISE: f64 = 1e-7;

/// A lower bound to two decimals, rounded down so that the bound shown still holds.
fn lower_bound(x: f64) -> f64 {
    (x * 100.0 + NOISE).floor() / 100.0
}

/// An upper bound to two decimals, rounded up so that the bound shown still holds.
fn upper_bound(x: f64) -> f64 {
    (x * 100.0 - NOISE).ceil() / 100.0
}

/// A margin with two decimals and a true minus sign (no "−0.00").
fn signed(x: f64) -> String {
    let text = format!("{x:.2}");
    match text.strip_prefix('-') {
        Some("0.00") => "0.00".into(),
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::super::desk_fixtures::{desk, miami_agenda, ukraine_states, SECRET_RESERVATION};
    use super::*;

    #[test]
    fn shown_bounds_are_rounded_outward_and_signed() {
        assert_eq!(signed(lower_bound(-0.1234)), "−0.13");
        assert_eq!(signed(upper_bound(0.2901)), "0.30");
        assert_eq!(signed(lower_bound(0.3)), "0.30");
        assert_eq!(signed(upper_bound(0.3)), "0.30");
        assert_eq!(signed(-0.0001), "0.00");
        assert!(lower_bound(-0.1234) <= -0.1234 && upper_bound(0.2901) >= 0.2901);
    }

    #[test]
    fn an_agenda_only_talk_shows_bounds_from_answers_and_whom_the_mediator_is_blind_to() {
        let mut state = miami_agenda();
        let panel = blind_panel(&desk(&state)).expect("blind to both");
        assert!(
            panel.bounds.starts_with("The margin lies between ")
                && panel.bounds.contains("— from answers;")
                && panel.bounds.ends_with("if the answers kept are truthful."),
            "{}",
            panel.bounds
        );
        assert_eq!(
            panel.holds,
            "You are blind to: Ukraine (not stated yet) and Russia (not stated yet)."
        );
        ukraine_states(&mut state, false);
        let panel = blind_panel(&desk(&state)).unwrap();
        assert_eq!(
            panel.holds,
            "You are blind to: Ukraine (kept private) and Russia (not stated yet)."
        );
        assert!(!format!("{panel:?}").contains(&SECRET_RESERVATION[..4]));
    }

    #[test]
    fn a_profile_handed_over_is_used_and_named() {
        let mut state = miami_agenda();
        ukraine_states(&mut state, true);
        let view = desk(&state);
        let panel = blind_panel(&view).unwrap();
        assert_eq!(
            panel.holds,
            "Using the profiles you hold for Ukraine (handed over in confidence); blind to Russia (not stated yet)."
        );
        assert!(panel.bounds.contains("the profiles you hold"));
        let m = &view.measured;
        assert!(m.lower <= m.estimate && m.estimate <= m.upper, "{m:?}");
    }
}
