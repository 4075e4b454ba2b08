//! Bad input on every scenario command: a one-line error that names the problem and a non-zero
//! exit, never a panic; and every subcommand's `--help` works.

use crate::detente;

const SCENARIO: &str = "tests/fixtures/generated/gen-2p-10";

/// The commands that take a scenario, with the arguments each needs besides the path.
const COMMANDS: [(&str, &[&str]); 4] = [
    ("inspect", &[]),
    ("analyze", &[]),
    ("negotiate", &["--agents", "boulware,linear"]),
    ("talks", &[]),
];

/// Runs `detente args…`, expects failure, and returns the error line (stderr must hold exactly
/// one line starting `error:`, and no panic).
fn error_of(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
    errors[0].to_string()
}

fn with_scenario<'a>(command: &'a str, path: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let (_, needs) = COMMANDS.iter().find(|(c, _)| *c == command).unwrap();
    let mut args = vec![command, path];
    args.extend_from_slice(needs);
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_missing_path_is_named_once() {
    for (command, _) in COMMANDS {
        let error = error_of(&with_scenario(command, "no/such/scenario", &[]));
        assert!(error.contains("`no/such/scenario`"), "{command}: {error}");
        // The I/O cause appears once, not repeated by each layer of context.
        assert_eq!(error.matches("os error 2").count(), 1, "{command}: {error}");
    }
}

#[test]
fn a_folder_without_a_scenario_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    for (command, _) in COMMANDS {
        let error = error_of(&with_scenario(command, path, &[]));
        assert!(error.contains("no domain file found"), "{command}: {error}");
    }
}

#[test]
fn an_unknown_agent_is_named_with_the_known_ones() {
    let error = error_of(&["negotiate", SCENARIO, "--agents", "nosuchagent,linear"]);
    assert!(error.contains("unknown agent `nosuchagent`"), "{error}");
    assert!(error.contains("boulware"), "{error}");
}

#[test]
fn zero_counts_are_rejected() {
    for (command, extra) in [
        ("analyze", ["--threads", "0"]),
        ("negotiate", ["--threads", "0"]),
        ("negotiate", ["--steps", "0"]),
        ("talks", ["--rounds", "0"]),
    ] {
        let error = error_of(&with_scenario(command, SCENARIO, &extra));
        assert!(error.contains(extra[0]), "{command}: {error}");
        assert!(error.contains("at least 1"), "{command}: {error}");
    }
}

#[test]
fn a_plot_in_a_missing_folder_fails_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("plot.png");
    let target = target.to_str().unwrap();
    for (command, _) in COMMANDS.iter().skip(1) {
        let error = error_of(&with_scenario(command, SCENARIO, &["--plot", target]));
        assert!(error.contains("no-such-folder"), "{command}: {error}");
        assert!(error.contains("does not exist"), "{command}: {error}");
    }
}

#[test]
fn an_unknown_plot_format_fails_before_the_run() {
    for (command, _) in COMMANDS.iter().skip(1) {
        let error = error_of(&with_scenario(command, SCENARIO, &["--plot", "x.gif"]));
        assert!(error.contains(".svg or .png"), "{command}: {error}");
    }
}

#[test]
fn every_subcommand_has_help() {
    for command in [
        "inspect",
        "analyze",
        "negotiate",
        "talks",
        "serve",
        "audit",
        "audit verify",
    ] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let out = detente().args(&args).assert().success();
        let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(
            help.contains(&format!("Usage: detente {command}")),
            "{command}: {help}"
        );
    }
}
