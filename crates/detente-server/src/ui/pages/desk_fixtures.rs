//! Talks for the desk builders' unit tests: the bundled Miami agenda, opened without HTTP, with
//! delegations that state their own profiles.

use std::sync::Arc;

use indexmap::IndexMap;

use crate::engine::commands::{self, Settings};
use crate::engine::{scenario, ProfileDto, TalkEvent, TalkState};
use crate::views::{self, MediatorView};

/// A reservation value no other number of the talk shares.
pub(super) const SECRET_RESERVATION: &str = "0.4217931";

/// Applies `events` and every automatic follow-up, as the service does.
fn apply(state: &mut TalkState, events: Vec<TalkEvent>) {
    let mut queue: std::collections::VecDeque<_> = events.into();
    while let Some(event) = queue.pop_front().or_else(|| commands::follow_up(state)) {
        let seq = state.last_seq + 1;
        state.apply(seq, [0; 32], &event).unwrap();
    }
}

/// The Miami agenda (Ukraine in seat 0, Russia in seat 1), opened: no profile anywhere.
pub(super) fn miami_agenda() -> TalkState {
    let agenda = scenario::parse("toml", crate::examples::MIAMI_AGENDA).unwrap();
    let opening = commands::open_talk(&agenda, Settings::default(), &IndexMap::new()).unwrap();
    let mut state = TalkState::new(Arc::clone(&agenda));
    apply(&mut state, opening);
    state
}

/// Ukraine's own profile, with [`SECRET_RESERVATION`].
fn ukraine_profile() -> ProfileDto {
    serde_json::from_str(&format!(
        r#"{{"reservation": {SECRET_RESERVATION},
        "weights": {{"ceasefire": 0.2, "occupied areas": 0.3, "security guarantees": 0.2,
                    "sanctions relief": 0.1, "format of further talks": 0.1, "US support for Ukraine": 0.1}},
        "values": {{
            "ceasefire": {{"none": 0, "energy infrastructure only": 0.4, "full, along the contact line": 1}},
            "occupied areas": {{"recognised as Russian": 0, "Russian control, not recognised": 0.45,
                               "international administration": 0.7, "returned to Ukraine": 1}},
            "security guarantees": {{"none": 0, "bilateral": 0.35, "collective": 0.8, "alliance membership": 1}},
            "sanctions relief": {{"none": 1, "partial, phased": 0.6, "full": 0}},
            "format of further talks": {{"indirect, through the US": 0.7, "direct, bilateral": 0.3, "international conference": 1}},
            "US support for Ukraine": {{"ended": 0, "reduced": 0.4, "continued": 1}}
        }}}}"#
    ))
    .unwrap()
}

/// Ukraine states its own profile, handed to the mediator or kept private.
pub(super) fn ukraine_states(state: &mut TalkState, hand_over: bool) {
    let events = commands::replace_profile(state, 0, &ukraine_profile(), hand_over).unwrap();
    apply(state, events);
}

/// The mediator's view of `state`.
pub(super) fn desk(state: &TalkState) -> MediatorView {
    views::mediator("t", state)
}
