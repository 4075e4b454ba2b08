//! A posted form read into the wire form of a question (the mediator's desk) or an answer (a
//! caucus room). Only the form's shape is checked here (a number is a number, a kind is a kind);
//! whether the question fits the scenario and the answer the question is the engine's call, the
//! same as for the JSON API, and its errors name the same fields (`answer.points`, …).

use indexmap::IndexMap;

use super::{field, package};
use crate::engine::wire::{Choice, OptionDto};
use crate::engine::{AnswerDto, QuestionDto};
use crate::error::{ApiError, FieldError};

fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
    ApiError::Invalid(FieldError::new(field, message))
}

/// The question the desk's form asks (`kind` and the fields that kind needs).
pub(super) fn question_from(form: &[(String, String)]) -> Result<QuestionDto, ApiError> {
    Ok(match field(form, "kind").unwrap_or("test") {
        "test" => QuestionDto::Test {
            package: package(form, "a"),
        },
        "propose" => QuestionDto::Propose,
        "rank_issues" => QuestionDto::RankIssues,
        "compare" => QuestionDto::Compare {
            a: package(form, "a"),
            b: package(form, "b"),
        },
        "joint_session" => QuestionDto::JointSession,
        "extremes" => QuestionDto::Extremes {
            issue: field(form, "issue")
                .ok_or_else(|| invalid("question.issue", "choose the issue to ask about"))?
                .to_string(),
        },
        "rate" => QuestionDto::Rate {
            options: rated_options(form)?,
        },
        "split_points" => QuestionDto::SplitPoints,
        "position_test" => QuestionDto::PositionTest {
            package: package(form, "a"),
        },
        "rate_walk_away" => QuestionDto::RateWalkAway,
        other => {
            return Err(invalid(
                "kind",
                format!("`{other}` is not a kind of question"),
            ))
        }
    })
}

/// The options of a rating question: every value of the issue chosen whole (`rate_issue`, its
/// options as a JSON list), then each option ticked one by one (`option`, one JSON object each),
/// each option once.
fn rated_options(form: &[(String, String)]) -> Result<Vec<OptionDto>, ApiError> {
    let mut options: Vec<OptionDto> = match field(form, "rate_issue") {
        Some(list) => serde_json::from_str(list)
            .map_err(|_| invalid("rate_issue", "is not a list of options: reload the page"))?,
        None => Vec::new(),
    };
    for (_, text) in form.iter().filter(|(k, _)| k == "option") {
        let option: OptionDto = serde_json::from_str(text)
            .map_err(|_| invalid("option", "is not an option: reload the page"))?;
        if !options.contains(&option) {
            options.push(option);
        }
    }
    if options.is_empty() {
        return Err(invalid(
            "question.options",
            "choose an issue to rate, or the options one by one",
        ));
    }
    Ok(options)
}

/// Every value posted under `name`, in order, empty ones included.
fn all<'a>(form: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    form.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.trim())
}

/// A whole number from 0 to 255 (the engine refuses ratings above 100 by name).
fn rating(text: &str, at: &str) -> Result<u8, ApiError> {
    if text.is_empty() {
        return Err(invalid(at, "is empty: give a whole number from 0 to 100"));
    }
    text.parse()
        .map_err(|_| invalid(at, format!("`{text}` is not a whole number from 0 to 100")))
}

/// The ratings of a rating question, one per option in the order asked (`rating` fields).
fn ratings(form: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    all(form, "rating")
        .enumerate()
        .map(|(i, text)| rating(text, &format!("answer.ratings[{i}]")))
        .collect()
}

/// The points per issue (`points.<issue>` fields).
fn points(form: &[(String, String)]) -> Result<IndexMap<String, u32>, ApiError> {
    form.iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("points.")?, v.trim())))
        .map(|(issue, text)| {
            let at = format!("answer.points.{issue}");
            if text.is_empty() {
                return Err(invalid(
                    at,
                    "is empty: give the issue its points (0 is allowed)",
                ));
            }
            let points = text
                .parse()
                .map_err(|_| invalid(&at, format!("`{text}` is not a whole number of points")))?;
            Ok((issue.to_string(), points))
        })
        .collect()
}

