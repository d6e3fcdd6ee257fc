//! A query point, prepared once for the several searches made from it.

use geo::Point;

use super::ecef::to_ecef;
use super::inverse::Endpoint;

/// A lon/lat point with its Earth-centred coordinates (for the bounds) and its reduced latitude
/// (for the exact inverse problem), computed once: an incident is searched from three times
/// (nearest segment, nearest contested segment, nearest settlement).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Query {
    /// The point, lon/lat degrees.
    pub point: Point<f64>,
    pub(crate) ecef: [f64; 3],
    pub(crate) endpoint: Endpoint,
}

impl Query {
    /// Prepares `point` (lon/lat degrees).
    pub fn new(point: Point<f64>) -> Self {
        Query {
            point,
            ecef: to_ecef(point.x(), point.y()),
            endpoint: Endpoint::new(point.y(), point.x()),
        }
    }
}
