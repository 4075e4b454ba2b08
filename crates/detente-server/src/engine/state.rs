//! The state a talk's events add up to, and the rules an event must pass to be appended.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use detente_core::{Profile, Scenario};
use serde::Serialize;
use utoipa::ToSchema;

use super::{AgentSpec, Answer, Conclusion, Package, Query, TalkEvent};

/// An event that may not be appended now, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The request field at fault (`package.salary`, `question`, …).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// True when the request is well-formed but the talk's state forbids it now (HTTP 409);
    /// false when the request itself is wrong (HTTP 422).
    pub conflict: bool,
}

impl Rejection {
    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection {
            field: field.into(),
            message: message.into(),
            conflict: false,
        }
    }
    fn state(field: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection {
            field: field.into(),
            message: message.into(),
            conflict: true,
        }
    }
}

/// One seat at the table.
#[derive(Debug, Clone)]
pub struct SeatState {
    /// The party's name.
    pub party: String,
    /// The profile in force: the scenario's, or the one the party uploaded.
    pub profile: Profile,
    /// Whether the party replaced the scenario's profile.
    pub profile_replaced: bool,
    /// Whether the party handed its replaced profile to the mediator.
    pub profile_shared: bool,
    /// The automated agent answering for the seat, if any.
    pub agent: Option<AgentSpec>,
    /// Whether the party left.
    pub walked_out: bool,
    /// The question awaiting this party's answer.
    pub open_question: Option<u64>,
}

/// A caucus question and, once given, its answer.
#[derive(Debug, Clone)]
pub struct Question {
    /// Id: the seq of the event that asked it.
    pub id: u64,
    /// The party asked.
    pub seat: usize,
    /// The round.
    pub round: u32,
    /// The question.
    pub query: Query,
    /// Parties whose private information shaped it.
    pub derived_from: Vec<usize>,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Whether an automated agent answered.
    pub automated: bool,
}

/// Whether talks go on.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Caucuses may be held.
    Open,
    /// Talks ended.
    Concluded {
        /// Why.
        reason: Conclusion,
        /// The agreed package.
        agreement: Option<Package>,
        /// The public statement.
        communique: String,
    },
}

/// What the mediator knows of the margin at the end of one round (so far, for the current one).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MarginEntry {
    /// The round.
    pub round: u32,
    /// Caucus questions asked in this round.
    pub meetings: u32,
    /// Answers received in this round.
    pub answers: u32,
    /// Distinct packages every party at the table has accepted, so far.
    pub packages_accepted_by_all: u32,
    /// Per issue, the values every party at the table has accepted at least once, so far.
    pub common_values: indexmap::IndexMap<String, Vec<String>>,
    /// Share of issues with at least one common value: a lower-bound estimate of the margin.
    pub margin_estimate: f64,
}

/// The state of one talk, as its events add up.
#[derive(Debug, Clone)]
pub struct TalkState {
    scenario: Arc<Scenario>,
    /// Title.
    pub title: String,
    /// Deadline in rounds.
    pub max_rounds: u32,
    /// Current round (0 before the talk opened).
    pub round: u32,
    /// Seats in order.
    pub seats: Vec<SeatState>,
    /// Every question, in order.
    pub questions: Vec<Question>,
    question_index: HashMap<u64, usize>,
    /// Per package (value indices) the set of seats that accepted it, as a bit mask.
    accepted_by: HashMap<Vec<u32>, u64>,
    /// Per seat and issue, the value indices the seat accepted at least once.
    accepted_values: Vec<Vec<BTreeSet<u32>>>,
    /// One entry per round.
    pub margin: Vec<MarginEntry>,
    /// Open or concluded.
    pub status: Status,
    /// A package every party at the table accepted, awaiting the `concluded` event.
    pub pending_agreement: Option<Package>,
    /// Seq of the last applied event.
    pub last_seq: u64,
    /// Chain hash after the last applied event.
    pub last_hash: [u8; 32],
}

