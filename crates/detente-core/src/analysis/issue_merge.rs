//! Exact Pareto frontier of linear-additive profiles by merging per-issue frontiers.
//!
//! With every party linear-additive, an outcome's utility vector is `bias + Σᵢ cᵢ(vᵢ)`, where
//! `cᵢ(v)` is the vector of the parties' weighted evaluations of value `v` of issue `i`. The
//! frontier of the whole space is built issue by issue: layer 0 is `{bias}`, layer `i+1` is the
//! strict Pareto frontier of `layer i ⊕ Cᵢ` (every sum of a layer point and an issue contribution).
//!
//! **Why it is exact.** If a partial sum `s` is strictly dominated by another partial sum `s'`,
//! then `s + rest` is dominated by `s' + rest` for every completion, so no frontier outcome starts
//! with `s`; the same argument drops strictly dominated contributions of each issue. Sums that are
//! equal are kept as one node with several back-pointers, so every outcome of a frontier point can
//! be recovered and counted. Partial sums are added in issue order, exactly as
//! `utility_of_indices` adds them, so utilities agree bit for bit with enumeration.
//!
//! The cap `min(cap, ·)` (GENIUS) is monotone: the capped frontier's *utility vectors* are the
//! frontier of the capped final layer. Outcomes whose uncapped sums were strictly dominated but
//! reach the same capped vector are not listed (documented limitation; only profiles whose
//! maximum exceeds the cap are affected).
//!
//! Cost: `Σᵢ |layer i|·|Cᵢ|` candidate sums, independent of the number of outcomes, so spaces of
//! 10^10…10^40 outcomes are fine as long as the frontier itself stays moderate.

use super::pareto::frontier_groups;

/// The linear structure of every party's utility: bias, contribution tables and cap.
#[derive(Debug, Clone)]
pub struct LinearParts<'a> {
    /// Per party: the bias term.
    pub bias: Vec<f64>,
    /// Per party, per issue: `wᵢ·evalᵢ(value)` by value index.
    pub tables: Vec<&'a [Box<[f64]>]>,
    /// Per party: the cap, if any.
    pub caps: Vec<Option<f64>>,
}

impl LinearParts<'_> {
    fn parties(&self) -> usize {
        self.bias.len()
    }

    fn issues(&self) -> usize {
        self.tables[0].len()
    }

    fn contribution(&self, issue: usize, value: usize, out: &mut Vec<f64>) {
        out.extend(self.tables.iter().map(|t| t[issue][value]));
    }

    fn capped(&self, sums: &[f64]) -> Vec<f64> {
        let k = self.parties();
        sums.chunks_exact(k)
            .flat_map(|p| {
                p.iter().zip(&self.caps).map(|(&s, c)| match c {
                    Some(c) => s.min(*c),
                    None => s,
                })
            })
            .collect()
    }
}

/// Replace one issue's contributions by a single vector (used for zone values and blocking).
#[derive(Debug, Clone)]
pub struct IssueOverride {
    /// The issue.
    pub issue: usize,
    /// The contribution vector (one number per party) it takes instead of its tables.
    pub contribution: Vec<f64>,
}

/// One layer of partial sums with back-pointers.
#[derive(Debug, Clone, Default)]
struct Layer {
    /// Flat partial sums, `parties` per node.
    points: Vec<f64>,
    /// `links[link_start[n]..link_start[n+1]]` are node `n`'s (parent node, issue group) pairs.
    link_start: Vec<u32>,
    links: Vec<(u32, u32)>,
}

/// The merged frontier with everything needed to list its outcomes.
#[derive(Debug, Clone)]
pub struct MergedFrontier {
    parties: usize,
    /// Per issue: groups of value indices sharing one contribution vector (frontier groups only).
    groups: Vec<Vec<Vec<u32>>>,
    layers: Vec<Layer>,
    /// Final (capped) utility vectors, flat, welfare-sorted.
    pub points: Vec<f64>,
    /// For each final point: the last layer's nodes that reach it.
    sources: Vec<Vec<u32>>,
    /// Largest layer size seen (for reporting memory use).
    pub largest_layer: usize,
}

