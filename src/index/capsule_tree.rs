//! A hierarchy of capsules over items kept in a useful order, for exact nearest queries.
//!
//! Items are straight 3-D segments (frontier edges as chords, or points as segments of length
//! zero), each widened by a margin (for an edge, the most its geodesic strays from the chord).
//! Level 0 holds the items; level 1 holds one capsule per *chunk*: up to `FANOUT` consecutive
//! items of one strand (the caller's runs of items that belong together: a segment's edges in
//! order, so that a chunk is a stretch of border and its capsule fits it closely; or points in
//! space-filling-curve order). A chunk never spans two strands: two segments of a frontier
//! file may follow each other in the file and lie continents apart. The strands are chained,
//! each next the one with an end nearest the end of the last (for a frontier whose segments
//! follow each other, the order of the file), and each level above level 1 holds one capsule
//! per run of `FANOUT` consecutive capsules of the level below along that chain, up to a top
//! level of at most `TOP` capsules. A capsule is a segment and a radius; every item under it
//! lies within the radius of the segment. The layout only decides how tight the capsules are,
//! never an answer.
//!
//! The distance from a query to a capsule's segment, less its radius, bounds the distance to
//! everything under it from below; the caller supplies a bound from above of the distance to a
//! point at a given chord. A query walks down the hierarchy with bounds alone, nearest capsule
//! first, keeping the least upper bound of any item seen and skipping every capsule whose lower
//! bound exceeds it; the items left are handed to the caller in the order of their lower
//! bounds, for exact measurement. The levels are stored as columns of numbers, so that the
//! bounds of a run of capsules are computed in one loop.
//!
//! Why not the R-tree: measured on the embedded frontier, walking rstar's tree (axis-aligned
//! boxes in Earth-centred coordinates, which fit a border's stretches loosely, and a node of
//! 6–12 children at every step) with exact distances to prune cost ~1 µs a query against
//! ~0.5 µs of bounds here, and measured 1.8 exact distances a query against about one. rstar
//! still serves the queries that return many items (`within`), where its boxes are fine.

use std::ops::ControlFlow;

/// Capsules per run at each level. 12 measured best of 8, 12, 16 and 24 on the embedded
/// frontier (callgrind, 20,000 incidents: 612.7M, 598.8M, 615.4M and 622.3M instructions;
/// 1M wall −2.6 % against 16), with the world and dense frontiers within their noise.
pub(crate) const FANOUT: usize = 12;
/// The most capsules at the top level, which every query scans whole.
pub(crate) const TOP: usize = 32;
const SCRATCH: usize = if FANOUT > TOP { FANOUT } else { TOP };

/// One level: capsule `i` is the segment from `a` to `a + ab`, widened by `margin`.
#[derive(Debug, Clone, Default)]
struct Level {
    ax: Vec<f64>,
    ay: Vec<f64>,
    az: Vec<f64>,
    bx: Vec<f64>,
    by: Vec<f64>,
    bz: Vec<f64>,
    /// 1/|ab|², 0 for a point.
    inv: Vec<f64>,
    margin: Vec<f64>,
}

impl Level {
    fn len(&self) -> usize {
        self.ax.len()
    }

    fn push(&mut self, a: [f64; 3], b: [f64; 3], margin: f64) {
        let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
        self.ax.push(a[0]);
        self.ay.push(a[1]);
        self.az.push(a[2]);
        self.bx.push(ab[0]);
        self.by.push(ab[1]);
        self.bz.push(ab[2]);
        self.inv.push(if len2 > 0.0 { 1.0 / len2 } else { 0.0 });
        self.margin.push(margin);
    }

    fn a(&self, i: usize) -> [f64; 3] {
        [self.ax[i], self.ay[i], self.az[i]]
    }

    fn b(&self, i: usize) -> [f64; 3] {
        [
            self.ax[i] + self.bx[i],
            self.ay[i] + self.by[i],
            self.az[i] + self.bz[i],
        ]
    }

