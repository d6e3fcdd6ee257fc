//! Which incidents happened near which stretch of the frontier, whether that stretch was
//! contested on the day, and next to which settlement.

use std::sync::Arc;

use geo::Point;
use jiff::civil::Date;

use super::uncertainty::{DateBasis, LocationBasis, Near, Uncertainty, UncertaintyRules, Verdict};
use crate::geodesy::Query;
use crate::index::period_index::Wanted;
use crate::index::segment_index::FrontierEdges;
use crate::index::{NearestSegment, PeriodIndex, PointHit, PointIndex, SegmentIndex};
use crate::model::{Frontier, Incident, Settlement, Status, StatusAt};

mod to_the_millimetre;

/// A frontier and a gazetteer, indexed once for any number of proximity questions.
///
/// ```
/// use borderscope::analysis::Proximity;
/// use borderscope::embedded;
/// use geo::Point;
/// use jiff::civil::date;
///
/// let frontier = embedded::kg_tj_frontier();
/// let settlements = embedded::kg_tj_settlements();
/// let engine = Proximity::new(&frontier, &settlements);
/// // Kok-Tash on the first day of the September 2022 war.
/// let a = engine.assess(Point::new(70.5358, 39.9497), date(2022, 9, 14), 10_000.0);
/// assert_eq!(frontier.segments[a.nearest.unwrap().segment].id, "isfara-05-chorku");
/// assert!(a.near_contested);
/// // GeographicLib brute-force minimisation: 2184.225437 m (tests/fixtures/reference_point_distances.py).
/// approx::assert_abs_diff_eq!(a.nearest.unwrap().distance.distance_m, 2184.225437, epsilon = 1e-3);
/// ```
///
/// The engine borrows the frontier and gazetteer ([`Proximity::new`]) or owns them
/// ([`Proximity::owned`], a `Proximity<'static>` that a binding can keep and share across
/// threads: the engine is `Send + Sync`).
#[derive(Debug, Clone)]
pub struct Proximity<'a> {
    frontier: Held<'a, Frontier>,
    settlements: Held<'a, [Settlement]>,
    segment_index: SegmentIndex,
    periods: PeriodIndex,
    settlement_index: PointIndex,
    /// Whether the nearest settlement's distance is wanted only to the millimetre, and its
    /// azimuths not at all ([`Self::settlements_to_the_millimetre`]).
    settlements_mm: bool,
    /// Whether the segments' distances are wanted only as the CSV and Parquet rows give them
    /// ([`Self::to_the_millimetre`]).
    segments_mm: bool,
}

/// What is near one point on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// The day whose statuses were used.
    pub status_date: Date,
    /// The nearest segment whose line exists on that day.
    pub nearest: Option<NearestSegment>,
    /// Its status on that day (`None`: no status recorded yet).
    pub nearest_status: Option<Status>,
    /// The nearest segment contested on that day, if any was.
    pub contested: Option<NearestSegment>,
    /// Whether that contested segment is within the threshold.
    pub near_contested: bool,
    /// The nearest settlement, with the direction of the point from it.
    pub settlement: Option<PointHit>,
    /// The radius in metres around the point within which the incident happened (0: the
    /// point is taken as exact).
    pub radius_m: f64,
    /// Where the radius comes from.
    pub location: LocationBasis,
    /// The first and the last day it may have happened on (both `status_date` for one day;
    /// both the `--as-of` date when statuses are taken on one date).
    pub days: (Date, Date),
    /// The status of the `contested` segment over those days, as sure as the record is.
    pub contested_status: Option<StatusAt>,
    /// The nearest segment contested on every one of those days, for certain.
    pub contested_throughout: Option<NearestSegment>,
    /// The nearest segment that may have been contested on one of those days.
    pub possibly_contested: Option<NearestSegment>,
    /// Near a contested stretch: yes, possibly or no, and why.
    pub verdict: Verdict,
}

