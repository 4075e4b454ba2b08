//! Automated delegations: the talks engine's party agents, seated through the API.
//!
//! An agent answers its seat's questions as soon as they are asked. It plays the seat's profile in
//! force (the agenda's, or the one the party stated), so a party can delegate without revealing
//! its profile to anyone. Its answers are recorded as events like a person's. Only the party
//! seats or removes its agent (the creator may seat one at creation for a seat whose profile it
//! supplied); the mediator may only propose one, because an agent it could seat would answer its
//! tests from a profile the party kept to itself.
//!
//! Agents keep state: `tft`, `tft-matching`, `hardheaded` and `agentk` learn from the packages
//! they are shown, `random` draws from its seeded generator. So a talk's state, rebuilt from its
//! log (after a restart, a cache clear, a store conflict, or on a second server), *does* re-run its
//! agents: the state runs an agent while applying the event that puts a question to it (or seats
//! it while a question waits), live and on replay alike, and compares the recorded automated
//! answer with the one the agent gives again (the recorded one stands; a difference, possible only
//! in logs written before agents were replayed, is noted in `TalkState::agent_divergences`). The
//! agent thus sees the same questions, in the same order and at the same moment of the talks, and
//! ends in the same state.
//!
//! What an agent is and how it is built is defined once, in the core
//! ([`detente_core::talks::setup`]): [`AgentDto`] is the API's spelling of a
//! [`PartyBehaviour`], as a scenario's `[talks]` table is the CLI's. This module only reads the
//! wire form, says how the server seats it (the seat number as seed, a scripted agent ranking
//! issues by its demands), and points the core's errors at the request's fields.

use detente_core::talks::setup::{
    PartyBehaviour, ScriptedRanking, SeatContext, SeatedParty, SetupError,
};
use detente_core::{OutcomeSpace, Profile};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::Rejection;
use super::wire::PackageDto;

// The wire form of a seated agent; the OpenAPI document keeps the name it was published under.
/// Which agent sits in a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[schema(as = AgentSpec)]
pub enum AgentDto {
    /// Any agent of the negotiation engine, by name: `boulware`, `linear`, `conceder`,
    /// `hardliner`, `aspiration:<e>`, `tft`, `tft-matching`, `random`, `random:<p>`, `hardheaded`,
    /// `agentk`. It answers tests by its own acceptance rule at the talks' relative time.
    Engine {
        /// The agent's name.
        agent: String,
        /// Whether it agrees to joint sessions (default yes).
        #[serde(default = "yes")]
        joint_sessions: bool,
    },
    /// Time-based: accepts what reaches its aspiration, which falls from its best package towards
    /// its reservation value as the deadline nears.
    Aspiration {
        /// `boulware` (concedes late), `linear` or `conceder` (concedes early).
        curve: Curve,
        /// Whether it agrees to joint sessions (default yes).
        #[serde(default = "yes")]
        joint_sessions: bool,
    },
    /// Holds a fixed position: accepts only packages that meet its demands.
    Scripted {
        /// Its position.
        position: PackageDto,
        /// Per issue it insists on, the values it accepts (its position on every issue when empty).
        #[serde(default)]
        demands: IndexMap<String, Vec<String>>,
        /// Walks out at its first question of this round.
        #[serde(default)]
        walk_out_round: Option<u32>,
    },
}

fn yes() -> bool {
    true
}

/// Concession curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Curve {
    /// Concedes late.
    Boulware,
    /// Concedes steadily.
    Linear,
    /// Concedes early.
    Conceder,
}

impl Curve {
    /// The aspiration exponent the curve stands for.
    fn exponent(self) -> f64 {
        match self {
            Curve::Boulware => 4.0,
            Curve::Linear => 1.0,
            Curve::Conceder => 0.25,
        }
    }
}

impl AgentDto {
    /// The behaviour this wire form spells, as the `[talks]` table of a scenario would spell it.
    /// A scripted agent seated through the API never consents to joint sessions: the wire form
    /// has no field for it, and the server's scripted agents have always refused. The party is
    /// left unnamed in errors: the API points at fields (see [`rejection`]), not at parties.
    fn behaviour(&self) -> Result<PartyBehaviour, SetupError> {
        Ok(match self {
            AgentDto::Engine {
                agent,
                joint_sessions,
            } => PartyBehaviour::Engine {
                agent: agent.parse().map_err(|source| SetupError::UnknownAgent {
                    party: String::new(),
                    source,
                })?,
                joint_sessions: *joint_sessions,
            },
            AgentDto::Aspiration {
                curve,
                joint_sessions,
            } => PartyBehaviour::Aspiration {
                exponent: curve.exponent(),
                joint_sessions: *joint_sessions,
            },
            AgentDto::Scripted {
                position,
                demands,
                walk_out_round,
            } => PartyBehaviour::Scripted {
                position: position
                    .iter()
                    .map(|(issue, value)| (issue.clone(), value.clone()))
                    .collect(),
                demands: demands
                    .iter()
                    .map(|(issue, values)| (issue.clone(), values.clone()))
                    .collect(),
                joint_sessions: false,
                walk_out_round: *walk_out_round,
            },
        })
    }
}

