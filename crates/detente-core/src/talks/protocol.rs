//! The proximity-talks state machine (sans I/O).
//!
//! Rules it enforces:
//! - talks run in rounds `1..=rounds`; in each round the mediator holds at most one caucus with
//!   each party still at the table, asking up to `max_questions` questions per caucus;
//! - a question goes to exactly one party and its answer is filed under that party's caucus, so a
//!   party's transcript is built from its own caucuses only;
//! - every answer is validated; a malformed answer or silence is recorded as such and treated as
//!   no answer, so it never stops the talks for the others nor enters the mediator's knowledge;
//! - a walk-out closes that party's channel and is recorded; the talks continue with the others
//!   while at least two parties remain at the table;
//! - a package is an agreement only when every party at the table currently accepts it;
//! - a joint session is held at the end of a round only when every party at the table consented
//!   to it in that round's caucus.
//!
//! Mistakes by the *driver* (asking a closed channel, two caucuses with one party in a round, a
//! package outside the space) are [`TalksError`]s: they are bugs in a mediator, not party input.

use super::knowledge::Knowledge;
use super::ledger::{Basis, Disclosure, Ledger, Provenance};
use super::margin::{MarginEstimate, MarginPoint};
use super::message::{validate_answer, validate_question, Answer, Malformed, PartyId, Question};
use super::TalksError;
use crate::outcome::{Outcome, OutcomeSpace};

/// Limits of the talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TalksConfig {
    /// Number of rounds before the deadline.
    pub rounds: u32,
    /// Most questions the mediator may ask in one caucus.
    pub max_questions: usize,
}

impl Default for TalksConfig {
    fn default() -> Self {
        TalksConfig {
            rounds: 12,
            max_questions: 4,
        }
    }
}

/// How a question was answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A valid answer (including a walk-out).
    Answered(Answer),
    /// An answer that did not fit the question; ignored by the mediator's knowledge.
    Malformed {
        /// What the party sent.
        answer: Answer,
        /// Why it was refused.
        problem: Malformed,
    },
    /// No answer.
    Silent,
}

/// One question and its reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The mediator's question.
    pub question: Question,
    /// The party's reply.
    pub reply: Reply,
}

/// One separate meeting between the mediator and one party.
#[derive(Debug, Clone, PartialEq)]
pub struct Caucus {
    /// Round of the meeting.
    pub round: u32,
    /// The party met.
    pub party: PartyId,
    /// Questions and replies, in order.
    pub exchanges: Vec<Exchange>,
}

/// A meeting of every party at the table with the mediator.
#[derive(Debug, Clone, PartialEq)]
pub struct JointSession {
    /// Round at whose end the session was held.
    pub round: u32,
    /// Who attended.
    pub parties: Vec<PartyId>,
    /// The agreement signed at the session, if one was reached that round.
    pub signed: Option<Outcome>,
}

/// Everything that happened in one round.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundRecord {
    /// The round (1-based).
    pub round: u32,
    /// Separate meetings, in the order held.
    pub caucuses: Vec<Caucus>,
    /// The joint session, if every party at the table consented.
    pub joint_session: Option<JointSession>,
    /// The margin measured at the end of the round.
    pub margin: MarginPoint,
}

/// Why the talks ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// Every party at the table accepted `package`.
    Agreement {
        /// Round of the last acceptance.
        round: u32,
        /// The agreed package.
        package: Outcome,
    },
    /// The last round passed without agreement.
    Deadline,
    /// Walk-outs left fewer than two parties at the table.
    WalkOut {
        /// Round of the walk-out that ended the talks.
        round: u32,
    },
}

/// A walk-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkOutRecord {
    /// Who left.
    pub party: PartyId,
    /// In which round.
    pub round: u32,
}

/// The complete record of a talks: the input to every report.
#[derive(Debug, Clone, PartialEq)]
pub struct TalksRecord {
    /// Party names, in party order.
    pub parties: Vec<String>,
    /// Planned number of rounds.
    pub rounds_planned: u32,
    /// Rounds held.
    pub rounds: Vec<RoundRecord>,
    /// Walk-outs, in order.
    pub walkouts: Vec<WalkOutRecord>,
    /// Why the talks ended (`None` while they run).
    pub ending: Option<Ending>,
    /// The disclosure ledger.
    pub ledger: Ledger,
}

impl TalksRecord {
    /// Party `party`'s own caucuses, in order: its transcript.
    pub fn transcript(&self, party: PartyId) -> impl Iterator<Item = &Caucus> {
        self.rounds
            .iter()
            .flat_map(|r| r.caucuses.iter())
            .filter(move |c| c.party == party)
    }

