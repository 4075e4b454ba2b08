//! Sound margin bounds from answers alone.
//!
//! For each delegation at the table, [`Evidence::hull`] gives the smallest and largest value
//! every contribution `xₖ(v)` and the walk-away value `r` can take over the profiles consistent
//! with its answers, and a consistent *central* profile (the mean of those optima). Three
//! linear-additive scenarios follow, and the margin of each (by [`crate::analysis`], exact for
//! linear-additive profiles on spaces of any size; should it fall back to a search, the upper
//! bound falls back to the smallest of the parties' best surpluses, which no package exceeds):
//!
//! - *optimistic*: every party at its largest contributions and smallest walk-away value. Every
//!   consistent profile gives every package at most this surplus, so its margin is an **upper
//!   bound** on the true margin;
//! - *pessimistic*: smallest contributions, largest walk-away value: a **lower bound**;
//! - *central*: the **estimate**, the margin at the central profiles — consistent profiles, so it
//!   lies within the bounds.
//!
//! The bounds hold whenever the answers kept are true (contradicted answers are set aside, see
//! [`super::evidence`]). They are bounds over the box around the consistent set, so they can be
//! wider than the exact extremes over the set itself; they never exclude the true margin. A
//! delegation outside the model (one that cannot rate single issues) bounds nothing beyond the
//! model's scale: its utility and walk-away value are taken to lie in [0, 1], as in every
//! scenario of the corpus; a profile off that scale (a bias, weights summing above 1) can break
//! the bounds, and the mediator says so in its findings.
//!
//! A delegation whose profile the mediator holds enters with its exact table
//! ([`TableProfile::of_profile`], [`Bracket::exact`]): its three profiles coincide, so it adds no
//! width to the bounds, and with every profile held the bounds close on the exact margin.

use super::evidence::{Evidence, Hull};
use super::margin::MarginEstimate;
use super::message::PartyId;
use super::truthful::extremes;
use super::zone::{zone, ZoneSummary};
use crate::outcome::OutcomeSpace;
use crate::preference::{Evaluator, IssueUtility, Profile, UtilityFunction};
use crate::scenario::{Party, Scenario};

/// One delegation's profile in table form: contributions per issue and value, and a walk-away
/// value.
#[derive(Debug, Clone, PartialEq)]
pub struct TableProfile {
    /// `xₖ(v)` per issue `k` and value index `v`.
    pub contributions: Vec<Vec<f64>>,
    /// The walk-away value.
    pub reservation: f64,
}

impl TableProfile {
    /// The profile read off `point` (a vector of the evidence's variables).
    fn at(evidence: &Evidence, point: &[f64]) -> Self {
        let l = evidence.layout();
        TableProfile {
            contributions: (0..l.issues())
                .map(|k| (0..l.values(k)).map(|v| point[l.x(k, v)]).collect())
                .collect(),
            reservation: point[l.r()],
        }
    }

    /// The exact table of a linear-additive `profile` over `space`: its contribution tables,
    /// the bias folded into the first issue's contributions, and its reservation value, so that
    /// every package's utility is the profile's own. `None` when no table is exact: another
    /// kind of utility, issues too wide for tables (or a space that is not countable), tables
    /// that do not fit `space`, a cap that some package exceeds, or a non-finite number.
    pub fn of_profile(profile: &Profile, space: &OutcomeSpace) -> Option<TableProfile> {
        let UtilityFunction::LinearAdditive(u) = &profile.utility else {
            return None;
        };
        let tables = u.contribution_tables()?;
        let radices = space.radices()?;
        let fits = tables.len() == radices.len()
            && tables
                .iter()
                .zip(&radices)
                .all(|(t, &r)| t.len() == r as usize);
        if !fits || tables.is_empty() {
            return None;
        }
        let mut contributions: Vec<Vec<f64>> = tables.iter().map(|t| t.to_vec()).collect();
        let best = u.bias()
            + contributions
                .iter()
                .map(|c| c.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                .sum::<f64>();
        // A cap some package exceeds makes the utility non-additive: no table is exact.
        if u.cap().is_some_and(|cap| best > cap) {
            return None;
        }
        for x in &mut contributions[0] {
            *x += u.bias();
        }
        let table = TableProfile {
            contributions,
            reservation: profile.reservation,
        };
        table.is_finite().then_some(table)
    }

    fn is_finite(&self) -> bool {
        self.reservation.is_finite() && self.contributions.iter().flatten().all(|x| x.is_finite())
    }

    /// Whether the table has one contribution per value of every issue of `space`.
    pub fn fits(&self, space: &OutcomeSpace) -> bool {
        space.radices().is_some_and(|radices| {
            radices.len() == self.contributions.len()
                && radices
                    .iter()
                    .zip(&self.contributions)
                    .all(|(&r, c)| c.len() == r as usize)
        })
    }

    /// The largest utility of any package.
    pub fn best_utility(&self) -> f64 {
        self.utility(&self.best_package())
    }

    /// Utility of the package with value indices `package`.
    pub fn utility(&self, package: &[u32]) -> f64 {
        package
            .iter()
            .enumerate()
            .map(|(k, &v)| self.contributions[k][v as usize])
            .sum()
    }

    /// The best package issue by issue (first best value on ties).
    pub fn best_package(&self) -> Vec<u32> {
        self.contributions
            .iter()
            .map(|c| extremes(c).0 as u32)
            .collect()
    }
}

/// The three profiles of one delegation the bounds are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Bracket {
    /// Largest contributions, smallest walk-away value.
    pub optimistic: TableProfile,
    /// Smallest contributions, largest walk-away value.
    pub pessimistic: TableProfile,
    /// A consistent profile near the middle of the set.
    pub central: TableProfile,
    /// No package is worth more than this to the delegation under any consistent profile: 1 on
    /// the model's scale, the best package's utility for a profile held exactly.
    pub ceiling: f64,
}

