//! What the pages share: talk summaries, the list and key pages, and the issue selects of a
//! package form.

use askama::Template;

use crate::engine::PackageDto;
use crate::views::{IssueView, PublicView};

/// A talk in a list.
#[derive(Debug, Clone)]
pub struct TalkSummary {
    /// Talk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Party names, joined.
    pub parties: String,
    /// `open` or `concluded`.
    pub status: String,
    /// Status in words.
    pub status_text: String,
    /// The communiqué, once concluded.
    pub communique: Option<String>,
}

impl TalkSummary {
    /// The summary of a public view.
    pub fn of(view: &PublicView) -> Self {
        let status_text = match &view.conclusion {
            Some(c) => match c.ending {
                crate::engine::EndingKind::Agreement => "Concluded with an agreement".to_string(),
                crate::engine::EndingKind::Deadline => "Concluded at the deadline".to_string(),
                crate::engine::EndingKind::WalkOut => "Concluded after a walk-out".to_string(),
            },
            None if view.round == 0 => format!("Not started ({} rounds planned)", view.rounds),
            None => format!("Round {} of {}", view.round, view.rounds),
        };
        TalkSummary {
            id: view.talk_id.clone(),
            title: view.title.clone(),
            parties: detente_core::talks::communique::join_names(&view.parties),
            status: view.status.to_string(),
            status_text,
            communique: view.conclusion.as_ref().map(|c| c.communique.clone()),
        }
    }
}

/// A bundled example in the create form.
#[derive(Debug, Clone)]
pub struct ExampleOption {
    /// Its name.
    pub name: String,
    /// Title and parties.
    pub label: String,
}

/// The home page: the mediator's list of talks and the form that creates one.
#[derive(Template)]
#[template(path = "ui/home.html")]
pub struct HomePage {
    /// Every talk, newest first as the store lists them.
    pub talks: Vec<TalkSummary>,
    /// Bundled examples.
    pub examples: Vec<ExampleOption>,
    /// What went wrong with the last attempt to create a talk.
    pub error: Option<String>,
}

/// An invitation link to hand out.
#[derive(Debug, Clone)]
pub struct LinkRow {
    /// Who it is for.
    pub who: String,
    /// The link, with the key in its fragment.
    pub url: String,
    /// An id for the copy button.
    pub slug: String,
}

/// The page shown once after a talk is created: the only time its keys are visible.
#[derive(Template)]
#[template(path = "ui/created.html")]
pub struct CreatedPage {
    /// Talk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The mediator's own link.
    pub mediator: LinkRow,
    /// One link per delegation.
    pub invitations: Vec<LinkRow>,
}

/// The page that turns a key from a link (or pasted) into a session.
#[derive(Template)]
#[template(path = "ui/key.html")]
pub struct KeyPage {
    /// Talk title.
    pub title: String,
    /// "mediator's desk" or "caucus room".
    pub place: String,
    /// Where the key is posted.
    pub action: String,
    /// Why a key is asked for again, if it is.
    pub error: Option<String>,
}

/// An error page.
#[derive(Template)]
#[template(path = "ui/error.html")]
pub struct ErrorPage {
    /// Headline.
    pub heading: String,
    /// What happened.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Published communiqués.
#[derive(Template)]
#[template(path = "ui/public.html")]
pub struct PublicPage {
    /// Talks with a communiqué.
    pub concluded: Vec<TalkSummary>,
    /// Talks still running.
    pub running: Vec<TalkSummary>,
}

/// One talk's public page.
#[derive(Template)]
#[template(path = "ui/public_talk.html")]
pub struct PublicTalkPage {
    /// The talk.
    pub talk: TalkSummary,
    /// Rounds held so far.
    pub round: u32,
}

/// A select for one issue of a package form.
#[derive(Debug, Clone)]
pub struct IssueSelect {
    /// Issue name.
    pub name: String,
    /// Form field name.
    pub field: String,
    /// Element id.
    pub id: String,
    /// Options.
    pub options: Vec<SelectOption>,
}

/// An option of an issue select.
#[derive(Debug, Clone)]
pub struct SelectOption {
    /// The value.
    pub value: String,
    /// Text shown.
    pub label: String,
    /// Whether it is selected.
    pub selected: bool,
}

/// One select per issue, named `{prefix}.{issue}`, preselecting `chosen`'s values (else each
/// issue's first) and labelling each value with its `worth` where that is known.
pub(super) fn issue_selects(
    issues: &[IssueView],
    prefix: &str,
    chosen: Option<&PackageDto>,
    worth: impl Fn(&str, &str) -> Option<f64>,
) -> Vec<IssueSelect> {
    issues
        .iter()
        .enumerate()
        .map(|(k, issue)| {
            let current = chosen.and_then(|p| p.get(&issue.name));
            IssueSelect {
                name: issue.name.clone(),
                field: format!("{prefix}.{}", issue.name),
                id: format!("{prefix}-{k}-{}", detente_core::slug::slug(&issue.name)),
                options: issue
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| SelectOption {
                        value: v.clone(),
                        label: match worth(&issue.name, v) {
                            Some(w) => format!("{v} (worth {w:.2})"),
                            None => v.clone(),
                        },
                        selected: current.map_or(i == 0, |c| c == v),
                    })
                    .collect(),
            }
        })
        .collect()
}
