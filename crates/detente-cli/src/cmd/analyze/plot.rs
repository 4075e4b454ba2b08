//! `--plot`: draws the utility space of an analysed scenario to SVG or PNG with plotters.
//!
//! Two parties: one panel with every outcome (a density grid when there are more than
//! [`SCATTER_LIMIT`]), the Pareto frontier, the reservation lines and the bargaining points. More
//! parties: one such panel per pair of parties, projected. Spaces above [`DRAW_LIMIT`] outcomes show
//! the frontier only. Font, format and styling come from [`crate::plot`].

use std::path::Path;

use anyhow::bail;
use detente_core::analysis::{Analysis, FrontierPoint};
use detente_core::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plot::{self, Picture, XyChart, LABEL_FONT};

/// Outcomes drawn one by one up to this many; beyond, a density grid.
const SCATTER_LIMIT: u64 = 50_000;
/// Outcomes evaluated for the picture at most.
const DRAW_LIMIT: u64 = 20_000_000;
/// Density grid cells per axis.
const GRID: usize = 160;

/// Draws the picture; the format follows the extension.
pub fn draw(path: &Path, scenario: &Scenario, analysis: &Analysis) -> anyhow::Result<()> {
    let k = analysis.parties.len();
    if k < 2 {
        bail!("a plot needs at least two parties; this scenario has {k}");
    }
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    let cols = (pairs.len() as f64).sqrt().ceil() as usize;
    let rows = pairs.len().div_ceil(cols);
    let picture = SpacePicture {
        rows,
        cols,
        pairs,
        analysis,
        outcomes: outcome_utilities(scenario),
    };
    plot::draw(path, &picture)
}

/// One panel per pair of parties, laid out `rows` × `cols`.
struct SpacePicture<'a> {
    rows: usize,
    cols: usize,
    pairs: Vec<(usize, usize)>,
    analysis: &'a Analysis,
    outcomes: Option<(usize, Vec<f64>)>,
}

impl Picture for SpacePicture<'_> {
    fn size(&self) -> (u32, u32) {
        ((self.cols * 640) as u32, (self.rows * 560) as u32)
    }

    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let panels = root.split_evenly((self.rows, self.cols));
        for (panel, &(a, b)) in panels.iter().zip(&self.pairs) {
            panel_chart(panel, a, b, self.analysis, self.outcomes.as_ref())?;
        }
        Ok(())
    }
}

/// Every outcome's utilities (party-interleaved), when the space is small enough to draw.
fn outcome_utilities(scenario: &Scenario) -> Option<(usize, Vec<f64>)> {
    let space = scenario.space();
    let n = space.enumerable_size()?;
    if n > DRAW_LIMIT {
        return None;
    }
    let k = scenario.parties().len();
    let mut all = vec![0.0; n as usize * k];
    let mut column = vec![0.0; n as usize];
    for (j, party) in scenario.parties().iter().enumerate() {
        if !party
            .profile
            .utility
            .utilities_of_ranks(space, 0, &mut column)
        {
            return None;
        }
        for (o, u) in column.iter().enumerate() {
            all[o * k + j] = *u;
        }
    }
    Some((k, all))
}

fn pad((lo, hi): (f64, f64), r: f64) -> (f64, f64) {
    let lo = lo.min(r);
    let hi = hi.max(r);
    let span = if hi > lo { hi - lo } else { 1.0 };
    (lo - 0.04 * span, hi + 0.04 * span)
}

/// A panel's chart: utilities of one party (x) against another (y).
/// One panel: every outcome (dots or density), the reservation lines, the frontier and the
/// bargaining solutions of parties `a` (x) and `b` (y).
fn panel_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: usize,
    b: usize,
    analysis: &Analysis,
    outcomes: Option<&(usize, Vec<f64>)>,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (x0, x1) = pad(analysis.ranges[a], analysis.reservations[a]);
    let (y0, y1) = pad(analysis.ranges[b], analysis.reservations[b]);
    let n = outcomes.map_or(0, |(k, u)| u.len() / k) as u64;
    let mut chart = plot::chart(area, panel_caption(analysis, outcomes, n))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc(format!("utility of {}", analysis.parties[a]))
        .y_desc(format!("utility of {}", analysis.parties[b]))
        .label_style(LABEL_FONT)
        .light_line_style(RGBColor(242, 242, 242))
        .draw()?;
    if let Some((k, u)) = outcomes {
        let k = *k;
        if n <= SCATTER_LIMIT {
            chart.draw_series(u.chunks_exact(k).map(|p| {
                Circle::new((p[a], p[b]), 2, RGBColor(90, 110, 160).mix(0.35).filled())
            }))?;
        } else {
            let points = u.chunks_exact(k).map(|p| (p[a], p[b]));
            draw_density(&mut chart, (x0, x1), (y0, y1), points)?;
        }
    }
    let reservations = (analysis.reservations[a], analysis.reservations[b]);
    draw_reservations(&mut chart, (x0, x1), (y0, y1), reservations)?;
    draw_frontier(&mut chart, a, b, analysis)?;
    draw_solutions(&mut chart, a, b, analysis)?;
    plot::legend(&mut chart, SeriesLabelPosition::LowerLeft)
}

