//! An index of points (settlements, incidents) for exact nearest and within-radius queries.
//!
//! The chord between two points of the ellipsoid bounds the geodesic between them from below
//! and, through [`geodesic_upper_bound`], from above. Nearest queries go through a
//! [`CapsuleTree`] of the points' 3-D Earth-centred coordinates (in Z-order): only points whose
//! lower bound is within the least upper bound get their exact geodesic distance (Karney),
//! nearest bound first, until a bound exceeds the best exact distance. Queries for every point
//! within a radius use an R-tree (rstar) of the same coordinates. Ties (within 1 µm) go to the
//! point that came first.

use std::ops::ControlFlow;

use geo::Point;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::capsule_tree::CapsuleTree;
use super::z_order::z_order;
use crate::geodesy::Query;
use crate::geodesy::chord_band::{EXACT_TOLERANCE_M, decided_to_the_millimetre, geodesic_band};
use crate::geodesy::ecef::{geodesic_upper_bound, may_be_within, to_ecef};
use crate::geodesy::inverse::{Endpoint, inverse};
use crate::index::segment_index::TIE_M;

/// A point found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointHit {
    /// Index of the point in the order it was given.
    pub index: usize,
    /// Geodesic distance from the query point, metres (from
    /// [`PointIndex::nearest_to_the_millimetre`], when the chord decided it: a distance that
    /// rounds to the same millimetre, and NaN azimuths).
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
    /// The same points for nearest queries.
    caps: CapsuleTree,
    /// The points prepared for the inverse problem.
    prepared: Vec<Endpoint>,
    /// Their Earth-centred coordinates, for the chord intervals.
    ecef: Vec<[f64; 3]>,
    points: Vec<Point<f64>>,
}

