//! The numbers: every metric decision lives here, and everything is on the WGS84 ellipsoid.
//!
//! - [`wgs84`]: the one ellipsoid: its constants and GeographicLib's geodesics on it.
//! - `geomath`: GeographicLib's mathematical helpers (angles, series), for `inverse`.
//! - `inverse`: Karney's inverse problem for many lines from prepared points.
//! - `ecef`: Earth-centred coordinates and the chord bounds the indexes use.
//! - `chord_band`: a proven interval for a geodesic's length from its chord, to decide
//!   distances to the millimetre without solving the inverse problem.
//! - `chord_angle`: a proven test from chords that an edge's end is its nearest point to a
//!   point (the angle there is obtuse).
//! - `query`: a query point, prepared once for the several searches made from it ([`Query`]).
//! - `point_segment`: exact distance from a point to a geodesic edge ([`GeodesicEdge`],
//!   [`EdgeDistance`]).
//! - `length`: geodesic lengths of lines (Karney): [`length_m`], [`distance_m`], [`azimuth_deg`].
//! - `antimeridian`: lines cut at ±180° and joined again; central meridians for drawing.
//! - `simplify`: Douglas–Peucker with a bound in metres on the ellipsoid.
//! - `direction`: compass words for azimuths ([`compass8`]).
//!
//! The layer imports nothing of the crate outside it, and its modules form no circle: `wgs84`,
//! `geomath`, `length` and `direction` import none of the others; `inverse` imports `geomath`
//! and `wgs84`; `ecef` imports `wgs84` (its tests also `length`); `chord_band` imports `ecef` and
//! `wgs84`; `chord_angle` imports `chord_band` and `ecef`; `query` imports `ecef` and `inverse`;
//! `point_segment` imports `wgs84`, `inverse`, `query`, `ecef`, `chord_band` and `chord_angle`;
//! `antimeridian` imports `wgs84` and `point_segment`; `simplify` imports `point_segment`,
//! `ecef` and `length`.

#[doc(hidden)]
pub mod antimeridian;
#[doc(hidden)]
pub mod chord_angle;
#[doc(hidden)]
pub mod chord_band;
pub(crate) mod direction;
#[doc(hidden)]
pub mod ecef;
pub(crate) mod geomath;
#[doc(hidden)]
pub mod inverse;
pub(crate) mod length;
pub(crate) mod point_segment;
pub(crate) mod query;
#[doc(hidden)]
pub mod simplify;
pub mod wgs84;

pub use direction::compass8;
pub use length::{azimuth_deg, distance_m, length_m};
pub use point_segment::{EdgeDistance, GeodesicEdge};
pub use query::Query;
