//! `--plot`: one negotiation drawn with plotters. Left, the offers in the utility space of the
//! first two parties over the Pareto frontier (agreement and Nash point marked); right, each
//! party's utility of every offer over relative time. Font, format and styling come from
//! [`crate::plot`].

use std::path::Path;

use anyhow::bail;
use detente_core::protocol::EventAction;
use detente_core::quality::Reference;
use detente_core::run::NegotiationResult;
use detente_core::trace::TraceEntry;
use detente_core::{Party, Scenario};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plot::{self, Picture, XyChart, LABEL_FONT};

/// Draws the picture; the format follows the extension (`.svg` or `.png`).
pub fn draw(
    path: &Path,
    scenario: &Scenario,
    reference: Option<&Reference>,
    result: &NegotiationResult,
) -> anyhow::Result<()> {
    if scenario.parties().len() < 2 {
        bail!("a negotiation plot needs at least two parties");
    }
    let picture = NegotiationPicture {
        scenario,
        reference,
        result,
    };
    plot::draw(path, &picture)
}

struct NegotiationPicture<'a> {
    scenario: &'a Scenario,
    reference: Option<&'a Reference>,
    result: &'a NegotiationResult,
}

impl Picture for NegotiationPicture<'_> {
    fn size(&self) -> (u32, u32) {
        (1280, 560)
    }

    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        render(root, self.scenario, self.reference, self.result)
    }
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1e-3);
    (lo - pad, hi + pad)
}

/// A panel's chart over two `f64` axes.
/// An offer or proposal in the trace, as the panels draw it.
type Offer<'a> = &'a TraceEntry;

fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scenario: &Scenario,
    reference: Option<&Reference>,
    result: &NegotiationResult,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (left, right) = root.split_horizontally(640);
    let parties = scenario.parties();
    let offers: Vec<_> = result
        .trace
        .iter()
        .filter(|e| {
            matches!(e.action, EventAction::Offer | EventAction::Propose) && !e.utilities.is_empty()
        })
        .collect();
    utility_space_panel(&left, parties, &offers, reference, result)?;
    time_panel(&right, parties, &offers)
}

/// Left: the offers in the utility space of the first two parties, over the Pareto frontier,
/// with the mediator's proposals, the Nash point and the agreement marked.
fn utility_space_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    parties: &[Party],
    offers: &[Offer<'_>],
    reference: Option<&Reference>,
    result: &NegotiationResult,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let frontier: Vec<(f64, f64)> = reference
        .map(|r| r.frontier.iter().map(|p| (p[0], p[1])).collect())
        .unwrap_or_default();
    let xs = offers
        .iter()
        .map(|e| e.utilities[0])
        .chain(frontier.iter().map(|p| p.0));
    let ys = offers
        .iter()
        .map(|e| e.utilities[1])
        .chain(frontier.iter().map(|p| p.1));
    let (x0, x1) = span(xs);
    let (y0, y1) = span(ys);
    let mut chart = plot::chart(area, "Offers in utility space")
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(plot::drawing_error)?;
    chart
        .configure_mesh()
        .x_desc(format!("utility of {}", parties[0].name))
        .y_desc(format!("utility of {}", parties[1].name))
        .label_style(LABEL_FONT)
        .draw()
        .map_err(plot::drawing_error)?;
    let mut sorted = frontier;
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    chart
        .draw_series(LineSeries::new(sorted, BLACK.mix(0.5).stroke_width(2)))
        .map_err(plot::drawing_error)?
        .label("Pareto frontier")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.5)));
    for (i, party) in parties.iter().enumerate().take(plot::PALETTE.len()) {
        let colour = plot::PALETTE[i];
        let points = offers.iter().filter(|e| e.party == Some(i)).map(|e| {
            Circle::new(
                (e.utilities[0], e.utilities[1]),
                3,
                colour.mix(0.7).filled(),
            )
        });
        chart
            .draw_series(points)
            .map_err(plot::drawing_error)?
            .label(format!("offers by {}", party.name))
            .legend(move |(x, y)| Circle::new((x + 8, y), 3, colour.filled()));
    }
    draw_mediator_proposals(&mut chart, offers)?;
    draw_nash_and_agreement(&mut chart, reference, result)?;
    plot::legend(&mut chart, SeriesLabelPosition::MiddleRight)
}

