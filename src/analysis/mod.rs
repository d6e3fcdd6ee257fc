//! Questions answered from a frontier: contested share over time, shared borders for import.

pub mod share;
pub mod shared_border;

pub use share::{Lengths, MeasuredFrontier, SectorSummary, Summary, TimelineRow};
pub use shared_border::{
    ImportLabels, frontier_from_pieces, polygons_shared_border, topology_shared_border,
};
