//! The optional `[talks]` table of a TOML scenario: who mediates and how each party behaves.
//!
//! ```toml
//! [talks]
//! mediator = "United States"     # name used in the minutes and the communiqué
//! strategy = "blind"             # default strategy: trusted | blind (the CLI flag overrides)
//! rounds = 6                     # default deadline (the CLI flag overrides)
//!
//! [talks.parties.Ukraine]
//! agent = "aspiration"           # default; answers by a time-based aspiration
//! exponent = 4.0                 # 4 Boulware, 1 linear, 0.25 Conceder (default 4)
//! joint_sessions = true          # consents to joint sessions (default true)
//!
//! [talks.parties.Russia]
//! agent = "scripted"             # plays a fixed position
//! position = { ceasefire = "none", ... }          # every issue
//! demands = { occupied_areas = ["recognised as Russian"] }  # values it can live with
//! joint_sessions = false         # default false for scripted parties
//! walk_out_round = 4             # optional
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context};
use detente_core::talks::party::{exponent, rank_issues};
use detente_core::talks::{AspirationParty, ScriptedParty, Seat};
use detente_core::{Issue, Scenario, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    talks: Option<TalksDoc>,
}

/// The `[talks]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TalksDoc {
    /// Who mediates.
    pub mediator: Option<String>,
    /// Default strategy.
    pub strategy: Option<String>,
    /// Default number of rounds.
    pub rounds: Option<u32>,
    #[serde(default)]
    parties: BTreeMap<String, AgentDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentDoc {
    #[serde(default = "aspiration")]
    agent: String,
    exponent: Option<f64>,
    joint_sessions: Option<bool>,
    #[serde(default)]
    position: BTreeMap<String, toml::Value>,
    #[serde(default)]
    demands: BTreeMap<String, Vec<toml::Value>>,
    walk_out_round: Option<u32>,
}

fn aspiration() -> String {
    "aspiration".into()
}

/// Reads the `[talks]` table of `path` (none for folders and non-TOML files).
pub fn read(path: &Path) -> anyhow::Result<TalksDoc> {
    if path.extension().and_then(|e| e.to_str()) != Some("toml") || !path.is_file() {
        return Ok(TalksDoc::default());
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("`{}` is not valid TOML", path.display()))?;
    let Some(talks) = table.get("talks") else {
        return Ok(TalksDoc::default());
    };
    let doc: FileDoc = toml::Table::from_iter([("talks".to_owned(), talks.clone())])
        .try_into()
        .with_context(|| format!("`{}`: invalid [talks] table", path.display()))?;
    Ok(doc.talks.unwrap_or_default())
}

fn value_of(issue: &Issue, v: &toml::Value, party: &str) -> anyhow::Result<Value> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(x) => x.to_string(),
        other => bail!(
            "[talks.parties.{party}]: `{other}` is not a value of issue `{}`",
            issue.name()
        ),
    };
    issue.parse_value(&text).with_context(|| {
        format!(
            "[talks.parties.{party}]: `{text}` is not a value of issue `{}` (hint: use one of its listed values)",
            issue.name()
        )
    })
}

impl TalksDoc {
    /// Builds one seat per scenario party, in party order.
    pub fn seats(&self, scenario: &Scenario) -> anyhow::Result<Vec<Seat<'static>>> {
        let space = scenario.space();
        for name in self.parties.keys() {
            if !scenario.parties().iter().any(|p| &p.name == name) {
                bail!("[talks.parties.{name}]: the scenario has no party `{name}`");
            }
        }
        scenario
            .parties()
            .iter()
            .map(|party| {
                let name = &party.name;
                let doc = self.parties.get(name);
                let agent: Box<dyn detente_core::talks::TalksParty> =
                    match doc.map(|d| d.agent.as_str()).unwrap_or("aspiration") {
                        "aspiration" => {
                            let e = doc.and_then(|d| d.exponent).unwrap_or(exponent::BOULWARE);
                            if !(e.is_finite() && e > 0.0) {
                                bail!("[talks.parties.{name}]: exponent must be a positive number");
                            }
                            Box::new(
                                AspirationParty::new(space, party.profile.clone(), e)
                                    .with_joint_sessions(
                                        doc.and_then(|d| d.joint_sessions).unwrap_or(true),
                                    ),
                            )
                        }
                        "scripted" => {
                            let doc = doc.expect("scripted needs a table");
                            let position = space
                                .issues()
                                .iter()
                                .map(|issue| {
                                    let v = doc.position.get(issue.name()).with_context(|| {
                                        format!(
                                            "[talks.parties.{name}]: the position has no value for issue `{}`",
                                            issue.name()
                                        )
                                    })?;
                                    value_of(issue, v, name)
                                })
                                .collect::<anyhow::Result<Vec<_>>>()?;
                            let demands = doc
                                .demands
                                .iter()
                                .map(|(issue_name, values)| {
                                    let k = space.issue_index(issue_name).with_context(|| {
                                        format!("[talks.parties.{name}]: no issue `{issue_name}`")
                                    })?;
                                    let issue = &space.issues()[k];
                                    let values = values
                                        .iter()
                                        .map(|v| value_of(issue, v, name))
                                        .collect::<anyhow::Result<Vec<_>>>()?;
                                    Ok((k, values))
                                })
                                .collect::<anyhow::Result<Vec<_>>>()?;
                            // Its stated priorities follow its profile.
                            let radices = space.radices().unwrap_or_default();
                            let best = space
                                .indices_of(&position)
                                .unwrap_or_else(|| vec![0; radices.len()]);
                            let ranking = rank_issues(&radices, &party.profile.utility, &best);
                            let mut p = ScriptedParty::new(position, demands)
                                .with_joint_sessions(doc.joint_sessions.unwrap_or(false))
                                .with_ranking(ranking);
                            if let Some(r) = doc.walk_out_round {
                                p = p.walking_out_in(r);
                            }
                            Box::new(p)
                        }
                        other => bail!(
                            "[talks.parties.{name}]: unknown agent `{other}` (hint: `aspiration` or `scripted`)"
                        ),
                    };
                Ok(Seat {
                    name: name.clone(),
                    agent,
                })
            })
            .collect()
    }
}
