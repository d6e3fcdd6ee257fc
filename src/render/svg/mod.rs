//! A static, self-contained SVG map for reports: the two countries shaded and named, the
//! frontier coloured by status on a date, the corridor around contested stretches,
//! settlements with labels that do not overlap, incidents sized by deaths with their day and
//! place, a magnified inset where incidents crowd, a locator map, a legend, a scale bar, a
//! north arrow, the date and the attributions. Lambert conformal conic on WGS84, so shapes
//! are true.
//!
//! The picture is laid out here; [`layers`] draws a frame's layers (the main map and the
//! inset alike), [`countries`] the country areas, their names and the locator, [`legend`] the
//! legend and the scale bar, [`labels`] places labels.

mod countries;
mod frame;
mod inset;
mod labels;
mod layers;
mod legend;

use std::fmt::Write as _;

use geo::MultiPolygon;

use super::escape::esc;
use super::export::MapData;
use super::projection::Lcc;
use crate::MeasuredFrontier;
use crate::analysis::corridor::CorridorError;
use frame::{Box2, Frame};
use layers::{LayerStyle, draw_layers};

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
const FONT: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
/// Room above the inset for its caption.
const CAPTION: f64 = 34.0;

/// The SVG text of the map.
pub fn render_svg(data: &MapData, opts: &SvgOptions) -> Result<String, CorridorError> {
    let frontier = data.frontier;
    let date = data.as_of;
    let (_, lonlat) = super::extent::frontier_box(frontier);
    let lcc = Lcc::fitted(lonlat.0, lonlat.1, lonlat.2, lonlat.3);
    let width = opts.width_px.max(400.0);
    let main = Frame::fitted(lcc, lonlat, MARGIN, TOP, width - 2.0 * MARGIN);
    // The incidents up to the date (the later ones had not happened) on the map.
    let shown_count = data
        .incidents
        .iter()
        .filter(|i| i.date <= date && main.inside(main.px(i.point.x(), i.point.y())))
        .count();
    // The summary under the title, in as many lines as the width needs; the map below it.
    let lengths = MeasuredFrontier::new(frontier).lengths_at(date);
    let summary = [
        format!(
            "Status as of {date}: {:.0} km of {:.0} km contested ({:.1} %{}),",
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
            }
        ),
        "measured on the WGS84 ellipsoid.".to_string(),
        format!("Incidents: {shown_count} shown."),
    ];
    let summary_lines = wrap(&summary, " ", width - 2.0 * MARGIN, 13.0);
    let top = TOP + 17.0 * (summary_lines.len() as f64 - 1.0);
    let main = Frame::fitted(lcc, lonlat, MARGIN, top, width - 2.0 * MARGIN);
    let m = main.area;

    let corridor: MultiPolygon<f64> = if opts.corridors {
        data.corridor()?
    } else {
        MultiPolygon::new(vec![])
    };

    // Panels over the main map, which labels avoid: the legend (top right), the scale bar
    // and north arrow (bottom left), the locator (bottom right).
    let legend = Box2 {
        x0: m.x1 - 300.0,
        y0: m.y0 + 8.0,
        x1: m.x1 - 8.0,
        y1: m.y0 + 8.0 + legend::LEGEND_HEIGHT,
    };
    let scale_box = Box2 {
        x0: m.x0 + 8.0,
        y0: m.y1 - 70.0,
        x1: m.x0 + 330.0,
        y1: m.y1 - 6.0,
    };
    let has_locator = data
        .countries
        .iter()
        .any(|a| a.detail == crate::model::AreaDetail::Locator);
    let locator = Box2 {
        x0: m.x1 - 8.0 - 232.0,
        y0: m.y1 - 8.0 - 156.0,
        x1: m.x1 - 8.0,
        y1: m.y1 - 8.0,
    };
    let mut taken: Vec<Box2> = vec![legend, scale_box];
    if has_locator {
        taken.push(locator);
    }

    // Where the incidents up to the date crowd, the inset under the main map.
    let shown: Vec<&crate::model::Incident> = data
        .incidents
        .iter()
        .filter(|i| i.date <= date && main.inside(main.px(i.point.x(), i.point.y())))
        .collect();
    let inset_area = Box2 {
        x0: MARGIN,
        y0: m.y1 + CAPTION,
        x1: width - MARGIN,
        y1: m.y1 + CAPTION + (0.36 * width).clamp(300.0, 1200.0),
    };
    let inset =
        inset::crowded_box(&main, &shown).and_then(|c| inset::inset_frame(&main, &c, inset_area));
    // The attributions, in as many lines as the width needs.
    let mut credits: Vec<String> = frontier.meta.attribution.iter().cloned().collect();
    if let Some(c) = data.countries_credit.filter(|_| !data.countries.is_empty()) {
        credits.push(format!("Countries: {c}"));
    }
    credits.push("Settlements: GeoNames (CC BY 4.0)".into());
    credits.push("Lambert conformal conic projection, WGS84".into());
    let attribution_lines = wrap(&credits, " · ", width - 2.0 * MARGIN, 10.0);
    let bottom = 26.0 + 13.0 * attribution_lines.len() as f64;
    let height = inset.as_ref().map_or(m.y1, |(f, _)| f.area.y1) + bottom;

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

    // The inset's box on the main map: its edges, which labels must not cross.
    if let Some((inset, _)) = &inset {
        let e = inset::extent_on(&main, inset);
        for (x0, y0, x1, y1) in [
            (e.x0, e.y0, e.x1, e.y0),
            (e.x0, e.y1, e.x1, e.y1),
            (e.x0, e.y0, e.x0, e.y1),
            (e.x1, e.y0, e.x1, e.y1),
        ] {
            taken.push(Box2 {
                x0: x0 - 1.0,
                y0: y0 - 1.0,
                x1: x1 + 1.0,
                y1: y1 + 1.0,
            });
        }
    }
    let main_style = LayerStyle {
        ids: "",
        label_every_incident: false,
        country_names: (24.0, 13.0),
    };
    let drawn = draw_layers(&mut svg, data, &main, &corridor, &mut taken, &main_style);

    let tolls: Vec<u64> = drawn
        .incidents
        .iter()
        .filter_map(|i| i.fatalities)
        .collect();
    legend::legend_svg(&mut svg, data, &legend, !corridor.0.is_empty(), &tolls);
    legend::scale_and_north_svg(&mut svg, &main, &scale_box, "");
    if has_locator {
        let corners: Vec<(f64, f64)> = [(m.x0, m.y0), (m.x1, m.y0), (m.x1, m.y1), (m.x0, m.y1)]
            .iter()
            .map(|&(x, y)| main.unproject(x, y))
            .collect();
        countries::draw_locator(&mut svg, data.countries, frontier, date, &locator, &corners);
    }

    if let Some((inset, mag)) = &inset {
        let e = inset::extent_on(&main, inset);
        let _ = writeln!(
            svg,
            r##"<rect id="inset-extent" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#1a1a1a" stroke-width="1.2"><title>magnified below</title></rect>"##,
            e.x0,
            e.y0,
            e.width(),
            e.height()
        );
        let i = inset.area;
        let inset_scale = Box2 {
            x0: i.x0 + 8.0,
            y0: i.y1 - 70.0,
            x1: i.x0 + 330.0,
            y1: i.y1 - 6.0,
        };
        let mut inset_taken = vec![inset_scale];
        let inset_style = LayerStyle {
            ids: "inset-",
            label_every_incident: true,
            country_names: (22.0, 12.0),
        };
        let _ = writeln!(svg, r#"<g id="inset">"#);
        let d = draw_layers(
            &mut svg,
            data,
            inset,
            &corridor,
            &mut inset_taken,
            &inset_style,
        );
        legend::scale_and_north_svg(&mut svg, inset, &inset_scale, "inset-");
        let _ = writeln!(
            svg,
            r##"<text id="inset-caption" x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#1a1a1a">The boxed area magnified ×{mag:.1}: {} of its {} incidents labelled, with day and place</text>"##,
            i.x0,
            i.y0 - 10.0,
            d.labelled,
            d.incidents.len()
        );
        let _ = writeln!(svg, "</g>");
    }

    // Title, date, summary and attributions.
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="30" font-size="20" font-weight="bold" fill="#1a1a1a">{}</text>"##,
        esc(&opts.title)
    );
    for (k, line) in summary_lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r##"<text class="summary" x="{MARGIN}" y="{:.1}" font-size="13" fill="#333333">{}</text>"##,
            52.0 + 17.0 * k as f64,
            esc(line)
        );
    }
    for (k, line) in attribution_lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r##"<text class="attribution" x="{MARGIN}" y="{:.1}" font-size="10" fill="#555555">{}</text>"##,
            height - bottom + 22.0 + 13.0 * k as f64,
            esc(line)
        );
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The parts joined by `sep` into lines no wider than `width` px at `size` px (a part wider
/// than a line is a line of its own).
fn wrap(parts: &[String], sep: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in parts {
        match lines.last_mut() {
            Some(l) if labels::text_width(&format!("{l}{sep}{p}"), size) <= width => {
                l.push_str(sep);
                l.push_str(p);
            }
            _ => lines.push(p.clone()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributions_wrap_at_their_separators() {
        let parts: Vec<String> = ["aaaa", "bbbb", "cc"].map(String::from).to_vec();
        // 0.62 × 10 px a character: "aaaa · bbbb" is 11 characters, 68.2 px.
        assert_eq!(
            super::wrap(&parts, " · ", 70.0, 10.0),
            ["aaaa · bbbb", "cc"]
        );
        assert_eq!(
            super::wrap(&parts, " · ", 20.0, 10.0),
            ["aaaa", "bbbb", "cc"]
        );
        assert_eq!(super::wrap(&parts, " · ", 1e9, 10.0), ["aaaa · bbbb · cc"]);
    }
}
