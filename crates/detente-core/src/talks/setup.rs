//! The setup of a proximity talks: who mediates, by which strategy, for how many rounds, and how
//! each delegation behaves.
//!
//! One description shared by every front end: `detente-formats` reads it from the `[talks]` table
//! of a TOML scenario, the CLI runs it, the server seats its agents through
//! [`PartyBehaviour::build_party`], and tournaments and bindings can build the same seats from it. Nothing here reads a file: values are kept as the text the user wrote and
//! checked against the scenario only when seats are built, so a setup can be read before (and
//! survive) a discretisation of the scenario.

use std::collections::BTreeMap;

use super::mediator::{BlindMediator, Mediator, TargetRule, TrustedMediator};
use super::message::{Answer, Question};
use super::noise::NoisyParty;
use super::party::{rank_issues, AgentParty, CaucusView, ScriptedParty, TalksParty, TruthfulParty};
use super::run::Seat;
use crate::agent::{AgentSpec, UnknownAgent};
use crate::outcome::{Issue, OutcomeSpace, Value};
use crate::preference::Profile;
use crate::scenario::Scenario;

/// Rounds before the deadline when neither the caller nor the setup says.
pub const DEFAULT_ROUNDS: u32 = 12;
/// The mediator's name in minutes and communiqué when the setup gives none.
pub const DEFAULT_MEDIATOR_NAME: &str = "The mediator";
/// Aspiration exponent of a party without one (Boulware).
pub const DEFAULT_EXPONENT: f64 = 4.0;

/// How the mediator works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MediationStrategy {
    /// Parties hand their profiles in confidence; tests the Nash package (the upper bound).
    Trusted,
    /// Learns only from answers: elicits preferences, bounds the margin soundly, tests the
    /// Nash package of what it learned.
    #[default]
    Blind,
}

/// A strategy name that is neither `trusted` nor `blind`. The message reads on after the key
/// that named it (`detente-formats` says "`file`: [talks] " before it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("strategy `{0}` is unknown (hint: trusted or blind)")]
pub struct UnknownStrategy(pub String);

impl std::str::FromStr for MediationStrategy {
    type Err = UnknownStrategy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "trusted" => Ok(MediationStrategy::Trusted),
            "blind" => Ok(MediationStrategy::Blind),
            other => Err(UnknownStrategy(other.to_owned())),
        }
    }
}

impl MediationStrategy {
    /// The mediator this strategy names; `seed` feeds the blind mediator's search.
    pub fn mediator(self, scenario: &Scenario, seed: u64) -> Box<dyn Mediator> {
        match self {
            MediationStrategy::Trusted => {
                Box::new(TrustedMediator::new(scenario, TargetRule::Nash))
            }
            MediationStrategy::Blind => Box::new(BlindMediator::new(seed)),
        }
    }
}

/// How one delegation answers the mediator.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyBehaviour {
    /// Time-based aspiration (the engine's agent): 4 Boulware, 1 linear, 0.25 Conceder.
    Aspiration {
        /// Concession exponent, positive.
        exponent: f64,
        /// Consents to joint sessions.
        joint_sessions: bool,
    },
    /// Any agent of the negotiation engine.
    Engine {
        /// The agent.
        agent: AgentSpec,
        /// Consents to joint sessions.
        joint_sessions: bool,
    },
    /// Hides nothing: answers every question truthfully from its profile, a test against its
    /// walk-away point ([`TruthfulParty`]). The baseline for simulations.
    Truthful {
        /// Consents to joint sessions.
        joint_sessions: bool,
    },
    /// Plays a fixed position and accepts only packages meeting its demands.
    Scripted {
        /// Issue name → value, as written; every issue needs one.
        position: BTreeMap<String, String>,
        /// Issue name → values it can live with, in this order (its position on every issue
        /// when empty).
        demands: Vec<(String, Vec<String>)>,
        /// Consents to joint sessions.
        joint_sessions: bool,
        /// Walks out at its first question of this round.
        walk_out_round: Option<u32>,
    },
}

impl Default for PartyBehaviour {
    /// A Boulware aspiration agent consenting to joint sessions.
    fn default() -> Self {
        PartyBehaviour::Aspiration {
            exponent: DEFAULT_EXPONENT,
            joint_sessions: true,
        }
    }
}

