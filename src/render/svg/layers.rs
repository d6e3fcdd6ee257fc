//! The map's layers drawn in one frame: country areas and names, the corridor, the segments
//! by status, incidents with their uncertainty, settlements and labels. The main map and the
//! magnified inset are both drawn by [`draw_layers`], each in its own frame and clip.

use std::fmt::Write as _;

use geo::MultiPolygon;

use super::countries;
use super::frame::{Box2, Frame, path_of};
use super::labels::{place_box, place_label, text_width};
use crate::model::{AreaDetail, Incident, Precision, Status, StatusAt};
use crate::render::escape::esc;
use crate::render::export::MapData;
use crate::render::style::{self, Severity};

/// How one frame's layers are drawn.
pub(super) struct LayerStyle<'a> {
    /// Prefix of every element id (`""` for the main map, `"inset-"` for the inset).
    pub ids: &'a str,
    /// Label every incident, incidents at one spot under one label of several lines, with
    /// leader lines where a label must stand away (the inset); otherwise one line per incident
    /// where it fits beside its mark.
    pub label_every_incident: bool,
    /// The size of the countries' names, largest and smallest (px).
    pub country_names: (f64, f64),
}

/// What was drawn: the incidents shown, largest first, and how many of them are labelled.
pub(super) struct Drawn<'a> {
    pub incidents: Vec<&'a Incident>,
    pub labelled: usize,
}

/// Draws every layer in `frame`, clipped to its box; `taken` holds the boxes labels must
/// avoid (panels, the scale bar) and receives the labels placed.
pub(super) fn draw_layers<'a>(
    svg: &mut String,
    data: &'a MapData,
    frame: &Frame,
    corridor: &MultiPolygon<f64>,
    taken: &mut Vec<Box2>,
    st: &LayerStyle,
) -> Drawn<'a> {
    let frontier = data.frontier;
    let date = data.as_of;
    let ids = st.ids;
    let a = frame.area;
    let _ = writeln!(
        svg,
        r##"<clipPath id="{ids}clip"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4f1ea" stroke="#cccccc"/><g clip-path="url(#{ids}clip)">"##,
        a.x0,
        a.y0,
        a.width(),
        a.height(),
        a.x0,
        a.y0,
        a.width(),
        a.height()
    );
    countries::draw_areas(
        svg,
        data.countries,
        AreaDetail::Frontier,
        frontier,
        date,
        frame,
        &format!("{ids}countries"),
    );
    countries::name_areas(
        svg,
        data.countries,
        AreaDetail::Frontier,
        frontier,
        frame,
        taken,
        st.country_names,
        &format!("{ids}country-names"),
    );

    if !corridor.0.is_empty() {
        let mut d = String::new();
        for p in &corridor.0 {
            d.push_str(&path_of(frame, &p.exterior().0, true));
            for h in p.interiors() {
                d.push_str(&path_of(frame, &h.0, true));
            }
        }
        let _ = writeln!(
            svg,
            r#"<g id="{ids}corridors"><path d="{d}" fill="{}" fill-opacity="0.13" fill-rule="evenodd" stroke="{}" stroke-opacity="0.45" stroke-width="0.8"/></g>"#,
            style::CORRIDOR,
            style::CORRIDOR
        );
    }

    // Segments: settled first, contested on top.
    let _ = writeln!(
        svg,
        r#"<g id="{ids}segments" fill="none" stroke-linejoin="round" stroke-linecap="round">"#
    );
    let mut order: Vec<&crate::Segment> = frontier
        .segments
        .iter()
        .filter(|s| s.exists_at(date))
        .collect();
    order.sort_by_key(|s| s.status_at(date) == Some(Status::Contested));
    for s in order {
        let d = path_of(frame, &s.line.0, false);
        if d.is_empty() {
            continue;
        }
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
            r#"<path id="{ids}segment-{}" class="segment {word}{class}" d="{}" stroke="{stroke}" stroke-width="{:.1}"{dash}><title>{} — {} ({word} on {date}{note})</title></path>"#,
            esc(&s.id),
            d,
            w * 0.8,
            esc(&s.id),
            esc(&s.name)
        );
    }
    let _ = writeln!(svg, "</g>");

    // Incidents up to the map's date (the later ones had not happened), largest first so
    // that small ones stay visible.
    let mut incidents: Vec<&Incident> = data
        .incidents
        .iter()
        .filter(|i| i.date <= date && frame.inside(frame.px(i.point.x(), i.point.y())))
        .collect();
    incidents.sort_by_key(|i| std::cmp::Reverse(i.fatalities.unwrap_or(0)));
    // Where each may have happened: a faint ring of the radius its precision gives (the
    // radius measured on the ellipsoid northwards from the point, in the map's scale there).
    let _ = writeln!(
        svg,
        r##"<g id="{ids}incident-uncertainty" fill="none" stroke="#3d0000" stroke-opacity="0.3" stroke-width="0.7" stroke-dasharray="2 3">"##
    );
    for i in &incidents {
        let radius_m = data.rules.of(i).radius_m;
        if radius_m <= 0.0 {
            continue;
        }
        use geographiclib_rs::DirectGeodesic;
        let (lat2, lon2): (f64, f64) =
            crate::geodesy::wgs84::WGS84.direct(i.point.y(), i.point.x(), 0.0, radius_m);
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
        r##"<g id="{ids}incidents" stroke="#3d0000" stroke-width="0.8">"##
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
        taken.push(Box2 {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        });
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
        r##"<g id="{ids}settlements" fill="{}">"##,
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
        r##"<g id="{ids}labels" font-size="11" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-opacity="0.85" paint-order="stroke">"##
    );
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
        // Beside the dot, or beside the incident mark drawn on it.
        let r = incidents
            .iter()
            .map(|i| {
                let (ix, iy) = frame.px(i.point.x(), i.point.y());
                let r = style::incident_radius_px(i.fatalities);
                if (ix - x).hypot(iy - y) < r { r } else { 2.5 }
            })
            .fold(2.5, f64::max);
        if let Some((bx, by)) = place_label(taken, &frame.area, (*x, *y), r, name, 11.0) {
            let _ = writeln!(
                svg,
                r#"<text x="{bx:.1}" y="{:.1}">{}</text>"#,
                by + 11.0 * 0.85,
                esc(name)
            );
        }
    }
    // In the inset every incident is labelled, further out with a leader where need be.
    if st.label_every_incident {
        labelled = incident_callouts(svg, frame, &incidents, taken);
    }
    if !st.label_every_incident {
        // The incidents, with their day and place where room is left (the largest first).
        for i in &incidents {
            let (x, y) = frame.px(i.point.x(), i.point.y());
            let r = style::incident_radius_px(i.fatalities);
            let text = incident_text(i);
            if let Some((bx, by)) = place_label(taken, &frame.area, (x, y), r, &text, 9.0) {
                let _ = writeln!(
                    svg,
                    r##"<text class="incident-label" x="{bx:.1}" y="{:.1}" font-size="9" fill="#5a0000">{}</text>"##,
                    by + 9.0 * 0.85,
                    esc(&text)
                );
                labelled += 1;
            }
        }
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(svg, "</g>");
    Drawn {
        incidents,
        labelled,
    }
}