impl Bracket {
    /// The bracket of `evidence` with its `hull`.
    pub fn of(evidence: &Evidence, hull: &Hull) -> Self {
        let l = evidence.layout();
        let mut optimistic = hull.upper.clone();
        optimistic[l.r()] = hull.lower[l.r()];
        let mut pessimistic = hull.lower.clone();
        pessimistic[l.r()] = hull.upper[l.r()];
        if evidence.is_unstructured() {
            // Any utility in [0, 1]: each issue may contribute up to 1/n.
            let share = 1.0 / l.issues().max(1) as f64;
            for k in 0..l.issues() {
                for v in 0..l.values(k) {
                    optimistic[l.x(k, v)] = share;
                }
            }
        }
        Bracket {
            optimistic: TableProfile::at(evidence, &optimistic),
            pessimistic: TableProfile::at(evidence, &pessimistic),
            central: TableProfile::at(evidence, &hull.center),
            ceiling: 1.0,
        }
    }

    /// The bracket of a profile the mediator holds: all three profiles are `profile`.
    pub fn exact(profile: TableProfile) -> Self {
        Bracket {
            ceiling: profile.best_utility(),
            optimistic: profile.clone(),
            pessimistic: profile.clone(),
            central: profile,
        }
    }

    /// Per issue, how much is still unknown about it: the widest interval any one of its
    /// values' contribution spans between the pessimistic and the optimistic profile (the
    /// hull's lower and upper bound on `xₖ(v)`), in utility. Zero for a profile held exactly.
    pub fn uncertainty(&self) -> Vec<f64> {
        self.optimistic
            .contributions
            .iter()
            .zip(&self.pessimistic.contributions)
            .map(|(hi, lo)| hi.iter().zip(lo).map(|(h, l)| h - l).fold(0.0, f64::max))
            .collect()
    }
}

/// What the answers support about the margin, and where the centre of the talks lies.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundMargin {
    /// Estimate (at the central profiles) and sound bounds.
    pub estimate: MarginEstimate,
    /// The zone of the central profiles: its Nash package is the best guess at a fair package.
    pub central: ZoneSummary,
    /// The central profiles, one per party at the table, in table order.
    pub profiles: Vec<TableProfile>,
}

