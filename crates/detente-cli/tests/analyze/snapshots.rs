//! Snapshots of the text and JSON reports, and the command's error messages.

use assert_cmd::Command;

fn detente() -> Command {
    Command::cargo_bin("detente").expect("binary built")
}

fn fixture(name: &str) -> String {
    super::repo_root()
        .join("tests/fixtures/generated")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> String {
    let out = detente().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn text_report() {
    let text = run(&["analyze", &fixture("gen-2p-1000"), "--evaluation", "raw"]);
    insta::assert_snapshot!(text);
}

#[test]
fn json_report() {
    let text = run(&[
        "analyze",
        &fixture("gen-3p-100"),
        "--evaluation",
        "raw",
        "--format",
        "json",
        "--max-listed",
        "3",
    ]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    insta::assert_json_snapshot!(json);
}

#[test]
fn thread_count_does_not_change_the_report() {
    let base = [
        "analyze",
        &fixture("gen-2p-5000"),
        "--format",
        "json",
        "--method",
        "enumeration",
    ];
    let one = run(&[&base[..], &["--threads", "1"]].concat());
    let three = run(&[&base[..], &["--threads", "3"]].concat());
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).expect("JSON");
        v["method"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&one), strip(&three));
    // And enumeration agrees with the issue merge.
    let merged = run(&[
        "analyze",
        &fixture("gen-2p-5000"),
        "--format",
        "json",
        "--method",
        "issue-merge",
    ]);
    assert_eq!(strip(&one), strip(&merged));
}

#[test]
fn plot_writes_svg_and_png() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["space.svg", "space.png"] {
        let path = dir.path().join(name);
        run(&[
            "analyze",
            &fixture("gen-3p-100"),
            "--plot",
            path.to_str().expect("UTF-8 path"),
        ]);
        let size = std::fs::metadata(&path).expect("plot written").len();
        assert!(size > 1000, "{name} is only {size} bytes");
    }
}

#[test]
fn unknown_plot_format_is_a_clear_error() {
    let out = detente()
        .args(["analyze", &fixture("gen-2p-10"), "--plot", "x.gif"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".svg or .png"), "{err}");
}

/// Two parties with opposed preferences and demanding reservations: no zone, so the report names
/// the blocking issues.
fn no_zone_scenario() -> detente_core::Scenario {
    use detente_core::{
        Evaluator, Issue, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Party, Profile,
        Scenario, UtilityFunction,
    };
    let space = OutcomeSpace::new(vec![
        Issue::discrete("price", ["low", "mid", "high"]).unwrap(),
        Issue::discrete("delivery", ["fast", "slow"]).unwrap(),
        Issue::discrete("warranty", ["none", "1y", "3y"]).unwrap(),
    ])
    .unwrap();
    let party = |name: &str, weights: [f64; 3], tables: [Vec<f64>; 3], reservation: f64| {
        let issues = weights
            .iter()
            .zip(tables)
            .map(|(&weight, t)| IssueUtility {
                weight,
                evaluator: Evaluator::Table(t),
            })
            .collect();
        let u = LinearAdditiveUtility::new(name, &space, 0.0, issues, None).unwrap();
        Party {
            name: name.into(),
            description: None,
            profile: Profile::new(name, UtilityFunction::LinearAdditive(u), reservation, 1.0)
                .unwrap(),
        }
    };
    let buyer = party(
        "buyer",
        [0.6, 0.1, 0.3],
        [vec![1.0, 0.5, 0.0], vec![1.0, 0.0], vec![0.0, 0.6, 1.0]],
        0.75,
    );
    let seller = party(
        "seller",
        [0.7, 0.2, 0.1],
        [vec![0.0, 0.5, 1.0], vec![0.2, 1.0], vec![1.0, 0.5, 0.0]],
        0.7,
    );
    Scenario::new("no-zone", space, vec![buyer, seller]).unwrap()
}

#[test]
fn no_zone_report_names_the_blocking_issues() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-zone.toml");
    std::fs::write(&path, detente_formats::write_toml(&no_zone_scenario())).expect("written");
    let text = run(&["analyze", path.to_str().expect("UTF-8 path")]);
    assert!(text.contains("NO ZONE"), "{text}");
    insta::assert_snapshot!(text);
}
