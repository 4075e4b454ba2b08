//! Chunked, parallel enumeration of an enumerable outcome space without materialising it.
//!
//! The ranks `0..N` are cut into chunks; rayon threads fold chunks into thread-local
//! [`EnumerationState`]s (zone counts, margin, utility ranges, per-issue zone values, and a local
//! Pareto frontier kept small by periodic reduction), which are merged pairwise at the end. Memory is
//! `O(threads · (chunk + frontier) + Σ issue sizes)`, independent of `N`.
//!
//! Results do not depend on the thread count: counts and extremes are order-free, frontiers are
//! sets, and each frontier point keeps the *smallest* ranks among its outcomes.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::pareto::frontier_groups;
use super::OutcomeList;
use crate::outcome::OutcomeSpace;
use crate::preference::UtilityFunction;

/// Outcomes per chunk: large enough to amortise scheduling, small enough to stay in cache.
const CHUNK: u64 = 1 << 14;

/// How utilities of consecutive outcomes are produced.
pub(crate) enum Evaluator<'a> {
    /// Linear-additive tables: running prefix sums, so each outcome costs one addition per party
    /// while only the last issue changes (and the sum is bit-identical to `utility_of_indices`).
    Linear {
        /// Per party: bias.
        bias: Vec<f64>,
        /// Per party, per issue: contribution table.
        tables: Vec<&'a [Box<[f64]>]>,
        /// Per party: cap.
        caps: Vec<Option<f64>>,
    },
    /// Any utility function, evaluated outcome by outcome.
    General(Vec<&'a UtilityFunction>),
}

/// What to collect besides counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EnumerationRequest {
    /// Keep a Pareto frontier (of rational outcomes, or of all when `whole_space`).
    pub frontier: bool,
    /// Frontier over every outcome rather than the rational ones.
    pub whole_space: bool,
    /// Ranks listed per frontier point.
    pub max_listed: usize,
}

/// Thread-local (then merged) results of enumerating part of the space.
#[derive(Debug, Clone)]
pub(crate) struct EnumerationState {
    parties: usize,
    /// Outcomes with every `uᵢ ≥ rᵢ`.
    pub zone: u64,
    /// Outcomes with every `uᵢ > rᵢ`.
    pub strictly_rational: u64,
    /// `max min_i (u_i − r_i)`.
    pub margin: f64,
    /// Rank of the first outcome (in enumeration order) whose worst surplus is `margin`.
    pub widest_rank: u64,
    /// Per party: (min, max) utility.
    pub ranges: Vec<(f64, f64)>,
    /// Per issue, per value: occurs in a zone outcome.
    pub zone_values: Vec<Vec<bool>>,
    /// Candidate frontier: flat utilities and one outcome list per point.
    pub points: Vec<f64>,
    /// Outcomes per candidate point.
    pub lists: Vec<OutcomeList>,
    /// Size of `points` (in points) right after the last reduction.
    reduced_len: usize,
    /// Two parties: the last reduced frontier sorted by `u0` descending (so `u1` ascending).
    staircase: Vec<(f64, f64)>,
}

impl EnumerationState {
    fn new(parties: usize, radices: &[u32]) -> Self {
        EnumerationState {
            parties,
            zone: 0,
            strictly_rational: 0,
            margin: f64::NEG_INFINITY,
            widest_rank: 0,
            ranges: vec![(f64::INFINITY, f64::NEG_INFINITY); parties],
            zone_values: radices.iter().map(|&r| vec![false; r as usize]).collect(),
            points: Vec::new(),
            lists: Vec::new(),
            reduced_len: 0,
            staircase: Vec::new(),
        }
    }

