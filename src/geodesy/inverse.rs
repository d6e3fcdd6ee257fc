//! Karney's solution of the inverse geodesic problem (distance and azimuths between two points),
//! specialised for the work of proximity queries: many lines from one query point to vertices
//! and settlements known in advance, none longer than a quarter of the globe.
//!
//! The arithmetic is GeographicLib's (Karney 2013, "Algorithms for geodesics", as ported to Rust
//! by geographiclib-rs 0.2.7, whose steps it repeats in the same order), with four savings that
//! together make it 1.2–1.4 times as fast as geographiclib-rs (`cargo bench --bench engine`,
//! `prepared_inverse_50km` against `karney_inverse_50km`: 301 against 405 ns on 2026-11-29,
//! 526 against 635 ns on a slower 2026-12-03; an earlier note here said 1.6–1.7×):
//!
//! - each point's reduced latitude (its sine and cosine, and √(1 + e′² sin²β)) is computed once,
//!   when the point is prepared, not once per line;
//! - Newton's method on the azimuth stops one step early: once the geodesic at the current
//!   azimuth ends within 10⁻¹¹ radians of longitude of the second point (one step from Karney's
//!   start nearly always gets there), its length is corrected to first order for the
//!   remaining offset along the second point's parallel, instead of taking another step; the
//!   derivative, which needs the reduced length and two more series, is computed only for steps
//!   actually taken;
//! - two-vectors are normalised with a plain square root, not the slower, overflow-proof `hypot`
//!   (the numbers here are sines and cosines);
//! - only the distance and the azimuths are computed.
//!
//! The distances agree with geographiclib-rs to within 10 nanometres and the azimuths to within
//! 10⁻⁶ degrees (a test compares 200,000 random lines of every length; measured on a million
//! lines around the embedded frontier: 3.5 nm and 1.2·10⁻⁷ degrees).
//!
//! Lines it does not handle go to geographiclib-rs itself: points on a meridian or the equator
//! together, lines spanning more than 90° of longitude, nearly antipodal points (where Karney's
//! starting guess needs the astroid), lines under a metre (his closed form for very short
//! lines), and any case where Newton's method would fall back on bisection.

use geographiclib_rs::{Geodesic, InverseGeodesic};

use super::geomath::{
    ORDER, a1m1f, a2m1f, ang_diff, ang_round, atan2d, c1f, c2f, norm, sin_cos_series, sincosd, sq,
};
use super::wgs84::{F, N, WGS84};

/// A point prepared for many inverse solutions: its latitude and longitude as GeographicLib
/// rounds them, and its reduced latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Endpoint {
    lat: f64,
    lon: f64,
    sbet: f64,
    cbet: f64,
    dn: f64,
}

impl Endpoint {
    /// Prepares the point at `lat`, `lon` (degrees).
    pub fn new(lat: f64, lon: f64) -> Self {
        let g = &*WGS84;
        let lat_r = ang_round(if lat.abs() > 90.0 { f64::NAN } else { lat });
        let (mut sbet, mut cbet) = sincosd(lat_r);
        sbet *= g._f1;
        norm(&mut sbet, &mut cbet);
        cbet = cbet.max(g.tiny_);
        Endpoint {
            lat: lat_r,
            lon,
            sbet,
            cbet,
            dn: (1.0 + g._ep2 * sbet * sbet).sqrt(),
        }
    }
}

/// The geodesic from `p1` to `p2`: its length in metres, the azimuth at `p1` and the forward
/// azimuth at `p2` (degrees clockwise from north).
///
/// ```
/// use borderscope::geodesy::inverse::{Endpoint, inverse};
/// // GeographicLib (Python 2.0, `Geodesic.WGS84.Inverse(40, 70, 40.3, 70.4)`):
/// // s12 = 47657.72595897494 m, azi1 = 45.52700135997659°, azi2 = 45.784919222292146°.
/// let (s, azi1, azi2) = inverse(&Endpoint::new(40.0, 70.0), &Endpoint::new(40.3, 70.4));
/// approx::assert_abs_diff_eq!(s, 47_657.725_958_974_94, epsilon = 1e-8);
/// approx::assert_abs_diff_eq!(azi1, 45.527_001_359_976_59, epsilon = 1e-9);
/// approx::assert_abs_diff_eq!(azi2, 45.784_919_222_292_146, epsilon = 1e-9);
/// ```
pub fn inverse(p1: &Endpoint, p2: &Endpoint) -> (f64, f64, f64) {
    fast(p1, p2).unwrap_or_else(|| {
        let (s, a1, a2, _): (f64, f64, f64, f64) = WGS84.inverse(p1.lat, p1.lon, p2.lat, p2.lon);
        (s, a1, a2)
    })
}

