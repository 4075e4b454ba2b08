//! `detente inspect PATH`: what a scenario holds — issues, outcome count, parties with their
//! reservation, discount and utility range — and what the reader normalised on the way in.
//!
//! The JSON form is a stable contract, documented in `docs/json-contracts.md` ("inspect").

use detente_core::{Issue, IssueDomain, OutcomeCount, Scenario};
use detente_formats::{Loaded, SourceFormat};
use serde::Serialize;

use super::contract::{self, Scalar};
use super::{Evaluation, OutputFormat, ScenarioArgs};

/// Hyper-rectangle utility ranges are found by enumeration up to this many outcomes.
const RANGE_ENUMERATION_LIMIT: u64 = 1_000_000;

/// Arguments of `detente inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Loads the scenario and prints the report.
pub fn run(args: InspectArgs) -> anyhow::Result<()> {
    let loaded = args.scenario.load()?;
    let report = Report::new(&loaded, args.scenario.evaluation);
    match args.format {
        OutputFormat::Text => print!("{}", report.text()),
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report.json())?),
    }
    Ok(())
}

struct PartyLine {
    name: String,
    reservation: f64,
    reservation_outcome: Option<String>,
    discount: f64,
    kind: &'static str,
    range: Option<(f64, f64)>,
}

struct Report<'a> {
    scenario: &'a Scenario,
    format: SourceFormat,
    evaluation: Evaluation,
    parties: Vec<PartyLine>,
    warnings: Vec<String>,
}

impl<'a> Report<'a> {
    fn new(loaded: &'a Loaded, evaluation: Evaluation) -> Self {
        let scenario = &loaded.scenario;
        let space = scenario.space();
        let parties = scenario
            .parties()
            .iter()
            .map(|p| PartyLine {
                name: p.name.clone(),
                reservation: p.profile.reservation,
                reservation_outcome: p
                    .profile
                    .reservation_outcome
                    .as_ref()
                    .map(|o| space.describe(o)),
                discount: p.profile.discount,
                kind: match p.profile.utility {
                    detente_core::UtilityFunction::LinearAdditive(_) => "linear-additive",
                    detente_core::UtilityFunction::HyperRectangle(_) => "hyper-rectangle",
                },
                range: p.profile.utility.range(space, RANGE_ENUMERATION_LIMIT),
            })
            .collect();
        // File names only: the folder is the PATH argument, and reports stay machine-independent.
        let warnings = loaded
            .warnings
            .iter()
            .map(|w| {
                let file = w
                    .file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| w.file.display().to_string());
                format!("{file}: {}", w.message)
            })
            .collect();
        Report {
            scenario,
            format: loaded.format,
            evaluation,
            parties,
            warnings,
        }
    }

    fn format_name(&self) -> &'static str {
        match self.format {
            SourceFormat::GeniusXml => "genius-xml",
            SourceFormat::GeniusWeb => "geniusweb-json",
            SourceFormat::Toml => "toml",
        }
    }

    fn evaluation_name(&self) -> &'static str {
        match self.evaluation {
            Evaluation::Genius => "genius",
            Evaluation::Raw => "raw",
        }
    }

    fn text(&self) -> String {
        use std::fmt::Write;
        let space = self.scenario.space();
        let mut out = String::new();
        let _ = writeln!(out, "scenario   {}", self.scenario.name);
        if let Some(d) = &self.scenario.description {
            let _ = writeln!(out, "           {d}");
        }
        let _ = writeln!(
            out,
            "format     {} (evaluation: {})",
            self.format_name(),
            self.evaluation_name()
        );
        let _ = writeln!(out, "outcomes   {}", outcome_text(&space.count()));
        let _ = writeln!(out, "\nissues ({})", space.issues().len());
        let width = space
            .issues()
            .iter()
            .map(|i| i.name().chars().count())
            .max()
            .unwrap_or(0);
        for issue in space.issues() {
            let detail = match issue.domain() {
                IssueDomain::Discrete(values) => {
                    format!("{} values: {}", values.len(), values.join(", "))
                }
                IssueDomain::Integer { min, max } => format!("{min}..={max}"),
                IssueDomain::Real { min, max } => format!("[{min}, {max}]"),
            };
            let _ = writeln!(
                out,
                "  {:width$}  {:8}  {detail}",
                issue.name(),
                issue.kind()
            );
        }
        let _ = writeln!(out, "\nparties ({})", self.parties.len());
        let width = self
            .parties
            .iter()
            .map(|p| p.name.chars().count())
            .max()
            .unwrap_or(0);
        for p in &self.parties {
            let range = match p.range {
                Some((lo, hi)) => format!("[{}, {}]", num(lo), num(hi)),
                None => "unknown".into(),
            };
            let _ = writeln!(
                out,
                "  {:width$}  reservation {}  discount {}  utility {range}  ({})",
                p.name,
                num(p.reservation),
                num(p.discount),
                p.kind
            );
            if let Some(o) = &p.reservation_outcome {
                let _ = writeln!(out, "  {:width$}  reservation outcome: {o}", "");
            }
        }
        let _ = writeln!(out, "\nwarnings ({})", self.warnings.len());
        for w in &self.warnings {
            let _ = writeln!(out, "  {w}");
        }
        out
    }

    fn json(&self) -> InspectJson<'_> {
        let space = self.scenario.space();
        InspectJson {
            scenario: &self.scenario.name,
            description: self.scenario.description.as_deref(),
            format: self.format_name(),
            evaluation: self.evaluation_name(),
            outcomes: contract::outcome_count(&space.count()),
            issues: space.issues().iter().map(IssueJson::of).collect(),
            parties: self.parties.iter().map(PartyJson::of).collect(),
            warnings: &self.warnings,
        }
    }
}

