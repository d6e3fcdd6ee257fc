//! Contested length and share of a frontier at a date, and how they changed over time.

use jiff::civil::Date;

use crate::geodesy::length_m;
use crate::model::{Confidence, Frontier, Segment, Status, StatusAt};

/// Lengths in metres of the lines that exist on a date, by status.
///
/// `contested_m` and `settled_m` are the point estimate (a change dated only to a window
/// counts from the window's end); `contested_certain_m` and `settled_certain_m` are the parts
/// whose status is certain, and the rest of the two, [`uncertain_m`](Self::uncertain_m), was
/// changing status at an unknown date in a window that covers the date.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lengths {
    /// Contested on the date (point estimate).
    pub contested_m: f64,
    /// Settled on the date (point estimate).
    pub settled_m: f64,
    /// Lines that exist but have no status recorded yet on that date.
    pub unrecorded_m: f64,
    /// Contested for certain on the date.
    pub contested_certain_m: f64,
    /// Settled for certain on the date.
    pub settled_certain_m: f64,
    /// The point estimate's contested length, by the confidence of its segments.
    pub contested_by_confidence: ConfidenceLengths,
}

/// A length in metres split by the confidence the data gives each segment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ConfidenceLengths {
    /// Segments of `high` confidence.
    pub high_m: f64,
    /// Segments of `medium` confidence.
    pub medium_m: f64,
    /// Segments of `low` confidence.
    pub low_m: f64,
    /// Segments that give no confidence.
    pub unrated_m: f64,
}

impl ConfidenceLengths {
    fn add(&mut self, confidence: Option<Confidence>, m: f64) {
        match confidence {
            Some(Confidence::High) => self.high_m += m,
            Some(Confidence::Medium) => self.medium_m += m,
            Some(Confidence::Low) => self.low_m += m,
            None => self.unrated_m += m,
        }
    }
}

impl Lengths {
    /// All lines that exist on the date.
    pub fn total_m(&self) -> f64 {
        self.contested_m + self.settled_m + self.unrecorded_m
    }

    /// The length whose status is uncertain on the date: contested or settled, changing at an
    /// unknown day in a window that covers it.
    pub fn uncertain_m(&self) -> f64 {
        (self.contested_m + self.settled_m - self.contested_certain_m - self.settled_certain_m)
            .max(0.0)
    }

    /// The length that may have been contested: the certain part and the uncertain part.
    pub fn possibly_contested_m(&self) -> f64 {
        self.contested_certain_m + self.uncertain_m()
    }

    /// Contested length over the length whose status is known (0..1), in the point estimate;
    /// `None` if none is known.
    pub fn contested_share(&self) -> Option<f64> {
        let known = self.contested_m + self.settled_m;
        (known > 0.0).then(|| self.contested_m / known)
    }

    /// The contested share as a range: the certain contested length, and all that may have
    /// been contested, over the length whose status is known. The point estimate lies in it.
    ///
    /// ```
    /// use borderscope::{MeasuredFrontier, parse_frontier};
    /// use jiff::civil::date;
    /// // Two stretches of 1° along the equator; the second is agreed at an unknown day in
    /// // 2021–2024.
    /// let f = parse_frontier(r#"{"type":"FeatureCollection","features":[
    ///  {"type":"Feature","properties":{"id":"a","name":"A","sector":"S","history":[
    ///    {"from":"2002-12-23","status":"contested","source":"x"}]},
    ///   "geometry":{"type":"LineString","coordinates":[[0,0],[1,0]]}},
    ///  {"type":"Feature","properties":{"id":"b","name":"B","sector":"S","history":[
    ///    {"from":"2002-12-23","status":"contested","source":"x"},
    ///    {"from":"2021-05-01","by":"2024-12-04","status":"settled","source":"y"}]},
    ///   "geometry":{"type":"LineString","coordinates":[[1,0],[2,0]]}}]}"#, "t").unwrap();
    /// let l = MeasuredFrontier::new(&f).lengths_at(date(2022, 9, 16));
    /// assert_eq!(l.contested_share_range(), Some((0.5, 1.0)));
    /// assert_eq!(l.contested_share(), Some(1.0)); // counted contested until agreed
    /// // One degree of longitude on the WGS84 equator: a·π/180 = 111,319.490793 m.
    /// approx::assert_relative_eq!(l.uncertain_m(), 111_319.490_793, max_relative = 1e-9);
    /// ```
    pub fn contested_share_range(&self) -> Option<(f64, f64)> {
        let known = self.contested_m + self.settled_m;
        (known > 0.0).then(|| {
            let low = self.contested_certain_m / known;
            let high = ((known - self.settled_certain_m) / known).clamp(low, 1.0);
            (low, high)
        })
    }

