//! Whether a stretch of frontier is contested or settled, and how that changed over time.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// The status of a stretch of frontier on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The two states had not agreed where the line runs.
    Contested,
    /// The line was agreed (described by the commissions, or fixed by treaty).
    Settled,
}

impl Status {
    /// The word used in files and output: `contested` or `settled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Contested => "contested",
            Status::Settled => "settled",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a word that is neither `contested` nor `settled`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}: expected \"contested\" or \"settled\"")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "contested" => Ok(Status::Contested),
            "settled" => Ok(Status::Settled),
            other => Err(UnknownStatus(other.to_string())),
        }
    }
}

/// One entry of a segment's history: from `from` on, the segment had `status`, per `source`.
///
/// With `by`, the change is dated only to a window: it happened on an unknown day on or after
/// `from` and before `by`. Before `from` the earlier status holds for certain, from `by` on
/// this one; on the days between, either may ([`StatusAt::Uncertain`]). The point estimate
/// ([`History::status_at`]) keeps the earlier status until `by`: a stretch counts as contested
/// until the record shows it agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// First day of this status (with `by`: the first day it may have begun). `None` means
    /// "since before any recorded date", which only the first entry of a history may use
    /// (e.g. a frontier imported with no dates).
    pub from: Option<Date>,
    /// The day from which the new status holds for certain, when the record dates the change
    /// only to a window; `None` when `from` is the day of the change.
    pub by: Option<Date>,
    /// The status from the change on.
    pub status: Status,
    /// Where this is documented: a citation or URL, free text.
    pub source: String,
}

impl StatusChange {
    /// A change on a known day.
    pub fn on(from: Date, status: Status, source: impl Into<String>) -> Self {
        StatusChange {
            from: Some(from),
            by: None,
            status,
            source: source.into(),
        }
    }

    /// A change on an unknown day from `from` on, certainly done on `by`.
    pub fn within(from: Date, by: Date, status: Status, source: impl Into<String>) -> Self {
        StatusChange {
            from: Some(from),
            by: Some(by),
            status,
            source: source.into(),
        }
    }

    /// The day from which this status holds for certain: `by` for a window, else `from`.
    pub fn effective(&self) -> Option<Date> {
        self.by.or(self.from)
    }
}

/// A change of status whose day is not known, or that falls inside a span of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Change {
    /// The status before the change.
    pub before: Status,
    /// The status after it.
    pub after: Status,
    /// The first day the change may have happened on.
    pub from: Date,
    /// The first day the new status holds for certain (equal to `from` for a change on a
    /// known day).
    pub by: Date,
}

impl Change {
    /// Whether the record gives the day of the change (so only the span asked about, which
    /// contains that day, makes the status uncertain).
    pub fn is_dated(&self) -> bool {
        self.from == self.by
    }
}

/// A status as sure as the record makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusAt {
    /// The same status on every day asked about.
    Certain(Status),
    /// Either status on some day asked about: the change is dated only to a window that
    /// overlaps those days, or those days span a dated change.
    Uncertain(Change),
}

impl StatusAt {
    /// Whether the segment was contested on every day asked about.
    pub fn contested_throughout(&self) -> bool {
        *self == StatusAt::Certain(Status::Contested)
    }

    /// Whether the segment may have been contested on some day asked about.
    pub fn possibly_contested(&self) -> bool {
        match self {
            StatusAt::Certain(s) => *s == Status::Contested,
            StatusAt::Uncertain(c) => c.before == Status::Contested || c.after == Status::Contested,
        }
    }

    /// `certain` or `uncertain`, as written in output.
    pub fn certainty(&self) -> &'static str {
        match self {
            StatusAt::Certain(_) => "certain",
            StatusAt::Uncertain(_) => "uncertain",
        }
    }
}

/// Why a list of status changes is not a valid history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// The list has no entry.
    #[error("is empty: a segment needs at least one status entry")]
    Empty,
    /// An entry after the first has no `from` date.
    #[error("entry {index} has no `from` date: only the first entry may omit it")]
    MissingDate {
        /// The entry's position in the list (from 0).
        index: usize,
    },
    /// An entry does not start after the entry before it.
    #[error(
        "entry {index} ({date}) is not after entry {prev_index} ({prev_date}): entries must be in strictly increasing date order, and a window must end before the next entry starts"
    )]
    OutOfOrder {
        /// The entry's position in the list (from 0).
        index: usize,
        /// Its `from` date.
        date: Date,
        /// The position of the entry before it.
        prev_index: usize,
        /// The day that entry's status holds from for certain (its `by`, else its `from`).
        prev_date: Date,
    },
    /// The first entry has a window: there is no earlier status for the change to be from.
    #[error(
        "entry 0 has a window (`by`): the first entry starts the record, so there is no earlier status to change from; give it one `from` date"
    )]
    WindowFirst,
    /// A window's `by` is not after its `from`.
    #[error(
        "entry {index}: `by` ({by}) is not after `from` ({from}): a window runs from the first day the change may have happened to the day it had certainly happened"
    )]
    WindowOrder {
        /// The entry's position in the list (from 0).
        index: usize,
        /// Its `from` date.
        from: Date,
        /// Its `by` date.
        by: Date,
    },
    /// A window entry names no source.
    #[error("entry {index} has a window but no `source`: say where the window's dates come from")]
    WindowUnsourced {
        /// The entry's position in the list (from 0).
        index: usize,
    },
}

