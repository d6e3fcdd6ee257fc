//! Lambert conformal conic projection on the WGS84 ellipsoid (Snyder 1987, eqs. 15-1 to 15-11).
//!
//! Conformal, so shapes are true at every point; with standard parallels inside the map the
//! scale stays within a fraction of a percent across it. Plain lon/lat would stretch the map
//! east–west by 1/cos(40°) ≈ 1.3 here.

use crate::geodesy::wgs84::{A, E2};

/// A Lambert conformal conic projection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lcc {
    n: f64,
    af: f64,
    rho0: f64,
    lon0: f64,
}

impl Lcc {
    /// A projection with standard parallels `lat1`, `lat2`, origin latitude `lat0` and central
    /// meridian `lon0` (degrees).
    pub fn new(lat1: f64, lat2: f64, lat0: f64, lon0: f64) -> Self {
        let e = E2.sqrt();
        let m = |phi: f64| phi.cos() / (1.0 - E2 * phi.sin().powi(2)).sqrt();
        let t = |phi: f64| {
            (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan()
                / ((1.0 - e * phi.sin()) / (1.0 + e * phi.sin())).powf(e / 2.0)
        };
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let n = if (lat1 - lat2).abs() < 1e-9 {
            p1.sin()
        } else {
            (m(p1).ln() - m(p2).ln()) / (t(p1).ln() - t(p2).ln())
        };
        let f = m(p1) / (n * t(p1).powf(n));
        let af = A * f;
        Lcc {
            n,
            af,
            rho0: af * t(p0).powf(n),
            lon0,
        }
    }

    /// A projection fitted to a lon/lat box: standard parallels at 1/6 and 5/6 of its height.
    pub fn fitted(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Self {
        let h = max_lat - min_lat;
        Lcc::new(
            min_lat + h / 6.0,
            max_lat - h / 6.0,
            (min_lat + max_lat) / 2.0,
            (min_lon + max_lon) / 2.0,
        )
    }

    /// Projected (x east, y north) metres of a lon/lat point.
    ///
    /// ```
    /// use borderscope::render::projection::Lcc;
    /// let p = Lcc::new(39.3, 40.3, 39.8, 71.3);
    /// let (x, y) = p.project(71.3, 39.8);
    /// assert!(x.abs() < 1e-6 && y.abs() < 1e-6);
    /// ```
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let e = E2.sqrt();
        let phi = lat.to_radians();
        let t = (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan()
            / ((1.0 - e * phi.sin()) / (1.0 + e * phi.sin())).powf(e / 2.0);
        let rho = self.af * t.powf(self.n);
        // The longitude difference taken the short way round: a map astride ±180° is whole.
        let dlon = crate::geodesy::antimeridian::near(lon, self.lon0) - self.lon0;
        let theta = self.n * dlon.to_radians();
        (rho * theta.sin(), self.rho0 - rho * theta.cos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;
    use geo::Point;

    /// Conformal and nearly true to scale: 10 km east and 10 km north of a point map to
    /// perpendicular vectors of equal length, within 0.5 % of 10 km.
    #[test]
    fn shapes_are_true_across_the_frontier() {
        let p = Lcc::fitted(69.0, 39.1, 73.7, 40.5);
        for (lon, lat) in [(69.2, 39.3), (71.3, 39.8), (73.5, 40.4)] {
            let (x0, y0) = p.project(lon, lat);
            let (xe, ye) = p.project(lon + 0.01, lat);
            let (xn, yn) = p.project(lon, lat + 0.01);
            let de = distance_m(Point::new(lon, lat), Point::new(lon + 0.01, lat));
            let dn = distance_m(Point::new(lon, lat), Point::new(lon, lat + 0.01));
            let ke = ((xe - x0).hypot(ye - y0)) / de;
            let kn = ((xn - x0).hypot(yn - y0)) / dn;
            assert!((ke - kn).abs() < 1e-4, "not conformal: {ke} vs {kn}");
            assert!((ke - 1.0).abs() < 0.005, "scale {ke}");
            let dot = (xe - x0) * (xn - x0) + (ye - y0) * (yn - y0);
            assert!(dot.abs() / (de * dn) < 1e-3, "not perpendicular");
        }
    }
}