impl Assessment {
    /// The distance from the incident's disk to the `contested` segment, in metres: from the
    /// exact distance less the radius (not below 0) to the exact distance plus it (every
    /// point of the disk is that far, by the triangle inequality of geodesic distance).
    pub fn contested_distance_range_m(&self) -> Option<(f64, f64)> {
        self.contested.map(|c| {
            let d = c.distance.distance_m;
            ((d - self.radius_m).max(0.0), d + self.radius_m)
        })
    }
}

/// Data the engine borrows or shares.
#[derive(Debug)]
enum Held<'a, T: ?Sized> {
    Borrowed(&'a T),
    Shared(Arc<T>),
}

impl<T: ?Sized> Clone for Held<'_, T> {
    fn clone(&self) -> Self {
        match self {
            Held::Borrowed(r) => Held::Borrowed(r),
            Held::Shared(a) => Held::Shared(Arc::clone(a)),
        }
    }
}

impl<T: ?Sized> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Borrowed(r) => r,
            Held::Shared(a) => a,
        }
    }
}

impl Proximity<'static> {
    /// Indexes a frontier and a gazetteer it owns (shared: a clone of the engine copies no
    /// data).
    ///
    /// ```
    /// use borderscope::analysis::Proximity;
    /// use borderscope::embedded;
    ///
    /// let engine = Proximity::owned(embedded::kg_tj_frontier(), embedded::kg_tj_settlements());
    /// let worker = std::thread::spawn(move || {
    ///     let kok_tash = geo::Point::new(70.5358, 39.9497);
    ///     engine.assess(kok_tash, jiff::civil::date(2022, 9, 14), 10_000.0)
    /// });
    /// let a = worker.join().unwrap();
    /// // GeographicLib brute-force minimisation: 2184.225437 m.
    /// approx::assert_abs_diff_eq!(a.nearest.unwrap().distance.distance_m, 2184.225437, epsilon = 1e-3);
    /// ```
    pub fn owned(frontier: impl Into<Arc<Frontier>>, settlements: Vec<Settlement>) -> Self {
        Self::build(
            Held::Shared(frontier.into()),
            Held::Shared(Arc::from(settlements)),
        )
    }
}

impl<'a> Proximity<'a> {
    /// Indexes a frontier and a gazetteer it borrows.
    pub fn new(frontier: &'a Frontier, settlements: &'a [Settlement]) -> Self {
        Self::build(Held::Borrowed(frontier), Held::Borrowed(settlements))
    }

    fn build(frontier: Held<'a, Frontier>, settlements: Held<'a, [Settlement]>) -> Self {
        // Every edge measured once, shared by the all-segments and per-period indexes.
        let edges = FrontierEdges::new(&frontier);
        Proximity {
            segment_index: SegmentIndex::over(&edges, |_| true),
            periods: PeriodIndex::over(&frontier, &edges),
            settlement_index: PointIndex::new(settlements.iter().map(|s| s.point)),
            settlements_mm: false,
            segments_mm: false,
            frontier,
            settlements,
        }
    }

    /// The frontier.
    pub fn frontier(&self) -> &Frontier {
        &self.frontier
    }

    /// The gazetteer.
    pub fn settlements(&self) -> &[Settlement] {
        &self.settlements
    }

    /// The index of every segment's edges.
    pub fn segment_index(&self) -> &SegmentIndex {
        &self.segment_index
    }

    /// The index of the settlements, in the gazetteer's order.
    pub fn settlement_index(&self) -> &PointIndex {
        &self.settlement_index
    }

    /// The nearest segment, the nearest contested segment and the nearest settlement for a point,
    /// with statuses as on `date`; `within_m` is the threshold for `near_contested`. The point
    /// is taken as exact and the day as certain (see [`assess_incident`](Self::assess_incident)).
    pub fn assess(&self, p: Point<f64>, date: Date, within_m: f64) -> Assessment {
        self.assess_over(
            &Query::new(p),
            date,
            Uncertainty {
                radius_m: 0.0,
                location: LocationBasis::Default,
                first_day: date,
                last_day: date,
                dates: DateBasis::Day,
            },
            within_m,
        )
    }

