//! The `detente talks --format json` contract (see `docs/json-contracts.md`, section "talks"), as
//! serde structs: field order is key order, so the structs below are the contract.

use detente_core::talks::ledger::Basis;
use detente_core::talks::margin::MarginPoint;
use detente_core::talks::message::{named_points, Answer, Preferred, Question, QuestionKind};
use detente_core::talks::protocol::{Caucus, Ending, Exchange, Reply, RoundRecord, TalksRecord};
use detente_core::{Outcome, OutcomeSpace};
use serde::Serialize;

use super::Run;
use crate::cmd::contract::{package, value, Object, Package, Scalar};

/// Tolerance of `reference.bounds_hold`: bounds are computed in floating point.
const BOUNDS_TOLERANCE: f64 = 1e-9;

/// Contract version; bump on any incompatible change.
const VERSION: u32 = 1;

/// The whole report: confidential to the mediator (it holds every party's answers).
#[derive(Debug, Serialize)]
pub struct TalksReport<'a> {
    version: u32,
    scenario: &'a str,
    mediator: MediatorJson<'a>,
    parties: &'a [String],
    issues: Vec<&'a str>,
    rounds_planned: u32,
    ending: Option<EndingJson>,
    agreement: Option<Package>,
    utilities: Option<Vec<f64>>,
    rounds: Vec<RoundJson<'a>>,
    margin: Vec<MarginJson<'a>>,
    questions: QuestionsJson,
    ledger: Vec<DisclosureJson<'a>>,
    walkouts: Vec<WalkOutJson<'a>>,
    open_channels: Vec<&'a str>,
    transcripts: Object<Vec<CaucusJson<'a>>>,
    communique: String,
    reference: ReferenceJson,
}

#[derive(Debug, Serialize)]
struct MediatorJson<'a> {
    name: &'a str,
    strategy: &'a str,
    description: &'a str,
}

#[derive(Debug, Serialize)]
struct EndingJson {
    kind: &'static str,
    round: usize,
}

#[derive(Debug, Serialize)]
struct RoundJson<'a> {
    round: u32,
    caucuses: Vec<CaucusJson<'a>>,
    joint_session: Option<JointSessionJson<'a>>,
    /// Party → questions put to it this round (every party, 0 when not met).
    questions: Object<usize>,
}

/// How many questions the mediator asked.
#[derive(Debug, Serialize)]
struct QuestionsJson {
    /// Party → questions put to it over the talks.
    total: Object<usize>,
    /// The mean, over parties, of the questions put to a party divided by the number of issues.
    per_issue_per_party: f64,
}

#[derive(Debug, Serialize)]
struct JointSessionJson<'a> {
    parties: Vec<&'a str>,
    signed: Option<Package>,
}

#[derive(Debug, Serialize)]
struct CaucusJson<'a> {
    round: u32,
    party: &'a str,
    exchanges: Vec<ExchangeJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ExchangeJson<'a> {
    question: QuestionJson,
    reply: ReplyJson<'a>,
}

/// A question: its kind, with the packages it shows (`test`: `package`; `compare`: `first`,
/// `second`).
#[derive(Debug, Serialize)]
struct QuestionJson {
    kind: QuestionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    package: Option<Package>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Package>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second: Option<Package>,
    /// The issue of an `extremes` question.
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<String>,
    /// The options of a `rate` question, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<OptionJson>>,
}

/// One option of a `rate` question: an issue and one of its values (written as in packages).
#[derive(Debug, Serialize)]
struct OptionJson {
    issue: String,
    value: Scalar,
}

