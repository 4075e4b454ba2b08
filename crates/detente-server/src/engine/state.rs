//! The state a talk's events add up to: the proximity-talks state machine plus the service's
//! seats (profiles in force, agents, walk-out requests) and question records.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use detente_core::elicitation::Draft;
use detente_core::talks::bounds::TableProfile;
use detente_core::talks::communique::{communique, PublicFacts};
use detente_core::talks::mediator::{BlindMediator, MediatorObservation};
use detente_core::talks::party::{CaucusView, TalksParty};
use detente_core::talks::setup::SeatedParty;
use detente_core::talks::zone::{zone, ZoneSummary};
use detente_core::talks::{Ending, Talks, TalksConfig, TalksError};
use detente_core::{Agenda, OutcomeSpace, Party, Profile, Scenario};

use super::agent;
use super::wire::{
    from_outcome, AnswerDto, EndingKind, EstimateDto, PackageDto, ProvenanceDto, QuestionDto,
};
use super::{AgentDto, ProfileDto, TalkEvent};

/// An event that may not be appended now, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The request field at fault (`question.package.salary`, `party`, …).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// True when the request is well-formed but the talk's state forbids it now (HTTP 409);
    /// false when the request itself is wrong (HTTP 422).
    pub conflict: bool,
}

/// A field of the request at fault: the request itself is wrong (HTTP 422).
impl From<super::FieldError> for Rejection {
    fn from(e: super::FieldError) -> Self {
        Rejection::invalid(e.field, e.message)
    }
}

impl Rejection {
    /// The request is wrong.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection {
            field: field.into(),
            message: message.into(),
            conflict: false,
        }
    }

    /// The talk's state forbids it now.
    pub fn state(field: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection {
            field: field.into(),
            message: message.into(),
            conflict: true,
        }
    }
}

fn protocol(field: &str, e: TalksError) -> Rejection {
    Rejection::state(field, e.to_string())
}

/// One seat at the table.
#[derive(Debug)]
pub struct SeatState {
    /// The party's name.
    pub party: String,
    /// The profile in force: the agenda's, or the one the party stated; none until a
    /// delegation of an agenda-only talk states its own.
    pub profile: Option<Profile>,
    /// Whether the profile in force is the party's own statement (not the agenda's).
    pub profile_replaced: bool,
    /// Whether the party handed its own profile to the mediator (and has not withdrawn it).
    pub profile_shared: bool,
    /// How many times the party stated its own profile.
    pub revisions: u32,
    /// The automated agent answering for the seat, if any.
    pub agent_spec: Option<AgentDto>,
    /// The agent the mediator proposed for this seat, until the party seats or removes one.
    pub proposed_agent: Option<AgentDto>,
    /// The party's preference wizard, once it submitted a page.
    draft: Option<Draft>,
    agent: Option<SeatedParty>,
    /// Whether the party asked to walk out at its next question.
    pub walk_out_requested: bool,
    /// The question awaiting this party's answer.
    pub pending: Option<u64>,
    /// What the seat's agent answered to the pending question (inner `None`: it stays silent).
    ///
    /// Agents keep state (`tft`, `hardheaded`, `agentk` learn from the packages they are shown;
    /// `random` draws from its generator), so the agent is run while an *event is applied*, never
    /// when an answer is merely wanted: once per question, when the question is asked of its seat,
    /// or when the agent is seated (or rebuilt for a replaced profile) while a question is pending.
    /// Replaying the log therefore runs every agent on the same questions, in the same order and
    /// with the same [`CaucusView`] as the live talk did, and the recorded automated answer is
    /// compared with this one (see [`TalkState::agent_divergences`]).
    /// [`TalkState::automatic_answer`] only reads it.
    agent_answer: Option<(u64, Option<AnswerDto>)>,
}

/// What became of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyState {
    /// Awaiting the answer.
    Pending,
    /// Answered.
    Answered(AnswerDto),
    /// The caucus closed without an answer.
    Silent,
}

