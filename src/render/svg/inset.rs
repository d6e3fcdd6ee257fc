//! The magnified inset: where incidents crowd together on the main map (the Isfara valley in
//! 2021–2022), a second frame of the same projection at a larger scale, under the main map.

use super::frame::{Box2, Frame};
use crate::model::Incident;
use crate::render::style;

/// Marks closer than this (px, on the main map) belong to one cluster.
const LINK_PX: f64 = 40.0;
/// A cluster is magnified when it holds at least this many incidents.
const MIN_INCIDENTS: usize = 4;
/// The largest and the smallest magnification worth an inset.
const MAX_MAGNIFICATION: f64 = 8.0;
const MIN_MAGNIFICATION: f64 = 1.8;

/// The box (px of `frame`) of the largest cluster of incident marks, padded, if one holds
/// [`MIN_INCIDENTS`] or more: single-linkage clusters of marks within [`LINK_PX`].
pub(super) fn crowded_box(frame: &Frame, incidents: &[&Incident]) -> Option<Box2> {
    let marks: Vec<((f64, f64), f64)> = incidents
        .iter()
        .map(|i| {
            (
                frame.px(i.point.x(), i.point.y()),
                style::incident_radius_px(i.fatalities),
            )
        })
        .collect();
    // Union–find over the marks.
    let mut parent: Vec<usize> = (0..marks.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Marks binned in cells of LINK_PX: a mark's links are in its cell and the eight round
    // it, so an archive of incidents costs a pass, not every pair.
    let cell = |(x, y): (f64, f64)| ((x / LINK_PX).floor() as i64, (y / LINK_PX).floor() as i64);
    let mut grid: std::collections::HashMap<(i64, i64), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, (p, _)) in marks.iter().enumerate() {
        grid.entry(cell(*p)).or_default().push(i);
    }
    for i in 0..marks.len() {
        let (a, _) = marks[i];
        let (cx, cy) = cell(a);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &j in grid.get(&(cx + dx, cy + dy)).into_iter().flatten() {
                    let (b, _) = marks[j];
                    if j > i && (a.0 - b.0).hypot(a.1 - b.1) < LINK_PX {
                        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut sizes = vec![0usize; marks.len()];
    for i in 0..marks.len() {
        let r = root(&mut parent, i);
        sizes[r] += 1;
    }
    // The largest cluster; among equals, the one of the earliest-listed mark.
    let (best, &n) = sizes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    if n < MIN_INCIDENTS {
        return None;
    }
    let mut b = Box2 {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };
    for (i, &((x, y), r)) in marks.iter().enumerate() {
        if root(&mut parent, i) == best {
            b.x0 = b.x0.min(x - r);
            b.y0 = b.y0.min(y - r);
            b.x1 = b.x1.max(x + r);
            b.y1 = b.y1.max(y + r);
        }
    }
    let pad = 10.0;
    Some(Box2 {
        x0: b.x0 - pad,
        y0: b.y0 - pad,
        x1: b.x1 + pad,
        y1: b.y1 + pad,
    })
}

/// The inset's frame filling `area`, centred on `crowded` (px of `main`), at the largest
/// magnification that shows it whole (at most [`MAX_MAGNIFICATION`]); `None` when that would
/// be less than [`MIN_MAGNIFICATION`]. Also the magnification.
pub(super) fn inset_frame(main: &Frame, crowded: &Box2, area: Box2) -> Option<(Frame, f64)> {
    let mag = (area.width() / crowded.width())
        .min(area.height() / crowded.height())
        .min(MAX_MAGNIFICATION);
    if mag < MIN_MAGNIFICATION {
        return None;
    }
    let (cx, cy) = (
        (crowded.x0 + crowded.x1) / 2.0,
        (crowded.y0 + crowded.y1) / 2.0,
    );
    let x = main.x_min + (cx - main.area.x0) / main.scale;
    let y = main.y_max - (cy - main.area.y0) / main.scale;
    let scale = main.scale * mag;
    Some((
        Frame {
            lcc: main.lcc,
            center: main.unproject(cx, cy),
            scale,
            x_min: x - area.width() / 2.0 / scale,
            y_max: y + area.height() / 2.0 / scale,
            area,
        },
        mag,
    ))
}

/// The inset's extent drawn on the main map: its box in `main`'s pixels.
pub(super) fn extent_on(main: &Frame, inset: &Frame) -> Box2 {
    let to_main = |px: f64, py: f64| {
        let x = inset.x_min + (px - inset.area.x0) / inset.scale;
        let y = inset.y_max - (py - inset.area.y0) / inset.scale;
        (
            main.area.x0 + (x - main.x_min) * main.scale,
            main.area.y0 + (main.y_max - y) * main.scale,
        )
    };
    let (x0, y0) = to_main(inset.area.x0, inset.area.y0);
    let (x1, y1) = to_main(inset.area.x1, inset.area.y1);
    Box2 { x0, y0, x1, y1 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::Lcc;

    /// The inset shows the crowded box whole, centred, and its extent drawn back on the main
    /// map is that box grown to the inset's shape: the two frames agree about where things are.
    #[test]
    fn the_inset_frame_magnifies_the_crowded_box_in_place() {
        let lcc = Lcc::fitted(69.0, 39.0, 74.0, 41.0);
        let main = Frame::fitted(lcc, (69.0, 39.0, 74.0, 41.0), 24.0, 64.0, 1552.0);
        let crowded = Box2 {
            x0: 500.0,
            y0: 230.0,
            x1: 600.0,
            y1: 330.0,
        };
        let area = Box2 {
            x0: 24.0,
            y0: 800.0,
            x1: 1576.0,
            y1: 1280.0,
        };
        let (inset, mag) = inset_frame(&main, &crowded, area).unwrap();
        assert!((mag - 4.8).abs() < 1e-9, "{mag}");
        let (lon, lat) = main.unproject(550.0, 280.0);
        let (x, y) = inset.px(lon, lat);
        assert!(
            (x - 800.0).abs() < 1e-6 && (y - 1040.0).abs() < 1e-6,
            "{x} {y}"
        );
        let e = extent_on(&main, &inset);
        assert!((e.height() - 100.0).abs() < 1e-6 && (e.width() - 1552.0 / 4.8).abs() < 1e-6);
        assert!((e.x0 + e.x1 - 1100.0).abs() < 1e-6);
        // Too little to gain: no inset.
        let wide = Box2 {
            x0: 0.0,
            y0: 0.0,
            x1: 1500.0,
            y1: 300.0,
        };
        assert!(inset_frame(&main, &wide, area).is_none());
    }
}
