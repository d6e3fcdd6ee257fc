//! Questions answered from a frontier: contested share over time, proximity of incidents and
//! settlements, shared borders for import.

pub mod corridor;
pub mod offset_ring;
pub mod proximity;
pub mod region;
pub mod share;
pub mod shared_border;

pub use proximity::{Assessment, Period, Proximity, SegmentRank, SegmentTally, rank_segments};
pub use region::Region;
pub use share::{Lengths, MeasuredFrontier, SectorSummary, Summary, TimelineRow};
pub use shared_border::{
    ImportLabels, frontier_from_pieces, polygons_shared_border, topology_shared_border,
};