impl TalkState {
    /// The state before any event, for a talk on `scenario`.
    pub fn new(scenario: Arc<Scenario>) -> Self {
        let issues = scenario.space().issues().len();
        let seats = scenario
            .parties()
            .iter()
            .map(|p| SeatState {
                party: p.name.clone(),
                profile: p.profile.clone(),
                profile_replaced: false,
                profile_shared: false,
                agent: None,
                walked_out: false,
                open_question: None,
            })
            .collect::<Vec<_>>();
        let accepted_values = vec![vec![BTreeSet::new(); issues]; seats.len()];
        TalkState {
            scenario,
            title: String::new(),
            max_rounds: 0,
            round: 0,
            seats,
            questions: Vec::new(),
            question_index: HashMap::new(),
            accepted_by: HashMap::new(),
            accepted_values,
            margin: Vec::new(),
            status: Status::Open,
            pending_agreement: None,
            last_seq: 0,
            last_hash: crate::audit::GENESIS,
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The question with this id.
    pub fn question(&self, id: u64) -> Option<&Question> {
        self.question_index.get(&id).map(|&i| &self.questions[i])
    }

    /// Whether talks go on.
    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// Seats still at the table.
    pub fn active_seats(&self) -> impl Iterator<Item = usize> + '_ {
        self.seats
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.walked_out)
            .map(|(i, _)| i)
    }

    /// Relative time in `[0, 1)`: how much of the deadline has passed.
    pub fn time(&self) -> f64 {
        if self.max_rounds == 0 {
            0.0
        } else {
            f64::from(self.round.saturating_sub(1)) / f64::from(self.max_rounds)
        }
    }

    /// Checks that `package` names exactly the scenario's issues with valid values; returns value
    /// indices in issue order. `field` prefixes error locations.
    pub fn package_indices(&self, field: &str, package: &Package) -> Result<Vec<u32>, Rejection> {
        let space = self.scenario.space();
        if let Some(extra) = package.keys().find(|k| space.issue_index(k).is_none()) {
            return Err(Rejection::invalid(
                format!("{field}.{extra}"),
                "names no issue of the scenario",
            ));
        }
        space
            .issues()
            .iter()
            .map(|issue| {
                let at = format!("{field}.{}", issue.name());
                let text = package.get(issue.name()).ok_or_else(|| {
                    Rejection::invalid(&at, "is missing: a package gives every issue a value")
                })?;
                let value = issue.parse_value(text).ok_or_else(|| {
                    Rejection::invalid(&at, format!("`{text}` is not a value of this issue"))
                })?;
                let index = issue
                    .index_of(&value)
                    .ok_or_else(|| Rejection::invalid(&at, "is not an enumerable value"))?;
                Ok(index as u32)
            })
            .collect()
    }

    /// The package with these value indices, in issue order.
    pub fn package_of(&self, indices: &[u32]) -> Package {
        self.scenario
            .space()
            .issues()
            .iter()
            .zip(indices)
            .map(|(issue, &k)| {
                let value = issue.value_at(u64::from(k)).expect("validated index");
                (issue.name().to_string(), issue.format_value(&value))
            })
            .collect()
    }

    /// Puts a valid package in the scenario's issue order.
    pub fn normalize(&self, field: &str, package: &Package) -> Result<Package, Rejection> {
        Ok(self.package_of(&self.package_indices(field, package)?))
    }

    /// The utility of `package` for `seat` (the package must be valid).
    pub fn utility(&self, seat: usize, package: &Package) -> Option<f64> {
        let indices = self.package_indices("package", package).ok()?;
        let outcome = self.scenario.space().outcome_from_indices(&indices);
        Some(self.seats.get(seat)?.profile.utility.utility(&outcome))
    }

    fn seat(&self, field: &str, seat: usize) -> Result<&SeatState, Rejection> {
        self.seats
            .get(seat)
            .ok_or_else(|| Rejection::invalid(field, format!("seat {seat} does not exist")))
    }