    fn add(&mut self, segment: &Segment, date: Date, m: f64) {
        match segment.status_at(date) {
            Some(Status::Contested) => {
                self.contested_m += m;
                self.contested_by_confidence.add(segment.confidence, m);
            }
            Some(Status::Settled) => self.settled_m += m,
            None => self.unrecorded_m += m,
        }
        match segment.certainty_at(date) {
            Some(StatusAt::Certain(Status::Contested)) => self.contested_certain_m += m,
            Some(StatusAt::Certain(Status::Settled)) => self.settled_certain_m += m,
            _ => {}
        }
    }
}

/// One sector's part of a [`Summary`].
#[derive(Debug, Clone, PartialEq)]
pub struct SectorSummary {
    /// The sector's name ([`Segment::sector`](crate::Segment::sector)).
    pub sector: String,
    /// Segments of this sector whose line exists on the date.
    pub segments: usize,
    /// Of those, how many are contested on the date.
    pub contested_segments: usize,
    /// Their lengths by status.
    pub lengths: Lengths,
}

/// The state of a frontier on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The date summarised.
    pub as_of: Date,
    /// Segments whose line exists on the date.
    pub segments: usize,
    /// Of those, how many are contested on the date.
    pub contested_segments: usize,
    /// Their lengths by status.
    pub lengths: Lengths,
    /// Sectors in the order they first appear in the frontier file.
    pub by_sector: Vec<SectorSummary>,
}

/// The contested share after the changes of one date.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// The day of the changes (the lengths are those in force from this day on).
    pub date: Date,
    /// Lengths by status on that day, after its changes.
    pub lengths: Lengths,
    /// Ids of the segments whose status or existence changed on this date.
    pub changed: Vec<String>,
}

/// A frontier with each segment's geodesic length measured once, ready to summarise at any date.
///
/// ```
/// use borderscope::{MeasuredFrontier, embedded};
/// use jiff::civil::date;
///
/// let frontier = embedded::kg_tj_frontier();
/// let measured = MeasuredFrontier::new(&frontier);
/// let summary = measured.summary(date(2026, 1, 1));
/// assert_eq!(summary.lengths.contested_m, 0.0); // everything settled by the 2025 treaty
/// ```
#[derive(Debug, Clone)]
pub struct MeasuredFrontier<'a> {
    frontier: &'a Frontier,
    lengths_m: Vec<f64>,
}

impl<'a> MeasuredFrontier<'a> {
    /// Measures every segment of `frontier` (geodesic length on WGS84, Karney).
    pub fn new(frontier: &'a Frontier) -> Self {
        let lengths_m = frontier
            .segments
            .iter()
            .map(|s| length_m(&s.line))
            .collect();
        MeasuredFrontier {
            frontier,
            lengths_m,
        }
    }

