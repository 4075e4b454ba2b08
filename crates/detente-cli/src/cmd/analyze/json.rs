//! The `detente analyze --format json` contract (`docs/json-contracts.md`, "analyze") as serde
//! structs: field order is key order.
//!
//! Floats are plain `f64` fields: `serde_json` writes infinity and NaN as `null`, as the contract
//! says. Counts above 2^53 are decimal strings.

use detente_core::analysis::{Analysis, Availability, BlockingIssue, FrontierPoint, MethodUsed};
use detente_core::{IssueDomain, OutcomeCount, Scenario};
use serde::Serialize;

use crate::cmd::contract::{self, Object, Scalar};

/// The whole report.
#[derive(Debug, Serialize)]
pub struct AnalyzeReport<'a> {
    scenario: &'a str,
    outcomes: Scalar,
    method: MethodJson,
    parties: &'a [String],
    issues: Vec<&'a str>,
    reservation: &'a [f64],
    ranges: &'a [(f64, f64)],
    reference: &'a [f64],
    zone: ZoneJson<'a>,
    margin: f64,
    whole_space: bool,
    pareto: Vec<PointJson>,
    nash: Vec<PointJson>,
    kalai_smorodinsky: Vec<PointJson>,
    egalitarian: Vec<PointJson>,
    max_welfare: Vec<PointJson>,
    max_relative_welfare: Vec<PointJson>,
    opposition: f64,
    rational_fraction: Option<f64>,
}

/// The algorithm used, named by `name`.
#[derive(Debug, Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
enum MethodJson {
    Enumeration {
        threads: usize,
    },
    IssueMerge {
        largest_layer: usize,
        zone_counted_by: &'static str,
    },
}

#[derive(Debug, Serialize)]
struct ZoneJson<'a> {
    outcomes: Option<u64>,
    share: Option<f64>,
    unknown: Option<&'a str>,
    values: Option<Object<Vec<Option<Scalar>>>>,
    values_unknown: Option<&'a str>,
    blocking: Option<Vec<BlockingJson<'a>>>,
    blocking_unknown: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct BlockingJson<'a> {
    issue: &'a str,
    relaxed_margin: f64,
    gain: f64,
    opens_zone: bool,
}

#[derive(Debug, Serialize)]
struct PointJson {
    utilities: Vec<f64>,
    outcome_count: Scalar,
    outcomes: Vec<Object<Option<Scalar>>>,
}

/// The JSON contract (see `docs/json-contracts.md`).
pub fn report<'a>(scenario: &'a Scenario, a: &'a Analysis) -> AnalyzeReport<'a> {
    let points = |list: &[FrontierPoint]| -> Vec<PointJson> {
        list.iter().map(|p| point(scenario, p)).collect()
    };
    AnalyzeReport {
        scenario: &scenario.name,
        outcomes: outcome_count(&a.outcomes),
        method: match a.method {
            MethodUsed::Enumeration { threads } => MethodJson::Enumeration { threads },
            MethodUsed::IssueMerge {
                largest_layer,
                zone_counted_by,
            } => MethodJson::IssueMerge {
                largest_layer,
                zone_counted_by,
            },
        },
        parties: &a.parties,
        issues: scenario.space().issues().iter().map(|i| i.name()).collect(),
        reservation: &a.reservations,
        ranges: &a.ranges,
        reference: &a.reference,
        zone: zone(scenario, a),
        margin: a.zone.margin,
        whole_space: a.whole_space,
        pareto: points(&a.frontier),
        nash: points(&a.nash),
        kalai_smorodinsky: points(&a.kalai_smorodinsky),
        egalitarian: points(&a.egalitarian),
        max_welfare: points(&a.max_welfare),
        max_relative_welfare: points(&a.max_relative_welfare),
        opposition: a.opposition,
        rational_fraction: a.rational_fraction,
    }
}

/// The space's size: a count as [`contract::count`] writes it, or `"infinite"`.
fn outcome_count(outcomes: &OutcomeCount) -> Scalar {
    contract::outcome_count(outcomes).unwrap_or_else(|| Scalar::Text("infinite".to_owned()))
}

/// The reason of an [`Availability::Unknown`], else `None`.
fn unknown<T>(a: &Availability<T>) -> Option<&str> {
    match a {
        Availability::Unknown(why) => Some(why),
        Availability::Known(_) => None,
    }
}

fn zone<'a>(scenario: &'a Scenario, a: &'a Analysis) -> ZoneJson<'a> {
    let issues = scenario.space().issues();
    let values = a.zone.values.known().map(|per_issue| {
        per_issue
            .iter()
            .enumerate()
            .map(|(i, vals)| {
                let names = vals.iter().map(|&v| value_name(scenario, i, v)).collect();
                (issues[i].name().to_owned(), names)
            })
            .collect()
    });
    let blocking = a
        .zone
        .blocking
        .known()
        .map(|list| list.iter().map(|b| blocking(scenario, b)).collect());
    ZoneJson {
        outcomes: a.zone.count.known().copied(),
        share: a.zone.share,
        unknown: unknown(&a.zone.count),
        values,
        values_unknown: unknown(&a.zone.values),
        blocking,
        blocking_unknown: unknown(&a.zone.blocking),
    }
}

fn blocking<'a>(scenario: &'a Scenario, b: &BlockingIssue) -> BlockingJson<'a> {
    BlockingJson {
        issue: scenario.space().issues()[b.issue].name(),
        relaxed_margin: b.relaxed_margin,
        gain: b.gain,
        opens_zone: b.relaxed_margin >= 0.0,
    }
}

fn point(scenario: &Scenario, p: &FrontierPoint) -> PointJson {
    PointJson {
        utilities: p.utilities.clone(),
        outcome_count: contract::count(p.outcome_count),
        outcomes: p.outcomes.iter().map(|o| outcome(scenario, o)).collect(),
    }
}

/// An outcome as `{issue: value}`: discrete values by name, integer and real values as floats.
fn outcome(scenario: &Scenario, indices: &[u32]) -> Object<Option<Scalar>> {
    let space = scenario.space();
    let outcome = space.outcome_from_indices(indices);
    space
        .issues()
        .iter()
        .zip(&outcome)
        .map(|(issue, value)| {
            let v = match issue.domain() {
                IssueDomain::Discrete(_) => Some(Scalar::Text(issue.format_value(value))),
                _ => value.as_f64().map(Scalar::Real),
            };
            (issue.name().to_owned(), v)
        })
        .collect()
}

/// The value at `index` of issue `issue`: a name, an integer, or `None` for a real issue.
pub fn value_name(scenario: &Scenario, issue: usize, index: u32) -> Option<Scalar> {
    let i = &scenario.space().issues()[issue];
    match i.domain() {
        IssueDomain::Discrete(values) => Some(Scalar::Text(values[index as usize].clone())),
        IssueDomain::Integer { min, .. } => Some(Scalar::Integer(min + index as i64)),
        IssueDomain::Real { .. } => None,
    }
}