#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum ReplyJson<'a> {
    Answered {
        answer: AnswerJson<'a>,
    },
    Malformed {
        answer: AnswerJson<'a>,
        problem: String,
    },
    Silent,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum AnswerJson<'a> {
    Verdict {
        accept: bool,
        objections: Vec<&'a str>,
    },
    Package {
        package: PackageOrDebug,
    },
    NoPackage,
    Ranking {
        ranking: Vec<&'a str>,
    },
    Preference {
        preferred: &'static str,
    },
    Consent {
        consent: bool,
    },
    Extremes {
        best: Scalar,
        worst: Scalar,
    },
    Ratings {
        ratings: Vec<u8>,
    },
    Points {
        points: Object<u32>,
    },
    Position {
        better: bool,
    },
    Rating {
        rating: u8,
    },
    CannotSay,
    WalkOut,
}

/// A named package, or (for a malformed one that does not fit the space) its values without names.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum PackageOrDebug {
    Named(Package),
    Debug(String),
}

#[derive(Debug, Serialize)]
struct MarginJson<'a> {
    round: u32,
    accepted_by_all: usize,
    common_ground: Vec<CommonGroundJson<'a>>,
    accepted_values: Object<Object<Vec<Option<String>>>>,
    estimate: f64,
    lower: f64,
    upper: f64,
    exact: Option<f64>,
    contradictions: Vec<ContradictionJson<'a>>,
    inconsistent: bool,
}

/// An answer set aside because it contradicted the same party's earlier answers.
#[derive(Debug, Serialize)]
struct ContradictionJson<'a> {
    party: &'a str,
    round: u32,
    question: QuestionKind,
}

#[derive(Debug, Serialize)]
struct CommonGroundJson<'a> {
    issue: &'a str,
    values: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DisclosureJson<'a> {
    round: u32,
    to: &'a str,
    question: QuestionKind,
    from: Vec<SourceJson<'a>>,
    reveals: &'a str,
}

#[derive(Debug, Serialize)]
struct SourceJson<'a> {
    party: &'a str,
    basis: &'static str,
}

#[derive(Debug, Serialize)]
struct WalkOutJson<'a> {
    party: &'a str,
    round: u32,
}

#[derive(Debug, Serialize)]
struct ReferenceJson {
    margin: f64,
    exact: bool,
    nash: Option<NashJson>,
    distance_to_nash: Option<f64>,
    nash_product: Option<f64>,
    agreement_nash_product: Option<f64>,
    nash_share: Option<f64>,
    bounds_hold: bool,
}

#[derive(Debug, Serialize)]
struct NashJson {
    package: Package,
    utilities: Vec<f64>,
}

/// The whole JSON report.
pub fn report(run: &Run) -> TalksReport<'_> {
    let space = run.scenario.space();
    let record = &run.record;
    let names = &record.parties;
    let agreement = record.agreement();
    TalksReport {
        version: VERSION,
        scenario: &run.scenario.name,
        mediator: MediatorJson {
            name: &run.mediator_name,
            strategy: run.strategy,
            description: &run.strategy_description,
        },
        parties: names,
        issues: space.issues().iter().map(|i| i.name()).collect(),
        rounds_planned: record.rounds_planned,
        ending: ending(record),
        agreement: agreement.map(|p| package(space, p)),
        utilities: agreement.map(|p| utilities(run, p)),
        rounds: record.rounds.iter().map(|r| round(run, r)).collect(),
        margin: record
            .rounds
            .iter()
            .map(|r| margin(space, names, &r.margin))
            .collect(),
        questions: questions(run),
        ledger: ledger(record),
        walkouts: record
            .walkouts
            .iter()
            .map(|w| WalkOutJson {
                party: &names[w.party],
                round: w.round,
            })
            .collect(),
        open_channels: record
            .open_channels()
            .iter()
            .map(|&p| names[p].as_str())
            .collect(),
        transcripts: names
            .iter()
            .enumerate()
            .map(|(p, name)| {
                let own = record.transcript(p).map(|c| caucus(run, c)).collect();
                (name.clone(), own)
            })
            .collect(),
        communique: run.communique(),
        reference: reference(run, agreement),
    }
}

