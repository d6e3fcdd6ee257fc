//! Files in and out: frontier GeoJSON, country files for import, the embedded data, and
//! atomic output.

pub mod countries;
pub mod csv_blocks;
pub mod embedded;
pub mod error;
pub mod feature_stream;
pub mod frontier_geojson;
pub mod geojson;
pub mod incidents;
pub mod json_value;
pub mod settlements_geojson;
pub mod topojson;
pub mod write;

pub use countries::{CountryFeature, CountryFile, CountryLabel, load_countries, parse_countries};
pub use error::{LoadError, MissingColumn, NotText, Place, file_label};
pub use frontier_geojson::{frontier_to_string, load_frontier, parse_frontier, segment_properties};
pub use geojson::{collection_to_string, line_geometry};
pub use incidents::{
    ColumnRole, CsvLayout, CsvSource, IncidentColumns, IncidentInput, IncidentReader, InputFormat,
    RecordSpan, geojson_reader, open_incidents, open_input, parse_incidents_csv,
    parse_incidents_geojson,
};
pub use settlements_geojson::{
    load_settlements, parse_settlements, settlement_properties, settlements_to_string,
};
pub use topojson::{Topology, parse_topology};
pub use write::{Output, OutputWriter, WriteError};
