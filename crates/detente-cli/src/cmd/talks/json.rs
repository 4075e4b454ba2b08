//! The `detente talks --format json` contract (see `docs/json-contracts.md`, section "talks").

use detente_core::talks::ledger::Basis;
use detente_core::talks::message::{Answer, Preferred, Question};
use detente_core::talks::protocol::{Caucus, Ending, Reply};
use detente_core::{Outcome, OutcomeSpace};
use serde_json::{json, Map, Value as Json};

use super::Run;

/// Contract version; bump on any incompatible change.
const VERSION: u32 = 1;

fn package(space: &OutcomeSpace, p: &Outcome) -> Json {
    Json::Object(
        space
            .issues()
            .iter()
            .zip(p)
            .map(|(i, v)| (i.name().to_owned(), Json::String(i.format_value(v))))
            .collect::<Map<_, _>>(),
    )
}

fn issues(space: &OutcomeSpace, ks: &[usize]) -> Json {
    ks.iter()
        .filter_map(|&k| space.issues().get(k).map(|i| json!(i.name())))
        .collect()
}

fn question(space: &OutcomeSpace, q: &Question) -> Json {
    match q {
        Question::Test(p) => json!({"kind": "test", "package": package(space, p)}),
        Question::Compare(a, b) => {
            json!({"kind": "compare", "first": package(space, a), "second": package(space, b)})
        }
        other => json!({"kind": other.kind()}),
    }
}

fn answer(space: &OutcomeSpace, a: &Answer) -> Json {
    match a {
        Answer::Verdict { accept, objections } => {
            json!({"kind": "verdict", "accept": accept, "objections": issues(space, objections)})
        }
        // A malformed package may not fit the space; show its values without names then.
        Answer::Package(p) if space.validate(p).is_ok() => {
            json!({"kind": "package", "package": package(space, p)})
        }
        Answer::Package(p) => json!({"kind": "package", "package": format!("{p:?}")}),
        Answer::NoPackage => json!({"kind": "no-package"}),
        Answer::Ranking(r) => json!({"kind": "ranking", "ranking": issues(space, r)}),
        Answer::Preference(p) => json!({"kind": "preference", "preferred": match p {
            Preferred::First => "first",
            Preferred::Second => "second",
            Preferred::Indifferent => "indifferent",
        }}),
        Answer::Consent(c) => json!({"kind": "consent", "consent": c}),
        Answer::WalkOut => json!({"kind": "walk-out"}),
    }
}

fn caucus(run: &Run, c: &Caucus) -> Json {
    let space = run.scenario.space();
    json!({
        "round": c.round,
        "party": run.record.parties[c.party],
        "exchanges": c.exchanges.iter().map(|e| json!({
            "question": question(space, &e.question),
            "reply": match &e.reply {
                Reply::Answered(a) => json!({"status": "answered", "answer": answer(space, a)}),
                Reply::Malformed { answer: a, problem } => json!({
                    "status": "malformed", "answer": answer(space, a), "problem": problem.to_string()
                }),
                Reply::Silent => json!({"status": "silent"}),
            },
        })).collect::<Vec<_>>(),
    })
}

/// The whole JSON report.
pub fn report(run: &Run) -> Json {
    let space = run.scenario.space();
    let record = &run.record;
    let names = &record.parties;
    let agreement = record.agreement();
    let utilities_of = |p: &Outcome| -> Vec<f64> {
        run.scenario
            .parties()
            .iter()
            .map(|party| party.profile.utility.utility(p))
            .collect()
    };
    let nash = run
        .reference
        .nash
        .as_ref()
        .map(|n| space.outcome_from_indices(n));
    let distance = match (agreement, &nash) {
        (Some(a), Some(n)) => {
            let (ua, un) = (utilities_of(a), utilities_of(n));
            Some(
                ua.iter()
                    .zip(&un)
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum::<f64>()
                    .sqrt(),
            )
        }
        _ => None,
    };
    let transcripts: Map<String, Json> = names
        .iter()
        .enumerate()
        .map(|(p, name)| {
            (
                name.clone(),
                record.transcript(p).map(|c| caucus(run, c)).collect(),
            )
        })
        .collect();
    json!({
        "version": VERSION,
        "scenario": run.scenario.name,
        "mediator": {"name": run.mediator_name, "strategy": run.strategy, "description": run.strategy_description},
        "parties": names,
        "issues": space.issues().iter().map(|i| i.name()).collect::<Vec<_>>(),
        "rounds_planned": record.rounds_planned,
        "ending": match &record.ending {
            Some(Ending::Agreement { round, .. }) => json!({"kind": "agreement", "round": round}),
            Some(Ending::Deadline) => json!({"kind": "deadline", "round": record.rounds.len()}),
            Some(Ending::WalkOut { round }) => json!({"kind": "walk-out", "round": round}),
            None => Json::Null,
        },
        "agreement": agreement.map(|p| package(space, p)),
        "utilities": agreement.map(utilities_of),
        "rounds": record.rounds.iter().map(|r| json!({
            "round": r.round,
            "caucuses": r.caucuses.iter().map(|c| caucus(run, c)).collect::<Vec<_>>(),
            "joint_session": r.joint_session.as_ref().map(|j| json!({
                "parties": j.parties.iter().map(|&p| &names[p]).collect::<Vec<_>>(),
                "signed": j.signed.as_ref().map(|p| package(space, p)),
            })),
        })).collect::<Vec<_>>(),
        "margin": record.rounds.iter().map(|r| {
            let m = &r.margin;
            json!({
                "round": m.round,
                "accepted_by_all": m.accepted_by_all,
                "common_ground": m.common_ground.iter().map(|(k, values)| {
                    let issue = &space.issues()[*k];
                    json!({"issue": issue.name(), "values": values.iter().map(|&v| {
                        issue.value_at(u64::from(v)).map(|v| issue.format_value(&v)).unwrap_or_default()
                    }).collect::<Vec<_>>()})
                }).collect::<Vec<_>>(),
                "estimate": m.estimate.estimate,
                "lower": m.estimate.lower,
                "upper": m.estimate.upper,
                "exact": m.exact,
            })
        }).collect::<Vec<_>>(),
        "ledger": record.ledger.entries.iter().map(|d| json!({
            "round": d.round,
            "to": names[d.to],
            "question": d.question,
            "from": d.from.iter().map(|(p, b)| json!({"party": names[*p], "basis": match b {
                Basis::ConfidentialProfile => "profile",
                Basis::Answers => "answers",
                Basis::Proposal => "proposal",
            }})).collect::<Vec<_>>(),
            "reveals": d.reveals,
        })).collect::<Vec<_>>(),
        "walkouts": record.walkouts.iter().map(|w| json!({"party": names[w.party], "round": w.round})).collect::<Vec<_>>(),
        "open_channels": record.open_channels().iter().map(|&p| &names[p]).collect::<Vec<_>>(),
        "transcripts": transcripts,
        "communique": run.communique(),
        "reference": {
            "margin": run.reference.margin,
            "exact": run.reference.exact,
            "nash": nash.as_ref().map(|n| json!({"package": package(space, n), "utilities": utilities_of(n)})),
            "distance_to_nash": distance,
        },
    })
}
