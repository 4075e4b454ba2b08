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
//! One pure function, [`next_question`], applies these rules: the caucus asks what it returns, and
//! [`BlindMediator::suggest`] offers the same question to a human mediator's desk, with the
//! [`Reason`] the rule gives. Suggesting changes nothing the strategy later does.
//!
//! The margin it reports is [`crate::talks::bounds::sound_margin`]: sound bounds whenever the
//! answers kept are true, and the estimate at the central profiles. Tests and position tests
//! after the first round are computed from the other delegations' answers and go into the
//! disclosure ledger. [`BlindMediator::margin_knowing`] measures it with some profiles held
//! exactly and the others from answers.

use super::suggestion::{Reason, Suggestion};
use super::{Mediator, MediatorObservation, Move};
use crate::outcome::{OutcomeSpace, Value};
use crate::talks::bounds::{sound_margin, Bracket, SoundMargin, TableProfile};
use crate::talks::evidence::{atypical_issue, typical, Constraint, Evidence};
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

/// How the package tested this round was chosen (rule 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TargetBasis {
    /// The Nash package of the central profiles.
    CentralNash,
    /// The central profiles' widest-margin package (no zone at the centre).
    CentralWidest,
    /// A package a delegation that cannot rate issues accepted or named.
    BestOffered,
}

/// The package tested this round and how it was chosen.
type Target = (Package, TargetBasis);

/// Why rule 1 asks a question again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Its answers disagree with no majority.
    Undecided,
    /// The delegation's answers have contradicted one another.
    Contradicted,
    /// Points and the walk-away rating are always asked twice.
    Confirm,
    /// A rating answer that looks like a slip (not [`typical`]).
    Atypical,
}

/// Which of the module doc's rules chose a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Elicit,
    Verify(Check),
    AskPackage,
    Test(TargetBasis),
    Relay { from: PartyId },
    Position,
    Joint,
}

