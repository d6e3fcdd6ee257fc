//! An index of a frontier's edges that finds the exactly nearest segment to a point.
//!
//! Each edge is indexed as its 3-D Earth-centred chord, widened by [`sag_bound`], the most a
//! geodesic can stray from its chord. For a point P on the ellipsoid and any point X of the
//! edge, the chord |PX| is at most the geodesic distance, and X lies within the sag of the
//! edge's chord; so `max(0, dist(P, chord) − sag)` is a **lower bound** of the geodesic distance
//! from P to the edge, and [`geodesic_lower_bound`](crate::geodesy::ecef::geodesic_lower_bound) of it (the rolling-ball bound, which recovers
//! ~95 % of what a chord falls short of the geodesic: it is ~5 cm short at 100 km) a tighter
//! one. Likewise [`geodesic_upper_bound`] of `dist(P, chord) + sag` bounds it from above.
//!
//! Nearest queries go through a [`CapsuleTree`] over the edges (in chunks of consecutive
//! edges of one segment, the segments chained end to end): a first pass
//! keeps, with bounds alone, the edges whose lower bound is within the least upper bound of any
//! edge (ruling out whole stretches of border at once); those get their exact distance
//! ([`GeodesicEdge::distance_to`]) in the order of their lower bounds until the next bound
//! exceeds the best exact distance. It cannot miss the nearest edge, and it computes about one
//! exact distance per query. Queries for everything within a radius use an R-tree (rstar,
//! bulk-loaded on the first such query) of the same widened chords.
//!
//! **Ties.** Distances within [`TIE_M`] (1 µm) of each other are ties: the segment that comes
//! first in the frontier file wins, then the edge that comes first in it. A point nearest to the
//! vertex two segments share therefore belongs to the earlier segment.

use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

use geo::Point;

use super::capsule_tree::CapsuleTree;
use crate::geodesy::ecef::{
    chord_fraction, geodesic_upper_bound, may_be_within, sag_bound, to_ecef,
};
use crate::geodesy::point_segment::VertexMemo;
use crate::geodesy::{EdgeDistance, GeodesicEdge, Query};
use crate::model::Frontier;

mod to_the_millimetre;
mod within;

/// Distances closer than this (metres) are ties, broken by file order.
pub const TIE_M: f64 = 1e-6;

/// One edge: its segment, its place in the segment, and its geodesic.
#[derive(Debug, Clone)]
struct Edge {
    segment: usize,
    /// Index of the edge within its segment (0 = first).
    index: usize,
    a: [f64; 3],
    b: [f64; 3],
    geodesic: GeodesicEdge,
}

/// The nearest segment found for a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearestSegment {
    /// Index of the segment in the frontier.
    pub segment: usize,
    /// Index of the nearest edge within that segment.
    pub edge: usize,
    /// Exact geodesic distance in metres, and the closest point.
    pub distance: EdgeDistance,
}

/// The edges of all segments of a frontier, indexed for exact nearest-segment queries.
#[derive(Debug, Clone)]
pub struct SegmentIndex {
    /// The R-tree of the edges, for [`within`](Self::within), built on its first use: the
    /// nearest queries go through the capsule tree, and bulk-loading an R-tree for each of a
    /// frontier's period indexes was most of a run's start-up (50M of 91M instructions for one
    /// incident on the embedded frontier, in callgrind).
    tree: OnceLock<within::EdgeTree>,
    /// The same edges in a capsule tree, for nearest queries.
    caps: CapsuleTree,
    /// Every edge of the frontier (shared between indexes of subsets).
    edges: Arc<[Edge]>,
    /// The indexed edges (those of the indexed segments), by their numbers in `edges`, in
    /// order.
    members: Vec<u32>,
}

/// The edges of every segment of a frontier, measured once, to build indexes of subsets over.
#[derive(Debug, Clone)]
pub struct FrontierEdges(Arc<[Edge]>);

