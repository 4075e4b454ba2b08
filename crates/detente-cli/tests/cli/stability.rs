//! `detente stability`: reports (snapshots), the JSON contract's content on the bundled cases,
//! coalitions, explanations, the plot and errors.

use serde_json::Value;

use crate::detente;

fn stdout_of(args: &[&str]) -> String {
    let out = detente().arg("stability").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).unwrap()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = detente().arg("stability").args(args).assert().failure();
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect()
}

#[test]
fn text_report_of_the_prisoners_dilemma() {
    insta::assert_snapshot!(stdout_of(&[
        "examples/gmcr/prisoners-dilemma.toml",
        "--explain",
        "1"
    ]));
}

#[test]
fn json_report_of_chicken() {
    insta::assert_json_snapshot!(json_of(&["examples/gmcr/chicken.toml", "--explain", "1"]));
}

#[test]
fn elmira_json_has_the_expected_equilibria_and_the_coalition_result() {
    let coalition = "Ministry of Environment+Uniroyal";
    let report = json_of(&["examples/gmcr/elmira.toml", "--coalitions", coalition]);
    // Expected values derived by hand (see detente-formats/tests/gmcr_cases.rs). detente's states
    // 5, 6, 9 are the papers' 9, 5, 8; detente's 1 and 4 are the papers' 1, 4.
    assert_eq!(numbers(&report["equilibria"]["nash"]), [5, 6, 9]);
    assert_eq!(numbers(&report["equilibria"]["gmr"]), [1, 4, 5, 6, 9]);
    assert_eq!(numbers(&report["equilibria"]["smr"]), [1, 4, 5, 6, 9]);
    assert_eq!(numbers(&report["equilibria"]["seq"]), [5, 6, 9]);
    let coalitions = &report["coalitions"];
    assert_eq!(
        coalitions["coalitions"][0],
        serde_json::json!(["Ministry of Environment", "Uniroyal"])
    );
    assert_eq!(
        coalitions["coalitions"][1],
        serde_json::json!(["Local Government"])
    );
    // The papers' state 5 (detente's 6) is no longer an equilibrium; 8 (detente's 9) is.
    assert_eq!(numbers(&coalitions["equilibria"]["nash"]), [5, 9]);
    assert_eq!(report["states"][5]["pattern"], "NYNNY");
    assert_eq!(report["states"].as_array().unwrap().len(), 9);
    assert_eq!(report["status_quo"]["state"], 1);
}

#[test]
fn explanations_are_legal_sequences_of_the_opponents() {
    let report = json_of(&[
        "examples/gmcr/elmira.toml",
        "--explain",
        "1",
        "--explain",
        "4",
    ]);
    let explanations = report["explanations"].as_array().unwrap();
    assert_eq!(explanations.len(), 2 * 3 * 4);
    let mut sanctions = 0;
    for e in explanations {
        let focal = e["decision_maker"].as_str().unwrap();
        for improvement in e["improvements"].as_array().unwrap() {
            let Some(steps) = improvement["sanction"].as_array() else {
                continue;
            };
            sanctions += 1;
            let movers: Vec<&str> = steps.iter().map(|s| s["mover"].as_str().unwrap()).collect();
            assert!(
                !movers.contains(&focal),
                "the focal decision maker never sanctions itself"
            );
            assert!(
                movers.windows(2).all(|w| w[0] != w[1]),
                "no one moves twice in a row"
            );
        }
    }
    assert!(sanctions > 0);
    // State 1 (both numberings) for the Local Government: GMR stable (the Ministry's modification
    // deters insisting), SEQ unstable (that modification is not credible).
    let lg = |concept: &str| {
        explanations
            .iter()
            .find(|e| {
                e["state"] == 1
                    && e["decision_maker"] == "Local Government"
                    && e["concept"] == concept
            })
            .unwrap()
            .clone()
    };
    assert_eq!(lg("gmr")["stable"], true);
    assert_eq!(
        lg("gmr")["improvements"][0]["sanction"][0]["mover"],
        "Ministry of Environment"
    );
    assert_eq!(lg("seq")["stable"], false);
    assert_eq!(lg("seq")["improvements"][0]["sanction"], Value::Null);
}

#[test]
fn the_cuban_missile_crisis_and_the_illustrative_talks_run() {
    let cuba = json_of(&["examples/gmcr/cuban-missile-crisis.toml"]);
    assert_eq!(numbers(&cuba["equilibria"]["seq"]), [5, 7]);
    let talks = stdout_of(&[
        "examples/gmcr/ukraine-talks.toml",
        "--coalitions",
        "ukraine+united states",
    ]);
    assert!(talks.contains("Illustrative model"), "{talks}");
    assert!(
        talks.contains("Coalitions: Ukraine + United States | Russia"),
        "{talks}"
    );
}

#[test]
fn the_plot_is_an_svg_of_the_state_graph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elmira.svg");
    stdout_of(&[
        "examples/gmcr/elmira.toml",
        "--plot",
        path.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Uniroyal"),
        "{}",
        &svg[..200.min(svg.len())]
    );
}

#[test]
fn bad_input_is_named() {
    let err = stderr_of_failure(&[
        "examples/gmcr/elmira.toml",
        "--coalitions",
        "Ministry+Nobody",
    ]);
    assert!(
        err.contains("no decision maker is named `Ministry`"),
        "{err}"
    );
    let err = stderr_of_failure(&["examples/gmcr/elmira.toml", "--explain", "10"]);
    assert!(err.contains("--explain 10: no such state"), "{err}");
    let err = stderr_of_failure(&["examples/gmcr/missing.toml"]);
    assert!(err.contains("missing.toml"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.toml");
    let model = std::fs::read_to_string(crate::repo_root().join("examples/gmcr/chicken.toml"))
        .unwrap()
        .replace(r#"id = "col_straight""#, r#"id = "row_straight""#);
    std::fs::write(&path, model).unwrap();
    let err = stderr_of_failure(&[path.to_str().unwrap()]);
    assert!(
        err.contains("twice.toml: decision maker `Column`, option `row_straight`"),
        "{err}"
    );
}

#[test]
fn gmcr_plus_save_files_are_read() {
    let report = json_of(&["tests/fixtures/gmcr/dilemma.gmcr"]);
    assert_eq!(report["model"], "dilemma");
    assert_eq!(numbers(&report["equilibria"]["nash"]), [4]);
    assert_eq!(numbers(&report["equilibria"]["gmr"]), [1, 4]);
    assert_eq!(report["options"][0]["reversibility"], "once-taken");
}