/// The sound margin of the parties `at_table`, with `brackets` in the same order.
pub fn sound_margin(
    space: &OutcomeSpace,
    at_table: &[PartyId],
    brackets: &[Bracket],
) -> SoundMargin {
    let scenario = |pick: fn(&Bracket) -> &TableProfile| {
        table_scenario(space, at_table, brackets.iter().map(pick))
    };
    let optimistic = scenario(|b| &b.optimistic).map(|s| upper_margin(&s, brackets));
    let pessimistic = scenario(|b| &b.pessimistic).map(|s| zone(&s).margin);
    let central = scenario(|b| &b.central).map(|s| zone(&s));
    let (upper, lower, central) = match (optimistic, pessimistic, central) {
        (Some(u), Some(l), Some(c)) => (u, l, c),
        // A table that does not build (never for tables from a hull) bounds nothing.
        _ => (1.0, -1.0, widest_unknown(space)),
    };
    // No party's surplus exceeds its ceiling minus its smallest walk-away value.
    let ceiling = brackets
        .iter()
        .map(|b| b.ceiling - b.optimistic.reservation)
        .fold(f64::INFINITY, f64::min);
    let upper = upper.min(ceiling);
    let lower = lower.min(upper);
    SoundMargin {
        estimate: MarginEstimate {
            estimate: central.margin.clamp(lower, upper),
            lower,
            upper,
        },
        central,
        profiles: brackets.iter().map(|b| b.central.clone()).collect(),
    }
}

/// The optimistic scenario's margin when computed exactly; otherwise the smallest of the
/// parties' largest surpluses, which no package can exceed.
fn upper_margin(optimistic: &Scenario, brackets: &[Bracket]) -> f64 {
    let z = zone(optimistic);
    if z.exact {
        return z.margin;
    }
    brackets
        .iter()
        .map(|b| {
            let best = b.optimistic.best_package();
            b.optimistic.utility(&best) - b.optimistic.reservation
        })
        .fold(f64::INFINITY, f64::min)
}

/// A zone summary that claims nothing.
fn widest_unknown(space: &OutcomeSpace) -> ZoneSummary {
    ZoneSummary {
        nash: None,
        widest: vec![0; space.issues().len()],
        margin: 0.0,
        exact: false,
        blocking: Vec::new(),
    }
}

