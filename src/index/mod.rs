//! Spatial indexes (rstar, bulk-loaded once) with exact geodesic refinement.

pub mod capsule_tree;
pub mod period_index;
pub mod point_index;
pub mod segment_index;

pub use period_index::PeriodIndex;
pub use point_index::{PointHit, PointIndex};
pub use segment_index::{NearestSegment, SegmentIndex, TIE_M};
