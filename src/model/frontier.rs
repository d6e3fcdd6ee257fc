//! A frontier: the segments of one border, plus what is known about the border as a whole.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::segment::Segment;

/// One of the two states a frontier separates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Its name in English, e.g. "Kyrgyzstan".
    pub name: String,
    /// ISO 3166-1 alpha-2 code, e.g. "KG".
    pub code: String,
}

/// A length someone official gave for the frontier or part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialLength {
    /// What was measured, e.g. "total, as presented with the 2025 treaty".
    pub label: String,
    /// The length, kilometres.
    pub km: f64,
    /// When the figure was given, if known.
    pub date: Option<Date>,
    /// Where the figure was published: a citation or URL, free text.
    pub source: String,
}

/// A statement, on one date, of how many kilometres had been agreed.
///
/// These snapshots conflict with each other; each is kept with its own source and never merged.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreedSnapshot {
    /// The day the statement was made.
    pub date: Date,
    /// Kilometres said to be agreed (described) by then.
    pub agreed_km: f64,
    /// The total the speaker measured against, if given.
    pub of_km: Option<f64>,
    /// Who said it, e.g. "Kyrgyz GKNB".
    pub by: String,
    /// Where the statement was published: a citation or URL, free text.
    pub source: String,
    /// How `agreed_km` follows from what was said, when it was not said as such (e.g.
    /// "980 − 470 km said to remain", "54 % of 970 km"); `None`: said as such.
    pub derived: Option<String>,
}

/// Facts about the frontier as a whole (the collection-level members of a frontier file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontierMeta {
    /// The frontier's name; for a file with no `frontier` member, the file name without its
    /// extension.
    pub name: String,
    /// The states on either side (usually two; empty when the file does not say).
    pub countries: Vec<Country>,
    /// Lengths given by officials, in file order.
    pub official_lengths: Vec<OfficialLength>,
    /// Statements of how much had been agreed, in file order (never merged).
    pub agreed_snapshots: Vec<AgreedSnapshot>,
    /// Data licence of the geometry, e.g. "ODbL-1.0".
    pub license: Option<String>,
    /// Attribution the licence requires, e.g. "© OpenStreetMap contributors".
    pub attribution: Option<String>,
    /// Why the measured length differs from the official figures, shown beside them.
    pub length_note: Option<String>,
    /// Other collection-level members, kept for round trips.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A frontier: validated segments with unique ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// What is known about the frontier as a whole.
    pub meta: FrontierMeta,
    /// The segments, in file order.
    pub segments: Vec<Segment>,
}

impl Frontier {
    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// Every date on which some segment's status or existence changes, in order.
    pub fn change_dates(&self) -> Vec<Date> {
        let mut dates = BTreeSet::new();
        for s in &self.segments {
            dates.extend(s.history.change_dates());
            dates.extend(s.validity.from);
            dates.extend(s.validity.to);
        }
        dates.into_iter().collect()
    }
}
