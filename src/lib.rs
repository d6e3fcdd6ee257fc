//! # borderscope
//!
//! Analyse a national frontier segment by segment: which stretches were contested on a given
//! date, how long they are on the WGS84 ellipsoid, and what share of the frontier that is.
//!
//! The Kyrgyzstan–Tajikistan frontier is built in ([`embedded::kg_tj_frontier`]); any other
//! frontier loads from a GeoJSON file ([`load_frontier`]) or is derived from country polygons
//! or a TopoJSON topology ([`analysis::polygons_shared_border`],
//! [`analysis::topology_shared_border`]).
//!
//! ```
//! use borderscope::{MeasuredFrontier, embedded};
//! use jiff::civil::date;
//!
//! let frontier = embedded::kg_tj_frontier();
//! let measured = MeasuredFrontier::new(&frontier);
//! let sep_2022 = measured.summary(date(2022, 9, 16));
//! let share = sep_2022.lengths.contested_share().unwrap();
//! assert!(share > 0.3 && share < 0.6, "{share}");
//! assert_eq!(measured.summary(date(2026, 1, 1)).lengths.contested_m, 0.0);
//! ```
//!
//! Coordinates are lon/lat (RFC 7946) everywhere; distances and lengths are metres on the WGS84
//! ellipsoid unless a name says `km`; dates are [`jiff::civil::Date`].
//!
//! ## Map of the API
//!
//! The names most programs need are re-exported here at the top; the rest of the public API
//! is one layer down, each layer a module:
//!
//! - [`model`]: plain data, no I/O. A [`Frontier`] of [`Segment`]s, each with a status
//!   [`History`] of [`StatusChange`]s ([`Status`]), a [`Validity`] and a [`Confidence`];
//!   [`Settlement`]; [`Incident`]; [`parse_date`].
//! - [`io`]: files in and out. Frontiers ([`load_frontier`], [`parse_frontier`]), gazetteers
//!   ([`load_settlements`], [`parse_settlements`]), incidents ([`open_incidents`],
//!   [`io::open_input`] giving an [`IncidentInput`], [`io::parse_incidents_csv`], with
//!   [`IncidentColumns`]), country files for import ([`io::load_countries`]), the [`embedded`]
//!   data, and output written whole or not at all ([`Output`], [`OutputWriter`]). Errors:
//!   [`LoadError`], [`WriteError`].
//! - [`geodesy`]: the numbers, on WGS84: [`geodesy::length_m`], [`geodesy::distance_m`],
//!   [`geodesy::azimuth_deg`], [`geodesy::GeodesicEdge`], and the ellipsoid in
//!   [`geodesy::wgs84`].
//! - [`index`]: spatial indexes with exact geodesic refinement: [`index::SegmentIndex`],
//!   [`index::PeriodIndex`] (by status period), [`index::PointIndex`].
//! - [`analysis`]: the questions. [`MeasuredFrontier`] gives [`Lengths`] and a [`Summary`] at a
//!   date, or a timeline; [`Proximity`] gives the [`Assessment`] of a point on a date, and
//!   [`analysis::rank_segments`] ranks segments by the incidents near them;
//!   [`analysis::corridor()`] is the ground within a distance of lines; shared borders come
//!   from country polygons or a TopoJSON topology ([`analysis::polygons_shared_border`],
//!   [`analysis::topology_shared_border`], [`analysis::frontier_from_pieces`]).
//! - [`report`]: what the commands print, built here for any front end: [`IncidentReport`] (one
//!   row per incident, or by segment) streamed by [`report::pipeline::run`] into a [`Sink`];
//!   [`report::summary_report`], [`report::near_report`], [`report::settlements_report`];
//!   one format for every report, [`report::Format`] (also named [`RowFormat`]), and
//!   [`report::Unsupported`] where a shape has no form in one; [`ReportError`].
//! - [`render`]: what people look at: the layered export ([`render::export_text`]), the SVG map
//!   ([`render::render_svg`]) and the HTML map ([`render::render_html`]), each drawn from a
//!   [`render::MapData`].
//!
//! Modules marked `#[doc(hidden)]` (`io::csv_blocks`, `geodesy::ecef`, `report::format` and
//! the like) are internal plumbing shared with the binary, the benches and the tests: public
//! so that those can reach them, not part of the API, and with no promise of stability.

#![warn(missing_docs)]

pub mod analysis;
pub mod geodesy;
pub mod index;
pub mod io;
pub mod model;
pub mod render;
pub mod report;

// The names most programs need, at the top. Everything else public is one layer down
// (`borderscope::io::…`, `borderscope::report::…`); modules marked `#[doc(hidden)]` are
// plumbing shared with the binary, the benches and the tests, not part of the API.
pub use analysis::{Assessment, Lengths, MeasuredFrontier, Period, Proximity, Summary};
pub use io::{
    IncidentColumns, IncidentInput, LoadError, Output, OutputWriter, WriteError, embedded,
    load_frontier, load_settlements, open_incidents, parse_frontier, parse_settlements,
};
pub use model::{
    Confidence, Frontier, History, Incident, Segment, Settlement, Status, StatusChange, Validity,
    parse_date,
};
pub use report::{IncidentReport, ReportError, RowFormat, Sink};
