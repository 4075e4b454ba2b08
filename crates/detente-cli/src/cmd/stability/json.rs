//! The `detente stability --format json` contract (`docs/stability.md`) as serde structs: field
//! order is key order. States are numbered from 1, decision makers are named.

use detente_core::gmcr::{
    Concept, Conflict, Explanation, Reachability, Reversibility, StateId, StateSet, Step,
};
use serde::Serialize;

use super::Results;

/// The whole report.
#[derive(Debug, Serialize)]
pub(crate) struct StabilityReport<'a> {
    model: &'a str,
    source: Option<&'a str>,
    illustrative: bool,
    decision_makers: Vec<DecisionMakerJson<'a>>,
    options: Vec<OptionJson<'a>>,
    states: Vec<StateJson>,
    equilibria: PerConcept<Vec<u32>>,
    coalitions: Option<CoalitionsJson>,
    status_quo: Option<StatusQuoJson>,
    explanations: Vec<ExplanationJson>,
}

#[derive(Debug, Serialize)]
struct DecisionMakerJson<'a> {
    name: &'a str,
    options: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
struct OptionJson<'a> {
    id: &'a str,
    name: &'a str,
    owner: &'a str,
    reversibility: &'static str,
}

/// One value per concept.
#[derive(Debug, Serialize)]
struct PerConcept<T> {
    nash: T,
    gmr: T,
    smr: T,
    seq: T,
}

impl<T> PerConcept<T> {
    fn new(mut f: impl FnMut(Concept) -> T) -> Self {
        PerConcept {
            nash: f(Concept::Nash),
            gmr: f(Concept::Gmr),
            smr: f(Concept::Smr),
            seq: f(Concept::Seq),
        }
    }
}

#[derive(Debug, Serialize)]
struct StateJson {
    number: u32,
    pattern: String,
    /// `Y`, `N` or `-` per option, in option order.
    options: Vec<String>,
    /// One entry per decision maker, in `decision_makers` order.
    stability: Vec<PerConcept<bool>>,
}

#[derive(Debug, Serialize)]
struct CoalitionsJson {
    coalitions: Vec<Vec<String>>,
    /// For each coalition (same order), the states stable for it.
    stable: Vec<PerConcept<Vec<u32>>>,
    equilibria: PerConcept<Vec<u32>>,
}

#[derive(Debug, Serialize)]
struct StatusQuoJson {
    state: u32,
    paths: Vec<PathJson>,
}

#[derive(Debug, Serialize)]
struct PathJson {
    target: u32,
    equilibrium_under: Vec<&'static str>,
    /// `status-quo`, `improvements`, `moves` or `unreachable`.
    reach: &'static str,
    steps: Vec<StepJson>,
}

#[derive(Debug, Serialize)]
struct StepJson {
    mover: String,
    to: u32,
}

#[derive(Debug, Serialize)]
struct ExplanationJson {
    state: u32,
    decision_maker: String,
    concept: &'static str,
    stable: bool,
    improvements: Vec<ImprovementJson>,
}

#[derive(Debug, Serialize)]
struct ImprovementJson {
    to: u32,
    /// The opponents' legal sequence from `to`; `null` when nothing deters the improvement.
    sanction: Option<Vec<StepJson>>,
}

fn number(s: StateId) -> u32 {
    s + 1
}

fn numbers(set: &StateSet) -> Vec<u32> {
    set.iter().map(number).collect()
}

fn key(concept: Concept) -> &'static str {
    match concept {
        Concept::Nash => "nash",
        Concept::Gmr => "gmr",
        Concept::Smr => "smr",
        Concept::Seq => "seq",
    }
}

fn steps(conflict: &Conflict, steps: &[Step]) -> Vec<StepJson> {
    steps
        .iter()
        .map(|s| StepJson {
            mover: conflict.decision_makers()[s.mover].clone(),
            to: number(s.to),
        })
        .collect()
}

