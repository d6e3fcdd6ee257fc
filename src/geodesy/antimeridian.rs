//! Lines that cross the antimeridian: cut there, as RFC 7946 §3.1.9 asks of GeoJSON, and
//! joined again on reading; and longitudes taken round a central meridian for drawing.
//!
//! An edge crosses the antimeridian when the shorter way between its ends in longitude passes
//! ±180° (the geodesic between them does, for edges shorter than half the Earth's girth). It is
//! cut where its geodesic meets the meridian, found by bisection along the geodesic to a
//! nanometre, so that the two parts together are the same path.

use geo::Coord;
use geographiclib_rs::{DirectGeodesic, InverseGeodesic};

use super::wgs84::WGS84;

/// A longitude in −180…180.
pub fn wrap180(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        return lon;
    }
    let l = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if l == -180.0 && lon > 0.0 { 180.0 } else { l }
}

/// Whether the edge from `a` to `b` crosses the antimeridian (the shorter way in longitude
/// passes ±180°, with neither end on it).
pub fn crosses(a: Coord<f64>, b: Coord<f64>) -> bool {
    a.x.abs() < 180.0 && b.x.abs() < 180.0 && (b.x - a.x).abs() > 180.0
}

/// The latitude at which the geodesic from `a` to `b` meets the antimeridian.
fn crossing_latitude(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (s12, azi1, _azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.y, a.x, b.y, b.x);
    // Longitude east of `a` along the geodesic, unwrapped, until it reaches the meridian.
    let east = b.x < a.x; // the short way from a to b goes east over +180
    let target = if east { 180.0 - a.x } else { -180.0 - a.x };
    let (mut lo, mut hi) = (0.0, s12);
    let mut lat = a.y;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let (lat2, lon2): (f64, f64) = WGS84.direct(a.y, a.x, azi1, mid);
        lat = lat2;
        let d = {
            let raw = lon2 - a.x;
            let w = (raw + 180.0).rem_euclid(360.0) - 180.0;
            // The walked longitude, of the sign the edge goes.
            if east && w < 0.0 {
                w + 360.0
            } else if !east && w > 0.0 {
                w - 360.0
            } else {
                w
            }
        };
        let before = if east { d < target } else { d > target };
        if before {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-9 {
            break;
        }
    }
    lat
}

/// The line cut where it crosses the antimeridian: one part if it does not, else parts each
/// within −180…180, the cut points at exactly ±180°.
///
/// ```
/// use borderscope::geodesy::antimeridian::split;
/// use geo::Coord;
/// let parts = split(&[Coord { x: 179.5, y: -17.0 }, Coord { x: -179.5, y: -17.0 }]);
/// assert_eq!(parts.len(), 2);
/// assert_eq!((parts[0][1].x, parts[1][0].x), (180.0, -180.0));
/// // Along a parallel the geodesic bows towards the pole: it meets 180° a little south.
/// assert!(parts[0][1].y < -17.0 && parts[0][1].y > -17.01);
/// ```
pub fn split(line: &[Coord<f64>]) -> Vec<Vec<Coord<f64>>> {
    let mut parts = vec![Vec::new()];
    for (i, &c) in line.iter().enumerate() {
        if i > 0 && crosses(line[i - 1], c) {
            let a = line[i - 1];
            let lat = crossing_latitude(a, c);
            let side = if c.x < a.x { 180.0 } else { -180.0 };
            if let Some(part) = parts.last_mut() {
                part.push(Coord { x: side, y: lat });
            }
            parts.push(vec![Coord { x: -side, y: lat }]);
        }
        if let Some(part) = parts.last_mut() {
            part.push(c);
        }
    }
    parts
}