/// Builds the whole-space frontier. With `keep_links == false` only the utility vectors are kept
/// (cheaper; used for margins of modified problems).
pub fn merge(
    parts: &LinearParts,
    override_issue: Option<&IssueOverride>,
    keep_links: bool,
) -> MergedFrontier {
    let k = parts.parties();
    let n = parts.issues();
    let mut groups = Vec::with_capacity(n);
    let mut group_vectors: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut contribution = Vec::new();
    for issue in 0..n {
        match override_issue.filter(|o| o.issue == issue) {
            Some(o) => {
                groups.push(vec![vec![0]]);
                group_vectors.push(o.contribution.clone());
            }
            None => {
                contribution.clear();
                for v in 0..parts.tables[0][issue].len() {
                    parts.contribution(issue, v, &mut contribution);
                }
                let fg = frontier_groups(&contribution, k);
                let mut vecs = Vec::with_capacity(fg.len() * k);
                let mut gs = Vec::with_capacity(fg.len());
                for g in fg {
                    vecs.extend_from_slice(&contribution[g[0] * k..(g[0] + 1) * k]);
                    let mut values: Vec<u32> = g.into_iter().map(|v| v as u32).collect();
                    values.sort_unstable();
                    gs.push(values);
                }
                groups.push(gs);
                group_vectors.push(vecs);
            }
        }
    }
    let mut layers = Vec::with_capacity(n + 1);
    let mut current = Layer {
        points: parts.bias.clone(),
        link_start: vec![0, 0],
        links: Vec::new(),
    };
    let mut largest_layer = 1;
    let mut candidates: Vec<f64> = Vec::new();
    for vecs in &group_vectors {
        let g_count = vecs.len() / k;
        candidates.clear();
        candidates.reserve(current.points.len() / k * g_count * k);
        for p in current.points.chunks_exact(k) {
            for c in vecs.chunks_exact(k) {
                candidates.extend(p.iter().zip(c).map(|(a, b)| a + b));
            }
        }
        let fg = frontier_groups(&candidates, k);
        let mut next = Layer {
            points: Vec::with_capacity(fg.len() * k),
            link_start: Vec::with_capacity(fg.len() + 1),
            links: Vec::new(),
        };
        next.link_start.push(0);
        for g in fg {
            next.points
                .extend_from_slice(&candidates[g[0] * k..(g[0] + 1) * k]);
            if keep_links {
                for c in g {
                    next.links
                        .push(((c / g_count) as u32, (c % g_count) as u32));
                }
            }
            next.link_start.push(next.links.len() as u32);
        }
        largest_layer = largest_layer.max(next.link_start.len() - 1);
        let done = std::mem::replace(&mut current, next);
        if keep_links {
            layers.push(done);
        }
    }
    let last_points = current.points.clone();
    if keep_links {
        layers.push(current);
    }
    let capped = parts.capped(&last_points);
    let final_groups = frontier_groups(&capped, k);
    let mut points = Vec::with_capacity(final_groups.len() * k);
    let mut sources = Vec::with_capacity(final_groups.len());
    for g in final_groups {
        points.extend_from_slice(&capped[g[0] * k..(g[0] + 1) * k]);
        let mut s: Vec<u32> = g.into_iter().map(|x| x as u32).collect();
        s.sort_unstable();
        sources.push(s);
    }
    MergedFrontier {
        parties: k,
        groups,
        layers,
        points,
        sources,
        largest_layer,
    }
}

impl MergedFrontier {
    /// Number of frontier points.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether the frontier is empty.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Utility vector of point `p`.
    pub fn point(&self, p: usize) -> &[f64] {
        &self.points[p * self.parties..(p + 1) * self.parties]
    }

    /// Number of outcomes of each node of every layer (saturating).
    fn node_counts(&self) -> Vec<Vec<u128>> {
        let mut counts: Vec<Vec<u128>> = Vec::with_capacity(self.layers.len());
        counts.push(vec![1]);
        for (i, layer) in self.layers.iter().enumerate().skip(1) {
            let prev = &counts[i - 1];
            let groups = &self.groups[i - 1];
            let c = (0..layer.link_start.len() - 1)
                .map(|node| {
                    let (a, b) = (layer.link_start[node], layer.link_start[node + 1]);
                    layer.links[a as usize..b as usize]
                        .iter()
                        .fold(0u128, |acc, &(parent, g)| {
                            acc.saturating_add(
                                prev[parent as usize]
                                    .saturating_mul(groups[g as usize].len() as u128),
                            )
                        })
                })
                .collect();
            counts.push(c);
        }
        counts
    }

    /// Per point: how many outcomes it has (saturating at `u128::MAX`) and up to `max_listed` of
    /// them as per-issue value indices, sorted in enumeration order.
    pub fn outcomes(&self, max_listed: usize) -> Vec<(u128, Vec<Vec<u32>>)> {
        assert!(
            !self.layers.is_empty(),
            "outcomes() needs a merge with links"
        );
        let counts = self.node_counts();
        let last = self.layers.len() - 1;
        self.sources
            .iter()
            .map(|nodes| {
                let total = nodes.iter().fold(0u128, |acc, &n| {
                    acc.saturating_add(counts[last][n as usize])
                });
                let mut listed = Vec::new();
                let mut suffix = Vec::with_capacity(last);
                for &node in nodes {
                    self.list(last, node, &mut suffix, &mut listed, max_listed);
                }
                listed.sort_unstable();
                (total, listed)
            })
            .collect()
    }

    fn list(
        &self,
        layer: usize,
        node: u32,
        suffix: &mut Vec<u32>,
        out: &mut Vec<Vec<u32>>,
        max_listed: usize,
    ) {
        if out.len() >= max_listed {
            return;
        }
        if layer == 0 {
            out.push(suffix.iter().rev().copied().collect());
            return;
        }
        let l = &self.layers[layer];
        let (a, b) = (l.link_start[node as usize], l.link_start[node as usize + 1]);
        for &(parent, g) in &l.links[a as usize..b as usize] {
            for &v in &self.groups[layer - 1][g as usize] {
                suffix.push(v);
                self.list(layer - 1, parent, suffix, out, max_listed);
                suffix.pop();
                if out.len() >= max_listed {
                    return;
                }
            }
        }
    }
}

/// `max` over the frontier points of `minᵢ (uᵢ − rᵢ)` (the margin of the space they span).
pub fn margin_of(points: &[f64], reservations: &[f64]) -> f64 {
    points
        .chunks_exact(reservations.len())
        .map(|u| {
            u.iter()
                .zip(reservations)
                .map(|(u, r)| u - r)
                .fold(f64::INFINITY, f64::min)
        })
        .fold(f64::NEG_INFINITY, f64::max)
}