/// A segment's status history: entries in strictly increasing date order.
///
/// The status on a day is the latest entry whose `from` is on or before that day; before the
/// first dated entry there is no recorded status.
///
/// ```
/// use borderscope::{History, Status, StatusChange};
/// use jiff::civil::date;
///
/// let history = History::new(vec![
///     StatusChange::on(date(2002, 12, 23), Status::Contested, "commission"),
///     StatusChange::on(date(2024, 12, 4), Status::Settled, "described"),
/// ]).unwrap();
/// assert_eq!(history.status_at(date(2002, 12, 22)), None);
/// assert_eq!(history.status_at(date(2024, 12, 3)), Some(Status::Contested));
/// assert_eq!(history.status_at(date(2024, 12, 4)), Some(Status::Settled));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    entries: Vec<StatusChange>,
}

impl History {
    /// Checks the order rules and builds the history: dates strictly increasing, each entry
    /// starting after the day the one before holds from for certain (windows in order and not
    /// overlapping), only the first entry undated, no window on the first entry, every window
    /// sourced.
    pub fn new(entries: Vec<StatusChange>) -> Result<Self, HistoryError> {
        if entries.is_empty() {
            return Err(HistoryError::Empty);
        }
        let mut prev: Option<(usize, Date)> = None;
        for (index, entry) in entries.iter().enumerate() {
            if let Some(by) = entry.by {
                if index == 0 {
                    return Err(HistoryError::WindowFirst);
                }
                if let Some(from) = entry.from
                    && by <= from
                {
                    return Err(HistoryError::WindowOrder { index, from, by });
                }
                if entry.source.trim().is_empty() {
                    return Err(HistoryError::WindowUnsourced { index });
                }
            }
            match (entry.from, prev) {
                (None, _) if index > 0 => return Err(HistoryError::MissingDate { index }),
                (None, _) => {}
                (Some(date), Some((prev_index, prev_date))) if date <= prev_date => {
                    return Err(HistoryError::OutOfOrder {
                        index,
                        date,
                        prev_index,
                        prev_date,
                    });
                }
                (Some(_), _) => prev = entry.effective().map(|d| (index, d)),
            }
        }
        Ok(History { entries })
    }

    /// A history of one entry: `status` from `from` on (`None`: always).
    pub fn single(from: Option<Date>, status: Status, source: impl Into<String>) -> Self {
        History {
            entries: vec![StatusChange {
                from,
                by: None,
                status,
                source: source.into(),
            }],
        }
    }

    /// The entries, in date order.
    pub fn entries(&self) -> &[StatusChange] {
        &self.entries
    }

