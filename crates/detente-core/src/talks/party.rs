//! Parties for the talks: how a delegation answers the mediator in caucus.
//!
//! - [`AspirationParty`]: a time-based negotiator. Its aspiration at relative time `t` is
//!   `a(t) = floor + (best − floor)·(1 − tᵉ)` with `floor = max(worst, reservation)` (NegMAS's
//!   time-based curve: `e > 1` concedes late, "Boulware"; `e = 1` linearly; `e < 1` early,
//!   "Conceder"). It accepts a tested package when its utility reaches `a(t)`, objects to the
//!   issues whose change would gain it most, and when asked names a package just above `a(t)`.
//! - [`ScriptedParty`]: plays a fixed position: accepts only packages that meet its demands.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::message::{Answer, Preferred, Question};
use super::search::best_package;
use crate::outcome::{Outcome, OutcomeSpace};
use crate::preference::{Profile, UtilityFunction};

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

/// NegMAS-style aspiration exponents.
pub mod exponent {
    /// Concedes late.
    pub const BOULWARE: f64 = 4.0;
    /// Concedes at a constant rate.
    pub const LINEAR: f64 = 1.0;
    /// Concedes early.
    pub const CONCEDER: f64 = 0.25;
}

/// The time-based aspiration curve `1 − tᵉ`, scaled to `[floor, best]`. When the floor is above
/// the best (a reservation no package reaches) the aspiration stays at the floor.
pub fn aspiration(t: f64, exponent: f64, floor: f64, best: f64) -> f64 {
    if floor >= best {
        return floor;
    }
    let t = t.clamp(0.0, 1.0);
    floor + (best - floor) * (1.0 - t.powf(exponent))
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

/// A time-based party (see the module doc).
#[derive(Debug, Clone)]
pub struct AspirationParty {
    space: OutcomeSpace,
    radices: Vec<u32>,
    profile: Profile,
    exponent: f64,
    best: f64,
    floor: f64,
    best_package: Vec<u32>,
    /// Issue positions, most important first (by swing around the best package).
    ranking: Vec<usize>,
    joint_sessions: bool,
}

impl AspirationParty {
    /// A party playing `profile` with aspiration exponent `exponent` (see [`exponent`]).
    ///
    /// The space must be countable (the talks require it).
    pub fn new(space: &OutcomeSpace, profile: Profile, exponent: f64) -> Self {
        let radices = space.radices().unwrap_or_default();
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let u = &profile.utility;
        let best = best_package(&radices, &mut |x| u.utility_of_indices(x), &[], &mut rng);
        let worst = best_package(&radices, &mut |x| -u.utility_of_indices(x), &[], &mut rng);
        let floor = (-worst.score).max(profile.reservation);
        let ranking = rank_issues(&radices, u, &best.package);
        AspirationParty {
            space: space.clone(),
            radices,
            exponent,
            best: best.score,
            floor,
            best_package: best.package,
            ranking,
            profile,
            joint_sessions: true,
        }
    }

    /// Whether the party agrees to joint sessions (default: yes).
    pub fn with_joint_sessions(mut self, consent: bool) -> Self {
        self.joint_sessions = consent;
        self
    }

    /// The aspiration at relative time `t`.
    pub fn aspiration(&self, t: f64) -> f64 {
        aspiration(t, self.exponent, self.floor, self.best)
    }

    fn utility(&self, outcome: &Outcome) -> f64 {
        self.profile.utility.utility(outcome)
    }

    /// Issues whose change to the party's best value on that issue would gain the most, enough
    /// of them to close the gap to the aspiration.
    fn objections(&self, package: &Outcome, aspiration: f64) -> Vec<usize> {
        let Some(indices) = self.space.indices_of(package) else {
            return Vec::new();
        };
        let base = self.profile.utility.utility_of_indices(&indices);
        let mut gains: Vec<(usize, f64)> = (0..indices.len())
            .map(|k| {
                let mut probe = indices.clone();
                let best_here = (0..self.radices[k].min(256))
                    .map(|v| {
                        probe[k] = v;
                        self.profile.utility.utility_of_indices(&probe)
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                (k, best_here - base)
            })
            .filter(|(_, g)| *g > 1e-12)
            .collect();
        gains.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut gap = aspiration - base;
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

    /// The package with the smallest utility that still reaches `aspiration`, if any does.
    fn package_at(&self, aspiration: f64) -> Option<Outcome> {
        let u = &self.profile.utility;
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let found = best_package(
            &self.radices,
            &mut |x| {
                let v = u.utility_of_indices(x);
                if v >= aspiration - 1e-12 {
                    -(v - aspiration)
                } else {
                    -2.0 - (aspiration - v)
                }
            },
            std::slice::from_ref(&self.best_package),
            &mut rng,
        );
        (found.score > -2.0).then(|| self.space.outcome_from_indices(&found.package))
    }
}

impl TalksParty for AspirationParty {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        let a = self.aspiration(view.time);
        Some(match question {
            Question::Test(p) => {
                let accept = self.utility(p) >= a - 1e-12;
                Answer::Verdict {
                    accept,
                    objections: if accept {
                        Vec::new()
                    } else {
                        self.objections(p, a)
                    },
                }
            }
            Question::AskPackage => match self.package_at(a) {
                Some(p) => Answer::Package(p),
                None => Answer::NoPackage,
            },
            Question::RankIssues => Answer::Ranking(self.ranking.clone()),
            Question::Compare(x, y) => {
                let (ux, uy) = (self.utility(x), self.utility(y));
                Answer::Preference(if (ux - uy).abs() <= 1e-12 {
                    Preferred::Indifferent
                } else if ux > uy {
                    Preferred::First
                } else {
                    Preferred::Second
                })
            }
            Question::JointSession => Answer::Consent(self.joint_sessions),
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};
    use crate::preference::{Evaluator, IssueUtility, LinearAdditiveUtility, UtilityFunction};

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("a", ["x", "y", "z"]).unwrap(),
            Issue::discrete("b", ["x", "y", "z"]).unwrap(),
        ])
        .unwrap()
    }

    fn party(reservation: f64, exponent: f64) -> AspirationParty {
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
        AspirationParty::new(&s, profile, exponent)
    }

    fn view(time: f64) -> CaucusView {
        CaucusView {
            round: 1,
            rounds: 10,
            time,
        }
    }

    #[test]
    fn aspiration_runs_from_best_to_floor() {
        let p = party(0.4, exponent::LINEAR);
        assert!((p.aspiration(0.0) - 1.0).abs() < 1e-12);
        assert!((p.aspiration(0.5) - 0.7).abs() < 1e-12);
        assert!((p.aspiration(1.0) - 0.4).abs() < 1e-12);
        assert!(
            aspiration(0.5, exponent::BOULWARE, 0.0, 1.0)
                > aspiration(0.5, exponent::CONCEDER, 0.0, 1.0)
        );
    }

    #[test]
    fn tests_are_answered_by_aspiration_with_objections() {
        let mut p = party(0.0, exponent::LINEAR);
        let middling = vec![Value::Discrete(1), Value::Discrete(1)];
        assert_eq!(
            p.answer(&view(0.0), &Question::Test(middling.clone())),
            Some(Answer::Verdict {
                accept: false,
                objections: vec![0, 1]
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
        assert!(p.utility(&named) >= p.aspiration(0.5));
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
}
