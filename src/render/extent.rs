//! What a map of a frontier shows: the frontier's box, longitudes round its central meridian
//! (so that a frontier astride ±180° is one picture), widened by a margin. Shared by the SVG
//! and the HTML map.

use crate::geodesy::antimeridian::{central_meridian, near};
use crate::model::Frontier;

/// The margin round the frontier's box, degrees.
pub(crate) const PAD_DEG: f64 = 0.25;

/// The frontier's central meridian and its box `(lo0, la0, lo1, la1)` round it, widened by
/// [`PAD_DEG`]; a box of one degree at (0, 0) for a frontier with no vertex.
pub(crate) fn frontier_box(frontier: &Frontier) -> (f64, (f64, f64, f64, f64)) {
    let centre = central_meridian(
        frontier
            .segments
            .iter()
            .flat_map(|s| s.line.0.iter().map(|c| c.x)),
    );
    let (mut lo0, mut la0, mut lo1, mut la1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
        let x = near(c.x, centre);
        (lo0, la0, lo1, la1) = (lo0.min(x), la0.min(c.y), lo1.max(x), la1.max(c.y));
    }
    if lo0 > lo1 {
        (lo0, la0, lo1, la1) = (0.0, 0.0, 1.0, 1.0);
    }
    (
        centre,
        (lo0 - PAD_DEG, la0 - PAD_DEG, lo1 + PAD_DEG, la1 + PAD_DEG),
    )
}
