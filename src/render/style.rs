//! How things look on maps, in one place: colours and sizes by status and by severity, as
//! simplestyle-spec properties (geojson.io, GitHub, Mapbox) that the SVG and HTML maps share.

use crate::model::Status;

/// Contested stretches: a strong red.
pub const CONTESTED: &str = "#d7191c";
/// Settled stretches: mid grey.
pub const SETTLED: &str = "#6f6f6f";
/// Lines with no status recorded on the date: light grey.
pub const UNRECORDED: &str = "#bdbdbd";
/// Settlements.
pub const SETTLEMENT: &str = "#3b3b3b";
/// Corridor fill and outline.
pub const CORRIDOR: &str = "#d7191c";

/// Stroke colour and width of a segment with this status.
pub fn segment_stroke(status: Option<Status>) -> (&'static str, f64) {
    match status {
        Some(Status::Contested) => (CONTESTED, 4.0),
        Some(Status::Settled) => (SETTLED, 2.0),
        None => (UNRECORDED, 2.0),
    }
}

/// Severity class of an incident by its fatalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// No figure given.
    Unknown,
    /// Reported with no deaths.
    None,
    /// 1 to 9 killed.
    Deadly,
    /// 10 or more killed.
    Mass,
}

impl Severity {
    pub fn of(fatalities: Option<u64>) -> Self {
        match fatalities {
            None => Severity::Unknown,
            Some(0) => Severity::None,
            Some(1..=9) => Severity::Deadly,
            Some(_) => Severity::Mass,
        }
    }

    /// simplestyle `marker-color` and `marker-size`.
    pub fn marker(self) -> (&'static str, &'static str) {
        match self {
            Severity::Unknown => ("#fdae61", "small"),
            Severity::None => ("#fdae61", "small"),
            Severity::Deadly => ("#e34a33", "medium"),
            Severity::Mass => ("#7f0000", "large"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Unknown => "no figure",
            Severity::None => "no deaths reported",
            Severity::Deadly => "1–9 killed",
            Severity::Mass => "10 or more killed",
        }
    }
}

/// Radius (px) of an incident's circle on the static map: area grows with the death toll.
pub fn incident_radius_px(fatalities: Option<u64>) -> f64 {
    match fatalities {
        None | Some(0) => 3.5,
        Some(f) => 3.5 + 2.2 * (f as f64).sqrt(),
    }
}
