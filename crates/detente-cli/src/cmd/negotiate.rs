//! `detente negotiate`: runs agents against each other on a scenario and reports the result.
//!
//! One negotiation by default; `--repeat N` runs seeds `K … K+N−1` across `--threads` rayon
//! workers and prints an aggregate (`detente_core::batch`: seeds, runner, statistics). Results are
//! collected in seed order, so output and traces are identical on any thread count. The JSON
//! contract is documented in `docs/json-contracts.md` (section "negotiate").

mod json;
mod plot;
mod trace_out;
mod watchdog;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::ValueEnum;
use detente_core::agent::AgentSpec;
use detente_core::batch::{self, BatchStats};
use detente_core::protocol::Deadline;
use detente_core::quality::Reference;
use detente_core::run::{Clock, FrozenClock, NegotiationResult, Prepared, ProtocolKind, RunConfig};
use detente_core::Scenario;

use super::{OutputFormat, ScenarioArgs};

/// Steps used when neither `--steps` nor `--time-limit` is given.
const DEFAULT_STEPS: u32 = 100;

/// Arguments of `detente negotiate`.
#[derive(Debug, clap::Args)]
pub struct NegotiateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// One agent per party, comma-separated, in party order: boulware, linear, conceder, hardliner,
    /// aspiration:<e>, tft, tft-matching, random[:<p>], hardheaded, agentk.
    #[arg(
        long,
        value_delimiter = ',',
        required = true,
        value_name = "AGENT,AGENT…"
    )]
    agents: Vec<String>,
    /// How the parties negotiate.
    #[arg(long, value_enum, default_value_t = Protocol::Sao)]
    protocol: Protocol,
    /// Step limit (default 100 when no --time-limit is given).
    #[arg(long, value_parser = super::at_least_one::<u32>, value_name = "N")]
    steps: Option<u32>,
    /// Wall-time limit per negotiation, in seconds (makes runs timing-dependent).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Longest one agent answer may take, in seconds; a slower (or missing) answer ends the
    /// negotiation. Runs each agent on its own thread.
    #[arg(long, value_name = "SECONDS")]
    answer_limit: Option<f64>,
    /// Seed of the (first) negotiation.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Number of negotiations, with seeds seed, seed+1, …
    #[arg(long, default_value_t = 1, value_name = "N")]
    repeat: u64,
    /// Worker threads for --repeat (default: all cores).
    #[arg(long, value_parser = super::at_least_one::<usize>, value_name = "N")]
    threads: Option<usize>,
    /// Write every action with every party's utility: CSV if the name ends in .csv, else JSON Lines.
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,
    /// Draw the offers over the Pareto frontier and the utilities over time (.svg or .png).
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Protocols `--protocol` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Protocol {
    /// Stacked alternating offers (NegMAS semantics).
    Sao,
    /// Single-text, veto mediator.
    Veto,
    /// Single-text, hill-climbing mediator.
    Hill,
    /// Single-text, simulated-annealing mediator.
    Anneal,
}

impl Protocol {
    fn kind(self) -> ProtocolKind {
        match self {
            Protocol::Sao => ProtocolKind::Sao,
            Protocol::Veto => ProtocolKind::Veto,
            Protocol::Hill => ProtocolKind::HillClimbing,
            Protocol::Anneal => ProtocolKind::Annealing,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Protocol::Sao => "sao",
            Protocol::Veto => "veto",
            Protocol::Hill => "hill",
            Protocol::Anneal => "anneal",
        }
    }
}

/// The driver's wall clock: seconds since the negotiation started.
struct WallClock(Instant);

impl Clock for WallClock {
    fn elapsed(&mut self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// Runs `detente negotiate`.
pub fn run(args: NegotiateArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        // Before any work, so a mistyped plot path does not waste a long run.
        crate::plot::check_target(path)?;
    }
    let session = Session::prepare(&args)?;
    if args.repeat == 1 {
        run_single(&args, &session)
    } else {
        run_repeated(&args, &session)
    }
}

/// What every negotiation of one invocation shares, prepared once.
struct Session {
    scenario: Scenario,
    agents: Vec<AgentSpec>,
    deadline: Deadline,
    prepared: Prepared,
    /// Frontier and Nash point for the distances (none when the analysis failed).
    reference: Option<Reference>,
}

impl Session {
    /// What every report of this session shares.
    fn report_setup<'a>(&'a self, args: &NegotiateArgs) -> json::Setup<'a> {
        json::Setup {
            scenario: &self.scenario,
            protocol: args.protocol.name(),
            agents: &self.agents,
            deadline: self.deadline,
            reference: self.reference.as_ref(),
        }
    }

    /// Loads the scenario, checks the arguments and prepares the agents' tables.
    fn prepare(args: &NegotiateArgs) -> anyhow::Result<Session> {
        let loaded = args.scenario.load()?;
        for w in &loaded.warnings {
            eprintln!("warning: {w}");
        }
        let scenario = loaded.scenario;
        let agents = parse_agents(&args.agents, &scenario)?;
        if args.repeat == 0 {
            bail!("--repeat must be at least 1");
        }
        let deadline = deadline(args)?;
        let prepared = Prepared::new(&scenario);
        if !prepared.table(0).is_exact() {
            eprintln!(
                "note: {} outcomes are too many to list; agents choose their offers from a fixed-seed sample of {} outcomes",
                scenario.space().count(),
                prepared.table(0).len()
            );
        }
        let reference = match Reference::compute(&scenario) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("note: no Pareto/Nash distances: {e}");
                None
            }
        };
        Ok(Session {
            scenario,
            agents,
            deadline,
            prepared,
            reference,
        })
    }

    /// Runs the negotiation with `seed`, on the clock the arguments call for.
    fn negotiate(&self, args: &NegotiateArgs, seed: u64) -> anyhow::Result<NegotiationResult> {
        let config = RunConfig {
            protocol: args.protocol.kind(),
            deadline: self.deadline,
            seed,
            answer_limit: args.answer_limit,
            record_trace: args.trace.is_some() || args.plot.is_some(),
        };
        let timed = args.time_limit.is_some() || args.answer_limit.is_some();
        let (prepared, agents) = (&self.prepared, &self.agents);
        let result = if let Some(limit) = args.answer_limit {
            // Agents on their own threads, so one that never answers can be abandoned.
            prepared.negotiate_with(agents, &config, |mechanism, negotiators| {
                watchdog::drive(mechanism, negotiators, limit, Instant::now())
            })
        } else if timed {
            prepared.negotiate(agents, &config, &mut WallClock(Instant::now()))
        } else {
            prepared.negotiate(agents, &config, &mut FrozenClock)
        };
        Ok(result?)
    }
}