/// A caucus question and what became of it.
#[derive(Debug, Clone)]
pub struct QuestionRecord {
    /// Id: the seq of the event that asked it.
    pub id: u64,
    /// The party asked.
    pub seat: usize,
    /// The round.
    pub round: u32,
    /// The question.
    pub question: QuestionDto,
    /// Its declared provenance.
    pub provenance: ProvenanceDto,
    /// The reply.
    pub reply: ReplyState,
    /// Whether an automated agent answered.
    pub automated: bool,
}

/// The blind strategy's next question for one delegation, as the desk offers it: the human
/// mediator may put it as suggested, edit it, or ignore it.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedQuestion {
    /// The delegation.
    pub seat: usize,
    /// The question.
    pub question: QuestionDto,
    /// Why, in one plain line.
    pub reason: String,
    /// Whose private data it was computed from (declared if the mediator puts it).
    pub provenance: ProvenanceDto,
}

/// The estimate before the talk opened: nothing measured.
fn no_estimate() -> EstimateDto {
    EstimateDto {
        estimate: 0.0,
        lower: 0.0,
        upper: 0.0,
    }
}

/// Whether talks go on.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Talks go on.
    Open,
    /// Talks ended and the communiqué is published.
    Concluded {
        /// Why.
        ending: EndingKind,
        /// The agreed package.
        agreement: Option<PackageDto>,
        /// The public statement.
        communique: String,
    },
}

/// The state of one talk, as its events add up.
#[derive(Debug)]
pub struct TalkState {
    agenda: Arc<Agenda>,
    talks: Option<Talks>,
    /// Title.
    pub title: String,
    /// How the communiqué names the mediator.
    pub mediator: String,
    /// Seats in order.
    pub seats: Vec<SeatState>,
    /// Every question, in order.
    pub questions: Vec<QuestionRecord>,
    question_index: HashMap<u64, usize>,
    /// Whether a round is running.
    pub in_round: bool,
    /// Open or concluded.
    pub status: Status,
    /// Seq of the last applied event.
    pub last_seq: u64,
    /// Chain hash after the last applied event.
    pub last_hash: [u8; 32],
    /// Questions whose recorded automated answer is not the one the seat's agent gives when the
    /// log is replayed. The log stands (it is what the talks saw); this happens only with logs
    /// written before seated agents were replayed, when an agent could lose its memory.
    pub agent_divergences: Vec<u64>,
    zone: OnceLock<Option<ZoneSummary>>,
    /// Measures the margin from answers, keeping each party's consistent set between rounds
    /// (its hull costs linear programs; a party whose answers did not change costs none).
    measurer: Mutex<BlindMediator>,
}

impl TalkState {
    /// The state before any event, for a talk on `agenda`.
    pub fn new(agenda: Arc<Agenda>) -> Self {
        let seats = agenda
            .delegations()
            .iter()
            .map(|d| SeatState {
                party: d.name.clone(),
                profile: d.profile.clone(),
                profile_replaced: false,
                profile_shared: false,
                revisions: 0,
                agent_spec: None,
                proposed_agent: None,
                draft: None,
                agent: None,
                walk_out_requested: false,
                pending: None,
                agent_answer: None,
            })
            .collect();
        TalkState {
            agenda,
            talks: None,
            title: String::new(),
            mediator: String::new(),
            seats,
            questions: Vec::new(),
            question_index: HashMap::new(),
            in_round: false,
            status: Status::Open,
            last_seq: 0,
            last_hash: super::GENESIS,
            agent_divergences: Vec::new(),
            zone: OnceLock::new(),
            measurer: Mutex::new(BlindMediator::new(0)),
        }
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        self.agenda.space()
    }

    /// The protocol state machine (after the talk opened).
    pub fn talks(&self) -> Option<&Talks> {
        self.talks.as_ref()
    }

    fn machine(&mut self) -> Result<&mut Talks, Rejection> {
        if self.status != Status::Open {
            return Err(Rejection::state("talk", "talks have concluded"));
        }
        self.talks
            .as_mut()
            .ok_or_else(|| Rejection::state("talk", "the talk has not been opened"))
    }

