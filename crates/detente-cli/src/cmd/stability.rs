//! `detente stability MODEL`: conflict stability analysis with the Graph Model for Conflict
//! Resolution — every state's stability for every decision maker under Nash, GMR, SMR and SEQ,
//! the equilibria, coalition stability (`--coalitions`), the paths from the status quo to the
//! equilibria, explanations of chosen states (`--explain`) and a picture of the state graph.
//!
//! The JSON form is a stable contract, documented in `docs/stability.md`.

mod json;
mod plot;
mod text;

use std::path::PathBuf;

use anyhow::{bail, Context};
use detente_core::gmcr::{
    analyze, analyze_coalitions, explain, CoalitionAnalysis, Concept, Conflict, Explanation,
    Partition, Reachability, StabilityAnalysis, StateId, StatusQuoPaths,
};
use detente_formats::gmcr::{load_conflict, LoadedConflict};

use super::OutputFormat;

/// Arguments of `detente stability`.
#[derive(Debug, clap::Args)]
pub struct StabilityArgs {
    /// A conflict model: a detente `.toml` file (see `docs/stability.md`).
    model: PathBuf,
    /// Coalitions as decision-maker names: `+` joins, `,` separates ("A+B,C"); decision makers
    /// not named stay on their own.
    #[arg(long, value_name = "COALITIONS")]
    coalitions: Option<String>,
    /// Explain the stability of this state (its number) for every decision maker; repeatable.
    #[arg(long, value_name = "STATE")]
    explain: Vec<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Draw the state graph to an `.svg` or `.png` file.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
}

/// A state that is an equilibrium under some concept, and how it is reached from the status quo.
pub(crate) struct StatusQuoPath {
    pub target: StateId,
    pub concepts: Vec<Concept>,
    pub reach: Reachability,
}

/// Everything the reports show.
pub(crate) struct Results<'a> {
    pub loaded: &'a LoadedConflict,
    pub analysis: StabilityAnalysis,
    pub coalitions: Option<CoalitionAnalysis>,
    pub status_quo: Option<(StateId, Vec<StatusQuoPath>)>,
    pub explanations: Vec<Explanation>,
}

/// Loads the model, analyses it and prints the report (and draws the plot).
pub fn run(args: StabilityArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        crate::plot::check_target(path)?;
    }
    // The reader's errors already name the file.
    let loaded = load_conflict(&args.model)?;
    let conflict = &loaded.conflict;
    let partition = match &args.coalitions {
        Some(text) => Some(parse_partition(conflict, text)?),
        None => None,
    };
    let explained = explained_states(conflict, &args.explain)?;
    if args.plot.is_some() {
        plot::check_size(conflict)?;
    }
    let results = compute(&loaded, partition.as_ref(), &explained);
    if let Some(path) = &args.plot {
        plot::draw(path, conflict, &results.analysis)?;
    }
    match args.format {
        OutputFormat::Text => print!("{}", text::render(&results)),
        OutputFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&json::report(&results))?)
        }
    }
    Ok(())
}

fn compute<'a>(
    loaded: &'a LoadedConflict,
    partition: Option<&Partition>,
    explained: &[StateId],
) -> Results<'a> {
    let conflict = &loaded.conflict;
    let analysis = analyze(conflict);
    let coalitions = partition.map(|p| analyze_coalitions(conflict, p));
    let status_quo = conflict
        .status_quo()
        .map(|sq| (sq, status_quo_paths(conflict, &analysis, sq)));
    let explanations = explained
        .iter()
        .flat_map(|&s| {
            (0..conflict.decision_makers().len()).flat_map(move |dm| {
                Concept::ALL
                    .into_iter()
                    .map(move |concept| explain(conflict, dm, s, concept))
            })
        })
        .collect();
    Results {
        loaded,
        analysis,
        coalitions,
        status_quo,
        explanations,
    }
}

/// For every state that is an equilibrium under at least one concept: how to get there.
fn status_quo_paths(
    conflict: &Conflict,
    analysis: &StabilityAnalysis,
    sq: StateId,
) -> Vec<StatusQuoPath> {
    let paths = StatusQuoPaths::new(conflict, sq);
    (0..conflict.state_count() as StateId)
        .filter_map(|target| {
            let concepts: Vec<Concept> = Concept::ALL
                .into_iter()
                .filter(|&c| analysis.equilibria(c).contains(target))
                .collect();
            (!concepts.is_empty()).then(|| StatusQuoPath {
                target,
                concepts,
                reach: paths.reach(target),
            })
        })
        .collect()
}

fn explained_states(conflict: &Conflict, numbers: &[usize]) -> anyhow::Result<Vec<StateId>> {
    numbers
        .iter()
        .map(|&n| {
            if n == 0 || n > conflict.state_count() {
                bail!(
                    "--explain {n}: no such state (hint: states are numbered 1 to {})",
                    conflict.state_count()
                );
            }
            Ok((n - 1) as StateId)
        })
        .collect()
}

/// Parses "A+B,C" into a partition; decision makers not named are singletons.
fn parse_partition(conflict: &Conflict, text: &str) -> anyhow::Result<Partition> {
    let names = conflict.decision_makers();
    let find = |name: &str| -> anyhow::Result<usize> {
        let name = name.trim();
        names
            .iter()
            .position(|n| n == name)
            .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(name)))
            .with_context(|| {
                format!(
                    "--coalitions: no decision maker is named `{name}` (the model has: {})",
                    names.join(", ")
                )
            })
    };
    let mut coalitions: Vec<Vec<usize>> = Vec::new();
    for group in text.split(',').filter(|g| !g.trim().is_empty()) {
        coalitions.push(group.split('+').map(find).collect::<anyhow::Result<_>>()?);
    }
    for d in 0..names.len() {
        if !coalitions.iter().flatten().any(|&m| m == d) {
            coalitions.push(vec![d]);
        }
    }
    Partition::new(coalitions, names.len()).map_err(|e| anyhow::anyhow!("--coalitions: {e}"))
}
