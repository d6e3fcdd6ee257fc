//! Files in and out: frontier GeoJSON, country files for import, the embedded data, and
//! atomic output.

pub mod countries;
pub mod embedded;
pub mod error;
pub mod frontier_geojson;
pub mod topojson;
pub mod write;

pub use countries::{CountryFeature, CountryFile, CountryLabel, load_countries};
pub use error::{LoadError, Place};
pub use frontier_geojson::{frontier_to_string, load_frontier, parse_frontier, segment_properties};
pub use topojson::{Topology, parse_topology};
pub use write::{Output, WriteError};