/// A linear-additive scenario whose parties play `profiles`.
fn table_scenario<'a>(
    space: &OutcomeSpace,
    at_table: &[PartyId],
    profiles: impl Iterator<Item = &'a TableProfile>,
) -> Option<Scenario> {
    let parties = at_table
        .iter()
        .zip(profiles)
        .map(|(p, t)| {
            let issues = t
                .contributions
                .iter()
                .map(|c| IssueUtility {
                    weight: 1.0,
                    evaluator: Evaluator::Table(c.clone()),
                })
                .collect();
            Party::linear_additive(format!("party {p}"), space, issues, t.reservation)
        })
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Scenario::new("answers", space.clone(), parties).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};
    use crate::talks::message::{Answer, Question};
    use crate::talks::truthful::TruthfulAnswers;
    use crate::talks::zone::zone;

    fn scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("price", ["low", "mid", "high"]).unwrap(),
            Issue::discrete("term", ["short", "mid", "long"]).unwrap(),
        ])
        .unwrap();
        let party = |name: &str, a: Vec<f64>, b: Vec<f64>, w: f64, r: f64| {
            let issues = vec![
                IssueUtility {
                    weight: w,
                    evaluator: Evaluator::Table(a),
                },
                IssueUtility {
                    weight: 1.0 - w,
                    evaluator: Evaluator::Table(b),
                },
            ];
            Party::linear_additive(name, &space, issues, r).unwrap()
        };
        let parties = vec![
            party("a", vec![0.0, 0.6, 1.0], vec![1.0, 0.5, 0.1], 0.7, 0.35),
            party("b", vec![1.0, 0.7, 0.2], vec![0.0, 0.4, 1.0], 0.55, 0.3),
        ];
        Scenario::new("s", space, parties).unwrap()
    }

    fn evidence_after(s: &Scenario, questions: &[Question]) -> Vec<Evidence> {
        let radices = s.space().radices().unwrap();
        s.parties()
            .iter()
            .map(|p| {
                let t = TruthfulAnswers::new(s.space(), p.profile.clone());
                let mut e = Evidence::new(&radices);
                for q in questions {
                    assert!(e.add(s.space(), 1, q, &t.answer(q)));
                }
                e
            })
            .collect()
    }

    fn margin_of(s: &Scenario, evidence: &[Evidence]) -> SoundMargin {
        let brackets: Vec<Bracket> = evidence.iter().map(|e| Bracket::of(e, &e.hull())).collect();
        sound_margin(s.space(), &[0, 1], &brackets)
    }

    #[test]
    fn with_no_answers_the_bounds_are_wide_and_hold() {
        let s = scenario();
        let m = margin_of(&s, &evidence_after(&s, &[]));
        let exact = zone(&s).margin;
        assert!(
            m.estimate.lower <= exact && exact <= m.estimate.upper,
            "{m:?}"
        );
        assert!(m.estimate.upper - m.estimate.lower > 1.0, "{m:?}");
    }

    #[test]
    fn full_elicitation_narrows_the_bounds_around_the_exact_margin() {
        let s = scenario();
        let all_values: Vec<(usize, Value)> = (0..2)
            .flat_map(|k| (0..3).map(move |v| (k, Value::Discrete(v))))
            .collect();
        let questions = [
            Question::SplitPoints,
            Question::RateWalkAway,
            Question::Rate(all_values),
        ];
        let m = margin_of(&s, &evidence_after(&s, &questions));
        let exact = zone(&s).margin;
        let e = m.estimate;
        assert!(e.lower <= exact && exact <= e.upper, "{m:?} vs {exact}");
        assert!(e.upper - e.lower < 0.1, "{m:?}");
        assert!((e.estimate - exact).abs() < 0.03, "{m:?} vs {exact}");
        assert_eq!(m.central.nash, zone(&s).nash);
    }

    #[test]
    fn an_unstructured_party_leaves_the_bounds_wide() {
        let s = scenario();
        let mut evidence = evidence_after(&s, &[]);
        evidence[1].add(s.space(), 1, &Question::SplitPoints, &Answer::CannotSay);
        let m = margin_of(&s, &evidence);
        assert!(m.estimate.upper >= 0.99 - 0.0, "{m:?}");
    }

    fn profile_with(bias: f64, cap: Option<f64>) -> crate::preference::Profile {
        let s = scenario();
        let issues = vec![
            IssueUtility {
                weight: 0.8,
                evaluator: Evaluator::Table(vec![0.0, 0.5, 1.0]),
            },
            IssueUtility {
                weight: 0.6,
                evaluator: Evaluator::Table(vec![1.0, 0.2, 0.0]),
            },
        ];
        let utility =
            crate::preference::LinearAdditiveUtility::new("p", s.space(), bias, issues, cap)
                .unwrap();
        Profile::new("p", UtilityFunction::LinearAdditive(utility), 0.7, 1.0).unwrap()
    }

    #[test]
    fn a_held_profile_table_gives_every_package_its_exact_utility() {
        let s = scenario();
        // A bias and weights summing above 1, off the model's scale; a cap no package reaches.
        let profile = profile_with(0.25, Some(2.0));
        let table = TableProfile::of_profile(&profile, s.space()).unwrap();
        assert_eq!(table.reservation, 0.7);
        for a in 0..3 {
            for b in 0..3 {
                let exact = profile.utility.utility_of_indices(&[a, b]);
                assert!((table.utility(&[a, b]) - exact).abs() < 1e-12, "{a}, {b}");
            }
        }
        let bracket = Bracket::exact(table.clone());
        assert_eq!(bracket.ceiling, 0.25 + 0.8 + 0.6);
        assert_eq!(bracket.uncertainty(), vec![0.0, 0.0]);
        assert_eq!(
            (bracket.optimistic, bracket.pessimistic),
            (table.clone(), table)
        );
    }

    #[test]
    fn a_cap_some_package_exceeds_has_no_exact_table() {
        let s = scenario();
        assert!(TableProfile::of_profile(&profile_with(0.0, Some(1.0)), s.space()).is_none());
        let other = OutcomeSpace::new(vec![Issue::discrete("x", ["a", "b"]).unwrap()]).unwrap();
        assert!(TableProfile::of_profile(&profile_with(0.0, None), &other).is_none());
    }

    #[test]
    fn held_profiles_off_the_model_scale_close_the_bounds_on_the_exact_margin() {
        let s = scenario();
        let mut b = profile_with(0.25, None);
        b.reservation = 0.9;
        let parties = vec![
            s.parties()[0].clone(),
            Party {
                name: "b".into(),
                description: None,
                profile: b,
            },
        ];
        let off_scale = Scenario::new("off", s.space().clone(), parties).unwrap();
        let brackets: Vec<Bracket> = off_scale
            .parties()
            .iter()
            .map(|p| Bracket::exact(TableProfile::of_profile(&p.profile, s.space()).unwrap()))
            .collect();
        let m = sound_margin(s.space(), &[0, 1], &brackets).estimate;
        let exact = zone(&off_scale).margin;
        assert!(
            (m.lower - exact).abs() < 1e-9 && (m.upper - exact).abs() < 1e-9,
            "{m:?} vs {exact}"
        );
    }
}
