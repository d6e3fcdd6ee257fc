//! An index of points (settlements, incidents) for exact nearest and within-radius queries.
//!
//! Points enter an R-tree by their 3-D Earth-centred coordinates. The chord between two points
//! of the ellipsoid is never longer than the geodesic between them, so the tree's order is a lower
//! bound; each candidate's exact geodesic distance (Karney) decides, and the search stops once a
//! chord exceeds the best exact distance. Ties (within 1 µm) go to the point that came first.

use geo::Point;
use geographiclib_rs::InverseGeodesic;
use rstar::primitives::GeomWithData;
use rstar::{ParentNode, PointDistance as _, RTree, RTreeNode};

use crate::geodesy::ecef::{may_be_within, to_ecef};
use crate::geodesy::point_segment::WGS84;
use crate::index::segment_index::TIE_M;

/// A point found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointHit {
    /// Index of the point in the order it was given.
    pub index: usize,
    /// Geodesic distance from the query point, metres.
    pub distance_m: f64,
    /// Azimuth at the indexed point towards the query point, degrees clockwise from north:
    /// the direction in which the query point lies *from* the indexed point.
    pub azimuth_from_deg: f64,
    /// Azimuth at the query point towards the indexed point: the direction in which the indexed
    /// point lies as seen from the query point.
    pub azimuth_to_deg: f64,
}

/// Indexed lon/lat points.
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 3], usize>>,
    points: Vec<Point<f64>>,
}

impl PointIndex {
    pub fn new(points: impl IntoIterator<Item = Point<f64>>) -> Self {
        let points: Vec<Point<f64>> = points.into_iter().collect();
        let entries = points
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(to_ecef(p.x(), p.y()), i))
            .collect();
        PointIndex {
            tree: RTree::bulk_load(entries),
            points,
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    fn hit(&self, index: usize, p: Point<f64>) -> PointHit {
        let q = self.points[index];
        let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
            WGS84.inverse(q.y(), q.x(), p.y(), p.x());
        PointHit {
            index,
            distance_m: s12,
            azimuth_from_deg: azi1,
            // azi2 is the forward azimuth at the query point; looking back along it is +180°.
            azimuth_to_deg: azi2 + 180.0,
        }
    }

    /// The nearest point to `p` among those for which `keep(index)` is true: a depth-first
    /// branch and bound over the tree, children in order of their chord distance, subtrees
    /// skipped once their chord exceeds the best exact distance found (plus the tie margin).
    pub fn nearest(&self, p: Point<f64>, keep: impl Fn(usize) -> bool) -> Option<PointHit> {
        let q = to_ecef(p.x(), p.y());
        let mut best: Option<PointHit> = None;
        self.visit(self.tree.root(), q, p, &keep, &mut best);
        best
    }

    fn visit(
        &self,
        node: &ParentNode<GeomWithData<[f64; 3], usize>>,
        q: [f64; 3],
        p: Point<f64>,
        keep: &impl Fn(usize) -> bool,
        best: &mut Option<PointHit>,
    ) {
        // Children in order of their chord distance (on the stack: nodes are small).
        let kids = node.children();
        let mut on_stack = [(0.0f64, 0usize); 16];
        let mut on_heap = Vec::new();
        let order: &mut [(f64, usize)] = if kids.len() <= on_stack.len() {
            &mut on_stack[..kids.len()]
        } else {
            on_heap.resize(kids.len(), (0.0, 0));
            &mut on_heap
        };
        for (k, c) in kids.iter().enumerate() {
            let d2 = match c {
                RTreeNode::Leaf(e) => e.geom().distance_2(&q),
                RTreeNode::Parent(n) => n.envelope().distance_2(&q),
            };
            order[k] = (d2, k);
        }
        order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        for &(d2, k) in order.iter() {
            if let Some(b) = best {
                let reach = b.distance_m + TIE_M;
                if d2 > reach * reach || !may_be_within(d2.sqrt(), reach) {
                    break;
                }
            }
            match &kids[k] {
                RTreeNode::Leaf(e) => {
                    if !keep(e.data) {
                        continue;
                    }
                    let h = self.hit(e.data, p);
                    let wins = best.is_none_or(|b| {
                        if (h.distance_m - b.distance_m).abs() <= TIE_M {
                            h.index < b.index
                        } else {
                            h.distance_m < b.distance_m
                        }
                    });
                    if wins {
                        *best = Some(h);
                    }
                }
                RTreeNode::Parent(n) => self.visit(n, q, p, keep, best),
            }
        }
    }

    /// Every point within `radius_m` of `p` (geodesic), nearest first, ties by index.
    pub fn within(&self, p: Point<f64>, radius_m: f64) -> Vec<PointHit> {
        let q = to_ecef(p.x(), p.y());
        let mut hits: Vec<PointHit> = self
            .tree
            .locate_within_distance(q, radius_m * radius_m)
            .map(|e| self.hit(e.data, p))
            .filter(|h| h.distance_m <= radius_m)
            .collect();
        hits.sort_by(|x, y| {
            if (x.distance_m - y.distance_m).abs() <= TIE_M {
                x.index.cmp(&y.index)
            } else {
                x.distance_m.total_cmp(&y.distance_m)
            }
        });
        hits
    }
}
