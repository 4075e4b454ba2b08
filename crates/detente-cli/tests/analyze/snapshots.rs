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
    let base = ["analyze", &fixture("gen-2p-5000"), "--format", "json", "--method", "enumeration"];
    let one = run(&[&base[..], &["--threads", "1"]].concat());
    let three = run(&[&base[..], &["--threads", "3"]].concat());
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).expect("JSON");
        v["method"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&one), strip(&three));
    // And enumeration agrees with the issue merge.
    let merged = run(&["analyze", &fixture("gen-2p-5000"), "--format", "json", "--method", "issue-merge"]);
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