    fn require_open(&self) -> Result<(), Rejection> {
        if self.round == 0 {
            return Err(Rejection::state("talk", "the talk has not been opened"));
        }
        match &self.status {
            Status::Open => Ok(()),
            Status::Concluded { .. } => Err(Rejection::state("talk", "talks have concluded")),
        }
    }

    fn check_issue_names(&self, field: &str, names: &[String], all: bool) -> Result<(), Rejection> {
        let space = self.scenario.space();
        let mut seen = BTreeSet::new();
        for (i, name) in names.iter().enumerate() {
            if space.issue_index(name).is_none() {
                return Err(Rejection::invalid(
                    format!("{field}[{i}]"),
                    format!("`{name}` is not an issue"),
                ));
            }
            if !seen.insert(name.as_str()) {
                return Err(Rejection::invalid(
                    format!("{field}[{i}]"),
                    format!("`{name}` is listed twice"),
                ));
            }
        }
        if all && seen.len() != space.issues().len() {
            return Err(Rejection::invalid(
                field,
                "must list every issue exactly once",
            ));
        }
        Ok(())
    }

    /// Checks whether `event` may be appended as event `seq` now.
    pub fn validate(&self, seq: u64, event: &TalkEvent) -> Result<(), Rejection> {
        if seq != self.last_seq + 1 {
            return Err(Rejection::state(
                "seq",
                format!("expected seq {}, got {seq}", self.last_seq + 1),
            ));
        }
        match event {
            TalkEvent::Opened {
                parties,
                max_rounds,
                ..
            } => {
                if seq != 1 {
                    return Err(Rejection::state("talk", "the talk is already open"));
                }
                let names: Vec<&str> = self.seats.iter().map(|s| s.party.as_str()).collect();
                if parties.iter().map(String::as_str).ne(names) {
                    return Err(Rejection::invalid(
                        "parties",
                        "must be the scenario's parties in order",
                    ));
                }
                if *max_rounds == 0 {
                    return Err(Rejection::invalid("max_rounds", "must be at least 1"));
                }
                Ok(())
            }
            TalkEvent::ProfileReplaced { seat, profile, .. } => {
                self.require_open()?;
                let state = self.seat("seat", *seat)?;
                profile
                    .to_profile("profile", &state.party, self.scenario.space())
                    .map_err(|e| Rejection::invalid(e.field, e.message))?;
                Ok(())
            }
            TalkEvent::AgentAttached { seat, .. } => {
                self.require_open()?;
                if self.seat("seat", *seat)?.walked_out {
                    return Err(Rejection::state("seat", "this party has left the talks"));
                }
                Ok(())
            }
            TalkEvent::RoundStarted { round } => {
                self.require_open()?;
                if *round != self.round + 1 {
                    return Err(Rejection::state(
                        "round",
                        format!("the next round is {}", self.round + 1),
                    ));
                }
                if *round > self.max_rounds {
                    return Err(Rejection::state(
                        "round",
                        format!("the deadline is round {}", self.max_rounds),
                    ));
                }
                Ok(())
            }
            TalkEvent::Asked {
                seat,
                round,
                query,
                derived_from,
            } => {
                self.require_open()?;
                let state = self.seat("party", *seat)?;
                if state.walked_out {
                    return Err(Rejection::state("party", "this party has left the talks"));
                }
                if let Some(open) = state.open_question {
                    return Err(Rejection::state(
                        "party",
                        format!("question {open} to this party is still unanswered"),
                    ));
                }
                if *round != self.round {
                    return Err(Rejection::state(
                        "round",
                        format!("the current round is {}", self.round),
                    ));
                }
                for (i, &source) in derived_from.iter().enumerate() {
                    self.seat(&format!("derived_from[{i}]"), source)?;
                }
                match query {
                    Query::Test { package } => {
                        self.package_indices("query.package", package).map(drop)
                    }
                    Query::Compare { a, b } => {
                        self.package_indices("query.a", a)?;
                        self.package_indices("query.b", b).map(drop)
                    }
                    Query::Propose | Query::RankIssues => Ok(()),
                }
            }
            TalkEvent::Answered {
                seat,
                question,
                answer,
                ..
            } => {
                self.require_open()?;
                let state = self.seat("seat", *seat)?;
                if state.walked_out {
                    return Err(Rejection::state("seat", "this party has left the talks"));
                }
                let asked = self
                    .question(*question)
                    .filter(|q| q.seat == *seat)
                    .ok_or_else(|| {
                        Rejection::invalid(
                            "question",
                            format!("no question {question} was put to this party"),
                        )
                    })?;
                if asked.answer.is_some() {
                    return Err(Rejection::state(
                        "question",
                        format!("question {question} is already answered"),
                    ));
                }
                match (&asked.query, answer) {
                    (Query::Test { .. }, Answer::Accept) => Ok(()),
                    (Query::Test { .. }, Answer::Reject { objections }) => {
                        self.check_issue_names("answer.objections", objections, false)
                    }
                    (Query::Propose, Answer::Proposal { package }) => {
                        self.package_indices("answer.package", package).map(drop)
                    }
                    (Query::Compare { .. }, Answer::Prefer { .. }) => Ok(()),
                    (Query::RankIssues, Answer::Ranking { issues }) => {
                        self.check_issue_names("answer.issues", issues, true)
                    }
                    (query, _) => Err(Rejection::invalid(
                        "answer.type",
                        format!(
                            "does not answer a `{}` question (expected {})",
                            query_type(query),
                            expected_answer(query)
                        ),
                    )),
                }
            }
            TalkEvent::WalkedOut { seat } => {
                self.require_open()?;
                if self.seat("seat", *seat)?.walked_out {
                    return Err(Rejection::state("seat", "this party has already left"));
                }
                Ok(())
            }
            TalkEvent::Concluded {
                reason, agreement, ..
            } => {
                self.require_open()?;
                let agreed = *reason == Conclusion::Agreement;
                if agreed != agreement.is_some() || (agreed && *agreement != self.pending_agreement)
                {
                    return Err(Rejection::state(
                        "reason",
                        "an agreement needs every party to accept the same package",
                    ));
                }
                Ok(())
            }
        }
    }

