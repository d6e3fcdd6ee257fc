//! Corridors: all ground within a distance of a set of lines, computed on the ellipsoid, for
//! any lines on Earth (across the antimeridian, around a pole, with edges of any length).
//!
//! For each line, the raw offset ring at the distance ([`super::offset_ring`]: every vertex of
//! it exactly that far from the line, by Karney's direct problem) is traced in the lon/lat
//! plane with longitudes unwrapped; where it winds once around a pole it is closed through
//! the pole. The part of the plane it winds around positively is the corridor of that line
//! (i_overlay, positive fill rule, as GEOS builds buffers from the winding of a raw offset
//! curve). That part is cut at the antimeridian into pieces shifted into −180…180, as RFC 7946
//! asks, and the pieces of all lines are merged by polygon union, batch by batch, so that
//! memory stays bounded however many lines and vertices there are.
//!
//! What is guaranteed: the corridor contains every point within `radius_m` of the lines, and
//! no point farther than `radius_m + tolerance_m` (default 0.5 m). The tolerance is spent on
//! four bounded things: lines are first simplified to within an eighth of it
//! ([`crate::geodesy::simplify`]), then each side to its outline at chords whose sagitta at the
//! radius is within a quarter of it (about 100 m chords at 10 km: a line jittering by metres
//! every few metres keeps only its outer vertices on each side); the ring runs an eighth farther
//! out and each straight piece of it lies within an eighth of the true curve at its middle. The
//! rest covers the rounding of the polygon union (about 2 cm). This is not a buffer in degrees,
//! which would be some 30 % too narrow east–west at 40° N.

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};

use super::offset_ring::{OffsetRing, unwrap_near};
use crate::geodesy::simplify::{Side, side_outline, simplify_indexes};

/// The widest corridor computed: beyond it, the ground within the distance of a line can
/// reach both poles, which no lon/lat polygon can hold.
pub const MAX_RADIUS_M: f64 = 1_000_000.0;

/// Options for [`corridor`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorridorOptions {
    /// The distance from the lines, metres.
    pub radius_m: f64,
    /// How much farther than `radius_m` the outline may run, metres (at least 0.1).
    pub tolerance_m: f64,
}

impl CorridorOptions {
    /// A corridor `radius_m` metres wide on each side, with the default tolerance of 0.5 m.
    pub fn new(radius_m: f64) -> Self {
        CorridorOptions {
            radius_m,
            tolerance_m: 0.5,
        }
    }
}

/// Why a corridor cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CorridorError {
    /// The radius is over [`MAX_RADIUS_M`]; carries the radius asked for, metres.
    #[error(
        "a corridor {} km wide is not computed: the widest is {} km (beyond it the corridor can reach both poles)",
        .0 / 1000.0,
        MAX_RADIUS_M / 1000.0
    )]
    TooWide(f64),
    /// The corridor around one line reaches both polar caps.
    #[error("the corridor around line {line} reaches both poles: no lon/lat polygon can hold it")]
    BothPoles {
        /// The line's 0-based position among the lines given.
        line: usize,
    },
}

/// A polygon as i_overlay holds it: contours of [lon, lat] points, the first the outer one.
type Shape = Vec<Vec<[f64; 2]>>;

/// Lines are taken this many vertices at a time (after simplification).
const CHUNK_VERTICES: usize = 128;

/// Pieces are merged into the result whenever this many points have gathered.
const BATCH_POINTS: usize = 1 << 20;

