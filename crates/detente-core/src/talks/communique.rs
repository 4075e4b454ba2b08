//! The public communiqué, generated from the record under a claim policy.
//!
//! The generator reads only [`PublicFacts`], which are built from *joint* facts: things that
//! need every party (meetings held, an agreement, issues on which every party has accepted a
//! common value, packages every party accepts). No single party's answer, reservation value,
//! rejected package or objection can change a `PublicFacts` on its own, so none can reach the
//! communiqué. The mediator's margin *estimate* is deliberately not used: it moves with one
//! party's answers.
//!
//! Claim policy, one rule per sentence:
//! 1. **Meetings** — how many separate meetings, with whom, over how many rounds; whether the
//!    delegations met jointly (only if a joint session was held).
//! 2. **Agreement** — the agreed package, issue by issue; or that no agreement was reached.
//! 3. **Common ground** — without an agreement, the issues on which every delegation at the table
//!    has accepted a common value (issue names only, never values).
//! 4. **Progress** — claimed only if, for the delegations at the table at the end, the set of
//!    common-ground issues grew or a package accepted by all appeared after the first round;
//!    otherwise the statement says there was no concrete progress.
//! 5. **Channels** — who left and when; with whom channels remain open.
//! 6. **Engagement** — "remained engaged" only if nobody left and every delegation answered every
//!    question of its latest meeting validly.
//!
//! [`statements`] gives the communiqué sentence by sentence, each tagged with the [`ClaimRule`]
//! that produced it, so a reader (the mediator's desk) can show the facts behind each sentence
//! without parsing the English; [`communique`] is those sentences joined by spaces.

use std::collections::BTreeSet;

use super::protocol::{Ending, Reply, TalksRecord};
use crate::outcome::OutcomeSpace;

/// Facts the communiqué may use. See the module doc for why each is public.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicFacts {
    /// Who mediated.
    pub mediator: String,
    /// The delegations.
    pub parties: Vec<String>,
    /// Rounds held.
    pub rounds_held: u32,
    /// Separate meetings held.
    pub separate_meetings: usize,
    /// Joint sessions held.
    pub joint_sessions: usize,
    /// The agreement as (issue, value) pairs.
    pub agreement: Option<Vec<(String, String)>>,
    /// Issues with common ground at the end (names).
    pub common_ground: Vec<String>,
    /// Whether progress was measured (rule 4).
    pub progress: bool,
    /// Walk-outs as (party, round).
    pub walkouts: Vec<(String, u32)>,
    /// Delegations whose channel is open at the end.
    pub open_channels: Vec<String>,
    /// Rule 6.
    pub engaged_to_end: bool,
}

