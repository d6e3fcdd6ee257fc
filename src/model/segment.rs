//! A segment: one named stretch of a frontier, with its geometry and status history.

use std::fmt;
use std::str::FromStr;

use geo::LineString;
use jiff::civil::Date;

use super::status::{History, Status, StatusAt, StatusChange};

/// How sure the data is about a segment's status and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    /// The surest: `high`.
    High,
    /// Between the two: `medium`.
    Medium,
    /// The least sure: `low`.
    Low,
}

impl Confidence {
    /// The word used in files and output: `high`, `medium` or `low`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a confidence word other than `high`, `medium` or `low`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown confidence {0:?}: expected \"high\", \"medium\" or \"low\"")]
pub struct UnknownConfidence(pub String);

impl FromStr for Confidence {
    type Err = UnknownConfidence;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "high" => Ok(Confidence::High),
            "medium" => Ok(Confidence::Medium),
            "low" => Ok(Confidence::Low),
            other => Err(UnknownConfidence(other.to_string())),
        }
    }
}

/// The days on which a line exists: from `from` (inclusive) to `to` (exclusive).
///
/// `to` is exclusive because a line "ceases to exist" on a day: the Kayragach exclave boundary
/// has `to = 2025-03-31`, the day the treaty that abolished the exclave entered into force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    /// The first day the line exists (inclusive); `None`: since before any recorded date.
    pub from: Option<Date>,
    /// The day the line ceases to exist (exclusive); `None`: it still exists.
    pub to: Option<Date>,
}

impl Validity {
    /// Whether the line exists on `date`.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }
}

/// One named stretch of a frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Unique within its frontier.
    pub id: String,
    /// Human name, e.g. "Isfara valley: Kok-Tash – Golovnoi".
    pub name: String,
    /// A grouping for tables, e.g. "Batken" or "Leilek".
    pub sector: String,
    /// Lon/lat vertices; the edges between them are geodesics on the WGS84 ellipsoid.
    pub line: LineString<f64>,
    /// The status over time.
    pub history: History,
    /// The days on which the line exists (`valid_from`, `valid_to`).
    pub validity: Validity,
    /// How the status was decided, in words.
    pub basis: Option<String>,
    /// How sure the data is about the status and dates, if the file says.
    pub confidence: Option<Confidence>,
    /// Any other properties the file carried, kept so that a load/save round trip loses nothing.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Segment {
    /// Whether the line exists on `date` (see [`Validity`]).
    pub fn exists_at(&self, date: Date) -> bool {
        self.validity.contains(date)
    }

    /// The status on `date`: `None` if the line does not exist then or no status is recorded yet.
    pub fn status_at(&self, date: Date) -> Option<Status> {
        self.history_entry_at(date).map(|e| e.status)
    }

    /// The status on `date` as sure as the record makes it: `None` if the line does not exist
    /// then or no status is recorded yet (see [`History::certainty_at`]).
    pub fn certainty_at(&self, date: Date) -> Option<StatusAt> {
        self.status_over(date, date)
    }

    /// The status over the days `first..=last` (see [`History::status_over`]), for a line that
    /// exists on `first`.
    pub fn status_over(&self, first: Date, last: Date) -> Option<StatusAt> {
        if self.exists_at(first) {
            self.history.status_over(first, last)
        } else {
            None
        }
    }

    /// The history entry in force on `date`, if the line exists then.
    pub fn history_entry_at(&self, date: Date) -> Option<&StatusChange> {
        if self.exists_at(date) {
            self.history.entry_at(date)
        } else {
            None
        }
    }

    /// Since when the status on `date` has held (see [`History::status_since`]).
    pub fn status_since(&self, date: Date) -> Option<Date> {
        if self.exists_at(date) {
            self.history.status_since(date)
        } else {
            None
        }
    }

    /// Whether the line closes on itself (an enclave or exclave boundary).
    pub fn is_ring(&self) -> bool {
        self.line.0.len() > 3 && self.line.0.first() == self.line.0.last()
    }
}
