//! `detente analyze PATH`: the agreement zone and margin, the Pareto frontier, the bargaining points
//! and the opposition of a scenario, computed exactly by `detente_core::analysis`.
//!
//! The JSON form is a stable contract, documented in `docs/json-contracts.md` ("analyze").
//! Numbers follow NegMAS 0.16's definitions; where NegMAS keeps one arbitrary outcome per frontier
//! point, detente lists every outcome with that utility vector (up to `--max-listed`) and counts
//! them all. There is no other deliberate difference, so no compatibility flag is needed.

mod plot;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use detente_core::analysis::{
    analyze, Analysis, AnalysisConfig, Availability, FrontierPoint, Method, MethodUsed,
};
use detente_core::{IssueDomain, OutcomeCount, Scenario};
use serde_json::{json, Map, Value as Json};

use super::{OutputFormat, ScenarioArgs};

/// Largest integer a JSON number carries exactly (2^53).
const JSON_EXACT_LIMIT: u128 = 1 << 53;

/// The progress bar appears only once the analysis has run this long.
const BAR_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// Algorithm choice on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Pick from the profiles' structure.
    #[default]
    Auto,
    /// Enumerate every outcome.
    Enumeration,
    /// Merge per-issue frontiers (linear-additive profiles).
    IssueMerge,
}

/// Arguments of `detente analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = super::at_least_one::<usize>, value_name = "N")]
    threads: Option<usize>,
    /// Pareto frontier over every outcome, not only those acceptable to everyone.
    #[arg(long)]
    whole_space: bool,
    /// Draw the utility space to an `.svg` or `.png` file.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Outcomes listed per frontier point (all are counted).
    #[arg(long, default_value_t = 20, value_name = "N")]
    max_listed: usize,
    /// Frontier algorithm.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    method: MethodArg,
    /// Largest space enumerated outcome by outcome.
    #[arg(long, default_value_t = 1 << 31, value_name = "N")]
    enumeration_limit: u64,
}

/// Loads the scenario, analyses it and prints the report (and draws the plot).
pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        // Before any work, so a mistyped plot path does not waste a long run.
        crate::plot::check_target(path)?;
    }
    let loaded = args.scenario.load()?;
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    let scenario = &loaded.scenario;
    let bar = progress_bar();
    let mut config = AnalysisConfig {
        whole_space: args.whole_space,
        threads: args.threads,
        enumeration_limit: args.enumeration_limit,
        max_listed_outcomes: args.max_listed,
        method: match args.method {
            MethodArg::Auto => Method::Auto,
            MethodArg::Enumeration => Method::Enumeration,
            MethodArg::IssueMerge => Method::IssueMerge,
        },
        progress: None,
    };
    if let Some(bar) = &bar {
        let bar = bar.clone();
        let started = std::time::Instant::now();
        config.progress = Some(Arc::new(move |done, total| {
            // Quick analyses finish before a bar would be worth drawing.
            if started.elapsed() >= BAR_DELAY {
                bar.set_length(total);
                bar.set_position(done);
            }
        }));
    }
    let analysis = analyze(scenario, &config)
        .with_context(|| format!("cannot analyse `{}`", args.scenario.path.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(path) = &args.plot {
        plot::draw(path, scenario, &analysis)
            .with_context(|| format!("cannot draw `{}`", path.display()))?;
    }
    match args.format {
        OutputFormat::Text => print!("{}", text(scenario, &analysis)),
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json_report(scenario, &analysis))?
        ),
    }
    Ok(())
}

/// A progress bar on stderr, only when stderr is a terminal (hidden in pipes, files and tests).
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("analysing [{bar:30}] {percent}% {eta}")
            .expect("static template")
            .progress_chars("=> "),
    );
    Some(bar)
}

fn big_number(n: u128) -> Json {
    if n <= JSON_EXACT_LIMIT {
        json!(n as u64)
    } else {
        json!(n.to_string())
    }
}

fn number(x: f64) -> Json {
    // JSON has no infinity or NaN.
    if x.is_finite() {
        json!(x)
    } else {
        Json::Null
    }
}

fn outcome_json(scenario: &Scenario, indices: &[u32]) -> Json {
    let space = scenario.space();
    let outcome = space.outcome_from_indices(indices);
    let mut map = Map::new();
    for (issue, value) in space.issues().iter().zip(&outcome) {
        let v = match issue.domain() {
            IssueDomain::Discrete(_) => json!(issue.format_value(value)),
            _ => value.as_f64().map(number).unwrap_or(Json::Null),
        };
        map.insert(issue.name().to_owned(), v);
    }
    Json::Object(map)
}