/// A setup that does not fit its scenario, or names an agent or number that does not exist.
/// Messages use the `[talks]` table's key paths, which a caller reading a file prefixes with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// An aspiration exponent that is not a positive number.
    #[error("[talks.parties.{party}]: exponent must be a positive number")]
    BadExponent {
        /// The party.
        party: String,
    },
    /// An agent name neither the talks nor the engine know.
    #[error("[talks.parties.{party}]: unknown agent (hint: `scripted`, `aspiration`, `truthful` or an engine agent)")]
    UnknownAgent {
        /// The party.
        party: String,
        /// The engine's refusal.
        #[source]
        source: UnknownAgent,
    },
    /// A behaviour for a party the scenario does not have.
    #[error("[talks.parties.{party}]: the scenario has no party `{party}`")]
    UnknownParty {
        /// The name given.
        party: String,
    },
    /// A scripted position without a value for an issue.
    #[error("[talks.parties.{party}]: the position has no value for issue `{issue}`")]
    MissingPositionValue {
        /// The party.
        party: String,
        /// The issue.
        issue: String,
    },
    /// A demand on an issue the scenario does not have.
    #[error("[talks.parties.{party}]: no issue `{issue}`")]
    UnknownIssue {
        /// The party.
        party: String,
        /// The name given.
        issue: String,
    },
    /// A position value the issue does not have.
    #[error("[talks.parties.{party}]: `{value}` is not a value of issue `{issue}` (hint: use one of its listed values)")]
    NotAValue {
        /// The party.
        party: String,
        /// The issue.
        issue: String,
        /// The value as written.
        value: String,
    },
    /// A demanded value the issue does not have (the same message as [`SetupError::NotAValue`];
    /// the variant also says where in the demands it stands, for callers that point at it).
    #[error("[talks.parties.{party}]: `{value}` is not a value of issue `{issue}` (hint: use one of its listed values)")]
    NotADemandedValue {
        /// The party.
        party: String,
        /// The issue.
        issue: String,
        /// Its place among the values demanded on that issue (0-based).
        index: usize,
        /// The value as written.
        value: String,
    },
    /// A scenario with an issue the talks cannot count (a real interval, or more values than
    /// fit in `u32`): the talks handle packages by value index.
    #[error("the talks need countable issues, but issue `{issue}` is real-valued or too large to count (hint: discretise real issues first, e.g. with --grid N)")]
    NotCountable {
        /// The first such issue.
        issue: String,
    },
    /// An answer-noise probability outside [0, 1].
    #[error("the answer noise must be a probability from 0 to 1, got {0}")]
    BadAnswerNoise(f64),
    /// A seat number the scenario does not have.
    #[error("the scenario has no seat {seat}: it has {parties} parties, numbered from 0")]
    NoSeat {
        /// The seat asked for (0-based).
        seat: usize,
        /// How many parties the scenario has.
        parties: usize,
    },
}

/// What a scripted party answers when asked to rank the issues. The two front ends have always
/// differed here, and stored talks replay only if each keeps its own: `detente talks` gives a
/// scripted delegation its profile's priorities, the server's scripted agents never look at
/// the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScriptedRanking {
    /// Its profile's priorities, ranked from its position (see [`rank_issues`]).
    #[default]
    FromProfile,
    /// Its demanded issues first, in the order demanded, then the others in issue order.
    DemandsFirst,
}

/// Everything about a seat that building its party needs besides the behaviour: the party's
/// place and the profile it plays (the scenario's, or one the delegation supplied).
#[derive(Debug, Clone, Copy)]
pub struct SeatContext<'a> {
    /// The outcome space.
    pub space: &'a OutcomeSpace,
    /// The party's name (for error messages).
    pub name: &'a str,
    /// The profile the party plays.
    pub profile: &'a Profile,
    /// The party's place among the parties (0-based).
    pub me: usize,
    /// How many parties sit at the talks.
    pub parties: usize,
    /// Rounds before the deadline.
    pub rounds: u32,
    /// Feeds an engine agent's own random choices.
    pub seed: u64,
    /// How a scripted party ranks the issues.
    pub scripted_ranking: ScriptedRanking,
}

/// A delegation's party, as a [`PartyBehaviour`] builds it: what answers for a seat.
#[derive(Debug)]
pub enum SeatedParty {
    /// An engine agent ([`PartyBehaviour::Aspiration`] and [`PartyBehaviour::Engine`]).
    Agent(Box<AgentParty>),
    /// A fixed position ([`PartyBehaviour::Scripted`]).
    Scripted(ScriptedParty),
    /// A truthful delegation ([`PartyBehaviour::Truthful`]).
    Truthful(Box<TruthfulParty>),
}

impl TalksParty for SeatedParty {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        match self {
            SeatedParty::Agent(agent) => agent.answer(view, question),
            SeatedParty::Scripted(scripted) => scripted.answer(view, question),
            SeatedParty::Truthful(truthful) => truthful.answer(view, question),
        }
    }
}

