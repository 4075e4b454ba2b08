//! The blind mediator: learns each delegation's preferences only from its answers, measures the
//! margin soundly, and tests the Nash package of the profiles at the centre of what it learned.
//!
//! Each caucus it asks, in this order, while the caucus has room:
//! 1. **Verify.** Once a delegation's answers have contradicted one another, it asks each of
//!    that delegation's elicitation questions (rule 2) a second time, and a third time where the
//!    two answers differ: repeated answers are put to a vote ([`crate::talks::evidence`]), so a
//!    slip is outvoted rather than kept.
//! 2. **Elicit**, once each: split 100 points of importance across the issues; rate the
//!    walk-away point on 0–100; then rate every value, issue by issue from the most important
//!    (by the points given), up to [`MAX_RATED_OPTIONS`] options per question. This is the
//!    order of widest remaining uncertainty: the two global answers move every package's
//!    utility, and before its ratings an issue's contributions range over `[0, wₖ]`, widest
//!    for the issue with the most points. A delegation that
//!    cannot rate single issues is asked instead for a package it would accept, every round.
//! 3. **Test the target** once every delegation at the table has been elicited (or from
//!    half-time): the Nash package of the central profiles of the consistent sets
//!    ([`crate::talks::bounds`]), or, with no zone at the centre, its widest-margin package.
//!    When a delegation cannot rate issues, the target is the package it accepted or named that
//!    the others' central profiles value most.
//! 4. **Position test** the target with a delegation that rejected it: a "no" moves the
//!    delegation's consistent set and so the next target; a "yes" says it is bargaining.
//! 5. The joint-session question, in round 1 and every fourth round, when room is left.
//!
//! The margin it reports is [`crate::talks::bounds::sound_margin`]: sound bounds whenever the
//! answers kept are true, and the estimate at the central profiles. Tests and position tests
//! after the first round are computed from the other delegations' answers and go into the
//! disclosure ledger.

use super::{Mediator, MediatorObservation, Move};
use crate::outcome::{OutcomeSpace, Value};
use crate::talks::bounds::{sound_margin, Bracket, SoundMargin, TableProfile};
use crate::talks::evidence::{typical, Constraint, Evidence};
use crate::talks::knowledge::{Knowledge, Package, PartyKnowledge};
use crate::talks::ledger::{Basis, Provenance};
use crate::talks::margin::MarginEstimate;
use crate::talks::message::{Answer, PartyId, Question, QuestionKind, MAX_RATED_OPTIONS};

/// Most times one elicitation question is put to the same delegation.
const MAX_ASKS: usize = 4;

/// A bracket kept while the evidence it came from is unchanged (its hull costs linear programs).
#[derive(Debug, Clone)]
struct CachedBracket {
    kept: Vec<Constraint>,
    unstructured: bool,
    bracket: Bracket,
}

/// See the module doc.
#[derive(Debug, Clone)]
pub struct BlindMediator {
    seed: u64,
    cache: Vec<Option<CachedBracket>>,
    /// The sound margin and centre measured at the start of the round.
    measured: Option<SoundMargin>,
    target: Option<Package>,
}

impl BlindMediator {
    /// A blind mediator. `seed` is kept for reports: its choices are deterministic.
    pub fn new(seed: u64) -> Self {
        BlindMediator {
            seed,
            cache: Vec::new(),
            measured: None,
            target: None,
        }
    }

    /// The package it currently tests (per-issue value indices), if any.
    pub fn target(&self) -> Option<&Package> {
        self.target.as_ref()
    }

    /// The sound margin of the parties `at_table` given `knowledge`, computing (and caching)
    /// each delegation's bracket.
    fn measure(
        &mut self,
        knowledge: &Knowledge,
        space: &OutcomeSpace,
        at_table: &[PartyId],
    ) -> SoundMargin {
        if self.cache.len() < knowledge.parties.len() {
            self.cache.resize(knowledge.parties.len(), None);
        }
        let brackets: Vec<Bracket> = at_table
            .iter()
            .map(|&p| self.bracket(p, &knowledge.parties[p].evidence))
            .collect();
        sound_margin(space, at_table, &brackets)
    }

    fn bracket(&mut self, party: PartyId, evidence: &Evidence) -> Bracket {
        if let Some(c) = &self.cache[party] {
            if c.kept == evidence.constraints() && c.unstructured == evidence.is_unstructured() {
                return c.bracket.clone();
            }
        }
        let bracket = Bracket::of(evidence, &evidence.hull());
        self.cache[party] = Some(CachedBracket {
            kept: evidence.constraints().to_vec(),
            unstructured: evidence.is_unstructured(),
            bracket: bracket.clone(),
        });
        bracket
    }

