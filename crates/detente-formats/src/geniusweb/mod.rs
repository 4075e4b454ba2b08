//! GeniusWeb JSON scenarios: a domain file (`{"name", "issuesValues"}`) and one
//! `LinearAdditiveUtilitySpace` profile per party.
//!
//! Rules (formats.md §4): issue order is the key order of `issuesValues`; value utilities are used
//! as written in both evaluation modes (GeniusWeb does not normalise); both spellings of the
//! per-issue tag (`discreteutils`, `DiscreteValueSetUtilities`) are accepted; utility is
//! `Σ wᵢ·uᵢ` with no cap; the reservation is the utility of `reservationBid.issuevalues` (no bid:
//! 0); there is no discount (1). The domain embedded in every profile must match the domain file
//! (same issues, same values, in any order) — otherwise the profile belongs to another domain.
//! A single profile file can be loaded on its own: its embedded domain is then the domain.
//! Numeric value sets (`low`/`high`) do not occur in the shared files and are refused clearly.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use detente_core::{
    Evaluator, Issue, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Party, Profile, Scenario,
    UtilityFunction, Value,
};
use serde_json::{Map, Value as Json};

use crate::text::parse_number;
use crate::{LoadError, Loaded, SourceFormat, Warning};

const PROFILE_TAG: &str = "LinearAdditiveUtilitySpace";
const DISCRETE_TAGS: [&str; 2] = ["discreteutils", "DiscreteValueSetUtilities"];

/// Parses JSON text, reporting the line and column of a syntax error.
pub(crate) fn parse_json(path: &Path, text: &str) -> Result<Json, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

enum Role<'a> {
    Domain(&'a Map<String, Json>),
    Profile(&'a Map<String, Json>),
    Other,
}

fn role(json: &Json) -> Role<'_> {
    let Some(obj) = json.as_object() else {
        return Role::Other;
    };
    if obj.contains_key("issuesValues") {
        return Role::Domain(obj);
    }
    if obj.len() == 1 {
        if let Some((k, v)) = obj.iter().next() {
            if k.ends_with("UtilitySpace") || k.ends_with("Profile") {
                if let Some(inner) = v.as_object() {
                    return Role::Profile(inner);
                }
            }
        }
    }
    Role::Other
}

fn tag_of(json: &Json) -> &str {
    json.as_object()
        .and_then(|o| o.keys().next())
        .map(String::as_str)
        .unwrap_or("")
}

/// Reads a GeniusWeb folder; `None` if no JSON file is a domain.
pub(crate) fn load_folder(
    folder: &Path,
    name: &str,
    files: Vec<(PathBuf, Json)>,
    mut warnings: Vec<Warning>,
) -> Result<Option<Loaded>, LoadError> {
    let mut domains = Vec::new();
    let mut profiles = Vec::new();
    for (path, json) in &files {
        match role(json) {
            Role::Domain(obj) => domains.push((path, obj)),
            Role::Profile(_) => profiles.push((path, json)),
            Role::Other => warnings.push(Warning {
                file: path.clone(),
                message: "JSON file is neither a GeniusWeb domain nor a profile; ignored".into(),
            }),
        }
    }
    if domains.is_empty() {
        return Ok(None);
    }
    if domains.len() > 1 {
        return Err(LoadError::SeveralDomains {
            path: folder.to_owned(),
            files: crate::discover::names(domains.iter().map(|(p, _)| *p)),
        });
    }
    if profiles.is_empty() {
        return Err(LoadError::NoProfiles {
            path: folder.to_owned(),
        });
    }
    let (dpath, dobj) = domains[0];
    let space = read_domain(dpath, dobj, "", &mut warnings)?;
    let mut parties = Vec::new();
    for (path, json) in profiles {
        let party = crate::discover::stem(path);
        let profile = read_profile(path, json, &space, Some(dpath), &party, &mut warnings)?;
        parties.push(Party {
            name: party,
            description: None,
            profile,
        });
    }
    let scenario = Scenario::new(name, space, parties).map_err(|e| LoadError::model(dpath, e))?;
    Ok(Some(Loaded {
        scenario,
        warnings,
        format: SourceFormat::GeniusWeb,
    }))
}

