//! Exact distance on the WGS84 ellipsoid from a point to a geodesic edge.
//!
//! The closest point X of a geodesic A→B to a point P is where the geodesic from X to P meets
//! A→B at a right angle (or an end of the edge). Starting from the projection of P on the 3-D
//! chord A–B, each step moves X along the edge by the along-track distance of a right spherical
//! triangle, `R·atan2(sin(s/R)·cos α, cos(s/R))`, where s is the geodesic distance X–P and α the
//! angle at X between the edge and the geodesic to P (Baselga & Martínez-Llario 2018, "Intersection
//! and point-to-line solutions for geodesics on the ellipsoid"). The fixed point is exactly the
//! right-angle condition on the ellipsoid, whatever radius R the step uses; the sphere only sets
//! the speed, and two or three steps bring the move below a micrometre. Positions and distances are
//! Karney's (GeographicLib), accurate to about 15 nm.
//!
//! PostGIS instead measures the ellipsoidal distance to the point that is closest on a *sphere*,
//! which is up to ~0.7 m too long on this frontier.

use geo::{Coord, Point};
use geographiclib_rs::{GeodesicLine, InverseGeodesic, capability as caps};

use super::chord_angle::obtuse_at;
use super::chord_band::{EXACT_TOLERANCE_M, geodesic_band};
use super::ecef::chord_fraction;
use super::inverse::{Endpoint, inverse};
use super::query::Query;
use super::wgs84::WGS84;

/// Mean radius used for the along-track step (its value only affects convergence speed).
const R_STEP: f64 = 6_371_008.8;
/// The distance error accepted at the point returned (metres): 0.01 mm. Near the minimum the
/// distance grows with the square of the distance from the foot, `f(t) − f* ≈ (t − t*)² / 2f*`
/// (the reduced length of a geodesic is at most its length, so this over-estimates), and the
/// next step predicts `t* − t` to within a few per cent; we stop when even 1.5 times that step
/// would gain less than this. The value returned is always a true distance to a point of the
/// edge: never below the minimum, and at most this far above it.
const DIST_TOL: f64 = 1e-5;
const MAX_STEPS: usize = 40;
/// Edges longer than this (metres) are always measured at both ends as well as by descent.
const LONG_EDGE_M: f64 = 2_000_000.0;
/// A descent that measured a distance beyond this (metres) also measures both ends.
const FAR_M: f64 = 7_000_000.0;

/// What the exact searches for one query point share: the point prepared for the inverse
/// problem, and the distance and azimuth from the last vertices measured, so that two edges
/// meeting at the nearest vertex do not both solve the same inverse problem.
#[derive(Debug, Clone, Default)]
pub struct VertexMemo {
    /// The query point, prepared (on first use).
    query: Option<(Point<f64>, Endpoint)>,
    /// (vertex, distance to the point, azimuth at the vertex towards the point)
    entries: [Option<(Coord<f64>, f64, f64)>; 4],
    next: usize,
}

impl VertexMemo {
    /// A memo for the point of `query`, already prepared.
    pub fn for_query(query: &Query) -> Self {
        VertexMemo {
            query: Some((query.point, query.endpoint)),
            ..Default::default()
        }
    }

    /// The query point `p`, prepared.
    fn query(&mut self, p: Point<f64>) -> Endpoint {
        match self.query {
            Some((q, e)) if q == p => e,
            _ => {
                let e = Endpoint::new(p.y(), p.x());
                self.query = Some((p, e));
                e
            }
        }
    }

    fn inverse(&mut self, v: Coord<f64>, prepared: &Endpoint, p: Point<f64>) -> (f64, f64) {
        for (c, s, azi) in self.entries.iter().flatten() {
            if *c == v {
                return (*s, *azi);
            }
        }
        let q = self.query(p);
        let (s12, azi1, _azi2) = inverse(prepared, &q);
        self.entries[self.next] = Some((v, s12, azi1));
        self.next = (self.next + 1) % 4;
        (s12, azi1)
    }
}

/// The distance from a point to an edge, and where on the edge it is reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeDistance {
    /// Geodesic distance in metres.
    pub distance_m: f64,
    /// Distance along the edge from its start to the closest point, metres.
    pub along_m: f64,
    /// The closest point, lon/lat.
    pub closest: Point<f64>,
}

