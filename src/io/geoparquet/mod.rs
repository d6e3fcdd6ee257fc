//! GeoParquet 1.1 (behind the `parquet` feature): a streaming writer of a WKB geometry column
//! with its `geo` metadata and a bbox covering, and a reader of any Parquet file's rows as
//! GeoJSON-shaped records (WKB or native `point` geometry, or plain columns).
//!
//! Built on Apache Arrow's `parquet` and `arrow` crates (not `geoparquet`/`geoarrow`, which
//! need a newer Rust and an older arrow, and whose arrays would still need converting to `geo`
//! types: `docs/design/geoparquet.md`). What files hold:
//! - the geometry as ISO WKB in column `geometry`, with `"crs"` left out (= OGC:CRS84, lon/lat
//!   WGS 84, as every file of borderscope is), its types and bounding box in the footer's `geo`
//!   key, and a `bbox` struct column (xmin, ymin, xmax, ymax) as the 1.1 covering, so that
//!   DuckDB, GDAL and pyarrow can skip row groups by place;
//! - SNAPPY compression, as pyarrow, GeoPandas and DuckDB write by default, and a row group per
//!   block of records (the writer streams);
//! - columns of lists or objects as JSON text marked with Arrow's canonical `arrow.json`
//!   extension type, and, for borderscope's own feature files, the collection's members (the
//!   frontier's `meta`, the attribution) as JSON under the footer key `borderscope`, so that a
//!   file loads back as it was written.

pub(crate) mod reader;
mod values;
mod writer;

pub use crate::io::wkb::{read_wkb, read_wkb_point, write_wkb};
pub use reader::{ParquetRows, is_parquet, read_feature_collection};
pub use writer::{GeoParquetWriter, collection_to_parquet, features_to_parquet};

/// The footer key of borderscope's own members (see the module's documentation).
pub const MEMBERS_KEY: &str = "borderscope";

/// The field metadata that marks a column of JSON text (Arrow's canonical extension type).
pub const JSON_EXTENSION: (&str, &str) = ("ARROW:extension:name", "arrow.json");

/// A Parquet file could not be written (or its schema made).
#[derive(Debug, thiserror::Error)]
pub enum GeoParquetError {
    /// What the parquet crate said.
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// What the arrow crate said.
    #[error("Arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}
