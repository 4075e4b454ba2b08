//! `detente inspect`: text and JSON reports (snapshots), the JSON contract's keys, and errors.

use serde_json::Value;

use crate::detente;

const QUIRKS: &str = "tests/fixtures/genius-quirks";

fn stdout_of(args: &[&str]) -> String {
    let out = detente().arg("inspect").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).unwrap()
}

#[test]
fn text_report_of_repaired_genius_files() {
    insta::assert_snapshot!(stdout_of(&[&format!("{QUIRKS}/ampersand-glued")]));
}

#[test]
fn text_report_of_index_quirks() {
    insta::assert_snapshot!(stdout_of(&[&format!("{QUIRKS}/index-quirks")]));
}

#[test]
fn text_report_of_hyper_rectangles_raw() {
    insta::assert_snapshot!(stdout_of(&[
        &format!("{QUIRKS}/hyperrect-comment-first"),
        "--evaluation",
        "raw"
    ]));
}

#[test]
fn json_report_of_numeric_evaluators() {
    let report = json_of(&[&format!("{QUIRKS}/numeric-evaluators")]);
    assert_eq!(report["outcomes"], Value::Null, "a real issue: infinite");
    insta::assert_json_snapshot!(report);
}

#[test]
fn json_report_of_geniusweb() {
    insta::assert_json_snapshot!(json_of(&[&format!("{QUIRKS}/geniusweb")]));
}

#[test]
fn json_report_of_the_example_toml() {
    let report = json_of(&["examples/holiday.toml"]);
    assert_eq!(report["outcomes"], 117);
    for key in ["issues", "parties", "warnings"] {
        assert!(report[key].is_array(), "{key}");
    }
    for party in report["parties"].as_array().unwrap() {
        for key in ["name", "reservation", "discount", "utility_range"] {
            assert!(!party[key].is_null(), "{key}");
        }
    }
    insta::assert_json_snapshot!(report);
}

#[test]
fn outcome_counts_beyond_2_to_53_are_strings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(
        &path,
        "name = \"big\"\n[[issues]]\nname = \"a\"\ninteger = { min = 0, max = 999999999999 }\n\
         [[issues]]\nname = \"b\"\ninteger = { min = 1, max = 1000000 }\n[[parties]]\nname = \"p\"\n\
         issues.a = { weight = 0.5, linear = { slope = 1e-12 } }\nissues.b = { weight = 0.5, constant = 1.0 }\n",
    )
    .unwrap();
    let report = json_of(&[path.to_str().unwrap()]);
    assert_eq!(report["outcomes"], "1000000000000000000");
    // 0.5·1e-12·x over x ∈ [0, 999999999999], plus 0.5: exact from the linear form, no enumeration.
    let range = report["parties"][0]["utility_range"].as_array().unwrap();
    assert_eq!(range[0], 0.5);
    assert!((range[1].as_f64().unwrap() - (0.5 + 0.5 * 0.999999999999)).abs() < 1e-12);
}

#[test]
fn errors_exit_non_zero_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("domain.xml"),
        "<negotiation_template><utility_space>",
    )
    .unwrap();
    let out = detente().arg("inspect").arg(dir.path()).assert().failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("domain.xml") && stderr.contains("line 1"),
        "{stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
}

#[test]
fn a_missing_path_is_an_error() {
    let out = detente()
        .args(["inspect", "no/such/folder"])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no/such/folder"), "{stderr}");
}
