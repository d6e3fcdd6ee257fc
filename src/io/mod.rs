//! Files in and out: frontier GeoJSON, country files for import, the embedded data, files of
//! features in their four encodings, and atomic output.

pub(crate) mod countries;
pub(crate) mod country_areas;
#[doc(hidden)]
pub mod csv_blocks;
#[doc(hidden)]
pub mod csv_split;
pub mod embedded;
pub(crate) mod error;
pub(crate) mod feature_file;
pub(crate) mod feature_source;
pub(crate) mod frontier_geojson;
pub(crate) mod geojson;
#[cfg(feature = "gpkg")]
pub mod geopackage;
#[cfg(feature = "parquet")]
pub mod geoparquet;
pub(crate) mod incidents;
#[doc(hidden)]
pub mod json_value;
#[doc(hidden)]
pub mod record_stream;
pub(crate) mod settlements_geojson;
pub(crate) mod topojson;
#[cfg(any(feature = "parquet", feature = "gpkg"))]
pub(crate) mod wkb;
pub(crate) mod wkt_csv;
pub(crate) mod write;

pub use countries::{CountryFeature, CountryFile, CountryLabel, load_countries, parse_countries};
pub use country_areas::{load_country_areas, parse_country_areas};
pub use error::{DateOrderProblem, LoadError, MissingColumn, NotText, Place, file_label};
pub use feature_file::{FeatureFormat, features_to_string};
pub use frontier_geojson::{
    EXPORT_SEGMENT_KEYS, SEGMENT_KEYS, frontier_to_format, frontier_to_string, load_frontier,
    meta_to_json, parse_frontier, segment_properties,
};
pub use geojson::{collection_to_string, line_geometry};
#[cfg(feature = "parquet")]
pub use incidents::open_arrow;
pub use incidents::{
    BlockParser, ColumnRole, CsvLayout, CsvSource, IncidentColumns, IncidentInput, IncidentReader,
    InputFormat, Keep, RecordSpan, geojson_reader, open_incidents, open_input, parse_incidents_csv,
    parse_incidents_geojson,
};
pub use settlements_geojson::{
    load_gazetteer, load_settlements, parse_gazetteer, parse_settlements, settlement_properties,
    settlements_to_string,
};
pub use topojson::{ArcRef, TopoGeometry, Topology, parse_topology};
pub use write::{Output, OutputWriter, Pending, WriteError, remove_pending_files};
