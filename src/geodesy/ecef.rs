//! Earth-centred, Earth-fixed (ECEF) coordinates on WGS84, for the spatial indexes.
//!
//! The straight-line (chord) distance between two points on the ellipsoid is never more than the
//! geodesic distance between them, since the geodesic is one path between them and the chord the
//! shortest of all. Within 100 km the chord is shorter by at most s³/(24 R²) ≈ 1 cm, so it is a
//! tight and provable lower bound: an index ordered by chords finds the geodesic nearest once
//! the exact distance of the best candidate is below the chord of every other.

/// WGS84 semi-major axis, metres.
pub const A: f64 = 6_378_137.0;
/// WGS84 flattening.
pub const F: f64 = 1.0 / 298.257_223_563;
/// First eccentricity squared, f(2 − f).
pub const E2: f64 = F * (2.0 - F);

/// ECEF coordinates in metres of a point on the ellipsoid (height 0), from lon/lat degrees.
///
/// ```
/// use borderscope::geodesy::ecef::to_ecef;
/// let [x, y, z] = to_ecef(0.0, 90.0);
/// assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
/// approx::assert_abs_diff_eq!(z, 6_356_752.314_245, epsilon = 1e-6); // WGS84 semi-minor axis
/// ```
pub fn to_ecef(lon: f64, lat: f64) -> [f64; 3] {
    let (sl, cl) = lat.to_radians().sin_cos();
    let (so, co) = lon.to_radians().sin_cos();
    let n = A / (1.0 - E2 * sl * sl).sqrt();
    [n * cl * co, n * cl * so, n * (1.0 - E2) * sl]
}

/// Squared Euclidean distance between two 3-D points.
pub fn dist2(p: [f64; 3], q: [f64; 3]) -> f64 {
    let d = [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

/// Distance from `p` to the straight segment `a`–`b` in 3-D.
pub fn dist_to_segment(p: [f64; 3], a: [f64; 3], b: [f64; 3]) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
    let t = if len2 > 0.0 {
        ((ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    dist2(p, [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]]).sqrt()
}

/// How far, at most, a geodesic between two points of the ellipsoid can stray from the chord
/// joining them, given the chord's length `c` in metres.
///
/// A geodesic's curvature in space is its normal curvature, at most 1/ρ with ρ = b²/a (the
/// smallest radius of curvature of WGS84, the meridian at the equator). A curve of curvature at
/// most 1/ρ joining two points `c` apart stays within the sagitta of a circle of radius ρ on that
/// chord, ρ − √(ρ² − c²/4). The bound returned adds 0.1 % and a millimetre for rounding; beyond
/// chords of 1.9 ρ it is simply the semi-major axis.
pub fn sag_bound(c: f64) -> f64 {
    let rho = A * (1.0 - F) * (1.0 - F);
    // NaN or a chord of more than 1.9 ρ: the loosest bound.
    if c.is_nan() || c >= 1.9 * rho {
        return A;
    }
    let h = c * c / 4.0 / (rho + (rho * rho - c * c / 4.0).sqrt()); // = ρ − √(ρ² − c²/4), stably
    h * 1.001 + 1e-3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equator_and_meridian_points() {
        let [x, y, z] = to_ecef(90.0, 0.0);
        assert!(x.abs() < 1e-9 && (y - A).abs() < 1e-9 && z.abs() < 1e-9);
    }

    #[test]
    fn sag_of_a_10_km_chord_is_about_2_m() {
        // c²/(8ρ) with ρ = b²/a = 6335439.3 m: 1.0e8 / 5.068e7 = 1.973 m.
        let s = sag_bound(10_000.0);
        assert!((1.973..1.978).contains(&s), "{s}");
        assert_eq!(sag_bound(f64::NAN), A);
        assert_eq!(sag_bound(1e8), A);
    }
}
