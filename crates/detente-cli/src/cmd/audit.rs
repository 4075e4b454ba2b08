//! `detente audit verify`: recompute every talk's hash chain in a service database.

use anyhow::Context;
use serde::Serialize;

use super::OutputFormat;

/// Arguments of `detente audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AuditCommand {
    /// Verify every talk's hash chain (links, commitments, gap-free sequence, readable events).
    Verify(VerifyArgs),
}

/// Arguments of `detente audit verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The service's database: a SQLite file or a `postgres://` URL.
    #[arg(long, default_value = "detente.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct Broken<'a> {
    talk: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct VerifyJson<'a> {
    talks: u64,
    events: u64,
    intact: bool,
    broken: Vec<Broken<'a>>,
}

/// Runs the subcommand; fails (exit code 1) when any chain is broken.
pub fn run(args: AuditArgs) -> anyhow::Result<()> {
    let AuditCommand::Verify(args) = args.command;
    if !args.db.contains("://") && !std::path::Path::new(&args.db).exists() {
        anyhow::bail!(
            "no database at `{}` (hint: pass --db PATH or a postgres:// URL)",
            args.db
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(async {
        let store = detente_server::store::open(&args.db).await?;
        detente_server::verify::verify_all(store.as_ref()).await
    })?;
    match args.format {
        OutputFormat::Json => {
            let json = VerifyJson {
                talks: report.talks,
                events: report.events,
                intact: report.broken.is_empty(),
                broken: report
                    .broken
                    .iter()
                    .map(|b| Broken {
                        talk: &b.talk,
                        reason: &b.reason,
                    })
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        OutputFormat::Text => {
            for b in &report.broken {
                println!("talk {}: {}", b.talk, b.reason);
            }
            println!(
                "{} talks, {} events checked: {}",
                report.talks,
                report.events,
                if report.broken.is_empty() {
                    "every chain is intact".to_string()
                } else {
                    format!("{} broken", report.broken.len())
                }
            );
        }
    }
    if report.broken.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} talk(s) failed verification", report.broken.len())
    }
}
