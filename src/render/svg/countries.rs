//! The countries on the map: their areas shaded (the frontier's two countries in two colours,
//! their neighbours grey), their names placed inside their own visible ground, and the small
//! locator map of the region.

use std::fmt::Write as _;

use geo::{BooleanOps, Contains, Coord, MultiPolygon, Rect};
use jiff::civil::Date;

use super::frame::{Box2, Frame, path_of, px_path};
use super::labels::text_width;
use crate::model::{AreaDetail, CountryArea, Frontier, even_odd_within};
use crate::render::escape::esc;

use crate::render::countries::{colours, former_exclaves};

/// Draws the areas of `detail` in the frame. A frontier ring that does not exist on `date`
/// (an exclave given up, as Kayragach on 31 March 2025) is filled as the country round it:
/// the country polygons are of one date, the frontier's rings say when they held.
pub(super) fn draw_areas(
    svg: &mut String,
    areas: &[CountryArea],
    detail: AreaDetail,
    frontier: &Frontier,
    date: Date,
    frame: &Frame,
    id: &str,
) {
    let _ = writeln!(
        svg,
        r##"<g id="{id}" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">"##
    );
    for a in areas.iter().filter(|a| a.detail == detail) {
        // In pixels, simplified to 0.4 px (shading needs less than lines) and cut to the
        // frame: an inset shows a small part of large countries.
        let area = frame.area;
        let clip = Rect::new(
            Coord {
                x: area.x0 - 2.0,
                y: area.y0 - 2.0,
            },
            Coord {
                x: area.x1 + 2.0,
                y: area.y1 + 2.0,
            },
        );
        let rings = a.rings.iter().map(|r| {
            use geo::Simplify as _;
            frame.line_px(r).simplify(0.4)
        });
        let mut d = String::new();
        for p in &even_odd_within(rings, &clip).0 {
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                d.push_str(&px_path(&r.0, true));
            }
        }
        if d.is_empty() {
            continue;
        }
        let (fill, _) = colours(frontier, &a.code);
        let _ = writeln!(
            svg,
            r#"<path class="country" data-code="{}" d="{d}" fill="{fill}" fill-rule="evenodd"><title>{}</title></path>"#,
            esc(&a.code),
            esc(&a.name)
        );
    }
    if detail == AreaDetail::Frontier {
        for (seg, other) in former_exclaves(frontier, areas, Some(date)) {
            let (fill, _) = colours(frontier, &other.code);
            let _ = writeln!(
                svg,
                r#"<path class="country former-exclave" data-code="{}" d="{}" fill="{fill}"><title>{}: {} ground, not an exclave on {date}</title></path>"#,
                esc(&other.code),
                path_of(frame, &seg.line.0, true),
                esc(&seg.name),
                esc(&other.name)
            );
        }
    }
    let _ = writeln!(svg, "</g>");
}

/// Names each country of `detail` inside the largest piece of its ground the frame shows, at
/// the piece's pole of inaccessibility (the `polylabel` crate: the inner point farthest from
/// its edges) less what `taken` holds; as large as fits between `max` and `min` px, in
/// capitals, or not at all. The name's box is added to `taken`.
#[allow(clippy::too_many_arguments)]
pub(super) fn name_areas(
    svg: &mut String,
    areas: &[CountryArea],
    detail: AreaDetail,
    frontier: &Frontier,
    frame: &Frame,
    taken: &mut Vec<Box2>,
    (max, min): (f64, f64),
    id: &str,
) {
    use geo::Area as _;
    let area = &frame.area;
    let clip = Rect::new(
        Coord {
            x: area.x0,
            y: area.y0,
        },
        Coord {
            x: area.x1,
            y: area.y1,
        },
    );
    let obstacles = MultiPolygon::new(
        taken
            .iter()
            .filter(|t| t.overlaps(area))
            .map(|t| Rect::new(Coord { x: t.x0, y: t.y0 }, Coord { x: t.x1, y: t.y1 }).to_polygon())
            .collect(),
    );
    let _ = writeln!(
        svg,
        r#"<g id="{id}" font-weight="bold" text-anchor="middle" >"#
    );
    for a in areas.iter().filter(|a| a.detail == detail) {
        use geo::Simplify as _;
        let rings = a.rings.iter().map(|r| frame.line_px(r).simplify(0.5));
        let ground = even_odd_within(rings, &clip).difference(&obstacles);
        let Some(piece) = ground
            .0
            .iter()
            .max_by(|p, q| p.unsigned_area().total_cmp(&q.unsigned_area()))
        else {
            continue;
        };
        let Ok(at) = polylabel::polylabel(piece, &1.0) else {
            continue;
        };
        let name = a.name.to_uppercase();
        let (_, ink) = colours(frontier, &a.code);
        let mut size = max;
        while size >= min {
            let spacing = size * 0.18;
            let w = text_width(&name, size) + spacing * name.chars().count() as f64;
            let b = Box2 {
                x0: at.x() - w / 2.0,
                y0: at.y() - size * 0.6,
                x1: at.x() + w / 2.0,
                y1: at.y() + size * 0.6,
            };
            let rect =
                Rect::new(Coord { x: b.x0, y: b.y0 }, Coord { x: b.x1, y: b.y1 }).to_polygon();
            if piece.contains(&rect) && !taken.iter().any(|t| t.overlaps(&b)) {
                let _ = writeln!(
                    svg,
                    r#"<text class="country-name" data-code="{}" x="{:.1}" y="{:.1}" font-size="{size:.0}" letter-spacing="{spacing:.1}" fill="{ink}">{}</text>"#,
                    esc(&a.code),
                    at.x(),
                    at.y() + size * 0.35,
                    esc(&name)
                );
                taken.push(b);
                break;
            }
            size -= 1.0;
        }
    }
    let _ = writeln!(svg, "</g>");
}