/// One geodesic edge A→B, prepared for repeated distance queries.
#[derive(Debug, Clone, Copy)]
pub struct GeodesicEdge {
    a: Coord<f64>,
    b: Coord<f64>,
    length_m: f64,
    /// Azimuth of the edge at A, and its forward azimuth at B (degrees).
    azi_a: f64,
    azi_b: f64,
    /// The two ends, prepared for the inverse problem.
    end_a: Endpoint,
    end_b: Endpoint,
}

impl GeodesicEdge {
    /// Prepares the edge from `a` to `b` (lon/lat degrees).
    pub fn new(a: Coord<f64>, b: Coord<f64>) -> Self {
        let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.y, a.x, b.y, b.x);
        GeodesicEdge {
            a,
            b,
            length_m: s12,
            azi_a: azi1,
            azi_b: azi2,
            end_a: Endpoint::new(a.y, a.x),
            end_b: Endpoint::new(b.y, b.x),
        }
    }

    /// The edge's geodesic length, metres.
    pub fn length_m(&self) -> f64 {
        self.length_m
    }

    /// The edge's geodesic, for positions along it. Built when a search needs it, not kept: it
    /// holds some 60 numbers, and most searches end at a vertex.
    fn line(&self) -> GeodesicLine {
        GeodesicLine::new(
            &WGS84,
            self.a.y,
            self.a.x,
            self.azi_a,
            Some(caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH | caps::DISTANCE_IN),
            None,
            None,
        )
    }

    /// Exact geodesic distance from `p` to the edge. `start_fraction` (0..1) is a first guess of
    /// where along the edge the closest point lies, e.g. from the 3-D chord.
    ///
    /// ```
    /// use borderscope::geodesy::GeodesicEdge;
    /// use geo::{Coord, Point};
    /// // A 1° edge along the equator (itself a geodesic) and a point 0.5° north of its middle:
    /// // the closest point is the middle, at the meridian-arc distance from 0° to 0.5° N,
    /// // 55287.152003 m (GeographicLib: `echo "0 0.5 0.5 0.5" | GeodSolve -i`).
    /// let edge = GeodesicEdge::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.0 });
    /// let d = edge.distance_to(Point::new(0.5, 0.5), 0.3);
    /// approx::assert_abs_diff_eq!(d.closest.x(), 0.5, epsilon = 1e-6);
    /// approx::assert_abs_diff_eq!(d.distance_m, 55_287.152_003, epsilon = 1e-4);
    /// ```
    pub fn distance_to(&self, p: Point<f64>, start_fraction: f64) -> EdgeDistance {
        self.distance_to_memo(p, start_fraction, &mut VertexMemo::default())
    }

    /// [`distance_to`](Self::distance_to), sharing vertex measurements through `memo` (which
    /// must only ever see this one point `p`).
    pub fn distance_to_memo(
        &self,
        p: Point<f64>,
        start_fraction: f64,
        memo: &mut VertexMemo,
    ) -> EdgeDistance {
        let found = self.descend(p, start_fraction, memo);
        // The descent finds the foot of the perpendicular when it lies inside the edge, else
        // the end it runs into. When the point's antipode is near the edge, the distance along
        // the edge rises to a maximum near that antipode and falls towards *both* ends, and the
        // descent may run into the farther end. That needs every point of the edge near the
        // antipode to be at least a quarter meridian (10,000 km) away, less the distance along
        // the edge: so an edge under 2,000 km whose descent saw nothing beyond 7,000 km cannot be
        // in that case; otherwise both ends are measured too.
        //
        // Then, and far from the edge (a quarter meridian away, where the distance along a
        // geodesic is nearly flat and the descent's stopping rule no longer bounds the error),
        // the edge is also searched by sampling and golden-section search. Neither case arises
        // with the edges of a frontier and points within a few thousand kilometres of it.
        let far = found.farthest_m > FAR_M || !found.converged;
        if self.length_m > LONG_EDGE_M || far {
            let (a, _) = self.at_end(p, false, memo);
            let (b, _) = self.at_end(p, true, memo);
            let sampled = self.sampled_minimum(p);
            return [Some(found.best), Some(a), Some(b), sampled]
                .into_iter()
                .flatten()
                .min_by(|x, y| x.distance_m.total_cmp(&y.distance_m))
                .unwrap_or(found.best);
        }
        found.best
    }

    /// The least distance over 64 evenly spaced points of the edge, refined by golden-section
    /// search around the best of them (to 0.1 mm along the edge, or 100 steps).
    fn sampled_minimum(&self, p: Point<f64>) -> Option<EdgeDistance> {
        if self.length_m <= 0.0 {
            return None;
        }
        let line = &self.line();
        let len = self.length_m;
        let at = |t: f64| -> EdgeDistance {
            let (lat, lon, _) = position(line, t);
            let (s, _) = inverse_s_azi(lat, lon, p.y(), p.x());
            EdgeDistance {
                distance_m: s,
                along_m: t,
                closest: Point::new(lon, lat),
            }
        };
        const N: usize = 64;
        let best = (0..=N)
            .map(|k| at(len * k as f64 / N as f64))
            .min_by(|x, y| x.distance_m.total_cmp(&y.distance_m))?;
        let step = len / N as f64;
        let (mut lo, mut hi) = (
            (best.along_m - step).max(0.0),
            (best.along_m + step).min(len),
        );
        let phi = (5f64.sqrt() - 1.0) / 2.0;
        let mut refined = best;
        for _ in 0..100 {
            if hi - lo <= 1e-4 {
                break;
            }
            let (x1, x2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
            let (f1, f2) = (at(x1), at(x2));
            for f in [f1, f2] {
                if f.distance_m < refined.distance_m {
                    refined = f;
                }
            }
            if f1.distance_m < f2.distance_m {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        Some(refined)
    }

    /// Where the exact distance from a point (Earth-centred `q`) to this edge (whose ends are
    /// `a` and `b` in Earth-centred coordinates) is proven, from the chords alone, to be the
    /// distance to one of its ends, as [`distance_to`](Self::distance_to) from the chord's
    /// first guess would find it: that end's [`EdgeDistance`], with the middle of the interval
    /// as its distance, and the interval, which holds the exact solution (the proven interval of
    /// [`geodesic_band`] widened by [`EXACT_TOLERANCE_M`]). `None` where not proven.
    ///
    /// The exact engine starts at an end when the chord projects the point beyond it, and stays
    /// there when the along-track step points outwards, which the obtuse angle at the end
    /// ([`obtuse_at`]) proves; edges over 2,000 km it measures in other ways too, so they get
    /// none.
    pub fn end_band(
        &self,
        a: [f64; 3],
        b: [f64; 3],
        q: [f64; 3],
    ) -> Option<(EdgeDistance, f64, f64)> {
        if !(self.length_m > 0.0 && self.length_m <= LONG_EDGE_M) {
            return None;
        }
        let f = chord_fraction(q, a, b);
        let at_b = f >= 1.0;
        if !(f <= 0.0 || at_b) {
            return None;
        }
        let (v, w, end) = if at_b { (b, a, self.b) } else { (a, b, self.a) };
        let (lo, hi) = geodesic_band(v, q)?;
        if !obtuse_at(v, w, q, hi) {
            return None;
        }
        let d = EdgeDistance {
            distance_m: 0.5 * (lo + hi),
            along_m: if at_b { self.length_m } else { 0.0 },
            closest: Point::from(end),
        };
        Some((d, lo - EXACT_TOLERANCE_M, hi + EXACT_TOLERANCE_M))
    }

    /// Steps along the edge from the first guess towards the foot of the perpendicular.
    fn descend(&self, p: Point<f64>, start_fraction: f64, memo: &mut VertexMemo) -> Descent {
        if self.length_m <= 0.0 {
            return Descent::done(self.at_end(p, false, memo).0, 0.0);
        }
        let len = self.length_m;
        let f = if start_fraction.is_nan() {
            0.0
        } else {
            start_fraction.clamp(0.0, 1.0)
        };
        let mut t = f * len;
        if f <= 0.0 || f >= 1.0 {
            // The first guess is an end: measure to the vertex itself, and stop there unless the
            // foot of the perpendicular lies inside the edge.
            let (end, step) = self.at_end(p, f >= 1.0, memo);
            let inward = if f >= 1.0 { step < 0.0 } else { step > 0.0 };
            if !inward || small_enough(step, end.distance_m) {
                return Descent::done(end, end.distance_m);
            }
            t = (t + step).clamp(0.0, len);
        }
        let line = &self.line();
        let q = memo.query(p);
        let mut best: Option<EdgeDistance> = None;
        let mut farthest = 0.0f64;
        for _ in 0..MAX_STEPS {
            let (x_lat, x_lon, x_azi) = position(line, t);
            let (s, azi_xp, _) = inverse(&Endpoint::new(x_lat, x_lon), &q);
            let here = EdgeDistance {
                distance_m: s,
                along_m: t,
                closest: Point::new(x_lon, x_lat),
            };
            farthest = farthest.max(s);
            if best.is_none_or(|b| s < b.distance_m) {
                best = Some(here);
            }
            let step = along_step(s, azi_xp - x_azi);
            if small_enough(step, s) {
                return Descent::done(here, farthest);
            }
            let next = t + step;
            if next <= 0.0 || next >= len {
                // The foot seems to lie beyond an end. Measure there: if the step from the end
                // points back inside (a long step's prediction can overshoot by kilometres on
                // the ellipsoid), go on from the end; else the minimum is at that end.
                let at_b = next >= len;
                let (end, back) = self.at_end(p, at_b, memo);
                farthest = farthest.max(end.distance_m);
                let inward = if at_b { back < 0.0 } else { back > 0.0 };
                if inward && !small_enough(back, end.distance_m) && end.distance_m <= s {
                    if best.is_none_or(|b| end.distance_m < b.distance_m) {
                        best = Some(end);
                    }
                    t = (end.along_m + back).clamp(0.0, len);
                    continue;
                }
                let nearer = if end.distance_m <= s { end } else { here };
                return Descent::done(nearer, farthest);
            }
            t = next;
        }
        // Not converged (only conceivable for edges and points half a world apart): the best
        // point seen, which is still a true distance to the edge.
        Descent {
            best: best.unwrap_or_else(|| self.at_end(p, false, memo).0),
            farthest_m: farthest,
            converged: false,
        }
    }

    /// The distance to an end of the edge (measured to the vertex's own coordinates, so that two
    /// edges sharing a vertex give the very same number), and the along-track step from there
    /// towards the foot of the perpendicular (positive: along the edge from A to B).
    fn at_end(&self, p: Point<f64>, at_b: bool, memo: &mut VertexMemo) -> (EdgeDistance, f64) {
        let (v, end, azi_edge) = if at_b {
            (self.b, &self.end_b, self.azi_b)
        } else {
            (self.a, &self.end_a, self.azi_a)
        };
        let (s, azi_vp) = memo.inverse(v, end, p);
        let d = EdgeDistance {
            distance_m: s,
            along_m: if at_b { self.length_m } else { 0.0 },
            closest: Point::from(v),
        };
        (d, along_step(s, azi_vp - azi_edge))
    }
}

/// What a descent found: the nearest point it reached, the farthest distance it measured on the
/// way, and whether it stopped by the rules rather than running out of steps.
struct Descent {
    best: EdgeDistance,
    farthest_m: f64,
    converged: bool,
}

impl Descent {
    fn done(best: EdgeDistance, farthest: f64) -> Self {
        Descent {
            best,
            farthest_m: farthest.max(best.distance_m),
            converged: true,
        }
    }
}

/// Whether moving by `step` from a point at distance `s` could not gain [`DIST_TOL`].
fn small_enough(step: f64, s: f64) -> bool {
    let g = 1.5 * step;
    s <= 0.0 || g * g <= 2.0 * s * DIST_TOL
}

/// Latitude, longitude and forward azimuth at distance `t` along the line.
fn position(line: &GeodesicLine, t: f64) -> (f64, f64, f64) {
    let (_a12, lat, lon, azi, ..) =
        line._gen_position(false, t, caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH);
    (lat, lon, azi)
}

/// Distance and azimuth at the first point of the geodesic between two points.
fn inverse_s_azi(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> (f64, f64) {
    let (s12, azi1, _azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(lat1, lon1, lat2, lon2);
    (s12, azi1)
}

/// Along-track distance to the foot of the perpendicular, on a sphere of radius `R_STEP`, from a
/// point at distance `s` whose direction makes angle `alpha_deg` with the track.
fn along_step(s: f64, alpha_deg: f64) -> f64 {
    let sigma = s / R_STEP;
    R_STEP * (sigma.sin() * alpha_deg.to_radians().cos()).atan2(sigma.cos())
}
