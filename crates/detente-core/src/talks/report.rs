//! Plain-text reports: the mediator's minutes (everything) and each party's private report (its
//! own caucuses and what it was told, nothing else).
//!
//! Packages are labelled `P1`, `P2`, … in order of first appearance *within the report*, so a
//! party's report numbers only the packages it was shown and reveals nothing about how many were
//! tested elsewhere.

use std::fmt::Write;

use super::communique::{communique, join_names, sentence_case, PublicFacts};
use super::ledger::Ledger;
use super::margin::MarginPoint;
use super::message::{Answer, PartyId, Preferred, Question, QuestionKind};
use super::protocol::{Caucus, Ending, Reply, TalksRecord};
use crate::outcome::{Outcome, OutcomeSpace};

/// Labels packages in order of first appearance.
#[derive(Debug, Default)]
struct Labels {
    seen: Vec<Outcome>,
}

impl Labels {
    /// The label, and whether this is its first appearance.
    fn label(&mut self, p: &Outcome) -> (String, bool) {
        match self.seen.iter().position(|q| q == p) {
            Some(i) => (format!("P{}", i + 1), false),
            None => {
                self.seen.push(p.clone());
                (format!("P{}", self.seen.len()), true)
            }
        }
    }
}

fn package_lines(space: &OutcomeSpace, p: &Outcome, indent: &str) -> String {
    let width = space
        .issues()
        .iter()
        .map(|i| i.name().len())
        .max()
        .unwrap_or(0);
    space
        .issues()
        .iter()
        .zip(p)
        .map(|(i, v)| format!("{indent}{:width$}  {}\n", i.name(), i.format_value(v)))
        .collect()
}

fn issue_names(space: &OutcomeSpace, ks: &[usize]) -> String {
    let names: Vec<String> = ks
        .iter()
        .filter_map(|&k| space.issues().get(k).map(|i| i.name().to_owned()))
        .collect();
    join_names(&names)
}

fn write_caucus(
    out: &mut String,
    space: &OutcomeSpace,
    caucus: &Caucus,
    labels: &mut Labels,
    indent: &str,
) {
    let mut show = |out: &mut String, p: &Outcome| -> String {
        let (label, first) = labels.label(p);
        if first {
            let _ = write!(
                out,
                "{}",
                package_lines(space, p, &format!("{indent}      "))
            );
        }
        label
    };
    if caucus.exchanges.is_empty() {
        let _ = writeln!(out, "{indent}  (no questions)");
    }
    for e in &caucus.exchanges {
        let mut pending = String::new();
        let mut shown = |p: &Outcome| show(&mut pending, p);
        let asked = asked_text(space, &e.question, &mut shown);
        let answered = match &e.reply {
            Reply::Silent => "no answer".to_owned(),
            Reply::Malformed { answer, problem } => {
                format!("invalid answer ({}), set aside: {problem}", answer.kind())
            }
            Reply::Answered(a) => answer_text(space, &e.question, a, &mut shown),
        };
        let _ = writeln!(out, "{indent}  - {asked} → {answered}");
        out.push_str(&pending);
    }
}