    /// The agreement, if any.
    pub fn agreement(&self) -> Option<&Outcome> {
        match &self.ending {
            Some(Ending::Agreement { package, .. }) => Some(package),
            _ => None,
        }
    }

    /// Parties whose channel is still open at the end.
    pub fn open_channels(&self) -> Vec<PartyId> {
        (0..self.parties.len())
            .filter(|p| !self.walkouts.iter().any(|w| w.party == *p))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Before the first round or between rounds.
    Between,
    /// A round is running; no caucus open.
    InRound,
    /// A caucus with `party` is open; `pending` awaits an answer.
    InCaucus {
        party: PartyId,
        pending: Option<Question>,
    },
    Ended,
}

/// The talks state machine. Drive it with [`super::run::run_talks`] or by hand.
#[derive(Debug, Clone)]
pub struct Talks {
    space: OutcomeSpace,
    config: TalksConfig,
    at_table: Vec<bool>,
    round: u32,
    phase: Phase,
    met_this_round: Vec<bool>,
    consented_this_round: Vec<bool>,
    current_round: Vec<Caucus>,
    agreement: Option<Outcome>,
    knowledge: Knowledge,
    record: TalksRecord,
}

impl Talks {
    /// Sets up talks between `parties` over `space`.
    ///
    /// The space must have countable issues (packages are handled by value index), there must be
    /// at least two parties, one round and one question per caucus.
    pub fn new(
        space: OutcomeSpace,
        parties: Vec<String>,
        config: TalksConfig,
    ) -> Result<Self, TalksError> {
        let Some(radices) = space.radices() else {
            return Err(TalksError::Uncountable);
        };
        if parties.len() < 2 {
            return Err(TalksError::TooFewParties(parties.len()));
        }
        if config.rounds == 0 || config.max_questions == 0 {
            return Err(TalksError::BadConfig(
                "rounds and questions per caucus must be at least 1".into(),
            ));
        }
        let n = parties.len();
        Ok(Talks {
            space,
            config,
            at_table: vec![true; n],
            round: 0,
            phase: Phase::Between,
            met_this_round: vec![false; n],
            consented_this_round: vec![false; n],
            current_round: Vec::new(),
            agreement: None,
            knowledge: Knowledge::new(n, &radices),
            record: TalksRecord {
                parties,
                rounds_planned: config.rounds,
                rounds: Vec::new(),
                walkouts: Vec::new(),
                ending: None,
                ledger: Ledger::default(),
            },
        })
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The limits.
    pub fn config(&self) -> TalksConfig {
        self.config
    }

    /// The current round (0 before the first).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// Relative time of the current round: 0 in the first round, 1 in the last.
    pub fn time(&self) -> f64 {
        if self.config.rounds <= 1 {
            return 1.0;
        }
        (self.round.saturating_sub(1) as f64 / (self.config.rounds - 1) as f64).clamp(0.0, 1.0)
    }

    /// Parties still at the table.
    pub fn at_table(&self) -> Vec<PartyId> {
        (0..self.at_table.len())
            .filter(|&p| self.at_table[p])
            .collect()
    }

    /// What the mediator has learned so far.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The record so far (complete once ended).
    pub fn record(&self) -> &TalksRecord {
        &self.record
    }

    /// Consumes the talks, returning the record.
    pub fn into_record(self) -> TalksRecord {
        self.record
    }

    /// Whether the talks have ended.
    pub fn ended(&self) -> bool {
        self.phase == Phase::Ended
    }

    /// Whether an agreement has been reached (the round may still need closing).
    pub fn settled(&self) -> bool {
        self.agreement.is_some()
    }

    /// The open caucus, if any.
    pub fn current_caucus(&self) -> Option<&Caucus> {
        match self.phase {
            Phase::InCaucus { .. } => self.current_round.last(),
            _ => None,
        }
    }

    /// The open caucus's party, if any.
    pub fn caucus_party(&self) -> Option<PartyId> {
        match self.phase {
            Phase::InCaucus { party, .. } => Some(party),
            _ => None,
        }
    }

    /// Starts the next round.
    pub fn begin_round(&mut self) -> Result<u32, TalksError> {
        match self.phase {
            Phase::Between => {}
            Phase::Ended => return Err(TalksError::Ended),
            _ => return Err(TalksError::OutOfOrder("a round is already running")),
        }
        self.round += 1;
        self.met_this_round.iter_mut().for_each(|m| *m = false);
        self.consented_this_round
            .iter_mut()
            .for_each(|c| *c = false);
        self.phase = Phase::InRound;
        Ok(self.round)
    }

    /// Opens a caucus with `party`.
    pub fn open_caucus(&mut self, party: PartyId) -> Result<(), TalksError> {
        match self.phase {
            Phase::InRound => {}
            Phase::Ended => return Err(TalksError::Ended),
            _ => return Err(TalksError::OutOfOrder("open a caucus only inside a round")),
        }
        if self.agreement.is_some() {
            return Err(TalksError::Ended);
        }
        if party >= self.at_table.len() {
            return Err(TalksError::NoSuchParty(party));
        }
        if !self.at_table[party] {
            return Err(TalksError::ChannelClosed(party));
        }
        if self.met_this_round[party] {
            return Err(TalksError::AlreadyMet(party));
        }
        self.met_this_round[party] = true;
        self.current_round.push(Caucus {
            round: self.round,
            party,
            exchanges: Vec::new(),
        });
        self.phase = Phase::InCaucus {
            party,
            pending: None,
        };
        Ok(())
    }

    /// Puts `question` to the party in caucus. `provenance` declares which other parties' private
    /// data the question was computed from; it goes into the disclosure ledger.
    pub fn ask(&mut self, question: Question, provenance: &Provenance) -> Result<(), TalksError> {
        let Phase::InCaucus { party, pending } = &self.phase else {
            return Err(TalksError::OutOfOrder("ask only inside a caucus"));
        };
        let party = *party;
        if pending.is_some() {
            return Err(TalksError::OutOfOrder(
                "the previous question has no reply yet",
            ));
        }
        let caucus = self.current_round.last().expect("a caucus is open");
        if caucus.exchanges.len() >= self.config.max_questions {
            return Err(TalksError::TooManyQuestions(self.config.max_questions));
        }
        validate_question(&self.space, &question).map_err(TalksError::BadQuestion)?;
        self.record_disclosure(party, &question, provenance);
        self.phase = Phase::InCaucus {
            party,
            pending: Some(question),
        };
        Ok(())
    }

    fn record_disclosure(&mut self, to: PartyId, question: &Question, provenance: &Provenance) {
        let mut from: Vec<(PartyId, Basis)> = provenance
            .sources
            .iter()
            .copied()
            .filter(|(p, _)| *p != to)
            .collect();
        let mut reveals = provenance.reveals.clone();
        // Safety net: a tested package that another party proposed is a relay of that proposal,
        // whether or not the mediator declared it.
        if let Question::Test(p) | Question::PositionTest(p) = question {
            if let Some(indices) = self.space.indices_of(p) {
                for (other, k) in self.knowledge.parties.iter().enumerate() {
                    let proposed = k.proposals.iter().any(|(_, q)| q == &indices);
                    if other != to && proposed && !from.contains(&(other, Basis::Proposal)) {
                        from.push((other, Basis::Proposal));
                        if !reveals.is_empty() {
                            reveals.push_str("; ");
                        }
                        reveals
                            .push_str("the package is one another delegation named as acceptable");
                    }
                }
            }
        }
        if !from.is_empty() {
            self.record.ledger.entries.push(Disclosure {
                round: self.round,
                to,
                question: question.kind(),
                from,
                reveals,
            });
        }
    }

    /// Files the party's reply (`None` = no answer) to the pending question. Never fails on party
    /// input: malformed answers and silence are recorded and otherwise ignored.
    pub fn reply(&mut self, answer: Option<Answer>) -> Result<&Reply, TalksError> {
        let Phase::InCaucus { party, pending } = &mut self.phase else {
            return Err(TalksError::OutOfOrder("reply only inside a caucus"));
        };
        let party = *party;
        let Some(question) = pending.take() else {
            return Err(TalksError::OutOfOrder("no question is pending"));
        };
        let reply = match answer {
            None => Reply::Silent,
            Some(answer) => match validate_answer(&self.space, &question, &answer) {
                Ok(()) => Reply::Answered(answer),
                Err(problem) => Reply::Malformed { answer, problem },
            },
        };
        if let Reply::Answered(answer) = &reply {
            if *answer == Answer::WalkOut {
                self.at_table[party] = false;
                self.record.walkouts.push(WalkOutRecord {
                    party,
                    round: self.round,
                });
            } else {
                self.knowledge
                    .learn(&self.space, party, self.round, &question, answer);
                if *answer == Answer::Consent(true) {
                    self.consented_this_round[party] = true;
                }
            }
            self.check_agreement();
        }
        let caucus = self.current_round.last_mut().expect("a caucus is open");
        caucus.exchanges.push(Exchange { question, reply });
        Ok(&caucus.exchanges.last().expect("just pushed").reply)
    }

    fn check_agreement(&mut self) {
        if self.agreement.is_some() {
            return;
        }
        let table = self.at_table();
        if table.len() < 2 {
            return;
        }
        if let Some(p) = self.knowledge.accepted_by_all(&table).first() {
            self.agreement = Some(self.space.outcome_from_indices(p));
        }
    }

    /// Closes the open caucus. A pending question without reply is recorded as unanswered.
    pub fn close_caucus(&mut self) -> Result<(), TalksError> {
        let Phase::InCaucus { pending, .. } = &self.phase else {
            return Err(TalksError::OutOfOrder("no caucus is open"));
        };
        if pending.is_some() {
            self.reply(None)?;
        }
        self.phase = Phase::InRound;
        Ok(())
    }

    /// Ends the round: holds a joint session if everyone at the table consented, measures the
    /// margin with the mediator's `estimate` (and `exact` margin, if known), and decides whether
    /// the talks go on. Returns the ending, if the talks ended.
    pub fn end_round(
        &mut self,
        estimate: MarginEstimate,
        exact: Option<f64>,
    ) -> Result<Option<&Ending>, TalksError> {
        if matches!(self.phase, Phase::InCaucus { .. }) {
            self.close_caucus()?;
        }
        if self.phase != Phase::InRound {
            return Err(TalksError::OutOfOrder("no round is running"));
        }
        let table = self.at_table();
        let joint_session = (table.len() >= 2
            && table.iter().all(|&p| self.consented_this_round[p]))
        .then(|| JointSession {
            round: self.round,
            parties: table.clone(),
            signed: self.agreement.clone(),
        });
        let margin = MarginPoint::measure(self.round, &self.knowledge, &table, estimate, exact);
        self.record.rounds.push(RoundRecord {
            round: self.round,
            caucuses: std::mem::take(&mut self.current_round),
            joint_session,
            margin,
        });
        let ending = if let Some(package) = self.agreement.clone() {
            Some(Ending::Agreement {
                round: self.round,
                package,
            })
        } else if table.len() < 2 {
            Some(Ending::WalkOut { round: self.round })
        } else if self.round >= self.config.rounds {
            Some(Ending::Deadline)
        } else {
            None
        };
        match ending {
            Some(e) => {
                self.record.ending = Some(e);
                self.phase = Phase::Ended;
            }
            None => self.phase = Phase::Between,
        }
        Ok(self.record.ending.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};

    fn talks() -> Talks {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y"]).unwrap(),
            Issue::discrete("b", ["x", "y"]).unwrap(),
        ])
        .unwrap();
        Talks::new(
            space,
            vec!["A".into(), "B".into(), "C".into()],
            TalksConfig {
                rounds: 2,
                max_questions: 2,
            },
        )
        .unwrap()
    }

