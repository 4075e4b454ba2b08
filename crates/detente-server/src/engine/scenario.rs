//! Scenarios and profiles as the service reads them: detente's model behind a JSON wire form.
//!
//! The JSON form covers what delegations edit by hand: discrete and integer issues and
//! linear-additive profiles (a weight per issue, a score per value). Reading checks every field
//! and names the offending one (`parties[1].profile.values.salary.high`).
//!
//! Talks are hosted on an [`Agenda`]: the issues and the delegations, with a profile only for
//! the delegations whose creator supplied one. An agenda-only talk (no profiles at all) is how
//! real mediation starts: each delegation states its own preferences in its caucus room.

use std::sync::Arc;

use detente_core::{
    Agenda, Delegation, Evaluator, Issue, IssueDomain, IssueUtility, LinearAdditiveUtility,
    OutcomeSpace, Profile, Scenario, UtilityFunction,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FieldError;

/// Largest outcome space the service hosts (automated agents search it exhaustively).
pub const MAX_OUTCOMES: u64 = 1_000_000;
/// Largest number of parties in one talk.
pub const MAX_PARTIES: usize = 16;
/// Longest name of anything (talk, issue, value, party).
pub const MAX_NAME: usize = 200;

/// A scenario in the service's JSON form.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDto {
    /// Scenario name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The issues on the table.
    pub issues: Vec<IssueDto>,
    /// The parties (delegations), each with its profile if the creator supplies one.
    pub parties: Vec<PartyDto>,
}

/// An issue: either named `values`, or an integer range `min..=max`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueDto {
    /// Issue name.
    pub name: String,
    /// Named options, for a discrete issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Smallest value, for an integer issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest value, for an integer issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// A party and, unless the talk is agenda-only for it, its profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyDto {
    /// Party name (unique in the scenario).
    pub name: String,
    /// The party's preferences. Omit it for a delegation that states its own in its caucus
    /// room (the mediator then never sees it unless the delegation hands it over).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileDto>,
}

/// A linear-additive profile: utility = Σ weight(issue) · score(issue, value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileDto {
    /// Utility of leaving without agreement.
    pub reservation: f64,
    /// Weight per issue name.
    pub weights: IndexMap<String, f64>,
    /// Score per issue name and value (every value of every issue).
    pub values: IndexMap<String, IndexMap<String, f64>>,
}

fn check_name(field: &str, name: &str) -> Result<(), FieldError> {
    if name.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if name.len() > MAX_NAME {
        return Err(FieldError::new(
            field,
            format!("is longer than {MAX_NAME} bytes"),
        ));
    }
    Ok(())
}

fn finite(field: &str, x: f64) -> Result<f64, FieldError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(FieldError::new(field, "must be a finite number"))
    }
}

impl ScenarioDto {
    /// Builds and checks the scenario; every party needs a profile.
    pub fn to_scenario(&self) -> Result<Scenario, FieldError> {
        let agenda = self.to_agenda()?;
        agenda.scenario().ok_or_else(|| {
            let missing = agenda
                .delegations()
                .iter()
                .position(|d| d.profile.is_none())
                .unwrap_or(0);
            FieldError::new(format!("scenario.parties[{missing}].profile"), "is missing")
        })
    }