impl PublicFacts {
    /// Extracts the public facts from a record.
    pub fn from_record(record: &TalksRecord, space: &OutcomeSpace, mediator: &str) -> Self {
        let issues = space.issues();
        let caucuses = record.rounds.iter().map(|r| r.caucuses.len()).sum();
        let joint_sessions = record
            .rounds
            .iter()
            .filter(|r| r.joint_session.is_some())
            .count();
        let agreement = record.agreement().map(|p| {
            issues
                .iter()
                .zip(p)
                .map(|(i, v)| (i.name().to_owned(), i.format_value(v)))
                .collect()
        });
        let open = record.open_channels();
        let ground_among = |round: usize| -> BTreeSet<usize> {
            let Some(point) = record.rounds.get(round).map(|r| &r.margin) else {
                return BTreeSet::new();
            };
            (0..issues.len())
                .filter(|&k| {
                    let mut common: Option<BTreeSet<u32>> = None;
                    for &p in &open {
                        let values: BTreeSet<u32> =
                            point.accepted_values[p][k].iter().copied().collect();
                        common = Some(match common {
                            None => values,
                            Some(c) => c.intersection(&values).copied().collect(),
                        });
                    }
                    common.is_some_and(|c| !c.is_empty())
                })
                .collect()
        };
        let last = record.rounds.len().saturating_sub(1);
        let (first_ground, last_ground) = (ground_among(0), ground_among(last));
        let accepted_first = record
            .rounds
            .first()
            .map_or(0, |r| r.margin.accepted_by_all);
        let accepted_last = record.rounds.last().map_or(0, |r| r.margin.accepted_by_all);
        let progress = agreement.is_some()
            || last_ground.is_superset(&first_ground) && last_ground.len() > first_ground.len()
            || (accepted_first == 0 && accepted_last > 0);
        // Each delegation's latest meeting was answered in full, and nobody left.
        let engaged_to_end = record.walkouts.is_empty()
            && open.iter().all(|&p| {
                record.transcript(p).last().is_some_and(|c| {
                    !c.exchanges.is_empty()
                        && c.exchanges
                            .iter()
                            .all(|e| matches!(e.reply, Reply::Answered(_)))
                })
            });
        let name = |p: usize| record.parties[p].clone();
        PublicFacts {
            mediator: mediator.to_owned(),
            parties: record.parties.clone(),
            rounds_held: record.rounds.len() as u32,
            separate_meetings: caucuses,
            joint_sessions,
            agreement,
            common_ground: last_ground
                .iter()
                .map(|&k| issues[k].name().to_owned())
                .collect(),
            progress,
            walkouts: record
                .walkouts
                .iter()
                .map(|w| (name(w.party), w.round))
                .collect(),
            open_channels: open.into_iter().map(name).collect(),
            engaged_to_end,
        }
    }
}

/// Joins names as "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` with its first letter capitalised (a name like "the United States" opening a sentence).
pub(crate) fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which rule of the claim policy (module doc) allows a statement. Rules 1, 2 and 5 each have two
/// kinds of sentence, told apart here so a reader can show the facts behind each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimRule {
    /// Rule 1: the separate meetings held.
    Meetings,
    /// Rule 1: whether the delegations met jointly.
    JointSessions,
    /// Rule 2: the agreed package.
    Agreement,
    /// Rule 2: that no agreement was reached.
    NoAgreement,
    /// Rule 3: the issues with common ground.
    CommonGround,
    /// Rule 4: progress claimed.
    ProgressClaimed,
    /// Rule 4: no concrete progress.
    ProgressNotClaimed,
    /// Rule 5: a delegation left the talks.
    WalkOut,
    /// Rule 5: the channels that remain open.
    OpenChannels,
    /// Rule 6: every delegation remained engaged.
    Engagement,
}

impl ClaimRule {
    /// The number of the rule in the claim policy (1 to 6).
    pub fn number(self) -> u8 {
        match self {
            ClaimRule::Meetings | ClaimRule::JointSessions => 1,
            ClaimRule::Agreement | ClaimRule::NoAgreement => 2,
            ClaimRule::CommonGround => 3,
            ClaimRule::ProgressClaimed | ClaimRule::ProgressNotClaimed => 4,
            ClaimRule::WalkOut | ClaimRule::OpenChannels => 5,
            ClaimRule::Engagement => 6,
        }
    }
}

/// One sentence of the communiqué with the rule that allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The rule of the claim policy behind the sentence.
    pub rule: ClaimRule,
    /// The sentence as published.
    pub text: String,
}

impl Statement {
    fn new(rule: ClaimRule, text: impl Into<String>) -> Self {
        Statement {
            rule,
            text: text.into(),
        }
    }
}

/// The public statement (see the module doc for the rules): its sentences joined by spaces.
pub fn communique(facts: &PublicFacts) -> String {
    join_statements(&statements(facts))
}

