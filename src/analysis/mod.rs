//! Questions answered from a frontier: contested share over time, proximity of incidents and
//! settlements, shared borders for import.

pub(crate) mod corridor;
#[doc(hidden)]
pub mod offset_ring;
pub(crate) mod proximity;
pub(crate) mod region;
pub(crate) mod segment_ranking;
pub(crate) mod share;
pub(crate) mod shared_border;
pub(crate) mod statements;
pub(crate) mod uncertainty;

pub use corridor::{CorridorError, CorridorOptions, MAX_RADIUS_M, corridor};
pub use proximity::{Assessment, Proximity};
pub use region::Region;
pub use segment_ranking::{Period, SegmentRank, SegmentTally, rank_segments};
pub use share::{
    ConfidenceLengths, Lengths, MeasuredFrontier, SectorSummary, Summary, TimelineRow,
};
pub use shared_border::{
    ImportLabels, chain, frontier_from_pieces, polygons_shared_border, topology_shared_border,
};
pub use statements::StatementCheck;
pub use uncertainty::{
    DateBasis, LocationBasis, Near, Uncertainty, UncertaintyRules, Verdict, place_words,
};
