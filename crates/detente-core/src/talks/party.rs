//! Parties for the talks: how a delegation answers the mediator in caucus.
//!
//! - [`AgentParty`]: any negotiation-engine agent ([`crate::agent`]) answering caucus questions —
//!   a test is answered by the agent's own acceptance rule at the talks' relative time (a
//!   time-based agent accepts when the package reaches its aspiration `a(t) = 1 − tᵉ` scaled
//!   between `max(worst, reservation)` and its best, exactly as in the SAO engine); asked for a
//!   package, it names what it would offer, but only if it would also accept it; a comparison
//!   uses the agent's own comparison. Objections name the issues whose change to the party's
//!   best value would recover most of its shortfall from its ideal; priorities come from the
//!   profile. It bargains only through its acceptances: questions about its own preferences
//!   (position tests, ratings, points, extremes, its walk-away point) it answers truthfully from
//!   its profile ([`super::truthful`]).
//! - [`TruthfulParty`]: hides nothing — answers every question truthfully from its profile
//!   ([`super::truthful`]): a test, like a position test, against its walk-away point, a rejection
//!   naming objections as an [`AgentParty`]'s does. The simulation baseline for a mediator that
//!   learns only from answers (see [`super::noise`] for the same party making mistakes).
//! - [`ScriptedParty`]: plays a fixed position: accepts only packages that meet its demands,
//!   answers a position test the same way, and declines questions about single issues.

use std::sync::Arc;

use super::message::{Answer, Preferred, Question};
use super::truthful::TruthfulAnswers;
use crate::agent::{
    AgentContext, AgentSpec, Negotiator, Observation, Proposal, Response, UtilityTable,
};
use crate::outcome::{Outcome, OutcomeSpace};
use crate::preference::{Profile, UtilityFunction};
use crate::protocol::Deadline;

/// What a party knows about the moment of a caucus: only time, never another party's caucus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaucusView {
    /// The round (1-based).
    pub round: u32,
    /// Rounds before the deadline.
    pub rounds: u32,
    /// Relative time: 0 in the first round, 1 in the last.
    pub time: f64,
}

/// A delegation in the talks. `None` means the party does not answer.
pub trait TalksParty {
    /// Answers one question put in the party's own caucus.
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer>;
}

impl<P: TalksParty + ?Sized> TalksParty for Box<P> {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        (**self).answer(view, question)
    }
}

/// Issue positions, most important first: by how much utility is lost when the issue alone moves
/// from `best` (a best package) to its worst value.
pub fn rank_issues(radices: &[u32], u: &UtilityFunction, best: &[u32]) -> Vec<usize> {
    let top = u.utility_of_indices(best);
    let mut swings: Vec<(usize, f64)> = (0..radices.len())
        .map(|k| {
            let mut probe = best.to_vec();
            let lowest = (0..radices[k].min(256))
                .map(|v| {
                    probe[k] = v;
                    u.utility_of_indices(&probe)
                })
                .fold(f64::INFINITY, f64::min);
            (k, top - lowest)
        })
        .collect();
    swings.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    swings.into_iter().map(|(k, _)| k).collect()
}

/// The issues a party with `utility` (whose best package is worth `best`) objects to in
/// `package`: those whose change to the party's best value on that issue recovers at least half
/// of its shortfall from its ideal, largest gain first (returned in issue order).
fn objections(
    space: &OutcomeSpace,
    utility: &UtilityFunction,
    best: f64,
    package: &Outcome,
) -> Vec<usize> {
    let Some(indices) = space.indices_of(package) else {
        return Vec::new();
    };
    let radices = space.radices().unwrap_or_default();
    let base = utility.utility_of_indices(&indices);
    let mut gains: Vec<(usize, f64)> = (0..indices.len())
        .map(|k| {
            let mut probe = indices.clone();
            let best_here = (0..radices[k].min(256))
                .map(|v| {
                    probe[k] = v;
                    utility.utility_of_indices(&probe)
                })
                .fold(f64::NEG_INFINITY, f64::max);
            (k, best_here - base)
        })
        .filter(|(_, g)| *g > 1e-12)
        .collect();
    gains.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut gap = (best - base) / 2.0;
    let mut chosen = Vec::new();
    for (k, g) in gains {
        if gap <= 0.0 {
            break;
        }
        chosen.push(k);
        gap -= g;
    }
    chosen.sort_unstable();
    chosen
}

/// An engine agent sitting in the talks (see the module doc).
pub struct AgentParty {
    agent: Box<dyn Negotiator>,
    space: Arc<OutcomeSpace>,
    profile: Arc<Profile>,
    best: f64,
    ranking: Vec<usize>,
    joint_sessions: bool,
    truthful: TruthfulAnswers,
}

