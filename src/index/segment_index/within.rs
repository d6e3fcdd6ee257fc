//! Everything within a radius of a point ([`SegmentIndex::within`]), through an R-tree
//! (rstar) of the same widened chords as the capsule tree, bulk-loaded on the first such query:
//! the nearest queries go through the capsule tree, and building an R-tree for each of a
//! frontier's period indexes was most of a run's start-up (50M of 91M instructions for one
//! incident on the embedded frontier, in callgrind).

use geo::Point;
use rstar::{AABB, PointDistance, RStarInsertionStrategy, RTree, RTreeObject, RTreeParams};

use super::{NearestSegment, SegmentIndex, TIE_M, better, edge_sag};
use crate::geodesy::ecef::{chord_fraction, dist_to_segment, to_ecef};
use crate::geodesy::point_segment::VertexMemo;

/// Node size of the R-trees: wider than rstar's default (6), which measured faster for nearest
/// queries by a few per cent when they went through it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WideNodes;

impl RTreeParams for WideNodes {
    const MIN_SIZE: usize = NODE / 3;
    const MAX_SIZE: usize = NODE;
    const REINSERTION_COUNT: usize = NODE / 4;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

const NODE: usize = 12;

/// The R-tree of an index's edges.
pub(super) type EdgeTree = RTree<EdgeEntry, WideNodes>;

/// An edge in the tree: its chord and sag, and where it belongs.
#[derive(Debug, Clone)]
pub(super) struct EdgeEntry {
    pub(super) a: [f64; 3],
    pub(super) b: [f64; 3],
    pub(super) sag: f64,
    /// Index into `SegmentIndex::edges`.
    pub(super) edge: usize,
}

impl RTreeObject for EdgeEntry {
    type Envelope = AABB<[f64; 3]>;

    fn envelope(&self) -> Self::Envelope {
        let s = self.sag;
        AABB::from_corners(
            [
                self.a[0].min(self.b[0]) - s,
                self.a[1].min(self.b[1]) - s,
                self.a[2].min(self.b[2]) - s,
            ],
            [
                self.a[0].max(self.b[0]) + s,
                self.a[1].max(self.b[1]) + s,
                self.a[2].max(self.b[2]) + s,
            ],
        )
    }
}

impl PointDistance for EdgeEntry {
    /// The squared lower bound. It is never below the envelope's distance (the envelope holds
    /// every point within `sag` of the chord), as rstar's nearest-neighbour search requires.
    fn distance_2(&self, point: &[f64; 3]) -> f64 {
        let d = (dist_to_segment(*point, self.a, self.b) - self.sag).max(0.0);
        d * d
    }
}

impl SegmentIndex {
    /// The R-tree of the indexed edges, bulk-loaded on first use.
    fn tree(&self) -> &EdgeTree {
        self.tree.get_or_init(|| {
            let entries = self.members.iter().map(|&i| {
                let e = &self.edges[i as usize];
                EdgeEntry {
                    a: e.a,
                    b: e.b,
                    sag: edge_sag(e),
                    edge: i as usize,
                }
            });
            RTree::bulk_load_with_params(entries.collect())
        })
    }

    /// Every segment for which `keep` is true that comes within `radius_m` of the point, each
    /// with its nearest edge, nearest first (ties in file order).
    pub fn within(
        &self,
        p: Point<f64>,
        radius_m: f64,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<NearestSegment> {
        let q = to_ecef(p.x(), p.y());
        let mut per_segment: Vec<NearestSegment> = Vec::new();
        let mut memo = VertexMemo::default();
        for (entry, lb2) in self.tree().nearest_neighbor_iter_with_distance_2(q) {
            if lb2.sqrt() > radius_m {
                break;
            }
            let edge = &self.edges[entry.edge];
            if !keep(edge.segment) {
                continue;
            }
            let d = edge
                .geodesic
                .distance_to_memo(p, chord_fraction(q, edge.a, edge.b), &mut memo);
            if d.distance_m > radius_m {
                continue;
            }
            let candidate = NearestSegment {
                segment: edge.segment,
                edge: edge.index,
                distance: d,
            };
            match per_segment.iter_mut().find(|x| x.segment == edge.segment) {
                Some(x) if better(&candidate, x) => *x = candidate,
                Some(_) => {}
                None => per_segment.push(candidate),
            }
        }
        per_segment.sort_by(|x, y| {
            if (x.distance.distance_m - y.distance.distance_m).abs() <= TIE_M {
                x.segment.cmp(&y.segment)
            } else {
                x.distance.distance_m.total_cmp(&y.distance.distance_m)
            }
        });
        per_segment
    }
}
