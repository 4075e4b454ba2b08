//! The optional `[talks]` table of a detente TOML scenario, read into a
//! [`detente_core::talks::TalksSetup`]: who mediates and how each party behaves.
//!
//! ```toml
//! [talks]
//! mediator = "United States"     # name used in the minutes and the communiqué
//! strategy = "blind"             # default strategy: trusted | blind (a caller may override)
//! rounds = 6                     # default deadline (a caller may override)
//!
//! [talks.parties.Ukraine]
//! agent = "aspiration"           # default: time-based aspiration (the engine's agent)
//! exponent = 4.0                 # 4 Boulware, 1 linear, 0.25 Conceder (default 4)
//!                                # any engine agent name also works: boulware, tft, agentk, …
//! joint_sessions = true          # consents to joint sessions (default true)
//!
//! [talks.parties.Norway]
//! agent = "truthful"             # answers every question truthfully from its profile
//!
//! [talks.parties.Russia]
//! agent = "scripted"             # plays a fixed position
//! position = { ceasefire = "none", ... }          # every issue
//! demands = { occupied_areas = ["recognised as Russian"] }  # values it can live with
//! joint_sessions = false         # default false for scripted parties
//! walk_out_round = 4             # optional
//! ```
//!
//! The scenario reader ignores this table, so a file with a setup the talks cannot use still loads
//! for every other purpose. Values (`position`, `demands`) are kept as text and checked against
//! the scenario when the seats are built ([`detente_core::talks::TalksSetup::seats`]), after any
//! discretisation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use detente_core::talks::setup::{PartyBehaviour, SetupError, TalksSetup, UnknownStrategy};
use serde::Deserialize;

/// A `[talks]` table that cannot be read. Every message names the file and the key (whether the
/// table's names fit the scenario is checked later, when the seats are built).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TalksSetupError {
    /// The file could not be read.
    #[error("cannot read `{path}`")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not TOML.
    #[error("`{path}` is not valid TOML: {message}")]
    NotToml {
        /// The file.
        path: PathBuf,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A key the table does not know, or a value of the wrong type.
    #[error("`{path}`: invalid [talks] table: {message}")]
    InvalidTable {
        /// The file.
        path: PathBuf,
        /// The parser's message (it names the key).
        message: String,
    },
    /// A strategy other than `trusted` or `blind`.
    #[error("`{path}`: [talks] {source}")]
    UnknownStrategy {
        /// The file.
        path: PathBuf,
        /// The core's refusal (it holds the strategy given, and the hint).
        #[source]
        source: UnknownStrategy,
    },
    /// A position or demand value that is not a string or a number.
    #[error("`{path}`: [talks.parties.{party}]: `{value}` is not a value of issue `{issue}`")]
    NotAValue {
        /// The file.
        path: PathBuf,
        /// The party.
        party: String,
        /// The issue.
        issue: String,
        /// The value as TOML.
        value: String,
    },
    /// A party's agent or exponent that does not exist.
    #[error("`{path}`: {source}")]
    Party {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the key.
        #[source]
        source: SetupError,
    },
}

/// The `[talks]` table under its own key (read only when the file has one).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    talks: TalksDoc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TalksDoc {
    mediator: Option<String>,
    strategy: Option<String>,
    rounds: Option<u32>,
    #[serde(default)]
    parties: BTreeMap<String, PartyDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartyDoc {
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

/// The `[talks]` table of the TOML file at `path`, if it has one; `None` for folders and files
/// not named `*.toml` (other formats carry no talks setup).
pub fn read_talks_setup(path: &Path) -> Result<Option<TalksSetup>, TalksSetupError> {
    if path.extension().and_then(|e| e.to_str()) != Some("toml") || !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|source| TalksSetupError::Io {
        path: path.to_owned(),
        source,
    })?;
    read(path, &text)
}

/// The `[talks]` table of detente TOML `text`, if it has one; `origin_name` names the text in
/// messages. Only the table is read: the rest of the text need not be a valid scenario.
pub fn talks_setup(text: &str, origin_name: &str) -> Result<Option<TalksSetup>, TalksSetupError> {
    read(Path::new(origin_name), text)
}

