//! `--grid N`: an explicit discretisation of real-valued issues for the talks, which handle
//! packages by value index. The work is `detente_core::discretise`; this module words its errors
//! for the flag. Nothing is discretised unless the user asks.

use anyhow::anyhow;
use detente_core::discretise::GridError;
use detente_core::Scenario;

/// `scenario` with every real issue replaced by `n` grid values (unchanged without real issues).
pub fn discretise(scenario: Scenario, n: usize) -> anyhow::Result<Scenario> {
    detente_core::discretise::discretise(scenario, n).map_err(|e| match e {
        GridError::TooFewValues(_) => anyhow!("--grid needs at least 2 values per real issue"),
        GridError::NonLinear { party } => anyhow!(
            "party `{party}` has non-linear preferences over a real issue; --grid supports linear-additive profiles only"
        ),
        GridError::TooManyValues { max, .. } => {
            anyhow!("--grid allows at most {max} values per real issue")
        }
        other => other.into(),
    })
}
