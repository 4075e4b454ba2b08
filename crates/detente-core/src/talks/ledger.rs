//! The disclosure ledger: every message to a party that was computed from another party's private
//! data, with what it may reveal.
//!
//! Messages never carry another party's answers (see [`super::message`]), but a package shaped by
//! another party's objections, or chosen from confidential profiles, still tells the recipient
//! something. The ledger makes that explicit so it can be reviewed and reported per party.

use super::message::{PartyId, QuestionKind};

/// What kind of private data a message was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A profile handed to a trusted mediator in confidence.
    ConfidentialProfile,
    /// The party's caucus answers (accept/reject, objections, comparisons, rankings).
    Answers,
    /// A package the party proposed when asked.
    Proposal,
}

impl Basis {
    /// Plain-English name.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::ConfidentialProfile => "confidential profile",
            Basis::Answers => "caucus answers",
            Basis::Proposal => "proposal",
        }
    }
}

/// Where a mediator's message came from: declared by the mediator with each move.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// Parties whose private data the message was computed from, and which data.
    pub sources: Vec<(PartyId, Basis)>,
    /// What a recipient may infer from the message, in plain English.
    pub reveals: String,
}

impl Provenance {
    /// A message computed from nothing private (e.g. a generic question).
    pub fn public() -> Self {
        Provenance::default()
    }
}

/// One message to `to` computed from other parties' private data.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    /// Round of the message.
    pub round: u32,
    /// Recipient.
    pub to: PartyId,
    /// Kind of question the message was.
    pub question: QuestionKind,
    /// Other parties (never the recipient) whose data was used, and which data.
    pub from: Vec<(PartyId, Basis)>,
    /// What the recipient may infer.
    pub reveals: String,
}

/// All disclosures of a talks, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Entries in the order the messages were sent.
    pub entries: Vec<Disclosure>,
}

impl Ledger {
    /// Entries addressed to `party`: the per-party "what you were told" report.
    pub fn told_to(&self, party: PartyId) -> impl Iterator<Item = &Disclosure> {
        self.entries.iter().filter(move |d| d.to == party)
    }
}
