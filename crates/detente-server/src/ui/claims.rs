//! The draft communiqué sentence by sentence, each with the claim-policy rule that allows it and
//! the facts of the record behind it — for the mediator, who signs the statement.
//!
//! The sentences and their rules come from `detente_core::talks::communique::statements`, which
//! tags each sentence with the rule that produced it; this module only labels the rule and states
//! the public facts that rule reads. A published text that does not match the statements the
//! record supports (it cannot, as a replay checks a concluded talk's communiqué against its record,
//! but a page must never guess) is shown sentence by sentence, with the note that it comes from the
//! public facts of the record.

use detente_core::talks::communique::{
    join_names, join_statements, statements, ClaimRule, PublicFacts, Statement,
};

/// One sentence and what supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The sentence as published.
    pub sentence: String,
    /// The claim-policy rule, e.g. "Rule 4 — progress".
    pub rule: String,
    /// The facts of the record behind it.
    pub evidence: String,
}

/// Splits a statement into sentences: a full stop followed by a space and a capital letter.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if c == '.' {
            let mut lookahead = chars.clone();
            if lookahead.next() == Some(' ') && lookahead.next().is_some_and(char::is_uppercase) {
                chars.next();
                out.push(std::mem::take(&mut current).trim().to_string());
            }
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

fn or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        join_names(names)
    }
}

/// Common-ground issues (names) in the first and the last measured round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroundTrend {
    /// Issues with common ground after the first round.
    pub first: Vec<String>,
    /// Issues with common ground after the last round.
    pub last: Vec<String>,
    /// Packages accepted by all after the first round.
    pub accepted_first: usize,
    /// Packages accepted by all after the last round.
    pub accepted_last: usize,
}

/// The claims behind the `published` communiqué: the statements `facts` support, each with its
/// rule and evidence, when they are the published text (always, for a communiqué of this record);
/// else each sentence of `published` with the generic note.
pub fn claims(published: &str, facts: &PublicFacts, trend: &GroundTrend) -> Vec<Claim> {
    let supported = statements(facts);
    if join_statements(&supported) == published {
        claims_of(&supported, facts, trend)
    } else {
        sentences(published)
            .into_iter()
            .map(|sentence| Claim {
                sentence,
                rule: PUBLIC_FACTS.to_string(),
                evidence: "Generated from the joint facts of the record only.".to_string(),
            })
            .collect()
    }
}

/// The label of a sentence whose rule is not known.
const PUBLIC_FACTS: &str = "Public facts";

/// The claims behind rule-tagged `statements`, read against the public `facts` and the
/// common-ground `trend`.
pub fn claims_of(statements: &[Statement], facts: &PublicFacts, trend: &GroundTrend) -> Vec<Claim> {
    statements
        .iter()
        .map(|s| Claim {
            sentence: s.text.clone(),
            rule: label(s.rule).to_string(),
            evidence: evidence(s.rule, facts, trend),
        })
        .collect()
}

/// How the page names a rule (tests and the browser test read these labels).
fn label(rule: ClaimRule) -> &'static str {
    match rule {
        ClaimRule::Meetings | ClaimRule::JointSessions => "Rule 1 — meetings",
        ClaimRule::Agreement | ClaimRule::NoAgreement => "Rule 2 — agreement",
        ClaimRule::CommonGround => "Rule 3 — common ground",
        ClaimRule::ProgressClaimed => "Rule 4 — progress (claimed)",
        ClaimRule::ProgressNotClaimed => "Rule 4 — progress (not claimed)",
        ClaimRule::WalkOut | ClaimRule::OpenChannels => "Rule 5 — channels",
        ClaimRule::Engagement => "Rule 6 — engagement",
    }
}

