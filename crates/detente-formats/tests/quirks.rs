//! One test per GENIUS/GeniusWeb quirk, on small hand-written fixtures under
//! `tests/fixtures/genius-quirks/` (repository root). Expected numbers are worked out by hand
//! from the fixture files, following the rules in formats.md (GENIUS) and negmas-semantics.md (raw).

use std::path::PathBuf;

use detente_core::{UtilityFunction, Value};
use detente_formats::{load, EvaluationMode, LoadOptions, Loaded, SourceFormat};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/genius-quirks")
        .join(name)
}

fn load_as(name: &str, evaluation: EvaluationMode) -> Loaded {
    load(&fixture(name), &LoadOptions { evaluation }).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn utility(loaded: &Loaded, party: usize, outcome: &[&str]) -> f64 {
    let space = loaded.scenario.space();
    let values: Vec<Value> = space
        .issues()
        .iter()
        .zip(outcome)
        .map(|(issue, text)| issue.parse_value(text).unwrap_or_else(|| panic!("{text}")))
        .collect();
    loaded.scenario.parties()[party]
        .profile
        .utility
        .utility(&values)
}

fn has_warning(loaded: &Loaded, needle: &str) -> bool {
    loaded.warnings.iter().any(|w| w.message.contains(needle))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn unescaped_ampersand_and_glued_attributes_are_repaired() {
    let s = load_as("ampersand-glued", EvaluationMode::Genius);
    assert_eq!(s.format, SourceFormat::GeniusXml);
    let carrier = &s.scenario.space().issues()[0];
    assert_eq!(carrier.parse_value("AT & T"), Some(Value::Discrete(0)));
    assert_eq!(
        carrier.parse_value("Fish & Chips"),
        Some(Value::Discrete(1))
    );
    assert!(has_warning(&s, "unescaped '&'"));
    assert!(has_warning(&s, "missing space"));
    // buyer: carrier 4,2,0 → 1, .5, 0; colour .5,.25 → 1, .5; weights .6/.4.
    assert!(close(utility(&s, 0, &["AT & T", "red"]), 1.0));
    assert!(close(utility(&s, 0, &["Fish & Chips", "blue"]), 0.5));
    assert!(close(s.scenario.parties()[0].profile.reservation, 0.3));
    // Raw: evaluations as written: .6·2 + .4·.25.
    let raw = load_as("ampersand-glued", EvaluationMode::Raw);
    assert!(close(utility(&raw, 0, &["Fish & Chips", "blue"]), 1.3));
}

#[test]
fn parties_are_sorted_profile_file_names() {
    let s = load_as("ampersand-glued", EvaluationMode::Genius);
    let names: Vec<&str> = s
        .scenario
        .parties()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["buyer", "seller"]);
    assert_eq!(s.scenario.name, "ampersand-glued");
}

#[test]
fn index_quirks_follow_genius() {
    let s = load_as("index-quirks", EvaluationMode::Genius);
    let space = s.scenario.space();
    // The domain lists `lake` twice: one value. No type attributes: discrete.
    assert_eq!(space.count().to_string(), "6");
    assert!(has_warning(&s, "lists value `lake` twice"));
    assert!(has_warning(&s, "without type/etype/vtype"));
    // alice: weights before issues, a weight on the objective (index 1, dropped), weights summing
    // to 1.5, `hills` listed twice (last evaluation 4 wins), nested similarity items ignored.
    // place: lake 2, hills 4, town 1 → .5, 1, .25; days: 1, 3 → 1/3, 1.
    assert!(close(utility(&s, 0, &["lake", "2"]), 0.9 * 0.5 + 0.6 / 3.0));
    assert!(close(
        utility(&s, 0, &["town", "2"]),
        0.9 * 0.25 + 0.6 / 3.0
    ));
    assert_eq!(utility(&s, 0, &["hills", "5"]), 1.0, "capped at 1");
    assert!(has_warning(&s, "names the objective itself"));
    assert!(has_warning(&s, "the last one wins"));
    assert!(has_warning(&s, "sum to 1.500000"));
    // Discount written as a child <value>2</value>: out of range → 1. Bob's 0.0 → 1.
    assert_eq!(s.scenario.parties()[0].profile.discount, 1.0);
    assert_eq!(s.scenario.parties()[1].profile.discount, 1.0);
    // No <reservation>: 0.
    assert_eq!(s.scenario.parties()[0].profile.reservation, 0.0);
    // bob lists issues out of order and evaluations as decimals: matched by index.
    // days 5.0, 0 → 1, 0; place .8, .4, .2 → 1, .5, .25.
    assert!(close(utility(&s, 1, &["hills", "2"]), 0.75 * 0.5 + 0.25));
}

#[test]
fn index_quirks_raw_follow_negmas() {
    let s = load_as("index-quirks", EvaluationMode::Raw);
    // NegMAS puts issue `index` at position index − 1; position 0 (index 1, the objective) is a
    // one-valued DUMMY_ISSUE scoring weight 1.0 × value 1: a bias of 1.
    let alice = &s.scenario.parties()[0].profile.utility;
    let UtilityFunction::LinearAdditive(u) = alice else {
        panic!()
    };
    assert_eq!(u.bias(), 1.0);
    assert_eq!(u.cap(), None);
    assert!(close(
        utility(&s, 0, &["lake", "2"]),
        1.0 + 0.9 * 2.0 + 0.6 * 1.0
    ));
    assert!(close(
        utility(&s, 0, &["hills", "5"]),
        1.0 + 0.9 * 4.0 + 0.6 * 3.0
    ));
}

#[test]
fn integer_and_real_evaluators() {
    let s = load_as("numeric-evaluators", EvaluationMode::Genius);
    let space = s.scenario.space();
    assert_eq!(space.count(), detente_core::OutcomeCount::Infinite);
    let u = |party: usize, units: i64, price: f64, service: u32| {
        s.scenario.parties()[party].profile.utility.utility(&[
            Value::Integer(units),
            Value::Real(price),
            Value::Discrete(service),
        ])
    };
    // buyer: units clamp(.25 + .125·(x − (−2))), price clamp(2 − .1·p), service 1, 4 → .25, 1.
    assert!(close(
        u(0, -2, 10.0, 0),
        0.5 * 0.25 + 0.25 * 1.0 + 0.25 * 0.25
    ));
    assert!(close(u(0, 2, 15.0, 1), 0.5 * 0.75 + 0.25 * 0.5 + 0.25));
    // seller: units clamp(1 − .25·(x + 2)); price clamp(−1 + .1·p); `type="price"` → domain's real.
    assert!(close(u(1, 0, 15.0, 0), 0.2 * 0.5 + 0.6 * 0.5 + 0.2));
    assert!(close(u(1, 8, 20.0, 1), 0.6 + 0.2 / 3.0));
    assert!(has_warning(&s, "declared type `price`"));
    // UNCERTAIN read as linear, and reported; discount "s" → 1.
    assert!(has_warning(&s, "UNCERTAIN"));
    assert_eq!(s.scenario.parties()[0].profile.discount, 1.0);
    assert_eq!(s.scenario.parties()[1].profile.discount, 0.8);
    // Raw (NegMAS): no shift by the lower bound, no clamp.
    let raw = load_as("numeric-evaluators", EvaluationMode::Raw);
    let v = raw.scenario.parties()[0].profile.utility.utility(&[
        Value::Integer(8),
        Value::Real(10.0),
        Value::Discrete(1),
    ]);
    assert!(close(
        v,
        0.5 * (0.25 + 0.125 * 8.0) + 0.25 * (2.0 - 1.0) + 0.25 * 4.0
    ));
}

#[test]
fn blank_templates_load_as_zero_with_warnings() {
    let s = load_as("blank-template", EvaluationMode::Genius);
    let template = s
        .scenario
        .parties()
        .iter()
        .position(|p| p.name == "template")
        .unwrap();
    assert_eq!(
        s.scenario.parties()[template]
            .profile
            .utility
            .range(s.scenario.space(), 100),
        Some((0.0, 0.0))
    );
    assert!(has_warning(&s, "have no evaluation"));
    assert!(has_warning(&s, "every weight is 0"));
    assert!(has_warning(&s, "`none` not evaluated"));
    // An issue whose evaluations are all 0 scores 0 (max below 1e-5), not NaN.
    let filled = 1 - template;
    assert!(close(utility(&s, filled, &["large", "one"]), 0.7));
}

#[test]
fn hyper_rectangles_after_a_leading_comment() {
    let s = load_as("hyperrect-comment-first", EvaluationMode::Genius);
    assert!(has_warning(&s, "before the XML declaration"));
    let names: Vec<&str> = s
        .scenario
        .parties()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["north", "south"], "pareto.xml is skipped");
    let u = |party: usize, x: i64, y: i64| {
        s.scenario.parties()[party]
            .profile
            .utility
            .utility(&[Value::Integer(x), Value::Integer(y)])
    };
    // north: (10 if y∈[2,3]) + (6 if x∈[0,2], y∈[1,3]) + 4 always, / maxutility 20.
    assert!(close(u(0, 0, 0), 4.0 / 20.0));
    assert!(close(u(0, 2, 2), 20.0 / 20.0));
    assert!(close(u(0, 3, 1), 4.0 / 20.0));
    assert!(close(u(0, 2, 1), 10.0 / 20.0));
    // south: ufun weight 2 × 5 if y∈[0,1], / 10.
    assert!(close(u(1, 3, 1), 1.0));
    let p = &s.scenario.parties()[0].profile;
    assert_eq!((p.reservation, p.discount), (0.25, 0.5));
    // Raw (NegMAS): no division by maxutility, and bounds are open: y∈(2,3) holds for no integer.
    let raw = load_as("hyperrect-comment-first", EvaluationMode::Raw);
    let r = |x: i64, y: i64| {
        raw.scenario.parties()[0]
            .profile
            .utility
            .utility(&[Value::Integer(x), Value::Integer(y)])
    };
    assert!(close(r(1, 2), 4.0 + 6.0));
    assert!(close(r(2, 2), 4.0));
}

