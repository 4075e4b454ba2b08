//! detente's analysis against NegMAS 0.16 golden files (`tests/golden/negmas/analysis/`).
//!
//! Compared to 1e-9: the Pareto utility set (NegMAS's rational frontier), Nash, egalitarian
//! (NegMAS "kalai"), Kalai–Smorodinsky, max welfare and max relative welfare point sets, opposition
//! and rational fraction. Outcomes are not compared: NegMAS keeps one arbitrary outcome per point.

use std::path::{Path, PathBuf};

use detente_core::analysis::{analyze, Analysis, AnalysisConfig, FrontierPoint};
use detente_core::Scenario;
use detente_formats::{load, EvaluationMode, LoadOptions};
use serde_json::Value as Json;

const TOLERANCE: f64 = 1e-9;

fn vectors(json: &Json) -> Vec<Vec<f64>> {
    json.as_array()
        .map(|points| {
            points
                .iter()
                .map(|p| {
                    p.as_array()
                        .expect("a point is a list")
                        .iter()
                        .map(|u| u.as_f64().unwrap_or(f64::NAN))
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (x - y).abs() <= TOLERANCE * (1.0 + x.abs().max(y.abs())) || (x.is_nan() && y.is_nan())
        })
}

/// Same set of vectors (each side has a match on the other within the tolerance).
fn same_set(expected: &[Vec<f64>], actual: &[Vec<f64>]) -> bool {
    expected.iter().all(|e| actual.iter().any(|a| close(e, a)))
        && actual.iter().all(|a| expected.iter().any(|e| close(e, a)))
}

fn scalar_matches(expected: &Json, actual: Option<f64>) -> bool {
    match (expected.as_f64(), actual) {
        (None, None) => true,
        (None, Some(x)) => !x.is_finite(),
        (Some(e), Some(a)) => close(&[e], &[a]),
        (Some(_), None) => false,
    }
}

/// Compares one analysis with one golden file; returns the list of mismatches.
pub fn compare(golden: &Json, analysis: &Analysis) -> Vec<String> {
    let mut problems = Vec::new();
    let golden_parties: Vec<&str> = golden["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|p| p.as_str().unwrap_or_default())
        .collect();
    if golden_parties != analysis.parties {
        problems.push(format!(
            "party order differs: NegMAS {golden_parties:?}, detente {:?}",
            analysis.parties
        ));
        return problems;
    }
    let ours = |points: &[FrontierPoint]| -> Vec<Vec<f64>> {
        points.iter().map(|p| p.utilities.clone()).collect()
    };
    for (key, mine) in [
        ("pareto", ours(&analysis.frontier)),
        ("nash", ours(&analysis.nash)),
        ("kalai", ours(&analysis.egalitarian)),
        ("ks", ours(&analysis.kalai_smorodinsky)),
        ("max_welfare", ours(&analysis.max_welfare)),
        ("max_relative_welfare", ours(&analysis.max_relative_welfare)),
    ] {
        let theirs = vectors(&golden[key]);
        if !same_set(&theirs, &mine) {
            problems.push(format!(
                "{key}: NegMAS has {} points {:?}, detente {} points {:?}",
                theirs.len(),
                theirs.iter().take(4).collect::<Vec<_>>(),
                mine.len(),
                mine.iter().take(4).collect::<Vec<_>>()
            ));
        }
    }
    let ranges = vectors(&golden["ranges"]);
    let my_ranges: Vec<Vec<f64>> = analysis.ranges.iter().map(|r| vec![r.0, r.1]).collect();
    if !ranges.is_empty() && !same_list(&ranges, &my_ranges) {
        problems.push(format!("ranges: NegMAS {ranges:?}, detente {my_ranges:?}"));
    }
    if !scalar_matches(&golden["opposition"], Some(analysis.opposition)) {
        problems.push(format!(
            "opposition: NegMAS {}, detente {}",
            golden["opposition"], analysis.opposition
        ));
    }
    if !scalar_matches(&golden["rational_fraction"], analysis.rational_fraction) {
        problems.push(format!(
            "rational_fraction: NegMAS {}, detente {:?}",
            golden["rational_fraction"], analysis.rational_fraction
        ));
    }
    problems
}

fn same_list(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(x, y))
}

fn restrict_to(scenario: &Scenario, names: &Json) -> Scenario {
    let names: Vec<&str> = names
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    let parties: Vec<_> = names
        .iter()
        .filter_map(|n| scenario.parties().iter().find(|p| p.name == *n).cloned())
        .collect();
    if parties.len() == names.len() && parties.len() < scenario.parties().len() {
        Scenario::new(scenario.name.clone(), scenario.space().clone(), parties)
            .expect("a subset of a valid scenario's parties is valid")
    } else {
        scenario.clone()
    }
}

/// Analyses the scenario at `folder` with NegMAS's reading and compares it with `golden_file`.
pub fn check(folder: &Path, golden_file: &Path) -> Vec<String> {
    let golden: Json =
        serde_json::from_str(&std::fs::read_to_string(golden_file).expect("readable golden file"))
            .expect("golden file is JSON");
    let options = LoadOptions {
        evaluation: EvaluationMode::Raw,
    };
    let loaded = match load(folder, &options) {
        Ok(l) => l,
        Err(e) => return vec![format!("cannot load: {e}")],
    };
    // NegMAS leaves out profiles it cannot read (its golden lists a "repairs" note): analyse the
    // same parties it did.
    let scenario = restrict_to(&loaded.scenario, &golden["parties"]);
    match analyze(&scenario, &AnalysisConfig::default()) {
        Ok(a) => compare(&golden, &a),
        Err(e) => vec![format!("cannot analyse: {e}")],
    }
}

/// The golden JSON files in `dir`, sorted by name.
pub fn golden_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn agrees_with_negmas_on_every_generated_fixture() {
    let files = golden_files(&super::repo_root().join("tests/golden/negmas/analysis/fixtures"));
    assert!(!files.is_empty(), "no analysis golden files");
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_stem().expect("file name").to_string_lossy();
        let folder = super::repo_root()
            .join("tests/fixtures/generated")
            .join(&*name);
        for problem in check(&folder, file) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