    fn pkg(a: u32, b: u32) -> Outcome {
        vec![Value::Discrete(a), Value::Discrete(b)]
    }

    fn accept() -> Option<Answer> {
        Some(Answer::Verdict {
            accept: true,
            objections: vec![],
        })
    }

    #[test]
    fn agreement_needs_every_party_on_the_same_package() {
        let mut t = talks();
        t.begin_round().unwrap();
        for (party, package) in [(0, pkg(0, 0)), (1, pkg(0, 0)), (2, pkg(1, 0))] {
            t.open_caucus(party).unwrap();
            t.ask(Question::Test(package), &Provenance::public())
                .unwrap();
            t.reply(accept()).unwrap();
            t.close_caucus().unwrap();
        }
        assert!(!t.settled());
        t.end_round(MarginEstimate::exact(0.0), None).unwrap();
        t.begin_round().unwrap();
        t.open_caucus(2).unwrap();
        t.ask(Question::Test(pkg(0, 0)), &Provenance::public())
            .unwrap();
        t.reply(accept()).unwrap();
        assert!(t.settled());
        let ending = t.end_round(MarginEstimate::exact(0.0), None).unwrap();
        assert_eq!(
            ending,
            Some(&Ending::Agreement {
                round: 2,
                package: pkg(0, 0)
            })
        );
    }

