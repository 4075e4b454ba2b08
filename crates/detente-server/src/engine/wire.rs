//! The talks' messages in wire form — packages as `{issue: value}`, issues and parties by name —
//! and their conversion to and from `detente_core::talks` types, checking every field.

use detente_core::talks::ledger::{Basis, Provenance};
use detente_core::talks::margin::MarginEstimate;
use detente_core::talks::message::{
    named_points, validate_answer, validate_question, Malformed, MAX_RATED_OPTIONS,
};
use detente_core::talks::{Answer, Preferred, Question};
use detente_core::{Outcome, OutcomeSpace};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::Rejection;

/// A package: one value (as text) per issue, keyed by issue name, in the scenario's issue order.
pub type PackageDto = IndexMap<String, String>;

/// A question the mediator puts to the party in caucus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum QuestionDto {
    /// Would you accept this package? Answered by `accept` or `reject`.
    Test {
        /// The package.
        package: PackageDto,
    },
    /// Name a package you would accept. Answered by `proposal` or `no_proposal`.
    Propose,
    /// Rank the issues, most important first. Answered by `ranking`.
    RankIssues,
    /// Which of two packages do you prefer? Answered by `prefer`.
    Compare {
        /// First package.
        a: PackageDto,
        /// Second package.
        b: PackageDto,
    },
    /// Would you meet the other delegations at one table? Answered by `consent`.
    JointSession,
    /// Which value of this issue is best for you, and which worst? Answered by `extremes` or
    /// `cannot_say`.
    Extremes {
        /// The issue.
        issue: String,
    },
    /// Rate each option on your own 0–100 scale for its issue (100: a perfect value; 0: worth
    /// nothing to you). Answered by `ratings` or `cannot_say`.
    Rate {
        /// The options, 1 to 24.
        #[schema(min_items = 1, max_items = 24)]
        options: Vec<OptionDto>,
    },
    /// Split 100 points of importance across the issues. Answered by `points` or `cannot_say`.
    SplitPoints,
    /// Is this package better for you than no agreement? Answered by `position`.
    PositionTest {
        /// The package.
        package: PackageDto,
    },
    /// Where is your walk-away point on your 0–100 scale of packages (100: perfect on every
    /// issue; 0: worth nothing on any)? Answered by `rating` or `cannot_say`.
    RateWalkAway,
}

// The schema of a rating question spells the core's limit as a literal.
const _: () = assert!(
    MAX_RATED_OPTIONS == 24,
    "update `max_items` of `QuestionDto::Rate`"
);

/// One value of one issue, to be rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionDto {
    /// The issue.
    pub issue: String,
    /// The value, as text.
    pub value: String,
}

/// A party's answer. Any question may be answered by `walk_out`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerDto {
    /// Accepts the tested package.
    Accept,
    /// Rejects the tested package, optionally naming the issues objected to.
    Reject {
        /// Issue names.
        #[serde(default)]
        objections: Vec<String>,
    },
    /// A package the party would accept.
    Proposal {
        /// The package.
        package: PackageDto,
    },
    /// The party can name no package it would accept now.
    NoProposal,
    /// Every issue once, most important first.
    Ranking {
        /// Issue names.
        issues: Vec<String>,
    },
    /// The preferred package of a comparison.
    Prefer {
        /// `a`, `b` or `indifferent`.
        choice: Choice,
    },
    /// Whether the party agrees to a joint session.
    Consent {
        /// Yes or no.
        consent: bool,
    },
    /// The best and the worst value of the issue asked about.
    Extremes {
        /// The best value, as text.
        best: String,
        /// The worst value, as text.
        worst: String,
    },
    /// One rating from 0 to 100 per option asked about, in order.
    Ratings {
        /// The ratings.
        ratings: Vec<u8>,
    },
    /// 100 points of importance split across the issues: every issue once, by name.
    Points {
        /// Issue name → points.
        points: IndexMap<String, u32>,
    },
    /// Whether the tested package is better than no agreement.
    Position {
        /// Yes or no.
        better: bool,
    },
    /// A rating from 0 to 100.
    Rating {
        /// The rating.
        #[schema(maximum = 100)]
        rating: u8,
    },
    /// The delegation cannot answer a question about single issues: its preferences depend on
    /// how the issues combine.
    CannotSay,
    /// The party leaves the talks; its channel closes.
    WalkOut,
}

/// One of two compared packages, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The first package.
    A,
    /// The second package.
    B,
    /// Neither.
    Indifferent,
}