    /// Builds and checks the agenda: the issues, the parties, and the profiles given.
    pub fn to_agenda(&self) -> Result<Agenda, FieldError> {
        check_name("scenario.name", &self.name)?;
        if self.issues.is_empty() {
            return Err(FieldError::new(
                "scenario.issues",
                "needs at least one issue",
            ));
        }
        let mut issues = Vec::with_capacity(self.issues.len());
        for (i, dto) in self.issues.iter().enumerate() {
            let field = format!("scenario.issues[{i}]");
            check_name(&format!("{field}.name"), &dto.name)?;
            let domain =
                match (&dto.values, dto.min, dto.max) {
                    (Some(values), None, None) => {
                        for (k, v) in values.iter().enumerate() {
                            check_name(&format!("{field}.values[{k}]"), v)?;
                        }
                        IssueDomain::Discrete(values.clone())
                    }
                    (None, Some(min), Some(max)) => IssueDomain::Integer { min, max },
                    _ => return Err(FieldError::new(
                        field,
                        "give either `values` (named options) or both `min` and `max` (integers)",
                    )),
                };
            issues.push(
                Issue::new(dto.name.clone(), domain)
                    .map_err(|e| FieldError::new(field.clone(), e.to_string()))?,
            );
        }
        let space = OutcomeSpace::new(issues)
            .map_err(|e| FieldError::new("scenario.issues", e.to_string()))?;
        match space.enumerable_size() {
            Some(n) if n <= MAX_OUTCOMES => {}
            _ => {
                return Err(FieldError::new(
                    "scenario.issues",
                    format!(
                        "the outcome space exceeds the service's limit of {MAX_OUTCOMES} packages"
                    ),
                ))
            }
        }
        if self.parties.len() < 2 || self.parties.len() > MAX_PARTIES {
            return Err(FieldError::new(
                "scenario.parties",
                format!("needs between 2 and {MAX_PARTIES} parties"),
            ));
        }
        let mut delegations = Vec::with_capacity(self.parties.len());
        for (i, dto) in self.parties.iter().enumerate() {
            let field = format!("scenario.parties[{i}]");
            check_name(&format!("{field}.name"), &dto.name)?;
            let profile = dto
                .profile
                .as_ref()
                .map(|p| p.to_profile(&format!("{field}.profile"), &dto.name, &space))
                .transpose()?;
            delegations.push(Delegation {
                name: dto.name.clone(),
                description: None,
                profile,
            });
        }
        let mut agenda = Agenda::new(self.name.clone(), space, delegations)
            .map_err(|e| FieldError::new("scenario.parties", e.to_string()))?;
        agenda.description = self.description.clone();
        Ok(agenda)
    }
}

impl ProfileDto {
    /// Builds and checks the profile against `space`; `field` prefixes error locations.
    pub fn to_profile(
        &self,
        field: &str,
        name: &str,
        space: &OutcomeSpace,
    ) -> Result<Profile, FieldError> {
        finite(&format!("{field}.reservation"), self.reservation)?;
        for key in self.weights.keys().chain(self.values.keys()) {
            if space.issue_index(key).is_none() {
                return Err(FieldError::new(
                    format!("{field}.weights.{key}"),
                    "names no issue of the scenario",
                ));
            }
        }
        let mut utilities = Vec::with_capacity(space.issues().len());
        for issue in space.issues() {
            let weight = *self.weights.get(issue.name()).ok_or_else(|| {
                FieldError::new(format!("{field}.weights.{}", issue.name()), "is missing")
            })?;
            finite(&format!("{field}.weights.{}", issue.name()), weight)?;
            let scores = self.values.get(issue.name()).ok_or_else(|| {
                FieldError::new(format!("{field}.values.{}", issue.name()), "is missing")
            })?;
            let count = issue.cardinality().unwrap_or(0) as usize;
            let mut table = Vec::with_capacity(count);
            for k in 0..count {
                let value = issue.value_at(k as u64).expect("index below cardinality");
                let text = issue.format_value(&value);
                let at = format!("{field}.values.{}.{text}", issue.name());
                let score = *scores
                    .get(&text)
                    .ok_or_else(|| FieldError::new(&at, "is missing"))?;
                table.push(finite(&at, score)?);
            }
            if let Some(extra) = scores.keys().find(|k| issue.parse_value(k).is_none()) {
                return Err(FieldError::new(
                    format!("{field}.values.{}.{extra}", issue.name()),
                    "is not a value of this issue",
                ));
            }
            utilities.push(IssueUtility {
                weight,
                evaluator: Evaluator::Table(table),
            });
        }
        let utility = LinearAdditiveUtility::new(name, space, 0.0, utilities, None)
            .map_err(|e| FieldError::new(field, e.to_string()))?;
        Profile::new(
            name,
            UtilityFunction::LinearAdditive(utility),
            self.reservation,
            1.0,
        )
        .map_err(|e| FieldError::new(field, e.to_string()))
    }

