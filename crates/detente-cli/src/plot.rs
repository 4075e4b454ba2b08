//! What every `--plot` shares: the bundled DejaVu Sans (`assets/fonts`, never a system font),
//! choosing SVG or PNG from the file extension, checking the target before any work is done, and
//! one look for captions, axis labels and legends. Each command's module only says what to draw.

use std::fmt::Display;
use std::path::Path;

use anyhow::{anyhow, bail};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One colour per party or decision maker, in order (the palette every picture shares).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(140, 86, 75),
];

/// The bundled DejaVu Sans, registered as `sans-serif` for every plot.
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// Chart captions.
pub(crate) const TITLE_FONT: (&str, u32) = ("sans-serif", 20);
/// Axis labels and legend entries.
pub(crate) const LABEL_FONT: (&str, u32) = ("sans-serif", 12);

/// The picture formats a plot can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Svg,
    Png,
}

/// Checks that `path` names a picture detente can write (`.svg` or `.png`, in a folder that
/// exists), so that a bad `--plot` fails before a long run rather than after it.
pub(crate) fn check_target(path: &Path) -> anyhow::Result<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("svg") => Format::Svg,
        Some("png") => Format::Png,
        _ => bail!(
            "unknown picture format for `{}` (hint: end the file name with .svg or .png)",
            path.display()
        ),
    };
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        if !folder.is_dir() {
            bail!(
                "cannot write the plot `{}`: the folder `{}` does not exist (create it first)",
                path.display(),
                folder.display()
            );
        }
    }
    Ok(format)
}

/// A picture that can be rendered on any plotters backend.
pub(crate) trait Picture {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the whole picture on `root` (already filled white).
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static;
}

/// Writes `picture` to `path`, as SVG or PNG according to the extension.
pub(crate) fn draw(path: &Path, picture: &impl Picture) -> anyhow::Result<()> {
    let format = check_target(path)?;
    // Registering twice fails harmlessly; the first registration stays.
    let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    let size = picture.size();
    match format {
        Format::Svg => present(&SVGBackend::new(path, size).into_drawing_area(), picture),
        Format::Png => present(&BitMapBackend::new(path, size).into_drawing_area(), picture),
    }
}

fn present<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    picture: &impl Picture,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(drawing_error)?;
    picture.render(root)?;
    root.present().map_err(drawing_error)
}

/// A plotters error as a one-line message.
pub(crate) fn drawing_error(e: impl Display) -> anyhow::Error {
    anyhow!("cannot draw the plot: {e}")
}

/// A chart with two real axes, as every plot here draws.
pub(crate) type XyChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart builder with the shared caption, margin and axis-label room.
pub(crate) fn chart<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: impl AsRef<str>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, TITLE_FONT)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55);
    builder
}

/// Draws the chart's legend in the shared style at `position`.
pub(crate) fn legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font(LABEL_FONT)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(drawing_error)
}
