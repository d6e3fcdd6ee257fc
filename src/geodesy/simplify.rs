//! Douglas–Peucker simplification on the ellipsoid, with a bound: every vertex dropped lies
//! within `tolerance_m` (exact geodesic distance) of the geodesic edge that replaces it.
//!
//! Written here because geo's `Simplify` measures in degrees, which is not a distance on the
//! ground (a degree of longitude is 85 km at 40° N and nothing at a pole) and cannot give a
//! bound in metres. Used only where a bound in metres is then added back (a corridor is grown
//! by the tolerance), never for measuring.

use geo::{Coord, Point};

use super::GeodesicEdge;

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