/// The facts of the record behind a sentence of `rule`.
fn evidence(rule: ClaimRule, facts: &PublicFacts, trend: &GroundTrend) -> String {
    match rule {
        ClaimRule::Meetings => format!(
            "The record holds {} caucuses over {} rounds with {}.",
            facts.separate_meetings,
            facts.rounds_held,
            join_names(&facts.parties)
        ),
        ClaimRule::JointSessions => format!(
            "Joint sessions held: {} (one is held only when every delegation consents).",
            facts.joint_sessions
        ),
        ClaimRule::Agreement => {
            "Every delegation at the table accepted this same package in caucus.".to_string()
        }
        ClaimRule::NoAgreement => {
            "No package was accepted by every delegation at the table.".to_string()
        }
        ClaimRule::CommonGround => format!(
            "On {} every delegation at the table has accepted at least one common value; the values themselves are not published.",
            or_none(&facts.common_ground)
        ),
        ClaimRule::ProgressClaimed => format!(
            "Progress is claimed because the common ground grew or a package accepted by all appeared. {}",
            progress_evidence(trend)
        ),
        ClaimRule::ProgressNotClaimed => format!(
            "Neither the common ground grew nor did a package accepted by all appear. {}",
            progress_evidence(trend)
        ),
        ClaimRule::WalkOut => format!(
            "Walk-outs recorded: {}.",
            facts
                .walkouts
                .iter()
                .map(|(p, r)| format!("{p} in round {r}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ClaimRule::OpenChannels => format!(
            "Channels open at the end: {}.",
            or_none(&facts.open_channels)
        ),
        ClaimRule::Engagement => {
            "Nobody left, and every delegation answered every question of the final round."
                .to_string()
        }
    }
}

/// The common ground and the packages accepted by all, first round against last.
fn progress_evidence(trend: &GroundTrend) -> String {
    format!(
        "Issues with common ground: {} after the first round, {} after the last. Packages every delegation accepts: {} after the first round, {} after the last.",
        or_none(&trend.first),
        or_none(&trend.last),
        trend.accepted_first,
        trend.accepted_last
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use detente_core::talks::communique::communique;

    fn facts(progress: bool, common: &[&str]) -> PublicFacts {
        PublicFacts {
            mediator: "The mediator".into(),
            parties: vec!["A".into(), "B".into()],
            rounds_held: 2,
            separate_meetings: 4,
            joint_sessions: 0,
            agreement: None,
            common_ground: common.iter().map(|s| s.to_string()).collect(),
            progress,
            walkouts: vec![],
            open_channels: vec!["A".into(), "B".into()],
            engaged_to_end: true,
        }
    }

    #[test]
    fn sentences_split_at_full_stops_before_capitals_only() {
        assert_eq!(
            sentences("One (x: 0.5; y: b). Two. three. Four."),
            vec!["One (x: 0.5; y: b).", "Two. three.", "Four."]
        );
    }

    #[test]
    fn every_sentence_of_a_communique_gets_its_rule() {
        let f = facts(false, &[]);
        let text = communique(&f);
        let found = claims(&text, &f, &GroundTrend::default());
        assert_eq!(found.len(), sentences(&text).len());
        assert!(found.iter().all(|c| c.rule.starts_with("Rule")));
        assert!(found
            .iter()
            .any(|c| c.rule == "Rule 4 — progress (not claimed)"));
        assert_eq!(found[0].rule, "Rule 1 — meetings");
        assert!(found[0].evidence.contains("4 caucuses over 2 rounds"));
    }

    #[test]
    fn rules_come_from_the_statements_not_from_the_wording() {
        // A mediator's name with a full stop and words of other rules ("No agreement") once
        // split the first sentence and misfiled it; the statements' tags do not read the text.
        let f = PublicFacts {
            mediator: "Dr. No agreement Channels".into(),
            ..facts(false, &[])
        };
        let text = communique(&f);
        let found = claims(&text, &f, &GroundTrend::default());
        assert_eq!(found.len(), statements(&f).len());
        assert_eq!(found[0].rule, "Rule 1 — meetings");
        assert!(found[0]
            .sentence
            .starts_with("Dr. No agreement Channels held 4"));
        assert_eq!(found.last().unwrap().rule, "Rule 6 — engagement");
        let sentences: Vec<&str> = found.iter().map(|c| c.sentence.as_str()).collect();
        assert_eq!(sentences.join(" "), text);
    }

    #[test]
    fn a_text_the_record_does_not_support_gets_no_rule() {
        let f = facts(false, &[]);
        let found = claims(
            "The mediator held talks. Something else.",
            &f,
            &GroundTrend::default(),
        );
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|c| c.rule == "Public facts"));
    }

    #[test]
    fn claimed_progress_names_the_growth_behind_it() {
        let f = facts(true, &["salary"]);
        let trend = GroundTrend {
            first: vec![],
            last: vec!["salary".into()],
            accepted_first: 0,
            accepted_last: 0,
        };
        let found = claims(&communique(&f), &f, &trend);
        let progress = found
            .iter()
            .find(|c| c.rule == "Rule 4 — progress (claimed)")
            .unwrap();
        assert!(progress
            .evidence
            .contains("none after the first round, salary after the last"));
        assert!(found.iter().any(|c| c.rule == "Rule 3 — common ground"));
    }
}