/// Reads one GeniusWeb profile file on its own: its embedded domain is the domain.
pub(crate) fn load_single_file(path: &Path, text: &str) -> Result<Loaded, LoadError> {
    let json = parse_json(path, text)?;
    let mut warnings = Vec::new();
    match role(&json) {
        Role::Profile(inner) => {
            let dobj = inner.get("domain").and_then(Json::as_object).ok_or_else(|| {
                LoadError::invalid(
                    path,
                    format!("{}.domain", tag_of(&json)),
                    "a profile loaded on its own needs its embedded \"domain\" object",
                )
            })?;
            let space = read_domain(path, dobj, &format!("{}.domain.", tag_of(&json)), &mut warnings)?;
            let party = crate::discover::stem(path);
            let profile = read_profile(path, &json, &space, None, &party, &mut warnings)?;
            let name = dobj
                .get("name")
                .and_then(Json::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| party.clone());
            let scenario = Scenario::new(
                name,
                space,
                vec![Party {
                    name: party,
                    description: None,
                    profile,
                }],
            )
            .map_err(|e| LoadError::model(path, e))?;
            Ok(Loaded {
                scenario,
                warnings,
                format: SourceFormat::GeniusWeb,
            })
        }
        Role::Domain(_) => Err(LoadError::Unsupported {
            path: path.to_owned(),
            problem: "this is a GeniusWeb domain without profiles (hint: pass the folder holding the domain and its profile files)".into(),
        }),
        Role::Other => Err(LoadError::Unsupported {
            path: path.to_owned(),
            problem: "not a GeniusWeb profile (expected {\"LinearAdditiveUtilitySpace\": {…}}) or domain".into(),
        }),
    }
}

fn read_domain(
    path: &Path,
    obj: &Map<String, Json>,
    prefix: &str,
    warnings: &mut Vec<Warning>,
) -> Result<OutcomeSpace, LoadError> {
    let issues_values = obj
        .get("issuesValues")
        .and_then(Json::as_object)
        .ok_or_else(|| {
            LoadError::invalid(
                path,
                format!("{prefix}issuesValues"),
                "expected an object mapping issue names to {\"values\": [...]}",
            )
        })?;
    let mut issues = Vec::with_capacity(issues_values.len());
    for (name, spec) in issues_values {
        let at = format!("{prefix}issuesValues.{name}");
        let values = spec.get("values").and_then(Json::as_array).ok_or_else(|| {
            let numeric = spec.get("low").is_some() || spec.get("range").is_some();
            LoadError::invalid(
                path,
                &at,
                if numeric {
                    "numeric value sets are not supported (hint: list the values as {\"values\": [\"1\", \"2\"]})"
                } else {
                    "expected {\"values\": [ ... ]}"
                },
            )
        })?;
        let mut names: Vec<String> = Vec::with_capacity(values.len());
        let mut seen = HashSet::new();
        for v in values {
            let v = v.as_str().ok_or_else(|| {
                LoadError::invalid(path, &at, format!("value {v} is not a string"))
            })?;
            if seen.insert(v) {
                names.push(v.to_owned());
            } else {
                warnings.push(Warning {
                    file: path.to_owned(),
                    message: format!("{at}: value `{v}` listed twice; counted once"),
                });
            }
        }
        issues.push(
            Issue::discrete(name.clone(), names)
                .map_err(|e| LoadError::invalid(path, &at, e.to_string()))?,
        );
    }
    OutcomeSpace::new(issues).map_err(|e| LoadError::model(path, e))
}