/// The lines handled here; `None` for the others.
fn fast(p1: &Endpoint, p2: &Endpoint) -> Option<(f64, f64, f64)> {
    let g: &Geodesic = &WGS84;
    let (lon12, _) = ang_diff(p1.lon, p2.lon);
    let mut lonsign = if lon12 >= 0.0 { 1.0 } else { -1.0 };
    let lon12 = lonsign * ang_round(lon12);
    if lon12.is_nan() || lon12 > 90.0 {
        return None;
    }
    let lam12 = lon12.to_radians();
    let (slam12, clam12) = sincosd(lon12);

    // Canonical order: |lat1| ≥ |lat2|, lat1 ≤ 0.
    let swapp = if p1.lat.abs() < p2.lat.abs() {
        -1.0
    } else {
        1.0
    };
    let (a, b) = if swapp < 0.0 {
        lonsign *= -1.0;
        (p2, p1)
    } else {
        (p1, p2)
    };
    let latsign = if a.lat < 0.0 { 1.0 } else { -1.0 };
    let (sbet1, cbet1, dn1) = (latsign * a.sbet, a.cbet, a.dn);
    let (mut sbet2, mut cbet2, mut dn2) = (latsign * b.sbet, b.cbet, b.dn);
    if cbet1 < -sbet1 {
        if cbet2 == cbet1 {
            sbet2 = if sbet2 < 0.0 { sbet1 } else { -sbet1 };
            dn2 = (1.0 + g._ep2 * sq(sbet2)).sqrt();
        }
    } else if sbet2.abs() == -sbet1 {
        cbet2 = cbet1;
    }
    // Meridians and the equator have closed forms of their own.
    if a.lat * latsign == -90.0 || slam12 == 0.0 || sbet1 == 0.0 {
        return None;
    }

    // Karney's starting guess (InverseStart), without its astroid (nearly antipodal points)
    // and very-short-line branches.
    let sbet12 = sbet2 * cbet1 - cbet2 * sbet1;
    let cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
    let mut sbet12a = sbet2 * cbet1;
    sbet12a += cbet2 * sbet1;
    let shortline = cbet12 >= 0.0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
    let (somg12, comg12) = if shortline {
        let mut sbetm2 = sq(sbet1 + sbet2);
        sbetm2 /= sbetm2 + sq(cbet1 + cbet2);
        let dnm = (1.0 + g._ep2 * sbetm2).sqrt();
        let omg12 = lam12 / (g._f1 * dnm);
        (omg12.sin(), omg12.cos())
    } else {
        (slam12, clam12)
    };
    let mut salp1 = cbet2 * somg12;
    let mut calp1 = if comg12 >= 0.0 {
        sbet12 + cbet2 * sbet1 * sq(somg12) / (1.0 + comg12)
    } else {
        sbet12a - cbet2 * sbet1 * sq(somg12) / (1.0 - comg12)
    };
    let ssig12 = (salp1 * salp1 + calp1 * calp1).sqrt();
    let csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;
    let (n, etol2) = *START_LIMITS;
    if shortline && ssig12 < etol2 {
        return None;
    }
    if !(n.abs() > 0.1 || csig12 >= 0.0 || ssig12 >= 6.0 * n.abs() * PI * sq(cbet1)) {
        return None;
    }
    if salp1 > 0.0 || salp1.is_nan() {
        norm(&mut salp1, &mut calp1);
    } else {
        salp1 = 1.0;
        calp1 = 0.0;
    }

    // Newton's method on the azimuth at point 1 (Karney's loop, which also keeps a bracket
    // for bisection; a bisection step hands the line to geographiclib-rs).
    let mut tripn = false;
    let (line, residual) = 'newton: {
        for _ in 0..MAXIT1 {
            let line = lambda12(g, sbet1, cbet1, sbet2, cbet2, salp1, calp1, slam12, clam12);
            let v = line.lam12;
            if v.abs() < if tripn { 8.0 } else { 1.0 } * TOL0 {
                break 'newton (line, 0.0);
            }
            if v.abs() < FIRST_ORDER {
                // Near enough to finish without another step: the geodesic at this azimuth
                // ends on the second point's parallel, `v` radians of longitude off; moving its
                // end along the parallel by that much changes its length by a·cos β₂·sin α₂
                // per radian.
                break 'newton (line, v);
            }
            let dv = line.derivative(g, dn1, dn2, cbet2, sbet1);
            if dv > 0.0 {
                let dalp1 = -v / dv;
                let sdalp1 = dalp1.sin();
                let cdalp1 = dalp1.cos();
                let nsalp1 = salp1 * cdalp1 + calp1 * sdalp1;
                if nsalp1 > 0.0 && dalp1.abs() < PI {
                    calp1 = calp1 * cdalp1 - salp1 * sdalp1;
                    salp1 = nsalp1;
                    norm(&mut salp1, &mut calp1);
                    tripn = v.abs() <= 16.0 * TOL0;
                    continue;
                }
            }
            // Bisection (or a NaN): geographiclib-rs's own loop.
            return None;
        }
        return None;
    };
    let (mut salp2, mut calp2) = (line.salp2, line.calp2);
    let mut c1a = [0.0; ORDER + 1];
    let a1 = a1m1f(line.eps) + 1.0;
    c1f(line.eps, &mut c1a);
    let b1 = sin_cos_series(true, line.ssig2, line.csig2, &c1a)
        - sin_cos_series(true, line.ssig1, line.csig1, &c1a);
    let s12 = 0.0 + a1 * (line.sig12 + b1) * g._b - g.a * cbet2 * line.salp2 * residual;

    // Back from the canonical order.
    if swapp < 0.0 {
        std::mem::swap(&mut salp2, &mut salp1);
        std::mem::swap(&mut calp2, &mut calp1);
    }
    salp1 *= swapp * lonsign;
    calp1 *= swapp * latsign;
    salp2 *= swapp * lonsign;
    calp2 *= swapp * latsign;
    Some((s12, atan2d(salp1, calp1), atan2d(salp2, calp2)))
}

