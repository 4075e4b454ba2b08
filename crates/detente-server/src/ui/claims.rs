//! The draft communiqué sentence by sentence, each with the claim-policy rule that allows it and
//! the facts of the record behind it — for the mediator, who signs the statement.
//!
//! The communiqué's text comes from `detente_core::talks::communique` unchanged; this module only
//! splits it into sentences and recognises which rule of the claim policy produced each one, then
//! states the public facts that rule reads. A sentence it does not recognise is still shown, with
//! the note that it comes from the public facts of the record.

use detente_core::talks::communique::{join_names, PublicFacts};

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

/// The claims behind `text`, read against the public `facts` and the common-ground `trend`.
pub fn claims(text: &str, facts: &PublicFacts, trend: &GroundTrend) -> Vec<Claim> {
    sentences(text)
        .into_iter()
        .map(|sentence| {
            let (rule, evidence) = support(&sentence, facts, trend);
            Claim {
                sentence,
                rule: rule.to_string(),
                evidence,
            }
        })
        .collect()
}

fn support(sentence: &str, facts: &PublicFacts, trend: &GroundTrend) -> (&'static str, String) {
    let progress_evidence = || {
        format!(
            "Issues with common ground: {} after the first round, {} after the last. Packages every delegation accepts: {} after the first round, {} after the last.",
            or_none(&trend.first),
            or_none(&trend.last),
            trend.accepted_first,
            trend.accepted_last
        )
    };
    if sentence.contains("separate meeting") {
        (
            "Rule 1 — meetings",
            format!(
                "The record holds {} caucuses over {} rounds with {}.",
                facts.separate_meetings,
                facts.rounds_held,
                join_names(&facts.parties)
            ),
        )
    } else if sentence.contains("same table") || sentence.contains("met jointly") {
        (
            "Rule 1 — meetings",
            format!(
                "Joint sessions held: {} (one is held only when every delegation consents).",
                facts.joint_sessions
            ),
        )
    } else if sentence.contains("reached agreement") {
        (
            "Rule 2 — agreement",
            "Every delegation at the table accepted this same package in caucus.".to_string(),
        )
    } else if sentence.contains("No agreement") {
        (
            "Rule 2 — agreement",
            "No package was accepted by every delegation at the table.".to_string(),
        )
    } else if sentence.contains("Common ground") {
        (
            "Rule 3 — common ground",
            format!(
                "On {} every delegation at the table has accepted at least one common value; the values themselves are not published.",
                or_none(&facts.common_ground)
            ),
        )
    } else if sentence.contains("narrowed") {
        (
            "Rule 4 — progress (claimed)",
            format!(
                "Progress is claimed because the common ground grew or a package accepted by all appeared. {}",
                progress_evidence()
            ),
        )
    } else if sentence.contains("no concrete progress") {
        (
            "Rule 4 — progress (not claimed)",
            format!(
                "Neither the common ground grew nor did a package accepted by all appear. {}",
                progress_evidence()
            ),
        )
    } else if sentence.contains("left the talks") {
        (
            "Rule 5 — channels",
            format!(
                "Walk-outs recorded: {}.",
                facts
                    .walkouts
                    .iter()
                    .map(|(p, r)| format!("{p} in round {r}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    } else if sentence.contains("remain open") || sentence.contains("remains open") {
        (
            "Rule 5 — channels",
            format!(
                "Channels open at the end: {}.",
                or_none(&facts.open_channels)
            ),
        )
    } else if sentence.contains("remained engaged") {
        (
            "Rule 6 — engagement",
            "Nobody left, and every delegation answered every question of the final round."
                .to_string(),
        )
    } else {
        (
            "Public facts",
            "Generated from the joint facts of the record only.".to_string(),
        )
    }
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
