//! `detente talks` end to end: both examples load and run, the Miami minutes and communiqué are
//! snapshotted, the JSON contract holds, `--out` and `--plot` write their files.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value as Json;

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

fn run(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Json {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&run(&all)).unwrap()
}

#[test]
fn both_examples_load_with_the_standard_loader() {
    for name in ["miami.toml", "supply-contract.toml"] {
        let loaded = detente_formats::load(&example(name), &Default::default()).unwrap();
        assert_eq!(loaded.scenario.parties().len(), 2, "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
    }
}

#[test]
fn miami_minutes() {
    let path = example("miami.toml");
    let text = run(&["talks", path.to_str().unwrap()]);
    insta::assert_snapshot!("miami_blind_minutes", text);
    let text = run(&["talks", path.to_str().unwrap(), "--mediator", "trusted"]);
    insta::assert_snapshot!("miami_trusted_minutes", text);
}

#[test]
fn miami_reproduces_the_pattern_with_either_mediator_and_any_seed() {
    let path = example("miami.toml");
    for mediator in ["blind", "trusted"] {
        for seed in ["0", "1", "2", "3"] {
            let j = json(&[
                "talks",
                path.to_str().unwrap(),
                "--mediator",
                mediator,
                "--seed",
                seed,
            ]);
            assert_eq!(j["agreement"], Json::Null);
            assert_eq!(j["utilities"], Json::Null);
            assert_eq!(j["ending"]["kind"], "deadline");
            assert_eq!(j["open_channels"].as_array().unwrap().len(), 2);
            assert!(j["reference"]["margin"].as_f64().unwrap() < 0.0, "no zone");
            for round in j["rounds"].as_array().unwrap() {
                assert_eq!(
                    round["caucuses"].as_array().unwrap().len(),
                    2,
                    "separate meetings"
                );
                assert_eq!(round["joint_session"], Json::Null);
            }
            let communique = j["communique"].as_str().unwrap();
            assert!(communique.contains("did not meet at the same table"));
            assert!(communique.contains("No agreement was reached."));
            assert!(communique.contains("produced no concrete progress"));
            assert!(communique.contains("Channels with both delegations remain open."));
            if mediator == "blind" && seed == "0" {
                insta::assert_snapshot!("miami_communique", communique);
            }
        }
    }
}

#[test]
fn json_contract_has_the_documented_fields() {
    let path = example("supply-contract.toml");
    let j = json(&["talks", path.to_str().unwrap(), "--mediator", "trusted"]);
    for key in [
        "version",
        "scenario",
        "mediator",
        "parties",
        "issues",
        "rounds_planned",
        "ending",
        "agreement",
        "utilities",
        "rounds",
        "margin",
        "ledger",
        "walkouts",
        "open_channels",
        "transcripts",
        "communique",
        "reference",
    ] {
        assert!(j.get(key).is_some(), "missing `{key}`");
    }
    let rounds = j["rounds"].as_array().unwrap().len();
    assert_eq!(
        j["margin"].as_array().unwrap().len(),
        rounds,
        "one margin entry per round"
    );
    let transcripts = j["transcripts"].as_object().unwrap();
    assert_eq!(
        transcripts.keys().collect::<Vec<_>>(),
        vec!["Supplier", "Carmaker"]
    );
    for (party, caucuses) in transcripts {
        for c in caucuses.as_array().unwrap() {
            assert_eq!(
                &c["party"], party,
                "a transcript holds only its party's caucuses"
            );
        }
    }
    // The trusted mediator reaches the Nash point on a scenario with a zone.
    assert_eq!(j["agreement"], j["reference"]["nash"]["package"]);
    assert_eq!(j["utilities"], j["reference"]["nash"]["utilities"]);
    assert_eq!(j["reference"]["distance_to_nash"].as_f64(), Some(0.0));
}

#[test]
fn out_writes_communique_report_and_one_transcript_per_party() {
    let dir = tempfile::tempdir().unwrap();
    let path = example("miami.toml");
    run(&[
        "talks",
        path.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    assert!(read("communique.txt").contains("No agreement was reached."));
    assert!(read("mediator-report.txt").contains("DISCLOSURE LEDGER"));
    for (own, other) in [("ukraine", "Russia"), ("russia", "Ukraine")] {
        let t = read(&format!("transcript-{own}.txt"));
        assert!(t.contains("Private report for the delegation of"));
        assert!(!t.contains(&format!("– {other} (separate meeting)")));
        assert!(!t.contains("priorities: ") || t.matches("priorities: ").count() == 1);
    }
}

#[test]
fn plot_writes_an_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("margin.svg");
    let path = example("supply-contract.toml");
    run(&[
        "talks",
        path.to_str().unwrap(),
        "--mediator",
        "blind",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(svg).unwrap();
    assert!(text.starts_with("<svg"));
    assert!(text.contains("Margin after each round"));
    assert!(text.contains("Tested packages in utility space"));
}

#[test]
fn bad_arguments_are_clear_errors() {
    let path = example("miami.toml");
    let out = detente()
        .args(["talks", path.to_str().unwrap(), "--rounds", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rounds must be at least 1"));
    let out = detente()
        .args(["talks", "no-such-file.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.toml"));
}