/// Each party's (undiscounted) utility of `p`, in party order.
fn utilities(run: &Run, p: &Outcome) -> Vec<f64> {
    run.scenario
        .parties()
        .iter()
        .map(|party| party.profile.utility.utility(p))
        .collect()
}

fn ending(record: &TalksRecord) -> Option<EndingJson> {
    let (kind, round) = match record.ending.as_ref()? {
        Ending::Agreement { round, .. } => ("agreement", *round as usize),
        Ending::Deadline => ("deadline", record.rounds.len()),
        Ending::WalkOut { round } => ("walk-out", *round as usize),
    };
    Some(EndingJson { kind, round })
}

fn round<'a>(run: &'a Run, r: &'a RoundRecord) -> RoundJson<'a> {
    let space = run.scenario.space();
    let names = &run.record.parties;
    RoundJson {
        round: r.round,
        caucuses: r.caucuses.iter().map(|c| caucus(run, c)).collect(),
        joint_session: r.joint_session.as_ref().map(|j| JointSessionJson {
            parties: j.parties.iter().map(|&p| names[p].as_str()).collect(),
            signed: j.signed.as_ref().map(|p| package(space, p)),
        }),
        questions: names
            .iter()
            .enumerate()
            .map(|(p, name)| (name.clone(), questions_to(r, p)))
            .collect(),
    }
}

/// Questions put to party `p` in round `r`.
fn questions_to(r: &RoundRecord, p: usize) -> usize {
    r.caucuses
        .iter()
        .filter(|c| c.party == p)
        .map(|c| c.exchanges.len())
        .sum()
}

fn questions(run: &Run) -> QuestionsJson {
    let names = &run.record.parties;
    let total: Object<usize> = names
        .iter()
        .enumerate()
        .map(|(p, name)| {
            let asked = run.record.rounds.iter().map(|r| questions_to(r, p)).sum();
            (name.clone(), asked)
        })
        .collect();
    let issues = run.scenario.space().issues().len();
    let asked: usize = total.values().sum();
    QuestionsJson {
        total,
        per_issue_per_party: if names.is_empty() || issues == 0 {
            0.0
        } else {
            asked as f64 / (names.len() * issues) as f64
        },
    }
}

fn caucus<'a>(run: &'a Run, c: &'a Caucus) -> CaucusJson<'a> {
    let space = run.scenario.space();
    CaucusJson {
        round: c.round,
        party: &run.record.parties[c.party],
        exchanges: c.exchanges.iter().map(|e| exchange(space, e)).collect(),
    }
}

fn exchange<'a>(space: &'a OutcomeSpace, e: &'a Exchange) -> ExchangeJson<'a> {
    ExchangeJson {
        question: question(space, &e.question),
        reply: match &e.reply {
            Reply::Answered(a) => ReplyJson::Answered {
                answer: answer(space, &e.question, a),
            },
            Reply::Malformed { answer: a, problem } => ReplyJson::Malformed {
                answer: answer(space, &e.question, a),
                problem: problem.to_string(),
            },
            Reply::Silent => ReplyJson::Silent,
        },
    }
}

fn question(space: &OutcomeSpace, q: &Question) -> QuestionJson {
    let mut json = QuestionJson {
        kind: q.kind(),
        package: None,
        first: None,
        second: None,
        issue: None,
        options: None,
    };
    match q {
        Question::Test(p) | Question::PositionTest(p) => json.package = Some(package(space, p)),
        Question::Compare(a, b) => {
            json.first = Some(package(space, a));
            json.second = Some(package(space, b));
        }
        Question::Extremes(k) => {
            json.issue = issue_names(space, &[*k]).first().map(|s| s.to_string())
        }
        Question::Rate(options) => {
            json.options = Some(
                options
                    .iter()
                    .filter_map(|(k, v)| {
                        let issue = space.issues().get(*k)?;
                        Some(OptionJson {
                            issue: issue.name().to_owned(),
                            value: value(issue, v),
                        })
                    })
                    .collect(),
            )
        }
        Question::AskPackage
        | Question::RankIssues
        | Question::JointSession
        | Question::SplitPoints
        | Question::RateWalkAway => {}
    }
    json
}

