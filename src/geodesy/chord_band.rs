//! A proven interval for the geodesic distance between two points of WGS84, from their chord
//! alone: no trigonometry (asin by its series, bounded both ways), no iteration: 65 ns against 526 ns for the
//! prepared Karney solution of the same 48 km line (`cargo bench --bench engine --
//! "inverse_50km|chord_band"`, 2026-12-03, with another build running). Its width (the widest
//! of 2,000 random lines of each length) is 0.1 µm at 10 km, 7 µm at 30 km, 55 µm at 50 km and
//! 0.9 mm at 100 km (0.23 m at most up to the 400 km limit, `tests/geodesic_band.rs`), so it
//! decides a distance *to the millimetre* (the figure the CSV and Parquet reports carry) for
//! almost every line under 50 km, and the exact solution is needed only where the interval
//! holds a rounding boundary; on longer lines it still tells which of two candidates is nearer.
//!
//! Written here: no crate bounds geodesic lengths; the argument is a comparison of the
//! distance from the start with that on a circle (a Sturm comparison), which needs only the
//! curvatures of the ellipsoid, in closed form for a quadric.
//!
//! # The proof
//!
//! Let γ(t) be the shortest geodesic from P to Q on the ellipsoid E = {X : X·GX = 1},
//! G = diag(1/a², 1/a², 1/b²), by arc length t ∈ [0, s], T = γ′ its unit tangent, and
//! f(t) = |γ(t) − P|², so f(0) = f′(0) = 0 and f(s) = c², the chord squared.
//!
//! 1. **An identity.** A geodesic's acceleration is normal to the surface: γ″ = −k·n with n the
//!    outward unit normal GX/|GX| and k the normal curvature in the direction T, which for a
//!    quadric is k = T·GT/|GX|. So f″ = 2 + 2(γ − P)·γ″ = 2 − 2k·(γ − P)·n. As X·GX = P·GP = 1,
//!    (X − P)·GX = ½(X − P)·G(X − P), so with u = (X − P)/|X − P| (X = γ(t), t > 0):
//!    (γ − P)·n = f·(u·Gu)/(2|GX|), and **f″ = 2 − K²(t)·f** with
//!    K²(t) = (T·GT)(u·Gu)/|GX|². (On a sphere of radius R, K = 1/R.)
//! 2. **Comparison.** If K_lo² ≤ K²(t) ≤ K_hi² on (0, s], then f″ ≤ 2 − K_lo²·f and
//!    f″ ≥ 2 − K_hi²·f (f ≥ 0). Take g(t) = (2/K²)(1 − cos Kt), the chord squared on a circle
//!    of curvature K (g″ = 2 − K²g, g(0) = g′(0) = 0). For w = g − f (K = K_lo), or w = f − g
//!    (K = K_hi): w″ + K²w ≥ 0 and w(0) = w′(0) = 0. With φ = sin Kt > 0 on (0, π/K),
//!    (w′φ − wφ′)′ = φ(w″ + K²w) ≥ 0 and w′φ − wφ′ = 0 at 0, so (w/φ)′ ≥ 0; as w/φ → w′(0)/K
//!    = 0 at 0, w ≥ 0. Hence (2/K_hi)·sin(K_hi·s/2) ≤ c ≤ (2/K_lo)·sin(K_lo·s/2), that is
//!    **(2/K_lo)·asin(c·K_lo/2) ≤ s ≤ (2/K_hi)·asin(c·K_hi/2)** (s ≤ 401 km ≪ π/K).
//! 3. **Bounds of K².** With e′² = a²/b² − 1, for a unit vector v, a²·v·Gv = 1 + e′²·v_z², and
//!    for X on E, a²·|GX|² = 1 + e′²·z²/b². So a²K² = (1 + e′²T_z²)(1 + e′²u_z²)/(1 + e′²z²/b²),
//!    and it is enough to bound T_z, u_z and z along the geodesic:
//!    - *Directions.* The normal curvature is at most k_max = a/b² (T·GT ≤ 1/b², |GX| ≥ 1/a),
//!      so the tangent turns through at most Θ = k_max·S, S the proven upper bound
//!      [`geodesic_upper_bound`] of s: every T(t) lies within Θ/2 of the middle of the
//!      tangent's path on the unit sphere, a cap that is convex (Θ < π); the chord's direction
//!      e = ∫T/c and every u(t) ∝ ∫₀ᵗT, averages of tangents, lie in the same cap. So each of
//!      T, u is within an angle Θ of e, and |v_z − e_z| ≤ |v − e| ≤ Θ.
//!    - *Heights.* Every point X of the geodesic has |X − P| + |X − Q| ≤ s ≤ S, so it lies in
//!      the spheroid of foci P and Q and major axis S, within w = √(S² − c²)/2 of the chord
//!      P–Q: z ∈ [min(z_P, z_Q) − w, max(z_P, z_Q) + w].
//!
//! Rounding: the Earth-centred coordinates carry a few nanometres (2.4 nm at most on 60,000
//! points replayed in 50-digit arithmetic), the chord a few more; the interval is widened by
//! 30 nm and a part in 10¹³. Rounding in e_z, z and K matters only through the arc's excess
//! over the chord, c³K²/24 (66 m at most at 400 km), times a relative error of order 10⁻¹⁵.
//! The decisions by the interval ([`decided_to_the_millimetre`] and the settlement search)
//! also allow for the engine's exact solutions lying up to [`EXACT_TOLERANCE_M`] from the true
//! distance; that figure is measured, not proven (below).
//! `tests/geodesic_band.rs` checks it against geographiclib-rs on 10 million random lines of
//! every length up to the limit, everywhere on the ellipsoid, the poles included.

