//! `detente analyze PATH`: the agreement zone and margin, the Pareto frontier, the bargaining points
//! and the opposition of a scenario, computed exactly by `detente_core::analysis`.
//!
//! The JSON form is a stable contract, documented in `docs/json-contracts.md` ("analyze").
//! Numbers follow NegMAS 0.16's definitions; where NegMAS keeps one arbitrary outcome per frontier
//! point, detente lists every outcome with that utility vector (up to `--max-listed`) and counts
//! them all. There is no other deliberate difference, so no compatibility flag is needed.

mod json;
mod plot;

use std::fmt::Write;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use detente_core::analysis::{
    analyze, Analysis, AnalysisConfig, Availability, FrontierPoint, Method, MethodUsed,
};
use detente_core::Scenario;

use super::contract::Scalar;
use super::{OutputFormat, ScenarioArgs};

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
            serde_json::to_string_pretty(&json::report(scenario, &analysis))?
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

/// A zone value for people: a name as is, a number as JSON writes it (`null` for a real issue).
fn value_text(value: Option<Scalar>) -> String {
    match value {
        Some(Scalar::Text(x)) => x,
        other => serde_json::to_string(&other).unwrap_or_default(),
    }
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
    let mut s = String::new();
    for section in [
        write_header,
        write_parties,
        write_zone,
        write_zone_values,
        write_blocking,
        write_frontier,
        write_bargaining,
        write_statistics,
    ] {
        section(&mut s, scenario, a);
    }
    s
}

/// The scenario's size and the method used.
fn write_header(s: &mut String, scenario: &Scenario, a: &Analysis) {
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
}

/// Each party's reservation and utility range.
fn write_parties(s: &mut String, _: &Scenario, a: &Analysis) {
    let _ = writeln!(s, "\nParties (reservation, utility range):");
    for (i, name) in a.parties.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {name}: reservation {:.4}, range {:.4} .. {:.4}",
            a.reservations[i], a.ranges[i].0, a.ranges[i].1
        );
    }
}

/// The agreement zone's size and the margin.
fn write_zone(s: &mut String, _: &Scenario, a: &Analysis) {
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
}

/// The values that occur in the zone.
fn write_zone_values(s: &mut String, scenario: &Scenario, a: &Analysis) {
    let issues = scenario.space().issues();
    match &a.zone.values {
        Availability::Known(values) if a.zone.margin >= 0.0 => {
            let _ = writeln!(s, "  values that occur in the zone:");
            for (i, vals) in values.iter().enumerate() {
                let names: Vec<String> = vals
                    .iter()
                    .map(|&v| value_text(json::value_name(scenario, i, v)))
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
}

/// The issues blocking the zone, when there is none.
fn write_blocking(s: &mut String, scenario: &Scenario, a: &Analysis) {
    let issues = scenario.space().issues();
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
}

/// The first points of the Pareto frontier.
fn write_frontier(s: &mut String, scenario: &Scenario, a: &Analysis) {
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
}

/// The bargaining points.
fn write_bargaining(s: &mut String, scenario: &Scenario, a: &Analysis) {
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
}

/// Opposition and rational fraction.
fn write_statistics(s: &mut String, _: &Scenario, a: &Analysis) {
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
}
