//! The pages: askama templates and the view models they render, built for one reader each.
//!
//! The mediator's desk is built from [`views::mediator`](crate::views::mediator) plus the
//! utilities of tested packages for the profiles the mediator holds; the caucus room from
//! [`views::party`](crate::views::party) plus the delegation's own profile (read through
//! `ProfilesSeen`, to suggest its answers to questions about single issues), so it can show
//! nothing of another delegation that the API would not give that delegation. Each page is assembled from one builder per
//! section, in the order the template shows them.
//! The caucus room's preferences and privacy panel (`caucus_privacy`), agent consent panel
//! (`caucus_agent`) and preference wizard (`caucus_wizard`, a page of its own) read only the
//! delegation's own view and its own wizard draft.

mod caucus;
mod caucus_agent;
mod caucus_answer;
mod caucus_privacy;
mod caucus_wizard;
mod common;
mod desk_blind;
mod desk_charts;
#[cfg(test)]
mod desk_fixtures;
mod desk_form;
mod desk_suggest;
mod mediator;

pub use caucus::caucus_page;
pub use caucus_wizard::{wizard_page, WizardPageKind, WizardQuery};
pub use common::{
    CreatedPage, ErrorPage, ExampleOption, HomePage, KeyPage, LinkRow, PublicPage, PublicTalkPage,
    TalkSummary,
};
pub use mediator::mediator_page;
