//! GMCR+ (gmcr-py) `.gmcr` save files: JSON, as described by the program's published save-file
//! schema (read for the layout only; no code or example file of it is used here):
//!
//! ```json
//! {
//!   "options": [{ "name": "Defect", "permittedDirection": "both" }, …],
//!   "decisionMakers": [
//!     { "name": "Row", "options": [0], "preferences": [[[1, "N"]], [[0, "Y"]]] }, …
//!   ],
//!   "infeasibles": [[[0, "Y"], [1, "Y"]]],
//!   "useManualPreferenceVectors": false
//! }
//! ```
//!
//! `options` is the master list; a decision maker's `options` are 0-based indices into it. A
//! condition is a list of `[option index, "Y" | "N"]` pairs that must all hold; `infeasibles`
//! lists conditions no state may satisfy; a decision maker's `preferences` are conditions, most
//! important first (option prioritization). `permittedDirection` is `both`, `fwd` (the option may
//! only be taken: once taken, never dropped) or `back` (may only be dropped). Other keys
//! (`program`, `version`, …) are ignored. Manual preference vectors are not read: the file must
//! use prioritization. Options are renumbered decision maker by decision maker, so state numbers
//! match GMCR+'s when each decision maker's options are consecutive in the master list.

use std::path::Path;

use detente_core::gmcr::{
    Condition, ConflictSpec, DecisionMakerSpec, GmcrError, OptionSpec, PreferenceSpec,
    Reversibility,
};
use serde::Deserialize;