/// The minutes' words for a question; `show` labels a package (printing it the first time).
fn asked_text(
    space: &OutcomeSpace,
    question: &Question,
    show: &mut dyn FnMut(&Outcome) -> String,
) -> String {
    let issue = |k: usize| space.issues().get(k).map_or("?", |i| i.name()).to_owned();
    match question {
        Question::Test(p) => format!("tested package {}", show(p)),
        Question::AskPackage => "asked for a package the delegation could accept".into(),
        Question::RankIssues => "asked for the delegation's priorities".into(),
        Question::Compare(a, b) => {
            let la = show(a);
            format!("asked to compare {la} with {}", show(b))
        }
        Question::JointSession => {
            "asked whether the delegation would meet the others jointly".into()
        }
        Question::Extremes(k) => format!("asked for the best and worst value of {}", issue(*k)),
        Question::Rate(options) => format!(
            "asked to rate {} on 0–100",
            options
                .iter()
                .map(|(k, v)| format!("{} = {}", issue(*k), space.issues()[*k].format_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Question::SplitPoints => "asked to split 100 points of importance across the issues".into(),
        Question::PositionTest(p) => {
            format!("asked whether package {} beats no agreement", show(p))
        }
        Question::RateWalkAway => "asked where its walk-away point lies on 0–100".into(),
    }
}

/// The minutes' words for a valid answer to `question`.
fn answer_text(
    space: &OutcomeSpace,
    question: &Question,
    answer: &Answer,
    show: &mut dyn FnMut(&Outcome) -> String,
) -> String {
    let numbers = |xs: &mut dyn Iterator<Item = u32>| {
        xs.map(|x| x.to_string()).collect::<Vec<_>>().join(", ")
    };
    match answer {
        Answer::Verdict { accept: true, .. } => "accepted".into(),
        Answer::Verdict {
            accept: false,
            objections,
        } if objections.is_empty() => "rejected".into(),
        Answer::Verdict { objections, .. } => {
            format!("rejected; objects to {}", issue_names(space, objections))
        }
        Answer::Package(p) => format!("named package {}", show(p)),
        Answer::NoPackage => "could name none".into(),
        Answer::Ranking(r) => format!("priorities: {}", issue_names_ordered(space, r)),
        Answer::Preference(Preferred::First) => "prefers the first".into(),
        Answer::Preference(Preferred::Second) => "prefers the second".into(),
        Answer::Preference(Preferred::Indifferent) => "no preference".into(),
        Answer::Consent(true) => "yes".into(),
        Answer::Consent(false) => "no".into(),
        Answer::Extremes { best, worst } => {
            let issue = question
                .extremes_issue()
                .and_then(|k| space.issues().get(k));
            let text = |v| issue.map_or_else(|| format!("{v:?}"), |i| i.format_value(v));
            format!("best {}, worst {}", text(best), text(worst))
        }
        Answer::Ratings(r) => format!("ratings {}", numbers(&mut r.iter().map(|&x| x.into()))),
        Answer::Points(p) => format!(
            "points {}",
            p.iter()
                .enumerate()
                .map(|(k, x)| format!("{} {x}", space.issues().get(k).map_or("?", |i| i.name())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Answer::Position(true) => "yes, better than no agreement".into(),
        Answer::Position(false) => "no, not better than no agreement".into(),
        Answer::Rating(r) => format!("{r} of 100"),
        Answer::CannotSay => "cannot say: its preferences do not split by issue".into(),
        Answer::WalkOut => "WALKED OUT".into(),
    }
}

fn issue_names_ordered(space: &OutcomeSpace, ks: &[usize]) -> String {
    ks.iter()
        .filter_map(|&k| space.issues().get(k).map(|i| i.name().to_owned()))
        .collect::<Vec<_>>()
        .join(" > ")
}

fn fmt_margin(x: f64) -> String {
    // A margin that rounds to zero reads +0.00, never -0.00.
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("{x:+.2}")
}

/// The mediator's minutes: every meeting, the margin after each round, the disclosure ledger and
/// the communiqué. Confidential: it contains every party's answers.
pub fn minutes(
    record: &TalksRecord,
    space: &OutcomeSpace,
    title: &str,
    mediator: &str,
    strategy: &str,
    findings: &[String],
) -> String {
    let mut out = String::new();
    let mut labels = Labels::default();
    let _ = writeln!(out, "PROXIMITY TALKS — {title}");
    let _ = writeln!(out, "Mediator:     {mediator} ({strategy})");
    let _ = writeln!(out, "Delegations:  {}", join_names(&record.parties));
    let _ = writeln!(
        out,
        "Agenda:       {}",
        space
            .issues()
            .iter()
            .map(|i| i.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "Deadline:     {} rounds", record.rounds_planned);
    for round in &record.rounds {
        let _ = writeln!(out, "\nROUND {}", round.round);
        for caucus in &round.caucuses {
            let _ = writeln!(
                out,
                "  {} – {} (separate meeting)",
                sentence_case(mediator),
                record.parties[caucus.party]
            );
            write_caucus(&mut out, space, caucus, &mut labels, "  ");
        }
        if let Some(joint) = &round.joint_session {
            let names: Vec<String> = joint
                .parties
                .iter()
                .map(|&p| record.parties[p].clone())
                .collect();
            let _ = writeln!(
                out,
                "  Joint session: {} with {}",
                mediator,
                join_names(&names)
            );
        }
        let _ = writeln!(out, "  {}", margin_line(&round.margin, space));
    }
    let _ = writeln!(out, "\nOUTCOME");
    let _ = writeln!(out, "  {}", ending_line(record));
    if let Some(p) = record.agreement() {
        out.push_str(&package_lines(space, p, "    "));
    }
    for w in &record.walkouts {
        let _ = writeln!(
            out,
            "  {} walked out in round {}.",
            record.parties[w.party], w.round
        );
    }
    let open: Vec<String> = record
        .open_channels()
        .iter()
        .map(|&p| record.parties[p].clone())
        .collect();
    let _ = writeln!(
        out,
        "  Channels open: {}",
        if open.is_empty() {
            "none".into()
        } else {
            join_names(&open)
        }
    );
    for finding in findings {
        out.push_str(&wrap(finding, 96, "  "));
    }
    write_contradictions(&mut out, record);
    write_margin_table(&mut out, record, space);
    write_ledger(&mut out, &record.ledger, record, None);
    let facts = PublicFacts::from_record(record, space, mediator);
    let _ = writeln!(out, "\nCOMMUNIQUÉ");
    out.push_str(&wrap(&communique(&facts), 96, "  "));
    out
}

fn is_exact(m: &MarginPoint) -> bool {
    m.exact
        .is_some_and(|x| x == m.estimate.estimate && x == m.estimate.lower && x == m.estimate.upper)
}

fn margin_line(m: &MarginPoint, space: &OutcomeSpace) -> String {
    let ground: Vec<String> = m
        .common_ground
        .iter()
        .map(|(k, _)| space.issues()[*k].name().to_owned())
        .collect();
    let margin = match m.exact {
        Some(x) if is_exact(m) => format!(
            "exact {}{}",
            fmt_margin(x),
            if x < 0.0 {
                " (no zone)"
            } else {
                " (a zone exists)"
            }
        ),
        exact => format!(
            "estimated {} (between {} and {}){}",
            fmt_margin(m.estimate.estimate),
            fmt_margin(m.estimate.lower),
            fmt_margin(m.estimate.upper),
            exact
                .map(|x| format!(", exact {}", fmt_margin(x)))
                .unwrap_or_default()
        ),
    };
    let set_aside = match m.contradictions.len() {
        0 => String::new(),
        n => format!(" Answers set aside as contradictory so far: {n}."),
    };
    format!(
        "Margin: {margin}. Accepted by all: {}. Common ground: {}.{set_aside}",
        if m.accepted_by_all == 0 {
            "none".to_owned()
        } else {
            plural(m.accepted_by_all, "package", "packages")
        },
        if ground.is_empty() {
            "none".to_owned()
        } else {
            join_names(&ground)
        }
    )
}

/// Says, party by party, which answers contradicted the same delegation's earlier answers (and
/// were set aside), or that every answer was consistent.
fn write_contradictions(out: &mut String, record: &TalksRecord) {
    let Some(last) = record.rounds.last() else {
        return;
    };
    if last.margin.contradictions.is_empty() {
        let _ = writeln!(
            out,
            "  Consistency: every delegation's answers were consistent with one another."
        );
        return;
    }
    let _ = writeln!(
        out,
        "  Consistency: some answers contradicted the same delegation's earlier answers and were \
         set aside (the margin bounds use the rest):"
    );
    for (p, name) in record.parties.iter().enumerate() {
        let own: Vec<String> = last
            .margin
            .contradictions
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, c)| format!("{} in round {}", c.question, c.round))
            .collect();
        if !own.is_empty() {
            let _ = writeln!(out, "    {name}: {}", own.join(", "));
        }
    }
}

fn write_margin_table(out: &mut String, record: &TalksRecord, space: &OutcomeSpace) {
    let _ = writeln!(out, "\nMARGIN BY ROUND");
    let _ = writeln!(
        out,
        "  round  accepted by all  common-ground issues  estimate   lower   upper   exact"
    );
    for r in &record.rounds {
        let m = &r.margin;
        let _ = writeln!(
            out,
            "  {:>5}  {:>15}  {:>20}  {:>8}  {:>6}  {:>6}  {:>6}",
            m.round,
            m.accepted_by_all,
            m.common_ground.len(),
            fmt_margin(m.estimate.estimate),
            fmt_margin(m.estimate.lower),
            fmt_margin(m.estimate.upper),
            m.exact.map(fmt_margin).unwrap_or_else(|| "—".into())
        );
    }
    let _ = space;
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line saying how the talks ended.
pub fn ending_line(record: &TalksRecord) -> String {
    match &record.ending {
        Some(Ending::Agreement { round, .. }) => format!("Agreement reached in round {round}:"),
        Some(Ending::Deadline) => format!(
            "No agreement. The deadline passed after round {}.",
            record.rounds.len()
        ),
        Some(Ending::WalkOut { round }) => {
            format!("No agreement. Talks ended by walk-out in round {round}.")
        }
        None => "The talks are still running.".into(),
    }
}

/// Rounds as compact ranges: `1–3, 5`.
fn round_ranges(rounds: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rounds.len() {
        let mut j = i;
        while j + 1 < rounds.len() && rounds[j + 1] == rounds[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", rounds[i], rounds[j])
        } else {
            rounds[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn write_ledger(out: &mut String, ledger: &Ledger, record: &TalksRecord, only: Option<PartyId>) {
    let entries: Vec<_> = ledger
        .entries
        .iter()
        .filter(|d| only.is_none_or(|p| d.to == p))
        .collect();
    let _ = writeln!(
        out,
        "\nDISCLOSURE LEDGER ({} computed from another delegation's private data)",
        plural(entries.len(), "message", "messages")
    );
    // Group identical disclosures so a mediator repeating one move reads as one line.
    type Key = (PartyId, QuestionKind, String, String);
    let mut groups: Vec<(Key, Vec<u32>)> = Vec::new();
    for d in entries {
        let from: Vec<String> = d
            .from
            .iter()
            .map(|(p, b)| format!("{}'s {}", record.parties[*p], b.describe()))
            .collect();
        let key = (d.to, d.question, join_names(&from), d.reveals.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rounds)) => rounds.push(d.round),
            None => groups.push((key, vec![d.round])),
        }
    }
    for ((to, question, from, reveals), mut rounds) in groups {
        let n = rounds.len();
        rounds.dedup();
        let _ = writeln!(
            out,
            "  to {}, round{} {} ({}): computed from {}",
            record.parties[to],
            if rounds.len() == 1 { "" } else { "s" },
            round_ranges(&rounds),
            match question {
                QuestionKind::Compare => plural(n, "comparison", "comparisons"),
                QuestionKind::Test => plural(n, "test", "tests"),
                other => plural(n, other.as_str(), other.as_str()),
            },
            from
        );
        let _ = write!(
            out,
            "{}",
            wrap(&format!("may reveal: {reveals}"), 96, "    ")
        );
    }
}

/// Word-wraps `text` at `width` columns, each line prefixed with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// A party's private report: its own caucuses and what it was told, nothing else.
pub fn party_report(
    record: &TalksRecord,
    space: &OutcomeSpace,
    party: PartyId,
    title: &str,
    mediator: &str,
) -> String {
    let mut out = String::new();
    let mut labels = Labels::default();
    let name = &record.parties[party];
    let _ = writeln!(out, "PROXIMITY TALKS — {title}");
    let _ = writeln!(
        out,
        "Private report for the delegation of {name}: your meetings with {mediator} only."
    );
    for caucus in record.transcript(party) {
        let _ = writeln!(out, "\nROUND {} — meeting with {mediator}", caucus.round);
        write_caucus(&mut out, space, caucus, &mut labels, "");
    }
    write_ledger(&mut out, &record.ledger, record, Some(party));
    out
}
