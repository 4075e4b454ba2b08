//! detente's TOML conflict model (documented with examples in `docs/stability.md`):
//!
//! ```toml
//! name = "Prisoner's Dilemma"
//! source = "Rapoport & Chammah 1965"     # optional: where the model comes from
//! illustrative = false                    # optional: true for models not from a publication
//! infeasible = ["delay and accept"]       # optional: statements no state may satisfy
//! exclusive = [["delay", "accept"]]       # optional: at most one option of each group
//! only_if = [{ option = "x", requires = "y or z" }]   # optional: X only if the statement holds
//! collapse = [{ when = "abandon", ignore = ["modify"] }]  # optional: options that stop mattering
//! status_quo = ["delay"]                  # optional: the options taken in the status quo
//!
//! [[decision_maker]]
//! name = "Row"
//! options = [{ id = "defect_r", name = "Defect", reversibility = "both" }]  # or "once-taken", "once-dropped"
//! preferences = ["not defect_c", "defect_r"]   # option prioritization, most important first
//! # or: ranking = [["NY"], ["NN", "YY"], ["YN"]]  # groups of patterns or statements, best first
//! ```
//!
//! A ranking entry written only with `Y`, `N` and `-`, one character per option in model order,
//! is a state pattern; anything else is a statement.

use std::path::Path;

use detente_core::gmcr::{
    Collapse, Condition, ConflictSpec, DecisionMakerSpec, GmcrError, OptionSpec, PreferenceSpec,
    Reversibility,
};
use serde::Deserialize;

