//! Runs talks in memory: drives the [`Talks`] state machine with a mediator and party agents.
//!
//! Each party agent is called only with questions from its own caucus; that is the whole of what
//! it ever sees.

use super::mediator::{Mediator, MediatorObservation};
use super::party::{CaucusView, TalksParty};
use super::protocol::{Reply, Talks, TalksConfig, TalksRecord};
use super::TalksError;
use crate::outcome::OutcomeSpace;

/// A named delegation and the agent answering for it.
pub struct Seat<'a> {
    /// The party's name.
    pub name: String,
    /// Who answers.
    pub agent: Box<dyn TalksParty + 'a>,
}

/// Runs talks to the end and returns the record.
pub fn run_talks(
    space: &OutcomeSpace,
    mut seats: Vec<Seat<'_>>,
    mediator: &mut dyn Mediator,
    config: TalksConfig,
) -> Result<TalksRecord, TalksError> {
    let names = seats.iter().map(|s| s.name.clone()).collect();
    let mut talks = Talks::new(space.clone(), names, config)?;
    loop {
        let round = talks.begin_round()?;
        let table = talks.at_table();
        mediator.begin_round(&view(&talks, &table, &[]));
        for &party in &table {
            if talks.settled() || !talks.at_table().contains(&party) {
                break;
            }
            talks.open_caucus(party)?;
            loop {
                let exchanges = current_exchanges(&talks);
                if exchanges.len() >= config.max_questions {
                    break;
                }
                let table_now = talks.at_table();
                let Some(mv) = mediator.next_move(&view(&talks, &table_now, &exchanges), party)
                else {
                    break;
                };
                talks.ask(mv.question.clone(), &mv.provenance)?;
                let caucus_view = CaucusView {
                    round,
                    rounds: config.rounds,
                    time: talks.time(),
                };
                let answer = seats[party].agent.answer(&caucus_view, &mv.question);
                let reply = talks.reply(answer)?;
                let walked = matches!(reply, Reply::Answered(super::message::Answer::WalkOut));
                if walked || talks.settled() {
                    break;
                }
            }
            talks.close_caucus()?;
        }
        let table = talks.at_table();
        let (estimate, exact) = mediator.margin(&view(&talks, &table, &[]));
        if talks.end_round(estimate, exact)?.is_some() {
            break;
        }
    }
    Ok(talks.into_record())
}

fn current_exchanges(talks: &Talks) -> Vec<super::protocol::Exchange> {
    talks
        .current_caucus()
        .map(|c| c.exchanges.clone())
        .unwrap_or_default()
}

fn view<'a>(
    talks: &'a Talks,
    table: &'a [usize],
    caucus: &'a [super::protocol::Exchange],
) -> MediatorObservation<'a> {
    MediatorObservation {
        space: talks.space(),
        round: talks.round(),
        rounds: talks.config().rounds,
        time: talks.time(),
        at_table: table,
        knowledge: talks.knowledge(),
        caucus,
        max_questions: talks.config().max_questions,
    }
}