impl FrontierEdges {
    /// Measures every edge of every segment of `frontier`.
    pub fn new(frontier: &Frontier) -> Self {
        let mut edges = Vec::new();
        for (si, s) in frontier.segments.iter().enumerate() {
            for (ei, w) in s.line.0.windows(2).enumerate() {
                let (a, b) = (to_ecef(w[0].x, w[0].y), to_ecef(w[1].x, w[1].y));
                edges.push(Edge {
                    segment: si,
                    index: ei,
                    a,
                    b,
                    geodesic: GeodesicEdge::new(w[0], w[1]),
                });
            }
        }
        FrontierEdges(edges.into())
    }
}

impl SegmentIndex {
    /// Indexes every edge of every segment (whatever its dates).
    pub fn new(frontier: &Frontier) -> Self {
        Self::subset(frontier, |_| true)
    }

    /// Indexes the edges of the segments for which `keep(segment index)` is true; results still
    /// name segments by their index in the whole frontier.
    pub fn subset(frontier: &Frontier, keep: impl Fn(usize) -> bool) -> Self {
        Self::over(&FrontierEdges::new(frontier), keep)
    }

    /// Like [`subset`](Self::subset), over edges measured once for several indexes.
    pub fn over(edges: &FrontierEdges, keep: impl Fn(usize) -> bool) -> Self {
        let members: Vec<u32> = (0..edges.0.len() as u32)
            .filter(|&i| keep(edges.0[i as usize].segment))
            .collect();
        // The edges are in frontier order, which the capsule tree keeps within each chunk of a
        // segment's edges.
        let caps = CapsuleTree::new(members.iter().map(|&i| {
            let e = &edges.0[i as usize];
            (e.a, e.b, edge_sag(e), i, e.segment as u32)
        }));
        SegmentIndex {
            members,
            tree: OnceLock::new(),
            caps,
            edges: edges.0.clone(),
        }
    }

    /// Number of indexed edges.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no edge is indexed.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The nearest segment.
    pub fn nearest_any(&self, p: Point<f64>) -> Option<NearestSegment> {
        self.nearest(p, |_| true)
    }

    /// The nearest segment among those for which `keep(segment index)` is true.
    ///
    /// The capsule tree keeps, by bounds alone, the edges that could be nearest (the least
    /// upper bound plus the tie margin); they are measured exactly in the order of their lower
    /// bounds until the next bound exceeds the best exact distance (plus the tie margin), so no
    /// nearer or tied edge can be missed.
    pub fn nearest(&self, p: Point<f64>, keep: impl Fn(usize) -> bool) -> Option<NearestSegment> {
        self.nearest_to(&Query::new(p), keep)
    }

    /// [`nearest`](Self::nearest) from a prepared point.
    pub fn nearest_to(
        &self,
        query: &Query,
        keep: impl Fn(usize) -> bool,
    ) -> Option<NearestSegment> {
        self.nearest_below(query, keep, f64::INFINITY)
    }

    /// The nearest segment if it lies within `limit_m` + [`TIE_M`] of the point, as
    /// [`nearest_to`](Self::nearest_to) finds it (its ties too), or `None` if none lies within
    /// `limit_m` + 2·[`TIE_M`]; in between, either. Nothing farther is measured, which is most
    /// of the cost of a search whose nearest is far.
    pub(crate) fn nearest_within_to(&self, query: &Query, limit_m: f64) -> Option<NearestSegment> {
        let limit = limit_m + TIE_M;
        self.nearest_below(query, |_| true, limit)
            .filter(|n| n.distance.distance_m <= limit + TIE_M)
    }

    /// The search, with nothing measured whose bound exceeds `best` + [`TIE_M`] (`best`
    /// shrinking to the least distance measured).
    fn nearest_below(
        &self,
        query: &Query,
        keep: impl Fn(usize) -> bool,
        mut best: f64,
    ) -> Option<NearestSegment> {
        let (p, q) = (query.point, query.ecef);
        let mut found: Vec<NearestSegment> = Vec::new();
        let mut memo = VertexMemo::for_query(query);
        let keep_edge = |e: u32| keep(self.edges[e as usize].segment);
        self.caps
            .nearest(&q, geodesic_upper_bound, TIE_M, keep_edge, |c| {
                // Candidates come by their chord bound; the tighter rolling-ball bound on it
                // also grows with it, so the first beyond reach by either ends the search.
                if !may_be_within(c.bound, best + TIE_M) {
                    return ControlFlow::Break(());
                }
                let m = self.measure(c.id as usize, p, q, &mut memo);
                best = best.min(m.distance.distance_m);
                found.push(m);
                ControlFlow::Continue(best + TIE_M)
            });
        select(&found)
    }