    /// The lower bounds of the capsules in `range` from `q`: the distance to each segment less
    /// its margin, or 0 within the margin.
    ///
    /// Four capsules at a time where the processor has AVX (x86-64's baseline, SSE2, does two),
    /// found at run time: the same operations in the same order (no fused multiply-add, which
    /// AVX does not bring and Rust never contracts to), so the same numbers to the bit.
    #[inline]
    fn bounds(&self, range: std::ops::Range<usize>, q: &[f64; 3], out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the one requirement of calling a function compiled for AVX is a
            // processor that has it, checked on the line above.
            return unsafe { self.bounds_avx(range, q, out) };
        }
        self.bounds_here(range, q, out);
    }

    /// [`bounds`](Self::bounds) compiled for AVX.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx")]
    fn bounds_avx(&self, range: std::ops::Range<usize>, q: &[f64; 3], out: &mut [f64]) {
        self.bounds_here(range, q, out);
    }

    /// [`bounds`](Self::bounds) for whatever instructions its caller is compiled for.
    #[inline(always)]
    fn bounds_here(&self, range: std::ops::Range<usize>, q: &[f64; 3], out: &mut [f64]) {
        let n = range.len();
        let (ax, ay, az) = (
            &self.ax[range.clone()],
            &self.ay[range.clone()],
            &self.az[range.clone()],
        );
        let (bx, by, bz) = (
            &self.bx[range.clone()],
            &self.by[range.clone()],
            &self.bz[range.clone()],
        );
        let (inv, margin) = (&self.inv[range.clone()], &self.margin[range]);
        let out = &mut out[..n];
        for k in 0..n {
            let (px, py, pz) = (q[0] - ax[k], q[1] - ay[k], q[2] - az[k]);
            let t = ((px * bx[k] + py * by[k] + pz * bz[k]) * inv[k]).clamp(0.0, 1.0);
            let (dx, dy, dz) = (px - t * bx[k], py - t * by[k], pz - t * bz[k]);
            out[k] = ((dx * dx + dy * dy + dz * dz).sqrt() - margin[k]).max(0.0);
        }
    }
}

/// An item as given: its segment's ends, its margin, the caller's number, and its strand.
pub(crate) type Item = ([f64; 3], [f64; 3], f64, u32, u32);

/// The hierarchy.
#[derive(Debug, Clone, Default)]
pub(crate) struct CapsuleTree {
    /// `levels[0]`: the items; the last: the top.
    levels: Vec<Level>,
    /// For level `l ≥ 1`, `children[l - 1][i]..children[l - 1][i + 1]`: the capsules of level
    /// `l − 1` under capsule `i` of level `l`.
    children: Vec<Vec<u32>>,
    /// The caller's number of item `i` of level 0.
    ids: Vec<u32>,
}

/// An item handed to the caller: its number and its lower bound.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) id: u32,
    pub(crate) bound: f64,
}

impl CapsuleTree {
    /// Builds the hierarchy over `items` (segment ends and margin, the caller's number, and
    /// its strand: consecutive items of the same strand may share a chunk), in the order given
    /// within each chunk.
    pub(crate) fn new(items: impl IntoIterator<Item = Item>) -> Self {
        let items: Vec<_> = items.into_iter().collect();
        let mut base = Level::default();
        if items.len() <= TOP {
            for &(a, b, margin, _, _) in &items {
                base.push(a, b, margin);
            }
            let ids = items.iter().map(|x| x.3).collect();
            return CapsuleTree {
                levels: vec![base],
                children: Vec::new(),
                ids,
            };
        }
        // The strands: maximal runs of items of one strand number.
        let mut strands: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        while start < items.len() {
            let mut end = start + 1;
            while end < items.len() && items[end].4 == items[start].4 {
                end += 1;
            }
            strands.push(start..end);
            start = end;
        }
        // Chained, each strand cut into chunks of nearly equal length, at most FANOUT, in order
        // (or reversed, as the chain runs).
        let mut ids = Vec::with_capacity(items.len());
        let mut level1 = Level::default();
        let mut children = vec![0u32];
        for (run, reversed) in chain(&items, &strands) {
            let mut order: Vec<usize> = run.collect();
            if reversed {
                order.reverse();
            }
            let parts = order.len().div_ceil(FANOUT);
            for k in 0..parts {
                let first = base.len();
                for &i in &order[order.len() * k / parts..order.len() * (k + 1) / parts] {
                    let (ia, ib, margin, id, _) = items[i];
                    base.push(ia, ib, margin);
                    ids.push(id);
                }
                let (a, b, r) = enclose(&base, first..base.len());
                children.push(base.len() as u32);
                level1.push(a, b, r);
            }
        }
        let mut levels = vec![base, level1];
        let mut tree_children = vec![children];
        while levels.last().is_some_and(|l| l.len() > TOP) {
            let below = levels.last().expect("a level");
            let mut up = Level::default();
            let mut children = vec![0u32];
            for start in (0..below.len()).step_by(FANOUT) {
                let run = start..(start + FANOUT).min(below.len());
                children.push(run.end as u32);
                let (a, b, r) = enclose(below, run);
                up.push(a, b, r);
            }
            levels.push(up);
            tree_children.push(children);
        }
        CapsuleTree {
            levels,
            children: tree_children,
            ids,
        }
    }

