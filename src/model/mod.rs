//! Plain data types: frontiers, segments and their status over time. No I/O here.

pub mod date;
pub mod frontier;
pub mod incident;
pub mod segment;
pub mod settlement;
pub mod status;

pub use date::{DateError, parse_date};
pub use frontier::{AgreedSnapshot, Country, Frontier, FrontierMeta, OfficialLength};
pub use incident::Incident;
pub use segment::{Confidence, Segment, Validity};
pub use settlement::{Precision, Settlement};
pub use status::{History, HistoryError, Status, StatusChange};