impl std::fmt::Debug for AgentParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentParty")
            .field("profile", &self.profile.name)
            .finish_non_exhaustive()
    }
}

impl AgentParty {
    /// Party `me` of `parties`, playing `profile` with the engine agent `spec`, in talks of
    /// `rounds` rounds. `seed` feeds the agent's own random choices.
    pub fn new(
        space: &OutcomeSpace,
        profile: Profile,
        spec: &AgentSpec,
        me: usize,
        parties: usize,
        rounds: u32,
        seed: u64,
    ) -> Self {
        let space = Arc::new(space.clone());
        let profile = Arc::new(profile);
        let table = Arc::new(UtilityTable::new(&space, &profile));
        let best_package = table.outcome_at(&space, table.len().saturating_sub(1));
        let best_indices = space.indices_of(&best_package).unwrap_or_default();
        let radices = space.radices().unwrap_or_default();
        let ranking = rank_issues(&radices, &profile.utility, &best_indices);
        let agent = spec.build(AgentContext {
            me,
            n_parties: parties,
            space: space.clone(),
            profile: profile.clone(),
            table: table.clone(),
            deadline: Deadline::steps(rounds.max(1)),
            seed,
        });
        AgentParty {
            agent,
            truthful: TruthfulAnswers::new(&space, (*profile).clone()),
            best: table.max(),
            space,
            profile,
            ranking,
            joint_sessions: true,
        }
    }

    /// A NegMAS-style time-based party with aspiration exponent `exponent` (4 Boulware, 1
    /// linear, 0.25 Conceder).
    pub fn time_based(space: &OutcomeSpace, profile: Profile, exponent: f64, rounds: u32) -> Self {
        Self::new(
            space,
            profile,
            &AgentSpec::TimeBased { exponent },
            0,
            2,
            rounds,
            0,
        )
    }

    /// Whether the party agrees to joint sessions (default: yes).
    pub fn with_joint_sessions(mut self, consent: bool) -> Self {
        self.joint_sessions = consent;
        self
    }

    #[cfg(test)]
    fn utility(&self, outcome: &Outcome) -> f64 {
        self.profile.utility.utility(outcome)
    }
}

impl TalksParty for AgentParty {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        let obs = Observation {
            step: view.round.saturating_sub(1),
            relative_time: view.time,
        };
        Some(match question {
            // A package at least as good as the best the agent knows is accepted even when the
            // agent's range stops at that best (sampled tables on huge spaces can miss the top).
            Question::Test(p)
                if self.profile.utility.utility(p) >= self.best.max(self.profile.reservation) =>
            {
                Answer::Verdict {
                    accept: true,
                    objections: Vec::new(),
                }
            }
            Question::Test(p) => match self.agent.respond(&obs, p, 0) {
                Response::Accept => Answer::Verdict {
                    accept: true,
                    objections: Vec::new(),
                },
                Response::Reject => Answer::Verdict {
                    accept: false,
                    objections: objections(&self.space, &self.profile.utility, self.best, p),
                },
                Response::EndNegotiation => Answer::WalkOut,
            },
            Question::AskPackage => match self.agent.propose(&obs) {
                // Naming a package is accepting it: only name one the agent would accept.
                Proposal::Offer(p) => match self.agent.respond(&obs, &p, 0) {
                    Response::Accept => Answer::Package(p),
                    _ => Answer::NoPackage,
                },
                Proposal::EndNegotiation => Answer::WalkOut,
            },
            Question::RankIssues => Answer::Ranking(self.ranking.clone()),
            Question::Compare(x, y) => {
                if self.agent.compare(&obs, x, Some(y)) {
                    Answer::Preference(Preferred::First)
                } else if self.agent.compare(&obs, y, Some(x)) {
                    Answer::Preference(Preferred::Second)
                } else {
                    Answer::Preference(Preferred::Indifferent)
                }
            }
            Question::JointSession => Answer::Consent(self.joint_sessions),
            Question::PositionTest(_)
            | Question::Extremes(_)
            | Question::Rate(_)
            | Question::SplitPoints
            | Question::RateWalkAway => self.truthful.answer(question),
        })
    }
}

/// A delegation that answers every question truthfully from its profile (see the module doc).
#[derive(Debug, Clone)]
pub struct TruthfulParty {
    truthful: TruthfulAnswers,
    joint_sessions: bool,
}

impl TruthfulParty {
    /// A truthful delegation holding `profile` over `space` (which must be countable). It
    /// consents to joint sessions unless told otherwise.
    pub fn new(space: &OutcomeSpace, profile: Profile) -> Self {
        TruthfulParty {
            truthful: TruthfulAnswers::new(space, profile),
            joint_sessions: true,
        }
    }

    /// Whether the party agrees to joint sessions (default: yes).
    pub fn with_joint_sessions(mut self, consent: bool) -> Self {
        self.joint_sessions = consent;
        self
    }
}

