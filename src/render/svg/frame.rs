//! Where a map is drawn on the picture: a projection, a scale and a box of pixels, and the
//! pixel paths of lines and rings within it.

use std::fmt::Write as _;

use geo::{Coord, LineString};

use crate::render::projection::Lcc;

/// A box on the picture (pixels, y down), for keeping labels apart and for placing panels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Box2 {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Box2 {
    pub fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn contains_box(&self, o: &Box2) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// A map's placement: its projection, its scale (pixels per projected metre) and the box of
/// the picture it fills, whose top-left corner shows projected (`x_min`, `y_max`).
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub lcc: Lcc,
    /// Lon/lat of the middle of the map, where inverse projection starts.
    pub center: (f64, f64),
    pub scale: f64,
    pub x_min: f64,
    pub y_max: f64,
    pub area: Box2,
}

impl Frame {
    /// A frame showing the lon/lat box `(lo0, la0, lo1, la1)` (round the frontier's central
    /// meridian) in `lcc`, `width` pixels wide at `(x0, y0)`; its height follows the box.
    pub fn fitted(lcc: Lcc, lonlat: (f64, f64, f64, f64), x0: f64, y0: f64, width: f64) -> Self {
        let (lo0, la0, lo1, la1) = lonlat;
        let (x_min, x_max, y_min, y_max) = projected_box(&lcc, lonlat);
        let scale = width / (x_max - x_min);
        Frame {
            lcc,
            center: ((lo0 + lo1) / 2.0, (la0 + la1) / 2.0),
            scale,
            x_min,
            y_max,
            area: Box2 {
                x0,
                y0,
                x1: x0 + width,
                y1: y0 + (y_max - y_min) * scale,
            },
        }
    }

    /// A frame showing the lon/lat box as large as fits in `within`, centred there.
    pub fn fitted_in(lcc: Lcc, lonlat: (f64, f64, f64, f64), within: Box2) -> Self {
        let (x_min, x_max, y_min, y_max) = projected_box(&lcc, lonlat);
        let scale = (within.width() / (x_max - x_min)).min(within.height() / (y_max - y_min));
        let (w, h) = ((x_max - x_min) * scale, (y_max - y_min) * scale);
        let (x0, y0) = (
            within.x0 + (within.width() - w) / 2.0,
            within.y0 + (within.height() - h) / 2.0,
        );
        let mut f = Frame::fitted(lcc, lonlat, x0, y0, w);
        f.area.y1 = y0 + h;
        f
    }

    pub fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.lcc.project(lon, lat);
        (
            self.area.x0 + (x - self.x_min) * self.scale,
            self.area.y0 + (self.y_max - y) * self.scale,
        )
    }

    pub fn inside(&self, (x, y): (f64, f64)) -> bool {
        (self.area.x0..=self.area.x1).contains(&x) && (self.area.y0..=self.area.y1).contains(&y)
    }

    /// The points in pixels.
    pub fn line_px(&self, coords: &[Coord<f64>]) -> LineString<f64> {
        coords
            .iter()
            .map(|c| {
                let (x, y) = self.px(c.x, c.y);
                Coord { x, y }
            })
            .collect()
    }

    /// Lon/lat of a pixel, by Newton steps on the projection (the map is small and smooth).
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        let (mut lon, mut lat) = self.center;
        for _ in 0..30 {
            let (px, py) = self.px(lon, lat);
            let (pxe, pye) = self.px(lon + 1e-4, lat);
            let (pxn, pyn) = self.px(lon, lat + 1e-4);
            // Jacobian of pixel coordinates with respect to lon/lat.
            let (a, b, c, d) = (
                (pxe - px) / 1e-4,
                (pxn - px) / 1e-4,
                (pye - py) / 1e-4,
                (pyn - py) / 1e-4,
            );
            let det = a * d - b * c;
            if det.abs() < 1e-12 {
                break;
            }
            let (ex, ey) = (x - px, y - py);
            lon += (d * ex - b * ey) / det;
            lat += (-c * ex + a * ey) / det;
            if ex.abs() < 1e-6 && ey.abs() < 1e-6 {
                break;
            }
        }
        (lon, lat)
    }
}

/// The projected box (x_min, x_max, y_min, y_max) of a lon/lat box: its corners and the
/// middles of its top and bottom (parallels are arcs in a conic projection).
fn projected_box(lcc: &Lcc, (lo0, la0, lo1, la1): (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let corners = [
        (lo0, la0),
        (lo0, la1),
        (lo1, la0),
        (lo1, la1),
        ((lo0 + lo1) / 2.0, la1),
        ((lo0 + lo1) / 2.0, la0),
    ];
    let (mut x_min, mut x_max, mut y_min, mut y_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lon, lat) in corners {
        let (x, y) = lcc.project(lon, lat);
        x_min = x_min.min(x);
        x_max = x_max.max(x);
        y_min = y_min.min(y);
        y_max = y_max.max(y);
    }
    (x_min, x_max, y_min, y_max)
}

/// An SVG path through the points, simplified in pixels (Douglas–Peucker, geo's `Simplify`,
/// to a tenth of a pixel): a picture cannot show detail finer than that, and a frontier of a
/// million vertices would otherwise make a file of tens of megabytes. Drawing only: every
/// measure is taken on the whole line.
pub(super) fn path_of(frame: &Frame, coords: &[Coord<f64>], close: bool) -> String {
    simplified_path(frame, coords, close, 0.1)
}

/// [`path_of`] to `tolerance` pixels, and nothing for a line wholly outside the frame (more
/// than a pixel out): shading under the lines needs less detail than the lines.
pub(super) fn simplified_path(
    frame: &Frame,
    coords: &[Coord<f64>],
    close: bool,
    tolerance: f64,
) -> String {
    use geo::{BoundingRect as _, Simplify as _};
    let px = frame.line_px(coords);
    let a = frame.area;
    if px.bounding_rect().is_none_or(|b| {
        b.max().x < a.x0 - 1.0
            || b.min().x > a.x1 + 1.0
            || b.max().y < a.y0 - 1.0
            || b.min().y > a.y1 + 1.0
    }) {
        return String::new();
    }
    px_path(&px.simplify(tolerance).0, close)
}

/// An SVG path through points already in pixels, one decimal, repeated points dropped.
pub(super) fn px_path(px: &[Coord<f64>], close: bool) -> String {
    let mut d = String::with_capacity(px.len() * 14);
    let mut last = String::new();
    for (i, c) in px.iter().enumerate() {
        let here = format!("{:.1},{:.1}", c.x, c.y);
        if here == last {
            continue;
        }
        let _ = write!(d, "{}{here}", if i == 0 { "M" } else { "L" });
        last = here;
    }
    if close {
        d.push('Z');
    }
    d
}