const PI: f64 = std::f64::consts::PI;
const TOL0: f64 = f64::EPSILON;
/// √TOL0, as GeographicLib's tol2.
const TOL2: f64 = 1.4901161193847656e-8;
const MAXIT1: usize = 20;
/// Karney's n = f/(2 − f) and his threshold for very short lines (etol2), for WGS84.
static START_LIMITS: std::sync::LazyLock<(f64, f64)> = std::sync::LazyLock::new(|| {
    let etol2 = 0.1 * TOL2 / (F.abs().max(0.001) * (1.0 - F / 2.0).min(1.0) / 2.0).sqrt();
    (N, etol2)
});
/// A longitude residual (radians) small enough to correct for rather than iterate away: the
/// end of the line is then at most a·|v| = 0.064 mm from the second point, and the first-order
/// correction errs by at most the square of that over twice the reduced length: 2·10⁻⁹ m for a
/// line of a metre, less for longer ones. One Newton step from Karney's start gets there.
const FIRST_ORDER: f64 = 1e-11;

/// What Karney's Lambda12 finds for one azimuth at point 1.
#[derive(Debug, Clone, Copy, Default)]
struct Lambda {
    /// The longitude difference reached, less the one wanted.
    lam12: f64,
    salp2: f64,
    calp2: f64,
    sig12: f64,
    ssig1: f64,
    csig1: f64,
    ssig2: f64,
    csig2: f64,
    eps: f64,
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn lambda12(
    g: &Geodesic,
    sbet1: f64,
    cbet1: f64,
    sbet2: f64,
    cbet2: f64,
    salp1: f64,
    mut calp1: f64,
    slam120: f64,
    clam120: f64,
) -> Lambda {
    if sbet1 == 0.0 && calp1 == 0.0 {
        calp1 = -g.tiny_;
    }
    let salp0 = salp1 * cbet1;
    let calp0 = (calp1 * calp1 + sq(salp1 * sbet1)).sqrt();
    let mut ssig1 = sbet1;
    let somg1 = salp0 * sbet1;
    let mut csig1 = calp1 * cbet1;
    let comg1 = calp1 * cbet1;
    norm(&mut ssig1, &mut csig1);
    let salp2 = if cbet2 != cbet1 { salp0 / cbet2 } else { salp1 };
    let calp2 = if cbet2 != cbet1 || sbet2.abs() != -sbet1 {
        (sq(calp1 * cbet1)
            + if cbet1 < -sbet1 {
                (cbet2 - cbet1) * (cbet1 + cbet2)
            } else {
                (sbet1 - sbet2) * (sbet1 + sbet2)
            })
        .sqrt()
            / cbet2
    } else {
        calp1.abs()
    };
    let mut ssig2 = sbet2;
    let somg2 = salp0 * sbet2;
    let mut csig2 = calp2 * cbet2;
    let comg2 = calp2 * cbet2;
    norm(&mut ssig2, &mut csig2);
    let sig12 = ((csig1 * ssig2 - ssig1 * csig2).max(0.0)).atan2(csig1 * csig2 + ssig1 * ssig2);
    let somg12 = (comg1 * somg2 - somg1 * comg2).max(0.0);
    let comg12 = comg1 * comg2 + somg1 * somg2;
    let eta = (somg12 * clam120 - comg12 * slam120).atan2(comg12 * clam120 + somg12 * slam120);
    let k2 = sq(calp0) * g._ep2;
    let eps = k2 / (2.0 * (1.0 + (1.0 + k2).sqrt()) + k2);
    let mut c3a = [0.0; ORDER];
    g._C3f(eps, &mut c3a);
    let b312 = sin_cos_series(true, ssig2, csig2, &c3a) - sin_cos_series(true, ssig1, csig1, &c3a);
    let domg12 = -g.f * g._A3f(eps) * salp0 * (sig12 + b312);
    Lambda {
        lam12: eta + domg12,
        salp2,
        calp2,
        sig12,
        ssig1,
        csig1,
        ssig2,
        csig2,
        eps,
    }
}

impl Lambda {
    /// d(lam12)/d(alp1), from the reduced length (Karney's Lengths with REDUCEDLENGTH).
    fn derivative(&self, g: &Geodesic, dn1: f64, dn2: f64, cbet2: f64, sbet1: f64) -> f64 {
        if self.calp2 == 0.0 {
            return -2.0 * g._f1 * dn1 / sbet1;
        }
        let eps = self.eps;
        let mut c1a = [0.0; ORDER + 1];
        let mut c2a = [0.0; ORDER + 1];
        let mut a1 = a1m1f(eps);
        c1f(eps, &mut c1a);
        let mut a2 = a2m1f(eps);
        c2f(eps, &mut c2a);
        let m0x = a1 - a2;
        a2 += 1.0;
        a1 += 1.0;
        for l in 1..=ORDER {
            c2a[l] = a1 * c1a[l] - a2 * c2a[l];
        }
        let j12 = m0x * self.sig12
            + (sin_cos_series(true, self.ssig2, self.csig2, &c2a)
                - sin_cos_series(true, self.ssig1, self.csig1, &c2a));
        let m12b = dn2 * (self.csig1 * self.ssig2)
            - dn1 * (self.ssig1 * self.csig2)
            - self.csig1 * self.csig2 * j12;
        m12b * (g._f1 / (self.calp2 * cbet2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same numbers as geographiclib-rs, to 10 nm and 10⁻⁶ degrees, for 200,000 random
    /// lines from a millimetre to 10,000 km anywhere on Earth (those it hands on included), and
    /// for the special cases: poles, equator, meridians, the antimeridian, coincident and
    /// antipodal points.
    #[test]
    fn agrees_with_geographiclib() {
        let mut s = 0x1234_5678_9ABC_DEF1u64;
        let mut u = |lo: f64, hi: f64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            lo + (hi - lo) * (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut cases: Vec<(f64, f64, f64, f64)> = Vec::new();
        for _ in 0..200_000 {
            let (lat1, lon1) = (u(-90.0, 90.0), u(-180.0, 180.0));
            let span = 10f64.powf(u(-8.0, 2.0));
            cases.push((
                lat1,
                lon1,
                (lat1 + u(-span, span)).clamp(-90.0, 90.0),
                lon1 + u(-span, span),
            ));
        }
        for (a, b, c, d) in [
            (90.0, 0.0, 89.0, 10.0),
            (-90.0, 0.0, -89.5, 170.0),
            (0.0, 0.0, 0.0, 10.0),
            (0.0, 0.0, 0.5, 10.0),
            (40.0, 70.0, 41.0, 70.0),
            (40.0, 179.9, 40.1, -179.9),
            (40.0, 70.0, 40.0, 70.0),
            (40.0, 70.0, -40.0, -110.0),
            (40.0, 70.0, -39.9, -110.2),
            (1e-10, 0.0, 3e-11, 1e-9),
        ] {
            cases.push((a, b, c, d));
        }
        for (lat1, lon1, lat2, lon2) in cases {
            let mine = inverse(&Endpoint::new(lat1, lon1), &Endpoint::new(lat2, lon2));
            let theirs: (f64, f64, f64, f64) = WGS84.inverse(lat1, lon1, lat2, lon2);
            let turn = |a: f64, b: f64| ((a - b + 540.0) % 360.0 - 180.0).abs();
            assert!(
                (mine.0 - theirs.0).abs() <= 1e-8
                    && turn(mine.1, theirs.1) <= 1e-6
                    && turn(mine.2, theirs.2) <= 1e-6,
                "{lat1} {lon1} {lat2} {lon2}: {mine:?} against {theirs:?}"
            );
        }
    }
}