/// See the module doc.
#[derive(Debug, Clone)]
pub struct BlindMediator {
    seed: u64,
    cache: Vec<Option<CachedBracket>>,
    /// The sound margin and centre measured at the start of the round.
    measured: Option<SoundMargin>,
    target: Option<Target>,
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
        self.target.as_ref().map(|(p, _)| p)
    }

    /// The margin of the parties at the table when the mediator holds the profiles in `held`
    /// (from [`TableProfile::of_profile`]): those parties enter with their exact bracket
    /// ([`Bracket::exact`]), the others with the bracket of their answers. Returns the sound
    /// estimate and, when every party at the table is held (the bounds then close), the exact
    /// margin. A held table that does not fit the space is ignored (that party is measured from
    /// its answers). [`Mediator::margin`] is this with nothing held.
    pub fn margin_knowing(
        &mut self,
        view: &MediatorObservation<'_>,
        held: &[(PartyId, TableProfile)],
    ) -> (MarginEstimate, Option<f64>) {
        let measured = self.measure(view.knowledge, view.space, view.at_table, held);
        let all_held = !view.at_table.is_empty()
            && view
                .at_table
                .iter()
                .all(|&p| held_profile(view.space, held, p).is_some());
        let exact = (all_held && measured.central.exact).then_some(measured.estimate.estimate);
        (measured.estimate, exact)
    }

    /// The question the strategy would put to `party` next in the caucus `view` shows (the
    /// caucus is empty outside one), with its reason; `None` when it would close the caucus
    /// (or `party` is not at the table). The test target is measured on the knowledge in
    /// `view`, as the strategy measures it at the start of each round. Calling it changes
    /// nothing the strategy later asks.
    pub fn suggest(
        &mut self,
        view: &MediatorObservation<'_>,
        party: PartyId,
    ) -> Option<Suggestion> {
        self.suggest_knowing(view, party, &[])
    }

    /// [`Self::suggest`] with the profiles in `held` known exactly (see
    /// [`Self::margin_knowing`]): they move the central profiles, and so the package to test.
    pub fn suggest_knowing(
        &mut self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        held: &[(PartyId, TableProfile)],
    ) -> Option<Suggestion> {
        if !view.at_table.contains(&party) || party >= view.knowledge.parties.len() {
            return None;
        }
        let measured = self.measure(view.knowledge, view.space, view.at_table, held);
        self.suggest_measured(view, party, &measured)
    }

    /// What a desk shows at once, from **one** measurement: the sound estimate of
    /// [`Self::margin_knowing`] and, for every party at the table, the question of
    /// [`Self::suggest_knowing`] (parties it would not ask are left out). Asking per party would
    /// measure the margin once per party.
    pub fn desk_knowing(
        &mut self,
        view: &MediatorObservation<'_>,
        held: &[(PartyId, TableProfile)],
    ) -> (MarginEstimate, Vec<(PartyId, Suggestion)>) {
        let measured = self.measure(view.knowledge, view.space, view.at_table, held);
        let suggestions = view
            .at_table
            .iter()
            .filter(|&&p| p < view.knowledge.parties.len())
            .filter_map(|&p| Some((p, self.suggest_measured(view, p, &measured)?)))
            .collect();
        (measured.estimate, suggestions)
    }

    /// The suggestion for `party` at the table, given the margin `measured` on `view`.
    fn suggest_measured(
        &mut self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        measured: &SoundMargin,
    ) -> Option<Suggestion> {
        let target = (view.round > 1).then(|| choose_target(view, measured));
        let (m, rule) = next_question(view, party, target.as_ref())?;
        let reason = self.reason(view, party, &m.question, rule);
        Some(Suggestion {
            question: m.question,
            reason,
            provenance: m.provenance,
        })
    }

    /// The reason for `question`, chosen for `party` by `rule`.
    fn reason(
        &mut self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        question: &Question,
        rule: Rule,
    ) -> Reason {
        let k = &view.knowledge.parties[party];
        let package = || {
            question
                .packages()
                .first()
                .and_then(|p| view.space.indices_of(p))
                .unwrap_or_default()
        };
        match rule {
            Rule::Elicit => match question {
                Question::Rate(options) => {
                    let widths = self.bracket(party, &k.evidence).uncertainty();
                    rating_reason(&widths, options)
                }
                Question::RateWalkAway => Reason::WalkAwayUnknown,
                _ => Reason::WeightsUnknown,
            },
            Rule::Verify(check) => verify_reason(view.space, k, question, check),
            Rule::AskPackage => Reason::CannotRateIssues,
            Rule::Test(TargetBasis::CentralNash) => Reason::CentralNash { package: package() },
            Rule::Test(TargetBasis::CentralWidest) => Reason::CentralWidest { package: package() },
            Rule::Test(TargetBasis::BestOffered) => Reason::BestOffered { package: package() },
            Rule::Relay { from } => Reason::Relay {
                from,
                package: package(),
            },
            Rule::Position => Reason::Rejected { package: package() },
            Rule::Joint => Reason::JointSession,
        }
    }

    /// The sound margin of the parties `at_table` given `knowledge`, computing (and caching)
    /// each delegation's bracket; a party in `held` enters with its exact bracket instead, and
    /// its cached bracket (from answers) is left as it was.
    fn measure(
        &mut self,
        knowledge: &Knowledge,
        space: &OutcomeSpace,
        at_table: &[PartyId],
        held: &[(PartyId, TableProfile)],
    ) -> SoundMargin {
        if self.cache.len() < knowledge.parties.len() {
            self.cache.resize(knowledge.parties.len(), None);
        }
        let brackets: Vec<Bracket> = at_table
            .iter()
            .map(|&p| match held_profile(space, held, p) {
                Some(t) => Bracket::exact(t.clone()),
                None => self.bracket(p, &knowledge.parties[p].evidence),
            })
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
}