    /// Every item for which `keep(id)` holds that may be the nearest to `q` among them, least
    /// bound first. `upper(c)` must bound from above the true distance to a point at chord `c`
    /// from `q` (for the ellipsoid:
    /// [`geodesic_upper_bound`](crate::geodesy::ecef::geodesic_upper_bound)); `slack` is added to
    /// it (the tie margin). `visit` gets each candidate and answers `Continue(reach)`, the
    /// distance beyond which nothing more is wanted (it may only shrink), or `Break`.
    ///
    /// Two passes. The first goes down the hierarchy, nearest capsule first, computing for each
    /// item only its bounds: the chord to its segment less its margin from below, and `upper` of
    /// the chord plus its margin from above. Whatever lies beyond the least upper bound seen cannot
    /// be the nearest and is skipped, whole capsules at a time. The second pass hands the items
    /// left (those within the final least upper bound) to `visit` by their lower bounds. Bounds
    /// this tight leave one or two items, so the exact distance is computed about once a query.
    ///
    /// Which items are handed to `visit`, and in which order, depends on the layout; that every
    /// item whose lower bound is within the final reach is handed over does not: an item or
    /// capsule is only ever skipped when its lower bound exceeds a reach that was in force,
    /// and the reach only shrinks (a candidate beyond it cannot be nearest, nor tied).
    pub(crate) fn nearest(
        &self,
        q: &[f64; 3],
        upper: impl Fn(f64) -> f64,
        slack: f64,
        keep: impl Fn(u32) -> bool,
        mut visit: impl FnMut(Candidate) -> ControlFlow<(), f64>,
    ) {
        if self.ids.is_empty() {
            return;
        }
        let mut pass = Pass {
            tree: self,
            q,
            upper: &upper,
            keep: &keep,
            slack,
            reach: f64::INFINITY,
            found: Found::new(),
        };
        let top = self.levels.len() - 1;
        pass.run(top, 0..self.levels[top].len());
        let mut reach = pass.reach;
        let found = &mut pass.found[..];
        // Items kept early in the descent may lie beyond the reach found later: no need to sort
        // them.
        let mut n = 0;
        for k in 0..found.len() {
            if found[k].0 <= reach {
                found[n] = found[k];
                n += 1;
            }
        }
        let found = &mut found[..n];
        found.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for &(bound, i) in found.iter() {
            if bound > reach {
                break;
            }
            let id = self.ids[i as usize];
            match visit(Candidate { id, bound }) {
                ControlFlow::Continue(r) => reach = reach.min(r),
                ControlFlow::Break(()) => return,
            }
        }
    }
}

/// The state of a query's first pass.
struct Pass<'a, U: Fn(f64) -> f64, K: Fn(u32) -> bool> {
    tree: &'a CapsuleTree,
    q: &'a [f64; 3],
    upper: &'a U,
    keep: &'a K,
    slack: f64,
    /// The distance beyond which nothing can be the nearest: the least upper bound of any item
    /// seen, plus the slack.
    reach: f64,
    /// Items whose lower bound was within the reach when seen: (bound, index).
    found: Found,
}