    /// The package to test this round (see the module doc, rule 3).
    fn choose_target(&self, view: &MediatorObservation<'_>, measured: &SoundMargin) -> Package {
        let unstructured: Vec<PartyId> = view
            .at_table
            .iter()
            .copied()
            .filter(|&p| view.knowledge.parties[p].evidence.is_unstructured())
            .collect();
        let structured: Vec<(PartyId, &TableProfile)> = view
            .at_table
            .iter()
            .copied()
            .zip(&measured.profiles)
            .filter(|(p, _)| !unstructured.contains(p))
            .collect();
        if !unstructured.is_empty() {
            if let Some(p) = best_offered(view.knowledge, &unstructured, &structured) {
                return p;
            }
        }
        measured
            .central
            .nash
            .clone()
            .unwrap_or_else(|| measured.central.widest.clone())
    }

    fn provenance(&self, view: &MediatorObservation<'_>, party: PartyId) -> Provenance {
        let sources: Vec<(PartyId, Basis)> = view
            .at_table
            .iter()
            .filter(|&&p| p != party && !view.knowledge.parties[p].answers.is_empty())
            .map(|&p| (p, Basis::Answers))
            .collect();
        Provenance {
            reveals: if sources.is_empty() {
                String::new()
            } else {
                "the package was computed from other delegations' answers about their \
                 preferences; it hints at what they value"
                    .into()
            },
            sources,
        }
    }

    fn test_moves(
        &self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        asked: &[&Question],
    ) -> Option<Move> {
        let target = view.space.outcome_from_indices(self.target.as_ref()?);
        let test = Question::Test(target.clone());
        if !asked.contains(&&test) {
            return Some(Move {
                question: test,
                provenance: self.provenance(view, party),
            });
        }
        let k = &view.knowledge.parties[party];
        if let Some(relay) = self.relay(view, party, asked) {
            return Some(relay);
        }
        let position = Question::PositionTest(target);
        let rejected = view.caucus.iter().any(|e| {
            e.question.kind() == QuestionKind::Test
                && matches!(
                    &e.reply,
                    crate::talks::protocol::Reply::Answered(Answer::Verdict { accept: false, .. })
                )
        });
        (rejected && !k.has_answered(&position) && !asked.contains(&&position)).then(|| Move {
            question: position,
            provenance: self.provenance(view, party),
        })
    }

    /// With a delegation that cannot rate issues at the table, a package another delegation
    /// named or accepts that this one does not accept yet: relaying positions is all a mediator
    /// can do without preferences to compute from.
    fn relay(
        &self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        asked: &[&Question],
    ) -> Option<Move> {
        let any_unstructured = view
            .at_table
            .iter()
            .any(|&p| view.knowledge.parties[p].evidence.is_unstructured());
        if !any_unstructured {
            return None;
        }
        let own = &view.knowledge.parties[party];
        view.at_table
            .iter()
            .filter(|&&o| o != party)
            .flat_map(|&o| {
                // Its newest offer first (a bargaining delegation's concedes most), then what it
                // accepts, newest first; asked again each round, as positions move with time.
                let k = &view.knowledge.parties[o];
                let named = k.proposals.last().map(|(_, p)| (o, p, Basis::Proposal));
                named
                    .into_iter()
                    .chain(k.standing.iter().rev().map(move |p| (o, p, Basis::Answers)))
            })
            .filter(|(_, p, _)| !own.standing.contains(p))
            .map(|(o, p, basis)| (o, Question::Test(view.space.outcome_from_indices(p)), basis))
            .find(|(_, q, _)| !asked.contains(&q))
            .map(|(o, question, basis)| Move {
                question,
                provenance: Provenance {
                    sources: vec![(o, basis)],
                    reveals: "the package is one another delegation named or accepted".into(),
                },
            })
    }

    fn ready_to_test(&self, view: &MediatorObservation<'_>) -> bool {
        self.target.is_some()
            && (view.time >= 0.5
                || view.at_table.iter().all(|&p| {
                    let k = &view.knowledge.parties[p];
                    elicitation(view.space, k).is_none()
                        && verification(view.space, k, u32::MAX).is_empty()
                }))
    }
}

/// Every elicitation question for a delegation that has told `k` (rule 2), in order.
fn elicitation_plan(space: &OutcomeSpace, k: &PartyKnowledge) -> Vec<Question> {
    if k.evidence.is_unstructured() {
        return Vec::new();
    }
    let mut plan = Vec::new();
    if space.issues().len() > 1 {
        plan.push(Question::SplitPoints);
    }
    plan.push(Question::RateWalkAway);
    plan.extend(rating_questions(space, k));
    plan
}

