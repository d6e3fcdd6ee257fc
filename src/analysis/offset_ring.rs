//! The raw offset ring of a line on the ellipsoid: the closed curve at distance R around it,
//! in the lon/lat plane with longitudes unwrapped (continuous, so free to run past ±180).
//!
//! The ring runs along the right-hand side of the line (points reached by going R at a right
//! angle from a point of an edge: Karney's direct problem), round the far end (a half circle
//! of radius R), back along the left-hand side, and round the start. At each vertex it follows
//! the circle of radius R around the vertex between the perpendiculars of the two edges:
//! forward where the line turns away from that side, backward where it turns towards it. This
//! is the convolution of the line with a circle (Guibas, Ramshaw and Stolfi, 1983): the ground
//! within R is the part of the plane the ring winds around positively (Chen and McMains, 2005,
//! offset polygons by winding numbers), which [`super::corridor`] extracts. Every point of the
//! ring is R from a point of the line; none passes through the line itself, so none through a
//! pole unless the line is within R of it.
//!
//! Straight lon/lat pieces join the points of the ring: each piece is split until its middle
//! lies within the tolerance of the true curve (measured in 3-D), so that the ring follows the
//! curve closely at any latitude, also next to a pole.

use geo::Coord;
use geographiclib_rs::{DirectGeodesic, GeodesicLine, InverseGeodesic, capability as caps};

use crate::geodesy::ecef::{dist2, to_ecef};
use crate::geodesy::wgs84::WGS84;

/// Builds the ring: `radius_m` is R, `tolerance_m` how far a straight piece may stray from the
/// curve at its middle.
pub struct OffsetRing {
    radius_m: f64,
    tolerance_m: f64,
    /// (unwrapped longitude, latitude), degrees.
    points: Vec<[f64; 2]>,
}

/// The longest straight piece before the adaptive splitting starts, along an edge.
const MAX_STEP_M: f64 = 50_000.0;

fn norm180(a: f64) -> f64 {
    let a = (a + 180.0).rem_euclid(360.0) - 180.0;
    if a == -180.0 { 180.0 } else { a }
}

/// An edge of the line: its ends, length and azimuths at both ends (degrees).
struct Edge {
    a: Coord<f64>,
    length_m: f64,
    azi_a: f64,
    azi_b: f64,
}

impl Edge {
    fn new(a: Coord<f64>, b: Coord<f64>) -> Self {
        let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.y, a.x, b.y, b.x);
        Edge {
            a,
            length_m: s12,
            azi_a: azi1,
            azi_b: azi2,
        }
    }
}

impl OffsetRing {
    /// The ring around `line` (lon/lat vertices with no two in a row the same).
    pub fn around(line: &[Coord<f64>], radius_m: f64, tolerance_m: f64) -> Vec<[f64; 2]> {
        Self::around_sides(line, line, radius_m, tolerance_m)
    }

    /// The ring along `right` on its right-hand side and back along `left` on its left-hand
    /// side: two outlines of one line with the same ends (see
    /// [`crate::geodesy::simplify::side_outline`]), each with no two vertices in a row the same.
    pub fn around_sides(
        right: &[Coord<f64>],
        left: &[Coord<f64>],
        radius_m: f64,
        tolerance_m: f64,
    ) -> Vec<[f64; 2]> {
        let mut ring = OffsetRing {
            radius_m,
            tolerance_m,
            points: Vec::new(),
        };
        if right.len() < 2 || left.len() < 2 {
            if let Some(only) = right.first() {
                ring.arc(*only, 360.0, 0.0);
            }
            return ring.points;
        }
        let forward: Vec<Edge> = right.windows(2).map(|w| Edge::new(w[0], w[1])).collect();
        let back: Vec<Edge> = left
            .windows(2)
            .rev()
            .map(|w| Edge::new(w[1], w[0]))
            .collect();
        ring.side(&forward);
        ring.cap(
            right[right.len() - 1],
            forward[forward.len() - 1].azi_b,
            back[0].azi_a,
        );
        ring.side(&back);
        ring.cap(left[0], back[back.len() - 1].azi_b, forward[0].azi_a);
        ring.points
    }

    /// The right-hand side along the edges, with the joins at the vertices between them.
    fn side(&mut self, edges: &[Edge]) {
        for (i, e) in edges.iter().enumerate() {
            if i > 0 {
                // The arc around the vertex between the two edges' perpendiculars: forward
                // (counter-clockwise) where the line turns left, away from this side; backward
                // where it turns right, towards it.
                let prev = &edges[i - 1];
                let turn = norm180(e.azi_a - prev.azi_b);
                self.arc(e.a, prev.azi_b + 90.0, prev.azi_b + 90.0 + turn);
            }
            self.edge(e);
        }
    }