/// The strategy's question for `party` in its open caucus (rules 1–5 of the module doc), with
/// the rule that chose it; `target` is the package tested this round. The caucus asks what it
/// returns and [`BlindMediator::suggest`] offers it: the one place the rules are applied.
fn next_question(
    view: &MediatorObservation<'_>,
    party: PartyId,
    target: Option<&Target>,
) -> Option<(Move, Rule)> {
    let asked: Vec<&Question> = view.caucus.iter().map(|e| &e.question).collect();
    if asked.len() >= view.max_questions {
        return None;
    }
    let k = &view.knowledge.parties[party];
    let elicit = elicitation(view.space, k).map(|q| (q, Rule::Elicit));
    let verify = verification(view.space, k, view.round)
        .into_iter()
        .map(|(q, check)| (q, Rule::Verify(check)));
    if let Some((q, rule)) = elicit
        .into_iter()
        .chain(verify)
        .find(|(q, _)| !asked.contains(&q))
    {
        return Some((Move::public(q), rule));
    }
    if k.evidence.is_unstructured() && !asked.contains(&&Question::AskPackage) {
        return Some((Move::public(Question::AskPackage), Rule::AskPackage));
    }
    if let Some(target) = target.filter(|_| ready_to_test(view)) {
        if let Some(found) = test_moves(view, party, &asked, target) {
            return Some(found);
        }
    }
    let joint = Question::JointSession;
    (view.round % 4 == 1 && !asked.contains(&&joint)).then(|| (Move::public(joint), Rule::Joint))
}

/// The package to test this round (see the module doc, rule 3).
fn choose_target(view: &MediatorObservation<'_>, measured: &SoundMargin) -> Target {
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
            return (p, TargetBasis::BestOffered);
        }
    }
    match &measured.central.nash {
        Some(nash) => (nash.clone(), TargetBasis::CentralNash),
        None => (measured.central.widest.clone(), TargetBasis::CentralWidest),
    }
}

/// The held table of `party`, if it fits `space`.
fn held_profile<'a>(
    space: &OutcomeSpace,
    held: &'a [(PartyId, TableProfile)],
    party: PartyId,
) -> Option<&'a TableProfile> {
    held.iter()
        .find(|(p, t)| *p == party && t.fits(space))
        .map(|(_, t)| t)
}