/// The next elicitation question not yet answered, if any.
fn elicitation(space: &OutcomeSpace, k: &PartyKnowledge) -> Option<Question> {
    elicitation_plan(space, k)
        .into_iter()
        .find(|q| !k.has_answered(q))
}

/// Elicitation questions to ask again in `round` (rule 1), each in a later round than its last
/// answer and at most [`MAX_ASKS`] times: the points and the walk-away rating once more always
/// (a slip in either moves every estimate); a rating question whose answer looks like a slip
/// (not [`typical`]: an issue rated in full with no value at 100); every question answered once, after a
/// contradiction; and any whose answers disagree without a majority.
fn verification(space: &OutcomeSpace, k: &PartyKnowledge, round: u32) -> Vec<Question> {
    let e = &k.evidence;
    let doubted = !e.contradictions().is_empty();
    let latest = |q: &Question| {
        k.answers
            .iter()
            .rev()
            .find(|(_, asked, _)| asked == q)
            .map(|(r, _, a)| (*r, a))
    };
    elicitation_plan(space, k)
        .into_iter()
        .filter(|q| {
            let n = e.times_answered(q);
            let Some((last_round, answer)) = latest(q) else {
                return false;
            };
            let again = e.undecided(q)
                || (n == 1
                    && (doubted
                        || matches!(q, Question::SplitPoints | Question::RateWalkAway)
                        || !typical(space, q, answer)));
            last_round < round && n < MAX_ASKS && again
        })
        .collect()
}

/// Rating questions over every value, issues by the points the delegation first gave (most
/// first; the first answer, so the questions stay the same when points are asked again),
/// packed up to [`MAX_RATED_OPTIONS`] options per question.
fn rating_questions(space: &OutcomeSpace, k: &PartyKnowledge) -> Vec<Question> {
    let issues = space.issues();
    let mut order: Vec<usize> = (0..issues.len()).collect();
    let first_points = k
        .answers
        .iter()
        .find(|(_, q, _)| *q == Question::SplitPoints)
        .map(|(_, _, a)| a);
    if let Some(Answer::Points(points)) = first_points {
        order.sort_by(|&a, &b| points[b].cmp(&points[a]).then(a.cmp(&b)));
    }
    let mut questions = Vec::new();
    let mut current: Vec<(usize, Value)> = Vec::new();
    for k in order {
        let values: Vec<Value> = (0..issues[k].cardinality().unwrap_or(0) as u64)
            .filter_map(|v| issues[k].value_at(v))
            .collect();
        if current.len() + values.len() > MAX_RATED_OPTIONS && !current.is_empty() {
            questions.push(Question::Rate(std::mem::take(&mut current)));
        }
        for v in values {
            if current.len() == MAX_RATED_OPTIONS {
                questions.push(Question::Rate(std::mem::take(&mut current)));
            }
            current.push((k, v));
        }
    }
    if !current.is_empty() {
        questions.push(Question::Rate(current));
    }
    questions
}

/// Among the packages the `unstructured` delegations accept or named, the one the
/// `structured` delegations' central profiles value most (by their product of surpluses).
fn best_offered(
    knowledge: &Knowledge,
    unstructured: &[PartyId],
    structured: &[(PartyId, &TableProfile)],
) -> Option<Package> {
    // Latest first, so that ties go to the newest offer.
    let offered = unstructured.iter().flat_map(|&p| {
        let k = &knowledge.parties[p];
        let named = k.proposals.iter().rev().map(|(_, p)| p);
        named.chain(k.standing.iter().rev())
    });
    let value = |p: &Package| -> f64 {
        structured
            .iter()
            .map(|(_, t)| (t.utility(p) - t.reservation).max(1e-9).ln())
            .sum()
    };
    offered
        .fold(None::<(f64, &Package)>, |best, p| {
            let v = value(p);
            match best {
                Some((b, _)) if b >= v => best,
                _ => Some((v, p)),
            }
        })
        .map(|(_, p)| p.clone())
}

