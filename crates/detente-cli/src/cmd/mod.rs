//! Subcommands. Each module owns its arguments (a clap `Args` struct) and a `run` function.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

pub mod analyze;
pub mod audit;
mod contract;
pub mod inspect;
pub mod negotiate;
pub mod serve;
pub mod stability;
pub mod talks;

/// Detente: multi-issue, multi-party negotiation with a mediator.
#[derive(Debug, Parser)]
#[command(name = "detente", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show a scenario's issues, outcome count, parties and reader warnings.
    Inspect(inspect::InspectArgs),
    /// Run the mediation service (HTTP API) on SQLite or PostgreSQL.
    Serve(serve::ServeArgs),
    /// Check the service's audit log.
    Audit(audit::AuditArgs),
    /// Agreement zone and margin, Pareto frontier, bargaining points and opposition.
    Analyze(analyze::AnalyzeArgs),
    /// Run agents against each other on a scenario (SAO or mediated single-text).
    Negotiate(negotiate::NegotiateArgs),
    /// Proximity talks: a mediator meets each party separately, tests positions, measures the
    /// margin and issues a communiqué.
    Talks(talks::TalksArgs),
    /// Conflict stability (Graph Model for Conflict Resolution): Nash, GMR, SMR and SEQ stability
    /// of every state, equilibria, coalitions and paths from the status quo.
    Stability(stability::StabilityArgs),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Inspect(args) => inspect::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Negotiate(args) => negotiate::run(args),
        Command::Talks(args) => talks::run(args),
        Command::Stability(args) => stability::run(args),
    }
}

/// Parses a count that must be at least 1 (`--threads 0` is a mistake, not "all cores").
pub fn at_least_one<T>(text: &str) -> Result<T, String>
where
    T: std::str::FromStr + Default + PartialEq,
    T::Err: std::fmt::Display,
{
    let n: T = text.parse().map_err(|e: T::Err| e.to_string())?;
    if n == T::default() {
        return Err("must be at least 1".into());
    }
    Ok(n)
}

/// Output format shared by every reporting command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable report.
    #[default]
    Text,
    /// The documented, stable JSON contract.
    Json,
}

/// How GENIUS XML evaluations are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Evaluation {
    /// GENIUS's reading: evaluations divided by each issue's maximum (default).
    #[default]
    Genius,
    /// NegMAS's reading: evaluations as written.
    Raw,
}

/// The scenario argument every command takes.
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// A scenario folder (GENIUS XML or GeniusWeb JSON) or a single `.toml`/`.json` file.
    pub path: PathBuf,
    /// How GENIUS XML evaluations become utilities.
    #[arg(long, value_enum, default_value_t = Evaluation::Genius)]
    pub evaluation: Evaluation,
}

impl ScenarioArgs {
    /// Loads the scenario with the chosen evaluation mode.
    pub fn load(&self) -> anyhow::Result<detente_formats::Loaded> {
        let options = detente_formats::LoadOptions {
            evaluation: match self.evaluation {
                Evaluation::Genius => detente_formats::EvaluationMode::Genius,
                Evaluation::Raw => detente_formats::EvaluationMode::Raw,
            },
        };
        detente_formats::load(&self.path, &options)
            .with_context(|| format!("cannot load scenario `{}`", self.path.display()))
    }
}