    /// The question with this id.
    pub fn question(&self, id: u64) -> Option<&QuestionRecord> {
        self.question_index.get(&id).map(|&i| &self.questions[i])
    }

    /// Whether talks go on.
    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// The current round (0 before the first).
    pub fn round(&self) -> u32 {
        self.talks.as_ref().map_or(0, Talks::round)
    }

    /// Parties at the table.
    pub fn at_table(&self) -> Vec<usize> {
        self.talks.as_ref().map_or_else(Vec::new, Talks::at_table)
    }

    /// The party in the open caucus, if any.
    pub fn caucus_party(&self) -> Option<usize> {
        self.talks.as_ref().and_then(Talks::caucus_party)
    }

    /// Party names in seat order.
    pub fn party_names(&self) -> Vec<String> {
        self.seats.iter().map(|s| s.party.clone()).collect()
    }

    /// Utility of `package` for `seat`, if the seat has a profile and the package is valid.
    pub(super) fn utility(&self, seat: usize, package: &PackageDto) -> Option<f64> {
        let outcome = super::wire::to_outcome(self.space(), "package", package).ok()?;
        let profile = self.seats.get(seat)?.profile.as_ref()?;
        Some(profile.utility.utility(&outcome))
    }

    /// Whether the mediator holds `seat`'s profile in force (the agenda's, or one handed over).
    pub fn mediator_holds(&self, seat: usize) -> bool {
        self.seats.get(seat).is_some_and(|s| {
            s.profile.is_some()
                && super::visibility::may_see_profile(
                    super::Reader::Mediator,
                    seat,
                    s.profile_replaced,
                    s.profile_shared,
                )
        })
    }

    /// Whether the mediator holds every profile in force.
    pub fn mediator_holds_profiles(&self) -> bool {
        (0..self.seats.len()).all(|seat| self.mediator_holds(seat))
    }

    /// The seats whose profile the mediator does not hold: the delegations it is blind to.
    pub fn blind_to(&self) -> Vec<usize> {
        (0..self.seats.len())
            .filter(|&seat| !self.mediator_holds(seat))
            .collect()
    }