fn read_profile(
    path: &Path,
    json: &Json,
    space: &OutcomeSpace,
    domain_file: Option<&Path>,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Profile, LoadError> {
    let tag = tag_of(json);
    if tag != PROFILE_TAG {
        return Err(LoadError::invalid(
            path,
            tag,
            format!("profile type `{tag}` is not supported (only {PROFILE_TAG})"),
        ));
    }
    let inner = json[tag]
        .as_object()
        .ok_or_else(|| LoadError::invalid(path, tag, "expected an object"))?;
    let get_obj = |key: &str| {
        inner.get(key).and_then(Json::as_object).ok_or_else(|| {
            LoadError::invalid(path, format!("{tag}.{key}"), "missing or not an object")
        })
    };
    if let (Some(dpath), Some(embedded)) =
        (domain_file, inner.get("domain").and_then(Json::as_object))
    {
        let mut ignored = Vec::new();
        let embedded_space = read_domain(path, embedded, &format!("{tag}.domain."), &mut ignored)?;
        if let Some(problem) = compare_spaces(space, &embedded_space) {
            return Err(LoadError::invalid(
                path,
                format!("{tag}.domain"),
                format!(
                    "the embedded domain differs from {}: {problem}; is this profile for another domain?",
                    dpath.display()
                ),
            ));
        }
    }
    let utilities = get_obj("issueUtilities")?;
    let weights = get_obj("issueWeights")?;
    for key in utilities.keys().chain(weights.keys()) {
        if space.issue_index(key).is_none() {
            return Err(LoadError::invalid(
                path,
                format!("{tag}: issue `{key}`"),
                "names an issue the domain does not have; is this profile for another domain?",
            ));
        }
    }
    let mut issues = Vec::with_capacity(space.issues().len());
    for issue in space.issues() {
        let iname = issue.name();
        let at = format!("{tag}.issueWeights.{iname}");
        let weight = weights
            .get(iname)
            .ok_or_else(|| LoadError::invalid(path, &at, "missing weight for this issue"))?;
        let weight = number(path, &at, weight)?;
        if weight < 0.0 {
            return Err(LoadError::invalid(
                path,
                &at,
                format!("negative weight {weight}"),
            ));
        }
        let at = format!("{tag}.issueUtilities.{iname}");
        let per_issue = utilities
            .get(iname)
            .and_then(Json::as_object)
            .ok_or_else(|| LoadError::invalid(path, &at, "missing utilities for this issue"))?;
        let (kind, body) = per_issue.iter().next().ok_or_else(|| {
            LoadError::invalid(
                path,
                &at,
                "empty object (expected {\"discreteutils\": {...}})",
            )
        })?;
        if !DISCRETE_TAGS.contains(&kind.as_str()) {
            return Err(LoadError::invalid(
                path,
                format!("{at}.{kind}"),
                "unsupported utility kind (hint: discreteutils or DiscreteValueSetUtilities)",
            ));
        }
        let at = format!("{at}.{kind}.valueUtilities");
        let table = body
            .get("valueUtilities")
            .and_then(Json::as_object)
            .ok_or_else(|| LoadError::invalid(path, &at, "missing or not an object"))?;
        let mut scores: HashMap<&str, f64> = HashMap::new();
        for (value, u) in table {
            if issue.parse_value(value).is_none() {
                return Err(LoadError::invalid(
                    path,
                    format!("{at}.{value}"),
                    format!("`{value}` is not a value of issue `{iname}`"),
                ));
            }
            let u = number(path, &format!("{at}.{value}"), u)?;
            scores.insert(value, u);
        }
        let detente_core::IssueDomain::Discrete(values) = issue.domain() else {
            unreachable!("GeniusWeb issues are discrete");
        };
        let unlisted: Vec<&String> = values
            .iter()
            .filter(|v| !scores.contains_key(v.as_str()))
            .collect();
        if !unlisted.is_empty() {
            warnings.push(Warning {
                file: path.to_owned(),
                message: format!(
                    "{at}: {} value(s) without a utility; scored 0",
                    unlisted.len()
                ),
            });
        }
        issues.push(IssueUtility {
            weight,
            evaluator: Evaluator::Table(
                values
                    .iter()
                    .map(|v| scores.get(v.as_str()).copied().unwrap_or(0.0))
                    .collect(),
            ),
        });
    }
    let total: f64 = issues.iter().map(|i| i.weight).sum();
    if (total - 1.0).abs() > 1e-6 {
        warnings.push(Warning {
            file: path.to_owned(),
            message: format!("issue weights sum to {total:.6}, not 1; used as written"),
        });
    }
    let utility = LinearAdditiveUtility::new(name, space, 0.0, issues, None)
        .map_err(|e| LoadError::model(path, e))?;
    let profile = Profile::new(name, UtilityFunction::LinearAdditive(utility), 0.0, 1.0)
        .map_err(|e| LoadError::model(path, e))?;
    match inner.get("reservationBid") {
        None | Some(Json::Null) => Ok(profile),
        Some(bid) => {
            let at = format!("{tag}.reservationBid.issuevalues");
            let values = bid
                .get("issuevalues")
                .and_then(Json::as_object)
                .ok_or_else(|| LoadError::invalid(path, &at, "missing or not an object"))?;
            let mut outcome: Vec<Value> = Vec::with_capacity(space.issues().len());
            for issue in space.issues() {
                let text = values
                    .get(issue.name())
                    .and_then(Json::as_str)
                    .ok_or_else(|| {
                        LoadError::invalid(
                            path,
                            &at,
                            format!("no value for issue `{}`", issue.name()),
                        )
                    })?;
                outcome.push(issue.parse_value(text).ok_or_else(|| {
                    LoadError::invalid(
                        path,
                        format!("{at}.{}", issue.name()),
                        format!("`{text}` is not a value of issue `{}`", issue.name()),
                    )
                })?);
            }
            profile
                .with_reservation_outcome(space, outcome)
                .map_err(|e| LoadError::model(path, e))
        }
    }
}

fn number(path: &Path, at: &str, json: &Json) -> Result<f64, LoadError> {
    match json {
        Json::Number(n) => {
            parse_number(&n.to_string()).map_err(|p| LoadError::invalid(path, at, p))
        }
        other => Err(LoadError::invalid(
            path,
            at,
            format!("{other} is not a number"),
        )),
    }
}

/// Why two spaces differ, if they do (issue order and value order do not matter).
fn compare_spaces(a: &OutcomeSpace, b: &OutcomeSpace) -> Option<String> {
    if a.issues().len() != b.issues().len() {
        return Some(format!(
            "{} issues instead of {}",
            b.issues().len(),
            a.issues().len()
        ));
    }
    for issue in a.issues() {
        let Some(k) = b.issue_index(issue.name()) else {
            return Some(format!("issue `{}` is missing", issue.name()));
        };
        let (detente_core::IssueDomain::Discrete(x), detente_core::IssueDomain::Discrete(y)) =
            (issue.domain(), b.issues()[k].domain())
        else {
            return Some(format!("issue `{}` has another kind", issue.name()));
        };
        let (x, y): (HashSet<&String>, HashSet<&String>) = (x.iter().collect(), y.iter().collect());
        if x != y {
            return Some(format!("issue `{}` has other values", issue.name()));
        }
    }
    None
}