/// Whose private data a question was computed from, and what it may reveal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvenanceDto {
    /// Sources.
    #[serde(default)]
    pub sources: Vec<SourceDto>,
    /// What the recipient may infer, in plain English.
    #[serde(default)]
    pub reveals: String,
}

/// One source of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDto {
    /// The party (by name) whose data was used.
    pub party: String,
    /// `confidential_profile`, `answers` or `proposal`.
    pub basis: BasisDto,
}

/// Kinds of private data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BasisDto {
    /// A profile handed over in confidence.
    ConfidentialProfile,
    /// Caucus answers.
    Answers,
    /// A proposed package.
    Proposal,
}

/// A margin estimate with bounds (normalised utility).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EstimateDto {
    /// Best guess.
    pub estimate: f64,
    /// At least this.
    pub lower: f64,
    /// At most this.
    pub upper: f64,
}

/// Why talks ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndingKind {
    /// Every party at the table accepted the same package.
    Agreement,
    /// The last round passed.
    Deadline,
    /// Fewer than two parties remained.
    WalkOut,
}

impl From<MarginEstimate> for EstimateDto {
    fn from(m: MarginEstimate) -> Self {
        EstimateDto {
            estimate: m.estimate,
            lower: m.lower,
            upper: m.upper,
        }
    }
}

impl From<EstimateDto> for MarginEstimate {
    fn from(m: EstimateDto) -> Self {
        MarginEstimate {
            estimate: m.estimate,
            lower: m.lower,
            upper: m.upper,
        }
    }
}

/// Refuses a package that names an issue the scenario does not have; `field` prefixes the
/// error location.
pub fn check_issue_names(
    space: &OutcomeSpace,
    field: &str,
    package: &PackageDto,
) -> Result<(), Rejection> {
    match package.keys().find(|k| space.issue_index(k).is_none()) {
        Some(extra) => Err(Rejection::invalid(
            format!("{field}.{extra}"),
            "names no issue of the scenario",
        )),
        None => Ok(()),
    }
}

/// The outcome a package names; `field` prefixes error locations.
pub fn to_outcome(
    space: &OutcomeSpace,
    field: &str,
    package: &PackageDto,
) -> Result<Outcome, Rejection> {
    check_issue_names(space, field, package)?;
    space
        .issues()
        .iter()
        .map(|issue| {
            let at = format!("{field}.{}", issue.name());
            let text = package.get(issue.name()).ok_or_else(|| {
                Rejection::invalid(&at, "is missing: a package gives every issue a value")
            })?;
            issue.parse_value(text).ok_or_else(|| {
                Rejection::invalid(&at, format!("`{text}` is not a value of this issue"))
            })
        })
        .collect()
}

/// The package form of an outcome, in issue order.
pub fn from_outcome(space: &OutcomeSpace, outcome: &Outcome) -> PackageDto {
    space
        .issues()
        .iter()
        .zip(outcome)
        .map(|(issue, value)| (issue.name().to_string(), issue.format_value(value)))
        .collect()
}

fn issue_positions(
    space: &OutcomeSpace,
    field: &str,
    names: &[String],
) -> Result<Vec<usize>, Rejection> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            space.issue_index(name).ok_or_else(|| {
                Rejection::invalid(format!("{field}[{i}]"), format!("`{name}` is not an issue"))
            })
        })
        .collect()
}

/// The position of the issue named `name`.
fn issue_position(space: &OutcomeSpace, field: &str, name: &str) -> Result<usize, Rejection> {
    space
        .issue_index(name)
        .ok_or_else(|| Rejection::invalid(field, format!("`{name}` is not an issue")))
}

/// `text` read as a value of issue `k`.
fn issue_value(
    space: &OutcomeSpace,
    k: usize,
    field: &str,
    text: &str,
) -> Result<detente_core::Value, Rejection> {
    space
        .issues()
        .get(k)
        .and_then(|i| i.parse_value(text))
        .ok_or_else(|| Rejection::invalid(field, format!("`{text}` is not a value of this issue")))
}

/// Points by issue name, in issue order; every issue exactly once.
fn points_in_issue_order(
    space: &OutcomeSpace,
    field: &str,
    points: &IndexMap<String, u32>,
) -> Result<Vec<u32>, Rejection> {
    if let Some(extra) = points.keys().find(|k| space.issue_index(k).is_none()) {
        return Err(Rejection::invalid(
            format!("{field}.{extra}"),
            "names no issue of the scenario",
        ));
    }
    space
        .issues()
        .iter()
        .map(|i| {
            points.get(i.name()).copied().ok_or_else(|| {
                Rejection::invalid(
                    format!("{field}.{}", i.name()),
                    "is missing: give every issue its points (0 is allowed)",
                )
            })
        })
        .collect()
}

