//! The suggested-questions panel of the mediator's desk: per delegation at the table, the blind
//! strategy's next question in words with its reason, a form that puts it as suggested (the ask
//! form's own fields, hidden, with the suggestion's provenance), and a link that pre-fills the
//! ask form with it to edit first. Ignoring a suggestion takes nothing.

use detente_core::slug::distinct_slugs;

use super::super::text;
use super::mediator::labelled_packages;
use crate::engine::wire::BasisDto;
use crate::engine::{PackageDto, ProvenanceDto, QuestionDto};
use crate::views::{MediatorView, SuggestionView};

/// One suggestion on the desk.
#[derive(Debug, Clone)]
pub struct SuggestionCard {
    /// The delegation.
    pub party: String,
    /// Element id of its "Ask as suggested" button.
    pub id: String,
    /// The question, as a sentence.
    pub ask: String,
    /// What it names besides packages.
    pub detail: Option<String>,
    /// Packages shown, labelled.
    pub packages: Vec<(String, String)>,
    /// Why the strategy asks it.
    pub reason: String,
    /// The provenance the question declares, in words.
    pub declares: String,
    /// The ask form's fields for this question and provenance (hidden inputs).
    pub fields: Vec<(String, String)>,
    /// The desk with the ask form pre-filled with it.
    pub edit_href: String,
}

/// One card per suggestion, in seat order.
pub(super) fn suggestion_cards(view: &MediatorView) -> Vec<SuggestionCard> {
    let names: Vec<String> = view.suggestions.iter().map(|s| s.party.clone()).collect();
    view.suggestions
        .iter()
        .zip(distinct_slugs(&names))
        .map(|(s, slug)| SuggestionCard {
            party: s.party.clone(),
            id: format!("suggest-{slug}"),
            ask: text::question(&s.question).to_string(),
            detail: text::question_detail(&s.question),
            packages: labelled_packages(&s.question),
            reason: sentence(&s.reason),
            declares: declares(&s.provenance),
            fields: ask_fields(s),
            edit_href: format!(
                "/talks/{}/mediator?draft={}#caucus",
                percent_encoded(&view.public.talk_id),
                percent_encoded(&s.party)
            ),
        })
        .collect()
}

/// Every field the ask form posts for suggestion `s`: party, question, provenance.
pub(super) fn ask_fields(s: &SuggestionView) -> Vec<(String, String)> {
    let mut fields = vec![("party".to_string(), s.party.clone())];
    fields.extend(question_fields(&s.question));
    fields.extend(s.provenance.sources.iter().map(|src| {
        (
            "source".to_string(),
            format!("{}|{}", src.party, basis_value(src.basis)),
        )
    }));
    fields.push(("reveals".to_string(), s.provenance.reveals.clone()));
    fields
}

/// The ask form's `kind` for a question.
pub(super) fn form_kind(q: &QuestionDto) -> &'static str {
    match q {
        QuestionDto::Test { .. } => "test",
        QuestionDto::Propose => "propose",
        QuestionDto::RankIssues => "rank_issues",
        QuestionDto::Compare { .. } => "compare",
        QuestionDto::JointSession => "joint_session",
        QuestionDto::Extremes { .. } => "extremes",
        QuestionDto::Rate { .. } => "rate",
        QuestionDto::SplitPoints => "split_points",
        QuestionDto::PositionTest { .. } => "position_test",
        QuestionDto::RateWalkAway => "rate_walk_away",
    }
}

/// The ask form's fields for question `q`, as `forms::question_from` reads them back.
fn question_fields(q: &QuestionDto) -> Vec<(String, String)> {
    let mut fields = vec![("kind".to_string(), form_kind(q).to_string())];
    match q {
        QuestionDto::Test { package } | QuestionDto::PositionTest { package } => {
            fields.extend(package_fields("a", package));
        }
        QuestionDto::Compare { a, b } => {
            fields.extend(package_fields("a", a));
            fields.extend(package_fields("b", b));
        }
        QuestionDto::Extremes { issue } => fields.push(("issue".into(), issue.clone())),
        QuestionDto::Rate { options } => fields.push((
            "rate_issue".into(),
            serde_json::to_string(options).unwrap_or_default(),
        )),
        QuestionDto::Propose
        | QuestionDto::RankIssues
        | QuestionDto::JointSession
        | QuestionDto::SplitPoints
        | QuestionDto::RateWalkAway => {}
    }
    fields
}

fn package_fields<'a>(
    prefix: &'a str,
    package: &'a PackageDto,
) -> impl Iterator<Item = (String, String)> + 'a {
    package
        .iter()
        .map(move |(issue, value)| (format!("{prefix}.{issue}"), value.clone()))
}

