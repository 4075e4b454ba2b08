//! detente's own scenario format: one human-writable TOML file per scenario.
//!
//! ```toml
//! name = "Holiday"
//! description = "Two friends plan a trip"      # optional
//!
//! [[issues]]
//! name = "destination"
//! values = ["beach", "mountains", "city"]       # discrete
//!
//! [[issues]]
//! name = "nights"
//! integer = { min = 2, max = 14 }               # every integer in min..=max
//!
//! [[issues]]
//! name = "budget"
//! real = { min = 500.0, max = 3000.0 }          # an interval
//!
//! [[parties]]
//! name = "ana"
//! reservation = 0.3                             # default 0
//! discount = 1.0                                # default 1 (no discounting), must be in (0, 1]
//! cap = 1.0                                     # optional: utilities above it are cut
//! bias = 0.0                                    # optional constant term
//! issues.destination = { weight = 0.5, values = { beach = 1.0, mountains = 0.4, city = 0.0 } }
//! issues.nights = { weight = 0.3, linear = { offset = 0.0, slope = 0.1, origin = 2, clamp = true } }
//! issues.budget = { weight = 0.2, linear = { offset = 1.0, slope = -0.0004 } }
//! ```
//!
//! A party's utility is `min(cap, bias + Σ weight·score)`. Scores: `values` (a table per discrete
//! value; unlisted values score 0), `table` (one score per integer from `min`), `linear`
//! (`offset + slope·(x − origin)`, clamped to [0, 1] when `clamp`), `triangular`
//! (`{lower, top, upper}`) or `constant`. Instead of `issues`, a party may have hyper-rectangle
//! preferences: `rectangles = { scale = 0.01, list = [{ utility = 5, includes = [{ issue = "nights",
//! min = 3, max = 7 }], excludes = [] }] }`. `reservation_outcome = { destination = "city", … }`
//! makes the reservation value the utility of that outcome.
//!
//! An optional `[talks]` table holds settings for `detente talks` (who mediates, how each party
//! behaves); this reader ignores it, and [`talks`] reads it into a typed setup.
//!
//! Evaluations are stored *after* any reading mode was applied, so a file written from a GENIUS
//! scenario read in GENIUS mode holds the normalised scores and `cap = 1.0`. Numbers are written
//! in Rust's shortest round-trip form, so write → read gives bit-identical utilities.

use std::path::Path;