/// The statements' sentences joined as the communiqué publishes them.
pub fn join_statements(statements: &[Statement]) -> String {
    statements
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The communiqué sentence by sentence, each tagged with its rule, in the order published.
pub fn statements(facts: &PublicFacts) -> Vec<Statement> {
    let mut out = meetings(facts);
    out.extend(outcome(facts));
    out.extend(channels(facts));
    out.extend(engagement(facts));
    out
}

/// Rule 1: meetings.
fn meetings(facts: &PublicFacts) -> Vec<Statement> {
    let held = Statement::new(
        ClaimRule::Meetings,
        format!(
            "{} held {} with the delegations of {} over {}.",
            sentence_case(&facts.mediator),
            plural(
                facts.separate_meetings,
                "separate meeting",
                "separate meetings"
            ),
            join_names(&facts.parties),
            plural(facts.rounds_held as usize, "round", "rounds"),
        ),
    );
    let joint = if facts.joint_sessions == 0 {
        "The delegations did not meet at the same table.".to_owned()
    } else {
        format!(
            "The delegations also met jointly ({}).",
            plural(facts.joint_sessions, "session", "sessions")
        )
    };
    vec![held, Statement::new(ClaimRule::JointSessions, joint)]
}

/// Rules 2–4: agreement, common ground, progress.
fn outcome(facts: &PublicFacts) -> Vec<Statement> {
    if let Some(package) = &facts.agreement {
        let terms: Vec<String> = package.iter().map(|(i, v)| format!("{i}: {v}")).collect();
        return vec![Statement::new(
            ClaimRule::Agreement,
            format!(
                "The delegations reached agreement on a package ({}).",
                terms.join("; ")
            ),
        )];
    }
    let mut out = vec![Statement::new(
        ClaimRule::NoAgreement,
        "No agreement was reached.",
    )];
    if !facts.common_ground.is_empty() {
        out.push(Statement::new(
            ClaimRule::CommonGround,
            format!(
                "Common ground was identified on {}.",
                join_names(&facts.common_ground)
            ),
        ));
    }
    out.push(if facts.progress {
        Statement::new(
            ClaimRule::ProgressClaimed,
            "The talks narrowed the differences between the delegations.",
        )
    } else {
        Statement::new(
            ClaimRule::ProgressNotClaimed,
            "The talks produced no concrete progress.",
        )
    });
    out
}

/// Rule 5: channels.
fn channels(facts: &PublicFacts) -> Vec<Statement> {
    let mut out: Vec<Statement> = facts
        .walkouts
        .iter()
        .map(|(party, round)| {
            Statement::new(
                ClaimRule::WalkOut,
                format!("The delegation of {party} left the talks in round {round}."),
            )
        })
        .collect();
    let open = match facts.open_channels.len() {
        0 => None,
        n if n == facts.parties.len() => Some(format!(
            "Channels with {} delegations remain open.",
            both_or_all(facts)
        )),
        _ => Some(format!(
            "The channel with {} remains open.",
            join_names(&facts.open_channels)
        )),
    };
    out.extend(open.map(|text| Statement::new(ClaimRule::OpenChannels, text)));
    out
}

/// Rule 6: engagement.
fn engagement(facts: &PublicFacts) -> Option<Statement> {
    facts.engaged_to_end.then(|| {
        Statement::new(
            ClaimRule::Engagement,
            format!(
                "{} delegations remained engaged to the end; {} thanked them for their work.",
                sentence_case(both_or_all(facts)),
                facts.mediator
            ),
        )
    })
}

/// "both" for two delegations, else "all".
fn both_or_all(facts: &PublicFacts) -> &'static str {
    if facts.parties.len() == 2 {
        "both"
    } else {
        "all"
    }
}