    /// The entry in force on `date` in the point estimate (a window's entry from its `by`
    /// on), if any.
    pub fn entry_at(&self, date: Date) -> Option<&StatusChange> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.effective().is_none_or(|d| d <= date))
    }

    /// Since when the status on `date` has held: the first day of the run of entries with that
    /// same status that includes the entry in force (a later entry that only adds a source, such
    /// as a treaty confirming a settled line, does not restart it); for a change dated to a
    /// window, the window's `by`. `None` if undated or unknown.
    ///
    /// ```
    /// use borderscope::{History, Status, StatusChange};
    /// use jiff::civil::date;
    /// let h = History::new(vec![
    ///     StatusChange::on(date(2002, 12, 23), Status::Contested, "commission"),
    ///     StatusChange::on(date(2024, 12, 4), Status::Settled, "described"),
    ///     StatusChange::on(date(2025, 3, 31), Status::Settled, "treaty"),
    /// ]).unwrap();
    /// assert_eq!(h.status_since(date(2026, 1, 1)), Some(date(2024, 12, 4)));
    /// ```
    pub fn status_since(&self, date: Date) -> Option<Date> {
        let current = self
            .entries
            .iter()
            .rposition(|e| e.effective().is_none_or(|d| d <= date))?;
        let status = self.entries[current].status;
        let first = self.entries[..=current]
            .iter()
            .rposition(|e| e.status != status)
            .map_or(0, |i| i + 1);
        self.entries[first].effective()
    }

    /// The status on `date`, or `None` before the first dated entry. This is the point
    /// estimate: a change dated to a window counts from the window's `by`;
    /// [`certainty_at`](Self::certainty_at) says whether the status is certain.
    pub fn status_at(&self, date: Date) -> Option<Status> {
        self.entry_at(date).map(|e| e.status)
    }

    /// The status on `date` as sure as the record makes it.
    ///
    /// ```
    /// use borderscope::model::{Change, History, Status, StatusAt, StatusChange};
    /// use jiff::civil::date;
    /// let h = History::new(vec![
    ///     StatusChange::on(date(2002, 12, 23), Status::Contested, "commission"),
    ///     StatusChange::within(date(2021, 5, 1), date(2024, 12, 4), Status::Settled, "described"),
    /// ]).unwrap();
    /// assert_eq!(h.certainty_at(date(2021, 4, 30)), Some(StatusAt::Certain(Status::Contested)));
    /// let window = Change {
    ///     before: Status::Contested,
    ///     after: Status::Settled,
    ///     from: date(2021, 5, 1),
    ///     by: date(2024, 12, 4),
    /// };
    /// assert_eq!(h.certainty_at(date(2022, 9, 16)), Some(StatusAt::Uncertain(window)));
    /// // The point estimate keeps the earlier status until the window's end.
    /// assert_eq!(h.status_at(date(2022, 9, 16)), Some(Status::Contested));
    /// assert_eq!(h.certainty_at(date(2024, 12, 4)), Some(StatusAt::Certain(Status::Settled)));
    /// ```
    pub fn certainty_at(&self, date: Date) -> Option<StatusAt> {
        self.status_over(date, date)
    }

    /// The status over the days `first..=last` (an event dated to a span): certain if each of
    /// those days has the same status for certain, else uncertain, with the first change that
    /// makes it so (a window overlapping the days, or a dated change inside them). Days before
    /// the record starts are left out; `None` if all are.
    pub fn status_over(&self, first: Date, last: Date) -> Option<StatusAt> {
        let (first, last) = (first.min(last), first.max(last));
        let mut seen: Option<Status> = None;
        let mut mixed = false;
        let mut change: Option<Change> = None;
        let mut see = |s: Status| match seen {
            Some(k) if k != s => mixed = true,
            _ => seen = Some(s),
        };
        for (i, e) in self.entries.iter().enumerate() {
            let before = i.checked_sub(1).map(|p| self.entries[p].status);
            // The days on which this entry's status is certain: [effective, next entry's from).
            let next_from = self.entries.get(i + 1).and_then(|n| n.from);
            if e.effective().is_none_or(|d| d <= last) && next_from.is_none_or(|d| d > first) {
                see(e.status);
                // A dated change after the span's first day: that day had the earlier status.
                if let (None, Some(from), Some(before)) = (e.by, e.from, before)
                    && from > first
                    && before != e.status
                {
                    change.get_or_insert(Change {
                        before,
                        after: e.status,
                        from,
                        by: from,
                    });
                }
            }
            // The days of this entry's window, [from, by), on which either status may hold.
            if let (Some(from), Some(by), Some(before)) = (e.from, e.by, before)
                && from <= last
                && by > first
            {
                see(before);
                see(e.status);
                if before != e.status {
                    change.get_or_insert(Change {
                        before,
                        after: e.status,
                        from,
                        by,
                    });
                }
            }
        }
        let seen = seen?;
        Some(match (mixed, change) {
            (true, Some(c)) => StatusAt::Uncertain(c),
            _ => StatusAt::Certain(seen),
        })
    }

    /// The dates on which the status or its certainty changes: the first dated entry (which
    /// starts the record), an entry whose status differs from the one before it, and both
    /// ends of a window.
    pub fn change_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.entries.iter().enumerate().flat_map(|(i, e)| {
            let changed = i == 0 || self.entries[i - 1].status != e.status;
            let dates = if changed {
                [e.from, e.by]
            } else {
                [None, None]
            };
            dates.into_iter().flatten()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn change(from: Option<Date>, status: Status) -> StatusChange {
        StatusChange {
            from,
            by: None,
            status,
            source: String::new(),
        }
    }

    #[test]
    fn undated_first_entry_applies_to_every_day() {
        let h = History::single(None, Status::Settled, "x");
        assert_eq!(h.status_at(date(1900, 1, 1)), Some(Status::Settled));
        assert_eq!(h.change_dates().count(), 0);
    }

    #[test]
    fn rejects_undated_later_entry() {
        let err = History::new(vec![
            change(Some(date(2000, 1, 1)), Status::Contested),
            change(None, Status::Settled),
        ])
        .unwrap_err();
        assert_eq!(err, HistoryError::MissingDate { index: 1 });
    }

    #[test]
    fn rejects_equal_and_decreasing_dates() {
        for second in [date(2000, 1, 1), date(1999, 12, 31)] {
            let err = History::new(vec![
                change(Some(date(2000, 1, 1)), Status::Contested),
                change(Some(second), Status::Settled),
            ])
            .unwrap_err();
            assert!(matches!(err, HistoryError::OutOfOrder { index: 1, .. }));
        }
    }

    #[test]
    fn change_dates_skip_entries_that_keep_the_status() {
        let h = History::new(vec![
            change(Some(date(2002, 12, 23)), Status::Contested),
            change(Some(date(2024, 12, 4)), Status::Settled),
            change(Some(date(2025, 3, 31)), Status::Settled),
        ])
        .unwrap();
        let dates: Vec<_> = h.change_dates().collect();
        assert_eq!(dates, vec![date(2002, 12, 23), date(2024, 12, 4)]);
        // The treaty entry is still the one in force afterwards.
        assert_eq!(
            h.entry_at(date(2026, 1, 1)).unwrap().from,
            Some(date(2025, 3, 31))
        );
    }

    #[test]
    fn windows_are_checked_like_dates() {
        let c = |y, status| StatusChange::on(date(y, 1, 1), status, "s");
        let w = |a, b, status| StatusChange::within(date(a, 1, 1), date(b, 1, 1), status, "s");
        let err = |entries| History::new(entries).unwrap_err();
        use Status::{Contested, Settled};
        assert_eq!(
            err(vec![w(2000, 2001, Contested)]),
            HistoryError::WindowFirst
        );
        assert_eq!(
            err(vec![c(2000, Contested), w(2003, 2003, Settled)]),
            HistoryError::WindowOrder {
                index: 1,
                from: date(2003, 1, 1),
                by: date(2003, 1, 1)
            }
        );
        let mut unsourced = w(2003, 2004, Settled);
        unsourced.source = "  ".into();
        assert_eq!(
            err(vec![c(2000, Contested), unsourced]),
            HistoryError::WindowUnsourced { index: 1 }
        );
        // The next entry may not start inside (or on the end of) a window.
        assert!(matches!(
            err(vec![
                c(2000, Contested),
                w(2003, 2010, Settled),
                c(2010, Settled)
            ]),
            HistoryError::OutOfOrder {
                index: 2,
                prev_index: 1,
                ..
            }
        ));
        assert!(
            History::new(vec![
                c(2000, Contested),
                w(2003, 2010, Settled),
                c(2011, Settled)
            ])
            .is_ok()
        );
    }

    #[test]
    fn an_event_span_across_a_dated_change_is_uncertain() {
        let h = History::new(vec![
            StatusChange::on(date(2000, 1, 1), Status::Contested, "a"),
            StatusChange::on(date(2022, 9, 17), Status::Settled, "b"),
        ])
        .unwrap();
        let change = Change {
            before: Status::Contested,
            after: Status::Settled,
            from: date(2022, 9, 17),
            by: date(2022, 9, 17),
        };
        // 14–20 September spans the change; 14–16 lies wholly before it, 17–20 after.
        assert_eq!(
            h.status_over(date(2022, 9, 14), date(2022, 9, 20)),
            Some(StatusAt::Uncertain(change))
        );
        assert!(change.is_dated());
        assert_eq!(
            h.status_over(date(2022, 9, 14), date(2022, 9, 16)),
            Some(StatusAt::Certain(Status::Contested))
        );
        assert_eq!(
            h.status_over(date(2022, 9, 17), date(2022, 9, 20)),
            Some(StatusAt::Certain(Status::Settled))
        );
        // Before the record starts nothing is known; a span reaching into it counts its
        // recorded days only.
        assert_eq!(h.status_over(date(1999, 1, 1), date(1999, 12, 31)), None);
        assert_eq!(
            h.status_over(date(1999, 12, 1), date(2000, 1, 5)),
            Some(StatusAt::Certain(Status::Contested))
        );
    }

    #[test]
    fn a_window_that_keeps_the_status_is_no_uncertainty() {
        let h = History::new(vec![
            StatusChange::on(date(2000, 1, 1), Status::Settled, "a"),
            StatusChange::within(date(2005, 1, 1), date(2010, 1, 1), Status::Settled, "b"),
        ])
        .unwrap();
        assert_eq!(
            h.certainty_at(date(2007, 1, 1)),
            Some(StatusAt::Certain(Status::Settled))
        );
        assert_eq!(h.change_dates().count(), 1);
    }

    #[test]
    fn status_words_round_trip_and_reject_others() {
        for s in [Status::Contested, Status::Settled] {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("disputed".parse::<Status>().is_err());
        assert!("Contested".parse::<Status>().is_err());
    }
}
