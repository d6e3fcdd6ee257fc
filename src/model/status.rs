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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// First day of this status. `None` means "since before any recorded date", which only
    /// the first entry of a history may use (e.g. a frontier imported with no dates).
    pub from: Option<Date>,
    pub status: Status,
    /// Where this is documented: a citation or URL, free text.
    pub source: String,
}

/// Why a list of status changes is not a valid history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("is empty: a segment needs at least one status entry")]
    Empty,
    #[error("entry {index} has no `from` date: only the first entry may omit it")]
    MissingDate { index: usize },
    #[error(
        "entry {index} ({date}) is not after entry {prev_index} ({prev_date}): entries must be in strictly increasing date order"
    )]
    OutOfOrder {
        index: usize,
        date: Date,
        prev_index: usize,
        prev_date: Date,
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
///     StatusChange { from: Some(date(2002, 12, 23)), status: Status::Contested, source: "commission".into() },
///     StatusChange { from: Some(date(2024, 12, 4)), status: Status::Settled, source: "described".into() },
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
    /// Checks the order rules and builds the history.
    pub fn new(entries: Vec<StatusChange>) -> Result<Self, HistoryError> {
        if entries.is_empty() {
            return Err(HistoryError::Empty);
        }
        let mut prev: Option<(usize, Date)> = None;
        for (index, entry) in entries.iter().enumerate() {
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
                (Some(date), _) => prev = Some((index, date)),
            }
        }
        Ok(History { entries })
    }

    /// A history of one entry: `status` from `from` on (`None`: always).
    pub fn single(from: Option<Date>, status: Status, source: impl Into<String>) -> Self {
        History {
            entries: vec![StatusChange {
                from,
                status,
                source: source.into(),
            }],
        }
    }

    pub fn entries(&self) -> &[StatusChange] {
        &self.entries
    }

    /// The entry in force on `date`, if any.
    pub fn entry_at(&self, date: Date) -> Option<&StatusChange> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.from.is_none_or(|from| from <= date))
    }

    /// Since when the status on `date` has held: the first day of the run of entries with that
    /// same status that includes the entry in force (a later entry that only adds a source, such
    /// as a treaty confirming a settled line, does not restart it). `None` if undated or unknown.
    ///
    /// ```
    /// use borderscope::{History, Status, StatusChange};
    /// use jiff::civil::date;
    /// let e = |y, m, d, status| StatusChange { from: Some(date(y, m, d)), status, source: String::new() };
    /// let h = History::new(vec![
    ///     e(2002, 12, 23, Status::Contested),
    ///     e(2024, 12, 4, Status::Settled),
    ///     e(2025, 3, 31, Status::Settled),
    /// ]).unwrap();
    /// assert_eq!(h.status_since(date(2026, 1, 1)), Some(date(2024, 12, 4)));
    /// ```
    pub fn status_since(&self, date: Date) -> Option<Date> {
        let current = self
            .entries
            .iter()
            .rposition(|e| e.from.is_none_or(|from| from <= date))?;
        let status = self.entries[current].status;
        let first = self.entries[..=current]
            .iter()
            .rposition(|e| e.status != status)
            .map_or(0, |i| i + 1);
        self.entries[first].from
    }

    /// The status on `date`, or `None` before the first dated entry.
    pub fn status_at(&self, date: Date) -> Option<Status> {
        self.entry_at(date).map(|e| e.status)
    }

    /// The dates on which the status changes (a dated entry whose status differs from the one
    /// before it, or the first dated entry, which starts the record).
    pub fn change_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.entries.iter().enumerate().filter_map(|(i, e)| {
            let from = e.from?;
            let changed = i == 0 || self.entries[i - 1].status != e.status;
            changed.then_some(from)
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
    fn status_words_round_trip_and_reject_others() {
        for s in [Status::Contested, Status::Settled] {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("disputed".parse::<Status>().is_err());
        assert!("Contested".parse::<Status>().is_err());
    }
}
