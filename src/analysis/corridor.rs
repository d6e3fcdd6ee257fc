//! Corridors: all ground within a distance of a set of lines, computed on the ellipsoid.
//!
//! For each geodesic edge the set of points within `r` of it is a "stadium": the two geodesic
//! parallels at distance `r` (points reached by going `r` at a right angle from a point of the
//! edge) and two half geodesic circles of radius `r` around its ends. Every vertex of the stadium
//! is computed with Karney's direct solution, so it lies at exactly `r` from the edge; the stadia
//! are then merged with a polygon union (geo's `unary_union`, on i_overlay), which gives valid
//! polygons. The only approximation is the straight lon/lat line between neighbouring vertices:
//! caps are sampled so that it strays at most `max_sag_m` (default 0.5 m) inside the true circle.
//! This is not a buffer in degrees, which would be some 30 % too narrow east–west at 40° N.

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Polygon, unary_union};
use geographiclib_rs::{DirectGeodesic, GeodesicLine, InverseGeodesic, capability as caps};

use crate::geodesy::point_segment::WGS84;

/// Options for [`corridor`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorridorOptions {
    /// The distance from the lines, metres.
    pub radius_m: f64,
    /// How far, at most, a straight piece of the outline may cut inside a circle, metres.
    pub max_sag_m: f64,
    /// The longest step along an edge between offset points, metres.
    pub max_step_m: f64,
}

impl CorridorOptions {
    pub fn new(radius_m: f64) -> Self {
        CorridorOptions {
            radius_m,
            max_sag_m: 0.5,
            max_step_m: 1_000.0,
        }
    }
}

/// All ground within `options.radius_m` of any of the lines, as valid polygons with
/// counter-clockwise exterior rings and clockwise holes (RFC 7946).
///
/// ```
/// use borderscope::analysis::corridor::{CorridorOptions, corridor};
/// use geo::{Area, line_string};
/// let line = line_string![(x: 70.0, y: 40.0), (x: 70.1, y: 40.0)];
/// let c = corridor([&line], CorridorOptions::new(1_000.0));
/// assert_eq!(c.0.len(), 1);
/// assert!(c.signed_area() > 0.0); // counter-clockwise
/// ```
pub fn corridor<'a>(
    lines: impl IntoIterator<Item = &'a LineString<f64>>,
    options: CorridorOptions,
) -> MultiPolygon<f64> {
    let r = options.radius_m;
    if !(r.is_finite() && r > 0.0) {
        return MultiPolygon::new(Vec::new());
    }
    let mut stadia: Vec<Polygon<f64>> = Vec::new();
    for line in lines {
        let v = &line.0;
        if v.len() == 1 {
            stadia.push(disc(v[0], &options));
        }
        for w in v.windows(2) {
            stadia.push(stadium(w[0], w[1], &options));
        }
    }
    if stadia.is_empty() {
        return MultiPolygon::new(Vec::new());
    }
    unary_union(&stadia).orient(Direction::Default)
}

/// The angle step (degrees) around a circle of radius `r` that keeps chords within `sag` of it.
fn cap_step_deg(r: f64, sag: f64) -> f64 {
    let ratio = (1.0 - sag / r).clamp(-1.0, 1.0);
    (2.0 * ratio.acos()).to_degrees().clamp(0.05, 10.0)
}

fn direct(lat: f64, lon: f64, azi: f64, s: f64) -> Coord<f64> {
    let (lat2, lon2): (f64, f64) = WGS84.direct(lat, lon, azi, s);
    Coord { x: lon2, y: lat2 }
}

/// Points at distance `r` from `c` for azimuths from `from` to `to` (decreasing), inclusive.
fn arc(c: Coord<f64>, from: f64, to: f64, o: &CorridorOptions, out: &mut Vec<Coord<f64>>) {
    let sweep = from - to;
    let n = (sweep / cap_step_deg(o.radius_m, o.max_sag_m))
        .ceil()
        .max(1.0) as usize;
    for k in 0..=n {
        let azi = from - sweep * k as f64 / n as f64;
        out.push(direct(c.y, c.x, azi, o.radius_m));
    }
}