    /// The JSON form of a linear-additive profile over an enumerable space, if it has one.
    pub fn from_profile(profile: &Profile, space: &OutcomeSpace) -> Option<ProfileDto> {
        let UtilityFunction::LinearAdditive(utility) = &profile.utility else {
            return None;
        };
        let tables = utility.contribution_tables()?;
        let mut weights = IndexMap::new();
        let mut values = IndexMap::new();
        for ((issue, part), table) in space.issues().iter().zip(utility.issues()).zip(tables) {
            weights.insert(issue.name().to_string(), part.weight);
            let scores = table
                .iter()
                .enumerate()
                .map(|(k, contribution)| {
                    let value = issue
                        .value_at(k as u64)
                        .expect("table index is a value index");
                    let score = if part.weight != 0.0 {
                        contribution / part.weight
                    } else {
                        0.0
                    };
                    (issue.format_value(&value), score)
                })
                .collect();
            values.insert(issue.name().to_string(), scores);
        }
        Some(ProfileDto {
            reservation: profile.reservation,
            weights,
            values,
        })
    }
}

/// Checks that a space and a number of parties read by `detente-formats` fit the service's
/// limits.
fn check_hostable(space: &OutcomeSpace, parties: usize, field: &str) -> Result<(), FieldError> {
    match space.enumerable_size() {
        Some(n) if n <= MAX_OUTCOMES => {}
        _ => {
            return Err(FieldError::new(
                field,
                format!("the outcome space must be countable with at most {MAX_OUTCOMES} packages"),
            ))
        }
    }
    if !(2..=MAX_PARTIES).contains(&parties) {
        return Err(FieldError::new(
            field,
            format!("needs between 2 and {MAX_PARTIES} parties"),
        ));
    }
    Ok(())
}

/// A scenario uploaded as GENIUS XML: the domain file's text and one profile file's text per party.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeniusScenarioDto {
    /// Scenario name (defaults to `GENIUS scenario`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The domain file (`<negotiation_template>`).
    pub domain: String,
    /// The parties in seat order, each with its profile file (`<utility_space>`).
    pub profiles: Vec<GeniusProfileDto>,
}

/// One party of a GENIUS XML upload.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeniusProfileDto {
    /// Party name (unique; letters, digits, `-`, `_` and spaces).
    pub name: String,
    /// The profile file's text.
    pub xml: String,
}

impl GeniusScenarioDto {
    /// Reads the XML with the same rules as a GENIUS folder (GENIUS evaluation); errors name the
    /// field under `scenario_genius`.
    pub fn to_scenario(&self) -> Result<Scenario, FieldError> {
        const FIELD: &str = "scenario_genius";
        let name = self.name.as_deref().unwrap_or("GENIUS scenario");
        check_name(&format!("{FIELD}.name"), name)?;
        if self.profiles.len() < 2 || self.profiles.len() > MAX_PARTIES {
            return Err(FieldError::new(
                format!("{FIELD}.profiles"),
                format!("needs between 2 and {MAX_PARTIES} profiles"),
            ));
        }
        let mut files = Vec::with_capacity(self.profiles.len());
        for (i, profile) in self.profiles.iter().enumerate() {
            let field = format!("{FIELD}.profiles[{i}].name");
            check_name(&field, &profile.name)?;
            // The reader names parties after file stems, so the name must survive as one.
            if !profile
                .name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            {
                return Err(FieldError::new(
                    field,
                    "may hold only letters, digits, `-`, `_` and spaces",
                ));
            }
            if self.profiles[..i].iter().any(|p| p.name == profile.name) {
                return Err(FieldError::new(field, "names a party twice"));
            }
            files.push((format!("{}.xml", profile.name), profile.xml.as_str()));
        }
        let profiles: Vec<(&str, &str)> = files.iter().map(|(f, t)| (f.as_str(), *t)).collect();
        let loaded = detente_formats::read_genius_str(
            name,
            ("domain.xml", &self.domain),
            &profiles,
            &detente_formats::LoadOptions::default(),
        )
        .map_err(|e| FieldError::new(FIELD, e.to_string()))?;
        let scenario = loaded.scenario;
        check_hostable(scenario.space(), scenario.parties().len(), FIELD)?;
        Ok(scenario)
    }
}