/// Parts cut at the antimeridian joined again into one line, as [`split`] cut them: the end of
/// each part and the start of the next must be one point of the antimeridian written as +180
/// and −180 (or the other way). The cut point is dropped when it lies on the geodesic between
/// its neighbours (within `tolerance_m`), as a cut made by [`split`] does; kept otherwise (a
/// vertex of the line on the antimeridian). `None` if the parts do not join so.
pub fn join(parts: &[Vec<Coord<f64>>], tolerance_m: f64) -> Option<Vec<Coord<f64>>> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        if k == 0 {
            out.extend_from_slice(part);
            continue;
        }
        let (end, start) = (*out.last()?, *part.first()?);
        if !(end.x.abs() == 180.0 && start.x == -end.x && (end.y - start.y).abs() < 1e-9) {
            return None;
        }
        out.pop();
        let (before, after) = (out.last().copied(), part.get(1).copied());
        let keep = match (before, after) {
            (Some(b), Some(a)) => {
                let edge = super::GeodesicEdge::new(b, a);
                edge.distance_to(geo::Point::from(end), 0.5).distance_m > tolerance_m
            }
            _ => true,
        };
        if keep {
            out.push(end);
        }
        out.extend_from_slice(&part[1..]);
    }
    Some(out)
}

/// The central meridian of a set of longitudes: the middle of the shortest arc of the circle
/// that holds them all (so a frontier astride ±180° is centred on 180°, not on 0°).
///
/// ```
/// use borderscope::geodesy::antimeridian::central_meridian;
/// assert_eq!(central_meridian([69.0, 73.0, 71.0]), 71.0);
/// assert_eq!(central_meridian([179.0, -179.0]), 180.0);
/// ```
pub fn central_meridian(lons: impl IntoIterator<Item = f64>) -> f64 {
    let mut l: Vec<f64> = lons.into_iter().map(wrap180).collect();
    if l.is_empty() {
        return 0.0;
    }
    l.sort_by(f64::total_cmp);
    // The widest gap between neighbours (the last to the first going round) is left out.
    let mut gap = (l[0] + 360.0 - l[l.len() - 1], l.len() - 1);
    for i in 0..l.len() - 1 {
        let g = l[i + 1] - l[i];
        if g > gap.0 {
            gap = (g, i);
        }
    }
    let (start, width) = (l[(gap.1 + 1) % l.len()], 360.0 - gap.0);
    wrap180(start + width / 2.0)
}

/// `lon` taken within 180° of `centre` (for drawing: a line astride the antimeridian stays in
/// one piece on a map centred near it).
pub fn near(lon: f64, centre: f64) -> f64 {
    if (lon - centre).abs() <= 180.0 {
        return lon;
    }
    let turns = ((lon - centre) / 360.0).round();
    lon - 360.0 * turns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_join_give_back_the_line() {
        let line = [
            Coord { x: 178.0, y: -16.0 },
            Coord { x: 179.6, y: -16.5 },
            Coord {
                x: -179.7,
                y: -17.0,
            },
            Coord { x: 179.9, y: -17.5 },
            Coord {
                x: -179.0,
                y: -18.0,
            },
        ];
        let parts = split(&line);
        assert_eq!(parts.len(), 4);
        for p in &parts {
            assert!(p.iter().all(|c| (-180.0..=180.0).contains(&c.x)));
            // No part crosses the antimeridian any more.
            assert!(p.windows(2).all(|w| !crosses(w[0], w[1])));
        }
        assert_eq!(join(&parts, 1e-3).unwrap(), line);
        // A vertex on the antimeridian itself is kept.
        let on = [
            Coord { x: 179.0, y: 1.0 },
            Coord { x: 180.0, y: 2.0 },
            Coord { x: -179.0, y: 1.0 },
        ];
        let parts = vec![on[..2].to_vec(), vec![Coord { x: -180.0, y: 2.0 }, on[2]]];
        assert_eq!(join(&parts, 1e-3).unwrap(), on);
        assert!(join(&[vec![on[0]], vec![on[2]]], 1e-3).is_none());
    }
}
