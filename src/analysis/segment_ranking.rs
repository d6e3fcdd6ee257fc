//! The per-segment ranking of `incidents --by-segment`: incidents and fatalities near each
//! segment, per period, from the assessments the proximity engine made.

use jiff::civil::Date;

use super::proximity::Assessment;
use super::uncertainty::Near;
use crate::model::{Frontier, Incident, Status};

/// How `--by-segment` groups incidents in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One period per calendar year, labelled "2022".
    Year,
    /// One period per calendar month, labelled "2022-09".
    Month,
    /// One period for everything.
    All,
}

impl Period {
    /// The label of the period a date falls in: "2022", "2022-09" or "all".
    pub fn label(self, d: Date) -> String {
        match self {
            Period::Year => format!("{:04}", d.year()),
            Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Period::All => "all".to_string(),
        }
    }
}

/// One row of the per-segment ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRank {
    /// The period's label ([`Period::label`]).
    pub period: String,
    /// Index of the segment in the frontier.
    pub segment: usize,
    /// Incidents whose nearest segment this is, within the threshold.
    pub incidents: u64,
    /// Of those, how many happened while the segment was contested.
    pub while_contested: u64,
    /// Sum of the fatalities the incidents give (those without a figure add nothing).
    pub fatalities: u64,
    /// How many of the incidents have no fatality figure.
    pub fatalities_unknown: u64,
    /// Whether the fatalities add up to more than a `u64` holds: `fatalities` is then
    /// `u64::MAX`, a bound and not a sum (a figure in the input must be wrong).
    pub fatalities_overflow: bool,
    /// Of the incidents, those near a contested stretch for certain (verdict *yes*).
    pub near_certain: u64,
    /// Of the incidents, those possibly near one (verdict *possibly*).
    pub near_possible: u64,
    /// The fatalities of the incidents near for certain (saturating).
    pub fatalities_certain: u64,
    /// The fatalities of the incidents possibly near (saturating).
    pub fatalities_possible: u64,
}

impl SegmentRank {
    fn add_fatalities(&mut self, f: u64) {
        match self.fatalities.checked_add(f) {
            Some(sum) => self.fatalities = sum,
            None => {
                self.fatalities = u64::MAX;
                self.fatalities_overflow = true;
            }
        }
    }
}

/// Counts of incidents near each segment per period, built up incident by incident (and
/// mergeable, so that parallel workers can each keep one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentTally {
    rows: std::collections::BTreeMap<(String, usize), SegmentRank>,
}

impl SegmentTally {
    /// Counts an incident for its nearest segment if that is within `within_m`.
    pub fn add(
        &mut self,
        frontier: &Frontier,
        incident: &Incident,
        a: &Assessment,
        within_m: f64,
        period: Period,
    ) {
        let Some(n) = a.nearest.filter(|n| n.distance.distance_m <= within_m) else {
            return;
        };
        let label = period.label(incident.date);
        let r = self
            .rows
            .entry((label.clone(), n.segment))
            .or_insert_with(|| SegmentRank {
                period: label,
                segment: n.segment,
                incidents: 0,
                while_contested: 0,
                fatalities: 0,
                fatalities_unknown: 0,
                fatalities_overflow: false,
                near_certain: 0,
                near_possible: 0,
                fatalities_certain: 0,
                fatalities_possible: 0,
            });
        r.incidents += 1;
        let f = incident.fatalities.unwrap_or(0);
        match a.verdict.near {
            Near::Yes => {
                r.near_certain += 1;
                r.fatalities_certain = r.fatalities_certain.saturating_add(f);
            }
            Near::Possibly => {
                r.near_possible += 1;
                r.fatalities_possible = r.fatalities_possible.saturating_add(f);
            }
            Near::No => {}
        }
        if frontier.segments[n.segment].status_at(a.status_date) == Some(Status::Contested) {
            r.while_contested += 1;
        }
        match incident.fatalities {
            Some(f) => r.add_fatalities(f),
            None => r.fatalities_unknown += 1,
        }
    }

    /// Adds the counts of another tally (e.g. another worker's) to this one.
    pub fn merge(&mut self, other: SegmentTally) {
        for (k, o) in other.rows {
            let r = self.rows.entry(k).or_insert_with(|| SegmentRank {
                incidents: 0,
                while_contested: 0,
                fatalities: 0,
                fatalities_unknown: 0,
                fatalities_overflow: false,
                near_certain: 0,
                near_possible: 0,
                fatalities_certain: 0,
                fatalities_possible: 0,
                ..o.clone()
            });
            r.near_certain += o.near_certain;
            r.near_possible += o.near_possible;
            r.fatalities_certain = r.fatalities_certain.saturating_add(o.fatalities_certain);
            r.fatalities_possible = r.fatalities_possible.saturating_add(o.fatalities_possible);
            r.incidents += o.incidents;
            r.while_contested += o.while_contested;
            r.add_fatalities(o.fatalities);
            r.fatalities_overflow |= o.fatalities_overflow;
            r.fatalities_unknown += o.fatalities_unknown;
        }
    }

    /// Within each period: most incidents near a contested stretch for certain first, then
    /// most incidents, then most fatalities, then file order.
    pub fn ranking(self) -> Vec<SegmentRank> {
        let mut rows: Vec<SegmentRank> = self.rows.into_values().collect();
        rows.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then(b.near_certain.cmp(&a.near_certain))
                .then(b.incidents.cmp(&a.incidents))
                .then(b.fatalities.cmp(&a.fatalities))
                .then(a.segment.cmp(&b.segment))
        });
        rows
    }
}

/// Ranks segments by the incidents near them (nearest segment within `within_m`), per period:
/// most near a contested stretch for certain first, then most incidents, then most
/// fatalities, then file order.
pub fn rank_segments(
    frontier: &Frontier,
    results: &[(Incident, Assessment)],
    within_m: f64,
    period: Period,
) -> Vec<SegmentRank> {
    let mut tally = SegmentTally::default();
    for (incident, a) in results {
        tally.add(frontier, incident, a, within_m, period);
    }
    tally.ranking()
}