impl Mediator for BlindMediator {
    fn name(&self) -> &'static str {
        "blind"
    }

    fn describe(&self) -> String {
        format!(
            "blind: learns only from answers (points, ratings, walk-away, position tests); sound \
             margin bounds; tests the Nash package of the central profiles; seed {}",
            self.seed
        )
    }

    fn begin_round(&mut self, view: &MediatorObservation<'_>) {
        let measured = self.measure(view.knowledge, view.space, view.at_table);
        self.target = (view.round > 1).then(|| self.choose_target(view, &measured));
        self.measured = Some(measured);
    }

    fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move> {
        let asked: Vec<&Question> = view.caucus.iter().map(|e| &e.question).collect();
        if asked.len() >= view.max_questions {
            return None;
        }
        let k = &view.knowledge.parties[party];
        let next = elicitation(view.space, k)
            .into_iter()
            .chain(verification(view.space, k, view.round))
            .find(|q| !asked.contains(&q));
        if let Some(q) = next {
            return Some(Move::public(q));
        }
        if k.evidence.is_unstructured() && !asked.contains(&&Question::AskPackage) {
            return Some(Move::public(Question::AskPackage));
        }
        if self.ready_to_test(view) {
            if let Some(m) = self.test_moves(view, party, &asked) {
                return Some(m);
            }
        }
        let joint = Question::JointSession;
        (view.round % 4 == 1 && !asked.contains(&&joint)).then(|| Move::public(joint))
    }

    fn margin(&mut self, view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>) {
        let measured = self.measure(view.knowledge, view.space, view.at_table);
        (measured.estimate, None)
    }

    fn findings(&self, _space: &OutcomeSpace) -> Vec<String> {
        vec![
            "The margin bounds hold if the delegations' answers kept on record are true and no \
             delegation accepts a package worse for it than no agreement; answers that \
             contradicted earlier ones were set aside. A delegation that could not rate single \
             issues is only taken to value packages and walking away between 0 and 1."
                .into(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talks::party::{CaucusView, TalksParty};
    use crate::talks::truthful::TruthfulAnswers;
    use crate::talks::{run_talks, Seat, TalksConfig};
    use crate::{Evaluator, Issue, IssueUtility, Party, Scenario};

    /// Two parties with opposed preferences over three issues, and a zone.
    fn scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("price", ["low", "mid", "high"]).unwrap(),
            Issue::discrete("term", ["short", "mid", "long"]).unwrap(),
            Issue::discrete("support", ["none", "basic", "full"]).unwrap(),
        ])
        .unwrap();
        let party = |name: &str, weights: [f64; 3], up: bool, r: f64| {
            let table = |flip: bool| {
                if flip {
                    vec![1.0, 0.55, 0.1]
                } else {
                    vec![0.0, 0.6, 1.0]
                }
            };
            let issues = weights
                .iter()
                .enumerate()
                .map(|(k, &w)| IssueUtility {
                    weight: w,
                    evaluator: Evaluator::Table(table(up ^ (k == 2))),
                })
                .collect();
            Party::linear_additive(name, &space, issues, r).unwrap()
        };
        let parties = vec![
            party("buyer", [0.5, 0.3, 0.2], true, 0.3),
            party("seller", [0.2, 0.3, 0.5], false, 0.35),
        ];
        Scenario::new("contract", space, parties).unwrap()
    }

    /// A delegation answering every question truthfully.
    struct Truthful(TruthfulAnswers);

    impl TalksParty for Truthful {
        fn answer(&mut self, _: &CaucusView, q: &Question) -> Option<Answer> {
            Some(self.0.answer(q))
        }
    }

    fn truthful_seats(s: &Scenario) -> Vec<Seat<'static>> {
        s.parties()
            .iter()
            .map(|p| Seat {
                name: p.name.clone(),
                agent: Box::new(Truthful(TruthfulAnswers::new(s.space(), p.profile.clone()))),
            })
            .collect()
    }

    #[test]
    fn truthful_delegations_agree_at_the_nash_package_with_sound_bounds() {
        let s = scenario();
        let exact = crate::talks::zone::zone(&s);
        let mut mediator = BlindMediator::new(0);
        let record = run_talks(
            s.space(),
            truthful_seats(&s),
            &mut mediator,
            TalksConfig::default(),
        )
        .unwrap();
        for round in &record.rounds {
            let m = round.margin.estimate;
            assert!(
                m.lower - 1e-9 <= exact.margin && exact.margin <= m.upper + 1e-9,
                "round {}: {m:?} vs {}",
                round.round,
                exact.margin
            );
        }
        let agreed = record.agreement().expect("an agreement");
        assert_eq!(
            s.space().indices_of(agreed),
            exact.nash,
            "{:?}",
            record.rounds.last()
        );
        let last = record.rounds.last().unwrap().margin.estimate;
        assert!((last.estimate - exact.margin).abs() < 0.05, "{last:?}");
    }
}