/// The answer a caucus room's form sends (`verdict` and the fields that answer needs), with the
/// id of the question it answers.
pub(super) fn answer_from(form: &[(String, String)]) -> Result<(u64, AnswerDto), ApiError> {
    let question = field(form, "question")
        .and_then(|q| q.parse().ok())
        .ok_or_else(|| invalid("question", "is missing: reload the page"))?;
    let listed = |name: &str| all(form, name).map(str::to_string).collect::<Vec<_>>();
    let answer = match field(form, "verdict").unwrap_or("") {
        "accept" => AnswerDto::Accept,
        "reject" => AnswerDto::Reject {
            objections: listed("objection"),
        },
        "propose" => AnswerDto::Proposal {
            package: package(form, "pkg"),
        },
        "no_proposal" => AnswerDto::NoProposal,
        "rank" => AnswerDto::Ranking {
            issues: listed("rank"),
        },
        "a" => AnswerDto::Prefer { choice: Choice::A },
        "b" => AnswerDto::Prefer { choice: Choice::B },
        "indifferent" => AnswerDto::Prefer {
            choice: Choice::Indifferent,
        },
        "consent" => AnswerDto::Consent { consent: true },
        "decline" => AnswerDto::Consent { consent: false },
        "extremes" => AnswerDto::Extremes {
            best: field(form, "best").unwrap_or_default().to_string(),
            worst: field(form, "worst").unwrap_or_default().to_string(),
        },
        "ratings" => AnswerDto::Ratings {
            ratings: ratings(form)?,
        },
        "points" => AnswerDto::Points {
            points: points(form)?,
        },
        "better" => AnswerDto::Position { better: true },
        "not_better" => AnswerDto::Position { better: false },
        "rating" => AnswerDto::Rating {
            rating: rating(
                field(form, "walk_away").unwrap_or_default(),
                "answer.rating",
            )?,
        },
        "cannot_say" => AnswerDto::CannotSay,
        _ => return Err(invalid("verdict", "choose an answer")),
    };
    Ok((question, answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn refused(result: Result<(u64, AnswerDto), ApiError>) -> (String, String) {
        match result {
            Err(ApiError::Invalid(f)) => (f.field, f.message),
            other => panic!("refused expected, got {other:?}"),
        }
    }

    #[test]
    fn each_new_answer_reads_from_its_form() {
        let read = |pairs: &[(&str, &str)]| answer_from(&form(pairs)).unwrap();
        assert_eq!(
            read(&[
                ("question", "7"),
                ("verdict", "extremes"),
                ("best", "high"),
                ("worst", "low")
            ]),
            (
                7,
                AnswerDto::Extremes {
                    best: "high".into(),
                    worst: "low".into()
                }
            )
        );
        assert_eq!(
            read(&[
                ("question", "7"),
                ("rating", "10"),
                ("rating", " 90 "),
                ("verdict", "ratings")
            ])
            .1,
            AnswerDto::Ratings {
                ratings: vec![10, 90]
            }
        );
        let points = read(&[
            ("question", "7"),
            ("points.salary", "60"),
            ("points.remote", "40"),
            ("verdict", "points"),
        ])
        .1;
        let AnswerDto::Points { points } = points else {
            panic!("points expected")
        };
        assert_eq!(
            points.into_iter().collect::<Vec<_>>(),
            [("salary".into(), 60), ("remote".into(), 40)]
        );
        assert_eq!(
            read(&[("question", "7"), ("verdict", "not_better")]).1,
            AnswerDto::Position { better: false }
        );
        assert_eq!(
            read(&[
                ("question", "7"),
                ("walk_away", "35"),
                ("verdict", "rating")
            ])
            .1,
            AnswerDto::Rating { rating: 35 }
        );
        // "Cannot say" sends whatever the inputs hold, and reads none of them.
        assert_eq!(
            read(&[("question", "7"), ("rating", ""), ("verdict", "cannot_say")]).1,
            AnswerDto::CannotSay
        );
    }

    #[test]
    fn numbers_that_do_not_read_name_their_field() {
        let (field, message) = refused(answer_from(&form(&[
            ("question", "7"),
            ("rating", "10"),
            ("rating", "lots"),
            ("verdict", "ratings"),
        ])));
        assert_eq!(field, "answer.ratings[1]");
        assert!(message.contains("`lots`"), "{message}");
        let (field, _) = refused(answer_from(&form(&[
            ("question", "7"),
            ("points.salary", ""),
            ("verdict", "points"),
        ])));
        assert_eq!(field, "answer.points.salary");
        let (field, _) = refused(answer_from(&form(&[
            ("question", "7"),
            ("walk_away", "300"),
            ("verdict", "rating"),
        ])));
        assert_eq!(field, "answer.rating");
    }

    #[test]
    fn a_rating_question_takes_a_whole_issue_and_single_options_once_each() {
        let salary_low = r#"{"issue":"salary","value":"low"}"#;
        let salary = format!(r#"[{salary_low},{{"issue":"salary","value":"mid"}}]"#);
        let question = question_from(&form(&[
            ("kind", "rate"),
            ("rate_issue", &salary),
            ("option", salary_low),
            ("option", r#"{"issue":"remote","value":"full"}"#),
        ]))
        .unwrap();
        let QuestionDto::Rate { options } = question else {
            panic!("a rating question expected")
        };
        let named: Vec<String> = options.iter().map(super::super::text::option).collect();
        assert_eq!(named, ["salary = low", "salary = mid", "remote = full"]);
        let none = question_from(&form(&[("kind", "rate"), ("rate_issue", "")]));
        assert!(
            matches!(none, Err(ApiError::Invalid(f)) if f.field == "question.options"),
            "no options chosen"
        );
        assert_eq!(
            question_from(&form(&[("kind", "extremes"), ("issue", "salary")])).unwrap(),
            QuestionDto::Extremes {
                issue: "salary".into()
            }
        );
        assert_eq!(
            question_from(&form(&[("kind", "split_points")])).unwrap(),
            QuestionDto::SplitPoints
        );
    }
}

/// The agenda a create form writes: `issues` one per line (`issue: option; option`) and the
/// delegations one per line, as the service's JSON form without profiles. Errors name the
/// form field and the line; the agenda's own checks (names, sizes) are the engine's.
pub(super) fn agenda_from(
    name: &str,
    issues: &str,
    parties: &str,
) -> Result<crate::engine::ScenarioDto, String> {
    let issues = issues
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(k, line)| agenda_issue(k + 1, line))
        .collect::<Result<Vec<_>, String>>()?;
    if issues.is_empty() {
        return Err("agenda_issues — write at least one issue: `issue: option; option`".into());
    }
    let parties: Vec<crate::engine::scenario::PartyDto> = parties
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|name| crate::engine::scenario::PartyDto {
            name: name.to_string(),
            profile: None,
        })
        .collect();
    Ok(crate::engine::ScenarioDto {
        name: name.to_string(),
        description: None,
        issues,
        parties,
    })
}

/// One line of the agenda's issues: `issue: option; option; …`.
fn agenda_issue(
    line_number: usize,
    line: &str,
) -> Result<crate::engine::scenario::IssueDto, String> {
    let (name, options) = line.split_once(':').ok_or_else(|| {
        format!("agenda_issues line {line_number} — write the issue, a colon, then its options separated by semicolons")
    })?;
    let values: Vec<String> = options
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    if values.len() < 2 {
        return Err(format!(
            "agenda_issues line {line_number} — `{}` needs at least two options separated by semicolons",
            name.trim()
        ));
    }
    Ok(crate::engine::scenario::IssueDto {
        name: name.trim().to_string(),
        values: Some(values),
        min: None,
        max: None,
    })
}

#[cfg(test)]
mod agenda_tests {
    #[test]
    fn an_agenda_form_becomes_talks_without_profiles() {
        let dto = super::agenda_from(
            "Miami",
            "ceasefire: none; full, along the contact line\n\nsanctions: none; full\n",
            "Ukraine\n Russia \n",
        )
        .unwrap();
        assert_eq!(dto.issues.len(), 2);
        assert_eq!(
            dto.issues[0].values.as_deref(),
            Some(
                &[
                    "none".to_string(),
                    "full, along the contact line".to_string()
                ][..]
            )
        );
        assert_eq!(dto.parties[1].name, "Russia");
        assert!(dto.parties.iter().all(|p| p.profile.is_none()));
        let agenda = dto.to_agenda().unwrap();
        assert_eq!(agenda.delegations().len(), 2);
    }

    #[test]
    fn a_malformed_agenda_line_is_named() {
        let e = super::agenda_from("x", "a: one; two\nsecurity guarantees", "A\nB").unwrap_err();
        assert!(e.starts_with("agenda_issues line 2"), "{e}");
        let e = super::agenda_from("x", "a: one", "A\nB").unwrap_err();
        assert!(e.contains("at least two options"), "{e}");
        assert!(super::agenda_from("x", "  ", "A").is_err());
    }
}
