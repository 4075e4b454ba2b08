//! What the wizard points out while a delegation fills it in ([`Inconsistency`]), and the sample
//! packages of the check page ([`check_candidates`]).
//!
//! Inconsistencies never block: preferences may be odd on purpose. They are shown as they
//! happen, so that a slip (a rating typed in the wrong box) is caught on the page where it was
//! made.

use serde::{Deserialize, Serialize};

use crate::outcome::OutcomeSpace;

/// Something in the stated preferences that contradicts something else stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inconsistency {
    /// An issue ranked more important than the next one got fewer points.
    PointsAgainstRank {
        /// The issue ranked higher.
        above: usize,
        /// Its points.
        above_points: u32,
        /// The issue ranked right after it.
        below: usize,
        /// Its points.
        below_points: u32,
    },
    /// An option ordered before the next one got a lower rating.
    RatingAgainstOrder {
        /// The issue.
        issue: usize,
        /// The option ordered better.
        better: usize,
        /// Its rating.
        better_rating: u8,
        /// The option ordered right after it.
        worse: usize,
        /// Its rating.
        worse_rating: u8,
    },
    /// No option of the issue is rated 100: its points then do not measure the swing from its
    /// worst to its best option, and every package scores lower than the points suggest.
    NoTopAnchor {
        /// The issue.
        issue: usize,
        /// Its highest rating.
        highest: u8,
    },
    /// No option of the issue is rated 0: its points then do not measure the swing from its
    /// worst to its best option.
    NoBottomAnchor {
        /// The issue.
        issue: usize,
        /// Its lowest rating.
        lowest: u8,
    },
    /// A corrected score the refitted points cannot come near: the option ratings of the
    /// package's issues (or other corrections) disagree with it.
    CorrectionNotAbsorbed {
        /// The package (per-issue value indices).
        package: Vec<u32>,
        /// The score the delegation gave it.
        corrected: u8,
        /// Its score under the refitted points.
        fitted: f64,
    },
    /// The walk-away point is at the top of the scale: only a package perfect on every issue
    /// beats no agreement.
    WalkAwayAtTop {
        /// The walk-away point, 0–100.
        walk_away: f64,
    },
}

/// How messages name issues, options and packages.
trait Names {
    fn issue(&self, issue: usize) -> String;
    fn option(&self, issue: usize, option: usize) -> String;
    fn package(&self, package: &[u32]) -> String;
}

/// By index: what [`std::fmt::Display`] shows (the server maps indices to names).
struct ByIndex;

impl Names for ByIndex {
    fn issue(&self, issue: usize) -> String {
        format!("issue #{issue}")
    }
    fn option(&self, _issue: usize, option: usize) -> String {
        format!("option #{option}")
    }
    fn package(&self, package: &[u32]) -> String {
        format!("package {package:?}")
    }
}

/// By the names the agenda gives (indices where an index is not on it).
struct ByName<'a>(&'a OutcomeSpace);

impl Names for ByName<'_> {
    fn issue(&self, issue: usize) -> String {
        match self.0.issues().get(issue) {
            Some(i) => format!("issue `{}`", i.name()),
            None => ByIndex.issue(issue),
        }
    }
    fn option(&self, issue: usize, option: usize) -> String {
        let value = self
            .0
            .issues()
            .get(issue)
            .and_then(|i| Some((i, i.value_at(option as u64)?)));
        match value {
            Some((i, v)) => format!("`{}`", i.format_value(&v)),
            None => ByIndex.option(issue, option),
        }
    }
    fn package(&self, package: &[u32]) -> String {
        let issues = self.0.issues();
        if package.len() != issues.len() {
            return ByIndex.package(package);
        }
        let parts: Vec<String> = issues
            .iter()
            .zip(package)
            .enumerate()
            .map(|(k, (issue, &v))| format!("{}: {}", issue.name(), self.option(k, v as usize)))
            .collect();
        format!("the package ({})", parts.join(", "))
    }
}

impl Inconsistency {
    /// The message with issues, options and packages named as on `space` (the agenda the draft
    /// was made for).
    pub fn describe(&self, space: &OutcomeSpace) -> String {
        self.text(&ByName(space))
    }