impl<U: Fn(f64) -> f64, K: Fn(u32) -> bool> Pass<'_, U, K> {
    /// Looks at the capsules `run` of `level` (and below).
    fn run(&mut self, level: usize, run: std::ops::Range<usize>) {
        let lv = &self.tree.levels[level];
        let n = run.len();
        let mut lb = [0.0f64; SCRATCH];
        lv.bounds(run.clone(), self.q, &mut lb);
        let lb = &lb[..n];
        if level == 0 {
            // An item lies within its margin m of its segment, at most lb + 2m from the
            // query (lb is the distance to the segment less m, or 0 inside the margin).
            let margin = &lv.margin[run.clone()];
            let ids = &self.tree.ids[run.clone()];
            let mut far = f64::INFINITY;
            for k in 0..n {
                if (self.keep)(ids[k]) {
                    far = far.min(lb[k] + 2.0 * margin[k]);
                }
            }
            self.reach = self.reach.min((self.upper)(far) + self.slack);
            let reach = self.reach;
            for k in 0..n {
                if lb[k] <= reach && (self.keep)(ids[k]) {
                    self.found.push((lb[k], (run.start + k) as u32));
                }
            }
            return;
        }
        // The nearest first: it most likely holds the nearest item, whose upper bound then
        // rules out most of the rest.
        let mut near = 0;
        for k in 1..n {
            if lb[k] < lb[near] {
                near = k;
            }
        }
        let children = &self.tree.children[level - 1];
        for k in std::iter::once(near).chain((0..n).filter(|&k| k != near)) {
            if lb[k] <= self.reach {
                let i = run.start + k;
                self.run(level - 1, children[i] as usize..children[i + 1] as usize);
            }
        }
    }
}

/// A short list, on the stack up to 32 entries (not initialised before use: zeroing a
/// fixed array cost 1.7 % of a query).
type Found = smallvec::SmallVec<[(f64, u32); 32]>;

/// A capsule holding the capsules `run` of `level`: its segment joins the two ends farthest
/// apart (nearly: two sweeps), and its radius is the farthest any end lies from that segment
/// plus that capsule's own radius. A capsule whose two ends lie within R − r of a segment lies
/// within R of it, capsules being convex. A part in 10¹² and a micrometre are added for
/// rounding.
fn enclose(level: &Level, run: std::ops::Range<usize>) -> ([f64; 3], [f64; 3], f64) {
    let ends: Vec<([f64; 3], f64)> = run
        .flat_map(|i| [(level.a(i), level.margin[i]), (level.b(i), level.margin[i])])
        .collect();
    let farthest = |from: [f64; 3]| {
        ends.iter()
            .map(|e| e.0)
            .max_by(|x, y| dist2(*x, from).total_cmp(&dist2(*y, from)))
            .unwrap_or(from)
    };
    let a = farthest(ends[0].0);
    let b = farthest(a);
    let mut axis = Level::default();
    axis.push(a, b, 0.0);
    let mut d = [0.0];
    let r = ends
        .iter()
        .map(|(p, m)| {
            axis.bounds(0..1, p, &mut d);
            d[0] + m
        })
        .fold(0.0f64, f64::max);
    (a, b, r * (1.0 + 1e-12) + 1e-6)
}

/// The strands in the order of a chain: from the first, in its own direction, each next the
/// strand with an end nearest the end of the last one (reversed if that is its last end);
/// where the next strand in the order given starts nearest, as along a frontier whose segments
/// follow each other, it comes next. Only a matter of how tight the capsules above the chunks
/// are: a run of them joins up along the chain instead of jumping between continents.
fn chain(
    items: &[Item],
    strands: &[std::ops::Range<usize>],
) -> Vec<(std::ops::Range<usize>, bool)> {
    use rstar::RTree;
    use rstar::primitives::GeomWithData;
    type End = GeomWithData<[f64; 3], (usize, bool)>;
    let ends = |r: &std::ops::Range<usize>| (items[r.start].0, items[r.end - 1].1);
    // The ends of the strands not yet chained, for the nearest end in O(log n) (a scan of all
    // would make start-up quadratic in the number of segments).
    let mut open: RTree<End> = RTree::bulk_load(
        strands
            .iter()
            .enumerate()
            .flat_map(|(k, r)| {
                let (a, b) = ends(r);
                [End::new(a, (k, false)), End::new(b, (k, true))]
            })
            .collect(),
    );
    let mut left: Vec<bool> = vec![true; strands.len()];
    let mut out = Vec::with_capacity(strands.len());
    let mut at = 0;
    let mut reversed = false;
    loop {
        left[at] = false;
        out.push((strands[at].clone(), reversed));
        let (a, b) = ends(&strands[at]);
        open.remove(&End::new(a, (at, false)));
        open.remove(&End::new(b, (at, true)));
        let tail = if reversed { a } else { b };
        // The next in the order given, unless another strand has an end nearer.
        let mut next = None;
        let mut near = f64::INFINITY;
        if at + 1 < strands.len() && left[at + 1] {
            next = Some((at + 1, false));
            near = dist2(tail, ends(&strands[at + 1]).0);
        }
        // The nearest open end; among ends at the same distance (the vertices strands share),
        // the earliest strand's, its start first, as a scan in order would take (the layout,
        // and so the search's speed, then follows the file).
        let mut nearest: Option<(f64, (usize, bool))> = None;
        for (e, d) in open.nearest_neighbor_iter_with_distance_2(tail) {
            match nearest {
                Some((n, _)) if d > n => break,
                Some((_, k)) if e.data >= k => {}
                _ => nearest = Some((d, e.data)),
            }
        }
        if let Some((_, k)) = nearest {
            let (a, b) = ends(&strands[k.0]);
            if dist2(tail, if k.1 { b } else { a }) < near {
                next = Some(k);
            }
        }
        match next {
            Some((k, rev)) => {
                at = k;
                reversed = rev;
            }
            None => return out,
        }
    }
}