impl PartyBehaviour {
    /// An agent by the name a setup uses for `party`: `aspiration` (with `exponent`, default 4),
    /// `truthful`, or any engine agent name (`exponent` is then ignored). Joint sessions default
    /// to yes. `scripted` is not an agent name here: build [`PartyBehaviour::Scripted`] for it.
    pub fn agent(
        party: &str,
        name: &str,
        exponent: Option<f64>,
        joint_sessions: Option<bool>,
    ) -> Result<Self, SetupError> {
        let joint_sessions = joint_sessions.unwrap_or(true);
        if name == "truthful" {
            return Ok(PartyBehaviour::Truthful { joint_sessions });
        }
        if name == "aspiration" {
            let exponent = exponent.unwrap_or(DEFAULT_EXPONENT);
            if exponent.is_nan() || exponent <= 0.0 {
                return Err(SetupError::BadExponent {
                    party: party.to_owned(),
                });
            }
            return Ok(PartyBehaviour::Aspiration {
                exponent,
                joint_sessions,
            });
        }
        let agent = name
            .parse::<AgentSpec>()
            .map_err(|source| SetupError::UnknownAgent {
                party: party.to_owned(),
                source,
            })?;
        Ok(PartyBehaviour::Engine {
            agent,
            joint_sessions,
        })
    }

    /// The behaviour one short name gives every delegation (`detente talks --parties`):
    /// `truthful`; `boulware`, `linear` or `conceder` (time-based aspiration with exponent 4, 1 or
    /// 0.25); or any engine agent name. Every delegation consents to joint sessions.
    pub fn named(name: &str) -> Result<Self, UnknownAgent> {
        let exponent = match name {
            "truthful" => {
                return Ok(PartyBehaviour::Truthful {
                    joint_sessions: true,
                })
            }
            "boulware" => 4.0,
            "linear" => 1.0,
            "conceder" => 0.25,
            other => {
                return Ok(PartyBehaviour::Engine {
                    agent: other.parse()?,
                    joint_sessions: true,
                })
            }
        };
        Ok(PartyBehaviour::Aspiration {
            exponent,
            joint_sessions: true,
        })
    }

    /// The seat of party `me` of `scenario`, in talks of `rounds` rounds; `seed` feeds an engine
    /// agent's own random choices. Scripted values are checked against the scenario here, and a
    /// scripted party states its profile's priorities. Refuses a seat the scenario does not have
    /// and a scenario with an issue that is not countable (see [`PartyBehaviour::build_party`]).
    pub fn build_seat(
        &self,
        scenario: &Scenario,
        me: usize,
        rounds: u32,
        seed: u64,
    ) -> Result<Seat<'static>, SetupError> {
        let party = scenario.parties().get(me).ok_or(SetupError::NoSeat {
            seat: me,
            parties: scenario.parties().len(),
        })?;
        let at = SeatContext {
            space: scenario.space(),
            name: &party.name,
            profile: &party.profile,
            me,
            parties: scenario.parties().len(),
            rounds,
            seed,
            scripted_ranking: ScriptedRanking::FromProfile,
        };
        Ok(Seat {
            name: party.name.clone(),
            agent: Box::new(self.build_party(&at)?),
        })
    }

    /// The party this behaviour seats at `at`. The space must be countable (no real issue:
    /// discretise those first); scripted values are checked against it here: the position
    /// first, issue by issue, then the demands in order.
    pub fn build_party(&self, at: &SeatContext<'_>) -> Result<SeatedParty, SetupError> {
        let radices = countable_radices(at.space)?;
        Ok(match self {
            PartyBehaviour::Aspiration {
                exponent,
                joint_sessions,
            } => {
                let spec = AgentSpec::TimeBased {
                    exponent: *exponent,
                };
                SeatedParty::Agent(Box::new(engine_party(at, &spec, *joint_sessions)))
            }
            PartyBehaviour::Engine {
                agent,
                joint_sessions,
            } => SeatedParty::Agent(Box::new(engine_party(at, agent, *joint_sessions))),
            PartyBehaviour::Truthful { joint_sessions } => SeatedParty::Truthful(Box::new(
                TruthfulParty::new(at.space, at.profile.clone())
                    .with_joint_sessions(*joint_sessions),
            )),
            PartyBehaviour::Scripted {
                position,
                demands,
                joint_sessions,
                walk_out_round,
            } => SeatedParty::Scripted(scripted_party(
                at,
                &radices,
                position,
                demands,
                *joint_sessions,
                *walk_out_round,
            )?),
        })
    }
}

