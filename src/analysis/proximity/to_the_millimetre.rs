//! The assessment for the CSV and Parquet rows, from the chords' proven intervals where they
//! decide every figure those rows give ([`Proximity::to_the_millimetre`]).

use jiff::civil::Date;

use super::{Assessment, Proximity, Uncertainty};
use crate::geodesy::Query;
use crate::geodesy::chord_band::millimetres;
use crate::index::period_index::Wanted;
use crate::index::segment_index::TIE_M;
use crate::index::{NearestSegment, SegmentIndex};
use crate::model::Status;

impl Proximity<'_> {
    /// The engine for reports that give the nearest settlement's distance to the millimetre
    /// and not its direction (the CSV and Parquet rows): the settlement is the same, its
    /// distance rounds to the same millimetre, but is found from the chord where that decides
    /// it ([`PointIndex::nearest_to_the_millimetre`]): then its azimuths are NaN and its distance
    /// is right only to the millimetre (a hit the exact search gave, near a tie or a rounding
    /// boundary, is exact and has its azimuths).
    ///
    /// [`PointIndex::nearest_to_the_millimetre`]: crate::index::PointIndex::nearest_to_the_millimetre
    pub fn settlements_to_the_millimetre(mut self) -> Self {
        self.settlements_mm = true;
        self
    }

    /// The engine for the CSV and Parquet rows of the incidents report: as
    /// [`settlements_to_the_millimetre`](Self::settlements_to_the_millimetre), and the
    /// segments' distances too are found from the chords where that decides every figure those
    /// rows give (the distances to the millimetre, the contested range, `near_contested`, the
    /// verdict, and whether the nearest segment is within the threshold):
    /// [`SegmentIndex::nearest_to_the_millimetre`] gives an interval holding the exact
    /// distance, the assessment is made at both its ends, and taken (at the lower end) when the
    /// two agree on all of them and on each of the verdict's tests, which then holds for every
    /// distance between, the exact one too, as each is monotone in the one distance it depends
    /// on. Else, and where the incident's days span a change of status (where answers are
    /// compared by distance), the segments found are measured exactly. `tests/millimetre_rows.rs`
    /// compares the rows with the exact engine's over 1.4 million incidents on two frontiers.
    /// The nearest segments contested throughout and possibly contested are looked for only
    /// within `--within` + the radius (as far as the verdict reads them), and are `None` where
    /// they lie farther. Any other use of the distances (more decimals, other thresholds) needs
    /// the exact engine.
    pub fn to_the_millimetre(mut self) -> Self {
        self.settlements_mm = true;
        self.segments_mm = true;
        self
    }

    /// [`assess_over`](Self::assess_over) from the chords' intervals
    /// ([`to_the_millimetre`](Self::to_the_millimetre)), with the segments' exact distances
    /// where those do not decide.
    pub(super) fn assess_to_the_millimetre(
        &self,
        query: &Query,
        date: Date,
        u: Uncertainty,
        within_m: f64,
    ) -> Assessment {
        let segments = &self.frontier.segments;
        let search = |index: &SegmentIndex| index.nearest_to_the_millimetre(query, |_| true);
        let (nearest, rn) = split(search(self.periods.existing_on(date)));
        let (contested, rc) = match nearest {
            Some(n) if segments[n.segment].status_at(date) == Some(Status::Contested) => {
                (Some(n), rn)
            }
            _ => split(self.periods.contested_on(date).and_then(search)),
        };
        let (first, last) = (u.first_day.min(date), u.last_day.max(date));
        let banded = rn.is_some() || rc.is_some();
        let settlement = self.nearest_settlement(query);
        // The segments are decided; their exact distances, where the intervals do not decide.
        let exact = || {
            let measured = |n: Option<NearestSegment>, r: Option<(f64, f64)>| match (n, r) {
                (Some(n), Some(_)) => self
                    .segment_index
                    .distance_to_edge(n.segment, n.edge, query),
                _ => n,
            };
            let (n, c) = (measured(nearest, rn), measured(contested, rc));
            let all = Wanted::default();
            self.complete(query, date, u, within_m, n, c, all, settlement)
                .0
        };
        // Over a change of status the answers are compared by distance: exact.
        if banded && !self.periods.in_one_period(first, last, date) {
            return exact();
        }
        let set = |n: Option<NearestSegment>, r: Option<(f64, f64)>| {
            n.map(|mut n| {
                if let Some((lo, _)) = r {
                    n.distance.distance_m = lo;
                }
                n
            })
        };
        let (n, c) = (set(nearest, rn), set(contested, rc));
        // The rows read the nearest segments contested throughout and possibly contested only
        // against `--within` ± the radius.
        let wanted = Wanted {
            on_date_hi: rc.map(|(_, hi)| hi),
            within_m: Some(within_m + u.radius_m),
        };
        let (lo, compared) = self.complete(query, date, u, within_m, n, c, wanted, settlement);
        if !banded {
            return lo;
        }
        // The nearest possibly contested segment came from comparing another's distance with
        // the contested one's: where that falls within the contested interval (or a tie of
        // it), the comparison is not decided by the interval.
        if let (Some(o), Some((clo, chi))) = (compared, rc)
            && (clo - TIE_M..=chi + TIE_M).contains(&o.distance.distance_m)
        {
            return exact();
        }
        // The same at the intervals' upper ends: every answer naming an edge whose distance
        // came by interval takes that interval's upper end (the same edge has the same exact
        // distance, whichever search found it).
        let bands = [nearest.zip(rn), contested.zip(rc)];
        let up = |n: Option<NearestSegment>| {
            n.map(|mut n| {
                for (b, (_, hi)) in bands.iter().flatten() {
                    if (b.segment, b.edge) == (n.segment, n.edge) {
                        n.distance.distance_m = *hi;
                    }
                }
                n
            })
        };
        let mut hi = lo;
        (hi.nearest, hi.contested) = (up(lo.nearest), up(lo.contested));
        (hi.contested_throughout, hi.possibly_contested) =
            (up(lo.contested_throughout), up(lo.possibly_contested));
        self.judge(&mut hi, within_m);
        if printed_alike(&lo, &hi, within_m) {
            lo
        } else {
            exact()
        }
    }
}

