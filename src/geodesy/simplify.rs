//! Douglas–Peucker simplification on the ellipsoid, with a bound: every vertex dropped lies
//! within `tolerance_m` (exact geodesic distance) of the geodesic edge that replaces it.
//!
//! Written here because geo's `Simplify` measures in degrees, which is not a distance on the
//! ground (a degree of longitude is 85 km at 40° N and nothing at a pole) and cannot give a
//! bound in metres. Used only where a bound in metres is then added back (a corridor is grown
//! by the tolerance), never for measuring.

use geo::{Coord, Point};

use super::GeodesicEdge;
use super::ecef::to_ecef;

/// Which side of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// On the right of the direction of travel.
    Right,
    Left,
}

/// The line's outline on one side at chords of at most `max_chord_m`: vertices are dropped
/// while the chord that replaces them has every vertex it spans on the other side of it (or on
/// it). The line moves only towards `side`, so the ground within a distance R of the region
/// between it and the original holds the ground within R of the original; and no more than
/// c²/8R farther (for a chord c), since whatever lies beyond the chord is within R of it and so
/// within √(R² + c²/4) of one of its ends, which are vertices of the line. Buffers are built so
/// from a line simplified once per side (GEOS's BufferInputLineSimplifier, with a bound in
/// terms of the chord here rather than a depth).
///
/// ```
/// use borderscope::geodesy::simplify::{Side, side_outline};
/// use geo::Coord;
/// // A zigzag along the equator, 10 m apart (0.00009°), 1 m up and down.
/// let zigzag: Vec<Coord<f64>> = (0..9)
///     .map(|k| Coord { x: k as f64 * 9e-5, y: if k % 2 == 1 { 9e-6 } else { 0.0 } })
///     .collect();
/// // Towards the north (the left, going east) the troughs go, and the inner peaks too: they are
/// // on one parallel, and the geodesic between two points of a parallel runs north of it.
/// assert_eq!(side_outline(&zigzag, Side::Left, 100.0), [0, 1, 7, 8]);
/// // Towards the south, the troughs are on the line between the ends: only they stay.
/// assert_eq!(side_outline(&zigzag, Side::Right, 100.0), [0, 8]);
/// assert_eq!(side_outline(&zigzag, Side::Right, 30.0), [0, 2, 4, 6, 8]);
/// ```
pub fn side_outline(line: &[Coord<f64>], side: Side, max_chord_m: f64) -> Vec<usize> {
    let p: Vec<[f64; 3]> = line.iter().map(|c| to_ecef(c.x, c.y)).collect();
    // (a × b) · k: positive when k is left of the great circle from a to b.
    let left_of = |a: usize, b: usize, k: usize| {
        let (a, b, k) = (p[a], p[b], p[k]);
        let n = [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ];
        // Normalised to a distance from the plane, in metres.
        let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        if len == 0.0 {
            return 0.0;
        }
        (n[0] * k[0] + n[1] * k[1] + n[2] * k[2]) / len
    };
    let chord2 = |a: usize, b: usize| super::ecef::dist2(p[a], p[b]);
    let away = |d: f64| match side {
        // Every spanned vertex must be on the other side, or within a millimetre of the chord.
        Side::Right => d >= -1e-3,
        Side::Left => d <= 1e-3,
    };
    let mut kept: Vec<usize> = Vec::with_capacity(line.len());
    for x in 0..line.len() {
        while kept.len() >= 2 {
            let a = kept[kept.len() - 2];
            if chord2(a, x) <= max_chord_m * max_chord_m
                && (a + 1..x).all(|k| away(left_of(a, x, k)))
            {
                kept.pop();
            } else {
                break;
            }
        }
        kept.push(x);
    }
    kept
}

/// The indexes of the vertices kept, first and last always among them, in order.
///
/// ```
/// use borderscope::geodesy::simplify::simplify_indexes;
/// use geo::Coord;
/// // The equator is a geodesic: its middle vertex goes, however small the tolerance.
/// let equator = [Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.0 }, Coord { x: 2.0, y: 0.0 }];
/// assert_eq!(simplify_indexes(&equator, 0.001), [0, 2]);
/// // A vertex 0.001° north of it is 110.57 m away (GeographicLib): kept at 100 m, not at 200 m.
/// let bent = [Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.001 }, Coord { x: 2.0, y: 0.0 }];
/// assert_eq!(simplify_indexes(&bent, 100.0), [0, 1, 2]);
/// assert_eq!(simplify_indexes(&bent, 200.0), [0, 2]);
/// ```
pub fn simplify_indexes(line: &[Coord<f64>], tolerance_m: f64) -> Vec<usize> {
    let n = line.len();
    if n <= 2 {
        return (0..n).collect();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    // A closed line (first = last) is split at its farthest vertex from the start first.
    let mut stack = Vec::new();
    if line[0] == line[n - 1] {
        let a = Point::from(line[0]);
        let far = (1..n - 1)
            .max_by(|&i, &j| {
                let d = |k: usize| crate::geodesy::distance_m(a, Point::from(line[k]));
                d(i).total_cmp(&d(j))
            })
            .unwrap_or(1);
        keep[far] = true;
        stack.push((0, far));
        stack.push((far, n - 1));
    } else {
        stack.push((0, n - 1));
    }
    while let Some((i, j)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let edge = GeodesicEdge::new(line[i], line[j]);
        let mut worst = (0.0, 0);
        for (k, &c) in line.iter().enumerate().take(j).skip(i + 1) {
            let frac = (k - i) as f64 / (j - i) as f64;
            let d = edge.distance_to(Point::from(c), frac).distance_m;
            if d > worst.0 {
                worst = (d, k);
            }
        }
        if worst.0 > tolerance_m {
            keep[worst.1] = true;
            stack.push((i, worst.1));
            stack.push((worst.1, j));
        }
    }
    (0..n).filter(|&k| keep[k]).collect()
}