fn disc(c: Coord<f64>, o: &CorridorOptions) -> Polygon<f64> {
    let mut ring = Vec::new();
    arc(c, 360.0, 0.0, o, &mut ring);
    Polygon::new(LineString::new(ring), vec![]).orient(Direction::Default)
}

/// The points within `r` of the geodesic edge a→b, as a counter-clockwise polygon: the right-hand
/// parallel forward, a half circle around b, the left-hand parallel back, a half circle around a.
fn stadium(a: Coord<f64>, b: Coord<f64>, o: &CorridorOptions) -> Polygon<f64> {
    let (s, azi1, _azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.y, a.x, b.y, b.x);
    if s.is_nan() || s <= 0.0 {
        return disc(a, o);
    }
    let line = GeodesicLine::new(
        &WGS84,
        a.y,
        a.x,
        azi1,
        Some(caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH | caps::DISTANCE_IN),
        None,
        None,
    );
    let n = (s / o.max_step_m).ceil().max(1.0) as usize;
    // Points along the edge with the edge's azimuth there.
    let along: Vec<(f64, f64, f64)> = (0..=n)
        .map(|k| {
            let t = s * k as f64 / n as f64;
            let (_a, lat, lon, azi, ..) =
                line._gen_position(false, t, caps::LATITUDE | caps::LONGITUDE | caps::AZIMUTH);
            (lat, lon, azi)
        })
        .collect();
    let r = o.radius_m;
    let mut ring = Vec::with_capacity(4 * n + 400);
    // Right side forward (the right of the direction of travel is azimuth + 90°).
    for &(lat, lon, azi) in &along[..n] {
        ring.push(direct(lat, lon, azi + 90.0, r));
    }
    // Around b: from its right, through straight ahead, to its left.
    let (blat, blon, bazi) = along[n];
    arc(
        Coord { x: blon, y: blat },
        bazi + 90.0,
        bazi - 90.0,
        o,
        &mut ring,
    );
    // Left side back.
    for &(lat, lon, azi) in along[1..n].iter().rev() {
        ring.push(direct(lat, lon, azi - 90.0, r));
    }
    // Around a: from its left, through straight behind, to its right.
    let (alat, alon, aazi) = along[0];
    arc(
        Coord { x: alon, y: alat },
        aazi - 90.0,
        aazi - 270.0,
        o,
        &mut ring,
    );
    Polygon::new(LineString::new(ring), vec![]).orient(Direction::Default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::GeodesicEdge;
    use geo::{Point, Validation};

    #[test]
    fn outline_is_at_the_radius_from_the_edge() {
        let (a, b) = (Coord { x: 70.0, y: 40.0 }, Coord { x: 70.05, y: 40.03 });
        let o = CorridorOptions::new(2_000.0);
        let p = stadium(a, b, &o);
        let edge = GeodesicEdge::new(a, b);
        for c in p.exterior().coords() {
            let d = edge.distance_to(Point::from(*c), 0.5).distance_m;
            assert!((d - 2_000.0).abs() < 1e-6, "{d}");
        }
        assert!(p.is_valid());
    }

    #[test]
    fn a_short_corridor_around_a_ring_keeps_its_hole() {
        // A 10 km square ring with a 1 km corridor: ground within 1 km of the ring, a hole inside.
        use geo::line_string;
        let ring = line_string![(x: 70.0, y: 40.0), (x: 70.12, y: 40.0), (x: 70.12, y: 40.09), (x: 70.0, y: 40.09), (x: 70.0, y: 40.0)];
        let c = corridor([&ring], CorridorOptions::new(1_000.0));
        assert_eq!(c.0.len(), 1);
        assert_eq!(c.0[0].interiors().len(), 1);
        assert!(c.is_valid());
        // RFC 7946: exterior counter-clockwise, holes clockwise.
        use geo::Winding;
        assert!(c.0[0].exterior().is_ccw());
        assert!(c.0[0].interiors()[0].is_cw());
    }
}
