//! A settlement of the gazetteer: a named point with where its position comes from.

use geo::Point;

/// How well a position is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// 1: from a gazetteer to seconds of arc or better (GeoNames, a sourced coordinate).
    Sourced = 1,
    /// 2: sourced to minutes of arc only (about ±1 km).
    Minutes = 2,
    /// 3: inferred from descriptions ("between X and Y"), not from a source's coordinate.
    Inferred = 3,
}

impl Precision {
    /// The precision with this code (1, 2 or 3, as files write it); `None` for any other.
    pub fn from_code(code: u64) -> Option<Self> {
        match code {
            1 => Some(Precision::Sourced),
            2 => Some(Precision::Minutes),
            3 => Some(Precision::Inferred),
            _ => None,
        }
    }

    /// The code files write: 1, 2 or 3.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// A settlement: a village, town or named place people use as a reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    /// Its name, as the gazetteer spells it.
    pub name: String,
    /// GeoNames id, when the place is in GeoNames.
    pub geonames_id: Option<u64>,
    /// Other names and spellings, e.g. "Isfana" for Razzakov.
    pub alt_names: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country it lies in.
    pub country: String,
    /// Population, when known (GeoNames' 0 means unknown and is kept as `None`).
    pub population: Option<u64>,
    /// Its position, lon/lat (x = longitude, y = latitude), degrees.
    pub point: Point<f64>,
    /// How well the position is known.
    pub precision: Precision,
    /// Where the position comes from.
    pub source: String,
    /// Other properties, kept for output.
    pub extra: serde_json::Map<String, serde_json::Value>,
}