use detente_core::{
    Agenda, Delegation, Evaluator, HyperRectangleUtility, Issue, IssueDomain, IssueUtility,
    LinearAdditiveUtility, OutcomeSpace, Party, Profile, Rectangle, RectangleBound, Scenario,
    UtilityFunction, Value,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::{LoadError, Loaded, SourceFormat, Warning};

mod talks;

pub use talks::{read_talks_setup, talks_setup, TalksSetupError};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    issues: Vec<IssueDoc>,
    parties: Vec<PartyDoc>,
    /// Settings for `detente talks` (mediator, party agents). Not part of the scenario model: the
    /// reader accepts and ignores it, so one file can carry a scenario and its talks setup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    talks: Option<toml::Table>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    integer: Option<IntegerRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    real: Option<RealRange>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntegerRange {
    min: i64,
    max: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RealRange {
    min: f64,
    max: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartyDoc {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default)]
    reservation: f64,
    #[serde(default = "one")]
    discount: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bias: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cap: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reservation_outcome: Option<IndexMap<String, toml::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issues: Option<IndexMap<String, IssueUtilityDoc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rectangles: Option<RectanglesDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueUtilityDoc {
    weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<IndexMap<String, f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    table: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    linear: Option<LinearDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    triangular: Option<TriangularDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    constant: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinearDoc {
    #[serde(default)]
    offset: f64,
    slope: f64,
    #[serde(default)]
    origin: f64,
    #[serde(default)]
    clamp: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriangularDoc {
    lower: f64,
    top: f64,
    upper: f64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RectanglesDoc {
    #[serde(default = "one")]
    scale: f64,
    #[serde(default)]
    list: Vec<RectangleDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RectangleDoc {
    utility: f64,
    #[serde(default)]
    includes: Vec<BoundDoc>,
    #[serde(default)]
    excludes: Vec<BoundDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundDoc {
    issue: String,
    min: f64,
    max: f64,
}

/// Writes `scenario` as detente TOML.
pub fn write_toml(scenario: &Scenario) -> String {
    let space = scenario.space();
    let issues = space
        .issues()
        .iter()
        .map(|issue| {
            let mut doc = IssueDoc {
                name: issue.name().to_owned(),
                values: None,
                integer: None,
                real: None,
            };
            match issue.domain() {
                IssueDomain::Discrete(v) => doc.values = Some(v.clone()),
                IssueDomain::Integer { min, max } => {
                    doc.integer = Some(IntegerRange {
                        min: *min,
                        max: *max,
                    })
                }
                IssueDomain::Real { min, max } => {
                    doc.real = Some(RealRange {
                        min: *min,
                        max: *max,
                    })
                }
            }
            doc
        })
        .collect();
    let parties = scenario
        .parties()
        .iter()
        .map(|party| party_doc(space, party))
        .collect();
    let doc = ScenarioDoc {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        issues,
        parties,
        talks: None,
    };
    render(&doc)
}

/// Lays the document out the way people write it: one `[[issues]]`/`[[parties]]` block each, one
/// line per issue scoring (an inline table), rectangles as `[[parties.rectangles.list]]` blocks.
fn render(doc: &ScenarioDoc) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "name = {}", inline(&doc.name));
    if let Some(d) = &doc.description {
        let _ = writeln!(out, "description = {}", inline(d));
    }
    for issue in &doc.issues {
        let _ = writeln!(out, "\n[[issues]]\nname = {}", inline(&issue.name));
        if let Some(v) = &issue.values {
            let _ = writeln!(out, "values = {}", inline(v));
        }
        if let Some(r) = &issue.integer {
            let _ = writeln!(out, "integer = {}", inline(r));
        }
        if let Some(r) = &issue.real {
            let _ = writeln!(out, "real = {}", inline(r));
        }
    }
    for party in &doc.parties {
        let _ = writeln!(out, "\n[[parties]]\nname = {}", inline(&party.name));
        if let Some(d) = &party.description {
            let _ = writeln!(out, "description = {}", inline(d));
        }
        let _ = writeln!(out, "reservation = {}", inline(&party.reservation));
        let _ = writeln!(out, "discount = {}", inline(&party.discount));
        if let Some(b) = party.bias {
            let _ = writeln!(out, "bias = {}", inline(&b));
        }
        if let Some(c) = party.cap {
            let _ = writeln!(out, "cap = {}", inline(&c));
        }
        if let Some(o) = &party.reservation_outcome {
            let _ = writeln!(out, "reservation_outcome = {}", inline(o));
        }
        for (name, scoring) in party.issues.iter().flatten() {
            let _ = writeln!(out, "issues.{} = {}", key(name), inline(scoring));
        }
        if let Some(r) = &party.rectangles {
            let _ = writeln!(out, "\n[parties.rectangles]\nscale = {}", inline(&r.scale));
            for rect in &r.list {
                let _ = writeln!(
                    out,
                    "\n[[parties.rectangles.list]]\nutility = {}\nincludes = {}",
                    inline(&rect.utility),
                    inline(&rect.includes)
                );
                if !rect.excludes.is_empty() {
                    let _ = writeln!(out, "excludes = {}", inline(&rect.excludes));
                }
            }
        }
    }
    out
}

/// One TOML value on one line (strings quoted and escaped, tables inline).
fn inline<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s = String::new();
    match value.serialize(toml::ser::ValueSerializer::new(&mut s)) {
        Ok(()) => s,
        // Only reachable for values TOML cannot hold (none of the document's types).
        Err(e) => format!("\"<cannot write: {e}>\""),
    }
}

/// A key, bare when TOML allows it, else quoted.
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_owned()
    } else {
        inline(name)
    }
}

fn party_doc(space: &OutcomeSpace, party: &Party) -> PartyDoc {
    let profile = &party.profile;
    let mut doc = PartyDoc {
        name: party.name.clone(),
        description: party.description.clone(),
        reservation: profile.reservation,
        discount: profile.discount,
        bias: None,
        cap: None,
        reservation_outcome: profile.reservation_outcome.as_ref().map(|o| {
            space
                .issues()
                .iter()
                .zip(o)
                .map(|(issue, v)| {
                    let value = match v {
                        Value::Discrete(_) => toml::Value::String(issue.format_value(v)),
                        Value::Integer(x) => toml::Value::Integer(*x),
                        Value::Real(x) => toml::Value::Float(*x),
                    };
                    (issue.name().to_owned(), value)
                })
                .collect()
        }),
        issues: None,
        rectangles: None,
    };
    match &profile.utility {
        UtilityFunction::LinearAdditive(u) => {
            doc.bias = (u.bias() != 0.0).then_some(u.bias());
            doc.cap = u.cap();
            doc.issues = Some(
                space
                    .issues()
                    .iter()
                    .zip(u.issues())
                    .map(|(issue, iu)| (issue.name().to_owned(), issue_utility_doc(issue, iu)))
                    .collect(),
            );
        }
        UtilityFunction::HyperRectangle(u) => {
            let bounds = |list: &[RectangleBound]| {
                list.iter()
                    .map(|b| BoundDoc {
                        issue: space.issues()[b.issue].name().to_owned(),
                        min: b.min,
                        max: b.max,
                    })
                    .collect()
            };
            doc.rectangles = Some(RectanglesDoc {
                scale: u.scale(),
                list: u
                    .rectangles()
                    .iter()
                    .map(|r| RectangleDoc {
                        utility: r.utility,
                        includes: bounds(&r.includes),
                        excludes: bounds(&r.excludes),
                    })
                    .collect(),
            });
        }
    }
    doc
}

fn issue_utility_doc(issue: &Issue, iu: &IssueUtility) -> IssueUtilityDoc {
    let mut doc = IssueUtilityDoc {
        weight: iu.weight,
        values: None,
        table: None,
        linear: None,
        triangular: None,
        constant: None,
    };
    match (&iu.evaluator, issue.domain()) {
        (Evaluator::Table(t), IssueDomain::Discrete(values)) => {
            doc.values = Some(values.iter().cloned().zip(t.iter().copied()).collect());
        }
        (Evaluator::Table(t), _) => doc.table = Some(t.clone()),
        (
            Evaluator::Linear {
                offset,
                slope,
                origin,
                clamp,
            },
            _,
        ) => {
            doc.linear = Some(LinearDoc {
                offset: *offset,
                slope: *slope,
                origin: *origin,
                clamp: *clamp,
            })
        }
        (Evaluator::Triangular { lower, top, upper }, _) => {
            doc.triangular = Some(TriangularDoc {
                lower: *lower,
                top: *top,
                upper: *upper,
            })
        }
        (Evaluator::Constant(c), _) => doc.constant = Some(*c),
    }
    doc
}

/// Reads detente TOML text; `path` names the origin in messages. Every party needs a profile.
pub(crate) fn read_toml(path: &Path, text: &str) -> Result<Loaded, LoadError> {
    let (agenda, warnings) = read_agenda(path, text)?;
    if let Some((k, d)) = agenda
        .delegations()
        .iter()
        .enumerate()
        .find(|(_, d)| d.profile.is_none())
    {
        return Err(LoadError::invalid(
            path,
            format!("parties[{k}] (`{}`)", d.name),
            "give exactly one of `issues` (linear-additive) or `rectangles` (hyper-rectangles); \
             an agenda without profiles is for `detente serve`, where each delegation states its own",
        ));
    }
    let scenario = agenda
        .scenario()
        .expect("every delegation has a profile, checked above");
    Ok(Loaded {
        scenario,
        warnings,
        format: SourceFormat::Toml,
    })
}

/// Reads detente TOML text as an agenda: a party with no preference fields at all (only `name`
/// and `description`) has no profile; any other party is read as [`read_toml`] reads it.
pub(crate) fn read_agenda(path: &Path, text: &str) -> Result<(Agenda, Vec<Warning>), LoadError> {
    let doc: ScenarioDoc = toml::from_str(text).map_err(|e| LoadError::Toml {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let mut warnings = Vec::new();
    let mut issues = Vec::with_capacity(doc.issues.len());
    for (k, idoc) in doc.issues.iter().enumerate() {
        let at = format!("issues[{k}] (`{}`)", idoc.name);
        let domain = match (&idoc.values, &idoc.integer, &idoc.real) {
            (Some(v), None, None) => IssueDomain::Discrete(v.clone()),
            (None, Some(r), None) => IssueDomain::Integer {
                min: r.min,
                max: r.max,
            },
            (None, None, Some(r)) => IssueDomain::Real {
                min: r.min,
                max: r.max,
            },
            _ => {
                return Err(LoadError::invalid(
                    path,
                    at,
                    "give exactly one of `values = [...]`, `integer = { min, max }`, `real = { min, max }`",
                ))
            }
        };
        if let Some(i) = issues.iter().position(|i: &Issue| i.name() == idoc.name) {
            return Err(LoadError::invalid(
                path,
                at,
                format!(
                    "issue name `{}` is used twice (also issues[{i}])",
                    idoc.name
                ),
            ));
        }
        issues.push(
            Issue::new(idoc.name.clone(), domain)
                .map_err(|e| LoadError::invalid(path, &at, e.to_string()))?,
        );
    }
    let space = OutcomeSpace::new(issues).map_err(|e| LoadError::model(path, e))?;
    crate::discover::check_table_budget(path, &space, doc.parties.len())?;
    let mut delegations = Vec::with_capacity(doc.parties.len());
    for (k, pdoc) in doc.parties.into_iter().enumerate() {
        let at = format!("parties[{k}] (`{}`)", pdoc.name);
        delegations.push(read_delegation(path, &at, &space, pdoc, &mut warnings)?);
    }
    let mut agenda =
        Agenda::new(doc.name, space, delegations).map_err(|e| LoadError::model(path, e))?;
    agenda.description = doc.description;
    Ok((agenda, warnings))
}

impl PartyDoc {
    /// Whether the party states nothing of its preferences (an agenda's delegation).
    fn states_no_preferences(&self) -> bool {
        self.issues.is_none()
            && self.rectangles.is_none()
            && self.reservation == 0.0
            && self.discount == 1.0
            && self.bias.is_none()
            && self.cap.is_none()
            && self.reservation_outcome.is_none()
    }
}

fn read_delegation(
    path: &Path,
    at: &str,
    space: &OutcomeSpace,
    doc: PartyDoc,
    warnings: &mut Vec<Warning>,
) -> Result<Delegation, LoadError> {
    if doc.states_no_preferences() {
        return Ok(Delegation {
            name: doc.name,
            description: doc.description,
            profile: None,
        });
    }
    let party = read_party(path, at, space, doc, warnings)?;
    Ok(Delegation {
        name: party.name,
        description: party.description,
        profile: Some(party.profile),
    })
}

fn finite(path: &Path, at: &str, what: &str, x: f64) -> Result<f64, LoadError> {
    if x.is_finite() && x.abs() <= 1e15 {
        Ok(x)
    } else {
        Err(LoadError::invalid(
            path,
            at,
            format!("{what} {x} must be a finite number of magnitude at most 1e15"),
        ))
    }
}

fn read_party(
    path: &Path,
    at: &str,
    space: &OutcomeSpace,
    doc: PartyDoc,
    warnings: &mut Vec<Warning>,
) -> Result<Party, LoadError> {
    let utility =
        match (doc.issues, doc.rectangles) {
            (Some(issue_docs), None) => {
                for name in issue_docs.keys() {
                    if space.issue_index(name).is_none() {
                        return Err(LoadError::invalid(
                            path,
                            format!("{at}.issues.{name}"),
                            "names no issue of the scenario",
                        ));
                    }
                }
                let mut utilities = Vec::with_capacity(space.issues().len());
                for issue in space.issues() {
                    let iat = format!("{at}.issues.{}", issue.name());
                    let d = issue_docs.get(issue.name()).ok_or_else(|| {
                        LoadError::invalid(
                            path,
                            &iat,
                            "missing: every issue needs a weight and a scoring",
                        )
                    })?;
                    utilities.push(read_issue_utility(path, &iat, issue, d)?);
                }
                let bias = finite(path, at, "bias", doc.bias.unwrap_or(0.0))?;
                if let Some(c) = doc.cap {
                    finite(path, at, "cap", c)?;
                }
                UtilityFunction::LinearAdditive(
                    LinearAdditiveUtility::new(&doc.name, space, bias, utilities, doc.cap)
                        .map_err(|e| LoadError::invalid(path, at, e.to_string()))?,
                )
            }
            (None, Some(r)) => {
                let scale = finite(path, at, "rectangles.scale", r.scale)?;
                let mut rectangles = Vec::with_capacity(r.list.len());
                for (k, rd) in r.list.into_iter().enumerate() {
                    let rat = format!("{at}.rectangles.list[{k}]");
                    let bounds = |list: Vec<BoundDoc>| -> Result<Vec<RectangleBound>, LoadError> {
                        list.into_iter()
                            .map(|b| {
                                let issue = space.issue_index(&b.issue).ok_or_else(|| {
                                    LoadError::invalid(
                                        path,
                                        &rat,
                                        format!("issue `{}` does not exist", b.issue),
                                    )
                                })?;
                                Ok(RectangleBound {
                                    issue,
                                    min: finite(path, &rat, "min", b.min)?,
                                    max: finite(path, &rat, "max", b.max)?,
                                })
                            })
                            .collect()
                    };
                    rectangles.push(Rectangle {
                        utility: finite(path, &rat, "utility", rd.utility)?,
                        includes: bounds(rd.includes)?,
                        excludes: bounds(rd.excludes)?,
                    });
                }
                UtilityFunction::HyperRectangle(
                    HyperRectangleUtility::new(&doc.name, space, rectangles, scale)
                        .map_err(|e| LoadError::invalid(path, at, e.to_string()))?,
                )
            }
            _ => return Err(LoadError::invalid(
                path,
                at,
                "give exactly one of `issues` (linear-additive) or `rectangles` (hyper-rectangles)",
            )),
        };
    let reservation = finite(path, at, "reservation", doc.reservation)?;
    if !(doc.discount > 0.0 && doc.discount <= 1.0) {
        return Err(LoadError::invalid(
            path,
            at,
            format!(
                "discount {} must lie in (0, 1] (1 = no discounting)",
                doc.discount
            ),
        ));
    }
    let mut profile = Profile::new(doc.name.clone(), utility, reservation, doc.discount)
        .map_err(|e| LoadError::invalid(path, at, e.to_string()))?;
    if let Some(outcome_doc) = doc.reservation_outcome {
        let oat = format!("{at}.reservation_outcome");
        let mut outcome = Vec::with_capacity(space.issues().len());
        for issue in space.issues() {
            let v = outcome_doc.get(issue.name()).ok_or_else(|| {
                LoadError::invalid(path, &oat, format!("no value for issue `{}`", issue.name()))
            })?;
            let text = match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(x) => x.to_string(),
                other => other.to_string(),
            };
            let value = issue.parse_value(&text).ok_or_else(|| {
                LoadError::invalid(
                    path,
                    format!("{oat}.{}", issue.name()),
                    format!("`{text}` is not a value of issue `{}`", issue.name()),
                )
            })?;
            outcome.push(value);
        }
        profile = profile
            .with_reservation_outcome(space, outcome)
            .map_err(|e| LoadError::invalid(path, &oat, e.to_string()))?;
        if doc.reservation != 0.0 && (profile.reservation - doc.reservation).abs() > 1e-12 {
            warnings.push(Warning {
                file: path.to_owned(),
                message: format!(
                    "{at}: reservation {} differs from the utility of reservation_outcome ({}); the outcome wins",
                    doc.reservation, profile.reservation
                ),
            });
        }
    }
    Ok(Party {
        name: doc.name,
        description: doc.description,
        profile,
    })
}

fn read_issue_utility(
    path: &Path,
    at: &str,
    issue: &Issue,
    d: &IssueUtilityDoc,
) -> Result<IssueUtility, LoadError> {
    let weight = finite(path, at, "weight", d.weight)?;
    let given = [
        d.values.is_some(),
        d.table.is_some(),
        d.linear.is_some(),
        d.triangular.is_some(),
        d.constant.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if given != 1 {
        return Err(LoadError::invalid(
            path,
            at,
            "give exactly one scoring: values, table, linear, triangular or constant",
        ));
    }
    let evaluator = if let Some(values) = &d.values {
        let IssueDomain::Discrete(names) = issue.domain() else {
            return Err(LoadError::invalid(
                path,
                at,
                "`values` scores need a discrete issue (use `linear` or `table`)",
            ));
        };
        for (name, x) in values {
            if !names.contains(name) {
                return Err(LoadError::invalid(
                    path,
                    format!("{at}.values"),
                    format!("`{name}` is not a value of issue `{}`", issue.name()),
                ));
            }
            finite(path, at, "score", *x)?;
        }
        Evaluator::Table(
            names
                .iter()
                .map(|n| values.get(n).copied().unwrap_or(0.0))
                .collect(),
        )
    } else if let Some(t) = &d.table {
        Evaluator::Table(t.clone())
    } else if let Some(l) = &d.linear {
        Evaluator::Linear {
            offset: finite(path, at, "offset", l.offset)?,
            slope: finite(path, at, "slope", l.slope)?,
            origin: finite(path, at, "origin", l.origin)?,
            clamp: l.clamp,
        }
    } else if let Some(t) = &d.triangular {
        Evaluator::Triangular {
            lower: finite(path, at, "lower", t.lower)?,
            top: finite(path, at, "top", t.top)?,
            upper: finite(path, at, "upper", t.upper)?,
        }
    } else {
        Evaluator::Constant(finite(path, at, "constant", d.constant.unwrap_or(0.0))?)
    };
    Ok(IssueUtility { weight, evaluator })
}
