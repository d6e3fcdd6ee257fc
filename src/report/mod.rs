//! Reports: what the commands print, built by the library so that any front end (the command
//! line, a Python binding) gets the same rows. Beside [`crate::render`], which draws maps and
//! writes the layered export; the export's incident properties are this layer's schema
//! ([`incidents::finding_properties`]).
//!
//! - `attribution`: the credit every output carries for the data it used: [`attribution()`].
//! - [`pipeline`]: the one streaming, parallel, order-keeping record loop, feeding a [`Sink`].
//! - `incidents`: the rows of `incidents` in every format, and the by-segment tables
//!   ([`IncidentReport`], [`by_segment`]); `by_segment_geojson`: the by-segment ranking as
//!   the segments' lines.
//! - `near`: the `near` report (what lies near a point on a date): [`near_report`].
//! - `settlements`: the `settlements` report (settlements near segments with a status):
//!   [`settlements_report`].
//! - `summary`: the `summary` report (lengths at a date, by sector and segment; timeline):
//!   [`summary_report`].
//! - `format`: the output formats ([`Format`], one for every report; [`Unsupported`] where a
//!   shape has no form in one) and the field and number encoders they share.
//! - `incidents_table` (feature `parquet`): the rows of `incidents` as GeoParquet
//!   ([`IncidentParquet`]); the other reports' Parquet is their GeoJSON's features
//!   ([`crate::io::geoparquet::collection_to_parquet`]).
//! - `text`: words for people (distances, directions, lengths, labels).

pub(crate) mod attribution;
pub(crate) mod by_segment_geojson;
#[doc(hidden)]
pub mod format;
pub(crate) mod incidents;
#[cfg(feature = "parquet")]
pub(crate) mod incidents_table;
pub(crate) mod near;
pub mod pipeline;
pub(crate) mod settlements;
pub(crate) mod summary;
#[doc(hidden)]
pub mod text;
pub(crate) mod timeline;

pub use attribution::{
    EMBEDDED_SETTLEMENTS, Gazetteer, attribution, sidecar_path, sidecar_text, text_line,
};
pub use format::{Format, RowFormat, Unsupported};
pub use incidents::{
    BY_SEGMENT_CSV_HEADER, Batch, CSV_CONTRACT_COLUMNS, CSV_HEADER, IncidentReport, KeptColumn,
    ReportError, Totals, assessment_properties, by_segment, finding_properties,
    identity_properties, kept_columns, row_json,
};
#[cfg(feature = "parquet")]
pub use incidents_table::{IncidentParquet, IncidentTable, incident_fields};
pub use near::{NearQuery, near_report};
pub use pipeline::{Record, Sink};
pub use settlements::settlements_report;
pub use summary::{SummaryRequest, summary_report};
