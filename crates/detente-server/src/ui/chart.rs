//! Charts drawn on the server as inline SVG: no chart library, no script, nothing fetched.
//!
//! Each chart is an `<svg role="img">` with a title and a description, and the page puts the same
//! numbers in a table beside it, so screen-reader users get the data and not a picture. Styling is
//! by class (see `static/app.css`): the page's Content-Security-Policy forbids inline styles.

use std::fmt::Write;

/// Escapes text for SVG/HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One round's margin measurement, as the chart reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginSample {
    /// The round.
    pub round: u32,
    /// Best guess.
    pub estimate: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// The exact margin, when known.
    pub exact: Option<f64>,
}

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

fn svg_open(out: &mut String, id: &str, width: f64, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
}

/// Where the margin chart puts a round and a margin: the x axis runs to the deadline, the y axis
/// over the measured values rounded out to quarters.
struct MarginScale {
    rounds: u32,
    lo: f64,
    hi: f64,
}

impl MarginScale {
    const PLOT_W: f64 = W - LEFT - RIGHT;
    const PLOT_H: f64 = H - TOP - BOTTOM;

    /// Fits every finite value of `samples` and at least ±0.25, over rounds 1 to the deadline.
    fn fit(samples: &[MarginSample], deadline: u32) -> Self {
        let last_round = samples.iter().map(|s| s.round).max().unwrap_or(0);
        let rounds = deadline.max(last_round).max(1);
        let mut lo: f64 = -0.25;
        let mut hi: f64 = 0.25;
        for s in samples {
            for v in [Some(s.lower), Some(s.upper), Some(s.estimate), s.exact]
                .into_iter()
                .flatten()
            {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        MarginScale {
            rounds,
            lo: (lo * 4.0).floor() / 4.0,
            hi: (hi * 4.0).ceil() / 4.0,
        }
    }

    fn x(&self, round: u32) -> f64 {
        if self.rounds == 1 {
            LEFT + Self::PLOT_W / 2.0
        } else {
            LEFT + Self::PLOT_W * f64::from(round - 1) / f64::from(self.rounds - 1)
        }
    }

    fn y(&self, v: f64) -> f64 {
        TOP + Self::PLOT_H * (self.hi - v.clamp(self.lo, self.hi)) / (self.hi - self.lo)
    }
}

/// The margin over rounds: the estimate with its bounds as a band, the exact margin when the
/// mediator holds every profile, and the zero line above which a zone of agreement exists. The
/// x axis runs to the deadline so the chart fills in as rounds pass.
pub fn margin_chart(samples: &[MarginSample], deadline: u32) -> String {
    let scale = MarginScale::fit(samples, deadline);
    let mut out = String::new();
    svg_open(
        &mut out,
        "margin-chart",
        W,
        H,
        "Margin over rounds",
        &margin_description(samples),
    );
    margin_axes(&mut out, &scale);
    if !samples.is_empty() {
        margin_series(&mut out, samples, &scale);
    }
    out.push_str("</svg>");
    out
}

/// The chart's text alternative: every round's numbers in words.
fn margin_description(samples: &[MarginSample]) -> String {
    if samples.is_empty() {
        return "No round has ended yet.".to_string();
    }
    samples
        .iter()
        .map(|s| {
            format!(
                "Round {}: estimate {:.2} (between {:.2} and {:.2}){}",
                s.round,
                s.estimate,
                s.lower,
                s.upper,
                s.exact.map_or(String::new(), |e| format!(", exact {e:.2}"))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Grid lines and y labels every 0.25 (the zero line marked), the zone-of-agreement note, and
/// round labels (at most about twelve) on the x axis.
fn margin_axes(out: &mut String, scale: &MarginScale) {
    let mut tick = scale.lo;
    while tick <= scale.hi + 1e-9 {
        let class = if tick.abs() < 1e-9 { "zero" } else { "grid" };
        let _ = write!(
            out,
            r#"<line class="{class}" x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{tick:.2}</text>"#,
            W - RIGHT,
            scale.y(tick),
            scale.y(tick),
            LEFT - 6.0,
            scale.y(tick) + 4.0
        );
        tick += 0.25;
    }
    let _ = write!(
        out,
        r#"<text class="note" x="{:.1}" y="{:.1}">zone of agreement above 0</text>"#,
        LEFT + 6.0,
        scale.y(0.0) - 6.0
    );
    let rounds = scale.rounds;
    let step = (rounds as usize).div_ceil(12).max(1) as u32;
    for round in (1..=rounds).filter(|r| (r - 1) % step == 0 || *r == rounds) {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{round}</text>"#,
            scale.x(round),
            H - BOTTOM + 16.0
        );
    }
    let _ = write!(
        out,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">round</text>"#,
        LEFT + MarginScale::PLOT_W / 2.0,
        H - 6.0
    );
}

/// The measured rounds: the band between the bounds, the estimate line, the exact line when
/// known, and one point per round (with a square where the exact margin is known).
fn margin_series(out: &mut String, samples: &[MarginSample], scale: &MarginScale) {
    let at = |round: u32, v: f64| format!("{:.1},{:.1}", scale.x(round), scale.y(v));
    let mut band: Vec<String> = samples.iter().map(|s| at(s.round, s.upper)).collect();
    band.extend(samples.iter().rev().map(|s| at(s.round, s.lower)));
    let _ = write!(
        out,
        r#"<polygon class="band" points="{}"/>"#,
        band.join(" ")
    );
    let line: Vec<String> = samples.iter().map(|s| at(s.round, s.estimate)).collect();
    let _ = write!(
        out,
        r#"<polyline class="estimate" points="{}"/>"#,
        line.join(" ")
    );
    let exact: Vec<String> = samples
        .iter()
        .filter_map(|s| s.exact.map(|e| at(s.round, e)))
        .collect();
    if !exact.is_empty() {
        let _ = write!(
            out,
            r#"<polyline class="exact" points="{}"/>"#,
            exact.join(" ")
        );
    }
    for s in samples {
        if let Some(e) = s.exact {
            let _ = write!(
                out,
                r#"<rect class="exact-point" x="{:.1}" y="{:.1}" width="7" height="7"><title>Round {}: exact margin {e:.2}</title></rect>"#,
                scale.x(s.round) - 3.5,
                scale.y(e) - 3.5,
                s.round
            );
        }
        let _ = write!(
            out,
            r#"<circle class="point" data-round="{}" cx="{:.1}" cy="{:.1}" r="4"><title>Round {}: estimate {:.2}</title></circle>"#,
            s.round,
            scale.x(s.round),
            scale.y(s.estimate),
            s.round,
            s.estimate
        );
    }
}

/// One issue's common ground in one round.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueCell {
    /// Values every party at the table accepted.
    pub common: Vec<String>,
    /// Values the issue has.
    pub of: usize,
}

/// The margin per issue over rounds: a grid with one row per issue and one column per round; a
/// cell shows how many of the issue's values every party at the table has accepted.
pub fn issue_grid(issues: &[String], rounds: &[u32], cells: &[Vec<IssueCell>]) -> String {
    let label_w = 150.0;
    let cell_w = 44.0;
    let cell_h = 30.0;
    let width = label_w + cell_w * rounds.len().max(1) as f64 + 8.0;
    let height = 28.0 + cell_h * issues.len() as f64 + 4.0;
    let mut out = String::new();
    svg_open(
        &mut out,
        "issue-grid",
        width,
        height,
        "Common ground per issue over rounds",
        "For each issue and round, how many of the issue's values every delegation at the table has accepted at least once.",
    );
    for (c, round) in rounds.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="18" text-anchor="middle">R{round}</text>"#,
            label_w + cell_w * (c as f64 + 0.5)
        );
    }
    for (r, issue) in issues.iter().enumerate() {
        let top = 28.0 + cell_h * r as f64;
        let short: String = issue.chars().take(20).collect();
        let _ = write!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            top + cell_h / 2.0 + 4.0,
            escape(&short)
        );
        for (c, _) in rounds.iter().enumerate() {
            let Some(cell) = cells.get(c).and_then(|col| col.get(r)) else {
                continue;
            };
            let level = if cell.common.is_empty() {
                "none"
            } else if cell.common.len() * 2 >= cell.of {
                "wide"
            } else {
                "some"
            };
            let title = if cell.common.is_empty() {
                format!("{issue}: no common value yet")
            } else {
                format!("{issue}: {}", cell.common.join(", "))
            };
            let _ = write!(
                out,
                r#"<rect class="cell {level}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3"><title>{}</title></rect><text class="cell-text" x="{:.1}" y="{:.1}" text-anchor="middle">{}/{}</text>"#,
                label_w + cell_w * c as f64 + 2.0,
                top + 2.0,
                cell_w - 4.0,
                cell_h - 4.0,
                escape(&title),
                label_w + cell_w * (c as f64 + 0.5),
                top + cell_h / 2.0 + 4.0,
                cell.common.len(),
                cell.of
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// How a tested package fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every party asked accepted it.
    Accepted,
    /// Some accepted, none rejected yet.
    Partial,
    /// Someone rejected it.
    Rejected,
    /// No answer yet.
    Open,
}

impl Verdict {
    /// CSS class and legend label.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Partial => "partial",
            Verdict::Rejected => "rejected",
            Verdict::Open => "open",
        }
    }
}

/// A tested package placed in utility space.
#[derive(Debug, Clone, PartialEq)]
pub struct UtilityPoint {
    /// Short label (the question number).
    pub label: String,
    /// Longer text for the tooltip.
    pub detail: String,
    /// Utility for the party on the x axis.
    pub x: f64,
    /// Utility for the party on the y axis.
    pub y: f64,
    /// How it fared.
    pub verdict: Verdict,
}

/// Where the utility-space chart puts a utility, on either axis: both axes span the same range,
/// at least 0 to 1 and wide enough for every finite value drawn.
struct UtilityScale {
    lo: f64,
    hi: f64,
}

impl UtilityScale {
    const SIZE: f64 = 320.0;
    const LEFT: f64 = 52.0;
    const PAD: f64 = 12.0;
    const PLOT: f64 = Self::SIZE - Self::LEFT - Self::PAD - 10.0;

    fn fit(values: impl Iterator<Item = f64>) -> Self {
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 1.0;
        for v in values {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        UtilityScale { lo, hi }
    }

    fn x(&self, v: f64) -> f64 {
        Self::LEFT + Self::PLOT * (v - self.lo) / (self.hi - self.lo)
    }

    fn y(&self, v: f64) -> f64 {
        Self::PAD + Self::PLOT * (self.hi - v) / (self.hi - self.lo)
    }
}

/// Tested packages in the utility space of two parties, with both reservation values and, when
/// known, the Nash bargaining package.
pub fn utility_space(
    id: &str,
    parties: (&str, &str),
    reservations: (f64, f64),
    points: &[UtilityPoint],
    nash: Option<(f64, f64)>,
) -> String {
    let scale = UtilityScale::fit(
        points
            .iter()
            .flat_map(|p| [p.x, p.y])
            .chain([reservations.0, reservations.1])
            .chain(nash.into_iter().flat_map(|(a, b)| [a, b])),
    );
    let (size, pad, plot) = (UtilityScale::SIZE, UtilityScale::PAD, UtilityScale::PLOT);
    let mut out = String::new();
    let desc = format!(
        "{} tested packages; x: utility for {}, y: utility for {}.",
        points.len(),
        parties.0,
        parties.1
    );
    svg_open(
        &mut out,
        id,
        size,
        pad + plot + 42.0,
        &format!("Tested packages: {} and {}", parties.0, parties.1),
        &desc,
    );
    utility_grid(&mut out, &scale);
    utility_reservations(&mut out, &scale, reservations);
    utility_axis_labels(&mut out, parties);
    for p in points {
        let _ = write!(
            out,
            r#"<circle class="package {}" cx="{:.1}" cy="{:.1}" r="5"><title>{}</title></circle>"#,
            p.verdict.class(),
            scale.x(p.x),
            scale.y(p.y),
            escape(&format!("{}: {}", p.label, p.detail))
        );
    }
    if let Some(nash) = nash {
        nash_marker(&mut out, &scale, nash);
    }
    out.push_str("</svg>");
    out
}

/// Five grid lines each way, labelled with the utility they mark.
fn utility_grid(out: &mut String, scale: &UtilityScale) {
    let (left, pad, plot) = (UtilityScale::LEFT, UtilityScale::PAD, UtilityScale::PLOT);
    for k in 0..=4 {
        let v = scale.lo + (scale.hi - scale.lo) * f64::from(k) / 4.0;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><line class="grid" y1="{pad}" y2="{:.1}" x1="{:.1}" x2="{:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{v:.2}</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{v:.2}</text>"#,
            left + plot,
            scale.y(v),
            scale.y(v),
            pad + plot,
            scale.x(v),
            scale.x(v),
            left - 4.0,
            scale.y(v) + 4.0,
            scale.x(v),
            pad + plot + 16.0
        );
    }
}

/// The rational region (both above their reservation values) and the two reservation lines.
fn utility_reservations(out: &mut String, scale: &UtilityScale, reservations: (f64, f64)) {
    let (left, pad, plot) = (UtilityScale::LEFT, UtilityScale::PAD, UtilityScale::PLOT);
    let _ = write!(
        out,
        r#"<rect class="rational" x="{:.1}" y="{pad}" width="{:.1}" height="{:.1}"><title>Both above their reservation values</title></rect>"#,
        scale.x(reservations.0),
        (left + plot - scale.x(reservations.0)).max(0.0),
        (scale.y(reservations.1) - pad).max(0.0)
    );
    let _ = write!(
        out,
        r#"<line class="reservation" x1="{x:.1}" x2="{x:.1}" y1="{pad}" y2="{:.1}"/><line class="reservation" y1="{y:.1}" y2="{y:.1}" x1="{left}" x2="{:.1}"/>"#,
        pad + plot,
        left + plot,
        x = scale.x(reservations.0),
        y = scale.y(reservations.1)
    );
}

/// Which party each axis measures.
fn utility_axis_labels(out: &mut String, parties: (&str, &str)) {
    let (left, pad, plot) = (UtilityScale::LEFT, UtilityScale::PAD, UtilityScale::PLOT);
    let _ = write!(
        out,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text class="axis" transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        left + plot / 2.0,
        pad + plot + 34.0,
        escape(&format!("utility for {}", parties.0)),
        pad + plot / 2.0,
        escape(&format!("utility for {}", parties.1))
    );
}

/// A diamond at the Nash bargaining package.
fn nash_marker(out: &mut String, scale: &UtilityScale, (a, b): (f64, f64)) {
    let (cx, cy) = (scale.x(a), scale.y(b));
    let _ = write!(
        out,
        r#"<path class="nash" d="M{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z"><title>Nash bargaining package ({a:.2}, {b:.2})</title></path>"#,
        cx,
        cy - 7.0,
        cx + 7.0,
        cy,
        cx,
        cy + 7.0,
        cx - 7.0,
        cy
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }

    #[test]
    fn the_margin_chart_has_one_point_per_round_and_the_zero_line() {
        let empty = margin_chart(&[], 5);
        assert!(empty.contains("No round has ended yet."));
        assert_eq!(empty.matches("class=\"point\"").count(), 0);
        let samples = vec![
            MarginSample {
                round: 1,
                estimate: -0.1,
                lower: -0.5,
                upper: 0.3,
                exact: Some(0.2),
            },
            MarginSample {
                round: 2,
                estimate: 0.1,
                lower: 0.0,
                upper: 0.3,
                exact: Some(0.2),
            },
        ];
        let svg = margin_chart(&samples, 5);
        assert_eq!(svg.matches("class=\"point\"").count(), 2);
        assert!(svg.contains("class=\"zero\""));
        assert!(svg.contains("class=\"exact\""));
        assert!(svg.contains("Round 2: estimate 0.10 (between 0.00 and 0.30), exact 0.20"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn the_issue_grid_counts_common_values() {
        let svg = issue_grid(
            &["salary".into(), "<remote>".into()],
            &[1],
            &[vec![
                IssueCell {
                    common: vec!["mid".into()],
                    of: 3,
                },
                IssueCell {
                    common: vec![],
                    of: 3,
                },
            ]],
        );
        assert!(svg.contains(">1/3<") && svg.contains(">0/3<"));
        assert!(svg.contains("&lt;remote&gt;"));
        assert!(svg.contains("salary: mid"));
    }

    #[test]
    fn utility_space_marks_packages_by_verdict() {
        let points = vec![
            UtilityPoint {
                label: "Q5".into(),
                detail: "salary=mid".into(),
                x: 0.6,
                y: 0.5,
                verdict: Verdict::Accepted,
            },
            UtilityPoint {
                label: "Q6".into(),
                detail: "salary=high".into(),
                x: 0.2,
                y: 0.9,
                verdict: Verdict::Rejected,
            },
        ];
        let svg = utility_space("u", ("A", "B"), (0.3, 0.4), &points, Some((0.6, 0.6)));
        assert!(svg.contains("package accepted") && svg.contains("package rejected"));
        assert!(svg.contains("class=\"nash\""));
        assert!(svg.contains("Q5: salary=mid"));
    }
}
