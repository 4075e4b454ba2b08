//! What each reader sees of a talk. Each view is built for one reader from the state, so nothing
//! reaches a reader by default: the mediator's view omits profiles a party kept to itself, a party's
//! view holds only its own profile and caucus, the public view only public facts.

use indexmap::IndexMap;
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::{
    AgentSpec, Answer, Conclusion, MarginEntry, Package, ProfileDto, Query, Question, Status,
    TalkState,
};

/// An issue and its values.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueView {
    /// Issue name.
    pub name: String,
    /// Its values, in order.
    pub values: Vec<String>,
}

/// How talks ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConclusionView {
    /// Why.
    pub reason: Conclusion,
    /// The agreed package, if any.
    pub agreement: Option<Package>,
    /// The public statement.
    pub communique: String,
}

/// What anyone may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicView {
    /// Talk id.
    pub talk_id: String,
    /// Title.
    pub title: String,
    /// Party names.
    pub parties: Vec<String>,
    /// `open` or `concluded`.
    pub status: &'static str,
    /// Current round.
    pub round: u32,
    /// Deadline in rounds.
    pub max_rounds: u32,
    /// Parties that left.
    pub walked_out: Vec<String>,
    /// Set once talks ended.
    pub conclusion: Option<ConclusionView>,
}

/// A seat as the mediator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatView {
    /// Seat number.
    pub seat: usize,
    /// Party name.
    pub party: String,
    /// The automated agent answering for it, if any.
    pub agent: Option<AgentSpec>,
    /// Whether it left.
    pub walked_out: bool,
    /// Its unanswered question.
    pub open_question: Option<u64>,
    /// Whether it replaced the scenario's profile.
    pub profile_replaced: bool,
    /// Its profile, when the mediator may see it (the scenario's, or one handed over in confidence).
    pub profile: Option<ProfileDto>,
}

/// A caucus exchange as the mediator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaucusView {
    /// Question id.
    pub question: u64,
    /// Round.
    pub round: u32,
    /// Party asked.
    pub party: String,
    /// The question.
    pub query: Query,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Whether an automated agent answered.
    pub automated: bool,
}

/// One disclosure-ledger entry: a message to one party composed from others' private data.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerEntry {
    /// Question id.
    pub question: u64,
    /// Round.
    pub round: u32,
    /// Who was told.
    pub to: String,
    /// Whose private information it was computed from.
    pub derived_from: Vec<String>,
    /// What it reveals, in words.
    pub reveals: String,
}

/// The mediator's view.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediatorView {
    /// Public facts.
    #[serde(flatten)]
    pub public: PublicView,
    /// Seq of the last event.
    pub last_seq: u64,
    /// The issues.
    pub issues: Vec<IssueView>,
    /// The seats.
    pub seats: Vec<SeatView>,
    /// Every caucus exchange.
    pub caucuses: Vec<CaucusView>,
    /// The margin series, one entry per round.
    pub margin: Vec<MarginEntry>,
    /// The disclosure ledger.
    pub ledger: Vec<LedgerEntry>,
    /// A package every party accepted, if talks are about to conclude on it.
    pub pending_agreement: Option<Package>,
}

/// A caucus exchange as its party sees it, with its own utilities.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnCaucusView {
    /// Question id.
    pub question: u64,
    /// Round.
    pub round: u32,
    /// The question.
    pub query: Query,
    /// Own utility of each package in the question (`package`, or `a` and `b`).
    pub utilities: IndexMap<String, f64>,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Whether an automated agent answered.
    pub automated: bool,
    /// Whether the mediator composed it from other parties' private information.
    pub informed_by_others: bool,
}

/// A party's view: its own profile and caucus, nothing of the others.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// Public facts.
    #[serde(flatten)]
    pub public: PublicView,
    /// Own seat.
    pub seat: usize,
    /// Own name.
    pub party: String,
    /// The issues.
    pub issues: Vec<IssueView>,
    /// Own profile in force, when it has the JSON form.
    pub profile: Option<ProfileDto>,
    /// Whether the party replaced the scenario's profile.
    pub profile_replaced: bool,
    /// Own automated agent, if any.
    pub agent: Option<AgentSpec>,
    /// Own unanswered question.
    pub open_question: Option<u64>,
    /// Own caucus, in order.
    pub caucuses: Vec<OwnCaucusView>,
}

fn issues(state: &TalkState) -> Vec<IssueView> {
    state
        .scenario()
        .space()
        .issues()
        .iter()
        .map(|issue| IssueView {
            name: issue.name().to_string(),
            values: (0..issue.cardinality().unwrap_or(0) as u64)
                .filter_map(|k| issue.value_at(k))
                .map(|v| issue.format_value(&v))
                .collect(),
        })
        .collect()
}