/// The options of a rating question: 1 to [`MAX_RATED_OPTIONS`], each a value of an issue, none
/// named twice; `field` is the list's location.
fn rated_options(
    space: &OutcomeSpace,
    field: &str,
    options: &[OptionDto],
) -> Result<Vec<(usize, detente_core::Value)>, Rejection> {
    if options.is_empty() || options.len() > MAX_RATED_OPTIONS {
        return Err(Rejection::invalid(
            field,
            format!(
                "names {} options: ask about 1 to {MAX_RATED_OPTIONS}",
                options.len()
            ),
        ));
    }
    let mut rated: Vec<(usize, detente_core::Value)> = Vec::with_capacity(options.len());
    for (i, o) in options.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let k = issue_position(space, &format!("{at}.issue"), &o.issue)?;
        let value = issue_value(space, k, &format!("{at}.value"), &o.value)?;
        if rated.contains(&(k, value)) {
            return Err(Rejection::invalid(
                at,
                format!("names `{} = {}` a second time", o.issue, o.value),
            ));
        }
        rated.push((k, value));
    }
    Ok(rated)
}

/// Ratings are whole numbers from 0 to 100; a rating question gets one per option.
fn check_ratings(question: &Question, field: &str, ratings: &[u8]) -> Result<(), Rejection> {
    if let Some(i) = ratings.iter().position(|&r| r > 100) {
        return Err(Rejection::invalid(
            format!("{field}[{i}]"),
            format!("is {}: rate from 0 to 100", ratings[i]),
        ));
    }
    match question {
        Question::Rate(options) if options.len() != ratings.len() => Err(Rejection::invalid(
            field,
            format!(
                "gives {} ratings for {} options: rate each option once, in order",
                ratings.len(),
                options.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// Points are shares of exactly 100.
fn check_points(field: &str, points: &IndexMap<String, u32>) -> Result<(), Rejection> {
    let total = points.values().map(|&p| u64::from(p)).sum::<u64>();
    if total != 100 {
        return Err(Rejection::invalid(
            field,
            format!("the points add up to {total}; split exactly 100 points across the issues (0 is allowed)"),
        ));
    }
    Ok(())
}

/// The error `answer`, found malformed, gets: at the answer's field that is at fault (`field` is
/// the answer's own location).
fn malformed(field: &str, answer: &Answer, problem: &Malformed) -> Rejection {
    let at = match problem {
        Malformed::BadObjection(_) => format!("{field}.objections"),
        Malformed::BadPackage(_) => format!("{field}.package"),
        Malformed::BadRanking { .. } => format!("{field}.issues"),
        Malformed::BadExtreme { which } => format!("{field}.{which}"),
        Malformed::BadRatings { .. } if matches!(answer, Answer::Rating(_)) => {
            format!("{field}.rating")
        }
        Malformed::BadRatings { .. } => format!("{field}.ratings"),
        Malformed::BadPoints { .. } => format!("{field}.points"),
        _ => field.to_string(),
    };
    Rejection::invalid(at, problem.to_string())
}

fn issue_names(space: &OutcomeSpace, positions: &[usize]) -> Vec<String> {
    positions
        .iter()
        .filter_map(|&k| space.issues().get(k))
        .map(|i| i.name().to_string())
        .collect()
}

impl QuestionDto {
    /// The core question; `field` prefixes error locations.
    pub fn to_core(&self, space: &OutcomeSpace, field: &str) -> Result<Question, Rejection> {
        Ok(match self {
            QuestionDto::Test { package } => {
                Question::Test(to_outcome(space, &format!("{field}.package"), package)?)
            }
            QuestionDto::Propose => Question::AskPackage,
            QuestionDto::RankIssues => Question::RankIssues,
            QuestionDto::Compare { a, b } => Question::Compare(
                to_outcome(space, &format!("{field}.a"), a)?,
                to_outcome(space, &format!("{field}.b"), b)?,
            ),
            QuestionDto::JointSession => Question::JointSession,
            QuestionDto::Extremes { issue } => {
                Question::Extremes(issue_position(space, &format!("{field}.issue"), issue)?)
            }
            QuestionDto::Rate { options } => {
                Question::Rate(rated_options(space, &format!("{field}.options"), options)?)
            }
            QuestionDto::SplitPoints => Question::SplitPoints,
            QuestionDto::PositionTest { package } => {
                Question::PositionTest(to_outcome(space, &format!("{field}.package"), package)?)
            }
            QuestionDto::RateWalkAway => Question::RateWalkAway,
        })
        .and_then(|question| {
            // What the checks above cannot see (an issue position out of range): the core's rule.
            validate_question(space, &question).map_err(|m| Rejection::invalid(field, m))?;
            Ok(question)
        })
    }

    /// The wire form of a core question.
    pub fn from_core(space: &OutcomeSpace, question: &Question) -> Self {
        match question {
            Question::Test(p) => QuestionDto::Test {
                package: from_outcome(space, p),
            },
            Question::AskPackage => QuestionDto::Propose,
            Question::RankIssues => QuestionDto::RankIssues,
            Question::Compare(a, b) => QuestionDto::Compare {
                a: from_outcome(space, a),
                b: from_outcome(space, b),
            },
            Question::JointSession => QuestionDto::JointSession,
            Question::Extremes(k) => QuestionDto::Extremes {
                issue: issue_names(space, &[*k]).concat(),
            },
            Question::Rate(options) => QuestionDto::Rate {
                options: options
                    .iter()
                    .filter_map(|(k, v)| {
                        let issue = space.issues().get(*k)?;
                        Some(OptionDto {
                            issue: issue.name().to_owned(),
                            value: issue.format_value(v),
                        })
                    })
                    .collect(),
            },
            Question::SplitPoints => QuestionDto::SplitPoints,
            Question::PositionTest(p) => QuestionDto::PositionTest {
                package: from_outcome(space, p),
            },
            Question::RateWalkAway => QuestionDto::RateWalkAway,
        }
    }

    /// The packages it shows.
    pub fn packages(&self) -> Vec<(&'static str, &PackageDto)> {
        match self {
            QuestionDto::Test { package } | QuestionDto::PositionTest { package } => {
                vec![("package", package)]
            }
            QuestionDto::Compare { a, b } => vec![("a", a), ("b", b)],
            _ => Vec::new(),
        }
    }
}

impl AnswerDto {
    /// The core answer to `question`; `field` prefixes error locations. Checks names, values,
    /// ratings (0 to 100, one per option of a rating question) and points (summing to 100), each
    /// at its own field; whether the answer fits the question is [`AnswerDto::checked`]'s call
    /// (the question is needed to read an `extremes` answer's values).
    pub fn to_core(
        &self,
        space: &OutcomeSpace,
        question: &Question,
        field: &str,
    ) -> Result<Answer, Rejection> {
        Ok(match self {
            AnswerDto::Accept => Answer::Verdict {
                accept: true,
                objections: Vec::new(),
            },
            AnswerDto::Reject { objections } => Answer::Verdict {
                accept: false,
                objections: issue_positions(space, &format!("{field}.objections"), objections)?,
            },
            AnswerDto::Proposal { package } => {
                Answer::Package(to_outcome(space, &format!("{field}.package"), package)?)
            }
            AnswerDto::NoProposal => Answer::NoPackage,
            AnswerDto::Ranking { issues } => {
                Answer::Ranking(issue_positions(space, &format!("{field}.issues"), issues)?)
            }
            AnswerDto::Prefer { choice } => Answer::Preference(match choice {
                Choice::A => Preferred::First,
                Choice::B => Preferred::Second,
                Choice::Indifferent => Preferred::Indifferent,
            }),
            AnswerDto::Consent { consent } => Answer::Consent(*consent),
            AnswerDto::Extremes { best, worst } => {
                let Question::Extremes(k) = question else {
                    return Err(Rejection::invalid(
                        field,
                        "`extremes` answers an `extremes` question only",
                    ));
                };
                Answer::Extremes {
                    best: issue_value(space, *k, &format!("{field}.best"), best)?,
                    worst: issue_value(space, *k, &format!("{field}.worst"), worst)?,
                }
            }
            AnswerDto::Ratings { ratings } => {
                check_ratings(question, &format!("{field}.ratings"), ratings)?;
                Answer::Ratings(ratings.clone())
            }
            AnswerDto::Points { points } => {
                let at = format!("{field}.points");
                let in_order = points_in_issue_order(space, &at, points)?;
                check_points(&at, points)?;
                Answer::Points(in_order)
            }
            AnswerDto::Position { better } => Answer::Position(*better),
            AnswerDto::Rating { rating } if *rating > 100 => {
                return Err(Rejection::invalid(
                    format!("{field}.rating"),
                    format!("is {rating}: rate from 0 to 100"),
                ))
            }
            AnswerDto::Rating { rating } => Answer::Rating(*rating),
            AnswerDto::CannotSay => Answer::CannotSay,
            AnswerDto::WalkOut => Answer::WalkOut,
        })
    }

    /// The core answer, checked to be a well-formed reply to `question`
    /// (`detente_core::talks::message::validate_answer`); every error names the answer's field
    /// at fault under `field`.
    pub fn checked(
        &self,
        space: &OutcomeSpace,
        question: &Question,
        field: &str,
    ) -> Result<Answer, Rejection> {
        let answer = self.to_core(space, question, field)?;
        validate_answer(space, question, &answer).map_err(|e| malformed(field, &answer, &e))?;
        Ok(answer)
    }

    /// The wire form of a core answer to `question` (which names the issue of an `extremes`
    /// answer's values).
    pub fn from_core(space: &OutcomeSpace, question: &Question, answer: &Answer) -> Self {
        match answer {
            Answer::Verdict { accept: true, .. } => AnswerDto::Accept,
            Answer::Verdict {
                accept: false,
                objections,
            } => AnswerDto::Reject {
                objections: issue_names(space, objections),
            },
            Answer::Package(p) => AnswerDto::Proposal {
                package: from_outcome(space, p),
            },
            Answer::NoPackage => AnswerDto::NoProposal,
            Answer::Ranking(r) => AnswerDto::Ranking {
                issues: issue_names(space, r),
            },
            Answer::Preference(p) => AnswerDto::Prefer {
                choice: match p {
                    Preferred::First => Choice::A,
                    Preferred::Second => Choice::B,
                    Preferred::Indifferent => Choice::Indifferent,
                },
            },
            Answer::Consent(c) => AnswerDto::Consent { consent: *c },
            Answer::Extremes { best, worst } => {
                let issue = question
                    .extremes_issue()
                    .and_then(|k| space.issues().get(k));
                let text =
                    |v: &detente_core::Value| issue.map(|i| i.format_value(v)).unwrap_or_default();
                AnswerDto::Extremes {
                    best: text(best),
                    worst: text(worst),
                }
            }
            Answer::Ratings(r) => AnswerDto::Ratings { ratings: r.clone() },
            Answer::Points(p) => AnswerDto::Points {
                points: named_points(space, p)
                    .map(|(issue, x)| (issue.to_owned(), x))
                    .collect(),
            },
            Answer::Position(b) => AnswerDto::Position { better: *b },
            Answer::Rating(r) => AnswerDto::Rating { rating: *r },
            Answer::CannotSay => AnswerDto::CannotSay,
            Answer::WalkOut => AnswerDto::WalkOut,
        }
    }
}

impl ProvenanceDto {
    /// The wire form of a core provenance; `parties` names the seats.
    pub fn from_core(parties: &[String], provenance: &Provenance) -> Self {
        ProvenanceDto {
            sources: provenance
                .sources
                .iter()
                .map(|&(seat, basis)| SourceDto {
                    party: parties.get(seat).cloned().unwrap_or_default(),
                    basis: basis_dto(basis),
                })
                .collect(),
            reveals: provenance.reveals.clone(),
        }
    }

    /// Seat numbers of the named sources must exist; returns the core provenance.
    pub fn to_core(&self, parties: &[String], field: &str) -> Result<Provenance, Rejection> {
        let sources = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let seat = parties.iter().position(|p| *p == s.party).ok_or_else(|| {
                    Rejection::invalid(
                        format!("{field}.sources[{i}].party"),
                        format!("`{}` is not a party", s.party),
                    )
                })?;
                let basis = match s.basis {
                    BasisDto::ConfidentialProfile => Basis::ConfidentialProfile,
                    BasisDto::Answers => Basis::Answers,
                    BasisDto::Proposal => Basis::Proposal,
                };
                Ok((seat, basis))
            })
            .collect::<Result<_, Rejection>>()?;
        if self.reveals.len() > 2000 {
            return Err(Rejection::invalid(
                format!("{field}.reveals"),
                "is longer than 2000 bytes",
            ));
        }
        Ok(Provenance {
            sources,
            reveals: self.reveals.clone(),
        })
    }
}

/// The wire name of a basis.
pub fn basis_dto(basis: Basis) -> BasisDto {
    match basis {
        Basis::ConfidentialProfile => BasisDto::ConfidentialProfile,
        Basis::Answers => BasisDto::Answers,
        Basis::Proposal => BasisDto::Proposal,
    }
}