impl TalksParty for TruthfulParty {
    fn answer(&mut self, _view: &CaucusView, question: &Question) -> Option<Answer> {
        Some(match question {
            // Objections measure a shortfall from the party's ideal: its best package's utility.
            Question::Test(p) if !self.truthful.acceptable(p) => Answer::Verdict {
                accept: false,
                objections: objections(
                    self.truthful.space(),
                    &self.truthful.profile().utility,
                    self.truthful.best_utility(),
                    p,
                ),
            },
            Question::JointSession => Answer::Consent(self.joint_sessions),
            _ => self.truthful.answer(question),
        })
    }
}

/// A party with a fixed position. Its *demands* name, for some issues, the values it can live
/// with; it accepts a package only when every demand is met, objects to the issues whose demand is
/// not, names its position when asked, prefers the package meeting more demands, and may walk out
/// at a given round.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedParty {
    position: Outcome,
    demands: Vec<(usize, Vec<crate::outcome::Value>)>,
    joint_sessions: bool,
    walk_out_round: Option<u32>,
    ranking: Option<Vec<usize>>,
}

impl ScriptedParty {
    /// A party holding `position` with `demands` (issue position, acceptable values). With no
    /// demands it insists on its position on every issue.
    pub fn new(position: Outcome, demands: Vec<(usize, Vec<crate::outcome::Value>)>) -> Self {
        let demands = if demands.is_empty() {
            position
                .iter()
                .enumerate()
                .map(|(k, v)| (k, vec![*v]))
                .collect()
        } else {
            demands
        };
        ScriptedParty {
            position,
            demands,
            joint_sessions: false,
            walk_out_round: None,
            ranking: None,
        }
    }

    /// The priorities it gives when asked (default: demanded issues first, in order).
    pub fn with_ranking(mut self, ranking: Vec<usize>) -> Self {
        self.ranking = Some(ranking);
        self
    }

    /// Whether the party agrees to joint sessions (default: no).
    pub fn with_joint_sessions(mut self, consent: bool) -> Self {
        self.joint_sessions = consent;
        self
    }

    /// Walk out at the first question of `round`.
    pub fn walking_out_in(mut self, round: u32) -> Self {
        self.walk_out_round = Some(round);
        self
    }

    fn unmet(&self, package: &Outcome) -> Vec<usize> {
        let mut unmet: Vec<usize> = self
            .demands
            .iter()
            .filter(|(k, ok)| package.get(*k).is_none_or(|v| !ok.contains(v)))
            .map(|(k, _)| *k)
            .collect();
        unmet.sort_unstable();
        unmet.dedup();
        unmet
    }
}

