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
        if parties.is_empty() {
            return Err(ModelError::NoParties);
        }
        let mut seen = std::collections::HashSet::new();
        for party in &parties {
            if !seen.insert(party.name.as_str()) {
                return Err(ModelError::DuplicateParty(party.name.clone()));
            }
            party
                .profile
                .utility
                .check_fits(&party.profile.name, &space)?;
        }
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
