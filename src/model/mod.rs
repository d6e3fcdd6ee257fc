//! Plain data types: frontiers, segments and their status over time. No I/O here.

pub(crate) mod country_area;
pub(crate) mod date;
pub(crate) mod date_format;
pub(crate) mod frontier;
pub(crate) mod incident;
pub(crate) mod segment;
pub(crate) mod settlement;
pub(crate) mod status;

pub use country_area::{AreaDetail, CountryArea, even_odd_within};
pub use date::{DateError, parse_date, parse_event_date};
pub use date_format::{DateFormat, DayMonth, day_month_order};
pub use frontier::{AgreedSnapshot, Country, Frontier, FrontierMeta, OfficialLength};
pub use incident::{Incident, PrecisionCode, PrecisionScheme};
pub use segment::{Confidence, Segment, UnknownConfidence, Validity};
pub use settlement::{Precision, Settlement};
pub use status::{Change, History, HistoryError, Status, StatusAt, StatusChange, UnknownStatus};
