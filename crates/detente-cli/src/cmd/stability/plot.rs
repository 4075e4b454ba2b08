//! `--plot`: the state graph. States sit on a circle, numbered; each decision maker's unilateral
//! moves are arrows in its colour; equilibria are filled (dark: Nash, hence every concept; light:
//! some concepts only, named under the state). Font, format and styling come from [`crate::plot`].

use std::path::Path;

use anyhow::bail;
use detente_core::gmcr::{Concept, Conflict, StabilityAnalysis, StateId};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plot::{self, drawing_error, Picture, LABEL_FONT, TITLE_FONT};

/// Beyond this many states a drawing of the graph is unreadable.
pub(crate) const STATE_LIMIT: usize = 64;
const SIZE: u32 = 960;
const NODE_RADIUS: i32 = 16;

/// Refuses models too large to draw, before any analysis.
pub(crate) fn check_size(conflict: &Conflict) -> anyhow::Result<()> {
    if conflict.state_count() > STATE_LIMIT {
        bail!(
            "--plot: the model has {} states; the state graph is drawn for at most {STATE_LIMIT} (hint: leave out --plot and read the table)",
            conflict.state_count()
        );
    }
    Ok(())
}

/// Draws the state graph to `path`.
pub(crate) fn draw(
    path: &Path,
    conflict: &Conflict,
    analysis: &StabilityAnalysis,
) -> anyhow::Result<()> {
    plot::draw(path, &GraphPicture { conflict, analysis })
}

struct GraphPicture<'a> {
    conflict: &'a Conflict,
    analysis: &'a StabilityAnalysis,
}

fn colour(dm: usize) -> RGBColor {
    crate::plot::PALETTE[dm % crate::plot::PALETTE.len()]
}

impl GraphPicture<'_> {
    fn position(&self, s: StateId) -> (i32, i32) {
        let n = self.conflict.state_count() as f64;
        let angle = std::f64::consts::TAU * s as f64 / n - std::f64::consts::FRAC_PI_2;
        let (cx, cy, r) = (
            SIZE as f64 / 2.0,
            SIZE as f64 / 2.0 + 20.0,
            SIZE as f64 * 0.36,
        );
        ((cx + r * angle.cos()) as i32, (cy + r * angle.sin()) as i32)
    }

    fn arrow<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        from: StateId,
        to: StateId,
        dm: usize,
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let ((x0, y0), (x1, y1)) = (self.position(from), self.position(to));
        let (dx, dy) = ((x1 - x0) as f64, (y1 - y0) as f64);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        // Shifted sideways so that a move and its reverse are two distinct arrows.
        let (ox, oy) = (-uy * 4.0, ux * 4.0);
        let at = |t: f64, side: f64| {
            (
                (x0 as f64 + ux * t + ox - uy * side) as i32,
                (y0 as f64 + uy * t + oy + ux * side) as i32,
            )
        };
        let r = NODE_RADIUS as f64;
        let style = colour(dm).stroke_width(2);
        let line = PathElement::new(vec![at(r, 0.0), at(len - r, 0.0)], style);
        root.draw(&line).map_err(drawing_error)?;
        let head = Polygon::new(
            vec![
                at(len - r, 0.0),
                at(len - r - 10.0, 5.0),
                at(len - r - 10.0, -5.0),
            ],
            colour(dm).filled(),
        );
        root.draw(&head).map_err(drawing_error)
    }

    fn node<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        s: StateId,
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (x, y) = self.position(s);
        let concepts: Vec<&str> = Concept::ALL
            .into_iter()
            .filter(|&k| self.analysis.equilibria(k).contains(s))
            .map(Concept::label)
            .collect();
        let fill = match concepts.len() {
            0 => WHITE,
            4 if self.analysis.equilibria(Concept::Nash).contains(s) => RGBColor(46, 139, 87),
            _ => RGBColor(176, 230, 190),
        };
        root.draw(&Circle::new((x, y), NODE_RADIUS, fill.filled()))
            .map_err(drawing_error)?;
        root.draw(&Circle::new((x, y), NODE_RADIUS, BLACK.stroke_width(1)))
            .map_err(drawing_error)?;
        let number = (s + 1).to_string();
        let style =
            TextStyle::from(LABEL_FONT.into_font()).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ));
        root.draw(&Text::new(number, (x, y), style.clone()))
            .map_err(drawing_error)?;
        let mut label = self.conflict.pattern(s);
        if !concepts.is_empty() && concepts.len() < 4 {
            label = format!("{label} {}", concepts.join("/"));
        }
        root.draw(&Text::new(label, (x, y + NODE_RADIUS + 9), style))
            .map_err(drawing_error)
    }

    fn legend<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        for (dm, name) in self.conflict.decision_makers().iter().enumerate() {
            let y = 50 + dm as i32 * 18;
            root.draw(&PathElement::new(
                vec![(20, y), (50, y)],
                colour(dm).stroke_width(3),
            ))
            .map_err(drawing_error)?;
            root.draw(&Text::new(
                name.clone(),
                (58, y - 7),
                LABEL_FONT.into_font(),
            ))
            .map_err(drawing_error)?;
        }
        let note = "filled dark: Nash equilibrium (stable under every concept); light: equilibrium under the concepts named";
        root.draw(&Text::new(
            note,
            (20, SIZE as i32 - 24),
            LABEL_FONT.into_font(),
        ))
        .map_err(drawing_error)
    }
}

impl Picture for GraphPicture<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE, SIZE)
    }

    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let title = format!("{}: state graph", self.conflict.name());
        root.draw(&Text::new(title, (20, 12), TITLE_FONT.into_font()))
            .map_err(drawing_error)?;
        for dm in 0..self.conflict.decision_makers().len() {
            for s in 0..self.conflict.state_count() as StateId {
                for &t in self.conflict.moves(dm, s) {
                    self.arrow(root, s, t, dm)?;
                }
            }
        }
        for s in 0..self.conflict.state_count() as StateId {
            self.node(root, s)?;
        }
        self.legend(root)
    }
}