/// Issue names of the positions `ks` (positions outside the space are left out).
fn issue_names<'a>(space: &'a OutcomeSpace, ks: &[usize]) -> Vec<&'a str> {
    ks.iter()
        .filter_map(|&k| space.issues().get(k).map(|i| i.name()))
        .collect()
}

fn answer<'a>(space: &'a OutcomeSpace, q: &Question, a: &Answer) -> AnswerJson<'a> {
    match a {
        Answer::Verdict { accept, objections } => AnswerJson::Verdict {
            accept: *accept,
            objections: issue_names(space, objections),
        },
        // A malformed package may not fit the space; show its values without names then.
        Answer::Package(p) => AnswerJson::Package {
            package: if space.validate(p).is_ok() {
                PackageOrDebug::Named(package(space, p))
            } else {
                PackageOrDebug::Debug(format!("{p:?}"))
            },
        },
        Answer::NoPackage => AnswerJson::NoPackage,
        Answer::Ranking(r) => AnswerJson::Ranking {
            ranking: issue_names(space, r),
        },
        Answer::Preference(p) => AnswerJson::Preference {
            preferred: match p {
                Preferred::First => "first",
                Preferred::Second => "second",
                Preferred::Indifferent => "indifferent",
            },
        },
        Answer::Consent(c) => AnswerJson::Consent { consent: *c },
        Answer::Extremes { best, worst } => {
            let issue = q.extremes_issue().and_then(|k| space.issues().get(k));
            let written = |v| issue.map_or_else(|| Scalar::Text(format!("{v:?}")), |i| value(i, v));
            AnswerJson::Extremes {
                best: written(best),
                worst: written(worst),
            }
        }
        Answer::Ratings(r) => AnswerJson::Ratings { ratings: r.clone() },
        Answer::Points(p) => AnswerJson::Points {
            points: named_points(space, p)
                .map(|(issue, x)| (issue.to_owned(), x))
                .collect(),
        },
        Answer::Position(b) => AnswerJson::Position { better: *b },
        Answer::Rating(r) => AnswerJson::Rating { rating: *r },
        Answer::CannotSay => AnswerJson::CannotSay,
        Answer::WalkOut => AnswerJson::WalkOut,
    }
}

fn margin<'a>(space: &'a OutcomeSpace, names: &'a [String], m: &MarginPoint) -> MarginJson<'a> {
    let issues = space.issues();
    let common_ground = m
        .common_ground
        .iter()
        .map(|(k, values)| {
            let issue = &issues[*k];
            let name = |&v: &u32| {
                issue
                    .value_at(u64::from(v))
                    .map(|v| issue.format_value(&v))
                    .unwrap_or_default()
            };
            CommonGroundJson {
                issue: issue.name(),
                values: values.iter().map(name).collect(),
            }
        })
        .collect();
    let accepted_values = names
        .iter()
        .enumerate()
        .map(|(p, name)| {
            let per_issue = issues
                .iter()
                .enumerate()
                .map(|(k, issue)| {
                    let values = m.accepted_values[p][k]
                        .iter()
                        .map(|&v| issue.value_at(u64::from(v)).map(|v| issue.format_value(&v)))
                        .collect();
                    (issue.name().to_owned(), values)
                })
                .collect();
            (name.clone(), per_issue)
        })
        .collect();
    MarginJson {
        round: m.round,
        accepted_by_all: m.accepted_by_all,
        common_ground,
        accepted_values,
        estimate: m.estimate.estimate,
        lower: m.estimate.lower,
        upper: m.estimate.upper,
        exact: m.exact,
        contradictions: m
            .contradictions
            .iter()
            .map(|(p, c)| ContradictionJson {
                party: names[*p].as_str(),
                round: c.round,
                question: c.question,
            })
            .collect(),
        inconsistent: !m.contradictions.is_empty(),
    }
}