/// The locator map in `b`: the region's countries (detail `locator`), the frontier's two in
/// their colours, with a box where the main map is (its corners `main_corners`, lon/lat).
pub(super) fn draw_locator(
    svg: &mut String,
    areas: &[CountryArea],
    frontier: &Frontier,
    date: Date,
    b: &Box2,
    main_corners: &[(f64, f64)],
) {
    let locator: Vec<&CountryArea> = areas
        .iter()
        .filter(|a| a.detail == AreaDetail::Locator)
        .collect();
    if locator.is_empty() {
        return;
    }
    // The region's box, longitudes round its central meridian (a region astride ±180° is
    // one picture); none for a region of no extent.
    use crate::geodesy::antimeridian::{central_meridian, near};
    let centre = central_meridian(
        locator
            .iter()
            .flat_map(|a| a.rings.iter().flatten().map(|c| c.x)),
    );
    let (mut lo0, mut la0, mut lo1, mut la1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in locator.iter().flat_map(|a| a.rings.iter().flatten()) {
        let x = near(c.x, centre);
        (lo0, la0, lo1, la1) = (lo0.min(x), la0.min(c.y), lo1.max(x), la1.max(c.y));
    }
    if !(lo1 - lo0 > 1e-6 && la1 - la0 > 1e-6) {
        return;
    }
    let lcc = crate::render::projection::Lcc::fitted(lo0, la0, lo1, la1);
    let inner = Box2 {
        x0: b.x0 + 1.0,
        y0: b.y0 + 1.0,
        x1: b.x1 - 1.0,
        y1: b.y1 - 1.0,
    };
    let frame = Frame::fitted_in(lcc, (lo0, la0, lo1, la1), inner);
    let _ = writeln!(
        svg,
        r##"<g id="locator"><clipPath id="locator-clip"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#dfe7ec" stroke="#999999"/><g clip-path="url(#locator-clip)">"##,
        b.x0,
        b.y0,
        b.width(),
        b.height(),
        b.x0,
        b.y0,
        b.width(),
        b.height()
    );
    draw_areas(
        svg,
        areas,
        AreaDetail::Locator,
        frontier,
        date,
        &frame,
        "locator-countries",
    );
    let mut taken = Vec::new();
    let corners: Vec<Coord<f64>> = main_corners.iter().map(|&(x, y)| Coord { x, y }).collect();
    let d = path_of(&frame, &corners, true);
    let _ = writeln!(
        svg,
        r##"<path id="locator-extent" d="{d}" fill="none" stroke="#1a1a1a" stroke-width="1.6"><title>the main map</title></path>"##
    );
    let ext = frame.line_px(&corners);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in &ext.0 {
        (x0, y0, x1, y1) = (x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y));
    }
    taken.push(Box2 { x0, y0, x1, y1 });
    name_areas(
        svg,
        areas,
        AreaDetail::Locator,
        frontier,
        &frame,
        &mut taken,
        (10.0, 7.0),
        "locator-names",
    );
    let _ = writeln!(svg, "</g></g>");
}