    /// Replaces the candidates by their frontier, merging the outcome lists of equal vectors.
    pub fn reduce(&mut self, max_listed: usize) {
        let k = self.parties;
        let groups = frontier_groups(&self.points, k);
        let mut points = Vec::with_capacity(groups.len() * k);
        let mut lists = Vec::with_capacity(groups.len());
        for g in groups {
            points.extend_from_slice(&self.points[g[0] * k..(g[0] + 1) * k]);
            let mut list = OutcomeList::default();
            for i in g {
                list.absorb(std::mem::take(&mut self.lists[i]), max_listed);
            }
            lists.push(list);
        }
        self.points = points;
        self.lists = lists;
        self.reduced_len = self.lists.len();
        if k == 2 {
            self.staircase = self.points.chunks_exact(2).map(|q| (q[0], q[1])).collect();
            self.staircase.sort_unstable_by(|a, b| {
                b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal)
            });
        }
    }

    fn merge(mut self, other: Self, request: &EnumerationRequest) -> Self {
        self.zone += other.zone;
        self.strictly_rational += other.strictly_rational;
        // `self` covers earlier ranks, so it keeps ties.
        if other.margin > self.margin {
            self.margin = other.margin;
            self.widest_rank = other.widest_rank;
        }
        for (a, b) in self.ranges.iter_mut().zip(&other.ranges) {
            *a = (a.0.min(b.0), a.1.max(b.1));
        }
        for (a, b) in self.zone_values.iter_mut().zip(&other.zone_values) {
            for (x, y) in a.iter_mut().zip(b) {
                *x |= *y;
            }
        }
        if request.frontier {
            self.points.extend_from_slice(&other.points);
            self.lists.extend(other.lists);
            self.reduce(request.max_listed);
        }
        self
    }

    /// Whether a two-party candidate is dominated by the last reduced frontier: on the staircase
    /// the best `u1` among points with `q0 ≥ p0` is the last such point's.
    fn dominated_2d(&self, p: &[f64]) -> bool {
        let end = self.staircase.partition_point(|q| q.0 >= p[0]);
        if end == 0 {
            return false;
        }
        let q = self.staircase[end - 1];
        q.1 > p[1] || (q.1 == p[1] && q.0 > p[0])
    }
}