fn ledger(record: &TalksRecord) -> Vec<DisclosureJson<'_>> {
    let names = &record.parties;
    record
        .ledger
        .entries
        .iter()
        .map(|d| DisclosureJson {
            round: d.round,
            to: &names[d.to],
            question: d.question,
            from: d
                .from
                .iter()
                .map(|(p, b)| SourceJson {
                    party: &names[*p],
                    basis: match b {
                        Basis::ConfidentialProfile => "profile",
                        Basis::Answers => "answers",
                        Basis::Proposal => "proposal",
                    },
                })
                .collect(),
            reveals: &d.reveals,
        })
        .collect()
}

/// The Nash product `Π (uᵢ − rᵢ)` of `p`, 0 when some party gets less than its walk-away value.
fn nash_product(run: &Run, p: &Outcome) -> f64 {
    let surpluses: Vec<f64> = run
        .scenario
        .parties()
        .iter()
        .map(|party| party.profile.utility.utility(p) - party.profile.reservation)
        .collect();
    if surpluses.iter().any(|s| *s < -BOUNDS_TOLERANCE) {
        return 0.0;
    }
    surpluses.iter().map(|s| s.max(0.0)).product()
}

/// The agreement's Nash product as a share of the Nash point's: 0 for an agreement that leaves
/// a party below its walk-away value, 1 for any other when the Nash product is 0 (a zone of zero
/// width, where every rational package has a party at its walk-away value).
fn nash_share(run: &Run, agreement: &Outcome, nash: &Outcome) -> f64 {
    let rational = run.scenario.parties().iter().all(|party| {
        party.profile.utility.utility(agreement) >= party.profile.reservation - BOUNDS_TOLERANCE
    });
    let (achieved, best) = (nash_product(run, agreement), nash_product(run, nash));
    match (rational, best > 0.0) {
        (false, _) => 0.0,
        (true, true) => achieved / best,
        (true, false) => 1.0,
    }
}

/// Whether the reference margin lies within the margin bounds of every round held with every
/// party at the table (after a walk-out the bounds are over fewer parties than the reference).
fn bounds_hold(run: &Run) -> bool {
    let exact = run.reference.margin;
    let everyone_until = run
        .record
        .walkouts
        .iter()
        .map(|w| w.round)
        .min()
        .unwrap_or(u32::MAX);
    run.record
        .rounds
        .iter()
        .filter(|r| r.round < everyone_until)
        .all(|r| {
            let m = &r.margin.estimate;
            m.lower - BOUNDS_TOLERANCE <= exact && exact <= m.upper + BOUNDS_TOLERANCE
        })
}