impl AgentDto {
    /// Checks what can be checked without the seat's profile (the agent's name, the issues a
    /// scripted position names): what a proposal is held to before its party sees it.
    pub fn check(&self, space: &OutcomeSpace) -> Result<(), Rejection> {
        if let AgentDto::Scripted { position, .. } = self {
            super::wire::to_outcome(space, "agent.position", position)?;
        }
        self.behaviour().map(|_| ()).map_err(rejection)
    }
}

/// Builds the agent `spec` describes for a seat with `profile`: `seat` of `parties`, in talks of
/// `rounds` rounds. The seat number seeds the agent's own random choices, so replaying a log
/// rebuilds the same agent (and, run on the same questions in the same order, it makes the same
/// choices). A scripted agent ranks the issues by its demands, never by the profile.
pub fn build(
    spec: &AgentDto,
    space: &OutcomeSpace,
    profile: &Profile,
    (seat, parties, rounds): (usize, usize, u32),
) -> Result<SeatedParty, Rejection> {
    if let AgentDto::Scripted { position, .. } = spec {
        super::wire::check_issue_names(space, "agent.position", position)?;
    }
    let at = SeatContext {
        space,
        name: &profile.name,
        profile,
        me: seat,
        parties,
        rounds,
        seed: seat as u64,
        scripted_ranking: ScriptedRanking::DemandsFirst,
    };
    spec.behaviour()
        .and_then(|behaviour| behaviour.build_party(&at))
        .map_err(rejection)
}