/// Enumerates the whole space in parallel (inside the caller's rayon pool).
pub(crate) fn enumerate(
    space: &OutcomeSpace,
    evaluator: &Evaluator,
    reservations: &[f64],
    request: EnumerationRequest,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> EnumerationState {
    let radices = space
        .radices()
        .expect("caller checked the space is enumerable");
    let total = space
        .enumerable_size()
        .expect("caller checked the space is enumerable");
    let parties = reservations.len();
    let chunks = total.div_ceil(CHUNK);
    let done = AtomicU64::new(0);
    (0..chunks)
        .into_par_iter()
        .fold(
            || EnumerationState::new(parties, &radices),
            |mut state, chunk| {
                let first = chunk * CHUNK;
                let len = CHUNK.min(total - first) as usize;
                process_chunk(
                    &mut state,
                    &radices,
                    evaluator,
                    reservations,
                    &request,
                    first,
                    len,
                );
                let d = done.fetch_add(len as u64, Ordering::Relaxed) + len as u64;
                progress(d, total);
                state
            },
        )
        .reduce(
            || EnumerationState::new(parties, &radices),
            |a, b| a.merge(b, &request),
        )
}

#[allow(clippy::too_many_arguments)]
fn process_chunk(
    state: &mut EnumerationState,
    radices: &[u32],
    evaluator: &Evaluator,
    reservations: &[f64],
    request: &EnumerationRequest,
    first: u64,
    len: usize,
) {
    let k = reservations.len();
    let mut utilities = vec![0.0; len * k];
    let mut indices = vec![0u32; radices.len()];
    OutcomeSpace::unrank_into(radices, first, &mut indices);
    fill_utilities(evaluator, radices, &indices, len, &mut utilities);
    let last = radices.len() - 1;
    for (offset, u) in utilities.chunks_exact(k).enumerate() {
        let mut rational = true;
        let mut strict = true;
        let mut worst = f64::INFINITY;
        for ((&u, &r), range) in u.iter().zip(reservations).zip(state.ranges.iter_mut()) {
            rational &= u >= r;
            strict &= u > r;
            worst = worst.min(u - r);
            range.0 = range.0.min(u);
            range.1 = range.1.max(u);
        }
        if worst > state.margin {
            state.margin = worst;
            state.widest_rank = first + offset as u64;
        }
        if rational {
            state.zone += 1;
            for (values, &i) in state.zone_values.iter_mut().zip(&indices) {
                values[i as usize] = true;
            }
        }
        state.strictly_rational += strict as u64;
        if request.frontier && (rational || request.whole_space) {
            let dominated = k == 2 && state.dominated_2d(u);
            if !dominated {
                state.points.extend_from_slice(u);
                state.lists.push(OutcomeList::single(first + offset as u64));
                if state.lists.len() > 2 * state.reduced_len + 4096 {
                    state.reduce(request.max_listed);
                }
            }
        }
        // Advance the index vector in step with the utilities.
        if indices[last] + 1 < radices[last] {
            indices[last] += 1;
        } else {
            OutcomeSpace::advance(radices, &mut indices);
        }
    }
}

/// Utilities of `len` consecutive outcomes from `start`, party-interleaved (`u[o·k + j]`).
fn fill_utilities(
    evaluator: &Evaluator,
    radices: &[u32],
    start: &[u32],
    len: usize,
    out: &mut [f64],
) {
    let mut indices = start.to_vec();
    match evaluator {
        Evaluator::General(functions) => {
            let k = functions.len();
            for o in 0..len {
                for (j, f) in functions.iter().enumerate() {
                    out[o * k + j] = f.utility_of_indices(&indices);
                }
                OutcomeSpace::advance(radices, &mut indices);
            }
        }
        Evaluator::Linear { bias, tables, caps } => {
            let k = bias.len();
            let n = radices.len();
            let last = n - 1;
            // prefix[j][i] = bias_j + Σ_{m < i} table_j[m][idx_m], summed in issue order.
            let mut prefix = vec![vec![0.0; n]; k];
            let refresh = |prefix: &mut Vec<Vec<f64>>, indices: &[u32], from: usize| {
                for j in 0..k {
                    for i in from..n {
                        prefix[j][i] = if i == 0 {
                            bias[j]
                        } else {
                            prefix[j][i - 1] + tables[j][i - 1][indices[i - 1] as usize]
                        };
                    }
                }
            };
            refresh(&mut prefix, &indices, 0);
            let mut o = 0;
            while o < len {
                let run = ((radices[last] - indices[last]) as usize).min(len - o);
                for j in 0..k {
                    let base = prefix[j][last];
                    let table = &tables[j][last][indices[last] as usize..];
                    let cap = caps[j];
                    for (t, &c) in table[..run].iter().enumerate() {
                        let s = base + c;
                        out[(o + t) * k + j] = match cap {
                            Some(cap) => s.min(cap),
                            None => s,
                        };
                    }
                }
                o += run;
                // Jump to the next block: reset the last index and carry.
                indices[last] = radices[last] - 1;
                let before = indices.clone();
                if !OutcomeSpace::advance(radices, &mut indices) {
                    break;
                }
                let changed = before
                    .iter()
                    .zip(&indices)
                    .position(|(a, b)| a != b)
                    .unwrap_or(last);
                refresh(&mut prefix, &indices, changed + 1);
            }
        }
    }
}

/// Zone counts and per-issue zone values of a linear-additive space, by enumeration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinearCounts {
    /// Outcomes with every `uᵢ ≥ rᵢ`.
    pub zone: u64,
    /// Outcomes with every `uᵢ > rᵢ`.
    pub strictly_rational: u64,
    /// Per issue, per value: occurs in a zone outcome.
    pub zone_values: Vec<Vec<bool>>,
}

impl LinearCounts {
    fn new(radices: &[u32]) -> Self {
        LinearCounts {
            zone: 0,
            strictly_rational: 0,
            zone_values: radices.iter().map(|&r| vec![false; r as usize]).collect(),
        }
    }

