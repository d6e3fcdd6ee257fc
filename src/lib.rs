//! # borderscope
//!
//! Analyse a national frontier segment by segment: which stretches were contested on a given
//! date, how long they are on the WGS84 ellipsoid, and what share of the frontier that is.
//!
//! The Kyrgyzstan–Tajikistan frontier is built in ([`embedded::kg_tj_frontier`]); any other
//! frontier loads from a GeoJSON file ([`load_frontier`]) or is derived from country polygons
//! or a TopoJSON topology ([`analysis::shared_border`]).
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
//! Coordinates are lon/lat (RFC 7946) everywhere; dates are [`jiff::civil::Date`].

// #![warn(missing_docs)]

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
