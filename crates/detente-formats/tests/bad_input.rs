//! Bad input never panics: every case below is a clear [`LoadError`] naming the file, where in it,
//! and what is wrong.

use std::path::{Path, PathBuf};

use detente_formats::{load, read_toml_str, LoadError, LoadOptions};

const DOMAIN: &str = r#"<?xml version="1.0"?>
<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" name="colour" type="discrete"><item index="1" value="red"/><item index="2" value="blue"/></issue>
<issue index="2" name="size" type="discrete"><item index="1" value="S"/><item index="2" value="L"/></issue>
</objective></utility_space></negotiation_template>"#;

fn profile(weights: &str, colour_eval: &str) -> String {
    format!(
        r#"<utility_space><objective index="0" name="root">
<issue index="1" name="colour" type="discrete"><item index="1" value="red" evaluation="{colour_eval}"/><item index="2" value="blue" evaluation="1"/></issue>
<issue index="2" name="size" type="discrete"><item index="1" value="S" evaluation="1"/><item index="2" value="L" evaluation="2"/></issue>
{weights}
</objective><reservation value="0.1"/></utility_space>"#
    )
}

const GOOD_WEIGHTS: &str = r#"<weight index="1" value="0.5"/><weight index="2" value="0.5"/>"#;

fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

fn error_of(path: &Path) -> String {
    match load(path, &LoadOptions::default()) {
        Ok(_) => panic!("{} loaded, but should not", path.display()),
        Err(e) => e.to_string(),
    }
}

fn assert_mentions(message: &str, needles: &[&str]) {
    for n in needles {
        assert!(message.contains(n), "`{message}` should mention `{n}`");
    }
}