/// All ground within `options.radius_m` of any of the lines, as valid polygons with
/// counter-clockwise exterior rings and clockwise holes, split at the antimeridian (RFC 7946).
///
/// ```
/// use borderscope::analysis::{CorridorOptions, corridor};
/// use geo::{Area, line_string};
/// let line = line_string![(x: 70.0, y: 40.0), (x: 70.1, y: 40.0)];
/// let c = corridor([&line], CorridorOptions::new(1_000.0)).unwrap();
/// assert_eq!(c.0.len(), 1);
/// assert!(c.signed_area() > 0.0); // counter-clockwise
/// // Across the antimeridian: two polygons, one on each side, meeting at ±180°.
/// let across = line_string![(x: 179.9, y: -17.0), (x: -179.9, y: -17.0)];
/// let c = corridor([&across], CorridorOptions::new(5_000.0)).unwrap();
/// assert_eq!(c.0.len(), 2);
/// ```
pub fn corridor<'a>(
    lines: impl IntoIterator<Item = &'a LineString<f64>>,
    options: CorridorOptions,
) -> Result<MultiPolygon<f64>, CorridorError> {
    let r = options.radius_m;
    if !(r.is_finite() && r > 0.0) {
        return Ok(MultiPolygon::new(Vec::new()));
    }
    if r > MAX_RADIUS_M {
        return Err(CorridorError::TooWide(r));
    }
    let tol = options.tolerance_m.max(0.1);
    // The tolerance, spent (see the module documentation): the line simplified to within
    // `simplify_m`, each side's outline at chords whose sagitta is within `sagitta_m`, straight
    // pieces within `chord_m` of the curve; the ring runs `simplify_m + chord_m` farther out.
    let (simplify_m, sagitta_m, chord_m) = (tol / 8.0, tol / 4.0, tol / 8.0);
    let ring_m = r + simplify_m + chord_m;
    let max_chord_m = (8.0 * ring_m * sagitta_m).sqrt();
    // Unions of batches, merged as a binary counter carries (two of a size make one of the
    // next), so that each point is merged O(log n) times, not once per batch after it.
    let mut merged: Vec<Vec<Shape>> = Vec::new();
    let mut batch: Vec<Shape> = Vec::new();
    let mut batch_points = 0;
    for (index, line) in lines.into_iter().enumerate() {
        let mut v: Vec<Coord<f64>> = line.0.clone();
        v.dedup();
        let kept: Vec<Coord<f64>> = simplify_indexes(&v, simplify_m)
            .into_iter()
            .map(|k| v[k])
            .collect();
        if kept.is_empty() {
            continue;
        }
        // Pieces of the line, each with the vertex the next starts at: the ground within R of
        // the line is the union of the ground within R of its pieces, and a ring of a bounded
        // number of vertices keeps the filling's memory bounded.
        let mut start = 0;
        loop {
            let end = (start + CHUNK_VERTICES).min(kept.len().saturating_sub(1));
            let piece = &kept[start..=end.max(start)];
            let side = |side| -> Vec<Coord<f64>> {
                side_outline(piece, side, max_chord_m)
                    .into_iter()
                    .map(|k| piece[k])
                    .collect()
            };
            let ring =
                OffsetRing::around_sides(&side(Side::Right), &side(Side::Left), ring_m, chord_m);
            if let Some(contour) = closed_contour(ring, index)? {
                for part in within_one_turn(contour) {
                    batch_points += part.iter().map(Vec::len).sum::<usize>();
                    batch.push(part);
                }
            }
            if batch_points > BATCH_POINTS {
                merged.push(overlay(&batch, None, FillRule::NonZero));
                cascade(&mut merged, false);
                batch.clear();
                batch_points = 0;
            }
            if end + 1 >= kept.len() {
                break;
            }
            start = end;
        }
    }
    merged.push(overlay(&batch, None, FillRule::NonZero));
    cascade(&mut merged, true);
    let shapes = merged.pop().unwrap_or_default();
    let polygons = shapes
        .into_iter()
        .filter_map(|mut contours| {
            if contours.is_empty() {
                return None;
            }
            let ring = |c: Vec<[f64; 2]>| {
                // The union rounds to its grid (about 2 cm): keep the cut at ±180° exact.
                let c = c.into_iter().map(|[x, y]| Coord {
                    x: x.clamp(-180.0, 180.0),
                    y: y.clamp(-90.0, 90.0),
                });
                LineString::new(c.collect())
            };
            let exterior = ring(contours.remove(0));
            Some(Polygon::new(
                exterior,
                contours.into_iter().map(ring).collect(),
            ))
        })
        .collect();
    Ok(MultiPolygon::new(polygons).orient(Direction::Default))
}

/// Merges the last two unions while the last is no smaller than the one before (all of them
/// when `all`).
fn cascade(merged: &mut Vec<Vec<Shape>>, all: bool) {
    let size = |u: &Vec<Shape>| u.iter().flatten().map(Vec::len).sum::<usize>();
    while merged.len() >= 2 {
        let n = merged.len();
        if !all && size(&merged[n - 1]) < size(&merged[n - 2]) {
            break;
        }
        let last = merged.pop().unwrap_or_default();
        let mut before = merged.pop().unwrap_or_default();
        before.extend(last);
        merged.push(overlay(&before, None, FillRule::NonZero));
    }
}

/// The ring as one closed contour of the plane: as it is when it returns to where it started,
/// closed along the pole's edge of the plane when it went round a pole.
fn closed_contour(
    mut ring: Vec<[f64; 2]>,
    line: usize,
) -> Result<Option<Vec<[f64; 2]>>, CorridorError> {
    let (Some(&first), Some(&last)) = (ring.first(), ring.last()) else {
        return Ok(None);
    };
    if ring.len() < 3 {
        return Ok(None);
    }
    let back = unwrap_near(first, last);
    let turns = ((back[0] - first[0]) / 360.0).round() as i64;
    // A ring reaching both polar caps could wind round both poles, which the net longitude
    // turned cannot tell apart: no lon/lat polygon would say it either.
    let (south, north) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p[1]), hi.max(p[1]))
    });
    if south < -89.0 && north > 89.0 {
        return Err(CorridorError::BothPoles { line });
    }
    if turns != 0 {
        // Round a pole `turns` times (more than once where the line bends round it within
        // the radius): closed along the pole's edge of the plane, as many times.
        // Eastward round the north pole (the ground on the left), westward round the south.
        let pole = if turns > 0 { 90.0 } else { -90.0 };
        ring.push(back);
        ring.push([back[0], pole]);
        ring.push([first[0], pole]);
    }
    Ok(Some(ring))
}

