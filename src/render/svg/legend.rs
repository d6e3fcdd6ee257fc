//! The legend, the scale bar and the north arrow.

use std::fmt::Write as _;

use super::frame::{Box2, Frame};
use crate::geodesy::wgs84::WGS84;
use crate::model::Status;
use crate::render::export::MapData;
use crate::render::style::{self, Severity};

/// The legend's height in pixels.
pub(super) const LEGEND_HEIGHT: f64 = 236.0;

/// The death tolls the legend shows marker sizes for: the smallest and the largest drawn (of
/// those above zero), and between them the drawn toll nearest their geometric mean, each once.
pub(super) fn legend_sizes(tolls: &[u64]) -> Vec<u64> {
    let mut t: Vec<u64> = tolls.iter().copied().filter(|&f| f > 0).collect();
    t.sort_unstable();
    t.dedup();
    let (Some(&lo), Some(&hi)) = (t.first(), t.last()) else {
        return Vec::new();
    };
    let mid = ((lo as f64) * (hi as f64)).sqrt().ln();
    let near = t
        .iter()
        .copied()
        .min_by(|a, b| {
            ((*a as f64).ln() - mid)
                .abs()
                .total_cmp(&((*b as f64).ln() - mid).abs())
        })
        .unwrap_or(lo);
    let mut out = vec![lo, near, hi];
    out.dedup();
    out
}

pub(super) fn legend_svg(
    svg: &mut String,
    data: &MapData,
    b: &Box2,
    corridor: bool,
    tolls: &[u64],
) {
    let (x, mut y) = (b.x0 + 12.0, b.y0 + 22.0);
    let _ = writeln!(
        svg,
        r##"<g id="legend" font-size="12" fill="#1a1a1a"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#ffffff" fill-opacity="0.92" stroke="#999999"/>"##,
        b.x0,
        b.y0,
        b.x1 - b.x0,
        b.y1 - b.y0
    );
    let _ = writeln!(
        svg,
        r#"<text x="{x:.1}" y="{y:.1}" font-weight="bold">On {}</text>"#,
        data.as_of
    );
    y += 20.0;
    for (status, label) in [
        (Some(Status::Contested), "contested stretch"),
        (Some(Status::Settled), "settled stretch"),
    ] {
        let (stroke, w) = style::segment_stroke(status);
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="{:.1}"/><text x="{:.1}" y="{:.1}">{label}</text>"#,
            y - 4.0,
            x + 30.0,
            y - 4.0,
            w * 0.8,
            x + 40.0,
            y
        );
        y += 19.0;
    }
    let (stroke, w) = style::segment_stroke(Some(Status::Contested));
    let _ = writeln!(
        svg,
        r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="{:.1}" stroke-dasharray="7 5"/><text x="{:.1}" y="{:.1}">dashed: agreed at an unknown date</text>"#,
        y - 4.0,
        x + 30.0,
        y - 4.0,
        w * 0.8,
        x + 40.0,
        y
    );
    y += 19.0;
    let _ = writeln!(
        svg,
        r##"<circle cx="{:.1}" cy="{:.1}" r="7" fill="none" stroke="#3d0000" stroke-opacity="0.5" stroke-dasharray="2 3"/><text x="{:.1}" y="{y:.1}">ring: where an incident may have been</text>"##,
        x + 15.0,
        y - 4.0,
        x + 40.0
    );
    y += 19.0;
    if corridor {
        let _ = writeln!(
            svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="30" height="10" fill="{}" fill-opacity="0.13" stroke="{}" stroke-opacity="0.45"/><text x="{:.1}" y="{y:.1}">within {} km of contested</text>"#,
            y - 9.0,
            style::CORRIDOR,
            style::CORRIDOR,
            x + 40.0,
            data.within_m / 1000.0
        );
        y += 19.0;
    }
    let _ = writeln!(
        svg,
        r##"<circle cx="{:.1}" cy="{:.1}" r="2.4" fill="{}"/><circle cx="{:.1}" cy="{:.1}" r="2.4" fill="#ffffff" stroke="#3b3b3b"/><text x="{:.1}" y="{y:.1}">settlement (hollow: position inferred)</text>"##,
        x + 8.0,
        y - 4.0,
        style::SETTLEMENT,
        x + 20.0,
        y - 4.0,
        x + 40.0
    );
    y += 22.0;
    let _ = writeln!(
        svg,
        r#"<text x="{x:.1}" y="{y:.1}">incidents, area by deaths:</text>"#
    );
    y += 22.0;
    let mut cx = x + 10.0;
    for f in legend_sizes(tolls).into_iter().map(Some) {
        let r = style::incident_radius_px(f);
        let (fill, _) = Severity::of(f).marker();
        let _ = writeln!(
            svg,
            r##"<circle cx="{cx:.1}" cy="{:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.8" stroke="#3d0000" stroke-width="0.8"/><text x="{:.1}" y="{:.1}">{}</text>"##,
            y - 2.0,
            cx + r + 3.0,
            y + 2.0,
            f.unwrap_or(0)
        );
        cx += 2.0 * r + 36.0;
    }
    let _ = writeln!(
        svg,
        r##"<circle cx="{cx:.1}" cy="{:.1}" r="3.5" fill="none" stroke="#3d0000" stroke-width="0.8"/><text x="{:.1}" y="{:.1}">no figure</text>"##,
        y - 2.0,
        cx + 7.0,
        y + 2.0
    );
    let _ = writeln!(svg, "</g>");
}