fn provenance(view: &MediatorObservation<'_>, party: PartyId) -> Provenance {
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

/// Rules 3 and 4: test the target, relay a position, or position-test a rejected target.
fn test_moves(
    view: &MediatorObservation<'_>,
    party: PartyId,
    asked: &[&Question],
    (target, basis): &Target,
) -> Option<(Move, Rule)> {
    let target = view.space.outcome_from_indices(target);
    let test = Question::Test(target.clone());
    if !asked.contains(&&test) {
        let m = Move {
            question: test,
            provenance: provenance(view, party),
        };
        return Some((m, Rule::Test(*basis)));
    }
    let k = &view.knowledge.parties[party];
    if let Some(relay) = relay(view, party, asked) {
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
    (rejected && !k.has_answered(&position) && !asked.contains(&&position)).then(|| {
        let m = Move {
            question: position,
            provenance: provenance(view, party),
        };
        (m, Rule::Position)
    })
}

/// With a delegation that cannot rate issues at the table, a package another delegation
/// named or accepts that this one does not accept yet: relaying positions is all a mediator
/// can do without preferences to compute from.
fn relay(
    view: &MediatorObservation<'_>,
    party: PartyId,
    asked: &[&Question],
) -> Option<(Move, Rule)> {
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
        .map(|(o, question, basis)| {
            let m = Move {
                question,
                provenance: Provenance {
                    sources: vec![(o, basis)],
                    reveals: "the package is one another delegation named or accepted".into(),
                },
            };
            (m, Rule::Relay { from: o })
        })
}

fn ready_to_test(view: &MediatorObservation<'_>) -> bool {
    view.time >= 0.5
        || view.at_table.iter().all(|&p| {
            let k = &view.knowledge.parties[p];
            elicitation(view.space, k).is_none() && verification(view.space, k, u32::MAX).is_empty()
        })
}

/// The reason for an elicitation [`Question::Rate`] over `options`, from each issue's
/// remaining uncertainty (`widths`, see [`Bracket::uncertainty`]): the widest issue among those
/// asked about, called the widest remaining uncertainty when no issue is wider.
fn rating_reason(widths: &[f64], options: &[(usize, Value)]) -> Reason {
    let widest_in = |issues: &mut dyn Iterator<Item = usize>| {
        issues.fold(None::<usize>, |best, k| match best {
            Some(b) if widths[b] >= widths[k] => Some(b),
            _ => Some(k),
        })
    };
    let asked = widest_in(
        &mut options
            .iter()
            .map(|(k, _)| *k)
            .filter(|&k| k < widths.len()),
    );
    let Some(issue) = asked else {
        return Reason::WeightsUnknown;
    };
    let overall = widths.iter().copied().fold(0.0, f64::max);
    // Solver tolerances widen every bound by about 1e-6: widths that close are equal.
    if widths[issue] + 1e-5 >= overall {
        Reason::WidestUncertainty { issue }
    } else {
        Reason::Unrated { issue }
    }
}

/// The reason rule 1 asks `question` again.
fn verify_reason(
    space: &OutcomeSpace,
    k: &PartyKnowledge,
    question: &Question,
    check: Check,
) -> Reason {
    match check {
        Check::Undecided => Reason::Undecided {
            question: question.kind(),
        },
        Check::Contradicted => Reason::Contradicted {
            round: k.evidence.contradictions().last().map_or(0, |c| c.round),
        },
        Check::Confirm => Reason::Confirm {
            question: question.kind(),
        },
        Check::Atypical => {
            let latest = k.answers.iter().rev().find(|(_, q, _)| q == question);
            let issue = latest.and_then(|(_, q, a)| atypical_issue(space, q, a));
            Reason::Atypical {
                issue: issue.unwrap_or_default(),
            }
        }
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
/// contradiction; and any whose answers disagree without a majority. Each with why it is asked.
fn verification(space: &OutcomeSpace, k: &PartyKnowledge, round: u32) -> Vec<(Question, Check)> {
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
        .filter_map(|q| {
            let n = e.times_answered(&q);
            let (last_round, answer) = latest(&q)?;
            let check = if e.undecided(&q) {
                Check::Undecided
            } else if n != 1 {
                return None;
            } else if doubted {
                Check::Contradicted
            } else if matches!(q, Question::SplitPoints | Question::RateWalkAway) {
                Check::Confirm
            } else if !typical(space, &q, answer) {
                Check::Atypical
            } else {
                return None;
            };
            (last_round < round && n < MAX_ASKS).then_some((q, check))
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
        let measured = self.measure(view.knowledge, view.space, view.at_table, &[]);
        self.target = (view.round > 1).then(|| choose_target(view, &measured));
        self.measured = Some(measured);
    }

    fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move> {
        next_question(view, party, self.target.as_ref()).map(|(m, _)| m)
    }

    fn margin(&mut self, view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>) {
        self.margin_knowing(view, &[])
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
        contract([0.3, 0.35])
    }

    /// The two parties of [`scenario`] with walk-away values `reservations`.
    fn contract(reservations: [f64; 2]) -> Scenario {
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
            party("buyer", [0.5, 0.3, 0.2], true, reservations[0]),
            party("seller", [0.2, 0.3, 0.5], false, reservations[1]),
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

    use crate::talks::protocol::{Exchange, Reply};

    /// The truthful answer of `party` in `s` to `q`.
    fn truthful_answer(s: &Scenario, party: PartyId, q: &Question) -> Answer {
        TruthfulAnswers::new(s.space(), s.parties()[party].profile.clone()).answer(q)
    }

    fn nothing_known(s: &Scenario) -> Knowledge {
        Knowledge::new(s.parties().len(), &s.space().radices().unwrap())
    }

    /// `party` answers every elicitation question truthfully in `round`.
    fn elicit(s: &Scenario, knowledge: &mut Knowledge, party: PartyId, round: u32) {
        while let Some(q) = elicitation(s.space(), &knowledge.parties[party]) {
            let a = truthful_answer(s, party, &q);
            knowledge.learn(s.space(), party, round, &q, &a);
        }
    }

    /// `party` answers every verification question truthfully in `round`.
    fn confirm(s: &Scenario, knowledge: &mut Knowledge, party: PartyId, round: u32) {
        for (q, _) in verification(s.space(), &knowledge.parties[party], round) {
            let a = truthful_answer(s, party, &q);
            knowledge.learn(s.space(), party, round, &q, &a);
        }
    }

    /// What the strategy suggests for `party` in `round` at relative time `time`.
    fn suggested(
        s: &Scenario,
        knowledge: &Knowledge,
        (round, time): (u32, f64),
        caucus: &[Exchange],
        party: PartyId,
    ) -> Suggestion {
        let at_table: Vec<PartyId> = (0..s.parties().len()).collect();
        let view = MediatorObservation {
            space: s.space(),
            round,
            rounds: 10,
            time,
            at_table: &at_table,
            knowledge,
            caucus,
            max_questions: 4,
        };
        BlindMediator::new(0)
            .suggest(&view, party)
            .expect("a suggestion")
    }

    #[test]
    fn elicitation_is_suggested_with_its_reasons_in_order() {
        let s = scenario();
        let space = s.space();
        let mut k = nothing_known(&s);
        let first = suggested(&s, &k, (1, 0.0), &[], 0);
        assert_eq!(first.question, Question::SplitPoints);
        assert_eq!(first.reason, Reason::WeightsUnknown);
        assert_eq!(
            first.reason.describe(space),
            "nothing is known yet of how this delegation weighs the issues: ask it to split 100 \
             points"
        );
        k.learn(
            space,
            0,
            1,
            &first.question,
            &truthful_answer(&s, 0, &first.question),
        );
        let second = suggested(&s, &k, (1, 0.0), &[], 0);
        assert_eq!(
            (second.question.clone(), second.reason.clone()),
            (Question::RateWalkAway, Reason::WalkAwayUnknown)
        );
        assert!(second
            .reason
            .describe(space)
            .starts_with("its walk-away value is still unknown"));
        k.learn(
            space,
            0,
            1,
            &second.question,
            &truthful_answer(&s, 0, &second.question),
        );
        let third = suggested(&s, &k, (1, 0.0), &[], 0);
        assert_eq!(third.question.kind(), QuestionKind::Rate);
        // The buyer gave price the most points: before any rating, its contributions span the
        // widest interval, [0, about 0.5].
        assert_eq!(third.reason, Reason::WidestUncertainty { issue: 0 });
        assert_eq!(
            third.reason.describe(space),
            "the widest remaining uncertainty is on price: ask it to rate its options"
        );
    }

    #[test]
    fn an_issue_asked_about_behind_a_wider_one_is_named_as_unrated() {
        let space = OutcomeSpace::new(
            ["security", "trade", "water"]
                .iter()
                .map(|name| Issue::discrete(*name, (0..10).map(|v| format!("{name}{v}"))).unwrap())
                .collect(),
        )
        .unwrap();
        let ramp: Vec<f64> = (0..10).map(|v| f64::from(v) / 9.0).collect();
        let issues = [0.6, 0.4, 0.0]
            .iter()
            .map(|&weight| IssueUtility {
                weight,
                evaluator: Evaluator::Table(ramp.clone()),
            })
            .collect();
        let party = Party::linear_additive("a", &space, issues, 0.4).unwrap();
        let s = Scenario::new("three", space, vec![party]).unwrap();
        let mut k = nothing_known(&s);
        for _ in 0..3 {
            let q = elicitation(s.space(), &k.parties[0]).unwrap();
            k.learn(s.space(), 0, 1, &q, &truthful_answer(&s, 0, &q));
        }
        // Water (no points) is rated last, alone; the top value of security, rated, still spans
        // about 0.026 (its weight is known to ±0.01), water's values at most 0.01.
        let next = suggested(&s, &k, (1, 0.0), &[], 0);
        assert_eq!(next.question.kind(), QuestionKind::Rate);
        assert_eq!(next.reason, Reason::Unrated { issue: 2 });
        assert!(next.reason.describe(s.space()).contains("options of water"));
    }

    #[test]
    fn answers_given_once_are_confirmed_in_a_later_round() {
        let s = scenario();
        let mut k = nothing_known(&s);
        elicit(&s, &mut k, 0, 1);
        let next = suggested(&s, &k, (2, 0.1), &[], 0);
        assert_eq!(next.question, Question::SplitPoints);
        assert_eq!(
            next.reason,
            Reason::Confirm {
                question: QuestionKind::SplitPoints
            }
        );
        assert_eq!(
            next.reason.describe(s.space()),
            "its split of 100 points moves every estimate: ask once more to catch a slip"
        );
    }

    #[test]
    fn a_contradiction_has_every_answer_asked_again() {
        let s = scenario();
        let mut k = nothing_known(&s);
        elicit(&s, &mut k, 0, 1);
        // The buyer's best package beats its walk-away value, yet it says it does not.
        let best = s.space().outcome_from_indices(&[0, 0, 2]);
        k.learn(
            s.space(),
            0,
            2,
            &Question::PositionTest(best),
            &Answer::Position(false),
        );
        assert_eq!(k.parties[0].evidence.contradictions().len(), 1);
        let next = suggested(&s, &k, (3, 0.2), &[], 0);
        assert_eq!(next.question, Question::SplitPoints);
        assert_eq!(next.reason, Reason::Contradicted { round: 2 });
        assert!(next
            .reason
            .describe(s.space())
            .starts_with("its answer in round 2 contradicted earlier ones: ask again"));
    }

    #[test]
    fn disagreeing_answers_without_a_majority_are_asked_again() {
        let s = scenario();
        let mut k = nothing_known(&s);
        elicit(&s, &mut k, 0, 1);
        let points = truthful_answer(&s, 0, &Question::SplitPoints);
        k.learn(s.space(), 0, 2, &Question::SplitPoints, &points);
        k.learn(
            s.space(),
            0,
            2,
            &Question::RateWalkAway,
            &Answer::Rating(90),
        );
        let next = suggested(&s, &k, (3, 0.2), &[], 0);
        assert_eq!(next.question, Question::RateWalkAway);
        assert_eq!(
            next.reason,
            Reason::Undecided {
                question: QuestionKind::RateWalkAway
            }
        );
        assert!(next
            .reason
            .describe(s.space())
            .contains("its walk-away rating disagree"));
    }

    #[test]
    fn a_rating_that_looks_like_a_slip_is_asked_again() {
        let s = scenario();
        let space = s.space();
        let mut k = nothing_known(&s);
        for round in [1, 2] {
            for q in [Question::SplitPoints, Question::RateWalkAway] {
                k.learn(space, 0, round, &q, &truthful_answer(&s, 0, &q));
            }
        }
        let rate = elicitation(space, &k.parties[0]).unwrap();
        let Question::Rate(options) = &rate else {
            panic!("{rate:?}")
        };
        let Answer::Ratings(truth) = truthful_answer(&s, 0, &rate) else {
            panic!()
        };
        // Term rated in full with no option at 100.
        let slipped: Vec<u8> = options
            .iter()
            .zip(truth)
            .map(|((issue, _), r)| if *issue == 1 { r.min(90) } else { r })
            .collect();
        k.learn(space, 0, 2, &rate, &Answer::Ratings(slipped));
        let next = suggested(&s, &k, (3, 0.2), &[], 0);
        assert_eq!(next.question, rate);
        assert_eq!(next.reason, Reason::Atypical { issue: 1 });
        assert!(next
            .reason
            .describe(space)
            .contains("ratings of term gave no option 100"));
    }

    /// Both delegations elicited in round 1 and confirmed in round 2.
    fn elicited(s: &Scenario) -> Knowledge {
        let mut k = nothing_known(s);
        for p in 0..2 {
            elicit(s, &mut k, p, 1);
            confirm(s, &mut k, p, 2);
        }
        k
    }

    #[test]
    fn the_central_nash_package_is_tested_then_position_tested_once_rejected() {
        let s = scenario();
        let k = elicited(&s);
        let first = suggested(&s, &k, (1, 0.0), &[], 0);
        assert_eq!(
            (first.question.clone(), first.reason.clone()),
            (Question::JointSession, Reason::JointSession)
        );
        let test = suggested(&s, &k, (3, 0.2), &[], 0);
        let nash = crate::talks::zone::zone(&s).nash.unwrap();
        let package = s.space().outcome_from_indices(&nash);
        assert_eq!(test.question, Question::Test(package.clone()));
        assert_eq!(
            test.reason,
            Reason::CentralNash {
                package: nash.clone()
            }
        );
        assert!(test
            .reason
            .describe(s.space())
            .starts_with("test the package at the centre of what the answers allow (the central Nash package): price="));
        let rejected = [Exchange {
            question: test.question,
            reply: Reply::Answered(Answer::Verdict {
                accept: false,
                objections: Vec::new(),
            }),
        }];
        let next = suggested(&s, &k, (3, 0.2), &rejected, 0);
        assert_eq!(next.question, Question::PositionTest(package));
        assert_eq!(next.reason, Reason::Rejected { package: nash });
    }

    #[test]
    fn with_no_zone_at_the_centre_the_widest_margin_package_is_tested() {
        let s = contract([0.9, 0.9]);
        let k = elicited(&s);
        let test = suggested(&s, &k, (3, 0.2), &[], 1);
        let Reason::CentralWidest { package } = &test.reason else {
            panic!("{test:?}")
        };
        assert_eq!(
            test.question,
            Question::Test(s.space().outcome_from_indices(package))
        );
        assert!(test.reason.describe(s.space()).contains("widest margin"));
    }

    #[test]
    fn a_delegation_that_cannot_rate_issues_is_asked_for_packages_and_its_offers_relayed() {
        let s = scenario();
        let space = s.space();
        let mut k = nothing_known(&s);
        elicit(&s, &mut k, 0, 1);
        confirm(&s, &mut k, 0, 2);
        k.learn(space, 1, 1, &Question::SplitPoints, &Answer::CannotSay);
        let ask = suggested(&s, &k, (2, 0.1), &[], 1);
        assert_eq!(
            (ask.question, ask.reason.clone()),
            (Question::AskPackage, Reason::CannotRateIssues)
        );
        assert!(ask
            .reason
            .describe(space)
            .starts_with("it cannot rate single issues"));
        let (named, accepted) = ([2, 2, 0], [1, 1, 1]);
        let named_outcome = space.outcome_from_indices(&named);
        k.learn(
            space,
            1,
            2,
            &Question::AskPackage,
            &Answer::Package(named_outcome),
        );
        let accepted_outcome = space.outcome_from_indices(&accepted);
        let verdict = Answer::Verdict {
            accept: true,
            objections: Vec::new(),
        };
        k.learn(space, 1, 2, &Question::Test(accepted_outcome), &verdict);
        let test = suggested(&s, &k, (3, 0.2), &[], 0);
        let Reason::BestOffered { package } = test.reason.clone() else {
            panic!("{test:?}")
        };
        assert!(package == named || package == accepted, "{package:?}");
        let other = if package == named { accepted } else { named };
        let asked = [Exchange {
            question: test.question,
            reply: Reply::Answered(Answer::Verdict {
                accept: false,
                objections: Vec::new(),
            }),
        }];
        let relay = suggested(&s, &k, (3, 0.2), &asked, 0);
        assert_eq!(
            relay.question,
            Question::Test(space.outcome_from_indices(&other))
        );
        assert_eq!(
            relay.reason,
            Reason::Relay {
                from: 1,
                package: other.to_vec()
            }
        );
        assert!(relay
            .reason
            .describe(space)
            .starts_with("another delegation named or accepts"));
    }

    #[test]
    fn margin_knowing_held_profiles_is_exact_and_leaves_the_blind_margin_alone() {
        let s = scenario();
        let k = elicited(&s);
        let at_table = [0, 1];
        let view = MediatorObservation {
            space: s.space(),
            round: 3,
            rounds: 10,
            time: 0.2,
            at_table: &at_table,
            knowledge: &k,
            caucus: &[],
            max_questions: 4,
        };
        let held: Vec<(PartyId, TableProfile)> = s
            .parties()
            .iter()
            .enumerate()
            .map(|(i, p)| (i, TableProfile::of_profile(&p.profile, s.space()).unwrap()))
            .collect();
        let exact = crate::talks::zone::zone(&s).margin;
        let mut mediator = BlindMediator::new(0);
        let blind = BlindMediator::new(0).margin(&view);
        let (one, none) = mediator.margin_knowing(&view, &held[..1]);
        assert!(
            one.lower <= exact && exact <= one.upper && none.is_none(),
            "{one:?}"
        );
        assert!(one.upper - one.lower <= blind.0.upper - blind.0.lower + 1e-9);
        let (all, known) = mediator.margin_knowing(&view, &held);
        assert!((all.lower - exact).abs() < 1e-9 && (all.upper - exact).abs() < 1e-9);
        assert!((known.unwrap() - exact).abs() < 1e-9);
        // The cache still holds the brackets from answers.
        assert_eq!(mediator.margin(&view), blind);
    }

    /// The blind strategy, asked for a suggestion before each of its moves.
    struct Suggesting(BlindMediator);

    impl Mediator for Suggesting {
        fn name(&self) -> &'static str {
            self.0.name()
        }

        fn describe(&self) -> String {
            self.0.describe()
        }

        fn begin_round(&mut self, view: &MediatorObservation<'_>) {
            self.0.begin_round(view);
        }

        fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move> {
            let suggestion = self.0.suggest(view, party);
            // The desk's one-measurement reading says the same as asking one by one.
            let (estimate, desk) = self.0.desk_knowing(view, &[]);
            assert_eq!(estimate, self.0.margin_knowing(view, &[]).0);
            for (p, s) in &desk {
                assert_eq!(Some(s), self.0.suggest(view, *p).as_ref());
            }
            assert!(suggestion.is_none() || desk.iter().any(|(p, _)| *p == party));
            let m = self.0.next_move(view, party);
            // Tests are of a target measured at the start of the round; the suggestion
            // measures on the answers given since, so only other questions must agree.
            let testing =
                |q: &Question| matches!(q.kind(), QuestionKind::Test | QuestionKind::PositionTest);
            match (&suggestion, &m) {
                (Some(s), Some(m)) if !testing(&m.question) => {
                    assert_eq!((&s.question, &s.provenance), (&m.question, &m.provenance));
                }
                (Some(s), None) => assert!(testing(&s.question), "{s:?}"),
                (None, Some(m)) => assert!(testing(&m.question), "{m:?}"),
                _ => {}
            }
            m
        }

        fn margin(&mut self, view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>) {
            self.0.margin(view)
        }

        fn findings(&self, space: &OutcomeSpace) -> Vec<String> {
            self.0.findings(space)
        }
    }

    #[test]
    fn suggestions_are_the_strategys_own_questions_and_change_nothing() {
        for reservations in [[0.3, 0.35], [0.9, 0.9]] {
            let s = contract(reservations);
            let plain = run_talks(
                s.space(),
                truthful_seats(&s),
                &mut BlindMediator::new(0),
                TalksConfig::default(),
            )
            .unwrap();
            let suggesting = run_talks(
                s.space(),
                truthful_seats(&s),
                &mut Suggesting(BlindMediator::new(0)),
                TalksConfig::default(),
            )
            .unwrap();
            assert_eq!(plain, suggesting);
        }
    }
}