fn dist2(p: [f64; 3], q: [f64; 3]) -> f64 {
    (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AVX bounds are the plain ones to the bit, over random capsules (points among them,
    /// and queries inside the margins) and every length of run up to the scratch's.
    #[test]
    fn the_bounds_are_the_same_four_at_a_time() {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            let mut s = 0x9E37_79B9_7F4A_7C15u64;
            let mut next = move || {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
            };
            for trial in 0..2_000 {
                let scale = [1.0, 1e3, 6.4e6][trial % 3];
                let mut level = Level::default();
                for k in 0..SCRATCH {
                    let a = [next() * scale, next() * scale, next() * scale];
                    let b = if k % 5 == 0 {
                        a
                    } else {
                        [a[0] + next() * scale, a[1] + next(), a[2] - next() * scale]
                    };
                    level.push(a, b, (next() + 0.5) * scale * 0.1);
                }
                let q = [next() * scale, next() * scale, next() * scale];
                for n in 0..=SCRATCH {
                    let start = trial % (SCRATCH - n + 1);
                    let (mut plain, mut wide) = ([0.0; SCRATCH], [0.0; SCRATCH]);
                    level.bounds_here(start..start + n, &q, &mut plain);
                    // SAFETY: the processor has AVX, checked above.
                    unsafe { level.bounds_avx(start..start + n, &q, &mut wide) };
                    assert_eq!(
                        plain.map(f64::to_bits),
                        wide.map(f64::to_bits),
                        "{trial} {n}"
                    );
                }
            }
        } else {
            eprintln!("NOT RUN: this processor has no AVX (the plain bounds are all it uses)");
        }
    }

    /// At a vertex many strands share, the chain goes on with the earliest of them (its start
    /// before its end), as a scan in the file's order does, whatever the R-tree of ends returns
    /// first among ends at the same distance.
    #[test]
    fn the_chain_takes_the_earliest_strand_at_a_shared_vertex() {
        let c = [0.0, 0.0, 0.0];
        let item = |a: [f64; 3], b: [f64; 3], k: u32| (a, b, 0.0, k, k);
        let mut items = vec![
            item([-1.0, 0.0, 0.0], c, 0),
            item([100.0, 0.0, 0.0], [101.0, 0.0, 0.0], 1),
        ];
        // Strands 2..=9 start at the shared vertex (even) or end there (odd).
        for k in 2..=9u32 {
            let p = [k as f64, 1.0, 0.0];
            items.push(if k % 2 == 1 {
                item(p, c, k)
            } else {
                item(c, p, k)
            });
        }
        let strands: Vec<std::ops::Range<usize>> = (0..items.len()).map(|k| k..k + 1).collect();
        let order: Vec<(usize, bool)> = chain(&items, &strands)
            .into_iter()
            .map(|(r, reversed)| (r.start, reversed))
            .collect();
        // From strand 0's end at the vertex: strand 2, the earliest with an end there (not 1,
        // next in the file but 100 away, nor 4, the one the R-tree returns first); then 3,
        // whose start (3, 1, 0) is nearest 2's end (2, 1, 0).
        assert_eq!(order[..3], [(0, false), (2, false), (3, false)]);
        assert_eq!(order.len(), items.len());
    }
}
