//! Comparing detente's raw-mode utilities with NegMAS golden files (format: BRIEF / golden README).

use std::path::{Path, PathBuf};

use detente_core::OutcomeSpace;
use detente_formats::Loaded;

#[derive(serde::Deserialize)]
struct Golden {
    parties: Vec<String>,
    issues: Vec<String>,
    outcomes: serde_json::Value,
    ranks: Option<Vec<serde_json::Value>>,
    utilities: Vec<Vec<f64>>,
    reserved: Vec<f64>,
    #[serde(default)]
    repairs: Option<Vec<String>>,
}

pub fn golden_dir() -> PathBuf {
    match std::env::var_os("DETENTE_NEGMAS_GOLDEN") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/negmas"),
    }
}

/// Compares raw-mode utilities of `loaded` with a NegMAS golden file, to 1e-12 (relative for
/// utilities beyond 1, which raw GENIUS evaluations reach).
#[allow(dead_code)] // each test binary uses a subset
pub fn compare_with_golden(label: &str, loaded: &Loaded, golden_file: &Path) -> usize {
    let text = std::fs::read_to_string(golden_file).unwrap();
    let golden: Golden = serde_json::from_str(&text).unwrap();
    let scenario = &loaded.scenario;
    let names: Vec<&str> = scenario.parties().iter().map(|p| p.name.as_str()).collect();
    // A repaired golden may leave out profiles NegMAS cannot read (BuildingConstruction's blank
    // templates); the rest keep their order.
    let positions: Vec<usize> = golden
        .parties
        .iter()
        .map(|g| {
            names
                .iter()
                .position(|n| n == g)
                .unwrap_or_else(|| panic!("{label}: golden party {g} is not a detente party"))
        })
        .collect();
    if golden.repairs.is_none() {
        assert_eq!(golden.parties, names, "{label}: party order");
    }
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{label}: party order"
    );
    // NegMAS adds a one-valued DUMMY_ISSUE for every gap in the issue indices; detente folds it
    // into the bias, so it does not appear among detente's issues.
    let issues: Vec<&str> = golden
        .issues
        .iter()
        .map(String::as_str)
        .filter(|n| *n != "DUMMY_ISSUE")
        .collect();
    let ours: Vec<&str> = scenario.space().issues().iter().map(|i| i.name()).collect();
    assert_eq!(issues, ours, "{label}: issue order");
    let Some(size) = scenario.space().enumerable_size() else {
        eprintln!(
            "{label}: {} outcomes: beyond u64 ranks, not compared",
            scenario.space().count()
        );
        return 0;
    };
    assert_eq!(golden.outcomes.as_u64(), Some(size), "{label}: outcomes");
    let ranks: Vec<u64> = match golden.ranks {
        None => (0..size).collect(),
        Some(list) => list
            .iter()
            .map(|r| {
                r.as_u64()
                    .unwrap_or_else(|| panic!("{label}: rank {r} is not a u64"))
            })
            .collect(),
    };
    let radices = scenario.space().radices().unwrap();
    let mut idx = vec![0u32; radices.len()];
    let mut compared = 0;
    for (p, &position) in positions.iter().enumerate() {
        let party = &scenario.parties()[position];
        let r = party.profile.reservation;
        assert!(
            (r - golden.reserved[p]).abs() <= 1e-12,
            "{label}/{}: reservation {r} vs {}",
            party.name,
            golden.reserved[p]
        );
        for (k, &rank) in ranks.iter().enumerate() {
            assert!(OutcomeSpace::unrank_into(&radices, rank, &mut idx));
            let ours = party.profile.utility.utility_of_indices(&idx);
            let theirs = golden.utilities[p][k];
            assert!(
                (ours - theirs).abs() <= 1e-12 * theirs.abs().max(1.0),
                "{label}/{}: rank {rank}: detente {ours} vs NegMAS {theirs}",
                party.name
            );
            compared += 1;
        }
    }
    compared
}