/// A reason line as a sentence's end: with its full stop.
fn sentence(line: &str) -> String {
    let line = line.trim_end();
    if line.ends_with(['.', '!', '?']) {
        line.to_string()
    } else {
        format!("{line}.")
    }
}

/// The provenance checkbox's basis value.
pub(super) fn basis_value(basis: BasisDto) -> &'static str {
    match basis {
        BasisDto::Answers => "answers",
        BasisDto::Proposal => "proposal",
        BasisDto::ConfidentialProfile => "confidential_profile",
    }
}

/// What putting the question declares to the delegation's record, in words.
fn declares(p: &ProvenanceDto) -> String {
    if p.sources.is_empty() {
        return "Computed from no delegation's private data.".into();
    }
    let sources: Vec<String> = p
        .sources
        .iter()
        .map(|s| {
            let basis = match s.basis {
                BasisDto::Answers => "answers",
                BasisDto::Proposal => "proposal",
                BasisDto::ConfidentialProfile => "profile, held in confidence",
            };
            format!("{}'s {basis}", s.party)
        })
        .collect();
    format!(
        "Declared as computed from {}.",
        detente_core::talks::communique::join_names(&sources)
    )
}

/// `text` for a URL's path or query: unreserved ASCII as is, every other byte as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::forms::question_from;
    use super::super::super::provenance_from;
    use super::super::desk_fixtures::{desk, miami_agenda};
    use super::*;
    use crate::engine::wire::{OptionDto, SourceDto};

    fn package(values: &[(&str, &str)]) -> PackageDto {
        values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Every kind of question, with names that need escaping.
    fn every_question() -> Vec<QuestionDto> {
        let a = package(&[("occupied areas", "returned to Ukraine"), ("format", "a|b")]);
        let b = package(&[("occupied areas", "recognised as Russian"), ("format", "c")]);
        let option = |issue: &str, value: &str| OptionDto {
            issue: issue.into(),
            value: value.into(),
        };
        vec![
            QuestionDto::Test { package: a.clone() },
            QuestionDto::Propose,
            QuestionDto::RankIssues,
            QuestionDto::Compare { a: a.clone(), b },
            QuestionDto::JointSession,
            QuestionDto::Extremes {
                issue: "occupied areas".into(),
            },
            QuestionDto::Rate {
                options: vec![
                    option("ceasefire", "full, along the contact line"),
                    option("sanctions relief", "none"),
                ],
            },
            QuestionDto::SplitPoints,
            QuestionDto::PositionTest { package: a },
            QuestionDto::RateWalkAway,
        ]
    }

    #[test]
    fn every_kind_of_question_and_its_provenance_round_trip_through_the_ask_form() {
        let provenance = ProvenanceDto {
            sources: vec![
                SourceDto {
                    party: "Russia".into(),
                    basis: BasisDto::Answers,
                },
                SourceDto {
                    party: "A|B".into(),
                    basis: BasisDto::ConfidentialProfile,
                },
            ],
            reveals: "that Russia's answers shaped it".into(),
        };
        for question in every_question() {
            let s = SuggestionView {
                party: "Ukraine".into(),
                question: question.clone(),
                reason: String::new(),
                provenance: provenance.clone(),
            };
            let form = ask_fields(&s);
            assert_eq!(question_from(&form).unwrap(), question, "{form:?}");
            assert_eq!(provenance_from(&form).unwrap(), provenance);
            assert_eq!(form[0], ("party".to_string(), "Ukraine".to_string()));
        }
    }

    #[test]
    fn an_agenda_only_talk_suggests_a_question_per_delegation() {
        let view = desk(&miami_agenda());
        let cards = suggestion_cards(&view);
        let parties: Vec<&str> = cards.iter().map(|c| c.party.as_str()).collect();
        assert_eq!(parties, ["Ukraine", "Russia"]);
        for card in &cards {
            assert!(!card.ask.is_empty() && !card.reason.is_empty(), "{card:?}");
            assert!(
                card.declares.starts_with("Declared as computed from")
                    || card.declares.starts_with("Computed from no")
            );
        }
        assert_eq!(cards[0].edit_href, "/talks/t/mediator?draft=Ukraine#caucus");
        assert_eq!(cards[1].id, "suggest-russia");
    }

    #[test]
    fn names_travel_percent_encoded() {
        assert_eq!(percent_encoded("North Korea"), "North%20Korea");
        assert_eq!(
            percent_encoded("Україна"),
            "%D0%A3%D0%BA%D1%80%D0%B0%D1%97%D0%BD%D0%B0"
        );
        assert_eq!(percent_encoded("a&b#c"), "a%26b%23c");
    }
}