/// A scale bar of a round number of km, measured on the ellipsoid at the bar's place, and a
/// north arrow pointing to true north there (the projection's meridians converge).
pub(super) fn scale_and_north_svg(svg: &mut String, frame: &Frame, b: &Box2, ids: &str) {
    use geographiclib_rs::DirectGeodesic;
    // Lon/lat of the bar's left end (inverse projection by search is not needed: we measure
    // pixels per km with a geodesic from a point we place on the map).
    let (x0, y0) = (b.x0 + 12.0, b.y1 - 22.0);
    let (lon, lat) = frame.unproject(x0, y0);
    let (lat2, lon2): (f64, f64) = WGS84.direct(lat, lon, 90.0, 10_000.0);
    let (xa, ya) = frame.px(lon, lat);
    let (xb, yb) = frame.px(lon2, lat2);
    let px_per_km = (xb - xa).hypot(yb - ya) / 10.0;
    let km = [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .rev()
        .find(|k| k * px_per_km <= 230.0)
        .unwrap_or(1.0);
    let len = km * px_per_km;
    let _ = writeln!(
        svg,
        r##"<g id="{ids}scale" font-size="11" fill="#1a1a1a"><rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="5" fill="#1a1a1a"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="5" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.8"/><text x="{x0:.1}" y="{:.1}">0</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{} km</text></g>"##,
        y0 - 5.0,
        len / 2.0,
        x0 + len / 2.0,
        y0 - 5.0,
        len / 2.0,
        y0 + 11.0,
        x0 + len / 2.0,
        y0 + 11.0,
        km / 2.0,
        x0 + len,
        y0 + 11.0,
        km
    );
    // North arrow beside the bar: direction of a small step north, in pixels.
    let (ax, ay) = (x0 + len + 60.0, y0 - 12.0);
    let (alon, alat) = frame.unproject(ax, ay);
    let (nx, ny) = frame.px(alon, alat + 0.05);
    let (px, py) = frame.px(alon, alat);
    let angle = (nx - px).atan2(-(ny - py)).to_degrees();
    let _ = writeln!(
        svg,
        r##"<g id="{ids}north-arrow" transform="translate({ax:.1},{ay:.1}) rotate({angle:.2})"><path d="M0,-22 L7,8 L0,3 L-7,8 Z" fill="#1a1a1a"/><text x="0" y="-26" font-size="13" font-weight="bold" text-anchor="middle" fill="#1a1a1a">N</text></g>"##
    );
}

#[cfg(test)]
mod tests {
    use super::legend_sizes;

    /// The legend's sizes are tolls the map draws: 1 and 10 of the embedded clashes up to
    /// 2022-09-16 with 3 between them (nearest √10 ≈ 3.2), never a 50 no marker has.
    #[test]
    fn the_legend_shows_sizes_that_are_drawn() {
        assert_eq!(legend_sizes(&[1, 2, 3, 10, 10, 0]), [1, 3, 10]);
        assert_eq!(legend_sizes(&[4, 4]), [4]);
        assert_eq!(legend_sizes(&[2, 55]), [2, 55]);
        assert!(legend_sizes(&[0]).is_empty());
    }
}