    #[test]
    fn a_rejection_withdraws_an_earlier_acceptance() {
        let mut t = talks();
        t.begin_round().unwrap();
        t.open_caucus(0).unwrap();
        t.ask(Question::Test(pkg(1, 1)), &Provenance::public())
            .unwrap();
        t.reply(accept()).unwrap();
        t.ask(Question::Test(pkg(1, 1)), &Provenance::public())
            .unwrap();
        t.reply(Some(Answer::Verdict {
            accept: false,
            objections: vec![0],
        }))
        .unwrap();
        assert!(t.knowledge().parties[0].standing.is_empty());
        assert_eq!(t.knowledge().parties[0].accepted.len(), 1);
    }

    #[test]
    fn malformed_silent_and_walk_out_are_recorded_and_talks_go_on() {
        let mut t = talks();
        t.begin_round().unwrap();
        t.open_caucus(0).unwrap();
        t.ask(Question::AskPackage, &Provenance::public()).unwrap();
        let r = t.reply(Some(Answer::Consent(true))).unwrap();
        assert!(matches!(r, Reply::Malformed { .. }));
        t.close_caucus().unwrap();
        t.open_caucus(1).unwrap();
        t.ask(Question::RankIssues, &Provenance::public()).unwrap();
        t.close_caucus().unwrap();
        t.open_caucus(2).unwrap();
        t.ask(Question::RankIssues, &Provenance::public()).unwrap();
        t.reply(Some(Answer::WalkOut)).unwrap();
        t.close_caucus().unwrap();
        assert_eq!(t.end_round(MarginEstimate::exact(0.0), None).unwrap(), None);
        assert_eq!(t.at_table(), vec![0, 1]);
        let round = &t.record().rounds[0];
        assert_eq!(round.caucuses[1].exchanges[0].reply, Reply::Silent);
        assert!(t.knowledge().parties[0].proposals.is_empty());
        t.begin_round().unwrap();
        assert_eq!(t.open_caucus(2), Err(TalksError::ChannelClosed(2)));
        t.open_caucus(1).unwrap();
        assert_eq!(
            t.open_caucus(0),
            Err(TalksError::OutOfOrder("open a caucus only inside a round"))
        );
    }