/// The API's form of a setup error: the field of the `AgentSpec` body at fault, and a message
/// about that field alone (the core's messages name a `[talks]` table's keys instead).
fn rejection(error: SetupError) -> Rejection {
    match error {
        SetupError::UnknownAgent { source, .. } => {
            Rejection::invalid("agent.agent", source.to_string())
        }
        SetupError::MissingPositionValue { issue, .. } => Rejection::invalid(
            format!("agent.position.{issue}"),
            "is missing: a package gives every issue a value",
        ),
        SetupError::NotAValue { issue, value, .. } => Rejection::invalid(
            format!("agent.position.{issue}"),
            format!("`{value}` is not a value of this issue"),
        ),
        SetupError::UnknownIssue { issue, .. } => {
            Rejection::invalid(format!("agent.demands.{issue}"), "is not an issue")
        }
        SetupError::NotADemandedValue {
            issue,
            index,
            value,
            ..
        } => Rejection::invalid(
            format!("agent.demands.{issue}[{index}]"),
            format!("`{value}` is not a value of this issue"),
        ),
        // An exponent or a party name is never taken from the wire form.
        other => Rejection::invalid("agent", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use detente_core::talks::party::{CaucusView, TalksParty};
    use detente_core::talks::{Answer, Question};
    use detente_core::Scenario;
    use indexmap::indexmap;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    const ROUNDS: u32 = 6;
    /// The seat every test agent takes (the second party).
    const SEAT: usize = 1;

    fn scenario() -> Arc<Scenario> {
        let (format, text) = crate::examples::find("supply-contract").expect("a bundled example");
        let agenda = crate::engine::scenario::parse(format, text).expect("the example reads");
        std::sync::Arc::new(agenda.scenario().expect("the example has every profile"))
    }

    /// `spec` seated through the API in [`SEAT`].
    fn seated(scenario: &Scenario, spec: &AgentDto) -> Result<SeatedParty, Rejection> {
        let profile = &scenario.parties()[SEAT].profile;
        let parties = scenario.parties().len();
        build(spec, scenario.space(), profile, (SEAT, parties, ROUNDS))
    }

    /// The behaviour a `[talks]` party entry for the party in [`SEAT`] spells.
    fn from_table(scenario: &Scenario, entry: &str) -> PartyBehaviour {
        let name = &scenario.parties()[SEAT].name;
        let text = format!("[talks.parties.{name}]\n{entry}");
        let mut setup = detente_formats::talks_setup(&text, "scenario.toml")
            .expect("the table reads")
            .expect("a [talks] table");
        setup.parties.remove(name).expect("the party's entry")
    }

    /// `behaviour` seated as `detente talks` seats it (its seed the seat number, as the server
    /// seeds); a scripted party ranks the issues as the server's do.
    fn seated_by_setup(scenario: &Scenario, behaviour: &PartyBehaviour) -> Box<dyn TalksParty> {
        if !matches!(behaviour, PartyBehaviour::Scripted { .. }) {
            let seat = behaviour.build_seat(scenario, SEAT, ROUNDS, SEAT as u64);
            return seat.expect("the seat builds").agent;
        }
        let party = &scenario.parties()[SEAT];
        let at = SeatContext {
            space: scenario.space(),
            name: &party.name,
            profile: &party.profile,
            me: SEAT,
            parties: scenario.parties().len(),
            rounds: ROUNDS,
            seed: SEAT as u64,
            scripted_ranking: ScriptedRanking::DemandsFirst,
        };
        Box::new(behaviour.build_party(&at).expect("the party builds"))
    }

    fn random_package(scenario: &Scenario, rng: &mut ChaCha8Rng) -> Vec<detente_core::Value> {
        let space = scenario.space();
        let radices = space.radices().expect("a discrete space");
        let indices: Vec<u32> = radices.iter().map(|&r| rng.gen_range(0..r)).collect();
        space.outcome_from_indices(&indices)
    }

    /// One to four distinct options (issue position, value) of random issues.
    fn random_options(
        scenario: &Scenario,
        rng: &mut ChaCha8Rng,
    ) -> Vec<(usize, detente_core::Value)> {
        let radices = scenario.space().radices().expect("a discrete space");
        let mut options = Vec::new();
        for _ in 0..rng.gen_range(1..=4) {
            let k = rng.gen_range(0..radices.len());
            let index = rng.gen_range(0..radices[k]);
            let value = scenario.space().issues()[k]
                .value_at(u64::from(index))
                .expect("a value");
            if !options.contains(&(k, value)) {
                options.push((k, value));
            }
        }
        options
    }

    /// Four questions a round, of every kind, over the whole talks.
    fn questions(scenario: &Scenario) -> Vec<(CaucusView, Question)> {
        let mut rng = ChaCha8Rng::seed_from_u64(10);
        let mut asked = Vec::new();
        for round in 1..=ROUNDS {
            let view = CaucusView {
                round,
                rounds: ROUNDS,
                time: f64::from(round - 1) / f64::from(ROUNDS - 1),
            };
            for _ in 0..4 {
                let issues = scenario.space().issues().len();
                let question = match rng.gen_range(0..13) {
                    0 => Question::AskPackage,
                    1 => Question::RankIssues,
                    2 => Question::JointSession,
                    3 => Question::Compare(
                        random_package(scenario, &mut rng),
                        random_package(scenario, &mut rng),
                    ),
                    4 => Question::Extremes(rng.gen_range(0..issues)),
                    5 => Question::Rate(random_options(scenario, &mut rng)),
                    6 => Question::SplitPoints,
                    7 => Question::PositionTest(random_package(scenario, &mut rng)),
                    8 => Question::RateWalkAway,
                    _ => Question::Test(random_package(scenario, &mut rng)),
                };
                asked.push((view, question));
            }
        }
        asked
    }

    fn answers(
        party: &mut dyn TalksParty,
        asked: &[(CaucusView, Question)],
    ) -> Vec<Option<Answer>> {
        asked
            .iter()
            .map(|(view, question)| party.answer(view, question))
            .collect()
    }

    #[test]
    fn an_agent_spec_and_a_talks_table_entry_seat_the_same_party() {
        let scenario = scenario();
        let engine = |name: &str, joint_sessions| AgentDto::Engine {
            agent: name.to_owned(),
            joint_sessions,
        };
        let pairs = [
            (
                engine("tft", false),
                "agent = \"tft\"\njoint_sessions = false",
            ),
            (engine("random:0.5", true), "agent = \"random:0.5\""),
            (engine("agentk", true), "agent = \"agentk\""),
            (engine("hardheaded", true), "agent = \"hardheaded\""),
            (
                AgentDto::Aspiration {
                    curve: Curve::Boulware,
                    joint_sessions: true,
                },
                "agent = \"aspiration\"",
            ),
            (
                AgentDto::Aspiration {
                    curve: Curve::Conceder,
                    joint_sessions: false,
                },
                "agent = \"aspiration\"\nexponent = 0.25\njoint_sessions = false",
            ),
            (
                AgentDto::Scripted {
                    position: indexmap! {
                        "unit price".into() => "€38".into(),
                        "annual volume commitment".into() => "none".into(),
                        "delivery".into() => "weekly".into(),
                        "payment terms".into() => "90 days".into(),
                        "contract length".into() => "3 years".into(),
                        "warranty".into() => "3 years".into(),
                    },
                    // In the order the table's reader keeps (by issue name): a scripted agent
                    // of the server ranks the issues it demands first, in this order.
                    demands: indexmap! {
                        "unit price".into() => vec!["€38".into(), "€41".into()],
                        "warranty".into() => vec!["2 years".into(), "3 years".into()],
                    },
                    walk_out_round: Some(5),
                },
                r#"agent = "scripted"
position = { "unit price" = "€38", "annual volume commitment" = "none", delivery = "weekly", "payment terms" = "90 days", "contract length" = "3 years", warranty = "3 years" }
demands = { warranty = ["2 years", "3 years"], "unit price" = ["€38", "€41"] }
walk_out_round = 5"#,
            ),
        ];
        let asked = questions(&scenario);
        for (spec, entry) in pairs {
            let behaviour = from_table(&scenario, entry);
            assert_eq!(spec.behaviour().unwrap(), behaviour, "{spec:?}");
            let mut by_api = seated(&scenario, &spec).unwrap();
            let mut by_setup = seated_by_setup(&scenario, &behaviour);
            assert_eq!(
                answers(&mut by_api, &asked),
                answers(by_setup.as_mut(), &asked),
                "{spec:?}"
            );
        }
    }

    #[test]
    fn scripted_agents_rank_by_their_demands_and_refuse_joint_sessions() {
        let scenario = scenario();
        let space = scenario.space();
        let position = from_outcome_of_first(&scenario);
        let spec = AgentDto::Scripted {
            position,
            demands: indexmap! { "warranty".into() => vec!["3 years".into()] },
            walk_out_round: None,
        };
        let mut party = seated(&scenario, &spec).unwrap();
        let view = CaucusView {
            round: 1,
            rounds: ROUNDS,
            time: 0.0,
        };
        let warranty = space.issue_index("warranty").unwrap();
        let mut expected = vec![warranty];
        expected.extend((0..space.issues().len()).filter(|&k| k != warranty));
        assert_eq!(
            party.answer(&view, &Question::RankIssues),
            Some(Answer::Ranking(expected))
        );
        assert_eq!(
            party.answer(&view, &Question::JointSession),
            Some(Answer::Consent(false))
        );
    }

    /// The package of every issue's first value.
    fn from_outcome_of_first(scenario: &Scenario) -> PackageDto {
        let space = scenario.space();
        let first = space.outcome_from_indices(&vec![0; space.issues().len()]);
        super::super::wire::from_outcome(space, &first)
    }

    #[test]
    fn errors_point_at_the_field_of_the_agent_spec() {
        let scenario = scenario();
        let refused = |spec: AgentDto| {
            let error = seated(&scenario, &spec).unwrap_err();
            (error.field, error.message)
        };
        let scripted = |edit: &dyn Fn(&mut PackageDto), demands| {
            let mut position = from_outcome_of_first(&scenario);
            edit(&mut position);
            AgentDto::Scripted {
                position,
                demands,
                walk_out_round: None,
            }
        };
        let pair = |field: &str, message: &str| (field.to_owned(), message.to_owned());
        let nobody = "nobody"
            .parse::<detente_core::agent::AgentSpec>()
            .unwrap_err();
        assert_eq!(
            refused(AgentDto::Engine {
                agent: "nobody".into(),
                joint_sessions: true
            }),
            pair("agent.agent", &nobody.to_string())
        );
        let bad_demand = indexmap! { "delivery".into() => vec!["weekly".into(), "daily".into()] };
        assert_eq!(
            refused(scripted(
                &|p| {
                    p.insert("colour".into(), "red".into());
                },
                bad_demand.clone()
            )),
            pair("agent.position.colour", "names no issue of the scenario")
        );
        assert_eq!(
            refused(scripted(
                &|p| {
                    p.shift_remove("warranty");
                },
                bad_demand.clone()
            )),
            pair(
                "agent.position.warranty",
                "is missing: a package gives every issue a value"
            )
        );
        assert_eq!(
            refused(scripted(
                &|p| {
                    p.insert("delivery".into(), "daily".into());
                },
                bad_demand.clone()
            )),
            pair(
                "agent.position.delivery",
                "`daily` is not a value of this issue"
            )
        );
        assert_eq!(
            refused(scripted(&|_| {}, bad_demand)),
            pair(
                "agent.demands.delivery[1]",
                "`daily` is not a value of this issue"
            )
        );
        assert_eq!(
            refused(scripted(
                &|_| {},
                indexmap! { "colour".into() => vec!["red".into()] }
            )),
            pair("agent.demands.colour", "is not an issue")
        );
    }
}