/// Parses a scenario or agenda text in the given format: `json` ([`ScenarioDto`]), `toml`
/// (detente's format; a party given by name alone has no profile) or `genius` (a
/// [`GeniusScenarioDto`] as JSON, always with profiles).
pub fn parse(format: &str, text: &str) -> Result<Arc<Agenda>, FieldError> {
    match format {
        "json" => {
            let dto: ScenarioDto = serde_json::from_str(text).map_err(|e| {
                FieldError::new("scenario", format!("is not a valid scenario: {e}"))
            })?;
            dto.to_agenda().map(Arc::new)
        }
        "toml" => {
            let (agenda, _) = detente_formats::read_agenda_toml_str(text, "scenario.toml")
                .map_err(|e| FieldError::new("scenario_toml", e.to_string()))?;
            check_hostable(agenda.space(), agenda.delegations().len(), "scenario_toml")?;
            Ok(Arc::new(agenda))
        }
        "genius" => {
            let dto: GeniusScenarioDto = serde_json::from_str(text).map_err(|e| {
                FieldError::new("scenario_genius", format!("is not a valid upload: {e}"))
            })?;
            dto.to_scenario().map(|s| Arc::new(Agenda::from(s)))
        }
        other => Err(FieldError::new(
            "scenario_format",
            format!(
                "`{other}` is not a scenario format this server reads (hint: `json`, `toml` or `genius`)"
            ),
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A two-party hiring scenario with a zone of agreement.
    pub fn hiring() -> ScenarioDto {
        serde_json::from_str(crate::examples::HIRING).unwrap()
    }

    #[test]
    fn example_reads_and_round_trips_profiles() {
        let dto = hiring();
        let scenario = dto.to_scenario().unwrap();
        for (party, party_dto) in scenario.parties().iter().zip(&dto.parties) {
            let back = ProfileDto::from_profile(&party.profile, scenario.space()).unwrap();
            for (issue, scores) in &party_dto.profile.as_ref().unwrap().values {
                for (value, score) in scores {
                    assert!((back.values[issue][value] - score).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn errors_name_the_field() {
        let mut dto = hiring();
        dto.parties[1]
            .profile
            .as_mut()
            .unwrap()
            .values
            .get_mut("salary")
            .unwrap()
            .shift_remove("high");
        let err = dto.to_scenario().unwrap_err();
        assert_eq!(err.field, "scenario.parties[1].profile.values.salary.high");
        let mut dto = hiring();
        dto.issues[0].values = None;
        assert_eq!(dto.to_scenario().unwrap_err().field, "scenario.issues[0]");
        let mut dto = hiring();
        dto.parties[0].profile.as_mut().unwrap().reservation = f64::NAN;
        assert_eq!(
            dto.to_scenario().unwrap_err().field,
            "scenario.parties[0].profile.reservation"
        );
    }

    #[test]
    fn an_agenda_leaves_out_profiles_and_a_scenario_needs_them() {
        let mut dto = hiring();
        dto.parties[1].profile = None;
        let agenda = dto.to_agenda().unwrap();
        assert!(agenda.delegations()[0].profile.is_some());
        assert!(agenda.delegations()[1].profile.is_none());
        assert_eq!(
            dto.to_scenario().unwrap_err().field,
            "scenario.parties[1].profile"
        );
    }
}
