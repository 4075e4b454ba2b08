//! `detente`: the command-line front end. Argument parsing and printing only; the work is done by
//! `detente-core` and `detente-formats`. One module per subcommand under `cmd/`.

mod cmd;
mod plot;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
