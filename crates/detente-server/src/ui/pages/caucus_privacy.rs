//! The caucus room's preferences and privacy panel: whether the delegation stated its
//! preferences (with the way into the wizard to state or revise them) and where they stand —
//! kept private, or handed to the mediator in confidence — with the buttons that change it.
//! Built from the delegation's own view only.

use crate::views::PartyView;

/// Where the delegation's profile stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileStanding {
    /// No profile yet (an agenda-only talk).
    NotStated,
    /// The agenda's profile, which the mediator holds with the agenda.
    Agenda,
    /// Stated by the delegation and kept from the mediator.
    Private,
    /// Stated by the delegation and handed to the mediator in confidence.
    HandedOver,
}

/// The preferences and privacy panel.
#[derive(Debug, Clone)]
pub struct PrivacyPanel {
    /// Where the profile stands.
    pub standing: ProfileStanding,
    /// The standing in words.
    pub text: &'static str,
    /// How many times the delegation stated its preferences.
    pub revisions: u32,
    /// Whether "Hand over" applies.
    pub can_hand_over: bool,
    /// Whether "Take back" applies.
    pub can_take_back: bool,
    /// Whether the talks still take actions from this delegation.
    pub active: bool,
}

/// The panel for the delegation whose view is `view`.
pub fn privacy_panel(view: &PartyView) -> PrivacyPanel {
    let standing = match (view.reservation, view.profile_replaced, view.handed_over) {
        (None, _, _) => ProfileStanding::NotStated,
        (Some(_), false, _) => ProfileStanding::Agenda,
        (Some(_), true, false) => ProfileStanding::Private,
        (Some(_), true, true) => ProfileStanding::HandedOver,
    };
    let active = view.at_table && view.public.conclusion.is_none();
    PrivacyPanel {
        standing,
        text: match standing {
            ProfileStanding::NotStated => "Not stated yet.",
            ProfileStanding::Agenda => {
                "The agenda's profile, which the mediator holds with the agenda."
            }
            ProfileStanding::Private => "Kept private — the mediator does not see it.",
            ProfileStanding::HandedOver => "Handed to the mediator in confidence.",
        },
        revisions: view.revisions,
        can_hand_over: active && standing == ProfileStanding::Private,
        can_take_back: active && standing == ProfileStanding::HandedOver,
        active,
    }
}

impl PrivacyPanel {
    /// Whether the delegation has a profile of any kind (packages then have a worth to it).
    pub fn stated(&self) -> bool {
        self.standing != ProfileStanding::NotStated
    }
}
