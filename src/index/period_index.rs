//! Indexes per status period: the frontier's change dates cut time into periods in which the
//! same segments exist and the same are contested. Each distinct set gets its own
//! [`SegmentIndex`], so "the nearest segment contested on this day" is a plain nearest query,
//! never a filtered scan (which, where nothing near is contested, would visit every edge).

use geo::Point;
use jiff::civil::Date;

use super::segment_index::{FrontierEdges, NearestSegment, SegmentIndex, TIE_M};
use crate::geodesy::Query;
use crate::model::{Frontier, Status, StatusAt};

/// How much of [`PeriodIndex::contested_over_compared`]'s answers a caller needs: all of them
/// by default.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Wanted {
    /// The upper end of `on_date`'s distance, where it is known only within an interval.
    pub(crate) on_date_hi: Option<f64>,
    /// Where set: the nearest segments contested throughout and possibly contested are wanted
    /// only if they lie within this distance (for a caller that reads them only against
    /// thresholds up to it); one farther may be given as `None`.
    pub(crate) within_m: Option<f64>,
}

/// Nearest-segment queries by date.
#[derive(Debug, Clone)]
pub struct PeriodIndex {
    /// Period `k` (k ≥ 1) starts on `starts[k - 1]`; period 0 is everything before `starts[0]`.
    starts: Vec<Date>,
    /// Per period: which index holds the segments that exist, and the contested ones (if any).
    existing: Vec<usize>,
    contested: Vec<Option<usize>>,
    /// Per period: the segments contested for certain, and those possibly contested (certain,
    /// or changing between contested and settled at an unknown date in a window).
    certain: Vec<Option<usize>>,
    possible: Vec<Option<usize>>,
    /// Per period: where the possibly contested segments are the contested ones and others
    /// (those settled on the day that may not have been), the index of those others alone.
    beyond: Vec<Option<usize>>,
    /// Per period: whether the segments contested for certain are all contested on the day.
    certain_within: Vec<bool>,
    /// The segment numbers of each index, in order.
    sets: Vec<Vec<usize>>,
    /// Per period, per segment: its status as sure as the record is (constant within a
    /// period, since the periods are cut at every date on which a status, its certainty or a
    /// line's existence changes).
    certainty: Vec<Vec<Option<StatusAt>>>,
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
        let mut certain = Vec::new();
        let mut possible = Vec::new();
        let mut beyond = Vec::new();
        let mut certain_within = Vec::new();
        let mut certainty = Vec::new();
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
            let sure: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&i| {
                    frontier.segments[i]
                        .certainty_at(day)
                        .is_some_and(|c| c.contested_throughout())
                })
                .collect();
            let maybe: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&i| {
                    frontier.segments[i]
                        .certainty_at(day)
                        .is_some_and(|c| c.possibly_contested())
                })
                .collect();
            certainty.push(
                frontier
                    .segments
                    .iter()
                    .map(|s| s.certainty_at(day))
                    .collect(),
            );
            // (The sets are in segment order: filtered from `live`.)
            let within = |a: &[usize], b: &[usize]| a.iter().all(|s| b.binary_search(s).is_ok());
            certain_within.push(within(&sure, &hot));
            let others: Vec<usize> = maybe
                .iter()
                .copied()
                .filter(|s| hot.binary_search(s).is_err())
                .collect();
            beyond.push(
                (!hot.is_empty() && !others.is_empty() && within(&hot, &maybe))
                    .then(|| slot(others)),
            );
            existing.push(slot(live));
            for (set, out) in [
                (hot, &mut contested),
                (sure, &mut certain),
                (maybe, &mut possible),
            ] {
                out.push(if set.is_empty() {
                    None
                } else {
                    Some(slot(set))
                });
            }
        }
        PeriodIndex {
            starts,
            existing,
            contested,
            certain,
            possible,
            beyond,
            certain_within,
            sets,
            certainty,
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

    /// The index of the segments whose lines exist on `date`.
    pub fn existing_on(&self, date: Date) -> &SegmentIndex {
        &self.indexes[self.existing[self.period(date)]]
    }

    /// The index of the segments contested on `date`, if any is.
    pub fn contested_on(&self, date: Date) -> Option<&SegmentIndex> {
        Some(&self.indexes[self.contested[self.period(date)]?])
    }

    /// Whether `first..=last` lies in the period of `date` (no status changes within), where
    /// [`contested_over`](Self::contested_over) answers without comparing distances.
    pub fn in_one_period(&self, first: Date, last: Date, date: Date) -> bool {
        if first == date && last == date {
            return true;
        }
        let kd = self.period(date);
        let in_kd = |d: Date| {
            (kd == 0 || self.starts[kd - 1] <= d) && self.starts.get(kd).is_none_or(|&s| d < s)
        };
        in_kd(first) && in_kd(last)
    }

    /// The nearest segment contested on every day of `first..=last` for certain, and the
    /// nearest that may have been contested on some day of it (the same, or one changing status
    /// at an unknown date in a window, or on one of those days). `on_date` is the point
    /// estimate's nearest contested segment on `date`, a day of the span: where the sets are
    /// the same it is the answer, and no search is made.
    pub fn contested_over(
        &self,
        q: &Query,
        first: Date,
        last: Date,
        date: Date,
        on_date: Option<NearestSegment>,
    ) -> (Option<NearestSegment>, Option<NearestSegment>) {
        let (throughout, possible, _) =
            self.contested_over_compared(q, first, last, date, on_date, Wanted::default());
        (throughout, possible)
    }

    /// [`contested_over`](Self::contested_over), and the segment whose distance was compared
    /// with `on_date`'s to find the nearest possibly contested one, if one was. A caller whose
    /// `on_date` distance is known only within an interval gives its upper end
    /// ([`Wanted::on_date_hi`]), and must check that the comparison holds over all of it: the
    /// segment is then given wherever its distance is within [`TIE_M`] of the interval or
    /// below. A caller that reads the answers only against thresholds says how far they are
    /// wanted ([`Wanted::within_m`]): nothing beyond is measured.
    ///
    /// Within one period no distance is compared but there: the segments contested for certain
    /// are among those contested on the day, so where `on_date` is one of them it is their
    /// nearest too; the possibly contested are those contested on the day and others (settled
    /// on the day, changing in a window), so their nearest is the nearer of `on_date` and the
    /// others' nearest, from an index of the others alone (a few segments, where a search of
    /// all the possibly contested cost as much as the point estimate's own).
    pub(crate) fn contested_over_compared(
        &self,
        q: &Query,
        first: Date,
        last: Date,
        date: Date,
        on_date: Option<NearestSegment>,
        wanted: Wanted,
    ) -> (
        Option<NearestSegment>,
        Option<NearestSegment>,
        Option<NearestSegment>,
    ) {
        let kd = self.period(date);
        // The usual case, one period: where its sets are the point estimate's, the answer is
        // the point estimate's; no search.
        if self.in_one_period(first, last, date) {
            let same = |slot: Option<usize>| slot == self.contested[kd];
            // A search of its own, as far as wanted: the segments of such sets are few and
            // often far, and measuring a far one is most of the cost.
            let search = |i: usize| match wanted.within_m {
                Some(m) => self.indexes[i].nearest_within_to(q, m + TIE_M),
                None => self.indexes[i].nearest_to(q, |_| true),
            };
            let mut compared = None;
            let possible = if same(self.possible[kd]) {
                on_date
            } else if let (Some(w), Some(c)) = (self.beyond[kd], on_date) {
                // Only the others that could be nearer, or tie, are measured: a far one is
                // most of the cost of a search.
                let reach = wanted
                    .on_date_hi
                    .unwrap_or(c.distance.distance_m)
                    .max(c.distance.distance_m);
                let other = self.indexes[w].nearest_within_to(q, reach + TIE_M);
                compared = other;
                match other {
                    Some(o) if !nearer(&c, &o) => Some(o),
                    _ => Some(c),
                }
            } else {
                self.possible[kd].and_then(&search)
            };
            let in_certain = |c: &NearestSegment| {
                self.certain[kd].is_some_and(|t| self.sets[t].binary_search(&c.segment).is_ok())
            };
            let throughout = if same(self.certain[kd])
                || (self.certain_within[kd] && on_date.as_ref().is_some_and(in_certain))
            {
                on_date.filter(|_| self.certain[kd].is_some())
            } else {
                self.certain[kd].and_then(search)
            };
            return (throughout, possible, compared);
        }
        let (k0, k1) = (self.period(first), self.period(last));
        // A search in the point estimate's own set is the answer already given.
        let search = |slot: Option<usize>, filter: Option<&dyn Fn(usize) -> bool>| {
            let slot = slot?;
            match filter {
                None if Some(slot) == self.contested[kd] => on_date,
                None => self.indexes[slot].nearest_to(q, |_| true),
                Some(f) => self.indexes[slot].nearest_to(q, f),
            }
        };
        let mut possible: Option<NearestSegment> = None;
        for k in k0..=k1 {
            if let Some(n) = search(self.possible[k], None) {
                possible = Some(match possible {
                    Some(p) if nearer(&p, &n) => p,
                    _ => n,
                });
            }
        }
        let throughout = if (k0..=k1).any(|k| self.certain[k].is_none()) {
            None
        } else if k0 == k1 {
            search(self.certain[k0], None)
        } else {
            let in_all = |s: usize| {
                (k0 + 1..=k1).all(|k| {
                    self.certain[k].is_some_and(|i| self.sets[i].binary_search(&s).is_ok())
                })
            };
            search(self.certain[k0], Some(&in_all))
        };
        (throughout, possible, None)
    }

    /// Segment `segment`'s status on `date` as sure as the record is (what
    /// [`Segment::certainty_at`](crate::model::Segment::certainty_at) answers, looked up).
    pub fn certainty_at(&self, segment: usize, date: Date) -> Option<StatusAt> {
        self.certainty[self.period(date)][segment]
    }

    /// Whether every segment contested on `date` is contested for certain and no other may
    /// be (no window of a change between contested and settled covers the day).
    pub fn contested_is_certain(&self, date: Date) -> bool {
        self.contested_is_certain_in(self.period(date))
    }

    fn contested_is_certain_in(&self, k: usize) -> bool {
        self.certain[k] == self.contested[k] && self.possible[k] == self.contested[k]
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

/// Whether `a` is the nearer of two, ties (within [`TIE_M`]) going to the earlier segment in
/// the file, as the indexes break them.
fn nearer(a: &NearestSegment, b: &NearestSegment) -> bool {
    let (da, db) = (a.distance.distance_m, b.distance.distance_m);
    if (da - db).abs() <= TIE_M {
        a.segment <= b.segment
    } else {
        da < db
    }
}