    fn text(&self, names: &dyn Names) -> String {
        match self {
            Inconsistency::PointsAgainstRank {
                above,
                above_points,
                below,
                below_points,
            } => format!(
                "{} is ranked more important than {} but has fewer points ({above_points} against \
                 {below_points}): move points between them, or change the ranking",
                names.issue(*above),
                names.issue(*below)
            ),
            Inconsistency::RatingAgainstOrder {
                issue,
                better,
                better_rating,
                worse,
                worse_rating,
            } => format!(
                "on {}, {} is ordered before {} but rated lower ({better_rating} against \
                 {worse_rating}): change the order or the ratings",
                names.issue(*issue),
                names.option(*issue, *better),
                names.option(*issue, *worse)
            ),
            Inconsistency::NoTopAnchor { issue, highest } => format!(
                "no option of {} is rated 100 (the best is rated {highest}): rate its best option \
                 100, so that its points measure the step from its worst to its best option",
                names.issue(*issue)
            ),
            Inconsistency::NoBottomAnchor { issue, lowest } => format!(
                "no option of {} is rated 0 (the worst is rated {lowest}): rate its worst option \
                 0, so that its points measure the step from its worst to its best option",
                names.issue(*issue)
            ),
            Inconsistency::CorrectionNotAbsorbed {
                package,
                corrected,
                fitted,
            } => format!(
                "{} was given {corrected}, but no split of the points scores it closer than \
                 {fitted:.1} with the ratings given: check the ratings of its options, or the \
                 other corrections",
                names.package(package)
            ),
            Inconsistency::WalkAwayAtTop { walk_away } => format!(
                "the walk-away point is {walk_away:.1}: only a package perfect on every issue \
                 would be better than no agreement; lower it if some compromise is acceptable"
            ),
        }
    }
}

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(&ByIndex))
    }
}

/// Adjacent pairs in `rank` whose points go up: an inversion anywhere shows as one between
/// neighbours, so these are enough to point at every contradiction.
pub(super) fn points_against_rank(rank: &[usize], points: &[u32]) -> Vec<Inconsistency> {
    rank.windows(2)
        .filter(|w| points[w[0]] < points[w[1]])
        .map(|w| Inconsistency::PointsAgainstRank {
            above: w[0],
            above_points: points[w[0]],
            below: w[1],
            below_points: points[w[1]],
        })
        .collect()
}

/// Adjacent options in `order` rated the wrong way round, and missing anchors (100 and 0).
pub(super) fn rating_issues(issue: usize, order: &[usize], ratings: &[u8]) -> Vec<Inconsistency> {
    let mut found: Vec<Inconsistency> = order
        .windows(2)
        .filter(|w| ratings[w[0]] < ratings[w[1]])
        .map(|w| Inconsistency::RatingAgainstOrder {
            issue,
            better: w[0],
            better_rating: ratings[w[0]],
            worse: w[1],
            worse_rating: ratings[w[1]],
        })
        .collect();
    let highest = ratings.iter().copied().max().unwrap_or(0);
    let lowest = ratings.iter().copied().min().unwrap_or(0);
    if highest != 100 {
        found.push(Inconsistency::NoTopAnchor { issue, highest });
    }
    if lowest != 0 {
        found.push(Inconsistency::NoBottomAnchor { issue, lowest });
    }
    found
}

/// One issue's options as stated: the order (best first) and the rating of each option.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scale<'a> {
    pub order: &'a [usize],
    pub ratings: &'a [u8],
}

impl Scale<'_> {
    /// The option picked by `key` (smallest wins), ties going to the option ordered first.
    fn pick(&self, key: impl Fn(u8) -> i32) -> u32 {
        let mut best = self.order[0];
        for &o in self.order {
            if key(self.ratings[o]) < key(self.ratings[best]) {
                best = o;
            }
        }
        best as u32
    }
    fn best(&self) -> u32 {
        self.pick(|r| -i32::from(r))
    }
    fn worst(&self) -> u32 {
        // Ties go to the option ordered last: scan the order backwards.
        let mut worst = *self.order.last().expect("an issue has options");
        for &o in self.order.iter().rev() {
            if self.ratings[o] < self.ratings[worst] {
                worst = o;
            }
        }
        worst as u32
    }
    fn middle(&self) -> u32 {
        self.pick(|r| (i32::from(r) - 50).abs())
    }
}

/// Most packages the check page shows.
const MAX_CHECK_PACKAGES: usize = 5;
/// Fewest it shows when the agenda has that many distinct packages.
const MIN_CHECK_PACKAGES: usize = 3;