use super::{build, ConflictLoadError, LoadedConflict};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileModel {
    name: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    illustrative: bool,
    decision_maker: Vec<FileDecisionMaker>,
    #[serde(default)]
    infeasible: Vec<String>,
    #[serde(default)]
    exclusive: Vec<Vec<String>>,
    #[serde(default)]
    only_if: Vec<FileOnlyIf>,
    #[serde(default)]
    collapse: Vec<FileCollapse>,
    #[serde(default)]
    status_quo: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDecisionMaker {
    name: String,
    options: Vec<FileOption>,
    #[serde(default)]
    preferences: Option<Vec<String>>,
    #[serde(default)]
    ranking: Option<Vec<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOption {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    reversibility: FileReversibility,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FileReversibility {
    #[default]
    Both,
    OnceTaken,
    OnceDropped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOnlyIf {
    option: String,
    requires: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCollapse {
    when: String,
    ignore: Vec<String>,
}

/// Reads a TOML conflict model from `text`; `path` is only used in messages.
pub fn read_conflict_toml_str(
    path: &Path,
    text: &str,
) -> Result<LoadedConflict, ConflictLoadError> {
    let file: FileModel = ::toml::from_str(text).map_err(|e| ConflictLoadError::Syntax {
        path: path.to_owned(),
        message: match e.span() {
            Some(span) => format!(
                "line {}: {}",
                crate::text::line_of(text, span.start),
                e.message()
            ),
            None => e.message().to_string(),
        },
    })?;
    let reader = Reader {
        path,
        file: &file,
        spec: skeleton(&file),
    };
    let spec = reader.complete()?;
    build(path, spec, file.source.clone(), file.illustrative)
}

/// Decision makers and options only: enough to resolve option identifiers.
fn skeleton(file: &FileModel) -> ConflictSpec {
    ConflictSpec {
        name: file.name.clone(),
        decision_makers: file
            .decision_maker
            .iter()
            .map(|dm| DecisionMakerSpec {
                name: dm.name.clone(),
                options: dm.options.iter().map(option).collect(),
            })
            .collect(),
        infeasible: vec![],
        collapse: vec![],
        preferences: vec![],
        status_quo: None,
    }
}

fn option(o: &FileOption) -> OptionSpec {
    OptionSpec {
        id: o.id.clone(),
        name: o.name.clone().unwrap_or_else(|| o.id.clone()),
        reversibility: match o.reversibility {
            FileReversibility::Both => Reversibility::Reversible,
            FileReversibility::OnceTaken => Reversibility::OnceTaken,
            FileReversibility::OnceDropped => Reversibility::OnceDropped,
        },
    }
}

struct Reader<'a> {
    path: &'a Path,
    file: &'a FileModel,
    spec: ConflictSpec,
}

impl Reader<'_> {
    fn error(&self, element: String, source: GmcrError) -> ConflictLoadError {
        ConflictLoadError::Model {
            path: self.path.to_owned(),
            element,
            source,
        }
    }

    fn options(&self) -> usize {
        self.spec
            .decision_makers
            .iter()
            .map(|d| d.options.len())
            .sum()
    }

    fn statement(
        &self,
        text: &str,
        element: impl Fn() -> String,
    ) -> Result<Condition, ConflictLoadError> {
        Condition::parse(text, &|id| self.spec.option_index(id))
            .map_err(|e| self.error(element(), e))
    }

    fn option_index(
        &self,
        id: &str,
        element: impl Fn() -> String,
    ) -> Result<usize, ConflictLoadError> {
        self.spec.option_index(id).ok_or_else(|| {
            self.error(
                element(),
                GmcrError::UnknownOption {
                    text: id.to_string(),
                    option: id.to_string(),
                },
            )
        })
    }

    fn complete(mut self) -> Result<ConflictSpec, ConflictLoadError> {
        if let Err(e) = self.spec.check_decision_makers() {
            return Err(self.error(super::element_of(&e), e));
        }
        self.check_identifiers()?;
        self.spec.infeasible = self.infeasibility()?;
        self.spec.collapse = self.collapse()?;
        self.spec.preferences = self.preferences()?;
        self.spec.status_quo = self.status_quo()?;
        Ok(self.spec)
    }

    /// Option ids are what statements name, so each must read as one identifier.
    fn check_identifiers(&self) -> Result<(), ConflictLoadError> {
        for dm in &self.spec.decision_makers {
            for option in &dm.options {
                let only_id_chars = !option.id.is_empty()
                    && option
                        .id
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
                let keyword = ["not", "and", "or", "if", "then", "implies", "iff"]
                    .contains(&option.id.to_ascii_lowercase().as_str());
                if !only_id_chars || keyword {
                    return Err(ConflictLoadError::Syntax {
                        path: self.path.to_owned(),
                        message: format!(
                            "decision maker `{}`, option `{}`: an option id is letters, digits, `_` and `.`, and not a word of the statement language (hint: use `name` for the readable text)",
                            dm.name, option.id
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    fn infeasibility(&self) -> Result<Vec<Condition>, ConflictLoadError> {
        let mut rules = Vec::new();
        for (i, text) in self.file.infeasible.iter().enumerate() {
            rules.push(self.statement(text, || format!("infeasible[{}]", i + 1))?);
        }
        for (i, group) in self.file.exclusive.iter().enumerate() {
            let element = || format!("exclusive[{}]", i + 1);
            let indices: Vec<usize> = group
                .iter()
                .map(|id| self.option_index(id, element))
                .collect::<Result<_, _>>()?;
            for (a, &x) in indices.iter().enumerate() {
                for &y in &indices[a + 1..] {
                    rules.push(Condition::And(vec![
                        Condition::Option(x),
                        Condition::Option(y),
                    ]));
                }
            }
        }
        for (i, rule) in self.file.only_if.iter().enumerate() {
            let element = || format!("only_if[{}]", i + 1);
            let x = self.option_index(&rule.option, element)?;
            let requires = self.statement(&rule.requires, element)?;
            rules.push(Condition::And(vec![
                Condition::Option(x),
                Condition::Not(Box::new(requires)),
            ]));
        }
        Ok(rules)
    }

    fn collapse(&self) -> Result<Vec<Collapse>, ConflictLoadError> {
        let mut rules = Vec::new();
        for (i, rule) in self.file.collapse.iter().enumerate() {
            let element = || format!("collapse[{}]", i + 1);
            rules.push(Collapse {
                when: self.statement(&rule.when, element)?,
                ignore: rule
                    .ignore
                    .iter()
                    .map(|id| self.option_index(id, element))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(rules)
    }

    fn preferences(&self) -> Result<Vec<PreferenceSpec>, ConflictLoadError> {
        self.file
            .decision_maker
            .iter()
            .map(|dm| self.preference(dm))
            .collect()
    }

    fn preference(&self, dm: &FileDecisionMaker) -> Result<PreferenceSpec, ConflictLoadError> {
        let name = &dm.name;
        match (&dm.preferences, &dm.ranking) {
            (Some(statements), None) => {
                let parsed = statements
                    .iter()
                    .enumerate()
                    .map(|(t, text)| {
                        self.statement(text, || format!("decision maker `{name}`, preference statement {}", t + 1))
                    })
                    .collect::<Result<_, _>>()?;
                Ok(PreferenceSpec::Prioritization(parsed))
            }
            (None, Some(groups)) => self.ranking(name, groups),
            _ => Err(ConflictLoadError::Syntax {
                path: self.path.to_owned(),
                message: format!(
                    "decision maker `{name}`: give exactly one of `preferences` (statements) and `ranking` (groups of states)"
                ),
            }),
        }
    }

    fn ranking(
        &self,
        name: &str,
        groups: &[Vec<String>],
    ) -> Result<PreferenceSpec, ConflictLoadError> {
        let options = self.options();
        let mut parsed = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let element = || format!("decision maker `{name}`, ranking group {}", g + 1);
            let mut conditions = Vec::new();
            for entry in group {
                let is_pattern = entry.chars().count() == options
                    && entry.chars().all(|c| matches!(c, 'Y' | 'N' | '-'));
                conditions.push(if is_pattern {
                    Condition::pattern(entry, options).map_err(|e| self.error(element(), e))?
                } else {
                    self.statement(entry, element)?
                });
            }
            parsed.push(conditions);
        }
        Ok(PreferenceSpec::Ranking(parsed))
    }

    fn status_quo(&self) -> Result<Option<u64>, ConflictLoadError> {
        let Some(taken) = &self.file.status_quo else {
            return Ok(None);
        };
        let mut mask = 0u64;
        for id in taken {
            let k = self.option_index(id, || "status_quo".into())?;
            mask |= 1 << k;
        }
        Ok(Some(mask))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "t"
status_quo = []
[[decision_maker]]
name = "A"
options = [{ id = "a" }]
preferences = ["a"]
[[decision_maker]]
name = "B"
options = [{ id = "b", reversibility = "once-taken" }]
ranking = [["NY", "YY"], ["-N"]]
"#;

    fn read(text: &str) -> Result<LoadedConflict, String> {
        read_conflict_toml_str(Path::new("model.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_good_model_reads() {
        let loaded = read(GOOD).unwrap();
        assert_eq!(loaded.conflict.state_count(), 4);
        assert_eq!(loaded.conflict.status_quo(), Some(0));
        assert_eq!(loaded.conflict.payoff(1, 2), 2);
    }

    #[test]
    fn bad_models_name_the_file_and_the_element() {
        let cases = [
            (
                GOOD.replace(r#"id = "b""#, r#"id = "a""#),
                "model.toml: decision maker `B`, option `a`: option `a` is owned by both `A` and `B`",
            ),
            (
                GOOD.replace(r#"preferences = ["a"]"#, r#"preferences = ["a", "not c"]"#),
                "model.toml: decision maker `A`, preference statement 2: statement `not c` names the unknown option `c`",
            ),
            (
                GOOD.replace("status_quo = []", "status_quo = []\ninfeasible = [\"a or not a\"]"),
                "model.toml: infeasibility rules: no state is feasible",
            ),
            (
                GOOD.replace(r#"["NY", "YY"], "#, ""),
                "model.toml: decision maker `B`, ranking: the ranking of `B` omits the feasible states 3 (NY), 4 (YY)",
            ),
            (
                GOOD.replace("status_quo = []", "status_quo = [\"z\"]"),
                "model.toml: status_quo: statement `z` names the unknown option `z`",
            ),
            (
                GOOD.replace("ranking = [[\"NY\", \"YY\"], [\"-N\"]]", ""),
                "model.toml: decision maker `B`: give exactly one of `preferences`",
            ),
            (
                GOOD.replace(r#"id = "a""#, r#"id = "a b""#),
                "model.toml: decision maker `A`, option `a b`: an option id is letters",
            ),
            (
                GOOD.replace(r#"id = "a""#, r#"id = "not""#),
                "option `not`: an option id",
            ),
            (
                GOOD.replace("once-taken", "sometimes"),
                "model.toml: line 10: unknown variant `sometimes`",
            ),
        ];
        for (text, want) in cases {
            let err = read(&text).unwrap_err();
            assert!(err.contains(want), "{err}\n does not contain\n{want}");
        }
    }
}