use super::{build, ConflictLoadError, LoadedConflict};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SaveFile {
    options: Vec<SavedOption>,
    decision_makers: Vec<SavedDecisionMaker>,
    #[serde(default)]
    infeasibles: Vec<Vec<(usize, String)>>,
    #[serde(default)]
    use_manual_preference_vectors: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SavedOption {
    name: String,
    #[serde(default = "both", alias = "reversibility")]
    permitted_direction: String,
}

fn both() -> String {
    "both".into()
}

#[derive(Debug, Deserialize)]
struct SavedDecisionMaker {
    name: String,
    options: Vec<usize>,
    #[serde(default)]
    preferences: Vec<Vec<(usize, String)>>,
}

/// Reads a GMCR+ save file from `text`; `path` is only used in messages.
pub fn read_gmcr_plus_str(path: &Path, text: &str) -> Result<LoadedConflict, ConflictLoadError> {
    let file: SaveFile = serde_json::from_str(text).map_err(|e| ConflictLoadError::Syntax {
        path: path.to_owned(),
        message: format!(
            "line {}, column {}: not a GMCR+ save file: {e}",
            e.line(),
            e.column()
        ),
    })?;
    let syntax = |message: String| ConflictLoadError::Syntax {
        path: path.to_owned(),
        message,
    };
    if file.use_manual_preference_vectors {
        return Err(syntax(
            "useManualPreferenceVectors: manual preference vectors are not read (hint: enter the preferences as prioritization statements in GMCR+)".into(),
        ));
    }
    let order = option_order(&file).map_err(syntax)?;
    let spec = to_spec(path, &file, &order)?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("GMCR+ model")
        .to_string();
    build(
        path,
        ConflictSpec { name, ..spec },
        Some("GMCR+ save file".into()),
        false,
    )
}

/// New index of every master option (decision maker by decision maker); each option must
/// belong to exactly one decision maker.
fn option_order(file: &SaveFile) -> Result<Vec<usize>, String> {
    let mut new_index = vec![usize::MAX; file.options.len()];
    let mut next = 0;
    for dm in &file.decision_makers {
        for &k in &dm.options {
            let Some(slot) = new_index.get_mut(k) else {
                return Err(format!(
                    "decision maker `{}`: option index {k} does not exist (the file has {} options, numbered from 0)",
                    dm.name,
                    file.options.len()
                ));
            };
            if *slot != usize::MAX {
                return Err(format!(
                    "decision maker `{}`, option `{}`: option `{}` is owned by two decision makers (hint: each option belongs to one)",
                    dm.name, file.options[k].name, file.options[k].name
                ));
            }
            *slot = next;
            next += 1;
        }
    }
    match new_index.iter().position(|&i| i == usize::MAX) {
        Some(k) => Err(format!(
            "option `{}` (index {k}) belongs to no decision maker",
            file.options[k].name
        )),
        None => Ok(new_index),
    }
}

fn to_spec(
    path: &Path,
    file: &SaveFile,
    order: &[usize],
) -> Result<ConflictSpec, ConflictLoadError> {
    let model_error = |element: String, source: GmcrError| ConflictLoadError::Model {
        path: path.to_owned(),
        element,
        source,
    };
    let mut decision_makers = Vec::new();
    for dm in &file.decision_makers {
        let mut options = Vec::new();
        for &k in &dm.options {
            let o = &file.options[k];
            let reversibility =
                direction(&o.permitted_direction).ok_or_else(|| ConflictLoadError::Syntax {
                    path: path.to_owned(),
                    message: format!(
                        "option `{}`: permittedDirection `{}` is not `both`, `fwd` or `back`",
                        o.name, o.permitted_direction
                    ),
                })?;
            // Option names need not be identifiers in GMCR+; ids are positions.
            options.push(OptionSpec {
                id: format!("o{}", k),
                name: o.name.clone(),
                reversibility,
            });
        }
        decision_makers.push(DecisionMakerSpec {
            name: dm.name.clone(),
            options,
        });
    }
    let mut infeasible = Vec::new();
    for (i, pairs) in file.infeasibles.iter().enumerate() {
        infeasible.push(
            conjunction(pairs, order).map_err(|e| model_error(format!("infeasibles[{i}]"), e))?,
        );
    }
    let mut preferences = Vec::new();
    for dm in &file.decision_makers {
        let mut statements = Vec::new();
        for (t, pairs) in dm.preferences.iter().enumerate() {
            let element = || {
                format!(
                    "decision maker `{}`, preference statement {}",
                    dm.name,
                    t + 1
                )
            };
            statements.push(conjunction(pairs, order).map_err(|e| model_error(element(), e))?);
        }
        preferences.push(PreferenceSpec::Prioritization(statements));
    }
    Ok(ConflictSpec {
        name: String::new(),
        decision_makers,
        infeasible,
        collapse: vec![],
        preferences,
        status_quo: None,
    })
}

fn direction(text: &str) -> Option<Reversibility> {
    match text {
        "both" => Some(Reversibility::Reversible),
        "fwd" => Some(Reversibility::OnceTaken),
        "back" => Some(Reversibility::OnceDropped),
        _ => None,
    }
}

/// `[[index, "Y"|"N"], …]` as the conjunction of its literals, with options renumbered.
fn conjunction(pairs: &[(usize, String)], order: &[usize]) -> Result<Condition, GmcrError> {
    let text = || format!("{pairs:?}");
    let mut literals = Vec::new();
    for (k, value) in pairs {
        let Some(&index) = order.get(*k) else {
            return Err(GmcrError::UnknownOption {
                text: text(),
                option: format!("index {k}"),
            });
        };
        let atom = Condition::Option(index);
        literals.push(match value.as_str() {
            "Y" => atom,
            "N" => Condition::Not(Box::new(atom)),
            other => {
                return Err(GmcrError::Statement {
                    text: text(),
                    reason: format!("option value `{other}` is not Y or N"),
                })
            }
        });
    }
    Ok(Condition::And(literals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<LoadedConflict, String> {
        read_gmcr_plus_str(Path::new("model.gmcr"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn the_hand_written_fixture_reads_as_the_prisoners_dilemma() {
        let text = include_str!("../../../../tests/fixtures/gmcr/dilemma.gmcr");
        let loaded = read(text).unwrap();
        let c = &loaded.conflict;
        assert_eq!(c.decision_makers(), ["Row", "Column"]);
        assert_eq!(c.state_count(), 4);
        let analysis = detente_core::gmcr::analyze(c);
        let nash: Vec<String> = analysis
            .equilibria(detente_core::gmcr::Concept::Nash)
            .iter()
            .map(|s| c.pattern(s))
            .collect();
        assert_eq!(nash, ["YY"]);
        assert_eq!(c.options()[0].reversibility, Reversibility::OnceTaken);
    }

    #[test]
    fn bad_files_name_the_element() {
        let good = include_str!("../../../../tests/fixtures/gmcr/dilemma.gmcr");
        let cases = [
            (good.replace(r#""options": [1]"#, r#""options": [0]"#), "option `Row defects` is owned by two decision makers"),
            (good.replace(r#"[[1, "N"]]"#, r#"[[7, "N"]]"#), "decision maker `Row`, preference statement 1: statement `[(7, \"N\")]` names the unknown option `index 7`"),
            (good.replace(r#""fwd""#, r#""sideways""#), "permittedDirection `sideways`"),
            (good.replace("false", "true"), "manual preference vectors are not read"),
            (good.replace(r#""infeasibles": []"#, r#""infeasibles": [[]]"#), "model.gmcr: infeasibility rules: no state is feasible"),
            ("{".to_string(), "model.gmcr: line 1, column 1"),
        ];
        for (text, want) in cases {
            let err = read(&text).unwrap_err();
            assert!(err.contains(want), "{err}\n does not contain\n{want}");
        }
    }
}