use super::ecef::geodesic_upper_bound;
use super::wgs84::{A, B};

/// The longest chord given an interval (metres); beyond it, `None`. Past about 110 km the
/// interval is over a millimetre wide and rarely decides a distance to the millimetre, but it
/// still ranks candidates (which of two is nearer), so that only the winner is measured
/// exactly: up to 400 km, past the 226 km at which the benchmark's incidents (uniform in the
/// embedded frontier's widened box) lie farthest from a contested segment (1.5 % fewer
/// instructions for 20,000 of them than with a 120 km limit, output identical).
pub const MAX_CHORD_M: f64 = 400_000.0;
/// Chords shorter than this (metres), points that may coincide, get no interval.
const MIN_CHORD_M: f64 = 1e-3;
/// How far the engine's exact distances may lie from the true distance: Karney's method is
/// accurate to 15 nm for WGS84 (his 2013 paper, measured on his test set, not proven), the
/// prepared inverse of `inverse` within 10 nm of geographiclib-rs (measured on 200,000
/// lines); 50 nm leaves room for both. An interval widened by this holds them too.
pub const EXACT_TOLERANCE_M: f64 = 5e-8;
/// e′² = a²/b² − 1, the second eccentricity squared.
const EP2: f64 = A * A / (B * B) - 1.0;
/// The largest normal curvature of WGS84, a/b² (the meridian's at the equator), per metre.
pub(crate) const K_MAX: f64 = A / (B * B);

/// A proven interval `(lo, hi)` holding the geodesic distance in metres between the two
/// points of the ellipsoid whose Earth-centred coordinates are `p` and `q` (as
/// [`to_ecef`](super::ecef::to_ecef) gives them); `None` for chords under a millimetre or
/// over [`MAX_CHORD_M`], or not finite.
///
/// ```
/// use borderscope::geodesy::chord_band::geodesic_band;
/// use borderscope::geodesy::ecef::to_ecef;
/// // GeographicLib (Python 2.0, `Geodesic.WGS84.Inverse(40, 70, 40.3, 70.4)`):
/// // 47657.72595897494 m.
/// let (lo, hi) = geodesic_band(to_ecef(70.0, 40.0), to_ecef(70.4, 40.3)).unwrap();
/// assert!(lo <= 47_657.725_958_974_94 && 47_657.725_958_974_94 <= hi);
/// assert!(hi - lo < 3e-5); // 28 µm wide at 48 km
/// ```
pub fn geodesic_band(p: [f64; 3], q: [f64; 3]) -> Option<(f64, f64)> {
    let d = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
    let c = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    if !(MIN_CHORD_M..=MAX_CHORD_M).contains(&c) {
        return None;
    }
    let s_max = geodesic_upper_bound(c);
    let theta = K_MAX * s_max;
    let ez = (d[2] / c).abs();
    let (vz_lo, vz_hi) = ((ez - theta).max(0.0), (ez + theta).min(1.0));
    let w = ((s_max * s_max - c * c).max(0.0)).sqrt() / 2.0;
    let (z_lo, z_hi) = (p[2].min(q[2]) - w, p[2].max(q[2]) + w);
    let z2_lo = if z_lo <= 0.0 && z_hi >= 0.0 {
        0.0
    } else {
        (z_lo * z_lo).min(z_hi * z_hi)
    };
    let z2_hi = (z_lo * z_lo).max(z_hi * z_hi).min(B * B);
    const EP2_B2: f64 = EP2 / (B * B);
    let dir = |vz: f64| 1.0 + EP2 * vz * vz;
    let height = |z2: f64| 1.0 + EP2_B2 * z2;
    let k_lo = dir(vz_lo) / (A * height(z2_hi).sqrt());
    let k_hi = dir(vz_hi) / (A * height(z2_lo).sqrt());
    // (2/k)·asin(ck/2) = c·asin(x)/x with x = ck/2 ≤ c·K_MAX/2 < 0.032.
    let (lo, hi) = (
        c * asin_ratio_below(0.5 * c * k_lo),
        c * asin_ratio_above(0.5 * c * k_hi),
    );
    Some((lo * (1.0 - 1e-13) - 3e-8, hi * (1.0 + 1e-13) + 3e-8))
}