#[test]
fn the_good_case_loads() {
    let dir = folder(&[
        ("domain.xml", DOMAIN.as_bytes()),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    assert!(load(dir.path(), &LoadOptions::default()).is_ok());
}

#[test]
fn empty_file() {
    let dir = folder(&[
        ("domain.xml", b"  \n"),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    let e = error_of(dir.path());
    assert_mentions(&e, &["domain.xml", "empty"]);
}

#[test]
fn truncated_file() {
    let cut = &DOMAIN[..DOMAIN.len() / 2];
    let dir = folder(&[
        ("domain.xml", cut.as_bytes()),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    let e = error_of(dir.path());
    assert_mentions(&e, &["domain.xml", "line", "truncated"]);
}

#[test]
fn binary_and_non_utf8_files() {
    let dir = folder(&[
        ("domain.xml", b"<a>\n\xff\xfe\x00garbage"),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    let e = error_of(dir.path());
    assert_mentions(&e, &["domain.xml", "line 2", "not UTF-8"]);
    let dir = folder(&[("domain.xml", b"\x00\x01\x02\x03")]);
    assert_mentions(&error_of(dir.path()), &["domain.xml", "not UTF-8"]);
}

#[test]
fn folder_without_domain() {
    let dir = folder(&[("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes())]);
    assert_mentions(&error_of(dir.path()), &["no domain file", "profile file"]);
    let empty = folder(&[]);
    assert_mentions(&error_of(empty.path()), &["no domain file"]);
    let no_profiles = folder(&[("domain.xml", DOMAIN.as_bytes())]);
    assert_mentions(&error_of(no_profiles.path()), &["no profile files"]);
    let two = folder(&[
        ("d1.xml", DOMAIN.as_bytes()),
        ("d2.xml", DOMAIN.as_bytes()),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    assert_mentions(
        &error_of(two.path()),
        &["more than one domain", "d1.xml", "d2.xml"],
    );
}

#[test]
fn profile_for_another_domain() {
    let other = profile(GOOD_WEIGHTS, "3").replace("name=\"size\"", "name=\"weight\"");
    let dir = folder(&[
        ("domain.xml", DOMAIN.as_bytes()),
        ("a.xml", other.as_bytes()),
    ]);
    assert_mentions(
        &error_of(dir.path()),
        &["a.xml", "line 3", "`weight`", "another domain"],
    );
    let other_value = profile(GOOD_WEIGHTS, "3").replace("value=\"red\"", "value=\"green\"");
    let dir = folder(&[
        ("domain.xml", DOMAIN.as_bytes()),
        ("a.xml", other_value.as_bytes()),
    ]);
    assert_mentions(&error_of(dir.path()), &["a.xml", "line 2", "`green`"]);
}

#[test]
fn weights_pointing_at_missing_issues() {
    let weights = r#"<weight index="1" value="0.5"/><weight index="9" value="0.5"/>"#;
    let dir = folder(&[
        ("domain.xml", DOMAIN.as_bytes()),
        ("a.xml", profile(weights, "3").as_bytes()),
    ]);
    assert_mentions(
        &error_of(dir.path()),
        &["a.xml", "`size` has no weight", "index=\"2\""],
    );
}

#[test]
fn nan_negative_and_huge_numbers() {
    for (weights, eval, needle) in [
        (
            r#"<weight index="1" value="NaN"/><weight index="2" value="0.5"/>"#,
            "3",
            "not a finite number",
        ),
        (
            r#"<weight index="1" value="-0.5"/><weight index="2" value="0.5"/>"#,
            "3",
            "negative weight",
        ),
        (
            r#"<weight index="1" value="1e300"/><weight index="2" value="0.5"/>"#,
            "3",
            "implausibly large",
        ),
        (GOOD_WEIGHTS, "-2", "negative evaluation"),
        (GOOD_WEIGHTS, "inf", "not a finite number"),
        (GOOD_WEIGHTS, "lots", "not a number"),
    ] {
        let dir = folder(&[
            ("domain.xml", DOMAIN.as_bytes()),
            ("a.xml", profile(weights, eval).as_bytes()),
        ]);
        assert_mentions(&error_of(dir.path()), &["a.xml", "line", needle]);
    }
    let bad_reservation = profile(GOOD_WEIGHTS, "3").replace("0.1", "NaN");
    let dir = folder(&[
        ("domain.xml", DOMAIN.as_bytes()),
        ("a.xml", bad_reservation.as_bytes()),
    ]);
    assert_mentions(
        &error_of(dir.path()),
        &["a.xml", "<reservation>", "not a finite number"],
    );
}

#[test]
fn integer_range_of_a_quintillion_values_loads_without_tables() {
    let domain = r#"<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" name="grains" type="integer" lowerbound="0" upperbound="1000000000000000000"/>
</objective></utility_space></negotiation_template>"#;
    let prof = r#"<utility_space><objective index="0" name="root">
<issue index="1" name="grains" type="integer" lowerbound="0" upperbound="1000000000000000000"><evaluator ftype="linear" slope="1e-18" offset="0"/></issue>
<weight index="1" value="1"/></objective></utility_space>"#;
    let dir = folder(&[
        ("domain.xml", domain.as_bytes()),
        ("a.xml", prof.as_bytes()),
    ]);
    let loaded = load(dir.path(), &LoadOptions::default()).unwrap();
    let space = loaded.scenario.space();
    assert_eq!(space.count().to_string(), "1000000000000000001");
    let u = &loaded.scenario.parties()[0].profile.utility;
    assert!(!u.supports_indices(), "no table for 10^18 values");
    assert_eq!(u.exact_range(space), Some((0.0, 1.0)));
    let text = r#"name = "big"
[[issues]]
name = "n"
integer = { min = -9223372036854775808, max = 9223372036854775807 }
[[parties]]
name = "p"
issues.n = { weight = 1.0, linear = { slope = 0.0, offset = 0.5 } }
"#;
    let loaded = read_toml_str(text, "big.toml").unwrap();
    assert_eq!(
        loaded.scenario.space().count().to_string(),
        "18446744073709551616"
    );
}

#[test]
fn duplicate_issue_names() {
    let domain = DOMAIN.replace("name=\"size\"", "name=\"colour\"");
    let dir = folder(&[
        ("domain.xml", domain.as_bytes()),
        ("a.xml", profile(GOOD_WEIGHTS, "3").as_bytes()),
    ]);
    assert_mentions(
        &error_of(dir.path()),
        &["domain.xml", "line 4", "`colour` is used twice"],
    );
    let text = "name = \"x\"\n[[issues]]\nname = \"a\"\nvalues = [\"1\"]\n[[issues]]\nname = \"a\"\nvalues = [\"2\"]\n[[parties]]\nname = \"p\"\nissues.a = { weight = 1.0, values = { \"1\" = 1.0 } }\n";
    let e = read_toml_str(text, "dup.toml").unwrap_err().to_string();
    assert_mentions(&e, &["dup.toml", "issues[1]", "used twice"]);
}

#[test]
fn malformed_json_and_toml_name_the_line() {
    let dir = folder(&[(
        "domain.json",
        b"{\n  \"name\": \"x\",\n  \"issuesValues\": {\n",
    )]);
    assert_mentions(
        &error_of(dir.path()),
        &["domain.json", "line 4", "not readable JSON"],
    );
    let e = read_toml_str(
        "name = \"x\"\nissues = []\nparties = []\ncolour = 3\n",
        "t.toml",
    )
    .unwrap_err()
    .to_string();
    assert_mentions(&e, &["t.toml", "line 4", "unknown field"]);
    assert!(matches!(
        read_toml_str("", "t.toml"),
        Err(LoadError::Empty { .. })
    ));
}

#[test]
fn unsupported_paths() {
    let dir = folder(&[("domain.xml", DOMAIN.as_bytes())]);
    let file = dir.path().join("domain.xml");
    assert_mentions(&error_of(&file), &["domain.xml", "pass the folder"]);
    let missing = PathBuf::from("/nonexistent/detente/scenario");
    assert_mentions(&error_of(&missing), &["/nonexistent/detente/scenario"]);
}

#[test]
fn hostile_nesting_is_refused() {
    let deep = format!(
        "{}{}",
        "<objective>".repeat(10_000),
        "</objective>".repeat(10_000)
    );
    let dir = folder(&[("domain.xml", deep.as_bytes())]);
    assert_mentions(&error_of(dir.path()), &["domain.xml", "nested deeper"]);
}

#[test]
fn geniusweb_profile_for_another_domain() {
    let domain = r#"{"name": "d", "issuesValues": {"food": {"values": ["bread", "cake"]}}}"#;
    let profile = r#"{"LinearAdditiveUtilitySpace": {
        "issueUtilities": {"food": {"discreteutils": {"valueUtilities": {"bread": 1.0, "cake": 0.0}}}},
        "issueWeights": {"food": 1.0},
        "domain": {"name": "d", "issuesValues": {"food": {"values": ["bread", "soup"]}}}}}"#;
    let dir = folder(&[
        ("d.json", domain.as_bytes()),
        ("p.json", profile.as_bytes()),
    ]);
    assert_mentions(
        &error_of(dir.path()),
        &["p.json", "embedded domain differs", "`food`"],
    );
    let stranger = profile
        .replace(
            "\"issueWeights\": {\"food\": 1.0}",
            "\"issueWeights\": {\"drink\": 1.0}",
        )
        .replace("soup", "cake");
    let dir = folder(&[
        ("d.json", domain.as_bytes()),
        ("p.json", stranger.as_bytes()),
    ]);
    assert_mentions(&error_of(dir.path()), &["p.json", "`drink`"]);
    let nan_like = profile.replace("\"bread\": 1.0", "\"bread\": 1e999");
    let dir = folder(&[
        ("d.json", domain.as_bytes()),
        ("p.json", nan_like.as_bytes()),
    ]);
    assert!(load(dir.path(), &LoadOptions::default()).is_err());
}

#[test]
fn many_wide_integer_issues_are_refused_before_allocating() {
    let mut text = String::from("name = \"wide\"\n");
    for k in 0..40 {
        text.push_str(&format!(
            "[[issues]]\nname = \"i{k}\"\ninteger = {{ min = 0, max = 4000000 }}\n"
        ));
    }
    text.push_str("[[parties]]\nname = \"p\"\n");
    for k in 0..40 {
        text.push_str(&format!(
            "issues.i{k} = {{ weight = 0.1, constant = 1.0 }}\n"
        ));
    }
    let e = read_toml_str(&text, "wide.toml").unwrap_err().to_string();
    assert_mentions(&e, &["wide.toml", "lookup-table entries"]);
}