/// The mediator's proposals (offers by no party) in grey, when there are any.
fn draw_mediator_proposals<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    offers: &[Offer<'_>],
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let mediator: Vec<_> = offers.iter().filter(|e| e.party.is_none()).collect();
    if mediator.is_empty() {
        return Ok(());
    }
    chart
        .draw_series(mediator.iter().map(|e| {
            Circle::new(
                (e.utilities[0], e.utilities[1]),
                3,
                RGBColor(120, 120, 120).mix(0.6).filled(),
            )
        }))
        .map_err(plot::drawing_error)?
        .label("mediator proposals")
        .legend(|(x, y)| Circle::new((x + 8, y), 3, RGBColor(120, 120, 120).filled()));
    Ok(())
}

/// The Nash point (when the reference has one) and the agreement (when one was reached).
fn draw_nash_and_agreement<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    reference: Option<&Reference>,
    result: &NegotiationResult,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    if let Some(n) = reference.and_then(|r| r.nash.as_ref()) {
        chart
            .draw_series(std::iter::once(TriangleMarker::new(
                (n[0], n[1]),
                8,
                RGBColor(255, 127, 14).filled(),
            )))
            .map_err(plot::drawing_error)?
            .label("Nash point")
            .legend(|(x, y)| TriangleMarker::new((x + 8, y), 5, RGBColor(255, 127, 14).filled()));
    }
    if let Some(u) = &result.utilities {
        chart
            .draw_series(std::iter::once(Cross::new(
                (u[0], u[1]),
                8,
                BLACK.stroke_width(3),
            )))
            .map_err(plot::drawing_error)?
            .label("agreement")
            .legend(|(x, y)| Cross::new((x + 8, y), 5, BLACK.stroke_width(2)));
    }
    Ok(())
}

/// Right: each party's utility of every offer over relative time; its own offers as a line
/// (the concession curve), everybody else's as dots.
fn time_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    parties: &[Party],
    offers: &[Offer<'_>],
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (u0, u1) = span(offers.iter().flat_map(|e| e.utilities.iter().copied()));
    let mut chart = plot::chart(area, "Each party's utility of the offers over time")
        .build_cartesian_2d(0.0..1.0, u0..u1)
        .map_err(plot::drawing_error)?;
    chart
        .configure_mesh()
        .x_desc("relative time")
        .y_desc("utility")
        .label_style(LABEL_FONT)
        .draw()
        .map_err(plot::drawing_error)?;
    for (i, party) in parties.iter().enumerate().take(plot::PALETTE.len()) {
        let colour = plot::PALETTE[i];
        let own: Vec<(f64, f64)> = offers
            .iter()
            .filter(|e| e.party == Some(i))
            .map(|e| (e.relative_time, e.utilities[i]))
            .collect();
        let received = offers.iter().filter(|e| e.party != Some(i)).map(|e| {
            Circle::new(
                (e.relative_time, e.utilities[i]),
                2,
                colour.mix(0.35).filled(),
            )
        });
        chart
            .draw_series(LineSeries::new(own, colour.stroke_width(2)))
            .map_err(plot::drawing_error)?
            .label(format!("{}: own offers", party.name))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour));
        chart
            .draw_series(received)
            .map_err(plot::drawing_error)?
            .label(format!("{}: offers received", party.name))
            .legend(move |(x, y)| Circle::new((x + 8, y), 2, colour.mix(0.35).filled()));
    }
    plot::legend(&mut chart, SeriesLabelPosition::MiddleRight)
}
