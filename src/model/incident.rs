//! An incident: something that happened at a point on a date, as sure as its source is of the
//! place and the day.

use geo::Point;
use jiff::civil::Date;

/// One incident, from any of the input formats.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The identifier the source gives (ACLED `event_id_cnty`, UCDP `id`, ...), or the row or
    /// feature number when it gives none.
    pub id: String,
    /// The day it happened as the source codes it (ACLED `event_date`, which for an event
    /// known only to a week or a month is that period's middle; UCDP `date_start`, the
    /// earliest possible day).
    pub date: Date,
    /// Lon/lat.
    pub point: Point<f64>,
    /// Deaths, when the source gives a number (ACLED `fatalities`, UCDP `best`).
    pub fatalities: Option<u64>,
    /// Other properties of a GeoJSON feature, kept for JSON and GeoJSON output.
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// The last day it may have happened on, when the source gives one (UCDP `date_end`, a
    /// GeoJSON `date_end`); `None`: the source gives no end.
    pub date_end: Option<Date>,
    /// How precisely the source knows the day (ACLED `time_precision`, UCDP `date_prec`).
    pub time_precision: Option<PrecisionCode>,
    /// How precisely the source knows the place (ACLED `geo_precision`, UCDP `where_prec`).
    pub geo_precision: Option<PrecisionCode>,
    /// The radius in metres around `point` within which it happened, when the input gives it
    /// (a column named with `--uncertainty-col`, a `location_uncertainty_m` property); it
    /// takes precedence over `geo_precision`.
    pub uncertainty_m: Option<f64>,
}

impl Incident {
    /// An incident at a point on a day, nothing else known: no fatality figure, no other
    /// properties, no precision codes (the place and the day taken as exact).
    pub fn at(id: impl Into<String>, date: Date, point: Point<f64>) -> Self {
        Incident {
            id: id.into(),
            date,
            point,
            fatalities: None,
            properties: serde_json::Map::new(),
            date_end: None,
            time_precision: None,
            geo_precision: None,
            uncertainty_m: None,
        }
    }
}

/// Whose codebook a precision code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrecisionScheme {
    /// ACLED: `geo_precision` 1–3, `time_precision` 1–3.
    Acled,
    /// UCDP GED: `where_prec` 1–7, `date_prec` 1–5.
    Ucdp,
}

/// A precision code as a dataset gives it: the scheme and the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrecisionCode {
    /// The codebook.
    pub scheme: PrecisionScheme,
    /// The code (1 = most precise).
    pub code: u8,
}

impl PrecisionCode {
    /// An ACLED code.
    pub fn acled(code: u8) -> Self {
        PrecisionCode {
            scheme: PrecisionScheme::Acled,
            code,
        }
    }

    /// A UCDP GED code.
    pub fn ucdp(code: u8) -> Self {
        PrecisionCode {
            scheme: PrecisionScheme::Ucdp,
            code,
        }
    }

    /// The name of the field that holds a place code in this scheme: `geo_precision` (ACLED)
    /// or `where_prec` (UCDP).
    pub fn place_field(self) -> &'static str {
        match self.scheme {
            PrecisionScheme::Acled => "geo_precision",
            PrecisionScheme::Ucdp => "where_prec",
        }
    }

    /// The name of the field that holds a date code in this scheme: `time_precision` (ACLED)
    /// or `date_prec` (UCDP).
    pub fn date_field(self) -> &'static str {
        match self.scheme {
            PrecisionScheme::Acled => "time_precision",
            PrecisionScheme::Ucdp => "date_prec",
        }
    }
}
