//! `--plot FILE.svg`: the margin over rounds and, for two parties, every tested package in utility
//! space. The plot is an analyst's view (it uses the full profiles), like the mediator's minutes.
//!
//! Text is drawn with the bundled DejaVu Sans (`assets/fonts`); no system font is looked up.

use anyhow::anyhow;
use detente_core::talks::message::Question;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use super::Run;

static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn ensure_font() -> anyhow::Result<()> {
    register_font("sans-serif", FontStyle::Normal, FONT)
        .map_err(|_| anyhow!("the bundled font could not be loaded"))
}

fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("cannot draw the plot: {e:?}")
}

/// Renders the plot as an SVG document.
pub fn svg(run: &Run) -> anyhow::Result<String> {
    ensure_font()?;
    let two = run.record.parties.len() == 2;
    let size = if two { (1200, 520) } else { (640, 520) };
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (left, right) = if two {
            let (l, r) = root.split_horizontally(620);
            (l, Some(r))
        } else {
            (root.clone(), None)
        };
        margin_chart(run, &left)?;
        if let Some(right) = right {
            utility_chart(run, &right)?;
        }
        root.present().map_err(err)?;
    }
    Ok(buf)
}

fn margin_chart<DB: DrawingBackend>(
    run: &Run,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> anyhow::Result<()>
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
    let mut chart = ChartBuilder::on(area)
        .caption("Margin after each round", ("sans-serif", 20))
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.5..last + 0.5, (lo - pad)..(hi + pad))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("round")
        .y_desc("margin (min surplus over reservation)")
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    let xs = |f: &dyn Fn(&detente_core::talks::margin::MarginPoint) -> f64| -> Vec<(f64, f64)> {
        points.iter().map(|m| (f64::from(m.round), f(m))).collect()
    };
    chart
        .draw_series(LineSeries::new(
            vec![(0.5, 0.0), (last + 0.5, 0.0)],
            BLACK.mix(0.3),
        ))
        .map_err(err)?
        .label("zone boundary")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.mix(0.3)));
    let band = RGBColor(120, 160, 220);
    chart
        .draw_series(LineSeries::new(xs(&|m| m.estimate.upper), band.mix(0.6)))
        .map_err(err)?
        .label("upper bound")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], band.mix(0.6)));
    chart
        .draw_series(LineSeries::new(xs(&|m| m.estimate.lower), band.mix(0.6)))
        .map_err(err)?
        .label("lower bound")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], band.mix(0.6)));
    chart
        .draw_series(LineSeries::new(
            xs(&|m| m.estimate.estimate),
            BLUE.stroke_width(2),
        ))
        .map_err(err)?
        .label("mediator's estimate")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(
            points
                .iter()
                .map(|m| Circle::new((f64::from(m.round), m.estimate.estimate), 3, BLUE.filled())),
        )
        .map_err(err)?;
    if points.iter().any(|m| m.exact.is_some()) {
        let exact: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|m| m.exact.map(|x| (f64::from(m.round), x)))
            .collect();
        chart
            .draw_series(LineSeries::new(exact, RED.stroke_width(1)))
            .map_err(err)?
            .label("exact margin")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
    }
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 12))
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(err)?;
    Ok(())
}

fn utility_chart<DB: DrawingBackend>(
    run: &Run,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> anyhow::Result<()>
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
    let mut chart = ChartBuilder::on(area)
        .caption("Tested packages in utility space", ("sans-serif", 20))
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(span(ranges[0]), span(ranges[1]))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(format!("utility of {}", parties[0].name))
        .y_desc(format!("utility of {}", parties[1].name))
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    let (r0, r1) = (
        parties[0].profile.reservation,
        parties[1].profile.reservation,
    );
    let grey = BLACK.mix(0.35);
    chart
        .draw_series(LineSeries::new(
            vec![(r0, ranges[1].0), (r0, ranges[1].1)],
            grey,
        ))
        .map_err(err)?
        .label("reservation values")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], grey));
    chart
        .draw_series(LineSeries::new(
            vec![(ranges[0].0, r1), (ranges[0].1, r1)],
            grey,
        ))
        .map_err(err)?;
    chart
        .draw_series(
            tested
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 4, BLUE.mix(0.5).filled())),
        )
        .map_err(err)?
        .label("tested package")
        .legend(|(x, y)| Circle::new((x + 9, y), 4, BLUE.mix(0.5).filled()));
    if let Some(n) = &run.reference.nash {
        let n = space.outcome_from_indices(n);
        let at = (u(0, &n), u(1, &n));
        chart
            .draw_series(std::iter::once(Cross::new(at, 7, GREEN.stroke_width(3))))
            .map_err(err)?
            .label("Nash point")
            .legend(|(x, y)| Cross::new((x + 9, y), 5, GREEN.stroke_width(3)));
    }
    if let Some(a) = run.record.agreement() {
        let at = (u(0, a), u(1, a));
        chart
            .draw_series(std::iter::once(Circle::new(at, 8, RED.stroke_width(3))))
            .map_err(err)?
            .label("agreement")
            .legend(|(x, y)| Circle::new((x + 9, y), 5, RED.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .label_font(("sans-serif", 12))
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(err)?;
    Ok(())
}
