//! The pages: askama templates and the view models they render, built for one reader each.
//!
//! The mediator's desk is built from [`views::mediator`](crate::views::mediator) plus the
//! utilities of tested packages for the profiles the mediator holds; the caucus room from
//! [`views::party`](crate::views::party) plus the delegation's own profile (read through
//! `ProfilesSeen`, to suggest its answers to questions about single issues), so it can show
//! nothing of another delegation that the API would not give that delegation. Each page is assembled from one builder per
//! section, in the order the template shows them.

mod caucus;
mod caucus_answer;
mod common;
mod desk_blind;
mod desk_charts;
#[cfg(test)]
mod desk_fixtures;
mod desk_form;
mod desk_suggest;
mod mediator;

pub use caucus::caucus_page;
pub use common::{
    CreatedPage, ErrorPage, ExampleOption, HomePage, KeyPage, LinkRow, PublicPage, PublicTalkPage,
    TalkSummary,
};
pub use mediator::mediator_page;