    /// The exact distance from a prepared point to edge `edge` of segment `segment` (as
    /// [`NearestSegment`] numbers them), measured as a search measures a candidate; `None` if
    /// there is no such edge.
    pub fn distance_to_edge(
        &self,
        segment: usize,
        edge: usize,
        query: &Query,
    ) -> Option<NearestSegment> {
        // The edges are in frontier order: by segment, then by edge.
        let i = self
            .edges
            .binary_search_by_key(&(segment, edge), |e| (e.segment, e.index))
            .ok()?;
        let mut memo = VertexMemo::for_query(query);
        Some(self.measure(i, query.point, query.ecef, &mut memo))
    }

    /// The exact distance from `p` (ECEF `q`) to edge number `i`.
    fn measure(
        &self,
        i: usize,
        p: Point<f64>,
        q: [f64; 3],
        memo: &mut VertexMemo,
    ) -> NearestSegment {
        let edge = &self.edges[i];
        NearestSegment {
            segment: edge.segment,
            edge: edge.index,
            distance: edge
                .geodesic
                .distance_to_memo(p, chord_fraction(q, edge.a, edge.b), memo),
        }
    }

    /// The exact nearest segment by checking every edge: the reference the index is tested
    /// against. Slow; for tests and checks.
    pub fn nearest_brute_force(
        &self,
        p: Point<f64>,
        keep: impl Fn(usize) -> bool,
    ) -> Option<NearestSegment> {
        let q = to_ecef(p.x(), p.y());
        let found: Vec<NearestSegment> = self
            .members
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| keep(self.edges[i].segment))
            .map(|i| self.measure(i, p, q, &mut VertexMemo::default()))
            .collect();
        select(&found)
    }
}

/// The most edge `e`'s geodesic strays from its chord ([`sag_bound`]).
fn edge_sag(e: &Edge) -> f64 {
    sag_bound(crate::geodesy::ecef::dist2(e.a, e.b).sqrt())
}

/// The winner among measured candidates: the smallest distance, and among those within
/// [`TIE_M`] of it, the earliest segment in the file, then the earliest edge. The choice does
/// not depend on the order the candidates were found in.
fn select(found: &[NearestSegment]) -> Option<NearestSegment> {
    let min = found
        .iter()
        .map(|c| c.distance.distance_m)
        .fold(f64::INFINITY, f64::min);
    found
        .iter()
        .filter(|c| c.distance.distance_m <= min + TIE_M)
        .min_by_key(|c| (c.segment, c.edge))
        .copied()
}

/// Whether `x` beats `y`: clearly nearer, or tied and earlier in the file.
fn better(x: &NearestSegment, y: &NearestSegment) -> bool {
    let (dx, dy) = (x.distance.distance_m, y.distance.distance_m);
    if (dx - dy).abs() <= TIE_M {
        (x.segment, x.edge) < (y.segment, y.edge)
    } else {
        dx < dy
    }
}

#[cfg(test)]
mod tests {
    use super::within::EdgeEntry;
    use super::*;
    use geo::Coord;
    use rstar::{PointDistance, RTreeObject};

