//! `incidents --by-segment` as GeoJSON: the ranking as the segments' lines, what a map viewer
//! wants. One LineString feature per row of the by-segment CSV (a segment once per period it
//! ranks in), with that row's columns as its properties; the text, CSV and JSON tables are in
//! `incidents.rs`.

use serde_json::{Map, Value, json};

use crate::analysis::{Period, SegmentRank};
use crate::io::{collection_to_string, line_geometry};
use crate::model::Frontier;

/// The ranking as a FeatureCollection: members `within_km`, `period` (`year`, `month` or
/// `all`) and `attribution`; features in the CSV's order, each with the CSV's columns
/// (`period`, `rank`, `segment_id`, …) as properties.
pub fn ranking(
    frontier: &Frontier,
    rows: &[SegmentRank],
    within_m: f64,
    period: Period,
    attribution: Option<&str>,
) -> String {
    let mut members = Map::new();
    members.insert("within_km".into(), json!(within_m / 1000.0));
    members.insert(
        "period".into(),
        json!(match period {
            Period::Year => "year",
            Period::Month => "month",
            Period::All => "all",
        }),
    );
    members.insert("attribution".into(), json!(attribution));
    let mut rank = 0;
    let mut last = "";
    let features: Vec<Value> = rows
        .iter()
        .map(|r| {
            rank = if r.period == last { rank + 1 } else { 1 };
            last = &r.period;
            let s = &frontier.segments[r.segment];
            json!({
                "type": "Feature",
                "properties": {
                    "period": r.period, "rank": rank, "segment_id": s.id,
                    "segment_name": s.name, "sector": s.sector, "incidents": r.incidents,
                    "while_contested": r.while_contested, "fatalities": r.fatalities,
                    "incidents_without_fatality_figure": r.fatalities_unknown,
                    "near_certain": r.near_certain, "near_possible": r.near_possible,
                    "fatalities_certain": r.fatalities_certain,
                    "fatalities_possible": r.fatalities_possible,
                },
                "geometry": line_geometry(&s.line.0, |c| json!([c.x, c.y])),
            })
        })
        .collect();
    collection_to_string(&members, features)
}