/// The public view.
pub fn public(talk_id: &str, state: &TalkState) -> PublicView {
    let conclusion = match &state.status {
        Status::Open => None,
        Status::Concluded {
            reason,
            agreement,
            communique,
        } => Some(ConclusionView {
            reason: *reason,
            agreement: agreement.clone(),
            communique: communique.clone(),
        }),
    };
    PublicView {
        talk_id: talk_id.to_string(),
        title: state.title.clone(),
        parties: state.seats.iter().map(|s| s.party.clone()).collect(),
        status: if conclusion.is_some() {
            "concluded"
        } else {
            "open"
        },
        round: state.round,
        max_rounds: state.max_rounds,
        walked_out: state
            .seats
            .iter()
            .filter(|s| s.walked_out)
            .map(|s| s.party.clone())
            .collect(),
        conclusion,
    }
}

fn describe(query: &Query) -> String {
    let show = |p: &Package| {
        p.iter()
            .map(|(i, v)| format!("{i}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match query {
        Query::Test { package } => format!("a package worth testing: {}", show(package)),
        Query::Compare { a, b } => format!(
            "two packages worth comparing: ({}) and ({})",
            show(a),
            show(b)
        ),
        Query::Propose => "that a proposal is wanted".into(),
        Query::RankIssues => "that an issue ranking is wanted".into(),
    }
}

/// The mediator's view.
pub fn mediator(talk_id: &str, state: &TalkState) -> MediatorView {
    let name = |seat: usize| state.seats[seat].party.clone();
    let space = state.scenario().space();
    MediatorView {
        public: public(talk_id, state),
        last_seq: state.last_seq,
        issues: issues(state),
        seats: state
            .seats
            .iter()
            .enumerate()
            .map(|(seat, s)| SeatView {
                seat,
                party: s.party.clone(),
                agent: s.agent.clone(),
                walked_out: s.walked_out,
                open_question: s.open_question,
                profile_replaced: s.profile_replaced,
                profile: (!s.profile_replaced || s.profile_shared)
                    .then(|| ProfileDto::from_profile(&s.profile, space))
                    .flatten(),
            })
            .collect(),
        caucuses: state
            .questions
            .iter()
            .map(|q| CaucusView {
                question: q.id,
                round: q.round,
                party: name(q.seat),
                query: q.query.clone(),
                answer: q.answer.clone(),
                automated: q.automated,
            })
            .collect(),
        margin: state.margin.clone(),
        ledger: state
            .questions
            .iter()
            .filter(|q| q.derived_from.iter().any(|&s| s != q.seat))
            .map(|q| LedgerEntry {
                question: q.id,
                round: q.round,
                to: name(q.seat),
                derived_from: q
                    .derived_from
                    .iter()
                    .filter(|&&s| s != q.seat)
                    .map(|&s| name(s))
                    .collect(),
                reveals: describe(&q.query),
            })
            .collect(),
        pending_agreement: state.pending_agreement.clone(),
    }
}

fn own_caucus(state: &TalkState, seat: usize, q: &Question) -> OwnCaucusView {
    let mut utilities = IndexMap::new();
    let mut put = |key: &str, p: &Package| {
        if let Some(u) = state.utility(seat, p) {
            utilities.insert(key.to_string(), u);
        }
    };
    match &q.query {
        Query::Test { package } => put("package", package),
        Query::Compare { a, b } => {
            put("a", a);
            put("b", b);
        }
        Query::Propose | Query::RankIssues => {}
    }
    if let Some(Answer::Proposal { package }) = &q.answer {
        put("proposal", package);
    }
    OwnCaucusView {
        question: q.id,
        round: q.round,
        query: q.query.clone(),
        utilities,
        answer: q.answer.clone(),
        automated: q.automated,
        informed_by_others: q.derived_from.iter().any(|&s| s != seat),
    }
}

/// The view of the party in `seat`.
pub fn party(talk_id: &str, state: &TalkState, seat: usize) -> PartyView {
    let s = &state.seats[seat];
    PartyView {
        public: public(talk_id, state),
        seat,
        party: s.party.clone(),
        issues: issues(state),
        profile: ProfileDto::from_profile(&s.profile, state.scenario().space()),
        profile_replaced: s.profile_replaced,
        agent: s.agent.clone(),
        open_question: s.open_question,
        caucuses: state
            .questions
            .iter()
            .filter(|q| q.seat == seat)
            .map(|q| own_caucus(state, seat, q))
            .collect(),
    }
}
