//! Plain data types: frontiers, segments and their status over time. No I/O here.

pub mod date;
pub mod frontier;
pub mod segment;
pub mod status;

pub use date::{DateError, parse_date};
pub use frontier::{AgreedSnapshot, Country, Frontier, FrontierMeta, OfficialLength};
pub use segment::{Confidence, Segment, Validity};
pub use status::{History, HistoryError, Status, StatusChange};
