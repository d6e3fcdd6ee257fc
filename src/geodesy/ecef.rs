//! Earth-centred, Earth-fixed (ECEF) coordinates on WGS84, for the spatial indexes.
//!
//! The straight-line (chord) distance between two points on the ellipsoid is never more than the
//! geodesic distance between them, since the geodesic is one path between them and the chord the
//! shortest of all. Within 100 km the chord is shorter by at most s³/(24 R²) ≈ 1 cm, so it is a
//! tight and provable lower bound: an index ordered by chords finds the geodesic nearest once
//! the exact distance of the best candidate is below the chord of every other.

use super::wgs84::{A, B, E2, R_MAX, R_MIN};

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

/// Where along the chord a–b the point q projects (0..1, clamped): the first guess for the exact
/// search of the nearest point of a geodesic edge.
///
/// ```
/// use borderscope::geodesy::ecef::{chord_fraction, to_ecef};
///
/// let (a, b) = (to_ecef(70.0, 40.0), to_ecef(70.2, 40.0));
/// // A point on the chord a quarter of the way along it.
/// let q = [0, 1, 2].map(|k| a[k] + 0.25 * (b[k] - a[k]));
/// approx::assert_abs_diff_eq!(chord_fraction(q, a, b), 0.25, epsilon = 1e-12);
/// // Points beyond an end project onto it.
/// assert_eq!(chord_fraction(to_ecef(70.5, 40.0), a, b), 1.0);
/// assert_eq!(chord_fraction(to_ecef(69.5, 40.0), a, b), 0.0);
/// // A chord of no length: its one point.
/// assert_eq!(chord_fraction(q, a, a), 0.0);
/// ```
pub fn chord_fraction(q: [f64; 3], a: [f64; 3], b: [f64; 3]) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let aq = [q[0] - a[0], q[1] - a[1], q[2] - a[2]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
    if len2 > 0.0 {
        ((aq[0] * ab[0] + aq[1] * ab[1] + aq[2] * ab[2]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    }
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
/// chord, ρ − √(ρ² − c²/4). The bound returned adds 0.1 % and a micrometre for rounding (the
/// Earth-centred coordinates carry a few nanometres); beyond
/// chords of 1.9 ρ it is simply the semi-major axis.
pub fn sag_bound(c: f64) -> f64 {
    let rho = R_MIN;
    // NaN or a chord of more than 1.9 ρ: the loosest bound.
    if c.is_nan() || c >= 1.9 * rho {
        return A;
    }
    let h = c * c / 4.0 / (rho + (rho * rho - c * c / 4.0).sqrt()); // = ρ − √(ρ² − c²/4), stably
    h * 1.001 + 1e-6
}

/// A lower bound of the geodesic distance between two points of the ellipsoid whose chord is
/// `c` metres: tighter than the chord itself by about 95 % of the difference.
///
/// Blaschke's rolling theorem, for a convex surface whose radii of curvature all lie between
/// r = b²/a and ρ = a²/b (WGS84's smallest and largest): at any point P of the ellipsoid, the ball
/// of radius r tangent at P lies inside it, and the ball of radius ρ tangent at P contains it. A
/// point Q of the ellipsoid at chord c from P therefore lies between the two balls, and the
/// geodesic from P to Q, which runs on the surface, never enters the inner ball: it is at least
/// as long as the shortest path from P to Q around that ball. Over all such Q that path is
/// shortest when Q lies on the outer ball, where it is, in closed form,
/// `r·φ + c·k` with `k = √(1 − r/ρ)` and
/// `φ = atan2(c·√(1 − c²/4ρ²), r − c²/2ρ) − atan2(c·k, r)` (Q is then at height
/// `c²(1 − r/ρ)` squared-distance above the inner ball). The result loses a micrometre and a part
/// in 10⁹ to rounding.
///
/// ```
/// use borderscope::geodesy::ecef::geodesic_lower_bound;
/// // 50 km along the 40th parallel: chord 49,999.872 m, geodesic 50,000 m (GeographicLib).
/// let lb = geodesic_lower_bound(49_999.872_324);
/// assert!(lb > 49_999.99 && lb < 50_000.0);
/// ```
pub fn geodesic_lower_bound(c: f64) -> f64 {
    if c.is_nan() || c <= 0.0 {
        return c.max(0.0);
    }
    let (r, rho) = (R_MIN, R_MAX);
    if c >= 2.0 * r {
        return c.max(long_chord_lower_bound(c));
    }
    let k = (1.0 - r / rho).sqrt();
    let phi = (c * (1.0 - c * c / (4.0 * rho * rho)).sqrt()).atan2(r - c * c / (2.0 * rho))
        - (c * k).atan2(r);
    let around = r * phi + c * k;
    let margin = 1e-6 + 1e-9 * c;
    // Even the chord, computed from Earth-centred coordinates of some 6·10⁶ m, carries rounding
    // of a few nanometres: the margin applies to it as well.
    (around - margin)
        .max(c - margin)
        .max(long_chord_lower_bound(c))
}

/// A lower bound of the geodesic distance for long chords, by the angle at the Earth's
/// centre (0 below 1,500 km, where it is weaker than the chord).
///
/// Every point of the ellipsoid is at least b and at most a from the centre. The radial
/// projection onto the sphere of radius b shortens no path outside it (its derivative is
/// b/|x| ≤ 1), so a geodesic between points at central angle Δ is at least b·Δ long. And
/// c² = (|P| − |Q|)² + 4|P||Q|·sin²(Δ/2) ≤ (a − b)² + 4a²·sin²(Δ/2), so
/// Δ ≥ 2·asin(√(c² − (a − b)²) / 2a). Less a micrometre and a part in 10⁹ for rounding. From
/// about 1,800 km on it exceeds the chord (by about 1,450 km at a chord of 10,000 km).
#[inline]
fn long_chord_lower_bound(c: f64) -> f64 {
    if c.is_nan() || c < 1.5e6 {
        return 0.0;
    }
    let z = ((c * c - (A - B) * (A - B)).max(0.0)).sqrt() / (2.0 * A);
    2.0 * B * z.min(1.0).asin() * (1.0 - 1e-9) - 1e-6
}

/// An upper bound of the geodesic distance between two points of the ellipsoid whose chord is
/// `c` metres (for any chord: beyond 3,000 km, [`central_angle_upper_bound`]; infinite only for
/// NaN).
///
/// The normal section through the two points (the plane holding the chord and the surface
/// normal at one of them) cuts the ellipsoid in a plane convex curve, which is one path between
/// them on the surface and so no shorter than the geodesic. By Meusnier's theorem its curvature
/// is the normal curvature, at most 1/r with r = b²/a (WGS84's smallest radius of curvature),
/// divided by the cosine of the angle θ between the surface normal and the plane. The plane
/// holds the normal at the first point, and along a surface curve the normal turns at most at
/// the rate 1/r, so θ ≤ L/r on a curve of length L. If L ≤ 1.2c, the curvature is therefore at
/// most 1/r′ with r′ = r·cos(1.2c/r), and Schur's comparison theorem gives
/// L ≤ 2r′·asin(c/2r′) (which for c ≤ 3,000 km is indeed below 1.2c: 3,041 km at most; and
/// the assumption L ≤ 1.2c holds by continuity: along the section from the first point, arc
/// over chord starts at 1, and wherever it is at most 1.2 the same argument puts it strictly
/// below, so it never reaches 1.2 before the second point). The value returned is larger
/// still: r′ from cos x ≥ 1 − x²/2 (and below 1,000 km 1/r′ from 1/(1 − u) ≤ 1 + u + u² +
/// u³ + 2u⁴, u ≤ 1/2), asin z/z ≤ 1 + z²/6 + 0.08 z⁴ (z ≤ 0.3), plus a micrometre and a part
/// in 10⁹ for rounding. At 100 km it exceeds the geodesic by a few centimetres.
///
/// ```
/// use borderscope::geodesy::ecef::geodesic_upper_bound;
/// // 50 km along the 40th parallel: chord 49,999.872 m, geodesic 50,000 m (GeographicLib).
/// let ub = geodesic_upper_bound(49_999.872_324);
/// assert!(ub > 50_000.0 && ub < 50_000.01);
/// ```
#[inline]
pub fn geodesic_upper_bound(c: f64) -> f64 {
    if c.is_nan() {
        return f64::INFINITY;
    }
    if c > 3.0e6 {
        return central_angle_upper_bound(c);
    }
    if c > 1.0e6 {
        let x = 1.2 * c / R_MIN;
        let r = R_MIN * (1.0 - 0.5 * x * x);
        let z = c / (2.0 * r);
        let z2 = z * z;
        return c * (1.0 + z2 / 6.0 + 0.08 * z2 * z2) * (1.0 + 1e-9) + 1e-6;
    }
    // Up to 1,000 km, no division (three in a chain were most of a leaf's cost in the capsule
    // tree's search): constants are reciprocals rounded once, and 1/(1 − u) ≤ 1 + u + u² + u³ + 2u⁴
    // for u ≤ 1/2 (u⁴/(1 − u) ≤ 2u⁴; here u = x²/2 ≤ 0.018) makes z no smaller, and so the
    // bound no smaller, asin z / z growing with z; looser than the quotient by 10⁻⁹ at most.
    const K_X: f64 = 1.2 / R_MIN;
    const K_Z: f64 = 1.0 / (2.0 * R_MIN);
    const SIXTH: f64 = 1.0 / 6.0;
    let x = c * K_X;
    let u = 0.5 * x * x;
    let z = c * K_Z * (1.0 + u * (1.0 + u * (1.0 + u * (1.0 + 2.0 * u))));
    let z2 = z * z;
    c * (1.0 + z2 * SIXTH + 0.08 * z2 * z2) * (1.0 + 1e-9) + 1e-6
}

/// An upper bound of the geodesic distance for any chord `c`, by the plane through the two
/// points and the Earth's centre.
///
/// That plane cuts the ellipsoid in an ellipse of semi-axes a and b′ (b ≤ b′ ≤ a), one path
/// between the points on the surface, so no shorter than the geodesic. In its eccentric angle
/// t (x = a·cos t, y = b′·sin t) its arc length is ∫√(a²sin²t + b′²cos²t) dt ≤ a·|Δt|. The polar
/// angle θ of a point has tan θ = (b′/a)·tan t, and t − θ is at most
/// atan((1 − k)/2√k) with k = b′/a ≥ b/a = 1 − f, that is at most δ = atan(f / 2√(1 − f))
/// (0.00168 rad): over the shorter arc, of central angle Δ ≤ π, |Δt| ≤ Δ + 2δ. And as both
/// points are at least b from the centre, c² = (|P| − |Q|)² + 4|P||Q|·sin²(Δ/2) ≥ 4b²·sin²(Δ/2),
/// so Δ ≤ 2·asin(min(1, c/2b)). Hence the geodesic is at most a·(2·asin(min(1, c/2b)) + 2δ),
/// plus a micrometre and a part in 10⁹ for rounding. Finite for every chord (at most
/// 20,059 km; the longest geodesic, between antipodes, is 20,004 km); within 22 km + 1 % of
/// the truth for chords up to 10,000 km (measured in the tests), looser nearer the antipodes.
///
/// ```
/// use borderscope::geodesy::ecef::central_angle_upper_bound;
/// // Antipodes on the equator: chord 2a = 12,756,274 m; the geodesic runs over a pole,
/// // 20,003,931.459 m (GeographicLib).
/// let ub = central_angle_upper_bound(12_756_274.0);
/// assert!(ub > 20_003_931.459 && ub < 20_060_000.0);
/// ```
#[inline]
pub fn central_angle_upper_bound(c: f64) -> f64 {
    if c.is_nan() {
        return f64::INFINITY;
    }
    use super::wgs84::F;
    let delta = (F / (2.0 * (1.0 - F).sqrt())).atan();
    let z = (c.max(0.0) / (2.0 * B)).min(1.0);
    A * (2.0 * z.asin() + 2.0 * delta) * (1.0 + 1e-9) + 1e-6
}

/// Whether a point at chord `c` could be within `reach` of the query point along the surface:
/// false only when even the rolling-ball bound of the chord exceeds `reach`. The bound gains at
/// most about c³/24r² over the chord, so it is only computed when the chord is that close to
/// `reach` (with a factor of two to spare).
#[inline]
pub fn may_be_within(c: f64, reach: f64) -> bool {
    if c > reach {
        return false;
    }
    // (A reciprocal rounded once, not a division: twice the gain to spare covers its ulp.)
    const K: f64 = 1.0 / (12.0 * R_MIN * R_MIN);
    if c + c * c * c * K + 1e-6 < reach {
        return true;
    }
    geodesic_lower_bound(c) <= reach
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20,000 random pairs of points (seeded xorshift): the first anywhere within `lat_max`
    /// of the equator, the second up to 10^`log_span` degrees from it in each coordinate
    /// (latitude clamped to `clamp`); each pair's chord and its geodesic distance
    /// (GeographicLib's, through geo).
    fn chords_and_geodesics(
        seed: u64,
        lat_max: f64,
        clamp: f64,
        log_span: (f64, f64),
    ) -> Vec<(f64, f64)> {
        use crate::geodesy::distance_m;
        use geo::Point;
        let mut s = seed;
        let mut u = |lo: f64, hi: f64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            lo + (hi - lo) * (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..20_000)
            .map(|_| {
                let (lat, lon) = (u(-lat_max, lat_max), u(-180.0, 180.0));
                let span = 10f64.powf(u(log_span.0, log_span.1));
                let (lat2, lon2) = (
                    (lat + u(-span, span)).clamp(-clamp, clamp),
                    lon + u(-span, span),
                );
                let (p, q) = (to_ecef(lon, lat), to_ecef(lon2, lat2));
                let g = distance_m(Point::new(lon, lat), Point::new(lon2, lat2));
                (dist2(p, q).sqrt(), g)
            })
            .collect()
    }

    #[test]
    fn equator_and_meridian_points() {
        let [x, y, z] = to_ecef(90.0, 0.0);
        assert!(x.abs() < 1e-9 && (y - A).abs() < 1e-9 && z.abs() < 1e-9);
    }

    /// The bound is never above the true geodesic distance (GeographicLib's, through geo) for
    /// pairs of points anywhere on Earth from 1 m to 2,000 km apart, grows with the chord, and
    /// recovers most of the difference between chord and geodesic.
    #[test]
    fn ball_bound_is_below_the_geodesic_and_tight() {
        let mut worst_share = 1.0f64;
        for (c, g) in chords_and_geodesics(0x0123_4567_89AB_CDEF, 89.0, 89.9, (-5.0, 1.2)) {
            let lb = geodesic_lower_bound(c);
            assert!(lb <= g + 1e-9, "bound {lb} above geodesic {g} (chord {c})");
            assert!(lb >= c - 1e-5);
            if g - c > 1e-3 {
                worst_share = worst_share.min((lb - c) / (g - c));
            }
        }
        assert!(worst_share > 0.9, "{worst_share}");
        let mut last = 0.0;
        for i in 1..2000 {
            let c = i as f64 * 1_000.0;
            let lb = geodesic_lower_bound(c);
            assert!(lb >= last);
            last = lb;
        }
    }

    /// The upper bound is never below the true geodesic distance (GeographicLib's) for pairs
    /// anywhere on Earth from a millimetre to 3,000 km apart, and within a few centimetres of it
    /// at 100 km.
    #[test]
    fn upper_bound_is_above_the_geodesic_and_tight() {
        let mut worst_near_100km = 0.0f64;
        for (c, g) in chords_and_geodesics(0x0F1E_2D3C_4B5A_6978, 89.9, 89.99, (-8.0, 1.4)) {
            let ub = geodesic_upper_bound(c);
            assert!(ub >= g, "bound {ub} below geodesic {g} (chord {c})");
            if (90_000.0..110_000.0).contains(&g) {
                worst_near_100km = worst_near_100km.max(ub - g);
            }
        }
        assert!(
            worst_near_100km > 0.0 && worst_near_100km < 0.1,
            "{worst_near_100km}"
        );
        assert!(geodesic_upper_bound(3.1e6) < 3.2e6);
        assert_eq!(geodesic_upper_bound(f64::NAN), f64::INFINITY);
    }

    /// The bound without division is never below the proven one it replaced (the same formula
    /// with r′ = r·(1 − x²/2) divided out), and exceeds it by less than a part in 10⁹ (from a
    /// millimetre to 3,000 km, logarithmically spaced, and the ends).
    #[test]
    fn upper_bound_without_division_is_no_smaller_than_with() {
        let divided = |c: f64| {
            let x = 1.2 * c / R_MIN;
            let r = R_MIN * (1.0 - 0.5 * x * x);
            let z = c / (2.0 * r);
            let z2 = z * z;
            c * (1.0 + z2 / 6.0 + 0.08 * z2 * z2) * (1.0 + 1e-9) + 1e-6
        };
        let mut worst = 0.0f64;
        for k in 0..=200_000 {
            let c = 1e-3 * (3e9f64).powf(k as f64 / 200_000.0);
            let c = if k == 200_000 { 3.0e6 } else { c };
            let (new, old) = (geodesic_upper_bound(c), divided(c));
            assert!(new >= old, "chord {c}: {new} < {old}");
            worst = worst.max((new - old) / old);
        }
        assert!(worst > 0.0 && worst < 1e-9, "{worst}");
    }

    /// Pairs at any distance up to the antipodes, and pairs within a degree of each other's
    /// antipode (where geodesics run over a pole or round the globe): the bounds of long
    /// chords hold against GeographicLib's distance, the lower one beats the chord from
    /// 2,000 km on, and the upper one stays within 22 km + 1 % of the truth for chords up to
    /// 10,000 km (looser nearer the antipodes).
    #[test]
    fn bounds_of_long_chords_hold_up_to_the_antipodes() {
        use crate::geodesy::distance_m;
        use geo::Point;
        let ecef = |p: Point| to_ecef(p.x(), p.y());
        let mut s = 0x1234_5678_9ABC_DEF1u64;
        let mut u = |lo: f64, hi: f64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            lo + (hi - lo) * ((s >> 11) as f64 / (1u64 << 53) as f64)
        };
        let mut beat = 0;
        for i in 0..40_000 {
            let p = Point::new(u(-180.0, 180.0), u(-90.0, 90.0));
            let q = if i % 2 == 0 {
                Point::new(u(-180.0, 180.0), u(-90.0, 90.0))
            } else {
                // Near the antipode of p.
                let lon = p.x() + 180.0 + u(-1.0, 1.0);
                let lon = if lon > 180.0 { lon - 360.0 } else { lon };
                Point::new(lon, (-p.y() + u(-1.0, 1.0)).clamp(-90.0, 90.0))
            };
            let (a, b) = (ecef(p), ecef(q));
            let c = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
            let g = distance_m(p, q);
            let (lb, ub) = (geodesic_lower_bound(c), geodesic_upper_bound(c));
            assert!(lb <= g, "lower {lb} above geodesic {g} ({p:?} {q:?})");
            assert!(ub >= g, "upper {ub} below geodesic {g} ({p:?} {q:?})");
            if c < 1.0e7 {
                assert!(ub - g < 22_000.0 + 0.01 * g, "upper {ub} for {g}");
            }
            if c > 2.0e6 {
                assert!(lb > c, "{lb} not above chord {c}");
                beat += 1;
            }
        }
        assert!(beat > 10_000);
        assert!(long_chord_lower_bound(1.0e6) == 0.0);
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