/// "2022-09-16 Ovchi-Kalacha": an incident's day and its `place` (else its id).
fn incident_text(i: &Incident) -> String {
    let place = i
        .properties
        .get("place")
        .and_then(serde_json::Value::as_str)
        .unwrap_or(&i.id);
    format!("{} {place}", i.date)
}

/// Labels every incident: those within a few pixels of each other share one label of a line
/// each (oldest first), placed beside the spot or, where that is taken, further out with a
/// leader line. Returns how many incidents are labelled.
fn incident_callouts(
    svg: &mut String,
    frame: &Frame,
    incidents: &[&Incident],
    taken: &mut Vec<Box2>,
) -> usize {
    const SIZE: f64 = 10.0;
    const LINE: f64 = 11.5;
    // Group: each incident joins the first group whose first mark is within 6 px.
    let mut groups: Vec<((f64, f64), f64, Vec<&Incident>)> = Vec::new();
    for i in incidents {
        let at = frame.px(i.point.x(), i.point.y());
        let r = style::incident_radius_px(i.fatalities);
        match groups
            .iter_mut()
            .find(|(p, _, _)| (p.0 - at.0).hypot(p.1 - at.1) < 6.0)
        {
            Some(g) => {
                g.1 = g.1.max(r);
                g.2.push(i);
            }
            None => groups.push((at, r, vec![i])),
        }
    }
    let mut labelled = 0;
    for (at, r, mut members) in groups {
        members.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let lines: Vec<String> = members.iter().map(|i| incident_text(i)).collect();
        let w = lines
            .iter()
            .map(|l| text_width(l, SIZE))
            .fold(0.0, f64::max);
        let h = LINE * lines.len() as f64;
        let Some(p) = place_box(taken, &frame.area, at, r, (w, h), true) else {
            continue;
        };
        if p.away {
            // The leader: from the mark's edge to the nearest point of the label's box.
            let (tx, ty) = (at.0.clamp(p.x, p.x + w), at.1.clamp(p.y, p.y + h));
            let (dx, dy) = (tx - at.0, ty - at.1);
            let len = dx.hypot(dy).max(1e-9);
            let _ = writeln!(
                svg,
                r##"<line class="leader" x1="{:.1}" y1="{:.1}" x2="{tx:.1}" y2="{ty:.1}" stroke="#5a0000" stroke-width="0.8" stroke-opacity="0.8"/>"##,
                at.0 + dx / len * r,
                at.1 + dy / len * r
            );
        }
        let _ = write!(
            svg,
            r##"<text class="incident-label" font-size="{SIZE}" fill="#5a0000">"##
        );
        for (k, l) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<tspan x="{:.1}" y="{:.1}">{}</tspan>"#,
                p.x,
                p.y + LINE * k as f64 + SIZE * 0.9,
                esc(l)
            );
        }
        let _ = writeln!(svg, "</text>");
        labelled += members.len();
    }
    labelled
}