/// The deadline the arguments give (100 steps when they give none).
fn deadline(args: &NegotiateArgs) -> anyhow::Result<Deadline> {
    if let Some(t) = args.time_limit {
        if !(t > 0.0 && t.is_finite()) {
            bail!("--time-limit must be a positive number of seconds, got {t}");
        }
    }
    Ok(Deadline {
        n_steps: match (args.steps, args.time_limit) {
            (None, None) => Some(DEFAULT_STEPS),
            (s, _) => s,
        },
        time_limit: args.time_limit,
    })
}

/// One negotiation, reported in full.
fn run_single(args: &NegotiateArgs, session: &Session) -> anyhow::Result<()> {
    let (scenario, reference) = (&session.scenario, session.reference.as_ref());
    let result = session.negotiate(args, args.seed)?;
    write_outputs(args, scenario, reference, &[(args.seed, &result)])?;
    match args.format {
        OutputFormat::Json => {
            let report = json::single(session.report_setup(args), args.seed, &result);
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => print_single_text(scenario, &result, reference),
    }
    Ok(())
}

/// `--repeat N`: a batch over the worker pool, with a progress bar, reported as an aggregate.
fn run_repeated(args: &NegotiateArgs, session: &Session) -> anyhow::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(args.repeat)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let seeds = batch::seeds(args.seed, args.repeat);
    let started = Instant::now();
    let results: Vec<NegotiationResult> = pool.install(|| {
        batch::run_batch(&seeds, |seed| {
            let r = session.negotiate(args, seed);
            progress.inc(1);
            r
        })
    })?;
    let seconds = started.elapsed().as_secs_f64();
    progress.finish_and_clear();
    let (scenario, reference) = (&session.scenario, session.reference.as_ref());
    let pairs: Vec<(u64, &NegotiationResult)> = seeds.iter().copied().zip(&results).collect();
    write_outputs(args, scenario, reference, &pairs)?;
    let threads = pool.current_num_threads();
    let stats = BatchStats::of(&results, &scenario.reservations(), reference)
        .context("cannot summarise the batch")?;
    let report = json::aggregate(
        session.report_setup(args),
        args.seed,
        stats,
        seconds,
        threads,
    );
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        OutputFormat::Text => json::print_aggregate_text(&report),
    }
    Ok(())
}

fn parse_agents(names: &[String], scenario: &Scenario) -> anyhow::Result<Vec<AgentSpec>> {
    let agents = names
        .iter()
        .map(|n| n.parse::<AgentSpec>())
        .collect::<Result<Vec<_>, _>>()?;
    let parties = scenario.parties().len();
    if agents.len() != parties {
        bail!(
            "the scenario has {parties} parties ({}) but --agents names {} (hint: one agent per party, in this order)",
            scenario
                .parties()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            agents.len()
        );
    }
    Ok(agents)
}

fn write_outputs(
    args: &NegotiateArgs,
    scenario: &Scenario,
    reference: Option<&Reference>,
    results: &[(u64, &NegotiationResult)],
) -> anyhow::Result<()> {
    if let Some(path) = &args.trace {
        trace_out::write(path, scenario, results)
            .with_context(|| format!("cannot write the trace to `{}`", path.display()))?;
    }
    if let Some(path) = &args.plot {
        let (_, first) = results[0];
        plot::draw(path, scenario, reference, first)
            .with_context(|| format!("cannot draw `{}`", path.display()))?;
    }
    Ok(())
}

fn print_single_text(
    scenario: &Scenario,
    result: &NegotiationResult,
    reference: Option<&Reference>,
) {
    let e = &result.ending;
    match (&e.agreement, &result.utilities) {
        (Some(o), Some(u)) => {
            println!(
                "agreement after {} steps: {}",
                e.steps,
                scenario.space().describe(o)
            );
            for (p, x) in scenario.parties().iter().zip(u) {
                println!("  {:<24} {x:.6}", p.name);
            }
            if let Some(r) = reference {
                if let (Some(pd), Some(nd)) = (r.pareto_distance(u), r.nash_distance(u)) {
                    println!("distance to Pareto frontier {pd:.6}, to Nash point {nd:.6}");
                }
            }
        }
        _ => {
            let detail = json::reason_detail(scenario, &e.reason)
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            println!(
                "no agreement after {} steps: {}{detail}",
                e.steps,
                e.reason.tag()
            );
        }
    }
}