/// asin(x)/x = Σ cₙx²ⁿ, cₙ = (2n)!/(4ⁿ(n!)²(2n + 1)): 1, 1/6, 3/40, 5/112, 35/1152, …, all
/// positive and decreasing (cₙ₊₁/cₙ = (2n + 1)²/((2n + 2)(2n + 3)) < 1). Through x⁶ it is
/// a lower bound of the sum; adding c₄·x⁸/(1 − x²) ≤ 0.07·x⁸ (x² ≤ 1/2), which bounds the
/// rest, an upper one. Without a call into libm (its `asin` was a tenth of the interval's cost).
#[inline]
fn asin_ratio_below(x: f64) -> f64 {
    let x2 = x * x;
    1.0 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0)))
}

/// [`asin_ratio_below`] plus a bound of the terms it leaves out: at least asin(x)/x for
/// x² ≤ 1/2.
#[inline]
fn asin_ratio_above(x: f64) -> f64 {
    let x2 = x * x;
    let x8 = (x2 * x2) * (x2 * x2);
    asin_ratio_below(x) + 0.07 * x8
}

/// Metres to whole millimetres, the rounding of every distance the reports give to the
/// millimetre (half a millimetre away from zero).
///
/// It is `(m * 1000.0).round()`, without the call into libm that `round` is on x86-64's
/// baseline (no rounding instruction there; ~60 instructions a call, 7 calls a row in callgrind): from 0 to
/// 2⁵² the whole part and the fraction of a double are exact (zero, either sign, and the rest take `round`), so adding one where the
/// fraction is at least a half rounds as `round` does.
#[inline]
pub fn millimetres(m: f64) -> f64 {
    let x = m * 1000.0;
    if x > 0.0 && x < 4.5e15 {
        // (i64, not u64: one instruction each way on x86-64.)
        let whole = x as i64;
        (whole + i64::from(x - whole as f64 >= 0.5)) as f64
    } else {
        x.round()
    }
}

