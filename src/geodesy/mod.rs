//! The numbers: every metric decision lives here, and everything is on the WGS84 ellipsoid.

pub mod length;

pub use length::{distance_m, length_m};
