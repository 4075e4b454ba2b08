//! `detente negotiate` end to end: the JSON contract, batches, traces and plots.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value as Json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/generated")
        .join(name)
}

fn negotiate(args: &[&str]) -> Json {
    let out = Command::cargo_bin("detente")
        .unwrap()
        .arg("negotiate")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn one_negotiation_reports_the_contract_keys_and_matches_negmas() {
    let path = fixture("gen-2p-100");
    let report = negotiate(&[
        path.to_str().unwrap(),
        "--agents",
        "boulware,linear",
        "--evaluation",
        "raw",
    ]);
    let golden: Json = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/golden/negmas/sao/fixtures/gen-2p-100.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let run = golden["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agents"] == serde_json::json!(["boulware", "linear"]))
        .unwrap();
    assert_eq!(report["steps"], run["step"]);
    assert_eq!(report["reason"], "agreement");
    let ours: Vec<f64> = serde_json::from_value(report["utilities"].clone()).unwrap();
    let theirs: Vec<f64> = serde_json::from_value(run["utilities"].clone()).unwrap();
    assert!(ours.iter().zip(&theirs).all(|(a, b)| (a - b).abs() < 1e-9));
    let agreement = report["agreement"].as_object().unwrap();
    assert_eq!(agreement.len(), 3, "one value per issue: {agreement:?}");
    assert!(report["pareto_distance"].as_f64().unwrap() >= 0.0);
    assert!(report["nash_distance"].as_f64().unwrap() >= 0.0);
}

#[test]
fn a_batch_is_the_same_on_one_and_two_threads() {
    let path = fixture("gen-2p-1000");
    let run = |threads: &str| {
        let mut r = negotiate(&[
            path.to_str().unwrap(),
            "--agents",
            "random,agentk",
            "--repeat",
            "40",
            "--seed",
            "7",
            "--threads",
            threads,
        ]);
        assert!(r["per_second"].as_f64().unwrap() > 0.0);
        assert_eq!(r["threads"].as_u64().unwrap().to_string(), threads);
        let obj = r.as_object_mut().unwrap();
        for timing in ["per_second", "seconds", "threads"] {
            obj.remove(timing);
        }
        r
    };
    let one = run("1");
    assert_eq!(one["negotiations"], 40);
    let rate = one["agreement_rate"].as_f64().unwrap();
    assert_eq!(rate, one["agreements"].as_f64().unwrap() / 40.0);
    assert_eq!(one, run("2"));
}

#[test]
fn traces_are_written_as_csv_and_json_lines_and_plots_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("gen-2p-10");
    let csv = dir.path().join("t.csv");
    let jsonl = dir.path().join("t.jsonl");
    let svg = dir.path().join("p.svg");
    for trace in [&csv, &jsonl] {
        let report = negotiate(&[
            path.to_str().unwrap(),
            "--agents",
            "conceder,conceder",
            "--steps",
            "20",
            "--trace",
            trace.to_str().unwrap(),
            "--plot",
            svg.to_str().unwrap(),
        ]);
        assert_eq!(report["reason"], "agreement");
    }
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = csv_text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "seed,step,time,party,action,issue1,issue2,u_party1,u_party2"
    );
    let rows: Vec<&str> = lines.collect();
    let json_rows: Vec<Json> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), json_rows.len());
    assert_eq!(json_rows[0]["action"], "offer");
    assert_eq!(json_rows[0]["party"], "party1");
    assert_eq!(json_rows.last().unwrap()["action"], "accept");
    assert_eq!(json_rows[0]["utilities"].as_array().unwrap().len(), 2);
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.starts_with("<svg") && svg_text.contains("Pareto frontier"));
}

#[test]
fn wrong_agent_count_and_unknown_agents_are_clear_errors() {
    let path = fixture("gen-2p-10");
    let err = Command::cargo_bin("detente")
        .unwrap()
        .args(["negotiate", path.to_str().unwrap(), "--agents", "boulware"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("2 parties") && err.contains("one agent per party"),
        "{err}"
    );
    let err = Command::cargo_bin("detente")
        .unwrap()
        .args([
            "negotiate",
            path.to_str().unwrap(),
            "--agents",
            "boulware,nobody",
        ])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err)
        .unwrap()
        .contains("unknown agent `nobody`"));
}

#[test]
fn single_text_protocols_run_from_the_command_line() {
    let path = fixture("gen-3p-100");
    for protocol in ["veto", "hill", "anneal"] {
        let r = negotiate(&[
            path.to_str().unwrap(),
            "--agents",
            "boulware,linear,conceder",
            "--protocol",
            protocol,
            "--steps",
            "300",
        ]);
        assert_eq!(r["protocol"], protocol);
        assert!(r["steps"].as_u64().unwrap() <= 300);
        assert!(matches!(
            r["reason"].as_str().unwrap(),
            "agreement" | "not_ratified"
        ));
    }
}
