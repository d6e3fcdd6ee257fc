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

use std::sync::LazyLock;

use geo::{Coord, Point};
use geographiclib_rs::{Geodesic, GeodesicLine, InverseGeodesic, capability as caps};

/// WGS84, built once.
pub(crate) static WGS84: LazyLock<Geodesic> = LazyLock::new(Geodesic::wgs84);

/// Mean radius used for the along-track step (its value only affects convergence speed).
const R_STEP: f64 = 6_371_008.8;
/// Stop when a step moves X by less than this (metres).
const STEP_TOL: f64 = 1e-7;
const MAX_STEPS: usize = 40;

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
    line: Option<GeodesicLine>,
}

impl GeodesicEdge {
    /// Prepares the edge from `a` to `b` (lon/lat degrees).
    pub fn new(a: Coord<f64>, b: Coord<f64>) -> Self {
        let (s12, azi1, _azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.y, a.x, b.y, b.x);
        let line = (s12 > 0.0).then(|| {
            GeodesicLine::new(
                &WGS84,
                a.y,
                a.x,
                azi1,
                Some(caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH | caps::DISTANCE_IN),
                None,
                None,
            )
        });
        GeodesicEdge {
            a,
            b,
            length_m: s12,
            line,
        }
    }

    pub fn length_m(&self) -> f64 {
        self.length_m
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
    /// approx::assert_abs_diff_eq!(d.closest.x(), 0.5, epsilon = 1e-9);
    /// approx::assert_abs_diff_eq!(d.distance_m, 55_287.152_003, epsilon = 1e-6);
    /// ```
    pub fn distance_to(&self, p: Point<f64>, start_fraction: f64) -> EdgeDistance {
        let Some(line) = &self.line else {
            return self.at_end(p, 0.0);
        };
        let len = self.length_m;
        let mut t = (start_fraction.clamp(0.0, 1.0) * len).clamp(0.0, len);
        for _ in 0..MAX_STEPS {
            if t <= 0.0 || t >= len {
                // Check whether the minimum lies inside after all: step from the end.
                let end = if t <= 0.0 { 0.0 } else { len };
                let (x_lat, x_lon, x_azi) = position(line, end);
                let (s, azi_xp) = inverse_s_azi(x_lat, x_lon, p.y(), p.x());
                let step = along_step(s, azi_xp - x_azi);
                let inward = if end == 0.0 { step > 0.0 } else { step < 0.0 };
                if !inward || step.abs() < STEP_TOL {
                    return self.at_end(p, end);
                }
                t = (end + step).clamp(0.0, len);
                continue;
            }
            let (x_lat, x_lon, x_azi) = position(line, t);
            let (s, azi_xp) = inverse_s_azi(x_lat, x_lon, p.y(), p.x());
            let step = along_step(s, azi_xp - x_azi);
            let next = (t + step).clamp(0.0, len);
            if (next - t).abs() < STEP_TOL {
                return EdgeDistance {
                    distance_m: s,
                    along_m: t,
                    closest: Point::new(x_lon, x_lat),
                };
            }
            t = next;
        }
        // Not converged (only conceivable for edges and points half a world apart): the best
        // of the last estimate and both ends, which is still a true distance to the edge.
        let (x_lat, x_lon, _) = position(line, t);
        let inside = EdgeDistance {
            distance_m: WGS84.inverse(x_lat, x_lon, p.y(), p.x()),
            along_m: t,
            closest: Point::new(x_lon, x_lat),
        };
        [inside, self.at_end(p, 0.0), self.at_end(p, len)]
            .into_iter()
            .min_by(|x, y| x.distance_m.total_cmp(&y.distance_m))
            .unwrap_or(inside)
    }

    /// The distance to an end of the edge, measured to the vertex's own coordinates so that two
    /// edges sharing a vertex give the very same number.
    fn at_end(&self, p: Point<f64>, along: f64) -> EdgeDistance {
        let v = if along > 0.0 { self.b } else { self.a };
        EdgeDistance {
            distance_m: WGS84.inverse(v.y, v.x, p.y(), p.x()),
            along_m: along,
            closest: Point::from(v),
        }
    }
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
