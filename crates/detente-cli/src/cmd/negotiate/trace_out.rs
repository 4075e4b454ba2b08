//! Trace writers: JSON Lines (one action per line) and CSV (one row per action, one column per
//! issue and per party's utility). Both carry the negotiation's seed so `--repeat` traces can be
//! split again.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use detente_core::run::NegotiationResult;
use detente_core::Scenario;
use serde::Serialize;

use crate::cmd::contract::{package, Package};

/// Writes the traces of `results` to `path`: CSV if it ends in `.csv`, JSON Lines otherwise.
pub fn write(
    path: &Path,
    scenario: &Scenario,
    results: &[(u64, &NegotiationResult)],
) -> anyhow::Result<()> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let file = BufWriter::new(File::create(path)?);
    if is_csv {
        write_csv(file, scenario, results)
    } else {
        write_jsonl(file, scenario, results)
    }
}

fn party_name(scenario: &Scenario, party: Option<usize>) -> String {
    party
        .and_then(|p| scenario.parties().get(p))
        .map_or_else(|| "mediator".to_owned(), |p| p.name.clone())
}

/// One JSON Lines record: an action of negotiation `seed` (field order is key order).
#[derive(Serialize)]
struct TraceLine<'a> {
    seed: u64,
    step: u32,
    time: f64,
    party: String,
    action: &'static str,
    offer: Option<Package>,
    /// Every party's utility of the offer (added by the runner, never shown to agents).
    utilities: Option<&'a [f64]>,
}

fn write_jsonl(
    mut out: impl Write,
    scenario: &Scenario,
    results: &[(u64, &NegotiationResult)],
) -> anyhow::Result<()> {
    for (seed, result) in results {
        for e in &result.trace {
            let line = TraceLine {
                seed: *seed,
                step: e.step,
                time: e.relative_time,
                party: party_name(scenario, e.party),
                action: e.action.tag(),
                offer: e.offer.as_ref().map(|o| package(scenario.space(), o)),
                utilities: e.offer.as_ref().map(|_| e.utilities.as_slice()),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_csv(
    out: impl Write,
    scenario: &Scenario,
    results: &[(u64, &NegotiationResult)],
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let issues = scenario.space().issues();
    let mut header: Vec<String> = ["seed", "step", "time", "party", "action"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(issues.iter().map(|i| i.name().to_owned()));
    header.extend(scenario.parties().iter().map(|p| format!("u_{}", p.name)));
    w.write_record(&header)?;
    for (seed, result) in results {
        for e in &result.trace {
            let mut row = vec![
                seed.to_string(),
                e.step.to_string(),
                e.relative_time.to_string(),
                party_name(scenario, e.party),
                e.action.tag().to_owned(),
            ];
            match &e.offer {
                Some(o) => row.extend(issues.iter().zip(o).map(|(i, v)| i.format_value(v))),
                None => row.extend(issues.iter().map(|_| String::new())),
            }
            if e.utilities.is_empty() {
                row.extend(scenario.parties().iter().map(|_| String::new()));
            } else {
                row.extend(e.utilities.iter().map(|u| u.to_string()));
            }
            w.write_record(&row)?;
        }
    }
    w.flush()?;
    Ok(())
}