    /// Like [`assess`](Self::assess), for an incident with the uncertainty of its place and
    /// its days (from `rules`); `as_of`, if given, takes every status on that one date
    /// instead of on the incident's days.
    ///
    /// ```
    /// use borderscope::analysis::{Near, Proximity, UncertaintyRules};
    /// use borderscope::model::PrecisionCode;
    /// use borderscope::{Incident, parse_frontier};
    /// use jiff::civil::date;
    ///
    /// // A contested 1° of the equator; an incident 0.063° north of its middle.
    /// let frontier = parse_frontier(r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
    ///   "properties": {"id": "eq", "name": "Equator", "sector": "S",
    ///     "history": [{"from": "2000-01-01", "status": "contested", "source": "test"}]},
    ///   "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 0]]}}]}"#, "eq").unwrap();
    /// let engine = Proximity::new(&frontier, &[]);
    /// let rules = UncertaintyRules::default();
    /// let mut i = Incident::at("a", date(2022, 9, 16), geo::Point::new(0.5, 0.063));
    /// // ACLED geo_precision 1 (a named town, ±2 km): wholly within 10 km.
    /// i.geo_precision = Some(PrecisionCode::acled(1));
    /// let a = engine.assess_incident(&i, &rules, None, 10_000.0);
    /// assert_eq!(a.verdict.near, Near::Yes);
    /// // GeographicLib: the meridian arc from 0° to 0.063° N is 6966.179405 m.
    /// approx::assert_abs_diff_eq!(a.contested.unwrap().distance.distance_m, 6966.179405, epsilon = 1e-6);
    /// // geo_precision 3 (a larger region, ±75 km): possibly, because of the place.
    /// i.geo_precision = Some(PrecisionCode::acled(3));
    /// let a = engine.assess_incident(&i, &rules, None, 10_000.0);
    /// assert_eq!((a.verdict.near, a.verdict.location), (Near::Possibly, true));
    /// assert!(a.near_contested); // the point estimate is unchanged
    /// ```
    pub fn assess_incident(
        &self,
        incident: &Incident,
        rules: &UncertaintyRules,
        as_of: Option<Date>,
        within_m: f64,
    ) -> Assessment {
        let mut u = rules.of(incident);
        if let Some(d) = as_of {
            (u.first_day, u.last_day) = (d, d);
        }
        self.assess_over(
            &Query::new(incident.point),
            as_of.unwrap_or(incident.date),
            u,
            within_m,
        )
    }

    fn assess_over(&self, query: &Query, date: Date, u: Uncertainty, within_m: f64) -> Assessment {
        if self.segments_mm {
            return self.assess_to_the_millimetre(query, date, u, within_m);
        }
        let segments = &self.frontier.segments;
        let nearest = self.periods.nearest_existing_to(query, date);
        // If the nearest segment is contested it is also the nearest contested one (and the
        // tie rule, earliest in the file, picks the same among contested ties).
        let contested = match nearest {
            Some(n) if segments[n.segment].status_at(date) == Some(Status::Contested) => Some(n),
            _ => self.periods.nearest_contested_to(query, date),
        };
        let settlement = self.nearest_settlement(query);
        let all = Wanted::default();
        self.complete(
            query, date, u, within_m, nearest, contested, all, settlement,
        )
        .0
    }

    fn nearest_settlement(&self, query: &Query) -> Option<PointHit> {
        if self.settlements_mm {
            self.settlement_index
                .nearest_to_the_millimetre(query, |_| true)
        } else {
            self.settlement_index.nearest_to(query, |_| true)
        }
    }