#[test]
fn geniusweb_both_tag_spellings_and_reservation_bid() {
    let s = load_as("geniusweb", EvaluationMode::Genius);
    assert_eq!(s.format, SourceFormat::GeniusWeb);
    // ann: 0.6·food + 0.4·place, raw values; reservation bid (bread, beach) = .6·.2 + 0.
    let ann = &s.scenario.parties()[0].profile;
    assert!(close(ann.reservation, 0.12));
    assert!(ann.reservation_outcome.is_some());
    assert!(close(utility(&s, 0, &["cake", "park"]), 0.6 * 0.9 + 0.4));
    // ben uses DiscreteValueSetUtilities; no reservation bid → 0.
    assert!(close(
        utility(&s, 1, &["fruit", "beach"]),
        0.5 * 0.6 + 0.5 * 0.8
    ));
    assert_eq!(s.scenario.parties()[1].profile.reservation, 0.0);
    // Raw mode reads GeniusWeb identically.
    let raw = load_as("geniusweb", EvaluationMode::Raw);
    assert_eq!(raw.scenario, s.scenario);
}

#[test]
fn a_geniusweb_profile_loads_on_its_own() {
    let s = load(&fixture("geniusweb/ann.json"), &LoadOptions::default()).unwrap();
    assert_eq!(s.scenario.parties().len(), 1);
    assert_eq!(s.scenario.name, "picnic");
    assert!(close(s.scenario.parties()[0].profile.reservation, 0.12));
}