    /// The frontier measured.
    pub fn frontier(&self) -> &'a Frontier {
        self.frontier
    }

    /// Geodesic length in metres of segment number `index`.
    pub fn segment_length_m(&self, index: usize) -> f64 {
        self.lengths_m[index]
    }

    /// Lengths by status on `date`, over all segments whose line exists then.
    pub fn lengths_at(&self, date: Date) -> Lengths {
        let mut out = Lengths::default();
        for (s, &m) in self.frontier.segments.iter().zip(&self.lengths_m) {
            if s.exists_at(date) {
                out.add(s, date, m);
            }
        }
        out
    }

    /// Totals and the per-sector table on `date`.
    pub fn summary(&self, date: Date) -> Summary {
        let mut by_sector: Vec<SectorSummary> = Vec::new();
        let mut lengths = Lengths::default();
        let (mut segments, mut contested_segments) = (0, 0);
        for (s, &m) in self.frontier.segments.iter().zip(&self.lengths_m) {
            if !s.exists_at(date) {
                continue;
            }
            let contested = usize::from(s.status_at(date) == Some(Status::Contested));
            lengths.add(s, date, m);
            segments += 1;
            contested_segments += contested;
            let pos = match by_sector.iter().position(|x| x.sector == s.sector) {
                Some(pos) => pos,
                None => {
                    by_sector.push(SectorSummary {
                        sector: s.sector.clone(),
                        segments: 0,
                        contested_segments: 0,
                        lengths: Lengths::default(),
                    });
                    by_sector.len() - 1
                }
            };
            let row = &mut by_sector[pos];
            row.segments += 1;
            row.contested_segments += contested;
            row.lengths.add(s, date, m);
        }
        Summary {
            as_of: date,
            segments,
            contested_segments,
            lengths,
            by_sector,
        }
    }

    /// The lengths after each date on which any segment's status or existence changed.
    pub fn timeline(&self) -> Vec<TimelineRow> {
        self.frontier
            .change_dates()
            .into_iter()
            .map(|date| {
                let changed = self
                    .frontier
                    .segments
                    .iter()
                    .filter(|s| {
                        let before = date.yesterday().ok();
                        let state = |d: Option<Date>| {
                            d.map(|d| (s.exists_at(d), s.status_at(d), s.certainty_at(d)))
                        };
                        state(before) != state(Some(date))
                    })
                    .map(|s| s.id.clone())
                    .collect();
                TimelineRow {
                    date,
                    lengths: self.lengths_at(date),
                    changed,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::parse_frontier;
    use jiff::civil::date;

    /// Two segments along the equator, 1° of longitude each, and a third that exists only in 2021.
    fn fixture() -> Frontier {
        let text = r#"{"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"a","name":"A","sector":"West","history":[
            {"from":"2000-01-01","status":"contested","source":"x"},
            {"from":"2020-06-15","status":"settled","source":"y"}]},
          "geometry":{"type":"LineString","coordinates":[[0,0],[1,0]]}},
         {"type":"Feature","properties":{"id":"b","name":"B","sector":"East","history":[
            {"from":"2000-01-01","status":"settled","source":"x"}]},
          "geometry":{"type":"LineString","coordinates":[[1,0],[2,0]]}},
         {"type":"Feature","properties":{"id":"c","name":"C","sector":"West","history":[
            {"from":"2000-01-01","status":"contested","source":"x"}],
            "valid_from":"2021-01-01","valid_to":"2022-01-01"},
          "geometry":{"type":"LineString","coordinates":[[2,0],[3,0]]}}]}"#;
        parse_frontier(text, "fixture").unwrap()
    }

    // One degree of longitude on the WGS84 equator is a·π/180 = 111319.490793 m exactly.
    const DEG: f64 = 111_319.490_793_273_57;

    #[test]
    fn share_switches_on_the_day_of_the_change() {
        let f = fixture();
        let m = MeasuredFrontier::new(&f);
        let before = m.lengths_at(date(2020, 6, 14));
        approx::assert_relative_eq!(before.contested_m, DEG, max_relative = 1e-12);
        approx::assert_relative_eq!(before.contested_share().unwrap(), 0.5, max_relative = 1e-12);
        let on = m.lengths_at(date(2020, 6, 15));
        assert_eq!(on.contested_m, 0.0);
        approx::assert_relative_eq!(on.settled_m, 2.0 * DEG, max_relative = 1e-12);
    }

    #[test]
    fn validity_is_inclusive_from_and_exclusive_to() {
        let f = fixture();
        let m = MeasuredFrontier::new(&f);
        assert_eq!(m.summary(date(2020, 12, 31)).segments, 2);
        assert_eq!(m.summary(date(2021, 1, 1)).segments, 3);
        assert_eq!(m.summary(date(2021, 12, 31)).segments, 3);
        assert_eq!(m.summary(date(2022, 1, 1)).segments, 2);
    }

    #[test]
    fn before_any_record_nothing_is_known() {
        let f = fixture();
        let l = MeasuredFrontier::new(&f).lengths_at(date(1999, 12, 31));
        assert_eq!(l.contested_share(), None);
        approx::assert_relative_eq!(l.unrecorded_m, 2.0 * DEG, max_relative = 1e-12);
    }

    #[test]
    fn sectors_keep_file_order_and_timeline_names_changes() {
        let f = fixture();
        let m = MeasuredFrontier::new(&f);
        let s = m.summary(date(2021, 6, 1));
        let names: Vec<_> = s.by_sector.iter().map(|x| x.sector.as_str()).collect();
        assert_eq!(names, ["West", "East"]);
        assert_eq!(s.by_sector[0].segments, 2);
        let t = m.timeline();
        let dates: Vec<_> = t.iter().map(|r| r.date.to_string()).collect();
        assert_eq!(
            dates,
            ["2000-01-01", "2020-06-15", "2021-01-01", "2022-01-01"]
        );
        assert_eq!(t[1].changed, ["a"]);
        assert_eq!(t[2].changed, ["c"]);
        assert_eq!(t[0].changed, ["a", "b"]); // c does not exist yet in 2000
    }
}
