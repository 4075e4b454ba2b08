//! `--plot FILE.svg`: the margin over rounds and, for two parties, every tested package in utility
//! space. The plot is an analyst's view (it uses the full profiles), like the mediator's minutes.
//!
//! Font, format and styling come from [`crate::plot`].

use detente_core::talks::message::Question;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::Run;
use crate::plot::{self, Picture, LABEL_FONT};

/// Draws the plot to `path`; the format follows the extension (`.svg` or `.png`).
pub fn draw(run: &Run, path: &std::path::Path) -> anyhow::Result<()> {
    plot::draw(path, &TalksPicture(run))
}

struct TalksPicture<'a>(&'a Run);

impl Picture for TalksPicture<'_> {
    fn size(&self) -> (u32, u32) {
        if self.0.record.parties.len() == 2 {
            (1200, 520)
        } else {
            (640, 520)
        }
    }

    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let run = self.0;
        if run.record.parties.len() == 2 {
            let (left, right) = root.split_horizontally(620);
            margin_chart(run, &left)?;
            utility_chart(run, &right)?;
        } else {
            margin_chart(run, root)?;
        }
        Ok(())
    }
}

fn margin_chart<DB: DrawingBackend>(run: &Run, area: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let points: Vec<_> = run.record.rounds.iter().map(|r| &r.margin).collect();
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    for m in &points {
        for v in [m.estimate.lower, m.estimate.upper, m.estimate.estimate]
            .into_iter()
            .chain(m.exact)
        {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let pad = ((hi - lo) * 0.1).max(0.05);
    let last = points.len().max(1) as f64;
    let mut chart = plot::chart(area, "Margin after each round")
        .build_cartesian_2d(0.5..last + 0.5, (lo - pad)..(hi + pad))
        .map_err(plot::drawing_error)?;
    chart
        .configure_mesh()
        .x_desc("round")
        .y_desc("margin (min surplus over reservation)")
        .x_labels(points.len().clamp(2, 20))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .light_line_style(BLACK.mix(0.04))
        .label_style(LABEL_FONT)
        .draw()
        .map_err(plot::drawing_error)?;
    let xs = |f: &dyn Fn(&detente_core::talks::margin::MarginPoint) -> f64| -> Vec<(f64, f64)> {
        points.iter().map(|m| (f64::from(m.round), f(m))).collect()
    };
    let band = RGBColor(120, 160, 220);
    let mut outline = xs(&|m| m.estimate.upper);
    outline.extend(xs(&|m| m.estimate.lower).into_iter().rev());
    chart
        .draw_series(std::iter::once(Polygon::new(outline, band.mix(0.18))))
        .map_err(plot::drawing_error)?;
    let axis = BLACK.mix(0.7).stroke_width(2);
    chart
        .draw_series(LineSeries::new(vec![(0.5, 0.0), (last + 0.5, 0.0)], axis))
        .map_err(plot::drawing_error)?
        .label("zone boundary (margin 0)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], axis));
    chart
        .draw_series(LineSeries::new(xs(&|m| m.estimate.upper), band.mix(0.6)))
        .map_err(plot::drawing_error)?
        .label("upper bound")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], band.mix(0.6)));
    chart
        .draw_series(LineSeries::new(xs(&|m| m.estimate.lower), band.mix(0.6)))
        .map_err(plot::drawing_error)?
        .label("lower bound")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], band.mix(0.6)));
    chart
        .draw_series(LineSeries::new(
            xs(&|m| m.estimate.estimate),
            BLUE.stroke_width(2),
        ))
        .map_err(plot::drawing_error)?
        .label("mediator's estimate")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(
            points
                .iter()
                .map(|m| Circle::new((f64::from(m.round), m.estimate.estimate), 3, BLUE.filled())),
        )
        .map_err(plot::drawing_error)?;
    if points.iter().any(|m| m.exact.is_some()) {
        let exact: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|m| m.exact.map(|x| (f64::from(m.round), x)))
            .collect();
        chart
            .draw_series(LineSeries::new(exact, RED.stroke_width(1)))
            .map_err(plot::drawing_error)?
            .label("exact margin")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
    }
    plot::legend(&mut chart, SeriesLabelPosition::MiddleRight)
}

fn utility_chart<DB: DrawingBackend>(run: &Run, area: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let parties = run.scenario.parties();
    let u = |k: usize, p: &[detente_core::Value]| parties[k].profile.utility.utility(p);
    let tested: Vec<(f64, f64)> = run
        .record
        .rounds
        .iter()
        .flat_map(|r| r.caucuses.iter())
        .flat_map(|c| c.exchanges.iter())
        .filter_map(|e| match &e.question {
            Question::Test(p) => Some((u(0, p), u(1, p))),
            _ => None,
        })
        .collect();
    let space = run.scenario.space();
    let ranges: Vec<(f64, f64)> = parties
        .iter()
        .map(|p| {
            p.profile
                .utility
                .range(space, 1_000_000)
                .unwrap_or((0.0, 1.0))
        })
        .collect();
    let span = |r: (f64, f64)| {
        let pad = ((r.1 - r.0) * 0.05).max(0.01);
        (r.0 - pad)..(r.1 + pad)
    };
    let mut chart = plot::chart(area, "Tested packages in utility space")
        .build_cartesian_2d(span(ranges[0]), span(ranges[1]))
        .map_err(plot::drawing_error)?;
    chart
        .configure_mesh()
        .x_desc(format!("utility of {}", parties[0].name))
        .y_desc(format!("utility of {}", parties[1].name))
        .light_line_style(BLACK.mix(0.04))
        .label_style(LABEL_FONT)
        .draw()
        .map_err(plot::drawing_error)?;
    let (r0, r1) = (
        parties[0].profile.reservation,
        parties[1].profile.reservation,
    );
    let grey = RGBColor(200, 120, 40).stroke_width(2);
    chart
        .draw_series(LineSeries::new(
            vec![(r0, ranges[1].0), (r0, ranges[1].1)],
            grey,
        ))
        .map_err(plot::drawing_error)?
        .label("reservation values")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], grey));
    chart
        .draw_series(LineSeries::new(
            vec![(ranges[0].0, r1), (ranges[0].1, r1)],
            grey,
        ))
        .map_err(plot::drawing_error)?;
    chart
        .draw_series(
            tested
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 4, BLUE.mix(0.5).filled())),
        )
        .map_err(plot::drawing_error)?
        .label("tested package")
        .legend(|(x, y)| Circle::new((x + 9, y), 4, BLUE.mix(0.5).filled()));
    if let Some(n) = &run.reference.nash {
        let n = space.outcome_from_indices(n);
        let at = (u(0, &n), u(1, &n));
        chart
            .draw_series(std::iter::once(Cross::new(at, 7, GREEN.stroke_width(3))))
            .map_err(plot::drawing_error)?
            .label("Nash point")
            .legend(|(x, y)| Cross::new((x + 9, y), 5, GREEN.stroke_width(3)));
    }
    if let Some(a) = run.record.agreement() {
        let at = (u(0, a), u(1, a));
        chart
            .draw_series(std::iter::once(Circle::new(at, 8, RED.stroke_width(3))))
            .map_err(plot::drawing_error)?
            .label("agreement")
            .legend(|(x, y)| Circle::new((x + 9, y), 5, RED.stroke_width(3)));
    }
    plot::legend(&mut chart, SeriesLabelPosition::LowerLeft)
}
