//! The WGS84 ellipsoid, the one ellipsoid of borderscope: its defining constants, the values
//! derived from them, and GeographicLib's geodesics on it, built once.
//!
//! WGS84 is defined by its semi-major axis a = 6,378,137 m and its flattening
//! f = 1/298.257223563 (NIMA TR8350.2, 3rd ed., table 3.1); everything else follows from
//! these two. Every use of the ellipsoid in the crate goes through this module: the
//! Earth-centred coordinates and chord bounds of `ecef`, the inverse problem of `inverse`, the
//! edges of `point_segment`, the map projection, the offset rings of corridors, the local
//! metres per degree of shared borders. It imports nothing of the crate.
//!
//! geo's `Geodesic` metric space (`geo::Distance`, `geo::Length`, `geo::Bearing` with
//! `geo::Geodesic`, used by `length`) and its `GeodesicArea` compute on
//! geographiclib-rs's `Geodesic::wgs84()`, which is this same ellipsoid, the same a and f to the
//! bit (a test checks): one ellipsoid, whichever way a length is measured.
//!
//! ```
//! use borderscope::geodesy::wgs84::{A, B, E2, F};
//! assert_eq!(A, 6_378_137.0);
//! approx::assert_abs_diff_eq!(1.0 / F, 298.257_223_563, epsilon = 1e-9);
//! // The polar semi-axis and the first eccentricity squared of TR8350.2, table 3.3.
//! approx::assert_abs_diff_eq!(B, 6_356_752.314_2, epsilon = 1e-4);
//! approx::assert_abs_diff_eq!(E2, 6.694_379_990_14e-3, epsilon = 1e-14);
//! ```

use std::sync::LazyLock;

use geographiclib_rs::Geodesic;

/// Semi-major axis (equatorial radius), metres.
pub const A: f64 = 6_378_137.0;
/// Flattening, f = (a − b)/a.
pub const F: f64 = 1.0 / 298.257_223_563;
/// Semi-minor axis (polar radius), metres: b = a(1 − f).
pub const B: f64 = A * (1.0 - F);
/// First eccentricity squared, e² = f(2 − f).
pub const E2: f64 = F * (2.0 - F);
/// Third flattening, n = f/(2 − f) (Karney's series are in n).
pub const N: f64 = F / (2.0 - F);
/// The smallest radius of curvature, b²/a = a(1 − f)², metres: the meridian's at the equator.
pub const R_MIN: f64 = A * (1.0 - F) * (1.0 - F);
/// The largest radius of curvature, a²/b = a/(1 − f), metres: at the poles.
pub const R_MAX: f64 = A / (1.0 - F);

/// GeographicLib's geodesics on WGS84 (geographiclib-rs), built once.
pub(crate) static WGS84: LazyLock<Geodesic> = LazyLock::new(Geodesic::wgs84);

#[cfg(test)]
mod tests {
    use super::*;
    use geographiclib_rs::InverseGeodesic;

    /// The published values (NIMA TR8350.2, tables 3.1 and 3.3).
    #[test]
    fn constants_are_the_published_ones() {
        assert_eq!(A, 6_378_137.0);
        assert!((1.0 / F - 298.257_223_563).abs() < 1e-9, "{}", 1.0 / F);
        assert!((B - 6_356_752.314_245).abs() < 1e-6, "{B}");
        assert!((E2 - 6.694_379_990_14e-3).abs() < 1e-14, "{E2}");
        assert!((N - 1.679_220_386_383_7e-3).abs() < 1e-15, "{N}");
        assert!((R_MIN - B * B / A).abs() < 1e-6 && (R_MAX - A * A / B).abs() < 1e-6);
    }

    /// geographiclib-rs's WGS84, ours and the one geo's `Geodesic` metric space uses, is built
    /// from these very numbers.
    #[test]
    fn geographiclib_uses_the_same_ellipsoid() {
        assert_eq!(WGS84.a.to_bits(), A.to_bits());
        assert_eq!(WGS84.f.to_bits(), F.to_bits());
        assert_eq!(WGS84._b.to_bits(), B.to_bits());
        assert_eq!(WGS84._e2.to_bits(), E2.to_bits());
        use geo::{Distance, Point};
        let (p, q) = (Point::new(70.0, 40.0), Point::new(70.4, 40.3));
        let (s12, ..): (f64, f64, f64, f64) = WGS84.inverse(p.y(), p.x(), q.y(), q.x());
        assert_eq!(geo::Geodesic.distance(p, q).to_bits(), s12.to_bits());
    }
}