    /// A small deterministic generator (xorshift64*), so the tests need no extra crate.
    pub(crate) struct Rng(u64);
    impl Rng {
        pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let u = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
            lo + (hi - lo) * u
        }
    }

    /// The bound the index orders by is never above the exact distance, for edges from metres
    /// to 2,000 km long and points from on the edge to 3,000 km away, anywhere on Earth.
    #[test]
    fn lower_bound_never_exceeds_the_exact_distance() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for k in 0..20_000 {
            let a = Coord {
                x: rng.uniform(-180.0, 180.0),
                y: rng.uniform(-85.0, 85.0),
            };
            let span = [1e-4, 1e-2, 0.5, 5.0, 18.0][k % 5];
            let b = Coord {
                x: (a.x + rng.uniform(-span, span)).clamp(-180.0, 180.0),
                y: (a.y + rng.uniform(-span, span)).clamp(-89.0, 89.0),
            };
            let reach = [1e-3, 0.05, 1.0, 25.0][k % 4];
            let p = Point::new(
                (a.x + rng.uniform(-reach, reach)).clamp(-180.0, 180.0),
                (a.y + rng.uniform(-reach, reach)).clamp(-89.0, 89.0),
            );
            let (ea, eb, q) = (to_ecef(a.x, a.y), to_ecef(b.x, b.y), to_ecef(p.x(), p.y()));
            let entry = EdgeEntry {
                a: ea,
                b: eb,
                sag: sag_bound(crate::geodesy::ecef::dist2(ea, eb).sqrt()),
                edge: 0,
            };
            let lb = entry.distance_2(&q).sqrt();
            let exact = GeodesicEdge::new(a, b)
                .distance_to(p, chord_fraction(q, ea, eb))
                .distance_m;
            assert!(
                lb <= exact + 1e-9,
                "bound {lb} > exact {exact} for {a:?}–{b:?}, {p:?}"
            );
            // And the envelope is never farther than the bound (rstar's requirement).
            let env = entry.envelope().distance_2(&q).sqrt();
            assert!(env <= lb + 1e-9, "envelope {env} > bound {lb}");
        }
    }

    /// A frontier of many short segments scattered over 40° by 40° in no order, some meeting
    /// end to end (either way round), as a world frontier's shared arcs are: the capsule tree
    /// cuts it into chunks per segment and chains the segments by their ends; the nearest
    /// segment and distance are still brute force's, near the lines and far from them.
    #[test]
    fn scattered_segments_match_brute_force() {
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        let mut features = Vec::new();
        let mut last_end: Option<(f64, f64)> = None;
        for k in 0..60 {
            // Every third segment starts (or ends) where the previous one ended.
            let start = match last_end {
                Some(e) if k % 3 != 0 => e,
                _ => (rng.uniform(0.0, 40.0), rng.uniform(0.0, 40.0)),
            };
            let n = 2 + (rng.uniform(0.0, 40.0) as usize);
            let mut line = vec![start];
            for _ in 1..n {
                let (x, y) = *line.last().unwrap();
                line.push((
                    (x + rng.uniform(-0.3, 0.3)).clamp(-179.0, 179.0),
                    (y + rng.uniform(-0.3, 0.3)).clamp(-80.0, 80.0),
                ));
            }
            last_end = Some(*line.last().unwrap());
            if k % 4 == 1 {
                line.reverse();
            }
            let coords: Vec<String> = line.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            features.push(format!(
                r#"{{"type":"Feature","properties":{{"id":"s{k}","name":"S{k}","sector":"S","history":[{{"status":"settled","source":"x"}}]}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
                coords.join(",")
            ));
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let f = crate::io::parse_frontier(&text, "t").unwrap();
        let idx = SegmentIndex::new(&f);
        let vertices: Vec<Coord> = f.segments.iter().flat_map(|s| s.line.0.clone()).collect();
        for k in 0..300 {
            // Near a vertex, from on it to some 2,000 km away (brute force is slow farther).
            let v = vertices
                [(rng.uniform(0.0, vertices.len() as f64) as usize).min(vertices.len() - 1)];
            let r = [1e-4, 0.01, 0.5, 3.0, 18.0][k % 5];
            let p = Point::new(
                (v.x + rng.uniform(-r, r)).clamp(-180.0, 180.0),
                (v.y + rng.uniform(-r, r)).clamp(-89.0, 89.0),
            );
            let (n, b) = (
                idx.nearest(p, |_| true).unwrap(),
                idx.nearest_brute_force(p, |_| true).unwrap(),
            );
            assert_eq!((n.segment, n.edge), (b.segment, b.edge), "{p:?}");
            assert_eq!(n.distance.distance_m, b.distance.distance_m, "{p:?}");
            // And with a filter: only every other segment.
            let (n, b) = (
                idx.nearest(p, |s| s % 2 == 1).unwrap(),
                idx.nearest_brute_force(p, |s| s % 2 == 1).unwrap(),
            );
            assert_eq!((n.segment, n.edge), (b.segment, b.edge), "{p:?}");
            assert_eq!(n.distance.distance_m, b.distance.distance_m, "{p:?}");
        }
    }

    /// Two segments sharing a vertex: a point nearest to that vertex belongs to the first.
    #[test]
    fn ties_at_a_shared_vertex_go_to_the_earlier_segment() {
        let text = r#"{"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"first","name":"F","sector":"S","history":[{"status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[70.0,40.0],[70.1,40.0]]}},
         {"type":"Feature","properties":{"id":"second","name":"S","sector":"S","history":[{"status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[70.1,40.0],[70.1,39.9]]}}]}"#;
        let f = crate::io::parse_frontier(text, "t").unwrap();
        let idx = SegmentIndex::new(&f);
        // North-east of the corner: for both segments the nearest point is the shared vertex.
        let p = Point::new(70.15, 40.05);
        let n = idx.nearest(p, |_| true).unwrap();
        assert_eq!(n.segment, 0);
        assert_eq!(n.distance.closest, Point::new(70.1, 40.0));
        let all = idx.within(p, 10_000.0, |_| true);
        assert_eq!(all.iter().map(|x| x.segment).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(all[0].distance.distance_m, all[1].distance.distance_m);
    }

    /// One edge measured by its numbers gives what the search gave for it: Kok-Tash to the
    /// Chorku segment, 2184.225437 m by GeographicLib brute-force minimisation
    /// (tests/fixtures/reference_point_distances.py); no such edge, no answer.
    #[test]
    fn an_edge_measured_by_its_numbers() {
        let f = crate::embedded::kg_tj_frontier();
        let idx = SegmentIndex::new(&f);
        let q = Query::new(Point::new(70.5358, 39.9497));
        let n = idx.nearest_to(&q, |_| true).unwrap();
        assert_eq!(f.segments[n.segment].id, "isfara-05-chorku");
        let m = idx.distance_to_edge(n.segment, n.edge, &q).unwrap();
        assert_eq!(m, n);
        approx::assert_abs_diff_eq!(m.distance.distance_m, 2184.225437, epsilon = 1e-3);
        let other = idx.distance_to_edge(0, 0, &q).unwrap();
        assert!(other.distance.distance_m > m.distance.distance_m);
        assert_eq!(idx.distance_to_edge(n.segment, 100_000, &q), None);
        assert_eq!(idx.distance_to_edge(f.segments.len(), 0, &q), None);
    }

    /// A search as far as a limit finds what the whole search finds wherever that lies within
    /// the limit (+ the tie margin), and nothing where it lies beyond it + twice the margin:
    /// limits placed at the answer's own distance, a nanometre either side, a millimetre
    /// either side and far, around the embedded frontier (Kok-Tash to Chorku, 2184.225437 m,
    /// among them).
    #[test]
    fn a_search_as_far_as_a_limit() {
        let f = crate::embedded::kg_tj_frontier();
        let idx = SegmentIndex::new(&f);
        let mut rng = Rng(0x5EED_0007);
        let mut cut = [0usize; 2];
        for k in 0..2_000 {
            let p = if k == 0 {
                Point::new(70.5358, 39.9497)
            } else {
                Point::new(rng.uniform(68.9, 73.9), rng.uniform(38.9, 40.6))
            };
            let q = Query::new(p);
            let whole = idx.nearest_to(&q, |_| true).unwrap();
            let d = whole.distance.distance_m;
            for limit in [
                d,
                d - 1e-9,
                d + 1e-9,
                d - TIE_M,
                d - 1e-3,
                d + 1e-3,
                d / 2.0,
                0.0,
            ] {
                let found = idx.nearest_within_to(&q, limit);
                if d <= limit + TIE_M {
                    assert_eq!(found, Some(whole), "{p:?} within {limit} m");
                    cut[0] += 1;
                } else if d > limit + 2.0 * TIE_M {
                    assert_eq!(found, None, "{p:?} within {limit} m");
                    cut[1] += 1;
                }
            }
        }
        // Every point had answers within and beyond its limits.
        assert!(cut[0] >= 4 * 2_000 && cut[1] >= 3 * 2_000, "{cut:?}");
    }
}