fn points_json(scenario: &Scenario, points: &[FrontierPoint]) -> Json {
    Json::Array(
        points
            .iter()
            .map(|p| {
                json!({
                    "utilities": p.utilities.iter().map(|&u| number(u)).collect::<Vec<_>>(),
                    "outcome_count": big_number(p.outcome_count),
                    "outcomes": p.outcomes.iter().map(|o| outcome_json(scenario, o)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn value_name(scenario: &Scenario, issue: usize, index: u32) -> Json {
    let i = &scenario.space().issues()[issue];
    match i.domain() {
        IssueDomain::Discrete(values) => json!(values[index as usize]),
        IssueDomain::Integer { min, .. } => json!(min + index as i64),
        IssueDomain::Real { .. } => Json::Null,
    }
}

/// The JSON contract (see `docs/json-contracts.md`).
pub fn json_report(scenario: &Scenario, a: &Analysis) -> Json {
    let issues = scenario.space().issues();
    let outcomes = match &a.outcomes {
        OutcomeCount::Finite(n) => match u128::try_from(n) {
            Ok(n) => big_number(n),
            Err(_) => json!(n.to_string()),
        },
        OutcomeCount::Infinite => json!("infinite"),
    };
    let (count, unknown) = match &a.zone.count {
        Availability::Known(c) => (json!(c), Json::Null),
        Availability::Unknown(why) => (Json::Null, json!(why)),
    };
    let values = match &a.zone.values {
        Availability::Known(per_issue) => {
            let mut map = Map::new();
            for (i, vals) in per_issue.iter().enumerate() {
                map.insert(
                    issues[i].name().to_owned(),
                    Json::Array(vals.iter().map(|&v| value_name(scenario, i, v)).collect()),
                );
            }
            Json::Object(map)
        }
        Availability::Unknown(_) => Json::Null,
    };
    let blocking = match &a.zone.blocking {
        Availability::Known(list) => Json::Array(
            list.iter()
                .map(|b| {
                    json!({
                        "issue": issues[b.issue].name(),
                        "relaxed_margin": number(b.relaxed_margin),
                        "gain": number(b.gain),
                        "opens_zone": b.relaxed_margin >= 0.0,
                    })
                })
                .collect(),
        ),
        Availability::Unknown(_) => Json::Null,
    };
    let method = match &a.method {
        MethodUsed::Enumeration { threads } => json!({"name": "enumeration", "threads": threads}),
        MethodUsed::IssueMerge {
            largest_layer,
            zone_counted_by,
        } => json!({
            "name": "issue-merge",
            "largest_layer": largest_layer,
            "zone_counted_by": zone_counted_by,
        }),
    };
    json!({
        "scenario": scenario.name,
        "outcomes": outcomes,
        "method": method,
        "parties": a.parties,
        "issues": issues.iter().map(|i| i.name()).collect::<Vec<_>>(),
        "reservation": a.reservations.iter().map(|&r| number(r)).collect::<Vec<_>>(),
        "ranges": a.ranges.iter().map(|&(lo, hi)| json!([number(lo), number(hi)])).collect::<Vec<_>>(),
        "reference": a.reference.iter().map(|&r| number(r)).collect::<Vec<_>>(),
        "zone": {
            "outcomes": count,
            "share": a.zone.share.map(number).unwrap_or(Json::Null),
            "unknown": unknown,
            "values": values,
            "values_unknown": match &a.zone.values { Availability::Unknown(w) => json!(w), _ => Json::Null },
            "blocking": blocking,
            "blocking_unknown": match &a.zone.blocking { Availability::Unknown(w) => json!(w), _ => Json::Null },
        },
        "margin": number(a.zone.margin),
        "whole_space": a.whole_space,
        "pareto": points_json(scenario, &a.frontier),
        "nash": points_json(scenario, &a.nash),
        "kalai_smorodinsky": points_json(scenario, &a.kalai_smorodinsky),
        "egalitarian": points_json(scenario, &a.egalitarian),
        "max_welfare": points_json(scenario, &a.max_welfare),
        "max_relative_welfare": points_json(scenario, &a.max_relative_welfare),
        "opposition": number(a.opposition),
        "rational_fraction": a.rational_fraction.map(number).unwrap_or(Json::Null),
    })
}

fn fmt_utilities(u: &[f64]) -> String {
    let parts: Vec<String> = u.iter().map(|x| format!("{x:.4}")).collect();
    format!("({})", parts.join(", "))
}

fn describe_point(scenario: &Scenario, p: &FrontierPoint) -> String {
    let space = scenario.space();
    let first = p
        .outcomes
        .first()
        .map(|o| space.describe(&space.outcome_from_indices(o)))
        .unwrap_or_default();
    let more = if p.outcome_count > 1 {
        format!(" (+{} more with the same utilities)", p.outcome_count - 1)
    } else {
        String::new()
    };
    format!("{}  {first}{more}", fmt_utilities(&p.utilities))
}

/// The readable report.
pub fn text(scenario: &Scenario, a: &Analysis) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let issues = scenario.space().issues();
    let _ = writeln!(
        s,
        "Scenario `{}`: {} outcomes, {} parties",
        scenario.name,
        a.outcomes,
        a.parties.len()
    );
    let _ = match &a.method {
        MethodUsed::Enumeration { threads } => {
            writeln!(s, "Method: enumeration of every outcome on {threads} threads")
        }
        MethodUsed::IssueMerge {
            largest_layer,
            zone_counted_by,
        } => writeln!(
            s,
            "Method: exact per-issue frontier merge (largest partial frontier {largest_layer}); zone counted by {zone_counted_by}"
        ),
    };
    let _ = writeln!(s, "\nParties (reservation, utility range):");
    for (i, name) in a.parties.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {name}: reservation {:.4}, range {:.4} .. {:.4}",
            a.reservations[i], a.ranges[i].0, a.ranges[i].1
        );
    }
    let _ = writeln!(
        s,
        "\nAgreement zone (every party at or above its reservation):"
    );
    match (&a.zone.count, a.zone.share) {
        (Availability::Known(c), Some(share)) => {
            let _ = writeln!(s, "  {c} outcomes ({:.4}% of the space)", share * 100.0);
        }
        (Availability::Unknown(why), _) => {
            let _ = writeln!(s, "  size unknown: {why}");
        }
        _ => {}
    }
    if a.zone.margin >= 0.0 {
        let _ = writeln!(
            s,
            "  margin {:.4}: the best package leaves the worst-off party this much above its reservation",
            a.zone.margin
        );
    } else {
        let _ = writeln!(
            s,
            "  margin {:.4}: NO ZONE; the parties are this far from any deal every party accepts",
            a.zone.margin
        );
    }
    match &a.zone.values {
        Availability::Known(values) if a.zone.margin >= 0.0 => {
            let _ = writeln!(s, "  values that occur in the zone:");
            for (i, vals) in values.iter().enumerate() {
                let names: Vec<String> = vals
                    .iter()
                    .map(|&v| match value_name(scenario, i, v) {
                        Json::String(x) => x,
                        other => other.to_string(),
                    })
                    .collect();
                let total = issues[i].cardinality().unwrap_or(0);
                let _ = writeln!(
                    s,
                    "    {} ({} of {total}): {}",
                    issues[i].name(),
                    vals.len(),
                    names.join(", ")
                );
            }
        }
        Availability::Unknown(why) => {
            let _ = writeln!(s, "  zone values unknown: {why}");
        }
        _ => {}
    }
    match &a.zone.blocking {
        Availability::Known(list) if !list.is_empty() => {
            let _ = writeln!(
                s,
                "  issues blocking the zone (margin if each party got its favourite value of that issue):"
            );
            for b in list {
                let _ = writeln!(
                    s,
                    "    {}: margin would be {:.4} (gain {:.4}){}",
                    issues[b.issue].name(),
                    b.relaxed_margin,
                    b.gain,
                    if b.relaxed_margin >= 0.0 {
                        " - settling it alone opens a zone"
                    } else {
                        ""
                    }
                );
            }
        }
        Availability::Unknown(why) => {
            let _ = writeln!(s, "  blocking issues unknown: {why}");
        }
        _ => {}
    }
    let _ = writeln!(
        s,
        "\nPareto frontier ({}): {} points",
        if a.whole_space {
            "whole space"
        } else {
            "acceptable outcomes"
        },
        a.frontier.len()
    );
    const SHOWN: usize = 15;
    for p in a.frontier.iter().take(SHOWN) {
        let _ = writeln!(s, "  {}", describe_point(scenario, p));
    }
    if a.frontier.len() > SHOWN {
        let _ = writeln!(
            s,
            "  ... {} more (see --format json)",
            a.frontier.len() - SHOWN
        );
    }
    let _ = writeln!(
        s,
        "\nBargaining points (reference point {}):",
        fmt_utilities(&a.reference)
    );
    for (name, points) in [
        ("Nash", &a.nash),
        ("Kalai-Smorodinsky", &a.kalai_smorodinsky),
        ("Egalitarian", &a.egalitarian),
        ("Max welfare", &a.max_welfare),
        ("Max relative welfare", &a.max_relative_welfare),
    ] {
        if points.is_empty() {
            let _ = writeln!(s, "  {name}: none (no acceptable outcome)");
        }
        for p in points.iter().take(3) {
            let _ = writeln!(s, "  {name}: {}", describe_point(scenario, p));
        }
        if points.len() > 3 {
            let _ = writeln!(s, "  {name}: ... {} more tied points", points.len() - 3);
        }
    }
    if a.opposition.is_finite() {
        let _ = writeln!(s, "\nOpposition level: {:.4}", a.opposition);
    } else {
        let _ = writeln!(s, "\nOpposition level: none (no acceptable outcome)");
    }
    if let Some(rf) = a.rational_fraction {
        let _ = writeln!(
            s,
            "Rational fraction (strictly above every reservation): {rf:.4}"
        );
    }
    s
}
