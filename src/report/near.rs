//! The `near` report: what lies near a point on a date: the nearest segment and the nearest
//! contested one, the settlements and incidents within a radius, as text, CSV, JSON or GeoJSON
//! (the point, the segments' lines and the places around as features, one per CSV row).

use std::fmt::Write as _;

use geo::Point;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::attribution::{add_member, text_line};
use super::format::{Format, csv_field};
use super::summary::pretty;
use super::text::{
    certainty_note, certainty_word, distance_text, incident_place_and_toll, position_text,
    relative_to_settlement, settlement_label, where_text,
};
use crate::analysis::{Assessment, Proximity};
use crate::geodesy::compass8;
use crate::index::{NearestSegment, PointHit, PointIndex};
use crate::io::{collection_to_string, line_geometry};
use crate::model::{Frontier, Incident, Settlement, Status};

/// The question: a point, a date, a radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearQuery {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// The date of the statuses.
    pub date: Date,
    /// The radius (km) for settlements and incidents.
    pub radius_km: f64,
}

/// The `near` report, whole, in `format`: what of the engine's frontier and gazetteer, and of
/// `incidents`, lies near the query's point. Text ends with a `Data: {attribution}` line and
/// JSON and GeoJSON have an `attribution` member (see [`crate::report::attribution()`]); CSV
/// has no place for it. GeoJSON has a feature for the point (`kind` `point`) and one for each
/// CSV row, with the CSV's `kind`: the segments as their lines, settlements and incidents as
/// points.
///
/// ```
/// use borderscope::analysis::Proximity;
/// use borderscope::embedded;
/// use borderscope::report::{Format, NearQuery, near_report};
///
/// let (frontier, settlements) = (embedded::kg_tj_frontier(), embedded::kg_tj_settlements());
/// let engine = Proximity::new(&frontier, &settlements);
/// let date = jiff::civil::date(2022, 9, 14);
/// let q = NearQuery { lat: 39.9497, lon: 70.5358, date, radius_km: 1.0 };
/// let csv = near_report(&engine, &[], &q, Format::Csv, None);
/// // Kok-Tash: GeographicLib brute-force minimisation gives 2184.225437 m to the line.
/// assert!(csv.contains("segment,isfara-05-chorku,"), "{csv}");
/// assert!(csv.contains(",contested,2184.225,"), "{csv}");
/// ```
pub fn near_report(
    engine: &Proximity,
    incidents: &[Incident],
    q: &NearQuery,
    format: Format,
    attribution: Option<&str>,
) -> String {
    let frontier = engine.frontier();
    let settlements = engine.settlements();
    let date = q.date;
    let p = Point::new(q.lon, q.lat);
    let radius_m = q.radius_km * 1000.0;
    let a = engine.assess(p, date, radius_m);
    let near_settlements = engine.settlement_index().within(p, radius_m);
    let incident_index = PointIndex::new(incidents.iter().map(|i| i.point));
    let near_incidents = incident_index.within(p, radius_m);

    let seg_json = |n: &NearestSegment| {
        let s = &frontier.segments[n.segment];
        json!({"id": s.id, "name": s.name, "sector": s.sector,
               "status": s.status_at(date).map(Status::as_str),
               "status_certainty": s.certainty_at(date).map(|c| c.certainty()),
               "distance_m": (n.distance.distance_m * 1000.0).round() / 1000.0,
               "closest_point": [n.distance.closest.x(), n.distance.closest.y()]})
    };
    match format {
        Format::Geojson | Format::Parquet => {
            let mut members = serde_json::Map::new();
            members.insert("lat".into(), json!(q.lat));
            members.insert("lon".into(), json!(q.lon));
            members.insert("as_of".into(), json!(date.to_string()));
            members.insert("radius_km".into(), json!(q.radius_km));
            members.insert("attribution".into(), json!(attribution));
            let point = |x: f64, y: f64| json!({"type": "Point", "coordinates": [x, y]});
            let mut features = vec![json!({"type": "Feature",
                "properties": {"kind": "point", "lat": q.lat, "lon": q.lon},
                "geometry": point(q.lon, q.lat)})];
            for (kind, n) in [("segment", &a.nearest), ("contested_segment", &a.contested)] {
                let Some(n) = n else { continue };
                let s = &frontier.segments[n.segment];
                let closest = n.distance.closest;
                // No feature id: the nearest and the nearest contested may be one segment.
                features.push(json!({"type": "Feature",
                    "properties": {"kind": kind, "id": s.id, "name": s.name, "sector": s.sector,
                        "status": s.status_at(date).map(Status::as_str),
                        "status_certainty": s.certainty_at(date).map(|c| c.certainty()),
                        "distance_m": (n.distance.distance_m * 1000.0).round() / 1000.0,
                        "closest_lon": closest.x(), "closest_lat": closest.y()},
                    "geometry": line_geometry(&s.line.0, |c| json!([c.x, c.y]))}));
            }
            for h in &near_settlements {
                let s = &settlements[h.index];
                features.push(json!({"type": "Feature",
                    "properties": {"kind": "settlement", "name": s.name, "country": s.country,
                        "geonames_id": s.geonames_id, "population": s.population,
                        "precision": s.precision.code(),
                        "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                        "direction": compass8(h.azimuth_to_deg)},
                    "geometry": point(s.point.x(), s.point.y())}));
            }
            for h in &near_incidents {
                let i = &incidents[h.index];
                features.push(json!({"type": "Feature", "id": i.id,
                    "properties": {"kind": "incident", "id": i.id, "date": i.date.to_string(),
                        "fatalities": i.fatalities,
                        "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                        "direction": compass8(h.azimuth_to_deg)},
                    "geometry": point(i.point.x(), i.point.y())}));
            }
            collection_to_string(&members, features)
        }
        Format::Json => {
            let v = json!({
                "lat": q.lat, "lon": q.lon, "as_of": date.to_string(), "radius_km": q.radius_km,
                "nearest_segment": a.nearest.as_ref().map(seg_json),
                "nearest_contested_segment": a.contested.as_ref().map(seg_json),
                "settlements": near_settlements.iter().map(|h| {
                    let s = &settlements[h.index];
                    json!({"name": s.name, "country": s.country, "geonames_id": s.geonames_id,
                           "population": s.population, "precision": s.precision.code(),
                           "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                           "direction": compass8(h.azimuth_to_deg)})
                }).collect::<Vec<Value>>(),
                "incidents": near_incidents.iter().map(|h| {
                    let i = &incidents[h.index];
                    json!({"id": i.id, "date": i.date.to_string(), "fatalities": i.fatalities,
                           "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                           "direction": compass8(h.azimuth_to_deg)})
                }).collect::<Vec<Value>>(),
            });
            let mut v = v;
            add_member(&mut v, attribution);
            pretty(&v)
        }
        Format::Csv => {
            let mut s = String::from("kind,id,name,status,distance_m,direction,status_certainty\n");
            let mut seg_row = |kind: &str, n: &NearestSegment| {
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "{kind},{},{},{},{:.3},,{}",
                    csv_field(&seg.id),
                    csv_field(&seg.name),
                    seg.status_at(date).map_or("", Status::as_str),
                    n.distance.distance_m,
                    certainty_word(seg, date)
                );
            };
            if let Some(n) = &a.nearest {
                seg_row("segment", n);
            }
            if let Some(n) = &a.contested {
                seg_row("contested_segment", n);
            }
            for h in &near_settlements {
                let st = &settlements[h.index];
                let id = st.geonames_id.map_or(String::new(), |g| g.to_string());
                let _ = writeln!(
                    s,
                    "settlement,{id},{},,{:.3},{},",
                    csv_field(&st.name),
                    h.distance_m,
                    compass8(h.azimuth_to_deg)
                );
            }
            for h in &near_incidents {
                let i = &incidents[h.index];
                let _ = writeln!(
                    s,
                    "incident,{},{},,{:.3},{},",
                    csv_field(&i.id),
                    i.date,
                    h.distance_m,
                    compass8(h.azimuth_to_deg)
                );
            }
            s
        }
        Format::Text => {
            near_text(
                frontier,
                q,
                date,
                &a,
                &near_settlements,
                settlements,
                &near_incidents,
                incidents,
            ) + &text_line(attribution)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn near_text(
    frontier: &Frontier,
    q: &NearQuery,
    date: Date,
    a: &Assessment,
    near_settlements: &[PointHit],
    settlements: &[Settlement],
    near_incidents: &[PointHit],
    incidents: &[Incident],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}, statuses as of {date}",
        position_text(q.lat, q.lon, 5)
    );
    match &a.nearest {
        Some(n) => {
            let s = &frontier.segments[n.segment];
            let _ = writeln!(
                out,
                "  nearest segment    {} \"{}\" ({}), {}, {} away{}",
                s.id,
                s.name,
                s.sector,
                s.status_at(date).map_or("no status yet", Status::as_str),
                distance_text(n.distance.distance_m),
                certainty_note(s, date)
            );
        }
        None => {
            let _ = writeln!(out, "  nearest segment    none exists on {date}");
        }
    }
    match &a.contested {
        Some(c) => {
            let s = &frontier.segments[c.segment];
            let _ = writeln!(
                out,
                "  nearest contested  {} \"{}\", {} away{}",
                s.id,
                s.name,
                distance_text(c.distance.distance_m),
                certainty_note(s, date)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  nearest contested  none: nothing was contested on {date}"
            );
        }
    }
    if let Some(h) = a.settlement {
        let s = &settlements[h.index];
        let _ = writeln!(
            out,
            "  place              {}",
            relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)
        );
    }
    let _ = writeln!(
        out,
        "\n  settlements within {} km ({}):",
        q.radius_km,
        near_settlements.len()
    );
    for h in near_settlements {
        let s = &settlements[h.index];
        let _ = writeln!(
            out,
            "  {:>12}  {}",
            where_text(h.distance_m, h.azimuth_to_deg),
            settlement_label(s)
        );
    }
    let _ = writeln!(
        out,
        "\n  incidents within {} km ({}):",
        q.radius_km,
        near_incidents.len()
    );
    for h in near_incidents {
        let i = &incidents[h.index];
        let (place, fat) = incident_place_and_toll(i);
        let _ = writeln!(
            out,
            "  {:>12}  {} {}{place}{fat}",
            where_text(h.distance_m, h.azimuth_to_deg),
            i.date,
            i.id
        );
    }
    out
}
