//! The data built into the binary, so that `borderscope` works with no path given.

use crate::io::{
    IncidentColumns, IncidentReader, LoadError, parse_frontier, parse_incidents_geojson,
    parse_settlements,
};
use crate::model::{CountryArea, Frontier, Settlement};

/// The Kyrgyzstan–Tajikistan frontier, `data/border.geojson` (geometry © OpenStreetMap
/// contributors, ODbL 1.0; statuses and dates from the sources in `data/SOURCES.md`).
pub const KG_TJ_BORDER_GEOJSON: &str = include_str!("../../data/border.geojson");
/// The name used for the embedded frontier in messages.
pub const KG_TJ_BORDER_NAME: &str = "embedded data/border.geojson";

/// Settlements within 30 km of the frontier, `data/settlements.geojson` (GeoNames, CC BY 4.0,
/// plus sourced hotspot places).
pub const KG_TJ_SETTLEMENTS_GEOJSON: &str = include_str!("../../data/settlements.geojson");
/// The name used for the embedded settlements in messages.
pub const KG_TJ_SETTLEMENTS_NAME: &str = "embedded data/settlements.geojson";

/// Documented clashes 2019–2024, `data/incidents.geojson`.
pub const KG_TJ_INCIDENTS_GEOJSON: &str = include_str!("../../data/incidents.geojson");
/// The name used for the embedded incidents in messages.
pub const KG_TJ_INCIDENTS_NAME: &str = "embedded data/incidents.geojson";

/// The country areas the maps shade and name, `data/countries.geojson` (© OpenStreetMap
/// contributors, ODbL 1.0; built by `examples/build_countries.rs`).
pub const KG_TJ_COUNTRIES_GEOJSON: &str = include_str!("../../data/countries.geojson");
/// The name used for the embedded country areas in messages.
pub const KG_TJ_COUNTRIES_NAME: &str = "embedded data/countries.geojson";

// The embedded files are fixed at build time and checked by the tests below, so a failure in
// the functions that follow is a build defect, not bad input.

/// The embedded Kyrgyzstan–Tajikistan frontier.
pub fn kg_tj_frontier() -> Frontier {
    parse_frontier(KG_TJ_BORDER_GEOJSON, KG_TJ_BORDER_NAME)
        .expect("the embedded frontier is validated by the test suite")
}

/// The embedded settlement gazetteer.
pub fn kg_tj_settlements() -> Vec<Settlement> {
    parse_settlements(KG_TJ_SETTLEMENTS_GEOJSON, KG_TJ_SETTLEMENTS_NAME)
        .expect("the embedded settlements are validated by the test suite")
}

/// The embedded country areas (the frontier's two countries and their neighbours).
pub fn kg_tj_country_areas() -> Vec<CountryArea> {
    crate::io::parse_country_areas(KG_TJ_COUNTRIES_GEOJSON, KG_TJ_COUNTRIES_NAME)
        .expect("the embedded country areas are validated by the test suite")
}

/// The embedded incidents, as a reader like any incident file.
pub fn kg_tj_incidents() -> Result<IncidentReader, LoadError> {
    parse_incidents_geojson(
        KG_TJ_INCIDENTS_GEOJSON,
        KG_TJ_INCIDENTS_NAME,
        &IncidentColumns::default(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_border_loads() {
        let f = super::kg_tj_frontier();
        assert!(f.segments.len() >= 20);
    }

    /// Both of the frontier's countries have an area near it and one on the locator.
    #[test]
    fn embedded_country_areas_load_for_both_countries() {
        use crate::model::AreaDetail;
        let areas = super::kg_tj_country_areas();
        for code in ["KG", "TJ"] {
            for detail in [AreaDetail::Frontier, AreaDetail::Locator] {
                assert!(
                    areas.iter().any(|a| a.code == code && a.detail == detail),
                    "{code} {detail:?}"
                );
            }
        }
    }

    #[test]
    fn embedded_settlements_and_incidents_load() {
        assert!(super::kg_tj_settlements().len() > 40);
        let incidents: Vec<_> = super::kg_tj_incidents()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(incidents.len() > 20);
    }
}
