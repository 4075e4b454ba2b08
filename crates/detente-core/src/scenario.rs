//! A scenario: the outcome space and the parties negotiating over it.

use crate::error::ModelError;
use crate::outcome::OutcomeSpace;
use crate::preference::{IssueUtility, LinearAdditiveUtility, Profile, UtilityFunction};

/// One party at the table, with its private profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// Display name (unique within a scenario).
    pub name: String,
    /// Optional free text shown to people.
    pub description: Option<String>,
    /// The party's preferences. Private to the party (and a trusted mediator).
    pub profile: Profile,
}

impl Party {
    /// A party whose profile (also called `name`) is linear-additive over `space`: `issues`
    /// weighted, no bias, no cap, no discount.
    pub fn linear_additive(
        name: impl Into<String>,
        space: &OutcomeSpace,
        issues: Vec<IssueUtility>,
        reservation: f64,
    ) -> Result<Party, ModelError> {
        let name = name.into();
        let utility = LinearAdditiveUtility::new(&name, space, 0.0, issues, None)?;
        let profile = Profile::new(
            &name,
            UtilityFunction::LinearAdditive(utility),
            reservation,
            1.0,
        )?;
        Ok(Party {
            name,
            description: None,
            profile,
        })
    }
}

/// Everything needed to negotiate: what is on the table and who wants what.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Scenario name.
    pub name: String,
    /// Optional free text shown to people.
    pub description: Option<String>,
    space: OutcomeSpace,
    parties: Vec<Party>,
}

impl Scenario {
    /// Builds a scenario, checking that every profile fits the space and party names are unique.
    pub fn new(
        name: impl Into<String>,
        space: OutcomeSpace,
        parties: Vec<Party>,
    ) -> Result<Self, ModelError> {
        check_seats(
            &space,
            parties.iter().map(|p| (p.name.as_str(), Some(&p.profile))),
        )?;
        Ok(Scenario {
            name: name.into(),
            description: None,
            space,
            parties,
        })
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The parties, in order.
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }

    /// Reservation values, one per party.
    pub fn reservations(&self) -> Vec<f64> {
        self.parties.iter().map(|p| p.profile.reservation).collect()
    }
}

/// The rules every set of seats keeps: at least one, unique names, and every known profile fits
/// the space.
fn check_seats<'a>(
    space: &OutcomeSpace,
    seats: impl ExactSizeIterator<Item = (&'a str, Option<&'a Profile>)>,
) -> Result<(), ModelError> {
    if seats.len() == 0 {
        return Err(ModelError::NoParties);
    }
    let mut seen = std::collections::HashSet::new();
    for (name, profile) in seats {
        if !seen.insert(name) {
            return Err(ModelError::DuplicateParty(name.to_owned()));
        }
        if let Some(profile) = profile {
            profile.utility.check_fits(&profile.name, space)?;
        }
    }
    Ok(())
}

/// One delegation on an agenda: its name, and its profile where one is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Delegation {
    /// Display name (unique within an agenda).
    pub name: String,
    /// Optional free text shown to people.
    pub description: Option<String>,
    /// The delegation's preferences, if whoever wrote the agenda knows them. Mediated talks
    /// start from agendas without profiles: each delegation states its own, privately.
    pub profile: Option<Profile>,
}

/// What is on the table and who sits at it: a [`Scenario`] whose profiles may be unknown.
///
/// Real mediated talks start here. The mediator knows the issues and the delegations, not what
/// each delegation wants; a scenario is the special case where every profile is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    /// Agenda name.
    pub name: String,
    /// Optional free text shown to people.
    pub description: Option<String>,
    space: OutcomeSpace,
    delegations: Vec<Delegation>,
}

impl Agenda {
    /// Builds an agenda, checking that names are unique and every known profile fits the space.
    pub fn new(
        name: impl Into<String>,
        space: OutcomeSpace,
        delegations: Vec<Delegation>,
    ) -> Result<Self, ModelError> {
        check_seats(
            &space,
            delegations
                .iter()
                .map(|d| (d.name.as_str(), d.profile.as_ref())),
        )?;
        Ok(Agenda {
            name: name.into(),
            description: None,
            space,
            delegations,
        })
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The delegations, in seat order.
    pub fn delegations(&self) -> &[Delegation] {
        &self.delegations
    }

    /// Whether every delegation's profile is known.
    pub fn is_complete(&self) -> bool {
        self.delegations.iter().all(|d| d.profile.is_some())
    }

    /// The scenario, when every profile is known.
    pub fn scenario(&self) -> Option<Scenario> {
        let parties = self
            .delegations
            .iter()
            .map(|d| {
                Some(Party {
                    name: d.name.clone(),
                    description: d.description.clone(),
                    profile: d.profile.clone()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Scenario {
            name: self.name.clone(),
            description: self.description.clone(),
            space: self.space.clone(),
            parties,
        })
    }
}

impl From<Scenario> for Agenda {
    fn from(scenario: Scenario) -> Self {
        Agenda {
            name: scenario.name,
            description: scenario.description,
            space: scenario.space,
            delegations: scenario
                .parties
                .into_iter()
                .map(|p| Delegation {
                    name: p.name,
                    description: p.description,
                    profile: Some(p.profile),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod agenda_tests {
    use super::*;
    use crate::outcome::{Issue, IssueDomain};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![Issue::new(
            "price",
            IssueDomain::Discrete(vec!["low".into(), "high".into()]),
        )
        .unwrap()])
        .unwrap()
    }

    fn delegation(name: &str) -> Delegation {
        Delegation {
            name: name.into(),
            description: None,
            profile: None,
        }
    }

    #[test]
    fn an_agenda_without_profiles_has_no_scenario_and_names_stay_unique() {
        let agenda = Agenda::new("a", space(), vec![delegation("A"), delegation("B")]).unwrap();
        assert!(!agenda.is_complete());
        assert!(agenda.scenario().is_none());
        assert_eq!(
            Agenda::new("a", space(), vec![delegation("A"), delegation("A")]),
            Err(ModelError::DuplicateParty("A".into()))
        );
        assert_eq!(
            Agenda::new("a", space(), vec![]),
            Err(ModelError::NoParties)
        );
    }

    #[test]
    fn a_scenario_round_trips_through_its_agenda() {
        let space = space();
        let party = |name: &str| {
            Party::linear_additive(
                name,
                &space,
                vec![IssueUtility {
                    weight: 1.0,
                    evaluator: crate::preference::Evaluator::Table(vec![0.0, 1.0]),
                }],
                0.2,
            )
            .unwrap()
        };
        let scenario = Scenario::new("s", space.clone(), vec![party("A"), party("B")]).unwrap();
        let agenda = Agenda::from(scenario.clone());
        assert!(agenda.is_complete());
        assert_eq!(agenda.scenario(), Some(scenario));
    }
}