    #[test]
    fn driver_mistakes_are_errors() {
        let mut t = talks();
        assert!(t.open_caucus(0).is_err());
        t.begin_round().unwrap();
        assert_eq!(t.open_caucus(7), Err(TalksError::NoSuchParty(7)));
        t.open_caucus(0).unwrap();
        assert!(t
            .ask(
                Question::Test(vec![Value::Discrete(9)]),
                &Provenance::public()
            )
            .is_err());
        t.ask(Question::RankIssues, &Provenance::public()).unwrap();
        assert!(t.ask(Question::RankIssues, &Provenance::public()).is_err());
        t.reply(None).unwrap();
        t.ask(Question::RankIssues, &Provenance::public()).unwrap();
        t.reply(None).unwrap();
        assert_eq!(
            t.ask(Question::RankIssues, &Provenance::public()),
            Err(TalksError::TooManyQuestions(2))
        );
        t.close_caucus().unwrap();
        assert_eq!(t.open_caucus(0), Err(TalksError::AlreadyMet(0)));
    }

    #[test]
    fn joint_session_only_with_every_consent() {
        let mut t = talks();
        for round in 0..2 {
            t.begin_round().unwrap();
            for p in 0..3 {
                t.open_caucus(p).unwrap();
                t.ask(Question::JointSession, &Provenance::public())
                    .unwrap();
                t.reply(Some(Answer::Consent(round == 1 || p != 1)))
                    .unwrap();
                t.close_caucus().unwrap();
            }
            t.end_round(MarginEstimate::exact(0.0), None).unwrap();
        }
        assert!(t.record().rounds[0].joint_session.is_none());
        assert!(t.record().rounds[1].joint_session.is_some());
        assert_eq!(t.record().ending, Some(Ending::Deadline));
    }

    #[test]
    fn relaying_a_proposal_is_ledgered_even_when_undeclared() {
        let mut t = talks();
        t.begin_round().unwrap();
        t.open_caucus(0).unwrap();
        t.ask(Question::AskPackage, &Provenance::public()).unwrap();
        t.reply(Some(Answer::Package(pkg(1, 0)))).unwrap();
        t.close_caucus().unwrap();
        t.open_caucus(1).unwrap();
        t.ask(Question::Test(pkg(1, 0)), &Provenance::public())
            .unwrap();
        let told: Vec<_> = t.record().ledger.told_to(1).collect();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].from, vec![(0, Basis::Proposal)]);
    }
}
