//! The shared research corpus: every scenario loads, with the right outcome count, utilities in
//! GENIUS mode follow GENIUS's documented reading, and raw-mode utilities equal NegMAS 0.16's.
//!
//! Gated on `DETENTE_CORPUS` (the folder holding `domains/` and `domains-geniusweb/`); skipped with
//! a message when unset. NegMAS numbers come from `tests/golden/negmas/utilities/corpus/*.json`
//! (override the folder with `DETENTE_NEGMAS_GOLDEN`); a scenario without a golden file is reported,
//! not failed (NegMAS 0.16 cannot parse eight of the shared folders).

use std::path::{Path, PathBuf};

use detente_core::{IssueDomain, OutcomeSpace, UtilityFunction, Value};
use detente_formats::{load, EvaluationMode, LoadOptions, Loaded, SourceFormat};

mod common;
use common::{compare_with_golden, golden_dir};

/// Outcome counts from `domains/SOURCES.md` (GeniusWeb counts: product of the value lists).
const OUTCOMES: &[(&str, Option<&str>)] = &[
    ("10issuesDiscountedwithRV", Some("10000000000")),
    ("2nd_hand_car", None),
    (
        "50issues",
        Some("10000000000000000000000000000000000000000"),
    ),
    ("AMPOvsCity", Some("1944000")),
    ("Amsterdam", Some("3024")),
    ("BankRobbery", Some("18")),
    ("Barter-C", Some("80")),
    ("BuildingConstruction", Some("864")),
    ("Camera", Some("3600")),
    ("Car", Some("15625")),
    ("Dinner", Some("1200")),
    ("DogChoosing", Some("270")),
    ("Energy", Some("390625")),
    ("EnergyGrid", Some("5764801")),
    ("EnglandZimbabwe", Some("576")),
    ("FiftyFifty-A", Some("11")),
    ("Fitness-A", Some("3520")),
    ("FlightBooking-B", Some("36")),
    ("FuzzySingleIssue", None),
    ("Grocery", Some("1600")),
    ("IS_BT_Acquisition", Some("384")),
    ("IntegerDomain", Some("121")),
    ("ItexvsCypress", Some("180")),
    ("JapanTrip", Some("240")),
    ("KillerRobot", Some("240000")),
    ("Laptop", Some("27")),
    ("Movie", Some("4")),
    ("NiceOrDie", Some("3")),
    ("Party", Some("3072")),
    ("Politics", Some("23040")),
    ("QODomain", Some("1296")),
    ("SON_with_discount", None),
    ("SmartGrid", Some("80")),
    ("SmartPhone", Some("12000")),
    ("Supermarket-A", Some("112896")),
    ("Travel", Some("188160")),
    ("TriangularFight", Some("9")),
    ("Ultimatum", Some("9")),
    ("Vacation", Some("1600")),
    ("Wholesaler", Some("56700")),
    ("gw-Fitness", Some("1280")),
    ("gw-FlightBooking", Some("36")),
    ("gw-JapnTrip", Some("192")),
    ("gw-Party", Some("3072")),
];

fn corpus() -> Option<PathBuf> {
    match std::env::var_os("DETENTE_CORPUS") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!("skipped: set DETENTE_CORPUS to the shared folder (holding domains/) to run");
            None
        }
    }
}

fn folder_of(root: &Path, name: &str) -> PathBuf {
    match name.strip_prefix("gw-") {
        Some(rest) => root.join("domains-geniusweb").join(rest),
        None => root.join("domains").join(name),
    }
}

fn load_mode(path: &Path, evaluation: EvaluationMode) -> Loaded {
    load(path, &LoadOptions { evaluation })
        .unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()))
}

