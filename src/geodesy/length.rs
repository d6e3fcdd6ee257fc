//! Geodesic lengths on the WGS84 ellipsoid.
//!
//! Every edge of a line is taken as the shortest path on the ellipsoid between its vertices,
//! and measured with Karney's method (GeographicLib, through `geo::Geodesic`, whose ellipsoid
//! is that of [`super::wgs84`]), which is accurate to about 15 nanometres. Haversine on a
//! sphere would be off by up to ~0.5 %.

use geo::{Bearing, Distance, Geodesic, Length, LineString, Point};

/// Geodesic distance in metres between two lon/lat points.
///
/// ```
/// use borderscope::geodesy::distance_m;
/// use geo::Point;
/// // Kyzyl-Art pass to the Kayragach exclave; GeographicLib's GeodSolve -i gives 332544.560361 m.
/// let d = distance_m(Point::new(73.3225, 39.3843), Point::new(69.5461, 40.0692));
/// approx::assert_abs_diff_eq!(d, 332_544.560_361, epsilon = 1e-5);
/// ```
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    Geodesic.distance(a, b)
}

/// Geodesic length in metres of a lon/lat line.
///
/// ```
/// use borderscope::geodesy::length_m;
/// use geo::line_string;
/// // Two edges; GeographicLib's GeodSolve -i gives 332544.560361 m + 16331.204472 m.
/// let line = line_string![(x: 73.3225, y: 39.3843), (x: 69.5461, y: 40.0692), (x: 69.7142, y: 40.1397)];
/// approx::assert_abs_diff_eq!(length_m(&line), 348_875.764_833, epsilon = 1e-5);
/// ```
pub fn length_m(line: &LineString<f64>) -> f64 {
    Geodesic.length(line)
}

/// Azimuth in degrees (clockwise from north, -180..180) at `from` of the geodesic to `to`.
///
/// ```
/// use borderscope::geodesy::azimuth_deg;
/// use geo::Point;
/// approx::assert_abs_diff_eq!(azimuth_deg(Point::new(70.0, 40.0), Point::new(70.0, 39.0)).abs(), 180.0, epsilon = 1e-9);
/// ```
pub fn azimuth_deg(from: Point<f64>, to: Point<f64>) -> f64 {
    let b = Geodesic.bearing(from, to);
    if b > 180.0 { b - 360.0 } else { b }
}
