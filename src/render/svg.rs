//! A static, self-contained SVG map for reports: the frontier coloured by status on a date,
//! the corridor around contested stretches, settlements with labels that do not overlap,
//! incidents sized by deaths, a legend, a scale bar, a north arrow, the date and the
//! attributions. Lambert conformal conic on WGS84, so shapes are true.
//!
//! (Over 600 lines: one drawing, whose layers share the projection, the label placement and
//! the legend; split by layer they would pass all of them around.)

use super::escape::esc;
use std::fmt::Write as _;

use geo::{Coord, LineString, MultiPolygon};

use super::export::MapData;
use super::projection::Lcc;
use super::style::{self, Severity};
use crate::MeasuredFrontier;
use crate::analysis::corridor::CorridorError;
use crate::geodesy::antimeridian::{central_meridian, near};
use crate::geodesy::wgs84::WGS84;
use crate::model::{Precision, Status, StatusAt};

/// Options for [`render_svg`].
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// The title drawn at the top and given as the picture's `<title>` (plain text; escaped).
    pub title: String,
    /// Width of the picture in pixels; the height follows from the frontier's shape.
    pub width_px: f64,
    /// Whether to draw the corridor around contested stretches.
    pub corridors: bool,
}

const MARGIN: f64 = 24.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 40.0;
const FONT: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
/// Average width of a character, as a share of the font size (a safe over-estimate).
const CHAR_W: f64 = 0.62;

/// A box on the picture, for keeping labels apart.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Screen placement: projection, scale and offsets.
struct Frame {
    lcc: Lcc,
    /// Lon/lat of the middle of the map, where inverse projection starts.
    center: (f64, f64),
    scale: f64,
    x_min: f64,
    y_max: f64,
    width: f64,
    height: f64,
}

impl Frame {
    fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.lcc.project(lon, lat);
        (
            MARGIN + (x - self.x_min) * self.scale,
            TOP + (self.y_max - y) * self.scale,
        )
    }

    fn inside(&self, (x, y): (f64, f64)) -> bool {
        (MARGIN..=self.width - MARGIN).contains(&x) && (TOP..=self.height - BOTTOM).contains(&y)
    }
}

