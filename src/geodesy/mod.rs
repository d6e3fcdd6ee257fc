//! The numbers: every metric decision lives here, and everything is on the WGS84 ellipsoid.
//!
//! - [`antimeridian`]: lines cut at ±180° and joined again; central meridians for drawing.
//! - [`length`]: geodesic lengths of lines (Karney).
//! - [`point_segment`]: exact distance from a point to a geodesic edge.
//! - [`inverse`]: Karney's inverse problem for many lines from prepared points.
//! - [`ecef`]: Earth-centred coordinates and the chord bounds the indexes use.
//! - [`direction`]: compass words for azimuths.
//! - [`simplify`]: Douglas–Peucker with a bound in metres on the ellipsoid.

pub mod antimeridian;
pub mod direction;
pub mod ecef;
pub mod inverse;
pub mod length;
pub mod point_segment;
pub mod simplify;

pub use direction::compass8;
pub use length::{azimuth_deg, distance_m, length_m};
pub use point_segment::{EdgeDistance, GeodesicEdge};
