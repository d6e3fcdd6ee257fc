//! The nearest segment for reports that give distances to the millimetre: the exact search's
//! answer, from the chords' proven intervals where they decide it
//! ([`SegmentIndex::nearest_to_the_millimetre`]).

use std::ops::ControlFlow;

use super::{NearestSegment, SegmentIndex, TIE_M, select};
use crate::geodesy::Query;
use crate::geodesy::chord_band::{EXACT_TOLERANCE_M, millimetres};
use crate::geodesy::ecef::{geodesic_upper_bound, may_be_within};
use crate::geodesy::point_segment::VertexMemo;

impl SegmentIndex {
    /// [`nearest_to`](Self::nearest_to) for reports that give distances to the millimetre:
    /// the same segment and edge, with either the exact distance (and `None`) or, where the
    /// nearest point is an edge's end proven from the chords ([`GeodesicEdge::end_band`]) and
    /// that decides the distance to the millimetre, a distance within the interval returned,
    /// which holds the exact search's distance.
    ///
    /// Candidates come in the same order as to the exact search and are measured by interval
    /// where that is proven, else exactly. With no interval among them, the exact search's own
    /// rule picks the winner from the same numbers. Else the winner is taken when its interval
    /// lies below every other candidate's (and every bound not reached) by more than the tie
    /// margin, or when the others that do not are the same vertex of other edges (the very same
    /// exact distance: the earliest edge wins the tie, as in the exact search); its distance is
    /// measured exactly when its interval holds a millimetre's rounding boundary. Anything else
    /// takes the exact search's own steps over the same candidates (it would see a prefix of
    /// them), measuring exactly those measured by interval: no second search.
    ///
    /// [`GeodesicEdge::end_band`]: crate::geodesy::GeodesicEdge::end_band
    pub fn nearest_to_the_millimetre(
        &self,
        query: &Query,
        keep: impl Fn(usize) -> bool,
    ) -> Option<(NearestSegment, Option<(f64, f64)>)> {
        /// A candidate: its edge and bound, its answer, the interval of the exact search's
        /// distance, and whether that came from the chords (an end) or is the exact distance.
        #[derive(Clone, Copy)]
        struct Seen {
            i: usize,
            bound: f64,
            m: NearestSegment,
            lo: f64,
            hi: f64,
            banded: bool,
        }
        let (p, q) = (query.point, query.ecef);
        let mut seen: Vec<Seen> = Vec::with_capacity(4);
        let mut any_banded = false;
        let mut best_hi = f64::INFINITY;
        // Edges not reached have an exact distance at least their bound less the exact
        // solution's tolerance.
        let margin = TIE_M + 2.0 * EXACT_TOLERANCE_M;
        let mut memo = VertexMemo::for_query(query);
        let keep_edge = |e: u32| keep(self.edges[e as usize].segment);
        self.caps
            .nearest(&q, geodesic_upper_bound, TIE_M, keep_edge, |c| {
                if !may_be_within(c.bound, best_hi + margin) {
                    return ControlFlow::Break(());
                }
                let i = c.id as usize;
                let edge = &self.edges[i];
                let (m, lo, hi, banded) = match edge.geodesic.end_band(edge.a, edge.b, q) {
                    Some((d, lo, hi)) => {
                        let m = NearestSegment {
                            segment: edge.segment,
                            edge: edge.index,
                            distance: d,
                        };
                        (m, lo, hi, true)
                    }
                    None => {
                        let m = self.measure(i, p, q, &mut memo);
                        (m, m.distance.distance_m, m.distance.distance_m, false)
                    }
                };
                any_banded |= banded;
                best_hi = best_hi.min(hi);
                seen.push(Seen {
                    i,
                    bound: c.bound,
                    m,
                    lo,
                    hi,
                    banded,
                });
                ControlFlow::Continue(best_hi + margin)
            });
        // The exact search's steps over the same candidates (it sees a prefix of them, as its
        // reach is never beyond this one's), with the exact distances of those measured by
        // interval computed now.
        let mut exactly = |seen: &[Seen]| {
            let mut best = f64::INFINITY;
            let mut found: Vec<NearestSegment> = Vec::with_capacity(seen.len());
            for s in seen {
                if !may_be_within(s.bound, best + TIE_M) {
                    break;
                }
                let m = if s.banded {
                    self.measure(s.i, p, q, &mut memo)
                } else {
                    s.m
                };
                best = best.min(m.distance.distance_m);
                found.push(m);
            }
            select(&found).map(|m| (m, None))
        };
        if !any_banded {
            return exactly(&seen);
        }
        let key = |s: &Seen| (s.m.segment, s.m.edge);
        let x = *seen
            .iter()
            .min_by(|x, y| x.hi.total_cmp(&y.hi).then(key(x).cmp(&key(y))))?;
        // The same end of other edges: the very same exact distance.
        let same_end =
            |y: &Seen| x.banded && y.banded && y.m.distance.closest == x.m.distance.closest;
        let decided = seen
            .iter()
            .all(|y| key(y) == key(&x) || same_end(y) || y.lo > x.hi + TIE_M);
        if !decided {
            return exactly(&seen);
        }
        let w = seen
            .iter()
            .filter(|y| same_end(y))
            .min_by_key(|y| key(y))
            .copied()
            .unwrap_or(x);
        if !w.banded {
            return Some((w.m, None));
        }
        if millimetres(w.lo) != millimetres(w.hi) {
            return exactly(&[w]);
        }
        Some((w.m, Some((w.lo, w.hi))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Point;

    /// Three segments meeting at (70.1 E, 40 N), the third a copy of the first reversed, and
    /// points around the corner: the same segment and edge as the exact search, and a
    /// distance within the interval of the exact one (the exact one itself where no interval
    /// is given). North-east of the corner the shared vertex is nearest to all three: the
    /// earliest segment wins the tie, from the chords.
    #[test]
    fn the_exact_search_answer_at_a_corner_shared_by_three_segments() {
        let text = r#"{"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"first","name":"F","sector":"S","history":[{"status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[70.0,40.0],[70.1,40.0]]}},
         {"type":"Feature","properties":{"id":"second","name":"S","sector":"S","history":[{"status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[70.1,40.0],[70.1,39.9]]}},
         {"type":"Feature","properties":{"id":"third","name":"T","sector":"S","history":[{"status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[70.1,40.0],[70.0,40.0]]}}]}"#;
        let f = crate::io::parse_frontier(text, "t").unwrap();
        let idx = SegmentIndex::new(&f);
        let corner = idx.nearest_to_the_millimetre(&Query::new(Point::new(70.15, 40.05)), |_| true);
        let (n, range) = corner.unwrap();
        assert_eq!((n.segment, n.edge), (0, 0));
        assert_eq!(n.distance.closest, Point::new(70.1, 40.0));
        assert!(range.is_some(), "decided by the chords");
        // Around the corner at 1, 100 and 10,000 m, every 7.5°.
        let mut by_chord = 0;
        for r in [1.0, 100.0, 10_000.0] {
            for k in 0..48 {
                let t = (k as f64 * 7.5).to_radians();
                let p = Point::new(
                    70.1 + r / 85_000.0 * t.cos(),
                    40.0 + r / 111_000.0 * t.sin(),
                );
                let q = Query::new(p);
                let exact = idx.nearest_to(&q, |_| true).unwrap();
                let (m, range) = idx.nearest_to_the_millimetre(&q, |_| true).unwrap();
                assert_eq!((m.segment, m.edge), (exact.segment, exact.edge), "{p:?}");
                assert_eq!(m.distance.closest, exact.distance.closest, "{p:?}");
                match range {
                    Some((lo, hi)) => {
                        by_chord += 1;
                        assert!((lo..=hi).contains(&exact.distance.distance_m), "{p:?}");
                    }
                    None => assert_eq!(m.distance.distance_m, exact.distance.distance_m),
                }
            }
        }
        // North-east of the corner, beyond both edges' ends (a quarter of the turn, 42 of the
        // points), the chords decide; elsewhere a foot lies inside an edge.
        assert!(by_chord >= 36, "{by_chord} of 144");
    }
}
