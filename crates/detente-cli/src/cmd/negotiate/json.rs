//! The `detente negotiate --format json` contracts (`docs/json-contracts.md`, "negotiate"): one
//! negotiation, or a batch (`--repeat N`), as serde structs whose field order is key order. The
//! batch's text summary is printed from the same report, so both outputs say the same.

use std::collections::BTreeMap;

use detente_core::agent::AgentSpec;
use detente_core::batch::BatchStats;
use detente_core::protocol::{Deadline, EndReason};
use detente_core::quality::Reference;
use detente_core::run::NegotiationResult;
use detente_core::Scenario;
use serde::Serialize;

use crate::cmd::contract::{package, Package};

/// What every report of a `negotiate` run shares: the scenario, protocol, agents and deadline.
#[derive(Clone, Copy)]
pub struct Setup<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The protocol's name (`sao`, `veto`, `hill`, `anneal`).
    pub protocol: &'static str,
    /// One agent per party.
    pub agents: &'a [AgentSpec],
    /// Step and time limits.
    pub deadline: Deadline,
    /// Frontier and Nash point for the distances, when the scenario could be analysed.
    pub reference: Option<&'a Reference>,
}

impl Setup<'_> {
    fn parties(&self) -> Vec<String> {
        self.scenario
            .parties()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    fn agent_names(&self) -> Vec<String> {
        self.agents.iter().map(|a| a.to_string()).collect()
    }
}

/// One negotiation.
#[derive(Debug, Serialize)]
pub struct SingleReport<'a> {
    scenario: &'a str,
    protocol: &'static str,
    parties: Vec<String>,
    agents: Vec<String>,
    seed: u64,
    n_steps: Option<u32>,
    time_limit: Option<f64>,
    agreement: Option<Package>,
    utilities: Option<&'a [f64]>,
    steps: u32,
    reason: &'static str,
    detail: Option<String>,
    timedout: bool,
    pareto_distance: Option<f64>,
    nash_distance: Option<f64>,
}

/// A batch of negotiations on seeds `first_seed …`.
#[derive(Debug, Serialize)]
pub struct AggregateReport<'a> {
    scenario: &'a str,
    protocol: &'static str,
    parties: Vec<String>,
    agents: Vec<String>,
    first_seed: u64,
    n_steps: Option<u32>,
    time_limit: Option<f64>,
    negotiations: usize,
    agreements: usize,
    agreement_rate: f64,
    mean_utilities: Vec<f64>,
    mean_agreement_utilities: Option<Vec<f64>>,
    mean_steps: f64,
    reasons: BTreeMap<&'static str, u64>,
    mean_pareto_distance: Option<f64>,
    mean_nash_distance: Option<f64>,
    threads: usize,
    seconds: f64,
    per_second: f64,
}

/// Who walked out, or which agent failed and how; `None` for other endings.
pub fn reason_detail(scenario: &Scenario, reason: &EndReason) -> Option<String> {
    let name = |i: usize| scenario.parties().get(i).map_or("?", |p| p.name.as_str());
    match reason {
        EndReason::WalkOut(p) => Some(format!("{} walked out", name(*p))),
        EndReason::AgentFailed(p, f) => Some(format!("{}'s agent {f}", name(*p))),
        _ => None,
    }
}

/// The report of one negotiation run with `seed`.
pub fn single<'a>(setup: Setup<'a>, seed: u64, result: &'a NegotiationResult) -> SingleReport<'a> {
    let scenario = setup.scenario;
    let utilities = result.utilities.as_deref();
    let distance = |f: fn(&Reference, &[f64]) -> Option<f64>| {
        setup.reference.zip(utilities).and_then(|(r, u)| f(r, u))
    };
    SingleReport {
        scenario: &scenario.name,
        protocol: setup.protocol,
        parties: setup.parties(),
        agents: setup.agent_names(),
        seed,
        n_steps: setup.deadline.n_steps,
        time_limit: setup.deadline.time_limit,
        agreement: result
            .ending
            .agreement
            .as_ref()
            .map(|o| package(scenario.space(), o)),
        utilities,
        steps: result.ending.steps,
        reason: result.ending.reason.tag(),
        detail: reason_detail(scenario, &result.ending.reason),
        timedout: result.ending.reason.timed_out(),
        pareto_distance: distance(Reference::pareto_distance),
        nash_distance: distance(Reference::nash_distance),
    }
}

/// The report of a batch: its statistics (`detente_core::batch`) from seeds `first_seed …`, run
/// in `seconds` on `threads` workers.
pub fn aggregate(
    setup: Setup<'_>,
    first_seed: u64,
    stats: BatchStats,
    seconds: f64,
    threads: usize,
) -> AggregateReport<'_> {
    let n = stats.negotiations;
    AggregateReport {
        scenario: &setup.scenario.name,
        protocol: setup.protocol,
        parties: setup.parties(),
        agents: setup.agent_names(),
        first_seed,
        n_steps: setup.deadline.n_steps,
        time_limit: setup.deadline.time_limit,
        negotiations: n,
        agreements: stats.agreements,
        agreement_rate: stats.agreement_rate,
        mean_utilities: stats.mean_utilities,
        mean_agreement_utilities: stats.mean_agreement_utilities,
        mean_steps: stats.mean_steps,
        reasons: stats.reasons,
        mean_pareto_distance: stats.mean_pareto_distance,
        mean_nash_distance: stats.mean_nash_distance,
        threads,
        seconds,
        per_second: n as f64 / seconds.max(1e-9),
    }
}

/// What JSON carries of `x`: itself when finite, else nothing (`null`), as the text summary read
/// it back from the JSON report before the reports were typed.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The batch summary for people.
pub fn print_aggregate_text(report: &AggregateReport<'_>) {
    println!(
        "{} negotiations, agreement rate {:.3}, mean steps {:.1}",
        report.negotiations,
        finite(report.agreement_rate).unwrap_or(0.0),
        finite(report.mean_steps).unwrap_or(0.0)
    );
    for (p, m) in report.parties.iter().zip(&report.mean_utilities) {
        println!(
            "  {:<24} mean utility {:.6}",
            p,
            finite(*m).unwrap_or(f64::NAN)
        );
    }
    println!(
        "{:.0} negotiations/s on {} threads ({:.3} s)",
        finite(report.per_second).unwrap_or(0.0),
        report.threads,
        finite(report.seconds).unwrap_or(0.0)
    );
}
