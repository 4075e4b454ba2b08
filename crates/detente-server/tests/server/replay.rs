//! Seated agents keep their memory across restarts. The report of issue 10, as a new user tried
//! it: the Miami example, a `tft` agent seated for a delegation, 16 test questions with random
//! packages, and a fresh server (its own cache, so the talk's state is rebuilt from the log) for
//! every question. The answers must be those one server gives throughout.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use crate::harness::{create, Api, Harness};

const QUESTIONS: usize = 16;

/// `(issue, values)` of the Miami example, in order.
fn miami_issues() -> Vec<(String, Vec<String>)> {
    let doc: toml::Table = detente_server::examples::MIAMI.parse().unwrap();
    doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| {
            let values = issue["values"].as_array().unwrap();
            (
                issue["name"].as_str().unwrap().to_string(),
                values
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The same `QUESTIONS` random packages for every run.
fn packages() -> Vec<Value> {
    let issues = miami_issues();
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    (0..QUESTIONS)
        .map(|_| {
            let package: Map<String, Value> = issues
                .iter()
                .map(|(name, values)| {
                    let value = &values[rng.gen_range(0..values.len())];
                    (name.clone(), json!(value))
                })
                .collect();
            Value::Object(package)
        })
        .collect()
}

/// Ukraine's `tft` delegation's answers to the test questions, asked through `server(i)` for
/// question `i`.
async fn tft_answers(h: &Harness, restart: bool) -> Vec<String> {
    let talk = create(
        &h.api,
        json!({
            "example": "miami",
            "max_questions": QUESTIONS,
            "agents": { "Ukraine": { "type": "engine", "agent": "tft" } }
        }),
    )
    .await;
    let mut answers = Vec::new();
    for package in packages() {
        let api: Api = if restart {
            h.second_server().await
        } else {
            h.api.clone()
        };
        let asked = api
            .ask(
                &talk,
                json!({"party": "Ukraine", "question": {"type": "test", "package": package}}),
            )
            .await;
        let answer = asked["answer"]["type"].as_str();
        answers.push(
            answer
                .unwrap_or_else(|| panic!("the agent answers: {asked}"))
                .to_string(),
        );
    }
    answers
}

async fn a_tft_delegation_answers_alike_with_a_restart_after_every_answer(h: Harness) {
    let live = tft_answers(&h, false).await;
    let restarted = tft_answers(&h, true).await;
    assert!(
        live.iter().any(|a| a == "accept") && live.iter().any(|a| a == "reject"),
        "the questions probe both verdicts: {live:?}"
    );
    assert_eq!(live, restarted, "answers with a restart after every answer");
}
crate::on_both_stores!(a_tft_delegation_answers_alike_with_a_restart_after_every_answer);
