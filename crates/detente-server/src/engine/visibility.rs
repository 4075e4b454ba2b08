//! Who may see what: the single place that says which reader (the mediator, the party in a seat,
//! the public) may see an event of the log, a seat's profile or a caucus exchange.
//!
//! The per-reader views ([`crate::views`]), the browser pages, the event streams and each
//! reader's audit record all ask here, so a rule changes in one place and every surface follows.
//! Pages read utilities and reservation values only through [`ProfilesSeen`], which answers for
//! the profiles its reader may see and for no other.

use super::{PackageDto, TalkEvent, TalkState};

/// Who may read an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone, including the public.
    Public,
    /// The mediator only.
    Mediator,
    /// The mediator and one seat.
    MediatorAndSeat(usize),
    /// One seat only (a profile it keeps from the mediator).
    Seat(usize),
}

/// Who reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The mediator.
    Mediator,
    /// The party in this seat.
    Party(usize),
    /// Anyone without a token.
    Public,
}

impl Audience {
    /// Whether `reader` may see an event with this audience.
    pub fn admits(self, reader: Reader) -> bool {
        match (self, reader) {
            (Audience::Public, _) => true,
            (Audience::Mediator, Reader::Mediator) => true,
            (Audience::MediatorAndSeat(_), Reader::Mediator) => true,
            (Audience::MediatorAndSeat(s), Reader::Party(p)) => s == p,
            (Audience::Seat(s), Reader::Party(p)) => s == p,
            _ => false,
        }
    }
}

impl Reader {
    /// The reader's kind as the audit record names it: `mediator`, `party` or `public`.
    pub fn label(self) -> &'static str {
        match self {
            Reader::Mediator => "mediator",
            Reader::Party(_) => "party",
            Reader::Public => "public",
        }
    }
}

impl TalkEvent {
    /// Who may read it.
    pub fn audience(&self) -> Audience {
        match self {
            TalkEvent::Opened { .. }
            | TalkEvent::RoundBegan { .. }
            | TalkEvent::Concluded { .. } => Audience::Public,
            TalkEvent::RoundEnded { .. } => Audience::Mediator,
            TalkEvent::WizardSaved { seat, .. } => Audience::Seat(*seat),
            TalkEvent::ProfileReplaced {
                seat,
                shared_with_mediator,
                ..
            } => profile_audience(*seat, true, *shared_with_mediator),
            TalkEvent::AgentAttached { seat, .. }
            | TalkEvent::AgentProposed { seat, .. }
            | TalkEvent::AgentRemoved { seat }
            | TalkEvent::ProfileRevised { seat, .. }
            | TalkEvent::ProfileHandedOver { seat, .. }
            | TalkEvent::ProfileWithdrawn { seat }
            | TalkEvent::CaucusOpened { seat }
            | TalkEvent::Asked { seat, .. }
            | TalkEvent::Answered { seat, .. }
            | TalkEvent::WalkOutRequested { seat }
            | TalkEvent::CaucusClosed { seat } => Audience::MediatorAndSeat(*seat),
        }
    }
}

/// Whether `reader` may see `event`.
pub fn may_see(reader: Reader, event: &TalkEvent) -> bool {
    event.audience().admits(reader)
}

/// Who may see the profile in force for `seat`: the scenario's profile (not replaced) is the
/// mediator's and the party's; a replaced one is the party's alone unless it was handed over.
pub fn profile_audience(seat: usize, replaced: bool, shared: bool) -> Audience {
    if !replaced || shared {
        Audience::MediatorAndSeat(seat)
    } else {
        Audience::Seat(seat)
    }
}

/// Whether `reader` may see `seat`'s profile in force.
pub fn may_see_profile(reader: Reader, seat: usize, replaced: bool, shared: bool) -> bool {
    profile_audience(seat, replaced, shared).admits(reader)
}

/// Whether `reader` may see the caucus exchanges (questions and replies) of `seat`.
pub fn may_see_exchanges_of(reader: Reader, seat: usize) -> bool {
    Audience::MediatorAndSeat(seat).admits(reader)
}

/// The profiles in force as one reader may see them. Every utility and reservation value a page
/// shows is read here rather than from [`TalkState::seats`], so a profile a party kept to itself
/// answers `None` to anyone else, whichever seats the calling code asks about.
#[derive(Clone, Copy)]
pub struct ProfilesSeen<'a> {
    state: &'a TalkState,
    reader: Reader,
}

impl TalkState {
    /// The profiles in force as `reader` may see them.
    pub fn profiles_seen_by(&self, reader: Reader) -> ProfilesSeen<'_> {
        ProfilesSeen {
            state: self,
            reader,
        }
    }
}

impl<'a> ProfilesSeen<'a> {
    /// Whether the reader may see `seat`'s profile in force (`false` for no such seat).
    pub fn may_see(&self, seat: usize) -> bool {
        self.state.seats.get(seat).is_some_and(|s| {
            may_see_profile(self.reader, seat, s.profile_replaced, s.profile_shared)
        })
    }

