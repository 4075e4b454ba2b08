//! The pages: askama templates and the view models they render, built for one reader each.
//!
//! The mediator's desk is built from [`views::mediator`](crate::api::views::mediator) plus the
//! utilities of tested packages for the profiles the mediator holds; the caucus room from
//! [`views::party`](crate::api::views::party) alone, so it can show nothing of another delegation
//! that the API would not give that delegation. Each page is assembled from one builder per
//! section, in the order the template shows them.

mod caucus;
mod common;
mod desk_charts;
mod desk_form;
mod mediator;

pub use caucus::{
    caucus_page, CaucusPage, OwnExchangeRow, PackageCard, PendingView, ProfileIssue, ProfileValue,
};
pub use common::{
    CreatedPage, ErrorPage, ExampleOption, HomePage, IssueSelect, KeyPage, LinkRow, PublicPage,
    PublicTalkPage, SelectOption, TalkSummary,
};
pub use desk_charts::{MarginRow, UtilityRow};
pub use desk_form::{Preset, SourceOption};
pub use mediator::{
    mediator_page, CaucusBlock, ExchangeRow, LedgerRow, MediatorPage, RoundBlock, SeatRow,
};
