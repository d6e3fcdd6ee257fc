//! A proven test, from the 3-D chords alone, that the nearest point of a geodesic edge to a
//! point is the edge's end: the angle at the end between the two geodesics (along the edge,
//! and to the point) is obtuse. With [`geodesic_band`](super::chord_band::geodesic_band) for
//! the length, it decides a point's distance to an edge with no inverse problem solved where
//! the point lies beyond the end, as most points near a frontier's vertices do.
//!
//! Written here: no crate bounds the directions of geodesics; the argument is the one
//! `chord_band` makes for its directions.
//!
//! # The proof
//!
//! Let V be an end of the edge, W its other end, P the point; t_e the unit tangent at V of the
//! edge's geodesic towards W, t_p that of the shortest geodesic from V to P, and α the angle
//! between them (in the tangent plane: the difference of the two azimuths).
//!
//! 1. **Chord and first tangent.** A geodesic's curvature in space is the surface's normal
//!    curvature in its direction, at most k_max = a/b², so along a geodesic of length L its
//!    unit tangent moves on the unit sphere along a path of length at most Θ = k_max·L. Every
//!    tangent then lies within Θ/2 of that path's middle, in a cap that is convex (Θ < π); the
//!    chord's direction, the mean ∫T/|∫T| of the tangents, lies in the same cap. So the angle
//!    between the chord's direction and the first tangent is at most Θ.
//! 2. **The angle at V.** The angle between directions is a distance on the unit sphere, so
//!    α ≥ ∠(W − V, P − V) − Θ_e − Θ_p, with Θ_e = k_max·S(|W − V|) and Θ_p = k_max·S_p, S the
//!    proven [`geodesic_upper_bound`] of a geodesic from its chord and S_p any proven upper
//!    bound of the distance V–P. If ∠(W − V, P − V) > π/2 + Θ_e + Θ_p, then α > π/2.
//! 3. **The test.** ∠(u, v) > π/2 + m exactly when u·v < −sin(m)·|u||v|; as sin m ≤ m, the
//!    test u·v < −m·|u||v| is enough.
//!
//! Rounding: the Earth-centred coordinates carry a few nanometres (`chord_band`: 2.4 nm at most
//! measured in 50-digit arithmetic, 30 nm allowed), so the direction of a difference of length
//! ℓ is off by at most 6·10⁻⁸/ℓ radians; the dot product's rounding is a part in 10¹⁴. The
//! exact engine computes α from Karney's azimuths, whose rounding is about the double's
//! precision times the Earth's radius over the line's length (6·10⁻¹⁰/ℓ radians), allowed as
//! 10⁻⁹/ℓ for each of the two lines, and 10⁻⁹ radians more.
//!
//! With α > π/2 the along-track step from V towards the foot of the perpendicular,
//! R·atan2(sin(s/R)·cos α, cos(s/R)), points away from the edge, and the exact engine
//! (`GeodesicEdge::distance_to`) takes V as the nearest point: so the test decides the
//! engine's own answer, not only the true one. `tests/geodesic_band.rs` checks it against
//! Karney's azimuths.

use super::chord_band::K_MAX;
use super::ecef::geodesic_upper_bound;

/// Whether the angle at `v` between the geodesic to `w` and the shortest geodesic to `p` is
/// proven obtuse (Earth-centred coordinates, as [`to_ecef`](super::ecef::to_ecef) gives them),
/// where `s_vp_max` is a proven upper bound of the distance from `v` to `p` in metres. `false`
/// also where nothing is proven (points that may coincide, long lines).
///
/// ```
/// use borderscope::geodesy::chord_angle::obtuse_at;
/// use borderscope::geodesy::ecef::to_ecef;
/// // An edge east from (70 E, 40 N); a point 5 km west of its start, and one 5 km north.
/// let (v, w) = (to_ecef(70.0, 40.0), to_ecef(70.1, 40.0));
/// assert!(obtuse_at(v, w, to_ecef(69.94, 40.0), 5_200.0));
/// assert!(!obtuse_at(v, w, to_ecef(70.0, 40.045), 5_200.0));
/// ```
pub fn obtuse_at(v: [f64; 3], w: [f64; 3], p: [f64; 3], s_vp_max: f64) -> bool {
    let e = [w[0] - v[0], w[1] - v[1], w[2] - v[2]];
    let d = [p[0] - v[0], p[1] - v[1], p[2] - v[2]];
    let le = (e[0] * e[0] + e[1] * e[1] + e[2] * e[2]).sqrt();
    let ld = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    // Below a millimetre the directions are not known well enough to matter.
    if !(le >= 1e-3 && ld >= 1e-3 && s_vp_max.is_finite()) {
        return false;
    }
    let turning = K_MAX * (geodesic_upper_bound(le) + s_vp_max);
    let m = turning + 6.1e-8 / le + 6.1e-8 / ld + 1e-9 + 1e-14;
    if m >= 1.0 {
        return false;
    }
    let dot = e[0] * d[0] + e[1] * d[1] + e[2] * d[2];
    dot < -m * le * ld
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::ecef::to_ecef;
    use crate::geodesy::wgs84::WGS84;
    use geographiclib_rs::InverseGeodesic;

    /// The angle at A between A→B and A→P, from Karney's azimuths (degrees, 0..180).
    fn karney_angle(a: (f64, f64), b: (f64, f64), p: (f64, f64)) -> f64 {
        let (_, azi_e, _, _): (f64, f64, f64, f64) = WGS84.inverse(a.1, a.0, b.1, b.0);
        let (_, azi_p, _, _): (f64, f64, f64, f64) = WGS84.inverse(a.1, a.0, p.1, p.0);
        let d = (azi_p - azi_e).rem_euclid(360.0);
        if d > 180.0 { 360.0 - d } else { d }
    }

    /// Points all around an end, near the pole and on the equator: wherever the test says
    /// obtuse, Karney's azimuths make an angle over 90°; and it says so for angles clearly
    /// over 90° (above 90.5° at 5 km).
    #[test]
    fn obtuse_only_where_karney_says_so() {
        for &(lon, lat) in &[(70.0, 40.0), (0.0, 0.0), (10.0, 89.5), (-150.0, -60.0)] {
            let a = (lon, lat);
            let b = (lon + 0.05, lat + 0.03);
            let (va, vb) = (to_ecef(a.0, a.1), to_ecef(b.0, b.1));
            for k in 0..360 {
                let t = (k as f64).to_radians();
                let p = (lon + 0.045 * t.cos(), lat + 0.045 * t.sin());
                let angle = karney_angle(a, b, p);
                let (s, ..): (f64, f64, f64, f64) = WGS84.inverse(a.1, a.0, p.1, p.0);
                let proven = obtuse_at(va, vb, to_ecef(p.0, p.1), s * 1.001);
                assert!(!proven || angle > 90.0, "{a:?} {p:?}: {angle}°");
                if angle > 90.5 {
                    assert!(proven, "{a:?} {p:?}: {angle}° not proven");
                }
            }
        }
    }

    /// Nothing is proven for coincident points, NaN or an unbounded distance.
    #[test]
    fn nothing_proven_where_it_does_not_apply() {
        let (v, w) = (to_ecef(70.0, 40.0), to_ecef(70.1, 40.0));
        assert!(!obtuse_at(v, w, v, 1.0));
        assert!(!obtuse_at(v, v, to_ecef(69.9, 40.0), 9_000.0));
        assert!(!obtuse_at(v, w, [f64::NAN; 3], 9_000.0));
        assert!(!obtuse_at(v, w, to_ecef(69.9, 40.0), f64::INFINITY));
    }
}