/// The scripted party at `at` (whose space has `radices`) playing `position` and demanding
/// `demands`, both as written.
fn scripted_party(
    at: &SeatContext<'_>,
    radices: &[u32],
    position: &BTreeMap<String, String>,
    demands: &[(String, Vec<String>)],
    joint_sessions: bool,
    walk_out_round: Option<u32>,
) -> Result<ScriptedParty, SetupError> {
    let name = at.name;
    let space = at.space;
    let position = space
        .issues()
        .iter()
        .map(|issue| {
            let text =
                position
                    .get(issue.name())
                    .ok_or_else(|| SetupError::MissingPositionValue {
                        party: name.to_owned(),
                        issue: issue.name().to_owned(),
                    })?;
            value_of(issue, text, name)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let demands = demands
        .iter()
        .map(|(issue_name, values)| demand_of(space, issue_name, values, name))
        .collect::<Result<Vec<_>, SetupError>>()?;
    let scripted = match at.scripted_ranking {
        ScriptedRanking::FromProfile => {
            let ranking = profile_ranking(space, radices, at.profile, &position);
            ScriptedParty::new(position, demands).with_ranking(ranking)
        }
        ScriptedRanking::DemandsFirst => ScriptedParty::new(position, demands),
    }
    .with_joint_sessions(joint_sessions);
    Ok(match walk_out_round {
        Some(round) => scripted.walking_out_in(round),
        None => scripted,
    })
}

/// An engine agent playing the profile at `at`.
fn engine_party(at: &SeatContext<'_>, spec: &AgentSpec, joint_sessions: bool) -> AgentParty {
    AgentParty::new(
        at.space,
        at.profile.clone(),
        spec,
        at.me,
        at.parties,
        at.rounds,
        at.seed,
    )
    .with_joint_sessions(joint_sessions)
}

/// The number of values of each issue of `space`, or the first issue that cannot be counted.
fn countable_radices(space: &OutcomeSpace) -> Result<Vec<u32>, SetupError> {
    space.radices().ok_or_else(|| {
        let issue = space
            .issues()
            .iter()
            .find(|i| {
                i.cardinality()
                    .and_then(|c| u32::try_from(c).ok())
                    .is_none()
            })
            .map_or_else(String::new, |i| i.name().to_owned());
        SetupError::NotCountable { issue }
    })
}

/// The issues by `profile`'s priorities, ranked from `position` (its best package) in `space`,
/// which has `radices`.
fn profile_ranking(
    space: &OutcomeSpace,
    radices: &[u32],
    profile: &Profile,
    position: &[Value],
) -> Vec<usize> {
    let best = space
        .indices_of(position)
        .unwrap_or_else(|| vec![0; radices.len()]);
    rank_issues(radices, &profile.utility, &best)
}

/// One demand of `party`: the issue's place and the values it can live with, in order.
fn demand_of(
    space: &OutcomeSpace,
    issue_name: &str,
    values: &[String],
    party: &str,
) -> Result<(usize, Vec<Value>), SetupError> {
    let k = space
        .issue_index(issue_name)
        .ok_or_else(|| SetupError::UnknownIssue {
            party: party.to_owned(),
            issue: issue_name.to_owned(),
        })?;
    let issue = &space.issues()[k];
    let values = values
        .iter()
        .enumerate()
        .map(|(index, text)| {
            issue
                .parse_value(text)
                .ok_or_else(|| SetupError::NotADemandedValue {
                    party: party.to_owned(),
                    issue: issue.name().to_owned(),
                    index,
                    value: text.clone(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((k, values))
}

/// `text` read as a value of `issue`, for `party`'s messages.
fn value_of(issue: &Issue, text: &str, party: &str) -> Result<Value, SetupError> {
    issue
        .parse_value(text)
        .ok_or_else(|| SetupError::NotAValue {
            party: party.to_owned(),
            issue: issue.name().to_owned(),
            value: text.to_owned(),
        })
}

/// Everything a talks needs besides the scenario. Fields left `None` fall back to the caller's
/// choice, then to the defaults ([`DEFAULT_ROUNDS`], [`DEFAULT_MEDIATOR_NAME`], blind).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TalksSetup {
    /// Who mediates (a name for the minutes and the communiqué).
    pub mediator: Option<String>,
    /// The mediation strategy.
    pub strategy: Option<MediationStrategy>,
    /// Rounds before the deadline.
    pub rounds: Option<u32>,
    /// Party name → behaviour; parties not listed get [`PartyBehaviour::default`].
    pub parties: BTreeMap<String, PartyBehaviour>,
    /// When set, every party's behaviour, overriding `parties` (a simulation's choice, such as
    /// `detente talks --parties truthful`).
    pub every_party: Option<PartyBehaviour>,
    /// When set, the probability that each answer is replaced by a wrong one
    /// ([`super::noise`]), for simulations; every party's noise is seeded from the run's seed.
    pub answer_noise: Option<f64>,
}

impl TalksSetup {
    /// The mediator's name, or [`DEFAULT_MEDIATOR_NAME`].
    pub fn mediator_name(&self) -> String {
        self.mediator
            .clone()
            .unwrap_or_else(|| DEFAULT_MEDIATOR_NAME.to_owned())
    }

    /// The strategy: `chosen` (a caller's override), else the setup's, else blind.
    pub fn strategy_or(&self, chosen: Option<MediationStrategy>) -> MediationStrategy {
        chosen.or(self.strategy).unwrap_or_default()
    }

    /// The rounds: `chosen` (a caller's override), else the setup's, else [`DEFAULT_ROUNDS`].
    pub fn rounds_or(&self, chosen: Option<u32>) -> u32 {
        chosen.or(self.rounds).unwrap_or(DEFAULT_ROUNDS)
    }

    /// The behaviour of party `name`: [`TalksSetup::every_party`], else its entry in `parties`,
    /// else the default.
    pub fn behaviour_of(&self, name: &str) -> PartyBehaviour {
        self.every_party
            .as_ref()
            .or_else(|| self.parties.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// One seat per scenario party, in party order, in talks of `rounds` rounds; with
    /// [`TalksSetup::answer_noise`], every party answers through a [`NoisyParty`] seeded from
    /// `seed` and its place. A scenario with an issue that is not countable is refused first
    /// ([`SetupError::NotCountable`], with a hint at `--grid`), before the setup's names are
    /// checked against it.
    pub fn seats(
        &self,
        scenario: &Scenario,
        rounds: u32,
        seed: u64,
    ) -> Result<Vec<Seat<'static>>, SetupError> {
        countable_radices(scenario.space())?;
        if let Some(unknown) = self
            .parties
            .keys()
            .find(|name| !scenario.parties().iter().any(|p| &p.name == *name))
        {
            return Err(SetupError::UnknownParty {
                party: unknown.clone(),
            });
        }
        scenario
            .parties()
            .iter()
            .enumerate()
            .map(|(me, party)| {
                let seat = self
                    .behaviour_of(&party.name)
                    .build_seat(scenario, me, rounds, seed)?;
                let Some(p) = self.answer_noise else {
                    return Ok(seat);
                };
                let noisy = NoisyParty::new(seat.agent, scenario.space(), p, seed, me)
                    .map_err(|e| SetupError::BadAnswerNoise(e.0))?;
                Ok(Seat {
                    name: seat.name,
                    agent: Box::new(noisy),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talks::{run_talks, TalksConfig};
    use crate::{Evaluator, IssueUtility, Party};

    /// Two parties with opposed preferences over two three-valued issues.
    fn scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("price", ["low", "mid", "high"]).unwrap(),
            Issue::discrete("term", ["short", "mid", "long"]).unwrap(),
        ])
        .unwrap();
        let party = |name: &str, table: Vec<f64>, reservation: f64| {
            let issues = vec![
                IssueUtility {
                    weight: 0.6,
                    evaluator: Evaluator::Table(table.clone()),
                },
                IssueUtility {
                    weight: 0.4,
                    evaluator: Evaluator::Table(table),
                },
            ];
            Party::linear_additive(name, &space, issues, reservation).unwrap()
        };
        let parties = vec![
            party("buyer", vec![1.0, 0.5, 0.0], 0.2),
            party("seller", vec![0.0, 0.5, 1.0], 0.2),
        ];
        Scenario::new("deal".to_owned(), space, parties).unwrap()
    }

    fn scripted(position: &[(&str, &str)], demands: &[(&str, &[&str])]) -> PartyBehaviour {
        PartyBehaviour::Scripted {
            position: position
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            demands: demands
                .iter()
                .map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
            joint_sessions: false,
            walk_out_round: None,
        }
    }

    #[test]
    fn agent_names_choose_aspiration_or_engine_agents() {
        assert_eq!(
            PartyBehaviour::agent("p", "aspiration", None, None).unwrap(),
            PartyBehaviour::default()
        );
        assert_eq!(
            PartyBehaviour::agent("p", "aspiration", Some(0.25), Some(false)).unwrap(),
            PartyBehaviour::Aspiration {
                exponent: 0.25,
                joint_sessions: false
            }
        );
        assert_eq!(
            PartyBehaviour::agent("p", "tft", Some(2.0), None).unwrap(),
            PartyBehaviour::Engine {
                agent: "tft".parse().unwrap(),
                joint_sessions: true
            }
        );
    }

    #[test]
    fn bad_agents_and_exponents_name_the_party() {
        for e in [0.0, -1.0, f64::NAN] {
            let err = PartyBehaviour::agent("Russia", "aspiration", Some(e), None).unwrap_err();
            assert_eq!(
                err.to_string(),
                "[talks.parties.Russia]: exponent must be a positive number"
            );
        }
        let err = PartyBehaviour::agent("Russia", "nobody", None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[talks.parties.Russia]: unknown agent (hint: `scripted`, `aspiration`, `truthful` or an engine agent)"
        );
        let source = std::error::Error::source(&err).unwrap().to_string();
        assert!(source.contains("unknown agent `nobody`"), "{source}");
    }

    #[test]
    fn strategies_parse_and_default_to_blind() {
        assert_eq!("trusted".parse(), Ok(MediationStrategy::Trusted));
        assert_eq!("blind".parse(), Ok(MediationStrategy::Blind));
        assert!("Blind".parse::<MediationStrategy>().is_err());
        let setup = TalksSetup {
            strategy: Some(MediationStrategy::Trusted),
            rounds: Some(6),
            ..TalksSetup::default()
        };
        assert_eq!(setup.strategy_or(None), MediationStrategy::Trusted);
        assert_eq!(
            setup.strategy_or(Some(MediationStrategy::Blind)),
            MediationStrategy::Blind
        );
        assert_eq!(
            TalksSetup::default().strategy_or(None),
            MediationStrategy::Blind
        );
        assert_eq!(setup.rounds_or(None), 6);
        assert_eq!(setup.rounds_or(Some(3)), 3);
        assert_eq!(TalksSetup::default().rounds_or(None), DEFAULT_ROUNDS);
        assert_eq!(TalksSetup::default().mediator_name(), "The mediator");
    }

    #[test]
    fn seats_follow_party_order_and_run() {
        let scenario = scenario();
        let setup = TalksSetup {
            parties: BTreeMap::from([(
                "seller".to_owned(),
                scripted(
                    &[("price", "high"), ("term", "long")],
                    &[("price", &["mid", "high"])],
                ),
            )]),
            ..TalksSetup::default()
        };
        let seats = setup.seats(&scenario, 4, 0).unwrap();
        let names: Vec<_> = seats.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["buyer", "seller"]);
        let mut mediator = MediationStrategy::Blind.mediator(&scenario, 0);
        let config = TalksConfig {
            rounds: 4,
            ..TalksConfig::default()
        };
        let record = run_talks(scenario.space(), seats, mediator.as_mut(), config).unwrap();
        assert_eq!(record.parties, ["buyer", "seller"]);
    }

    /// The seller's seat, with a scripted party ranking the issues by `ranking`.
    fn seller_at(scenario: &Scenario, ranking: ScriptedRanking) -> SeatContext<'_> {
        let seller = &scenario.parties()[1];
        SeatContext {
            space: scenario.space(),
            name: &seller.name,
            profile: &seller.profile,
            me: 1,
            parties: 2,
            rounds: 4,
            seed: 1,
            scripted_ranking: ranking,
        }
    }

    #[test]
    fn scripted_parties_rank_by_their_profile_or_by_their_demands() {
        let scenario = scenario();
        let behaviour = scripted(
            &[("price", "high"), ("term", "long")],
            &[("term", &["mid", "long"])],
        );
        let view = CaucusView {
            round: 1,
            rounds: 4,
            time: 0.0,
        };
        let ranking = |at: SeatContext<'_>| {
            let mut party = behaviour.build_party(&at).unwrap();
            party.answer(&view, &Question::RankIssues)
        };
        // Price weighs 0.6 in the seller's profile; the demands name only the term.
        assert_eq!(
            ranking(seller_at(&scenario, ScriptedRanking::FromProfile)),
            Some(Answer::Ranking(vec![0, 1]))
        );
        assert_eq!(
            ranking(seller_at(&scenario, ScriptedRanking::DemandsFirst)),
            Some(Answer::Ranking(vec![1, 0]))
        );
        // `build_seat`, what `detente talks` seats, ranks by the profile.
        let mut seat = behaviour.build_seat(&scenario, 1, 4, 1).unwrap();
        assert_eq!(
            seat.agent.answer(&view, &Question::RankIssues),
            Some(Answer::Ranking(vec![0, 1]))
        );
    }

    #[test]
    fn a_demanded_value_that_does_not_exist_is_placed_in_the_demands() {
        let scenario = scenario();
        let behaviour = scripted(
            &[("price", "high"), ("term", "long")],
            &[("term", &["mid", "forever"])],
        );
        let at = seller_at(&scenario, ScriptedRanking::DemandsFirst);
        let error = behaviour.build_party(&at).unwrap_err();
        assert_eq!(
            error,
            SetupError::NotADemandedValue {
                party: "seller".to_owned(),
                issue: "term".to_owned(),
                index: 1,
                value: "forever".to_owned(),
            }
        );
        assert_eq!(
            error.to_string(),
            "[talks.parties.seller]: `forever` is not a value of issue `term` (hint: use one of its listed values)"
        );
    }

    /// The deal with a real-valued price in [0, 100] instead of the discrete one.
    fn real_scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::new(
                "price",
                crate::outcome::IssueDomain::Real {
                    min: 0.0,
                    max: 100.0,
                },
            )
            .unwrap(),
            Issue::discrete("term", ["short", "mid", "long"]).unwrap(),
        ])
        .unwrap();
        let party = |name: &str, slope: f64, table: Vec<f64>| {
            let issues = vec![
                IssueUtility {
                    weight: 0.6,
                    evaluator: Evaluator::Linear {
                        offset: 0.0,
                        slope,
                        origin: if slope < 0.0 { 100.0 } else { 0.0 },
                        clamp: true,
                    },
                },
                IssueUtility {
                    weight: 0.4,
                    evaluator: Evaluator::Table(table),
                },
            ];
            Party::linear_additive(name, &space, issues, 0.2).unwrap()
        };
        let parties = vec![
            party("buyer", -0.01, vec![1.0, 0.5, 0.0]),
            party("seller", 0.01, vec![0.0, 0.5, 1.0]),
        ];
        Scenario::new("real deal".to_owned(), space, parties).unwrap()
    }

    #[test]
    fn scenarios_with_real_issues_are_refused_not_seated() {
        let scenario = real_scenario();
        let not_countable = SetupError::NotCountable {
            issue: "price".to_owned(),
        };
        let scripted_seller = scripted(&[("price", "80"), ("term", "long")], &[]);
        for behaviour in [
            PartyBehaviour::default(),
            PartyBehaviour::agent("seller", "tft", None, None).unwrap(),
            scripted_seller.clone(),
        ] {
            let error = behaviour.build_seat(&scenario, 1, 4, 0).err().unwrap();
            assert_eq!(error, not_countable);
            let at = seller_at(&scenario, ScriptedRanking::DemandsFirst);
            assert_eq!(behaviour.build_party(&at).err().unwrap(), not_countable);
        }
        let setup = TalksSetup {
            parties: BTreeMap::from([("seller".to_owned(), scripted_seller)]),
            ..TalksSetup::default()
        };
        let error = setup.seats(&scenario, 4, 0).err().unwrap();
        assert_eq!(error, not_countable);
        assert_eq!(
            error.to_string(),
            "the talks need countable issues, but issue `price` is real-valued or too large to count (hint: discretise real issues first, e.g. with --grid N)"
        );
        // On a grid the same setup seats.
        let grid = crate::discretise::discretise(scenario, 11).unwrap();
        let setup = TalksSetup {
            parties: BTreeMap::from([(
                "seller".to_owned(),
                scripted(&[("price", "80"), ("term", "long")], &[]),
            )]),
            ..TalksSetup::default()
        };
        assert_eq!(setup.seats(&grid, 4, 0).unwrap().len(), 2);
    }

    #[test]
    fn a_seat_the_scenario_does_not_have_is_refused() {
        let scenario = scenario();
        let error = PartyBehaviour::default()
            .build_seat(&scenario, 2, 4, 0)
            .err()
            .unwrap();
        assert_eq!(
            error,
            SetupError::NoSeat {
                seat: 2,
                parties: 2
            }
        );
        assert_eq!(
            error.to_string(),
            "the scenario has no seat 2: it has 2 parties, numbered from 0"
        );
    }

    #[test]
    fn setups_that_do_not_fit_the_scenario_are_refused() {
        let scenario = scenario();
        let refused = |name: &str, behaviour: PartyBehaviour| {
            let setup = TalksSetup {
                parties: BTreeMap::from([(name.to_owned(), behaviour)]),
                ..TalksSetup::default()
            };
            setup.seats(&scenario, 4, 0).err().unwrap().to_string()
        };
        assert_eq!(
            refused("broker", PartyBehaviour::default()),
            "[talks.parties.broker]: the scenario has no party `broker`"
        );
        assert_eq!(
            refused("seller", scripted(&[("price", "high")], &[])),
            "[talks.parties.seller]: the position has no value for issue `term`"
        );
        assert_eq!(
            refused("seller", scripted(&[("price", "steep"), ("term", "long")], &[])),
            "[talks.parties.seller]: `steep` is not a value of issue `price` (hint: use one of its listed values)"
        );
        assert_eq!(
            refused(
                "seller",
                scripted(
                    &[("price", "high"), ("term", "long")],
                    &[("color", &["red"])]
                )
            ),
            "[talks.parties.seller]: no issue `color`"
        );
    }

    #[test]
    fn truthful_is_an_agent_name_and_short_names_set_every_party() {
        assert_eq!(
            PartyBehaviour::agent("p", "truthful", Some(2.0), Some(false)).unwrap(),
            PartyBehaviour::Truthful {
                joint_sessions: false
            }
        );
        let named = |name: &str| PartyBehaviour::named(name).unwrap();
        assert_eq!(
            named("truthful"),
            PartyBehaviour::Truthful {
                joint_sessions: true
            }
        );
        for (name, exponent) in [("boulware", 4.0), ("linear", 1.0), ("conceder", 0.25)] {
            assert_eq!(
                named(name),
                PartyBehaviour::Aspiration {
                    exponent,
                    joint_sessions: true
                }
            );
        }
        assert_eq!(
            named("agentk"),
            PartyBehaviour::Engine {
                agent: AgentSpec::AgentK,
                joint_sessions: true
            }
        );
        assert!(PartyBehaviour::named("wizard").is_err());
    }

    #[test]
    fn every_party_overrides_the_parties_table() {
        let scripted_seller = scripted(&[("price", "high"), ("term", "long")], &[]);
        let mut setup = TalksSetup {
            parties: BTreeMap::from([("seller".to_owned(), scripted_seller.clone())]),
            ..TalksSetup::default()
        };
        assert_eq!(setup.behaviour_of("seller"), scripted_seller);
        assert_eq!(setup.behaviour_of("buyer"), PartyBehaviour::default());
        let truthful = PartyBehaviour::Truthful {
            joint_sessions: true,
        };
        setup.every_party = Some(truthful.clone());
        assert_eq!(setup.behaviour_of("seller"), truthful);
        assert_eq!(setup.behaviour_of("buyer"), truthful);
        // The seller, seated truthfully, rates its walk-away point (a scripted party cannot).
        let mut seats = setup.seats(&scenario(), 4, 0).unwrap();
        let view = CaucusView {
            round: 1,
            rounds: 4,
            time: 0.0,
        };
        assert_eq!(
            seats[1].agent.answer(&view, &Question::RateWalkAway),
            Some(Answer::Rating(20))
        );
    }

    /// The record of truthful talks on [`scenario`] with `noise`, seed `seed`.
    fn truthful_talks(noise: Option<f64>, seed: u64) -> crate::talks::TalksRecord {
        let scenario = scenario();
        let setup = TalksSetup {
            every_party: Some(PartyBehaviour::Truthful {
                joint_sessions: true,
            }),
            answer_noise: noise,
            ..TalksSetup::default()
        };
        let seats = setup.seats(&scenario, 6, seed).unwrap();
        let mut mediator = MediationStrategy::Blind.mediator(&scenario, seed);
        let config = TalksConfig {
            rounds: 6,
            ..TalksConfig::default()
        };
        run_talks(scenario.space(), seats, mediator.as_mut(), config).unwrap()
    }

    /// Every answer of `record`, in order.
    fn answers(record: &crate::talks::TalksRecord) -> Vec<crate::talks::Reply> {
        record
            .rounds
            .iter()
            .flat_map(|r| &r.caucuses)
            .flat_map(|c| &c.exchanges)
            .map(|e| e.reply.clone())
            .collect()
    }

    #[test]
    fn answer_noise_is_seeded_and_zero_noise_changes_nothing() {
        assert_eq!(truthful_talks(Some(0.0), 3), truthful_talks(None, 3));
        assert_eq!(truthful_talks(Some(0.5), 3), truthful_talks(Some(0.5), 3));
        let quiet = answers(&truthful_talks(None, 3));
        let noisy = answers(&truthful_talks(Some(1.0), 3));
        assert_ne!(
            quiet.first(),
            noisy.first(),
            "the first answer is always wrong"
        );
    }

    #[test]
    fn answer_noise_outside_zero_to_one_is_refused() {
        for p in [-0.5, 1.01, f64::NAN] {
            let setup = TalksSetup {
                answer_noise: Some(p),
                ..TalksSetup::default()
            };
            let error = setup.seats(&scenario(), 4, 0).err().unwrap();
            assert!(matches!(error, SetupError::BadAnswerNoise(_)));
            assert!(error
                .to_string()
                .starts_with("the answer noise must be a probability from 0 to 1, got"));
        }
    }
}