    /// Validates and applies `event` as event `seq`.
    pub fn apply(&mut self, seq: u64, hash: [u8; 32], event: &TalkEvent) -> Result<(), Rejection> {
        self.validate(seq, event)?;
        self.commit(seq, event);
        self.last_seq = seq;
        self.last_hash = hash;
        Ok(())
    }

    fn commit(&mut self, seq: u64, event: &TalkEvent) {
        match event {
            TalkEvent::Opened {
                title, max_rounds, ..
            } => {
                self.title = title.clone();
                self.max_rounds = *max_rounds;
                self.round = 1;
                self.push_margin_entry();
            }
            TalkEvent::ProfileReplaced {
                seat,
                profile,
                shared_with_mediator,
            } => {
                let state = &mut self.seats[*seat];
                state.profile = profile
                    .to_profile("profile", &state.party, self.scenario.space())
                    .expect("validated profile");
                state.profile_replaced = true;
                state.profile_shared = *shared_with_mediator;
            }
            TalkEvent::AgentAttached { seat, agent } => {
                self.seats[*seat].agent = Some(agent.clone())
            }
            TalkEvent::RoundStarted { round } => {
                self.round = *round;
                self.push_margin_entry();
            }
            TalkEvent::Asked {
                seat,
                round,
                query,
                derived_from,
            } => {
                self.question_index.insert(seq, self.questions.len());
                self.questions.push(Question {
                    id: seq,
                    seat: *seat,
                    round: *round,
                    query: query.clone(),
                    derived_from: derived_from.clone(),
                    answer: None,
                    automated: false,
                });
                self.seats[*seat].open_question = Some(seq);
                if let Some(entry) = self.margin.last_mut() {
                    entry.meetings += 1;
                }
            }
            TalkEvent::Answered {
                seat,
                question,
                answer,
                automated,
            } => {
                let index = self.question_index[question];
                let accepted = match (&self.questions[index].query, answer) {
                    (Query::Test { package }, Answer::Accept) => Some(package.clone()),
                    (_, Answer::Proposal { package }) => Some(package.clone()),
                    _ => None,
                };
                let q = &mut self.questions[index];
                q.answer = Some(answer.clone());
                q.automated = *automated;
                self.seats[*seat].open_question = None;
                if let Some(package) = accepted {
                    self.record_acceptance(*seat, &package);
                }
                self.refresh_margin(true);
            }
            TalkEvent::WalkedOut { seat } => {
                self.seats[*seat].walked_out = true;
                self.seats[*seat].open_question = None;
                self.refresh_margin(false);
            }
            TalkEvent::Concluded {
                reason,
                agreement,
                communique,
            } => {
                self.status = Status::Concluded {
                    reason: *reason,
                    agreement: agreement.clone(),
                    communique: communique.clone(),
                };
                self.pending_agreement = None;
            }
        }
    }