    /// The seats whose profile the reader may see, in seat order.
    pub fn seats(&self) -> Vec<usize> {
        (0..self.state.seats.len())
            .filter(|&seat| self.may_see(seat))
            .collect()
    }

    /// `seat`'s utility of `package`, if the reader may see its profile and the package is valid.
    pub fn utility(&self, seat: usize, package: &PackageDto) -> Option<f64> {
        if !self.may_see(seat) {
            return None;
        }
        self.state.utility(seat, package)
    }

    /// `seat`'s profile in force, if the reader may see it: what a page reads to suggest a
    /// delegation's own answers to questions about single issues.
    pub fn profile(&self, seat: usize) -> Option<&'a detente_core::Profile> {
        if !self.may_see(seat) {
            return None;
        }
        self.state.seats[seat].profile.as_ref()
    }

    /// `seat`'s reservation value, if the reader may see its profile.
    pub fn reservation(&self, seat: usize) -> Option<f64> {
        if !self.may_see(seat) {
            return None;
        }
        Some(self.state.seats[seat].profile.as_ref()?.reservation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_profile_is_the_partys_alone_and_a_shared_one_the_mediators_too() {
        assert!(may_see_profile(Reader::Mediator, 0, false, false));
        assert!(!may_see_profile(Reader::Mediator, 0, true, false));
        assert!(may_see_profile(Reader::Mediator, 0, true, true));
        assert!(may_see_profile(Reader::Party(0), 0, true, false));
        assert!(!may_see_profile(Reader::Party(1), 0, false, false));
        assert!(!may_see_profile(Reader::Public, 0, false, false));
    }

    #[test]
    fn caucus_events_reach_the_mediator_and_their_party_only() {
        let asked = TalkEvent::CaucusOpened { seat: 1 };
        assert!(may_see(Reader::Mediator, &asked));
        assert!(may_see(Reader::Party(1), &asked));
        assert!(!may_see(Reader::Party(0), &asked));
        assert!(!may_see(Reader::Public, &asked));
        assert!(may_see(Reader::Public, &TalkEvent::RoundBegan { round: 1 }));
        assert!(may_see_exchanges_of(Reader::Party(1), 1));
        assert!(!may_see_exchanges_of(Reader::Public, 1));
    }

    /// A hiring talk in which the candidate (seat 1) replaced its profile, handing it to the
    /// mediator or not.
    fn talk_with_replaced_profile(shared_with_mediator: bool) -> TalkState {
        let dto = crate::engine::scenario::tests::hiring();
        let mut state = TalkState::new(std::sync::Arc::new(dto.to_agenda().unwrap()));
        let mut profile = dto.parties[1].profile.clone().unwrap();
        profile.reservation = 0.4217931;
        let events = [
            TalkEvent::Opened {
                title: "Hiring".into(),
                mediator: "the mediator".into(),
                parties: vec!["Employer".into(), "Candidate".into()],
                rounds: 3,
                max_questions: 4,
            },
            TalkEvent::ProfileReplaced {
                seat: 1,
                profile,
                shared_with_mediator,
            },
        ];
        for (seq, event) in (1..).zip(&events) {
            state.apply(seq, [0; 32], event).unwrap();
        }
        state
    }

    #[test]
    fn a_profile_kept_private_gives_other_readers_no_utility_and_no_reservation() {
        let state = talk_with_replaced_profile(false);
        let package: PackageDto = [
            ("salary", "high"),
            ("remote", "full"),
            ("start", "now"),
            ("title", "engineer"),
        ]
        .into_iter()
        .map(|(issue, value)| (issue.to_string(), value.to_string()))
        .collect();
        let mediator = state.profiles_seen_by(Reader::Mediator);
        assert_eq!(mediator.seats(), [0]);
        assert_eq!(mediator.utility(1, &package), None);
        assert_eq!(mediator.reservation(1), None);
        assert!(mediator.utility(0, &package).is_some());
        assert!(mediator.reservation(0).is_some());
        let candidate = state.profiles_seen_by(Reader::Party(1));
        assert_eq!(candidate.seats(), [1]);
        assert_eq!(candidate.reservation(1), Some(0.4217931));
        assert_eq!(candidate.utility(1, &package), state.utility(1, &package));
        assert_eq!(state.profiles_seen_by(Reader::Public).seats(), [0; 0]);
        assert_eq!(mediator.reservation(7), None, "no such seat");
        assert!(mediator.profile(1).is_none() && mediator.profile(0).is_some());
        assert!(candidate.profile(1).is_some() && candidate.profile(0).is_none());
    }

    #[test]
    fn a_profile_handed_over_is_the_mediators_too() {
        let state = talk_with_replaced_profile(true);
        let mediator = state.profiles_seen_by(Reader::Mediator);
        assert_eq!(mediator.seats(), [0, 1]);
        assert_eq!(mediator.reservation(1), Some(0.4217931));
    }
}