    /// Round the end of a side: from the right of the edge arriving (azimuth `arriving` at the
    /// end) counter-clockwise to the right of the edge leaving back (`leaving`); half a circle
    /// when the two are one edge.
    fn cap(&mut self, v: Coord<f64>, arriving: f64, leaving: f64) {
        let from = arriving + 90.0;
        let sweep = (from - (leaving + 90.0)).rem_euclid(360.0);
        self.arc(v, from, from - sweep);
    }

    /// The points at R to the right of an edge.
    fn edge(&mut self, e: &Edge) {
        let line = GeodesicLine::new(
            &WGS84,
            e.a.y,
            e.a.x,
            e.azi_a,
            Some(caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH | caps::DISTANCE_IN),
            None,
            None,
        );
        let r = self.radius_m;
        let f = |t: f64| {
            let (_a, lat, lon, azi, ..) =
                line._gen_position(false, t, caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH);
            direct(lat, lon, azi + 90.0, r)
        };
        let n = (e.length_m / MAX_STEP_M).ceil().max(1.0) as usize;
        self.curve(f, 0.0, e.length_m, n);
    }

    /// The points at R from `v` for azimuths from `from` to `to`.
    fn arc(&mut self, v: Coord<f64>, from: f64, to: f64) {
        let r = self.radius_m;
        // The step that keeps a chord of a circle of radius R within the tolerance of it; the
        // splitting below then checks each piece on the ellipsoid.
        let step = (2.0 * (1.0 - self.tolerance_m / r).clamp(-1.0, 1.0).acos())
            .to_degrees()
            .clamp(1e-3, 10.0);
        let n = ((from - to).abs() / step).ceil().max(1.0) as usize;
        self.curve(|az| direct(v.y, v.x, az, r), from, to, n);
    }

    /// Samples `f` from `u0` to `u1` in `n` pieces, each split while its middle strays from the
    /// curve by more than the tolerance.
    fn curve(&mut self, f: impl Fn(f64) -> [f64; 2], u0: f64, u1: f64, n: usize) {
        let mut prev = (u0, self.push_point(f(u0)));
        for k in 1..=n {
            let u = u0 + (u1 - u0) * k as f64 / n as f64;
            let p = unwrap_near(f(u), prev.1);
            self.refine(&f, prev, (u, p), 0);
            prev = (u, self.push_point(p));
        }
    }

    /// Adds the points between `a` and `b` (excluded) that keep every piece within tolerance.
    fn refine(
        &mut self,
        f: &impl Fn(f64) -> [f64; 2],
        a: (f64, [f64; 2]),
        b: (f64, [f64; 2]),
        depth: u32,
    ) {
        if depth >= 30 {
            return;
        }
        let um = 0.5 * (a.0 + b.0);
        let on_curve = unwrap_near(f(um), a.1);
        let chord_mid = [0.5 * (a.1[0] + b.1[0]), 0.5 * (a.1[1] + b.1[1])];
        let off = dist2(
            to_ecef(chord_mid[0], chord_mid[1]),
            to_ecef(on_curve[0], on_curve[1]),
        );
        if off > self.tolerance_m * self.tolerance_m {
            self.refine(f, a, (um, on_curve), depth + 1);
            let m = self.push_point(on_curve);
            self.refine(f, (um, m), b, depth + 1);
        }
    }

    /// Appends a point, its longitude unwrapped to lie within 180° of the last; returns it.
    fn push_point(&mut self, p: [f64; 2]) -> [f64; 2] {
        let p = match self.points.last() {
            Some(&last) => unwrap_near(p, last),
            None => p,
        };
        if self.points.last() != Some(&p) {
            self.points.push(p);
        }
        p
    }
}

/// `p` with its longitude moved by whole turns to lie within 180° of `near`'s.
pub fn unwrap_near(p: [f64; 2], near: [f64; 2]) -> [f64; 2] {
    [near[0] + norm180(p[0] - near[0]), p[1]]
}

/// Karney's direct problem, as (lon, lat).
fn direct(lat: f64, lon: f64, azi: f64, s: f64) -> [f64; 2] {
    let (lat2, lon2): (f64, f64) = WGS84.direct(lat, lon, azi, s);
    [lon2, lat2]
}