impl PointIndex {
    /// Indexes lon/lat points; hits name them by their position in this order.
    pub fn new(points: impl IntoIterator<Item = Point<f64>>) -> Self {
        let points: Vec<Point<f64>> = points.into_iter().collect();
        let ecef: Vec<[f64; 3]> = points.iter().map(|p| to_ecef(p.x(), p.y())).collect();
        let entries = ecef
            .iter()
            .enumerate()
            .map(|(i, e)| GeomWithData::new(*e, i))
            .collect();
        // Points in Z-order of their longitude and latitude, so that each run the capsule tree
        // groups is a compact patch.
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by_key(|&i| z_order(points[i]));
        let caps = CapsuleTree::new(
            order
                .into_iter()
                .map(|i| (ecef[i], ecef[i], 0.0, i as u32, 0)),
        );
        PointIndex {
            tree: RTree::bulk_load(entries),
            caps,
            prepared: points.iter().map(|p| Endpoint::new(p.y(), p.x())).collect(),
            ecef,
            points,
        }
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The exact distance (and azimuths) between point `index` and a prepared point, measured as
    /// a search measures a candidate; `None` if there is no such point.
    pub fn distance_to(&self, index: usize, query: &Query) -> Option<PointHit> {
        (index < self.points.len()).then(|| self.hit(index, &query.endpoint))
    }

    fn hit(&self, index: usize, p: &Endpoint) -> PointHit {
        let (s12, azi1, azi2) = inverse(&self.prepared[index], p);
        PointHit {
            index,
            distance_m: s12,
            azimuth_from_deg: azi1,
            // azi2 is the forward azimuth at the query point; looking back along it is +180°.
            azimuth_to_deg: azi2 + 180.0,
        }
    }

    /// The nearest point to `p` among those for which `keep(index)` is true: the points'
    /// chords bound the geodesic from below and above (a `CapsuleTree`), and only those whose
    /// lower bound is within the least upper bound are measured exactly, nearest bound first.
    pub fn nearest(&self, p: Point<f64>, keep: impl Fn(usize) -> bool) -> Option<PointHit> {
        self.nearest_to(&Query::new(p), keep)
    }

    /// [`nearest`](Self::nearest) from a prepared point.
    pub fn nearest_to(&self, from: &Query, keep: impl Fn(usize) -> bool) -> Option<PointHit> {
        let (q, query) = (from.ecef, from.endpoint);
        let mut best: Option<PointHit> = None;
        self.caps.nearest(
            &q,
            geodesic_upper_bound,
            TIE_M,
            |i| keep(i as usize),
            |c| {
                let reach = best.map_or(f64::INFINITY, |b| b.distance_m + TIE_M);
                if !may_be_within(c.bound, reach) {
                    return ControlFlow::Break(());
                }
                let h = self.hit(c.id as usize, &query);
                let wins = best.is_none_or(|b| {
                    if (h.distance_m - b.distance_m).abs() <= TIE_M {
                        h.index < b.index
                    } else {
                        h.distance_m < b.distance_m
                    }
                });
                if wins {
                    best = Some(h);
                }
                ControlFlow::Continue(best.map_or(f64::INFINITY, |b| b.distance_m + TIE_M))
            },
        );
        best
    }

    /// [`nearest_to`](Self::nearest_to) when only the distance to the millimetre is wanted:
    /// the same point, and a distance that rounds to the same whole millimetre as the exact
    /// one, found without solving the inverse problem where the chord decides it. The
    /// azimuths are then NaN.
    ///
    /// Each candidate gets the proven interval of its distance from its chord
    /// ([`geodesic_band`]); the search reaches to the least upper end of an interval seen, plus
    /// the tie margin and twice the exact solutions' tolerance, so that it sees every
    /// candidate the exact search would. When one interval lies wholly below every
    /// other (by the tie margin and the exact solutions' tolerance), its point is the one the
    /// exact search finds; when, further, no millimetre boundary lies within it, its middle
    /// rounds as the exact distance does. Otherwise (long lines, near-ties, a boundary
    /// within) the exact search decides.
    pub fn nearest_to_the_millimetre(
        &self,
        from: &Query,
        keep: impl Fn(usize) -> bool,
    ) -> Option<PointHit> {
        const MAX_SEEN: usize = 8;
        let q = from.ecef;
        let mut seen = [(0u32, 0.0f64, 0.0f64); MAX_SEEN];
        let mut n = 0;
        let mut best_hi = f64::INFINITY;
        let mut decided = true;
        let margin = TIE_M + 2.0 * EXACT_TOLERANCE_M;
        self.caps.nearest(
            &q,
            geodesic_upper_bound,
            TIE_M,
            |i| keep(i as usize),
            |c| {
                if !may_be_within(c.bound, best_hi + margin) {
                    return ControlFlow::Break(());
                }
                let band = geodesic_band(self.ecef[c.id as usize], q);
                let (Some((lo, hi)), true) = (band, n < MAX_SEEN) else {
                    decided = false;
                    return ControlFlow::Break(());
                };
                seen[n] = (c.id, lo, hi);
                n += 1;
                best_hi = best_hi.min(hi);
                ControlFlow::Continue(best_hi + margin)
            },
        );
        let seen = &seen[..n];
        let winner = seen.iter().min_by(|x, y| x.2.total_cmp(&y.2)).filter(|w| {
            seen.iter()
                .all(|o| o.0 == w.0 || o.1 - EXACT_TOLERANCE_M > w.2 + EXACT_TOLERANCE_M + TIE_M)
        });
        match winner {
            Some(&(id, lo, hi)) if decided => Some(match decided_to_the_millimetre(lo, hi) {
                Some(m) => PointHit {
                    index: id as usize,
                    distance_m: m,
                    azimuth_from_deg: f64::NAN,
                    azimuth_to_deg: f64::NAN,
                },
                None => self.hit(id as usize, &from.endpoint),
            }),
            _ => self.nearest_to(from, keep),
        }
    }

    /// Every point within `radius_m` of `p` (geodesic), nearest first, ties by index.
    pub fn within(&self, p: Point<f64>, radius_m: f64) -> Vec<PointHit> {
        let q = to_ecef(p.x(), p.y());
        let query = Endpoint::new(p.y(), p.x());
        let mut hits: Vec<PointHit> = self
            .tree
            .locate_within_distance(q, radius_m * radius_m)
            .map(|e| self.hit(e.data, &query))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A point measured by its number: from (70 E, 40 N) to (70.4 E, 40.3 N), 47,657.725959 m
    /// at 45.527001° (GeographicLib, `Geodesic.WGS84.Inverse(40, 70, 40.3, 70.4)`); no such
    /// point, no answer.
    #[test]
    fn a_point_measured_by_its_number() {
        let idx = PointIndex::new([Point::new(71.0, 39.0), Point::new(70.0, 40.0)]);
        let q = Query::new(Point::new(70.4, 40.3));
        let h = idx.distance_to(1, &q).unwrap();
        assert_eq!(h.index, 1);
        approx::assert_abs_diff_eq!(h.distance_m, 47_657.725_958_974_94, epsilon = 1e-8);
        approx::assert_abs_diff_eq!(h.azimuth_from_deg, 45.527_001_359_976_59, epsilon = 1e-9);
        assert_eq!(idx.nearest_to(&q, |_| true), Some(h));
        assert_eq!(idx.distance_to(2, &q), None);
    }
}
