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
        "questions",
    ] {
        assert!(j.get(key).is_some(), "missing `{key}`");
    }
    for key in [
        "nash_product",
        "agreement_nash_product",
        "nash_share",
        "bounds_hold",
    ] {
        assert!(
            j["reference"].get(key).is_some(),
            "missing `reference.{key}`"
        );
    }
    // At the Nash point the share of the Nash product is whole, and the trusted mediator's
    // exact margin is its own bounds.
    assert_eq!(j["reference"]["nash_share"].as_f64(), Some(1.0));
    assert_eq!(
        j["reference"]["nash_product"],
        j["reference"]["agreement_nash_product"]
    );
    assert_eq!(j["reference"]["bounds_hold"], true);
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

/// Every question put in a caucus, by party name, from the rounds' exchanges.
fn exchanges_per_party(j: &Json) -> std::collections::BTreeMap<String, u64> {
    let mut asked = std::collections::BTreeMap::new();
    for round in j["rounds"].as_array().unwrap() {
        for c in round["caucuses"].as_array().unwrap() {
            let n = c["exchanges"].as_array().unwrap().len() as u64;
            *asked
                .entry(c["party"].as_str().unwrap().to_owned())
                .or_default() += n;
        }
    }
    asked
}

#[test]
fn simulated_parties_and_noise_are_seeded_and_reported() {
    let path = example("supply-contract.toml");
    let path = path.to_str().unwrap();
    let args = [
        "talks",
        path,
        "--mediator",
        "blind",
        "--parties",
        "truthful",
        "--answer-noise",
        "0.3",
        "--seed",
        "5",
        "--rounds",
        "6",
    ];
    let first = run(&[&args[..], &["--format", "json"]].concat());
    let again = run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(first, again, "the same seed gives the same talks");
    let j: Json = serde_json::from_str(&first).unwrap();
    // Questions: per round and in total, as many as the exchanges held.
    let asked = exchanges_per_party(&j);
    let total = j["questions"]["total"].as_object().unwrap();
    for (party, n) in &asked {
        assert_eq!(total[party].as_u64(), Some(*n), "{party}");
    }
    let per_round: u64 = j["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["questions"].as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(per_round, asked.values().sum::<u64>());
    let issues = j["issues"].as_array().unwrap().len() as f64;
    let mean = asked.values().sum::<u64>() as f64 / (2.0 * issues);
    let reported = j["questions"]["per_issue_per_party"].as_f64().unwrap();
    assert!((reported - mean).abs() < 1e-12, "{reported} vs {mean}");
    for m in j["margin"].as_array().unwrap() {
        let contradictions = m["contradictions"].as_array().unwrap();
        assert_eq!(m["inconsistent"], !contradictions.is_empty());
        for c in contradictions {
            assert!(c["party"].is_string() && c["round"].is_u64() && c["question"].is_string());
        }
    }
    assert!(j["reference"]["bounds_hold"].is_boolean());
    // Truthful delegations answer questions about single issues (scripted ones cannot say).
    let miami = example("miami.toml");
    let j = json(&["talks", miami.to_str().unwrap(), "--parties", "truthful"]);
    let said = serde_json::to_string(&j["rounds"]).unwrap();
    assert!(!said.contains("cannot-say"), "{said}");
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
    let refused = |flag: &str, value: &str, says: &str| {
        let out = detente()
            .args(["talks", path.to_str().unwrap(), flag, value])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    };
    refused(
        "--answer-noise",
        "1.5",
        "the answer noise must be a probability from 0 to 1, got 1.5",
    );
    refused("--answer-noise", "-0.1", "a probability from 0 to 1");
    refused("--answer-noise", "often", "`often` is not a number");
    refused(
        "--parties",
        "wizard",
        "give `truthful` or an engine agent name",
    );
}

/// Every 2- and 3-party scenario of the shared corpus runs to a result with both mediators (a
/// scenario with a real-valued issue is refused with a hint, and runs with `--grid`). Needs
/// `DETENTE_CORPUS` (the shared folder); skipped otherwise.
#[test]
fn corpus_scenarios_run_with_both_mediators() {
    let Some(corpus) = std::env::var_os("DETENTE_CORPUS") else {
        eprintln!("skipped: set DETENTE_CORPUS to the shared corpus folder to run this test");
        return;
    };
    let corpus = PathBuf::from(corpus);
    let mut ran = 0;
    for sub in ["domains", "domains-geniusweb"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(sub)) else {
            continue;
        };
        let mut folders: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let Ok(loaded) = detente_formats::load(&folder, &Default::default()) else {
                continue;
            };
            if !(2..=3).contains(&loaded.scenario.parties().len()) {
                continue;
            }
            let countable = loaded.scenario.space().radices().is_some();
            for mediator in ["trusted", "blind"] {
                let out = detente()
                    .args(["talks", folder.to_str().unwrap(), "--mediator", mediator])
                    .args(["--rounds", "8", "--format", "json"])
                    .output()
                    .unwrap();
                let out = if countable {
                    out
                } else {
                    // Refused with a hint, then run on an explicit grid.
                    assert!(!out.status.success());
                    assert!(String::from_utf8_lossy(&out.stderr).contains("--grid"));
                    detente()
                        .args(["talks", folder.to_str().unwrap(), "--mediator", mediator])
                        .args(["--rounds", "8", "--grid", "11", "--format", "json"])
                        .output()
                        .unwrap()
                };
                assert!(
                    out.status.success(),
                    "{}: {}",
                    folder.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
                let j: Json = serde_json::from_slice(&out.stdout).unwrap();
                assert!(j["ending"]["kind"].is_string(), "{}", folder.display());
                if mediator == "trusted" && j["reference"]["nash"].is_object() {
                    assert_eq!(
                        j["agreement"],
                        j["reference"]["nash"]["package"],
                        "{}",
                        folder.display()
                    );
                }
                ran += 1;
            }
        }
    }
    assert!(
        ran > 0,
        "no corpus scenario found under {}",
        corpus.display()
    );
}