    fn merge(mut self, other: Self) -> Self {
        self.zone += other.zone;
        self.strictly_rational += other.strictly_rational;
        for (a, b) in self.zone_values.iter_mut().zip(&other.zone_values) {
            for (x, y) in a.iter_mut().zip(b) {
                *x |= *y;
            }
        }
        self
    }
}

/// Counts the zone of a linear-additive space (the frontier comes from the issue merge).
///
/// The space is walked in *blocks*: all values of the last two issues under one assignment of the
/// others. Per block the other issues' prefix sums are fixed; per row (a value of the second-to-last
/// issue) one more addition; then each outcome costs one addition, one `min` (the cap, `+∞` when
/// absent) and two comparisons per party. Sums are formed in issue order, so every utility is
/// bit-identical to `utility_of_indices`. Blocks are split into chunks across the rayon pool; the
/// party loop is unrolled for up to four parties.
pub(crate) fn count_linear(
    space: &OutcomeSpace,
    bias: &[f64],
    tables: &[&[Box<[f64]>]],
    caps: &[Option<f64>],
    reservations: &[f64],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> LinearCounts {
    match bias.len() {
        1 => count_linear_k::<1>(space, bias, tables, caps, reservations, progress),
        2 => count_linear_k::<2>(space, bias, tables, caps, reservations, progress),
        3 => count_linear_k::<3>(space, bias, tables, caps, reservations, progress),
        4 => count_linear_k::<4>(space, bias, tables, caps, reservations, progress),
        _ => count_linear_k::<0>(space, bias, tables, caps, reservations, progress),
    }
}

/// `K` parties (`K = 0`: any number, not unrolled).
fn count_linear_k<const K: usize>(
    space: &OutcomeSpace,
    bias: &[f64],
    tables: &[&[Box<[f64]>]],
    caps: &[Option<f64>],
    reservations: &[f64],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> LinearCounts {
    let k = if K == 0 { bias.len() } else { K };
    let radices = space
        .radices()
        .expect("caller checked the space is enumerable");
    let total = space
        .enumerable_size()
        .expect("caller checked the space is enumerable");
    // Treat a one-issue space as two issues by prepending a one-value issue.
    let one_issue = radices.len() == 1;
    let radices: Vec<u32> = if one_issue {
        vec![1, radices[0]]
    } else {
        radices
    };
    let zero_table: Box<[f64]> = vec![0.0].into_boxed_slice();
    let table = |j: usize, i: usize| -> &[f64] {
        if one_issue {
            if i == 0 {
                &zero_table
            } else {
                &tables[j][0]
            }
        } else {
            &tables[j][i]
        }
    };
    let n = radices.len();
    let (row_issue, col_issue) = (n - 2, n - 1);
    let (rows, cols) = (radices[row_issue] as usize, radices[col_issue] as usize);
    let width = (rows * cols) as u64;
    let blocks = total / width;
    let per_chunk = (CHUNK / width).max(1);
    let chunks = blocks.div_ceil(per_chunk);
    let cap: Vec<f64> = caps.iter().map(|c| c.unwrap_or(f64::INFINITY)).collect();
    let done = AtomicU64::new(0);
    (0..chunks)
        .into_par_iter()
        .fold(
            || LinearCounts::new(&radices),
            |mut counts, chunk| {
                let first_block = chunk * per_chunk;
                let end_block = (first_block + per_chunk).min(blocks);
                let mut indices = vec![0u32; n];
                OutcomeSpace::unrank_into(
                    &radices[..row_issue],
                    first_block,
                    &mut indices[..row_issue],
                );
                // prefix[j·n + i] = bias_j + Σ_{m < i} table_j[m][idx_m], in issue order.
                let mut prefix = vec![0.0; k * n];
                let refresh = |prefix: &mut [f64], indices: &[u32], from: usize| {
                    for j in 0..k {
                        for i in from.max(1)..=row_issue {
                            prefix[j * n + i] =
                                prefix[j * n + i - 1] + table(j, i - 1)[indices[i - 1] as usize];
                        }
                    }
                };
                for j in 0..k {
                    prefix[j * n] = bias[j];
                }
                refresh(&mut prefix, &indices, 1);
                let row_tables: Vec<&[f64]> = (0..k).map(|j| table(j, row_issue)).collect();
                let col_tables: Vec<&[f64]> = (0..k).map(|j| table(j, col_issue)).collect();
                let mut col_flags = vec![false; cols];
                let mut row_flags = vec![false; rows];
                let mut base = vec![0.0; k];
                let (mut zone, mut strict) = (0u64, 0u64);
                for _ in first_block..end_block {
                    let mut any_in_block = false;
                    for (a, row_flag) in row_flags.iter_mut().enumerate() {
                        for j in 0..k {
                            base[j] = prefix[j * n + row_issue] + row_tables[j][a];
                        }
                        let (z, st, any_in_row) = if K > 0 {
                            count_row::<[f64; K], [&[f64]; K]>(
                                &std::array::from_fn(|j| base[j]),
                                &std::array::from_fn(|j| &col_tables[j][..cols]),
                                &std::array::from_fn(|j| cap[j]),
                                &std::array::from_fn(|j| reservations[j]),
                                &mut col_flags,
                            )
                        } else {
                            count_row::<[f64], [&[f64]]>(
                                &base,
                                &col_tables,
                                &cap,
                                reservations,
                                &mut col_flags,
                            )
                        };
                        zone += z;
                        strict += st;
                        *row_flag |= any_in_row;
                        any_in_block |= any_in_row;
                    }
                    if any_in_block {
                        for (values, &i) in counts.zone_values[..row_issue].iter_mut().zip(&indices)
                        {
                            values[i as usize] = true;
                        }
                    }
                    // Next block: carry through the other issues, refresh the changed prefix sums.
                    let mut depth = row_issue;
                    while depth > 0 {
                        depth -= 1;
                        indices[depth] += 1;
                        if indices[depth] < radices[depth] {
                            break;
                        }
                        indices[depth] = 0;
                    }
                    refresh(&mut prefix, &indices, depth + 1);
                }
                counts.zone += zone;
                counts.strictly_rational += strict;
                for (value, &flag) in counts.zone_values[row_issue].iter_mut().zip(&row_flags) {
                    *value |= flag;
                }
                for (value, &flag) in counts.zone_values[col_issue].iter_mut().zip(&col_flags) {
                    *value |= flag;
                }
                let outcomes = (end_block - first_block) * width;
                let d = done.fetch_add(outcomes, Ordering::Relaxed) + outcomes;
                progress(d, total);
                counts
            },
        )
        .reduce(|| LinearCounts::new(&radices), LinearCounts::merge)
        .drop_leading_issue(one_issue)
}

/// One row of a block: (zone count, strict count, any in zone). Called with fixed-size arrays for
/// up to four parties, whose constant length unrolls the party loop, and with slices otherwise.
#[inline]
fn count_row<'t, P, C>(
    base: &P,
    columns: &C,
    cap: &P,
    reservations: &P,
    flags: &mut [bool],
) -> (u64, u64, bool)
where
    P: AsRef<[f64]> + ?Sized,
    C: AsRef<[&'t [f64]]> + ?Sized,
{
    let (base, columns, cap, reservations) = (
        base.as_ref(),
        columns.as_ref(),
        cap.as_ref(),
        reservations.as_ref(),
    );
    let (mut zone, mut strict) = (0u64, 0u64);
    let mut any = false;
    for (b, flag) in flags.iter_mut().enumerate() {
        let mut rational = true;
        let mut strictly = true;
        for j in 0..base.len() {
            let u = (base[j] + columns[j][b]).min(cap[j]);
            rational &= u >= reservations[j];
            strictly &= u > reservations[j];
        }
        zone += rational as u64;
        strict += strictly as u64;
        *flag |= rational;
        any |= rational;
    }
    (zone, strict, any)
}

impl LinearCounts {
    fn drop_leading_issue(mut self, drop: bool) -> Self {
        if drop {
            self.zone_values.remove(0);
        }
        self
    }
}
