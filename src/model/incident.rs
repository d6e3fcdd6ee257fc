//! An incident: something that happened at a point on a date.

use geo::Point;
use jiff::civil::Date;

/// One incident, from any of the input formats.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The identifier the source gives (ACLED `event_id_cnty`, UCDP `id`, ...), or the row or
    /// feature number when it gives none.
    pub id: String,
    /// The day it happened (for multi-day events, the first day).
    pub date: Date,
    /// Lon/lat.
    pub point: Point<f64>,
    /// Deaths, when the source gives a number (ACLED `fatalities`, UCDP `best`).
    pub fatalities: Option<u64>,
    /// Other properties of a GeoJSON feature, kept for JSON and GeoJSON output.
    pub properties: serde_json::Map<String, serde_json::Value>,
}
