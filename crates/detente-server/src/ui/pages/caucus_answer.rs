//! The caucus room's answer forms for questions about single issues (best and worst value,
//! ratings, points of importance, the walk-away rating), filled in with what the delegation's own
//! profile says where it is a sum of per-issue scores.
//!
//! The suggestions are the answers a truthful delegation with this profile gives
//! (`detente_core::talks::truthful`): a value's rating is its score ×100, an issue's points its
//! weight's share of 100, the walk-away rating the reservation value ×100. The delegation may
//! change any of them; a profile that is not a sum of per-issue scores gets empty inputs and the
//! advice that "cannot say" is the honest answer.

use detente_core::talks::message::{Answer, Question};
use detente_core::talks::truthful::Separable;
use detente_core::{OutcomeSpace, Profile};

use super::common::SelectOption;
use crate::engine::QuestionDto;

/// One number input of an answer form.
#[derive(Debug, Clone)]
pub struct NumberInput {
    /// Form field name.
    pub name: String,
    /// Element id.
    pub id: String,
    /// Label text.
    pub label: String,
    /// Value it starts with (empty: none suggested).
    pub value: String,
}

/// The best-and-worst form: two selects over the issue's values.
#[derive(Debug, Clone)]
pub struct ExtremesForm {
    /// The issue asked about.
    pub issue: String,
    /// Options of the `best` select.
    pub best: Vec<SelectOption>,
    /// Options of the `worst` select.
    pub worst: Vec<SelectOption>,
}

/// The inputs of the pending question's answer form, for the kinds that need more than buttons.
#[derive(Debug, Clone, Default)]
pub struct AnswerInputs {
    /// An `extremes` question's selects.
    pub extremes: Option<ExtremesForm>,
    /// One rating per option of a `rate` question, or one per issue of a `split_points` question,
    /// or the one walk-away rating.
    pub numbers: Vec<NumberInput>,
    /// Where the suggested values come from, or why there are none.
    pub note: Option<String>,
}

const SUGGESTED: &str = "Filled in from your profile (the table below); change anything that does not match your delegation's view before sending.";
const NOT_SEPARABLE: &str = "Your profile is not a sum of per-issue scores: what a value is worth to you depends on the rest of the package. If so, \u{201c}Cannot say\u{201d} is the honest answer.";

/// The answer inputs for `question`, suggested from `profile` where it is separable by issue.
pub fn answer_inputs(
    space: &OutcomeSpace,
    question: &QuestionDto,
    profile: Option<&Profile>,
) -> AnswerInputs {
    let Ok(core) = question.to_core(space, "question") else {
        return AnswerInputs::default();
    };
    if !core.kind().is_per_issue() {
        return AnswerInputs::default();
    }
    // The suggestions are exactly the truthful answers; `None` outside the model.
    let suggested = profile
        .and_then(|p| Separable::of(space, p))
        .and_then(|s| s.per_issue(space, &core));
    let note = Some(
        if suggested.is_some() {
            SUGGESTED
        } else {
            NOT_SEPARABLE
        }
        .to_string(),
    );
    let mut inputs = AnswerInputs {
        note,
        ..AnswerInputs::default()
    };
    match &core {
        Question::Extremes(k) => inputs.extremes = extremes_form(space, *k, suggested.as_ref()),
        Question::Rate(options) => {
            inputs.numbers = rating_inputs(space, options, suggested.as_ref())
        }
        Question::SplitPoints => inputs.numbers = points_inputs(space, suggested.as_ref()),
        Question::RateWalkAway => {
            let value = match &suggested {
                Some(Answer::Rating(r)) => r.to_string(),
                _ => String::new(),
            };
            inputs.numbers = vec![NumberInput {
                name: "walk_away".into(),
                id: "walk-away".into(),
                label: "Your walk-away point (0–100)".into(),
                value,
            }];
        }
        _ => {}
    }
    inputs
}

/// Two selects over issue `k`'s values, preselecting the `suggested` best and worst (else its
/// first and last value).
fn extremes_form(
    space: &OutcomeSpace,
    k: usize,
    suggested: Option<&Answer>,
) -> Option<ExtremesForm> {
    let issue = space.issues().get(k)?;
    let count = issue.cardinality().unwrap_or(0) as u64;
    let position = |v| issue.index_of(v).map(|i| i as usize);
    let (best, worst) = match suggested {
        Some(Answer::Extremes { best, worst }) => (position(best), position(worst)),
        _ => (Some(0), count.checked_sub(1).map(|i| i as usize)),
    };
    let values: Vec<String> = (0..count)
        .filter_map(|i| issue.value_at(i))
        .map(|v| issue.format_value(&v))
        .collect();
    let select = |chosen: Option<usize>| {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| SelectOption {
                value: v.clone(),
                label: v.clone(),
                selected: Some(i) == chosen,
            })
            .collect()
    };
    Some(ExtremesForm {
        issue: issue.name().to_string(),
        best: select(best),
        worst: select(worst),
    })
}