/// An answer and its interval, apart.
fn split(
    found: Option<(NearestSegment, Option<(f64, f64)>)>,
) -> (Option<NearestSegment>, Option<(f64, f64)>) {
    found.map_or((None, None), |(n, r)| (Some(n), r))
}

/// Whether two assessments give the same CSV and Parquet figures: the segments' distances to
/// the millimetre, the contested range to the millimetre, `near_contested`, whether the
/// nearest segment is within `within_m` (which the per-segment counts take), and each of the
/// verdict's tests, in the verdict's own arithmetic (not only the verdict they lead to: two
/// ways to the same verdict at the two ends need not mean the same verdict between). Each of
/// these is monotone in the one distance it depends on, and every printed figure is a
/// function of them, so two assessments that agree on all of them agree with any between.
fn printed_alike(a: &Assessment, b: &Assessment, within_m: f64) -> bool {
    let mm = |n: Option<NearestSegment>| n.map(|n| millimetres(n.distance.distance_m));
    let range = |x: &Assessment| {
        x.contested_distance_range_m()
            .map(|(lo, hi)| (millimetres(lo), millimetres(hi)))
    };
    let within = |x: &Assessment| x.nearest.map(|n| n.distance.distance_m <= within_m);
    // The tests of `verdict`: of the stretch contested throughout, and of the possibly
    // contested one.
    let tests = |x: &Assessment| {
        let (r, d) = (x.radius_m, |n: NearestSegment| n.distance.distance_m);
        (
            x.contested_throughout
                .map(|t| (d(t) + r <= within_m, d(t) - r <= within_m)),
            x.possibly_contested
                .map(|p| (d(p) - r <= within_m, d(p) + r > within_m)),
        )
    };
    mm(a.nearest) == mm(b.nearest)
        && mm(a.contested) == mm(b.contested)
        && a.near_contested == b.near_contested
        && range(a) == range(b)
        && within(a) == within(b)
        && tests(a) == tests(b)
        && a.verdict == b.verdict
}
