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
            eprintln!("error: {}", one_line(&err));
            std::process::ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line. Library errors that already show their source in their
/// own message (`path: No such file …`) would otherwise print that source twice.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut last = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if last.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
        last = text;
    }
    line
}
