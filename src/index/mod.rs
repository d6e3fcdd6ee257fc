//! Spatial indexes (rstar, bulk-loaded once) with exact geodesic refinement.

#[doc(hidden)]
pub mod capsule_tree;
pub(crate) mod period_index;
pub(crate) mod point_index;
pub(crate) mod segment_index;
pub(crate) mod z_order;

pub use period_index::PeriodIndex;
pub use point_index::{PointHit, PointIndex};
pub use segment_index::{FrontierEdges, NearestSegment, SegmentIndex, TIE_M};
pub(crate) use z_order::z_order;