impl TalksParty for ScriptedParty {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        if self.walk_out_round.is_some_and(|r| view.round >= r) {
            return Some(Answer::WalkOut);
        }
        Some(match question {
            Question::Test(p) => {
                let objections = self.unmet(p);
                Answer::Verdict {
                    accept: objections.is_empty(),
                    objections,
                }
            }
            Question::AskPackage => Answer::Package(self.position.clone()),
            Question::RankIssues if self.ranking.is_some() => {
                Answer::Ranking(self.ranking.clone().unwrap_or_default())
            }
            Question::RankIssues => {
                let mut ranking: Vec<usize> = Vec::new();
                for (k, _) in &self.demands {
                    if !ranking.contains(k) {
                        ranking.push(*k);
                    }
                }
                let rest: Vec<usize> = (0..self.position.len())
                    .filter(|k| !ranking.contains(k))
                    .collect();
                ranking.extend(rest);
                Answer::Ranking(ranking)
            }
            Question::Compare(x, y) => {
                let (ux, uy) = (self.unmet(x).len(), self.unmet(y).len());
                Answer::Preference(match ux.cmp(&uy) {
                    std::cmp::Ordering::Less => Preferred::First,
                    std::cmp::Ordering::Greater => Preferred::Second,
                    std::cmp::Ordering::Equal => Preferred::Indifferent,
                })
            }
            Question::JointSession => Answer::Consent(self.joint_sessions),
            Question::PositionTest(p) => Answer::Position(self.unmet(p).is_empty()),
            Question::Extremes(_)
            | Question::Rate(_)
            | Question::SplitPoints
            | Question::RateWalkAway => Answer::CannotSay,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::OutcomeSpace;
    use crate::outcome::{Issue, Value};
    use crate::preference::{Evaluator, IssueUtility, LinearAdditiveUtility, UtilityFunction};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y", "z"]).unwrap(),
            Issue::discrete("b", ["x", "y", "z"]).unwrap(),
        ])
        .unwrap()
    }

    fn party(reservation: f64, exponent: f64) -> AgentParty {
        let s = space();
        let u = LinearAdditiveUtility::new(
            "p",
            &s,
            0.0,
            vec![
                IssueUtility {
                    weight: 0.7,
                    evaluator: Evaluator::Table(vec![0.0, 0.5, 1.0]),
                },
                IssueUtility {
                    weight: 0.3,
                    evaluator: Evaluator::Table(vec![1.0, 0.5, 0.0]),
                },
            ],
            None,
        )
        .unwrap();
        let profile =
            Profile::new("p", UtilityFunction::LinearAdditive(u), reservation, 1.0).unwrap();
        AgentParty::time_based(&s, profile, exponent, 10)
    }

    fn view(time: f64) -> CaucusView {
        CaucusView {
            round: 1,
            rounds: 10,
            time,
        }
    }

    #[test]
    fn tests_are_answered_by_the_engine_agent_with_objections() {
        let mut p = party(0.0, 1.0);
        let middling = vec![Value::Discrete(1), Value::Discrete(1)];
        assert_eq!(
            p.answer(&view(0.0), &Question::Test(middling.clone())),
            Some(Answer::Verdict {
                accept: false,
                objections: vec![0]
            })
        );
        assert_eq!(
            p.answer(&view(0.6), &Question::Test(middling)),
            Some(Answer::Verdict {
                accept: true,
                objections: vec![]
            })
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::RankIssues),
            Some(Answer::Ranking(vec![0, 1]))
        );
        let Some(Answer::Package(named)) = p.answer(&view(0.5), &Question::AskPackage) else {
            panic!("a package")
        };
        assert!(p.utility(&named) >= 0.5 - 1e-4);
    }

    #[test]
    fn a_party_no_package_satisfies_names_none() {
        let mut p = party(2.0, 1.0);
        assert_eq!(
            p.answer(&view(1.0), &Question::AskPackage),
            Some(Answer::NoPackage)
        );
        let best = vec![Value::Discrete(2), Value::Discrete(0)];
        assert!(matches!(
            p.answer(&view(1.0), &Question::Test(best)),
            Some(Answer::Verdict { accept: false, .. })
        ));
    }

    #[test]
    fn scripted_party_holds_its_position() {
        let position = vec![Value::Discrete(2), Value::Discrete(0)];
        let mut p = ScriptedParty::new(position.clone(), vec![(0, vec![Value::Discrete(2)])])
            .walking_out_in(3);
        let other = vec![Value::Discrete(1), Value::Discrete(0)];
        assert_eq!(
            p.answer(&view(0.0), &Question::Test(other)),
            Some(Answer::Verdict {
                accept: false,
                objections: vec![0]
            })
        );
        let close = vec![Value::Discrete(2), Value::Discrete(2)];
        assert_eq!(
            p.answer(&view(0.0), &Question::Test(close)),
            Some(Answer::Verdict {
                accept: true,
                objections: vec![]
            })
        );
        let late = CaucusView {
            round: 3,
            rounds: 5,
            time: 0.5,
        };
        assert_eq!(
            p.answer(&late, &Question::AskPackage),
            Some(Answer::WalkOut)
        );
    }

    #[test]
    fn a_truthful_party_tests_against_its_walk_away_point_and_names_objections() {
        let s = space();
        let agent = party(0.5, 1.0);
        let mut p = TruthfulParty::new(&s, (*agent.profile).clone()).with_joint_sessions(false);
        // u = 0.7·a + 0.3·b on scores (0, .5, 1) and (1, .5, 0); walk-away 0.5.
        let middling = vec![Value::Discrete(1), Value::Discrete(1)];
        let poor = vec![Value::Discrete(0), Value::Discrete(2)];
        for time in [0.0, 1.0] {
            assert_eq!(
                p.answer(&view(time), &Question::Test(middling.clone())),
                Some(Answer::Verdict {
                    accept: true,
                    objections: vec![]
                })
            );
        }
        let rejection = p.answer(&view(0.0), &Question::Test(poor.clone()));
        assert_eq!(
            rejection,
            Some(Answer::Verdict {
                accept: false,
                objections: objections(&s, &agent.profile.utility, agent.best, &poor)
            })
        );
        assert_eq!(
            rejection,
            Some(Answer::Verdict {
                accept: false,
                objections: vec![0]
            })
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::PositionTest(poor)),
            Some(Answer::Position(false))
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::JointSession),
            Some(Answer::Consent(false))
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::SplitPoints),
            Some(Answer::Points(vec![70, 30]))
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::RateWalkAway),
            Some(Answer::Rating(50))
        );
        assert_eq!(
            p.answer(&view(0.0), &Question::AskPackage),
            Some(Answer::Package(vec![
                Value::Discrete(2),
                Value::Discrete(0)
            ]))
        );
    }
}