/// A path through the points, simplified in pixels (Douglas–Peucker, geo's `Simplify`, to a
/// tenth of a pixel): a picture cannot show detail finer than that, and a frontier of a million
/// vertices would otherwise make a file of tens of megabytes. Drawing only: every measure is
/// taken on the whole line.
fn path_of(frame: &Frame, coords: &[Coord<f64>], close: bool) -> String {
    use geo::Simplify as _;
    let px: LineString<f64> = coords
        .iter()
        .map(|c| {
            let (x, y) = frame.px(c.x, c.y);
            Coord { x, y }
        })
        .collect();
    let px = px.simplify(0.1);
    let mut d = String::with_capacity(px.0.len() * 14);
    let mut last = String::new();
    for (i, c) in px.0.iter().enumerate() {
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

/// The SVG text of the map.
pub fn render_svg(data: &MapData, opts: &SvgOptions) -> Result<String, CorridorError> {
    let frontier = data.frontier;
    let date = data.as_of;
    // Extent: the frontier's box, widened by a quarter of a degree; longitudes round the
    // frontier's central meridian, so that a frontier astride ±180° is one picture.
    let centre = central_meridian(
        frontier
            .segments
            .iter()
            .flat_map(|s| s.line.0.iter().map(|c| c.x)),
    );
    let (mut lo0, mut la0, mut lo1, mut la1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
        let c = Coord {
            x: near(c.x, centre),
            y: c.y,
        };
        lo0 = lo0.min(c.x);
        la0 = la0.min(c.y);
        lo1 = lo1.max(c.x);
        la1 = la1.max(c.y);
    }
    if lo0 > lo1 {
        (lo0, la0, lo1, la1) = (0.0, 0.0, 1.0, 1.0);
    }
    let pad = 0.25;
    let (lo0, la0, lo1, la1) = (lo0 - pad, la0 - pad, lo1 + pad, la1 + pad);
    let lcc = Lcc::fitted(lo0, la0, lo1, la1);
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
    let width = opts.width_px.max(400.0);
    let scale = (width - 2.0 * MARGIN) / (x_max - x_min);
    let height = TOP + (y_max - y_min) * scale + BOTTOM;
    let frame = Frame {
        lcc,
        center: ((lo0 + lo1) / 2.0, (la0 + la1) / 2.0),
        scale,
        x_min,
        y_max,
        width,
        height,
    };

    let mut svg = String::with_capacity(256 * 1024);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{FONT}">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", esc(&opts.title));
    let _ = writeln!(
        svg,
        "<desc>Frontier segments coloured by status on {date}; generated by borderscope {}.</desc>",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        svg,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<rect x="{MARGIN}" y="{TOP}" width="{:.1}" height="{:.1}" fill="#f4f1ea" stroke="#cccccc"/>"##,
        width - 2.0 * MARGIN,
        height - TOP - BOTTOM
    );

    // Corridor.
    let corridor: MultiPolygon<f64> = if opts.corridors {
        data.corridor()?
    } else {
        MultiPolygon::new(vec![])
    };
    if !corridor.0.is_empty() {
        let mut d = String::new();
        for p in &corridor.0 {
            d.push_str(&path_of(&frame, &p.exterior().0, true));
            for h in p.interiors() {
                d.push_str(&path_of(&frame, &h.0, true));
            }
        }
        let _ = writeln!(
            svg,
            r#"<g id="corridors"><path d="{d}" fill="{}" fill-opacity="0.13" fill-rule="evenodd" stroke="{}" stroke-opacity="0.45" stroke-width="0.8"/></g>"#,
            style::CORRIDOR,
            style::CORRIDOR
        );
    }

    // Segments: settled first, contested on top.
    let _ = writeln!(
        svg,
        r#"<g id="segments" fill="none" stroke-linejoin="round" stroke-linecap="round">"#
    );
    let mut order: Vec<&crate::Segment> = frontier
        .segments
        .iter()
        .filter(|s| s.exists_at(date))
        .collect();
    order.sort_by_key(|s| s.status_at(date) == Some(Status::Contested));
    for s in order {
        let status = s.status_at(date);
        let (stroke, w) = style::segment_stroke(status);
        let word = status.map_or("no status", Status::as_str);
        // Dashed while the status is uncertain: changing at an unknown date in a window.
        let (dash, class, note) = match s.certainty_at(date) {
            Some(StatusAt::Uncertain(c)) => (
                r#" stroke-dasharray="7 5""#,
                " uncertain",
                format!(
                    ", uncertain: changing at an unknown date between {} and {}",
                    c.from, c.by
                ),
            ),
            _ => ("", "", String::new()),
        };
        let _ = writeln!(
            svg,
            r#"<path id="segment-{}" class="segment {word}{class}" d="{}" stroke="{stroke}" stroke-width="{:.1}"{dash}><title>{} — {} ({word} on {date}{note})</title></path>"#,
            esc(&s.id),
            path_of(&frame, &s.line.0, false),
            w * 0.8,
            esc(&s.id),
            esc(&s.name)
        );
    }
    let _ = writeln!(svg, "</g>");

    // Obstacles for labels: the title band, the legend, the scale bar and north arrow.
    let legend = Box2 {
        x0: width - MARGIN - 300.0,
        y0: TOP + 8.0,
        x1: width - MARGIN - 8.0,
        y1: TOP + 244.0,
    };
    let scale_box = Box2 {
        x0: MARGIN + 8.0,
        y0: height - BOTTOM - 70.0,
        x1: MARGIN + 330.0,
        y1: height - BOTTOM - 6.0,
    };
    let mut taken: Vec<Box2> = vec![legend, scale_box];

    // Incidents up to the map's date (the later ones had not happened), largest first so
    // that small ones stay visible.
    let mut incidents: Vec<&crate::model::Incident> = data
        .incidents
        .iter()
        .filter(|i| i.date <= date && frame.inside(frame.px(i.point.x(), i.point.y())))
        .collect();
    incidents.sort_by_key(|i| std::cmp::Reverse(i.fatalities.unwrap_or(0)));
    // Where each may have happened: a faint ring of the radius its precision gives (the
    // radius measured on the ellipsoid northwards from the point, in the map's scale there).
    let _ = writeln!(
        svg,
        r##"<g id="incident-uncertainty" fill="none" stroke="#3d0000" stroke-opacity="0.3" stroke-width="0.7" stroke-dasharray="2 3">"##
    );
    for i in &incidents {
        let radius_m = data.rules.of(i).radius_m;
        if radius_m <= 0.0 {
            continue;
        }
        use geographiclib_rs::DirectGeodesic;
        let (lat2, lon2): (f64, f64) = WGS84.direct(i.point.y(), i.point.x(), 0.0, radius_m);
        let (x, y) = frame.px(i.point.x(), i.point.y());
        let (x2, y2) = frame.px(lon2, lat2);
        let r = (x2 - x).hypot(y2 - y);
        if r > style::incident_radius_px(i.fatalities) {
            let _ = writeln!(
                svg,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}"><title>{} {}: within {} km</title></circle>"#,
                i.date,
                esc(&i.id),
                radius_m / 1000.0
            );
        }
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(
        svg,
        r##"<g id="incidents" stroke="#3d0000" stroke-width="0.8">"##
    );
    for i in &incidents {
        let (x, y) = frame.px(i.point.x(), i.point.y());
        let r = style::incident_radius_px(i.fatalities);
        let sev = Severity::of(i.fatalities);
        let (fill, _) = sev.marker();
        let fill = if sev == Severity::Unknown {
            "none"
        } else {
            fill
        };
        let toll = i
            .fatalities
            .map_or("no figure".to_string(), |f| format!("{f} killed"));
        let _ = writeln!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.8"><title>{} {} ({toll})</title></circle>"#,
            i.date,
            esc(&i.id)
        );
    }
    let _ = writeln!(svg, "</g>");

    // Settlements and their labels.
    let mut places: Vec<(usize, (f64, f64))> = data
        .settlements
        .iter()
        .enumerate()
        .map(|(k, s)| (k, frame.px(s.point.x(), s.point.y())))
        .filter(|(_, p)| frame.inside(*p))
        .collect();
    // Hotspot places (not from GeoNames) first, then by population.
    places.sort_by_key(|(k, _)| {
        let s = &data.settlements[*k];
        (
            s.geonames_id.is_some(),
            std::cmp::Reverse(s.population.unwrap_or(0)),
        )
    });
    let _ = writeln!(
        svg,
        r##"<g id="settlements" fill="{}">"##,
        style::SETTLEMENT
    );
    for (k, (x, y)) in &places {
        let s = &data.settlements[*k];
        let hollow = if s.precision == Precision::Inferred {
            r##" fill="#ffffff" stroke="#3b3b3b" stroke-width="1""##
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="2.4"{hollow}><title>{}</title></circle>"#,
            esc(&s.name)
        );
        taken.push(Box2 {
            x0: x - 2.5,
            y0: y - 2.5,
            x1: x + 2.5,
            y1: y + 2.5,
        });
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(
        svg,
        r##"<g id="labels" font-size="11" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-opacity="0.85" paint-order="stroke">"##
    );
    let map_area = Box2 {
        x0: MARGIN,
        y0: TOP,
        x1: width - MARGIN,
        y1: height - BOTTOM,
    };
    // A settlement inside an exclave ring that exists on the date is named with its country
    // ("Vorukh (Tajikistan)"), and placed first, so that it keeps its label.
    let rings: Vec<geo::Polygon<f64>> = frontier
        .segments
        .iter()
        .filter(|seg| seg.is_ring() && seg.exists_at(date))
        .map(|seg| geo::Polygon::new(seg.line.clone(), Vec::new()))
        .collect();
    let exclave_name = |k: usize| -> Option<String> {
        use geo::Contains as _;
        let st = &data.settlements[k];
        let country = frontier
            .meta
            .countries
            .iter()
            .find(|c| c.code == st.country)?;
        rings
            .iter()
            .any(|r| r.contains(&st.point))
            .then(|| format!("{} ({})", st.name, country.name))
    };
    places.sort_by_key(|(k, _)| exclave_name(*k).is_none());
    let mut labelled = 0;
    for (k, (x, y)) in &places {
        let exclave = exclave_name(*k);
        let name = exclave.as_ref().unwrap_or(&data.settlements[*k].name);
        if let Some((bx, by)) = place_label(&mut taken, &map_area, (*x, *y), 2.5, name, 11.0) {
            let _ = writeln!(
                svg,
                r#"<text x="{bx:.1}" y="{:.1}">{}</text>"#,
                by + 11.0 * 0.85,
                esc(name)
            );
            labelled += 1;
        }
    }
    // The incidents, with their day and place where room is left (the largest first).
    for i in &incidents {
        let (x, y) = frame.px(i.point.x(), i.point.y());
        let r = style::incident_radius_px(i.fatalities);
        let place = i
            .properties
            .get("place")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(&i.id);
        let text = format!("{} {place}", i.date);
        if let Some((bx, by)) = place_label(&mut taken, &map_area, (x, y), r, &text, 9.0) {
            let _ = writeln!(
                svg,
                r##"<text class="incident-label" x="{bx:.1}" y="{:.1}" font-size="9" fill="#5a0000">{}</text>"##,
                by + 9.0 * 0.85,
                esc(&text)
            );
        }
    }
    let _ = writeln!(svg, "</g>");
    let _ = labelled;

    let tolls: Vec<u64> = incidents.iter().filter_map(|i| i.fatalities).collect();
    legend_svg(&mut svg, data, &legend, !corridor.0.is_empty(), &tolls);
    scale_and_north_svg(&mut svg, &frame, &scale_box);

    // Title, date, summary and attributions.
    let lengths = MeasuredFrontier::new(frontier).lengths_at(date);
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="30" font-size="20" font-weight="bold" fill="#1a1a1a">{}</text>"##,
        esc(&opts.title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="52" font-size="13" fill="#333333">Status as of {date}: {:.0} km of {:.0} km contested ({:.1} %{}), measured on the WGS84 ellipsoid. Incidents: {} shown.</text>"##,
        lengths.contested_m / 1000.0,
        lengths.total_m() / 1000.0,
        100.0 * lengths.contested_share().unwrap_or(0.0),
        match lengths.contested_share_range() {
            Some((lo, hi)) if hi - lo > 5e-4 => format!(
                "; {:.1}–{:.1} % as sure as the record, {:.0} km being agreed at an unknown date",
                100.0 * lo,
                100.0 * hi,
                lengths.uncertain_m() / 1000.0
            ),
            _ => String::new(),
        },
        incidents.len()
    );
    let mut attribution = frontier.meta.attribution.clone().unwrap_or_default();
    if !attribution.is_empty() {
        attribution.push_str(" · ");
    }
    attribution
        .push_str("Settlements: GeoNames (CC BY 4.0) · Lambert conformal conic projection, WGS84");
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="{:.1}" font-size="10" fill="#555555">{}</text>"##,
        height - 14.0,
        esc(&attribution)
    );
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// A place for a label of `text` at `size` px beside a mark of radius `r` at `at`: the first
/// of eight positions around it (right, left, then the corners, above, below) inside `area`
/// that overlaps nothing `taken`, which then takes it; its top-left corner, or `None`.
fn place_label(
    taken: &mut Vec<Box2>,
    area: &Box2,
    at: (f64, f64),
    r: f64,
    text: &str,
    size: f64,
) -> Option<(f64, f64)> {
    let (x, y) = at;
    let w = text.chars().count() as f64 * size * CHAR_W;
    let (h, g) = (size, r + 1.5);
    let candidates = [
        (x + g, y - h / 2.0),
        (x - g - w, y - h / 2.0),
        (x + g * 0.7, y - g * 0.7 - h),
        (x + g * 0.7, y + g * 0.7),
        (x - g * 0.7 - w, y - g * 0.7 - h),
        (x - g * 0.7 - w, y + g * 0.7),
        (x - w / 2.0, y - g - 2.0 - h),
        (x - w / 2.0, y + g + 2.0),
    ];
    for (bx, by) in candidates {
        let b = Box2 {
            x0: bx,
            y0: by,
            x1: bx + w,
            y1: by + h,
        };
        let within = b.x0 >= area.x0 && b.x1 <= area.x1 && b.y0 >= area.y0 && b.y1 <= area.y1;
        if within && !taken.iter().any(|t| t.overlaps(&b)) {
            taken.push(b);
            return Some((bx, by));
        }
    }
    None
}

/// The death tolls the legend shows marker sizes for: the smallest and the largest drawn (of
/// those above zero), and between them the drawn toll nearest their geometric mean, each once.
fn legend_sizes(tolls: &[u64]) -> Vec<u64> {
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

fn legend_svg(svg: &mut String, data: &MapData, b: &Box2, corridor: bool, tolls: &[u64]) {
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
fn scale_and_north_svg(svg: &mut String, frame: &Frame, b: &Box2) {
    use geographiclib_rs::DirectGeodesic;
    // Lon/lat of the bar's left end (inverse projection by search is not needed: we measure
    // pixels per km with a geodesic from a point we place on the map).
    let (x0, y0) = (b.x0 + 12.0, b.y1 - 22.0);
    let (lon, lat) = unproject(frame, x0, y0);
    let (lat2, lon2): (f64, f64) = WGS84.direct(lat, lon, 90.0, 10_000.0);
    let (xa, ya) = frame.px(lon, lat);
    let (xb, yb) = frame.px(lon2, lat2);
    let px_per_km = (xb - xa).hypot(yb - ya) / 10.0;
    let km = [10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .rev()
        .find(|k| k * px_per_km <= 230.0)
        .unwrap_or(10.0);
    let len = km * px_per_km;
    let _ = writeln!(
        svg,
        r##"<g id="scale" font-size="11" fill="#1a1a1a"><rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="5" fill="#1a1a1a"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="5" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.8"/><text x="{x0:.1}" y="{:.1}">0</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{} km</text></g>"##,
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
    let (alon, alat) = unproject(frame, ax, ay);
    let (nx, ny) = frame.px(alon, alat + 0.05);
    let (px, py) = frame.px(alon, alat);
    let angle = (nx - px).atan2(-(ny - py)).to_degrees();
    let _ = writeln!(
        svg,
        r##"<g id="north-arrow" transform="translate({ax:.1},{ay:.1}) rotate({angle:.2})"><path d="M0,-22 L7,8 L0,3 L-7,8 Z" fill="#1a1a1a"/><text x="0" y="-26" font-size="13" font-weight="bold" text-anchor="middle" fill="#1a1a1a">N</text></g>"##
    );
}

/// Lon/lat of a pixel, by Newton steps on the projection (the map is small and smooth).
fn unproject(frame: &Frame, x: f64, y: f64) -> (f64, f64) {
    let (mut lon, mut lat) = frame.center;
    for _ in 0..30 {
        let (px, py) = frame.px(lon, lat);
        let (pxe, pye) = frame.px(lon + 1e-4, lat);
        let (pxn, pyn) = frame.px(lon, lat + 1e-4);
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