/// Whether the talks ended by agreement (convenience for reports).
pub fn agreed(record: &TalksRecord) -> bool {
    matches!(record.ending, Some(Ending::Agreement { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Outcome, Value};
    use crate::talks::ledger::Provenance;
    use crate::talks::margin::MarginEstimate;
    use crate::talks::message::{Answer, Question};
    use crate::talks::protocol::{Talks, TalksConfig};

    fn facts() -> PublicFacts {
        PublicFacts {
            mediator: "the mediator".into(),
            parties: vec!["A".into(), "B".into()],
            rounds_held: 3,
            separate_meetings: 6,
            joint_sessions: 0,
            agreement: None,
            common_ground: vec![],
            progress: false,
            walkouts: vec![],
            open_channels: vec!["A".into(), "B".into()],
            engaged_to_end: true,
        }
    }

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("price", ["low", "high"]).unwrap(),
            Issue::discrete("term", ["short", "long"]).unwrap(),
        ])
        .unwrap()
    }

    fn pkg(a: u32, b: u32) -> Outcome {
        vec![Value::Discrete(a), Value::Discrete(b)]
    }

    /// Drives a two-party talks: each round, each party answers one question.
    fn record(rounds: &[[(Question, Option<Answer>); 2]]) -> TalksRecord {
        let mut t = Talks::new(
            space(),
            vec!["A".into(), "B".into()],
            TalksConfig {
                rounds: rounds.len() as u32,
                max_questions: 2,
            },
        )
        .unwrap();
        for round in rounds {
            t.begin_round().unwrap();
            for (p, (q, a)) in round.iter().enumerate() {
                if !t.at_table().contains(&p) || t.settled() {
                    continue;
                }
                t.open_caucus(p).unwrap();
                t.ask(q.clone(), &Provenance::public()).unwrap();
                t.reply(a.clone()).unwrap();
                t.close_caucus().unwrap();
            }
            if t.end_round(MarginEstimate::exact(0.0), None)
                .unwrap()
                .is_some()
            {
                break;
            }
        }
        t.into_record()
    }

    fn name(p: Outcome) -> (Question, Option<Answer>) {
        (Question::AskPackage, Some(Answer::Package(p)))
    }

    fn reject(p: Outcome, objections: Vec<usize>) -> (Question, Option<Answer>) {
        (
            Question::Test(p),
            Some(Answer::Verdict {
                accept: false,
                objections,
            }),
        )
    }

    fn accept(p: Outcome) -> (Question, Option<Answer>) {
        (
            Question::Test(p),
            Some(Answer::Verdict {
                accept: true,
                objections: vec![],
            }),
        )
    }

    #[test]
    fn rule_1_meetings_are_counted_and_joint_sessions_only_when_held() {
        let text = communique(&facts());
        assert!(text.starts_with(
            "The mediator held 6 separate meetings with the delegations of A and B over 3 rounds."
        ));
        assert!(text.contains("did not meet at the same table"));
        let joint = PublicFacts {
            joint_sessions: 1,
            ..facts()
        };
        assert!(communique(&joint).contains("also met jointly (1 session)"));
    }

    #[test]
    fn rule_2_states_the_agreement_or_its_absence() {
        assert!(communique(&facts()).contains("No agreement was reached."));
        let agreed = PublicFacts {
            agreement: Some(vec![("price".into(), "low".into())]),
            progress: true,
            ..facts()
        };
        let text = communique(&agreed);
        assert!(text.contains("reached agreement on a package (price: low)"));
        assert!(!text.contains("No agreement"));
    }

    #[test]
    fn rule_3_common_ground_names_issues_only() {
        let r = record(&[
            [name(pkg(0, 0)), name(pkg(0, 1))],
            [reject(pkg(1, 1), vec![0]), reject(pkg(1, 1), vec![1])],
        ]);
        let f = PublicFacts::from_record(&r, &space(), "M");
        assert_eq!(f.common_ground, vec!["price".to_owned()]);
        let text = communique(&f);
        assert!(text.contains("Common ground was identified on price."));
        assert!(!text.contains("low"), "values stay private: {text}");
        assert!(!text.contains("term"));
    }

    #[test]
    fn rule_4_no_progress_claim_without_measured_improvement() {
        // Common ground from round 1 that never grows is not progress.
        let flat = record(&[
            [name(pkg(0, 0)), name(pkg(0, 1))],
            [reject(pkg(1, 1), vec![0]), reject(pkg(1, 1), vec![1])],
        ]);
        let f = PublicFacts::from_record(&flat, &space(), "M");
        assert!(!f.progress);
        assert!(communique(&f).contains("produced no concrete progress"));
        assert!(!communique(&f).contains("narrowed"));
        // Common ground that grows is.
        let grows = record(&[
            [name(pkg(0, 0)), name(pkg(0, 1))],
            [accept(pkg(1, 1)), reject(pkg(1, 0), vec![0])],
        ]);
        let f = PublicFacts::from_record(&grows, &space(), "M");
        assert_eq!(f.common_ground, vec!["price".to_owned(), "term".to_owned()]);
        assert!(f.progress);
        assert!(communique(&f).contains("narrowed the differences"));
        // An agreement is progress.
        let agreed = record(&[[name(pkg(1, 1)), accept(pkg(1, 1))]]);
        let f = PublicFacts::from_record(&agreed, &space(), "M");
        assert!(f.progress && f.agreement.is_some());
    }

    #[test]
    fn rule_5_walk_outs_and_open_channels() {
        let r = record(&[
            [
                name(pkg(0, 0)),
                (Question::RankIssues, Some(Answer::WalkOut)),
            ],
            [name(pkg(0, 0)), name(pkg(0, 0))],
        ]);
        let f = PublicFacts::from_record(&r, &space(), "M");
        let text = communique(&f);
        assert!(text.contains("The delegation of B left the talks in round 1."));
        assert!(text.contains("The channel with A remains open."));
        assert!(!text.contains("remained engaged"));
        assert!(communique(&facts()).contains("Channels with both delegations remain open."));
    }

    #[test]
    fn statements_are_tagged_with_their_rule_and_join_into_the_communique() {
        let r = record(&[
            [
                name(pkg(0, 0)),
                (Question::RankIssues, Some(Answer::WalkOut)),
            ],
            [name(pkg(0, 0)), name(pkg(0, 0))],
        ]);
        let f = PublicFacts::from_record(&r, &space(), "M");
        let found = statements(&f);
        let rules: Vec<ClaimRule> = found.iter().map(|s| s.rule).collect();
        assert_eq!(
            rules,
            vec![
                ClaimRule::Meetings,
                ClaimRule::JointSessions,
                ClaimRule::NoAgreement,
                ClaimRule::CommonGround,
                ClaimRule::ProgressNotClaimed,
                ClaimRule::WalkOut,
                ClaimRule::OpenChannels,
            ]
        );
        assert_eq!(
            found[5].text,
            "The delegation of B left the talks in round 1."
        );
        assert_eq!(join_statements(&found), communique(&f));
        let numbers: Vec<u8> = found.iter().map(|s| s.rule.number()).collect();
        assert_eq!(numbers, vec![1, 1, 2, 3, 4, 5, 5]);
    }

    #[test]
    fn an_agreement_and_engagement_are_tagged_too() {
        let agreed = PublicFacts {
            agreement: Some(vec![("price".into(), "low".into())]),
            progress: true,
            joint_sessions: 2,
            ..facts()
        };
        let found = statements(&agreed);
        let rules: Vec<ClaimRule> = found.iter().map(|s| s.rule).collect();
        assert_eq!(
            rules,
            vec![
                ClaimRule::Meetings,
                ClaimRule::JointSessions,
                ClaimRule::Agreement,
                ClaimRule::OpenChannels,
                ClaimRule::Engagement,
            ]
        );
        assert_eq!(
            found[4].text,
            "Both delegations remained engaged to the end; the mediator thanked them for their work."
        );
        let common = PublicFacts {
            common_ground: vec!["price".into()],
            progress: true,
            ..facts()
        };
        assert!(statements(&common)
            .iter()
            .any(|s| s.rule == ClaimRule::CommonGround && s.text.contains("on price")));
        assert!(statements(&common)
            .iter()
            .any(|s| s.rule == ClaimRule::ProgressClaimed));
    }

    #[test]
    fn rule_6_engagement_needs_every_latest_meeting_answered() {
        let silent = record(&[[name(pkg(0, 0)), (Question::RankIssues, None)]]);
        let f = PublicFacts::from_record(&silent, &space(), "M");
        assert!(!f.engaged_to_end);
        let answered = record(&[[name(pkg(0, 0)), name(pkg(1, 1))]]);
        let f = PublicFacts::from_record(&answered, &space(), "M");
        assert!(f.engaged_to_end);
        assert!(communique(&f).contains("Both delegations remained engaged to the end"));
    }
}
