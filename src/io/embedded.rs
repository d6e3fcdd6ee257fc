//! The data built into the binary, so that `borderscope` works with no path given.

use crate::io::parse_frontier;
use crate::model::Frontier;

/// The Kyrgyzstan–Tajikistan frontier, `data/border.geojson` (geometry © OpenStreetMap
/// contributors, ODbL 1.0; statuses and dates from the sources in `data/SOURCES.md`).
pub const KG_TJ_BORDER_GEOJSON: &str = include_str!("../../data/border.geojson");

/// The name used for the embedded frontier in messages.
pub const KG_TJ_BORDER_NAME: &str = "embedded data/border.geojson";

/// The embedded Kyrgyzstan–Tajikistan frontier.
pub fn kg_tj_frontier() -> Frontier {
    // The embedded file is fixed at build time and checked by the `embedded_border_loads` test,
    // so a failure here is a build defect, not bad input.
    parse_frontier(KG_TJ_BORDER_GEOJSON, KG_TJ_BORDER_NAME)
        .expect("the embedded frontier is validated by the test suite")
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_border_loads() {
        let f = super::kg_tj_frontier();
        assert!(f.segments.len() >= 20);
    }
}