/// The check page's packages, in the order they were thought of (the caller sorts by score);
/// why these is said at [`super::Draft::check_packages`].
pub(super) fn check_candidates(rank: &[usize], scales: &[Scale<'_>]) -> Vec<Vec<u32>> {
    let n = scales.len();
    let best: Vec<u32> = scales.iter().map(Scale::best).collect();
    let worst: Vec<u32> = scales.iter().map(Scale::worst).collect();
    let middle: Vec<u32> = scales.iter().map(Scale::middle).collect();
    let best_on = |issues: &[usize]| -> Vec<u32> {
        (0..n)
            .map(|k| {
                if issues.contains(&k) {
                    best[k]
                } else {
                    worst[k]
                }
            })
            .collect()
    };
    let mut primary = vec![best_on(&rank[..1])];
    let mut top_worst = best.clone();
    top_worst[rank[0]] = worst[rank[0]];
    primary.push(top_worst);
    primary.push(middle.clone());
    primary.push(best_on(&rank[..n.div_ceil(2)]));
    if n > 1 {
        primary.push(best_on(&rank[1..2]));
    }
    let mut chosen: Vec<Vec<u32>> = Vec::new();
    add_distinct(&mut chosen, primary, MAX_CHECK_PACKAGES);
    if chosen.len() < MIN_CHECK_PACKAGES {
        let mut fallback = vec![best.clone(), worst.clone()];
        for &k in rank {
            for &o in scales[k].order {
                let mut p = middle.clone();
                p[k] = o as u32;
                fallback.push(p);
            }
        }
        add_distinct(&mut chosen, fallback, MIN_CHECK_PACKAGES);
    }
    chosen
}

fn add_distinct(chosen: &mut Vec<Vec<u32>>, candidates: Vec<Vec<u32>>, up_to: usize) {
    for p in candidates {
        if chosen.len() >= up_to {
            return;
        }
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Issue;

    #[test]
    fn points_against_rank_flags_neighbours_only() {
        let found = points_against_rank(&[2, 0, 1], &[30, 50, 40]);
        assert_eq!(
            found,
            vec![Inconsistency::PointsAgainstRank {
                above: 0,
                above_points: 30,
                below: 1,
                below_points: 50
            }]
        );
        assert!(points_against_rank(&[1, 0], &[40, 40]).is_empty());
    }

    #[test]
    fn rating_issues_flag_order_and_anchors() {
        let found = rating_issues(1, &[0, 1, 2], &[90, 95, 10]);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(matches!(
            found[0],
            Inconsistency::RatingAgainstOrder {
                better: 0,
                worse: 1,
                ..
            }
        ));
        assert_eq!(
            found[1],
            Inconsistency::NoTopAnchor {
                issue: 1,
                highest: 95
            }
        );
        assert!(rating_issues(0, &[1, 0], &[0, 100]).is_empty());
    }

    #[test]
    fn messages_name_issues_and_options() {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("salary", ["low", "high"]).unwrap(),
            Issue::discrete("leave", ["short", "long"]).unwrap(),
        ])
        .unwrap();
        let i = Inconsistency::RatingAgainstOrder {
            issue: 1,
            better: 0,
            better_rating: 20,
            worse: 1,
            worse_rating: 80,
        };
        assert!(i
            .to_string()
            .contains("on issue #1, option #0 is ordered before option #1"));
        let named = i.describe(&space);
        assert!(
            named.contains("on issue `leave`, `short` is ordered before `long`"),
            "{named}"
        );
        let c = Inconsistency::CorrectionNotAbsorbed {
            package: vec![1, 0],
            corrected: 90,
            fitted: 40.0,
        };
        assert!(c
            .describe(&space)
            .contains("the package (salary: `high`, leave: `short`) was given 90"));
    }

    #[test]
    fn check_candidates_are_distinct_and_fill_small_agendas() {
        let orders = [vec![0usize, 1, 2], vec![1usize, 0]];
        let ratings = [vec![100u8, 50, 0], vec![0u8, 100]];
        let scales: Vec<Scale> = orders
            .iter()
            .zip(&ratings)
            .map(|(o, r)| Scale {
                order: o,
                ratings: r,
            })
            .collect();
        let packages = check_candidates(&[1, 0], &scales);
        assert_eq!(packages[0], vec![2, 1], "top issue best, the other worst");
        assert_eq!(packages[1], vec![0, 0], "top issue worst, the other best");
        assert!((MIN_CHECK_PACKAGES..=MAX_CHECK_PACKAGES).contains(&packages.len()));
        for (i, p) in packages.iter().enumerate() {
            assert!(!packages[..i].contains(p), "{packages:?}");
        }
        let one = [Scale {
            order: &[0, 1],
            ratings: &[100, 0],
        }];
        assert_eq!(
            check_candidates(&[0], &one).len(),
            2,
            "only two packages exist"
        );
    }
}