/// Says how many outcomes the panel shows, and how.
fn panel_caption(analysis: &Analysis, outcomes: Option<&(usize, Vec<f64>)>, n: u64) -> String {
    match outcomes {
        Some(_) if n > SCATTER_LIMIT => format!("{} outcomes (density)", n),
        Some(_) => format!("{} outcomes", n),
        None => format!(
            "{} outcomes (too many to draw; frontier only)",
            analysis.outcomes
        ),
    }
}

/// Too many outcomes to draw one by one: counts them on a [`GRID`]² grid over the panel (`x0..x1`
/// by `y0..y1`) and
/// shades each non-empty cell by the logarithm of its count.
fn draw_density<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    points: impl Iterator<Item = (f64, f64)>,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let mut cells = vec![0u64; GRID * GRID];
    let (dx, dy) = ((x1 - x0) / GRID as f64, (y1 - y0) / GRID as f64);
    for (x, y) in points {
        let cx = (((x - x0) / dx) as usize).min(GRID - 1);
        let cy = (((y - y0) / dy) as usize).min(GRID - 1);
        cells[cy * GRID + cx] += 1;
    }
    let max = cells.iter().copied().max().unwrap_or(1).max(1) as f64;
    chart.draw_series(
        cells
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| {
                let (cx, cy) = ((i % GRID) as f64, (i / GRID) as f64);
                let shade = (c as f64).ln_1p() / max.ln_1p();
                let level = (230.0 - 190.0 * shade) as u8;
                Rectangle::new(
                    [
                        (x0 + cx * dx, y0 + cy * dy),
                        (x0 + (cx + 1.0) * dx, y0 + (cy + 1.0) * dy),
                    ],
                    RGBColor(level, level, 255).filled(),
                )
            }),
    )?;
    Ok(())
}

/// Both parties' reservation values, as lines across the panel.
fn draw_reservations<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (ra, rb): (f64, f64),
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let grey = RGBColor(120, 120, 120);
    chart
        .draw_series(LineSeries::new(
            vec![(ra, y0), (ra, y1)],
            grey.stroke_width(1),
        ))?
        .label("reservation")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], grey));
    chart.draw_series(LineSeries::new(
        vec![(x0, rb), (x1, rb)],
        grey.stroke_width(1),
    ))?;
    Ok(())
}

/// The Pareto frontier, projected and sorted along the x axis: dots, joined by a line when
/// there are only two parties (a projection of more is no curve).
fn draw_frontier<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    a: usize,
    b: usize,
    analysis: &Analysis,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let mut frontier: Vec<(f64, f64)> = analysis
        .frontier
        .iter()
        .map(|p| (p.utilities[a], p.utilities[b]))
        .collect();
    frontier.sort_by(|p, q| p.0.total_cmp(&q.0).then(q.1.total_cmp(&p.1)));
    if analysis.parties.len() == 2 {
        chart.draw_series(LineSeries::new(frontier.clone(), RED.stroke_width(2)))?;
    }
    chart
        .draw_series(frontier.iter().map(|&p| Circle::new(p, 3, RED.filled())))?
        .label("Pareto frontier")
        .legend(|(x, y)| Circle::new((x + 8, y), 3, RED.filled()));
    Ok(())
}

/// The bargaining solutions as crosses, each smaller than the last so coinciding ones all show.
fn draw_solutions<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    a: usize,
    b: usize,
    analysis: &Analysis,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let solutions: [(&str, &Vec<FrontierPoint>, RGBColor); 4] = [
        ("Nash", &analysis.nash, RGBColor(0, 140, 0)),
        (
            "Kalai-Smorodinsky",
            &analysis.kalai_smorodinsky,
            RGBColor(200, 120, 0),
        ),
        ("egalitarian", &analysis.egalitarian, RGBColor(140, 0, 160)),
        ("max welfare", &analysis.max_welfare, BLACK),
    ];
    for (i, (name, points, colour)) in solutions.into_iter().enumerate() {
        let size = 11 - 2 * i as i32;
        chart
            .draw_series(points.iter().map(move |p| {
                Cross::new(
                    (p.utilities[a], p.utilities[b]),
                    size,
                    colour.stroke_width(2),
                )
            }))?
            .label(name)
            .legend(move |(x, y)| Cross::new((x + 8, y), 5, colour.stroke_width(2)));
    }
    Ok(())
}
