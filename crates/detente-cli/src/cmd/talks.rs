//! `detente talks PATH`: proximity talks — a mediator meets each delegation separately, tests
//! positions, measures the margin every round, keeps a disclosure ledger and issues a communiqué.
//!
//! Text output reads like minutes. The JSON form is a stable contract, documented in
//! `docs/json-contracts.md` ("talks"). `--out DIR` writes the communiqué, the mediator's report and
//! one private transcript per party; `--plot FILE.svg` draws the margin over rounds.
//! `--parties NAME` seats every delegation with one behaviour and `--answer-noise P` makes each
//! answer wrong with probability P: simulations of how a mediator copes (`bench/talks.sh`).

mod grid;
mod json;
mod plot;

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::ValueEnum;
use detente_core::talks::noise::check_probability;
use detente_core::talks::report::{minutes, party_report};
use detente_core::talks::zone::{zone, ZoneSummary};
use detente_core::talks::{
    communique, run_talks, MediationStrategy, PartyBehaviour, PublicFacts, TalksConfig,
    TalksRecord, TalksSetup,
};
use detente_core::Scenario;

use super::{OutputFormat, ScenarioArgs};

/// Which mediation strategy to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Strategy {
    /// Parties hand their profiles in confidence; tests the Nash package (the upper bound).
    Trusted,
    /// Learns only from answers: elicits preferences, bounds the margin soundly, tests the
    /// Nash package of what it learned.
    Blind,
}

impl Strategy {
    /// The core's name for it.
    fn core(self) -> MediationStrategy {
        match self {
            Strategy::Trusted => MediationStrategy::Trusted,
            Strategy::Blind => MediationStrategy::Blind,
        }
    }
}

/// Arguments of `detente talks`.
#[derive(Debug, clap::Args)]
pub struct TalksArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Mediation strategy (default: the file's `[talks] strategy`, else blind).
    #[arg(long, value_enum)]
    mediator: Option<Strategy>,
    /// Rounds before the deadline (default: the file's `[talks] rounds`, else 12).
    #[arg(long, value_name = "N")]
    rounds: Option<u32>,
    /// Seed for the blind mediator's search, the agents' own choices and the answer noise.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Seat every delegation with one behaviour, overriding the file's `[talks.parties]`:
    /// `truthful` (answers every question truthfully from its profile), `boulware`, `linear`,
    /// `conceder` (time-based aspiration, exponent 4, 1, 0.25) or any engine agent name.
    #[arg(long, value_name = "AGENT", value_parser = party_behaviour)]
    parties: Option<PartyBehaviour>,
    /// Probability (0 to 1) that each answer is replaced by a wrong one of the same kind, drawn
    /// with `--seed`: a simulation of delegations that make mistakes.
    #[arg(long, value_name = "P", value_parser = probability, allow_negative_numbers = true)]
    answer_noise: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Write the communiqué, the mediator's report and each party's transcript into this folder.
    #[arg(long, value_name = "FOLDER")]
    out: Option<PathBuf>,
    /// Draw the margin over rounds (and, for two parties, the tested packages) as SVG or PNG.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Discretise every real-valued issue into this many evenly spaced values (talks handle
    /// packages by value index; without this flag a real issue is an error).
    #[arg(long, value_name = "N")]
    grid: Option<usize>,
}

/// `--parties NAME`: the behaviour it names.
fn party_behaviour(name: &str) -> Result<PartyBehaviour, String> {
    PartyBehaviour::named(name).map_err(|e| format!("give `truthful` or an engine agent name: {e}"))
}

/// `--answer-noise P`: a probability.
fn probability(text: &str) -> Result<f64, String> {
    let p: f64 = text.parse().map_err(|_| {
        format!("`{text}` is not a number (hint: a probability from 0 to 1, e.g. 0.1)")
    })?;
    check_probability(p).map_err(|e| e.to_string())
}

/// A finished run with everything the outputs need.
pub struct Run {
    /// The scenario.
    pub scenario: Scenario,
    /// Who mediated (a name).
    pub mediator_name: String,
    /// Strategy identifier.
    pub strategy: &'static str,
    /// Strategy description.
    pub strategy_description: String,
    /// The mediator's own findings, for its report.
    pub findings: Vec<String>,
    /// The record.
    pub record: TalksRecord,
    /// The zone computed from full profiles, for scoring (never shown to parties).
    pub reference: ZoneSummary,
}

impl Run {
    /// The public communiqué.
    pub fn communique(&self) -> String {
        communique(&PublicFacts::from_record(
            &self.record,
            self.scenario.space(),
            &self.mediator_name,
        ))
    }

    fn title(&self) -> &str {
        &self.scenario.name
    }

    /// The mediator's minutes.
    pub fn minutes(&self) -> String {
        minutes(
            &self.record,
            self.scenario.space(),
            self.title(),
            &self.mediator_name,
            &self.strategy_description,
            &self.findings,
        )
    }
}

/// Runs talks on a loaded scenario; `strategy` and `rounds` override the setup's.
pub fn run_scenario(
    scenario: Scenario,
    setup: &TalksSetup,
    strategy: Option<Strategy>,
    rounds: Option<u32>,
    seed: u64,
) -> anyhow::Result<Run> {
    let strategy = setup.strategy_or(strategy.map(Strategy::core));
    let rounds = setup.rounds_or(rounds);
    if rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    let seats = setup.seats(&scenario, rounds, seed)?;
    let mut mediator = strategy.mediator(&scenario, seed);
    let config = TalksConfig {
        rounds,
        ..TalksConfig::default()
    };
    let record = run_talks(scenario.space(), seats, mediator.as_mut(), config)
        .context("the talks could not run")?;
    Ok(Run {
        reference: zone(&scenario),
        mediator_name: setup.mediator_name(),
        strategy: mediator.name(),
        strategy_description: mediator.describe(),
        findings: mediator.findings(scenario.space()),
        record,
        scenario,
    })
}

/// Loads the scenario, runs the talks and prints the report.
pub fn run(args: TalksArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        // Before any work, so a mistyped plot path does not waste a long run.
        crate::plot::check_target(path)?;
    }
    let loaded = args.scenario.load()?;
    // The `[talks]` table of a TOML file (an empty setup for folders, other formats and files
    // without one).
    let mut setup = detente_formats::read_talks_setup(&args.scenario.path)?.unwrap_or_default();
    if args.parties.is_some() {
        setup.every_party = args.parties.clone();
    }
    setup.answer_noise = args.answer_noise;
    let scenario = match args.grid {
        Some(n) => grid::discretise(loaded.scenario, n)?,
        None => loaded.scenario,
    };
    let run = run_scenario(scenario, &setup, args.mediator, args.rounds, args.seed)?;
    match args.format {
        OutputFormat::Text => print!("{}", run.minutes()),
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&json::report(&run))?),
    }
    if let Some(dir) = &args.out {
        write_files(&run, dir)?;
    }
    if let Some(path) = &args.plot {
        plot::draw(&run, path).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

fn write_files(run: &Run, dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let write = |name: String, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))
    };
    write("communique.txt".into(), run.communique() + "\n")?;
    write("mediator-report.txt".into(), run.minutes())?;
    // Distinct names give distinct files, even where their slugs would meet or be empty.
    let slugs = detente_core::slug::distinct_slugs(&run.record.parties);
    for (p, slug) in slugs.iter().enumerate() {
        write(
            format!("transcript-{slug}.txt"),
            party_report(
                &run.record,
                run.scenario.space(),
                p,
                run.title(),
                &run.mediator_name,
            ),
        )?;
    }
    Ok(())
}