/// One rating input per option, in the question's order, filled with the `suggested` ratings.
fn rating_inputs(
    space: &OutcomeSpace,
    options: &[(usize, detente_core::Value)],
    suggested: Option<&Answer>,
) -> Vec<NumberInput> {
    let ratings = match suggested {
        Some(Answer::Ratings(r)) => r.as_slice(),
        _ => &[],
    };
    options
        .iter()
        .enumerate()
        .map(|(n, (k, v))| {
            let issue = &space.issues()[*k];
            NumberInput {
                name: "rating".into(),
                id: format!("rating-{n}"),
                label: format!("{} = {}", issue.name(), issue.format_value(v)),
                value: ratings.get(n).map(u8::to_string).unwrap_or_default(),
            }
        })
        .collect()
}

/// One points input per issue, in issue order, filled with the `suggested` points.
fn points_inputs(space: &OutcomeSpace, suggested: Option<&Answer>) -> Vec<NumberInput> {
    let points = match suggested {
        Some(Answer::Points(p)) => Some(p),
        _ => None,
    };
    space
        .issues()
        .iter()
        .enumerate()
        .map(|(k, issue)| NumberInput {
            name: format!("points.{}", issue.name()),
            id: format!("points-{k}-{}", detente_core::slug::slug(issue.name())),
            label: issue.name().to_string(),
            value: points
                .as_ref()
                .and_then(|p| p.get(k))
                .map(u32::to_string)
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use detente_core::talks::truthful::TruthfulAnswers;
    use detente_core::Scenario;

    use super::*;
    use crate::engine::wire::OptionDto;
    use crate::engine::AnswerDto;

    fn hiring() -> std::sync::Arc<Scenario> {
        let (format, text) = crate::examples::find("hiring").expect("a bundled example");
        let agenda = crate::engine::scenario::parse(format, text).expect("the example reads");
        std::sync::Arc::new(agenda.scenario().expect("the example has every profile"))
    }

    /// What a truthful delegation with `profile` answers, in wire form.
    fn truthful(space: &OutcomeSpace, profile: &Profile, question: &QuestionDto) -> AnswerDto {
        let core = question.to_core(space, "question").unwrap();
        let answer = TruthfulAnswers::new(space, profile.clone()).answer(&core);
        AnswerDto::from_core(space, &core, &answer)
    }

    fn values(inputs: &AnswerInputs) -> Vec<String> {
        inputs.numbers.iter().map(|n| n.value.clone()).collect()
    }

    #[test]
    fn suggestions_are_the_truthful_answers_of_the_own_profile() {
        let scenario = hiring();
        let space = scenario.space();
        let profile = &scenario.parties()[1].profile;
        let points = answer_inputs(space, &QuestionDto::SplitPoints, Some(profile));
        let AnswerDto::Points { points: expected } =
            truthful(space, profile, &QuestionDto::SplitPoints)
        else {
            panic!("points expected")
        };
        let expected: Vec<String> = expected.values().map(u32::to_string).collect();
        assert_eq!(values(&points), expected);
        assert_eq!(points.numbers[0].name, "points.salary");
        assert_eq!(points.note.as_deref(), Some(SUGGESTED));

        let rate = QuestionDto::Rate {
            options: vec![
                OptionDto {
                    issue: "salary".into(),
                    value: "high".into(),
                },
                OptionDto {
                    issue: "remote".into(),
                    value: "none".into(),
                },
            ],
        };
        let AnswerDto::Ratings { ratings } = truthful(space, profile, &rate) else {
            panic!("ratings expected")
        };
        let inputs = answer_inputs(space, &rate, Some(profile));
        let expected: Vec<String> = ratings.iter().map(u8::to_string).collect();
        assert_eq!(values(&inputs), expected);
        assert_eq!(inputs.numbers[1].label, "remote = none");

        let walk_away = answer_inputs(space, &QuestionDto::RateWalkAway, Some(profile));
        let AnswerDto::Rating { rating } = truthful(space, profile, &QuestionDto::RateWalkAway)
        else {
            panic!("a rating expected")
        };
        assert_eq!(values(&walk_away), [rating.to_string()]);

        let extremes = QuestionDto::Extremes {
            issue: "remote".into(),
        };
        let AnswerDto::Extremes { best, worst } = truthful(space, profile, &extremes) else {
            panic!("extremes expected")
        };
        let form = answer_inputs(space, &extremes, Some(profile))
            .extremes
            .unwrap();
        let chosen =
            |options: &[SelectOption]| options.iter().find(|o| o.selected).unwrap().value.clone();
        assert_eq!((chosen(&form.best), chosen(&form.worst)), (best, worst));
    }

    #[test]
    fn without_a_separable_profile_nothing_is_suggested_and_other_kinds_need_no_inputs() {
        let scenario = hiring();
        let space = scenario.space();
        let inputs = answer_inputs(space, &QuestionDto::SplitPoints, None);
        assert_eq!(inputs.numbers.len(), space.issues().len());
        assert!(inputs.numbers.iter().all(|n| n.value.is_empty()));
        assert_eq!(inputs.note.as_deref(), Some(NOT_SEPARABLE));
        let test = answer_inputs(space, &QuestionDto::RankIssues, None);
        assert!(test.numbers.is_empty() && test.extremes.is_none() && test.note.is_none());
    }
}