/// Builds the report.
pub(crate) fn report<'a>(results: &'a Results) -> StabilityReport<'a> {
    let c = &results.loaded.conflict;
    StabilityReport {
        model: c.name(),
        source: results.loaded.source.as_deref(),
        illustrative: results.loaded.illustrative,
        decision_makers: decision_makers(c),
        options: options(c),
        states: states(results),
        equilibria: PerConcept::new(|k| numbers(results.analysis.equilibria(k))),
        coalitions: coalitions(results),
        status_quo: status_quo(results),
        explanations: results
            .explanations
            .iter()
            .map(|e| explanation(c, e))
            .collect(),
    }
}

fn decision_makers(c: &Conflict) -> Vec<DecisionMakerJson<'_>> {
    c.decision_makers()
        .iter()
        .enumerate()
        .map(|(d, name)| DecisionMakerJson {
            name,
            options: c
                .options()
                .iter()
                .filter(|o| o.owner == d)
                .map(|o| o.id.as_str())
                .collect(),
        })
        .collect()
}

fn options(c: &Conflict) -> Vec<OptionJson<'_>> {
    c.options()
        .iter()
        .map(|o| OptionJson {
            id: &o.id,
            name: &o.name,
            owner: &c.decision_makers()[o.owner],
            reversibility: match o.reversibility {
                Reversibility::Reversible => "both",
                Reversibility::OnceTaken => "once-taken",
                Reversibility::OnceDropped => "once-dropped",
            },
        })
        .collect()
}

fn states(results: &Results) -> Vec<StateJson> {
    let c = &results.loaded.conflict;
    (0..c.state_count() as StateId)
        .map(|s| {
            let pattern = c.pattern(s);
            StateJson {
                number: number(s),
                options: pattern.chars().map(String::from).collect(),
                pattern,
                stability: (0..c.decision_makers().len())
                    .map(|dm| PerConcept::new(|k| results.analysis.is_stable(k, dm, s)))
                    .collect(),
            }
        })
        .collect()
}

fn coalitions(results: &Results) -> Option<CoalitionsJson> {
    let analysis = results.coalitions.as_ref()?;
    let c = &results.loaded.conflict;
    let groups = analysis.partition().coalitions();
    Some(CoalitionsJson {
        coalitions: groups
            .iter()
            .map(|m| m.iter().map(|&d| c.decision_makers()[d].clone()).collect())
            .collect(),
        stable: (0..groups.len())
            .map(|i| PerConcept::new(|k| numbers(analysis.stable(k, i))))
            .collect(),
        equilibria: PerConcept::new(|k| numbers(analysis.equilibria(k))),
    })
}

fn status_quo(results: &Results) -> Option<StatusQuoJson> {
    let (sq, paths) = results.status_quo.as_ref()?;
    let c = &results.loaded.conflict;
    Some(StatusQuoJson {
        state: number(*sq),
        paths: paths
            .iter()
            .map(|p| {
                let (reach, path) = match &p.reach {
                    Reachability::StatusQuo => ("status-quo", vec![]),
                    Reachability::ByImprovements(s) => ("improvements", steps(c, s)),
                    Reachability::ByMoves(s) => ("moves", steps(c, s)),
                    Reachability::Unreachable => ("unreachable", vec![]),
                };
                PathJson {
                    target: number(p.target),
                    equilibrium_under: p.concepts.iter().map(|&k| key(k)).collect(),
                    reach,
                    steps: path,
                }
            })
            .collect(),
    })
}

fn explanation(c: &Conflict, e: &Explanation) -> ExplanationJson {
    ExplanationJson {
        state: number(e.state),
        decision_maker: c.decision_makers()[e.dm].clone(),
        concept: key(e.concept),
        stable: e.stable,
        improvements: e
            .improvements
            .iter()
            .map(|i| ImprovementJson {
                to: number(i.improvement),
                sanction: i.sanction.as_ref().map(|s| steps(c, s)),
            })
            .collect(),
    }
}