    /// The zone of agreement, when the mediator holds every profile (computed once).
    pub fn zone(&self) -> Option<&ZoneSummary> {
        self.zone
            .get_or_init(|| {
                if !self.mediator_holds_profiles() {
                    return None;
                }
                // The zone of the profiles in force, which may differ from the agenda's.
                let parties = self
                    .agenda
                    .delegations()
                    .iter()
                    .zip(&self.seats)
                    .map(|(d, s)| {
                        Some(Party {
                            name: d.name.clone(),
                            description: d.description.clone(),
                            profile: s.profile.clone()?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                let scenario =
                    Scenario::new(self.agenda.name.clone(), self.space().clone(), parties).ok()?;
                Some(zone(&scenario))
            })
            .as_ref()
    }

    /// The profiles the mediator holds, as exact tables: the sound bounds use them as they are
    /// and are blind only to the others.
    fn held_tables(&self) -> Vec<(usize, TableProfile)> {
        (0..self.seats.len())
            .filter(|&seat| self.mediator_holds(seat))
            .filter_map(|seat| {
                let profile = self.seats[seat].profile.as_ref()?;
                Some((seat, TableProfile::of_profile(profile, self.space())?))
            })
            .collect()
    }

    /// Runs `f` with the blind measurer on what the mediator observes now (the answers, and
    /// the profiles it holds); `None` before the talk opened.
    fn with_measurer<R>(
        &self,
        f: impl FnOnce(&mut BlindMediator, &MediatorObservation<'_>, &[(usize, TableProfile)]) -> R,
    ) -> Option<R> {
        let talks = self.talks.as_ref()?;
        let table = talks.at_table();
        let view = MediatorObservation {
            space: talks.space(),
            round: talks.round(),
            rounds: talks.config().rounds,
            time: talks.time(),
            at_table: &table,
            knowledge: talks.knowledge(),
            caucus: &[],
            max_questions: talks.config().max_questions,
        };
        // A poisoned lock only means a measurement panicked part-way; its cache is still valid
        // (entries are replaced whole), so go on with it.
        let mut measurer = self
            .measurer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some(f(&mut measurer, &view, &self.held_tables()))
    }

    /// The mediator's margin measurement now: sound bounds and an estimate from the answers and
    /// the profiles it holds, and the exact margin when it holds every profile.
    pub fn measure(&self) -> (EstimateDto, Option<f64>) {
        let estimate = self
            .with_measurer(|measurer, view, held| measurer.margin_knowing(view, held).0)
            .map_or_else(no_estimate, Into::into);
        (estimate, self.zone().map(|z| z.margin))
    }

    /// What the desk shows of the margin and of the next questions, from one measurement: the
    /// estimate of [`Self::measure`], and the blind strategy's next question for each delegation
    /// at the table (none for one it would not ask now, and none once talks concluded).
    pub fn desk_reading(&self) -> (EstimateDto, Vec<SuggestedQuestion>) {
        let names = self.party_names();
        let open = self.is_open();
        self.with_measurer(|measurer, view, held| {
            let (estimate, suggestions) = measurer.desk_knowing(view, held);
            let suggestions = suggestions
                .into_iter()
                .filter(|_| open)
                .map(|(seat, s)| SuggestedQuestion {
                    seat,
                    question: QuestionDto::from_core(view.space, &s.question),
                    reason: s.reason.describe(view.space),
                    provenance: ProvenanceDto::from_core(&names, &s.provenance),
                })
                .collect();
            (estimate.into(), suggestions)
        })
        .unwrap_or_else(|| (no_estimate(), Vec::new()))
    }

    /// The communiqué the record supports now.
    pub fn communique(&self) -> String {
        match &self.talks {
            Some(talks) => communique(&PublicFacts::from_record(
                talks.record(),
                talks.space(),
                &self.mediator,
            )),
            None => String::new(),
        }
    }

    /// How the talks ended, in wire form, once they have.
    pub fn ending(&self) -> Option<(EndingKind, Option<PackageDto>)> {
        let talks = self.talks.as_ref()?;
        Some(match talks.record().ending.as_ref()? {
            Ending::Agreement { package, .. } => (
                EndingKind::Agreement,
                Some(from_outcome(talks.space(), package)),
            ),
            Ending::Deadline => (EndingKind::Deadline, None),
            Ending::WalkOut { .. } => (EndingKind::WalkOut, None),
        })
    }

    /// The automated answer for `seat`'s pending question, if it asked to leave (it walks out) or
    /// its agent answered the question when it was asked (see [`SeatState`]'s `agent_answer`).
    /// The agent does not run here: asking twice gives the same answer and changes nothing.
    pub fn automatic_answer(&self, seat: usize) -> Option<TalkEvent> {
        let question = self.seats.get(seat)?.pending?;
        Some(TalkEvent::Answered {
            seat,
            question,
            answer: self.automated_answer(seat, question)?,
            automated: true,
        })
    }

    /// What `seat` answers to `question` without a person: a walk-out if it asked to leave, else
    /// what its agent answered.
    fn automated_answer(&self, seat: usize, question: u64) -> Option<AnswerDto> {
        let s = &self.seats[seat];
        if s.walk_out_requested {
            return Some(AnswerDto::WalkOut);
        }
        match &s.agent_answer {
            Some((asked, answer)) if *asked == question => answer.clone(),
            _ => None,
        }
    }

    /// Runs `seat`'s agent on its pending question and keeps its answer; forgets any earlier one.
    /// Called only while applying an event, so a replay runs the agent exactly as the live talk
    /// did. A seat that asked to leave walks out instead, without running its agent.
    fn consult_agent(&mut self, seat: usize) {
        self.seats[seat].agent_answer = None;
        let s = &self.seats[seat];
        let (Some(question), Some(talks)) = (s.pending, self.talks.as_ref()) else {
            return;
        };
        if s.walk_out_requested || s.agent.is_none() {
            return;
        }
        let Some(core) = self
            .question(question)
            .and_then(|record| record.question.to_core(talks.space(), "question").ok())
        else {
            return;
        };
        let view = CaucusView {
            round: talks.round(),
            rounds: talks.config().rounds,
            time: talks.time(),
        };
        let s = &mut self.seats[seat];
        let answer = s
            .agent
            .as_mut()
            .and_then(|agent| agent.answer(&view, &core))
            .map(|answer| AnswerDto::from_core(talks.space(), &core, &answer));
        s.agent_answer = Some((question, answer));
    }

    fn agent_context(&self, seat: usize) -> (usize, usize, u32) {
        let rounds = self.talks.as_ref().map_or(1, |t| t.config().rounds);
        (seat, self.seats.len(), rounds)
    }

    fn seat_index(&self, field: &str, seat: usize) -> Result<usize, Rejection> {
        if seat < self.seats.len() {
            Ok(seat)
        } else {
            Err(Rejection::invalid(
                field,
                format!("seat {seat} does not exist"),
            ))
        }
    }

    /// Applies `event` as event `seq` if the rules allow it; otherwise leaves the state as it was
    /// (the protocol machine checks before it changes anything) and says why.
    pub fn apply(&mut self, seq: u64, hash: [u8; 32], event: &TalkEvent) -> Result<(), Rejection> {
        if seq != self.last_seq + 1 {
            return Err(Rejection::state(
                "seq",
                format!("expected seq {}, got {seq}", self.last_seq + 1),
            ));
        }
        self.apply_event(seq, event)?;
        self.last_seq = seq;
        self.last_hash = hash;
        Ok(())
    }

    fn apply_event(&mut self, seq: u64, event: &TalkEvent) -> Result<(), Rejection> {
        match event {
            TalkEvent::Opened {
                title,
                mediator,
                parties,
                rounds,
                max_questions,
            } => {
                let config = TalksConfig {
                    rounds: *rounds,
                    max_questions: *max_questions,
                };
                self.apply_opened(title, mediator, parties, config)
            }
            TalkEvent::ProfileReplaced {
                seat,
                profile,
                shared_with_mediator,
            } => self.apply_profile_replaced(*seat, profile, *shared_with_mediator),
            TalkEvent::ProfileRevised { seat, revision } => {
                self.apply_profile_revised(*seat, *revision)
            }
            TalkEvent::ProfileHandedOver { seat, profile } => {
                self.apply_profile_handed_over(*seat, profile)
            }
            TalkEvent::ProfileWithdrawn { seat } => self.apply_profile_withdrawn(*seat),
            TalkEvent::AgentAttached { seat, agent } => self.apply_agent_attached(*seat, agent),
            TalkEvent::AgentProposed { seat, agent } => self.apply_agent_proposed(*seat, agent),
            TalkEvent::WizardSaved { seat, input } => self.apply_wizard_saved(*seat, input),
            TalkEvent::AgentRemoved { seat } => self.apply_agent_removed(*seat),
            TalkEvent::RoundBegan { round } => self.apply_round_began(*round),
            TalkEvent::CaucusOpened { seat } => self.apply_caucus_opened(*seat),
            TalkEvent::Asked {
                seat,
                question,
                provenance,
            } => self.apply_asked(seq, *seat, question, provenance),
            TalkEvent::Answered {
                seat,
                question,
                answer,
                automated,
            } => self.apply_answered(*seat, *question, answer, *automated),
            TalkEvent::WalkOutRequested { seat } => self.apply_walk_out_requested(*seat),
            TalkEvent::CaucusClosed { seat } => self.apply_caucus_closed(*seat),
            TalkEvent::RoundEnded {
                round,
                estimate,
                exact,
            } => self.apply_round_ended(*round, *estimate, *exact),
            TalkEvent::Concluded {
                ending,
                agreement,
                communique,
            } => self.apply_concluded(*ending, agreement, communique),
        }
    }

    fn apply_opened(
        &mut self,
        title: &str,
        mediator: &str,
        parties: &[String],
        config: TalksConfig,
    ) -> Result<(), Rejection> {
        if self.talks.is_some() {
            return Err(Rejection::state("talk", "the talk is already open"));
        }
        if parties != self.party_names() {
            return Err(Rejection::invalid(
                "parties",
                "must be the scenario's parties in order",
            ));
        }
        self.talks = Some(
            Talks::new(self.space().clone(), parties.to_vec(), config)
                .map_err(|e| Rejection::invalid("scenario", e.to_string()))?,
        );
        self.title = title.to_string();
        self.mediator = mediator.to_string();
        Ok(())
    }

    fn apply_profile_replaced(
        &mut self,
        seat: usize,
        profile: &ProfileDto,
        shared_with_mediator: bool,
    ) -> Result<(), Rejection> {
        self.machine()?;
        let seat = self.seat_index("seat", seat)?;
        let space = self.space().clone();
        let profile = profile.to_profile("profile", &self.seats[seat].party, &space)?;
        let context = self.agent_context(seat);
        let agent = match &self.seats[seat].agent_spec {
            Some(spec) => Some(agent::build(spec, &space, &profile, context)?),
            None => None,
        };
        let s = &mut self.seats[seat];
        s.profile = Some(profile);
        s.profile_replaced = true;
        s.profile_shared = shared_with_mediator;
        s.revisions += 1;
        s.agent = agent;
        self.zone = OnceLock::new();
        // A rebuilt agent has not seen the pending question yet.
        self.consult_agent(seat);
        Ok(())
    }

    fn apply_profile_revised(&mut self, seat: usize, revision: u32) -> Result<(), Rejection> {
        let seat = self.seat_index("seat", seat)?;
        if self.seats[seat].revisions != revision {
            return Err(Rejection::invalid(
                "revision",
                format!(
                    "the party has stated its profile {} times",
                    self.seats[seat].revisions
                ),
            ));
        }
        Ok(())
    }

    /// The party's own profile in force, in wire form, if it stated one: what a hand-over
    /// carries.
    pub fn own_profile(&self, seat: usize) -> Option<ProfileDto> {
        let s = self.seats.get(seat)?;
        if !s.profile_replaced {
            return None;
        }
        ProfileDto::from_profile(s.profile.as_ref()?, self.space())
    }

    fn apply_profile_handed_over(
        &mut self,
        seat: usize,
        profile: &ProfileDto,
    ) -> Result<(), Rejection> {
        self.machine()?;
        let seat = self.seat_index("seat", seat)?;
        if self.own_profile(seat).as_ref() != Some(profile) {
            return Err(Rejection::state(
                "profile",
                "is not the party's own profile in force (state one first)",
            ));
        }
        if self.seats[seat].profile_shared {
            return Err(Rejection::state("profile", "the mediator already holds it"));
        }
        self.seats[seat].profile_shared = true;
        self.zone = OnceLock::new();
        Ok(())
    }

    fn apply_profile_withdrawn(&mut self, seat: usize) -> Result<(), Rejection> {
        self.machine()?;
        let seat = self.seat_index("seat", seat)?;
        let s = &mut self.seats[seat];
        if !(s.profile_replaced && s.profile_shared) {
            return Err(Rejection::state(
                "profile",
                "the mediator holds no profile this party handed over",
            ));
        }
        s.profile_shared = false;
        self.zone = OnceLock::new();
        Ok(())
    }

    fn apply_agent_attached(&mut self, seat: usize, agent: &AgentDto) -> Result<(), Rejection> {
        let at_table = self.machine()?.at_table();
        let seat = self.seat_index("seat", seat)?;
        if !at_table.contains(&seat) {
            return Err(Rejection::state("seat", "this party has left the talks"));
        }
        let profile = self.seats[seat].profile.as_ref().ok_or_else(|| {
            Rejection::state(
                "seat",
                "this delegation has not stated its preferences yet: an agent answers from them",
            )
        })?;
        let built = agent::build(agent, self.space(), profile, self.agent_context(seat))?;
        let s = &mut self.seats[seat];
        s.agent_spec = Some(agent.clone());
        s.agent = Some(built);
        s.proposed_agent = None;
        // Seated while a question waits: the agent answers it now.
        self.consult_agent(seat);
        Ok(())
    }

    /// `seat`'s preference wizard as it stands: its draft, or a fresh one (prefilled from the
    /// profile in force, for a revision) before its first page.
    pub fn wizard_draft(&self, seat: usize) -> Result<Draft, Rejection> {
        let s = self
            .seats
            .get(seat)
            .ok_or_else(|| Rejection::invalid("seat", format!("seat {seat} does not exist")))?;
        if let Some(draft) = &s.draft {
            return Ok(draft.clone());
        }
        if let Some(prefilled) = s
            .profile
            .as_ref()
            .and_then(|p| Draft::from_profile(self.space(), p))
        {
            return Ok(prefilled);
        }
        Draft::new(self.space()).map_err(|e| Rejection::state("wizard", e.to_string()))
    }

    /// What `seat` sees of its preference wizard.
    pub fn wizard_view(&self, seat: usize) -> Result<super::wizard::WizardView, Rejection> {
        Ok(super::wizard::view(&self.wizard_draft(seat)?))
    }

    fn apply_wizard_saved(
        &mut self,
        seat: usize,
        input: &super::wizard::WizardInputDto,
    ) -> Result<(), Rejection> {
        self.machine()?;
        let seat = self.seat_index("seat", seat)?;
        let input = input.to_core(self.space())?;
        let mut draft = self.wizard_draft(seat)?;
        draft
            .apply(&input)
            .map_err(|e| super::wizard::rejection(&e))?;
        self.seats[seat].draft = Some(draft);
        Ok(())
    }

    fn apply_agent_proposed(&mut self, seat: usize, agent: &AgentDto) -> Result<(), Rejection> {
        let at_table = self.machine()?.at_table();
        let seat = self.seat_index("seat", seat)?;
        if !at_table.contains(&seat) {
            return Err(Rejection::state("seat", "this party has left the talks"));
        }
        // Checked as the party would seat it, so a proposal it accepts cannot then be refused.
        agent.check(self.space())?;
        self.seats[seat].proposed_agent = Some(agent.clone());
        Ok(())
    }

    fn apply_agent_removed(&mut self, seat: usize) -> Result<(), Rejection> {
        self.machine()?;
        let seat = self.seat_index("seat", seat)?;
        let s = &mut self.seats[seat];
        if s.agent_spec.is_none() {
            return Err(Rejection::state("seat", "no agent answers for this party"));
        }
        s.agent_spec = None;
        s.agent = None;
        s.agent_answer = None;
        Ok(())
    }

    fn apply_round_began(&mut self, round: u32) -> Result<(), Rejection> {
        let talks = self.machine()?;
        if round != talks.round() + 1 {
            return Err(Rejection::state(
                "round",
                format!("the next round is {}", talks.round() + 1),
            ));
        }
        talks.begin_round().map_err(|e| protocol("round", e))?;
        self.in_round = true;
        Ok(())
    }

    fn apply_caucus_opened(&mut self, seat: usize) -> Result<(), Rejection> {
        self.seat_index("party", seat)?;
        self.machine()?
            .open_caucus(seat)
            .map_err(|e| protocol("party", e))?;
        Ok(())
    }

    fn apply_asked(
        &mut self,
        seq: u64,
        seat: usize,
        question: &QuestionDto,
        provenance: &ProvenanceDto,
    ) -> Result<(), Rejection> {
        let names = self.party_names();
        let round = self.round();
        let talks = self.machine()?;
        if talks.caucus_party() != Some(seat) {
            return Err(Rejection::state(
                "party",
                "no caucus with this party is open",
            ));
        }
        let core = question.to_core(talks.space(), "question")?;
        let provenance_core = provenance.to_core(&names, "provenance")?;
        talks
            .ask(core, &provenance_core)
            .map_err(|e| protocol("question", e))?;
        self.question_index.insert(seq, self.questions.len());
        self.questions.push(QuestionRecord {
            id: seq,
            seat,
            round,
            question: question.clone(),
            provenance: provenance.clone(),
            reply: ReplyState::Pending,
            automated: false,
        });
        self.seats[seat].pending = Some(seq);
        self.consult_agent(seat);
        Ok(())
    }

    fn apply_answered(
        &mut self,
        seat: usize,
        question: u64,
        answer: &AnswerDto,
        automated: bool,
    ) -> Result<(), Rejection> {
        let seat = self.seat_index("seat", seat)?;
        if self.seats[seat].pending != Some(question) {
            return Err(Rejection::state(
                "question",
                format!("question {question} is not awaiting this party's answer"),
            ));
        }
        let diverged = automated && self.automated_answer(seat, question).as_ref() != Some(answer);
        let asked = self.question(question).map(|q| q.question.clone());
        let talks = self.machine()?;
        let asked = asked
            .ok_or_else(|| Rejection::invalid("question", "no such question"))?
            .to_core(talks.space(), "question")?;
        let core = answer.checked(talks.space(), &asked, "answer")?;
        talks
            .reply(Some(core))
            .map_err(|e| protocol("question", e))?;
        let index = self.question_index[&question];
        self.questions[index].reply = ReplyState::Answered(answer.clone());
        self.questions[index].automated = automated;
        let s = &mut self.seats[seat];
        s.pending = None;
        s.agent_answer = None;
        if diverged {
            self.note_divergence(seat, question);
        }
        Ok(())
    }

    /// Notes that the recorded automated answer to `question` is not the one the seat's agent
    /// gives now. The recorded answer stands: refusing it would make a talk logged by an earlier
    /// server (whose agents lost their memory on every rebuild) unreadable for good.
    fn note_divergence(&mut self, seat: usize, question: u64) {
        tracing::warn!(
            seat,
            question,
            "a recorded automated answer differs from the seat's agent on replay; the log stands"
        );
        self.agent_divergences.push(question);
    }

    fn apply_walk_out_requested(&mut self, seat: usize) -> Result<(), Rejection> {
        let at_table = self.machine()?.at_table();
        let seat = self.seat_index("seat", seat)?;
        if !at_table.contains(&seat) || self.seats[seat].walk_out_requested {
            return Err(Rejection::state("seat", "this party has already left"));
        }
        self.seats[seat].walk_out_requested = true;
        Ok(())
    }

    fn apply_caucus_closed(&mut self, seat: usize) -> Result<(), Rejection> {
        let talks = self.machine()?;
        if talks.caucus_party() != Some(seat) {
            return Err(Rejection::state(
                "party",
                "no caucus with this party is open",
            ));
        }
        talks.close_caucus().map_err(|e| protocol("caucus", e))?;
        self.silence(seat);
        Ok(())
    }

    fn apply_round_ended(
        &mut self,
        round: u32,
        estimate: EstimateDto,
        exact: Option<f64>,
    ) -> Result<(), Rejection> {
        let talks = self.machine()?;
        if round != talks.round() {
            return Err(Rejection::state(
                "round",
                format!("the current round is {}", talks.round()),
            ));
        }
        let open = talks.caucus_party();
        talks
            .end_round(estimate.into(), exact)
            .map_err(|e| protocol("round", e))?;
        if let Some(seat) = open {
            self.silence(seat);
        }
        self.in_round = false;
        Ok(())
    }

    fn apply_concluded(
        &mut self,
        ending: EndingKind,
        agreement: &Option<PackageDto>,
        communique: &str,
    ) -> Result<(), Rejection> {
        self.machine()?;
        let Some((expected, agreed)) = self.ending() else {
            return Err(Rejection::state("talk", "the talks have not ended"));
        };
        if expected != ending || agreed != *agreement || communique != self.communique() {
            return Err(Rejection::invalid(
                "communique",
                "does not match the record",
            ));
        }
        self.status = Status::Concluded {
            ending,
            agreement: agreement.clone(),
            communique: communique.to_string(),
        };
        Ok(())
    }

    /// The pending question of `seat`, if any, stays unanswered.
    fn silence(&mut self, seat: usize) {
        let s = &mut self.seats[seat];
        s.agent_answer = None;
        if let Some(question) = s.pending.take() {
            let index = self.question_index[&question];
            self.questions[index].reply = ReplyState::Silent;
        }
    }
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod replay_tests;
