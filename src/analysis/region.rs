//! A box around the frontier, for noticing incidents whose latitude and longitude were swapped.

use crate::model::Frontier;

/// A lon/lat box around the frontier, for noticing swapped latitude and longitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    lon: (f64, f64),
    lat: (f64, f64),
}

impl Region {
    /// The frontier's lon/lat box widened by a degree on each side.
    ///
    /// ```
    /// let region = borderscope::analysis::Region::around(&borderscope::embedded::kg_tj_frontier());
    /// // Kok-Tash, and the same place with latitude and longitude swapped.
    /// assert!(!region.looks_swapped(70.5358, 39.9497));
    /// assert!(region.looks_swapped(39.9497, 70.5358));
    /// ```
    pub fn around(frontier: &Frontier) -> Self {
        let (mut lon, mut lat) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
        for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
            lon = (lon.0.min(c.x), lon.1.max(c.x));
            lat = (lat.0.min(c.y), lat.1.max(c.y));
        }
        Region {
            lon: (lon.0 - 1.0, lon.1 + 1.0),
            lat: (lat.0 - 1.0, lat.1 + 1.0),
        }
    }

    fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.lon.0..=self.lon.1).contains(&lon) && (self.lat.0..=self.lat.1).contains(&lat)
    }

    /// Far from the frontier, but on it with latitude and longitude swapped.
    pub fn looks_swapped(&self, lon: f64, lat: f64) -> bool {
        !self.contains(lon, lat) && self.contains(lat, lon)
    }
}
