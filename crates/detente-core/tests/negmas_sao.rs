//! Cross-check of SAO and the time-based agents against NegMAS 0.16 on random scenarios.
//!
//! `data/negmas_sao_random.json` holds 40 random linear-additive scenarios (1–4 discrete issues,
//! random reservation values) negotiated by NegMAS's Boulware/Linear/Conceder TB negotiators in all
//! 9 ordered pairs (`data/gen_negmas_sao.py` regenerates it). detente must reproduce the
//! agreement utilities (1e-9) and the final step of every run.

use detente_core::agent::AgentSpec;
use detente_core::protocol::Deadline;
use detente_core::run::{FrozenClock, Prepared, ProtocolKind, RunConfig};
use detente_core::{Evaluator, Issue, IssueUtility, OutcomeSpace, Party, Scenario};
use serde_json::Value as Json;

fn scenario(case: &Json) -> Scenario {
    let sizes: Vec<usize> = case["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect();
    let space = OutcomeSpace::new(
        sizes
            .iter()
            .enumerate()
            .map(|(k, &n)| Issue::discrete(format!("i{k}"), (0..n).map(|v| v.to_string())).unwrap())
            .collect(),
    )
    .unwrap();
    let parties = case["parties"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let issues = p["tables"]
                .as_array()
                .unwrap()
                .iter()
                .zip(p["weights"].as_array().unwrap())
                .map(|(t, w)| IssueUtility {
                    weight: w.as_f64().unwrap(),
                    evaluator: Evaluator::Table(
                        t.as_array()
                            .unwrap()
                            .iter()
                            .map(|x| x.as_f64().unwrap())
                            .collect(),
                    ),
                })
                .collect();
            Party::linear_additive(
                format!("p{i}"),
                &space,
                issues,
                p["reserved"].as_f64().unwrap(),
            )
            .unwrap()
        })
        .collect();
    Scenario::new(format!("seed{}", case["seed"]), space, parties).unwrap()
}

#[test]
fn time_based_agents_match_negmas_on_random_scenarios() {
    let data: Json = serde_json::from_str(include_str!("data/negmas_sao_random.json")).unwrap();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for case in data["cases"].as_array().unwrap() {
        let scenario = scenario(case);
        let prepared = Prepared::new(&scenario);
        let n_steps = case["n_steps"].as_u64().unwrap() as u32;
        for run in case["runs"].as_array().unwrap() {
            let agents: Vec<AgentSpec> = run["agents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().parse().unwrap())
                .collect();
            let config = RunConfig {
                protocol: ProtocolKind::Sao,
                deadline: Deadline::steps(n_steps),
                seed: 0,
                answer_limit: None,
                record_trace: false,
            };
            let result = prepared
                .negotiate(&agents, &config, &mut FrozenClock)
                .unwrap();
            let expected_step = run["step"].as_u64().unwrap() as u32;
            let expected: Option<Vec<f64>> = run["utilities"]
                .as_array()
                .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect());
            let same_utilities = match (&expected, &result.utilities) {
                (None, None) => true,
                (Some(e), Some(g)) => e.iter().zip(g).all(|(a, b)| (a - b).abs() < 1e-9),
                _ => false,
            };
            if !same_utilities || result.ending.steps != expected_step {
                mismatches.push(format!(
                    "seed {} {:?}: negmas step {expected_step} {expected:?}, detente step {} {:?}",
                    case["seed"], run["agents"], result.ending.steps, result.utilities
                ));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 360);
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