    fn active_mask(&self) -> u64 {
        self.active_seats().fold(0, |m, s| m | (1 << s))
    }

    fn record_acceptance(&mut self, seat: usize, package: &Package) {
        let indices = self
            .package_indices("package", package)
            .expect("validated package");
        for (issue, &k) in indices.iter().enumerate() {
            self.accepted_values[seat][issue].insert(k);
        }
        *self.accepted_by.entry(indices).or_insert(0) |= 1 << seat;
    }

    fn push_margin_entry(&mut self) {
        let entry = MarginEntry {
            round: self.round,
            meetings: 0,
            answers: 0,
            packages_accepted_by_all: 0,
            common_values: Default::default(),
            margin_estimate: 0.0,
        };
        self.margin.push(entry);
        self.refresh_margin(false);
    }

    /// Recomputes the cumulative parts of the current round's margin entry.
    fn refresh_margin(&mut self, answered: bool) {
        let active = self.active_mask();
        let enough = active.count_ones() >= 2;
        let mut by_all: Vec<&Vec<u32>> = self
            .accepted_by
            .iter()
            .filter(|(_, &mask)| enough && mask & active == active)
            .map(|(p, _)| p)
            .collect();
        by_all.sort();
        let agreement = by_all.first().map(|p| self.package_of(p));
        let count = by_all.len() as u32;
        let space = self.scenario.space();
        let mut common = indexmap::IndexMap::new();
        for (i, issue) in space.issues().iter().enumerate() {
            let mut values: Option<BTreeSet<u32>> = None;
            for seat in self.active_seats() {
                let mine = &self.accepted_values[seat][i];
                values = Some(match values {
                    None => mine.clone(),
                    Some(v) => v.intersection(mine).copied().collect(),
                });
            }
            let values = if enough {
                values.unwrap_or_default()
            } else {
                BTreeSet::new()
            };
            if !values.is_empty() {
                common.insert(
                    issue.name().to_string(),
                    values
                        .iter()
                        .map(|&k| issue.format_value(&issue.value_at(u64::from(k)).expect("index")))
                        .collect(),
                );
            }
        }
        let estimate = common.len() as f64 / space.issues().len() as f64;
        if let Some(entry) = self.margin.last_mut() {
            if answered {
                entry.answers += 1;
            }
            entry.packages_accepted_by_all = count;
            entry.common_values = common;
            entry.margin_estimate = estimate;
        }
        if self.is_open() {
            self.pending_agreement = agreement;
        }
    }
}

fn query_type(query: &Query) -> &'static str {
    match query {
        Query::Test { .. } => "test",
        Query::Propose => "propose",
        Query::Compare { .. } => "compare",
        Query::RankIssues => "rank_issues",
    }
}

fn expected_answer(query: &Query) -> &'static str {
    match query {
        Query::Test { .. } => "`accept` or `reject`",
        Query::Propose => "`proposal`",
        Query::Compare { .. } => "`prefer`",
        Query::RankIssues => "`ranking`",
    }
}