#[test]
fn every_shared_scenario_loads_with_its_outcome_count() {
    let Some(root) = corpus() else { return };
    let mut folders: Vec<String> = std::fs::read_dir(root.join("domains"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.extend(
        std::fs::read_dir(root.join("domains-geniusweb"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| format!("gw-{}", e.file_name().to_string_lossy())),
    );
    folders.sort();
    let mut expected: Vec<String> = OUTCOMES.iter().map(|(n, _)| n.to_string()).collect();
    expected.sort();
    assert_eq!(
        folders, expected,
        "the corpus has other folders than the table"
    );
    let mut total_warnings = 0;
    for (name, count) in OUTCOMES {
        for mode in [EvaluationMode::Genius, EvaluationMode::Raw] {
            let loaded = load_mode(&folder_of(&root, name), mode);
            let got = match loaded.scenario.space().count() {
                detente_core::OutcomeCount::Finite(n) => Some(n.to_string()),
                detente_core::OutcomeCount::Infinite => None,
            };
            assert_eq!(got.as_deref(), *count, "{name}: outcome count");
            let expected_format = if name.starts_with("gw-") {
                SourceFormat::GeniusWeb
            } else {
                SourceFormat::GeniusXml
            };
            assert_eq!(loaded.format, expected_format, "{name}");
            if mode == EvaluationMode::Genius {
                total_warnings += loaded.warnings.len();
                eprintln!("{name}: {} warnings", loaded.warnings.len());
            }
        }
    }
    eprintln!("total warnings (GENIUS mode): {total_warnings}");
}

/// Deterministic sample of ranks (a small LCG; no need for a crate here).
fn sample_ranks(size: u64, n: usize) -> Vec<u64> {
    if size as usize <= n {
        return (0..size).collect();
    }
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut ranks = vec![0, size - 1];
    for _ in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ranks.push((x >> 11) % size);
    }
    ranks
}

/// GENIUS's documented reading, computed from the raw (as-written) numbers:
/// `min(1, Σ wᵢ·eᵢ(v)/maxᵢ)` for discrete issues. Raw mode is checked against NegMAS below, so this
/// ties GENIUS mode to an outside reference too.
#[test]
fn genius_mode_is_the_normalised_raw_reading_capped_at_one() {
    let Some(root) = corpus() else { return };
    let mut checked = 0usize;
    for (name, count) in OUTCOMES {
        if name.starts_with("gw-") || count.is_none() {
            continue;
        }
        let folder = folder_of(&root, name);
        let genius = load_mode(&folder, EvaluationMode::Genius).scenario;
        let raw = load_mode(&folder, EvaluationMode::Raw).scenario;
        let space = genius.space();
        if space
            .issues()
            .iter()
            .any(|i| !matches!(i.domain(), IssueDomain::Discrete(_)))
        {
            continue;
        }
        let Some(size) = space.enumerable_size() else {
            continue;
        };
        let radices = space.radices().unwrap();
        for (g, r) in genius.parties().iter().zip(raw.parties()) {
            let (UtilityFunction::LinearAdditive(gu), UtilityFunction::LinearAdditive(ru)) =
                (&g.profile.utility, &r.profile.utility)
            else {
                continue;
            };
            let maxima: Vec<f64> = ru
                .issues()
                .iter()
                .map(|iu| match &iu.evaluator {
                    detente_core::Evaluator::Table(t) => t.iter().copied().fold(0.0, f64::max),
                    other => panic!("{name}: unexpected evaluator {other:?}"),
                })
                .collect();
            for rank in sample_ranks(size, 300) {
                let mut idx = vec![0u32; radices.len()];
                OutcomeSpace::unrank_into(&radices, rank, &mut idx);
                let mut sum = 0.0;
                for (k, iu) in ru.issues().iter().enumerate() {
                    let detente_core::Evaluator::Table(t) = &iu.evaluator else {
                        unreachable!()
                    };
                    if maxima[k] >= 1e-5 {
                        sum += iu.weight * t[idx[k] as usize] / maxima[k];
                    }
                }
                let expected = sum.min(1.0);
                let got = gu.utility_of_indices(&idx);
                assert!(
                    (got - expected).abs() < 1e-12,
                    "{name}/{}: rank {rank}: {got} vs {expected}",
                    g.name
                );
                checked += 1;
            }
        }
    }
    eprintln!("checked {checked} GENIUS-mode utilities");
    assert!(checked > 0);
}

/// Spot values worked out by hand from the files, one per non-discrete rule.
#[test]
fn genius_mode_numeric_evaluators_follow_the_documented_formulas() {
    let Some(root) = corpus() else { return };
    // IntegerDomain-prof1: price w=0.75 offset 0.3 slope 0.08 (lb -5); otherprice w=0.25 offset 0
    // slope 0.1. At price=-5, otherprice=5: 0.75·0.3 + 0.25·clamp(0.1·10) = 0.225 + 0.25.
    let s = load_mode(&root.join("domains/IntegerDomain"), EvaluationMode::Genius).scenario;
    let u = s.parties()[0]
        .profile
        .utility
        .utility(&[Value::Integer(-5), Value::Integer(5)]);
    assert!((u - 0.475).abs() < 1e-12, "{u}");
    // Raw (NegMAS): 0.75·(0.3 + 0.08·(−5)) + 0.25·(0.1·5) = −0.075 + 0.125.
    let s = load_mode(&root.join("domains/IntegerDomain"), EvaluationMode::Raw).scenario;
    let u = s.parties()[0]
        .profile
        .utility
        .utility(&[Value::Integer(-5), Value::Integer(5)]);
    assert!((u - 0.05).abs() < 1e-12, "{u}");
    // FuzzySingleIssue buyer: clamp(1.3333333333 − 0.033333333·x), not shifted by the bound.
    let s = load_mode(
        &root.join("domains/FuzzySingleIssue"),
        EvaluationMode::Genius,
    )
    .scenario;
    let u = s.parties()[0].profile.utility.utility(&[Value::Real(20.0)]);
    assert!(
        (u - (1.3333333333 - 0.033333333 * 20.0)).abs() < 1e-12,
        "{u}"
    );
    let u = s.parties()[0].profile.utility.utility(&[Value::Real(5.0)]);
    assert_eq!(u, 1.0);
}

#[test]
fn raw_mode_matches_negmas_golden_files() {
    let Some(root) = corpus() else { return };
    let dir = golden_dir().join("utilities/corpus");
    if !dir.is_dir() {
        eprintln!("skipped: no NegMAS golden files at {}", dir.display());
        return;
    }
    let mut compared = 0;
    for (name, _) in OUTCOMES {
        let file = dir.join(format!("{name}.json"));
        if !file.exists() {
            eprintln!("{name}: no golden file (NegMAS cannot read it, or the space is infinite)");
            continue;
        }
        let loaded = load_mode(&folder_of(&root, name), EvaluationMode::Raw);
        let n = compare_with_golden(name, &loaded, &file);
        eprintln!("{name}: {n} utilities equal NegMAS's");
        compared += n;
    }
    eprintln!("compared {compared} utilities with NegMAS");
}

/// `detente inspect`'s utility ranges (exact for linear profiles) equal NegMAS's `minmax` over the
/// enumerated space, from the analysis golden files.
#[test]
fn raw_mode_ranges_match_negmas() {
    let Some(root) = corpus() else { return };
    let dir = golden_dir().join("analysis/corpus");
    if !dir.is_dir() {
        eprintln!(
            "skipped: no NegMAS analysis golden files at {}",
            dir.display()
        );
        return;
    }
    let mut compared = 0;
    for (name, _) in OUTCOMES {
        let file = dir.join(format!("{name}.json"));
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
        let scenario = load_mode(&folder_of(&root, name), EvaluationMode::Raw).scenario;
        for (k, party) in golden["parties"].as_array().unwrap().iter().enumerate() {
            let party = party.as_str().unwrap();
            let ours = scenario.parties().iter().find(|p| p.name == party).unwrap();
            let (lo, hi) = ours
                .profile
                .utility
                .range(scenario.space(), 1_000_000)
                .unwrap();
            let theirs = &golden["ranges"][k];
            for (a, b) in [(lo, &theirs[0]), (hi, &theirs[1])] {
                let b = b.as_f64().unwrap();
                assert!(
                    (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                    "{name}/{party}: {a} vs {b}"
                );
            }
            compared += 1;
        }
    }
    eprintln!("compared {compared} utility ranges with NegMAS");
    assert!(compared > 0);
}

/// Every shared scenario, in both readings, survives write_toml → read_toml_str unchanged (the
/// model's equality covers every weight, score, bound and reservation bit for bit).
#[test]
fn every_shared_scenario_survives_toml() {
    let Some(root) = corpus() else { return };
    for (name, _) in OUTCOMES {
        for mode in [EvaluationMode::Genius, EvaluationMode::Raw] {
            let loaded = load_mode(&folder_of(&root, name), mode);
            let text = detente_formats::write_toml(&loaded.scenario);
            let back = detente_formats::read_toml_str(&text, "corpus.toml")
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back.scenario, loaded.scenario, "{name} ({mode:?})");
            assert!(back.warnings.is_empty(), "{name}");
        }
    }
}