    /// The assessment from the nearest segment, the nearest contested one and the nearest
    /// settlement; and the segment whose distance was compared with `contested`'s to find the
    /// nearest possibly contested one, if one was
    /// ([`PeriodIndex::contested_over_compared`], with how much of its answers is `wanted`).
    #[allow(clippy::too_many_arguments)]
    fn complete(
        &self,
        query: &Query,
        date: Date,
        u: Uncertainty,
        within_m: f64,
        nearest: Option<NearestSegment>,
        contested: Option<NearestSegment>,
        wanted: Wanted,
        settlement: Option<PointHit>,
    ) -> (Assessment, Option<NearestSegment>) {
        let segments = &self.frontier.segments;
        let (first, last) = (u.first_day.min(date), u.last_day.max(date));
        let (throughout, possible, compared) = self
            .periods
            .contested_over_compared(query, first, last, date, contested, wanted);
        let mut a = Assessment {
            status_date: date,
            nearest,
            nearest_status: nearest.and_then(|n| segments[n.segment].status_at(date)),
            contested,
            near_contested: false,
            settlement,
            radius_m: u.radius_m,
            location: u.location,
            days: (first, last),
            contested_status: contested.and_then(|c| self.status_over(c.segment, first, last)),
            contested_throughout: throughout,
            possibly_contested: possible,
            // Drawn by `judge` next.
            verdict: Verdict {
                near: Near::No,
                location: false,
                status: None,
            },
        };
        self.judge(&mut a, within_m);
        (a, compared)
    }

    /// The answers drawn from an assessment's distances: `near_contested` and the verdict.
    /// One place for both rules, as the millimetre engine draws them again at the other end
    /// of its intervals.
    pub(super) fn judge(&self, a: &mut Assessment, within_m: f64) {
        let (first, last) = a.days;
        a.near_contested = a
            .contested
            .is_some_and(|c| c.distance.distance_m <= within_m);
        a.verdict = verdict(
            |s| self.status_over(s, first, last),
            a.contested_throughout,
            a.possibly_contested,
            a.radius_m,
            within_m,
        );
    }

    /// A segment's status over `first..=last`: looked up for one day, worked out for more.
    fn status_over(&self, segment: usize, first: Date, last: Date) -> Option<StatusAt> {
        if first == last {
            self.periods.certainty_at(segment, first)
        } else {
            self.frontier.segments[segment].status_over(first, last)
        }
    }

    /// Settlements within `within_m` of a segment that exists on `date` and, if `status` is
    /// given, has that status then; each with its nearest such segment, nearest first.
    pub fn settlements_near(
        &self,
        within_m: f64,
        status: Option<Status>,
        date: Date,
    ) -> Vec<(usize, NearestSegment)> {
        let segments = &self.frontier.segments;
        let keep = |s: usize| {
            segments[s].exists_at(date)
                && status.is_none_or(|st| segments[s].status_at(date) == Some(st))
        };
        let mut out: Vec<(usize, NearestSegment)> = self
            .settlements
            .iter()
            .enumerate()
            .filter_map(|(i, st)| {
                let n = self.segment_index.nearest(st.point, keep)?;
                (n.distance.distance_m <= within_m).then_some((i, n))
            })
            .collect();
        out.sort_by(|a, b| {
            a.1.distance
                .distance_m
                .total_cmp(&b.1.distance.distance_m)
                .then(a.0.cmp(&b.0))
        });
        out
    }
}

/// The verdict from the nearest stretch contested throughout and the nearest possibly
/// contested, for a disk of `radius_m` and the threshold `within_m`.
fn verdict(
    status_over: impl Fn(usize) -> Option<StatusAt>,
    throughout: Option<NearestSegment>,
    possible: Option<NearestSegment>,
    radius_m: f64,
    within_m: f64,
) -> Verdict {
    let d = |n: NearestSegment| n.distance.distance_m;
    if throughout.is_some_and(|c| d(c) + radius_m <= within_m) {
        return Verdict {
            near: Near::Yes,
            location: false,
            status: None,
        };
    }
    // A stretch contested throughout within reach of part of the disk: only the place is
    // in doubt.
    if throughout.is_some_and(|c| d(c) - radius_m <= within_m) {
        return Verdict {
            near: Near::Possibly,
            location: true,
            status: None,
        };
    }
    match possible.filter(|&p| d(p) - radius_m <= within_m) {
        Some(p) => {
            let status = match status_over(p.segment) {
                Some(StatusAt::Uncertain(change)) => Some(change),
                _ => None,
            };
            Verdict {
                near: Near::Possibly,
                location: d(p) + radius_m > within_m,
                status,
            }
        }
        None => Verdict {
            near: Near::No,
            location: false,
            status: None,
        },
    }
}

/// The owning engine can be kept by a binding and shared between threads (checked when this
/// compiles).
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Proximity<'static>>();
};