/// If every distance in `lo..=hi`, widened by [`EXACT_TOLERANCE_M`], rounds to the same whole
/// millimetre, a distance within the interval (its middle): the exact solution would round to
/// that same millimetre, whatever it is. `None` when a rounding boundary lies within.
///
/// ```
/// use borderscope::geodesy::chord_band::decided_to_the_millimetre;
/// let m = decided_to_the_millimetre(1234.5671, 1234.5672).unwrap();
/// assert!((1234.5671..=1234.5672).contains(&m));
/// assert_eq!(decided_to_the_millimetre(1234.5674, 1234.5676), None); // 1234.5675 within
/// ```
pub fn decided_to_the_millimetre(lo: f64, hi: f64) -> Option<f64> {
    // Rounding is monotone, so the ends decide for everything between.
    (millimetres(lo - EXACT_TOLERANCE_M) == millimetres(hi + EXACT_TOLERANCE_M))
        .then_some(0.5 * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The series bound asin(x)/x from below and above where what they leave out is large
    /// enough to see (x from 0.2 to 1/√2, against libm's asin), and equal it to rounding on
    /// the range the interval uses (x < 0.0095).
    #[test]
    fn the_asin_series_bounds_it_both_ways() {
        for k in 0..=10_000 {
            let x = 0.2 + (0.5f64.sqrt() - 0.2) * k as f64 / 10_000.0;
            let truth = x.asin() / x;
            let (lo, hi) = (asin_ratio_below(x), asin_ratio_above(x));
            assert!(lo < truth && truth < hi, "{x}: {lo} {truth} {hi}");
        }
        for k in 1..=10_000 {
            let x = 0.0095 * k as f64 / 10_000.0;
            let truth = x.asin() / x;
            for v in [asin_ratio_below(x), asin_ratio_above(x)] {
                assert!((v - truth).abs() <= 4.0 * f64::EPSILON, "{x}: {v} {truth}");
            }
        }
    }

    /// The same whole millimetres as `round`, at the halves and the doubles either side of
    /// them, at the ends of the fast range, and over random distances of every size.
    #[test]
    fn millimetres_round_as_round_does() {
        let round = |m: f64| (m * 1000.0).round();
        let mut s = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut cases = vec![
            0.0,
            -0.0,
            4.4999e12,
            4.5e12,
            4.6e12,
            1e300,
            -2.5e-3,
            -5e-4,
            f64::NAN,
        ];
        for k in 0..1_000_000u64 {
            let bits = next();
            let half = (bits % 10_000_000_000) as f64 + 0.5;
            // A half-millimetre distance, the doubles next to it, and any distance.
            let m = half / 1000.0;
            cases.extend([m, m.next_up(), m.next_down()]);
            cases.push(if k % 2 == 0 {
                f64::from_bits(bits)
            } else {
                (bits >> 12) as f64 / 1e9
            });
        }
        for m in cases {
            let (a, b) = (millimetres(m), round(m));
            if b.is_nan() {
                assert!(a.is_nan(), "{m:e}: {a}");
            } else {
                // The sign of zero too.
                assert_eq!(a.to_bits(), b.to_bits(), "{m:e}: {a} against {b}");
            }
        }
    }
    use crate::geodesy::ecef::to_ecef;
    use crate::geodesy::wgs84::WGS84;
    use geographiclib_rs::InverseGeodesic;

    fn karney(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
        WGS84.inverse(lat1, lon1, lat2, lon2)
    }

    /// Lines along the equator, along a meridian, across the pole and across the antimeridian:
    /// the interval holds geographiclib-rs's distance and is under a millimetre wide.
    #[test]
    fn holds_geographiclib_on_the_equator_a_meridian_and_at_the_pole() {
        for (a, b) in [
            ((0.0, 0.0), (0.9, 0.0)),
            ((70.0, 39.0), (70.0, 39.9)),
            ((0.0, 89.9), (180.0, 89.9)),
            ((-179.9, -10.0), (179.9, -10.0)),
        ] {
            let s = karney(a.0, a.1, b.0, b.1);
            let (lo, hi) = geodesic_band(to_ecef(a.0, a.1), to_ecef(b.0, b.1)).unwrap();
            assert!(lo <= s && s <= hi, "{a:?} {b:?}: {lo} {s} {hi}");
            assert!(hi - lo < 1e-3, "{a:?} {b:?}: {}", hi - lo);
        }
    }

    /// No interval for coincident points, for lines beyond the limit, for NaN.
    #[test]
    fn none_where_it_does_not_apply() {
        let p = to_ecef(70.0, 40.0);
        assert_eq!(geodesic_band(p, p), None);
        assert_eq!(geodesic_band(p, to_ecef(75.0, 40.0)), None); // 427 km
        // 171 km: an interval, holding Karney's distance.
        let (lo, hi) = geodesic_band(p, to_ecef(72.0, 40.0)).unwrap();
        let s = karney(70.0, 40.0, 72.0, 40.0);
        assert!(
            lo <= s && s <= hi && (170_000.0..172_000.0).contains(&s),
            "{lo} {s} {hi}"
        );
        assert_eq!(geodesic_band(p, [f64::NAN, 0.0, 0.0]), None);
    }

    /// The rounding the reports apply, and the decision at its boundaries.
    #[test]
    fn millimetres_round_half_away_from_zero() {
        assert_eq!(millimetres(0.0015), 2.0);
        assert_eq!(millimetres(2.0004999), 2000.0);
        assert_eq!(decided_to_the_millimetre(0.0, 0.0004), Some(0.0002));
        // Within the exact solution's tolerance of a boundary: undecided.
        assert_eq!(decided_to_the_millimetre(0.00049997, 0.00049998), None);
    }
}
