//! GeographicLib's mathematical helpers, as geographiclib-rs keeps them in its (private)
//! `geomath` module, for the inverse problem (`inverse`): squares and normalised two-vectors, error-free
//! sums, angles in degrees (rounding, reduction to −180…180, differences, sine and cosine,
//! atan2), polynomials, Clenshaw summation of sine and cosine series, and the series A1, C1,
//! A2 and C2 of Karney (2013), "Algorithms for geodesics", eqs. 17, 18, 42 and 43, to order six.
//!
//! The arithmetic is geographiclib-rs 0.2.7's, step for step, but for two savings: a square is
//! `x * x`, not `x.powi(2)`, and a two-vector is normalised with a plain square root, not the
//! slower, overflow-proof `hypot` (the numbers here are sines and cosines). The series take
//! their order from [`ORDER`], and C1 and C2 share one evaluation of their tables.

/// Order of Karney's series (GeographicLib's default).
pub(crate) const ORDER: usize = 6;

#[inline]
pub(crate) fn sq(x: f64) -> f64 {
    x * x
}

#[inline]
pub(crate) fn norm(x: &mut f64, y: &mut f64) {
    let r = (*x * *x + *y * *y).sqrt();
    *x /= r;
    *y /= r;
}

pub(crate) fn sum(u: f64, v: f64) -> (f64, f64) {
    let s = u + v;
    let up = s - v;
    let vpp = s - up;
    let up = up - u;
    let vpp = vpp - v;
    (s, -(up + vpp))
}

pub(crate) fn polyval(n: usize, p: &[f64], x: f64) -> f64 {
    let mut y = p[0];
    for val in &p[1..=n] {
        y = y * x + val;
    }
    y
}

pub(crate) fn ang_round(x: f64) -> f64 {
    let z = 1.0 / 16.0;
    let mut y = x.abs();
    if y < z {
        y = z - (z - y);
    }
    if x == 0.0 {
        0.0
    } else if x < 0.0 {
        -y
    } else {
        y
    }
}

pub(crate) fn remainder(x: f64, y: f64) -> f64 {
    let z = if x.is_finite() { x % y } else { f64::NAN };
    let z = if x == 0.0 { x } else { z };
    if z < -y / 2.0 {
        z + y
    } else if z < y / 2.0 {
        z
    } else {
        z - y
    }
}

pub(crate) fn ang_normalize(x: f64) -> f64 {
    let y = remainder(x, 360.0);
    if y == -180.0 { 180.0 } else { y }
}

pub(crate) fn ang_diff(x: f64, y: f64) -> (f64, f64) {
    let (d, t) = sum(ang_normalize(-x), ang_normalize(y));
    let d = ang_normalize(d);
    if d == 180.0 && t > 0.0 {
        sum(-180.0, t)
    } else {
        sum(d, t)
    }
}

pub(crate) fn sincosd(x: f64) -> (f64, f64) {
    let (r, q) = libm::remquo(x, 90.0);
    let (s, c) = r.to_radians().sin_cos();
    let (mut s, mut c) = match q as u32 & 3 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    };
    c += 0.0;
    if s == 0.0 {
        s = s.copysign(x);
    }
    (s, c)
}

pub(crate) fn atan2d(mut y: f64, mut x: f64) -> f64 {
    let mut q = if y.abs() > x.abs() {
        std::mem::swap(&mut x, &mut y);
        2
    } else {
        0
    };
    if x < 0.0 {
        q += 1;
        x = -x;
    }
    let ang = y.atan2(x).to_degrees();
    match q {
        0 => ang,
        1 => {
            if y >= 0.0 {
                180.0 - ang
            } else {
                -180.0 - ang
            }
        }
        2 => 90.0 - ang,
        _ => ang - 90.0,
    }
}

#[inline]
pub(crate) fn sin_cos_series(sinp: bool, sinx: f64, cosx: f64, c: &[f64]) -> f64 {
    let mut k = c.len();
    let mut n: i64 = k as i64 - if sinp { 1 } else { 0 };
    let ar = 2.0 * (cosx - sinx) * (cosx + sinx);
    let mut y1 = 0.0;
    let mut y0 = if n & 1 != 0 {
        k -= 1;
        c[k]
    } else {
        0.0
    };
    n /= 2;
    while n > 0 {
        n -= 1;
        k -= 1;
        y1 = ar * y0 - y1 + c[k];
        k -= 1;
        y0 = ar * y1 - y0 + c[k];
    }
    if sinp {
        2.0 * sinx * cosx * y0
    } else {
        cosx * (y0 - y1)
    }
}

pub(crate) fn a1m1f(eps: f64) -> f64 {
    const COEFF: [f64; 5] = [1.0, 4.0, 64.0, 0.0, 256.0];
    let m = ORDER / 2;
    let t = polyval(m, &COEFF, sq(eps)) / COEFF[m + 1];
    (t + eps) / (1.0 - eps)
}

pub(crate) fn c1f(eps: f64, c: &mut [f64; ORDER + 1]) {
    const COEFF: [f64; 18] = [
        -1.0, 6.0, -16.0, 32.0, -9.0, 64.0, -128.0, 2048.0, 9.0, -16.0, 768.0, 3.0, -5.0, 512.0,
        -7.0, 1280.0, -7.0, 2048.0,
    ];
    series(eps, &COEFF, c);
}

pub(crate) fn a2m1f(eps: f64) -> f64 {
    const COEFF: [f64; 5] = [-11.0, -28.0, -192.0, 0.0, 256.0];
    let m = ORDER / 2;
    let t = polyval(m, &COEFF, sq(eps)) / COEFF[m + 1];
    (t - eps) / (1.0 + eps)
}

pub(crate) fn c2f(eps: f64, c: &mut [f64; ORDER + 1]) {
    const COEFF: [f64; 18] = [
        1.0, 2.0, 16.0, 32.0, 35.0, 64.0, 384.0, 2048.0, 15.0, 80.0, 768.0, 7.0, 35.0, 512.0, 63.0,
        1280.0, 77.0, 2048.0,
    ];
    series(eps, &COEFF, c);
}

/// The coefficients C1 or C2 from their table (GeographicLib's layout).
#[inline]
pub(crate) fn series(eps: f64, coeff: &[f64; 18], c: &mut [f64; ORDER + 1]) {
    let eps2 = sq(eps);
    let mut d = eps;
    let mut o = 0;
    for (l, cl) in c.iter_mut().enumerate().skip(1) {
        let m = (ORDER - l) / 2;
        *cl = d * polyval(m, &coeff[o..], eps2) / coeff[o + m + 1];
        o += m + 2;
        d *= eps;
    }
}
