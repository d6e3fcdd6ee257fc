//! The `settlements` report: the settlements within a distance of segments with a given
//! status on a date, nearest segment first, as text, CSV, JSON or GeoJSON.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::attribution::{add_member, text_line};
use super::format::{Format, csv_field};
use super::summary::pretty;
use super::text::{certainty_note, certainty_word, distance_text, settlement_label};
use crate::analysis::Proximity;
use crate::index::NearestSegment;
use crate::io::{collection_to_string, settlement_properties};
use crate::model::Status;

/// The `settlements` report, whole, in `format`: the engine's settlements within `within_km`
/// of a segment that has `status` on `date` (`None`: any segment that exists then). Text ends
/// with a `Data: {attribution}` line, JSON and GeoJSON have an `attribution` member (see
/// [`crate::report::attribution()`]); CSV has no place for it.
///
/// ```
/// use borderscope::analysis::Proximity;
/// use borderscope::embedded;
/// use borderscope::report::{Format, settlements_report};
/// use borderscope::Status;
///
/// let (frontier, settlements) = (embedded::kg_tj_frontier(), embedded::kg_tj_settlements());
/// let engine = Proximity::new(&frontier, &settlements);
/// let date = jiff::civil::date(2022, 9, 16);
/// let csv = settlements_report(&engine, 5.0, Some(Status::Contested), date, Format::Csv, None);
/// assert!(csv.lines().any(|l| l.starts_with("Kok-Tash,")), "{csv}");
/// ```
pub fn settlements_report(
    engine: &Proximity,
    within_km: f64,
    status: Option<Status>,
    date: Date,
    format: Format,
    attribution: Option<&str>,
) -> String {
    let frontier = engine.frontier();
    let settlements = engine.settlements();
    let hits = engine.settlements_near(within_km * 1000.0, status, date);
    let what = match status {
        Some(Status::Contested) => "contested ",
        Some(Status::Settled) => "settled ",
        None => "",
    };

    match format {
        Format::Csv => {
            let mut s = String::from(
                "name,geonames_id,country,population,lon,lat,precision,segment_id,segment_status,distance_m,segment_status_certainty\n",
            );
            for (i, n) in &hits {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{},{},{:.3},{}",
                    csv_field(&st.name),
                    st.geonames_id.map_or(String::new(), |g| g.to_string()),
                    st.country,
                    st.population.map_or(String::new(), |p| p.to_string()),
                    st.point.x(),
                    st.point.y(),
                    st.precision.code(),
                    csv_field(&seg.id),
                    seg.status_at(date).map_or("", Status::as_str),
                    n.distance.distance_m,
                    certainty_word(seg, date)
                );
            }
            s
        }
        Format::Json | Format::Geojson | Format::Parquet => {
            let feature = |(i, n): &(usize, NearestSegment)| {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let mut p = settlement_properties(st);
                p.insert("segment_id".into(), json!(seg.id));
                p.insert("segment_name".into(), json!(seg.name));
                p.insert(
                    "segment_status".into(),
                    json!(seg.status_at(date).map(Status::as_str)),
                );
                p.insert(
                    "distance_m".into(),
                    json!((n.distance.distance_m * 1000.0).round() / 1000.0),
                );
                p.insert(
                    "segment_status_certainty".into(),
                    json!(seg.certainty_at(date).map(|c| c.certainty())),
                );
                json!({"type": "Feature", "properties": p,
                       "geometry": {"type": "Point", "coordinates": [st.point.x(), st.point.y()]}})
            };
            if format.text_form() == Format::Geojson {
                let mut members = serde_json::Map::new();
                members.insert("as_of".into(), json!(date.to_string()));
                members.insert("within_km".into(), json!(within_km));
                members.insert("status".into(), json!(status.map(Status::as_str)));
                members.insert("attribution".into(), json!(attribution));
                collection_to_string(&members, hits.iter().map(feature))
            } else {
                let rows: Vec<Value> = hits
                    .iter()
                    .map(|h| feature(h)["properties"].clone())
                    .collect();
                let mut v = json!({"as_of": date.to_string(), "within_km": within_km, "status": status.map(Status::as_str), "settlements": rows});
                add_member(&mut v, attribution);
                pretty(&v)
            }
        }
        Format::Text => {
            let mut s = format!(
                "{} settlement(s) within {} km of {what}segments, as of {date}\n",
                hits.len(),
                within_km
            );
            for (i, n) in &hits {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "  {:>8}  {}  from {} ({}){}",
                    distance_text(n.distance.distance_m),
                    settlement_label(st),
                    seg.id,
                    seg.status_at(date).map_or("no status", Status::as_str),
                    certainty_note(seg, date)
                );
            }
            s + &text_line(attribution)
        }
    }
}
