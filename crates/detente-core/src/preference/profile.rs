//! A party's complete preference profile.

use super::UtilityFunction;
use crate::error::ModelError;
use crate::outcome::{Outcome, OutcomeSpace};

/// Utility function plus what the party gets by walking away, and how it discounts time.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's name (a file stem, or the party's name).
    pub name: String,
    /// Utility over outcomes.
    pub utility: UtilityFunction,
    /// Utility of no agreement. A missing value reads as 0.0 (GENIUS and NegMAS agree).
    pub reservation: f64,
    /// A reservation *outcome* (GeniusWeb's reservation bid); `reservation` is its utility.
    pub reservation_outcome: Option<Outcome>,
    /// Discount factor `d` in (0, 1]: utility at relative time `t` is `u·d^t`. 1 means none.
    pub discount: f64,
}

impl Profile {
    /// Builds a profile, checking the reservation is finite and the discount lies in (0, 1].
    pub fn new(
        name: impl Into<String>,
        utility: UtilityFunction,
        reservation: f64,
        discount: f64,
    ) -> Result<Self, ModelError> {
        let name = name.into();
        if !reservation.is_finite() {
            return Err(ModelError::NotFinite {
                what: format!("reservation value of profile `{name}`"),
                value: reservation,
            });
        }
        if !(discount > 0.0 && discount <= 1.0) {
            return Err(ModelError::InvalidDiscount {
                profile: name,
                value: discount,
            });
        }
        Ok(Profile {
            name,
            utility,
            reservation,
            reservation_outcome: None,
            discount,
        })
    }

    /// Sets a reservation outcome; the reservation value becomes its utility.
    pub fn with_reservation_outcome(
        mut self,
        space: &OutcomeSpace,
        outcome: Outcome,
    ) -> Result<Self, ModelError> {
        space.validate(&outcome)?;
        self.reservation = self.utility.utility(&outcome);
        self.reservation_outcome = Some(outcome);
        Ok(self)
    }

    /// Utility of `outcome` at relative time `t ∈ [0, 1]`, discounted.
    pub fn discounted_utility(&self, outcome: &[crate::outcome::Value], t: f64) -> f64 {
        let u = self.utility.utility(outcome);
        if self.discount < 1.0 {
            u * self.discount.powf(t)
        } else {
            u
        }
    }
}

#[cfg(test)]
impl Profile {
    /// A test profile on a one-issue `space`: utility = `evaluator` at weight 1, no bias, no cap,
    /// no discount.
    pub(crate) fn one_issue(
        name: &str,
        space: &OutcomeSpace,
        evaluator: super::Evaluator,
        reservation: f64,
    ) -> Profile {
        let utility = super::LinearAdditiveUtility::new(
            name,
            space,
            0.0,
            vec![super::IssueUtility {
                weight: 1.0,
                evaluator,
            }],
            None,
        )
        .unwrap();
        Profile::new(
            name,
            UtilityFunction::LinearAdditive(utility),
            reservation,
            1.0,
        )
        .unwrap()
    }
}