/// The part of the plane a contour of unwrapped longitudes winds around positively, taken
/// into −180…180. The contour stands for a curve on the globe, which it repeats every 360° of
/// longitude: the winding number at a point is the sum over all its copies (a ring around a
/// pole, closed through it, counts only so: its two sides may lie a turn apart). So the copies
/// that reach −180…180 are filled together, and the result cut to that band: which also splits
/// the corridor at the antimeridian, as RFC 7946 asks.
fn within_one_turn(contour: Vec<[f64; 2]>) -> Vec<Shape> {
    let (lo, hi) = contour.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p[0]), hi.max(p[0]))
    });
    if lo >= -180.0 && hi <= 180.0 {
        return overlay(&[vec![contour]], None, FillRule::Positive);
    }
    let first = ((-180.0 - hi) / 360.0).ceil() as i64;
    let last = ((180.0 - lo) / 360.0).floor() as i64;
    let copies: Vec<Shape> = (first..=last)
        .map(|j| {
            let dx = 360.0 * j as f64;
            vec![contour.iter().map(|p| [p[0] + dx, p[1]]).collect()]
        })
        .collect();
    let band = vec![vec![
        [-180.0, -90.0],
        [180.0, -90.0],
        [180.0, 90.0],
        [-180.0, 90.0],
    ]];
    overlay(&copies, Some(&[band]), FillRule::Positive)
}

/// The union of `subject` under `fill` (with no `clip`), or its intersection with `clip`; as
/// OGC-valid shapes, outer contours counter-clockwise.
fn overlay(subject: &[Shape], clip: Option<&[Shape]>, fill: FillRule) -> Vec<Shape> {
    let options = OverlayOptions {
        ogc: true,
        ..OverlayOptions::default()
    };
    match clip {
        None => FloatOverlay::with_subj_custom(&subject.to_vec(), options, Default::default())
            .overlay(OverlayRule::Subject, fill),
        Some(clip) => FloatOverlay::with_subj_and_clip_custom(
            &subject.to_vec(),
            &clip.to_vec(),
            options,
            Default::default(),
        )
        .overlay(OverlayRule::Intersect, fill),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::GeodesicEdge;
    use geo::{Point, Validation};

    /// Every vertex of the raw ring is at the radius from the line (those on the line itself,
    /// where a side turns inwards, aside), and the corridor's outline lies within the
    /// tolerance beyond it.
    #[test]
    fn outline_is_at_the_radius_from_the_line() {
        let line = [
            Coord { x: 70.0, y: 40.0 },
            Coord { x: 70.05, y: 40.03 },
            Coord { x: 70.1, y: 40.0 },
        ];
        let edges = [
            GeodesicEdge::new(line[0], line[1]),
            GeodesicEdge::new(line[1], line[2]),
        ];
        let dist = |c: Coord<f64>| {
            edges
                .iter()
                .map(|e| e.distance_to(Point::from(c), 0.5).distance_m)
                .fold(f64::MAX, f64::min)
        };
        let ring = OffsetRing::around(&line, 2_000.0, 0.05);
        // Each vertex is 2 km from its own edge or vertex, so never farther from the line; near
        // the inner side of the bend it is nearer the other edge.
        let d: Vec<f64> = ring
            .iter()
            .map(|p| dist(Coord { x: p[0], y: p[1] }))
            .collect();
        assert!(d.iter().all(|&d| d < 2_000.0 + 1e-6));
        assert!(d.iter().filter(|&&d| (d - 2_000.0).abs() < 1e-6).count() > 100);
        let c = corridor(
            [&LineString::new(line.to_vec())],
            CorridorOptions::new(2_000.0),
        )
        .unwrap();
        assert!(c.is_valid());
        for p in &c.0 {
            for v in p.exterior().coords() {
                let d = dist(*v);
                assert!((2_000.0..2_000.5).contains(&d), "{d}");
            }
        }
    }

    #[test]
    fn a_short_corridor_around_a_ring_keeps_its_hole() {
        // A 10 km square ring with a 1 km corridor: ground within 1 km of the ring, a hole inside.
        use geo::line_string;
        let ring = line_string![(x: 70.0, y: 40.0), (x: 70.12, y: 40.0), (x: 70.12, y: 40.09), (x: 70.0, y: 40.09), (x: 70.0, y: 40.0)];
        let c = corridor([&ring], CorridorOptions::new(1_000.0)).unwrap();
        assert_eq!(c.0.len(), 1);
        assert_eq!(c.0[0].interiors().len(), 1);
        assert!(c.is_valid());
        // RFC 7946: exterior counter-clockwise, holes clockwise.
        use geo::Winding;
        assert!(c.0[0].exterior().is_ccw());
        assert!(c.0[0].interiors()[0].is_cw());
    }
}
