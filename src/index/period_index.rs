//! Indexes per status period: the frontier's change dates cut time into periods in which the
//! same segments exist and the same are contested. Each distinct set gets its own
//! [`SegmentIndex`], so "the nearest segment contested on this day" is a plain nearest query,
//! never a filtered scan (which, where nothing near is contested, would visit every edge).

use geo::Point;
use jiff::civil::Date;

use super::segment_index::{FrontierEdges, NearestSegment, SegmentIndex};
use crate::geodesy::Query;
use crate::model::{Frontier, Status};

/// Nearest-segment queries by date.
#[derive(Debug, Clone)]
pub struct PeriodIndex {
    /// Period `k` (k ≥ 1) starts on `starts[k - 1]`; period 0 is everything before `starts[0]`.
    starts: Vec<Date>,
    /// Per period: which index holds the segments that exist, and the contested ones (if any).
    existing: Vec<usize>,
    contested: Vec<Option<usize>>,
    indexes: Vec<SegmentIndex>,
}

impl PeriodIndex {
    /// Indexes every status period of `frontier`.
    pub fn new(frontier: &Frontier) -> Self {
        Self::over(frontier, &FrontierEdges::new(frontier))
    }

    /// Like [`new`](Self::new), over edges already measured.
    pub fn over(frontier: &Frontier, edges: &FrontierEdges) -> Self {
        let starts = frontier.change_dates();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        let mut indexes: Vec<SegmentIndex> = Vec::new();
        let mut slot = |set: Vec<usize>| -> usize {
            if let Some(i) = sets.iter().position(|s| *s == set) {
                return i;
            }
            indexes.push(SegmentIndex::over(edges, |k| set.binary_search(&k).is_ok()));
            sets.push(set);
            sets.len() - 1
        };
        let mut existing = Vec::new();
        let mut contested = Vec::new();
        for k in 0..=starts.len() {
            let day = if k == 0 {
                starts
                    .first()
                    .map_or(Date::MIN, |d| d.yesterday().unwrap_or(Date::MIN))
            } else {
                starts[k - 1]
            };
            let live: Vec<usize> = (0..frontier.segments.len())
                .filter(|&i| frontier.segments[i].exists_at(day))
                .collect();
            let hot: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&i| frontier.segments[i].status_at(day) == Some(Status::Contested))
                .collect();
            existing.push(slot(live));
            contested.push(if hot.is_empty() {
                None
            } else {
                Some(slot(hot))
            });
        }
        PeriodIndex {
            starts,
            existing,
            contested,
            indexes,
        }
    }

    fn period(&self, date: Date) -> usize {
        self.starts.partition_point(|d| *d <= date)
    }

    /// The nearest segment whose line exists on `date`.
    pub fn nearest_existing(&self, p: Point<f64>, date: Date) -> Option<NearestSegment> {
        self.nearest_existing_to(&Query::new(p), date)
    }

    /// [`nearest_existing`](Self::nearest_existing) from a prepared point.
    pub fn nearest_existing_to(&self, q: &Query, date: Date) -> Option<NearestSegment> {
        self.indexes[self.existing[self.period(date)]].nearest_to(q, |_| true)
    }

    /// The nearest segment contested on `date`, if any is.
    pub fn nearest_contested(&self, p: Point<f64>, date: Date) -> Option<NearestSegment> {
        self.nearest_contested_to(&Query::new(p), date)
    }

    /// [`nearest_contested`](Self::nearest_contested) from a prepared point.
    pub fn nearest_contested_to(&self, q: &Query, date: Date) -> Option<NearestSegment> {
        let i = self.contested[self.period(date)]?;
        self.indexes[i].nearest_to(q, |_| true)
    }

    /// Whether any segment is contested on `date`.
    pub fn any_contested(&self, date: Date) -> bool {
        self.contested[self.period(date)].is_some()
    }

    /// How many distinct segment sets are indexed (for diagnostics).
    pub fn distinct_sets(&self) -> usize {
        self.indexes.len()
    }
}