/// The JSON contract (`docs/json-contracts.md`, "inspect"); field order is key order.
#[derive(Debug, Serialize)]
struct InspectJson<'a> {
    scenario: &'a str,
    description: Option<&'a str>,
    format: &'static str,
    evaluation: &'static str,
    /// An integer up to 2^53, a decimal string above, `null` for an infinite space.
    outcomes: Option<Scalar>,
    issues: Vec<IssueJson<'a>>,
    parties: Vec<PartyJson<'a>>,
    warnings: &'a [String],
}

/// An issue: `values` for discrete issues, `min` and `max` for integer and real ones.
#[derive(Debug, Serialize)]
struct IssueJson<'a> {
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Scalar>,
}

impl<'a> IssueJson<'a> {
    fn of(issue: &'a Issue) -> Self {
        let (kind, values, min, max) = match issue.domain() {
            IssueDomain::Discrete(values) => ("discrete", Some(values.as_slice()), None, None),
            IssueDomain::Integer { min, max } => (
                "integer",
                None,
                Some(Scalar::Integer(*min)),
                Some(Scalar::Integer(*max)),
            ),
            IssueDomain::Real { min, max } => (
                "real",
                None,
                Some(Scalar::Real(*min)),
                Some(Scalar::Real(*max)),
            ),
        };
        IssueJson {
            name: issue.name(),
            kind,
            values,
            min,
            max,
        }
    }
}

#[derive(Debug, Serialize)]
struct PartyJson<'a> {
    name: &'a str,
    utility: &'static str,
    reservation: f64,
    reservation_outcome: Option<&'a str>,
    discount: f64,
    /// `[min, max]`, or `null` when unknown.
    utility_range: Option<(f64, f64)>,
}

impl<'a> PartyJson<'a> {
    fn of(p: &'a PartyLine) -> Self {
        PartyJson {
            name: &p.name,
            utility: p.kind,
            reservation: p.reservation,
            reservation_outcome: p.reservation_outcome.as_deref(),
            discount: p.discount,
            utility_range: p.range,
        }
    }
}

fn outcome_text(count: &OutcomeCount) -> String {
    match count {
        OutcomeCount::Infinite => "infinite (a real issue)".into(),
        OutcomeCount::Finite(n) => n.to_string(),
    }
}

/// Numbers for people: up to 6 significant decimals, no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}