fn read(path: &Path, text: &str) -> Result<Option<TalksSetup>, TalksSetupError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| TalksSetupError::NotToml {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let Some(talks) = table.get("talks") else {
        return Ok(None);
    };
    // Deserialised under its own key so the parser's messages name `talks.…` keys.
    let doc: FileDoc = toml::Table::from_iter([("talks".to_owned(), talks.clone())])
        .try_into()
        .map_err(|e: toml::de::Error| TalksSetupError::InvalidTable {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    setup_of(path, doc.talks).map(Some)
}

fn setup_of(path: &Path, doc: TalksDoc) -> Result<TalksSetup, TalksSetupError> {
    let strategy = doc
        .strategy
        .map(|s| {
            s.parse()
                .map_err(|source| TalksSetupError::UnknownStrategy {
                    path: path.to_owned(),
                    source,
                })
        })
        .transpose()?;
    let parties = doc
        .parties
        .into_iter()
        .map(|(name, party)| {
            let behaviour = behaviour_of(path, &name, party)?;
            Ok((name, behaviour))
        })
        .collect::<Result<_, TalksSetupError>>()?;
    Ok(TalksSetup {
        mediator: doc.mediator,
        strategy,
        rounds: doc.rounds,
        parties,
        ..TalksSetup::default()
    })
}

fn behaviour_of(
    path: &Path,
    party: &str,
    doc: PartyDoc,
) -> Result<PartyBehaviour, TalksSetupError> {
    if doc.agent != "scripted" {
        return PartyBehaviour::agent(party, &doc.agent, doc.exponent, doc.joint_sessions).map_err(
            |source| TalksSetupError::Party {
                path: path.to_owned(),
                source,
            },
        );
    }
    let text = |issue: &str, v: &toml::Value| value_text(path, party, issue, v);
    let position = doc
        .position
        .iter()
        .map(|(issue, v)| Ok((issue.clone(), text(issue, v)?)))
        .collect::<Result<_, TalksSetupError>>()?;
    let demands = doc
        .demands
        .iter()
        .map(|(issue, values)| {
            let values = values
                .iter()
                .map(|v| text(issue, v))
                .collect::<Result<_, _>>()?;
            Ok((issue.clone(), values))
        })
        .collect::<Result<_, TalksSetupError>>()?;
    Ok(PartyBehaviour::Scripted {
        position,
        demands,
        joint_sessions: doc.joint_sessions.unwrap_or(false),
        walk_out_round: doc.walk_out_round,
    })
}

/// A position or demand value as text (`"none"`, `3`, `2.5`), as the issue reads values.
fn value_text(
    path: &Path,
    party: &str,
    issue: &str,
    v: &toml::Value,
) -> Result<String, TalksSetupError> {
    match v {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Float(x) => Ok(x.to_string()),
        other => Err(TalksSetupError::NotAValue {
            path: path.to_owned(),
            party: party.to_owned(),
            issue: issue.to_owned(),
            value: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use detente_core::talks::setup::MediationStrategy;

    use super::*;

    const SCENARIO: &str = r#"
name = "s"
[[issues]]
name = "price"
values = ["low", "high"]
"#;

    fn setup(table: &str) -> Result<Option<TalksSetup>, TalksSetupError> {
        talks_setup(&format!("{SCENARIO}\n{table}"), "deal.toml")
    }

    fn error(table: &str) -> String {
        setup(table).unwrap_err().to_string()
    }

    #[test]
    fn no_table_is_no_setup() {
        assert_eq!(setup("").unwrap(), None);
        assert_eq!(setup("[talks]").unwrap(), Some(TalksSetup::default()));
    }

    #[test]
    fn the_table_reads_into_typed_behaviours() {
        let setup = setup(
            r#"
[talks]
mediator = "Norway"
strategy = "trusted"
rounds = 6
[talks.parties.a]
exponent = 1.0
joint_sessions = false
[talks.parties.b]
agent = "tft"
[talks.parties.d]
agent = "truthful"
joint_sessions = false
[talks.parties.c]
agent = "scripted"
position = { price = "high", size = 3, rate = 2.5 }
demands = { price = ["high", "low"], size = [3] }
walk_out_round = 4
"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(setup.mediator.as_deref(), Some("Norway"));
        assert_eq!(setup.strategy, Some(MediationStrategy::Trusted));
        assert_eq!(setup.rounds, Some(6));
        assert_eq!(
            setup.parties["a"],
            PartyBehaviour::Aspiration {
                exponent: 1.0,
                joint_sessions: false
            }
        );
        assert_eq!(
            setup.parties["b"],
            PartyBehaviour::Engine {
                agent: "tft".parse().unwrap(),
                joint_sessions: true
            }
        );
        assert_eq!(
            setup.parties["d"],
            PartyBehaviour::Truthful {
                joint_sessions: false
            }
        );
        let PartyBehaviour::Scripted {
            position,
            demands,
            joint_sessions,
            walk_out_round,
        } = &setup.parties["c"]
        else {
            panic!("c is scripted")
        };
        assert_eq!(position["price"], "high");
        assert_eq!(position["size"], "3");
        assert_eq!(position["rate"], "2.5");
        assert_eq!(
            demands,
            &[
                (
                    "price".to_owned(),
                    vec!["high".to_owned(), "low".to_owned()]
                ),
                ("size".to_owned(), vec!["3".to_owned()])
            ]
        );
        assert!(!joint_sessions);
        assert_eq!(*walk_out_round, Some(4));
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let unknown_key = error("[talks]\nmediators = \"x\"");
        assert!(
            unknown_key.starts_with("`deal.toml`: invalid [talks] table: "),
            "{unknown_key}"
        );
        assert!(unknown_key.contains("mediators"), "{unknown_key}");
        assert_eq!(
            error("[talks]\nstrategy = \"wise\""),
            "`deal.toml`: [talks] strategy `wise` is unknown (hint: trusted or blind)"
        );
        let unknown_strategy = setup("[talks]\nstrategy = \"wise\"").unwrap_err();
        let source = std::error::Error::source(&unknown_strategy).unwrap();
        assert_eq!(
            source.to_string(),
            "strategy `wise` is unknown (hint: trusted or blind)"
        );
        assert_eq!(
            error("[talks.parties.a]\nexponent = -1.0"),
            "`deal.toml`: [talks.parties.a]: exponent must be a positive number"
        );
        assert_eq!(
            error("[talks.parties.a]\nagent = \"wizard\""),
            "`deal.toml`: [talks.parties.a]: unknown agent (hint: `scripted`, `aspiration`, `truthful` or an engine agent)"
        );
        assert_eq!(
            error("[talks.parties.a]\nagent = \"scripted\"\nposition = { price = true }"),
            "`deal.toml`: [talks.parties.a]: `true` is not a value of issue `price`"
        );
        let bad = talks_setup("[talks", "deal.toml").unwrap_err().to_string();
        assert!(bad.starts_with("`deal.toml` is not valid TOML: "), "{bad}");
    }

    #[test]
    fn only_toml_files_carry_a_setup() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_talks_setup(dir.path()).unwrap().is_none());
        let json = dir.path().join("s.json");
        std::fs::write(&json, "[talks]\nrounds = 3").unwrap();
        assert!(read_talks_setup(&json).unwrap().is_none());
        let toml = dir.path().join("s.toml");
        std::fs::write(&toml, "[talks]\nrounds = 3").unwrap();
        assert_eq!(read_talks_setup(&toml).unwrap().unwrap().rounds, Some(3));
    }

    #[test]
    fn the_examples_carry_setups() {
        let miami = include_str!("../../../../examples/miami.toml");
        let setup = talks_setup(miami, "miami.toml").unwrap().unwrap();
        assert_eq!(setup.mediator.as_deref(), Some("the United States"));
        assert_eq!(setup.rounds, Some(6));
        assert_eq!(setup.parties.len(), 2);
    }
}