/// Scoring from the full profiles: the margin, the Nash point and the agreement's distance to it
/// and share of its Nash product, and whether the mediator's bounds held.
fn reference(run: &Run, agreement: Option<&Outcome>) -> ReferenceJson {
    let space = run.scenario.space();
    let nash = run
        .reference
        .nash
        .as_ref()
        .map(|n| space.outcome_from_indices(n));
    let distance = match (agreement, &nash) {
        (Some(a), Some(n)) => {
            let (ua, un) = (utilities(run, a), utilities(run, n));
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
    ReferenceJson {
        margin: run.reference.margin,
        exact: run.reference.exact,
        nash: nash.as_ref().map(|n| NashJson {
            package: package(space, n),
            utilities: utilities(run, n),
        }),
        distance_to_nash: distance,
        nash_product: nash.as_ref().map(|n| nash_product(run, n)),
        agreement_nash_product: agreement.map(|a| nash_product(run, a)),
        nash_share: agreement
            .zip(nash.as_ref())
            .map(|(a, n)| nash_share(run, a, n)),
        bounds_hold: bounds_hold(run),
    }
}

#[cfg(test)]
mod tests {
    use detente_core::talks::TalksSetup;
    use detente_core::{Evaluator, Issue, IssueUtility, OutcomeSpace, Party, Scenario, Value};

    use super::*;
    use crate::cmd::talks::{run_scenario, Strategy};

    /// Buyer and seller over one price issue (low, mid, high), walk-away values `reservations`.
    fn run(reservations: [f64; 2]) -> Run {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("price", ["low", "mid", "high"]).unwrap()
        ])
        .unwrap();
        let party = |name: &str, table: Vec<f64>, reservation: f64| {
            let issues = vec![IssueUtility {
                weight: 1.0,
                evaluator: Evaluator::Table(table),
            }];
            Party::linear_additive(name, &space, issues, reservation).unwrap()
        };
        let parties = vec![
            party("buyer", vec![1.0, 0.5, 0.0], reservations[0]),
            party("seller", vec![0.0, 0.5, 1.0], reservations[1]),
        ];
        let scenario = Scenario::new("deal".to_owned(), space, parties).unwrap();
        let setup = TalksSetup::default();
        run_scenario(scenario, &setup, Some(Strategy::Trusted), Some(3), 0).unwrap()
    }

    fn price(index: u32) -> Outcome {
        vec![Value::Discrete(index)]
    }

    #[test]
    fn nash_shares_compare_nash_products() {
        let run = run([0.25, 0.25]);
        let (mid, low) = (price(1), price(0));
        assert!((nash_product(&run, &mid) - 0.0625).abs() < 1e-12);
        assert_eq!(nash_share(&run, &mid, &mid), 1.0);
        // Low leaves the seller below its walk-away value: no share at all.
        assert_eq!(nash_product(&run, &low), 0.0);
        assert_eq!(nash_share(&run, &low, &mid), 0.0);
        let json = reference(&run, Some(&mid));
        assert_eq!(json.nash_share, Some(1.0));
        assert!(json.bounds_hold);
    }

    #[test]
    fn in_a_zone_of_zero_width_every_rational_agreement_has_the_whole_share() {
        let run = run([0.5, 0.5]);
        let mid = price(1);
        assert_eq!(nash_product(&run, &mid), 0.0);
        assert_eq!(nash_share(&run, &mid, &mid), 1.0);
        assert_eq!(nash_share(&run, &price(2), &mid), 0.0);
    }

    #[test]
    fn questions_are_counted_per_party_and_issue() {
        let run = run([0.25, 0.25]);
        let asked: usize = run
            .record
            .rounds
            .iter()
            .flat_map(|r| &r.caucuses)
            .map(|c| c.exchanges.len())
            .sum();
        let json = questions(&run);
        assert_eq!(json.total.values().sum::<usize>(), asked);
        assert_eq!(json.per_issue_per_party, asked as f64 / 2.0);
    }

    #[test]
    fn rated_options_and_extremes_write_values_as_packages_do() {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("colour", ["red", "blue"]).unwrap(),
            Issue::new(
                "nights",
                detente_core::IssueDomain::Integer { min: 2, max: 9 },
            )
            .unwrap(),
        ])
        .unwrap();
        let rate = Question::Rate(vec![(0, Value::Discrete(1)), (1, Value::Integer(4))]);
        assert_eq!(
            serde_json::to_string(&question(&space, &rate)).unwrap(),
            r#"{"kind":"rate","options":[{"issue":"colour","value":"blue"},{"issue":"nights","value":4}]}"#
        );
        let extremes = Question::Extremes(1);
        let said = Answer::Extremes {
            best: Value::Integer(9),
            worst: Value::Integer(2),
        };
        assert_eq!(
            serde_json::to_string(&answer(&space, &extremes, &said)).unwrap(),
            r#"{"kind":"extremes","best":9,"worst":2}"#
        );
    }
}
